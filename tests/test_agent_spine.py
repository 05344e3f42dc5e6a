"""End-to-end checks of the public contract with the offline planner (issue 2's done-means)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from agent.demo import demo_data
from agent.query import QueryError
from memory.store import InMemoryGraphStore, SQLiteGraphStore


@pytest.fixture(scope="module")
def vstructure_df():
    return demo_data(n=2000, seed=0)


def no_vstructure_df(n=2000, seed=1):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=n)
    x = 0.9 * z + rng.normal(size=n)
    y = 2.0 * x + 1.5 * z + rng.normal(size=n)
    return pd.DataFrame({"Z": z, "X": x, "Y": y})


def test_effect_identified_through_the_v_structure(vstructure_df, isolated_state):
    agent = CausalAgent(store=SQLiteGraphStore(isolated_state / "graphs.sqlite"))
    res = agent.analyze(vstructure_df, "What is the effect of X on Y?")
    assert res.kind == "effect"
    assert res.planner == "offline"
    assert res.effect is not None
    assert abs(res.effect.estimate - 2.0) < 0.1
    assert res.effect.ci_low <= 2.0 <= res.effect.ci_high
    assert "Z" in res.effect.adjustment_set  # W and V: pre-treatment by default (valid, stated)
    assert any("Pre-treatment by default" in a for a in res.assumptions)
    assert res.effect.treatment == "X" and res.effect.outcome == "Y"
    assert res.identifiable is True
    assert res.refutations, "refutations must appear in every effect result"
    assert any("does not cause the treatment" in a for a in res.assumptions)
    assert res.graph is not None and res.graph_key
    json.dumps(res.to_dict())  # JSON-serialisable
    text = str(res.report)
    assert "Short answer" in text and "Z" in text
    # The stored graph loads from a new process.
    env = {**os.environ, "CAUSAL_AGENT_HOME": str(isolated_state)}
    out = subprocess.run([sys.executable, "-m", "agent.interfaces.cli", "memory", "show", res.graph_key,
                          "--format", "json"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout)
    assert shown["key"] == res.graph_key
    assert {e["u"] for e in shown["graph"]["edges"]} | {e["v"] for e in shown["graph"]["edges"]} >= {"X", "Y", "Z"}


def test_equivalence_class_without_v_structure_gives_the_default_and_the_range():
    # Z — X cannot be oriented from data: Z is pre-treatment by default (stated), and the
    # range over both orientations (Z a confounder or a mediator) is reported (IDA).
    res = CausalAgent(store=InMemoryGraphStore()).analyze(no_vstructure_df(), "What is the effect of X on Y?")
    assert res.kind == "effect"
    assert abs(res.effect.estimate - 2.0) < 0.1 and res.effect.adjustment_set == ["Z"]
    assert any("Pre-treatment by default" in a and "Z" in a for a in res.assumptions)
    values = sorted(p["estimate"] for p in res.effect.possible_effects)
    assert len(values) == 2 and abs(values[0] - 2.0) < 0.1 and values[1] > 2.5
    assert "cannot tell apart" in res.explanation


def test_user_knowledge_settles_the_equivalence_class():
    knowledge = {"tiers": [["Z"], ["X"], ["Y"]]}
    res = CausalAgent(store=InMemoryGraphStore()).analyze(no_vstructure_df(), "What is the effect of X on Y?",
                                                          knowledge=knowledge)
    assert res.identifiable is True
    assert set(res.effect.adjustment_set) == {"Z"}
    assert abs(res.effect.estimate - 2.0) < 0.1


def test_user_graph_is_used_instead_of_discovery():
    res = CausalAgent(store=InMemoryGraphStore()).analyze(no_vstructure_df(), "What is the effect of X on Y?",
                                                          graph="Z -> X; Z -> Y; X -> Y")
    assert set(res.effect.adjustment_set) == {"Z"}
    assert not any(s.tool == "discover_graph" for s in res.steps)
    assert any("user-supplied causal graph" in a for a in res.assumptions)


def test_conditional_independence_answered_by_a_real_test(vstructure_df):
    res = CausalAgent(store=InMemoryGraphStore()).analyze(vstructure_df, "Are X and W independent given Z?")
    assert res.kind == "independence"
    assert res.answer == "yes"
    assert res.value is True
    assert res.p_value is not None and 0.0 <= res.p_value <= 1.0 and res.p_value > 0.01
    marginal = CausalAgent(store=InMemoryGraphStore()).analyze(vstructure_df, "Are X and W independent?")
    assert marginal.answer == "no" and marginal.p_value < 1e-6


def test_steps_are_recorded_for_every_tool_call(vstructure_df):
    res = CausalAgent(store=InMemoryGraphStore()).analyze(vstructure_df, "What is the effect of X on Y?")
    tools = [s.tool for s in res.steps]
    assert tools[:3] == ["recognise_design", "profile_data", "discover_graph"]
    assert "assign_covariate_roles" in tools and "estimate_effect" in tools and "refute_effect" in tools
    assert all(s.thought and s.duration_s >= 0 for s in res.steps)


def test_same_seed_same_answer(vstructure_df):
    a = CausalAgent(store=InMemoryGraphStore()).analyze(vstructure_df, "What is the effect of X on Y?", seed=3)
    b = CausalAgent(store=InMemoryGraphStore()).analyze(vstructure_df, "What is the effect of X on Y?", seed=3)
    assert a.effect.estimate == b.effect.estimate
    assert a.effect.ci_low == b.effect.ci_low
    assert a.graph.to_dict()["edges"] == b.graph.to_dict()["edges"]


def test_messy_data_is_cleaned_with_notes(vstructure_df):
    df = vstructure_df.copy()
    df["note"] = [f"free text {i}" for i in range(len(df))]
    df["const"] = 1.0
    df.loc[::50, "W"] = np.nan
    res = CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the effect of X on Y?")
    assert abs(res.effect.estimate - 2.0) < 0.15
    joined = " ".join(res.warnings)
    assert "note" in joined and "const" in joined


def test_unknown_column_names_the_problem(vstructure_df):
    with pytest.raises(QueryError) as err:
        CausalAgent(store=InMemoryGraphStore()).analyze(vstructure_df, "What is the effect of smoking on Y?")
    message = str(err.value)
    assert "smoking" in message and "X" in message and "W" in message


def test_explicit_treatment_outcome_must_exist(vstructure_df):
    with pytest.raises(ValueError, match="nope") as err:
        CausalAgent(store=InMemoryGraphStore()).analyze(vstructure_df, "", treatment="X", outcome="nope")
    assert "Columns:" in str(err.value)


def test_cli_errors_without_traceback(tmp_path, isolated_state):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    env = {**os.environ, "CAUSAL_AGENT_HOME": str(isolated_state)}
    out = subprocess.run([sys.executable, "-m", "agent.interfaces.cli", "analyze", str(bad),
                          "What is the effect of a on b?"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "error:" in out.stderr and "rows" in out.stderr
    out = subprocess.run([sys.executable, "-m", "agent.interfaces.cli", "memory", "show", "missing-key"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 2 and "Traceback" not in out.stderr and "missing-key" in out.stderr


def test_readme_demo_command_runs(tmp_path, capsys):
    """README's first command ends in `causal-agent demo`: it must work offline with no keys."""
    from agent.interfaces.cli import main

    readme = (__import__("pathlib").Path(__file__).parents[1] / "README.md").read_text()
    assert "causal-agent demo" in readme and "python -m pytest" in readme
    report = tmp_path / "demo.html"
    assert main(["demo", "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "Answer: 2.0" in out or "Answer: 1.9" in out
    assert report.exists() and "<html" in report.read_text()[:200].lower()
