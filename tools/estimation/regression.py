"""Difference in means and regression adjustment (OLS with HC1 robust standard errors).

Binary or multi-valued treatment with covariates: a fully interacted regression per
treatment arm (Lin 2013), standardised over the target population (g-formula), so ATE,
ATT, ATC and subgroup CATEs are averages of unit-level predicted contrasts; the delta
method plus the sampling variance of those contrasts gives the standard error.
Continuous treatment: the slope of an additive linear model, times (t1 - t0).
Assumes the adjustment set blocks all confounding and the outcome model is linear in
the covariates (within each arm)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from tools.base import ToolInputError
from tools.estimation.data import Prepared, TreatmentKind, prepare, subgroup_labels
from tools.estimation.effect import EffectResult
from tools.estimation.inference import build_result, contrast_label, normal_interval, subgroup_row
from tools.estimation.linear import add_intercept, ols, ols_beta
from tools.estimation.query import Design, EffectQuery, EstimandKind

LINEARITY_P = 0.01


def difference_in_means(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """Mean outcome of treated minus untreated (Welch SE). Valid when treatment is
    randomised or nothing confounds it (empty adjustment set); then ATE = ATT = ATC."""
    prep = prepare(df, q.with_(covariates=()))
    if prep.kind is TreatmentKind.CONTINUOUS:
        raise ToolInputError(f"difference_in_means needs a binary or multi-valued treatment; {q.treatment!r} "
                             "is continuous. Use method='linear_regression'.")
    low, high = _contrast_levels(prep, q)
    est, se, n = _welch(prep.y, prep.t, low, high, prep.kind)
    subgroups = []
    if q.subgroup is not None:
        groups = subgroup_labels(prep.frame[q.subgroup])
        for level in sorted(groups.unique(), key=str):
            m = (groups == level).to_numpy()
            try:
                g_est, g_se, g_n = _welch(prep.y[m], prep.t[m], low, high, prep.kind)
            except ValueError:
                continue
            subgroups.append(subgroup_row(q.subgroup, level, g_est, g_se, g_n))
    label = _binary_label(q) if prep.kind is TreatmentKind.BINARY else f"effect of {q.treatment}={high} vs {low}"
    means = {"treated_mean": float(prep.y[_arm(prep, high)].mean()),
             "control_mean": float(prep.y[_arm(prep, low)].mean())}
    return build_result(q, estimate=est, se=se, method="difference in means", estimand=label, n=prep.n,
                        details={**means, "levels": [str(low), str(high)]}, notes=prep.notes,
                        subgroups=subgroups, assumptions=["No confounding: treatment is as good as random."])


def linear_regression(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """Regression adjustment (see module docstring). Continuous treatment: slope x (t1 - t0)."""
    prep = prepare(df, q)
    if prep.kind is TreatmentKind.CONTINUOUS:
        return _continuous(prep, q)
    return _arms(prep, q)


def _arm(prep: Prepared, level) -> np.ndarray:
    if prep.kind is TreatmentKind.BINARY:
        return prep.t == (1.0 if level == prep.levels[1] else 0.0)
    return prep.t == level


def _contrast_levels(prep: Prepared, q: EffectQuery):
    """(control level, treated level) of the reported contrast."""
    if prep.kind is TreatmentKind.BINARY:
        return prep.levels[0], prep.levels[1]
    by_value = {str(v): v for v in prep.levels}

    def find(v, default):
        if v is None:
            return default
        for lev in prep.levels:
            try:
                if float(lev) == float(v):
                    return lev
            except (TypeError, ValueError):
                if str(lev) == str(v):
                    return lev
        raise ToolInputError(f"t0/t1 = {v!r} is not a level of {q.treatment!r}; levels: {list(by_value)}.")
    return find(q.t0, prep.levels[0]), find(q.t1, prep.levels[-1])


def _welch(y: np.ndarray, t: np.ndarray, low, high, kind: TreatmentKind) -> tuple[float, float, int]:
    a = (t == 1.0) if kind is TreatmentKind.BINARY else (t == high)
    b = (t == 0.0) if kind is TreatmentKind.BINARY else (t == low)
    if a.sum() < 2 or b.sum() < 2:
        raise ValueError("fewer than 2 units in an arm")
    y1, y0 = y[a], y[b]
    se = np.sqrt(y1.var(ddof=1) / len(y1) + y0.var(ddof=1) / len(y0))
    return float(y1.mean() - y0.mean()), float(se), int(a.sum() + b.sum())


def _binary_label(q: EffectQuery) -> str:
    return q.estimand.value if q.estimand is not EstimandKind.CATE else "ATE"


def _arm_design(prep: Prepared, interacted: bool) -> tuple[np.ndarray, list, np.ndarray]:
    """Columns: intercept, one dummy per non-reference arm, centred covariates, and
    (when interacted) arm x covariate products. Returns (design, arms, centred X)."""
    arms = [1.0] if prep.kind is TreatmentKind.BINARY else list(prep.levels[1:])
    ref_is = (prep.t == 0.0) if prep.kind is TreatmentKind.BINARY else (prep.t == prep.levels[0])
    D = np.column_stack([(prep.t == a) & ~ref_is for a in arms]).astype(float)
    Xc = prep.X - prep.X.mean(axis=0)
    blocks = [np.ones((prep.n, 1)), D, Xc]
    if interacted and prep.p:
        blocks += [D[:, [j]] * Xc for j in range(D.shape[1])]
    return np.hstack(blocks), arms, Xc


def _arm_index(prep: Prepared, level, arms: list) -> int | None:
    """Position of an arm's dummy among the arm dummies (None for the reference arm)."""
    if prep.kind is TreatmentKind.BINARY:
        return 0 if level == prep.levels[1] else None
    return None if level == prep.levels[0] else arms.index(level)


def _arms(prep: Prepared, q: EffectQuery) -> EffectResult:
    low, high = _contrast_levels(prep, q)
    n_arms = len(prep.levels)
    smallest = min(int(_arm(prep, lev).sum()) for lev in prep.levels)
    interacted = prep.p > 0 and smallest >= 2 * (prep.p + 1)
    design, arms, Xc = _arm_design(prep, interacted)
    if not q.inference:
        rows = _contrast_rows(prep, arms, Xc, interacted, design.shape[1], _target_mask(prep, q, low, high),
                              low, high)
        return build_result(q, estimate=float(rows.mean(axis=0) @ ols_beta(design, prep.y)), se=None,
                            method="linear regression", estimand=q.estimand.value, n=prep.n)
    fit = ols(design, prep.y)
    notes = list(prep.notes)
    if prep.p and not interacted:
        notes.append(f"smallest arm has {smallest} units for {prep.p} covariates: used an additive model "
                     "(constant effect) instead of per-arm interactions")

    def estimate_on(mask: np.ndarray, lo, hi) -> tuple[float, float]:
        rows = _contrast_rows(prep, arms, Xc, interacted, design.shape[1], mask, lo, hi)
        est, se = fit.contrast(rows.mean(axis=0))
        if interacted and len(rows) > 1:
            # sampling variance of the covariate mix over which the contrasts are averaged
            se = float(np.sqrt(se ** 2 + (rows @ fit.beta).var(ddof=1) / len(rows)))
        return est, se

    target = _target_mask(prep, q, low, high)
    est, se = estimate_on(target, low, high)
    details: dict = {"interacted": interacted, "n_target": int(target.sum())}
    if interacted and prep.p:
        additive = ols(_arm_design(prep, False)[0], prep.y)
        j = _arm_index(prep, high, arms)
        i = _arm_index(prep, low, arms)
        coef = (additive.beta[1 + j] if j is not None else 0.0) - (additive.beta[1 + i] if i is not None else 0.0)
        details["additive_coefficient"] = float(coef)
    if n_arms > 2:
        everyone = np.ones(prep.n, dtype=bool)
        details["contrasts_vs_reference"] = []
        for level in prep.levels[1:]:
            c_est, c_se = estimate_on(everyone, prep.levels[0], level)
            lo_, hi_, p_ = normal_interval(c_est, c_se, fit.df_resid)
            details["contrasts_vs_reference"].append(
                {"contrast": f"{level} vs {prep.levels[0]}", "estimate": c_est, "ci_low": lo_, "ci_high": hi_,
                 "std_error": c_se, "p_value": p_})
    subgroups = []
    if q.subgroup is not None:
        groups = subgroup_labels(prep.frame[q.subgroup])
        for level in sorted(groups.unique(), key=str):
            m = (groups == level).to_numpy()
            if m.sum() < 2:
                continue
            g_est, g_se = estimate_on(m, low, high)
            subgroups.append(subgroup_row(q.subgroup, level, g_est, g_se, int(m.sum()), fit.df_resid))
    label = _binary_label(q) if prep.kind is TreatmentKind.BINARY else (
        f"{_binary_label(q)} of {q.treatment}={high} vs {low}")
    method = "linear regression (g-formula, interacted)" if interacted else (
        "linear regression" if prep.p else "difference in means (OLS)")
    if q.design is Design.RANDOMIZED:
        assumptions = ["The treatment was assigned at random; covariates only add precision."]
    elif prep.p:
        assumptions = ["The adjustment set blocks every backdoor path (no unmeasured confounding).",
                       "The outcome is linear in the covariates within each treatment arm."]
    else:
        assumptions = ["Nothing confounds the treatment (empty adjustment set)."]
    return build_result(q, estimate=est, se=se, method=method, estimand=label, n=prep.n, df=fit.df_resid,
                        details=details, notes=notes, subgroups=subgroups, assumptions=assumptions)


def _target_mask(prep: Prepared, q: EffectQuery, low, high) -> np.ndarray:
    if q.estimand is EstimandKind.ATT:
        return _arm(prep, high)
    if q.estimand is EstimandKind.ATC:
        return _arm(prep, low)
    return np.ones(prep.n, dtype=bool)


def _continuous(prep: Prepared, q: EffectQuery) -> EffectResult:
    if q.estimand in (EstimandKind.ATT, EstimandKind.ATC):
        raise ToolInputError(f"{q.estimand.value} needs a binary treatment; {q.treatment!r} is continuous. "
                             "Use estimand='ATE' with t0/t1 for the effect of a change from t0 to t1.")
    delta = 1.0 if q.t0 is None or q.t1 is None else float(q.t1 - q.t0)
    design = add_intercept(np.column_stack([prep.t, prep.X]))
    if not q.inference:
        return build_result(q, estimate=float(ols_beta(design, prep.y)[1]) * delta, se=None,
                            method="linear regression", estimand=contrast_label(q, q.t0, q.t1), n=prep.n)
    fit = ols(design, prep.y)
    slope, slope_se = fit.beta[1], fit.se(1)
    details: dict = {"slope": float(slope), "slope_se": float(slope_se), "delta_t": delta,
                     "t_range": [float(prep.t.min()), float(prep.t.max())]}
    warnings = _linearity_warnings(prep, q, details)
    subgroups = []
    if q.subgroup is not None:
        subgroups = _continuous_subgroups(prep, q, delta)
    return build_result(q, estimate=slope * delta, se=abs(delta) * slope_se, method="linear regression",
                        estimand=contrast_label(q, q.t0, q.t1), n=prep.n, df=fit.df_resid, details=details,
                        notes=prep.notes, subgroups=subgroups, warnings=warnings,
                        assumptions=["The effect of the treatment on the outcome is linear (the same for "
                                     "every one-unit change) and does not vary with the covariates.",
                                     *(["The adjustment set blocks every backdoor path."] if prep.p else [])])


def _linearity_warnings(prep: Prepared, q: EffectQuery, details: dict) -> list[str]:
    warnings = []
    tc = (prep.t - prep.t.mean()) / (prep.t.std() or 1.0)
    quad = ols(add_intercept(np.column_stack([tc, tc ** 2, prep.X])), prep.y)
    p_quad = normal_interval(quad.beta[2], quad.se(2), quad.df_resid)[2]
    details["quadratic_term_p"] = p_quad
    if np.isfinite(p_quad) and p_quad < LINEARITY_P:
        warnings.append(f"The outcome looks nonlinear in {q.treatment} (quadratic term p={p_quad:.2g}): the "
                        "linear slope is an average, and effects of specific changes may differ.")
    lo, hi = details["t_range"]
    for v in (q.t0, q.t1):
        if v is not None and not lo <= v <= hi:
            warnings.append(f"{q.treatment}={v:g} is outside the observed range [{lo:g}, {hi:g}]: "
                            "the effect is an extrapolation of the linear model.")
    return warnings


def _continuous_subgroups(prep: Prepared, q: EffectQuery, delta: float) -> list[dict]:
    groups = subgroup_labels(prep.frame[q.subgroup]).astype(str).to_numpy()
    levels = sorted(set(groups))
    G = np.column_stack([(groups == g).astype(float) for g in levels])
    design = np.hstack([G, G * prep.t[:, None], prep.X - prep.X.mean(axis=0)])
    fit = ols(design, prep.y)
    rows = []
    for j, level in enumerate(levels):
        k = len(levels) + j
        rows.append(subgroup_row(q.subgroup, level, fit.beta[k] * delta, abs(delta) * fit.se(k),
                                 int(G[:, j].sum()), fit.df_resid))
    return rows


def _contrast_rows(prep: Prepared, arms: list, Xc: np.ndarray, interacted: bool, width: int,
                   mask: np.ndarray, lo, hi) -> np.ndarray:
    """One row per target unit: the coefficients of its predicted contrast hi - lo."""
    rows = np.zeros((int(mask.sum()), width))
    for level, sign in ((hi, 1.0), (lo, -1.0)):
        j = _arm_index(prep, level, arms)
        if j is None:
            continue
        rows[:, 1 + j] += sign
        if interacted:
            start = 1 + len(arms) + prep.p + j * prep.p
            rows[:, start:start + prep.p] += sign * Xc[mask]
    return rows


def ols_coefficient(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """What an analyst means by "use linear regression": the coefficient on the treatment in
    OLS of the outcome on the treatment and the covariates (additive, no interactions), with
    HC1 robust standard errors. For a binary treatment it weights strata by their treatment
    variance, so it can differ from the ATE when effects vary; that is stated."""
    prep = prepare(df, q)
    if prep.kind is TreatmentKind.MULTIVALUED and pd.api.types.is_numeric_dtype(prep.frame[q.treatment]):
        # a count with few values ("one more child"): the slope on the count, as the analyst asked
        prep = replace(prep, kind=TreatmentKind.CONTINUOUS, t=prep.t.astype(float))
    if prep.kind is TreatmentKind.MULTIVALUED:
        raise ToolInputError(f"method='ols' needs a binary or numeric treatment; {q.treatment!r} has several "
                             "categories. Use method='linear_regression' (one indicator per level).")
    if prep.kind is TreatmentKind.CONTINUOUS:
        return _continuous(prep, q)
    design = add_intercept(np.column_stack([prep.t, prep.X]))
    fit = ols(design, prep.y)
    assumptions = ["The outcome is linear in the treatment and the covariates (no interactions): with "
                   "heterogeneous effects the coefficient is a variance-weighted average, not the ATE.",
                   *(["The adjustment set blocks every backdoor path."] if prep.p else [])]
    return build_result(q, estimate=fit.beta[1], se=fit.se(1), method="OLS (coefficient on the treatment)",
                        estimand="ATE", n=prep.n, df=fit.df_resid, notes=prep.notes, assumptions=assumptions)
