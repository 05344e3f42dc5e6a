"""S-, T- and X-learners for heterogeneous effects of a binary treatment, with ridge
regression on quadratic features (default) or gradient boosting base models, and a seeded
bootstrap for confidence intervals.

Assumes no unmeasured confounding given the covariates and overlap. The ATE/ATT/ATC and
subgroup CATEs are averages of the unit-level predicted effects over the target rows;
CIs are percentile bootstrap intervals of the whole fitting procedure (slow: one set of
base models per replicate)."""

from __future__ import annotations

from enum import Enum
import numpy as np
import pandas as pd

from tools.base import ToolInputError
from tools.estimation.data import TreatmentKind, prepare, subgroup_labels
from tools.estimation.effect import EffectResult
from tools.estimation.inference import bootstrap_interval, bootstrap_many, build_result, subgroup_row
from tools.estimation.linear import logistic
from tools.estimation.query import EffectQuery, EstimandKind, Nuisance

MAX_BOOT = 50


class MetaLearner(str, Enum):
    S = "S-learner"
    T = "T-learner"
    X = "X-learner"


class RidgePoly:
    """Ridge regression on a degree-2 polynomial expansion of standardised features, the
    penalty chosen by generalised cross-validation (fast, deterministic base learner)."""

    def __init__(self, penalties: tuple[float, ...] = tuple(10.0 ** np.arange(-3, 4))):
        self.penalties = penalties

    @staticmethod
    def _expand(Z: np.ndarray) -> np.ndarray:
        iu = np.triu_indices(Z.shape[1])
        return np.column_stack([Z, (Z[:, :, None] * Z[:, None, :])[:, iu[0], iu[1]]])

    def fit(self, X: np.ndarray, y: np.ndarray) -> "RidgePoly":
        self.mu, self.sd = X.mean(axis=0), np.where(X.std(axis=0) == 0, 1.0, X.std(axis=0))
        F = self._expand((X - self.mu) / self.sd)
        self.f_mu, self.f_sd = F.mean(axis=0), np.where(F.std(axis=0) == 0, 1.0, F.std(axis=0))
        F = (F - self.f_mu) / self.f_sd
        self.y_mu = y.mean()
        U, d, Vt = np.linalg.svd(F, full_matrices=False)
        uy = U.T @ (y - self.y_mu)
        best = None
        for lam in self.penalties:
            shrink = d ** 2 / (d ** 2 + lam)
            fitted = U @ (shrink * uy)
            rss = np.sum((y - self.y_mu - fitted) ** 2)
            gcv = rss / max(len(y) - shrink.sum(), 1.0) ** 2
            if best is None or gcv < best[0]:
                best = (gcv, lam)
        lam = best[1]
        self.coef = Vt.T @ (d / (d ** 2 + lam) * uy)
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        F = (self._expand((X - self.mu) / self.sd) - self.f_mu) / self.f_sd
        return self.y_mu + F @ self.coef


def _regressor(kind: Nuisance, seed: int):
    if kind is Nuisance.BOOSTING:
        from sklearn.ensemble import HistGradientBoostingRegressor

        return HistGradientBoostingRegressor(max_iter=100, max_leaf_nodes=15, min_samples_leaf=20,
                                             early_stopping=False, random_state=seed)
    return RidgePoly()


def unit_effects(kind: MetaLearner, X: np.ndarray, t: np.ndarray, y: np.ndarray, seed: int,
                 base: Nuisance = Nuisance.LINEAR) -> np.ndarray:
    """Predicted effect tau(x_i) for every row, fitted on (X, t, y)."""
    treated, control = t == 1, t == 0
    if kind is MetaLearner.S:
        model = _regressor(base, seed).fit(np.column_stack([X, t]), y)
        return (model.predict(np.column_stack([X, np.ones(len(t))]))
                - model.predict(np.column_stack([X, np.zeros(len(t))])))
    mu1 = _regressor(base, seed).fit(X[treated], y[treated])
    mu0 = _regressor(base, seed).fit(X[control], y[control])
    if kind is MetaLearner.T:
        return mu1.predict(X) - mu0.predict(X)
    d1 = y[treated] - mu0.predict(X[treated])
    d0 = mu1.predict(X[control]) - y[control]
    tau1 = _regressor(base, seed).fit(X[treated], d1).predict(X)
    tau0 = _regressor(base, seed).fit(X[control], d0).predict(X)
    e = logistic(X, t)
    return e * tau0 + (1 - e) * tau1


def _run(df: pd.DataFrame, q: EffectQuery, kind: MetaLearner) -> EffectResult:
    prep = prepare(df, q)
    if prep.kind is not TreatmentKind.BINARY:
        raise ToolInputError(f"{kind.value} needs a binary treatment; {q.treatment!r} is {prep.kind.value}. "
                             "Use method='dml' or 'linear_regression'.")
    if prep.p == 0:
        raise ToolInputError(f"{kind.value} needs covariates; pass adjust_for or use 'difference_in_means'.")
    X, t, y = prep.X, prep.t, prep.y
    estimand = EstimandKind.ATE if q.estimand is EstimandKind.CATE else q.estimand
    groups = subgroup_labels(prep.frame[q.subgroup]).astype(str).to_numpy() if q.subgroup else None
    levels = sorted(set(groups)) if groups is not None else []

    def summaries(idx: np.ndarray) -> np.ndarray:
        tau = unit_effects(kind, X[idx], t[idx], y[idx], q.seed, q.nuisance)
        tt = t[idx]
        target = {EstimandKind.ATE: np.ones(len(idx), bool), EstimandKind.ATT: tt == 1,
                  EstimandKind.ATC: tt == 0}[estimand]
        out = [tau[target].mean()]
        out += [tau[groups[idx] == g].mean() if np.any(groups[idx] == g) else np.nan for g in levels]
        return np.array(out)

    point = summaries(np.arange(prep.n))
    n_boot = min(q.n_bootstrap, MAX_BOOT) if q.inference else 0
    subgroups = []
    base = ("ridge on degree-2 polynomial features (GCV penalty)" if q.nuisance is Nuisance.LINEAR
            else "HistGradientBoostingRegressor(max_iter=100)")
    details = {"learner": kind.value, "base_model": base,
               "n_bootstrap": n_boot}
    if n_boot >= 10:
        reps = bootstrap_many(summaries, prep.n, n_boot, q.seed)
        se, lo, hi, p = bootstrap_interval(point[0], reps[:, 0])
        for j, level in enumerate(levels, start=1):
            g_se, g_lo, g_hi, _ = bootstrap_interval(point[j], reps[:, j])
            subgroups.append(subgroup_row(q.subgroup, level, point[j], g_se, int((groups == level).sum()),
                                          ci=(g_lo, g_hi)))
        return build_result(q, estimate=point[0], se=se, ci=(lo, hi), p_value=p, method=kind.value,
                            estimand=estimand.value, n=prep.n, details=details, notes=prep.notes,
                            subgroups=subgroups, assumptions=_ASSUMPTIONS)
    details["ci"] = "not computed (n_bootstrap < 10)"
    return build_result(q, estimate=point[0], se=None, method=kind.value, estimand=estimand.value, n=prep.n,
                        details=details, notes=prep.notes, assumptions=_ASSUMPTIONS)


_ASSUMPTIONS = ["The covariates block every backdoor path (no unmeasured confounding).",
                "Overlap: treatment varies at every covariate value."]


def s_learner(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """S-learner: one outcome model with the treatment as a feature."""
    return _run(df, q, MetaLearner.S)


def t_learner(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """T-learner: separate outcome models per arm."""
    return _run(df, q, MetaLearner.T)


def x_learner(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """X-learner: imputed individual effects, propensity-weighted."""
    return _run(df, q, MetaLearner.X)
