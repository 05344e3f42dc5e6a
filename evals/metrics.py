"""Graph-recovery metrics between an estimated and a true ``CausalGraph``.

Orientation metrics are CPDAG-aware: compare an estimate with the *CPDAG* of the true
DAG (``tools.discovery.cpdag.dag_to_cpdag``) when the method can only identify the
equivalence class. An undirected edge never counts as a correct orientation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from memory.graph import CausalGraph, Edge, Mark


@dataclass(frozen=True)
class GraphScores:
    skeleton_precision: float
    skeleton_recall: float
    skeleton_f1: float
    orientation_precision: float
    orientation_recall: float
    orientation_f1: float
    shd: int
    exact: bool

    def to_dict(self) -> dict:
        return asdict(self)


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _arrows(g: CausalGraph) -> set[tuple[str, str]]:
    """(cause, effect) for every directed contemporaneous edge, however it is stored."""
    out = set()
    for e in g.edges:
        if e.lag:
            continue
        if e.is_directed:
            out.add((e.u, e.v))
        elif e.mark_u == Mark.ARROW and e.mark_v == Mark.TAIL:
            out.add((e.v, e.u))
    return out


def _edge_key(e: Edge) -> tuple[frozenset, tuple]:
    """Order-free representation of an edge with its marks."""
    a, b = sorted([(e.u, e.mark_u), (e.v, e.mark_v)], key=lambda t: t[0])
    return frozenset((e.u, e.v)), (a, b)


def shd(estimate: CausalGraph, truth: CausalGraph) -> int:
    """Structural Hamming distance: one per missing or extra adjacency, plus one per shared
    adjacency whose marks differ (e.g. X --> Y vs X --- Y or Y --> X)."""
    est = {k: m for k, m in (_edge_key(e) for e in estimate.edges if not e.lag)}
    tru = {k: m for k, m in (_edge_key(e) for e in truth.edges if not e.lag)}
    dist = len(set(est) ^ set(tru))
    dist += sum(1 for k in set(est) & set(tru) if est[k] != tru[k])
    return dist


def score_graph(estimate: CausalGraph, truth: CausalGraph) -> GraphScores:
    """Skeleton and orientation precision/recall/F1, SHD, and whether the graphs are equal
    (same adjacencies and marks). Orientation: a true-positive is an estimated X --> Y
    that is X --> Y in ``truth``; undirected/partial estimates earn nothing."""
    sk_e, sk_t = estimate.skeleton(), truth.skeleton()
    tp = len(sk_e & sk_t)
    sp, sr = _ratio(tp, len(sk_e)), _ratio(tp, len(sk_t))
    ar_e, ar_t = _arrows(estimate), _arrows(truth)
    otp = len(ar_e & ar_t)
    op, orr = _ratio(otp, len(ar_e)), _ratio(otp, len(ar_t))
    d = shd(estimate, truth)
    return GraphScores(sp, sr, _f1(sp, sr), op, orr, _f1(op, orr), d, d == 0)


