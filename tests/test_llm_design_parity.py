"""Issue 15: design recognition is a tool both planners call. A scripted model that follows
the planner prompt's design route reaches the offline planner's number (same seed) for
randomised, difference-in-differences, regression-discontinuity and observational designs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from memory.store import InMemoryGraphStore
from tests.fakes.chat_models import ScriptedChatModel, text_reply, tool_call
from tests.test_effect_design_first import _staggered_panel, season_discount_sales


def _randomized():
    rng = np.random.default_rng(11)
    n = 1500
    age = rng.normal(40, 10, n)
    arm = rng.integers(0, 2, n)
    return pd.DataFrame({"age": age, "arm": arm, "y": 1.5 * arm + 0.05 * age + rng.normal(size=n)})


def _rdd():
    rng = np.random.default_rng(12)
    n = 3000
    score = rng.uniform(0, 100, n)
    admitted = (score >= 60).astype(int)
    return pd.DataFrame({"score": score, "admitted": admitted,
                         "wage": 0.05 * score + 3.0 * admitted + rng.normal(size=n)})


CASES = {
    "randomized": (_randomized, "arm", "y", "Participants were randomly assigned to the arm.", None),
    "did": (_staggered_panel, "law", "rate", "", {"method": "did", "unit": "sid", "time": "year"}),
    "rdd": (_rdd, "admitted", "wage", "Students were admitted by a test score threshold.", None),
}


def _offline(df, question, description):
    return CausalAgent(store=InMemoryGraphStore(), seed=0).analyze(df, question, description=description)


def _scripted(df, question, description, *calls):
    model = ScriptedChatModel(responses=list(calls) + [text_reply("Done.")])
    agent = CausalAgent(llm=model, store=InMemoryGraphStore(), seed=0, llm_backoff_s=0.0, llm_narrative=False)
    return agent.analyze(df, question, description=description)


def _extract(t, y):
    return tool_call("extract_query", {"kind": "effect", "variables": [t, y], "treatment": t, "outcome": y})


@pytest.mark.parametrize("name", list(CASES))
def test_design_route_under_a_scripted_llm_matches_the_offline_planner(name):
    make, t, y, description, args = CASES[name]
    df = make()
    question = f"What is the effect of {t} on {y}?"
    offline = _offline(df, question, description)
    design = offline.details["tool_results"]["recognise_design"]
    assert design["design"] == name
    estimate_args = {"treatment": t, "outcome": y, **(args or design["estimate_args"])}
    llm = _scripted(df, question, description, _extract(t, y),
                    tool_call("recognise_design", {"treatment": t, "outcome": y}),
                    tool_call("estimate_effect", estimate_args), tool_call("refute_effect", {}))
    assert llm.planner != "offline" and not llm.degraded
    assert [s.tool for s in llm.steps if s.tool][:2] == ["recognise_design", "estimate_effect"]
    assert llm.effect.estimate == pytest.approx(offline.effect.estimate, abs=1e-9)


def test_observational_route_under_a_scripted_llm_matches_the_offline_planner():
    df = season_discount_sales()
    question = "What is the effect of discount on sales?"
    offline = _offline(df, question, None)
    llm = _scripted(df, question, None, _extract("discount", "sales"),
                    tool_call("recognise_design", {"treatment": "discount", "outcome": "sales"}),
                    tool_call("discover_graph", {}),
                    tool_call("assign_covariate_roles", {"treatment": "discount", "outcome": "sales"}),
                    tool_call("estimate_effect", {"treatment": "discount", "outcome": "sales", "adjust_for": ["season"]}),
                    tool_call("effect_range", {"treatment": "discount", "outcome": "sales"}),
                    tool_call("refute_effect", {}))
    assert llm.effect.estimate == pytest.approx(offline.effect.estimate, abs=1e-9)
    assert [p["estimate"] for p in llm.effect.possible_effects] == pytest.approx(
        [p["estimate"] for p in offline.effect.possible_effects], abs=1e-9)


def test_the_prompt_names_the_design_route():
    from prompts import render

    text = render("planner_system", data_summary="x", query_summary="y", current_graph="")
    assert "recognise_design" in text and "assign_covariate_roles" in text and "effect_range" in text
