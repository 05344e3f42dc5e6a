"""The battery's hang guard works: a hang fails the test, even inside the CLI, whose error
handler turns ordinary exceptions into exit codes."""

from __future__ import annotations

import time

import pytest

import agent.agent
import agent.interfaces.cli  # noqa: F401  (imported up front: only the hang is timed)
from tests.reliability.helpers import QUESTION, HangGuardTimeout, run_cli


@pytest.mark.time_limit(0.5)
def test_guard_interrupts_a_hang():
    with pytest.raises(HangGuardTimeout):
        time.sleep(10)


@pytest.mark.time_limit(2)
def test_cli_cannot_swallow_the_guard(monkeypatch, demo_csv, capsys):
    monkeypatch.setattr(agent.agent, "load_table", lambda *a, **k: time.sleep(30))
    with pytest.raises(HangGuardTimeout):
        run_cli(capsys, "analyze", demo_csv, QUESTION)
