"""causal-agent: ask a causal question about a table, get a checked, explained answer.

    from agent import CausalAgent
    res = CausalAgent().analyze(df, "What is the effect of X on Y?")

Names are imported lazily so that the CLI starts fast."""

from __future__ import annotations

from typing import Any

__all__ = ["CausalAgent", "AnalysisResult", "EffectResult", "QuestionKind", "Step"]

_LAZY = {
    "CausalAgent": "agent.agent",
    "AnalysisResult": "agent.result",
    "QuestionKind": "agent.result",
    "Step": "agent.result",
    "EffectResult": "tools.estimation.effect",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'agent' has no attribute {name!r}")
