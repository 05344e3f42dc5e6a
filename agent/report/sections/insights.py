"""Insights: careful, actionable statements from the narrative (template or checked LLM text)."""

from __future__ import annotations

from agent.report.model import Inputs, Section


def build(inp: Inputs) -> Section | None:
    insights = inp.narrative.insights
    if not insights:
        return None
    return Section("Insights", "\n".join(f"- {i}" for i in insights), key="insights")
