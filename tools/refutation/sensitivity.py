"""Sensitivity to unobserved confounding: the E-value (VanderWeele & Ding 2017) and
omitted-variable-bias bounds for linear regression (Cinelli & Hazlett 2020: robustness
value and bounds benchmarked on observed covariates).

Both describe a backdoor (adjustment) estimate; they are not computed for IV, DiD or RDD,
whose key assumptions are different. The OVB bounds use the additive linear regression of
the outcome on the treatment and the adjustment set, so they approximate the sensitivity of
a non-linear estimator (AIPW, DML) rather than compute it exactly."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tools.estimation.data import TreatmentKind, prepare
from tools.estimation.effect import EffectResult
from tools.estimation.linear import add_intercept, classic_se, ols_beta
from tools.estimation.query import EffectQuery
from tools.refutation.report import Sensitivity

CONTINUOUS_RR = 0.91  # RR ~ exp(0.91 d) for a standardised mean difference d (VanderWeele 2017)


def e_value_rr(rr: float) -> float:
    """E-value of a risk ratio: RR + sqrt(RR (RR - 1)), after flipping RR < 1."""
    if not np.isfinite(rr) or rr <= 0:
        return float("nan")
    rr = 1 / rr if rr < 1 else rr
    return float(rr + math.sqrt(rr * (rr - 1)))


def e_value(estimate: float, ci_low: float, ci_high: float, *, outcome_binary: bool,
            baseline: float | None = None, sd_outcome: float | None = None) -> tuple[float, float, str]:
    """(E-value of the estimate, E-value of the CI limit nearest the null, scale).
    Binary outcome: risk ratio (baseline + effect) / baseline, with ``baseline`` the
    control risk. Continuous: RR ~ exp(0.91 * effect / sd(outcome))."""
    if outcome_binary:
        if baseline is None or not 0 < baseline < 1:
            raise ValueError("a binary outcome needs a baseline risk in (0, 1)")

        def rr(effect: float) -> float:
            return max(baseline + effect, 1e-6) / baseline
        scale = "risk ratio"
    else:
        if not sd_outcome or sd_outcome <= 0:
            raise ValueError("a continuous outcome needs its standard deviation")

        def rr(effect: float) -> float:
            return math.exp(CONTINUOUS_RR * effect / sd_outcome)
        scale = "standardised difference (RR ~ exp(0.91 d))"
    point = e_value_rr(rr(estimate))
    if not (np.isfinite(ci_low) and np.isfinite(ci_high)) or ci_low <= 0 <= ci_high:
        return point, 1.0, scale
    nearest = ci_low if estimate > 0 else ci_high
    return point, e_value_rr(rr(nearest)), scale


@dataclass
class OVB:
    estimate: float
    se: float
    dof: int
    t_stat: float
    partial_r2: float
    rv: float
    rv_alpha: float
    benchmarks: list[dict]


def robustness_value(t_stat: float, dof: int, q: float = 1.0, alpha: float | None = None) -> float:
    """Cinelli-Hazlett robustness value: the partial R2 with treatment and outcome a
    confounder needs to reduce the estimate by 100q % (or make it insignificant at alpha)."""
    f = q * abs(t_stat) / math.sqrt(dof)
    if alpha is not None:
        from scipy.special import stdtrit

        f -= abs(float(stdtrit(dof - 1, 1 - alpha / 2))) / math.sqrt(dof - 1)
    if f <= 0:
        return 0.0
    return 0.5 * (math.sqrt(f ** 4 + 4 * f ** 2) - f ** 2)


def bias_bound(k: float, r2dxj: float, r2yxj: float, se: float, dof: int) -> float:
    """Maximum bias from a confounder k times as strong as covariate j (in partial R2 with
    the treatment and with the outcome), Cinelli & Hazlett (2020) section 6."""
    r2dz = k * r2dxj / (1 - r2dxj)
    r2zxj = k * r2dxj ** 2 / ((1 - k * r2dxj) * (1 - r2dxj))
    if r2dz >= 1 or r2zxj >= 1 or k * r2dxj >= 1:
        return float("inf")
    r2yz = ((math.sqrt(k) + math.sqrt(r2zxj)) / math.sqrt(1 - r2zxj)) ** 2 * (r2yxj / (1 - r2yxj))
    r2yz = min(r2yz, 1.0)
    return se * math.sqrt(dof * r2yz * r2dz / (1 - r2dz))


def k_to_explain_away(effect: float, r2dxj: float, r2yxj: float, se: float, dof: int) -> float:
    """Smallest multiple k of covariate j's strength whose bias bound reaches |effect|."""
    if r2dxj <= 0 or r2yxj <= 0:
        return float("inf")
    hi = min((1 - r2dxj) / r2dxj, 1 / r2dxj) * (1 - 1e-9)
    if bias_bound(hi, r2dxj, r2yxj, se, dof) < abs(effect):
        return float("inf")
    lo = 0.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if bias_bound(mid, r2dxj, r2yxj, se, dof) >= abs(effect):
            hi = mid
        else:
            lo = mid
    return hi


def ovb_analysis(df: pd.DataFrame, q: EffectQuery) -> OVB | None:
    """Robustness values and covariate benchmarks from OLS of Y on T and the adjustment set."""
    prep = prepare(df, q.with_(subgroup=None))
    if prep.kind is TreatmentKind.MULTIVALUED:
        return None
    y, t, X = prep.y, prep.t.astype(float), prep.X
    design = add_intercept(np.column_stack([t, X]))
    beta = ols_beta(design, y)
    resid = y - design @ beta
    se = float(classic_se(design, resid)[1])
    dof = len(y) - design.shape[1]
    t_stat = beta[1] / se
    rss_full_y = resid @ resid
    rss_full_t = _rss(add_intercept(X), t)
    benchmarks = []
    for name, cols in prep.x_groups.items():
        others = [j for j in range(X.shape[1]) if j not in cols]
        r2dxj = 1 - rss_full_t / _rss(add_intercept(X[:, others]), t)
        r2yxj = 1 - rss_full_y / _rss(add_intercept(np.column_stack([t, X[:, others]])), y)
        r2dxj, r2yxj = float(np.clip(r2dxj, 0, 1 - 1e-9)), float(np.clip(r2yxj, 0, 1 - 1e-9))
        k = k_to_explain_away(beta[1], r2dxj, r2yxj, se, dof)
        shift = bias_bound(1.0, r2dxj, r2yxj, se, dof) if r2dxj * 1.0 < 1 else float("inf")
        benchmarks.append({"covariate": name, "r2_treatment": r2dxj, "r2_outcome": r2yxj,
                           "k_explain_away": float(k), "bias_if_as_strong": float(shift),
                           "estimate_if_as_strong": float(np.sign(beta[1]) * max(abs(beta[1]) - shift, 0.0))})
    benchmarks.sort(key=lambda b: b["k_explain_away"])
    return OVB(estimate=float(beta[1]), se=se, dof=dof, t_stat=float(t_stat),
               partial_r2=float(t_stat ** 2 / (t_stat ** 2 + dof)), rv=float(robustness_value(t_stat, dof)),
               rv_alpha=float(robustness_value(t_stat, dof, alpha=0.05)), benchmarks=benchmarks)


def _rss(X: np.ndarray, y: np.ndarray) -> float:
    r = y - X @ ols_beta(X, y)
    return float(r @ r)


def sensitivity(df: pd.DataFrame, result: EffectResult, q: EffectQuery) -> Sensitivity:
    """E-value and OVB bounds for a backdoor/randomised estimate (see module docstring)."""
    if q.design.value not in ("backdoor", "randomized"):
        return Sensitivity(notes=[f"Sensitivity to omitted confounders is not computed for a {q.design.value} "
                                  "design; its validity rests on the design's own assumptions."],
                           summary="")
    y = df[q.outcome].dropna()
    binary = set(pd.unique(y)) <= {0, 1} and y.nunique() == 2
    sens = Sensitivity()
    try:
        baseline = _control_mean(df, q) if binary else None
        ev, ev_ci, scale = e_value(result.estimate, result.ci_low, result.ci_high, outcome_binary=binary,
                                   baseline=baseline, sd_outcome=float(y.std()))
        sens.e_value, sens.e_value_ci, sens.e_value_scale = ev, ev_ci, scale
    except ValueError as exc:
        sens.notes.append(f"E-value not computed: {exc}.")
    ovb = ovb_analysis(df, q)
    if ovb is not None:
        sens.robustness_value, sens.robustness_value_ci = ovb.rv, ovb.rv_alpha
        sens.partial_r2_treatment = ovb.partial_r2
        sens.regression_coefficient = ovb.estimate
        if ovb.benchmarks:
            sens.benchmark = ovb.benchmarks[0]
            sens.notes.append("OVB bounds use the additive linear regression of the outcome on the treatment "
                              f"and the adjustment set (coefficient {ovb.estimate:.4g}).")
    sens.summary = _summary(sens, result)
    return sens


def _control_mean(df: pd.DataFrame, q: EffectQuery) -> float:
    sub = df[[q.treatment, q.outcome]].dropna()
    levels = sorted(sub[q.treatment].unique())
    control = sub[sub[q.treatment] == levels[0]][q.outcome] if len(levels) == 2 else sub[q.outcome]
    return float(np.clip(control.mean(), 1e-3, 1 - 1e-3))


def _summary(s: Sensitivity, result: EffectResult) -> str:
    parts = []
    if s.e_value is not None and np.isfinite(s.e_value):
        parts.append(f"E-value {s.e_value:.2f} (CI limit {s.e_value_ci:.2f}): an unobserved confounder would need "
                     f"a risk ratio of {s.e_value:.2f} with both treatment and outcome to explain the estimate away.")
    b = s.benchmark
    if b is not None:
        k = b["k_explain_away"]
        strength = f"{k:.1f} times as strong as" if np.isfinite(k) else "stronger than any bounded multiple of"
        parts.append(f"It would need to be {strength} {b['covariate']!r} (the strongest observed covariate) "
                     "to explain the effect away; one as strong as it could move the adjusted regression "
                     f"coefficient ({s.regression_coefficient:.3g}) by up to {b['bias_if_as_strong']:.3g}.")
    if s.robustness_value is not None:
        parts.append(f"Robustness value {s.robustness_value:.2f}: confounders explaining {100 * s.robustness_value:.0f}% "
                     "of the residual variance of both treatment and outcome would reduce it to zero.")
    return " ".join(parts)
