"""Run every refutation check and the sensitivity analysis on an effect estimate.

The simulations of all checks are one map over an executor: simulation k of check c gets
the seed ``spawn_seeds(spawn_seeds(seed, len(CHECKS))[c], simulations)[k]``, so the report
depends on the seed only, never on the backend or the number of workers."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tools.base import ToolInputError
from tools.cancel import checkpoint
from tools.estimation.effect import EffectResult
from tools.estimation.linear import single_threaded_blas
from tools.estimation.query import EffectQuery, EstimandKind, Nuisance
from tools.estimation.registry import Estimator, Method, get_estimator
from tools.executor import LocalExecutor, RayExecutor, spawn_seeds
from tools.refutation.checks import CHECKS, Refit
from tools.refutation.report import RefutationCheck, RefutationReport
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


def refute(df: pd.DataFrame, result: EffectResult, *, simulations: int = 20, seed: int = 0,
           executor: LocalExecutor | RayExecutor | None = None) -> RefutationReport:
    """Placebo, random common cause, subset and bootstrap checks plus the sensitivity
    analysis, for an EffectResult produced by the estimation registry (it carries its query).
    The simulated refits run on ``executor`` (default: in this process, one at a time)."""
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
    flexible = q.nuisance is Nuisance.BOOSTING
    if flexible:  # dozens of boosted refits would take minutes: refit with linear nuisance models
        q, full_fast = q.with_(nuisance=Nuisance.LINEAR), full.with_(nuisance=Nuisance.LINEAR)
    else:
        full_fast = full
    with single_threaded_blas():
        reference, note = result, ""
        if estimator is not original or flexible:
            reference = estimator(df, full_fast.with_(subgroup=None, estimand=_plain_estimand(full)))
            what = f"{estimator.label} with linear nuisance models" if flexible else estimator.label
            note = (f"Simulated refits used {what} (its own estimate {reference.estimate:.4g}, SE "
                    f"{reference.std_error or float('nan'):.3g}) instead of {original.label}"
                    f"{' with boosted nuisance models' if flexible else ''} for speed; checks compare refits "
                    "with that estimate.")
        refit = Refit(df=df, query=q, estimator=estimator, reference=reference, simulations=simulations)
        checks = run_checks(refit, _safe_executor(executor, estimator), seed)
        sens = sensitivity(df, result, full)
    return RefutationReport(treatment=result.treatment, outcome=result.outcome, method=result.method,
                            estimand=result.estimand, estimate=result.estimate, checks=checks, sensitivity=sens,
                            simulations=simulations, seed=seed, refit_method=estimator.method.value,
                            refit_note=note, runtime_s=time.perf_counter() - started)


def _safe_executor(executor: LocalExecutor | RayExecutor | None, estimator) -> LocalExecutor | RayExecutor:
    """The executor for the refits: one at a time in this process when none is given, or when
    the estimator's native code is not safe to run in parallel threads (synthetic control's
    NNLS with pandas' Arrow-backed text columns aborted the process with a double free)."""
    if executor is None or (not estimator.thread_safe and isinstance(executor, LocalExecutor)
                            and executor.prefer == "threads"):
        return LocalExecutor(n_jobs=1)
    return executor


@dataclass(frozen=True)
class _Simulate:
    """One simulation of check ``index`` (pickled once per batch or Ray task, with the data)."""

    refit: Refit

    def __call__(self, index: int, seed: int) -> float:
        checkpoint()  # a no-op in worker processes and threads (no check installed there)
        return CHECKS[index].simulate(self.refit, np.random.default_rng(seed))


def run_checks(refit: Refit, executor: LocalExecutor | RayExecutor, seed: int) -> list[RefutationCheck]:
    """Every check in CHECKS order: the simulations of all checks in one executor map (each
    with its own seed), then each check's verdict."""
    direct = [check.direct(refit) for check in CHECKS]
    roots = spawn_seeds(seed, len(CHECKS))
    simulated = [i for i, d in enumerate(direct) if d is None]
    items = [i for i in simulated for _ in range(refit.simulations)]
    seeds = [s for i in simulated for s in spawn_seeds(roots[i], refit.simulations)]
    values = executor.map(_Simulate(refit), items, seeds=seeds)
    out = []
    for i, check in enumerate(CHECKS):
        if direct[i] is not None:
            out.append(direct[i])
            continue
        start = simulated.index(i) * refit.simulations
        out.append(check.conclude(refit, values[start:start + refit.simulations]))
    return out


def _plain_estimand(q: EffectQuery) -> EstimandKind:
    return EstimandKind.ATE if q.estimand is EstimandKind.CATE else q.estimand
