"""Issue 20: Ctrl-C takes effect inside a long step (discovery), not only between steps: the
step runner installs the stop check and the discovery loops call it, so the analysis raises
AnalysisCancelled within two seconds and its thread is free again."""

from __future__ import annotations

import threading
import time

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from agent.planners.base import AnalysisCancelled
from memory.store import InMemoryGraphStore
from tools.cancel import Cancelled, cancellable, checkpoint

pytestmark = pytest.mark.time_limit(120)


def wide_linear(n: int = 3000, p: int = 40, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    X = np.zeros((n, p))
    for i in range(p):
        parents = [j for j in range(max(0, i - 5), i) if rng.random() < 0.3]
        X[:, i] = rng.normal(size=n) + sum(0.5 * X[:, j] / max(1.0, X[:, j].std()) for j in parents)
    return pd.DataFrame(X, columns=[f"c{i}" for i in range(p)])


def test_checkpoint_raises_only_under_a_check_that_says_stop():
    checkpoint()  # nothing installed: a no-op
    with cancellable(lambda: False):
        checkpoint()
    with cancellable(lambda: True), pytest.raises(Cancelled):
        checkpoint()
    checkpoint()  # the check is uninstalled afterwards


def test_a_stop_during_discovery_takes_effect_within_two_seconds():
    df = wide_linear()
    stop = threading.Event()
    pressed: dict[str, float] = {}

    def on_start(tool: str) -> None:
        if tool == "discover_graph":  # "press Ctrl-C" shortly after the long step starts
            threading.Timer(0.3, lambda: (pressed.setdefault("at", time.monotonic()), stop.set())).start()

    with pytest.raises(AnalysisCancelled):
        CausalAgent(store=InMemoryGraphStore()).analyze(df, "Show the causal graph", should_cancel=stop.is_set,
                                                        on_start=on_start)
    assert "at" in pressed and time.monotonic() - pressed["at"] < 2.0


def test_an_analysis_that_is_not_stopped_is_unchanged():
    df = wide_linear(n=1000, p=12)
    plain = CausalAgent(store=InMemoryGraphStore()).analyze(df, "Show the causal graph")
    watched = CausalAgent(store=InMemoryGraphStore()).analyze(df, "Show the causal graph", should_cancel=lambda: False)
    assert plain.answer == watched.answer
