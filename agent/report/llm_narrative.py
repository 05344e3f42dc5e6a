"""The LLM narrative path: an LLM writes the summary and insights from the facts (as JSON),
the grounding checker verifies every number and variable name, a failing part is sent back
once with the problems listed, and whatever still fails is replaced by the template text.
The narrative records which path was used and how many LLM calls it cost."""

from __future__ import annotations

import json
import re
from typing import Any

from agent.report.grounding import Grounding
from agent.report.narrative import Narrative

MAX_ATTEMPTS = 2  # the first answer plus one regeneration


def _prompt(facts: dict[str, Any], names: list[str]) -> str:
    from prompts import render

    return render("report_narrative", columns=names, example_column=names[0] if names else "X",
                  facts_json=json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def parse_reply(content: Any) -> tuple[str | None, list[str] | None, str | None]:
    """(summary, insights, error) from the model's reply text."""
    text = content if isinstance(content, str) else " ".join(
        part.get("text", "") if isinstance(part, dict) else str(part) for part in (content or []))
    match = re.search(r"\{.*\}", text, re.S)
    if not match:
        return None, None, "the reply was not the JSON object asked for"
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError as exc:
        return None, None, f"the reply was not valid JSON ({exc.msg})"
    summary, insights = data.get("summary"), data.get("insights")
    if not isinstance(summary, str) or not summary.strip():
        return None, None, "the JSON had no 'summary' string"
    if isinstance(insights, str):
        insights = [insights]
    if not isinstance(insights, list) or not all(isinstance(i, str) for i in insights):
        return summary, None, "'insights' must be a list of strings"
    return summary.strip(), [i.strip() for i in insights if i.strip()], None


def llm_narrative(llm: Any, facts: dict[str, Any], names: list[str], fallback: Narrative) -> Narrative:
    """Ask ``llm`` for the narrative; check it; regenerate once; fall back part by part."""
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    from agent.llm import LLMUsage, model_name

    grounding = Grounding(facts, names)
    usage = LLMUsage()
    messages: list = [SystemMessage(_prompt(facts, names)),
                      HumanMessage("Write the summary and insights as the JSON object described.")]
    summary: str | None = None
    insights: list[str] | None = None
    problems: list[str] = []
    attempts = 0
    for attempts in range(1, MAX_ATTEMPTS + 1):
        try:
            reply = llm.invoke(messages)
        except Exception as exc:  # a failing model must not lose the report: the templates write it
            usage.calls += 1
            problems = [f"the LLM call failed ({type(exc).__name__}: {str(exc)[:200]})"]
            break
        usage.add(reply)
        new_summary, new_insights, error = parse_reply(getattr(reply, "content", reply))
        problems = [error] if error else []
        if new_summary is not None and summary is None:
            report = grounding.check(new_summary)
            summary = new_summary if report.ok else None
            problems += [f"summary: {p}" for p in report.problems]
        if new_insights is not None and insights is None:
            report = grounding.check("\n".join(new_insights))
            insights = new_insights if report.ok else None
            problems += [f"insights: {p}" for p in report.problems]
        if summary is not None and insights is not None:
            problems = []
            break
        messages += [AIMessage(getattr(reply, "content", str(reply))),
                     HumanMessage("Your text does not match the analysis results: " + "; ".join(problems)
                                  + ". Rewrite it using only the numbers and column names in the facts, and reply "
                                    "with the JSON object only.")]
    name = model_name(llm)
    used = [part for part, value in (("summary", summary), ("insights", insights)) if value is not None]
    regenerated = " after one regeneration" if attempts > 1 and used else ""
    if len(used) == 2:
        note = f"Summary and insights written by the LLM ({name}) and checked against the results{regenerated}."
    elif used:
        note = (f"The {used[0]} was written by the LLM ({name}) and checked against the results{regenerated}; "
                f"the rest comes from templates because the LLM text failed the check: {'; '.join(problems)}.")
    else:
        note = f"Narrative written from templates: the LLM ({name}) text failed the check: {'; '.join(problems)}."
    return Narrative(summary=summary if summary is not None else fallback.summary,
                     insights=insights if insights is not None else fallback.insights,
                     source="llm" if len(used) == 2 else "llm+template" if used else "template",
                     notes=[note], llm_calls=usage.calls, tokens=usage.tokens)
