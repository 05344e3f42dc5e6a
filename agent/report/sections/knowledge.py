"""Knowledge a language model suggested: each item with the data's verdict, and the graph from
the data alone beside the graph learned under the checked knowledge."""

from __future__ import annotations

from agent.knowledge_step import CHECKED_SUGGESTIONS, DATA_ONLY_GRAPH
from agent.report.model import Inputs, Section


def build(inp: Inputs) -> Section | None:
    checked = inp.ctx.results.get(CHECKED_SUGGESTIONS)
    if not checked:
        return None
    lines = ["Suggested by the language model from the column names and descriptions; each item was checked "
             "against the data before use.", ""]
    lines += [f"- {c.line()}" for c in checked]
    before, after = inp.ctx.results.get(DATA_ONLY_GRAPH), inp.ctx.graph
    if before is not None and after is not None:
        left, right = before.edge_list_text(), after.edge_list_text()
        rows = max(len(left), len(right))
        lines += ["", "| graph from the data alone | graph with the checked knowledge |", "|---|---|"]
        lines += [f"| {left[i] if i < len(left) else ''} | {right[i] if i < len(right) else ''} |" for i in range(rows)]
    return Section("Knowledge from the language model", "\n".join(lines), key="llm_knowledge")
