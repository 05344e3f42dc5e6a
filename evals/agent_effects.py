"""Effect benchmarks through the product: ``CausalAgent().analyze(df, question)`` with the
question in words and nothing else handed in (no roles, no covariates, no design).

    python -m evals.agent_effects [--quick]

1. IHDP (10 replicates): "What is the average treatment effect of treatment on y_factual?"
   on the factual columns (treatment, y_factual, x1..x25); |ATE error| against mean(mu1 - mu0).
2. LaLonde: NSW treated + CPS controls, and the NSW experimental sample alone.
3. The season / discount / sales triangle (season → discount, season → sales,
   discount → sales, true effect 2.0) over seeds.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from evals.effects_eval import IHDP, LALONDE_EXPERIMENTAL_ATT

IHDP_COLUMNS = ["treatment", "y_factual", "y_cfactual", "mu0", "mu1"] + [f"x{i}" for i in range(1, 26)]
IHDP_QUESTION = "What is the average treatment effect of treatment on y_factual?"
LALONDE_QUESTION = "What is the effect of the training program (treat) on 1978 earnings (re78)?"
TRIANGLE_TRUTH = 2.0


def _analyze(df: pd.DataFrame, question: str, seed: int = 0, description: str | None = None):
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    started = time.perf_counter()
    res = CausalAgent(store=InMemoryGraphStore(), seed=seed).analyze(df, question, description=description)
    return res, time.perf_counter() - started


def _row(res, seconds: float) -> dict:
    e = res.effect
    return {"answer": res.answer[:30], "estimate": e.estimate if e else np.nan, "estimand": e.estimand if e else "",
            "method": e.method if e else "", "n_adjusted": len(e.adjustment_set) if e else 0,
            "range_low": min((p["estimate"] for p in e.possible_effects), default=np.nan) if e else np.nan,
            "range_high": max((p["estimate"] for p in e.possible_effects), default=np.nan) if e else np.nan,
            "pre_treatment_stated": any("pre-treatment" in a.lower()
                                        for a in res.assumptions),
            "seconds": round(seconds, 2)}


def run_ihdp(replicates: int = 10) -> list[dict]:
    rows = []
    for k in range(1, replicates + 1):
        full = pd.read_csv(IHDP / f"ihdp_npci_{k}.csv", header=None, names=IHDP_COLUMNS)
        truth = float((full.mu1 - full.mu0).mean())
        factual = full.drop(columns=["y_cfactual", "mu0", "mu1"])
        res, seconds = _analyze(factual, IHDP_QUESTION)
        row = {"replicate": k, "truth": round(truth, 3), **_row(res, seconds)}
        row["abs_error"] = abs(row["estimate"] - truth)
        rows.append(row)
    return rows


def lalonde_frames() -> dict[str, pd.DataFrame]:
    from causaldata import cps_mixtape, nsw_mixtape

    nsw = nsw_mixtape.load_pandas().data.drop(columns=["data_id"])
    cps = cps_mixtape.load_pandas().data.drop(columns=["data_id"])
    return {"NSW treated + CPS controls": pd.concat([nsw[nsw.treat == 1], cps], ignore_index=True),
            "NSW experimental sample": nsw}


def run_lalonde() -> list[dict]:
    rows = []
    for name, df in lalonde_frames().items():
        res, seconds = _analyze(df, LALONDE_QUESTION)
        naive = float(df.re78[df.treat == 1].mean() - df.re78[df.treat == 0].mean())
        row = {"sample": name, **_row(res, seconds), "naive_difference": round(naive, 1)}
        row["abs_error_vs_1794"] = round(abs(row["estimate"] - LALONDE_EXPERIMENTAL_ATT), 1)
        rows.append(row)
    return rows


def triangle(seed: int, n: int = 2000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    season = rng.integers(0, 2, n)
    discount = (rng.random(n) < 0.2 + 0.5 * season).astype(int)
    sales = TRIANGLE_TRUTH * discount + 3.0 * season + rng.normal(0, 1, n)
    return pd.DataFrame({"season": season, "discount": discount, "sales": sales})


def run_triangle(seeds: range = range(5)) -> list[dict]:
    rows = []
    for seed in seeds:
        res, seconds = _analyze(triangle(seed), "What is the effect of discount on sales?", seed=seed)
        row = {"seed": seed, **_row(res, seconds)}
        row["within_10pct"] = abs(row["estimate"] - TRIANGLE_TRUTH) <= 0.1 * TRIANGLE_TRUTH
        row["season_pre_treatment"] = any("season" in a and "pre" in a.lower() for a in res.assumptions) or \
            "season" in (res.effect.adjustment_set if res.effect else [])
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    from evals.harness import markdown_table

    ihdp = run_ihdp(2 if args.quick else 10)
    print(markdown_table(ihdp))
    print(f"IHDP mean |ATE error| = {np.mean([r['abs_error'] for r in ihdp]):.3f}")
    print(markdown_table(run_lalonde()))
    print(markdown_table(run_triangle(range(2 if args.quick else 5))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
