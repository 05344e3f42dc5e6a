"""The DAGs a partially oriented graph stands for, and the edge-mark logic of PAGs.

A CPDAG (or any PDAG) stands for its consistent extensions: the DAGs that keep every
directed edge, orient every undirected edge, and add no directed cycle and no new
v-structure. An answer is definite only when it holds in all of them. PAGs (circle
marks) are read through their marks instead: a tail is definite, an arrowhead is
definite, a circle could be either.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import networkx as nx

from memory.graph import CausalGraph, Edge, Mark

MAX_DAGS = 4096  # stop enumerating beyond this many member DAGs
MAX_SEARCH_STEPS = 200_000

Children = dict[str, frozenset[str]]


@dataclass
class Members:
    """Every DAG the graph stands for (``dags``), or None with ``reason`` when the graph
    must be read through its marks (PAGs, mixed graphs, classes too large to list)."""

    dags: list[Children] | None
    reason: str

    @property
    def exact(self) -> bool:
        return self.dags is not None


def _children_map(nodes: Iterable[str], arcs: Iterable[tuple[str, str]]) -> Children:
    out: dict[str, set[str]] = {n: set() for n in nodes}
    for u, v in arcs:
        out[u].add(v)
    return {n: frozenset(c) for n, c in out.items()}


def members(g: CausalGraph) -> Members:
    """The member DAGs of a DAG/ADMG (one: its directed part), of a CPDAG/PDAG (its consistent
    extensions, when at most MAX_DAGS), or None for graphs with circle marks. Cached per
    graph structure, so repeated queries on one graph enumerate once."""
    live = tuple(sorted((e for e in g.edges if not e.lag), key=lambda e: (e.u, e.v)))
    return _members(tuple(g.nodes), tuple((e.u, e.v, e.mark_u, e.mark_v) for e in live))


@lru_cache(maxsize=32)
def _members(nodes: tuple[str, ...], marks: tuple[tuple[str, str, Mark, Mark], ...]) -> Members:
    g = CausalGraph(list(nodes), [Edge(u, v, mu, mv) for u, v, mu, mv in marks])
    live = g.edges
    if any(e.has_circle for e in live) or (any(e.is_undirected for e in live) and any(e.is_bidirected for e in live)):
        return Members(None, "the graph has partially oriented edges (a PAG); answers follow its edge marks")
    if not any(e.is_undirected for e in live):
        return Members([_children_map(g.nodes, g.directed_edges())], "the graph is fully oriented")
    dags = consistent_extensions(g.nodes, g.directed_edges(), g.undirected_edges())
    if dags is None:
        return Members(None, f"the graph has too many orientations to list (> {MAX_DAGS}); "
                             f"answers follow directed paths only")
    if not dags:
        return Members([], "no DAG is consistent with this graph (orienting its undirected edges would need "
                           "a directed cycle or a new v-structure)")
    return Members(dags, f"{len(dags)} DAG(s) are consistent with the graph")


def consistent_extensions(nodes: list[str], directed: list[tuple[str, str]],
                          undirected: list[tuple[str, str]]) -> list[Children] | None:
    """All DAGs extending a PDAG without new v-structures or cycles (backtracking over the
    undirected edges); None when there are more than MAX_DAGS or the search is too long."""
    dag = nx.DiGraph()
    dag.add_nodes_from(nodes)
    dag.add_edges_from(directed)
    if not nx.is_directed_acyclic_graph(dag):
        return []
    adjacent = {frozenset(e) for e in directed} | {frozenset(e) for e in undirected}
    order = _search_order(undirected)
    found: list[Children] = []
    steps = [0]

    def extend(i: int) -> bool:
        steps[0] += 1
        if steps[0] > MAX_SEARCH_STEPS or len(found) > MAX_DAGS:
            return False
        if i == len(order):
            found.append({n: frozenset(dag.successors(n)) for n in dag.nodes})
            return True
        a, b = order[i]
        for u, v in ((a, b), (b, a)):
            if nx.has_path(dag, v, u):
                continue
            if any(q != u and frozenset((q, u)) not in adjacent for q in dag.predecessors(v)):
                continue  # u -> v <- q with u, q non-adjacent would be a new v-structure
            dag.add_edge(u, v)
            ok = extend(i + 1)
            dag.remove_edge(u, v)
            if not ok:
                return False
        return True

    return found if extend(0) else None


def _search_order(undirected: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Undirected edges in breadth-first order, so that conflicts are found early."""
    ug = nx.Graph(list(undirected))
    order: list[tuple[str, str]] = []
    for comp in nx.connected_components(ug):
        start = min(comp)
        order.extend(nx.bfs_edges(ug, start))
        seen = {frozenset(e) for e in order}
        order.extend(e for e in ug.subgraph(comp).edges if frozenset(e) not in seen)
    return order


def one_extension(nodes: list[str], directed: list[tuple[str, str]],
                  undirected: list[tuple[str, str]]) -> nx.DiGraph | None:
    """One consistent extension of a PDAG (Dor & Tarsi 1992), or None if there is none."""
    remaining = set(nodes)
    arcs = set(directed)
    und = {frozenset(e) for e in undirected}
    adj = {frozenset(e) for e in directed} | und
    out = nx.DiGraph()
    out.add_nodes_from(nodes)
    out.add_edges_from(directed)
    while remaining:
        for v in sorted(remaining):
            if any((v, w) in arcs for w in remaining):
                continue  # v must be a sink among the remaining nodes
            und_nb = [w for w in remaining if frozenset((v, w)) in und]
            neighbours = set(und_nb) | {w for w in remaining if (w, v) in arcs}
            if all(frozenset((w, a)) in adj for w in und_nb for a in neighbours if a != w):
                out.add_edges_from((w, v) for w in und_nb)
                remaining.discard(v)
                break
        else:
            return None
    return out if nx.is_directed_acyclic_graph(out) else None


# ------------------------------------------------------------------ marks (PAG reading)
def can_point(e: Edge) -> bool:
    """Could ``e`` (seen from e.u) be a directed edge e.u -> e.v in some member graph?"""
    if e.mark_u == Mark.ARROW:
        return False
    return e.mark_v != Mark.TAIL or e.mark_u == Mark.TAIL


def reach(g: CausalGraph, start: str, forward: bool, possible: bool, avoid: Iterable[str] = ()) -> set[str]:
    """Nodes reached from ``start`` along directed edges (``possible=False``) or along
    edges that could be directed that way (``possible=True``), never entering ``avoid``."""
    blocked = set(avoid)
    seen: set[str] = set()
    frontier = [start]
    while frontier:
        node = frontier.pop()
        for e in g.incident(node):
            step = e if forward else e.reversed()  # step.u is the tail side of the move
            ok = step.is_directed if not possible else can_point(step)
            if ok and e.v not in seen and e.v not in blocked and e.v != start:
                seen.add(e.v)
                frontier.append(e.v)
    return seen


def dag_reach(children: Children, start: str, avoid: Iterable[str] = ()) -> set[str]:
    """Descendants of ``start`` in a member DAG, never entering ``avoid``."""
    blocked = set(avoid)
    seen: set[str] = set()
    frontier = [start]
    while frontier:
        for c in children[frontier.pop()]:
            if c not in seen and c not in blocked:
                seen.add(c)
                frontier.append(c)
    return seen


def dag_path(children: Children, start: str, end: str, avoid: Iterable[str] = ()) -> list[str] | None:
    """A shortest directed path start -> … -> end in a member DAG, not entering ``avoid``."""
    prev: dict[str, str] = {}
    frontier, seen = [start], {start, *avoid}
    while frontier:
        nxt = []
        for u in frontier:
            for c in sorted(children[u]):
                if c in seen:
                    continue
                prev[c] = u
                seen.add(c)
                if c == end:
                    path = [end]
                    while path[-1] != start:
                        path.append(prev[path[-1]])
                    return path[::-1]
                nxt.append(c)
        frontier = nxt
    return None


def directed_children(g: CausalGraph) -> Children:
    """Children along the directed (-->) edges of any graph."""
    return {n: frozenset(g.children(n)) for n in g.nodes}


def dag_parents(children: Children) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {n: set() for n in children}
    for u, cs in children.items():
        for c in cs:
            parents[c].add(u)
    return parents


def separation_dag(g: CausalGraph) -> tuple[nx.DiGraph | None, str]:
    """A DAG whose d-separations are those of ``g``: the graph itself; one consistent
    extension of a CPDAG (all members share d-separations); or, for ADMGs and PAGs, a
    (maximal ancestral) graph with a latent node for each bidirected edge. None + reason
    when no such graph can be built."""
    live = [e for e in g.edges if not e.lag]
    directed = g.directed_edges()
    if any(e.is_undirected for e in live) and (any(e.has_circle or e.is_bidirected for e in live)):
        return None, "the graph mixes undirected edges with bidirected or circle edges; orient it first"
    if any(e.has_circle for e in live):
        mag, why = _pag_to_mag(g)
        if mag is None:
            return None, why
        directed, bidirected = mag
        note = "read on one MAG of the PAG (Zhang 2008); all share the same m-separations"
    else:
        bidirected = g.bidirected_edges()
        note = "d-separation in the DAG"
        if g.undirected_edges():
            ext = one_extension(g.nodes, directed, g.undirected_edges())
            if ext is None:
                return None, "no DAG is consistent with this CPDAG"
            directed = list(ext.edges)
            note = "every DAG of a CPDAG's class has the same d-separations; checked on one of them"
        elif bidirected:
            note = "m-separation: each A <-> B read as a hidden common cause of A and B"
    dag = nx.DiGraph()
    dag.add_nodes_from(g.nodes)
    dag.add_edges_from(directed)
    for u, v in bidirected:
        hidden = f"__latent__{u}__{v}"
        dag.add_edges_from([(hidden, u), (hidden, v)])
    if not nx.is_directed_acyclic_graph(dag):
        return None, "the graph has a directed cycle, so d-separation is not defined"
    return dag, note


def _pag_to_mag(g: CausalGraph) -> tuple[tuple[list[tuple[str, str]], list[tuple[str, str]]] | None, str]:
    """Zhang (2008): o-> becomes ->, and the o-o part is oriented as a DAG without unshielded
    colliders; returns (directed, bidirected) edges, or None when the PAG has other circle
    edges or the result is not ancestral."""
    directed, bidirected, circles = list(g.directed_edges()), list(g.bidirected_edges()), []
    for e in g.partial_edges():
        marks = (e.mark_u, e.mark_v)
        if marks == (Mark.CIRCLE, Mark.ARROW):
            directed.append((e.u, e.v))
        elif marks == (Mark.ARROW, Mark.CIRCLE):
            directed.append((e.v, e.u))
        elif marks == (Mark.CIRCLE, Mark.CIRCLE):
            circles.append((e.u, e.v))
        else:
            return None, f"the edge {e.text()} (circle with tail) suggests selection bias; m-separation not read"
    ext = one_extension(g.nodes, [], circles) if circles else nx.DiGraph(circles)
    if ext is None:
        return None, "the circle edges of the PAG cannot be oriented without new colliders"
    directed += list(ext.edges)
    dg = nx.DiGraph(directed)
    dg.add_nodes_from(g.nodes)
    if not nx.is_directed_acyclic_graph(dg):
        return None, "the PAG's arrowheads form a directed cycle"
    for u, v in bidirected:
        if u in nx.ancestors(dg, v) or v in nx.ancestors(dg, u):
            return None, f"{u} <-> {v} lies on an almost directed cycle; the PAG is not valid"
    return (directed, bidirected), ""
