"""Multivariate Granger causality: one VAR fitted by OLS, lag order by AIC or BIC.

X Granger-causes Y when X's past improves the prediction of Y given the past of every
series in the model (conditional, not pairwise, Granger causality): an F (Wald) test that
all of X's lag coefficients in Y's equation are zero. A lag is reported for a
significant pair when its own coefficient's t-test is significant too. Contemporaneous
links are instantaneous causality tests (correlated innovations), which cannot be
directed. Assumes stationarity, linearity, no hidden common causes and lags ≤ max_lag.
"""

from __future__ import annotations

import numpy as np

from tools.discovery.timeseries_links import (AlgorithmOutput, LaggedLink, LagSettings, adjust_p_values,
                                              sort_links)

LAG_CRITERIA = ("aic", "bic")


def run_granger(values: np.ndarray, names: list[str], settings: LagSettings,
                criterion: str = "aic") -> AlgorithmOutput:
    """Conditional Granger tests for every (cause, effect) pair, self-links included."""
    data = (values - values.mean(axis=0)) / values.std(axis=0)
    order, scores = select_lag_order(data, settings.max_lag, criterion)
    fit = fit_var(data, order)
    n = len(names)
    f_p = np.array([[fit.wald_p(cause, effect) for cause in range(n)] for effect in range(n)])
    contemp = fit.innovation_tests() if settings.contemporaneous else []
    adjusted = adjust_p_values(np.concatenate([f_p.ravel(), [c[3] for c in contemp]]), settings.correction)
    pair_p = adjusted[:n * n].reshape(n, n)
    links, notes = [], []
    for effect in range(n):
        for cause in range(n):
            if pair_p[effect, cause] > settings.alpha:
                continue
            coef, lag_p = fit.lag_tests(cause, effect)
            lags = [k for k in range(order) if lag_p[k] <= settings.alpha]
            if not lags:
                notes.append(f"{names[cause]} Granger-causes {names[effect]} (F-test p={pair_p[effect, cause]:.2g}) "
                             "but no single lag is significant; not listed as a link.")
            for k in lags:
                links.append(LaggedLink(names[cause], names[effect], k + 1, float(coef[k]),
                                        float(max(pair_p[effect, cause], lag_p[k]))))
    for (i, j, r, _), p in zip(contemp, adjusted[n * n:]):
        if p <= settings.alpha:
            links.append(LaggedLink(names[i], names[j], 0, float(r), float(p), directed=False))
    params = {"lag_order": order, "criterion": criterion, "information_criteria": scores}
    return AlgorithmOutput(sort_links(links), params, notes)


def select_lag_order(data: np.ndarray, max_lag: int, criterion: str) -> tuple[int, dict[int, float]]:
    """VAR order 1..max_lag minimising AIC or BIC, all fitted on the same rows."""
    if criterion not in LAG_CRITERIA:
        raise ValueError(f"Unknown lag-order criterion {criterion!r}; choose one of {LAG_CRITERIA}.")
    scores = {}
    for p in range(1, max_lag + 1):
        fit = fit_var(data, p, start=max_lag)
        n_obs, n = fit.resid.shape
        _, logdet = np.linalg.slogdet(fit.resid.T @ fit.resid / n_obs)
        penalty = 2.0 if criterion == "aic" else np.log(n_obs)
        scores[p] = float(logdet + penalty * p * n * n / n_obs)
    return min(scores, key=scores.get), scores


class VARFit:
    """OLS fit of a VAR(p) with intercept; columns of the design are 1, then X_j(t-k)
    at column 1 + (k-1)·N + j."""

    def __init__(self, design: np.ndarray, target: np.ndarray, order: int):
        self.order = order
        self.n_series = target.shape[1]
        gram_inv = np.linalg.pinv(design.T @ design, hermitian=True)
        self.coef = gram_inv @ design.T @ target  # (1 + N·p) × N
        self.resid = target - design @ self.coef
        self.dof = design.shape[0] - design.shape[1]
        if self.dof < 1:
            raise ValueError("Too few time points for this VAR order; lower max_lag.")
        self.sigma2 = (self.resid ** 2).sum(axis=0) / self.dof
        self.gram_inv = gram_inv

    def _columns(self, cause: int) -> np.ndarray:
        return 1 + np.arange(self.order) * self.n_series + cause

    def wald_p(self, cause: int, effect: int) -> float:
        """F-test p-value that all lags of ``cause`` have zero coefficient for ``effect``."""
        from scipy.special import fdtrc

        cols = self._columns(cause)
        beta = self.coef[cols, effect]
        block = self.gram_inv[np.ix_(cols, cols)]
        stat = float(beta @ np.linalg.solve(block, beta)) / (self.order * self.sigma2[effect])
        return float(fdtrc(self.order, self.dof, stat))

    def lag_tests(self, cause: int, effect: int) -> tuple[np.ndarray, np.ndarray]:
        """Coefficient and t-test p-value of each lag of ``cause`` in ``effect``'s equation."""
        from scipy.special import stdtr

        cols = self._columns(cause)
        beta = self.coef[cols, effect]
        se = np.sqrt(self.sigma2[effect] * np.diag(self.gram_inv)[cols])
        return beta, 2 * stdtr(self.dof, -np.abs(beta / se))

    def innovation_tests(self) -> list[tuple[int, int, float, float]]:
        """Correlation of each pair of residual series and its t-test p-value."""
        from scipy.special import stdtr

        corr = np.corrcoef(self.resid, rowvar=False)
        dof = self.dof - 1
        out = []
        for i in range(self.n_series):
            for j in range(i + 1, self.n_series):
                r = float(np.clip(corr[i, j], -1 + 1e-12, 1 - 1e-12))
                t = abs(r) * np.sqrt(dof / (1 - r * r))
                out.append((i, j, r, float(2 * stdtr(dof, -t))))
        return out


def fit_var(data: np.ndarray, order: int, start: int | None = None) -> VARFit:
    """VAR(order) over rows t = start..T-1 (start defaults to the order)."""
    start = order if start is None else start
    n_rows = data.shape[0]
    lags = [data[start - k: n_rows - k] for k in range(1, order + 1)]
    design = np.hstack([np.ones((n_rows - start, 1))] + lags)
    return VARFit(design, data[start:], order)
