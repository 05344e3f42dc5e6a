"""causal-learn's PC vs the vectorised PC (tools/discovery/fast_pc.py), side by side.

    python -m evals.bench_discovery_speed [--quick]

Prints Markdown: (1) a ratio table at p = 20, 40, 80, 160 (n = 10k) with an
identical-output check per row, (2) a scaling curve of the fast PC for p = 20 ... 500
(causal-learn too while its predicted time, previous time x (p ratio)^2.7, stays under
60 s), (3) FCI vs ``fast_fci``, (4) time and peak RSS of the fast skeleton on 1M rows x
50 columns (in a fresh process). Saves the scaling curve to
evals/out/bench_discovery_speed.png. ``--quick``: p <= 80 / 250, 200k rows, 10 s budget.

Data: random linear-Gaussian DAGs (``fast_testdata.random_linear_data``), average
degree 2, 10 % weak edges (near-threshold tests). Times are wall seconds of the
algorithm call, imports excluded (both warmed up once); ``gc.collect()`` before each
timed call, and the fast PC's per-process caches cleared. Medians over repeats, runs
interleaved. The full run takes ~10 minutes (causal-learn at p = 160 alone: 1.5-4 min).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from tools.discovery.stable_hash import pin_causallearn_node_hash

OUT_DIR = Path(__file__).resolve().parent / "out"
CL_BUDGET_SECONDS = 60.0
AVG_DEGREE = 2.0
WEAK_SHARE = 0.1
ALPHA = 0.05


def _data(p: int, n: int, seed: int) -> np.ndarray:
    from tools.discovery.fast_testdata import random_linear_data

    return random_linear_data(p, n, AVG_DEGREE, seed, WEAK_SHARE)[0]


def _time_causallearn(data: np.ndarray) -> tuple[float, np.ndarray]:
    from causallearn.search.ConstraintBased.PC import pc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gc.collect()
        start = time.perf_counter()
        cg = pc(data, ALPHA, "fisherz", stable=True, uc_rule=0, uc_priority=2, show_progress=False)
        return time.perf_counter() - start, cg.G.graph


def _time_fast(data: np.ndarray):
    from tools.discovery.fast_pc import fast_pc
    from tools.discovery.fast_skeleton import _level_pattern

    _level_pattern.cache_clear()
    gc.collect()
    start = time.perf_counter()
    result = fast_pc(data, ALPHA)
    return time.perf_counter() - start, result


def _warm_up() -> None:
    data = _data(6, 300, 0)
    _time_causallearn(data)
    _time_fast(data)


def ratio_table(ps: list[int], n: int, repeats: int) -> list[dict]:
    rows = []
    for p in ps:
        data = _data(p, n, seed=p)
        cl_times, fast_times, equal = [], [], True
        cl_repeats = repeats if p <= 40 else 1
        for r in range(repeats):
            if r < cl_repeats:
                t, cl_matrix = _time_causallearn(data)
                cl_times.append(t)
            t, res = _time_fast(data)
            fast_times.append(t)
            equal &= bool(np.array_equal(cl_matrix, res.matrix))
        cl, fast = statistics.median(cl_times), statistics.median(fast_times)
        rows.append({"p": p, "n": n, "edges": int((res.matrix != 0).sum() // 2), "tests": res.n_tests,
                     "cl": cl, "cl_runs": len(cl_times), "fast": fast, "fast_runs": len(fast_times),
                     "ratio": cl / fast, "equal": equal})
        print(f"  ratio p={p}: causal-learn {cl:.2f}s fast {fast:.3f}s equal={equal}", file=sys.stderr, flush=True)
    return rows


def scaling_curve(ps: list[int], n: int, repeats: int, known_cl: dict[int, float],
                  budget: float = CL_BUDGET_SECONDS) -> list[dict]:
    rows = []
    last_cl: tuple[int, float] | None = None
    for p in ps:
        data = _data(p, n, seed=p)
        runs = sorted((_time_fast(data) for _ in range(repeats)), key=lambda run: run[0])
        fast, res = runs[len(runs) // 2]  # the median run, so its breakdown matches its time
        cl = known_cl.get(p)
        note = ""
        if cl is None:
            predicted = last_cl[1] * (p / last_cl[0]) ** 2.7 if last_cl else 0.0
            if predicted <= budget:
                cl, matrix = _time_causallearn(data)
                note = "equal" if np.array_equal(matrix, res.matrix) else "DIFFERENT"
            else:
                note = f"skipped (predicted {predicted:.0f} s > {budget:.0f} s)"
        if cl is not None:
            last_cl = (p, cl)
            note = note or "from ratio table"
        rows.append({"p": p, "n": n, "fast": fast, "seconds": res.seconds,
                     "tests": res.n_tests, "depth": res.depth_reached, "cl": cl, "note": note})
        print(f"  scaling p={p}: fast {rows[-1]['fast']:.3f}s cl {cl} {note}", file=sys.stderr, flush=True)
    return rows


def fci_table(ps: list[int], n: int) -> list[dict]:
    """causal-learn's FCI vs ``fast_fci`` (same steps, batched adjacency search), one run each."""
    import contextlib
    import io

    from causallearn.search.ConstraintBased.FCI import fci

    from tools.discovery.fast_fci import fast_fci

    rows = []
    for p in ps:
        data = _data(p, n, seed=p)
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            ours, _ = fast_fci(data, ALPHA)
            fast = time.perf_counter() - start
            start = time.perf_counter()
            theirs, _ = fci(data, "fisherz", ALPHA, show_progress=False)
            cl = time.perf_counter() - start
        rows.append({"p": p, "n": n, "cl": cl, "fast": fast, "equal": bool(np.array_equal(ours.graph, theirs.graph))})
        print(f"  fci p={p}: causal-learn {cl:.2f}s fast {fast:.2f}s", file=sys.stderr, flush=True)
    return rows


def large_data(n: int, p: int) -> dict:
    """Time and peak RSS of the fast skeleton / full PC on n x p, measured in a fresh process."""
    proc = subprocess.run([sys.executable, "-m", "evals.bench_discovery_speed", "--large-child", str(n), str(p)],
                          capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _large_child(n: int, p: int) -> None:
    from tools.discovery.fast_fisherz import correlation_matrix
    from tools.discovery.fast_pc import fast_pc
    from tools.discovery.fast_skeleton import skeleton_search

    _time_fast(_data(6, 300, 0))  # imports
    data = _data(p, n, seed=7)
    base = _rss_mb("VmRSS")
    reset = _reset_peak_rss()
    start = time.perf_counter()
    corr = correlation_matrix(data)
    t_corr = time.perf_counter() - start
    skeleton = skeleton_search(corr, n, ALPHA)
    t_skel = time.perf_counter() - start
    peak_skel = _rss_mb("VmHWM")
    start = time.perf_counter()
    result = fast_pc(data, ALPHA)
    t_full = time.perf_counter() - start
    print(json.dumps({"n": n, "p": p, "data_mb": data.nbytes / 2**20, "rss_before_mb": base,
                      "peak_rss_skeleton_mb": peak_skel, "peak_rss_total_mb": _rss_mb("VmHWM"),
                      "peak_reset": reset, "corr_s": t_corr, "skeleton_s": t_skel, "fast_pc_s": t_full,
                      "tests": skeleton.n_tests, "edges": int((result.matrix != 0).sum() // 2)}))


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog([r["p"] for r in rows], [r["fast"] for r in rows], "o-", label="fast PC (vectorised)")
    cl = [(r["p"], r["cl"]) for r in rows if r["cl"] is not None]
    if cl:
        ax.loglog(*zip(*cl), "s--", label="causal-learn PC")
    ax.set_xticks([r["p"] for r in rows], [str(r["p"]) for r in rows])
    ax.minorticks_off()
    ax.set_xlabel("variables p (n = 10k rows)")
    ax.set_ylabel("seconds")
    ax.set_title("PC (Fisher-z, stable), same output")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def markdown(ratio: list[dict], scaling: list[dict], large: dict, fci_rows: list[dict]) -> str:
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    out = [f"## PC: causal-learn vs vectorised (alpha {ALPHA}, avg degree {AVG_DEGREE:g}, "
           f"OPENBLAS_NUM_THREADS={threads})", "",
           "| p | n | edges | CI tests | causal-learn s (runs) | fast s (runs) | ratio | identical CPDAG |",
           "|---|---|---|---|---|---|---|---|"]
    for r in ratio:
        out.append(f"| {r['p']} | {r['n']} | {r['edges']} | {r['tests']} | {r['cl']:.2f} ({r['cl_runs']}) | "
                   f"{r['fast']:.3f} ({r['fast_runs']}) | {r['ratio']:.0f}x | {'yes' if r['equal'] else 'NO'} |")
    out += ["", "### Scaling of the fast PC", "",
            "| p | fast s | correlation s | skeleton s | orientation s | CI tests | depth | causal-learn s |",
            "|---|---|---|---|---|---|---|---|"]
    for r in scaling:
        s = r["seconds"]
        cl = f"{r['cl']:.2f} ({r['note']})" if r["cl"] is not None else r["note"]
        out.append(f"| {r['p']} | {r['fast']:.3f} | {s['correlation']:.3f} | {s['skeleton']:.3f} | "
                   f"{s['orientation']:.3f} | {r['tests']} | {r['depth']} | {cl} |")
    out += ["", "### FCI: causal-learn vs batched adjacency search (`fast_fci`, one run each)", "",
            "| p | n | causal-learn s | fast_fci s | ratio | identical PAG |", "|---|---|---|---|---|---|"]
    for r in fci_rows:
        out.append(f"| {r['p']} | {r['n']} | {r['cl']:.2f} | {r['fast']:.2f} | {r['cl'] / r['fast']:.1f}x | "
                   f"{'yes' if r['equal'] else 'NO'} |")
    out += ["", f"### Large data: {large['n']:,} rows x {large['p']} columns (fresh process)", "",
            f"- data array: {large['data_mb']:.0f} MB; RSS before discovery {large['rss_before_mb']:.0f} MB",
            f"- correlation (row chunks): {large['corr_s']:.2f} s; correlation + skeleton: {large['skeleton_s']:.2f} s "
            f"({large['tests']} tests); full fast PC: {large['fast_pc_s']:.2f} s",
            f"- peak RSS during correlation + skeleton: {large['peak_rss_skeleton_mb']:.0f} MB; "
            f"during the whole run: {large['peak_rss_total_mb']:.0f} MB"
            + ("" if large["peak_reset"] else " (peak not reset: includes data generation)")]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a minute or two)")
    parser.add_argument("--large-child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pin_causallearn_node_hash()  # causal-learn's orientation order must not depend on PYTHONHASHSEED
    if args.large_child:
        _large_child(*args.large_child)
        return
    _warm_up()
    if args.quick:
        ratio = ratio_table([20, 40, 80], 10_000, repeats=3)
        scaling_ps, large_n, fci_ps, budget = [20, 40, 80, 160, 250], 200_000, [20, 40], 10.0
    else:
        ratio = ratio_table([20, 40, 80, 160], 10_000, repeats=5)
        scaling_ps, large_n, fci_ps = [20, 40, 80, 120, 160, 250, 350, 500], 1_000_000, [20, 40, 80]
        budget = CL_BUDGET_SECONDS
    scaling = scaling_curve(scaling_ps, 10_000, repeats=3, known_cl={r["p"]: r["cl"] for r in ratio}, budget=budget)
    fci_rows = fci_table(fci_ps, 10_000)
    large = large_data(large_n, 50)
    plot(scaling, OUT_DIR / "bench_discovery_speed.png")
    print(markdown(ratio, scaling, large, fci_rows))
    print(f"\nScaling plot: {OUT_DIR / 'bench_discovery_speed.png'}")


if __name__ == "__main__":
    main()
