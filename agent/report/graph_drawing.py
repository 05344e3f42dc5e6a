"""Draw a causal graph with matplotlib (no graphviz): boxes sized to their labels, edges
clipped at the boxes, end marks drawn as arrowheads (>) or small circles (o), node roles
(treatment, outcome, adjusted, latent) coloured, bootstrap confidence on the edges, and a
legend for what is present."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from agent.report.graph_layout import box_size, layout

if TYPE_CHECKING:
    from memory.graph import CausalGraph, Edge

EDGE_STYLE = {  # kind -> (colour, line style, legend label)
    "directed": ("#1f4e79", "solid", "A → B: A causes B"),
    "undirected": ("#6b6b6b", "solid", "A — B: direction not decided by the data"),
    "bidirected": ("#b03a2e", "dashed", "A ↔ B: hidden common cause"),
    "partial": ("#9a7d0a", "dotted", "A o→ B: circle end undetermined"),
}
ROLE_STYLE = {  # role -> (face colour, legend label)
    "treatment": ("#f9d9b5", "treatment"),
    "outcome": ("#cfe8cf", "outcome"),
    "adjusted": ("#e3d7f0", "adjusted for"),
    "subject": ("#f9d9b5", "asked about"),
    "node": ("#dbe9f6", None),
    "latent": ("#f2f2f2", "unobserved (latent)"),
}
FONT = 10.0
MARGIN = 0.35
CIRCLE_R = 0.055


def _clip(a: tuple[float, float], b: tuple[float, float], half: tuple[float, float]) -> tuple[float, float]:
    """The point where the segment from box centre ``a`` towards ``b`` leaves the box."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return a
    t = min(half[0] / abs(dx) if dx else math.inf, half[1] / abs(dy) if dy else math.inf)
    gap = 0.04 / math.hypot(dx, dy)
    return a[0] + dx * (t + gap), a[1] + dy * (t + gap)


def _arrowstyle(edge: "Edge") -> str:
    from memory.graph import Mark

    left = "<|" if edge.mark_u == Mark.ARROW else ""
    right = "|>" if edge.mark_v == Mark.ARROW else ""
    return f"{left}-{right}"


def _control(a: tuple[float, float], b: tuple[float, float], rad: float) -> tuple[float, float]:
    """The control point matplotlib's ``arc3`` connection uses for curvature ``rad``."""
    return (a[0] + b[0]) / 2 + rad * (b[1] - a[1]), (a[1] + b[1]) / 2 - rad * (b[0] - a[0])


def _crossings(a, b, rad: float, boxes: dict[str, tuple[tuple[float, float], tuple[float, float]]]) -> int:
    """How many sample points of the curve from a to b fall inside the given boxes."""
    c = _control(a, b, rad)
    hits = 0
    for i in range(1, 24):
        t = i / 24
        x = (1 - t) ** 2 * a[0] + 2 * t * (1 - t) * c[0] + t ** 2 * b[0]
        y = (1 - t) ** 2 * a[1] + 2 * t * (1 - t) * c[1] + t ** 2 * b[1]
        hits += sum(abs(x - cx) <= hw + 0.06 and abs(y - cy) <= hh + 0.06 for (cx, cy), (hw, hh) in boxes.values())
    return hits


def choose_rad(edge: "Edge", pos, halves, base: float) -> float:
    """The curvature closest to ``base`` whose curve avoids the other nodes' boxes."""
    others = {n: (pos[n], halves[n]) for n in pos if n not in (edge.u, edge.v)}
    best, best_hits = base, None
    for delta in (0.0, 0.2, -0.2, 0.35, -0.35, 0.5, -0.5, 0.75, -0.75, 1.0, -1.0):
        hits = _crossings(pos[edge.u], pos[edge.v], base + delta, others)
        if best_hits is None or hits < best_hits:
            best, best_hits = base + delta, hits
        if hits == 0:
            break
    return best


def _draw_edge(ax, edge: "Edge", pos, halves, rad: float) -> None:
    from matplotlib.patches import Circle, FancyArrowPatch

    from memory.graph import Mark

    colour, style, _ = EDGE_STYLE[edge.kind]
    a, b = pos[edge.u], pos[edge.v]
    c = _control(a, b, rad)
    pa, pb = _clip(a, c, halves[edge.u]), _clip(b, c, halves[edge.v])
    for end, point, toward in ((edge.mark_u, "a", c), (edge.mark_v, "b", c)):
        if end != Mark.CIRCLE:
            continue
        p = pa if point == "a" else pb
        d = math.hypot(toward[0] - p[0], toward[1] - p[1]) or 1.0
        ux, uy = (toward[0] - p[0]) / d, (toward[1] - p[1]) / d
        ax.add_patch(Circle((p[0] + ux * CIRCLE_R, p[1] + uy * CIRCLE_R), CIRCLE_R, fc="white", ec=colour, lw=1.3,
                            zorder=3))
        moved = (p[0] + 2 * ux * CIRCLE_R, p[1] + 2 * uy * CIRCLE_R)
        pa, pb = (moved, pb) if point == "a" else (pa, moved)
    ax.add_patch(FancyArrowPatch(pa, pb, arrowstyle=_arrowstyle(edge), mutation_scale=14, color=colour,
                                 linestyle=style, linewidth=1.5, shrinkA=0, shrinkB=0, zorder=2,
                                 connectionstyle=f"arc3,rad={rad}"))
    labels = []
    if edge.confidence is not None:
        labels.append(f"{edge.confidence:.0%}")
    if edge.lag:
        labels.append(f"lag {edge.lag}")
    if labels:
        cc = _control(pa, pb, rad)
        mx, my = 0.25 * pa[0] + 0.5 * cc[0] + 0.25 * pb[0], 0.25 * pa[1] + 0.5 * cc[1] + 0.25 * pb[1]
        ax.text(mx, my, ", ".join(labels), fontsize=7.5, color=colour, ha="center", va="center", zorder=4,
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.9})


def _self_loop_note(graph: "CausalGraph") -> list[str]:
    return [e.text() for e in graph.edges if e.u == e.v]


def _edge_curves(graph: "CausalGraph", pos, halves) -> list[tuple["Edge", float]]:
    """Every drawable edge with its curvature (parallel edges between one pair fan out)."""
    curves, pair_count = [], {}
    for edge in sorted(graph.edges, key=lambda e: (e.lag, str(e.u), str(e.v))):
        if edge.u == edge.v or edge.u not in pos or edge.v not in pos:
            continue
        key = frozenset((edge.u, edge.v))
        k = pair_count.get(key, 0)
        pair_count[key] = k + 1
        base = (0.18 if edge.kind == "bidirected" else 0.0) + 0.22 * k
        curves.append((edge, choose_rad(edge, pos, halves, base)))
    return curves


def _bulge(a: tuple[float, float], b: tuple[float, float], rad: float) -> tuple[float, float]:
    """The point of a curved edge farthest from its chord (the quadratic Bezier at t = 1/2)."""
    c = _control(a, b, rad)
    return 0.25 * a[0] + 0.5 * c[0] + 0.25 * b[0], 0.25 * a[1] + 0.5 * c[1] + 0.25 * b[1]


def draw_graph(graph: "CausalGraph", roles: dict[str, str] | None = None, title: str | None = None):
    """A matplotlib Figure of ``graph``. ``roles`` maps node -> treatment/outcome/adjusted/subject."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch, Patch

    roles = dict(roles or {})
    pos = layout(graph, FONT)
    halves = {n: (box_size(str(n), FONT)[0] / 2, box_size(str(n), FONT)[1] / 2) for n in graph.nodes}
    curves = _edge_curves(graph, pos, halves)
    xs = [pos[n][0] + s * halves[n][0] for n in pos for s in (-1, 1)] or [0.0]
    ys = [pos[n][1] + s * halves[n][1] for n in pos for s in (-1, 1)] or [0.0]
    for edge, rad in curves:  # a curved edge may bulge past the boxes: the frame must hold it
        x, y = _bulge(pos[edge.u], pos[edge.v], rad)
        xs.append(x)
        ys.append(y)
    kinds = sorted({e.kind for e in graph.edges if e.u != e.v}, key=list(EDGE_STYLE).index)
    used_roles = [r for r in ROLE_STYLE if ROLE_STYLE[r][1] and (r in roles.values() or
                                                                   (r == "latent" and graph.latent))]
    legend_rows = math.ceil((len(kinds) + len(used_roles)) / 2)
    legend_h = 0.18 * legend_rows + (0.1 if legend_rows else 0)
    title_h = 0.35 if title else 0.0
    width = max(max(xs) - min(xs) + 2 * MARGIN, 5.2)
    height = max(ys) - min(ys) + 2 * MARGIN + legend_h + title_h
    fig = plt.figure(figsize=(width, height), dpi=110)
    ax = fig.add_axes((0, 0, 1, 1))
    cx = (max(xs) + min(xs)) / 2
    ax.set_xlim(cx - width / 2, cx + width / 2)
    ax.set_ylim(min(ys) - MARGIN - legend_h, max(ys) + MARGIN + title_h)
    ax.set_aspect("equal")
    ax.axis("off")
    for edge, rad in curves:
        _draw_edge(ax, edge, pos, halves, rad)
    for node, (x, y) in pos.items():
        role = "latent" if node in graph.latent else roles.get(node, "node")
        face = ROLE_STYLE.get(role, ROLE_STYLE["node"])[0]
        w, h = halves[node][0] * 2, halves[node][1] * 2
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.08",
                                    fc=face, ec="#444444", lw=1.0, ls="--" if role == "latent" else "-", zorder=5))
        ax.text(x, y, str(node), ha="center", va="center", fontsize=FONT, zorder=6,
                fontweight="bold" if role in ("treatment", "outcome", "subject") else "normal")
    if title:
        ax.text(cx, max(ys) + MARGIN + title_h / 2, title, ha="center", va="center", fontsize=11)
    handles = [Line2D([], [], color=EDGE_STYLE[k][0], linestyle=EDGE_STYLE[k][1], lw=1.5, label=EDGE_STYLE[k][2])
               for k in kinds]
    handles += [Patch(fc=ROLE_STYLE[r][0], ec="#444444", ls="--" if r == "latent" else "-", label=ROLE_STYLE[r][1])
                for r in used_roles]
    if handles:
        ax.legend(handles=handles, loc="lower center", ncol=2, fontsize=8, frameon=False,
                  bbox_to_anchor=(0.5, 0.0), handlelength=2.2)
    loops = _self_loop_note(graph)
    if loops:
        ax.text(cx, min(ys) - MARGIN / 2, "self-loops: " + "; ".join(loops[:6]), ha="center", fontsize=7.5)
    return fig
