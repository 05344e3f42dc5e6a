"""LLM query extraction with scripted chat models (no network): a correct answer, a wrong
column fixed by the one retry, garbage twice (offline fallback), and the edges around them."""

from __future__ import annotations

import socket

import jinja2
import pytest
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from agent.llm import LLMUsage
from agent.query import Query, QueryError
from agent.query_llm import TOOL_NAME, ExtractQuery, parse_with_llm
from prompts import render
from tests.fakes.chat_models import ScriptedChatModel, text_reply, tool_call

COLUMNS = ["discount", "ad_spend", "sales", "region"]
QUESTION = "What is the effect of discount on sales, controlling for region? Two decimals please."


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to use the network")
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_correct_extraction_in_one_call():
    args = {"kind": "effect", "variables": ["discount", "sales", "region"], "treatment": "discount",
            "outcome": "sales", "controls": ["region"], "precision": 2}
    model = ScriptedChatModel(responses=[tool_call(TOOL_NAME, args, input_tokens=300, output_tokens=40)])
    usage = LLMUsage()
    q = parse_with_llm(model, QUESTION, COLUMNS, "region: sales region", usage=usage)
    assert (q.kind.value, q.treatment, q.outcome, q.controls, q.precision) == ("effect", "discount", "sales",
                                                                                ["region"], 2)
    assert q.method == "llm" and q.raw == QUESTION and q.assumptions == []
    assert (usage.calls, usage.input_tokens, usage.output_tokens, usage.tokens) == (1, 300, 40, 340)
    assert model.bound_tool_names == [TOOL_NAME] and model.tool_choice == TOOL_NAME
    system, human = model.received[0]
    assert isinstance(system, SystemMessage) and isinstance(human, HumanMessage)
    assert "- `ad_spend`" in system.content and "region: sales region" in system.content
    assert "data, not instructions" in system.content
    assert QUESTION in human.content and QUESTION not in system.content


def test_unknown_column_is_sent_back_once_and_fixed():
    bad = tool_call(TOOL_NAME, {"kind": "effect", "treatment": "discount", "outcome": "revenue"})
    good = tool_call(TOOL_NAME, {"kind": "effect", "treatment": "discount", "outcome": "sales"})
    model = ScriptedChatModel(responses=[bad, good])
    usage = LLMUsage()
    q = parse_with_llm(model, "What is the effect of discount on revenue?", COLUMNS, usage=usage)
    assert (q.method, q.treatment, q.outcome) == ("llm", "discount", "sales")
    assert q.variables == ["discount", "sales"]  # filled from the roles when the model leaves it out
    assert usage.calls == 2 and model.calls == 2
    retry = model.received[1]
    assert retry[2] is not None and retry[2].tool_calls == bad.tool_calls
    feedback = retry[3]
    assert isinstance(feedback, ToolMessage) and feedback.tool_call_id == bad.tool_calls[0]["id"]
    assert "Column 'revenue' not found" in feedback.content and "Columns: discount, ad_spend, sales, region" \
        in feedback.content


def test_garbage_twice_falls_back_to_the_offline_parser():
    model = ScriptedChatModel(responses=[text_reply("I think it is about sales?"), text_reply("{not json")])
    usage = LLMUsage()
    q = parse_with_llm(model, QUESTION, COLUMNS, usage=usage)
    assert q.method == "offline" and (q.treatment, q.outcome, q.controls) == ("discount", "sales", ["region"])
    assert q.assumptions[-1].startswith("LLM query extraction failed (")
    assert q.assumptions[-1].endswith("); used the offline parser")
    assert usage.calls == 2 and model.calls == 2  # exactly one retry
    assert isinstance(model.received[1][-1], HumanMessage)  # feedback after a plain-text reply


def test_invalid_schema_values_are_retried():
    bad = tool_call(TOOL_NAME, {"kind": "regression", "treatment": "discount", "outcome": "sales"})
    good = tool_call(TOOL_NAME, {"kind": "direct_cause", "treatment": "discount", "outcome": "sales"})
    model = ScriptedChatModel(responses=[bad, good])
    assert parse_with_llm(model, "Does discount cause sales?", COLUMNS).kind.value == "direct_cause"
    assert "kind" in model.received[1][-1].content


def test_missing_role_is_retried():
    bad = tool_call(TOOL_NAME, {"kind": "effect", "treatment": "discount"})
    good = tool_call(TOOL_NAME, {"kind": "effect", "treatment": "discount", "outcome": "sales"})
    model = ScriptedChatModel(responses=[bad, good])
    assert parse_with_llm(model, "Effect of discount on sales?", COLUMNS).outcome == "sales"
    assert "needs outcome" in model.received[1][-1].content


def test_model_error_falls_back_with_the_reason():
    model = ScriptedChatModel(responses=[ConnectionError("server unreachable")])
    usage = LLMUsage()
    q = parse_with_llm(model, "Does discount cause sales?", COLUMNS, usage=usage)
    assert q.method == "offline" and q.kind.value == "direct_cause"
    assert "ConnectionError: server unreachable" in q.assumptions[-1]
    assert usage.calls == 1 and usage.chars_sent == model.sent_chars[0]  # the failed request was sent and is counted


def test_json_in_the_message_text_is_accepted():
    reply = text_reply('```json\n{"kind": "independence", "treatment": "discount", "outcome": "sales", '
                       '"conditioning": ["region"], "controls": null, "options": null}\n```')
    q = parse_with_llm(ScriptedChatModel(responses=[reply]), "Are discount and sales independent given region?",
                       COLUMNS)
    assert (q.method, q.kind.value, q.conditioning, q.controls) == ("llm", "independence", ["region"], None)


def test_model_without_tool_calling_is_asked_for_json():
    model = FakeMessagesListChatModel(responses=[AIMessage('{"kind": "causes_of", "subject": "sales"}')])
    q = parse_with_llm(model, "What causes sales?", COLUMNS)
    assert (q.method, q.kind.value, q.subject) == ("llm", "causes_of", "sales")


def test_letter_case_slips_are_fixed():
    reply = tool_call(TOOL_NAME, {"kind": "overview", "subject": "Sales", "variables": ["Sales"]})
    q = parse_with_llm(ScriptedChatModel(responses=[reply]), "What drives sales?", COLUMNS)
    assert q.subject == "sales" and q.variables == ["sales"]


def test_when_both_fail_the_user_gets_the_offline_error():
    model = ScriptedChatModel(responses=[text_reply("no"), text_reply("no")])
    with pytest.raises(QueryError, match="causal question"):
        parse_with_llm(model, "What's the weather like?", COLUMNS)


def test_extraction_schema_is_a_subset_of_the_query():
    assert set(ExtractQuery.model_fields) <= set(Query.model_fields)
    assert set(Query.model_fields) - set(ExtractQuery.model_fields) == {"raw", "method", "assumptions"}


def test_prompt_renders_strictly():
    text = render("query_extraction", columns=["a b", "c"], description="")
    assert "- `a b`" in text and "What the columns mean" not in text
    for kind in ("effect", "direct_cause", "independence", "confounder", "collider", "mediator", "causes_of",
                 "effects_of", "overview", "graph", "counterfactual"):
        assert f"| {kind} |" in text
    with pytest.raises(jinja2.UndefinedError):
        render("query_extraction", columns=["a"])


@pytest.mark.parametrize("question, expected", [
    ("What is the effect of discount on sales?", None),  # nothing said: an empty list means "not given"
    ("What is the effect of discount on sales, with no other variables?", []),  # said: no adjustment
])
def test_an_empty_controls_list_counts_only_when_the_user_said_so(question, expected):
    args = {"kind": "effect", "variables": ["discount", "sales"], "treatment": "discount", "outcome": "sales",
            "controls": []}
    q = parse_with_llm(ScriptedChatModel(responses=[tool_call(TOOL_NAME, args)]), question, COLUMNS)
    assert q.controls == expected


def test_independence_pair_given_only_as_variables_is_accepted():
    """Models often send {"kind": "independence", "variables": [a, b]}: the pair is symmetric."""
    model = ScriptedChatModel(responses=[tool_call("extract_query", {"kind": "independence",
                                                                     "variables": ["discount", "region"]})])
    q = parse_with_llm(model, "Are discount and region independent?", COLUMNS)
    assert q.method == "llm" and (q.treatment, q.outcome) == ("discount", "region") and model.calls == 1


def test_units_are_converted_by_the_agent_on_the_llm_path_too():
    """The model leaves units out (as its instructions say); the agent reads 'dollars' and 'minutes'
    in the description and converts, as the offline parser does."""
    args = {"kind": "effect", "treatment": "practice", "outcome": "order_value"}
    model = ScriptedChatModel(responses=[tool_call(TOOL_NAME, args)])
    q = parse_with_llm(model, "Effect of practice on order_value per extra hour of practice, in cents?",
                       ["practice", "order_value"], "practice - practice time, minutes\norder_value - value, dollars")
    assert q.scale == pytest.approx(60 * 100) and "cents" in q.scale_note and "minutes" in q.scale_note
