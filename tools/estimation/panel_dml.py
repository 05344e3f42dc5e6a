"""Double machine learning on panels with unit effects (Clarke & Polselli, "Double Machine
Learning meets Panel Data").

Cross-sectional DML treats rows as independent and is biased when unit effects are
correlated with the treatment. Two remedies, both with folds that keep each unit's rows
together and intervals clustered by unit:

* **within DML** (the headline): remove unit and time means from outcome and treatment,
  then partial out the covariates (in levels, with their unit means) with cross-fitted
  flexible models and regress residual on residual;
* **Mundlak / correlated random effects DML**: keep the levels and give the nuisance models
  each unit's means of the covariates (and their squares) and of the treatment, which absorb
  the unit effect.

Assumes strict exogeneity given the unit and time effects and the covariates (no feedback
from past outcomes to the treatment) and a constant effect (partially linear model).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tools.base import DataError, ToolInputError
from tools.estimation.data import TreatmentKind, prepare
from tools.estimation.did import demean_two_way
from tools.estimation.effect import EffectResult
from tools.estimation.inference import build_result
from tools.estimation.learners import RidgePoly
from tools.estimation.query import EffectQuery, Nuisance

FOLDS = 5
MAX_POLY_FEATURES = 30  # wider nuisance inputs get plain least squares (the expansion grows quadratically)
ASSUMPTIONS = ["Strict exogeneity: given the unit and time effects and the covariates, the treatment is unrelated to "
               "the outcome's shocks in every period (no feedback from past outcomes).",
               "Partially linear model: the effect is the same for all units and periods.",
               "The cross-fitted nuisance models (folds keep each unit's rows together) predict well enough."]


def panel_dml(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """Within-transformed DML with cluster-robust intervals, the Mundlak/CRE DML beside it,
    and how much of the treatment's variation lies between units."""
    if q.unit is None:
        raise ToolInputError("Panel DML needs unit='<unit id column>' (and time='<period column>' for time effects).")
    prep = prepare(df, q)
    if prep.kind is TreatmentKind.MULTIVALUED and not pd.api.types.is_numeric_dtype(prep.frame[q.treatment]):
        raise ToolInputError(f"Panel DML needs a numeric treatment; {q.treatment!r} is categorical.")
    units = prep.frame[q.unit].to_numpy()
    times = prep.frame[q.time].to_numpy() if q.time else np.zeros(prep.n)
    t, y, X = prep.t.astype(float), prep.y.astype(float), prep.X
    within = demean_two_way(np.column_stack([y, t, X]), units, times)
    yw, tw, Xw = within[:, 0], within[:, 1], within[:, 2:]
    if np.std(tw) < 1e-10:
        raise DataError(f"'{q.treatment}' does not vary within units, so unit effects absorb it: no panel estimate.")
    folds = _unit_folds(units, q.seed)
    # The nuisance models see the covariates in levels with the unit means of the covariates
    # and of their squares: after demeaning, a confounder such as x^2 leaves the unit mean of
    # x^2 behind, which is not a function of the demeaned x.
    features = np.column_stack([X, _unit_means(np.column_stack([X, X * X]), units)]) if X.shape[1] else Xw
    theta, se, n_clusters = _partial_out(yw, tw, features, units, folds, q.nuisance, q.seed)
    unit_means = _unit_means(np.column_stack([X, X * X, t]), units)
    cre_theta, cre_se, _ = _partial_out(y, t, np.column_stack([X, unit_means]), units, folds, q.nuisance, q.seed)
    between = _between_share(t, units)
    details = {"panel_estimator": "within-transformed DML", "n_units": int(len(np.unique(units))),
               "n_clusters": n_clusters, "cluster": q.unit, "nuisance": q.nuisance.value,
               "cre_dml": {"estimate": cre_theta, "std_error": cre_se},
               "treatment_variance_between_units": between}
    notes = list(prep.notes) + [
        f"{between:.0%} of the variation in '{q.treatment}' lies between units; the unit effects absorb it, so the "
        f"estimate rests on the {1 - between:.0%} within units.",
        f"Mundlak/correlated-random-effects DML (unit means of the covariates, their squares and the treatment "
        f"in the nuisance models): {cre_theta:.4g} (SE {cre_se:.3g})."]
    warnings = []
    if abs(theta - cre_theta) > 2 * max(se, cre_se):
        warnings.append(f"The within and Mundlak/CRE panel DML estimates differ ({theta:.4g} vs {cre_theta:.4g}): the "
                        "unit effects are not fully captured by the unit means; the within estimate is reported.")
    delta = 1.0 if prep.kind is TreatmentKind.BINARY or q.t0 is None or q.t1 is None else float(q.t1 - q.t0)
    return build_result(q, estimate=theta * delta, se=se * abs(delta), method="DML (within, panel)",
                        estimand="ATE", n=prep.n, df=max(n_clusters - 1, 1), strategy="did", details=details,
                        notes=notes, warnings=warnings, assumptions=ASSUMPTIONS)


def _unit_folds(units: np.ndarray, seed: int) -> np.ndarray:
    """Fold of each row: whole units assigned at random (seeded) to ``FOLDS`` folds."""
    ids, inverse = np.unique(units, return_inverse=True)
    order = np.random.default_rng(seed).permutation(len(ids))
    return (order % min(FOLDS, len(ids)))[inverse]


def _regressor(kind: Nuisance, seed: int, n_features: int):
    """Boosting on request; otherwise ridge on a quadratic expansion (flexible enough for the
    usual nonlinear confounding, fast and deterministic), plain least squares for wide data."""
    if kind is Nuisance.BOOSTING:
        from sklearn.ensemble import HistGradientBoostingRegressor

        return HistGradientBoostingRegressor(max_iter=200, max_leaf_nodes=15, min_samples_leaf=20,
                                             early_stopping=False, random_state=seed)
    if n_features <= MAX_POLY_FEATURES:
        return RidgePoly()
    from sklearn.linear_model import LinearRegression

    return LinearRegression()


def _partial_out(y: np.ndarray, t: np.ndarray, X: np.ndarray, units: np.ndarray, folds: np.ndarray,
                 nuisance: Nuisance, seed: int) -> tuple[float, float, int]:
    """Residual-on-residual slope with cross-fitted nuisances; SE clustered by unit."""
    ry, rt = y - y.mean(), t - t.mean()
    if X.shape[1]:
        ry, rt = np.empty_like(y), np.empty_like(t)
        for k in np.unique(folds):
            test, train = folds == k, folds != k
            ry[test] = y[test] - _regressor(nuisance, seed, X.shape[1]).fit(X[train], y[train]).predict(X[test])
            rt[test] = t[test] - _regressor(nuisance, seed, X.shape[1]).fit(X[train], t[train]).predict(X[test])
    denominator = float(rt @ rt)
    theta = float(rt @ ry) / denominator
    score = rt * (ry - theta * rt)
    _, cluster = np.unique(units, return_inverse=True)
    per_cluster = np.bincount(cluster, weights=score)
    g = len(per_cluster)
    variance = float(per_cluster @ per_cluster) / denominator ** 2 * g / max(g - 1, 1)
    return theta, float(np.sqrt(variance)), g


def _unit_means(values: np.ndarray, units: np.ndarray) -> np.ndarray:
    _, idx = np.unique(units, return_inverse=True)
    counts = np.bincount(idx)
    means = np.column_stack([np.bincount(idx, weights=values[:, j]) / counts for j in range(values.shape[1])])
    return means[idx]


def _between_share(t: np.ndarray, units: np.ndarray) -> float:
    total = float(np.var(t))
    return float(np.var(_unit_means(t[:, None], units)[:, 0]) / total) if total > 0 else 0.0
