"""ParCorr: partial-correlation tests between lagged variables, batched in numpy.

Every lagged variable X_j(t-τ) is a column of one design matrix, so a partial correlation
given any conditioning set is read off the inverse of a small sub-matrix of a single
correlation matrix — the same value as correlating OLS residuals, without touching the
n rows again. Assumes linear dependence and roughly Gaussian noise (t-test on r).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LaggedCorrelation:
    """Correlations of X_j(t-τ) for τ = 0..depth; column index of (j, τ) is τ·N + j."""

    corr: np.ndarray
    n_series: int
    depth: int
    n_samples: int

    def index(self, series: int, lag: int) -> int:
        return lag * self.n_series + series


def lagged_correlation(values: np.ndarray, depth: int) -> LaggedCorrelation:
    """Correlation matrix of all series at lags 0..depth over the rows t = depth..T-1."""
    n_rows, n_series = values.shape
    design = np.hstack([values[depth - tau: n_rows - tau] for tau in range(depth + 1)])
    design = design - design.mean(axis=0)
    scale = np.sqrt((design ** 2).sum(axis=0))
    if np.any(scale == 0):
        raise ValueError("A lagged series is constant over the sample; drop constant series.")
    design = design / scale
    return LaggedCorrelation(design.T @ design, n_series, depth, n_rows - depth)


def parcorr_batch(lc: LaggedCorrelation, tests: list[tuple[int, int, tuple[int, ...]]]
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Partial correlation and two-sided t-test p-value for each (x, y, Z) column triple."""
    values = np.empty(len(tests))
    p_values = np.empty(len(tests))
    by_size: dict[int, list[int]] = {}
    for k, (_, _, z) in enumerate(tests):
        by_size.setdefault(len(z), []).append(k)
    for size, rows in by_size.items():
        idx = np.array([(tests[k][0], tests[k][1], *tests[k][2]) for k in rows], dtype=int).reshape(len(rows), size + 2)
        r = _partial_corr(lc.corr, idx)
        values[rows] = r
        p_values[rows] = _t_test(r, lc.n_samples - 2 - size)
    return values, p_values


def parcorr_given(lc: LaggedCorrelation, y: int, xs: list[int], z: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Partial correlation of column ``y`` with each column of ``xs`` given the same set
    ``z`` (none of ``xs`` in ``z``): one Schur complement instead of one inverse per test."""
    a = [y] + list(xs)
    block = lc.corr[np.ix_(a, a)]
    if z:
        cross = lc.corr[np.ix_(a, z)]
        block = block - cross @ np.linalg.lstsq(lc.corr[np.ix_(z, z)], cross.T, rcond=None)[0]
    diag = np.sqrt(np.clip(np.diag(block), 1e-300, None))
    r = np.clip(block[0, 1:] / (diag[0] * diag[1:]), -1 + 1e-12, 1 - 1e-12)
    return r, _t_test(r, lc.n_samples - 2 - len(z))


def parcorr_leave_one_out(lc: LaggedCorrelation, y: int, xs: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Partial correlation of ``y`` with each x in ``xs`` given the other members of ``xs``,
    all read from one inverse of the correlation matrix of (y, xs)."""
    if len(xs) == 1:
        return parcorr_given(lc, y, xs, [])
    a = [y] + list(xs)
    prec = _inverse(lc.corr[np.ix_(a, a)][None])[0]
    r = np.clip(-prec[0, 1:] / np.sqrt(np.clip(prec[0, 0] * np.diag(prec)[1:], 1e-300, None)),
                -1 + 1e-12, 1 - 1e-12)
    return r, _t_test(r, lc.n_samples - 2 - (len(xs) - 1))


def _inverse(stack: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.inv(stack)
    except np.linalg.LinAlgError:  # collinear conditioning set: use the pseudo-inverse
        return np.linalg.pinv(stack, hermitian=True)


def _partial_corr(corr: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """-P01/√(P00·P11) of the inverse P of each stacked sub-matrix corr[idx, idx]."""
    sub = corr[idx[:, :, None], idx[:, None, :]]
    if idx.shape[1] == 2:
        r = sub[:, 0, 1]
    else:
        prec = _inverse(sub)
        denom = np.sqrt(np.clip(prec[:, 0, 0] * prec[:, 1, 1], 1e-300, None))
        r = -prec[:, 0, 1] / denom
    return np.clip(r, -1 + 1e-12, 1 - 1e-12)


def _t_test(r: np.ndarray, dof: int) -> np.ndarray:
    from scipy.special import stdtr

    if dof < 1:
        return np.ones_like(r)
    t = np.abs(r) * np.sqrt(dof / (1 - r ** 2))
    return 2 * stdtr(dof, -t)
