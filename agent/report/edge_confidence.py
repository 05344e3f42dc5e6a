"""Bootstrap edge confidence read from a graph: ``graph.metadata["edge_probabilities"]``
(the discovery tool's table: per adjacency, the share of resamples with each edge type;
other simple shapes are accepted too), else each ``Edge.confidence``.

The result maps an ordered pair (cause, effect) to the share of bootstrap graphs with an
edge pointing that way; an edge without a direction (``---``, ``<->``, ``o-o``) counts for
both orders, and the caption says so."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from memory.graph import CausalGraph

_EDGE_TEXT = re.compile(r"^\s*(.+?)\s+([<o-])-{1,2}([>o-])\s+(.+?)(?:\s+\(lag \d+\))?\s*$")
_ARROW_TEXT = re.compile(r"^\s*(.+?)\s*(?:->|→)\s*(.+?)\s*$")
_PROB_KEYS = ("probability", "p", "frequency", "freq", "confidence", "share", "value")

Pair = tuple[str, str]


def _parse_key(key: Any) -> tuple[str, str, bool] | None:
    """(u, v, directed) from an edge key: a tuple, 'A --> B', 'A -> B' or 'A --- B'."""
    if isinstance(key, (tuple, list)) and len(key) >= 2:
        return str(key[0]), str(key[1]), True
    if not isinstance(key, str):
        return None
    m = _EDGE_TEXT.match(key)
    if m:
        u, left, right, v = m.groups()
        if left == "-" and right == ">":
            return u, v, True
        if left == "<" and right == "-":
            return v, u, True
        return u, v, False
    m = _ARROW_TEXT.match(key)
    return (m.group(1), m.group(2), True) if m else None


def _prob(value: Any) -> float | None:
    if isinstance(value, dict):
        value = next((value[k] for k in _PROB_KEYS if k in value), None)
    try:
        p = float(value)
    except (TypeError, ValueError):
        return None
    return p if 0.0 <= p <= 1.0 else None


def _entries(raw: Any) -> list[tuple[Any, Any]]:
    if isinstance(raw, dict):
        out = []
        for key, value in raw.items():
            if isinstance(value, dict) and not any(k in value for k in _PROB_KEYS):
                out += [((key, inner), p) for inner, p in value.items()]  # nested {u: {v: p}}
            else:
                out.append((key, value))
        return out
    if isinstance(raw, list):
        out = []
        for item in raw:
            if isinstance(item, dict) and isinstance(item.get("types"), dict):
                out += list(item["types"].items())  # {"u", "v", "present", "types": {"A --> B": share}}
            elif isinstance(item, dict) and ("u" in item or "source" in item):
                u, v = item.get("u", item.get("source")), item.get("v", item.get("target"))
                kind = str(item.get("kind") or item.get("type") or "directed")
                key = (u, v) if kind in ("directed", "-->") else f"{u} --- {v}"
                out.append((key, item))
            elif isinstance(item, (list, tuple)) and len(item) == 3:
                out.append(((item[0], item[1]), item[2]))
        return out
    return []


def edge_probabilities(graph: "CausalGraph") -> dict[Pair, float]:
    """{(u, v): probability} for every edge with a bootstrap frequency; empty when none."""
    out: dict[Pair, float] = {}

    def add(u: str, v: str, directed: bool, p: float) -> None:
        for pair in ([(u, v)] if directed else [(u, v), (v, u)]):
            out[pair] = min(1.0, out.get(pair, 0.0) + p)

    for key, value in _entries(graph.metadata.get("edge_probabilities")):
        parsed, p = _parse_key(key), _prob(value)
        if parsed is not None and p is not None and p > 0:
            add(*parsed, p)
    if out:
        return out
    for edge in graph.edges:
        if edge.confidence is not None and edge.u != edge.v:
            add(edge.u, edge.v, edge.is_directed, float(edge.confidence))
    return out


def has_bootstrap(graph: "CausalGraph") -> bool:
    return bool(graph.metadata.get("edge_probabilities")) or any(e.confidence is not None for e in graph.edges)
