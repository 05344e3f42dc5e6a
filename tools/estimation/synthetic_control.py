"""Synthetic control (Abadie, Diamond & Hainmueller 2010, JASA 105(490)): one or a few
treated units followed over time; each treated unit's untreated path is a convex
combination of never-treated donors that matches its pre-treatment outcomes.

Weights minimise the pre-period squared error under w >= 0, sum(w) = 1 (non-negative least
squares with the sum constraint enforced by a heavily weighted extra row). The effect is the
mean post-period gap, averaged over treated units. Inference is by placebos in space: every
donor is treated as if treated at the same time; the p-value is the treated unit's rank
among post/pre RMSPE ratios, and the interval is the estimate minus the 2.5-97.5 % placebo
gaps (a permutation interval; with few donors it is coarse, and says so).

Why our own ~100 lines rather than a package: the outcome-only estimator is a constrained
least-squares problem SciPy already solves; the packages checked (pysyncon, scpi-pkg,
mlsynth) need a predictor specification per study and bring plotting and solver stacks the
agent does not need."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from tools.base import DataError, ToolInputError
from tools.estimation.effect import EffectResult
from tools.estimation.inference import build_result
from tools.estimation.query import EffectQuery

ASSUMPTIONS = ["No interference and no anticipation: donors are unaffected by the treatment, and the treated "
               "unit's outcome did not react before it started.",
               "The weighted donors that match the treated unit before treatment would have kept matching it "
               "without the treatment (no post-treatment shock specific to the treated unit)."]
SUM_WEIGHT = 1e3


def simplex_weights(donors_pre: np.ndarray, treated_pre: np.ndarray) -> np.ndarray:
    """w >= 0, sum(w) = 1, minimising ||donors_pre @ w - treated_pre||."""
    if not (np.isfinite(donors_pre).all() and np.isfinite(treated_pre).all()) or donors_pre.size == 0:
        # scipy's nnls aborts the whole process (double free) on a missing value: never pass one
        raise DataError("Synthetic control needs complete donor and treated series before treatment.")
    scale = max(1.0, float(np.abs(treated_pre).max()))
    A = np.vstack([donors_pre / scale, SUM_WEIGHT * np.ones((1, donors_pre.shape[1]))])
    b = np.concatenate([treated_pre / scale, [SUM_WEIGHT]])
    w, _ = nnls(A, b, maxiter=50 * A.shape[1])
    return w / w.sum() if w.sum() > 0 else np.full(len(w), 1.0 / len(w))


def _gap(wide: pd.DataFrame, unit, donors: list, start) -> tuple[float, float, np.ndarray]:
    """(mean post gap, post/pre RMSPE ratio, weights) for ``unit`` against ``donors``. Periods
    the unit misses and donors with a gap are left out (a resampled panel has holes)."""
    wide = wide.loc[wide[unit].notna()]
    donors = [d for d in donors if wide[d].notna().all()]
    pre, post = wide.index < start, wide.index >= start
    w = simplex_weights(wide.loc[pre, donors].to_numpy(), wide.loc[pre, unit].to_numpy())
    synthetic = wide[donors].to_numpy() @ w
    gaps = wide[unit].to_numpy() - synthetic
    pre_rmspe = float(np.sqrt(np.mean(gaps[pre] ** 2))) or 1e-12
    post_rmspe = float(np.sqrt(np.mean(gaps[post] ** 2)))
    return float(gaps[post].mean()), post_rmspe / pre_rmspe, w


def synthetic_control(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    if q.unit is None or q.time is None:
        raise ToolInputError("Synthetic control needs unit='<unit column>' and time='<period column>'.")
    frame = df[[q.unit, q.time, q.treatment, q.outcome]].dropna()
    t = pd.to_numeric(frame[q.treatment], errors="coerce")
    on = t > t.min()
    treated = sorted(frame.loc[on, q.unit].unique().tolist())
    donors = sorted(set(frame[q.unit].unique()) - set(treated))
    if not treated or len(donors) < 2:
        raise DataError(f"Synthetic control needs treated units and at least 2 never-treated donors; found "
                        f"{len(treated)} treated and {len(donors)} donors in {q.unit!r}.")
    wide = frame.pivot_table(index=q.time, columns=q.unit, values=q.outcome, aggfunc="mean").sort_index()
    wide = wide.dropna(axis=1)
    donors = [d for d in donors if d in wide.columns]
    starts = frame.loc[on].groupby(q.unit)[q.time].min()
    effects, weights, notes = [], {}, []
    for unit in treated:
        if unit not in wide.columns:
            notes.append(f"treated unit {unit!r} has gaps in its outcome series and was skipped")
            continue
        start = starts[unit]
        if (wide.index < start).sum() < 2:
            notes.append(f"treated unit {unit!r} has fewer than 2 pre-treatment periods and was skipped")
            continue
        gap, ratio, w = _gap(wide, unit, donors, start)
        effects.append((unit, start, gap, ratio))
        weights[str(unit)] = {str(d): round(float(x), 4) for d, x in zip(donors, w) if x > 1e-3}
    if not effects:
        raise DataError("No treated unit has a complete outcome series with at least 2 pre-treatment periods.")
    estimate = float(np.mean([e[2] for e in effects]))
    placebo = [_gap(wide, d, [x for x in donors if x != d], effects[0][1]) for d in donors]
    placebo_gaps = np.array([p[0] for p in placebo])
    ratios = np.array([p[1] for p in placebo])
    treated_ratio = float(np.mean([e[3] for e in effects]))
    p_value = float((1 + np.sum(ratios >= treated_ratio)) / (1 + len(ratios)))
    lo, hi = np.quantile(placebo_gaps, [0.025, 0.975])
    warnings = [] if len(donors) >= 19 else [
        f"Only {len(donors)} donors: the placebo p-value cannot go below {1 / (1 + len(donors)):.2f} and the "
        "interval is coarse."]
    details = {"design": "synthetic control", "treated_units": [str(e[0]) for e in effects],
               "treatment_start": {str(e[0]): _plain(e[1]) for e in effects}, "weights": weights,
               "post_pre_rmspe_ratio": treated_ratio, "n_donors": len(donors),
               "inference": "placebo in space (permutation interval)"}
    return build_result(q, estimate=estimate, se=None, method="synthetic control", estimand="ATT",
                        n=len(frame), ci=(estimate - hi, estimate - lo), p_value=p_value,
                        strategy="synthetic_control", details=details, notes=notes, warnings=warnings,
                        assumptions=ASSUMPTIONS)


def _plain(v):
    return v.item() if hasattr(v, "item") else v
