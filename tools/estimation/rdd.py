"""Regression discontinuity: local linear regression on each side of the cutoff with a
triangular kernel and the Imbens-Kalyanaraman (2012) bandwidth; sharp or fuzzy.

Assumes the potential outcomes are continuous in the running variable at the cutoff
(no other change happens there, and units cannot sort precisely around it). The estimate
is local to units at the cutoff. Fuzzy designs (treatment take-up jumps by less than
100 %) use the cutoff as an instrument (2SLS in the same window) and identify the effect
for compliers at the cutoff. CIs are conventional (not bias-corrected)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tools.base import DataError, ToolInputError
from tools.estimation.effect import EffectResult
from tools.estimation.data import prepare
from tools.estimation.inference import build_result
from tools.estimation.linear import ols, tsls
from tools.estimation.query import EffectQuery

SHARP_AGREEMENT = 0.99
MIN_SIDE = 10
TRIANGULAR_CK = 3.4375

ASSUMPTIONS = ["Continuity: without the treatment, the average outcome would change smoothly through the cutoff.",
               "No precise manipulation of the running variable around the cutoff."]


def regression_discontinuity(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """Effect of the treatment at the cutoff of ``q.running`` (``q.cutoff``, inferred from the
    treatment switch when None). Covariates are not used: identification is by continuity."""
    if q.running is None:
        raise ToolInputError("RDD needs running='<running variable column>' (and cutoff=<number> if known).")
    prep = prepare(df, q.with_(covariates=()))
    x = prep.frame[q.running].to_numpy(dtype=float)
    t = prep.t.astype(float)
    notes = list(prep.notes)
    if q.covariates:
        notes.append("covariates not used: RDD identifies the effect by continuity at the cutoff")
    cutoff = q.cutoff
    if cutoff is None:
        cutoff, _ = infer_cutoff(x, t)
        notes.append(f"cutoff inferred from the data as {cutoff:g} (where {q.treatment!r} switches)")
    above = x >= cutoff
    if above.sum() < MIN_SIDE or (~above).sum() < MIN_SIDE:
        raise DataError(f"Fewer than {MIN_SIDE} units on one side of cutoff {cutoff:g} in {q.running!r}; "
                        "check the cutoff.")
    treated_side = above if t[above].mean() >= t[~above].mean() else ~above
    z = treated_side.astype(float)
    agreement = float(np.mean(z == t)) if set(np.unique(t)) <= {0.0, 1.0} else 0.0
    sharp = agreement >= SHARP_AGREEMENT
    xc = x - cutoff
    h = ik_bandwidth(xc, prep.y)
    h = _ensure_support(xc, h)
    est, se, df_, info = _local_fit(xc, prep.y, t, z, h, sharp)
    half, _, _, _ = _local_fit(xc, prep.y, t, z, _ensure_support(xc, h / 2), sharp)
    double, _, _, _ = _local_fit(xc, prep.y, t, z, 2 * h, sharp)
    details = {"cutoff": float(cutoff), "bandwidth": float(h), "kernel": "triangular", "sharp": sharp,
               "share_on_assigned_side": agreement, "treated_side": "above" if treated_side[above].all() else "below",
               "estimate_half_bandwidth": half, "estimate_double_bandwidth": double, **info}
    warnings = []
    if not sharp and info.get("first_stage_jump", 1.0) < 0.1:
        warnings.append(f"Treatment take-up jumps by only {info['first_stage_jump']:.2f} at the cutoff: the "
                        "fuzzy RDD estimate is unstable (weak instrument).")
    assumptions = list(ASSUMPTIONS) + ([] if sharp else ["Fuzzy design: the cutoff affects the outcome only "
                                                         "through take-up, and nobody refuses because eligible."])
    estimand = "ATE at the cutoff" if sharp else "LATE at the cutoff (compliers)"
    method = "regression discontinuity (local linear, " + ("sharp)" if sharp else "fuzzy)")
    return build_result(q, estimate=est, se=se, method=method, estimand=estimand, n=prep.n, df=df_,
                        strategy="rdd", details=details, notes=notes, warnings=warnings, assumptions=assumptions)


def jump_at(x: np.ndarray, y: np.ndarray, cutoff: float, bandwidth: float | None = None) -> tuple[float, float]:
    """(jump, robust SE) of y at ``cutoff`` of x by local linear regression (triangular
    kernel, IK bandwidth unless given). Used for placebo cutoffs."""
    xc = np.asarray(x, dtype=float) - cutoff
    y = np.asarray(y, dtype=float)
    if (xc >= 0).sum() < MIN_SIDE or (xc < 0).sum() < MIN_SIDE:
        raise DataError(f"Fewer than {MIN_SIDE} units on one side of {cutoff:g}.")
    h = _ensure_support(xc, bandwidth if bandwidth is not None else ik_bandwidth(xc, y))
    z = (xc >= 0).astype(float)
    est, se, _, _ = _local_fit(xc, y, z, z, h, True)
    return est, se


def _local_fit(xc, y, t, z, h, sharp) -> tuple[float, float, int, dict]:
    w = np.clip(1 - np.abs(xc) / h, 0, None)
    m = w > 0
    xw, yw, tw, zw, ww = xc[m], y[m], t[m], z[m], w[m]
    slopes = np.column_stack([xw, zw * xw])
    if sharp:
        fit = ols(np.column_stack([np.ones(m.sum()), zw, slopes]), yw, weights=ww)
        return float(fit.beta[1]), fit.se(1), fit.df_resid, {"n_in_window": int(m.sum())}
    first = ols(np.column_stack([np.ones(m.sum()), zw, slopes]), tw, weights=ww)
    fit = tsls(np.column_stack([np.ones(m.sum()), tw, slopes]), np.column_stack([np.ones(m.sum()), zw, slopes]),
               yw, weights=ww)
    return float(fit.beta[1]), fit.se(1), fit.df_resid, {"n_in_window": int(m.sum()),
                                                          "first_stage_jump": float(first.beta[1])}


def _ensure_support(xc: np.ndarray, h: float) -> float:
    """Widen the bandwidth until each side has MIN_SIDE units with positive weight."""
    for side in (xc >= 0, xc < 0):
        dist = np.sort(np.abs(xc[side]))
        if len(dist) >= MIN_SIDE:
            h = max(h, float(dist[MIN_SIDE - 1]) * 1.0001)
    return h


def ik_bandwidth(xc: np.ndarray, y: np.ndarray) -> float:
    """Imbens-Kalyanaraman (2012) MSE-optimal bandwidth for local linear RDD (triangular
    kernel), with the running variable centred at the cutoff."""
    n = len(xc)
    left, right = xc < 0, xc >= 0
    h1 = 1.84 * np.std(xc, ddof=1) * n ** (-0.2)
    wl, wr = left & (xc >= -h1), right & (xc <= h1)
    if wl.sum() < 3 or wr.sum() < 3:
        return float(np.ptp(xc) / 4)
    f0 = (wl.sum() + wr.sum()) / (2 * n * h1)
    var_l, var_r = np.var(y[wl], ddof=1), np.var(y[wr], ddof=1)
    cubic = np.column_stack([np.ones(n), right.astype(float), xc, xc ** 2, xc ** 3])
    third = 6 * np.linalg.lstsq(cubic, y, rcond=None)[0][4]
    h2_l = 3.56 * (var_l / (f0 * max(third ** 2, 0.01))) ** (1 / 7) * left.sum() ** (-1 / 7)
    h2_r = 3.56 * (var_r / (f0 * max(third ** 2, 0.01))) ** (1 / 7) * right.sum() ** (-1 / 7)
    curv = {}
    for name, side, h2 in (("l", left, h2_l), ("r", right, h2_r)):
        m = side & (np.abs(xc) <= h2)
        if m.sum() < 4:
            m = side
        quad = np.column_stack([np.ones(m.sum()), xc[m], xc[m] ** 2])
        curv[name] = (2 * np.linalg.lstsq(quad, y[m], rcond=None)[0][2], int(m.sum()), h2)
    (m2_l, n_l, h2_l), (m2_r, n_r, h2_r) = curv["l"], curv["r"]
    reg = 2160 * var_r / (n_r * h2_r ** 4) + 2160 * var_l / (n_l * h2_l ** 4)
    h = TRIANGULAR_CK * ((var_l + var_r) / (f0 * ((m2_r - m2_l) ** 2 + reg))) ** 0.2 * n ** (-0.2)
    return float(h)


def infer_cutoff(x: np.ndarray, t: np.ndarray) -> tuple[float, float]:
    """The threshold of ``x`` that best separates treated from untreated (either direction),
    rounded to the simplest number in the gap. Returns (cutoff, share of units it classifies)."""
    t = np.asarray(t, dtype=float)
    if set(np.unique(t)) - {0.0, 1.0}:
        raise ToolInputError("Cannot infer the cutoff for a non-binary treatment; pass cutoff=<number>.")
    order = np.argsort(x, kind="stable")
    xs, ts = x[order], t[order]
    n = len(xs)
    zeros_below = np.concatenate([[0], np.cumsum(1 - ts)])
    ones_above = np.concatenate([[0], np.cumsum(ts[::-1])])[::-1]
    ones_below = np.concatenate([[0], np.cumsum(ts)])
    zeros_above = np.concatenate([[0], np.cumsum((1 - ts)[::-1])])[::-1]
    score = np.maximum(zeros_below + ones_above, ones_below + zeros_above)
    valid = np.zeros(n + 1, bool)
    valid[1:n] = xs[1:] > xs[:-1]
    score = np.where(valid, score, -1)
    k = int(np.argmax(score))
    return _simplest_between(xs[k - 1], xs[k]), float(score[k] / n)


def _simplest_between(lo: float, hi: float) -> float:
    """The number with fewest decimals in (lo, hi]."""
    for d in range(0, 10):
        scale = 10.0 ** d
        v = np.floor(lo * scale) / scale + 1 / scale
        if lo < v <= hi:
            return float(round(v, d))
    return float((lo + hi) / 2)
