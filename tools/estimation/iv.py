"""Instrumental variables: two-stage least squares (robust SE, first-stage F) and the Wald
ratio for a binary instrument, with plausibly exogenous bounds (the effect if the instrument
moved the outcome directly by a little) beside every single-instrument estimate; with several
instruments, Sargan's test, the weighted median estimator and 2SLS on the instruments the data
do not contradict (``iv_robust``).

Assumes the instrument (i) moves the treatment (relevance, checked by the first-stage F),
(ii) affects the outcome only through the treatment (exclusion restriction) and (iii) shares
no unmeasured cause with the outcome given the conditioning covariates (independence).
With a binary treatment the estimate is a local effect for compliers (also assumes
monotonicity: nobody takes the treatment because they were not encouraged)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tools.base import DataError, ToolInputError
from tools.estimation.data import TreatmentKind, encode_covariates, prepare
from tools.estimation.effect import EffectResult
from tools.estimation.inference import build_result, contrast_label
from tools.estimation.iv_robust import MEDIAN_DRAWS, SARGAN_LEVEL, check_instruments
from tools.estimation.linear import add_intercept, ols, tsls, wald_f
from tools.estimation.query import EffectQuery

WEAK_F = 10.0
# The direct effect of the instrument on the outcome allowed in the sensitivity bounds, as a
# share of the instrument's reduced-form association with the outcome.
SHARE_OF_REDUCED_FORM = 0.10

ASSUMPTIONS = [
    "Relevance: the instrument changes the treatment.",
    "Exclusion restriction: the instrument affects the outcome only through the treatment.",
    "Independence: the instrument shares no unmeasured cause with the outcome (given the covariates).",
]
MONOTONICITY = "Monotonicity: the instrument never pushes anyone away from the treatment (no defiers)."


def two_stage_least_squares(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """2SLS of the outcome on the treatment, instrumenting with ``q.instruments``,
    controlling for ``q.covariates``. Continuous treatment: slope x (t1 - t0)."""
    return _iv(df, q, method="2SLS")


def wald_estimator(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """Wald ratio (reduced form / first stage) for one binary instrument, no covariates."""
    if len(q.instruments) != 1 or q.covariates:
        raise ToolInputError("wald needs exactly one binary instrument and no covariates; "
                             "use method='iv' (2SLS) for covariates or several instruments.")
    if df[q.instruments[0]].dropna().nunique() != 2:
        raise ToolInputError(f"wald needs a binary instrument; {q.instruments[0]!r} has "
                             f"{df[q.instruments[0]].nunique()} values. Use method='iv'.")
    return _iv(df, q, method="Wald estimator")


def _iv(df: pd.DataFrame, q: EffectQuery, method: str) -> EffectResult:
    if not q.instruments:
        raise ToolInputError("An IV estimate needs an instrument: pass instrument='<column>'.")
    clash = set(q.instruments) & ({q.treatment, q.outcome} | set(q.covariates))
    if clash:
        raise ToolInputError(f"Instrument(s) {sorted(clash)} cannot also be the treatment, outcome or a covariate.")
    prep = prepare(df, q)
    if prep.kind is TreatmentKind.MULTIVALUED and not pd.api.types.is_numeric_dtype(prep.frame[q.treatment]):
        raise ToolInputError(f"IV needs a numeric treatment; {q.treatment!r} is categorical. Recode it as 0/1.")
    t = prep.t.astype(float)
    Zi, z_names, _, _ = encode_covariates(prep.frame, list(q.instruments))
    if np.any(Zi.std(axis=0) == 0):
        raise DataError(f"Instrument {list(q.instruments)} is constant in the rows used; it cannot move the treatment.")
    W = prep.X
    cluster = prep.frame[q.unit].to_numpy() if q.unit else None
    first = ols(add_intercept(np.column_stack([Zi, W])), t, cluster=cluster)
    f_stat = wald_f(first, list(range(1, 1 + Zi.shape[1])))
    if f_stat < WEAK_F:
        raise DataError(f"Weak instrument: {list(q.instruments)} barely moves '{q.treatment}' (first-stage F = "
                        f"{f_stat:.1f} < {WEAK_F:g}), so a 2SLS estimate would be unreliable: biased towards the "
                        "confounded regression, with a CI far too narrow. Name a stronger instrument, or ask for the "
                        "adjusted estimate instead.")
    X = add_intercept(np.column_stack([t, W]))
    Z = add_intercept(np.column_stack([Zi, W]))
    fit = tsls(X, Z, prep.y, cluster=cluster)
    naive = ols(X, prep.y, cluster=cluster)
    binary = prep.kind is TreatmentKind.BINARY
    delta = 1.0 if binary or q.t0 is None or q.t1 is None else float(q.t1 - q.t0)
    warnings = []
    binary_z = Zi.shape[1] == 1 and len(np.unique(Zi[:, 0])) == 2
    if binary:
        estimand = "LATE (compliers)" if binary_z else "LATE (instrument-weighted)"
    else:
        estimand = contrast_label(q, q.t0, q.t1)
    assumptions = list(ASSUMPTIONS)
    if Zi.shape[1] >= 2:
        assumptions[1] = ("Exclusion restriction: the instruments kept affect the outcome only through the treatment "
                          "(the over-identification test below checks that they agree).")
    if binary:
        assumptions.append(MONOTONICITY)
    else:
        assumptions.append("The treatment effect is linear and the same for everyone.")
    first_coefs = dict(zip(z_names, map(float, first.beta[1:1 + Zi.shape[1]])))
    details = {"first_stage_F": float(f_stat), "first_stage_coefficients": first_coefs,
               "ols_estimate": float(naive.beta[1] * delta), "instruments": list(q.instruments)}
    if Zi.shape[1] == 1:
        bounds = plausibly_exogenous(X, Z, Zi[:, 0], prep.y, cluster, delta)
        details["plausibly_exogenous"] = bounds
        sensitivity = (f"If the exclusion restriction fails a little — '{q.instruments[0]}' moving '{q.outcome}' "
                       f"directly by up to ±{bounds['direct_effect_bound']:.3g} ({SHARE_OF_REDUCED_FORM:.0%} of its "
                       f"total association with '{q.outcome}') — the effect lies in [{bounds['low']:.4g}, "
                       f"{bounds['high']:.4g}] (union of 95% CIs; Conley, Hansen & Rossi 2012).")
        assumptions.insert(2, sensitivity)
    estimate, se = fit.beta[1] * delta, abs(delta) * fit.se(1)
    if Zi.shape[1] >= 2:
        check = check_instruments(t, prep.y, Zi, W, z_names, draws=MEDIAN_DRAWS if q.inference else 0)
        details["instrument_check"] = check.to_dict()
        assumptions.append(_agreement_text(check, delta, q.outcome))
        if check.invalid:
            details["all_instruments_estimate"] = float(estimate)
            estimate, se = check.post_selection * delta, abs(delta) * check.post_selection_se
            method = f"{method} on the instruments the data do not contradict"
            warnings.append(f"The instruments disagree (Sargan p = {check.sargan_p:.3g}): {', '.join(check.invalid)} "
                            f"judged invalid (a direct path to '{q.outcome}') and used as controls; with every "
                            f"instrument 2SLS gives {details['all_instruments_estimate']:.4g}.")
    return build_result(q, estimate=estimate, se=se, method=method,
                        estimand=estimand, n=prep.n, df=fit.df_resid, strategy="iv", details=details,
                        notes=prep.notes, warnings=warnings, assumptions=assumptions)


def _agreement_text(check, delta: float, outcome: str) -> str:
    """The over-identification test and the median estimate, in words."""
    median = check.weighted_median * delta
    low, high = sorted([median - 1.96 * check.weighted_median_se * abs(delta),
                        median + 1.96 * check.weighted_median_se * abs(delta)])
    verdict = ("the instruments agree with each other" if check.sargan_p >= SARGAN_LEVEL else
               "the instruments disagree, so at least one has its own path to " + repr(outcome))
    return (f"Over-identification (Sargan): chi2({check.sargan_df}) = {check.sargan_statistic:.2f}, p = "
            f"{check.sargan_p:.3g}: {verdict}. The weighted median of the per-instrument estimates, valid when "
            f"instruments carrying most of the weight are valid, is {median:.4g} (95% CI {low:.4g} to {high:.4g}).")


def plausibly_exogenous(X: np.ndarray, Z: np.ndarray, z: np.ndarray, y: np.ndarray, cluster: np.ndarray | None,
                        delta: float, share: float = SHARE_OF_REDUCED_FORM) -> dict[str, float]:
    """Bounds when the instrument may affect the outcome directly by gamma in [-g, g]
    (Conley, Hansen & Rossi 2012, union of confidence intervals): 2SLS of y - gamma*z at each
    end of the range (the estimate is linear in gamma). ``g`` is ``share`` of the reduced-form
    coefficient of the instrument on the outcome."""
    from scipy import stats

    reduced = ols(Z, y, cluster=cluster)
    g = abs(float(reduced.beta[1])) * share
    lows, highs = [], []
    for gamma in (-g, 0.0, g):
        fit = tsls(X, Z, y - gamma * z, cluster=cluster)
        half = float(stats.t.ppf(0.975, fit.df_resid)) * fit.se(1)
        ends = sorted([(fit.beta[1] - half) * delta, (fit.beta[1] + half) * delta])
        lows.append(ends[0])
        highs.append(ends[1])
    return {"direct_effect_bound": g, "share_of_reduced_form": share, "low": float(min(lows)),
            "high": float(max(highs))}
