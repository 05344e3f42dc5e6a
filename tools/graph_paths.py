"""Paths between two variables: causal (directed) paths and back-door paths, each marked
open or blocked given a conditioning set by the d-separation rules.

Relies on the edge marks: an arrowhead or a tail is definite; an undirected (CPDAG) or
circle (PAG) end could be either, so a path through it is only "possibly" causal and a
node with such an end may or may not be a collider.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import networkx as nx

from memory.graph import CausalGraph, Edge, Mark
from tools.equivalence_class import can_point, reach

MAX_PATH_EDGES = 8
MAX_PATHS_EXAMINED = 5000

_SYMBOL = {(Mark.TAIL, Mark.ARROW): "→", (Mark.ARROW, Mark.TAIL): "←", (Mark.TAIL, Mark.TAIL): "—",
           (Mark.ARROW, Mark.ARROW): "↔", (Mark.CIRCLE, Mark.ARROW): "o→", (Mark.ARROW, Mark.CIRCLE): "←o",
           (Mark.CIRCLE, Mark.CIRCLE): "o-o", (Mark.CIRCLE, Mark.TAIL): "o—", (Mark.TAIL, Mark.CIRCLE): "—o"}


def edge_text(e: Edge) -> str:
    """'A → B', 'A — B', 'A ↔ B', 'A o→ B' … as seen from e.u."""
    return f"{e.u} {_SYMBOL[(e.mark_u, e.mark_v)]} {e.v}"


def path_text(g: CausalGraph, nodes: Sequence[str]) -> str:
    parts = [nodes[0]]
    for a, b in zip(nodes, nodes[1:]):
        parts.append(edge_text(g.edge(a, b)).split(" ", 1)[1])
    return " ".join(parts)


@dataclass(frozen=True)
class PathInfo:
    """One path: ``kind`` is directed | possibly directed | backdoor | possibly backdoor | non-causal;
    ``status`` is 'open', 'blocked …' or 'may be blocked at …'."""

    nodes: tuple[str, ...]
    kind: str
    text: str
    status: str


def list_paths(g: CausalGraph, x: str, y: str, given: Sequence[str] = ()) -> tuple[list[PathInfo], bool]:
    """Causal and back-door paths from x to y (up to MAX_PATH_EDGES edges), shortest first;
    the flag is True when the search stopped early. Other paths (leaving x, meeting a
    collider) are listed as 'non-causal' only when conditioning opens them."""
    skeleton = nx.Graph()
    skeleton.add_nodes_from(g.nodes)
    skeleton.add_edges_from(tuple(p) for p in g.skeleton())
    found: list[PathInfo] = []
    cond = set(given)
    for examined, nodes in enumerate(nx.all_simple_paths(skeleton, x, y, cutoff=MAX_PATH_EDGES)):
        if examined >= MAX_PATHS_EXAMINED:
            return _sorted(found), True
        edges = [g.edge(a, b) for a, b in zip(nodes, nodes[1:])]
        kind, status = path_kind(edges), path_status(g, nodes, edges, cond)
        if kind is None and not status.startswith("blocked"):
            kind = "non-causal"  # leaves x but is opened by conditioning on a collider
        if kind:
            found.append(PathInfo(tuple(nodes), kind, path_text(g, nodes), status))
    return _sorted(found), False


def _sorted(found: list[PathInfo]) -> list[PathInfo]:
    return sorted(found, key=lambda p: (len(p.nodes), p.kind, p.text))


def path_kind(edges: list[Edge]) -> str | None:
    """Classify a path by its marks (edges seen from the x end towards y)."""
    first = edges[0]
    if all(e.is_directed for e in edges):
        return "directed"
    if first.mark_u == Mark.ARROW:
        return "backdoor"
    if all(can_point(e) for e in edges):
        return "possibly directed"
    if first.mark_u == Mark.CIRCLE or first.is_undirected:
        return "possibly backdoor"
    return None


def path_status(g: CausalGraph, nodes: Sequence[str], edges: list[Edge], given: set[str]) -> str:
    """Open or blocked given ``given``: a non-collider in the set blocks; a collider blocks
    unless it or one of its descendants is in the set. An unshielded non-collider is
    definite (a CPDAG/PAG shows every unshielded collider)."""
    uncertain = None
    for i in range(1, len(nodes) - 1):
        b, left, right = nodes[i], edges[i - 1], edges[i]
        collider = (left.mark_v, right.mark_u) == (Mark.ARROW, Mark.ARROW)
        tail = ((left.mark_v == Mark.TAIL and not left.is_undirected)
                or (right.mark_u == Mark.TAIL and not right.is_undirected))
        non_collider = not collider and (tail or g.edge(nodes[i - 1], nodes[i + 1]) is None)
        if collider:
            if b in given or reach(g, b, True, False) & given:
                continue
            if reach(g, b, True, True) & given:
                uncertain = uncertain or b
                continue
            return f"blocked at collider {b}"
        if non_collider:
            if b in given:
                return f"blocked by conditioning on {b}"
            continue
        uncertain = uncertain or b
    return f"may be blocked at {uncertain}" if uncertain else "open"
