"""Tools for an observational effect question: covariate roles, and the IDA range over
what the learned graph cannot decide."""

from __future__ import annotations

from pydantic import Field

from tools.base import Tool, ToolArgs, ToolGroup, ToolInputError, ToolOutput
from tools.context import AnalysisContext
from tools.covariates.advice import AdjustmentAdvice, advise
from tools.covariates.roles import CovariateRoles, Role, apply_graph, assign_roles
from tools.identification.ida import EffectRange, effect_range

MAX_LISTED = 12


class RolesArgs(ToolArgs):
    treatment: str = Field(description="Treatment column.")
    outcome: str = Field(description="Outcome column.")
    instrument: str | None = Field(None, description="Instrument column, if any (never adjusted for).")


def _design_columns(ctx: AnalysisContext) -> set[str]:
    design = ctx.results.get("recognise_design")
    return set(getattr(design, "columns", {}).values()) if design is not None else set()


def _run_roles(ctx: AnalysisContext, args: RolesArgs) -> ToolOutput:
    ctx.require_columns(args.treatment, args.outcome, args.instrument)
    roles = assign_roles(ctx.data, args.treatment, args.outcome, description=ctx.description,
                         knowledge=ctx.knowledge, instrument=args.instrument, exclude=_design_columns(ctx))
    moved: list[str] = []
    if ctx.graph is not None and ctx.graph_source == "discovered" and args.treatment in ctx.graph.nodes:
        moved = apply_graph(roles, ctx.graph.descendants(args.treatment))
    assumption = roles.assumption()
    if assumption:
        ctx.add_assumption(assumption)
    return ToolOutput(roles, roles_observation(roles, moved))


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


def roles_observation(roles: CovariateRoles, moved: list[str]) -> str:
    parts = [f"Adjustment set ({len(roles.adjustment_set)}): {_names(roles.adjustment_set) or 'none'}."]
    for role in (Role.POST, Role.OUTCOME_MEASURE, Role.TREATMENT_DEFINING, Role.INSTRUMENT, Role.IDENTIFIER,
                 Role.MOSTLY_MISSING):
        cols = roles.columns(role)
        if cols:
            parts.append(f"Not adjusted ({role.value}): {_names(cols)}.")
    if moved:
        parts.append(f"The learned graph makes {_names(moved)} descendants of the treatment.")
    unknown = roles.columns(Role.UNKNOWN)
    if unknown:
        parts.append(f"Pre-treatment by default: {_names(unknown)}.")
    return " ".join(parts) + " Next: estimate_effect with adjust_for = the adjustment set."


class RangeArgs(ToolArgs):
    treatment: str = Field(description="Treatment column.")
    outcome: str = Field(description="Outcome column.")


def _run_range(ctx: AnalysisContext, args: RangeArgs) -> ToolOutput:
    graph = ctx.require_graph()
    ctx.require_columns(args.treatment, args.outcome)
    if args.treatment not in graph.nodes:
        raise ToolInputError(f"{args.treatment!r} is not a node of the current graph.")
    forbidden = {args.outcome} if ctx.knowledge.forbids(args.outcome, args.treatment) else set()
    result = effect_range(ctx.data, graph, args.treatment, args.outcome, forbidden)
    return ToolOutput(result, range_observation(result))


def range_observation(r: EffectRange) -> str:
    if not r.possible_effects:
        return "No possible effect could be computed from the learned graph. " + " ".join(r.notes)
    if r.decided:
        return (f"The learned graph fixes the parents of {r.treatment} ({', '.join(r.parents) or 'none'}): one "
                f"possible effect, {r.low:.4g}.")
    return (f"{len(r.possible_effects)} locally valid parent sets for {r.treatment} (undirected neighbours: "
            f"{', '.join(r.siblings)}): possible effects from {r.low:.4g} to {r.high:.4g}.")


class AdviceArgs(ToolArgs):
    treatment: str = Field(description="Treatment column of the effect.")
    outcome: str = Field(description="Outcome column of the effect.")
    variable: str = Field(description="The column the user asks about controlling for.")


def _run_advice(ctx: AnalysisContext, args: AdviceArgs) -> ToolOutput:
    ctx.require_columns(args.treatment, args.outcome, args.variable)
    result = advise(ctx.data, args.treatment, args.outcome, args.variable, graph=ctx.graph,
                    graph_trusted=ctx.graph is not None and ctx.graph_source != "discovered",
                    description=ctx.description, knowledge=ctx.knowledge, seed=ctx.seed)
    return ToolOutput(result, advice_observation(result))


def advice_observation(a: AdjustmentAdvice) -> str:
    return f"Control for {a.variable}? {a.answer} ({a.reason.value}): {a.explanation}"


TOOLS = [
    Tool("assign_covariate_roles",
         "Observational designs only, after recognise_design (and discover_graph, if run). Gives every other column "
         "a role with its evidence: pre_treatment (adjust), post_treatment (never adjust), outcome_measure, "
         "treatment_defining, instrument, identifier, mostly_missing, or unknown (pre-treatment by default, "
         "stated). Returns the adjustment set to pass to estimate_effect.",
         ToolGroup.IDENTIFICATION, RolesArgs, _run_roles),
    Tool("effect_range",
         "After discover_graph on an observational design: the effect under every parent set of the treatment "
         "that the learned graph cannot rule out (IDA). Reports the range beside the default estimate.",
         ToolGroup.IDENTIFICATION, RangeArgs, _run_range),
    Tool("advise_adjustment",
         "For 'should we control for V?': says yes/no with V's role (confounder, mediator, collider, instrument, "
         "precision, M-bias, post-treatment) from the user's graph, time order, the learned graph or the data.",
         ToolGroup.IDENTIFICATION, AdviceArgs, _run_advice),
]
