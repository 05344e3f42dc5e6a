"""The Report object: Markdown sections built from tool results (every number traced to one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.result import AnalysisResult
    from tools.context import AnalysisContext


@dataclass
class Section:
    title: str
    body: str


@dataclass
class Report:
    title: str
    sections: list[Section] = field(default_factory=list)

    def to_markdown(self) -> str:
        parts = [f"# {self.title}"]
        parts += [f"## {s.title}\n\n{s.body.strip()}" for s in self.sections if s.body.strip()]
        return "\n\n".join(parts) + "\n"

    def __str__(self) -> str:
        return self.to_markdown()

    def to_html(self, path: str | Path | None = None) -> str:
        from agent.report.html import markdown_report_to_html

        html = markdown_report_to_html(self)
        if path is not None:
            Path(path).write_text(html, encoding="utf-8")
        return html

    def save(self, path: str | Path) -> Path:
        """Write Markdown (.md) or HTML (.html/.htm) by the file's suffix."""
        p = Path(path)
        if p.suffix.lower() in (".html", ".htm"):
            self.to_html(p)
        else:
            p.write_text(self.to_markdown(), encoding="utf-8")
        return p


def build_report(result: "AnalysisResult", ctx: "AnalysisContext") -> Report:
    from agent.report.sections import SECTION_BUILDERS

    report = Report(title=f"Causal analysis: {result.question or result.kind}")
    for builder in SECTION_BUILDERS:
        section = builder(result, ctx)
        if section is not None:
            report.sections.append(section)
    return report
