"""PCMCI with ParCorr (Runge et al. 2019, Science Advances 5:eaau4996).

1. PC1 condition selection: for each series, start from all lagged variables and drop
   those independent of it given the strongest other candidates (one combination per
   condition size, PC-stable), at the lenient level ``pc_alpha``.
2. MCI: test X_j(t-τ) → X_i(t) given the selected parents of X_i(t) and of X_j(t-τ);
   keep links with p ≤ alpha (after the chosen multiple-testing correction).
3. Optionally, a PC-stable skeleton over contemporaneous pairs given both series'
   significant lagged parents and their strongest contemporaneous neighbours (after the
   skeleton phase of PCMCI+); these links stay undirected.
Assumes stationarity, causal sufficiency, linear dependencies and lags ≤ max_lag.
"""

from __future__ import annotations

import numpy as np

from tools.discovery.timeseries_links import (AlgorithmOutput, LaggedLink, LagSettings, adjust_p_values,
                                              sort_links)
from tools.discovery.timeseries_parcorr import (LaggedCorrelation, lagged_correlation, parcorr_batch,
                                               parcorr_given, parcorr_leave_one_out)

PC_ALPHA = 0.2


def run_pcmci(values: np.ndarray, names: list[str], settings: LagSettings,
              pc_alpha: float = PC_ALPHA) -> AlgorithmOutput:
    """PCMCI lagged links (and undirected contemporaneous links if asked) with p-values."""
    data = _standardise(values)
    lc = lagged_correlation(data, 2 * settings.max_lag)
    parents = {i: select_conditions(lc, i, settings.max_lag, pc_alpha) for i in range(len(names))}
    lag_tests, lag_values, lag_p = mci_tests(lc, parents, settings.max_lag)
    links = [(x_col, i, v, p) for (x_col, i, _), v, p in zip(lag_tests, lag_values, lag_p)]
    contemp: list[tuple[int, int, float, float]] = []
    if settings.contemporaneous:
        lagged_parents = _significant_parents(lc, links, settings.alpha)
        contemp = contemporaneous_skeleton(lc, lagged_parents, settings.alpha)
    all_p = np.array([l[3] for l in links] + [c[3] for c in contemp])
    adjusted = adjust_p_values(all_p, settings.correction)
    found = []
    for (x_col, i, v, _), p in zip(links, adjusted[:len(links)]):
        if p <= settings.alpha:
            lag, j = divmod(x_col, lc.n_series)
            found.append(LaggedLink(names[j], names[i], lag, float(v), float(p)))
    for (i, j, v, _), p in zip(contemp, adjusted[len(links):]):
        if p <= settings.alpha:
            found.append(LaggedLink(names[i], names[j], 0, float(v), float(p), directed=False))
    selected = {names[i]: len(ps) for i, ps in parents.items()}
    return AlgorithmOutput(sort_links(found), {"pc_alpha": pc_alpha, "conditions_selected": selected,
                                               "n_tests": int(all_p.size)})


def select_conditions(lc: LaggedCorrelation, target: int, max_lag: int, pc_alpha: float) -> list[int]:
    """PC1: the lagged variables (design columns) kept as conditions for ``target``,
    strongest first. Round ``size`` tests every candidate given the ``size`` strongest
    other candidates (one combination, PC-stable: removals apply after the round)."""
    y = lc.index(target, 0)
    candidates = [lc.index(j, tau) for tau in range(1, max_lag + 1) for j in range(lc.n_series)]
    weakest = {c: np.inf for c in candidates}
    size = 0
    while candidates and size <= len(candidates) - 1:
        vals, pvals = _round_tests(lc, y, candidates, size)
        for c, v in zip(candidates, np.abs(vals)):
            weakest[c] = min(weakest[c], float(v))
        kept = [c for c, p in zip(candidates, pvals) if p <= pc_alpha]
        candidates = sorted(kept, key=lambda c: (-weakest[c], c))
        size += 1
    return candidates


def _round_tests(lc: LaggedCorrelation, y: int, ranked: list[int], size: int):
    """Each candidate given the ``size`` strongest others: candidates outside the top
    ``size`` share one conditioning set; each of the top ``size + 1`` is conditioned on
    the rest of the top ``size + 1``."""
    if size == 0:
        return parcorr_given(lc, y, ranked, [])
    head, tail = ranked[:size + 1], ranked[size + 1:]
    vals, pvals = np.empty(len(ranked)), np.empty(len(ranked))
    vals[:len(head)], pvals[:len(head)] = parcorr_leave_one_out(lc, y, head)
    if tail:
        vals[len(head):], pvals[len(head):] = parcorr_given(lc, y, tail, ranked[:size])
    return vals, pvals


def mci_tests(lc: LaggedCorrelation, parents: dict[int, list[int]], max_lag: int):
    """Momentary conditional independence test of every X_j(t-τ) → X_i(t), τ = 1..max_lag,
    given parents(X_i(t)) minus X_j(t-τ) and parents(X_j) shifted back by τ."""
    n = lc.n_series
    tests = []
    for i in range(n):
        for tau in range(1, max_lag + 1):
            for j in range(n):
                x = lc.index(j, tau)
                shifted = [c + tau * n for c in parents[j]]
                z = tuple(dict.fromkeys([c for c in parents[i] if c != x] + shifted))
                tests.append((x, i, z))
    vals, pvals = parcorr_batch(lc, [(x, lc.index(i, 0), z) for x, i, z in tests])
    return tests, vals, pvals


def _significant_parents(lc: LaggedCorrelation, links, alpha: float) -> dict[int, list[int]]:
    parents: dict[int, list[int]] = {i: [] for i in range(lc.n_series)}
    for x_col, i, _, p in links:
        if p <= alpha:
            parents[i].append(x_col)
    return parents


def contemporaneous_skeleton(lc: LaggedCorrelation, lagged_parents: dict[int, list[int]],
                             alpha: float) -> list[tuple[int, int, float, float]]:
    """PC-stable removal of X_i(t) — X_j(t) pairs given both series' lagged parents plus
    the ``size`` contemporaneous neighbours of i most associated with i (one combination
    per size, as in PC1). Returns surviving pairs with the partial correlation and the
    largest p-value seen."""
    n = lc.n_series
    adjacent = {i: set(range(n)) - {i} for i in range(n)}
    strength = {(i, j): np.inf for i in range(n) for j in range(n) if i != j}
    worst: dict[tuple[int, int], tuple[float, float]] = {}
    size = 0
    while any(len(adjacent[i]) - 1 >= size for i in range(n)):
        tests, owners = [], []
        for i in range(n):
            ranked = sorted(adjacent[i], key=lambda k: (-strength[(i, k)], k))
            for j in ranked:
                if size == 0 and i > j or len(ranked) - 1 < size:
                    continue
                others = [lc.index(k, 0) for k in ranked if k != j][:size]
                base = list(dict.fromkeys(lagged_parents[i] + lagged_parents[j]))
                tests.append((lc.index(i, 0), lc.index(j, 0), tuple(base + others)))
                owners.append((i, j))
        vals, pvals = parcorr_batch(lc, tests)
        removed = set()
        for (i, j), v, p in zip(owners, vals, pvals):
            pair = (min(i, j), max(i, j))
            for key in ((i, j), (j, i)):
                strength[key] = min(strength[key], abs(float(v)))
            if p > worst.get(pair, (0.0, -1.0))[1]:
                worst[pair] = (float(v), float(p))
            if p > alpha:
                removed.add(pair)
        for i, j in removed:
            adjacent[i].discard(j)
            adjacent[j].discard(i)
        size += 1
    return [(i, j, *worst[(i, j)]) for i in range(n) for j in sorted(adjacent[i]) if i < j]


def _standardise(values: np.ndarray) -> np.ndarray:
    return (values - values.mean(axis=0)) / values.std(axis=0)
