"""VAR-LiNGAM (Hyvärinen et al. 2010, JMLR 11:1709): a structural VAR whose innovations
are non-Gaussian, so DirectLiNGAM on the VAR residuals identifies the contemporaneous
causal order. causal-learn finds that order; each series is then regressed by OLS on
its contemporaneous predecessors and all lags, and every coefficient is t-tested, so
each reported link (lagged or contemporaneous, always directed) carries a p-value.
Assumes stationarity, linearity, non-Gaussian independent innovations, an acyclic
contemporaneous structure, no hidden common causes and lags ≤ max_lag.
"""

from __future__ import annotations

import numpy as np

from tools.discovery.timeseries_links import (AlgorithmOutput, LaggedLink, LagSettings, adjust_p_values,
                                              sort_links)


def run_var_lingam(values: np.ndarray, names: list[str], settings: LagSettings) -> AlgorithmOutput:
    """Directed lagged and contemporaneous links with OLS t-test p-values."""
    data = (values - values.mean(axis=0)) / values.std(axis=0)
    order = contemporaneous_order(data, settings.max_lag, settings.seed)
    tests = []  # (cause, effect, lag, coefficient, p-value)
    for rank, effect in enumerate(order):
        tests += structural_equation_tests(data, effect, order[:rank], settings.max_lag)
    if not settings.contemporaneous:
        tests = [t for t in tests if t[2] > 0]
    adjusted = adjust_p_values(np.array([t[4] for t in tests]), settings.correction)
    links = [LaggedLink(names[c], names[e], lag, float(b), float(p))
             for (c, e, lag, b, _), p in zip(tests, adjusted) if p <= settings.alpha]
    return AlgorithmOutput(sort_links(links), {"causal_order": [names[i] for i in order]})


def contemporaneous_order(data: np.ndarray, max_lag: int, seed: int) -> list[int]:
    """Causal order of the contemporaneous structure from causal-learn's VAR-LiNGAM
    (VAR(max_lag) residuals, then DirectLiNGAM, which is deterministic)."""
    try:
        from causallearn.search.FCMBased.lingam import DirectLiNGAM, VARLiNGAM
    except ImportError as exc:  # pragma: no cover - causal-learn is a core dependency
        raise ImportError("VAR-LiNGAM needs causal-learn: pip install causal-learn") from exc

    model = VARLiNGAM(lags=max_lag, criterion=None, prune=False,
                      lingam_model=DirectLiNGAM(random_state=seed), random_state=seed)
    model.fit(data)
    return [int(i) for i in model.causal_order_]


def structural_equation_tests(data: np.ndarray, effect: int, predecessors: list[int],
                              max_lag: int) -> list[tuple[int, int, int, float, float]]:
    """OLS of X_effect(t) on an intercept, X_k(t) for earlier k in the causal order and
    X_j(t-τ) for all j, τ = 1..max_lag; a t-test per coefficient."""
    from scipy.special import stdtr

    n_rows, n = data.shape
    regressors = [(k, 0) for k in predecessors] + [(j, tau) for tau in range(1, max_lag + 1) for j in range(n)]
    design = np.column_stack([np.ones(n_rows - max_lag)]
                             + [data[max_lag - tau: n_rows - tau, j] for j, tau in regressors])
    target = data[max_lag:, effect]
    gram_inv = np.linalg.pinv(design.T @ design, hermitian=True)
    beta = gram_inv @ design.T @ target
    dof = design.shape[0] - design.shape[1]
    if dof < 1:
        raise ValueError("Too few time points for VAR-LiNGAM at this max_lag; lower max_lag.")
    sigma2 = float(((target - design @ beta) ** 2).sum()) / dof
    se = np.sqrt(sigma2 * np.diag(gram_inv))[1:]
    p = 2 * stdtr(dof, -np.abs(beta[1:] / se))
    return [(j, effect, tau, float(b), float(q)) for (j, tau), b, q in zip(regressors, beta[1:], p)]
