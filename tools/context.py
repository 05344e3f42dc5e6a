"""The shared analysis context: the data (never shown to an LLM), graph memory, seed,
background knowledge, and the results tools have produced so far."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Literal

import pandas as pd

from memory.graph import CausalGraph
from memory.store import DEFAULT_NAMESPACE, GraphStore, InMemoryGraphStore
from tools.base import ToolInputError
from tools.executor import ExecutorSpec, LocalExecutor, RayExecutor
from tools.knowledge import Knowledge


class Actor(str, Enum):
    """Who is choosing the tool calls: the user (or the rules acting for them) or a language model."""

    USER = "user"
    MODEL = "model"


@dataclass
class AnalysisContext:
    """Everything a tool may read or write during one analysis.

    Tools record their latest typed result in ``results[tool_name]``; the fields
    ``graph``/``graph_key`` hold the graph the analysis currently works on.
    ``assumptions`` collects every assumption a tool or planner added by itself,
    so results and reports can state them. ``executor`` says where seeded parallel work
    (bootstrap resamples, refuter simulations, econml cross-fitting) runs; results do not
    depend on it.
    """

    data: pd.DataFrame
    store: GraphStore = field(default_factory=InMemoryGraphStore)
    namespace: str = DEFAULT_NAMESPACE
    seed: int = 0
    knowledge: Knowledge = field(default_factory=Knowledge)
    description: str | None = None
    question: str = ""
    focus: list[str] = field(default_factory=list)  # the question's columns (kept when others must go)
    time_budget_s: float = 60.0
    graph: CausalGraph | None = None
    graph_key: str | None = None
    graph_source: str | None = None  # "user" | "memory" | "discovered"
    actor: Actor = Actor.USER  # the LLM planner sets MODEL while it drives: memory writes are then fenced
    results: dict[str, Any] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    executor: ExecutorSpec = field(default_factory=ExecutorSpec)
    progress: Callable[[str], None] | None = field(default=None, repr=False, compare=False)  # live status line
    _ray: RayExecutor | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.data.columns]

    def require_columns(self, *names: str | None) -> None:
        """Raise ToolInputError naming the closest columns when a name is not a column."""
        for name in names:
            if name is None:
                continue
            if name not in self.data.columns:
                raise ToolInputError(unknown_column_message(name, self.columns))

    def require_graph(self) -> CausalGraph:
        if self.graph is None:
            raise ToolInputError("No causal graph yet: call discover_graph (or load_graph with a stored key) first.")
        return self.graph

    def add_assumption(self, text: str) -> None:
        if text not in self.assumptions:
            self.assumptions.append(text)

    def report_progress(self, text: str) -> None:
        """Tell whoever watches what is running now (e.g. the algorithm and its estimated time)."""
        if self.progress is not None:
            self.progress(text)

    def add_warning(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def data_fingerprint(self) -> str:
        return data_fingerprint(self.data)

    def open_executor(self, prefer: Literal["processes", "threads"] = "processes") -> LocalExecutor | RayExecutor:
        """The executor for this analysis's seeded parallel work. Local: a new joblib
        executor (``prefer`` picks processes or threads; nothing to start or close). Ray:
        one executor for the whole analysis, connected (or a local cluster started) on
        first use and ended by ``close_executor()``."""
        if self.executor.kind == "local":
            return self.executor.build(prefer)
        if self._ray is None:
            self._ray = self.executor.build()
        return self._ray

    def close_executor(self) -> None:
        """Release what ``open_executor`` started (a Ray cluster this analysis started)."""
        if self._ray is not None:
            self._ray.close()
            self._ray = None


def data_fingerprint(df: pd.DataFrame) -> str:
    """A short stable hash of the columns and values (for provenance)."""
    h = hashlib.sha256()
    h.update("|".join(map(str, df.columns)).encode())
    h.update(pd.util.hash_pandas_object(df, index=False).values.tobytes())
    return h.hexdigest()[:16]


def unknown_column_message(name: str, columns: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(str(name).strip(), columns, n=3, cutoff=0.5)
    lowered = [c for c in columns if c.lower() == str(name).strip().lower()]
    suggestion = (lowered or close)
    hint = f" Did you mean {', '.join(repr(s) for s in suggestion)}?" if suggestion else ""
    return f"Column {name!r} not found.{hint} Columns: {', '.join(columns)}."
