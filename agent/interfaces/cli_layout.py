"""The CLI's answer layout: a headline, short labelled lines (``agent.answer_fields``), then
assumptions and notes once each, wrapped to the terminal."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from agent.answer_fields import effect_fields

WIDTH = 100
LABEL = 14



def render(res: Any) -> str:
    """The text ``causal-agent analyze`` prints (``--json`` prints ``res.to_dict()`` instead)."""
    lines = [_headline(res)]
    lines += _effect_lines(res) if res.effect is not None else _explanation_lines(res)
    if res.graph is not None:
        lines.append(_field("Graph", f"{res.graph.graph_type.value}, key {res.graph_key or '(not stored)'}: "
                                     f"{_edges_text(res.graph, res.graph_key)}"))
    lines += _bullets("Assumptions", res.assumptions)
    effect_notes = list(res.effect.details.get("data_notes", [])) if res.effect is not None else []
    lines += _bullets("Notes", [*res.warnings, *effect_notes])
    lines.append(f"Planner: {res.planner}; {len(res.steps)} steps; {res.duration_s:.2f} s")
    return "\n".join(lines)


MAX_EDGES_SHOWN = 20


def _edges_text(graph: Any, key: str | None) -> str:
    """The edges, or the first MAX_EDGES_SHOWN and where to see the rest (p = 500 has ~800)."""
    edges = graph.edge_list_text()
    if not edges:
        return "no edges"
    if len(edges) <= MAX_EDGES_SHOWN:
        return "; ".join(edges)
    where = f"causal-agent memory show {key}" if key else "--json"
    return "; ".join(edges[:MAX_EDGES_SHOWN]) + f"; … {len(edges) - MAX_EDGES_SHOWN} more ({where})"


def _headline(res: Any) -> str:
    e = res.effect
    if e is None:
        return f"Answer: {res.answer}"
    return f"Answer: {res.answer} (95% CI {e.ci_low:.4g} to {e.ci_high:.4g})"


def _effect_lines(res: Any) -> list[str]:
    return [_field(label, value) for label, value in effect_fields(res)]


def _explanation_lines(res: Any) -> list[str]:
    if not res.explanation:
        return []
    return textwrap.wrap(res.explanation, WIDTH, initial_indent="  ", subsequent_indent="  ")


def _field(label: str, value: str) -> str:
    head = f"  {label + ':':<{LABEL}}"
    return textwrap.fill(value, WIDTH, initial_indent=head, subsequent_indent=" " * len(head))


def _bullets(title: str, items: list[str]) -> list[str]:
    seen, kept = set(), []
    for item in items:
        key = re.sub(r"\W+", " ", item).strip().lower()
        if key and key not in seen:
            seen.add(key)
            kept.append(item)
    if not kept:
        return []
    return [f"{title}:"] + [textwrap.fill(item, WIDTH, initial_indent="  - ", subsequent_indent="    ") for item in kept]
