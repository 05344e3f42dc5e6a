"""The Report: sections built from the typed tool results, rendered as Markdown (chat,
Slack), self-contained HTML (figures inlined) or PDF (optional, matplotlib only).

``build_report(result, ctx, llm=None)`` collects the facts, writes the narrative (from
templates, or by an LLM whose text is checked against the facts) and runs the section
builders in reading order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.report.model import Figure, Inputs, Section

if TYPE_CHECKING:
    from agent.report.narrative import Narrative
    from agent.result import AnalysisResult
    from tools.context import AnalysisContext

TIMESTAMP_PREFIX = "Generated "


@dataclass
class Report:
    """A rendered analysis. ``str(report)`` is its Markdown; ``narrative.source`` says whether
    the summary and insights came from templates or from a checked LLM."""

    title: str
    sections: list[Section] = field(default_factory=list)
    generated_at: str = ""
    duration_s: float | None = None
    byline: str = ""
    narrative: "Narrative | None" = None
    facts: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ access
    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]

    @property
    def llm_calls(self) -> int:
        """LLM calls the report itself made (the narrative); the analysis counts its own."""
        return self.narrative.llm_calls if self.narrative else 0

    @property
    def timestamp_line(self) -> str:
        took = f" in {self.duration_s:.1f} s" if self.duration_s is not None else ""
        return f"{TIMESTAMP_PREFIX}{self.generated_at}{took}"

    # ------------------------------------------------------------------ renderings
    def to_markdown(self, figure_dir: str | Path | None = None, figure_prefix: str = "") -> str:
        """Markdown. Figures are omitted unless ``figure_dir`` is given: then they are written
        there as PNG files and linked as ``figure_prefix + name`` (relative to the document)."""
        parts = [f"# {self.title}", f"_{self.timestamp_line}_"]
        if self.byline:
            parts.append(f"_{self.byline}_")
        for s in self.sections:
            if not (s.body.strip() or s.figures or s.after.strip()):
                continue
            block = f"## {s.title}\n\n{s.body.strip()}"
            if figure_dir is not None:
                for fig in s.figures:
                    path = Path(figure_dir) / f"{fig.key}.png"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(fig.png)
                    block += f"\n\n![{fig.alt}]({figure_prefix}{path.name})\n\n_{fig.caption}_"
            if s.after.strip():
                block += f"\n\n{s.after.strip()}"
            parts.append(block)
        return "\n\n".join(parts) + "\n"

    def __str__(self) -> str:
        return self.to_markdown()

    def to_html(self, path: str | Path | None = None) -> str:
        """One self-contained HTML page (figures as data: URIs, no external assets)."""
        from agent.report.html import render_html

        html = render_html(self)
        if path is not None:
            Path(path).write_text(html, encoding="utf-8")
        return html

    def to_pdf(self, path: str | Path) -> Path:
        """A PDF drawn with matplotlib (no TeX, no browser): text pages, then the figures."""
        from agent.report.pdf import write_pdf

        return write_pdf(self, Path(path))

    def save(self, path: str | Path) -> Path:
        """Write by suffix: .html/.htm (self-contained), .pdf, else Markdown (figures in '<stem>_figures/')."""
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix in (".html", ".htm"):
            self.to_html(p)
        elif suffix == ".pdf":
            self.to_pdf(p)
        else:
            folder = p.with_name(f"{p.stem}_figures")
            p.write_text(self.to_markdown(folder if self.figures else None, f"{folder.name}/"), encoding="utf-8")
        return p


def strip_timestamp(text: str) -> str:
    """The report text without its timestamp line (for comparing two runs)."""
    return re.sub(rf"^.*{TIMESTAMP_PREFIX}\d.*$\n?", "", text, flags=re.M)


def build_report(result: "AnalysisResult", ctx: "AnalysisContext", llm: Any = None) -> Report:
    """Build the report of one analysis. With ``llm`` (a LangChain chat model) the LLM writes the
    summary and insights from the facts; text that fails the grounding check is regenerated
    once, then replaced by the template text. The narrative's LLM calls are added to
    ``result.llm_calls``/``result.tokens``."""
    from agent.report.facts import collect_facts
    from agent.report.narrative import template_narrative
    from agent.report.sections import SECTION_BUILDERS

    facts = collect_facts(result, ctx)
    narrative = template_narrative(facts)
    if llm is not None:
        from agent.report.llm_narrative import llm_narrative

        names = list(dict.fromkeys([*ctx.columns, *(ctx.graph.nodes if ctx.graph is not None else [])]))
        narrative = llm_narrative(llm, facts, names, narrative)
    inputs = Inputs(result=result, ctx=ctx, facts=facts, narrative=narrative)
    sections = [s for s in (build(inputs) for build in SECTION_BUILDERS) if s is not None]
    result.llm_calls += narrative.llm_calls  # after the appendix has shown planning and report calls apart
    result.tokens += narrative.tokens
    source = {"template": "written from templates", "llm": "written by the LLM and checked against the results",
              "llm+template": "partly written by the LLM (checked), partly from templates"}[narrative.source]
    byline = f"Planner: {result.planner} · seed {result.seed} · summary and insights {source}"
    return Report(title=f"Causal analysis: {result.question.strip() or result.kind}", sections=sections,
                  generated_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  duration_s=result.duration_s or None, byline=byline, narrative=narrative, facts=facts)
