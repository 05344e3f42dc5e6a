"""Conversions from causal-learn outputs to ``CausalGraph``.

causal-learn's endpoint matrix ``G`` stores, for the edge between nodes i and j, the
mark at i in ``G[i, j]`` and the mark at j in ``G[j, i]`` (codes: -1 tail, 1 arrow,
2 circle): ``G[i, j] = -1, G[j, i] = 1`` is ``i --> j`` (see
``GeneralGraph.add_directed_edge``). We decode it here rather than through
``CausalGraph.from_causallearn`` so the reading is pinned by our own tests.
"""

from __future__ import annotations

import numpy as np

from memory.graph import CausalGraph, GraphError, GraphType, Mark

_CODE = {-1: Mark.TAIL, 1: Mark.ARROW, 2: Mark.CIRCLE}


def set_edge(graph: CausalGraph, u: str, v: str, mark_u: Mark, mark_v: Mark) -> None:
    """Add an edge, storing a directed one as cause --> effect. ``CausalGraph`` only
    counts an edge as directed when its tail is at ``u`` (``Edge.is_directed``), so an
    edge stored as u <-- v would be missed by ``directed_edges`` and cycle checks."""
    if mark_u == Mark.ARROW and mark_v == Mark.TAIL:
        graph.add_edge(v, u, Mark.TAIL, Mark.ARROW)
    else:
        graph.add_edge(u, v, mark_u, mark_v)


def graph_from_endpoint_matrix(matrix, names: list[str], graph_type: GraphType) -> CausalGraph:
    """A graph from a causal-learn endpoint matrix (or an object with ``.graph``).

    Conflicting double edges that causal-learn encodes with codes 3-6 are not produced
    by the algorithms we wrap; they raise rather than being guessed."""
    m = np.asarray(getattr(matrix, "graph", matrix))
    if m.shape != (len(names), len(names)):
        raise GraphError(f"Endpoint matrix shape {m.shape} does not match {len(names)} names.")
    graph = CausalGraph(nodes=list(names), graph_type=graph_type)
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            a, b = int(m[i, j]), int(m[j, i])  # mark at i, mark at j
            if a == 0 and b == 0:
                continue
            if a not in _CODE or b not in _CODE:
                raise GraphError(f"Unknown causal-learn edge code ({a}, {b}) between {names[i]} and {names[j]}.")
            set_edge(graph, names[i], names[j], _CODE[a], _CODE[b])
    graph.graph_type = graph_type
    return graph


def dag_from_weights(weights, names: list[str], tol: float = 0.0) -> CausalGraph:
    """A DAG from a LiNGAM weight matrix ``B`` where ``B[i, j] != 0`` means j --> i."""
    B = np.asarray(weights, dtype=float)
    graph = CausalGraph(nodes=list(names), graph_type=GraphType.DAG)
    for i in range(len(names)):
        for j in range(len(names)):
            if i != j and abs(B[i, j]) > tol:
                graph.add_edge(names[j], names[i])
    graph.graph_type = GraphType.DAG
    return graph


def dag_from_adjacency(adj, names: list[str]) -> CausalGraph:
    """A DAG from a 0/1 adjacency matrix where ``adj[i, j] == 1`` means i --> j."""
    A = np.asarray(adj)
    graph = CausalGraph(nodes=list(names), graph_type=GraphType.DAG)
    for i, j in zip(*np.nonzero(A)):
        if i != j:
            graph.add_edge(names[int(i)], names[int(j)])
    graph.graph_type = GraphType.DAG
    return graph
