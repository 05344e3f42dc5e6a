"""Markdown replies for a conversation: dataset summaries, analysis results (with what
changed since the previous estimate) and graphs. Front ends print or post this text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from agent.answer_fields import effect_fields

if TYPE_CHECKING:
    from agent.result import AnalysisResult
    from memory.graph import CausalGraph

MAX_WARNINGS = 4


def dataset_summary(name: str, frame: pd.DataFrame) -> str:
    """Names, types, size and missingness — never cell values (they are untrusted data)."""
    parts = []
    for col in frame.columns:
        s = frame[col]
        kind = ("binary" if s.nunique(dropna=True) == 2 else
                "numeric" if pd.api.types.is_numeric_dtype(s) else "categorical")
        missing = f", {s.isna().mean():.0%} missing" if s.isna().any() else ""
        parts.append(f"`{col}` ({kind}{missing})")
    return f"Dataset **{name}**: {len(frame):,} rows × {frame.shape[1]} columns: {', '.join(parts)}."


def _num(x: float | None) -> str:
    if x is None:
        return "n/a"
    x = float(x)
    return f"{x:.4g}" if abs(x) < 1e4 else f"{x:,.0f}"


def render_result(result: "AnalysisResult", previous: "AnalysisResult | None" = None, preface: str = "") -> str:
    """The reply for one analysis: answer, estimate table (before/after for a re-run),
    graph line, caveats and a one-line trace of how it was computed."""
    lines = [preface, ""] if preface else []
    lines += [f"**Answer:** {result.answer}"]
    alternative = result.effect.details.get("valid_alternative") if result.effect is not None else None
    if alternative:  # an adjustment the user asked for that biases the effect: the warning goes beside the number
        lines += ["", f"⚠ **{result.effect.warnings[0]}**"]
    fields = effect_fields(result) if previous is None else []
    if fields:  # the same labelled fields as the CLI; the table below has the method and adjustment set
        lines += [""] + [f"- **{label}:** {value}" for label, value in fields
                         if label not in ("Method", "Adjusted for", "Warning" if alternative else "")]
    elif result.explanation:
        # A re-run's table shows what changed; its first sentence is enough (the report has the rest).
        lines += ["", result.explanation if previous is None else _first_sentence(result.explanation)]
    if result.effect is not None:
        lines += ["", *_effect_table(result, previous)]
    if result.graph is not None:
        key = f", stored as `{result.graph_key}`" if result.graph_key else ""
        lines += ["", f"Graph: {result.graph.graph_type.value.upper()} with {len(result.graph.edges)} edges{key}."]
    if result.warnings:
        lines += ["", "Notes:"] + [f"- {w}" for w in result.warnings[:MAX_WARNINGS]]
        if len(result.warnings) > MAX_WARNINGS:
            lines.append(f"- … {len(result.warnings) - MAX_WARNINGS} more in the report")
    lines += ["", f"_Planner {result.planner}; {len(result.steps)} steps; {result.duration_s:.1f} s._"]
    return "\n".join(lines).strip()


def _first_sentence(text: str) -> str:
    head, sep, _rest = text.partition(". ")
    return head + "." if sep else text


def _effect_table(result: "AnalysisResult", previous: "AnalysisResult | None") -> list[str]:
    e = result.effect
    before = previous.effect if previous is not None else None
    header = "| | estimate | 95% CI | method | adjustment set |"
    rows = [header, "|---|---|---|---|---|"]
    if before is not None:
        rows.append(_row("before", before))
    rows.append(_row("now" if before is not None else f"{e.treatment} → {e.outcome}", e))
    alternative = e.details.get("valid_alternative")
    if alternative:
        rows.append(f"| valid: without {', '.join(alternative['excluded'])} | {_num(alternative['estimate'])} | "
                    f"{_num(alternative['ci_low'])} to {_num(alternative['ci_high'])} | {alternative['method']} | "
                    "{" + ", ".join(alternative["adjust_for"]) + "} |")
    return rows


def _row(label: str, e) -> str:
    adjust = "{" + ", ".join(e.adjustment_set) + "}"
    return f"| {label} | {_num(e.estimate)} | {_num(e.ci_low)} to {_num(e.ci_high)} | {e.method} | {adjust} |"


def graph_markdown(graph: "CausalGraph", key: str | None = None) -> str:
    """A graph as a Markdown list of edges (for Slack and plain output)."""
    head = f"{graph.graph_type.value.upper()} over {len(graph.nodes)} variables"
    head += f" (stored as `{key}`)" if key else ""
    edges = [f"- `{line}`" for line in graph.edge_list_text()] or ["- no edges"]
    return "\n".join([head + ":", *edges])
