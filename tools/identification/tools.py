"""The identify_effect tool: identification on the current graph, for the planner."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tools.base import Tool, ToolArgs, ToolGroup, ToolInputError, ToolOutput
from tools.context import AnalysisContext
from tools.identification.estimand import Estimand, Strategy
from tools.identification.identify import identify

_STRATEGIES = {"auto": None, "backdoor": Strategy.BACKDOOR, "frontdoor": Strategy.FRONTDOOR,
               "iv": Strategy.IV, "id": Strategy.ID}


class IdentifyEffectArgs(ToolArgs):
    treatment: str = Field(description="Treatment (cause) column, e.g. 'smoking'.")
    outcome: str = Field(description="Outcome (effect) column, e.g. 'cancer'.")
    strategy: Literal["auto", "backdoor", "frontdoor", "iv", "id"] = Field(
        "auto", description="'auto' picks the best valid strategy. Or ask for one: 'backdoor' "
                            "(adjust for covariates), 'frontdoor' (through mediators), 'iv' "
                            "(instrumental variable), 'id' (general formula).")
    adjust_for: list[str] | None = Field(
        None, description="Optional covariates the user wants adjusted for; they are checked and "
                          "rejected with the reason if invalid. With strategy 'iv': the instrument's "
                          "conditioning set.")
    instrument: str | None = Field(None, description="Optional instrument column to check; with strategy "
                                                     "'auto' it implies 'iv'.")


def _run(ctx: AnalysisContext, args: IdentifyEffectArgs) -> ToolOutput:
    graph = ctx.require_graph()
    ctx.require_columns(args.treatment, args.outcome, args.instrument, *(args.adjust_for or []))
    missing = [n for n in (args.treatment, args.outcome) if n not in graph.nodes]
    if missing:
        raise ToolInputError(f"{missing[0]!r} is a column but not a node of the current graph. "
                             f"Graph nodes: {', '.join(graph.nodes)}.")
    estimand = identify(graph, args.treatment, args.outcome, observed=ctx.columns,
                        prefer=_STRATEGIES[args.strategy], adjust_for=args.adjust_for,
                        instrument=args.instrument)
    for assumption in estimand.assumptions:
        ctx.add_assumption(assumption)
    return ToolOutput(estimand, observation(estimand))


def observation(e: Estimand) -> str:
    """One short factual paragraph for the planner."""
    if not e.identifiable:
        if e.reason.lower().startswith("not identif"):
            return e.reason[0].upper() + e.reason[1:]
        return f"Not identifiable: {e.reason}"
    assumptions = f" Assumptions: {' '.join(e.assumptions)}" if e.assumptions else ""
    head = {Strategy.BACKDOOR: "Backdoor adjustment.", Strategy.RANDOMIZED: "Randomized-like treatment.",
            Strategy.FRONTDOOR: "Front-door adjustment.", Strategy.IV: "Instrumental variable.",
            Strategy.ID: "ID formula.", Strategy.NO_EFFECT: "No causal effect."}[e.strategy]
    return f"{head} {e.reason} Formula: {e.formula}.{assumptions}"


TOOLS = [
    Tool("identify_effect",
         "Decide whether the effect of treatment on outcome can be estimated from the data given the "
         "current causal graph, and how: which covariates to adjust for (backdoor), mediators "
         "(frontdoor), an instrument (iv) or a formula (id); or why it is not identifiable. Also "
         "checks a user's adjust_for set. Call after a graph exists and before estimating.",
         ToolGroup.IDENTIFICATION, IdentifyEffectArgs, _run),
]
