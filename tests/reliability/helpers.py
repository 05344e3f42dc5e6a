"""Helpers of the reliability battery: small simulated data with a known answer, an
in-process CLI runner and a subprocess one, assertions on errors and answers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from agent.demo import DEMO_TRUE_EFFECT, demo_data

TRUE_EFFECT = DEMO_TRUE_EFFECT
EFFECT_TOL = 0.15  # n=300, noise sd 1: the OLS standard error is about 0.04
QUESTION = "What is the effect of X on Y?"
ROOT = Path(__file__).resolve().parents[2]
DEMO = demo_data(n=300, seed=0)  # V → X ← Z, Z → Y, X → Y (2.0), Z → W


class HangGuardTimeout(BaseException):
    """A test ran past its time limit (a hang, or far too slow). A BaseException, so no
    ``except Exception`` (the CLI's, a planner's) can swallow it."""


@dataclass
class CliRun:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    def json(self) -> dict:
        return json.loads(self.out)


def run_cli(capsys, *argv: str) -> CliRun:
    """``causal-agent ARGV`` in this process (argparse errors become exit codes)."""
    from agent.interfaces.cli import main

    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    captured = capsys.readouterr()
    return CliRun(code, captured.out, captured.err)


def run_cli_process(*argv: str, timeout: float = 60) -> CliRun:
    """``python -m agent.interfaces.cli ARGV`` in a real subprocess, with a timeout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "agent.interfaces.cli", *map(str, argv)], capture_output=True,
                          text=True, env=env, timeout=timeout, cwd=ROOT)
    return CliRun(done.returncode, done.stdout, done.stderr)


PROGRESS_LINE = re.compile(r"^(?:… \w+(?:: .+)?|  \w+ (?:done|failed) in [\d.]+ s)$")


def assert_user_error(run: CliRun, *words: str) -> None:
    """Exit 2, one line 'error: …' naming the problem (besides the progress lines), no traceback,
    nothing on stdout."""
    assert run.code == 2, run.text
    assert "Traceback" not in run.text
    lines = [line for line in run.err.strip().splitlines() if not PROGRESS_LINE.match(line)]
    assert len(lines) == 1 and lines[0].startswith("error: "), run.err
    for word in words:
        assert word.lower() in run.err.lower(), f"{word!r} not in {run.err!r}"


def assert_answered(run: CliRun) -> dict:
    """Exit 0, no traceback; returns the --json result."""
    assert run.code == 0, run.text
    assert "Traceback" not in run.text
    return run.json()


def effect_of(result: dict) -> float:
    return float(result["effect"]["estimate"])


def assert_true_effect(result: dict) -> None:
    est = effect_of(result)
    assert abs(est - TRUE_EFFECT) < EFFECT_TOL, est
    assert result["effect"]["ci_low"] <= TRUE_EFFECT <= result["effect"]["ci_high"], result["effect"]


TIMING_KEYS = {"duration_s", "runtime_s", "created_at", "elapsed_s"}


def without_timing(obj):
    """A result dict minus wall-clock fields (and the report's 'Generated … in N s' line)."""
    if isinstance(obj, dict):
        return {k: without_timing(v) for k, v in obj.items() if k not in TIMING_KEYS}
    if isinstance(obj, list):
        return [without_timing(v) for v in obj]
    if isinstance(obj, str) and "_Generated " in obj:
        return re.sub(r"_Generated [^\n]*_", "_Generated …_", obj)
    return obj


def rng_frame(n: int, p: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.normal(size=(n, p)), columns=[f"c{i}" for i in range(p)])
