"""The narrative: the grounding checker, and the LLM path (checked, regenerated once, then
replaced by the templates), with a scripted chat model — never a real API."""

from __future__ import annotations

import json

import pytest

from agent.demo import DEMO_QUESTION, demo_data
from agent.report import build_report
from agent.report.fmt import num
from agent.report.grounding import check_grounding
from prompts import render
from tests.fakes.chat_models import ScriptedChatModel, text_reply
from tests.report_helpers import analyze_with_context

FACTS = {"effect": {"estimate": 2.0095, "ci_low": 1.973, "ci_high": 2.046, "confidence_level": 0.95, "n": 2000,
                    "adjustment_set": ["Z"], "method": "linear regression"},
         "refutation": {"checks_passed": 4, "checks_applicable": 4,
                        "sensitivity": {"robustness_value": 0.8812, "strongest_covariate": "Z"}},
         "independence": [{"test": "fisherz", "alpha": 0.05, "p_value": 0.4311}]}
COLUMNS = ["V", "Z", "X", "Y", "W", "smoking_status"]


def _good(result, summary: str | None = None) -> str:
    """A grounded reply built from the analysis' own numbers."""
    e = result.effect
    r = result.report.facts["refutation"]
    summary = summary or (f"Raising `X` by one unit makes `Y` about {num(e.estimate)} higher "
                          f"(95% CI {num(e.ci_low)} to {num(e.ci_high)}).")
    return json.dumps({"summary": summary,
                       "insights": [f"The estimate passed {r['checks_passed']} of {r['checks_applicable']} checks; "
                                    "it is causal only if the graph is right.",
                                    "A confounder of `X` and `Y` missing from the data would bias it."]})


@pytest.mark.parametrize("text", [
    "The effect is 2.01 (95% CI 1.973 to 2.046), n = 2,000.",   # rounding, percent of a proportion, thousands
    "It is about 2 and robust: 88% of the residual variance.",   # 0 decimals; 0.8812 as 88%
    "`X --> Y` and `smoking_status`; p < 0.0001 and p = 0.431.",  # edges, columns, thresholds
    "All 4 checks passed for `Z`; set X = 1 for a one-unit change.",
])
def test_grounded_text_passes(text):
    assert check_grounding(text, FACTS, COLUMNS).ok, check_grounding(text, FACTS, COLUMNS).problems


@pytest.mark.parametrize("text, culprit", [
    ("The effect is 2.5.", "2.5"),                     # no fact rounds to 2.5
    ("The effect is 2.012.", "2.012"),                 # written too precisely for 2.0095
    ("About 91% of the variance.", "91%"),
    ("Adjusting for `income` changes it.", "income"),  # backticked, not a column
    ("Adjusting for smoking_rate changes it.", "smoking_rate"),  # column-like name
    ("Q confounds X and Y.", "'Q'"),                   # a single capital that is no column
    ("The estimate is `3.1`.", "3.1"),
])
def test_ungrounded_text_is_caught(text, culprit):
    report = check_grounding(text, FACTS, COLUMNS)
    assert not report.ok and culprit in str(report), report.problems


@pytest.fixture(scope="module")
def demo():
    return analyze_with_context(demo_data(n=1000), DEMO_QUESTION)


def test_prompt_renders_facts_without_row_values(demo):
    result, ctx = demo
    names = ctx.columns
    prompt = render("report_narrative", columns=names, example_column=names[0],
                    facts_json=json.dumps(result.report.facts, sort_keys=True))
    assert "`X`" in prompt and '"estimate"' in prompt and "No causal over-claiming" in prompt
    row_value = f"{ctx.data.iloc[0, 0]:.4g}"
    assert row_value not in prompt
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        render("report_narrative", columns=names)  # strict: a missing variable is an error


def test_llm_text_is_used_when_grounded(demo):
    result, ctx = demo
    llm = ScriptedChatModel(responses=[text_reply(_good(result))])
    calls_before = result.llm_calls
    report = build_report(result, ctx, llm=llm)
    assert llm.calls == 1 and report.llm_calls == 1
    assert result.llm_calls == calls_before + 1  # the analysis counts the report's call
    result.llm_calls = calls_before
    assert report.narrative.source == "llm"
    assert f"about {num(result.effect.estimate)} higher" in report.section("summary").body
    assert "A confounder of `X` and `Y` missing" in report.section("insights").body
    assert "written by the LLM and checked" in report.byline
    assert "LLM calls | 1 (planning and parsing: 0; report: 1)" in report.to_markdown()


def test_wrong_number_is_sent_back_and_the_second_answer_used(demo):
    result, ctx = demo
    bad = json.dumps({"summary": "Raising `X` by one unit makes `Y` about 7.3 higher.", "insights": ["Fine."]})
    llm = ScriptedChatModel(responses=[text_reply(bad), text_reply(_good(result))])
    report = build_report(result, ctx, llm=llm)
    result.llm_calls = 0
    assert llm.calls == 2 and report.llm_calls == 2
    feedback = llm.received[1][-1].content
    assert "7.3 matches no result" in feedback
    assert report.narrative.source == "llm" and "7.3" not in report.to_markdown()
    assert "after one regeneration" in report.narrative.notes[0]


def test_unknown_variable_twice_falls_back_to_the_template(demo):
    result, ctx = demo
    template = result.report.narrative
    bad = json.dumps({"summary": "Adjusting for `income` changes it.", "insights": ["Measure age_group next."]})
    llm = ScriptedChatModel(responses=[text_reply(bad), text_reply(bad)])
    report = build_report(result, ctx, llm=llm)
    result.llm_calls = 0
    assert llm.calls == 2
    assert "`income` is not a column" in llm.received[1][-1].content
    assert report.narrative.source == "template"
    assert report.narrative.summary == template.summary and report.narrative.insights == template.insights
    assert "income" not in report.to_markdown().split("## Appendix")[0]
    assert "failed the check" in report.narrative.notes[0] and "income" in report.narrative.notes[0]
    assert "written from templates" in report.byline


def test_partly_grounded_text_keeps_the_good_part(demo):
    result, ctx = demo
    half = json.dumps({"summary": f"Raising `X` by one unit makes `Y` about {num(result.effect.estimate)} higher.",
                       "insights": ["Expect a 40% gain."]})
    llm = ScriptedChatModel(responses=[text_reply(half), text_reply(half)])
    report = build_report(result, ctx, llm=llm)
    result.llm_calls = 0
    assert report.narrative.source == "llm+template"
    assert f"{num(result.effect.estimate)} higher" in report.narrative.summary
    assert report.narrative.insights == result.report.narrative.insights


def test_malformed_reply_and_failing_model_fall_back(demo):
    result, ctx = demo
    llm = ScriptedChatModel(responses=[text_reply("Sure! The effect is big."), text_reply(_good(result))])
    report = build_report(result, ctx, llm=llm)
    assert "not the JSON object" in llm.received[1][-1].content and report.narrative.source == "llm"
    down = ScriptedChatModel(responses=[ConnectionError("server down")])
    report = build_report(result, ctx, llm=down)
    result.llm_calls = 0
    assert down.calls == 1 and report.narrative.source == "template"
    assert "server down" in report.narrative.notes[0]
