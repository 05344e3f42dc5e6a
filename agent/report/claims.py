"""Causal claims in narrative text, checked against the graph's directions.

"A drives B", "A affects B", "B is caused by A", "`A` → `B`": each names a cause and an
effect. A claim contradicts the graph when the graph has a directed path from the effect
to the cause — then, the graph being acyclic, the claimed cause cannot be an ancestor of
the claimed effect in any DAG the analysis allows. Claims about pairs the graph leaves
open (undirected or no path) are not judged here."""

from __future__ import annotations

import re
from typing import Any, Iterable

import networkx as nx

EDGE_TEXT = re.compile(r"^\s*(\S+)\s+([<o-])-([>o-])\s+(\S+)")
ACTIVE = (r"(?:causes?|caused|drives?|drove|affects?|affected|influences?|influenced|determines?|determined|"
          r"impacts?|impacted|increases?|increased|raises?|raised|reduces?|reduced|lowers?|lowered|boosts?|"
          r"boosted|leads? to|led to|results? in|has an? (?:causal |direct )?(?:effect|impact|influence) on|"
          r"is a (?:direct )?cause of|→|->)")
PASSIVE = r"(?:is|are|was|were) (?:caused|driven|affected|influenced|determined|impacted) by"


def directed_graph(facts: dict[str, Any]) -> nx.DiGraph | None:
    """The directed edges listed in ``facts['graph']['edges']`` (texts like 'A --> B')."""
    graph = facts.get("graph") if isinstance(facts, dict) else None
    if not isinstance(graph, dict) or not isinstance(graph.get("edges"), list):
        return None
    dg = nx.DiGraph()
    for item in graph["edges"]:
        text = item.get("edge") if isinstance(item, dict) else item
        m = EDGE_TEXT.match(str(text)) if text else None
        if not m or "(lag" in str(text):
            continue
        u, left, right, v = m.groups()
        if left == "-" and right == ">":
            dg.add_edge(u, v)
        elif left == "<" and right == "-":
            dg.add_edge(v, u)
    return dg


def _name_pattern(names: Iterable[str]) -> str:
    ordered = sorted({n for n in names if n}, key=len, reverse=True)
    return "|".join(re.escape(n) for n in ordered)


def claimed_pairs(text: str, names: Iterable[str]) -> list[tuple[str, str]]:
    """(cause, effect) pairs the text asserts between known names."""
    alternatives = _name_pattern(names)
    if not alternatives:
        return []
    name = rf"`?(?<![\w])({alternatives})(?![\w])`?"
    pairs = [(m.group(1), m.group(2)) for m in re.finditer(rf"{name}\s+{ACTIVE}\s+(?:the\s+)?{name}", text)]
    pairs += [(m.group(2), m.group(1)) for m in re.finditer(rf"{name}\s+{PASSIVE}\s+(?:the\s+)?{name}", text)]
    return pairs


def contradicted_claims(text: str, facts: dict[str, Any], names: Iterable[str]) -> list[str]:
    """One problem per claim whose direction the graph rules out."""
    dg = directed_graph(facts)
    if dg is None:
        return []
    problems = []
    for cause, effect in claimed_pairs(text, names):
        if cause != effect and cause in dg and effect in dg and nx.has_path(dg, effect, cause):
            problems.append(f"the claim that {cause} affects {effect} reverses the graph, which has a directed path "
                            f"{effect} → {cause}")
    return list(dict.fromkeys(problems))
