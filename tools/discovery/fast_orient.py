"""Orienting a PC skeleton exactly as causal-learn's ``pc(uc_rule=0, uc_priority=2)`` does.

The steps and their order are causal-learn's, because on data that violate faithfulness
(conflicting v-structures) the result depends on the order:

1. background knowledge (``orient_by_background_knowledge``): undirected edges in
   row-major (i < j) order;
2. unshielded colliders (``UCSepset.uc_sepset``, priority 2 "keep existing"): triples
   x - y - z (x < z, x and z not adjacent) in causal-learn's enumeration order; x -> y <- z
   when y is not in sepset(x, z) and neither y -> x nor y -> z is already oriented;
3. Meek rules 1-3 (``Meek.meek``) over triples, triangles and kites listed once at the
   start, repeated until a pass changes nothing; an edge is not oriented against
   causal-learn's ancestor record (``dpath``).

causal-learn's ancestor record is not a transitive closure: each new edge i -> j adds
only anc(i) -> j and i -> desc(j), and removing a directed edge rebuilds it from the
current edges in reverse row-major order. We replay exactly that bookkeeping
(vectorised, and rebuilt once instead of at every re-orientation), since Meek's
"is k an ancestor of j" checks read it.

The endpoint matrix uses causal-learn's encoding: ``G[i, j] = -1, G[j, i] = 1`` is
i --> j; ``G[i, j] = G[j, i] = -1`` is i --- j.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np


class _Orienter:
    """The endpoint matrix (nested lists for fast scalar reads) plus causal-learn's dpath."""

    def __init__(self, adjacency: np.ndarray):
        self.p = adjacency.shape[0]
        self.G = np.where(adjacency, -1, 0).astype(int).tolist()
        self.dpath = np.eye(self.p, dtype=bool)
        # Deferred dpath bookkeeping before Meek: G edits (for undo), adjusts, rebuilds.
        self.edits: list[tuple[int, int, int, int]] = []
        self.events: list[tuple] = []
        self.deferred = True

    # -------------------------------------------------------------- graph edits
    def directed(self, a: int, b: int) -> bool:
        return self.G[a][b] == -1 and self.G[b][a] == 1

    def undirected(self, a: int, b: int) -> bool:
        return self.G[a][b] == -1 and self.G[b][a] == -1

    def _set(self, a: int, b: int, ab: int, ba: int) -> None:
        if self.deferred:
            self.edits.append((a, b, self.G[a][b], self.G[b][a]))
        self.G[a][b], self.G[b][a] = ab, ba

    def add_directed(self, a: int, b: int) -> None:
        """causal-learn's ``add_directed_edge`` over an undirected edge: no dpath rebuild."""
        self._set(a, b, -1, 1)
        self._adjust_event(a, b)

    def orient(self, a: int, b: int) -> None:
        """Remove the a-b edge and add a --> b, with causal-learn's dpath side effects."""
        was_directed = self.directed(a, b) or self.directed(b, a)
        self._set(a, b, 0, 0)
        if was_directed:
            self._rebuild_event()
        self._set(a, b, -1, 1)
        self._adjust_event(a, b)

    def _rebuild_event(self) -> None:
        if self.deferred:
            self.events.append(("rebuild", len(self.edits)))
        else:
            self.dpath = _rebuild_dpath(self.G, self.p)

    def _adjust_event(self, a: int, b: int) -> None:
        if self.deferred:
            self.events.append(("adjust", a, b))
        else:
            _adjust(self.dpath, a, b)

    def settle_dpath(self) -> None:
        """Materialise dpath: rebuild at the last rebuild event, then replay later adjusts."""
        last = max((k for k, e in enumerate(self.events) if e[0] == "rebuild"), default=None)
        if last is None:
            dpath = np.eye(self.p, dtype=bool)
            tail = self.events
        else:
            G = [row[:] for row in self.G]
            for a, b, ab, ba in reversed(self.edits[self.events[last][1]:]):
                G[a][b], G[b][a] = ab, ba
            dpath = _rebuild_dpath(G, self.p)
            tail = self.events[last + 1:]
        for _, a, b in tail:
            _adjust(dpath, a, b)
        self.dpath = dpath
        self.deferred = False
        self.edits, self.events = [], []

    def ancestor(self, a: int, b: int) -> bool:
        """causal-learn's ``is_ancestor_of(a, b)``: dpath[b, a]."""
        return bool(self.dpath[b, a])

    def matrix(self) -> np.ndarray:
        return np.array(self.G, dtype=int).reshape(self.p, self.p)


def _adjust(dpath: np.ndarray, i: int, j: int) -> None:
    """causal-learn's ``adjust_dpath(i, j)`` for a new edge i -> j (diagonal is set)."""
    dpath[j] |= dpath[i]
    dpath[:, i] |= dpath[:, j]


def _rebuild_dpath(G: list[list[int]], p: int) -> np.ndarray:
    """causal-learn's ``reconstitute_dpath(get_graph_edges())``: edges popped from the end."""
    dpath = np.eye(p, dtype=bool)
    pairs = [(i, j) for i in range(p) for j in range(i + 1, p) if G[j][i] != 0]
    for i, j in reversed(pairs):
        if G[i][j] == -1 and G[j][i] == 1:
            _adjust(dpath, i, j)
        elif G[j][i] == -1 and G[i][j] == 1:
            _adjust(dpath, j, i)
    return dpath


# ------------------------------------------------------------------ enumerations
def _adjacency_order(G: list[list[int]], p: int) -> list[tuple[int, int]]:
    """causal-learn's ``find_adj``: (j, i) for G[i, j] == -1 in row-major order, then
    the same for G[i, j] == 1."""
    M = np.array(G, dtype=int).reshape(p, p)
    tails = np.argwhere(M == -1)
    heads = np.argwhere(M == 1)
    return [(int(j), int(i)) for i, j in tails] + [(int(j), int(i)) for i, j in heads]


def _triples(G, p, order, shielded: bool) -> list[tuple[int, int, int]]:
    """``find_unshielded_triples`` (shielded=False) or ``find_triangles`` (True), in the
    order ``itertools.permutations(find_adj(), 2)`` produces them."""
    by_first: dict[int, list[int]] = defaultdict(list)
    for a, b in order:
        by_first[a].append(b)
    out = []
    for a, b in order:
        row = G[a]
        for c in by_first[b]:
            if c != a and (row[c] != 0) == shielded:
                out.append((a, b, c))
    return out


def _kites(G, triangles) -> list[tuple[int, int, int, int]]:
    """``find_kites``: (i, j, k, l) with triangles (i, j, l), (i, k, l), j < k, j and k
    not adjacent, in ``permutations(find_triangles(), 2)`` order."""
    by_ends: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, j, l in triangles:
        by_ends[(i, l)].append(j)
    out = []
    for i, j, l in triangles:
        row = G[j]
        for k in by_ends[(i, l)]:
            if j < k and row[k] == 0:
                out.append((i, j, k, l))
    return out


# ------------------------------------------------------------------ the three steps
def orient_skeleton(adjacency: np.ndarray, sepsets: dict[tuple[int, int], frozenset[int]],
                    forbidden: np.ndarray | None = None, required: np.ndarray | None = None) -> np.ndarray:
    """Orient a PC skeleton into causal-learn's PC output (endpoint matrix, see module).

    ``sepsets`` maps each non-adjacent pair (i < j) to its separating set;
    ``forbidden[a, b]`` / ``required[a, b]`` say a -> b is forbidden / required."""
    o = _Orienter(np.asarray(adjacency, dtype=bool))
    F = None if forbidden is None else np.asarray(forbidden, dtype=bool).tolist()
    R = None if required is None else np.asarray(required, dtype=bool).tolist()
    if F is not None:
        _orient_background(o, F, R)
    _orient_colliders(o, sepsets, F, R)
    o.settle_dpath()
    _meek(o, F, R)
    return o.matrix()


def _orient_background(o: _Orienter, F, R) -> None:
    """causal-learn's order of checks for each undirected i - j (i < j)."""
    for i in range(o.p):
        for j in range(i + 1, o.p):
            if not o.undirected(i, j):
                continue
            if F[j][i]:
                a, b = i, j
            elif F[i][j] or R[j][i]:
                a, b = j, i
            elif R[i][j]:
                a, b = i, j
            else:
                continue
            o.add_directed(a, b)


def _orient_colliders(o: _Orienter, sepsets, F, R) -> None:
    triples = [t for t in _triples(o.G, o.p, _adjacency_order(o.G, o.p), shielded=False) if t[0] < t[2]]
    for x, y, z in triples:
        if F is not None and (F[x][y] or F[z][y] or R[y][x] or R[y][z]):
            continue
        if y in sepsets.get((x, z), ()):
            continue
        if o.directed(y, x) or o.directed(y, z):
            continue
        o.orient(x, y)
        o.orient(z, y)


def _meek(o: _Orienter, F, R) -> None:
    G, p = o.G, o.p
    order = _adjacency_order(G, p)
    unshielded = _triples(G, p, order, shielded=False)
    triangles = _triples(G, p, order, shielded=True)
    kites = _kites(G, triangles)
    bk = F is not None
    changed = True
    while changed:
        changed = False
        for i, j, k in unshielded:       # R1: i -> j - k, i and k not adjacent => j -> k
            if G[i][j] == -1 and G[j][i] == 1 and G[j][k] == -1 and G[k][j] == -1:
                if bk and (F[j][k] or R[k][j]):
                    continue
                if o.ancestor(k, j):
                    continue
                o.orient(j, k)
                changed = True
        for i, j, k in triangles:        # R2: i -> j -> k, i - k => i -> k
            if o.directed(i, j) and o.directed(j, k) and o.undirected(i, k):
                if bk and (F[i][k] or R[k][i]):
                    continue
                if o.ancestor(k, i):
                    continue
                o.orient(i, k)
                changed = True
        for i, j, k, l in kites:         # R3: i - j -> l, i - k -> l, i - l, j, k not adjacent => i -> l
            if (o.undirected(i, j) and o.undirected(i, k) and o.directed(j, l) and o.directed(k, l)
                    and o.undirected(i, l)):
                if bk and (F[i][l] or R[l][i]):
                    continue
                if o.ancestor(l, i):
                    continue
                o.orient(i, l)
                changed = True
