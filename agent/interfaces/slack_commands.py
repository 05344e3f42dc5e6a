"""Graph-memory commands typed in Slack, each scoped to the channel's namespace.

Only these exact forms are commands (the whole message must match, so a sentence that
happens to contain "delete graph" is a question, not an order):

    help · list graphs · delete graph KEY

``delete`` also requires that the message addressed the bot (a mention or a DM). There is
no way to name another namespace: a key from another channel is simply not found.
``use graph KEY`` is not here: the thread's ``Session`` handles it (in the same namespace)
and re-runs the last question on that graph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from agent.interfaces.slack_format import HELP_TEXT, escape

MAX_LISTED = 30


@dataclass(frozen=True)
class CommandContext:
    namespace: str
    store: Any  # memory.store.GraphStore
    addressed: bool
    thread: Any = None  # slack_sessions.ThreadState, for commands that need the session


@dataclass(frozen=True)
class Command:
    name: str
    pattern: re.Pattern[str]
    run: Callable[[CommandContext, re.Match[str]], str]


COMMANDS: list[Command] = []


def register_command(command: Command) -> None:
    if not isinstance(command, Command):
        raise TypeError(f"register_command expects a Command, got {type(command).__name__}.")
    if any(c.name == command.name for c in COMMANDS):
        raise ValueError(f"Slack command {command.name!r} is already registered.")
    COMMANDS.append(command)


def match_command(text: str) -> tuple[Command, re.Match[str]] | None:
    cleaned = text.strip().strip("`").strip().rstrip(".!?").strip()
    for command in COMMANDS:
        m = command.pattern.fullmatch(cleaned)
        if m:
            return command, m
    return None


def _not_found(key: str, ctx: CommandContext) -> str:
    keys = [s.key for s in ctx.store.list(namespace=ctx.namespace)]
    listing = ", ".join(f"`{escape(k)}`" for k in keys[:MAX_LISTED]) or "none yet"
    return (f"There is no graph `{escape(key)}` in this channel. Graphs here: {listing}. "
            "(Graphs saved in other channels are not visible from this one.)")


def _help(ctx: CommandContext, m: re.Match[str]) -> str:
    return HELP_TEXT


def _list(ctx: CommandContext, m: re.Match[str]) -> str:
    entries = ctx.store.list(namespace=ctx.namespace)
    if not entries:
        return "No graphs are saved in this channel yet. Ask a causal question about a shared table to make one."
    lines = [f"*Graphs saved in this channel* ({len(entries)}):"]
    for e in entries[:MAX_LISTED]:
        source = e.provenance.algorithm or e.provenance.source
        lines.append(f"• `{escape(e.key)}` v{e.version} — {e.graph.graph_type.value}, {len(e.graph.nodes)} nodes, "
                     f"{len(e.graph.edges)} edges ({escape(source)})")
    if len(entries) > MAX_LISTED:
        lines.append(f"_…and {len(entries) - MAX_LISTED} more._")
    return "\n".join(lines)


def _delete(ctx: CommandContext, m: re.Match[str]) -> str:
    from memory.store import GraphNotFound

    key = m.group("key")
    if not ctx.addressed:
        return f"To delete a graph, mention me: `@causal-agent delete graph {escape(key)}`."
    try:
        removed = ctx.store.delete(key, namespace=ctx.namespace)
    except (GraphNotFound, ValueError):
        return _not_found(key, ctx)
    return f"Deleted graph `{escape(key)}` from this channel ({removed} version(s))."


_KEY = r"(?P<key>[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127})"
for _command in (
    Command("help", re.compile(r"(?i)help|commands|\?"), _help),
    Command("list", re.compile(r"(?i)(?:list|show)\s+(?:the\s+)?(?:saved\s+|stored\s+)?graphs"), _list),
    Command("delete", re.compile(rf"(?i)(?:delete|remove)\s+(?:the\s+)?(?:stored\s+|saved\s+)?graph\s+{_KEY}"),
            _delete),
):
    register_command(_command)
