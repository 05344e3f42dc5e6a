"""``causal-agent chat``: a terminal conversation with the agent.

prompt_toolkit reads lines (history in ``$CAUSAL_AGENT_HOME/chat_history``); rich renders
answers (Markdown, tables) and a status line naming the step that just finished. Lines
starting with '/' are commands (``agent.interfaces.chat_commands``); anything else goes to
``Session.ask``. The analysis runs in a worker thread: Ctrl-C cancels it at the next step
boundary (a second Ctrl-C abandons it), never the session; Ctrl-D exits. User errors
print one line saying what to do; a bug prints a one-line internal error."""

from __future__ import annotations

import re
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.text import Text

from agent.session import Session, Turn, error_message

PROMPT = "causal> "
POLL_S = 0.1
WELCOME = ("causal-agent chat — ask a causal question about your data, e.g. "
           "'What is the effect of X on Y?'. /help lists commands; Ctrl-C cancels a running step; Ctrl-D quits.")
TURN_STYLES = {"error": "red", "cancelled": "yellow"}


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """Drop control characters (ESC sequences could come from column names or cell values)."""
    return _CONTROL.sub("", text)


class LineReader(Protocol):
    def prompt(self, message: str) -> str: ...


@dataclass
class ChatApp:
    """What a command or a turn needs: the session, where to print, where to read."""

    session: Session
    console: Console
    reader: LineReader
    state_dir: Path

    def markdown(self, text: str) -> None:
        self.console.print(Markdown(terminal_safe(text)))

    def say(self, text: str, style: str | None = None) -> None:
        self.console.print(terminal_safe(text), style=style, markup=False, highlight=False)

    def error(self, text: str) -> None:
        self.say(f"error: {text}", style="red")

    def show_graph(self) -> None:
        from agent.interfaces.terminal_graph import render_graph

        graph = self.session.graph
        if graph is None:
            self.say("No graph yet: ask a question first (e.g. 'What is the effect of X on Y?').")
            return
        drawing = Text(terminal_safe(render_graph(graph, self.session.graph_key)))  # Text: names are not markup
        self.console.print(Panel(drawing, title="causal graph", expand=False, border_style="cyan"))

    def table(self, *headers: str, rows: list[list[str]], title: str | None = None) -> None:
        """A table whose cells are plain text (column names and keys are never read as markup)."""
        from rich.table import Table

        table = Table(*headers, title=title)
        for row in rows:
            table.add_row(*(Text(terminal_safe(str(cell))) for cell in row))
        self.console.print(table)


def chat_loop(app: ChatApp) -> int:
    """Read–answer loop until /quit or Ctrl-D. Returns the exit code."""
    from agent.interfaces.chat_commands import STOP, run_command

    app.say(WELCOME, style="bold")
    while True:
        try:
            line = app.reader.prompt(PROMPT)
        except KeyboardInterrupt:
            continue  # Ctrl-C at the prompt clears the line, as in a shell
        except EOFError:
            app.say("Bye.")
            return 0
        line = (line or "").strip()
        if not line:
            continue
        try:
            if line.startswith("/"):
                if run_command(app, line) is STOP:
                    app.say("Bye.")
                    return 0
            else:
                ask(app, line)
        except (ValueError, LookupError, OSError) as exc:  # user errors: say what to do
            app.error(error_message(exc))
        except KeyboardInterrupt:  # between starting a worker and waiting for it
            app.session.abandon()
            app.say("Cancelled.", style="yellow")
        except Exception as exc:  # a bug: one line, the session stays usable
            app.error(f"internal error: {type(exc).__name__}: {exc}")


def ask(app: ChatApp, text: str) -> Turn | None:
    """Run ``session.ask`` in a worker thread with a status line; Ctrl-C cancels."""
    cancel, done = threading.Event(), threading.Event()
    box: dict[str, Any] = {}
    status = app.console.status("Working…", spinner="dots")

    started = time.monotonic()

    def on_start(tool: str) -> None:
        status.update(f"Running {tool.replace('_', ' ')}… ({time.monotonic() - started:.0f} s so far; Ctrl-C cancels)")

    def on_step(step) -> None:
        status.update(f"Step {step.index} done: {step.tool or 'reasoning'} — working…  (Ctrl-C cancels)")

    def work() -> None:
        try:
            box["turn"] = app.session.ask(text, on_step=on_step, should_cancel=cancel.is_set, on_start=on_start)
        except BaseException as exc:  # re-raised in the main thread
            box["error"] = exc
        finally:
            done.set()

    worker = threading.Thread(target=work, name="causal-agent-turn", daemon=True)
    with status:
        worker.start()
        if not _wait(done, cancel, status, app):
            return None
    if "error" in box:
        raise box["error"]
    turn = box["turn"]
    show_turn(app, turn)
    return turn


def _wait(done: threading.Event, cancel: threading.Event, status: Any, app: ChatApp) -> bool:
    """Wait for the worker. First Ctrl-C: cancel at the next step. Second: abandon it
    (its result is discarded). False when abandoned. (Polls with ``time.sleep``: on
    Python 3.11 a Ctrl-C inside ``Thread.join`` can wrongly mark the thread finished.)"""
    while not done.is_set():
        try:
            time.sleep(POLL_S)
        except KeyboardInterrupt:
            if cancel.is_set():
                app.session.abandon()
                app.say("Abandoned the running step; its result will be discarded.", style="yellow")
                return False
            cancel.set()
            status.update("Cancelling after the current step… (Ctrl-C again to abandon it)")
    return True


def show_turn(app: ChatApp, turn: Turn) -> None:
    style = TURN_STYLES.get(turn.kind)
    if style:
        app.say(turn.text, style=style)
        return
    if turn.kind == "graph":  # "show the graph": the terminal drawing says more than the edge list
        app.show_graph()
        return
    app.markdown(turn.text)
    if turn.graph_changed and app.session.graph is not None:
        app.show_graph()


class PlainReader:
    """Line reader for non-terminal stdin (pipes, scripts): no editing, no history."""

    def __init__(self, stream=None, echo: Console | None = None) -> None:
        self._stream = stream or sys.stdin
        self._echo = echo

    def prompt(self, message: str) -> str:
        line = self._stream.readline()
        if not line:
            raise EOFError
        if self._echo is not None:
            self._echo.print(message + line.rstrip("\n"), markup=False, highlight=False)
        return line.rstrip("\n")


def make_reader(state_dir: Path, console: Console) -> LineReader:
    """prompt_toolkit with file history on a terminal; plain lines otherwise."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return PlainReader(echo=console)
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    state_dir.mkdir(parents=True, exist_ok=True)
    return PromptSession(history=FileHistory(str(state_dir / "chat_history")))


def run_chat(args: Any) -> int:
    """Entry point of the ``chat`` verb (arguments from ``chat_cli``)."""
    from agent.agent import CausalAgent
    from agent.interfaces.chat_commands import load_spec
    from memory.store import state_dir

    console = Console()
    agent = CausalAgent(llm=args.llm, namespace=args.namespace, seed=args.seed,
                        llm_knowledge=getattr(args, "llm_knowledge", False))
    session = Session(agent, namespace=args.namespace)
    app = ChatApp(session, console, make_reader(state_dir(), console), state_dir())
    for spec in args.data or []:
        try:
            load_spec(app, spec)
        except (ValueError, LookupError, OSError) as exc:
            app.error(error_message(exc))
    return chat_loop(app)
