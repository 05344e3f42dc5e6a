"""The question, the short answer and the summary paragraph: what a reader needs first."""

from __future__ import annotations

from agent.report.model import Inputs, Section

LONG_ANSWER = 160


def _short_answer(inp: Inputs) -> str:
    r = inp.result
    graph = inp.facts.get("graph")
    if r.kind == "graph" and graph:
        n = len(graph.get("edges", []))
        return f"a {graph.get('graph_type', 'graph').upper()} with {n} edge{'s' if n != 1 else ''} (drawn below)"
    answer = (r.answer or "uncertain").strip()
    return answer if len(answer) <= LONG_ANSWER else answer[:LONG_ANSWER - 1].rstrip() + "…"


def build(inp: Inputs) -> Section:
    r = inp.result
    question = r.question.strip() or "(given as arguments: " + ", ".join(
        f"{k} = {v}" for k, v in (r.query or {}).items() if k in ("treatment", "outcome") and v) + ")"
    lines = [f"**Question:** {question}", "", f"**Short answer:** {_short_answer(inp)}", "", inp.narrative.summary]
    if r.degraded or r.details.get("fallback"):
        lines += ["", f"_Note: {r.details.get('fallback') or 'the LLM was unavailable; the offline planner answered.'}_"]
    return Section("Summary", "\n".join(lines), key="summary")
