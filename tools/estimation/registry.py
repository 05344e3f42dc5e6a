"""The estimator registry: each method with the treatments, designs and estimands it
supports, so the chooser and the tool check requests without string dispatch."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable

import pandas as pd

from tools.base import ToolInputError
from tools.estimation import (did, dml, frontdoor, iv, learners, matching, panel_dml, rdd, regression,
                              synthetic_control, weighting)
from tools.estimation.data import TreatmentKind
from tools.estimation.effect import EffectResult
from tools.estimation.linear import single_threaded_blas
from tools.estimation.query import Design, EffectQuery, EstimandKind


class Method(str, Enum):
    DIFFERENCE_IN_MEANS = "difference_in_means"
    LINEAR_REGRESSION = "linear_regression"
    OLS = "ols"
    IPW = "ipw"
    AIPW = "aipw"
    PROPENSITY_SCORE_MATCHING = "propensity_score_matching"
    MAHALANOBIS_MATCHING = "mahalanobis_matching"
    DML = "dml"
    CAUSAL_FOREST = "causal_forest"
    DR_LEARNER = "dr_learner"
    S_LEARNER = "s_learner"
    T_LEARNER = "t_learner"
    X_LEARNER = "x_learner"
    IV = "iv"
    WALD = "wald"
    FRONTDOOR = "frontdoor"
    DID = "did"
    RDD = "rdd"
    SYNTHETIC_CONTROL = "synthetic_control"
    PANEL_DML = "panel_dml"


_ALL_KINDS = frozenset(TreatmentKind)
_BIN = frozenset({TreatmentKind.BINARY})
_BIN_CONT = frozenset({TreatmentKind.BINARY, TreatmentKind.CONTINUOUS})
_ALL_ESTIMANDS = frozenset(EstimandKind)
_NO_CATE = frozenset({EstimandKind.ATE, EstimandKind.ATT, EstimandKind.ATC})
_ADJUST = frozenset({Design.BACKDOOR, Design.RANDOMIZED})


@dataclass(frozen=True)
class Estimator:
    """One estimation method and what it can do. ``uses_covariates`` False means the
    method ignores any adjustment set; ``slow`` methods are replaced by ``fast_substitute``
    in refutation refits."""

    method: Method
    label: str
    run: Callable[[pd.DataFrame, EffectQuery], EffectResult]
    treatments: frozenset
    designs: frozenset
    estimands: frozenset = _ALL_ESTIMANDS
    uses_covariates: bool = True
    needs_covariates: bool = False
    slow: bool = False
    thread_safe: bool = True  # False: refits never run in parallel threads (native code that crashed there)

    def unsupported_reason(self, kind: TreatmentKind, design: Design, estimand: EstimandKind,
                           n_covariates: int) -> str | None:
        """Why this method cannot serve the request, or None when it can."""
        if design not in self.designs:
            designs = "/".join(sorted(d.value for d in self.designs))
            return f"{self.method.value} is for {designs} designs, not {design.value}"
        if kind not in self.treatments:
            kinds = " or ".join(sorted(k.value for k in self.treatments))
            return f"{self.method.value} needs a {kinds} treatment (this one is {kind.value})"
        if estimand not in self.estimands:
            return f"{self.method.value} does not estimate {estimand.value}"
        if not self.uses_covariates and n_covariates and design is Design.BACKDOOR:
            return (f"{self.method.value} ignores the adjustment set, which is only valid when nothing confounds "
                    "the treatment")
        if self.needs_covariates and n_covariates == 0:
            return f"{self.method.value} needs covariates to work with"
        return None

    def __call__(self, df: pd.DataFrame, q: EffectQuery) -> EffectResult:
        with single_threaded_blas():
            result = self.run(df, q)
        result.query = {**q.to_dict(), "method": self.method.value}
        return result


_REGISTRY: dict[Method, Estimator] = {}


def register(estimator: Estimator) -> Estimator:
    if not isinstance(estimator, Estimator):
        raise TypeError(f"register() takes an Estimator, got {type(estimator).__name__}.")
    if estimator.method in _REGISTRY:
        raise ValueError(f"An estimator for {estimator.method.value!r} is already registered.")
    _REGISTRY[estimator.method] = estimator
    return estimator


def get_estimator(method: Method | str) -> Estimator:
    try:
        return _REGISTRY[Method(method)]
    except ValueError:
        raise ToolInputError(f"Unknown method {method!r}. Valid methods: {', '.join(m.value for m in Method)}.") from None


def estimators() -> list[Estimator]:
    return list(_REGISTRY.values())


def valid_methods(kind: TreatmentKind, design: Design, estimand: EstimandKind, n_covariates: int) -> list[Method]:
    return [e.method for e in _REGISTRY.values()
            if e.unsupported_reason(kind, design, estimand, n_covariates) is None]


for _est in (
    Estimator(Method.DIFFERENCE_IN_MEANS, "difference in means", regression.difference_in_means,
              frozenset({TreatmentKind.BINARY, TreatmentKind.MULTIVALUED}), _ADJUST, uses_covariates=False),
    Estimator(Method.LINEAR_REGRESSION, "linear regression", regression.linear_regression, _ALL_KINDS, _ADJUST),
    Estimator(Method.OLS, "OLS coefficient", regression.ols_coefficient, _ALL_KINDS, _ADJUST, _NO_CATE),
    Estimator(Method.IPW, "IPW", weighting.ipw, _BIN, _ADJUST),
    Estimator(Method.AIPW, "AIPW", weighting.aipw, _BIN, _ADJUST),
    Estimator(Method.PROPENSITY_SCORE_MATCHING, "propensity score matching", matching.propensity_score_matching,
              _BIN, _ADJUST, _NO_CATE, needs_covariates=True),
    Estimator(Method.MAHALANOBIS_MATCHING, "Mahalanobis matching", matching.mahalanobis_matching,
              _BIN, _ADJUST, _NO_CATE, needs_covariates=True),
    Estimator(Method.DML, "LinearDML", dml.linear_dml, _BIN_CONT, _ADJUST, slow=True),
    Estimator(Method.CAUSAL_FOREST, "causal forest", dml.causal_forest, _BIN_CONT, _ADJUST,
              needs_covariates=True, slow=True),
    Estimator(Method.DR_LEARNER, "DR-learner", dml.dr_learner, _BIN, _ADJUST, slow=True),
    Estimator(Method.S_LEARNER, "S-learner", learners.s_learner, _BIN, _ADJUST, needs_covariates=True, slow=True),
    Estimator(Method.T_LEARNER, "T-learner", learners.t_learner, _BIN, _ADJUST, needs_covariates=True, slow=True),
    Estimator(Method.X_LEARNER, "X-learner", learners.x_learner, _BIN, _ADJUST, needs_covariates=True, slow=True),
    # Design-based methods report what their design identifies (LATE, ATT, effect at the
    # cutoff) whatever average was requested; subgroup CATEs are not offered.
    Estimator(Method.IV, "2SLS", iv.two_stage_least_squares, _ALL_KINDS, frozenset({Design.IV}), _NO_CATE),
    Estimator(Method.PANEL_DML, "panel DML (within)", panel_dml.panel_dml, _BIN_CONT, frozenset({Design.DID}),
              _NO_CATE, slow=True),
    Estimator(Method.WALD, "Wald estimator", iv.wald_estimator, _ALL_KINDS, frozenset({Design.IV}), _NO_CATE),
    Estimator(Method.FRONTDOOR, "frontdoor", frontdoor.frontdoor, _ALL_KINDS, frozenset({Design.FRONTDOOR}),
              _NO_CATE),
    Estimator(Method.DID, "difference-in-differences", did.difference_in_differences, _ALL_KINDS,
              frozenset({Design.DID}), _NO_CATE),
    Estimator(Method.RDD, "regression discontinuity", rdd.regression_discontinuity, _ALL_KINDS,
              frozenset({Design.RDD}), _NO_CATE, uses_covariates=False),
    Estimator(Method.SYNTHETIC_CONTROL, "synthetic control", synthetic_control.synthetic_control, _ALL_KINDS,
              frozenset({Design.SYNTHETIC_CONTROL}), _NO_CATE, uses_covariates=False, thread_safe=False),
):
    register(_est)
