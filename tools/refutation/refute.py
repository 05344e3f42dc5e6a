"""Run every refutation check and the sensitivity analysis on an effect estimate."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from tools.base import ToolInputError
from tools.estimation.effect import EffectResult
from tools.estimation.linear import single_threaded_blas
from tools.estimation.query import EffectQuery
from tools.estimation.registry import Estimator, Method, get_estimator
from tools.refutation.checks import CHECKS, Refit
from tools.refutation.report import RefutationReport
from tools.refutation.sensitivity import sensitivity


def refit_estimator(original: Estimator, q: EffectQuery, binary: bool) -> tuple[Estimator, str]:
    """The estimator used for simulated refits: the original one unless it is slow, then a
    fast one that targets the same quantity (AIPW for a binary treatment with covariates,
    linear regression otherwise)."""
    if not original.slow:
        return original, ""
    if binary and q.covariates:
        fast = Method.AIPW
    elif binary:
        fast = Method.DIFFERENCE_IN_MEANS
    else:
        fast = Method.LINEAR_REGRESSION
    substitute = get_estimator(fast)
    return substitute, (f"Simulated refits used {substitute.label} instead of {original.label} "
                        "for speed; the original estimate is unchanged.")


def refute(df: pd.DataFrame, result: EffectResult, *, simulations: int = 20, seed: int = 0) -> RefutationReport:
    """Placebo, random common cause, subset and bootstrap checks plus the sensitivity
    analysis, for an EffectResult produced by the estimation registry (it carries its query)."""
    if not result.query or "method" not in result.query:
        raise ToolInputError("This estimate cannot be re-run (it records no estimation request); "
                             "call estimate_effect first.")
    if simulations < 2:
        raise ToolInputError("simulations must be at least 2 (default 20).")
    started = time.perf_counter()
    q = EffectQuery.from_dict(result.query).with_(n_bootstrap=0, subgroup=None, seed=seed)
    binary = df[q.treatment].dropna().nunique() == 2
    estimator, note = refit_estimator(get_estimator(result.query["method"]), q, binary)
    rng = np.random.default_rng(seed)
    refit = Refit(df=df, query=q, estimator=estimator, original=result, simulations=simulations, rng=rng)
    with single_threaded_blas():
        checks = [check.run(refit) for check in CHECKS]
        sens = sensitivity(df, result, EffectQuery.from_dict(result.query))
    return RefutationReport(treatment=result.treatment, outcome=result.outcome, method=result.method,
                            estimand=result.estimand, estimate=result.estimate, checks=checks, sensitivity=sens,
                            simulations=simulations, seed=seed, refit_method=estimator.method.value,
                            refit_note=note, runtime_s=time.perf_counter() - started)
