"""The offline planner: a deterministic expert policy over the same tools an LLM uses.

One plan per question kind, held in a registry. Every plan gets the graph it needs
(the user's, a stored one, or a discovered one) and then asks the tools; the answer is
composed from tool results by ``agent.answers``, never from free text."""

from __future__ import annotations

from typing import Any, Callable

from agent.design import detect_design
from agent.planners.base import StepRunner
from agent.query import Query
from agent.result import QuestionKind

PlanFunction = Callable[[StepRunner, Query], None]

DISCOVERY_HINTS = {"pc": "pc", "fci": "fci", "ges": "ges", "lingam": "direct_lingam"}
DESIGN_HINTS = {"iv", "did", "rdd"}
TIME_SERIES_KINDS = {QuestionKind.GRAPH, QuestionKind.DIRECT_CAUSE, QuestionKind.CAUSES_OF, QuestionKind.EFFECTS_OF}


def ensure_graph(runner: StepRunner, query: Query) -> bool:
    """Make sure the context has a graph; discover one when none was given. True on success."""
    ctx = runner.ctx
    if ctx.graph is not None:
        return True
    if "profile_data" not in ctx.results:
        runner.run("profile_data", {}, "Profile the data first: its types, linearity and Gaussianity decide "
                                       "which discovery algorithm fits.")
    profile = ctx.results.get("profile_data")
    if getattr(profile, "is_time_series", False) and QuestionKind(query.kind) in TIME_SERIES_KINDS:
        output = runner.run("discover_lagged_graph", {"time_column": profile.time_index},
                            "The rows form a time series (autocorrelated, ordered by time): learn a lagged "
                            "graph, where time order orients X(t-k) -> Y(t).")
        return output is not None and ctx.graph is not None
    args: dict[str, Any] = {}
    hint = _hint(query)
    if hint in DISCOVERY_HINTS:
        args = {"algorithm": DISCOVERY_HINTS[hint], "reason": f"The question asks for {hint.upper()}."}
    output = runner.run("discover_graph", args, "No graph was given, so learn one from the data "
                                                 "(the selector picks the algorithm and says why).")
    return output is not None and ctx.graph is not None


def _hint(query: Query) -> str | None:
    hint = query.method_hint
    return getattr(hint, "value", hint)


def plan_independence(runner: StepRunner, query: Query) -> None:
    args = {"x": query.treatment, "y": query.outcome, "given": list(query.conditioning)}
    runner.run("test_independence", args, "Independence is a property of the data: answer it with a "
                                          "conditional independence test, not with the graph.")


def _graph_query(name: str, thought: str, **fields: Any) -> PlanFunction:
    def plan(runner: StepRunner, query: Query) -> None:
        if not ensure_graph(runner, query):
            return
        args = {"query": name}
        for arg, attr in fields.items():
            value = getattr(query, attr)
            if value is not None:
                args[arg] = value
        runner.run("query_graph", args, thought)
    return plan


plan_direct_cause = _graph_query("is_direct_cause", "A direct cause is an edge X --> Y in the graph; an "
                                 "undirected edge means the data cannot tell the direction.",
                                 x="treatment", y="outcome")
plan_confounder = _graph_query("is_confounder", "Check whether the variable is a common cause of both.",
                               z="subject", x="treatment", y="outcome")
plan_collider = _graph_query("is_collider", "Check whether both variables point into the candidate collider.",
                             z="subject", x="treatment", y="outcome")
plan_mediator = _graph_query("is_mediator", "Check whether the variable lies on a directed path from "
                             "treatment to outcome.", z="subject", x="treatment", y="outcome")
plan_causes_of = _graph_query("causes_of", "List the variables with a directed path into the target.",
                              y="subject")
plan_effects_of = _graph_query("effects_of", "List the variables the subject has a directed path into.",
                               x="subject")


def plan_graph(runner: StepRunner, query: Query) -> None:
    ensure_graph(runner, query)


def estimate_args(query: Query, adjust_for: list[str] | None = None) -> dict[str, Any]:
    """Arguments for estimate_effect taken from the parsed question."""
    args: dict[str, Any] = {"treatment": query.treatment, "outcome": query.outcome, "estimand": query.estimand}
    hint = _hint(query)
    if hint and hint not in DISCOVERY_HINTS:
        args["method"] = hint
    if adjust_for is not None:
        args["adjust_for"] = adjust_for
    for name in ("subgroup", "t0", "t1", "instrument"):
        value = getattr(query, name)
        if value is not None:
            args[name] = value
    return args


def plan_effect(runner: StepRunner, query: Query) -> None:
    ctx = runner.ctx
    user_set = query.controls
    design = _hint(query) in DESIGN_HINTS or query.instrument is not None
    if user_set is not None or (design and ctx.graph is None):
        if ctx.graph is not None and user_set is not None:
            runner.run("identify_effect", {"treatment": query.treatment, "outcome": query.outcome,
                                           "adjust_for": list(user_set)},
                       "The user chose the adjustment set; check it against the graph before using it.")
        reason = ("the user specified the adjustment set" if user_set is not None
                  else "the question names a design (instrument, difference-in-differences or discontinuity)")
        output = runner.run("estimate_effect", estimate_args(query, None if user_set is None else list(user_set)),
                            f"Estimate directly because {reason}; that choice is stated as an assumption.")
    elif ctx.graph is None and (design := detect_design(ctx.data, query, ctx.description)) is not None:
        runner.note(f"Study design recognised: {design.name}. {design.reason}",
                    "A design-based estimate needs the design's assumption, not a learned graph.")
        ctx.add_assumption(design.assumption)
        args = {**estimate_args(query), **design.estimate_args}
        output = runner.run("estimate_effect", args, f"Estimate with the {design.name} design.")
    else:
        if not ensure_graph(runner, query):
            return
        ident = runner.run("identify_effect", {"treatment": query.treatment, "outcome": query.outcome},
                           "Identify before estimating: find a valid adjustment set (or frontdoor/IV), "
                           "or learn that none exists.")
        if ident is None or not getattr(ident.result, "identifiable", False):
            return
        output = runner.run("estimate_effect", estimate_args(query),
                            "Estimate the identified effect with the method that suits the treatment type.")
    if output is not None:
        runner.run("refute_effect", {}, "Test the estimate: placebo treatment, random common cause, "
                                        "subsets and sensitivity to unobserved confounding.")


def plan_counterfactual(runner: StepRunner, query: Query) -> None:
    if not ensure_graph(runner, query):
        return
    intervention = dict(query.intervention)
    if not intervention and query.treatment is not None and query.t1 is not None:
        intervention = {query.treatment: query.t1}
    target = query.outcome or query.subject
    if query.factual:
        runner.run("counterfactual", {"intervention": intervention, "target": target, "factual": dict(query.factual)},
                   "Unit-level counterfactual: abduction (infer the unit's noise), action, prediction.")
    elif query.counterfactual_type == "unit":
        runner.run("counterfactual", {"intervention": intervention, "target": target},
                   "Population counterfactual: the average over all units of what the target would have been.")
    else:
        runner.run("simulate_intervention", {"intervention": intervention, "target": target},
                   "Interventional question: simulate do() on an SCM fitted to the graph.")


MAX_DRIVERS = 6


def plan_overview(runner: StepRunner, query: Query) -> None:
    """Discovery, then the identified effect of each definite cause of the target, ranked."""
    if not ensure_graph(runner, query):
        return
    target = query.subject or query.outcome
    causes = runner.run("query_graph", {"query": "causes_of", "y": target},
                        "Find the candidate drivers: the variables with a directed path into the target.")
    if causes is None:
        return
    definite = list(getattr(causes.result, "definite", []) or [])
    effects: dict[str, Any] = {}
    for cause in definite[:MAX_DRIVERS]:
        ident = runner.run("identify_effect", {"treatment": cause, "outcome": target},
                           f"Identify the total effect of {cause} on {target}.")
        if ident is None or not getattr(ident.result, "identifiable", False):
            continue
        est = runner.run("estimate_effect", {"treatment": cause, "outcome": target},
                         f"Estimate the total effect of {cause} on {target}.")
        if est is not None:
            effects[cause] = est.result
    runner.ctx.results["overview_effects"] = effects


PLANS: dict[QuestionKind, PlanFunction] = {
    QuestionKind.INDEPENDENCE: plan_independence,
    QuestionKind.DIRECT_CAUSE: plan_direct_cause,
    QuestionKind.CONFOUNDER: plan_confounder,
    QuestionKind.COLLIDER: plan_collider,
    QuestionKind.MEDIATOR: plan_mediator,
    QuestionKind.CAUSES_OF: plan_causes_of,
    QuestionKind.EFFECTS_OF: plan_effects_of,
    QuestionKind.GRAPH: plan_graph,
    QuestionKind.EFFECT: plan_effect,
    QuestionKind.COUNTERFACTUAL: plan_counterfactual,
    QuestionKind.OVERVIEW: plan_overview,
}


class OfflinePlanner:
    """Deterministic expert policy; ``name`` goes into ``AnalysisResult.planner``."""

    name = "offline"

    def run(self, runner: StepRunner, query: Query) -> None:
        PLANS[QuestionKind(query.kind)](runner, query)
