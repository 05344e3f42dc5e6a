"""Frontdoor estimation: the effect of T on Y through mediators M that carry all of it.

Assumes (i) M intercepts every directed path from T to Y, (ii) nothing unmeasured
confounds T -> M (given the covariates), (iii) T (with the covariates) blocks every
backdoor path from M to Y. Linear version: sum over mediators of (T -> M coefficient) x
(M -> Y coefficient given T). Binary T without covariates: standardisation
E[Y | do(x)] = sum_m P(m | x) sum_x' P(x') E[Y | m, x'] with an outcome model that lets
the mediator's effect differ by T. Bootstrap CI (seeded)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tools.base import ToolInputError
from tools.estimation.data import TreatmentKind, prepare
from tools.estimation.effect import EffectResult
from tools.estimation.inference import bootstrap, bootstrap_interval, build_result, contrast_label
from tools.estimation.linear import add_intercept, ols, ols_beta
from tools.estimation.query import EffectQuery

MIN_BOOT = 50

ASSUMPTIONS = [
    "The mediators intercept every directed path from the treatment to the outcome.",
    "No unmeasured confounding of treatment -> mediators (given the covariates).",
    "Every backdoor path from the mediators to the outcome is blocked by the treatment and covariates.",
]


def frontdoor(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """Frontdoor-adjusted effect of the treatment (see module docstring)."""
    if not q.mediators:
        raise ToolInputError("Frontdoor estimation needs mediators: identify_effect must return a frontdoor "
                             "set, or use a backdoor method with adjust_for.")
    prep = prepare(df, q)
    if prep.kind is TreatmentKind.MULTIVALUED and not pd.api.types.is_numeric_dtype(prep.frame[q.treatment]):
        raise ToolInputError(f"Frontdoor needs a numeric treatment; {q.treatment!r} is categorical.")
    t = prep.t.astype(float)
    M = prep.frame[list(q.mediators)].to_numpy(dtype=float)
    W, y = prep.X, prep.y
    binary = prep.kind is TreatmentKind.BINARY
    standardise = binary and W.shape[1] == 0
    delta = 1.0 if binary or q.t0 is None or q.t1 is None else float(q.t1 - q.t0)

    def point(idx: np.ndarray) -> float:
        if standardise:
            return _standardised(t[idx], M[idx], y[idx])
        return _product(t[idx], M[idx], W[idx], y[idx]) * delta

    everyone = np.arange(prep.n)
    est = point(everyone)
    a, b, sobel_se = _paths(t, M, W, y)
    details = {"t_to_m": dict(zip(q.mediators, map(float, a))), "m_to_y": dict(zip(q.mediators, map(float, b))),
               "variant": "standardisation (mediator effect may differ by treatment)" if standardise
               else "linear product of coefficients"}
    assumptions = list(ASSUMPTIONS) + ([] if standardise else ["Linear models for the mediators and the outcome."])
    label = ("ATE" if binary else contrast_label(q, q.t0, q.t1))
    if q.inference and q.n_bootstrap >= MIN_BOOT:
        reps = bootstrap(point, prep.n, q.n_bootstrap, q.seed)
        se, lo, hi, p = bootstrap_interval(est, reps)
        details["n_bootstrap"] = int(np.isfinite(reps).sum())
        return build_result(q, estimate=est, se=se, ci=(lo, hi), p_value=p, method="frontdoor", estimand=label,
                            n=prep.n, strategy="frontdoor", details=details, notes=prep.notes,
                            assumptions=assumptions)
    details["ci"] = "normal approximation with the delta-method (Sobel) standard error"
    return build_result(q, estimate=est, se=abs(delta) * sobel_se, method="frontdoor", estimand=label, n=prep.n,
                        strategy="frontdoor", details=details, notes=prep.notes, assumptions=assumptions)


def _paths(t, M, W, y) -> tuple[np.ndarray, np.ndarray, float]:
    """Per-mediator T->M and M->Y|T coefficients and the delta-method SE of sum a*b."""
    k = M.shape[1]
    a = np.zeros(k)
    var_a = np.zeros(k)
    for j in range(k):
        fit = ols(add_intercept(np.column_stack([t, W])), M[:, j])
        a[j], var_a[j] = fit.beta[1], fit.cov[1, 1]
    out = ols(add_intercept(np.column_stack([M, t, W])), y)
    b = out.beta[1:1 + k]
    cov_b = out.cov[1:1 + k, 1:1 + k]
    var = float(np.sum(b ** 2 * var_a) + a @ cov_b @ a)
    return a, b, float(np.sqrt(max(var, 0.0)))


def _product(t, M, W, y) -> float:
    a = np.array([ols_beta(add_intercept(np.column_stack([t, W])), M[:, j])[1] for j in range(M.shape[1])])
    b = ols_beta(add_intercept(np.column_stack([M, t, W])), y)[1:1 + M.shape[1]]
    return float(a @ b)


def _standardised(t, M, y) -> float:
    """E[Y|do(1)] - E[Y|do(0)] with Y ~ M + T + M:T; averaging over x' ~ P(T) is exact for
    a model linear in T, so E_x'[mu(m, x')] = mu(m, mean T)."""
    design = add_intercept(np.column_stack([M, t, M * t[:, None]]))
    beta = ols_beta(design, y)
    tbar = t.mean()

    def avg_outcome(m: np.ndarray) -> float:
        row = np.column_stack([np.ones(len(m)), m, np.full(len(m), tbar), m * tbar])
        return float((row @ beta).mean())

    treated, control = M[t == 1], M[t == 0]
    if len(treated) < 2 or len(control) < 2:
        raise ValueError("fewer than 2 units in an arm")
    return avg_outcome(treated) - avg_outcome(control)
