"""Issue 18, loop bugs 1-4, each reproduced with a scripted model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from agent.demo import demo_data
from memory.store import InMemoryGraphStore
from tests.fakes.chat_models import ScriptedChatModel, text_reply, tool_call
from evals.scripted_model import double_encoded_call

QUESTION = "What is the effect of X on Y?"
XY = {"treatment": "X", "outcome": "Y"}
EXTRACT = tool_call("extract_query", {"kind": "effect", "variables": ["X", "Y"], **XY})


@pytest.fixture(scope="module")
def df():
    return demo_data(n=2000, seed=0)


def _agent(model, **kwargs):
    return CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.0, llm_narrative=False, **kwargs)


def test_bug1_double_encoded_arguments_go_back_to_the_model_not_to_the_retry_loop(df):
    model = ScriptedChatModel(responses=[
        EXTRACT,
        double_encoded_call("discover_graph", {}),
        tool_call("discover_graph", {}), tool_call("identify_effect", XY), tool_call("estimate_effect", XY),
        text_reply("Done."),
    ])
    res = _agent(model).analyze(df, QUESTION)
    assert model.calls == 6 and res.llm_calls == 6  # every request sent is counted, none resent blindly
    told = str(model.received[2][-1].content)
    assert "could not be read" in told and "not a string that holds JSON" in told
    assert res.planner != "offline" and not res.degraded and "fallback" not in res.details
    unreadable = [s for s in res.steps if not s.ok and s.tool is None]
    assert len(unreadable) == 1
    assert abs(res.effect.estimate - 2.0) < 0.1


def test_bug1_a_model_that_keeps_double_encoding_hands_over_to_the_offline_planner(df):
    model = ScriptedChatModel(responses=[EXTRACT, *[double_encoded_call("discover_graph", {})] * 3])
    res = _agent(model).analyze(df, QUESTION)
    assert res.degraded and res.planner == "offline" and "could not be read" in res.details["fallback"]
    assert res.llm_calls == 4
    assert abs(res.effect.estimate - 2.0) < 0.1


def test_bug2_an_unfinished_llm_plan_is_marked_degraded_and_credited_to_the_offline_planner(df):
    model = ScriptedChatModel(responses=[EXTRACT, text_reply("asdf qwerty ### the effect is 42")])
    res = _agent(model).analyze(df, QUESTION)
    assert res.degraded is True and res.planner == "offline"
    assert res.details["llm_planner"] == "ScriptedChatModel"
    assert "llm_final_message" not in res.details and "42" not in res.answer
    assert "then the offline expert planner" in res.report.section("method").body
    assert abs(res.effect.estimate - 2.0) < 0.1


def test_bug3_empty_controls_from_the_extractor_are_not_an_instruction_to_adjust_for_nothing(df):
    extract = tool_call("extract_query", {"kind": "effect", "variables": ["X", "Y"], **XY, "controls": []})
    model = ScriptedChatModel(responses=[extract, tool_call("identify_effect", XY), text_reply("stop")])
    res = _agent(model).analyze(df, QUESTION)
    assert res.query.get("controls") in (None, [])
    assert "Z" in res.effect.adjustment_set  # the confounder is adjusted for (truth 2.0)
    assert abs(res.effect.estimate - 2.0) < 0.1


def test_bug3_but_a_question_that_says_no_controls_keeps_them_empty(df):
    extract = tool_call("extract_query", {"kind": "effect", "variables": ["X", "Y"], **XY, "controls": []})
    model = ScriptedChatModel(responses=[extract, tool_call("estimate_effect", {**XY, "adjust_for": []}),
                                         text_reply("Done.")])
    res = _agent(model).analyze(df, "What is the effect of X on Y, without controlling for anything?")
    assert res.effect.adjustment_set == []


@pytest.fixture(scope="module")
def lottery():
    """lottery → schooling → earnings, ability hidden and confounding; effect 1.5."""
    rng = np.random.default_rng(7)
    n = 4000
    ability, lottery = rng.normal(size=n), rng.binomial(1, 0.5, size=n)
    schooling = 1.0 * lottery + 0.9 * ability + rng.normal(size=n)
    earnings = 1.5 * schooling + 1.2 * ability + rng.normal(size=n)
    return pd.DataFrame({"lottery": lottery, "schooling": schooling, "earnings": earnings,
                         "age": rng.normal(40, 5, size=n)})


def test_bug4_a_design_estimate_after_a_graph_refusal_gives_one_verdict(lottery):
    st = {"treatment": "schooling", "outcome": "earnings"}
    model = ScriptedChatModel(responses=[
        tool_call("extract_query", {"kind": "effect", "variables": ["schooling", "earnings"], **st,
                                    "instrument": "lottery"}),
        tool_call("discover_graph", {}), tool_call("identify_effect", st),
        tool_call("estimate_effect", {**st, "method": "iv", "instrument": "lottery"}),
        text_reply("Done."),
    ])
    res = _agent(model).analyze(lottery, "What is the effect of schooling on earnings? lottery is an instrument.")
    assert abs(res.effect.estimate - 1.5) < 0.15
    refused = next(s for s in res.steps if s.tool == "identify_effect")
    assert "not identifiable" in refused.observation.lower()  # the situation of the bug
    identification = res.report.section("identification").body
    assert "whatever the estimator" not in identification
    assert "Identified by the study design, not by the graph" in identification
    facts = res.report.facts["identification"]
    assert facts["identifiable"] is True and facts["graph_identifiable"] is False and res.identifiable is True


def test_final_message_is_shown_when_grounded_and_dropped_with_a_note_when_not(df):
    def run(final: str):
        model = ScriptedChatModel(responses=[EXTRACT, tool_call("discover_graph", {}), tool_call("identify_effect", XY),
                                             tool_call("estimate_effect", XY), text_reply(final)])
        return _agent(model).analyze(df, QUESTION)

    good = run("The effect of X on Y is about 2, adjusting for Z.")
    assert good.details["llm_final_message"].startswith("The effect of X on Y")
    assert "closing message" in good.report.section("method").body
    bad = run("The effect of X on Y is 7.5 according to revenue_2024.")
    assert "llm_final_message" not in bad.details
    assert "7.5" in bad.details["llm_final_message_dropped"] and "7.5" not in bad.report.section("method").body.split(
        "not shown")[0]


def test_a_complete_standard_route_ends_the_plan_without_a_closing_call(df):
    model = ScriptedChatModel(responses=[EXTRACT, tool_call("run_standard_route", {}), text_reply("unused")])
    res = _agent(model).analyze(df, QUESTION)
    assert model.calls == 2 and res.llm_calls == 2 and "llm_final_message" not in res.details
    assert abs(res.effect.estimate - 2.0) < 0.1 and not res.degraded
