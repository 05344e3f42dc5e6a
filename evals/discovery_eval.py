"""Causal discovery evaluation on data with a known graph.

    python -m evals.discovery_eval [--quick] [--out results.md] [--executor ray] [--jobs 4]

Sections (Markdown tables on stdout):
1. benchmarks: pgmpy networks (asia, sachs, child, insurance, alarm; n = 5000), the shared
   linear-Gaussian graphs, bnlearn discrete networks and Sachs (log-continuous and discrete):
   skeleton F1, orientation F1 (against the true CPDAG; an undirected edge is never a correct
   orientation), SHD and time, for the automatic pipeline and fixed PC, GES and FCI.
2. small designs: share of exact CPDAG recovery by the automatic pipeline on 5-8 variable
   designs (confounders, mediators, colliders, v-structures), linear and mildly nonlinear.
3. checks: LiNGAM chosen and accurate on linear non-Gaussian data; CD-NOD chosen with a
   domain column; p = 50, n = 5000 runtime against the selector's estimate.
Benchmarks are read from ../shared/benchmarks (evaluation data; never used by the product).
The methods compared on one dataset are independent runs with the same seed; ``--jobs``
runs them in parallel (local processes, or Ray with ``--executor ray``) with the same
scores. The default, one at a time, keeps the CPU-second columns comparable (in parallel,
runs compete for CPUs and each worker's first run pays for its imports).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from evals.discovery_sim import motif_dag, random_dag, simulate_sem
from evals.metrics import score_graph
from memory.graph import CausalGraph, GraphType
from tools.discovery.cpdag import dag_to_cpdag
from tools.discovery.pipeline import discover
from tools.discovery.selector import SelectionInput, estimate_seconds
from tools.discovery.algorithms import AlgorithmName
from tools.executor import ExecutorSpec, LocalExecutor, RayExecutor

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
METHODS: dict[str, dict[str, Any]] = {"auto": {}, "PC": {"algorithm": "pc"}, "GES": {"algorithm": "ges"},
                                      "FCI": {"algorithm": "fci"}}
PGMPY = ("asia", "sachs", "child", "insurance", "alarm")
BNLEARN_QUICK = ("asia", "cancer", "earthquake", "survey", "sachs", "child", "insurance", "alarm")
# hailfinder is left out: its shipped truth graph does not match the data's columns
# (causal-learn's own reference PC output scores skeleton F1 0.13 against it, vs 0.64-1.0 elsewhere).
BNLEARN_ALL = BNLEARN_QUICK + ("water", "barley", "hepar2", "win95pts")
GES_BDEU_MAX_P = 12   # causal-learn's pandas BDeu makes GES slow beyond this (sachs, p=11: ~20 s)
# Shipped truths that do not describe their data: graph.4's BIC is ~67,000 points below the
# graph every method finds (skeleton F1 ~0.15 for all). Shown, marked, left out of the means.
TRUTH_MISMATCH = {"linear_gaussian:4"}


# ------------------------------------------------------------------ loaders
def load_pgmpy(name: str, n: int = 5000, seed: int = 0) -> tuple[pd.DataFrame, CausalGraph]:
    from pgmpy.utils import get_example_model

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = get_example_model(name)
        data = model.simulate(n, seed=seed, show_progress=False)
    data = data[sorted(data.columns)]  # pgmpy's column order varies between processes
    return data, CausalGraph.from_edge_list(list(model.edges()), nodes=sorted(model.nodes()))


def _text_graph(path: Path) -> CausalGraph:
    graph = CausalGraph.from_text(path.read_text())
    graph.graph_type = GraphType.DAG
    return graph


def load_linear_gaussian(k: int) -> tuple[pd.DataFrame, CausalGraph]:
    base = BENCH / "linear_gaussian"
    return pd.read_csv(base / f"data_linear_{k}.txt", sep="\t"), _text_graph(base / f"graph.{k}.txt")


def load_bnlearn(name: str) -> tuple[pd.DataFrame, CausalGraph]:
    base = BENCH / "bnlearn_discrete"
    return pd.read_csv(base / "data" / f"{name}.txt", sep=r"\s+"), _text_graph(base / "truth_dag_graph" /
                                                                             f"{name}.graph.txt")


def load_sachs(kind: str) -> tuple[pd.DataFrame, CausalGraph]:
    base = BENCH / "sachs"
    file = {"log": "sachs.2005.logxplus10.continuous.txt", "discrete": "sachs.2005.discrete.txt"}[kind]
    return pd.read_csv(base / "data" / file, sep="\t"), _text_graph(base / "ground.truth" /
                                                                   "sachs.2005.ground.truth.graph.txt")


# ------------------------------------------------------------------ running
def run_method(df: pd.DataFrame, truth: CausalGraph, args: dict[str, Any], seed: int = 0,
               budget: float = 60.0) -> dict[str, Any]:
    """One discovery run scored against the CPDAG of ``truth``."""
    start, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = discover(df, seed=seed, time_budget_s=budget, **args)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    s = score_graph(result.graph, dag_to_cpdag(truth))
    label = result.algorithm + (f"/{result.parameters.get('ci_test') or result.parameters.get('score')}"
                                if result.parameters.get("ci_test") or result.parameters.get("score") else "")
    return {"algorithm": label, "sk_f1": s.skeleton_f1, "or_f1": s.orientation_f1, "shd": s.shd,
            "exact": s.exact, "time": cpu, "wall": elapsed, "estimate": result.selection.estimated_seconds}


@dataclass(frozen=True)
class _MethodRun:
    """``run_method`` on one dataset, for one method's arguments (an executor work function)."""

    df: pd.DataFrame
    truth: CausalGraph
    seed: int = 0

    def __call__(self, args: dict[str, Any], _item_seed: int) -> dict[str, Any]:
        return run_method(self.df, self.truth, args, seed=self.seed)


def compare_methods(df: pd.DataFrame, truth: CausalGraph, methods: dict[str, dict[str, Any]], seed: int = 0,
                    executor: LocalExecutor | RayExecutor | None = None) -> dict[str, dict[str, Any]]:
    """``run_method`` for every method on the same data and seed, on ``executor`` (default:
    one at a time). Returns {method: row}."""
    executor = executor or LocalExecutor(n_jobs=1)
    rows = executor.map(_MethodRun(df, truth, seed), list(methods.values()), seeds=seed)
    return dict(zip(methods, rows))


def benchmark_rows(datasets: Iterable[tuple[str, Callable[[], tuple[pd.DataFrame, CausalGraph]]]],
                   methods: dict[str, dict[str, Any]],
                   executor: LocalExecutor | RayExecutor | None = None) -> list[dict[str, Any]]:
    rows = []
    for name, loader in datasets:
        df, truth = loader()
        discrete = (df.nunique() <= 10).mean() >= 0.75
        skipped = {m for m in methods if m == "GES" and discrete and df.shape[1] > GES_BDEU_MAX_P}
        results = compare_methods(df, truth, {m: a for m, a in methods.items() if m not in skipped},
                                  executor=executor)
        for method in methods:
            if method in skipped:
                rows.append({"dataset": name, "p": df.shape[1], "method": method, "skipped": True})
                continue
            row = results[method]
            rows.append({"dataset": name, "p": df.shape[1], "n": len(df), "method": method, **row})
            print(f"  {name:<22} {method:<5} {row['algorithm']:<20} skF1={row['sk_f1']:.2f} "
                  f"orF1={row['or_f1']:.2f} SHD={row['shd']:<3} {row['time']:.1f}s", file=sys.stderr, flush=True)
    return rows


def markdown_benchmark(rows: list[dict[str, Any]], methods: Iterable[str]) -> str:
    methods = list(methods)
    head = "| dataset | p | " + " | ".join(f"{m}: skF1 / orF1 / SHD / s" for m in methods) + " |"
    lines = [head, "|" + "---|" * (2 + len(methods))]
    for name in dict.fromkeys(r["dataset"] for r in rows):
        cells = []
        by = {r["method"]: r for r in rows if r["dataset"] == name}
        p = next(iter(by.values()))["p"]
        for m in methods:
            r = by.get(m)
            if r is None or r.get("skipped"):
                cells.append("skipped (slow BDeu)")
            else:
                algo = f" ({r['algorithm']})" if m == "auto" else ""
                cells.append(f"{r['sk_f1']:.2f} / {r['or_f1']:.2f} / {r['shd']} / {r['time']:.1f}{algo}")
        mark = " (mismatch)" if name in TRUTH_MISMATCH else ""
        lines.append(f"| {name}{mark} | {p} | " + " | ".join(cells) + " |")
    scored = [r for r in rows if r["dataset"] not in TRUTH_MISMATCH]
    common = {d for d in dict.fromkeys(r["dataset"] for r in scored)
              if all(not r.get("skipped") for r in scored if r["dataset"] == d)}
    for label, keep in (("mean, every row a method ran", lambda r: True),
                        (f"mean, the {len(common)} datasets all methods ran", lambda r: r["dataset"] in common)):
        means = []
        for m in methods:
            rs = [r for r in scored if r["method"] == m and not r.get("skipped") and keep(r)]
            means.append(f"{np.mean([r['sk_f1'] for r in rs]):.2f} / {np.mean([r['or_f1'] for r in rs]):.2f} / "
                         f"{np.mean([r['shd'] for r in rs]):.1f} / {np.mean([r['time'] for r in rs]):.1f}"
                         if rs else "-")
        lines.append(f"| **{label}** | | " + " | ".join(means) + " |")
    if any(r["dataset"] in TRUTH_MISMATCH for r in rows):
        lines.append("")
        lines.append("(mismatch) the shipped truth does not describe the data (every method scores ~0.15); "
                     "excluded from the means.")
    return "\n".join(lines)


# ------------------------------------------------------------------ studies
def small_designs(seeds: int, n: int = 4000, executor: LocalExecutor | RayExecutor | None = None) -> str:
    """Exact-CPDAG recovery on motif designs by the automatic pipeline (and fixed PC/GES)."""
    lines = ["| design | seeds | auto exact | auto algorithms | PC exact | GES exact | mean SHD auto |",
             "|---|---|---|---|---|---|---|"]
    for label, nonlinear, coef in (("linear", 0.0, (0.5, 1.2)), ("mildly nonlinear (0.15 z^2)", 0.15, (0.5, 1.2)),
                                   ("linear, weak edges |b| in [0.2, 0.5]", 0.0, (0.2, 0.5))):
        hits = {"auto": 0, "PC": 0, "GES": 0}
        shds, algos = [], set()
        for seed in range(seeds):
            dag = motif_dag(seed)
            df, _ = simulate_sem(dag, n, 1000 + seed, nonlinear=nonlinear, coef_range=coef)
            runs = compare_methods(df, dag, {m: METHODS[m] for m in hits}, seed=seed, executor=executor)
            for method, row in runs.items():
                hits[method] += row["exact"]
                if method == "auto":
                    shds.append(row["shd"])
                    algos.add(row["algorithm"])
        lines.append(f"| {label} | {seeds} | {hits['auto'] / seeds:.0%} | {', '.join(sorted(algos))} | "
                     f"{hits['PC'] / seeds:.0%} | {hits['GES'] / seeds:.0%} | {np.mean(shds):.2f} |")
        print(f"  small designs {label}: auto {hits['auto']}/{seeds}", file=sys.stderr, flush=True)
    return "\n".join(lines)


def lingam_check(seeds: int) -> str:
    lines = ["| seed | noise | chosen | orientation F1 | SHD | CPU s |", "|---|---|---|---|---|---|"]
    for seed in range(seeds):
        noise = ("uniform", "laplace", "exponential")[seed % 3]
        dag = random_dag(10, 100 + seed)
        df, _ = simulate_sem(dag, 2000, seed, noise=noise)
        start = time.process_time()
        result = discover(df, seed=seed)
        s = score_graph(result.graph, dag)  # LiNGAM identifies the DAG itself
        lines.append(f"| {seed} | {noise} | {result.algorithm} | {s.orientation_f1:.2f} | {s.shd} | "
                     f"{time.process_time() - start:.1f} |")
    return "\n".join(lines)


def cdnod_check(seeds: int) -> str:
    """Two domains shift the mechanisms of X1 and X3 in X1 -> X2 -> X3 <- X4 ... chains."""
    lines = ["| seed | chosen | CD-NOD orF1 | PC orF1 (no domain) | exact (auto) |", "|---|---|---|---|---|"]
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        n = 3000
        site = rng.choice(["site_a", "site_b", "site_c"], n)
        shift = pd.Series(site).map({"site_a": 0.0, "site_b": 1.0, "site_c": -1.0}).to_numpy()
        x1 = rng.normal(size=n) + 1.5 * shift
        x2 = 0.8 * x1 + rng.normal(size=n)
        x3 = 0.8 * x2 + rng.normal(size=n) * (1 + 0.5 * (site == "site_b"))
        x4 = rng.normal(size=n)
        x5 = 0.7 * x4 + 0.6 * x3 + rng.normal(size=n)
        df = pd.DataFrame({"site": site, "X1": x1, "X2": x2, "X3": x3, "X4": x4, "X5": x5})
        truth = CausalGraph.from_edge_list([("site", "X1"), ("X1", "X2"), ("X2", "X3"), ("X4", "X5"), ("X3", "X5")])
        result = discover(df, seed=seed)
        s = score_graph(result.graph, truth)
        pc = discover(df.drop(columns="site"), algorithm="pc", seed=seed)
        s_pc = score_graph(pc.graph, CausalGraph.from_edge_list([("X1", "X2"), ("X2", "X3"), ("X4", "X5"),
                                                                ("X3", "X5")]))
        lines.append(f"| {seed} | {result.algorithm} | {s.orientation_f1:.2f} | {s_pc.orientation_f1:.2f} | "
                     f"{s.exact} |")
    return "\n".join(lines)


def scale_check(p: int = 50, n: int = 5000, seed: int = 0) -> str:
    dag = random_dag(p, seed)
    df, _ = simulate_sem(dag, n, seed)
    lines = ["| method | algorithm | estimate s | CPU s | wall s | skF1 | orF1 | SHD |",
             "|---|---|---|---|---|---|---|---|"]
    for method, args in (("auto", {}), ("BOSS", {"algorithm": "boss"}), ("GES", {"algorithm": "ges"})):
        row = run_method(df, dag, args, seed=seed)
        lines.append(f"| {method} | {row['algorithm']} | {row['estimate']:.1f} | {row['time']:.1f} | "
                     f"{row['wall']:.1f} | "
                     f"{row['sk_f1']:.2f} | {row['or_f1']:.2f} | {row['shd']} |")
    s = SelectionInput(n=n, p=p, discrete=False)
    lines.append("")
    lines.append("Selector estimates at p=50, n=5000: " + ", ".join(
        f"{a.value} {estimate_seconds(a, s):.1f}s" for a in AlgorithmName if a != AlgorithmName.EXACT))
    return "\n".join(lines)


# ------------------------------------------------------------------ main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer datasets and seeds (about 10 minutes)")
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument("--sections", default="bench,small,checks", help="comma list: bench, small, checks")
    parser.add_argument("--executor", choices=["local", "ray"], default="local",
                        help="where the compared methods run (ray: pip install 'causal-agent[ray]')")
    parser.add_argument("--jobs", type=int, default=1, help="methods run at once (default 1: undisturbed CPU times)")
    args = parser.parse_args(argv)
    with ExecutorSpec(kind=args.executor, n_jobs=args.jobs).build() as executor:
        return _report(args, executor)


def _report(args: argparse.Namespace, executor: LocalExecutor | RayExecutor) -> int:
    sections = set(args.sections.split(","))
    out: list[str] = ["# Discovery evaluation" + (" (quick)" if args.quick else "")]
    if "bench" in sections:
        nets = PGMPY
        lg = range(1, 4) if args.quick else range(1, 11)
        bn = BNLEARN_QUICK if args.quick else BNLEARN_ALL
        datasets = [(f"pgmpy:{m}", lambda m=m: load_pgmpy(m)) for m in nets]
        datasets += [(f"linear_gaussian:{k}", lambda k=k: load_linear_gaussian(k)) for k in lg]
        datasets += [(f"bnlearn:{b}", lambda b=b: load_bnlearn(b)) for b in bn]
        datasets += [("sachs:log-continuous", lambda: load_sachs("log")),
                     ("sachs:discrete", lambda: load_sachs("discrete"))]
        rows = benchmark_rows(datasets, METHODS, executor)
        out += ["## Benchmarks (skeleton F1 / orientation F1 / SHD vs true CPDAG / CPU seconds)",
                markdown_benchmark(rows, METHODS)]
    if "small" in sections:
        out += ["## Small designs (5-8 variables, n = 4000): exact CPDAG recovered",
                small_designs(20 if args.quick else 40, executor=executor)]
    if "checks" in sections:
        out += ["## LiNGAM check (p = 10, n = 2000, non-Gaussian noise)", lingam_check(3 if args.quick else 6),
                "## CD-NOD check (domain column 'site')", cdnod_check(3 if args.quick else 5),
                "## Scale check (p = 50, n = 5000, linear Gaussian)", scale_check()]
    report = "\n\n".join(out) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
