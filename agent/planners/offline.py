"""The offline planner: a deterministic expert policy over the same tools an LLM uses.

One plan per question kind, held in a registry. Every plan gets the graph it needs
(the user's, a stored one, or a discovered one) and then asks the tools; the answer is
composed from tool results by ``agent.answers``, never from free text."""

from __future__ import annotations

import re
from typing import Any, Callable

import pandas as pd

from agent.planners.base import StepRunner
from agent.query import Query
from agent.result import QuestionKind
from tools.design.model import StudyDesign

PlanFunction = Callable[[StepRunner, Query], None]

DISCOVERY_HINTS = {"pc": "pc", "fci": "fci", "ges": "ges", "lingam": "direct_lingam"}
TIME_SERIES_KINDS = {QuestionKind.GRAPH, QuestionKind.DIRECT_CAUSE, QuestionKind.CAUSES_OF, QuestionKind.EFFECTS_OF}


DIAGNOSTIC_FAST_ABOVE = 12  # variables: a diagnostic graph uses fast PC beyond this many


def ensure_graph(runner: StepRunner, query: Query, diagnostic: bool = False) -> bool:
    """Make sure the context has a graph; discover one when none was given. True on success.
    ``diagnostic``: the graph only checks an effect's covariates, so favour speed."""
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
    elif diagnostic and ctx.data.shape[1] > DIAGNOSTIC_FAST_ABOVE:
        args = {"algorithm": "pc", "reason": "A diagnostic of the covariates' roles around the treatment: "
                                             "the fast PC search is enough."}
    thought = ("Learn a graph as a diagnostic: it can show descendants of the treatment and what the data "
               "cannot orient; it never decides the effect by itself." if diagnostic else
               "No graph was given, so learn one from the data (the selector picks the algorithm and says why).")
    output = runner.run("discover_graph", args, thought)
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


_direct_edge = _graph_query("is_direct_cause", "A direct cause is an edge X --> Y in the graph; an "
                                 "undirected edge means the data cannot tell the direction.",
                                 x="treatment", y="outcome")
DIRECT_WORDS = re.compile(r"\bdirect(?:ly)?\b|\bedges?\b|\barrows?\b|\bparents?\b|-->|->", re.I)


def plan_direct_cause(runner: StepRunner, query: Query) -> None:
    """"Does X directly cause Y?" is a question about an edge. "Does X cause Y?" asks about the
    total effect too, so it is also answered the way an effect question is (design first), and
    the two answers never contradict each other."""
    if query.options and query.treatment == query.outcome:
        runner.note("Every causal option names one variable twice.", "A variable cannot cause itself: the "
                                                                     "answer is the option without a causal link.")
        return
    _direct_edge(runner, query)
    _edge_confidence(runner, query)
    if query.options or DIRECT_WORDS.search(query.raw or "") or not (query.treatment and query.outcome):
        return
    _estimate_effect(runner, query)


POSTERIOR_MAX_VARIABLES = 14  # exact edge posteriors double in cost per variable: 0.15 s at p = 12, 1.1 s at 16


def _edge_confidence(runner: StepRunner, query: Query) -> None:
    """How sure the pair's edge and its direction are: exact posteriors over every DAG, when the
    graph has few numeric variables (a learned graph's edge is otherwise a yes/no)."""
    graph, data = runner.ctx.graph, runner.ctx.data
    if graph is None or not (query.treatment and query.outcome) or query.treatment == query.outcome:
        return
    names = [n for n in graph.nodes if n in data.columns and pd.api.types.is_numeric_dtype(data[n])]
    if query.treatment in names and query.outcome in names and 2 <= len(names) <= POSTERIOR_MAX_VARIABLES:
        runner.run("edge_posteriors", {"variables": names}, "How sure is this edge and its direction? Exact "
                                                             "posterior probabilities over every DAG.")


plan_confounder = _graph_query("is_confounder", "Check whether the variable is a common cause of both.",
                               z="subject", x="treatment", y="outcome")
plan_collider = _graph_query("is_collider", "Check whether both variables point into the candidate collider.",
                             z="subject", x="treatment", y="outcome")
_plan_is_mediator = _graph_query("is_mediator", "Check whether the variable lies on a directed path from "
                                 "treatment to outcome.", z="subject", x="treatment", y="outcome")


def plan_mediator(runner: StepRunner, query: Query) -> None:
    """'Is M a mediator?' queries the graph; 'Which of these mediates ...?' (options, no
    subject) reads the mediators off the graph when the answer is composed."""
    if query.subject is None and query.options:
        ensure_graph(runner, query)
        return
    _plan_is_mediator(runner, query)
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
    if query.instruments:
        args["instruments"] = list(query.instruments)
    return args


HINT_DESIGNS = {"iv": StudyDesign.INSTRUMENT, "did": StudyDesign.DID, "rdd": StudyDesign.RDD}
ATE_WORDS = re.compile(r"\bATE\b|average (?:treatment )?effect|population|everyone|whole sample", re.I)
POOR_OVERLAP = 0.10  # share of propensity scores clipped above which the ATE rests on extrapolation


def plan_effect(runner: StepRunner, query: Query) -> None:
    """Design first. A user-supplied or stored graph is identified on; otherwise the design
    decides, and an observational design adjusts for the pre-treatment covariates with a
    learned graph only as a diagnostic (descendants out, IDA range reported)."""
    output = _estimate_effect(runner, query)
    if output is not None:
        runner.run("refute_effect", {}, "Test the estimate: placebo treatment, random common cause, "
                                        "subsets and sensitivity to unobserved confounding.")


def _estimate_effect(runner: StepRunner, query: Query):
    if runner.ctx.graph is not None and runner.ctx.graph_source != "discovered":
        output = _effect_on_given_graph(runner, query)
    else:
        design = runner.run("recognise_design", design_args(query),
                            "Study design first: it decides what identifies the effect (randomisation, an "
                            "instrument, a cutoff, a panel) before any graph is learned.")
        if design is None:
            return None
        if design.result.uses_graph:
            output = _effect_observational(runner, query)
        else:
            args = {**estimate_args(query), **design.result.estimate_args}
            if query.controls is not None and not design.result.estimate_args.get("running"):
                args["adjust_for"] = list(query.controls)  # the user's covariates (RDD and synthetic control use none)
            hint = _hint(query)
            if design.result.design is StudyDesign.RANDOMIZED and hint and hint not in DISCOVERY_HINTS:
                args["method"] = hint  # the user's estimator, on the randomised comparison
            output = runner.run("estimate_effect", args, f"Estimate with the {design.result.name} design's "
                                                         "estimator; its assumption is stated.")
    return output


def design_args(query: Query) -> dict[str, Any]:
    args: dict[str, Any] = {"treatment": query.treatment, "outcome": query.outcome}
    design = query.design or HINT_DESIGNS.get(_hint(query) or "")
    if design is StudyDesign.INSTRUMENT and query.instrument is None:
        design = None
    if design is not None:
        args["design"] = design.value
    if query.instrument is not None:
        args["instrument"] = query.instrument
    if query.instruments:
        args["instruments"] = list(query.instruments)
    return args


def _effect_on_given_graph(runner: StepRunner, query: Query):
    """The user's (or a stored) graph is trusted: identify on it, then estimate."""
    if query.controls is not None:
        runner.run("identify_effect", {"treatment": query.treatment, "outcome": query.outcome,
                                       "adjust_for": list(query.controls)},
                   "The user chose the adjustment set; check it against the graph before using it.")
        return runner.run("estimate_effect", estimate_args(query, list(query.controls)),
                          "Estimate with the user's adjustment set; that choice is stated as an assumption.")
    ident = runner.run("identify_effect", {"treatment": query.treatment, "outcome": query.outcome},
                       "Identify on the given graph: find a valid adjustment set (or frontdoor/IV), or learn "
                       "that none exists.")
    if ident is None or not getattr(ident.result, "identifiable", False):
        return None
    return runner.run("estimate_effect", estimate_args(query),
                      "Estimate the identified effect with the method that suits the treatment type.")


def _effect_observational(runner: StepRunner, query: Query):
    ctx = runner.ctx
    discovered = ensure_graph(runner, query, diagnostic=True)
    roles = runner.run("assign_covariate_roles", {"treatment": query.treatment, "outcome": query.outcome},
                       "Give every covariate a role from time order, fixed attributes, knowledge and the data; "
                       "adjust for the pre-treatment ones, never for descendants of the treatment.")
    if roles is None:
        return None
    adjust = list(query.controls) if query.controls is not None else roles.result.adjustment_set
    if _hint(query) == "difference_in_means" and query.controls is None and adjust:
        ctx.add_warning(f"You asked for a plain difference in means: it does not adjust for {', '.join(adjust)}, "
                        "which the design would adjust for; it is causal only if nothing confounds the treatment.")
        adjust = []
    output = runner.run("estimate_effect", estimate_args(query, adjust),
                        "Estimate adjusting for the pre-treatment covariates (the stated default).")
    if output is not None and _prefer_att(ctx, query, output.result):
        retry = runner.run("estimate_effect", {**estimate_args(query, adjust), "estimand": "ATT"},
                           "Most untreated units have almost no chance of treatment, so the average effect over "
                           "everyone rests on extrapolation; the effect on the treated is what the comparison "
                           "units support.")
        output = retry or output
    if discovered and ctx.graph is not None and query.treatment in ctx.graph.nodes:
        runner.run("effect_range", {"treatment": query.treatment, "outcome": query.outcome},
                   "Report what the learned graph cannot decide: the effect under every locally valid parent set.")
    return output


def _prefer_att(ctx, query: Query, result) -> bool:
    """ATE asked for by default only, binary treatment with poor overlap, treated a minority."""
    if query.estimand != "ATE" or ATE_WORDS.search(query.raw or "") or result.estimand != "ATE":
        return False
    share = (result.details.get("overlap") or {}).get("share_clipped")
    t = ctx.data[query.treatment]
    if share is None or t.nunique() != 2:
        return False
    treated_share = min(float(t.value_counts(normalize=True).min()), 1.0)
    return share > POOR_OVERLAP and treated_share < 0.5


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


def plan_overview(runner: StepRunner, query: Query) -> None:
    """Discovery, then the identified effect of each definite cause of the target, ranked."""
    if not ensure_graph(runner, query):
        return
    target = query.subject or query.outcome
    runner.run("query_graph", {"query": "causes_of", "y": target},
               "Find the candidate drivers: the variables with a directed path into the target.")
    runner.run("rank_drivers", {"target": target},
               "Identify and estimate the total effect of each definite cause, then rank them by standardised size.")


def plan_adjustment(runner: StepRunner, query: Query) -> None:
    """'Should we control for V?': V's role decides (a graph of the user's, time order, a learned graph as a
    diagnostic, the data)."""
    ensure_graph(runner, query, diagnostic=True)
    runner.run("advise_adjustment", {"treatment": query.treatment, "outcome": query.outcome,
                                     "variable": query.subject},
               "Whether to control for a variable depends on its causal role, not on how much it changes the "
               "estimate.")


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
    QuestionKind.ADJUSTMENT: plan_adjustment,
}


class OfflinePlanner:
    """Deterministic expert policy; ``name`` goes into ``AnalysisResult.planner``."""

    name = "offline"

    def run(self, runner: StepRunner, query: Query) -> None:
        PLANS[QuestionKind(query.kind)](runner, query)
