"""Inverse probability weighting (IPW) and augmented IPW (AIPW, doubly robust) for a
binary treatment. Both assume no unmeasured confounding given the adjustment set and
positivity; AIPW is consistent when either the propensity or the outcome model is right.
Standard errors come from the influence function (IPW's ignores propensity estimation,
which is conservative for the ATE)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tools.base import ToolInputError
from tools.estimation.data import Prepared, TreatmentKind, prepare, subgroup_labels
from tools.estimation.effect import EffectResult
from tools.estimation.inference import build_result, subgroup_row
from tools.estimation.linear import add_intercept, ols_beta
from tools.estimation.propensity import balancing_weights, fit_propensity, overlap_report
from tools.estimation.query import EffectQuery, EstimandKind, Nuisance

ASSUMPTIONS = ["The adjustment set blocks every backdoor path (no unmeasured confounding).",
               "Positivity: every unit had a real chance of being treated and untreated."]


def _binary(df: pd.DataFrame, q: EffectQuery, method: str) -> Prepared:
    prep = prepare(df, q)
    if prep.kind is not TreatmentKind.BINARY:
        raise ToolInputError(f"{method} needs a binary treatment; {q.treatment!r} is {prep.kind.value}. "
                             "Use method='linear_regression' (or 'dml' for a continuous treatment).")
    return prep


def ipw(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """Normalised (Hajek) IPW estimate of the ATE/ATT/ATC with a logistic propensity."""
    prep = _binary(df, q, "ipw")
    estimand = EstimandKind.ATE if q.estimand is EstimandKind.CATE else q.estimand
    ps = overlap_report(fit_propensity(prep.X, prep.t, clip=q.clip, nuisance=q.nuisance, seed=q.seed),
                        prep.X, prep.t, estimand, prep.x_names)
    est, se = _hajek(prep.y, prep.t, balancing_weights(ps.score(estimand), prep.t, estimand))
    e_ate = ps.score(EstimandKind.ATE)
    subgroups = _subgroups(prep, q, lambda m: _hajek(prep.y[m], prep.t[m],
                                                     balancing_weights(e_ate[m], prep.t[m], EstimandKind.ATE)))
    return build_result(q, estimate=est, se=se, method="IPW", estimand=estimand.value, n=prep.n,
                        details={"overlap": ps.diagnostics, "clip": q.clip}, notes=prep.notes,
                        warnings=ps.warnings, subgroups=subgroups, assumptions=ASSUMPTIONS)


def _hajek(y: np.ndarray, t: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    a, b = t == 1, t == 0
    if a.sum() < 2 or b.sum() < 2:
        raise ValueError("fewer than 2 units in an arm")
    w1, w0 = w * a, w * b
    mu1 = np.sum(w1 * y) / w1.sum()
    mu0 = np.sum(w0 * y) / w0.sum()
    n = len(y)
    infl = w1 * (y - mu1) / (w1.sum() / n) - w0 * (y - mu0) / (w0.sum() / n)
    return float(mu1 - mu0), float(np.sqrt(np.mean(infl ** 2) / n))


def aipw(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """Doubly robust AIPW estimate of the ATE/ATT/ATC (and subgroup CATEs from the
    averaged doubly robust scores, i.e. a DR-learner with a per-subgroup final stage)."""
    prep = _binary(df, q, "aipw")
    estimand = EstimandKind.ATE if q.estimand is EstimandKind.CATE else q.estimand
    ps = fit_propensity(prep.X, prep.t, clip=q.clip, nuisance=q.nuisance, seed=q.seed)
    if q.inference:
        ps = overlap_report(ps, prep.X, prep.t, estimand, prep.x_names)
    mu1, mu0, outcome_note = outcome_models(prep, q)
    t, y = prep.t, prep.y
    est, se = _aipw_estimate(y, t, ps.score(estimand), mu1, mu0, estimand)
    e = ps.score(EstimandKind.ATE)
    scores = mu1 - mu0 + t * (y - mu1) / e - (1 - t) * (y - mu0) / (1 - e)
    subgroups = _subgroups(prep, q, lambda m: (float(scores[m].mean()),
                                               float(scores[m].std(ddof=1) / np.sqrt(m.sum()))))
    notes = prep.notes + ([outcome_note] if outcome_note else [])
    nuisance = ("logistic propensity + linear outcome models per arm" if q.nuisance is Nuisance.LINEAR
                else "cross-fitted gradient boosting (5 folds)")
    return build_result(q, estimate=est, se=se, method="AIPW (doubly robust)", estimand=estimand.value,
                        n=prep.n, details={"overlap": ps.diagnostics, "clip": q.clip, "nuisance_models": nuisance},
                        notes=notes, warnings=ps.warnings, subgroups=subgroups,
                        assumptions=ASSUMPTIONS + ["At least one of the propensity and outcome models is "
                                                   "correctly specified."])


def _aipw_estimate(y, t, e, mu1, mu0, estimand: EstimandKind) -> tuple[float, float]:
    n = len(y)
    if estimand is EstimandKind.ATT:
        p1 = t.mean()
        psi = t * (y - mu0) - (1 - t) * e / (1 - e) * (y - mu0)
        tau = psi.sum() / t.sum()
        infl = (psi - t * tau) / p1
    elif estimand is EstimandKind.ATC:
        p0 = 1 - t.mean()
        psi = (1 - t) * (mu1 - y) + t * (1 - e) / e * (y - mu1)
        tau = psi.sum() / (1 - t).sum()
        infl = (psi - (1 - t) * tau) / p0
    else:
        psi = mu1 - mu0 + t * (y - mu1) / e - (1 - t) * (y - mu0) / (1 - e)
        tau = psi.mean()
        infl = psi - tau
    return float(tau), float(np.sqrt(np.mean(infl ** 2) / n))


def outcome_models(prep: Prepared, q: EffectQuery) -> tuple[np.ndarray, np.ndarray, str | None]:
    """Predicted outcomes under treatment and control for every unit: OLS per arm
    (pooled additive OLS when an arm is too small), or cross-fitted boosting."""
    X, t, y = prep.X, prep.t, prep.y
    if q.nuisance is Nuisance.BOOSTING and prep.p:
        return _crossfit_outcomes(X, t, y, q.seed) + (None,)
    Z = add_intercept(X)
    a, b = t == 1, t == 0
    if min(a.sum(), b.sum()) >= 2 * (prep.p + 1):
        return Z @ ols_beta(Z[a], y[a]), Z @ ols_beta(Z[b], y[b]), None
    beta = ols_beta(np.column_stack([Z, t]), y)
    base = Z @ beta[:-1]
    return base + beta[-1], base, "an arm is small relative to the covariates: pooled additive outcome model"


def _crossfit_outcomes(X, t, y, seed: int, folds: int = 5) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.model_selection import KFold

    mu1, mu0 = np.empty(len(y)), np.empty(len(y))
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(X):
        for arm, out in ((1.0, mu1), (0.0, mu0)):
            idx = train[t[train] == arm]
            model = HistGradientBoostingRegressor(max_iter=100, random_state=seed).fit(X[idx], y[idx])
            out[test] = model.predict(X[test])
    return mu1, mu0


def _subgroups(prep: Prepared, q: EffectQuery, stat) -> list[dict]:
    if q.subgroup is None:
        return []
    groups = subgroup_labels(prep.frame[q.subgroup])
    rows = []
    for level in sorted(groups.unique(), key=str):
        m = (groups == level).to_numpy()
        if prep.t[m].sum() < 2 or (1 - prep.t[m]).sum() < 2:
            continue
        est, se = stat(m)
        rows.append(subgroup_row(q.subgroup, level, est, se, int(m.sum())))
    return rows
