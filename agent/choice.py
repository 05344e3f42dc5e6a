"""Multiple-choice questions whose options name variables or diagrams.

"Which of these is a cause of Y? A. X1 B. X2 C. both D. neither", "Which variable mediates
the effect of T on Y?", "Which DAG is most consistent with the data? A. A -> B -> C ...".
The graph decides which variables are causes, effects or mediators (or which diagram fits
it best); each option is read as the set of variables it names ("both" = every variable the
options name one by one, "neither"/"none" = no variable), and the option whose set is the
graph's answer is chosen. Forced choice: when no option matches exactly, the closest is
chosen and the answer says how weakly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.query import Option
from memory.graph import CausalGraph

NONE_OPTION = re.compile(r"\b(?:none|neither|nothing|no (?:variables?|causes?|effects?|mediators?|options?))\b", re.I)
ALL_OPTION = re.compile(r"\b(?:both|all (?:of )?(?:them|these|the above|three|variables))\b", re.I)
_ARROW = re.compile(r"\s*(->|<-|→|←|-->|<--)\s*")


@dataclass(frozen=True)
class Choice:
    """The chosen letter, why, and whether an option matched the graph exactly."""

    letter: str
    reason: str
    exact: bool


def option_sets(options: list[Option]) -> dict[str, set[str] | None]:
    """Each option as the set of variables it names (None when it names none and is not
    'none'/'both')."""
    singles = {v for o in options if not ALL_OPTION.search(o.text) for v in o.variables}
    sets: dict[str, set[str] | None] = {}
    for o in options:
        if o.variables and not ALL_OPTION.search(o.text):
            sets[o.letter] = set(o.variables)
        elif ALL_OPTION.search(o.text):
            sets[o.letter] = set(o.variables) or set(singles)
        elif NONE_OPTION.search(o.text):
            sets[o.letter] = set()
        else:
            sets[o.letter] = None
    return sets


def choose_variables(options: list[Option], found: set[str], what: str) -> Choice:
    """The option naming exactly the variables in ``found`` (among those the options name)."""
    sets = option_sets(options)
    universe = set().union(*(s for s in sets.values() if s))
    truth = found & universe
    named = ", ".join(sorted(truth)) or "none of them"
    exact = [letter for letter, s in sets.items() if s == truth]
    if exact:
        return Choice(exact[0], f"in the graph, {what} among the options: {named}", True)
    scored = sorted(((len(s & truth) - len(s - truth), letter) for letter, s in sets.items() if s is not None),
                    key=lambda t: (-t[0], t[1]))
    letter = scored[0][1] if scored else options[0].letter
    return Choice(letter, f"in the graph, {what} among the options: {named}; no option names exactly these, so "
                          "the closest one is chosen", False)


def option_edges(option: Option) -> list[tuple[str, str]]:
    """The directed edges an option's diagram draws ('A -> B <- C'), in column names."""
    parts = _ARROW.split(option.text.strip().rstrip("."))
    names, arrows = parts[0::2], parts[1::2]
    if len(names) != len(option.variables) or len(names) < 2:
        return []
    edges = []
    for i, arrow in enumerate(arrows):
        a, b = option.variables[i], option.variables[i + 1]
        edges.append((a, b) if arrow in ("->", "→", "-->") else (b, a))
    return edges


def choose_diagram(options: list[Option], graph: CausalGraph) -> Choice | None:
    """The option whose diagram agrees most with the graph: +1 per edge the graph has in that
    direction, +0.5 per edge the graph leaves undirected, -1 per edge the graph lacks or
    reverses, -1 per adjacency among the option's variables that the diagram leaves out."""
    scored = []
    for o in options:
        edges = option_edges(o)
        if not edges:
            continue
        score = 0.0
        for a, b in edges:
            edge = graph.edge(a, b) if a in graph.nodes and b in graph.nodes else None
            if edge is None:
                score -= 1
            elif not edge.is_directed:
                score += 0.5
            else:
                score += 1 if b in graph.children(a) else -1
        drawn = {frozenset(e) for e in edges}
        nodes = [v for v in o.variables if v in graph.nodes]
        score -= sum(1 for i, a in enumerate(nodes) for b in nodes[i + 1:]
                     if graph.edge(a, b) is not None and frozenset((a, b)) not in drawn)
        score -= sum(1 for a, b in _colliders(edges) if not (a in graph.parents(b)))  # a v-structure the graph lacks
        scored.append((score, o.letter, len(edges)))
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], t[1]))
    best, letter, n = scored[0]
    tie = len(scored) > 1 and scored[1][0] == best
    return Choice(letter, f"its diagram agrees best with the learned graph (score {best:+g} over {n} edges)",
                  best == n and not tie)


def _colliders(edges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(parent, child) for each edge into a collider the diagram draws with non-adjacent parents."""
    drawn = {frozenset(e) for e in edges}
    out = []
    for a, b in edges:
        for c, d in edges:
            if d == b and c != a and frozenset((a, c)) not in drawn:
                out.append((a, b))
                break
    return out


def causal_neighbours(graph: CausalGraph, kind: str, subject: str, direct: bool) -> set[str]:
    """Causes ('causes') or effects ('effects') of ``subject`` in the graph; ``direct``: parents
    or children only."""
    if subject not in graph.nodes:
        return set()
    if kind == "causes":
        return graph.parents(subject) if direct else graph.ancestors(subject)
    return graph.children(subject) if direct else graph.descendants(subject)


def mediators(graph: CausalGraph, treatment: str, outcome: str) -> set[str]:
    """Variables on a directed path from the treatment to the outcome."""
    if treatment not in graph.nodes or outcome not in graph.nodes:
        return set()
    return (graph.descendants(treatment) & graph.ancestors(outcome)) - {treatment, outcome}
