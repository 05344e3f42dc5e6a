"""Report sections in reading order. Each builder takes the report ``Inputs`` and returns a
``Section`` or None when its result is absent (the section is then omitted)."""

from __future__ import annotations

from agent.report.model import SectionBuilder
from agent.report.sections import (appendix, assumptions, data, details, estimate, graph, identification, insights,
                                   knowledge, method, robustness, summary)

SECTION_BUILDERS: list[SectionBuilder] = [
    summary.build,          # the question and the short answer first
    details.build,          # the result of non-effect questions (tests, graph queries, SCM, drivers)
    data.build,
    method.build,
    graph.build,
    knowledge.build,        # language-model knowledge, checked against the data (when asked for)
    identification.build,
    estimate.build,
    robustness.build,
    assumptions.build,
    insights.build,
    appendix.build,
]

__all__ = ["SECTION_BUILDERS"]
