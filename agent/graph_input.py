"""Turn whatever the user passes as ``graph=`` into a CausalGraph.

Accepted: a CausalGraph; a networkx graph; a DOT string; a text edge list
("A -> B; C <-> D" or one per line); a list of (cause, effect) pairs or edge strings;
a JSON graph; a path to a .dot/.json/.txt file; or the key of a stored graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from memory.graph import CausalGraph, GraphError
from memory.store import DEFAULT_NAMESPACE, GraphNotFound, GraphStore, StoredGraph


def coerce_graph(graph: Any, store: GraphStore | None = None,
                 namespace: str = DEFAULT_NAMESPACE) -> tuple[CausalGraph, str, str | None, str]:
    """Return (graph, source, key, note): source is "user", "memory" (a stored graph a person drew or
    edited) or "discovered" (a stored graph that was learned from data or saved by a model); key is set
    for stored graphs, with a note naming the version used and who saved it."""
    if isinstance(graph, CausalGraph):
        return graph, "user", None, ""
    if hasattr(graph, "nodes") and hasattr(graph, "edges") and hasattr(graph, "is_directed"):
        return CausalGraph.from_networkx(graph), "user", None, ""
    if isinstance(graph, (list, tuple)):
        return CausalGraph.from_edge_list(graph), "user", None, ""
    if isinstance(graph, dict):
        return CausalGraph.from_dict(graph), "user", None, ""
    if not isinstance(graph, str):
        raise GraphError(f"Cannot use a {type(graph).__name__} as a graph. Pass a networkx DiGraph, a DOT "
                         "string, an edge list like ['A -> B'], or the key of a stored graph.")
    text = graph.strip()
    if "\n" not in text and len(text) < 512 and Path(text).suffix.lower() in {".dot", ".gv", ".json", ".txt"}:
        path = Path(text)
        if not path.exists():
            raise GraphError(f"Graph file not found: {text}.")
        return parse_graph_text(path.read_text(encoding="utf-8-sig")), "user", None, ""
    if _looks_like_key(text):
        if store is None:
            raise GraphError(f"'{text}' looks like a stored graph key, but no graph memory is available.")
        try:
            stored = store.get(text, namespace=namespace)
        except GraphNotFound as exc:
            raise GraphError(str(exc)) from None
        learned = stored.provenance.source in ("discovered", "model")  # not vetted by a person: a diagnostic
        return stored.graph, "discovered" if learned else "memory", text, stored_note(stored)
    return parse_graph_text(text), "user", None, ""


def parse_graph_text(text: str) -> CausalGraph:
    """Parse DOT, JSON, or an edge list separated by ';', ',' or new lines."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            return CausalGraph.from_dict(json.loads(stripped))
        except json.JSONDecodeError as exc:
            raise GraphError(f"Graph JSON does not parse: {exc}") from None
    if stripped.lower().startswith(("digraph", "graph", "strict")):
        return CausalGraph.from_dot(stripped)
    parts = [p.strip() for chunk in stripped.splitlines() for p in chunk.replace(",", ";").split(";")]
    edges = [p for p in parts if p and not p.lower().startswith("graph nodes") and not p.lower().startswith("graph edges")]
    if not edges:
        raise GraphError("The graph text has no edges. Write edges like 'A -> B; C <-> D'.")
    text_graph = CausalGraph.from_text("\n".join(edges))
    if text_graph.edges and len(text_graph.edges) == len([e for e in edges if any(s in e for s in ("-", ">"))]):
        return text_graph
    return CausalGraph.from_edge_list(edges)


def stored_note(stored: StoredGraph) -> str:
    """'version 3, saved 2026-12-07 by a person' — which stored graph an analysis used."""
    import time

    prov = stored.provenance
    who = {"model": "by the planning model", "discovered": "as learned from data"}.get(prov.source, "by a person")
    day = time.strftime("%Y-%m-%d", time.gmtime(prov.created_at)) if prov.created_at else "an unknown date"
    return f"version {stored.version}, saved {day} {who}" + (f" ({prov.note})" if prov.note else "")


def _looks_like_key(text: str) -> bool:
    return not any(token in text for token in ("->", "--", "<-", "{", ";", " ", "\n"))
