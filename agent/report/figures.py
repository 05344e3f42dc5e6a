"""Figures as PNG bytes, drawn with matplotlib + networkx (no system graphviz):
the causal graph, a forest plot of effect estimates and a bootstrap edge-confidence heatmap.
matplotlib is imported inside each function (it is slow to import)."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from agent.report.fmt import num

if TYPE_CHECKING:
    from memory.graph import CausalGraph

DPI = 110
MAIN, SUBGROUP, CHECK, REFERENCE = "main", "subgroup", "check", "reference"
ROW_COLOUR = {MAIN: "#1f4e79", SUBGROUP: "#2e86c1", CHECK: "#7f7f7f", REFERENCE: "#9a7d0a"}


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.08, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def graph_png(graph: "CausalGraph", title: str | None = None, dpi: int = DPI,
              roles: dict[str, str] | None = None) -> bytes:
    """The causal graph: arrows for -->, plain lines for ---, dashed red <-> for hidden
    confounders, small circles for undetermined ends; labels show bootstrap confidence."""
    from agent.report.graph_drawing import draw_graph

    return _png(draw_graph(graph, roles=roles, title=title))


@dataclass(frozen=True)
class ForestRow:
    """One row of a forest plot; ``low``/``high`` may be None (a point without an interval)."""

    label: str
    estimate: float
    low: float | None = None
    high: float | None = None
    group: str = MAIN


def _finite(*values: Any) -> bool:
    return all(v is not None and math.isfinite(float(v)) for v in values)


def forest_plot_png(rows: Sequence[ForestRow], xlabel: str = "effect", reference: float | None = 0.0) -> bytes:
    """Estimates (dots) with intervals (lines), top to bottom, the value written on the right;
    a dashed line at ``reference`` (no effect) and a dotted one at the main estimate."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in rows if _finite(r.estimate)]
    fig, ax = plt.subplots(figsize=(6.4, 0.42 * max(len(rows), 1) + 1.0))
    main = next((r for r in rows if r.group == MAIN), None)
    for i, row in enumerate(rows):
        y = len(rows) - 1 - i
        colour = ROW_COLOUR.get(row.group, ROW_COLOUR[MAIN])
        if _finite(row.low, row.high):
            ax.plot([row.low, row.high], [y, y], color=colour, linewidth=2.2 if row.group == MAIN else 1.6,
                    solid_capstyle="butt")
        ax.plot([row.estimate], [y], "D" if row.group == MAIN else "o", color=colour,
                markersize=8 if row.group == MAIN else 6)
        text = num(row.estimate) + (f"  [{num(row.low)}, {num(row.high)}]" if _finite(row.low, row.high) else "")
        ax.text(1.02, y, text, transform=ax.get_yaxis_transform(), va="center", fontsize=8.5, color=colour)
    if reference is not None:
        ax.axvline(reference, color="#999999", linewidth=1, linestyle="--", zorder=0)
    if main is not None:
        ax.axvline(main.estimate, color=ROW_COLOUR[MAIN], linewidth=0.8, linestyle=":", zorder=0)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r.label for r in reversed(rows)], fontsize=9)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.tick_params(axis="x", labelsize=8.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def effect_plot_png(rows: list[tuple[str, float, float, float]], title: str = "", dpi: int = DPI) -> bytes:
    """Forest plot from (label, estimate, ci_low, ci_high) tuples (kept for older callers)."""
    return forest_plot_png([ForestRow(label, est, lo, hi) for label, est, lo, hi in rows], xlabel=title or "effect")


def edge_confidence_heatmap_png(probabilities: dict[tuple[str, str], float], nodes: Sequence[str]) -> bytes:
    """Heatmap of bootstrap edge frequencies: row = cause (from), column = effect (to)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    names = [n for n in nodes if any(n in pair for pair in probabilities)]
    index = {n: i for i, n in enumerate(names)}
    matrix = np.zeros((len(names), len(names)))
    for (u, v), p in probabilities.items():
        if u in index and v in index:
            matrix[index[u], index[v]] = p
    side = 0.55 * len(names) + 2.0
    fig, ax = plt.subplots(figsize=(side + 0.8, side))
    image = ax.imshow(matrix, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(names)):
        for j in range(len(names)):
            if matrix[i, j] > 0:
                ax.text(j, i, f"{matrix[i, j]:.0%}", ha="center", va="center", fontsize=8,
                        color="white" if matrix[i, j] > 0.6 else "#1b1b1b")
    ax.set_xticks([i - 0.5 for i in range(1, len(names))], minor=True)
    ax.set_yticks([i - 0.5 for i in range(1, len(names))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.set_xticks(range(len(names)))
    ax.set_yticks(range(len(names)))
    ax.set_xticklabels(names, rotation=45, ha="right", fontsize=9)
    ax.set_yticklabels(names, fontsize=9)
    ax.set_xlabel("effect (edge points to)", fontsize=9)
    ax.set_ylabel("cause (edge starts at)", fontsize=9)
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04).ax.tick_params(labelsize=8)
    return _png(fig)
