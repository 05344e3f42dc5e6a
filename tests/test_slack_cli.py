"""The exact command a deployer runs — ``causal-agent slack --http --port P`` — as a
subprocess, driven end to end through a fake Slack Web API on 127.0.0.1."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path


from fakes.slack_api import SECRET, FakeSlackAPI, envelope, mention, post
from test_slack_app import TRUE_EFFECT, confounded_csv

CLI = str(Path(sys.executable).with_name("causal-agent"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost", **extra)
    return env


def _reader(stream) -> tuple["queue.Queue[str]", list[str], threading.Thread]:
    """Read a pipe on a thread (so it never fills): a queue to wait on and the full list."""
    lines: "queue.Queue[str]" = queue.Queue()
    everything: list[str] = []

    def pump() -> None:
        for line in stream:
            everything.append(line)
            lines.put(line)

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return lines, everything, thread


def _wait_line(lines: "queue.Queue[str]", needle: str, timeout: float = 30) -> list[str]:
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if needle in line:
            return seen
    raise AssertionError(f"{needle!r} not printed within {timeout} s; got {seen}")


def test_missing_environment_is_one_clear_line():
    proc = subprocess.run([CLI, "slack", "--http", "--port", "0"], env=_env(), capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "error: Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode, from the app's Basic Information page) "
        "to run the Slack bot."]
    proc = subprocess.run([CLI, "slack"], env=_env(SLACK_BOT_TOKEN="xoxb-1"), capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2 and "Set SLACK_APP_TOKEN" in proc.stderr and "Traceback" not in proc.stderr


def test_causal_agent_slack_http_end_to_end(tmp_path):
    with FakeSlackAPI() as slack:
        port = _free_port()
        env = _env(SLACK_BOT_TOKEN=slack.bot_token, SLACK_SIGNING_SECRET=SECRET,
                   SLACK_API_URL=slack.base_url.rstrip("/"), CAUSAL_AGENT_HOME=str(tmp_path / "home"))
        proc = subprocess.Popen([CLI, "slack", "--http", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            lines, out, out_reader = _reader(proc.stdout)
            _, err, err_reader = _reader(proc.stderr)
            startup = _wait_line(lines, "Listening for Slack events")
            assert any("Signed in as @causalbot" in line for line in startup)
            assert slack.calls_to("auth.test")  # against SLACK_API_URL (no trailing slash), not slack.com

            url = f"http://127.0.0.1:{port}/slack/events"
            event = mention("What is the effect of X on Y?", files=[slack.add_file("data.csv", confounded_csv())])
            assert post(url, envelope(event))[0] == 200
            files = slack.wait_for(lambda: len(slack.uploaded("C1", event["ts"])) >= 2 and
                                   slack.uploaded("C1", event["ts"]), 60, "graph and report uploads")
            assert {f.name for f in files} == {"causal_graph.png", "causal_report.md"}
            assert len(slack.calls_to("upload")) == 2  # the upload URLs the fake handed out were used
            answer = slack.messages("C1", event["ts"])[-1]["text"]
            assert "Answer" in answer
            estimate = float(re.search(r"\*: estimate (-?[0-9.]+);", answer).group(1))
            assert abs(estimate - TRUE_EFFECT) < 0.25
        finally:
            proc.send_signal(signal.SIGINT)  # Ctrl-C
            try:
                proc.wait(timeout=60)  # shutdown is quick; the slack is for a loaded machine
            except subprocess.TimeoutExpired:
                proc.kill()
                raise
        out_reader.join(5), err_reader.join(5)
        assert proc.returncode == 0, "".join(err)
        assert "Slack bot stopped.\n" in out and "Traceback" not in "".join(err)


def test_socket_mode_with_a_refused_app_token_says_what_to_check(tmp_path):
    with FakeSlackAPI() as slack:
        env = _env(SLACK_BOT_TOKEN=slack.bot_token, SLACK_APP_TOKEN="xapp-wrong", SLACK_API_URL=slack.base_url,
                   CAUSAL_AGENT_HOME=str(tmp_path))
        proc = subprocess.run([CLI, "slack"], env=env, capture_output=True, text=True, timeout=60)
        assert [c.method for c in slack.calls if c.method != "auth.test"] == ["apps.connections.open"]
    assert proc.returncode == 2
    assert "error: Socket Mode could not connect (invalid_auth)" in proc.stderr and "Traceback" not in proc.stderr
