"""The rank_drivers tool: the identified total effect of each definite cause of a target,
ranked by standardised size (an 'overview' question: what drives Y?). Both planners call it;
the answer and the report read its typed result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import Field

from tools.base import Tool, ToolArgs, ToolGroup, ToolInputError, ToolOutput
from tools.context import AnalysisContext
from tools.estimation.effect import EffectResult
from tools.estimation.estimate import run_query
from tools.estimation.query import EffectQuery
from tools.estimation.tools import _from_estimand
from tools.graph_queries import causes_of
from tools.identification.identify import identify

MAX_DRIVERS = 6


class RankDriversArgs(ToolArgs):
    target: str = Field(description="The outcome column whose drivers to rank.")
    max_drivers: int = Field(MAX_DRIVERS, ge=1, le=20, description="How many definite causes to estimate.")


@dataclass
class DriverRanking:
    """``effects`` in rank order (largest standardised total effect first); ``skipped``: cause → why."""

    target: str
    effects: dict[str, EffectResult] = field(default_factory=dict)
    standardised: dict[str, float] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    candidates: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "candidates": self.candidates, "skipped": self.skipped,
                "effects": {k: v.to_dict() for k, v in self.effects.items()}, "standardised": self.standardised}


def standardised_effect(data, cause: str, effect: EffectResult) -> float:
    """|effect| × sd(cause) / sd(outcome): comparable across causes measured in different units."""
    sx = float(np.nanstd(data[cause].astype(float)))
    sy = float(np.nanstd(data[effect.outcome].astype(float))) or 1.0
    return abs(effect.estimate) * sx / sy


def rank(ctx: AnalysisContext, target: str, max_drivers: int = MAX_DRIVERS) -> DriverRanking:
    graph = ctx.require_graph()
    ctx.require_columns(target)
    if target not in graph.nodes:
        raise ToolInputError(f"{target!r} is not a node of the current graph. Graph nodes: {', '.join(graph.nodes)}.")
    candidates = list(causes_of(graph, target).definite or [])
    ranking = DriverRanking(target, candidates=candidates)
    for cause in candidates[:max_drivers]:
        estimand = identify(graph, cause, target, observed=ctx.columns)
        ranking.assumptions += [a for a in estimand.assumptions if a not in ranking.assumptions]
        try:
            design, fields, _ = _from_estimand(estimand)
        except ToolInputError as exc:
            ranking.skipped[cause] = str(exc)
            continue
        if fields.pop("no_effect", False):
            ranking.skipped[cause] = "no directed path in the graph"
            continue
        q = EffectQuery(treatment=cause, outcome=target, design=design, seed=ctx.seed,
                        **{k: tuple(v) for k, v in fields.items()})
        ranking.effects[cause] = run_query(ctx.data, q)
    for cause in candidates[max_drivers:]:
        ranking.skipped[cause] = f"beyond the first {max_drivers} causes"
    sizes = {c: standardised_effect(ctx.data, c, e) for c, e in ranking.effects.items()}
    order = sorted(sizes, key=lambda c: -sizes[c])
    ranking.effects = {c: ranking.effects[c] for c in order}
    ranking.standardised = {c: sizes[c] for c in order}
    return ranking


def _run(ctx: AnalysisContext, args: RankDriversArgs) -> ToolOutput:
    ranking = rank(ctx, args.target, args.max_drivers)
    for text in ranking.assumptions + [a for e in ranking.effects.values() for a in e.assumptions]:
        ctx.add_assumption(text)
    if not ranking.candidates:
        return ToolOutput(ranking, f"The graph has no definite cause of {args.target}.")
    parts = [f"{c}: {e.estimate:.4g} (95% CI {e.ci_low:.4g} to {e.ci_high:.4g}; standardised "
             f"{ranking.standardised[c]:.2f})" for c, e in ranking.effects.items()]
    skipped = f" Not estimated: {'; '.join(f'{c} ({why[:80]})' for c, why in ranking.skipped.items())}." \
        if ranking.skipped else ""
    return ToolOutput(ranking, f"Drivers of {args.target}, largest first: {'; '.join(parts) or 'none'}.{skipped}")


TOOLS = [Tool("rank_drivers", "For 'what drives Y?': the identified total effect of each definite cause of the "
              "target in the current graph, ranked by standardised size. Call discover_graph first.",
              ToolGroup.ESTIMATION, RankDriversArgs, _run)]
