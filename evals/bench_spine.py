"""Spine benchmarks: CLI start-up time and an offline effect analysis of 10k rows x 20 columns.

    python -m evals.bench_spine
"""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pandas as pd


def cli_help_seconds(repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "agent.interfaces.cli", "--help"], capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def wide_linear_data(n: int = 10_000, p: int = 20, seed: int = 0) -> pd.DataFrame:
    """A random sparse linear DAG over p variables with X -> Y effect 2.0 and confounders."""
    rng = np.random.default_rng(seed)
    cols = {}
    names = [f"C{i}" for i in range(p - 2)]
    for i, name in enumerate(names):
        parents = [names[j] for j in range(i) if rng.random() < 2.0 / max(i, 1)]
        cols[name] = sum(rng.uniform(0.5, 1.0) * cols[q] for q in parents) + rng.normal(size=n) if parents \
            else rng.normal(size=n)
    # V is an exogenous cause of X only: the v-structure V -> X <- C0 makes the effect identifiable.
    cols["V"] = rng.normal(size=n)
    del cols[names[-1]]
    x = 0.8 * cols["C0"] + 0.7 * cols["V"] + rng.normal(size=n)
    y = 2.0 * x + 1.0 * cols["C0"] - 0.7 * cols["C2"] + rng.normal(size=n)
    return pd.DataFrame({**cols, "X": x, "Y": y})


def effect_analysis_seconds() -> tuple[float, float, list[str]]:
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    df = wide_linear_data()
    agent = CausalAgent(store=InMemoryGraphStore())
    start, cpu = time.perf_counter(), time.process_time()
    res = agent.analyze(df, "What is the effect of X on Y?")
    elapsed = time.perf_counter() - start
    print(f"  (CPU time of this process: {time.process_time() - cpu:.2f} s; wall time includes machine load)")
    steps = [f"{s.tool}: {s.duration_s:.2f}s" for s in res.steps]
    return elapsed, (res.effect.estimate if res.effect else float("nan")), steps


def main() -> None:
    print(f"causal-agent --help (best of 5, python -m): {cli_help_seconds():.3f} s")
    # first import of heavy libraries counts: run in this fresh process
    elapsed, estimate, steps = effect_analysis_seconds()
    print(f"offline effect analysis, 10k rows x 20 cols: {elapsed:.2f} s (estimate {estimate:.3f}, truth 2.0)")
    for s in steps:
        print(f"  {s}")


if __name__ == "__main__":
    main()
