"""A read-only view of a causal graph for identification: adjacency by traversal step.

Identification reasons about walks, so every edge is stored twice, once from each end,
as the *step* taken when walking it from the current node to the next one. DAGs, ADMGs
(with ``<->`` and latent nodes) and CPDAGs (with ``---``) share this one view; PAGs
(circle marks) are never put into it, because their marks cannot be walked safely.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Mapping

import networkx as nx

from memory.graph import CausalGraph, Mark


class Step(str, Enum):
    """An edge read from the current node to the next one."""

    OUT = "-->"   # current --> next (next is a child)
    IN = "<--"    # current <-- next (next is a parent)
    BI = "<->"    # hidden common cause of current and next
    UND = "---"   # undirected (CPDAG): either direction is possible

    @property
    def arrow_at_current(self) -> bool:
        return self in (Step.IN, Step.BI)

    @property
    def arrow_at_next(self) -> bool:
        return self in (Step.OUT, Step.BI)


_STEP_OF_MARKS = {
    (Mark.TAIL, Mark.ARROW): Step.OUT,
    (Mark.ARROW, Mark.TAIL): Step.IN,
    (Mark.ARROW, Mark.ARROW): Step.BI,
    (Mark.TAIL, Mark.TAIL): Step.UND,
}
_REVERSE = {Step.OUT: Step.IN, Step.IN: Step.OUT, Step.BI: Step.BI, Step.UND: Step.UND}
SYMBOL = {Step.OUT: "→", Step.IN: "←", Step.BI: "↔", Step.UND: "—"}


class UnsupportedGraph(ValueError):
    """The graph cannot be used for identification as it stands; the message says why
    and what to change."""


@dataclass(frozen=True)
class MixedGraph:
    """Nodes, their edges as steps, and the latent (unmeasured) nodes.

    Several edges may join the same pair (``X → Y`` together with ``X ↔ Y``).
    """

    nodes: tuple[str, ...]
    adj: Mapping[str, tuple[tuple[Step, str], ...]]
    latent: frozenset[str] = frozenset()

    # ------------------------------------------------------------ building
    @classmethod
    def from_edges(cls, nodes: Iterable[str], edges: Iterable[tuple[str, Step, str]],
                   latent: Iterable[str] = ()) -> "MixedGraph":
        """From (u, step, v) triples read from u, e.g. ``("X", Step.OUT, "Y")`` for X → Y."""
        order = list(dict.fromkeys(nodes))
        adj: dict[str, list[tuple[Step, str]]] = {n: [] for n in order}
        seen: set[tuple[str, Step, str]] = set()
        for u, step, v in edges:
            for n in (u, v):
                if n not in adj:
                    adj[n] = []
                    order.append(n)
            if u == v:
                raise UnsupportedGraph(f"Self-loop on '{u}': remove it.")
            if (u, step, v) not in seen:
                seen.update({(u, step, v), (v, _REVERSE[step], u)})
                adj[u].append((step, v))
                adj[v].append((_REVERSE[step], u))
        return cls(tuple(order), {n: tuple(s) for n, s in adj.items()}, frozenset(latent))

    @classmethod
    def from_causal_graph(cls, graph: CausalGraph, latent: Iterable[str] = ()) -> "MixedGraph":
        """The contemporaneous edges of a DAG, ADMG or CPDAG. Raises UnsupportedGraph for
        circle marks, for graphs mixing ``---`` with ``<->``, and for directed cycles."""
        edges = []
        for e in graph.edges:
            if e.lag:
                continue
            step = _STEP_OF_MARKS.get((e.mark_u, e.mark_v))
            if step is None:
                raise UnsupportedGraph(f"The edge {e.text()} has a circle mark (a PAG edge); "
                                       "it cannot be read as a DAG, ADMG or CPDAG edge.")
            edges.append((e.u, step, e.v))
        g = cls.from_edges(graph.nodes, edges, set(graph.latent) | set(latent))
        if g.has_step(Step.UND) and g.has_step(Step.BI):
            raise UnsupportedGraph("The graph mixes undirected (---) and bidirected (<->) edges; "
                                   "orient the undirected edges (background knowledge) or drop the "
                                   "hidden-confounder edges, then identify again.")
        cycle = g.directed_cycle()
        if cycle:
            raise UnsupportedGraph("The graph has a directed cycle " + " → ".join(cycle + [cycle[0]]) +
                                   "; identification needs an acyclic graph: reverse or remove one of its edges.")
        return g

    # ------------------------------------------------------------ queries
    def steps(self, node: str) -> tuple[tuple[Step, str], ...]:
        return self.adj.get(node, ())

    def _by(self, node: str, step: Step) -> set[str]:
        return {v for s, v in self.steps(node) if s is step}

    def parents(self, node: str) -> set[str]:
        return self._by(node, Step.IN)

    def children(self, node: str) -> set[str]:
        return self._by(node, Step.OUT)

    def spouses(self, node: str) -> set[str]:
        return self._by(node, Step.BI)

    def undirected(self, node: str) -> set[str]:
        return self._by(node, Step.UND)

    def has_step(self, step: Step) -> bool:
        return any(s is step for steps in self.adj.values() for s, _ in steps)

    def edge_steps(self, u: str, v: str) -> list[Step]:
        """Every edge between u and v, read from u."""
        return [s for s, w in self.steps(u) if w == v]

    def observed(self, columns: Iterable[str] | None = None) -> set[str]:
        """Nodes that are not latent (and, when ``columns`` is given, are among them)."""
        keep = {n for n in self.nodes if n not in self.latent}
        return keep if columns is None else keep & set(columns)

    def digraph(self) -> nx.DiGraph:
        g = nx.DiGraph()
        g.add_nodes_from(self.nodes)
        g.add_edges_from((u, v) for u in self.nodes for s, v in self.steps(u) if s is Step.OUT)
        return g

    def directed_cycle(self) -> list[str]:
        try:
            return [u for u, _ in nx.find_cycle(self.digraph())]
        except nx.NetworkXNoCycle:
            return []

    def topological_order(self) -> list[str]:
        """A deterministic topological order (ties broken by the node order)."""
        rank = {n: i for i, n in enumerate(self.nodes)}
        return list(nx.lexicographical_topological_sort(self.digraph(), key=rank.__getitem__))

    # ------------------------------------------------------------ derived graphs
    def _filtered(self, keep) -> "MixedGraph":
        edges = [(u, s, v) for u in self.nodes for s, v in self.steps(u) if keep(u, s, v)]
        return MixedGraph.from_edges(self.nodes, edges, self.latent)

    def induced(self, nodes: Iterable[str]) -> "MixedGraph":
        keep = set(nodes)
        edges = [(u, s, v) for u in self.nodes if u in keep for s, v in self.steps(u) if v in keep]
        return MixedGraph.from_edges([n for n in self.nodes if n in keep], edges, self.latent & keep)

    def without_outgoing(self, nodes: Iterable[str]) -> "MixedGraph":
        """Remove the directed edges out of ``nodes`` (the graph G with X's arrows cut off)."""
        cut = set(nodes)
        return self._filtered(lambda u, s, v: not ((s is Step.OUT and u in cut) or (s is Step.IN and v in cut)))

    def without_incoming(self, nodes: Iterable[str]) -> "MixedGraph":
        """Remove every edge with an arrowhead at ``nodes`` (directed into them and ``<->``)."""
        cut = set(nodes)
        return self._filtered(lambda u, s, v: not ((s.arrow_at_next and v in cut) or (s.arrow_at_current and u in cut)))
