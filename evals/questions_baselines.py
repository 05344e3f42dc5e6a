"""Baselines for the questions suite, run on the same items and data as the agent and scored
by the items' own scorers.

A baseline maps each question kind to an answerer ``(data, asked, rng) -> list[Answer]``: the
answers it would give, all equally likely. Its accuracy on an item is the share of those
answers the item's scorer calls correct, so a one-answer baseline scores 0 or 1 and a
guessing baseline scores its expected accuracy. An answerer sees only the data and the
question (``Asked``: kind, text, named variables), never the truth.

- ``CHANCE``: guess uniformly among the valid answers of the item's type.
  Exact where the answer space is small enough to list: yes/no kinds → {yes, no} (0.5);
  causes_of/effects_of → every subset of the other variables (1 / 2^(p-1)).
  Seeded Monte Carlo (``CHANCE_DRAWS`` draws) where it is not: graph → a uniformly random
  skeleton (each pair adjacent with probability 1/2; expected accuracy 2^-(p choose 2), so
  effectively 0); effect → uniform on [-sd(Y)/sd(X), sd(Y)/sd(X)], the range every simple
  regression slope of Y on X lies in; counterfactual → uniform on mean(Y) ± 2 sd(Y), the
  central range of the observed outcome. Real-valued answers have no uniform distribution
  over all reals, so these ranges come from the data (not the truth) and favour chance.
- ``CORRELATION``: a non-causal analyst who reads marginal correlations (Fisher-z test,
  p < ``ALPHA``) and simple OLS. "Does X cause Y?" → yes iff X and Y are correlated, in
  either direction (correlation has no direction, so it says yes both ways);
  confounder/mediator/collider → yes iff the named role variable is correlated with both
  others (correlation cannot tell the three roles apart); causes_of/effects_of → every
  correlated variable; graph → the undirected correlation skeleton; effect → the OLS slope
  of Y on X alone; counterfactual → the OLS prediction of Y at X = the set value.
  Independence is a purely statistical question, so the analyst answers it properly, with
  a partial correlation given the named conditioning set.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
import pandas as pd

from memory.graph import CausalGraph, Edge, GraphType, Mark

if TYPE_CHECKING:
    from evals.questions_suite import Item

ALPHA = 0.05
CHANCE_DRAWS = 1000
YES_NO_KINDS = ("independence", "direct_cause", "confounder", "mediator", "collider")


@dataclass(frozen=True)
class Estimate:
    """The slice of an effect estimate the scorers read."""

    estimate: float


@dataclass
class Answer:
    """A baseline's answer, with the attributes the items' scorers read from an
    ``AnalysisResult`` (answer, value, effect, graph, details)."""

    answer: str
    value: Any = None
    effect: Estimate | None = None
    graph: CausalGraph | None = None
    details: dict[str, Any] = field(default_factory=dict)


Answerer = Callable[[pd.DataFrame, Any, np.random.Generator], list[Answer]]


@dataclass(frozen=True)
class Baseline:
    name: str
    answerers: dict[str, Answerer]

    def answers(self, data: pd.DataFrame, asked: Any, rng: np.random.Generator) -> list[Answer]:
        """The equally likely answers this baseline gives to ``asked`` (truth-free)."""
        if asked.kind not in self.answerers:
            raise KeyError(f"Baseline {self.name!r} has no answerer for kind {asked.kind!r}; add one to "
                           f"evals/questions_baselines.py. Kinds: {', '.join(sorted(self.answerers))}.")
        return self.answerers[asked.kind](data, asked, rng)

    def accuracy(self, data: pd.DataFrame, item: Item, rng: np.random.Generator) -> float:
        """Share of this baseline's answers to ``item`` that the item's own scorer calls correct."""
        answers = self.answers(data, item.asked, rng)
        return float(np.mean([item.score(a, item.truth) == "correct" for a in answers]))


# ---------------------------------------------------------------- statistics
def correlation_p_value(data: pd.DataFrame, x: str, y: str, given: tuple[str, ...] = ()) -> float:
    """Fisher-z p-value of the (partial, given ``given``) correlation of x and y; assumes
    roughly Gaussian data, where zero partial correlation means conditional independence."""
    a, b = data[x].to_numpy(float), data[y].to_numpy(float)
    if given:
        design = np.column_stack([np.ones(len(data)), data[list(given)].to_numpy(float)])
        a = a - design @ np.linalg.lstsq(design, a, rcond=None)[0]
        b = b - design @ np.linalg.lstsq(design, b, rcond=None)[0]
    r = float(np.clip(np.corrcoef(a, b)[0, 1], -0.999999, 0.999999))
    z = math.atanh(r) * math.sqrt(max(len(data) - len(given) - 3, 1))
    return math.erfc(abs(z) / math.sqrt(2))


def _correlated(data: pd.DataFrame, x: str, y: str) -> bool:
    return correlation_p_value(data, x, y) < ALPHA


def _ols(data: pd.DataFrame, x: str, y: str) -> tuple[float, float]:
    """(intercept, slope) of the simple regression of y on x."""
    slope, intercept = np.polyfit(data[x].to_numpy(float), data[y].to_numpy(float), 1)
    return float(intercept), float(slope)


def _yes_no(flag: bool) -> Answer:
    return Answer("yes" if flag else "no", bool(flag))


def _set_answer(names) -> Answer:
    names = sorted(names)
    return Answer(", ".join(names) or "none", names)


def _skeleton(nodes: list[str], pairs) -> CausalGraph:
    """An all-undirected graph (a CPDAG with no arrows) with the given adjacencies."""
    return CausalGraph(nodes=list(nodes), edges=[Edge(u, v, Mark.TAIL, Mark.TAIL) for u, v in pairs],
                       graph_type=GraphType.CPDAG)


def _number(value: float) -> Answer:
    return Answer(f"{value:.3f}", float(value))


def _effect(value: float) -> Answer:
    return Answer(f"{value:.3f}", None, effect=Estimate(float(value)))


# ---------------------------------------------------------------- correlation analyst
def _corr_independence(data, asked, rng) -> list[Answer]:
    u, v = asked.variables
    return [_yes_no(correlation_p_value(data, u, v, asked.given) >= ALPHA)]


def _corr_direct_cause(data, asked, rng) -> list[Answer]:
    return [_yes_no(_correlated(data, *asked.variables))]


def _corr_role(data, asked, rng) -> list[Answer]:
    role, *others = asked.variables
    return [_yes_no(all(_correlated(data, role, o) for o in others))]


def _corr_related(data, asked, rng) -> list[Answer]:
    (focus,) = asked.variables
    return [_set_answer(n for n in data.columns if n != focus and _correlated(data, focus, n))]


def _corr_graph(data, asked, rng) -> list[Answer]:
    pairs = [(u, v) for u, v in itertools.combinations(data.columns, 2) if _correlated(data, u, v)]
    graph = _skeleton(list(data.columns), pairs)
    return [Answer(f"{len(pairs)} undirected edges", None, graph=graph)]


def _corr_effect(data, asked, rng) -> list[Answer]:
    return [_effect(_ols(data, *asked.variables)[1])]


def _corr_counterfactual(data, asked, rng) -> list[Answer]:
    intercept, slope = _ols(data, *asked.variables)
    return [_number(intercept + slope * asked.set_to)]


CORRELATION = Baseline("correlation", {
    "independence": _corr_independence, "direct_cause": _corr_direct_cause,
    "confounder": _corr_role, "mediator": _corr_role, "collider": _corr_role,
    "causes_of": _corr_related, "effects_of": _corr_related, "graph": _corr_graph,
    "effect": _corr_effect, "counterfactual": _corr_counterfactual,
})


# ---------------------------------------------------------------- chance
def _chance_yes_no(data, asked, rng) -> list[Answer]:
    return [_yes_no(True), _yes_no(False)]


def _chance_subsets(data, asked, rng) -> list[Answer]:
    others = [n for n in data.columns if n not in asked.variables]
    return [_set_answer(c) for k in range(len(others) + 1) for c in itertools.combinations(others, k)]


def _chance_graph(data, asked, rng) -> list[Answer]:
    pairs = list(itertools.combinations(data.columns, 2))
    keep = rng.random((CHANCE_DRAWS, len(pairs))) < 0.5
    return [Answer("random skeleton", None, graph=_skeleton(list(data.columns), itertools.compress(pairs, row)))
            for row in keep]


def _chance_effect(data, asked, rng) -> list[Answer]:
    x, y = asked.variables
    bound = float(data[y].std() / data[x].std())
    return [_effect(v) for v in rng.uniform(-bound, bound, CHANCE_DRAWS)]


def _chance_counterfactual(data, asked, rng) -> list[Answer]:
    y = data[asked.variables[1]]
    mean, sd = float(y.mean()), float(y.std())
    return [_number(v) for v in rng.uniform(mean - 2 * sd, mean + 2 * sd, CHANCE_DRAWS)]


CHANCE = Baseline("chance", {
    **{kind: _chance_yes_no for kind in YES_NO_KINDS},
    "causes_of": _chance_subsets, "effects_of": _chance_subsets, "graph": _chance_graph,
    "effect": _chance_effect, "counterfactual": _chance_counterfactual,
})

BASELINES = (CHANCE, CORRELATION)
