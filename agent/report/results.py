"""Typed access to the tool results an analysis left in its context.

Each accessor returns the typed result or None when the tool did not run (or returned
something else), so a section can simply be omitted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.context import AnalysisContext


def _typed(ctx: "AnalysisContext", name: str, cls: type) -> Any:
    value = ctx.results.get(name)
    return value if isinstance(value, cls) else None


def profile(ctx: "AnalysisContext"):
    from tools.profiling import DataProfile

    return _typed(ctx, "profile_data", DataProfile)


def discovery(ctx: "AnalysisContext") -> Any:
    """The discovery result (tabular or lagged); duck-typed, the discovery tools own its class."""
    for name in ("discover_graph", "discover_lagged_graph"):
        value = ctx.results.get(name)
        if value is not None:
            return value
    return None


def estimand(ctx: "AnalysisContext"):
    from tools.identification.estimand import Estimand

    return _typed(ctx, "identify_effect", Estimand)


def effect(ctx: "AnalysisContext"):
    from tools.estimation.effect import EffectResult

    return _typed(ctx, "estimate_effect", EffectResult)


def estimate_overrides_graph(ctx: "AnalysisContext") -> Any:
    """The estimate for the identified pair when the graph said 'not identifiable' and the
    estimate rests on another route (a named design, instrument or adjustment set), else None."""
    e, found = estimand(ctx), effect(ctx)
    if e is None or e.identifiable or found is None or (found.treatment, found.outcome) != (e.treatment, e.outcome):
        return None
    return None if str(found.details.get("adjustment_source", "")).startswith("identify_effect") else found


def refutation(ctx: "AnalysisContext"):
    from tools.refutation.report import RefutationReport

    return _typed(ctx, "refute_effect", RefutationReport)


def independence(ctx: "AnalysisContext"):
    from tools.independence import IndependenceReport, IndependenceResult

    value = ctx.results.get("test_independence")
    if isinstance(value, IndependenceResult):
        return IndependenceReport([value])
    return value if isinstance(value, IndependenceReport) and value.results else None


def graph_query(ctx: "AnalysisContext"):
    from tools.graph_queries import GraphQueryResult

    return _typed(ctx, "query_graph", GraphQueryResult)


def intervention(ctx: "AnalysisContext"):
    """The counterfactual or interventional result (whichever ran)."""
    from tools.counterfactual import CounterfactualResult, InterventionResult

    return _typed(ctx, "counterfactual", CounterfactualResult) or _typed(ctx, "simulate_intervention",
                                                                         InterventionResult)


def overview_effects(ctx: "AnalysisContext") -> dict[str, Any]:
    from tools.estimation.effect import EffectResult

    ranking = ctx.results.get("rank_drivers")
    effects = getattr(ranking, "effects", None) or {}
    return {k: v for k, v in effects.items() if isinstance(v, EffectResult)}


def field(obj: Any, *names: str, default: Any = None) -> Any:
    """The first present attribute (or key) of ``obj`` among ``names``: results owned by
    other modules may name things slightly differently while they settle."""
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value is not None:
            return value
    return default
