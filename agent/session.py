"""A multi-turn conversation about one or more datasets, shared by the terminal chat and
the Slack bot.

``Session(agent, namespace)`` keeps named datasets, the current causal graph (and its key
in graph memory), background knowledge stated so far, and earlier results. ``ask(text)``
answers one message and returns a ``Turn``: follow-ups that refer to earlier state
("now control for age", "remove the edge from A to B", "use FCI instead", "why that
method?", "save this graph as pricing-v2") are recognised by the deterministic intent
registry in ``agent.refinements``; anything else is a new question about the current
dataset.

Graph policy for a new question: the session graph is reused when the user says so ("with
this graph", "same graph"), or when it is *pinned* — edited, loaded from memory or learned
with an algorithm the user chose — and it contains every variable the question names.
Otherwise the graph is discovered afresh (with the session's knowledge), because a graph
learned for one question is not evidence the user has endorsed for the next; "rediscover"
/ "fresh graph" always discovers anew.

Memory: every graph edit is saved as a new version of the working graph's key (provenance
``source="edited"``) and remembered as knowledge, so a re-discovery keeps it; a key the
user named ("save this graph as pricing-v2", "use the graph pricing-v1") is never
overwritten by an edit — edits then go to ``<name>-edited``. Deleting stored graphs is
never done from a message: front ends offer it only as an explicit command."""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import pandas as pd

from agent.session_knowledge import KnowledgeBook
from memory.graph import CausalGraph
from memory.store import GraphNotFound, validate_namespace
from tools.knowledge import Knowledge

if TYPE_CHECKING:
    from agent.agent import CausalAgent
    from agent.result import AnalysisResult, Step

MAX_MESSAGE_CHARS = 4000
KEEP_GRAPH_PHRASES = ("this graph", "that graph", "same graph", "current graph", "keep the graph",
                      "the edited graph", "my graph", "with the graph", "using the graph")
FRESH_GRAPH_PHRASES = ("rediscover", "re-discover", "fresh graph", "new graph", "from scratch",
                       "learn the graph again", "discover again")


@dataclass
class Turn:
    """One reply. ``kind``: analysis | refinement | explanation | memory | knowledge |
    graph | cancelled | error."""

    text: str
    result: "AnalysisResult | None" = None
    graph_changed: bool = False
    kind: str = "analysis"


@dataclass
class RunHooks:
    """Progress and cancellation callbacks handed to every analysis of one turn."""

    on_step: "Callable[[Step], None] | None" = None
    should_cancel: Callable[[], bool] | None = None
    on_start: Callable[[str], None] | None = None  # the tool about to run (live progress)


@dataclass
class DatasetState:
    """A loaded dataset and the graph the conversation holds for it."""

    name: str
    frame: pd.DataFrame
    description: str | None = None
    graph: CausalGraph | None = None
    graph_key: str | None = None
    pinned: bool = False          # reuse for new questions (edited, loaded, or user-chosen algorithm)
    named: bool = False           # graph_key is a name the user gave: edits never overwrite it
    algorithm: str | None = None  # discovery algorithm the user asked for ("use FCI instead")
    design: str | None = None     # study design the user named ("treat it as a randomised experiment")


class Session:
    """Conversation state plus ``ask``. Thread-safe for one running analysis at a time;
    ``abandon()`` makes a still-running analysis's result be discarded when it ends."""

    def __init__(self, agent: "CausalAgent", namespace: str = "default") -> None:
        self.namespace = validate_namespace(namespace)
        self.agent = _agent_in_namespace(agent, self.namespace)
        self.book = KnowledgeBook()
        self.dropped_suggestions: list[str] = []  # language-model suggestions the user dropped ('a -> b')
        self.history: list["AnalysisResult"] = []
        self._datasets: dict[str, DatasetState] = {}
        self._current: str | None = None
        self._lock = threading.RLock()
        self._epoch = 0

    # ------------------------------------------------------------------ datasets
    def load_dataset(self, name: str, data: pd.DataFrame | str | Path, description: str | None = None) -> str:
        """Add (or replace) a dataset, make it current, return a one-paragraph summary."""
        from agent.data import load_table
        from tools.base import DataError

        name = str(name).strip()
        if not name or len(name) > 80:
            raise ValueError("A dataset needs a short name (1-80 characters), e.g. /load sales=data.csv.")
        frame = load_table(data) if isinstance(data, (str, Path)) else data
        if not isinstance(frame, pd.DataFrame):
            raise DataError(f"Cannot load a {type(frame).__name__}: give a pandas DataFrame or a CSV/TSV/Parquet path.")
        if frame.empty or frame.shape[1] < 2:
            raise DataError(f"Dataset '{name}' needs at least two columns and some rows; it has shape {frame.shape}.")
        frame = frame.rename(columns=str)
        with self._lock:
            kept = self._datasets.get(name)
            state = DatasetState(name, frame, description)
            if kept is not None and kept.graph is not None and set(kept.graph.nodes) <= set(frame.columns):
                state.graph, state.graph_key = kept.graph, kept.graph_key
                state.pinned, state.named = kept.pinned, kept.named
            self._datasets[name] = state
            self._current = name
        from agent.session_render import dataset_summary

        return dataset_summary(name, frame)

    def use_dataset(self, name: str) -> str:
        """Switch the current dataset; the summary says which graph comes with it."""
        if name not in self._datasets:
            raise LookupError(f"No dataset named '{name}'. Loaded: {', '.join(self._datasets) or 'none'}.")
        with self._lock:
            self._current = name
        from agent.session_render import dataset_summary

        return dataset_summary(name, self._datasets[name].frame)

    @property
    def datasets(self) -> dict[str, pd.DataFrame]:
        return {name: state.frame for name, state in self._datasets.items()}

    @property
    def current_dataset(self) -> str | None:
        return self._current

    @property
    def state(self) -> DatasetState:
        """The current dataset's state; ``LookupError`` saying how to load one."""
        if self._current is None:
            raise LookupError("No dataset loaded yet. Load a CSV first (in the chat: /load PATH or "
                              "/load NAME=PATH; in Slack: share the file).")
        return self._datasets[self._current]

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.state.frame.columns]

    # ------------------------------------------------------------------ graph, knowledge, results
    @property
    def graph(self) -> CausalGraph | None:
        return self._datasets[self._current].graph if self._current else None

    @property
    def graph_key(self) -> str | None:
        return self._datasets[self._current].graph_key if self._current else None

    @property
    def store(self):
        return self.agent.store

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge stated so far, restricted to the current dataset's columns."""
        return self.book.knowledge(self.columns) if self._current else Knowledge()

    @property
    def last_result(self) -> "AnalysisResult | None":
        return self.history[-1] if self.history else None

    @property
    def last_query(self) -> dict[str, Any] | None:
        """The parsed form of the last question asked about the current dataset."""
        last = self.last_result_here()
        return last.query if last is not None else None

    def last_result_here(self) -> "AnalysisResult | None":
        for result in reversed(self.history):
            if result.details.get("dataset") == self._current:
                return result
        return None

    def adopt_graph(self, graph: CausalGraph, key: str | None, pinned: bool, named: bool = False,
                    state: DatasetState | None = None) -> bool:
        """Make ``graph`` (stored under ``key``) the graph of ``state`` (default: the current
        dataset); True when its edges differ from the old one. ``named``: the user chose
        ``key`` (edits then go to another key)."""
        from agent.session_graphs import diff_graphs

        with self._lock:
            state = state or self.state
            changed = state.graph is None or diff_graphs(state.graph, graph).shd > 0
            state.graph, state.graph_key, state.pinned, state.named = graph, key, pinned, named
            return changed

    def reset(self) -> None:
        """Forget graphs, knowledge and results of this conversation (datasets stay loaded,
        stored graphs stay in memory)."""
        with self._lock:
            self._epoch += 1
            self.history.clear()
            self.book.clear()
            for state in self._datasets.values():
                state.graph, state.graph_key, state.algorithm = None, None, None
                state.pinned = state.named = False

    def abandon(self) -> None:
        """Discard the result of any analysis still running (e.g. after a second Ctrl-C)."""
        with self._lock:
            self._epoch += 1

    def set_llm(self, spec: Any) -> str:
        """Switch the planner ("offline", "openai:gpt-4o-mini", or a chat model); return its name."""
        from agent.agent import CausalAgent

        old = self.agent
        self.agent = CausalAgent(llm=spec, store=old.store,
                                 namespace=self.namespace, seed=old.seed, max_steps=old.max_steps,
                                 registry=old.registry, time_budget_s=old.time_budget_s,
                                 llm_backoff_s=old.llm_backoff_s, llm_knowledge=old.llm_knowledge)
        return self.agent.planner_name

    def model_suggestions(self) -> list[dict]:
        """The language model's checked suggestions in the last analysis (empty without any)."""
        last = self.history[-1] if self.history else None
        return list((last.details.get("tool_results") or {}).get("knowledge_suggestions") or []) if last else []

    def drop_suggestion(self, number: int) -> str:
        """Never use suggestion ``number`` (1-based, as /knowledge lists them) again; its text."""
        suggestions = self.model_suggestions()
        if not 1 <= number <= len(suggestions):
            raise ValueError(f"No suggestion {number}: /knowledge lists {len(suggestions)}.")
        s = suggestions[number - 1]["suggestion"]
        text = suggestion_text(s)
        if text not in self.dropped_suggestions:
            self.dropped_suggestions.append(text)
        return text

    # ------------------------------------------------------------------ one message
    def ask(self, text: str, on_step: "Callable[[Step], None] | None" = None,
            should_cancel: Callable[[], bool] | None = None,
            on_start: Callable[[str], None] | None = None) -> Turn:
        """Answer one message. User errors come back as ``Turn(kind="error")`` with a message
        that says what to do; a cancelled analysis as ``kind="cancelled"`` (its result is not
        recorded; the session stays usable)."""
        from agent.planners.base import AnalysisCancelled
        from agent.refinements import dispatch

        hooks = RunHooks(on_step, should_cancel, on_start)
        message = " ".join(str(text or "").split())
        if not message:
            return Turn("Ask a causal question, e.g. 'What is the effect of X on Y?'.", kind="error")
        if len(message) > MAX_MESSAGE_CHARS:
            return Turn(f"That message is {len(message)} characters; keep questions under {MAX_MESSAGE_CHARS}.",
                        kind="error")
        try:
            turn = dispatch(self, message, hooks)
            return turn if turn is not None else self.ask_new(message, hooks)
        except AnalysisCancelled:
            return Turn("Cancelled: the running analysis stopped. The session is ready for the next question.",
                        kind="cancelled")
        except (ValueError, LookupError) as exc:
            return Turn(error_message(exc), kind="error")

    def ask_new(self, text: str, hooks: RunHooks) -> Turn:
        """A new question about the current dataset (graph policy in the module docstring)."""
        state = self.state
        use_graph = self._keep_graph_for(text, state)
        return self.run(text, hooks, graph=self.graph_argument() if use_graph else None, kind="analysis")

    def run(self, question: str, hooks: RunHooks, *, graph: Any = None, kind: str = "analysis",
            treatment: str | None = None, outcome: str | None = None, preface: str = "",
            previous: "AnalysisResult | None" = None, pin: bool | None = None) -> Turn:
        """Run one analysis on the current dataset with the session's knowledge and record it.
        ``graph``: None discovers; a key or CausalGraph reuses. ``pin``: pin a newly learned graph."""
        from agent.session_render import render_result

        state = self.state
        epoch = self._epoch
        result = self.agent.analyze(state.frame, question, treatment=treatment, outcome=outcome, graph=graph,
                                    knowledge=self.knowledge, description=state.description,
                                    on_step=hooks.on_step, should_cancel=hooks.should_cancel, design=state.design,
                                    on_start=hooks.on_start, ignore_suggestions=self.dropped_suggestions)
        result.details["dataset"] = state.name
        with self._lock:
            if epoch != self._epoch:
                return Turn("That analysis was abandoned; its result was discarded.", kind="cancelled")
            self.history.append(result)
            changed = False
            if result.graph is not None and state is self._datasets.get(state.name):
                reused = graph is not None
                changed = self.adopt_graph(result.graph, result.graph_key, state.pinned if reused else bool(pin),
                                           named=state.named if reused else False, state=state)
                if not reused and not pin:
                    state.algorithm = None  # learned afresh by the selector: no algorithm preference now
        return Turn(render_result(result, previous=previous, preface=preface), result, changed, kind)

    def graph_argument(self) -> Any:
        """What to pass as ``graph=`` to reuse the session graph: its memory key when the
        stored newest version is this graph, else the graph itself."""
        state = self.state
        if state.graph is None:
            return None
        if state.graph_key:
            from agent.session_graphs import diff_graphs

            try:
                stored = self.store.get(state.graph_key, namespace=self.namespace)
            except GraphNotFound:
                return state.graph
            if diff_graphs(stored.graph, state.graph).shd == 0:
                return state.graph_key
        return state.graph

    def _keep_graph_for(self, text: str, state: DatasetState) -> bool:
        if state.graph is None:
            return False
        lowered = text.lower()
        if any(p in lowered for p in FRESH_GRAPH_PHRASES):
            return False
        if any(p in lowered for p in KEEP_GRAPH_PHRASES):
            return True
        if not state.pinned:
            return False
        preview = _preview_query(text, self.columns, state.description)
        if preview is None:
            return False
        hint = getattr(preview.method_hint, "value", preview.method_hint)
        from agent.planners.offline import DISCOVERY_HINTS

        if hint in DISCOVERY_HINTS:
            return False
        return set(preview.role_columns()) <= set(state.graph.nodes)


def _preview_query(text: str, columns: list[str], description: str | None):
    """The offline parse of a question (used only to decide whether the graph covers it)."""
    try:
        from agent.query_parser import parse_question

        return parse_question(text, columns, description)
    except (ImportError, ValueError, LookupError):
        return None


def _agent_in_namespace(agent: "CausalAgent", namespace: str) -> "CausalAgent":
    """A shallow copy of ``agent`` writing to ``namespace`` (the same agent may serve
    several sessions, e.g. one per Slack channel)."""
    if getattr(agent, "namespace", namespace) == namespace:
        return agent
    clone = copy.copy(agent)
    clone.namespace = namespace
    return clone


def error_message(exc: BaseException) -> str:
    """The user-facing text of a ValueError/LookupError (KeyError quotes its argument)."""
    if isinstance(exc, LookupError) and exc.args:
        return str(exc.args[0])
    return str(exc) or type(exc).__name__


def suggestion_text(s: dict) -> str:
    """'a -> b' for a suggestion as the result's details hold it."""
    from tools.knowledge_check import Suggestion, SuggestionKind

    return Suggestion(SuggestionKind(s["kind"]), s["source"], s["target"]).text()
