"""Pearl's front-door criterion, for DAGs and ADMGs (hidden confounders allowed).

M satisfies the front-door criterion relative to (X, Y) when
  (i)   M intercepts every directed path from X to Y,
  (ii)  there is no open back-door path from X to M: X ⊥ M in G with X's outgoing edges cut,
  (iii) X blocks every back-door path from M to Y: M ⊥ Y | X in G with M's outgoing edges cut.
Then P(y | do(x)) = Σ_m P(m | x) Σ_x' P(y | x', m) P(x') (Pearl 1995; the formal
conditions as in Jeong, Tian & Bareinboim 2022).

Search: every valid M lies inside the largest candidate set built by (ii) and then
pruning (iii) to a fixed point, so checking (i) on that set decides whether any front-door
set exists; it is then shrunk to a small one.
"""

from __future__ import annotations

from typing import Iterable

from tools.identification.graph_view import MixedGraph
from tools.identification.paths import open_path, set_text
from tools.identification.reach import directed_reach_avoiding, m_connected


def frontdoor_problem(g: MixedGraph, x: str, y: str, m: Iterable[str], explain: bool = True) -> str | None:
    """None when M satisfies the front-door criterion relative to (x, y); otherwise why not
    (``explain=False`` skips the search for a witness path)."""
    mset = set(m)
    if not mset:
        return "the front-door set is empty."
    if mset & {x, y}:
        return "the front-door set must not contain the treatment or the outcome."
    if y in directed_reach_avoiding(g, {x}, mset):
        return f"{set_text(mset)} does not intercept every directed path from {x} to {y}."
    cut_x = g.without_outgoing({x})
    leaking = sorted(m_connected(cut_x, {x}, set()) & mset)
    if leaking:
        path = open_path(cut_x, x, {leaking[0]}, set()) if explain else None
        shown = f" ({path.text()})" if path else ""
        return f"{leaking[0]} shares an unblocked back-door path with {x}{shown}."
    cut_m = g.without_outgoing(mset)
    confounded = sorted(m_connected(cut_m, {y}, {x}) & mset)
    if confounded:
        path = open_path(cut_m, confounded[0], {y}, {x}) if explain else None
        shown = f" ({path.text()})" if path else ""
        return f"a back-door path from {confounded[0]} to {y} is not blocked by {x}{shown}."
    return None


def find_frontdoor_set(g: MixedGraph, x: str, y: str, allowed: Iterable[str]) -> list[str] | None:
    """A small front-door set drawn from ``allowed``, or None when none exists there."""
    candidates = set(allowed) - {x, y}
    candidates -= m_connected(g.without_outgoing({x}), {x}, set())            # condition (ii)
    while True:                                                              # condition (iii)
        confounded = m_connected(g.without_outgoing(candidates), {y}, {x}) & candidates
        if not confounded:
            break
        candidates -= confounded
    if not candidates or frontdoor_problem(g, x, y, candidates, explain=False):
        return None
    return sorted(_shrink(g, x, y, candidates))


def _shrink(g: MixedGraph, x: str, y: str, m: set[str]) -> set[str]:
    """Drop members while the set stays a front-door set, preferring to keep children of x."""
    current = set(m)
    children = g.children(x)
    changed = True
    while changed:
        changed = False
        for node in sorted(current, key=lambda n: (n in children, n)):
            trial = current - {node}
            if trial and frontdoor_problem(g, x, y, trial, explain=False) is None:
                current, changed = trial, True
                break
    return current
