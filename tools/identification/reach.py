"""Graph searches as walks with local rules (the reachability view of Wienöbst, Weichwald
& Henckel's CIfly): a state is (node, the step used to arrive there), and a rule says
whether the walk may take the next step. d/m-separation, possible descendants and the
proper back-door connection of the adjustment criterion are all such walks, each linear
in the size of the graph.

Walk semantics for separation: a walk is open given Z when every collider on it is in Z
and every non-collider is not; such a walk exists exactly when an open path exists
(colliders with a descendant in Z), for DAGs and ADMGs, and for CPDAGs with the
definite-status rules of ``proper_backdoor_reach``.
"""

from __future__ import annotations

from collections import deque
from typing import Callable, Iterable

from tools.identification.graph_view import MixedGraph, Step

Rule = Callable[[Step, str, Step, str], bool]  # (arrived by, current, next step, next node) -> allowed


def reach(g: MixedGraph, starts: Iterable[str], rule: Rule, start_step: Step = Step.IN) -> set[str]:
    """Nodes visited by walks from ``starts`` that obey ``rule`` (the starts included).

    A start behaves as if reached through a tail (``start_step`` = IN), so it is never a
    collider."""
    seen: set[tuple[str, Step]] = set()
    queue = deque((s, start_step) for s in starts)
    seen.update(queue)
    out = {s for s, _ in queue}
    while queue:
        current, arrived = queue.popleft()
        for step, nxt in g.steps(current):
            state = (nxt, step)
            if state in seen or not rule(arrived, current, step, nxt):
                continue
            seen.add(state)
            out.add(nxt)
            queue.append(state)
    return out


def descendants(g: MixedGraph, xs: Iterable[str]) -> set[str]:
    """``xs`` and every node with a directed path from them."""
    return reach(g, xs, lambda a, c, s, n: s is Step.OUT)


def ancestors(g: MixedGraph, ys: Iterable[str]) -> set[str]:
    """``ys`` and every node with a directed path into them."""
    return reach(g, ys, lambda a, c, s, n: s is Step.IN)


def possible_descendants(g: MixedGraph, xs: Iterable[str], avoid: Iterable[str] = ()) -> set[str]:
    """Nodes reachable along edges that are directed forward or undirected (in a CPDAG:
    descendants in at least one DAG of the class), never entering ``avoid``."""
    banned = set(avoid)
    return reach(g, xs, lambda a, c, s, n: s in (Step.OUT, Step.UND) and n not in banned)


def possible_ancestors(g: MixedGraph, ys: Iterable[str], avoid: Iterable[str] = ()) -> set[str]:
    """Mirror of ``possible_descendants``: walks backwards along ``<--`` or ``---``."""
    banned = set(avoid)
    return reach(g, ys, lambda a, c, s, n: s in (Step.IN, Step.UND) and n not in banned)


def _open(arrived: Step, current: str, step: Step, z: set[str]) -> bool | None:
    """Common part of the separation rules; None means "not decided here"."""
    if arrived.arrow_at_next and step.arrow_at_current:     # collider at current
        return current in z
    # In a CPDAG, a --> c --- b and a --- c <-- b are always shielded, so c has no
    # definite status there and such walks never witness a connection.
    if (arrived is Step.OUT and step is Step.UND) or (arrived is Step.UND and step is Step.IN):
        return False
    if Step.UND in (arrived, step) and Step.BI in (arrived, step):
        return False
    return None


def m_connected(g: MixedGraph, xs: Iterable[str], z: Iterable[str]) -> set[str]:
    """Nodes m-connected to ``xs`` given ``z`` (d-connected in a DAG); Y is separated from
    X by Z exactly when no node of Y is returned."""
    zs = set(z)

    def rule(arrived: Step, current: str, step: Step, nxt: str) -> bool:
        decided = _open(arrived, current, step, zs)
        return (current not in zs) if decided is None else decided

    return reach(g, xs, rule)


def proper_backdoor_reach(g: MixedGraph, xs: Iterable[str], causal: Iterable[str], z: Iterable[str]) -> set[str]:
    """Nodes reached from X by open walks given Z in the proper back-door graph: the
    first edge X → c of every proper causal path (c in ``causal``) is cut.
    Correct for DAGs, ADMGs and CPDAGs (Perković et al. 2018; CIfly)."""
    xset, cn, zs = set(xs), set(causal), set(z)

    def rule(arrived: Step, current: str, step: Step, nxt: str) -> bool:
        decided = _open(arrived, current, step, zs)
        if decided is not None:
            return decided
        if step is Step.OUT and current in xset and nxt in cn:
            return False
        return current not in zs

    return reach(g, xset, rule)


def directed_reach_avoiding(g: MixedGraph, xs: Iterable[str], blocked: Iterable[str]) -> set[str]:
    """Nodes reached from X along directed paths whose later nodes avoid ``blocked``."""
    banned = set(blocked)
    return reach(g, xs, lambda a, c, s, n: s is Step.OUT and n not in banned)


def closure(g: MixedGraph, xs: Iterable[str], z: Iterable[str], within: Iterable[str]) -> set[str]:
    """Nodes of ``within`` (an ancestral set) reached from X by walks on which every
    non-collider is outside Z, colliders being free: the closure used to find the
    separator nearest to X (van der Zander, Liśkiewicz & Textor 2019)."""
    zs, inside = set(z), set(within)

    def rule(arrived: Step, current: str, step: Step, nxt: str) -> bool:
        if nxt not in inside:
            return False
        if arrived.arrow_at_next and step.arrow_at_current:
            return True
        return current not in zs

    return reach(g, xs, rule)


def nearest_separator(g: MixedGraph, x: str, y: str, allowed: Iterable[str]) -> set[str] | None:
    """A set W ⊆ ``allowed`` m-separating x from y, chosen nearest to x; None if no subset
    of ``allowed`` separates them (DAG/ADMG)."""
    anc = ancestors(g, {x, y})
    z0 = (set(allowed) & anc) - {x, y}
    reached = closure(g, {x}, z0, anc)
    if y in reached:
        return None
    return z0 & reached
