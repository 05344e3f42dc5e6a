"""Choosing an estimator: from the design, the treatment type and the estimand, with the
reasons recorded; a user's method hint is honoured when valid and refused with the reason
(and the valid choices) when not."""

from __future__ import annotations

from dataclasses import dataclass

from tools.base import ToolInputError
from tools.estimation.data import TreatmentKind
from tools.estimation.query import Design, EstimandKind
from tools.estimation.registry import Method, get_estimator, valid_methods


@dataclass(frozen=True)
class Choice:
    method: Method
    reasons: tuple[str, ...]


_DESIGN_METHOD = {
    Design.IV: (Method.IV, "An instrument identifies the effect: two-stage least squares with robust SE "
                           "(equal to the Wald ratio for one binary instrument and no covariates)."),
    Design.FRONTDOOR: (Method.FRONTDOOR, "Mediators carry the whole effect and the treatment is confounded: "
                                         "frontdoor adjustment."),
    Design.DID: (Method.DID, "Panel/before-after data with a comparison group: difference-in-differences."),
    Design.RDD: (Method.RDD, "Treatment switches at a cutoff of a running variable: regression discontinuity."),
    Design.SYNTHETIC_CONTROL: (Method.SYNTHETIC_CONTROL, "One or a few treated units over time: synthetic control "
                                                         "from the never-treated donors."),
}


def choose_estimator(kind: TreatmentKind, design: Design, estimand: EstimandKind = EstimandKind.ATE, *,
                     hint: Method | str | None = None, n_covariates: int = 0) -> Choice:
    """The estimator for this request. Raises ToolInputError when ``hint`` cannot serve it."""
    design, estimand, kind = Design(design), EstimandKind(estimand), TreatmentKind(kind)
    if hint is not None and hint != "auto":
        return _honour(Method(hint) if hint in {m.value for m in Method} else _unknown(hint),
                       kind, design, estimand, n_covariates)
    if design in _DESIGN_METHOD:
        method, reason = _DESIGN_METHOD[design]
        return Choice(method, (reason,))
    if kind is TreatmentKind.CONTINUOUS:
        return Choice(Method.LINEAR_REGRESSION, (
            "Continuous treatment: slope of a linear regression" + (" on the adjustment set" if n_covariates else "")
            + "; the effect of a change t0 -> t1 assumes a linear dose-response (use method='dml' for "
              "flexible confounding).",))
    if n_covariates == 0:
        why = "randomised treatment" if design is Design.RANDOMIZED else "the adjustment set is empty"
        return Choice(Method.DIFFERENCE_IN_MEANS, (f"Nothing to adjust for ({why}): difference in means.",))
    if design is Design.RANDOMIZED:
        return Choice(Method.LINEAR_REGRESSION, (
            "Randomised treatment with covariates: regression adjustment (interacted, Lin 2013) is unbiased "
            "and more precise than the difference in means.",))
    if kind is TreatmentKind.MULTIVALUED:
        return Choice(Method.LINEAR_REGRESSION, (
            "Multi-valued treatment: regression with one indicator per level (per-contrast effects), "
            "standardised over the covariates.",))
    return Choice(Method.AIPW, (
        "Binary treatment with confounders: AIPW (doubly robust) is consistent if either the propensity or "
        "the outcome model is right, and reports overlap diagnostics"
        + (" and per-subgroup CATEs from the doubly robust scores." if estimand is EstimandKind.CATE else "."),))


def _unknown(hint: str):
    raise ToolInputError(f"Unknown method {hint!r}. Valid methods: auto, {', '.join(m.value for m in Method)}.")


def _honour(method: Method, kind: TreatmentKind, design: Design, estimand: EstimandKind,
            n_covariates: int) -> Choice:
    reason = get_estimator(method).unsupported_reason(kind, design, estimand, n_covariates)
    if reason is None:
        return Choice(method, (f"Method {method.value} requested.",))
    valid = [m.value for m in valid_methods(kind, design, estimand, n_covariates)]
    raise ToolInputError(f"method={method.value!r} cannot be used here: {reason}. Valid methods for a "
                         f"{kind.value} treatment with a {design.value} design and estimand {estimand.value}: "
                         f"{', '.join(['auto', *valid]) if valid else 'none'}.")
