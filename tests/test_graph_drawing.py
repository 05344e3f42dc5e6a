"""Issue 20: graph pictures fit — every curved edge stays inside the frame, the legend sits
below the nodes, and the treatment and outcome are coloured."""

from __future__ import annotations

from matplotlib.colors import to_rgb

from agent.report.graph_drawing import FONT, ROLE_STYLE, _bulge, _edge_curves, draw_graph
from agent.report.graph_layout import box_size, layout
from memory.graph import CausalGraph


def chain_with_long_edges(n: int = 12) -> CausalGraph:
    edges = [f"V{i} -> V{i + 1}" for i in range(n - 1)] + [f"V0 -> V{n - 1}", f"V1 -> V{n - 2}", "V2 -> V9"]
    return CausalGraph.from_edge_list(edges)


def test_every_curve_is_inside_the_frame():
    graph = chain_with_long_edges()
    fig = draw_graph(graph, roles={"V0": "treatment", "V11": "outcome"})
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    pos = layout(graph, FONT)
    halves = {n: (box_size(str(n), FONT)[0] / 2, box_size(str(n), FONT)[1] / 2) for n in graph.nodes}
    curves = _edge_curves(graph, pos, halves)
    assert any(abs(rad) > 0 for _, rad in curves)  # the case needs curved edges
    for edge, rad in curves:
        x, y = _bulge(pos[edge.u], pos[edge.v], rad)
        assert x0 <= x <= x1 and y0 <= y <= y1, (edge.text(), x, y)


def test_treatment_and_outcome_are_coloured_and_named_in_the_legend():
    fig = draw_graph(chain_with_long_edges(), roles={"V0": "treatment", "V11": "outcome"})
    ax = fig.axes[0]
    faces = {tuple(round(c, 3) for c in p.get_facecolor()[:3]) for p in ax.patches}
    for role in ("treatment", "outcome"):
        assert tuple(round(c, 3) for c in to_rgb(ROLE_STYLE[role][0])) in faces
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "treatment" in labels and "outcome" in labels
