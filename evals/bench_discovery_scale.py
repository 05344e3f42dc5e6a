"""Discovery at scale through the product: ``analyze(df, "What is the causal graph?")``.

    python -m evals.bench_discovery_scale [--sizes 160x10000,500x5000] [--seeds 0,1,2] [--tetrad]

Data: seeded random linear-Gaussian DAGs, average degree 3, weights +-U(0.3, 1.0),
columns standardised (``fast_testdata.random_linear_data``), the design of issue 21.
Each (p, n, seed) runs in a fresh process: the agent is imported first (its import time
is reported apart), then ``analyze`` is timed end to end. Reported per run: end-to-end
seconds, the search's own seconds (``graph.metadata["runtime_s"]``) and the share of
everything else, the algorithm chosen, skeleton and arrowhead F1 against the true CPDAG;
and, on the same data in the same process, the vectorised PC alone (alpha by n) as a
reference. ``--tetrad`` adds Tetrad's FGES (SEM BIC, penalty discount 2) on the same data, in
another fresh process, for p <= 500 (``evals/tetrad_reference.py``: needs JPype and a JDK >= 21).
Seed 0 was used while building BOSS (local); seeds >= 1 were not looked at before the final run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

AVG_DEGREE = 3.0
QUESTION = "What is the causal graph?"


def _truth(dag, names):
    import numpy as np

    from memory.graph import CausalGraph
    from tools.discovery.cpdag import dag_to_cpdag

    edges = [(names[i], names[j]) for i, j in zip(*np.nonzero(dag))]
    return dag_to_cpdag(CausalGraph.from_edge_list(edges, nodes=names))


def run_one(p: int, n: int, seed: int) -> dict:
    """One measured run (called in a fresh process by ``main``)."""
    start = time.perf_counter()
    import pandas as pd

    from agent import CausalAgent
    from evals.metrics import score_graph
    from tools.discovery.fast_pc import fast_pc
    from tools.discovery.fast_testdata import random_linear_data
    from tools.discovery.selector import alpha_for

    import_s = time.perf_counter() - start
    x, dag = random_linear_data(p, n, AVG_DEGREE, seed)
    names = [f"X{i}" for i in range(p)]
    df = pd.DataFrame(x, columns=names)
    truth = _truth(dag, names)
    start = time.perf_counter()
    result = CausalAgent().analyze(df, QUESTION)
    total = time.perf_counter() - start
    scores = score_graph(result.graph, truth)
    search = float(result.graph.metadata.get("runtime_s", float("nan")))
    start = time.perf_counter()
    pc = fast_pc(x, alpha_for(n), names=names).to_causal_graph()
    pc_s = time.perf_counter() - start
    pc_scores = score_graph(pc, truth)
    algorithm = next((s.observation.split(" on ")[0].rsplit(" (", 1)[0] for s in result.steps if s.tool == "discover_graph"), "?")
    return {"p": p, "n": n, "seed": seed, "true_edges": int(dag.sum()), "import_s": round(import_s, 2),
            "end_to_end_s": round(total, 2), "search_s": round(search, 2),
            "other_share": round(1 - search / total, 3), "algorithm": algorithm,
            "steps": {s.tool: round(s.duration_s, 2) for s in result.steps},
            "skeleton_f1": round(scores.skeleton_f1, 3), "arrowhead_f1": round(scores.orientation_f1, 3),
            "pc_s": round(pc_s, 2), "pc_skeleton_f1": round(pc_scores.skeleton_f1, 3),
            "pc_arrowhead_f1": round(pc_scores.orientation_f1, 3)}


def run_tetrad(p: int, n: int, seed: int) -> dict:
    """Tetrad FGES (penalty discount 2) on the same data as ``run_one``."""
    from evals.metrics import score_graph
    from evals.tetrad_reference import fges
    from memory.graph import CausalGraph, GraphType, Mark
    from tools.discovery.fast_testdata import random_linear_data

    x, dag = random_linear_data(p, n, AVG_DEGREE, seed)
    names = [f"X{i}" for i in range(p)]
    seconds, edges = fges(x, names)
    graph = CausalGraph(nodes=names, graph_type=GraphType.CPDAG)
    for a, b, directed in edges:
        graph.add_edge(a, b, Mark.TAIL, Mark.ARROW if directed else Mark.TAIL)
    scores = score_graph(graph, _truth(dag, names))
    return {"tetrad_s": round(seconds, 2), "tetrad_skeleton_f1": round(scores.skeleton_f1, 3),
            "tetrad_arrowhead_f1": round(scores.orientation_f1, 3)}


def _fresh_process(p: int, n: int, seed: int, function: str = "run_one") -> dict:
    code = (f"import json; from evals.bench_discovery_scale import {function}; "
            f"print(json.dumps({function}({p}, {n}, {seed})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="160x10000,500x5000,1000x5000", help="p x n pairs, comma-separated")
    parser.add_argument("--seeds", default="0,1,2", help="data seeds, comma-separated")
    parser.add_argument("--tetrad", action="store_true", help="add Tetrad FGES (p <= 500) on the same data")
    args = parser.parse_args()
    if args.tetrad:
        from evals.tetrad_reference import available

        missing = available()
        if missing:
            parser.error(f"--tetrad: {missing}")
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    tetrad_head = " Tetrad FGES s | FGES skeleton F1 | FGES arrowhead F1 | ours / FGES time |" if args.tetrad else ""
    print("| p | n | seed | algorithm | end to end s | search s | not search | skeleton F1 | arrowhead F1 "
          "| PC alone s | PC skeleton F1 | PC arrowhead F1 | import s |" + tetrad_head)
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|" + "---|" * (4 if args.tetrad else 0))
    for p, n in sizes:
        for seed in seeds:
            r = _fresh_process(p, n, seed)
            line = (f"| {p} | {n} | {seed} | {r['algorithm']} | {r['end_to_end_s']} | {r['search_s']} "
                    f"| {r['other_share']:.0%} | {r['skeleton_f1']} | {r['arrowhead_f1']} | {r['pc_s']} "
                    f"| {r['pc_skeleton_f1']} | {r['pc_arrowhead_f1']} | {r['import_s']} |")
            if args.tetrad and p <= 500:
                t = _fresh_process(p, n, seed, "run_tetrad")
                line += (f" {t['tetrad_s']} | {t['tetrad_skeleton_f1']} | {t['tetrad_arrowhead_f1']} "
                         f"| {r['end_to_end_s'] / t['tetrad_s']:.2f} |")
            elif args.tetrad:
                line += " not run | | | |"
            print(line, flush=True)


if __name__ == "__main__":
    main()
