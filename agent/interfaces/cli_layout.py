"""The CLI's answer layout: a headline, short labelled lines, then assumptions and notes once
each. Built from the result's fields (the explanation is only mined for the sentences the
answer composer wrote as headline threats), so it stays in step with ``--json``."""

from __future__ import annotations

import re
import textwrap
from typing import Any

WIDTH = 100
LABEL = 14
_THREAT = re.compile(r"(?:^|\s)((?:Main threat|Threat): .*?\.)(?=\s+[A-Z][a-z]+(?: [a-z]+)*:|\s+[A-Z][a-z]+ |$)")
_WARNING = re.compile(r"^Warning: (.*?)(?:As asked|With the graph as given|Assuming \w+ comes first): ")
_ROBUSTNESS = re.compile(r"Robustness of .*?: (\d+ of \d+ checks passed[^.]*)\.")
_RANGE = re.compile(r"(Between \S+ and \S+ across the \d+ graphs the data cannot tell apart)")


def render(res: Any) -> str:
    """The text ``causal-agent analyze`` prints (``--json`` prints ``res.to_dict()`` instead)."""
    lines = [_headline(res)]
    lines += _effect_lines(res) if res.effect is not None else _explanation_lines(res)
    if res.graph is not None:
        edges = "; ".join(res.graph.edge_list_text()) or "no edges"
        lines.append(_field("Graph", f"{res.graph.graph_type.value}, key {res.graph_key or '(not stored)'}: {edges}"))
    lines += _bullets("Assumptions", res.assumptions)
    lines += _bullets("Notes", res.warnings)
    lines.append(f"Planner: {res.planner}; {len(res.steps)} steps; {res.duration_s:.2f} s")
    return "\n".join(lines)


def _headline(res: Any) -> str:
    e = res.effect
    if e is None:
        return f"Answer: {res.answer}"
    return f"Answer: {res.answer} (95% CI {e.ci_low:.4g} to {e.ci_high:.4g})"


def _effect_lines(res: Any) -> list[str]:
    e, text = res.effect, res.explanation or ""
    out = []
    warning = _WARNING.search(text)
    if warning:
        out.append(_field("Warning", warning.group(1).strip()))
    out.append(_field("Method", f"{e.method}, {e.estimand}" + (f", n = {e.n:,}" if getattr(e, "n", None) else "")))
    out.append(_field("Adjusted for", ", ".join(e.adjustment_set) or "nothing"))
    design = (res.details.get("tool_results") or {}).get("recognise_design")
    if design:
        out.append(_field("Design", f"{design.get('design')}: {design.get('reason', '')}"))
    for pattern, label in ((_THREAT, "Threat"), (_RANGE, "Range"), (_ROBUSTNESS, "Robustness")):
        found = pattern.search(text)
        if found:
            out.append(_field(label, found.group(1).split(": ", 1)[-1] if label == "Threat" else found.group(1)))
    if e.subgroups:
        groups = "; ".join(f"{r['level']}: {r['estimate']:.4g} ({r['ci_low']:.4g} to {r['ci_high']:.4g})"
                           for r in e.subgroups[:8])
        out.append(_field(f"By {e.subgroups[0]['subgroup']}", groups))
    return out


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
