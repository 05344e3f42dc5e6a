"""Shared helpers for the report tests: simulated data for every question kind and a way to
keep the analysis context (``analyze`` returns only the result)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

KIND_QUESTIONS = {
    "independence": "Are A and C independent?",
    "direct_cause": "Does T directly cause M?",
    "confounder": "Is C a confounder of T and Y?",
    "collider": "Is S a collider between T and Y?",
    "mediator": "Does T affect Y through M?",
    "causes_of": "What causes Y?",
    "effects_of": "What does T affect?",
    "graph": "What is the causal graph?",
    "effect": "What is the effect of T on Y?",
    "counterfactual": "What would Y be if T were set to 2?",
    "overview": "What drives Y?",
}


def kinds_data(n: int = 500, seed: int = 1) -> pd.DataFrame:
    """Linear SCM: A -> T <- C, C -> Y, T -> M -> Y (effect of T on Y = 1.8), T -> S <- Y."""
    rng = np.random.default_rng(seed)
    a, c = rng.normal(size=n), rng.normal(size=n)
    t = 0.8 * a + 0.9 * c + rng.normal(size=n)
    m = 1.2 * t + rng.normal(size=n)
    y = 1.5 * m + 1.0 * c + rng.normal(size=n)
    s = 0.9 * t + 0.9 * y + rng.normal(size=n)
    return pd.DataFrame({"A": a, "C": c, "T": t, "M": m, "Y": y, "S": s})


def analyze_with_context(df: pd.DataFrame, question: str, **kwargs: Any):
    """(result, context) of one offline analysis; the context is caught on its way to the report."""
    import pytest

    import agent.report as report_pkg
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    caught: dict[str, Any] = {}
    real = report_pkg.build_report

    def spy(result, ctx, **kw):
        caught["ctx"] = ctx
        return real(result, ctx, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report_pkg, "build_report", spy)
        result = CausalAgent(store=InMemoryGraphStore()).analyze(df, question, **kwargs)
    return result, caught["ctx"]
