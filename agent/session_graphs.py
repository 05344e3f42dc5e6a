"""Graph edits asked for in a conversation, and the difference between two graphs.

Edits work on a copy and check what a causal graph must satisfy (the edge exists before
it is removed or oriented; no directed cycle afterwards). ``diff_graphs`` compares two
graphs pair by pair: added, removed and changed (re-oriented) edges, and the structural
Hamming distance (SHD: one per pair whose edge differs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from memory.graph import CausalGraph, Edge, GraphError, Mark

EDGE_MARKS: dict[str, tuple[Mark, Mark]] = {
    "->": (Mark.TAIL, Mark.ARROW),
    "<->": (Mark.ARROW, Mark.ARROW),
    "--": (Mark.TAIL, Mark.TAIL),
}


@dataclass(frozen=True)
class GraphEdit:
    """``op`` is a key of ``EDIT_OPS``; ``arrow`` one of ``EDGE_MARKS`` (for "add")."""

    op: str
    a: str
    b: str
    arrow: str = "->"

    def describe(self) -> str:
        return EDIT_TEXT[self.op].format(a=self.a, b=self.b, arrow=self.arrow)


EDIT_TEXT = {
    "remove": "removed the edge between {a} and {b}",
    "add": "added {a} {arrow} {b}",
    "orient": "oriented the edge between {a} and {b} as {a} -> {b}",
}


def apply_edit(graph: CausalGraph, edit: GraphEdit) -> CausalGraph:
    """Return an edited copy of ``graph``; raise ``GraphError``/``LookupError`` saying why not."""
    if edit.op not in EDIT_OPS:
        raise ValueError(f"Unknown graph edit {edit.op!r}; valid: {', '.join(EDIT_OPS)}.")
    if edit.a == edit.b:
        raise GraphError(f"An edge needs two different variables; got '{edit.a}' twice.")
    edited = graph.copy()
    EDIT_OPS[edit.op](edited, edit)
    if edited.has_directed_cycle():
        raise GraphError(f"After that edit ({edit.describe()}) the graph has a directed cycle, which a causal "
                         "graph cannot have. Remove or re-orient one of the cycle's edges first.")
    edited.graph_type = edited.infer_type()
    edited.metadata = {**edited.metadata, "edited": [*edited.metadata.get("edited", []), edit.describe()]}
    return edited


def _existing(graph: CausalGraph, a: str, b: str) -> Edge:
    edge = graph.edge(a, b)
    if edge is None:
        listing = "; ".join(graph.edge_list_text()) or "none"
        raise LookupError(f"There is no edge between '{a}' and '{b}' in the current graph. Its edges: {listing}.")
    return edge


def _remove(graph: CausalGraph, edit: GraphEdit) -> None:
    _existing(graph, edit.a, edit.b)
    graph.remove_edge(edit.a, edit.b)


def _add(graph: CausalGraph, edit: GraphEdit) -> None:
    if edit.arrow not in EDGE_MARKS:
        raise GraphError(f"Unknown edge type {edit.arrow!r}; use one of {', '.join(EDGE_MARKS)}.")
    mark_a, mark_b = EDGE_MARKS[edit.arrow]
    graph.add_edge(edit.a, edit.b, mark_a, mark_b)


def _orient(graph: CausalGraph, edit: GraphEdit) -> None:
    _existing(graph, edit.a, edit.b)
    graph.add_edge(edit.a, edit.b, Mark.TAIL, Mark.ARROW)


EDIT_OPS: dict[str, Callable[[CausalGraph, GraphEdit], None]] = {
    "remove": _remove, "add": _add, "orient": _orient,
}


@dataclass
class GraphDiff:
    """Edges in ``new`` but not ``old`` (added), in ``old`` only (removed), and pairs whose
    edge type or direction changed (``changed``: (old text, new text))."""

    old_name: str
    new_name: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    nodes_only_old: list[str] = field(default_factory=list)
    nodes_only_new: list[str] = field(default_factory=list)

    @property
    def shd(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)

    def to_markdown(self) -> str:
        if self.shd == 0 and not (self.nodes_only_old or self.nodes_only_new):
            return f"**{self.new_name}** and **{self.old_name}** have the same edges (SHD 0)."
        lines = [f"**{self.new_name}** compared with **{self.old_name}**: structural Hamming distance "
                 f"(SHD) **{self.shd}**.", ""]
        lines += [f"- added: `{e}`" for e in self.added]
        lines += [f"- removed: `{e}`" for e in self.removed]
        lines += [f"- changed: `{old}` → `{new}`" for old, new in self.changed]
        if self.nodes_only_old:
            lines.append(f"- variables only in {self.old_name}: {', '.join(self.nodes_only_old)}")
        if self.nodes_only_new:
            lines.append(f"- variables only in {self.new_name}: {', '.join(self.nodes_only_new)}")
        return "\n".join(lines)


def diff_graphs(old: CausalGraph, new: CausalGraph, old_name: str = "old", new_name: str = "new") -> GraphDiff:
    """Pairwise comparison of two graphs (contemporaneous and lagged edges alike)."""
    old_edges = _by_pair(old)
    new_edges = _by_pair(new)
    diff = GraphDiff(old_name, new_name,
                     nodes_only_old=sorted(set(old.nodes) - set(new.nodes)),
                     nodes_only_new=sorted(set(new.nodes) - set(old.nodes)))
    for pair in sorted(set(old_edges) | set(new_edges), key=lambda p: (p[1], sorted(p[0]))):
        before, after = old_edges.get(pair), new_edges.get(pair)
        if before is None:
            diff.added.append(after.text())
        elif after is None:
            diff.removed.append(before.text())
        elif not _same(before, after):
            diff.changed.append((before.text(), after.text()))
    return diff


def _by_pair(graph: CausalGraph) -> dict[tuple[frozenset[str], int], Edge]:
    return {(frozenset((e.u, e.v)), e.lag): e for e in graph.edges}


def _same(a: Edge, b: Edge) -> bool:
    if a.u == b.u:
        return (a.mark_u, a.mark_v) == (b.mark_u, b.mark_v)
    return (a.mark_u, a.mark_v) == (b.mark_v, b.mark_u)
