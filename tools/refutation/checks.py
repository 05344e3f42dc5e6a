"""Falsification checks that re-run an estimate on modified data (point estimates only):
placebo treatment, random common cause, random subsets and the bootstrap. Every random
step draws from one seeded generator."""

from __future__ import annotations

from dataclasses import dataclass
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
    rng: np.random.Generator

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

def _permute_column(refit: Refit, column: str) -> list[float]:
    out = []
    for _ in range(refit.simulations):
        df = refit.df.copy()
        df[column] = refit.rng.permutation(df[column].to_numpy())
        out.append(refit.point(df))
    return out


def _permute_units(refit: Refit) -> list[float]:
    """Give each unit another unit's treatment path (keeps the panel structure)."""
    q = refit.query
    if q.unit is None:
        return _permute_column(refit, q.treatment)
    period = q.time or q.post
    base = refit.df
    keys = base[q.unit].to_numpy()
    units = pd.unique(keys)
    lookup = base.groupby([q.unit, period])[q.treatment].first() if period else base.groupby(q.unit)[q.treatment].first()
    out = []
    for _ in range(refit.simulations):
        mapping = dict(zip(units, refit.rng.permutation(units)))
        source = pd.Series(keys).map(mapping)
        if period:
            idx = pd.MultiIndex.from_arrays([source.to_numpy(), base[period].to_numpy()])
            new = lookup.reindex(idx).to_numpy()
        else:
            new = lookup.reindex(source.to_numpy()).to_numpy()
        df = base.copy()
        df[q.treatment] = np.where(pd.isna(new), 0, new).astype(float)
        out.append(refit.point(df))
    return out


def placebo(refit: Refit) -> RefutationCheck:
    """Replace the cause by noise (permuted treatment; permuted outcome for IV, which keeps the
    first stage; unit-level permutation for DiD; placebo cutoffs for RDD): effect ~ 0."""
    q = refit.query
    if q.design is Design.RDD:
        return _placebo_cutoffs(refit)
    if q.design is Design.IV:
        name, values = "placebo_outcome", _permute_column(refit, q.outcome)
    elif q.design is Design.DID:
        name, values = "placebo_treatment", _permute_units(refit)
    else:
        name, values = "placebo_treatment", _permute_column(refit, q.treatment)
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

def random_common_cause(refit: Refit) -> RefutationCheck:
    """Add an independent noise covariate to the adjustment set: the estimate should not move."""
    q = refit.query
    if q.design is Design.RDD:
        return RefutationCheck("random_common_cause", None, None,
                               "Random common cause: not applicable (RDD does not adjust for covariates).")
    estimator, note = refit.estimator, ""
    if not estimator.uses_covariates:
        estimator = get_estimator(Method.LINEAR_REGRESSION)
        note = " (refit with linear regression, since the method ignores covariates)"
    query = q.with_(covariates=q.covariates + (NOISE_COLUMN,))
    values = []
    for _ in range(refit.simulations):
        df = refit.df.copy()
        df[NOISE_COLUMN] = refit.rng.standard_normal(len(df))
        values.append(refit.point(df, query, estimator))
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

def _resample(refit: Refit, replace: bool) -> list[float]:
    cluster = refit.cluster_column()
    df = refit.df
    values = []
    if cluster is None:
        n = len(df)
        for _ in range(refit.simulations):
            idx = (refit.rng.integers(0, n, n) if replace
                   else refit.rng.choice(n, int(SUBSET_FRACTION * n), replace=False))
            values.append(refit.point(df.iloc[idx].reset_index(drop=True)))
        return values
    groups = df.groupby(cluster).indices
    keys = list(groups)
    for _ in range(refit.simulations):
        if replace:
            picked = refit.rng.integers(0, len(keys), len(keys))
            members = [groups[keys[k]] for k in picked]
            sample = df.iloc[np.concatenate(members)].reset_index(drop=True)
            # a unit drawn twice becomes two units
            sample[cluster] = np.repeat(np.arange(len(members)), [len(m) for m in members])
        else:
            picked = refit.rng.choice(len(keys), int(SUBSET_FRACTION * len(keys)), replace=False)
            sample = df.iloc[np.concatenate([groups[keys[k]] for k in picked])].reset_index(drop=True)
        values.append(refit.point(sample))
    return values


def data_subset(refit: Refit) -> RefutationCheck:
    """Re-estimate on random 80 % subsets (of units, for panels): the estimate should hold."""
    vals = _finite(_resample(refit, replace=False))
    failed = _too_many_failures("data_subset", vals, refit.simulations)
    if failed:
        return failed
    est, mean, sd = refit.reference.estimate, float(vals.mean()), float(vals.std(ddof=1))
    passed = abs(mean - est) <= max(0.5 * refit.se, 0.01 * abs(est))
    summary = (f"Random {int(100 * SUBSET_FRACTION)}% subsets ({len(vals)} runs): mean {_fmt(mean)} "
               f"(sd {_fmt(sd)}) vs {_fmt(est)}" + ("; stable." if passed else "; UNSTABLE across subsets."))
    return RefutationCheck("data_subset", mean, bool(passed), summary, {"mean": mean, "sd": sd, "runs": int(len(vals))})


def bootstrap_stability(refit: Refit) -> RefutationCheck:
    """Bootstrap the estimate: its mean should stay inside the CI and its spread should
    match the reported standard error (within a factor of 2, wider for few runs)."""
    vals = _finite(_resample(refit, replace=True))
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


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[Refit], RefutationCheck]


CHECKS: tuple[Check, ...] = (
    Check("placebo", placebo),
    Check("random_common_cause", random_common_cause),
    Check("data_subset", data_subset),
    Check("bootstrap", bootstrap_stability),
)
