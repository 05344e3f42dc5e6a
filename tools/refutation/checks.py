"""Falsification checks that re-run an estimate on modified data (point estimates only):
placebo treatment, random common cause, random subsets and the bootstrap.

Each check is one seeded simulation (``simulate(refit, rng)``: modify the data with
``rng``, refit, return the point estimate) repeated ``simulations`` times, and a verdict
on those values (``conclude``). Simulations are independent, each with its own generator,
so ``refute`` can run them on any executor and get the same numbers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import numpy as np
import pandas as pd

from tools.base import DataError, ToolInputError
from tools.estimation.effect import EffectResult
from tools.estimation.query import Design, EffectQuery
from tools.estimation.rdd import jump_at
from tools.estimation.registry import Estimator, Method, get_estimator
from tools.refutation.report import RefutationCheck

NOISE_COLUMN = "__random_common_cause__"
SUBSET_FRACTION = 0.8
_REFIT_ERRORS = (DataError, ToolInputError, ValueError, ArithmeticError, np.linalg.LinAlgError)


@dataclass
class Refit:
    """How to re-run the estimate quickly on modified data, and the reference result the
    refits are compared with (the original estimate, or the substitute estimator's own
    full-data estimate when refits use a faster method)."""

    df: pd.DataFrame
    query: EffectQuery
    estimator: Estimator
    reference: EffectResult
    simulations: int

    @property
    def se(self) -> float:
        if self.reference.std_error:
            return float(self.reference.std_error)
        return float((self.reference.ci_high - self.reference.ci_low) / 3.92)

    def point(self, df: pd.DataFrame, query: EffectQuery | None = None, estimator: Estimator | None = None) -> float:
        try:
            return float((estimator or self.estimator)(df, query or self.query).estimate)
        except _REFIT_ERRORS:
            return float("nan")

    def cluster_column(self) -> str | None:
        return self.query.unit if self.query.design is Design.DID else None

    @cached_property
    def clusters(self) -> tuple[list, dict]:
        """(cluster keys, row positions per key) for resampling whole units."""
        groups = self.df.groupby(self.cluster_column()).indices
        return list(groups), groups

    @cached_property
    def treatment_paths(self) -> pd.Series:
        """The treatment of each unit (per period, when there is one), for unit permutations."""
        q = self.query
        period = q.time or q.post
        keys = [q.unit, period] if period else q.unit
        return self.df.groupby(keys)[q.treatment].first()


def _fmt(v: float) -> str:
    return f"{v:.4g}"


def _finite(values: list[float]) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    return arr[np.isfinite(arr)]


def _too_many_failures(name: str, values: np.ndarray, wanted: int) -> RefutationCheck | None:
    if len(values) >= max(2, wanted // 2):
        return None
    return RefutationCheck(name, None, False, f"{name}: only {len(values)} of {wanted} refits succeeded.",
                           {"succeeded": int(len(values))})


# ---- placebo ---------------------------------------------------------------------------

def _permute_column(refit: Refit, column: str, rng: np.random.Generator) -> float:
    df = refit.df.copy()
    df[column] = rng.permutation(df[column].to_numpy())
    return refit.point(df)


def _permute_units(refit: Refit, rng: np.random.Generator) -> float:
    """Give each unit another unit's treatment path (keeps the panel structure)."""
    q = refit.query
    if q.unit is None:
        return _permute_column(refit, q.treatment, rng)
    period = q.time or q.post
    base = refit.df
    keys = base[q.unit].to_numpy()
    units = pd.unique(keys)
    source = pd.Series(keys).map(dict(zip(units, rng.permutation(units))))
    if period:
        idx = pd.MultiIndex.from_arrays([source.to_numpy(), base[period].to_numpy()])
        new = refit.treatment_paths.reindex(idx).to_numpy()
    else:
        new = refit.treatment_paths.reindex(source.to_numpy()).to_numpy()
    df = base.copy()
    df[q.treatment] = np.where(pd.isna(new), 0, new).astype(float)
    return refit.point(df)


def _placebo_name(q: EffectQuery) -> str:
    return "placebo_outcome" if q.design is Design.IV else "placebo_treatment"


def placebo_draw(refit: Refit, rng: np.random.Generator) -> float:
    """One placebo refit: the cause replaced by noise (permuted treatment; permuted outcome
    for IV, which keeps the first stage; unit-level permutation for DiD)."""
    q = refit.query
    if q.design is Design.IV:
        return _permute_column(refit, q.outcome, rng)
    if q.design is Design.DID:
        return _permute_units(refit, rng)
    return _permute_column(refit, q.treatment, rng)


def placebo_direct(refit: Refit) -> RefutationCheck | None:
    """RDD uses deterministic placebo cutoffs instead of simulations."""
    return _placebo_cutoffs(refit) if refit.query.design is Design.RDD else None


def placebo(refit: Refit, values: list[float]) -> RefutationCheck:
    """Placebo effects should be ~0."""
    name = _placebo_name(refit.query)
    vals = _finite(values)
    failed = _too_many_failures(name, vals, refit.simulations)
    if failed:
        return failed
    est = refit.reference.estimate
    mean, sd = float(vals.mean()), float(vals.std(ddof=1))
    passed = abs(mean) <= max(3 * sd / np.sqrt(len(vals)), 0.1 * abs(est))
    p_perm = (1 + int(np.sum(np.abs(vals) >= abs(est)))) / (1 + len(vals))
    what = "outcome" if name == "placebo_outcome" else "treatment"
    summary = (f"Placebo {what} (permuted, {len(vals)} runs): mean effect {_fmt(mean)} (sd {_fmt(sd)}) vs the "
               f"estimate {_fmt(est)}" + ("; consistent with zero." if passed else "; NOT close to zero: the "
                                          "estimator finds an effect where none exists."))
    return RefutationCheck(name, mean, bool(passed), summary,
                           {"mean": mean, "sd": sd, "max_abs": float(np.abs(vals).max()),
                            "permutation_p": p_perm, "runs": int(len(vals))})


def _placebo_cutoffs(refit: Refit) -> RefutationCheck:
    q = refit.query
    sub = refit.df[[q.running, q.outcome]].dropna()
    x, y = sub[q.running].to_numpy(float), sub[q.outcome].to_numpy(float)
    cutoff = refit.reference.details.get("cutoff", q.cutoff)
    results = []
    for side in (x < cutoff, x >= cutoff):
        placebo_c = float(np.median(x[side]))
        try:
            jump, se = jump_at(x[side], y[side], placebo_c)
        except _REFIT_ERRORS:
            continue
        results.append({"cutoff": placebo_c, "jump": jump, "se": se})
    if not results:
        return RefutationCheck("placebo_cutoffs", None, None, "Placebo cutoffs: too few units on each side.")
    est = refit.reference.estimate
    passed = all(abs(r["jump"]) <= max(2.576 * r["se"], 0.1 * abs(est)) for r in results)
    text = ", ".join(f"{_fmt(r['jump'])} at {_fmt(r['cutoff'])}" for r in results)
    summary = (f"Placebo cutoffs (medians of each side): jumps {text} vs the estimate {_fmt(est)}"
               + ("; no spurious discontinuity." if passed else "; a jump where there is no cutoff: the outcome "
                                                             "is not smooth in the running variable."))
    return RefutationCheck("placebo_cutoffs", float(np.mean([r["jump"] for r in results])), passed, summary,
                           {"placebos": results})


# ---- random common cause ------------------------------------------------------------------

def _noise_refit(refit: Refit) -> tuple[EffectQuery, Estimator, str]:
    q, estimator, note = refit.query, refit.estimator, ""
    if not estimator.uses_covariates:
        estimator = get_estimator(Method.LINEAR_REGRESSION)
        note = " (refit with linear regression, since the method ignores covariates)"
    return q.with_(covariates=q.covariates + (NOISE_COLUMN,)), estimator, note


def random_common_cause_draw(refit: Refit, rng: np.random.Generator) -> float:
    """One refit with an independent noise covariate added to the adjustment set."""
    query, estimator, _ = _noise_refit(refit)
    df = refit.df.copy()
    df[NOISE_COLUMN] = rng.standard_normal(len(df))
    return refit.point(df, query, estimator)


def random_common_cause_direct(refit: Refit) -> RefutationCheck | None:
    if refit.query.design is Design.RDD:
        return RefutationCheck("random_common_cause", None, None,
                               "Random common cause: not applicable (RDD does not adjust for covariates).")
    return None


def random_common_cause(refit: Refit, values: list[float]) -> RefutationCheck:
    """Adding a noise covariate should not move the estimate."""
    _, _, note = _noise_refit(refit)
    vals = _finite(values)
    failed = _too_many_failures("random_common_cause", vals, refit.simulations)
    if failed:
        return failed
    est, mean = refit.reference.estimate, float(vals.mean())
    shift = mean - est
    passed = abs(shift) <= max(0.5 * refit.se, 0.01 * abs(est))
    summary = (f"Random common cause{note}: estimate {_fmt(mean)} vs {_fmt(est)} (shift {_fmt(shift)}, "
               f"{abs(shift) / refit.se:.2f} SE)" + ("; stable." if passed else "; UNSTABLE."))
    return RefutationCheck("random_common_cause", mean, bool(passed), summary,
                           {"mean": mean, "shift": shift, "shift_in_se": abs(shift) / refit.se, "runs": int(len(vals))})


# ---- resampling -------------------------------------------------------------------------

def _resample(refit: Refit, rng: np.random.Generator, replace: bool) -> float:
    """One refit on a bootstrap resample (``replace``) or an 80 % subset, of rows or, for
    panels, of whole units."""
    df = refit.df
    if refit.cluster_column() is None:
        n = len(df)
        idx = rng.integers(0, n, n) if replace else rng.choice(n, int(SUBSET_FRACTION * n), replace=False)
        return refit.point(df.iloc[idx].reset_index(drop=True))
    cluster = refit.cluster_column()
    keys, groups = refit.clusters
    if replace:
        picked = rng.integers(0, len(keys), len(keys))
        members = [groups[keys[k]] for k in picked]
        sample = df.iloc[np.concatenate(members)].reset_index(drop=True)
        # a unit drawn twice becomes two units
        sample[cluster] = np.repeat(np.arange(len(members)), [len(m) for m in members])
    else:
        picked = rng.choice(len(keys), int(SUBSET_FRACTION * len(keys)), replace=False)
        sample = df.iloc[np.concatenate([groups[keys[k]] for k in picked])].reset_index(drop=True)
    return refit.point(sample)


def subset_draw(refit: Refit, rng: np.random.Generator) -> float:
    return _resample(refit, rng, replace=False)


def bootstrap_draw(refit: Refit, rng: np.random.Generator) -> float:
    return _resample(refit, rng, replace=True)


def data_subset(refit: Refit, values: list[float]) -> RefutationCheck:
    """Re-estimates on random 80 % subsets (of units, for panels) should stay near the estimate."""
    vals = _finite(values)
    failed = _too_many_failures("data_subset", vals, refit.simulations)
    if failed:
        return failed
    est, mean, sd = refit.reference.estimate, float(vals.mean()), float(vals.std(ddof=1))
    passed = abs(mean - est) <= max(0.5 * refit.se, 0.01 * abs(est))
    summary = (f"Random {int(100 * SUBSET_FRACTION)}% subsets ({len(vals)} runs): mean {_fmt(mean)} "
               f"(sd {_fmt(sd)}) vs {_fmt(est)}" + ("; stable." if passed else "; UNSTABLE across subsets."))
    return RefutationCheck("data_subset", mean, bool(passed), summary, {"mean": mean, "sd": sd, "runs": int(len(vals))})


def bootstrap_stability(refit: Refit, values: list[float]) -> RefutationCheck:
    """Bootstrap re-estimates: their mean should stay inside the CI and their spread should
    match the reported standard error (within a factor of 2, wider for few runs)."""
    vals = _finite(values)
    failed = _too_many_failures("bootstrap", vals, refit.simulations)
    if failed:
        return failed
    o = refit.reference
    mean, sd = float(vals.mean()), float(vals.std(ddof=1))
    ratio = sd / refit.se if refit.se > 0 else float("inf")
    inside = o.ci_low <= mean <= o.ci_high
    low, high = sd_ratio_bounds(len(vals))
    passed = inside and low <= ratio <= high
    summary = (f"Bootstrap ({len(vals)} runs): mean {_fmt(mean)}, sd {_fmt(sd)} vs reported SE {_fmt(refit.se)}"
               + ("; consistent." if passed else
                  ("; the reported CI looks mis-calibrated." if inside else "; the mean leaves the reported CI.")))
    return RefutationCheck("bootstrap", mean, bool(passed), summary,
                           {"mean": mean, "sd": sd, "sd_over_se": ratio, "accepted_ratio": [low, high],
                            "runs": int(len(vals))})


def sd_ratio_bounds(runs: int) -> tuple[float, float]:
    """Accepted range of (bootstrap SD / reported SE): the central 99.8 % of a sample SD
    from ``runs`` normal draws, and never narrower than a factor of 2 either way."""
    from scipy.special import chdtri

    dof = max(runs - 1, 1)
    low = float(np.sqrt(chdtri(dof, 0.999) / dof))
    high = float(np.sqrt(chdtri(dof, 0.001) / dof))
    return min(0.5, low), max(2.0, high)


def _simulated_only(refit: Refit) -> RefutationCheck | None:
    return None


@dataclass(frozen=True)
class Check:
    """A refutation check: ``simulate`` one seeded refit, ``conclude`` from all of them;
    ``direct`` gives the result without simulations when the design calls for that
    (deterministic placebo cutoffs, or not applicable), else None."""

    name: str
    simulate: Callable[[Refit, np.random.Generator], float]
    conclude: Callable[[Refit, list[float]], RefutationCheck]
    direct: Callable[[Refit], RefutationCheck | None] = _simulated_only


CHECKS: tuple[Check, ...] = (
    Check("placebo", placebo_draw, placebo, placebo_direct),
    Check("random_common_cause", random_common_cause_draw, random_common_cause, random_common_cause_direct),
    Check("data_subset", subset_draw, data_subset),
    Check("bootstrap", bootstrap_draw, bootstrap_stability),
)
