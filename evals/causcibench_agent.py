"""CauSciBench synthetic through the full agent: ``analyze()`` with the question and the
data description, treatment/outcome either parsed from the question ("question" mode) or
passed explicitly ("explicit" mode). The design is never given to the agent.

    python -m evals.causcibench_agent [--quick]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

CAUSCI = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "causcibench_synthetic"
TOLERANCE = 0.10
MODES = ("question", "explicit")


def run(quick: bool = False, seed: int = 0) -> tuple[list[dict], list[dict]]:
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    info = pd.read_csv(CAUSCI / "synthetic_info.csv")
    if quick:
        info = info.groupby("method", sort=False).head(2)
    detail = []
    for _, row in info.iterrows():
        df = pd.read_csv(CAUSCI / "synthetic_data" / row.data_files)
        for mode in MODES:
            kwargs = {"treatment": row.treatment, "outcome": row.outcome} if mode == "explicit" else {}
            started = time.perf_counter()
            record = {"mode": mode, "design": row.method, "truth": float(row.answer), "file": row.data_files}
            try:
                res = CausalAgent(store=InMemoryGraphStore(), seed=seed).analyze(
                    df, row.natural_language_query, description=row.data_description, **kwargs)
                est = res.effect.estimate if res.effect is not None else np.nan
                record.update(estimate=est, answer=res.answer[:40], method=res.effect.method if res.effect else "",
                              pair_ok=bool(res.effect and res.effect.treatment == row.treatment
                                           and res.effect.outcome == row.outcome))
            except ValueError as exc:
                record.update(estimate=np.nan, answer=f"error: {str(exc)[:60]}", method="", pair_ok=False)
            record["within_10pct"] = bool(np.isfinite(record["estimate"])
                                          and abs(record["estimate"] - row.answer) <= TOLERANCE * abs(row.answer))
            record["seconds"] = time.perf_counter() - started
            detail.append(record)
    frame = pd.DataFrame(detail)
    summary = []
    for (mode, design), g in frame.groupby(["mode", "design"], sort=False):
        summary.append({"mode": mode, "design": design, "n": len(g), "within_10pct": g.within_10pct.mean(),
                        "right_pair": g.pair_ok.mean(), "no_estimate": int(g.estimate.isna().sum()),
                        "mean_seconds": g.seconds.mean()})
    for mode, g in frame.groupby("mode", sort=False):
        summary.append({"mode": mode, "design": "ALL", "n": len(g), "within_10pct": g.within_10pct.mean(),
                        "right_pair": g.pair_ok.mean(), "no_estimate": int(g.estimate.isna().sum()),
                        "mean_seconds": g.seconds.mean()})
    return summary, detail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    summary, detail = run(quick=args.quick)
    from evals.harness import markdown_table

    print(markdown_table(summary))
    misses = pd.DataFrame(detail)
    print(misses[~misses.within_10pct][["mode", "design", "truth", "estimate", "answer"]].to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
