"""LLM fault injection with the scripted chat model: whatever the model does — malformed
JSON, unknown tools, wrong types, endless loops, timeouts, 429s, made-up numbers, plain
text, raising at once — the answer is still the ground truth from the simulated data
(effect of X on Y = 2.0) or the result is explicitly marked degraded."""

from __future__ import annotations

import time

import pytest
from langchain_core.messages import AIMessage, ToolMessage

from agent import CausalAgent
from memory.store import InMemoryGraphStore
from tests.fakes.chat_models import ScriptedChatModel, text_reply, tool_call
from tests.reliability.helpers import QUESTION, TRUE_EFFECT

EXTRACT = tool_call("extract_query", {"kind": "effect", "variables": ["X", "Y"], "treatment": "X", "outcome": "Y"})
XY = {"treatment": "X", "outcome": "Y"}
FULL_RUN = [tool_call("discover_graph", {}), tool_call("identify_effect", XY), tool_call("estimate_effect", XY),
            tool_call("refute_effect", {})]


def analyze(df, responses, question=QUESTION, **kw):
    model = ScriptedChatModel(responses=list(responses))
    agent = CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.0, **kw)
    return agent.analyze(df, question), model


def planner_requests(model) -> list[list]:
    """The requests the planner sent (extraction and the report narrative send others)."""
    return [msgs for msgs in model.received if str(msgs[0].content).startswith("You are the planner")]


def observations(model) -> list[str]:
    """What went back to the model as tool results (the planner's last request holds them all)."""
    return [str(m.content) for m in planner_requests(model)[-1] if isinstance(m, ToolMessage)]


def assert_truth(res) -> None:
    assert res.kind == "effect"
    assert abs(res.effect.estimate - TRUE_EFFECT) < 0.15, res.effect.estimate
    assert res.answer == f"{res.effect.estimate:.4g}"


def invalid_call(name: str, raw: str) -> AIMessage:
    return AIMessage(content="", invalid_tool_calls=[{"name": name, "args": raw, "id": "bad", "error": "JSONDecodeError",
                                                      "type": "invalid_tool_call"}])


def test_malformed_json_arguments_go_back_to_the_model(demo):
    res, model = analyze(demo, [EXTRACT, invalid_call("estimate_effect", '{"treatment": X,'),
                                invalid_call("discover_graph", "{{{"), *FULL_RUN, text_reply("Done.")])
    assert_truth(res)
    assert sum("not valid JSON" in o for o in observations(model)) == 2
    assert not res.degraded and "fallback" not in res.details


def test_unknown_tools_are_refused_with_the_valid_list(demo):
    res, model = analyze(demo, [EXTRACT, tool_call("run_python", {"code": "import os"}),
                                tool_call("estimate_effect_v2", XY), *FULL_RUN, text_reply("Done.")])
    assert_truth(res)
    refused = [o for o in observations(model) if "Unknown tool" in o]
    assert len(refused) == 2 and all("estimate_effect" in o and "discover_graph" in o for o in refused)


def test_unknown_tool_error_does_not_advertise_destructive_tools(demo):
    res, model = analyze(demo, [EXTRACT, tool_call("run_python", {}), *FULL_RUN, text_reply("Done.")])
    refused = [o for o in observations(model) if "Unknown tool" in o]
    assert refused and all("delete_graph" not in o for o in refused)


def test_wrong_argument_types(demo):
    res, model = analyze(demo, [EXTRACT, tool_call("estimate_effect", {"treatment": 5, "outcome": ["Y"]}),
                                tool_call("discover_graph", {"algorithm": {"$gt": 1}, "alpha": "lots"}),
                                tool_call("identify_effect", {"treatment": "X", "outcome": "Y", "extra": True}),
                                *FULL_RUN, text_reply("Done.")])
    assert_truth(res)
    bad = [o for o in observations(model) if o.startswith("Error: Invalid arguments")]
    assert len(bad) == 3 and all("Valid arguments" in o for o in bad)


def test_unknown_column_in_arguments_lists_the_columns(demo):
    res, model = analyze(demo, [EXTRACT, tool_call("estimate_effect", {"treatment": "x_col", "outcome": "Y"}),
                                *FULL_RUN, text_reply("Done.")])
    assert_truth(res)
    assert any("x_col" in o and "V" in o and "W" in o for o in observations(model))


def test_endless_loop_is_stopped_by_the_step_cap(demo):
    loop = [tool_call("profile_data", {}) for _ in range(50)]
    res, model = analyze(demo, [EXTRACT, *loop], max_steps=5)
    assert len(planner_requests(model)) == 5  # the capped turns, then no more planner calls
    assert res.details["step_cap_reached"] is True
    assert "fallback" in res.details  # the offline planner finished the job
    assert_truth(res)


def test_timeouts_and_429s_are_retried_then_the_offline_planner_runs(demo):
    failures = [TimeoutError("Request timed out."), RuntimeError("Error code: 429 - rate limit exceeded"),
                RuntimeError("Error code: 429 - rate limit exceeded")]
    started = time.perf_counter()
    res, model = analyze(demo, [EXTRACT, *failures])
    assert len(planner_requests(model)) == 3  # the first try and two retries
    assert res.degraded is True and res.planner == "offline"
    assert "429" in res.details["fallback"] and "LLM unavailable" in res.details["fallback"]
    assert_truth(res)
    assert time.perf_counter() - started < 20  # llm_backoff_s=0: no sleeping


def test_one_transient_429_is_retried_and_the_run_is_not_degraded(demo):
    res, model = analyze(demo, [EXTRACT, RuntimeError("429 Too Many Requests"), *FULL_RUN, text_reply("Done.")])
    assert not res.degraded and res.planner != "offline" and "fallback" not in res.details
    assert [s.tool for s in res.steps] == ["discover_graph", "identify_effect", "estimate_effect", "refute_effect"]
    assert_truth(res)


def test_backoff_grows_between_retries(demo, monkeypatch):
    import agent.planners.llm as llm_planner

    sleeps: list[float] = []
    monkeypatch.setattr(llm_planner.time, "sleep", sleeps.append)
    model = ScriptedChatModel(responses=[EXTRACT, *[RuntimeError("429")] * 3])
    res = CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.5).analyze(demo, QUESTION)
    assert sleeps == [0.5, 1.0] and res.degraded


def test_made_up_number_in_the_final_message_never_becomes_the_answer(demo):
    res, model = analyze(demo, [EXTRACT, *FULL_RUN, text_reply("The effect of X on Y is 42.0 (CI 41 to 43).")])
    assert_truth(res)
    assert "42" not in res.answer and "42" not in res.explanation
    assert res.value == pytest.approx(res.effect.estimate)
    assert "llm_final_message" not in res.details  # not grounded: dropped, with the reason (issue 18)
    assert "42" in res.details["llm_final_message_dropped"]


def test_made_up_number_before_any_tool_ran(demo):
    res, model = analyze(demo, [EXTRACT, text_reply("Obviously the effect is 17.5.")])
    assert_truth(res)
    assert "17.5" not in res.answer and "fallback" in res.details


def test_model_that_only_ever_returns_text(demo):
    chatter = [text_reply("X probably causes Y."), text_reply("I'd say strongly."), text_reply("The effect is 3.")]
    res, model = analyze(demo, chatter)
    assert len(planner_requests(model)) == 1 and model.calls >= 3  # two extraction tries, one planner turn
    assert any("LLM query extraction failed" in a for a in res.assumptions)
    assert "fallback" in res.details
    assert_truth(res)


def test_empty_replies(demo):
    res, model = analyze(demo, [EXTRACT, AIMessage(content=""), ])
    assert_truth(res)
    assert "fallback" in res.details


def test_model_that_raises_on_the_first_call(demo):
    res, model = analyze(demo, [ConnectionError("connection reset by peer"), *FULL_RUN, text_reply("Done.")])
    assert any("LLM query extraction failed" in a and "ConnectionError" in a for a in res.assumptions)
    assert_truth(res)
    assert not res.degraded  # the planner itself worked


def test_model_that_always_raises(demo):
    res, model = analyze(demo, [RuntimeError("500 internal server error")] * 10)
    assert res.degraded is True and res.planner == "offline"
    assert_truth(res)


def test_extraction_naming_columns_that_do_not_exist(demo):
    bad = tool_call("extract_query", {"kind": "effect", "treatment": "Smoking", "outcome": "Cancer"})
    res, model = analyze(demo, [bad, bad, *FULL_RUN, text_reply("Done.")])
    assert any("LLM query extraction failed" in a for a in res.assumptions)
    assert_truth(res)


def test_extraction_with_wrong_types(demo):
    res, model = analyze(demo, [tool_call("extract_query", {"kind": 7, "variables": "X"}),
                                tool_call("extract_query", {"kind": "nonsense"}), *FULL_RUN, text_reply("Done.")])
    assert_truth(res)


def test_extraction_with_treatment_equal_to_outcome(demo):
    same = tool_call("extract_query", {"kind": "effect", "variables": ["X"], "treatment": "X", "outcome": "X"})
    res, model = analyze(demo, [same, same, *FULL_RUN, text_reply("Done.")])
    assert_truth(res)


def test_made_up_number_in_the_report_narrative_is_replaced(demo):
    made_up = text_reply('{"summary": "The effect of X on Y is 42.0 (p = 0.0001).", "insights": ["X matters."]}')
    res, model = analyze(demo, [EXTRACT, *FULL_RUN, text_reply("Done."), made_up, made_up])
    assert_truth(res)
    report = str(res.report)
    assert "X on Y is 42.0" not in report  # the claim is gone...
    assert "the number 42.0 matches no result" in report  # ...and the report says why


def test_reversed_causal_claim_in_the_report_narrative_is_rejected(demo):
    reversed_claim = text_reply('{"summary": "X affects Y.", "insights": ["Y drives X."]}')
    res, model = analyze(demo, [EXTRACT, *FULL_RUN, text_reply("Done."), reversed_claim, reversed_claim])
    assert_truth(res)
    assert "Y drives X" not in str(res.report)


OVERFLOW_REASON = ("agent/report/grounding._parse: float(body) * 10 ** exp raises OverflowError for a token like "
                   "'1e999' or '-6e800…' (e.g. a graph key 'boss-6e800f1a'), crashing analyze() with an LLM")


def test_huge_exponent_in_the_llm_narrative(demo):
    huge = text_reply('{"summary": "The effect is 1e999.", "insights": ["X matters."]}')
    res, model = analyze(demo, [EXTRACT, *FULL_RUN, text_reply("Done."), huge, huge])
    assert_truth(res)


def test_huge_exponent_in_a_column_name_with_an_llm(demo):
    res, model = analyze(demo.rename(columns={"W": "W 1e999"}), [EXTRACT, *FULL_RUN, text_reply("Done.")])
    assert_truth(res)
