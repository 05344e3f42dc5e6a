"""Nearest-neighbour matching with replacement (Abadie & Imbens), on the propensity score
(logit) or on the covariates (Mahalanobis distance), for a binary treatment.

Assumes no unmeasured confounding given the covariates and overlap (every treated unit
has comparable controls, for the ATT). The imputed counterfactuals are bias-corrected
with a linear outcome model (Abadie & Imbens 2011); the standard error is the Abadie-
Imbens (2006) variance with matched within-arm conditional variances (it ignores the
estimation of the propensity score when matching on it)."""

from __future__ import annotations

from enum import Enum

import numpy as np
import pandas as pd

from tools.base import DataError, ToolInputError
from tools.estimation.data import Prepared, TreatmentKind, prepare
from tools.estimation.effect import EffectResult
from tools.estimation.inference import build_result
from tools.estimation.linear import add_intercept, logistic, ols_beta
from tools.estimation.query import EffectQuery, EstimandKind


class Metric(str, Enum):
    PROPENSITY = "propensity"
    MAHALANOBIS = "mahalanobis"


def propensity_score_matching(df: pd.DataFrame, q: EffectQuery, n_neighbors: int = 1) -> EffectResult:
    """Match each target unit to its nearest neighbour(s) on the logit propensity score."""
    return _match(df, q, Metric.PROPENSITY, n_neighbors)


def mahalanobis_matching(df: pd.DataFrame, q: EffectQuery, n_neighbors: int = 1) -> EffectResult:
    """Match on the covariates with the Mahalanobis distance."""
    return _match(df, q, Metric.MAHALANOBIS, n_neighbors)


def _space(prep: Prepared, metric: Metric, clip: float) -> np.ndarray:
    if metric is Metric.PROPENSITY:
        e = np.clip(logistic(prep.X, prep.t), clip, 1 - clip)
        return np.log(e / (1 - e))[:, None]
    cov = np.atleast_2d(np.cov(prep.X, rowvar=False))
    try:
        L = np.linalg.cholesky(np.linalg.inv(cov))
    except np.linalg.LinAlgError:
        L = np.diag(1 / np.sqrt(np.clip(np.diag(cov), 1e-12, None)))
    return (prep.X - prep.X.mean(axis=0)) @ L


def _match(df: pd.DataFrame, q: EffectQuery, metric: Metric, m: int) -> EffectResult:
    prep = prepare(df, q)
    name = f"{metric.value}_matching"
    if prep.kind is not TreatmentKind.BINARY:
        raise ToolInputError(f"{name} needs a binary treatment; {q.treatment!r} is {prep.kind.value}. "
                             "Use method='linear_regression'.")
    if prep.p == 0:
        raise ToolInputError(f"{name} needs covariates to match on; the adjustment set is empty. "
                             "Use method='difference_in_means'.")
    if q.estimand is EstimandKind.CATE:
        raise ToolInputError("Matching reports ATE, ATT or ATC, not subgroup CATEs; use method='aipw' "
                             "or 'linear_regression' with subgroup.")
    from scipy.spatial import cKDTree

    space = _space(prep, metric, q.clip)
    t, y, X = prep.t, prep.y, prep.X
    arms = {1.0: np.flatnonzero(t == 1), 0.0: np.flatnonzero(t == 0)}
    if min(len(v) for v in arms.values()) < m + 1:
        raise DataError(f"Too few treated or control units to match ({len(arms[1.0])} treated, "
                        f"{len(arms[0.0])} control).")
    y_hat = {arm: y.copy() for arm in arms}  # imputed Y(arm) for every unit
    k_used = np.zeros(len(y))                 # K_M(i): times unit i is used as a match
    max_dist = 0.0
    for arm, members in arms.items():
        other = arms[1.0 - arm]
        tree = cKDTree(space[members])
        dist, idx = tree.query(space[other], k=m)
        dist, idx = np.asarray(dist).reshape(len(other), m), np.asarray(idx).reshape(len(other), m)
        matched = members[idx]
        np.add.at(k_used, matched.ravel(), 1.0)
        beta = ols_beta(add_intercept(X[members]), y[members])          # bias correction model
        correction = add_intercept(X[other]) @ beta
        y_hat[arm][other] = (y[matched] - (add_intercept(X[matched.ravel()]) @ beta).reshape(len(other), m)
                             + correction[:, None]).mean(axis=1)
        max_dist = max(max_dist, float(dist.max()))
    if q.inference:
        # conditional variances need neighbours close in X, not just in the propensity score
        x_space = space if metric is Metric.MAHALANOBIS else _space(prep, Metric.MAHALANOBIS, q.clip)
        sigma2 = _within_arm_variance(x_space, y, arms)
    else:
        sigma2 = np.zeros(len(y))  # point estimate only: the variance is not needed
    est, se, target = _ai_estimate(y_hat, k_used, sigma2, t, m, q.estimand)
    diagnostics = {"n_neighbors": m, "metric": metric.value, "max_match_distance": max_dist,
                   "controls_reused_max": int(k_used[arms[0.0]].max()),
                   "share_controls_used": float(np.mean(k_used[arms[0.0]] > 0))}
    method = "propensity score matching" if metric is Metric.PROPENSITY else "Mahalanobis matching"
    return build_result(q, estimate=est, se=se, method=method, estimand=q.estimand.value, n=prep.n,
                        details={**diagnostics, "n_target": int(target)}, notes=prep.notes,
                        assumptions=["The covariates block every backdoor path (no unmeasured confounding).",
                                     "Overlap: every target unit has comparable units in the other arm."])


def _within_arm_variance(space: np.ndarray, y: np.ndarray, arms: dict) -> np.ndarray:
    """sigma^2(X_i, W_i) from the nearest same-arm neighbour in covariate space: (Y_i - Y_l)^2 / 2."""
    from scipy.spatial import cKDTree

    out = np.empty(len(y))
    for members in arms.values():
        _, idx = cKDTree(space[members]).query(space[members], k=2)
        out[members] = 0.5 * (y[members] - y[members[idx[:, 1]]]) ** 2
    return out


def _ai_estimate(y_hat: dict, k_used: np.ndarray, sigma2: np.ndarray, t: np.ndarray, m: int,
                 estimand: EstimandKind) -> tuple[float, float, int]:
    """Abadie-Imbens (2006) estimator and population variance for ATE / ATT / ATC."""
    tau_i = y_hat[1.0] - y_hat[0.0]
    if estimand is EstimandKind.ATE:
        n = len(t)
        tau = tau_i.mean()
        var = np.sum((tau_i - tau) ** 2 + ((k_used / m) ** 2 + (2 * m - 1) / m * k_used / m) * sigma2) / n ** 2
        return float(tau), float(np.sqrt(var)), n
    target = (t == 1) if estimand is EstimandKind.ATT else (t == 0)
    n_t = int(target.sum())
    tau = tau_i[target].mean()
    var = (np.sum((tau_i[target] - tau) ** 2)
           + np.sum((k_used[~target] * (k_used[~target] - 1) / m ** 2) * sigma2[~target])) / n_t ** 2
    return float(tau), float(np.sqrt(var)), n_t
