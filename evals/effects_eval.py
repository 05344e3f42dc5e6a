"""Effect estimation against ground truth. Run from the project root:

    python -m evals.effects_eval [--quick]

1. CauSciBench synthetic (../shared/benchmarks/causcibench_synthetic, 143 questions): the
   design named in synthetic_info.csv (rct, observational, iv, iv_encouragement, frontdoor,
   did_canonical, did_twfe, rdd) selects the estimator through ``estimate`` (method='auto');
   columns come from treatment/outcome/control_variables/instrument_var/running_var/
   temporal_var/state_var/mediator. Score: |estimate - truth| <= 10 % of |truth|, and CI coverage.
   RDD cutoffs are not in the table: they are inferred from where the treatment switches.
2. IHDP (../shared/benchmarks/ihdp, 10 replicates): |ATE error| against mean(mu1 - mu0).
3. LaLonde (causaldata: nsw_mixtape treated + cps_mixtape controls): ATT against the
   experimental 1,794, with the naive difference in means and OLS on all covariates as baselines.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tools.base import DataError, ToolInputError
from tools.estimation.estimate import estimate

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
CAUSCI = BENCH / "causcibench_synthetic"
IHDP = BENCH / "ihdp" / "IHDP" / "csv"
LALONDE_EXPERIMENTAL_ATT = 1794.0
TOLERANCE = 0.10


def _columns(value: Any) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return []
    return [c.strip() for c in value.split(",") if c.strip()]


def _unit_column(df: pd.DataFrame, used: set[str]) -> str | None:
    """An id column the table does not list (e.g. unit_id in the 2x2 DiD files)."""
    ids = [c for c in df.columns if c not in used and (c.endswith("_id") or c == "id")]
    return ids[0] if ids else None


def causcibench_request(row: pd.Series, df: pd.DataFrame) -> dict[str, Any]:
    """Keyword arguments for ``estimate`` from one synthetic_info row."""
    controls = [c for c in _columns(row.control_variables) if c in df.columns]
    base = {"treatment": row.treatment, "outcome": row.outcome}
    design = row.method
    if design == "rct":
        return {**base, "covariates": controls, "design": "randomized"}
    if design == "observational":
        return {**base, "covariates": controls, "design": "backdoor"}
    if design in ("iv", "iv_encouragement"):
        return {**base, "covariates": controls, "design": "iv", "instruments": tuple(_columns(row.instrument_var))}
    if design == "frontdoor":
        return {**base, "design": "frontdoor", "mediators": tuple(_columns(row.mediator))}
    if design == "did_canonical":
        used = {row.treatment, row.outcome, row.temporal_var, *controls}
        return {**base, "design": "did", "post": row.temporal_var, "unit": _unit_column(df, used)}
    if design == "did_twfe":
        return {**base, "design": "did", "time": row.temporal_var, "unit": row.state_var}
    if design == "rdd":
        return {**base, "design": "rdd", "running": row.running_var}
    raise ValueError(f"unknown design {design!r}")


def run_causcibench(quick: bool = False) -> tuple[list[dict], list[dict]]:
    info = pd.read_csv(CAUSCI / "synthetic_info.csv")
    if quick:
        info = info.groupby("method", sort=False).head(3)
    rows = []
    for _, row in info.iterrows():
        df = pd.read_csv(CAUSCI / "synthetic_data" / row.data_files)
        request = causcibench_request(row, df)
        started = time.perf_counter()
        record = {"file": row.data_files, "design": row.method, "truth": float(row.answer)}
        try:
            r = estimate(df, **request)
            record.update(estimate=r.estimate, ci_low=r.ci_low, ci_high=r.ci_high, method=r.method,
                          within_10pct=abs(r.estimate - row.answer) <= TOLERANCE * abs(row.answer),
                          covered=r.covers(row.answer), error="")
        except (DataError, ToolInputError) as exc:
            record.update(estimate=np.nan, ci_low=np.nan, ci_high=np.nan, method="refused",
                          within_10pct=False, covered=False, error=str(exc)[:90])
        record["seconds"] = time.perf_counter() - started
        rows.append(record)
    detail = rows
    summary = []
    frame = pd.DataFrame(rows)
    def median_rel_error(g: pd.DataFrame) -> float:
        rel = (np.abs(g.estimate - g.truth) / g.truth.abs()).dropna()
        return float(rel.median()) if len(rel) else float("nan")

    for design, g in frame.groupby("design", sort=False):
        summary.append({"design": design, "n": len(g), "within_10pct": g.within_10pct.mean(),
                        "ci_covers_truth": g.covered.mean(), "refused": int((g.method == "refused").sum()),
                        "median_abs_rel_error": median_rel_error(g),
                        "method": g.method[g.method != "refused"].mode().iloc[0] if (g.method != "refused").any()
                        else "refused"})
    estimable = frame[frame.method != "refused"]
    summary.append({"design": "ALL", "n": len(frame), "within_10pct": frame.within_10pct.mean(),
                    "ci_covers_truth": frame.covered.mean(), "refused": int((frame.method == "refused").sum()),
                    "median_abs_rel_error": median_rel_error(frame),
                    "method": ""})
    summary.append({"design": "ALL estimable", "n": len(estimable), "within_10pct": estimable.within_10pct.mean(),
                    "ci_covers_truth": estimable.covered.mean(), "refused": 0,
                    "median_abs_rel_error": median_rel_error(estimable), "method": ""})
    return summary, detail


IHDP_METHODS = ("difference_in_means", "linear_regression", "aipw", "auto", "ipw", "dml", "t_learner")


def run_ihdp(quick: bool = False) -> list[dict]:
    names = ["treatment", "y_factual", "y_cfactual", "mu0", "mu1"] + [f"x{i}" for i in range(1, 26)]
    covariates = [f"x{i}" for i in range(1, 26)]
    errors: dict[str, list[float]] = {m: [] for m in IHDP_METHODS}
    covered: dict[str, list[bool]] = {m: [] for m in IHDP_METHODS}
    seconds: dict[str, float] = {m: 0.0 for m in IHDP_METHODS}
    for rep in range(1, 4 if quick else 11):
        df = pd.read_csv(IHDP / f"ihdp_npci_{rep}.csv", header=None, names=names)
        truth = float((df.mu1 - df.mu0).mean())
        for method in IHDP_METHODS:
            started = time.perf_counter()
            cov = [] if method == "difference_in_means" else covariates
            r = estimate(df, "treatment", "y_factual", cov, method=method, seed=rep)
            seconds[method] += time.perf_counter() - started
            errors[method].append(abs(r.estimate - truth))
            covered[method].append(r.covers(truth))
    return [{"method": m, "replicates": len(errors[m]), "mean_abs_ate_error": float(np.mean(errors[m])),
             "max_abs_ate_error": float(np.max(errors[m])), "ci_coverage": float(np.mean(covered[m])),
             "seconds_total": seconds[m]} for m in IHDP_METHODS]


LALONDE_COVARIATES = ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75"]


def lalonde_data() -> pd.DataFrame:
    try:
        from causaldata import cps_mixtape, nsw_mixtape
    except ImportError as exc:
        raise SystemExit("LaLonde needs causaldata: pip install causaldata") from exc
    nsw = nsw_mixtape.load_pandas().data
    cps = cps_mixtape.load_pandas().data
    df = pd.concat([nsw[nsw.treat == 1], cps], ignore_index=True)
    for col in ["re74", "re75", "re78"]:
        df[col] = df[col].astype(float)
    # Dehejia-Wahba specification: squares, unemployment indicators
    df["age2"], df["educ2"] = df.age ** 2, df.educ ** 2
    df["u74"], df["u75"] = (df.re74 == 0).astype(float), (df.re75 == 0).astype(float)
    df["re74_2"], df["re75_2"] = df.re74 ** 2, df.re75 ** 2
    return df


def run_lalonde(quick: bool = False) -> list[dict]:
    df = lalonde_data()
    dw = LALONDE_COVARIATES + ["age2", "educ2", "u74", "u75", "re74_2", "re75_2"]
    specs = [("raw (8 covariates)", LALONDE_COVARIATES)] + ([] if quick else [("Dehejia-Wahba (14 terms)", dw)])
    runs = [("naive difference in means", "difference_in_means", "ATE", False),
            ("OLS on all covariates (coefficient)", "ols", "ATE", True)]
    runs += [(f"{m} ATT", m, "ATT", True) for m in ("auto", "aipw", "ipw", "linear_regression",
                                                    "propensity_score_matching", "mahalanobis_matching")]
    rows = []
    for spec_name, covariates in specs:
        for label, method, estimand, adjust in runs:
            if not adjust and spec_name != specs[0][0]:
                continue
            started = time.perf_counter()
            if method == "ols":
                r = estimate(df, "treat", "re78", covariates, method="linear_regression")
                value = r.details["additive_coefficient"]
                ci = (np.nan, np.nan)
            else:
                r = estimate(df, "treat", "re78", covariates if adjust else [], method=method, estimand=estimand)
                value, ci = r.estimate, (r.ci_low, r.ci_high)
            rows.append({"covariates": spec_name if adjust else "none", "estimator": label, "estimate": value,
                         "ci_low": ci[0], "ci_high": ci[1], "in_[1000,2600]": 1000 <= value <= 2600,
                         "warnings": len(r.warnings), "seconds": time.perf_counter() - started})
    return rows


def _print_table(title: str, rows: list[dict]) -> None:
    print(f"\n## {title}\n")
    frame = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.float_format", "{:.4g}".format):
        print(frame.to_string(index=False))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="3 questions per design, 3 IHDP replicates, raw LaLonde")
    p.add_argument("--details", action="store_true", help="print every CauSciBench question")
    args = p.parse_args(argv)
    started = time.perf_counter()
    summary, detail = run_causcibench(args.quick)
    _print_table("CauSciBench synthetic: share within 10% of the true effect", summary)
    if args.details:
        _print_table("CauSciBench per question", detail)
    _print_table("IHDP: |ATE error| (truth = mean(mu1 - mu0))", run_ihdp(args.quick))
    _print_table(f"LaLonde NSW treated + CPS controls: ATT (experimental {LALONDE_EXPERIMENTAL_ATT:,.0f})",
                 run_lalonde(args.quick))
    print(f"\nTotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
