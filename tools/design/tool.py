"""The recognise_design tool: the first step of every effect question, for both planners."""

from __future__ import annotations

from pydantic import Field

from tools.base import Tool, ToolArgs, ToolGroup, ToolOutput
from tools.context import AnalysisContext
from tools.design.model import DesignInput, DesignResult, StudyDesign
from tools.design.recognise import apply_override, recognise


class RecogniseDesignArgs(ToolArgs):
    treatment: str = Field(description="Treatment column.")
    outcome: str = Field(description="Outcome column.")
    design: StudyDesign | None = Field(None, description="Leave empty to recognise it from the data and the "
                                                         "description; set only if the user named the design.")
    instrument: str | None = Field(None, description="Instrument column, if the user named one.")
    instruments: list[str] | None = Field(None, description="Every instrument column, if the user named several.")


def _run(ctx: AnalysisContext, args: RecogniseDesignArgs) -> ToolOutput:
    ctx.require_columns(args.treatment, args.outcome, args.instrument, *(args.instruments or []))
    several = tuple(args.instruments or ())
    inp = DesignInput(ctx.data, args.treatment, args.outcome, " ".join(t for t in (ctx.description, ctx.question) if t),
                      args.instrument or (several[0] if several else None), several)
    result = apply_override(inp, args.design) if args.design is not None else recognise(inp)
    ctx.add_assumption(result.assumption)
    for note in result.notes:
        ctx.add_warning(note)
    return ToolOutput(result, observation(result))


def observation(r: DesignResult) -> str:
    args = ", ".join(f"{k}={v!r}" for k, v in r.estimate_args.items() if k != "adjust_for")
    route = (f" Next: estimate_effect with {args}." if r.estimate_args else
             " Next: assign_covariate_roles, then estimate_effect with its adjustment set.")
    notes = f" Notes: {' '.join(r.notes)}" if r.notes else ""
    return f"Design: {r.design.value}. {r.reason}{notes}{route}"


TOOLS = [Tool(
    "recognise_design",
    "First step for any effect question. Finds the study design from the data and description: randomized, "
    "instrument, did (before/after or staggered), rdd (cutoff), synthetic_control (few treated units over time), "
    "panel (units over time), or observational. Returns the estimator arguments the design implies.",
    ToolGroup.IDENTIFICATION, RecogniseDesignArgs, _run)]
