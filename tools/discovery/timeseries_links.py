"""Lagged causal links: the record every time-series algorithm returns, multiple-testing
control over their p-values, conversion to a ``CausalGraph`` and scoring against truth.

A link ``LaggedLink("X", "Y", 2, ...)`` claims X(t-2) → Y(t). Lag 0 is a contemporaneous
link; ``directed=False`` means the data did not decide its direction (X(t) — Y(t)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, NamedTuple

import numpy as np

from memory.graph import CausalGraph, Edge, Mark


class LaggedLink(NamedTuple):
    """cause(t-lag) → effect(t), with a signed strength and the p-value of its test."""

    cause: str
    effect: str
    lag: int
    strength: float
    p_value: float
    directed: bool = True

    def text(self) -> str:
        arrow = "→" if self.directed else "—"
        past = f"(t-{self.lag})" if self.lag else "(t)"
        return f"{self.cause}{past} {arrow} {self.effect}(t)"

    def to_dict(self) -> dict[str, Any]:
        return {"cause": self.cause, "effect": self.effect, "lag": self.lag,
                "strength": round(float(self.strength), 6), "p_value": float(self.p_value),
                "directed": self.directed}


CORRECTIONS = ("none", "fdr_bh")


@dataclass(frozen=True)
class LagSettings:
    """What every lagged algorithm is given: the largest lag tested, the significance
    level of the final tests, the multiple-testing correction, whether to test
    contemporaneous (lag 0) links, and the seed for anything random."""

    max_lag: int = 3
    alpha: float = 0.01
    correction: str = "none"
    contemporaneous: bool = True
    seed: int = 0


@dataclass
class AlgorithmOutput:
    """Tested links (only those significant at ``alpha`` after correction) and the
    choices the algorithm made on the way (e.g. a selected lag order)."""

    links: list[LaggedLink]
    parameters: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def adjust_p_values(p_values: np.ndarray, correction: str) -> np.ndarray:
    """p-values adjusted for multiple testing: ``none`` or Benjamini–Hochberg ``fdr_bh``
    (controls the false discovery rate over all tests passed in one call)."""
    p = np.asarray(p_values, dtype=float)
    if correction == "none" or p.size == 0:
        return p.copy()
    if correction != "fdr_bh":
        raise ValueError(f"Unknown multiple-testing correction {correction!r}; choose one of {CORRECTIONS}.")
    flat = p.ravel()
    order = np.argsort(flat, kind="stable")
    ranked = flat[order] * flat.size / np.arange(1, flat.size + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty_like(flat)
    out[order] = np.minimum(ranked, 1.0)
    return out.reshape(p.shape)


def sort_links(links: Iterable[LaggedLink]) -> list[LaggedLink]:
    """Strongest first, then by name: a stable order for reports and tests."""
    return sorted(links, key=lambda l: (-abs(l.strength), l.lag, l.cause, l.effect))


def links_to_graph(names: list[str], links: list[LaggedLink], metadata: dict[str, Any]) -> CausalGraph:
    """A ``CausalGraph`` whose edges carry the lag; undecided contemporaneous links are
    undirected. Edges are listed directly because X(t-1)→Y and Y(t-1)→X are distinct
    links, which ``add_edge`` (one edge per pair and lag) would merge."""
    edges = [Edge(l.cause, l.effect, Mark.TAIL, Mark.ARROW if l.directed else Mark.TAIL, lag=l.lag)
             for l in links]
    graph = CausalGraph(nodes=list(names), edges=edges, metadata=metadata)
    graph.graph_type = graph.infer_type()
    return graph


def link_key(link: tuple, require_lag: bool = True) -> tuple:
    """Identity of a lagged link for scoring: (cause, effect, lag) or (cause, effect)."""
    cause, effect, lag = link[0], link[1], link[2]
    return (cause, effect, int(lag)) if require_lag else (cause, effect)


def link_scores(found: Iterable[tuple], truth: Iterable[tuple], require_lag: bool = True,
                include_self: bool = True) -> dict[str, float]:
    """Precision, recall and F1 of lagged links (lag ≥ 1) against true (cause, effect, lag)
    triples; contemporaneous found links are ignored, self-links optionally."""
    def keys(items: Iterable[tuple]) -> set[tuple]:
        return {link_key(l, require_lag) for l in items
                if int(l[2]) >= 1 and (include_self or l[0] != l[1])}

    f, t = keys(found), keys(truth)
    tp = len(f & t)
    precision = tp / len(f) if f else 0.0
    recall = tp / len(t) if t else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp,
            "found": len(f), "true": len(t)}
