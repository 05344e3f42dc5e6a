"""The LLM ReAct planner driven by scripted chat models: same contract as offline, errors
returned to the model as observations, fallbacks explicit."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, ToolMessage

from agent import CausalAgent
from agent.demo import demo_data
from memory.store import InMemoryGraphStore
from tests.fakes.chat_models import ScriptedChatModel, text_reply, tool_call

QUESTION = "What is the effect of X on Y?"
EXTRACT = tool_call("extract_query", {"kind": "effect", "variables": ["X", "Y"], "treatment": "X", "outcome": "Y"})


@pytest.fixture(scope="module")
def df():
    return demo_data(n=2000, seed=0)


def _agent(model, **kwargs):
    return CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.0, **kwargs)


def test_scripted_model_drives_the_full_analysis(df):
    model = ScriptedChatModel(responses=[
        EXTRACT,
        tool_call("profile_data", {}, content="Profile the data first."),
        tool_call("discover_graph", {}),
        tool_call("identify_effect", {"treatment": "X", "outcome": "Y"}),
        tool_call("estimate_effect", {"treatment": "X", "outcome": "Y"}),
        tool_call("refute_effect", {}),
        text_reply("The effect of X on Y is about 2."),
    ])
    res = _agent(model, llm_narrative=False).analyze(df, QUESTION)
    assert res.planner == "scripted-chat-model" or res.planner != "offline"
    assert res.kind == "effect"
    assert abs(res.effect.estimate - 2.0) < 0.1 and res.effect.ci_low <= 2.0 <= res.effect.ci_high
    assert set(res.effect.adjustment_set) == {"Z"}
    assert [s.tool for s in res.steps] == ["profile_data", "discover_graph", "identify_effect",
                                           "estimate_effect", "refute_effect"]
    assert res.steps[0].thought == "Profile the data first."
    sent = sum(model.sent_chars)  # counted by the agent itself, schemas included (issue 18)
    assert res.llm_calls == 7 and res.details["llm_usage"]["chars_sent"] == sent
    assert res.tokens == -(-sent // 4) + 7 * 20  # the server reported 100 input tokens per call: too few
    assert "fallback" not in res.details
    # The model never saw the data rows: only names and summaries.
    sent = " ".join(str(m.content) for call in model.received for m in call)
    assert str(round(float(df["X"].iloc[0]), 6)) not in sent


def test_errors_go_back_to_the_model_and_the_run_recovers(df):
    bad_json = AIMessage(content="", invalid_tool_calls=[{"name": "identify_effect", "args": "{treatment: X",
                                                          "id": "bad1", "error": "JSONDecodeError",
                                                          "type": "invalid_tool_call"}])
    model = ScriptedChatModel(responses=[
        EXTRACT,
        tool_call("discover_causal_graph", {}),                              # unknown tool
        tool_call("discover_graph", {"algo": "pc"}),                         # unknown argument
        tool_call("discover_graph", {}),
        bad_json,                                                            # malformed JSON
        tool_call("identify_effect", {"treatment": "x_col", "outcome": "Y"}),  # unknown column
        tool_call("identify_effect", {"treatment": "X", "outcome": "Y"}),
        tool_call("estimate_effect", {"treatment": "X", "outcome": "Y"}),
        tool_call("refute_effect", {}),
        text_reply("Done."),
    ])
    res = _agent(model).analyze(df, QUESTION)
    observations = [m.content for call in model.received for m in call if isinstance(m, ToolMessage)]
    assert any("Unknown tool 'discover_causal_graph'" in o and "discover_graph" in o for o in observations)
    assert any("Valid arguments" in o for o in observations)
    assert any("not valid JSON" in o for o in observations)
    assert any("x_col" in o and "Did you mean" in o or "Columns" in o for o in observations)
    assert abs(res.effect.estimate - 2.0) < 0.1
    assert [s.ok for s in res.steps].count(False) == 4


def test_model_that_stops_early_is_completed_by_the_offline_planner(df):
    model = ScriptedChatModel(responses=[EXTRACT, text_reply("The effect is 42.")])  # a made-up number
    res = _agent(model).analyze(df, QUESTION)
    assert "fallback" in res.details and res.degraded and res.planner == "offline"  # issue 18, bug 2
    assert abs(res.effect.estimate - 2.0) < 0.1
    assert "42" not in res.answer


def test_step_cap_stops_an_endless_loop(df):
    loop = [tool_call("profile_data", {}) for _ in range(20)]
    agent = CausalAgent(llm=ScriptedChatModel(responses=[EXTRACT, *loop]), store=InMemoryGraphStore(),
                        max_steps=4, llm_backoff_s=0.0)
    res = agent.analyze(df, QUESTION)
    assert res.details.get("step_cap_reached") is True
    assert sum(1 for s in res.steps if s.tool == "profile_data") >= 4
    assert abs(res.effect.estimate - 2.0) < 0.1  # the offline planner finished the job


def test_unreachable_model_falls_back_and_marks_degraded(df):
    failures = [TimeoutError("timed out"), RuntimeError("429 rate limited"), RuntimeError("429 rate limited")]
    model = ScriptedChatModel(responses=[EXTRACT, *failures])
    res = _agent(model).analyze(df, QUESTION)
    assert res.degraded is True and res.planner == "offline"
    assert "429" in res.details["fallback"]
    assert abs(res.effect.estimate - 2.0) < 0.1


def test_llm_cannot_delete_graphs(df):
    store = InMemoryGraphStore()
    agent = CausalAgent(llm=None, store=store)
    first = agent.analyze(df, QUESTION)
    model = ScriptedChatModel(responses=[
        EXTRACT, tool_call("delete_graph", {"key": first.graph_key}), text_reply("deleted"),
    ])
    CausalAgent(llm=model, store=store, llm_backoff_s=0.0).analyze(df, QUESTION)
    assert store.get(first.graph_key).version >= 1
    bound = set(model.bound_tool_names)
    assert "delete_graph" not in bound


def test_llm_narrative_is_grounded_or_replaced(df):
    """The model writes the report narrative; a made-up number is caught and the template used."""
    import json as _json

    bad = _json.dumps({"summary": "X raises Y by 7.5 units.", "insights": ["Act on X now: 7.5 per unit."]})
    model = ScriptedChatModel(responses=[
        EXTRACT,
        tool_call("discover_graph", {}),
        tool_call("identify_effect", {"treatment": "X", "outcome": "Y"}),
        tool_call("estimate_effect", {"treatment": "X", "outcome": "Y"}),
        tool_call("refute_effect", {}),
        text_reply("done"),
        text_reply(bad), text_reply(bad),
    ])
    res = _agent(model).analyze(df, QUESTION)
    text = str(res.report)
    assert "raises Y by 7.5" not in text and "Act on X now" not in text
    assert "matches no result" in text  # the appendix says why the LLM text was replaced
    assert f"{res.effect.estimate:.2f}" in text
    assert res.llm_calls == 8
