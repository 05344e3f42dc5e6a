"""Fixtures of the reliability battery (helpers live in ``helpers.py``).

Hang guard: every test here runs under a ``SIGALRM`` timer (default ``DEFAULT_LIMIT_S``,
override with ``@pytest.mark.time_limit(seconds)``). When it fires it raises
``HangGuardTimeout``, a ``BaseException``, so neither the CLI's error handler nor a
planner's ``except Exception`` can swallow a hang and turn it into a pass. Subprocess
cases carry their own ``timeout=``."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import pandas as pd
import pytest

from tests.reliability.helpers import DEMO, HangGuardTimeout

DEFAULT_LIMIT_S = 60

def pytest_configure(config):
    config.addinivalue_line("markers", "time_limit(seconds): hang guard for one reliability test")


@pytest.fixture(autouse=True)
def hang_guard(request):
    marker = request.node.get_closest_marker("time_limit")
    seconds = float(marker.args[0]) if marker else DEFAULT_LIMIT_S
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise HangGuardTimeout(f"{request.node.nodeid} ran longer than {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def demo() -> pd.DataFrame:
    """Linear SCM V → X ← Z, Z → Y, X → Y (effect 2.0), Z → W; 300 rows; a fresh copy."""
    return DEMO.copy()


@pytest.fixture
def demo_csv(tmp_path, demo) -> Path:
    path = tmp_path / "demo.csv"
    demo.to_csv(path, index=False)
    return path


