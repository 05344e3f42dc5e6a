"""Run every refutation check and the sensitivity analysis on an effect estimate."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from tools.base import ToolInputError
from tools.estimation.effect import EffectResult
from tools.estimation.linear import single_threaded_blas
from tools.estimation.query import EffectQuery, EstimandKind
from tools.estimation.registry import Estimator, Method, get_estimator
from tools.refutation.checks import CHECKS, Refit
from tools.refutation.report import RefutationReport
from tools.refutation.sensitivity import sensitivity


def refit_estimator(original: Estimator, binary: bool, has_covariates: bool) -> Estimator:
    """The estimator used for simulated refits: the original one unless it is slow, then a
    fast one that targets the same quantity (AIPW for a binary treatment with covariates,
    difference in means without, linear regression for other treatments)."""
    if not original.slow:
        return original
    if binary:
        return get_estimator(Method.AIPW if has_covariates else Method.DIFFERENCE_IN_MEANS)
    return get_estimator(Method.LINEAR_REGRESSION)


def refute(df: pd.DataFrame, result: EffectResult, *, simulations: int = 20, seed: int = 0) -> RefutationReport:
    """Placebo, random common cause, subset and bootstrap checks plus the sensitivity
    analysis, for an EffectResult produced by the estimation registry (it carries its query)."""
    if not result.query or "method" not in result.query:
        raise ToolInputError("This estimate cannot be re-run (it records no estimation request); "
                             "call estimate_effect first.")
    if simulations < 2:
        raise ToolInputError("simulations must be at least 2 (default 20).")
    started = time.perf_counter()
    full = EffectQuery.from_dict(result.query)
    q = full.with_(inference=False, subgroup=None, seed=seed)
    original = get_estimator(result.query["method"])
    binary = df[q.treatment].dropna().nunique() == 2
    estimator = refit_estimator(original, binary, bool(q.covariates))
    rng = np.random.default_rng(seed)
    with single_threaded_blas():
        reference, note = result, ""
        if estimator is not original:
            reference = estimator(df, full.with_(subgroup=None, estimand=_plain_estimand(full)))
            note = (f"Simulated refits used {estimator.label} (its own estimate {reference.estimate:.4g}, SE "
                    f"{reference.std_error or float('nan'):.3g}) instead of {original.label} for speed; checks "
                    "compare refits with that estimate.")
        refit = Refit(df=df, query=q, estimator=estimator, reference=reference, simulations=simulations, rng=rng)
        checks = [check.run(refit) for check in CHECKS]
        sens = sensitivity(df, result, full)
    return RefutationReport(treatment=result.treatment, outcome=result.outcome, method=result.method,
                            estimand=result.estimand, estimate=result.estimate, checks=checks, sensitivity=sens,
                            simulations=simulations, seed=seed, refit_method=estimator.method.value,
                            refit_note=note, runtime_s=time.perf_counter() - started)


def _plain_estimand(q: EffectQuery) -> EstimandKind:
    return EstimandKind.ATE if q.estimand is EstimandKind.CATE else q.estimand
