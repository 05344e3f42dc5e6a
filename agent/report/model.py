"""The pieces a report is made of: sections with Markdown bodies and lazily drawn figures,
and the inputs every section builder receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from agent.report.narrative import Narrative
    from agent.result import AnalysisResult
    from tools.context import AnalysisContext


@dataclass
class Figure:
    """A figure drawn on first use (Markdown for chat never pays for matplotlib)."""

    key: str
    caption: str
    alt: str
    draw: Callable[[], bytes] = field(repr=False)
    _png: bytes | None = field(default=None, repr=False)

    @property
    def png(self) -> bytes:
        if self._png is None:
            self._png = self.draw()
        return self._png


@dataclass
class Section:
    """``body`` is Markdown (headings inside are ###, tables, lists, paragraphs)."""

    title: str
    body: str
    key: str = ""
    figures: list[Figure] = field(default_factory=list)
    collapsible: bool = False
    after: str = ""  # Markdown shown after the figures (e.g. an edge list under its graph)


@dataclass
class Inputs:
    """What a section builder reads: the result, the context (typed tool results), the
    facts and the narrative, plus node roles for the figures."""

    result: "AnalysisResult"
    ctx: "AnalysisContext"
    facts: dict[str, Any]
    narrative: "Narrative"

    @property
    def roles(self) -> dict[str, str]:
        """Node roles for graph drawings: treatment, outcome, adjusted, subject."""
        q = self.result.query or {}
        roles: dict[str, str] = {}
        effect = self.result.effect
        for name in (effect.adjustment_set if effect else []):
            roles[name] = "adjusted"
        for name in q.get("conditioning") or []:
            roles[name] = "adjusted"
        if q.get("subject"):
            roles[q["subject"]] = "subject"
        if q.get("treatment"):
            roles[q["treatment"]] = "treatment"
        if q.get("outcome"):
            roles[q["outcome"]] = "outcome"
        return roles


SectionBuilder = Callable[[Inputs], "Section | None"]
