"""Large-data benchmark: one offline effect analysis of 1M rows x 50 columns, end to end
through ``CausalAgent.analyze`` (profile, discovery on a checked subsample, identification,
estimation on every row, refutation). Goal (issue 10): <= 5 minutes, <= 4 GB peak RSS.

    python -m evals.bench_large [--rows 1000000] [--columns 50]

Peak RSS is this process's ``ru_maxrss`` (the generated table included).
"""

from __future__ import annotations

import argparse
import resource
import time

from evals.bench_spine import wide_linear_data

TRUE_EFFECT = 2.0


def run(rows: int, columns: int, seed: int = 0) -> dict:
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    started = time.perf_counter()
    df = wide_linear_data(n=rows, p=columns, seed=seed)
    generated = time.perf_counter() - started
    start, cpu = time.perf_counter(), time.process_time()
    res = CausalAgent(store=InMemoryGraphStore(), seed=seed).analyze(df, "What is the effect of X on Y?")
    wall = time.perf_counter() - start
    check = res.details.get("graph_metadata", {}).get("subsample") if isinstance(res.details, dict) else None
    return {"rows": rows, "columns": columns, "generate_s": generated, "analyze_wall_s": wall,
            "analyze_cpu_s": time.process_time() - cpu,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "estimate": res.effect.estimate if res.effect else float("nan"),
            "ci": (res.effect.ci_low, res.effect.ci_high) if res.effect else None,
            "method": res.effect.method if res.effect else "", "steps": [(s.tool, s.duration_s) for s in res.steps],
            "subsample_check": check or next((w for w in res.warnings if w.startswith("stability check")), None)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--columns", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    out = run(args.rows, args.columns, args.seed)
    print(f"{out['rows']:,} rows x {out['columns']} columns (generated in {out['generate_s']:.1f} s)")
    print(f"analyze: {out['analyze_wall_s']:.1f} s wall, {out['analyze_cpu_s']:.1f} s CPU; "
          f"peak RSS {out['peak_rss_mb']:,.0f} MB")
    print(f"estimate {out['estimate']:.4f} (truth {TRUE_EFFECT}), CI {out['ci']}, method: {out['method']}")
    for tool, seconds in out["steps"]:
        print(f"  {tool}: {seconds:.2f} s")
    print(f"discovery subsample: {out['subsample_check']}")


if __name__ == "__main__":
    main()
