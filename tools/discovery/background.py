"""Background knowledge for discovery: native causal-learn forms, and a post-hoc check
that enforces it on any algorithm's output and records every conflict with the data.

Assumption: the user's knowledge is correct. Where data and knowledge disagree the
knowledge wins and the conflict is reported (never silently).
"""

from __future__ import annotations

import numpy as np

from memory.graph import CausalGraph, GraphType, Mark
from tools.discovery.convert import set_edge
from tools.discovery.cpdag import meek_closure, undirect_cycles
from tools.knowledge import Knowledge


def restrict(knowledge: Knowledge, names: list[str]) -> Knowledge:
    """The part of ``knowledge`` that mentions only variables in ``names``."""
    keep = set(names)
    return Knowledge(required=[p for p in knowledge.required if set(p) <= keep],
                     forbidden=[p for p in knowledge.forbidden if set(p) <= keep],
                     tiers=[[v for v in t if v in keep] for t in knowledge.tiers],
                     sources=list(knowledge.sources))


def causallearn_background(knowledge: Knowledge, names: list[str]):
    """causal-learn ``BackgroundKnowledge`` over internal node names X1..Xp (causal-learn's
    default names for column i is ``X{i+1}``); None when there is nothing to add."""
    if knowledge.is_empty():
        return None
    from causallearn.graph.GraphNode import GraphNode
    from causallearn.utils.PCUtils.BackgroundKnowledge import BackgroundKnowledge

    from tools.discovery.stable_hash import pin_causallearn_node_hash

    pin_causallearn_node_hash()

    node = {n: GraphNode(f"X{i + 1}") for i, n in enumerate(names)}
    bk = BackgroundKnowledge()
    for a, b in knowledge.forbidden:
        if a in node and b in node:
            bk.add_forbidden_by_node(node[a], node[b])
    for a, b in knowledge.required:
        if a in node and b in node:
            bk.add_required_by_node(node[a], node[b])
    for t, tier in enumerate(knowledge.tiers):
        for v in tier:
            if v in node:
                bk.add_node_to_tier(node[v], t)
    return bk


def lingam_prior(knowledge: Knowledge, names: list[str]) -> np.ndarray | None:
    """LiNGAM prior-knowledge matrix: ``pk[i, j] = 0`` excludes j as a cause of i (used by
    causal-learn's DirectLiNGAM both for the causal order and for pruning), 1 requires a
    path j ~> i, -1 unknown. Forbidden direct edges and tiers both give 0."""
    if knowledge.is_empty():
        return None
    p = len(names)
    pk = -np.ones((p, p), dtype=int)
    for i, effect in enumerate(names):
        for j, cause in enumerate(names):
            if i != j and knowledge.forbids(cause, effect):
                pk[i, j] = 0
            elif i != j and knowledge.requires(cause, effect):
                pk[i, j] = 1
    return pk


def enforce_knowledge(graph: CausalGraph, knowledge: Knowledge) -> list[str]:
    """Make ``graph`` agree with ``knowledge`` in place; return one note per conflict.

    Forbidden ``a -> b``: a directed a --> b is reversed, an undirected/partial edge gets an
    arrowhead at a; both directions forbidden removes the edge. Required ``a -> b``: the edge
    is set to a --> b (added if the data found none). CPDAGs are then closed under Meek's
    rules; a directed cycle left by conflicting knowledge is undirected and reported."""
    if knowledge.is_empty():
        return []
    notes: list[str] = []
    for e in list(graph.edges):
        if e.lag:
            continue
        u, v = e.u, e.v
        fwd, bwd = knowledge.forbids(u, v), knowledge.forbids(v, u)
        if fwd and bwd:
            graph.remove_edge(u, v)
            notes.append(f"removed {e.text()}: knowledge forbids both directions")
        elif fwd or bwd:
            a, b = (u, v) if fwd else (v, u)  # a -> b is forbidden
            _forbid_direction(graph, a, b, notes)
    for a, b in knowledge.required:
        if a not in graph.nodes or b not in graph.nodes:
            continue
        e = graph.edge(a, b)
        if e is None:
            notes.append(f"added required {a} --> {b}: the data did not show this edge")
        elif e.is_directed:
            continue
        elif e.mark_u == Mark.ARROW and e.mark_v == Mark.TAIL or e.is_bidirected:
            notes.append(f"set required {a} --> {b}: the data gave {e.text()}")
        graph.add_edge(a, b, Mark.TAIL, Mark.ARROW)
    if graph.graph_type in (GraphType.CPDAG, GraphType.DAG):
        meek_closure(graph)
    required = {tuple(p) for p in knowledge.required}
    notes += undirect_cycles(graph, keep=required)
    return notes


def _forbid_direction(graph: CausalGraph, a: str, b: str, notes: list[str]) -> None:
    e = graph.edge(a, b)
    if e is None:
        return
    if graph.graph_type == GraphType.PAG:
        if e.mark_u == Mark.ARROW:
            return
        # An arrowhead at a says a is not a cause of b; b's end stays undecided.
        mark_b = Mark.CIRCLE if e.is_directed else e.mark_v
        set_edge(graph, a, b, Mark.ARROW, mark_b)
        if e.is_directed:
            notes.append(f"changed {e.text()} to {b} {'o' if mark_b == Mark.CIRCLE else '<'}-> {a}: "
                         f"knowledge forbids {a} -> {b}")
    elif e.is_directed:
        graph.add_edge(b, a)
        notes.append(f"reversed {a} --> {b} to {b} --> {a}: knowledge forbids {a} -> {b}")
    elif e.is_undirected:
        graph.add_edge(b, a)
