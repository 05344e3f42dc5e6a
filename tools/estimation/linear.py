"""Least squares with heteroskedasticity- or cluster-robust covariance, two-stage least
squares, and a ridge-stabilised logistic regression, in numpy (no statsmodels import)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class LinearFit:
    """Coefficients with a robust covariance (HC1, or CR1 when clustered)."""

    beta: np.ndarray
    cov: np.ndarray
    resid: np.ndarray
    n: int
    k: int
    df_resid: int
    n_clusters: int | None = None

    def se(self, j: int) -> float:
        return float(np.sqrt(max(self.cov[j, j], 0.0)))

    def contrast(self, a: np.ndarray) -> tuple[float, float]:
        """Estimate and standard error of the linear combination a'beta."""
        return float(a @ self.beta), float(np.sqrt(max(a @ self.cov @ a, 0.0)))


def add_intercept(X: np.ndarray) -> np.ndarray:
    return np.column_stack([np.ones(len(X)), X])


def _bread(X: np.ndarray) -> np.ndarray:
    xtx = X.T @ X
    try:
        return np.linalg.inv(xtx)
    except np.linalg.LinAlgError:
        return np.linalg.pinv(xtx)


def _robust_cov(Xs: np.ndarray, e: np.ndarray, bread: np.ndarray, cluster: np.ndarray | None
                ) -> tuple[np.ndarray, int | None]:
    n, k = Xs.shape
    scores = Xs * e[:, None]
    if cluster is None:
        meat = scores.T @ scores
        factor = n / max(n - k, 1)
        return factor * bread @ meat @ bread, None
    codes, inverse = np.unique(cluster, return_inverse=True)
    g = len(codes)
    summed = np.zeros((g, k))
    np.add.at(summed, inverse, scores)
    meat = summed.T @ summed
    factor = (g / max(g - 1, 1)) * ((n - 1) / max(n - k, 1))
    return factor * bread @ meat @ bread, g


def ols(X: np.ndarray, y: np.ndarray, *, weights: np.ndarray | None = None,
        cluster: np.ndarray | None = None) -> LinearFit:
    """(Weighted) least squares of y on X (X must already contain an intercept column).
    Covariance: HC1 robust, or CR1 cluster-robust when ``cluster`` is given."""
    sw = np.sqrt(weights) if weights is not None else None
    Xs = X * sw[:, None] if sw is not None else X
    ys = y * sw if sw is not None else y
    bread = _bread(Xs)
    beta = bread @ (Xs.T @ ys)
    resid = y - X @ beta
    es = resid * sw if sw is not None else resid
    cov, g = _robust_cov(Xs, es, bread, cluster)
    n, k = X.shape
    return LinearFit(beta=beta, cov=cov, resid=resid, n=n, k=k, df_resid=max(n - k, 1), n_clusters=g)


def ols_beta(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Point estimate only (refits, bootstrap replicates): normal equations via Cholesky,
    falling back to an SVD least-squares solve when X'X is (nearly) singular."""
    xtx = X.T @ X
    try:
        L = np.linalg.cholesky(xtx)
        diag = np.abs(np.diag(L))
        if diag.min() > 1e-7 * diag.max():
            return np.linalg.solve(L.T, np.linalg.solve(L, X.T @ y))
    except np.linalg.LinAlgError:
        pass
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return beta


def classic_se(X: np.ndarray, resid: np.ndarray) -> np.ndarray:
    """Homoskedastic standard errors (used by the omitted-variable-bias formulas)."""
    n, k = X.shape
    sigma2 = resid @ resid / max(n - k, 1)
    return np.sqrt(np.clip(np.diag(_bread(X)) * sigma2, 0, None))


def tsls(X: np.ndarray, Z: np.ndarray, y: np.ndarray, *, weights: np.ndarray | None = None,
         cluster: np.ndarray | None = None) -> LinearFit:
    """Two-stage least squares: X endogenous + exogenous regressors, Z instruments +
    the same exogenous regressors (both with intercept). Robust covariance on the
    second-stage residuals computed with the actual X."""
    sw = np.sqrt(weights) if weights is not None else None
    Xs = X * sw[:, None] if sw is not None else X
    Zs = Z * sw[:, None] if sw is not None else Z
    ys = y * sw if sw is not None else y
    proj = _bread(Zs) @ (Zs.T @ Xs)
    Xhat = Zs @ proj
    bread = _bread(Xhat)
    beta = bread @ (Xhat.T @ ys)
    resid = y - X @ beta
    es = resid * sw if sw is not None else resid
    cov, g = _robust_cov(Xhat, es, bread, cluster)
    n, k = X.shape
    return LinearFit(beta=beta, cov=cov, resid=resid, n=n, k=k, df_resid=max(n - k, 1), n_clusters=g)


def wald_f(fit: LinearFit, idx: list[int]) -> float:
    """Robust Wald statistic / q for H0: beta[idx] = 0 (the first-stage F with robust SE)."""
    b = fit.beta[idx]
    V = fit.cov[np.ix_(idx, idx)]
    try:
        stat = float(b @ np.linalg.solve(V, b))
    except np.linalg.LinAlgError:
        stat = float(b @ np.linalg.pinv(V) @ b)
    return stat / len(idx)


def logistic(X: np.ndarray, t: np.ndarray, *, ridge: float = 1.0, max_iter: int = 100) -> np.ndarray:
    """Probabilities from a logistic regression of binary t on X (no intercept column needed).
    Covariates are standardised and a small L2 penalty (``ridge``, not on the intercept)
    keeps the fit finite under separation. Damped Newton-Raphson (step halving on the
    penalised log-likelihood), deterministic."""
    n = len(t)
    if X.shape[1] == 0:
        return np.full(n, t.mean())
    mu, sd = X.mean(axis=0), X.std(axis=0)
    Z = add_intercept((X - mu) / np.where(sd == 0, 1.0, sd))
    beta = np.zeros(Z.shape[1])
    beta[0] = np.log(t.mean() / (1 - t.mean()))
    penalty = np.full(Z.shape[1], ridge)
    penalty[0] = 0.0

    def objective(b: np.ndarray) -> float:
        eta = Z @ b
        return float(np.sum(np.logaddexp(0.0, eta) - t * eta) + 0.5 * np.sum(penalty * b ** 2))

    current = objective(beta)
    for _ in range(max_iter):
        p = 1.0 / (1.0 + np.exp(-np.clip(Z @ beta, -30, 30)))
        w = p * (1 - p)
        grad = Z.T @ (t - p) - penalty * beta
        hess = (Z * w[:, None]).T @ Z + np.diag(penalty) + 1e-8 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        scale = 1.0
        for _ in range(40):
            candidate = objective(beta + scale * step)
            if candidate <= current + 1e-12:
                break
            scale /= 2
        else:
            break
        beta, improvement, current = beta + scale * step, current - candidate, candidate
        if np.max(np.abs(scale * step)) < 1e-8 or improvement < 1e-10 * (1 + abs(current)):
            break
    return 1.0 / (1.0 + np.exp(-np.clip(Z @ beta, -30, 30)))


_BLAS_CONTROLLER = None


def single_threaded_blas():
    """Context manager limiting BLAS to one thread. Our matrices are tall and thin, so one
    thread is as fast on an idle machine and 10-100x faster on a busy one (OpenBLAS
    threads spin against other processes). The library scan is done once and cached."""
    global _BLAS_CONTROLLER
    if _BLAS_CONTROLLER is None:
        import scipy.linalg  # noqa: F401  (load scipy's BLAS before the scan)
        from threadpoolctl import ThreadpoolController

        _BLAS_CONTROLLER = ThreadpoolController()
    return _BLAS_CONTROLLER.limit(limits=1, user_api="blas")
