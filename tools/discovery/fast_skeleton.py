"""The PC skeleton search (adjacency phase) with every CI test of a level in one batch.

Semantics are causal-learn's ``SkeletonDiscovery.skeleton_discovery`` with Fisher-z:

* Levels d = 0, 1, ... run while some node has degree > d (and d <= ``max_k``).
* Stable (PC-stable): at level d every ordered adjacent pair (x, y) is tested against
  *every* d-subset S of adj(x) \\ {y} taken from the adjacencies at the start of the
  level; an edge goes if any test has p > alpha, and its separating set is the *union*
  of all such S from both sides (causal-learn unions them; the v-structure rule asks
  only whether the middle node is in it).
* Not stable: x = 0..p-1 in turn; adj(x) is read when x's turn starts; for each y the
  first S (in ``itertools.combinations`` order) with p > alpha removes the edge at
  once and is its separating set.
* A pair forbidden in both directions by background knowledge is removed (with an
  empty separating set) where causal-learn removes it.

Since the tests of one level do not depend on each other's outcome (stable) or on
anything but adj(x) (not stable), they are computed in stacked numpy calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, islice
from math import comb
from typing import Iterator

import numpy as np

from tools.cancel import checkpoint
from tools.discovery.fast_fisherz import fisherz_independent

# Bound on the tests assembled at once (index arrays of this many rows).
MAX_TESTS_PER_BATCH = 400_000


@dataclass
class Skeleton:
    """Adjacencies left after the CI tests, and a separating set per removed pair.

    ``sepsets[(i, j)]`` (i < j) is the union of the sets that separated i and j at the
    level where their edge was removed (empty for marginal independence)."""

    adjacency: np.ndarray
    sepsets: dict[tuple[int, int], frozenset[int]] = field(default_factory=dict)
    n_tests: int = 0
    depth_reached: int = -1


@lru_cache(maxsize=256)
def _level_pattern(k: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """For a node with k sorted neighbours: every (y position t, d-subset of the other
    positions) as arrays t (m,) and positions (m, d), ordered by t, then subsets in
    ``itertools.combinations`` order. Only used while m is small (see ``_position_batches``)."""
    subsets = list(combinations(range(k - 1), d))
    base = np.array(subsets, dtype=np.intp).reshape(len(subsets), d)
    t = np.repeat(np.arange(k), len(base))
    pos = np.concatenate([base + (base >= j) for j in range(k)]) if k else base
    return t, pos.reshape(len(t), d)


def _position_batches(k: int, d: int, limit: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The pattern of ``_level_pattern`` in order, in pieces of at most ``limit`` rows, built
    lazily when it is large (a hub with many neighbours at a deep level)."""
    if k * comb(k - 1, d) <= limit:
        yield _level_pattern(k, d)
        return
    for j in range(k):
        subsets = combinations(range(k - 1), d)
        while chunk := list(islice(subsets, limit)):
            base = np.array(chunk, dtype=np.intp).reshape(len(chunk), d)
            yield np.full(len(base), j), base + (base >= j)


def _level_tests(adj: np.ndarray, d: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Batches (x, y, S) of every test of stable level d: all ordered adjacent (x, y) and
    d-subsets S of adj(x) minus y (level 0: each unordered pair once, S empty)."""
    if d == 0:
        xs, ys = np.nonzero(np.triu(adj, 1))
        yield xs, ys, np.empty((len(xs), 0), dtype=np.intp)
        return
    degree = adj.sum(axis=1)
    for k in np.unique(degree).tolist():
        if k - 1 < d:
            continue
        nodes = np.flatnonzero(degree == k)
        neigh = np.nonzero(adj[nodes])[1].reshape(len(nodes), k)  # row-major: sorted per node
        per_node = k * comb(k - 1, d)
        if per_node <= MAX_TESTS_PER_BATCH:
            t, pos = _level_pattern(k, d)
            rows = max(1, MAX_TESTS_PER_BATCH // per_node)
            for start in range(0, len(nodes), rows):
                block = neigh[start:start + rows]
                x = np.repeat(nodes[start:start + rows], per_node)
                yield x, block[:, t].ravel(), block[:, pos].reshape(len(x), d)
        else:
            for x, row in zip(nodes.tolist(), neigh):
                for t, pos in _position_batches(k, d, MAX_TESTS_PER_BATCH):
                    yield np.full(len(t), x), row[t], row[pos]


def _max_degree(adj: np.ndarray) -> int:
    return int(adj.sum(axis=1).max()) if adj.size else 0


def skeleton_search(corr: np.ndarray, n: int, alpha: float, max_k: int | None = None,
                    stable: bool = True, banned: np.ndarray | None = None) -> Skeleton:
    """Run the adjacency phase of PC on a correlation matrix from ``n`` rows.

    ``banned[i, j]`` marks pairs forbidden in both directions by background knowledge.
    Returns the ``Skeleton``; assumes the Fisher-z test's linear-Gaussian model."""
    p = corr.shape[0]
    adj = ~np.eye(p, dtype=bool)
    result = Skeleton(adjacency=adj)
    banned = np.zeros((p, p), dtype=bool) if banned is None else np.asarray(banned, dtype=bool)
    depth = -1
    while _max_degree(adj) - 1 > depth:
        depth += 1
        if max_k is not None and depth > max_k:
            break
        result.depth_reached = depth
        if stable:
            _stable_level(corr, n, alpha, depth, adj, banned, result)
        else:
            _sequential_level(corr, n, alpha, depth, adj, banned, result)
    result.adjacency = adj
    return result


def _stable_level(corr, n, alpha, d, adj, banned, result: Skeleton) -> None:
    p = adj.shape[0]
    remove = banned & adj
    found: dict[tuple[int, int], frozenset[int]] = {}
    for x, y, s in _level_tests(adj, d):
        checkpoint()
        hit = fisherz_independent(corr, x, y, s, n, alpha)
        result.n_tests += len(x)
        x, y, s = x[hit], y[hit], s[hit]
        remove[x, y] = True
        remove[y, x] = True
        if d > 0 and len(x):
            _union_sepsets(found, x, y, s, p)
    lo, hi = np.nonzero(np.triu(remove, 1))
    for i, j in zip(lo.tolist(), hi.tolist()):
        result.sepsets[(i, j)] = found.get((i, j), frozenset())
    adj &= ~remove


def _union_sepsets(sepsets: dict, x: np.ndarray, y: np.ndarray, s: np.ndarray, p: int) -> None:
    """sepsets[(i, j)] |= every S that separated i and j (deduplicated in numpy first)."""
    key = np.minimum(x, y).astype(np.int64) * p + np.maximum(x, y)
    code = np.unique((key[:, None] * p + s).ravel())
    pair, member = np.divmod(code, p)
    starts = np.flatnonzero(np.r_[True, np.diff(pair) != 0]).tolist()
    members = member.tolist()
    for a, b, key in zip(starts, starts[1:] + [len(members)], pair[starts].tolist()):
        pair_key = divmod(key, p)
        sepsets[pair_key] = sepsets.get(pair_key, frozenset()).union(members[a:b])


def _sequential_level(corr, n, alpha, d, adj, banned, result: Skeleton) -> None:
    p = adj.shape[0]
    for x in range(p):
        checkpoint()
        neigh = np.flatnonzero(adj[x])
        k = len(neigh)
        if k < d - 1 or k == 0:
            continue
        first: dict[int, tuple[int, ...]] = {}  # y position -> first separating S
        if d <= k - 1:  # otherwise no tests, but a ban can still remove an edge
            for t, pos in _position_batches(k, d, MAX_TESTS_PER_BATCH):
                s = neigh[pos]
                hit = fisherz_independent(corr, np.full(len(t), x), neigh[t], s, n, alpha)
                result.n_tests += len(t)
                for row in np.flatnonzero(hit).tolist():
                    first.setdefault(int(t[row]), tuple(s[row].tolist()))
        for j, y in enumerate(neigh.tolist()):
            if banned[x, y]:
                # causal-learn removes the edge and leaves x's remaining neighbours for this level.
                _drop(adj, result, x, y, ())
                break
            if j in first:
                _drop(adj, result, x, y, first[j])


def _drop(adj, result: Skeleton, x: int, y: int, sepset: tuple) -> None:
    adj[x, y] = adj[y, x] = False
    result.sepsets[(min(x, y), max(x, y))] = frozenset(sepset)
