"""Slack message text: escaping untrusted text, Markdown → mrkdwn, the answer summary and
progress lines. Pure functions over strings and results; no Slack client here.

Everything that came from a user (column names, file names, cell values, the question)
is escaped before it is posted, so ``<!channel>`` or ``<@U123>`` in a data set cannot ping
anyone."""

from __future__ import annotations

import re
from typing import Any

MAX_MESSAGE_CHARS = 3500  # Slack shows ~4k characters before "Show more"; the report has the rest
MAX_ASSUMPTIONS = 3

HELP_TEXT = (
    "*How to use me*\n"
    "• Share a CSV, TSV or Parquet file here (or attach it to your message) and mention me with a question, "
    "e.g. _What is the effect of smoking on cancer?_\n"
    "• Reply in the thread to refine it — _now control for age_, _remove the edge from A to B_, "
    "_why that method?_, _show the graph_: the thread keeps the same data and graph.\n"
    "• `save this graph as KEY` · `use graph KEY` — keep a graph and reuse it in this channel\n"
    "• `list graphs` — graphs saved in this channel\n"
    "• `delete graph KEY` — delete one of this channel's graphs (mention me to do it)\n"
    "Graphs saved in one channel are never visible from another."
)


def escape(text: Any) -> str:
    """Escape Slack's control characters (&, <, >) in untrusted text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_BULLET = re.compile(r"^(\s*)[-*]\s+", re.MULTILINE)


def markdown_to_mrkdwn(markdown: str) -> str:
    """A small Markdown → Slack mrkdwn conversion (bold, headings, links, bullets); the text
    is escaped first, so raw ``<…>`` from data stays inert."""
    text = _convert_tables(escape(markdown))
    text = _HEADING.sub(lambda m: f"*{m.group(1).strip()}*", text)
    text = _BOLD.sub(lambda m: f"*{m.group(1)}*", text)
    text = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", text)
    return _BULLET.sub(lambda m: f"{m.group(1)}• ", text)


def truncate(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 60].rstrip() + "\n… _(shortened; the full text is in the attached report)_"


def _table_to_bullets(lines: list[str]) -> list[str]:
    """Slack has no tables: ``| label | a | b |`` rows become ``• *label*: a-header a, …``."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]
    rows = [r for r in rows if not all(set(c) <= set("-: ") for c in r)]  # drop the |---| rule
    if len(rows) < 2:
        return [" · ".join(r) for r in rows]
    header, body = rows[0], rows[1:]
    out = []
    for row in body:
        pairs = [f"{h} {v}".strip() for h, v in zip(header[1:], row[1:]) if v]
        out.append(f"• *{row[0]}*: " + "; ".join(pairs) if row[0] else "• " + "; ".join(pairs))
    return out


def _convert_tables(text: str) -> str:
    out: list[str] = []
    block: list[str] = []
    for line in text.split("\n") + [""]:
        if line.lstrip().startswith("|"):
            block.append(line)
            continue
        if block:
            out.extend(_table_to_bullets(block))
            block = []
        out.append(line)
    return "\n".join(out[:-1])


def assumptions_line(result: Any) -> str | None:
    """The first few assumptions in words, with a pointer to the report for the rest."""
    assumptions = [str(a) for a in getattr(result, "assumptions", []) or []]
    if not assumptions:
        return None
    shown = "; ".join(escape(a.strip().rstrip(".")) for a in assumptions[:MAX_ASSUMPTIONS])
    more = len(assumptions) - MAX_ASSUMPTIONS
    return f"*Assumptions:* {shown}" + (f" (+{more} more in the report)" if more > 0 else "")


def answer_message(turn: Any) -> str:
    """The threaded reply for one turn: the session's Markdown (answer, estimate, CI, method,
    adjustment set, graph, notes) in mrkdwn, then the assumptions it relied on."""
    parts = [markdown_to_mrkdwn(getattr(turn, "text", "") or "").strip()]
    result = getattr(turn, "result", None)
    if result is not None:
        parts.append(assumptions_line(result) or "")
        key = getattr(result, "graph_key", None)
        if key:
            parts.append(f"_Say `use graph {escape(key)}` in a new thread here to reuse this graph._")
    return truncate("\n\n".join(p for p in parts if p)) or "Done."


def progress_message(steps: list[str], finished: bool = False, seconds: float | None = None,
                     running: str | None = None) -> str:
    """The 'Working on it…' message, edited as steps start and complete."""
    head = (f":white_check_mark: Done in {seconds:.1f} s." if finished and seconds is not None
            else ":hourglass_flowing_sand: Working on it…")
    recent = steps[-6:]
    lines = [head] + [f"• {escape(s)}" for s in recent]
    if len(steps) > len(recent):
        lines.insert(1, f"_…{len(steps) - len(recent)} earlier steps_")
    if running and not finished:
        lines.append(f"• _running: {escape(running)}…_")
    return "\n".join(lines)


def step_label(step: Any) -> str:
    """One short line for a planner step (tool name, or the thought for a note)."""
    tool = getattr(step, "tool", None)
    thought = str(getattr(step, "thought", "") or "").strip().splitlines()[0:1]
    label = tool.replace("_", " ") if tool else (thought[0] if thought else "thinking")
    mark = "" if getattr(step, "ok", True) else " (failed, continuing)"
    return f"{label[:80]}{mark}"


def oops_message(reference: str) -> str:
    return (f"Sorry — something went wrong on my side (reference id {reference}). "
            "Please try again; if it keeps happening, give this id to whoever runs me.")


MAX_FIELD_CHARS = 1900      # Slack: a section field holds at most 2,000 characters
MAX_SECTION_CHARS = 2900    # and a section's text at most 3,000


def answer_blocks(turn: Any) -> list[dict[str, Any]] | None:
    """Block Kit layout of an effect answer, the same structure as the CLI's: the headline
    (answer and interval), labelled fields (method, adjusted for, design, threat, ...), then
    the assumptions and the graph key as context. None for other turns (they post text only).
    Every value is escaped: it may come from column names or cells."""
    from agent.answer_fields import effect_fields

    result = getattr(turn, "result", None)
    effect = getattr(result, "effect", None)
    if effect is None:
        return None
    headline = f"*Answer: {escape(result.answer)}* (95% CI {effect.ci_low:.4g} to {effect.ci_high:.4g})"
    fields = [{"type": "mrkdwn", "text": _clip(f"*{escape(label)}*\n{escape(text)}", MAX_FIELD_CHARS)}
              for label, text in effect_fields(result)]
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": headline}}]
    for start in range(0, len(fields), 10):   # at most 10 fields per section
        blocks.append({"type": "section", "fields": fields[start:start + 10]})
    context = [assumptions_line(result)]
    if getattr(result, "graph_key", None):
        context.append(f"Graph `{escape(result.graph_key)}`: say `use graph {escape(result.graph_key)}` in a new "
                       "thread here to reuse it.")
    context = [c for c in context if c]
    if context:
        blocks.append({"type": "context",
                       "elements": [{"type": "mrkdwn", "text": _clip(c, MAX_SECTION_CHARS)} for c in context]})
    return blocks


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
