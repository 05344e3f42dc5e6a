"""Slash commands of the terminal chat, as a registry: ``/load``, ``/data``, ``/graph``,
``/memory``, ``/report``, ``/knowledge``, ``/llm``, ``/reset``, ``/help``, ``/quit``.

``/memory delete KEY`` is the only way the chat deletes anything: deleting is never
inferred from free text."""

from __future__ import annotations

import difflib
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from agent.interfaces.chat import ChatApp

STOP = object()
CommandFunction = Callable[["ChatApp", list[str]], object]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    help: str
    run: CommandFunction


COMMANDS: dict[str, Command] = {}


def command(name: str, usage: str, help: str, aliases: tuple[str, ...] = ()):
    def wrap(fn: CommandFunction) -> CommandFunction:
        for n in (name, *aliases):
            if n in COMMANDS:
                raise ValueError(f"Chat command /{n} is already registered.")
            COMMANDS[n] = Command(name, usage, help, fn)
        return fn
    return wrap


def run_command(app: "ChatApp", line: str) -> object:
    """Run one '/command args' line; unknown commands get the list of commands."""
    try:
        words = shlex.split(line[1:])
    except ValueError as exc:
        raise ValueError(f"Cannot read that command ({exc}); quote paths with spaces: /load \"my data.csv\".") from None
    if not words:
        raise LookupError(f"Type a command after '/'. {_command_list()}")
    name, args = words[0].lower(), words[1:]
    if name not in COMMANDS:
        close = difflib.get_close_matches(name, list(COMMANDS), n=1)
        hint = f" Did you mean /{close[0]}?" if close else ""
        raise LookupError(f"Unknown command /{name}.{hint} {_command_list()}")
    return COMMANDS[name].run(app, args)


def _command_list() -> str:
    names = dict.fromkeys(c.name for c in COMMANDS.values())
    return "Commands: " + ", ".join(f"/{n}" for n in names) + " (/help for details)."


# ---------------------------------------------------------------- data
def load_spec(app: "ChatApp", spec: str) -> None:
    """Load 'PATH' (named after the file) or 'NAME=PATH' and print its summary."""
    name, sep, path = spec.partition("=")
    if not sep:
        name, path = Path(spec).stem, spec
    app.markdown(app.session.load_dataset(name.strip(), str(Path(path.strip()).expanduser())))


@command("load", "/load PATH | /load NAME=PATH ...", "load a CSV/TSV/Parquet file as a dataset and make it current")
def _load(app: "ChatApp", args: list[str]) -> None:
    if not args:
        raise ValueError("Usage: /load PATH or /load NAME=PATH (e.g. /load sales=data/sales.csv).")
    for spec in args:
        load_spec(app, spec)


@command("data", "/data [NAME]", "list the loaded datasets, or switch to NAME")
def _data(app: "ChatApp", args: list[str]) -> None:
    session = app.session
    if args:
        app.markdown(session.use_dataset(args[0]))
        return
    if not session.datasets:
        app.say("No datasets loaded. Use /load PATH.")
        return
    rows = [["*" if name == session.current_dataset else "", name, f"{len(frame):,}",
             ", ".join(map(str, frame.columns))[:70], (session.graph_key or "") if name == session.current_dataset else ""]
            for name, frame in session.datasets.items()]
    app.table("", "dataset", "rows", "columns", "graph", rows=rows)


# ---------------------------------------------------------------- graphs and reports
@command("graph", "/graph | /graph png [PATH] | /graph open", "draw the current graph; save it as a PNG; open the PNG")
def _graph(app: "ChatApp", args: list[str]) -> None:
    if not args:
        app.show_graph()
        return
    action = args[0].lower()
    if action not in ("png", "open"):
        raise ValueError("Usage: /graph, /graph png [PATH] or /graph open.")
    graph = app.session.graph
    if graph is None:
        raise LookupError("No graph yet: ask a question first (e.g. 'What is the effect of X on Y?').")
    from agent.report.figures import graph_png

    default = app.state_dir / f"{app.session.graph_key or 'graph'}.png"
    path = Path(args[1]).expanduser() if action == "png" and len(args) > 1 else default
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(graph_png(graph, title=app.session.graph_key))
    app.say(f"Graph image written to {path}")
    if action == "open":
        _open(path)


@command("report", "/report [PATH] | /report open", "write the last analysis's report (.html or .md; default HTML)")
def _report(app: "ChatApp", args: list[str]) -> None:
    result = app.session.last_result
    if result is None or result.report is None:
        raise LookupError("No analysis yet: ask a question first, then /report.")
    opening = bool(args) and args[0].lower() == "open"
    path = Path(args[0]).expanduser() if args and not opening else Path("causal_agent_report.html")
    if opening:
        path = app.state_dir / "last_report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    result.report.save(path)
    app.say(f"Report written to {path}")
    if opening:
        _open(path)


def _open(path: Path) -> None:
    import webbrowser

    webbrowser.open(path.resolve().as_uri())


# ---------------------------------------------------------------- memory
@command("memory", "/memory | /memory show KEY | /memory history KEY | /memory delete KEY",
         "list stored graphs; show one; its versions; delete it (the only way to delete)")
def _memory(app: "ChatApp", args: list[str]) -> None:
    action = args[0].lower() if args else "list"
    if action not in MEMORY_ACTIONS:
        raise ValueError(f"Unknown /memory action '{action}'. Use: {', '.join(MEMORY_ACTIONS)}.")
    if action != "list" and len(args) < 2:
        raise ValueError(f"Usage: /memory {action} KEY (see /memory for the keys).")
    MEMORY_ACTIONS[action](app, args[1] if len(args) > 1 else "")


def _memory_list(app: "ChatApp", key: str) -> None:
    entries = app.session.store.list(namespace=app.session.namespace)
    if not entries:
        app.say(f"No graphs stored in namespace '{app.session.namespace}'.")
        return
    rows = [[e.key, e.version, e.graph.graph_type.value, len(e.graph.edges), e.provenance.source,
             e.provenance.algorithm or ""] for e in entries]
    app.table("key", "version", "type", "edges", "source", "algorithm", rows=rows,
              title=f"namespace {app.session.namespace}")


def _memory_show(app: "ChatApp", key: str) -> None:
    from agent.interfaces.terminal_graph import render_graph

    stored = app.session.store.get(key, namespace=app.session.namespace)
    prov = stored.provenance
    app.say(render_graph(stored.graph, f"{key} v{stored.version}"))
    app.say(f"provenance: source={prov.source} algorithm={prov.algorithm} seed={prov.seed} "
            f"data={prov.data_fingerprint}{' note=' + prov.note if prov.note else ''}")


def _memory_history(app: "ChatApp", key: str) -> None:
    versions = app.session.store.history(key, namespace=app.session.namespace)
    if not versions:
        raise LookupError(f"No graph stored under '{key}'. /memory lists the keys.")
    for e in versions:
        app.say(f"v{e.version}  {e.provenance.source:<10} {e.provenance.algorithm or '':<14} "
                f"{len(e.graph.edges)} edges  {e.provenance.note}")


def _memory_delete(app: "ChatApp", key: str) -> None:
    removed = app.session.store.delete(key, namespace=app.session.namespace)
    app.say(f"Deleted '{key}' ({removed} version(s)).")


MEMORY_ACTIONS: dict[str, Callable[["ChatApp", str], None]] = {
    "list": _memory_list, "show": _memory_show, "history": _memory_history, "delete": _memory_delete,
}


# ---------------------------------------------------------------- session
@command("knowledge", "/knowledge | /knowledge clear | /knowledge drop N",
         "show the background knowledge (yours and the language model's, checked); forget yours; drop suggestion N")
def _knowledge(app: "ChatApp", args: list[str]) -> None:
    book = app.session.book
    if args and args[0].lower() == "clear":
        book.clear()
        app.say("Knowledge cleared.")
        return
    if len(args) == 2 and args[0].lower() == "drop" and args[1].isdigit():
        text = app.session.drop_suggestion(int(args[1]))
        app.say(f"Dropped the language model's suggestion '{text}': no later analysis uses it.")
        return
    if args:
        raise ValueError("Usage: /knowledge, /knowledge clear or /knowledge drop N.")
    suggestions = app.session.model_suggestions()
    if suggestions:
        app.markdown("\n".join(["**Language model suggestions (last analysis), checked against the data:**",
                                 *[f"{i}. {_suggestion_line(c)}" for i, c in enumerate(suggestions, 1)],
                                 "", "Drop one with /knowledge drop N."]))
    if book.is_empty():
        if suggestions:
            return
        app.say("No background knowledge yet. Say e.g. 'nothing causes age', 'price cannot cause season' or "
                "'age happens before income'.")
        return
    lines = ["**You said:**", *[f"- {s}" for s in book.describe()]]
    if app.session.current_dataset:
        derived = app.session.knowledge.describe()
        lines += ["", f"**Used for discovery on {app.session.current_dataset}:**", *[f"- {d}" for d in derived]]
    app.markdown("\n".join(lines))


def _suggestion_line(checked: dict) -> str:
    from agent.session import suggestion_text

    s = checked["suggestion"]
    reason = f" ({s['reason']})" if s.get("reason") else ""
    return f"{suggestion_text(s)}{reason}: {checked['verdict']} — {checked['evidence']}"


@command("llm", "/llm | /llm MODEL | /llm offline", "show the planner; switch model (e.g. openai:gpt-4o-mini)")
def _llm(app: "ChatApp", args: list[str]) -> None:
    if args:
        name = app.session.set_llm(args[0])
        app.say(f"Planner: {name}.")
        return
    app.say(f"Planner: {app.session.agent.planner_name}. Switch with /llm openai:gpt-4o-mini or /llm offline.")


@command("reset", "/reset", "forget this conversation's graphs, knowledge and results (datasets and memory stay)")
def _reset(app: "ChatApp", args: list[str]) -> None:
    app.session.reset()
    app.say("Session reset: graphs, knowledge and results forgotten; datasets still loaded.")


@command("help", "/help", "this help", aliases=("?",))
def _help(app: "ChatApp", args: list[str]) -> None:
    from agent.refinements import examples

    seen: set[str] = set()
    lines = ["**Commands**", ""]
    for c in COMMANDS.values():
        if c.name not in seen:
            seen.add(c.name)
            lines.append(f"- `{c.usage}` — {c.help}")
    lines += ["", "**Ask anything else in words**, e.g. `What is the effect of X on Y?`. Follow-ups:", ""]
    lines += [f"- `{example}`" for _name, example in examples()]
    app.markdown("\n".join(lines))


@command("quit", "/quit", "leave the chat (or press Ctrl-D)", aliases=("exit", "q"))
def _quit(app: "ChatApp", args: list[str]) -> object:
    return STOP
