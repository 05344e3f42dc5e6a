"""Double machine learning with econml: LinearDML, CausalForestDML and the linear
DR-learner, with explicit nuisance models (linear/logistic by default, gradient boosting
on request; never econml's slow 'auto').

Assumes no unmeasured confounding given the covariates, overlap, and that the nuisance
models predict well enough (cross-fitted, 5 folds). LinearDML's effect is linear in the
effect modifiers (the covariates, or subgroup indicators); the causal forest lets it vary
freely. The ATE/ATT/ATC are averages of the fitted CATEs over the target rows, with
econml's analytic confidence intervals."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np
import pandas as pd

from tools.base import ToolInputError
from tools.estimation.data import Prepared, TreatmentKind, prepare, subgroup_labels
from tools.estimation.effect import EffectResult
from tools.estimation.inference import build_result, contrast_label, subgroup_row
from tools.estimation.query import EffectQuery, EstimandKind, Nuisance

ASSUMPTIONS = ["The covariates block every backdoor path (no unmeasured confounding).",
               "Overlap: treatment varies at every covariate value.",
               "The cross-fitted nuisance models predict the treatment and outcome well enough."]


class Learner(str, Enum):
    LINEAR_DML = "LinearDML"
    CAUSAL_FOREST = "CausalForestDML"
    DR_LEARNER = "LinearDRLearner"


def _require_econml():
    try:
        import econml  # noqa: F401
    except ImportError as exc:  # pragma: no cover - econml is a core dependency
        raise ImportError("DML estimators need econml: pip install 'econml>=0.15'") from exc


def nuisance_models(kind: Nuisance, binary: bool, seed: int):
    """(outcome model, treatment model) as explicit sklearn estimators."""
    if kind is Nuisance.BOOSTING:
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

        model_t = (HistGradientBoostingClassifier(max_iter=100, random_state=seed) if binary
                   else HistGradientBoostingRegressor(max_iter=100, random_state=seed))
        return HistGradientBoostingRegressor(max_iter=100, random_state=seed), model_t
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model_t = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)) if binary else LinearRegression()
    return LinearRegression(), model_t


@dataclass
class _Design:
    X: np.ndarray | None       # effect modifiers
    W: np.ndarray | None       # controls only
    groups: np.ndarray | None  # subgroup label per row


def _design(prep: Prepared, q: EffectQuery, learner: Learner) -> _Design:
    """Effect modifiers X = the covariates (plus subgroup indicators when the subgroup is not
    a covariate); a continuous treatment without subgroups gets a constant effect (X=None)."""
    groups = subgroup_labels(prep.frame[q.subgroup]).astype(str).to_numpy() if q.subgroup else None
    if groups is None and learner is Learner.LINEAR_DML and prep.kind is TreatmentKind.CONTINUOUS:
        return _Design(X=None, W=prep.X if prep.p else None, groups=None)
    blocks = [prep.X] if prep.p else []
    if groups is not None and q.subgroup not in q.covariates:
        levels = sorted(set(groups))
        blocks.append(np.column_stack([(groups == g).astype(float) for g in levels[1:]]))
    X = np.hstack(blocks) if blocks else None
    return _Design(X=X, W=None, groups=groups)


def _fit(learner: Learner, prep: Prepared, q: EffectQuery, d: _Design):
    _require_econml()
    binary = prep.kind is TreatmentKind.BINARY
    model_y, model_t = nuisance_models(q.nuisance, binary, q.seed)
    # use_ray: econml fits the cross-fitting folds as Ray tasks (joining the running Ray, if any)
    common = {"cv": 5, "random_state": q.seed, "use_ray": q.use_ray}
    if learner is Learner.LINEAR_DML:
        from econml.dml import LinearDML

        est = LinearDML(model_y=model_y, model_t=model_t, discrete_treatment=binary, **common)
    elif learner is Learner.CAUSAL_FOREST:
        from econml.dml import CausalForestDML

        est = CausalForestDML(model_y=model_y, model_t=model_t, discrete_treatment=binary, n_estimators=200,
                              **common)
    else:
        from econml.dr import LinearDRLearner

        est = LinearDRLearner(model_propensity=model_t, model_regression=model_y, **common)
    est.fit(prep.y, prep.t, X=d.X, W=d.W)
    return est


def _run(df: pd.DataFrame, q: EffectQuery, learner: Learner) -> EffectResult:
    prep = prepare(df, q)
    if prep.kind is TreatmentKind.MULTIVALUED:
        raise ToolInputError(f"{learner.value} supports binary or continuous treatments; {q.treatment!r} is "
                             "multi-valued. Use method='linear_regression' (per-contrast).")
    if learner is Learner.DR_LEARNER and prep.kind is TreatmentKind.CONTINUOUS:
        raise ToolInputError("dr_learner needs a binary treatment; use method='dml' for a continuous one.")
    if learner is Learner.CAUSAL_FOREST and prep.p == 0:
        raise ToolInputError("causal_forest needs covariates (effect modifiers); pass adjust_for or use 'dml'.")
    continuous = prep.kind is TreatmentKind.CONTINUOUS
    if continuous and q.estimand in (EstimandKind.ATT, EstimandKind.ATC):
        raise ToolInputError(f"{q.estimand.value} needs a binary treatment; use estimand='ATE' with t0/t1.")
    d = _design(prep, q, learner)
    est = _fit(learner, prep, q, d)
    t0, t1 = (0.0, 1.0) if not continuous or q.t0 is None or q.t1 is None else (float(q.t0), float(q.t1))

    def average(mask: np.ndarray | None) -> tuple[float, float, tuple[float, float], float]:
        X = None if d.X is None else (d.X if mask is None else d.X[mask])
        inf = est.ate_inference(X=X, T0=t0, T1=t1) if X is not None else est.ate_inference(T0=t0, T1=t1)
        lo, hi = inf.conf_int_mean(alpha=0.05)
        return (float(np.squeeze(inf.mean_point)), float(np.squeeze(inf.stderr_mean)),
                (float(np.squeeze(lo)), float(np.squeeze(hi))), float(np.squeeze(inf.pvalue())))

    estimand = EstimandKind.ATE if q.estimand is EstimandKind.CATE else q.estimand
    target = None
    if estimand is not EstimandKind.ATE and d.X is not None:
        target = prep.t == (1.0 if estimand is EstimandKind.ATT else 0.0)
    elif estimand is not EstimandKind.ATE:
        raise ToolInputError(f"{estimand.value} with {learner.value} needs covariates as effect modifiers.")
    point, se, ci, p = average(target)
    subgroups = []
    if d.groups is not None:
        for level in sorted(set(d.groups)):
            m = d.groups == level
            g_point, g_se, g_ci, _ = average(m) if d.X is not None else (point, se, ci, p)
            subgroups.append(subgroup_row(q.subgroup, level, g_point, g_se, int(m.sum()), ci=g_ci))
    label = contrast_label(q, q.t0, q.t1) if continuous else estimand.value
    modifiers = "the covariates" if d.X is not None else "none (constant effect)"
    details = {"learner": learner.value, "nuisance": q.nuisance.value, "effect_modifiers": modifiers,
               "cv_folds": 5}
    assumptions = list(ASSUMPTIONS)
    if learner is not Learner.CAUSAL_FOREST:
        assumptions.append(f"The effect is linear in {modifiers}." if d.X is not None
                           else "The effect is the same for everyone (partially linear model).")
    return build_result(q, estimate=point, se=se, ci=ci, p_value=p, method=learner.value, estimand=label,
                        n=prep.n, details=details, notes=prep.notes, subgroups=subgroups,
                        assumptions=assumptions)


def linear_dml(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """econml LinearDML (partially linear DML, analytic CIs)."""
    return _run(df, q, Learner.LINEAR_DML)


def causal_forest(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """econml CausalForestDML (heterogeneous effects, forest final stage)."""
    return _run(df, q, Learner.CAUSAL_FOREST)


def dr_learner(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """econml LinearDRLearner (doubly robust pseudo-outcomes, linear final stage)."""
    return _run(df, q, Learner.DR_LEARNER)
