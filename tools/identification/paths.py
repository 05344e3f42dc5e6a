"""Concrete paths for explanations: "the path X ← A → M ← B → Y stays open given {M}".

Decisions are made by the linear-time walks in ``reach``; this module only finds a
witness path to show the user, by a bounded search (shortest paths first). When the
bound is hit it returns None and callers fall back to a generic sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from tools.identification.graph_view import SYMBOL, MixedGraph, Step
from tools.identification.reach import ancestors

MAX_EXPANSIONS = 20_000


@dataclass(frozen=True)
class Path:
    nodes: tuple[str, ...]
    steps: tuple[Step, ...]  # steps[i] joins nodes[i] to nodes[i + 1], read forwards

    def text(self) -> str:
        parts = [self.nodes[0]]
        for step, node in zip(self.steps, self.nodes[1:]):
            parts += [SYMBOL[step], node]
        return " ".join(parts)

    def colliders(self) -> list[str]:
        return [self.nodes[i] for i in range(1, len(self.nodes) - 1)
                if self.steps[i - 1].arrow_at_next and self.steps[i].arrow_at_current]

    def non_colliders(self) -> list[str]:
        cols = set(self.colliders())
        return [n for n in self.nodes[1:-1] if n not in cols]


def _status_ok(g: MixedGraph, prev: str, arrived: Step, node: str, step: Step, nxt: str,
               z: set[str], z_anc: set[str]) -> bool:
    """Is ``node`` (between prev and nxt) open given z, with definite status in a CPDAG?"""
    if arrived.arrow_at_next and step.arrow_at_current:
        return node in z_anc
    if (arrived is Step.OUT and step is Step.UND) or (arrived is Step.UND and step is Step.IN):
        return False
    if arrived is Step.UND and step is Step.UND and (prev == nxt or g.edge_steps(prev, nxt)):
        return False  # shielded undirected triple: not of definite status
    return node not in z


def open_path(g: MixedGraph, x: str, targets: Iterable[str], z: Iterable[str],
              first_step_ok: Callable[[Step, str], bool] = lambda s, n: True,
              avoid: Iterable[str] = ()) -> Path | None:
    """A shortest path from x to a target that is open given z (colliders with a
    descendant in z, non-colliders outside z), whose interior avoids ``avoid`` and whose
    first step passes ``first_step_ok``; None if none is found within the search bound."""
    zs, goal, banned = set(z), set(targets), set(avoid)
    z_anc = ancestors(g, zs)
    budget = [MAX_EXPANSIONS]

    def extend(nodes: list[str], steps: list[Step], depth: int) -> Path | None:
        budget[0] -= 1
        if budget[0] < 0:
            return None
        current = nodes[-1]
        for step, nxt in g.steps(current):
            if nxt in nodes:
                continue
            if not steps and not first_step_ok(step, nxt):
                continue
            if steps and not _status_ok(g, nodes[-2], steps[-1], current, step, nxt, zs, z_anc):
                continue
            if nxt in goal:
                if depth == 1:
                    return Path(tuple(nodes + [nxt]), tuple(steps + [step]))
                continue
            if depth > 1 and nxt not in banned:
                found = extend(nodes + [nxt], steps + [step], depth - 1)
                if found:
                    return found
        return None

    for depth in range(1, len(g.nodes)):
        found = extend([x], [], depth)
        if found or budget[0] < 0:
            return found
    return None


def directed_path(g: MixedGraph, source: str, target: str, possibly: bool = False) -> Path | None:
    """A shortest directed (or, with ``possibly``, possibly directed: → or —) path."""
    allowed = (Step.OUT, Step.UND) if possibly else (Step.OUT,)
    previous: dict[str, tuple[str, Step]] = {}
    frontier, seen = [source], {source}
    while frontier:
        nxt_frontier = []
        for node in frontier:
            for step, nxt in g.steps(node):
                if step in allowed and nxt not in seen:
                    seen.add(nxt)
                    previous[nxt] = (node, step)
                    nxt_frontier.append(nxt)
        frontier = nxt_frontier
    if target not in seen:
        return None
    nodes, steps = [target], []
    while nodes[-1] != source:
        node, step = previous[nodes[-1]]
        nodes.append(node)
        steps.append(step)
    return Path(tuple(reversed(nodes)), tuple(reversed(steps)))


def join(first: Path, second: Path) -> Path:
    """first followed by second (first ends where second starts)."""
    return Path(first.nodes + second.nodes[1:], first.steps + second.steps)


def set_text(nodes: Iterable[str]) -> str:
    items = sorted(nodes)
    return "{" + ", ".join(items) + "}" if items else "{} (nothing)"
