"""Issues 20/21: before a discovery search starts, the watcher is told which algorithm runs, on
how much data, and its estimated time (CLI stderr, chat spinner and Slack status all show it)."""

from __future__ import annotations

import re

import pandas as pd

from agent import CausalAgent
from memory.store import InMemoryGraphStore
from tools.discovery.fast_testdata import random_linear_data


def test_the_discovery_step_announces_its_algorithm_size_and_estimate():
    x, _ = random_linear_data(70, 1500, 3.0, 0)
    df = pd.DataFrame(x, columns=[f"X{i}" for i in range(70)])
    seen: list[str] = []
    res = CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the causal graph?", on_start=seen.append)
    detail = [m for m in seen if m.startswith("discover_graph: ")]
    assert len(detail) == 1 and seen.index(detail[0]) == seen.index("discover_graph") + 1
    assert re.fullmatch(r"discover_graph: BOSS \(local\) on 70 variables x 1,500 rows, estimated "
                        r"(under a second|~\d+ s)", detail[0])
    step = next(s for s in res.steps if s.tool == "discover_graph")
    assert step.observation.startswith("BOSS (local)")


def test_a_one_argument_watcher_sees_only_text():
    df = pd.DataFrame(random_linear_data(5, 400, 2.0, 1)[0], columns=list("ABCDE"))
    seen: list[str] = []
    CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the causal graph?", on_start=seen.append)
    assert all(isinstance(m, str) for m in seen) and any("estimated" in m for m in seen)
