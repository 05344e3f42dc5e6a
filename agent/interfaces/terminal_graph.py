"""Draw a causal graph in the terminal with Unicode arrows, layered from causes to effects.

    Layer 1: V, Z
    Layer 2: X, W
    ...
      Z ──▶ X
      Z ─── W    direction not decided by the data
      X ◀──▶ Y   hidden common cause
      A o──▶ B   circle end undetermined (PAG)

Edges are listed by the layer of their first node, so reading down follows the causal
order; a legend names only the edge kinds that occur."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from memory.graph import CausalGraph, Edge

LEFT = {"tail": "─", "arrow": "◀", "circle": "o"}
RIGHT = {"tail": "─", "arrow": "▶", "circle": "o"}
KIND_NOTES = {
    "directed": "causes",
    "undirected": "direction not decided by the data",
    "bidirected": "hidden common cause",
    "partial": "circle end undetermined (PAG)",
}


def edge_text(edge: "Edge") -> str:
    """'Z ──▶ X', 'Z ─── W', 'X ◀──▶ Y', 'A o──▶ B' (lagged edges say so)."""
    left = LEFT[edge.mark_u.value]
    right = RIGHT[edge.mark_v.value]
    middle = "─" if "tail" in (edge.mark_u.value, edge.mark_v.value) else "──"
    lag = f"  (lag {edge.lag})" if edge.lag else ""
    return f"{edge.u} {left}{middle}{right} {edge.v}{lag}"


def layers(graph: "CausalGraph") -> list[list[str]]:
    """Nodes grouped by longest directed path from a root (cycles and undirected parts
    fall back to one layer); names sorted within a layer."""
    import networkx as nx

    digraph = graph.directed_digraph()
    depth: dict[str, int] = {}
    try:
        for node in nx.topological_sort(digraph):
            depth[node] = 1 + max((depth[p] for p in digraph.predecessors(node)), default=-1)
    except nx.NetworkXUnfeasible:
        depth = {n: 0 for n in graph.nodes}
    out: list[list[str]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    for node in graph.nodes:
        out[depth.get(node, 0)].append(node)
    return [sorted(layer) for layer in out if layer]


def render_graph(graph: "CausalGraph", key: str | None = None) -> str:
    """A readable multi-line text drawing of ``graph``."""
    order = {n: i for i, layer in enumerate(layers(graph)) for n in layer}
    title = f"{graph.graph_type.value.upper()} over {len(graph.nodes)} variables"
    title += f" — stored as {key}" if key else ""
    lines = [title]
    for i, layer in enumerate(layers(graph), start=1):
        lines.append(f"  Layer {i}: {', '.join(layer)}")
    edges = sorted(graph.edges, key=lambda e: (e.lag, order.get(e.u, 0), e.u, order.get(e.v, 0), e.v))
    width = max((len(edge_text(e)) for e in edges), default=0)
    if edges:
        lines.append("")
    for e in edges:
        note = KIND_NOTES[e.kind] if e.kind != "directed" else ""
        lines.append(f"  {edge_text(e).ljust(width)}   {note}".rstrip())
    if not edges:
        lines.append("  (no edges: the data show no dependence between these variables)")
    touched = {n for e in graph.edges for n in (e.u, e.v)}
    isolated = [n for n in graph.nodes if n not in touched]
    if edges and isolated:
        lines.append(f"  Not connected: {', '.join(sorted(isolated))}")
    if graph.latent:
        lines.append(f"  Unobserved (latent): {', '.join(sorted(graph.latent))}")
    kinds = sorted({e.kind for e in graph.edges})
    if kinds:
        legend = "; ".join(f"{_symbol(k)} {KIND_NOTES[k]}" for k in kinds)
        lines += ["", f"  Legend: {legend}"]
    return "\n".join(lines)


def _symbol(kind: str) -> str:
    return {"directed": "──▶", "undirected": "───", "bidirected": "◀──▶", "partial": "o──▶/o──o"}[kind]
