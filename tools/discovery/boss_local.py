"""BOSS for many variables: the search restricted to candidate parents.

Plain BOSS (``boss.py``, causal-learn's grow-shrink trees) lets every variable be a
parent of every other, so one pass of order moves costs O(p^3) Python steps: 534 s for
one start at p = 500. A parent of v in the true DAG is adjacent to v, and PC's skeleton
at a loose alpha keeps nearly every adjacency (recall 0.999 at p = 500, n = 5k, alpha
0.01), so here each variable's parents are chosen only among its skeleton neighbours
(as MMHC restricts hill climbing), joined with the Markov blanket from partial
correlations, which also holds the parents a wrong order needs (spouses). Moving v along the order then changes only the
scores of v and of its neighbours, and only where v passes a neighbour, so a move is
scored at those few places instead of at all p positions.

Same score (linear-Gaussian BIC from the covariance, penalty lambda) and the same
grow-shrink trees as BOSS; restarts from seeded random orders, the best-scoring order
wins; the result is the CPDAG of the best DAG.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from tools.cancel import checkpoint

LOOSE_ALPHA = 0.05      # candidate skeleton: loose, so true adjacencies are rarely missing
CANDIDATE_DEPTH = 2     # conditioning sets up to 2 remove most spurious candidates cheaply
MB_ALPHA = 0.001        # partial-correlation screen for the Markov blanket
MB_ROWS_PER_VARIABLE = 3  # the screen needs n well above p (its test has n - p - 1 degrees of freedom)
MOVE_GAIN = 1e-6        # a move must raise the total score by more than this


@dataclass
class _Node:
    """A grow-shrink tree node: the parent set reached by the adds on its path."""

    add: int | None
    grow_score: float
    shrink_score: float
    branches: list["_Node"] | None = None
    remove: list[int] | None = None


@dataclass
class _Tree:
    """Cached grow-shrink parent selection for one variable over its candidates."""

    vertex: int
    candidates: list[int]
    score: Callable[[int, list[int]], float]
    root: _Node = field(init=False)

    def __post_init__(self) -> None:
        empty = self.score(self.vertex, [])
        self.root = _Node(None, empty, empty)

    def trace(self, is_before: Callable[[int], bool]) -> tuple[float, list[int]]:
        """Best parent set (score, parents) among the candidates that precede the vertex."""
        available = list(self.candidates)
        parents: list[int] = []
        node = self.root
        while True:
            if node.branches is None:
                self._grow(node, available, parents)
            nxt = None
            for branch in node.branches:
                available.remove(branch.add)
                if is_before(branch.add):
                    nxt = branch
                    break
            if nxt is None:
                break
            parents.append(nxt.add)
            node = nxt
        if node.remove is None:
            self._shrink(node, parents)
        else:
            for r in node.remove:
                parents.remove(r)
        return node.shrink_score, parents

    def _grow(self, node: _Node, available: list[int], parents: list[int]) -> None:
        branches = []
        for add in available:
            s = self.score(self.vertex, parents + [add])
            if s > node.grow_score:
                branches.append(_Node(add, s, s))
        node.branches = sorted(branches, key=lambda b: b.grow_score, reverse=True)

    def _shrink(self, node: _Node, parents: list[int]) -> None:
        node.remove = []
        while True:
            best = None
            for r in list(parents):
                s = self.score(self.vertex, [q for q in parents if q != r])
                if s > node.shrink_score:
                    node.shrink_score, best = s, r
            if best is None:
                return
            node.remove.append(best)
            parents.remove(best)


def cached_score(values: np.ndarray, penalty: float) -> Callable[[int, list[int]], float]:
    """Linear-Gaussian BIC (``scores.bic_score_function``), memoised by parent set."""
    from tools.discovery.scores import bic_score_function

    raw = bic_score_function(values, penalty)
    cache: dict[tuple[int, frozenset], float] = {}

    def score(v: int, parents: list[int]) -> float:
        key = (v, frozenset(parents))
        if key not in cache:
            cache[key] = raw(None, v, sorted(parents))
        return cache[key]

    return score


def candidate_neighbours(values: np.ndarray, alpha: float = MB_ALPHA,
                         skeleton: np.ndarray | None = None) -> list[list[int]]:
    """Each variable's estimated Markov blanket (parents, children, spouses): the pairs whose
    partial correlation given all other variables is significant (Fisher z on the inverse
    correlation matrix), joined with a PC skeleton (``skeleton``, else PC's at a loose alpha
    and shallow depth). The screen needs n well above p; with fewer rows only the loose
    skeleton is used."""
    from tools.discovery.fast_fisherz import correlation_matrix
    from tools.discovery.fast_skeleton import skeleton_search

    n, p = values.shape
    corr = correlation_matrix(values)
    if n >= MB_ROWS_PER_VARIABLE * p:
        adjacency = markov_blanket_screen(corr, n, alpha)
        if skeleton is not None:
            adjacency |= np.asarray(skeleton, dtype=bool)
    else:
        adjacency = np.asarray(skeleton_search(corr, n, LOOSE_ALPHA, max_k=CANDIDATE_DEPTH).adjacency, dtype=bool)
    np.fill_diagonal(adjacency, False)
    return [[int(u) for u in np.flatnonzero(adjacency[v])] for v in range(p)]


def markov_blanket_screen(corr: np.ndarray, n: int, alpha: float) -> np.ndarray:
    """Pairs whose partial correlation given all other variables differs from 0 at ``alpha``."""
    from scipy import stats

    p = corr.shape[0]
    theta = np.linalg.pinv(corr)
    scale = np.sqrt(np.clip(np.diag(theta), 1e-12, None))
    partial = np.clip(-theta / np.outer(scale, scale), -0.999999, 0.999999)
    z = np.abs(np.arctanh(partial)) * np.sqrt(max(n - p - 1, 1))
    return 2 * stats.norm.sf(z) < alpha


class _OrderSearch:
    """One BOSS run over an order, with positions kept for O(1) precedence checks."""

    def __init__(self, trees: list[_Tree], order: list[int]):
        self.trees = trees
        self.order = order
        self.pos = np.empty(len(order), dtype=np.int64)
        self._reindex()
        # v's move changes v's score and the scores of the variables that may take v as a parent
        self.related = [set(t.candidates) for t in trees]
        for t in trees:
            for u in t.candidates:
                self.related[u].add(t.vertex)

    def _reindex(self) -> None:
        self.pos[np.asarray(self.order, dtype=np.int64)] = np.arange(len(self.order))

    def _score_of(self, w: int, v: int, v_before_w: bool) -> float:
        pos, pw = self.pos, self.pos[w]
        return self.trees[w].trace(lambda u: v_before_w if u == v else pos[u] < pw)[0]

    def better_mutation(self, v: int) -> bool:
        """Move v to the place in the order that most raises the total score, if any."""
        pos = self.pos
        current = int(pos[v])
        related = sorted(self.related[v], key=lambda w: pos[w])
        # slot k: v placed right after the first k related variables (in order)
        neighbour_scores = [self._score_of(w, v, True) for w in related]
        totals = []
        running = sum(neighbour_scores)
        for k in range(len(related) + 1):
            cut = int(pos[related[k - 1]]) if k else -1
            own = self.trees[v].trace(lambda u, cut=cut: pos[u] <= cut)[0]
            totals.append(own + running)
            if k < len(related):
                w = related[k]
                running += self._score_of(w, v, False) - neighbour_scores[k]
        here = sum(1 for w in related if pos[w] < current)
        best = max(range(len(totals)), key=lambda k: (totals[k], -abs(k - here)))
        if totals[best] <= totals[here] + MOVE_GAIN:
            return False
        self.order.remove(v)
        index = self.order.index(related[best - 1]) + 1 if best else 0
        self.order.insert(index, v)
        self._reindex()
        return True

    def run(self, rng: np.random.Generator) -> None:
        variables = list(range(len(self.order)))
        improved = True
        while improved:
            improved = False
            rng.shuffle(variables)
            for v in variables:
                checkpoint()
                improved |= self.better_mutation(v)

    def parents(self) -> tuple[dict[int, list[int]], float]:
        pos, out, total = self.pos, {}, 0.0
        for v in self.order:
            pv = pos[v]
            s, pa = self.trees[v].trace(lambda u, pv=pv: pos[u] < pv)
            out[v], total = sorted(pa), total + s
        return out, total


def directed_order(arrows: np.ndarray) -> list[int]:
    """A topological order of the directed edges ``arrows[i, j]`` (i -> j); on a cycle the
    node with the fewest unplaced parents goes first."""
    remaining = np.asarray(arrows, dtype=bool).copy()
    left = list(range(remaining.shape[0]))
    order: list[int] = []
    while left:
        indegree = remaining[np.ix_(left, left)].sum(axis=0)
        pick = left[int(np.argmin(indegree))]
        order.append(pick)
        left.remove(pick)
        remaining[pick, :] = False
    return order


def pc_start(values: np.ndarray, alpha: float) -> tuple[list[int], np.ndarray]:
    """PC's graph as a start near the answer: an order that agrees with its oriented
    edges, and its skeleton (candidate adjacencies)."""
    from tools.discovery.fast_pc import fast_pc

    result = fast_pc(values, alpha)
    m = result.matrix
    return directed_order((m == -1) & (m.T == 1)), np.asarray(result.skeleton, dtype=bool)


def boss_local_search(values: np.ndarray, penalty: float = 1.0, restarts: int = 3, seed: int = 0,
                      neighbours: list[list[int]] | None = None,
                      start: list[int] | None = None) -> tuple[dict[int, list[int]], float]:
    """Best order over ``restarts`` starts with parents restricted to ``neighbours``
    (default: ``candidate_neighbours``): (parents by column index, total score)."""
    values = np.asarray(values, dtype=float)
    p = values.shape[1]
    neighbours = candidate_neighbours(values) if neighbours is None else neighbours
    score = cached_score(values, penalty)
    trees = [_Tree(v, list(neighbours[v]), score) for v in range(p)]  # caches shared by restarts
    rng = np.random.default_rng(seed)
    best: tuple[dict[int, list[int]], float] | None = None
    first = list(range(p)) if start is None else list(start)
    for run in range(max(1, restarts)):
        order = (list(first) if run == 0 else [int(v) for v in rng.permutation(p)])
        search = _OrderSearch(trees, order)
        search.run(rng)
        found = search.parents()
        if best is None or found[1] > best[1] + 1e-9:
            best = found
    return best
