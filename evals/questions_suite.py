"""Questions suite: four-level questions (variable, edge, graph, effect) plus
counterfactuals over random linear SCMs, answered by the agent end to end and scored
against the SCM's truth (not against an algorithm's output).

An honest "uncertain"/"not identifiable" is counted separately as an abstention: it is
not a correct answer, but it is not a confident wrong one either."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

import networkx as nx
import numpy as np

from evals.scm import LinearSCM, random_linear_scm

NAMES = ["price", "ads", "visits", "signups", "revenue", "churn", "support", "rating"]


@dataclass
class Item:
    kind: str
    question: str
    truth: Any
    score: Callable[[Any, Any], str]  # (result, truth) -> "correct" | "wrong" | "abstain"


@dataclass
class Outcome:
    kind: str
    question: str
    verdict: str
    answer: str
    truth: str
    seconds: float


@dataclass
class QuestionsReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def table(self) -> list[dict[str, Any]]:
        rows = []
        for kind in sorted({o.kind for o in self.outcomes}):
            items = [o for o in self.outcomes if o.kind == kind]
            n = len(items)
            correct = sum(o.verdict == "correct" for o in items)
            abstain = sum(o.verdict == "abstain" for o in items)
            rows.append({"kind": kind, "n": n, "accuracy": correct / n, "abstained": abstain / n,
                         "wrong": (n - correct - abstain) / n,
                         "mean_seconds": float(np.mean([o.seconds for o in items]))})
        return rows


def _yes_no(result, truth: bool) -> str:
    if result.answer == "uncertain" or result.value is None:
        return "abstain"
    return "correct" if bool(result.value) == truth else "wrong"


def _set_match(result, truth: set[str]) -> str:
    """Exact set → correct; definite ⊆ truth ⊆ definite ∪ possible with some still
    possible → abstain (the equivalence class leaves those open); otherwise wrong."""
    definite = set(result.value if isinstance(result.value, list) else [])
    possible = set((result.details.get("tool_results", {}).get("query_graph") or {}).get("possible") or [])
    if definite == truth:
        return "correct"
    if possible and definite <= truth <= definite | possible:
        return "abstain"
    return "wrong"


def _effect_match(result, truth: float) -> str:
    if result.effect is None:
        return "abstain"
    tol = max(0.1 * abs(truth), 0.05)
    return "correct" if abs(result.effect.estimate - truth) <= tol else "wrong"


def _number_match(result, truth: float) -> str:
    if not isinstance(result.value, (int, float)):
        return "abstain"
    tol = max(0.1 * abs(truth), 0.1)
    return "correct" if abs(float(result.value) - truth) <= tol else "wrong"


def _graph_match(result, truth: nx.DiGraph) -> str:
    if result.graph is None:
        return "wrong"
    true_skeleton = {frozenset(e) for e in truth.edges}
    return "correct" if result.graph.skeleton() == true_skeleton else "wrong"


def _is_confounder(dag: nx.DiGraph, z: str, x: str, y: str) -> bool:
    without_y = dag.subgraph(n for n in dag if n != y)
    without_x = dag.subgraph(n for n in dag if n != x)
    return nx.has_path(without_y, z, x) and nx.has_path(without_x, z, y) and z not in (x, y)


def make_items(scm: LinearSCM, rng: np.random.Generator) -> list[Item]:
    """A handful of questions of every kind, with truth from the SCM."""
    dag = scm.dag
    names = scm.names
    edges = list(dag.edges)
    items: list[Item] = []
    a, b = names[int(rng.integers(len(names)))], None
    pairs = [(u, v) for u in names for v in names if u != v]
    u, v = pairs[int(rng.integers(len(pairs)))]
    others = [n for n in names if n not in (u, v)]
    given = [others[int(rng.integers(len(others)))]] if others else []
    items.append(Item("independence", f"Are {u} and {v} independent given {given[0]}?" if given
                      else f"Are {u} and {v} independent?", nx.is_d_separator(dag, {u}, {v}, set(given)),
                      _yes_no))
    if edges:
        x, y = edges[int(rng.integers(len(edges)))]
        items.append(Item("direct_cause", f"Does {x} directly cause {y}?", True, _yes_no))
        items.append(Item("direct_cause", f"Does {y} directly cause {x}?", False, _yes_no))
        items.append(Item("effect", f"What is the effect of {x} on {y}?", scm.total_effect(x, y), _effect_match))
        items.append(Item("counterfactual", f"What would {y} be if we set {x} to 1?",
                          scm.interventional_mean(y, {x: 1.0}), _number_match))
    target = max(names, key=lambda n: len(nx.ancestors(dag, n)))
    items.append(Item("causes_of", f"What are the causes of {target}?", set(nx.ancestors(dag, target)), _set_match))
    source = max(names, key=lambda n: len(nx.descendants(dag, n)))
    items.append(Item("effects_of", f"What does {source} affect?", set(nx.descendants(dag, source)), _set_match))
    for z in names:
        for x, y in pairs:
            if z not in (x, y) and dag.has_edge(z, x) and dag.has_edge(z, y) and x < y:
                items.append(Item("confounder", f"Is {z} a confounder of {x} and {y}?", True, _yes_no))
                break
        else:
            continue
        break
    for m in names:
        preds, succs = list(dag.predecessors(m)), list(dag.successors(m))
        if preds and succs:
            items.append(Item("mediator", f"Does {preds[0]} affect {succs[0]} through {m}?",
                              True, _yes_no))
            break
    for c in names:
        preds = list(dag.predecessors(c))
        if len(preds) >= 2 and not dag.has_edge(preds[0], preds[1]) and not dag.has_edge(preds[1], preds[0]):
            items.append(Item("collider", f"Is {c} a collider between {preds[0]} and {preds[1]}?", True, _yes_no))
            break
    items.append(Item("graph", "What is the causal graph?", dag, _graph_match))
    return items


def run(n_scms: int = 6, n_rows: int = 3000, seed: int = 0, agent_factory: Callable[[], Any] | None = None) -> QuestionsReport:
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    make_agent = agent_factory or (lambda: CausalAgent(store=InMemoryGraphStore()))
    report = QuestionsReport()
    for k in range(n_scms):
        rng = np.random.default_rng(seed + k)
        p = int(rng.integers(5, 8))
        scm = random_linear_scm(p, edge_prob=0.4, seed=seed + 100 + k, names=NAMES[:p])
        df = scm.sample(n_rows, seed=seed + 200 + k)
        for item in make_items(scm, rng):
            start = time.perf_counter()
            try:
                result = make_agent().analyze(df, item.question, seed=seed)
                verdict, answer = item.score(result, item.truth), result.answer
            except ValueError as exc:
                verdict, answer = "wrong", f"error: {exc}"
            report.outcomes.append(Outcome(item.kind, item.question, verdict, str(answer)[:80],
                                           _short(item.truth), time.perf_counter() - start))
    return report


def _short(truth: Any) -> str:
    if isinstance(truth, nx.DiGraph):
        return f"{truth.number_of_edges()} edges"
    if isinstance(truth, set):
        return ", ".join(sorted(truth)) or "none"
    if isinstance(truth, float):
        return f"{truth:.3f}"
    return str(truth)
