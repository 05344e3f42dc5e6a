"""The terminal chat, driven through the real prompt loop (prompt_toolkit pipe input) and,
once, through the real ``causal-agent chat`` command under a pseudo-terminal (pexpect)."""

from __future__ import annotations

import io
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from prompt_toolkit import PromptSession
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from agent.agent import CausalAgent
from agent.demo import demo_data
from agent.interfaces.chat import ChatApp, chat_loop
from agent.interfaces.terminal_graph import render_graph
from agent.session import Session
from memory.graph import CausalGraph


@pytest.fixture
def demo_csv(tmp_path) -> Path:
    path = tmp_path / "demo.csv"
    demo_data(n=1200, seed=4).to_csv(path, index=False)
    return path


def run_chat(lines: list[str], state_dir: Path, session: Session | None = None) -> tuple[str, Session, int]:
    """Feed ``lines`` to the real chat loop; return everything it printed."""
    session = session or Session(CausalAgent(llm="offline", seed=0))
    out = io.StringIO()
    console = Console(file=out, width=120, force_terminal=False, color_system=None)
    with create_pipe_input() as pipe:
        pipe.send_text("".join(line + "\n" for line in lines))
        pipe.close()  # after the last line the prompt sees Ctrl-D
        app = ChatApp(session, console, PromptSession(input=pipe, output=DummyOutput()), state_dir)
        code = chat_loop(app)
    return out.getvalue(), session, code


def test_scripted_conversation_through_the_prompt_loop(tmp_path, demo_csv, isolated_state):
    report = tmp_path / "out" / "report.html"
    png = tmp_path / "out" / "graph.png"
    printed, session, code = run_chat([
        f"/load demo={demo_csv}",
        "What is the effect of X on Y?",
        "/graph",
        "save this graph as demo-v1",
        "now control for W",
        "remove the edge between Z and W and re-estimate",
        "re-estimate",
        "save this graph as demo-v2",
        "compare with the graph demo-v1",
        "why did you pick that method?",
        "/memory",
        f"/graph png {png}",
        f"/report {report}",
        "/quit",
    ], isolated_state)
    assert code == 0 and "Traceback" not in printed and "internal error" not in printed, printed
    assert "Dataset demo: 1,200 rows" in printed
    assert "Answer:" in printed and "──▶" in printed and "Layer 1" in printed
    assert "Re-estimating with W added" in printed
    assert "Edited the graph: removed the edge between Z and W" in printed
    assert "SHD" in printed and "removed: Z" in printed.replace("`", "")
    assert "Discovery algorithm" in printed
    keys = {e.key for e in session.store.list(namespace="default")}
    assert {"demo-v1", "demo-v2"} <= keys
    assert session.store.get("demo-v2").graph.edge("Z", "W") is None
    assert session.store.get("demo-v1").graph.edge("Z", "W") is not None
    assert "demo-v1" in printed and "demo-v2" in printed  # the /memory table
    assert report.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert png.read_bytes().startswith(b"\x89PNG")
    effect = session.last_result.effect
    assert "W" in effect.adjustment_set and abs(effect.estimate - 2.0) < 0.2


def test_unknown_command_and_unknown_variable_get_helpful_messages(tmp_path, demo_csv, isolated_state):
    printed, session, code = run_chat([
        "/frobnicate", "/grph", f"/load {demo_csv}", "What is the effect of Xx on Y?", "/data nope",
        "/memory show nothing-here", "/memory delete", "now control for Z", "/report",
    ], isolated_state)
    assert code == 0 and "Traceback" not in printed
    assert "Unknown command /frobnicate" in printed and "/load" in printed and "/help" in printed
    assert "Did you mean /graph?" in printed
    assert "'xx' not found" in printed.lower() and "Columns: V, Z, X, Y, W" in printed
    assert "No dataset named 'nope'" in printed
    assert "No graph stored under 'nothing-here'" in printed
    assert "Usage: /memory delete KEY" in printed
    assert "no earlier question" in printed
    assert "No analysis yet" in printed
    assert printed.rstrip().endswith("Bye.")  # Ctrl-D (end of input) leaves cleanly


def test_ctrl_c_cancels_the_running_step_not_the_session(tmp_path, demo_csv, isolated_state):
    """SIGINT reaches the main thread while the worker runs the first tool; the analysis
    stops at the next step boundary and the next question is answered normally."""
    session = Session(CausalAgent(llm="offline", seed=0))
    registry = session.agent.registry
    real_call = registry.call
    fired = threading.Event()

    def interrupting_call(name, args, ctx):
        if not fired.is_set():
            fired.set()
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(2.0)  # let the main thread see Ctrl-C while this step is still running (slack for busy CI)
        return real_call(name, args, ctx)

    registry.call = interrupting_call
    printed, session, code = run_chat([f"/load {demo_csv}", "What is the effect of X on Y?",
                                       "What is the effect of X on Y?"], isolated_state, session)
    assert fired.is_set() and code == 0, printed
    assert "Cancelled" in printed
    assert len(session.history) == 1 and session.last_result.effect is not None
    assert printed.count("Answer:") == 1


def test_terminal_graph_uses_arrows_for_every_edge_kind():
    graph = CausalGraph.from_edge_list(["Z -> X", "X -> Y", "Z -- W", "X <-> W", "V o-> X"])
    text = render_graph(graph, "k1")
    assert "Z ──▶ X" in text and "Z ─── W" in text and "X ◀──▶ W" in text and "V o──▶ X" in text
    assert "hidden common cause" in text and "stored as k1" in text
    assert text.index("Layer 1") < text.index("Layer 2")


def test_real_command_under_a_pty(tmp_path, demo_csv):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "CAUSAL_AGENT_HOME": str(tmp_path / "home"), "TERM": "dumb", "NO_COLOR": "1",
           "COLUMNS": "120"}
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CAUSAL_AGENT_MODEL"):
        env.pop(var, None)
    exe = str(Path(sys.executable).parent / "causal-agent")
    child = pexpect.spawn(exe, ["chat", f"demo={demo_csv}"], env=env, encoding="utf-8", timeout=60,
                          dimensions=(40, 120))
    try:
        child.expect("Dataset demo")
        child.expect("causal> ")
        child.sendline("/nosuch")
        child.expect("Unknown command /nosuch")
        child.expect("causal> ")
        child.sendline("What is the effect of X on Y?")
        time.sleep(0.5)  # the first analysis loads the discovery libraries: well over 0.5 s
        child.sendintr()  # Ctrl-C from the terminal: cancels the analysis, not the chat
        # On a fast machine the analysis may finish before the signal lands; either way the chat
        # must survive (cancellation itself is proven in-process by the SIGINT test above).
        child.expect(["Cancel", "Answer:"])
        child.expect("causal> ")
        child.sendline("What is the effect of X on Y?")
        child.expect("Answer:")
        child.expect("causal> ")
        child.sendline("/quit")
        child.expect("Bye.")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert (tmp_path / "home" / "chat_history").exists()


def test_column_names_are_printed_as_text_not_markup_or_escapes(isolated_state):
    import pandas as pd

    session = Session(CausalAgent(llm="offline", seed=0))
    frame = pd.DataFrame({"dose[mg]": [1.0, 2.0, 3.0], "\x1b[31mred": [0.0, 1.0, 0.5], "[bold]y": [3.0, 1.0, 2.0]})
    session.load_dataset("odd", frame)
    printed, _, code = run_chat(["/data", "nothing causes dose[mg]", "/knowledge"], isolated_state, session)
    assert code == 0 and "\x1b" not in printed and "internal error" not in printed, printed
    assert "dose[mg]" in printed and "[bold]y" in printed
    assert "nothing causes dose[mg]" in printed


def test_ctrl_c_during_a_long_discovery_returns_the_prompt_within_two_seconds(tmp_path):
    """Issue 20: a pty, a wide table whose discovery takes several seconds, Ctrl-C in the middle:
    'Cancelled' and the prompt come back within 2 s, the next command works, the process exits."""
    pexpect = pytest.importorskip("pexpect")
    from tests.reliability.test_cancel_inside_steps import wide_linear

    path = tmp_path / "wide.csv"
    wide_linear(n=5000, p=60).to_csv(path, index=False)
    env = {**os.environ, "CAUSAL_AGENT_HOME": str(tmp_path / "home"), "TERM": "dumb", "NO_COLOR": "1",
           "COLUMNS": "120"}
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CAUSAL_AGENT_MODEL"):
        env.pop(var, None)
    exe = str(Path(sys.executable).parent / "causal-agent")
    child = pexpect.spawn(exe, ["chat", f"wide={path}"], env=env, encoding="utf-8", timeout=90, dimensions=(40, 120))
    try:
        child.expect("causal> ")
        child.sendline("Show the causal graph")
        time.sleep(4.0)  # past start-up and profiling: discovery of 60 variables is running
        pressed = time.monotonic()
        child.sendintr()
        child.expect(["Cancelled", "Cancelling"], timeout=10)
        child.expect("causal> ", timeout=10)
        assert time.monotonic() - pressed < 2.0
        child.sendline("/quit")
        child.expect("Bye.")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert not child.isalive()
