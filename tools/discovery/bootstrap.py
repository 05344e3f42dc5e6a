"""Bootstrap stability of a discovered graph.

Rows are resampled with replacement, the same algorithm and settings run on each
resample in parallel on an executor (``tools.executor``; default two local processes),
and every adjacency gets the share of resamples in which it is present and in which it
has each orientation. Resample b gets the b-th seed spawned from the analysis seed, split
into one seed for drawing rows and one for the algorithm, so the graphs depend on the
seed only, never on the backend or the number of workers. A low share says the data do not settle that edge; it is
not a posterior probability.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from memory.graph import CausalGraph, Edge, Mark
from tools.executor import LocalExecutor, RayExecutor, spawn_seeds
from tools.knowledge import Knowledge

_SYMBOL = {Mark.TAIL: "-", Mark.ARROW: ">", Mark.CIRCLE: "o"}
_LEFT = {Mark.TAIL: "-", Mark.ARROW: "<", Mark.CIRCLE: "o"}


def edge_type(edge: Edge, first: str) -> str:
    """The edge as text: a directed edge as 'cause --> effect', any other from ``first``'s
    side, e.g. 'A --- B', 'A o-> B', 'A <-> B'."""
    e = edge if edge.u == first else edge.reversed()
    if e.mark_u == Mark.ARROW and e.mark_v == Mark.TAIL:
        e = e.reversed()
    return f"{e.u} {_LEFT[e.mark_u]}-{_SYMBOL[e.mark_v]} {e.v}"


@dataclass(frozen=True)
class _Resample:
    """Learn one graph on a seeded row resample (pickled once per batch or Ray task)."""

    data: Any  # DiscoveryData
    algorithm: str
    params: dict
    knowledge: Knowledge

    def __call__(self, b: int, seed: int) -> CausalGraph:
        from tools.discovery.pipeline import run_algorithm

        rows_seed, algorithm_seed = spawn_seeds(seed, 2)
        n = self.data.values.shape[0]
        idx = np.random.default_rng(rows_seed).integers(0, n, size=n)
        sample = replace(self.data, values=self.data.values[idx],
                         context=None if self.data.context is None else np.asarray(self.data.context)[idx])
        graph, _ = run_algorithm(sample, self.algorithm, self.params, self.knowledge, algorithm_seed)
        return graph


def bootstrap_graphs(data, algorithm: str, params: dict, knowledge: Knowledge, seed: int, n_boot: int,
                     executor: LocalExecutor | RayExecutor | None = None) -> list[CausalGraph]:
    """``n_boot`` graphs learned on seeded row resamples, in resample order. ``executor``
    defaults to two local processes (causal-learn holds the GIL, so threads would not help)."""
    if n_boot <= 0:
        return []
    executor = executor or LocalExecutor(n_jobs=2)
    return executor.map(_Resample(data, algorithm, params, knowledge), range(n_boot), seeds=seed)


def edge_probabilities(graphs: list[CausalGraph]) -> list[dict[str, Any]]:
    """Per adjacency (sorted pair): share present, and share of each edge type."""
    counts: dict[tuple[str, str], Counter] = {}
    for g in graphs:
        for e in g.edges:
            if e.lag:
                continue
            a, b = sorted((e.u, e.v))
            counts.setdefault((a, b), Counter())[edge_type(e, a)] += 1
    total = max(len(graphs), 1)
    rows = []
    for (a, b), c in sorted(counts.items()):
        rows.append({"u": a, "v": b, "present": round(sum(c.values()) / total, 3),
                     "types": {k: round(v / total, 3) for k, v in c.most_common()}})
    return rows


def attach_confidence(graph: CausalGraph, graphs: list[CausalGraph]) -> list[dict[str, Any]]:
    """Set ``Edge.confidence`` to the share of resamples with this exact edge type and put
    the full table in ``graph.metadata['edge_probabilities']``; returns the table."""
    table = edge_probabilities(graphs)
    lookup = {(r["u"], r["v"]): r for r in table}
    new_edges = []
    for e in graph.edges:
        a, b = sorted((e.u, e.v))
        row = lookup.get((a, b))
        share = row["types"].get(edge_type(e, a), 0.0) if row else 0.0
        new_edges.append(replace(e, confidence=share) if not e.lag else e)
    graph.edges = new_edges
    graph.metadata["edge_probabilities"] = table
    graph.metadata["bootstrap"] = len(graphs)
    return table
