"""Narrative reports rendered from an AnalysisResult and its context: Markdown, HTML, PDF."""

from agent.report.model import Figure, Section
from agent.report.report import Report, build_report, strip_timestamp

__all__ = ["Figure", "Report", "Section", "build_report", "strip_timestamp"]
