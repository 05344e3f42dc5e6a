"""The eval harness: a registry of suites, each returning tables and metrics; one command
writes a Markdown summary, a JSON results file and PNG plots.

    causal-agent eval [--suite NAME] [--quick] [--out DIR] [--seed S]
    python -m evals ...
"""

from __future__ import annotations

import json
import platform
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable


@dataclass
class SuiteResult:
    """``tables``: title → rows (list of dicts, same keys); ``metrics``: headline numbers."""

    name: str
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class Suite:
    name: str
    description: str
    run: Callable[[bool, int], SuiteResult]  # (quick, seed) -> result
    in_quick: bool = True


SUITES: dict[str, Suite] = {}


def register_suite(suite: Suite) -> Suite:
    if suite.name in SUITES:
        raise ValueError(f"Suite {suite.name!r} already registered.")
    SUITES[suite.name] = suite
    return suite


def markdown_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "_(no rows)_"
    keys = list(rows[0].keys())
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(k)) for k in keys) + " |")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run_suites(names: list[str], quick: bool, seed: int, out: Path) -> list[SuiteResult]:
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for name in names:
        if name not in SUITES:
            raise ValueError(f"Unknown suite {name!r}. Suites: {', '.join(SUITES)}.")
        start = time.perf_counter()
        result = SUITES[name].run(quick, seed)
        result.seconds = time.perf_counter() - start
        results.append(result)
        print(f"[eval] {name}: {result.seconds:.1f} s", flush=True)
    write_outputs(results, quick, seed, out)
    return results


def write_outputs(results: list[SuiteResult], quick: bool, seed: int, out: Path) -> None:
    header = {"commit": _commit(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "seed": seed,
              "quick": quick, "machine": f"{platform.machine()}, {platform.python_version()}, "
                                         f"{_cpu_count()} cores"}
    lines = ["# Evaluation results", "", ", ".join(f"{k}: {v}" for k, v in header.items()), ""]
    for r in results:
        lines += [f"## {r.name} ({r.seconds:.1f} s)", ""]
        for title, rows in r.tables.items():
            lines += [f"### {title}", "", markdown_table(rows), ""]
        lines += [f"- {n}" for n in r.notes] + ([""] if r.notes else [])
    (out / "results.md").write_text("\n".join(lines), encoding="utf-8")
    payload = {"header": header, "suites": [{"name": r.name, "seconds": r.seconds, "metrics": r.metrics,
                                             "tables": r.tables, "notes": r.notes} for r in results]}
    (out / "results.json").write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    _plots(results, out)
    print((out / "results.md").read_text(encoding="utf-8"))


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 1


def _plots(results: list[SuiteResult], out: Path) -> None:
    """One bar chart per table that has a numeric column named like a score."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for r in results:
        for title, rows in r.tables.items():
            if not rows:
                continue
            score = next((k for k in rows[0] if k in ("accuracy", "skeleton_f1", "within_10pct", "f1", "ratio")), None)
            label = next(iter(rows[0]))
            if score is None or not all(isinstance(row.get(score), (int, float)) for row in rows):
                continue
            fig, ax = plt.subplots(figsize=(7, 0.35 * len(rows) + 1.5))
            ax.barh([str(row[label]) for row in rows], [row[score] for row in rows], color="#1f4e79")
            ax.set_xlabel(score)
            ax.set_title(f"{r.name}: {title}")
            fig.tight_layout()
            safe = "".join(c if c.isalnum() else "_" for c in f"{r.name}_{title}")[:80]
            fig.savefig(out / f"{safe}.png", dpi=100)
            plt.close(fig)
