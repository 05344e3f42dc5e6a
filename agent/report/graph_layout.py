"""A deterministic layered layout for causal graphs: causes left, effects right.

Layers come from the directed (and arrow-headed partial) edges by longest path; nodes
joined only by undirected or bidirected edges sit one layer after their neighbours; within
a layer nodes are ordered by the barycentre of their neighbours (a few sweeps) to cut
crossings. Positions are in inches, so the figure can be sized to fit the drawing."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from memory.graph import CausalGraph

Y_GAP = 0.85     # inches between nodes of a layer
X_GAP = 1.0      # inches between the widest boxes of neighbouring layers
CHAR_W = 0.085   # inches per character at 10 pt
BOX_H = 0.36


def box_size(label: str, fontsize: float = 10.0) -> tuple[float, float]:
    """Width and height (inches) of a node's box."""
    return CHAR_W * len(label) * fontsize / 10 + 0.3, BOX_H * fontsize / 10


def _ordering_edges(graph: "CausalGraph") -> list[tuple[str, str]]:
    from memory.graph import Mark

    out = []
    for e in graph.edges:
        if e.u == e.v or e.lag:
            continue
        if e.mark_v == Mark.ARROW and e.mark_u != Mark.ARROW:
            out.append((e.u, e.v))
        elif e.mark_u == Mark.ARROW and e.mark_v != Mark.ARROW:
            out.append((e.v, e.u))
    return out


def layers(graph: "CausalGraph") -> dict[str, int]:
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(graph.nodes)
    g.add_edges_from(_ordering_edges(graph))
    if not nx.is_directed_acyclic_graph(g):
        g = nx.DiGraph()
        g.add_nodes_from(graph.nodes)
    layer: dict[str, int] = {}
    for node in nx.topological_sort(g):
        if g.degree(node):
            layer[node] = 1 + max((layer[p] for p in g.predecessors(node)), default=-1)
    neighbours = {n: set() for n in graph.nodes}
    for e in graph.edges:
        if e.u != e.v and e.u in neighbours and e.v in neighbours:
            neighbours[e.u].add(e.v)
            neighbours[e.v].add(e.u)
    pending = [n for n in graph.nodes if n not in layer]
    while pending:  # nodes joined only by undirected/bidirected edges
        progress = False
        for node in list(pending):
            known = [layer[m] for m in neighbours[node] if m in layer]
            if known:
                layer[node] = max(known) + 1 if len(known) == 1 else round(sum(known) / len(known))
                pending.remove(node)
                progress = True
        if not progress:
            layer[pending.pop(0)] = 0
    return layer


def _neighbours(graph: "CausalGraph") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {n: [] for n in graph.nodes}
    for e in graph.edges:
        if e.u != e.v and e.u in out and e.v in out:
            out[e.u].append(e.v)
            out[e.v].append(e.u)
    return out


def layout(graph: "CausalGraph", fontsize: float = 10.0) -> dict[str, tuple[float, float]]:
    """{node: (x, y)} in inches; y grows upwards, each layer centred on y = 0."""
    layer = layers(graph)
    columns: dict[int, list[str]] = {}
    for node in sorted(graph.nodes, key=lambda n: (layer[n], str(n))):
        columns.setdefault(layer[node], []).append(node)
    keys = sorted(columns)
    nbrs = _neighbours(graph)
    rank = {n: i for col in columns.values() for i, n in enumerate(col)}
    for sweep in range(4):
        order = keys[1:] if sweep % 2 == 0 else list(reversed(keys[:-1]))
        for k in order:
            def centre(node: str) -> float:
                near = [rank[m] - (len(columns[layer[m]]) - 1) / 2 for m in nbrs[node] if layer[m] != k]
                return sum(near) / len(near) if near else rank[node] - (len(columns[k]) - 1) / 2
            columns[k].sort(key=lambda n: (centre(n), str(n)))
            rank.update({n: i for i, n in enumerate(columns[k])})
    pos: dict[str, tuple[float, float]] = {}
    x = 0.0
    previous_half = 0.0
    for i, k in enumerate(keys):
        half = max(box_size(str(n), fontsize)[0] for n in columns[k]) / 2
        if i:
            x += previous_half + X_GAP + half
        previous_half = half
        col = columns[k]
        for j, node in enumerate(col):
            stagger = 0.12 if (len(col) > 1 and i % 2) else 0.0  # keeps long edges off node centres
            pos[node] = (x, ((len(col) - 1) / 2 - j) * Y_GAP + stagger)
    return pos
