"""Running tools as recorded steps, shared by both planners."""

from __future__ import annotations

import time
from typing import Any, Callable

from agent.result import Step
from tools.base import DataError, ToolInputError, ToolOutput
from tools.cancel import Cancelled, cancellable
from tools.context import AnalysisContext
from tools.registry import ToolRegistry

StepCallback = Callable[[Step], None]


class AnalysisCancelled(Cancelled):
    """The user cancelled the running analysis (e.g. Ctrl-C in the chat), between steps or at a
    checkpoint inside a long tool loop."""


class StepRunner:
    """Runs registry tools against one context and records every call as a ``Step``.

    Planner-fixable errors (ToolInputError) and data errors (DataError) become failed
    steps whose observation is the error message; bugs propagate.
    """

    def __init__(self, registry: ToolRegistry, ctx: AnalysisContext, on_step: StepCallback | None = None,
                 should_cancel: Callable[[], bool] | None = None, allow_destructive: bool = False,
                 on_start: Callable[[str], None] | None = None) -> None:
        self.registry = registry
        self.ctx = ctx
        self.steps: list[Step] = []
        self._on_step = on_step
        self._should_cancel = should_cancel
        self._allow_destructive = allow_destructive
        self._on_start = on_start  # told the tool's name before it runs (live progress)

    def run(self, tool: str, arguments: dict[str, Any] | None, thought: str) -> ToolOutput | None:
        """Run one tool; return its output, or None when it failed (the step says why)."""
        self._check_cancel()
        args = dict(arguments or {})
        self.ctx.progress = None
        if self._on_start is not None:
            self._on_start(tool)
            self.ctx.progress = lambda detail, tool=tool: self._on_start(f"{tool}: {detail}")
        started = time.perf_counter()
        try:
            if tool in self.registry and self.registry.get(tool).destructive and not self._allow_destructive:
                raise ToolInputError(f"Tool {tool!r} changes stored data and only runs on an explicit user "
                                     "command, never as a planner step.")
            with cancellable(self._should_cancel):
                output = self.registry.call(tool, args, self.ctx)
            self._record(thought, tool, args, output.observation, started, ok=True)
            return output
        except ToolInputError as exc:
            self._record(thought, tool, args, f"Error: {exc}", started, ok=False)
        except DataError as exc:
            self._record(thought, tool, args, f"Data problem: {exc}", started, ok=False)
        except Cancelled:
            raise AnalysisCancelled("Analysis cancelled by the user.") from None
        return None

    def note(self, thought: str, observation: str = "") -> None:
        """Record a reasoning step that calls no tool."""
        self._record(thought, None, {}, observation, time.perf_counter(), ok=True)

    def last_error(self, tool: str) -> str | None:
        for step in reversed(self.steps):
            if step.tool == tool:
                return None if step.ok else step.observation
        return None

    def _record(self, thought: str, tool: str | None, args: dict[str, Any], observation: str,
                started: float, ok: bool) -> None:
        step = Step(index=len(self.steps) + 1, thought=thought, tool=tool, arguments=args,
                    observation=observation, duration_s=time.perf_counter() - started, ok=ok)
        self.steps.append(step)
        if self._on_step is not None:
            self._on_step(step)

    def _check_cancel(self) -> None:
        if self._should_cancel is not None and self._should_cancel():
            raise AnalysisCancelled("Analysis cancelled by the user.")
