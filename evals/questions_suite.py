"""Questions suite: four-level questions (variable, edge, graph, effect) plus
counterfactuals over random linear SCMs, answered by the agent end to end and scored
against the SCM's truth (not against an algorithm's output).

An honest "uncertain"/"not identifiable" is counted separately as an abstention: it is
not a correct answer, but it is not a confident wrong one either.

Every item is also answered, from the same data, by the baselines in
``evals.questions_baselines`` (chance and a correlation-only analyst) and scored by the same
scorer, so the table shows the agent's accuracy next to theirs and the ratios."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

import networkx as nx
import numpy as np

from evals.questions_baselines import BASELINES, Baseline
from evals.scm import LinearSCM, random_linear_scm

NAMES = ["price", "ads", "visits", "signups", "revenue", "churn", "support", "rating"]
SET_TO = 1.0  # the value counterfactual questions set their cause to


@dataclass(frozen=True)
class Asked:
    """A question without its answer: all an answerer (agent or baseline) may see.

    ``variables`` are the variables the question names, in a fixed role order per kind:
    independence (u, v) with ``given``; direct_cause and effect (cause, outcome);
    counterfactual (intervened, target) with ``set_to``; causes_of / effects_of (the
    variable,); confounder / mediator / collider (the role variable, then the other two);
    graph ()."""

    kind: str
    text: str
    variables: tuple[str, ...] = ()
    given: tuple[str, ...] = ()
    set_to: float | None = None


@dataclass
class Item:
    asked: Asked
    truth: Any
    score: Callable[[Any, Any], str]  # (result, truth) -> "correct" | "wrong" | "abstain"

    @property
    def kind(self) -> str:
        return self.asked.kind

    @property
    def question(self) -> str:
        return self.asked.text


@dataclass
class Outcome:
    kind: str
    question: str
    verdict: str
    answer: str
    truth: str
    seconds: float
    baselines: dict[str, float] = field(default_factory=dict)  # baseline name -> accuracy on this item


@dataclass
class QuestionsReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def table(self) -> list[dict[str, Any]]:
        """One row per kind plus an ``ALL`` row: agent accuracy, each baseline's accuracy,
        the agent's ratio to each baseline (inf when only the baseline scores 0, nan when
        both do), and the agent's abstained / wrong shares."""
        kinds = sorted({o.kind for o in self.outcomes})
        return [self._row(k, [o for o in self.outcomes if o.kind == k]) for k in kinds] + \
            ([self._row("ALL", self.outcomes)] if self.outcomes else [])

    @staticmethod
    def _row(kind: str, items: list[Outcome]) -> dict[str, Any]:
        n = len(items)
        correct = sum(o.verdict == "correct" for o in items)
        abstained = sum(o.verdict == "abstain" for o in items)
        accuracy = correct / n
        names = list(items[0].baselines)  # weakest first; ratios list the strongest first
        base = {b: float(np.mean([o.baselines[b] for o in items])) for b in names}
        return {"kind": kind, "n": n, "accuracy": accuracy, **{f"{b}_accuracy": base[b] for b in names},
                **{f"ratio_to_{b}": accuracy_ratio(accuracy, base[b]) for b in reversed(names)},
                "abstained": abstained / n, "wrong": (n - correct - abstained) / n,
                "mean_seconds": float(np.mean([o.seconds for o in items]))}


def accuracy_ratio(ours: float, baseline: float) -> float:
    """ours / baseline; inf when only the baseline is 0, nan when both are."""
    if baseline > 0:
        return ours / baseline
    return float("inf") if ours > 0 else float("nan")


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


def _pick(rng: np.random.Generator, candidates: list) -> Any:
    """One of ``candidates`` (listed in a fixed order) uniformly by ``rng``; None if there are none."""
    return candidates[int(rng.integers(len(candidates)))] if candidates else None


def _yes_and_no(rng: np.random.Generator, candidates: list[tuple], truth: Callable[..., bool],
                subject: Callable[[tuple], Any], eligible: Callable[..., bool] = lambda *_: True,
                confusable: Callable[..., bool] = lambda *_: True) -> list[tuple[tuple, bool]]:
    """A true-"yes" and a true-"no" question for one yes/no kind, each with its truth.

    ``yes`` is drawn uniformly from the ``eligible`` candidates where ``truth`` holds. ``no``
    is drawn from those where it fails, preferring, in this order, the same ``subject`` as
    ``yes`` (e.g. the same pair of variables, so the two differ only in what is asked) and
    ``confusable`` candidates (ones a non-causal reading of the data would also call yes).
    A side the SCM has no candidate for is left out: a kind is unbalanced only when the DAG
    forces it."""
    yes = _pick(rng, [c for c in candidates if truth(*c) and eligible(*c)])
    nos = [c for c in candidates if not truth(*c)]
    same = [c for c in nos if yes is not None and subject(c) == subject(yes)]
    pools = ([c for c in same if confusable(*c)], same, [c for c in nos if confusable(*c)], nos)
    no = _pick(rng, next((pool for pool in pools if pool), []))
    return [(c, flag) for c, flag in ((yes, True), (no, False)) if c is not None]


def _is_confounder(dag: nx.DiGraph, z: str, x: str, y: str) -> bool:
    """z is a common cause of x and y: causal paths z → … → x avoiding y and z → … → y
    avoiding x (the definition ``tools.graph_queries.is_confounder`` answers)."""
    without_y = dag.subgraph(n for n in dag if n != y)
    without_x = dag.subgraph(n for n in dag if n != x)
    return z not in (x, y) and nx.has_path(without_y, z, x) and nx.has_path(without_x, z, y)


def _is_mediator(dag: nx.DiGraph, m: str, x: str, y: str) -> bool:
    """m lies on a causal path x → … → m → … → y."""
    return m in nx.descendants(dag, x) and y in nx.descendants(dag, m)


def _is_collider(dag: nx.DiGraph, c: str, a: str, b: str) -> bool:
    """a → c ← b in the DAG (shielded or not)."""
    return dag.has_edge(a, c) and dag.has_edge(b, c)


def _dependent_on_both(dag: nx.DiGraph, z: str, a: str, b: str) -> bool:
    """z is d-connected to a and to b with nothing conditioned on: marginally dependent on
    both, so correlation alone would take it for any of the three roles."""
    return not nx.is_d_separator(dag, {z}, {a}, set()) and not nx.is_d_separator(dag, {z}, {b}, set())


def make_items(scm: LinearSCM, rng: np.random.Generator) -> list[Item]:
    """Questions of every kind, with truth from the SCM's DAG and coefficients.

    Every yes/no kind (independence, direct_cause, confounder, mediator, collider) gets one
    true-"yes" and one true-"no" item where the DAG has both, drawn with ``rng``, so a
    yes-sayer or a no-sayer scores about 0.5 on each."""
    dag, names = scm.dag, scm.names
    items: list[Item] = []
    unordered = list(itertools.combinations(names, 2))
    ordered = [(u, v) for u in names for v in names if u != v]

    conditioned = [(u, v, given) for u, v in unordered
                   for given in [()] + [(g,) for g in names if g not in (u, v)]]
    for (u, v, given), flag in _yes_and_no(rng, conditioned, lambda u, v, given: nx.is_d_separator(
            dag, {u}, {v}, set(given)), subject=lambda c: c[:2]):
        text = f"Are {u} and {v} independent given {given[0]}?" if given else f"Are {u} and {v} independent?"
        items.append(Item(Asked("independence", text, (u, v), given), flag, _yes_no))

    # the "no" of a direct cause is the reversed edge: correlated, adjacent, wrong direction
    direct = _yes_and_no(rng, ordered, dag.has_edge, subject=frozenset)
    for (x, y), flag in direct:
        items.append(Item(Asked("direct_cause", f"Does {x} directly cause {y}?", (x, y)), flag, _yes_no))
    if direct and direct[0][1]:
        x, y = direct[0][0]
        items.append(Item(Asked("effect", f"What is the effect of {x} on {y}?", (x, y)),
                          scm.total_effect(x, y), _effect_match))
        items.append(Item(Asked("counterfactual", f"What would {y} be if we set {x} to {SET_TO:g}?", (x, y),
                                set_to=SET_TO), scm.interventional_mean(y, {x: SET_TO}), _number_match))

    target = max(names, key=lambda n: len(nx.ancestors(dag, n)))
    items.append(Item(Asked("causes_of", f"What are the causes of {target}?", (target,)),
                      set(nx.ancestors(dag, target)), _set_match))
    source = max(names, key=lambda n: len(nx.descendants(dag, n)))
    items.append(Item(Asked("effects_of", f"What does {source} affect?", (source,)),
                      set(nx.descendants(dag, source)), _set_match))

    # Role triples are (role variable, a, b). The "no" asks about the same (a, b) and, where
    # the DAG has one, a role variable dependent on both (a child, a mediator, a parent of one
    # …): an unrelated variable would test only "is it related", which independence covers.
    about_pair = [(z, a, b) for a, b in unordered for z in names if z not in (a, b)]
    about_path = [(m, x, y) for x, y in ordered for m in names if m not in (x, y)]
    role = {"subject": lambda c: c[1:], "confusable": partial(_dependent_on_both, dag)}
    for (z, x, y), flag in _yes_and_no(rng, about_pair, partial(_is_confounder, dag), **role):
        items.append(Item(Asked("confounder", f"Is {z} a confounder of {x} and {y}?", (z, x, y)), flag, _yes_no))
    for (m, x, y), flag in _yes_and_no(rng, about_path, partial(_is_mediator, dag), **role):
        items.append(Item(Asked("mediator", f"Does {x} affect {y} through {m}?", (m, x, y)), flag, _yes_no))
    # a true collider is asked only when unshielded (a, b not adjacent), the case the
    # equivalence class always shows; any non-collider may be asked
    def unshielded(c: str, a: str, b: str) -> bool:
        return not (dag.has_edge(a, b) or dag.has_edge(b, a))

    for (c, a, b), flag in _yes_and_no(rng, about_pair, partial(_is_collider, dag), eligible=unshielded, **role):
        items.append(Item(Asked("collider", f"Is {c} a collider between {a} and {b}?", (c, a, b)), flag, _yes_no))

    items.append(Item(Asked("graph", "What is the causal graph?"), dag, _graph_match))
    return items


def run(n_scms: int = 6, n_rows: int = 3000, seed: int = 0, agent_factory: Callable[[], Any] | None = None,
        baselines: tuple[Baseline, ...] = BASELINES) -> QuestionsReport:
    """Ask the agent every item of ``n_scms`` random SCMs and score it against the SCM's truth;
    each baseline answers the same item from the same data (``item.asked`` only, never the
    truth), with its own rng seeded from (seed, SCM, item), and is scored by the same scorer."""
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    make_agent = agent_factory or (lambda: CausalAgent(store=InMemoryGraphStore()))
    report = QuestionsReport()
    for k in range(n_scms):
        rng = np.random.default_rng(seed + k)
        p = int(rng.integers(5, 8))
        scm = random_linear_scm(p, edge_prob=0.4, seed=seed + 100 + k, names=NAMES[:p])
        df = scm.sample(n_rows, seed=seed + 200 + k)
        for i, item in enumerate(make_items(scm, rng)):
            start = time.perf_counter()
            try:
                result = make_agent().analyze(df, item.question, seed=seed)
                verdict, answer = item.score(result, item.truth), result.answer
            except ValueError as exc:
                verdict, answer = "wrong", f"error: {exc}"
            seconds = time.perf_counter() - start
            scores = {b.name: b.accuracy(df, item, np.random.default_rng([seed, k, i, j]))
                      for j, b in enumerate(baselines)}
            report.outcomes.append(Outcome(item.kind, item.question, verdict, str(answer)[:80],
                                           _short(item.truth), seconds, scores))
    return report


def _short(truth: Any) -> str:
    if isinstance(truth, nx.DiGraph):
        return f"{truth.number_of_edges()} edges"
    if isinstance(truth, set):
        return ", ".join(sorted(truth)) or "none"
    if isinstance(truth, float):
        return f"{truth:.3f}"
    return str(truth)
