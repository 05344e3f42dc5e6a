"""Refutation: falsification checks and sensitivity analysis for an effect estimate."""

from tools.refutation.refute import refute
from tools.refutation.report import RefutationCheck, RefutationReport, Sensitivity
from tools.refutation.tools import TOOLS, refute_effect

__all__ = ["TOOLS", "RefutationCheck", "RefutationReport", "Sensitivity", "refute", "refute_effect"]
