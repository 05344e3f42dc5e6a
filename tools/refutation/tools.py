"""The refute_effect tool: stress-test the latest estimate_effect result."""

from __future__ import annotations

from pydantic import Field

from tools.base import Tool, ToolArgs, ToolGroup, ToolInputError, ToolOutput
from tools.context import AnalysisContext
from tools.estimation.effect import EffectResult
from tools.refutation.refute import refute


class RefuteEffectArgs(ToolArgs):
    simulations: int = Field(20, ge=2, le=500, description="Random re-runs per check (default 20).")


DESCRIPTION = (
    "Stress-test the latest estimate_effect result: placebo treatment (should give ~0), random common cause "
    "(should not move it), random 80% subsets and bootstrap (should be stable), and sensitivity to unobserved "
    "confounding (E-value, robustness value, strength relative to the strongest observed covariate). "
    "Call after estimate_effect.")


def run_refute_effect(ctx: AnalysisContext, args: RefuteEffectArgs) -> ToolOutput:
    estimate = ctx.results.get("estimate_effect")
    if not isinstance(estimate, EffectResult):
        raise ToolInputError("No estimate to refute: call estimate_effect first.")
    if estimate.strategy == "no_effect":
        raise ToolInputError("Nothing to refute: the graph implies no causal path, so no estimate was computed.")
    # Locally the refits share the data through threads: each takes milliseconds, so starting
    # worker processes and copying the data to them would cost more than it saves.
    report = refute(ctx.data, estimate, simulations=args.simulations, seed=ctx.seed,
                    executor=ctx.open_executor(prefer="threads"))
    for check in report.checks:
        if check.passed is False:
            ctx.add_warning(f"Refutation check '{check.name}' failed: {check.summary}")
    return ToolOutput(result=report, observation=report.summary)


refute_effect = Tool(name="refute_effect", description=DESCRIPTION, group=ToolGroup.REFUTATION,
                     args_model=RefuteEffectArgs, run=run_refute_effect)

TOOLS = [refute_effect]
