"""Narrative reports rendered from an AnalysisResult and its context."""

from agent.report.report import Report, build_report

__all__ = ["Report", "build_report"]
