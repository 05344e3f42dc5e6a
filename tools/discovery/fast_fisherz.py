"""Fisher-z conditional-independence tests, many at once.

causal-learn's ``FisherZ`` costs ~60 µs per test, almost all of it Python bookkeeping;
the arithmetic (invert a small correlation sub-matrix, Fisher's z, a normal tail) costs
well under a microsecond when thousands of tests are stacked into one numpy call.

The arithmetic here is causal-learn's, step for step: variables ordered
``[min(x, y), max(x, y)] + sorted(S)``, the sub-matrix inverted by LAPACK
(``np.linalg.inv`` runs the same routine on a stack as on one matrix), the same clip of
|r| >= 1, ``log``/``sqrt`` and ``scipy.special.ndtr`` (which ``norm.cdf`` calls). On the
same correlation matrix the p-values are bit-identical, so ``p > alpha`` decides the
same way even for tests that sit on the threshold.

``fisherz_independent`` decides ``p > alpha`` faster still: it takes the 2 x 2 Schur
complement of the conditioning block by elimination on vectors over all tests (the
partial correlation is its normalised off-diagonal, the same quantity LAPACK's inverse
gives up to ~1e-13 relative), and recomputes with the exact path every test whose
p-value lies within a relative 1e-6 of alpha or whose sub-matrix is near-singular. The
decisions are therefore those of the exact path.
"""

from __future__ import annotations

import numpy as np

# Exact np.corrcoef (an n x p float64 copy) up to this size; row chunks beyond it.
EXACT_COPY_BYTES = 256 * 2**20
CHUNK_ROWS = 65_536
# Bound on the floats gathered for one batch (memory per batch ~ 3x this x 8 B).
BATCH_FLOATS = 2**22
# Fast-path decisions closer than this (relative) to alpha, or with an elimination pivot
# (1 - R^2 of a variable on the later ones) below MIN_PIVOT, are recomputed exactly.
RECHECK_BAND = 1e-6
MIN_PIVOT = 1e-4


def correlation_matrix(data, exact_copy_bytes: int = EXACT_COPY_BYTES,
                       chunk_rows: int = CHUNK_ROWS) -> np.ndarray:
    """Pearson correlation matrix of the columns of ``data`` (n x p).

    Up to ``exact_copy_bytes`` of float64 copy this is ``np.corrcoef(data.T)``, the
    matrix causal-learn's Fisher-z test uses (so results match it bit for bit). Larger
    data are read in row chunks (two passes, one float64 chunk at a time, never an
    n x p copy); that agrees with ``np.corrcoef`` to ~1e-15. Raises ``ValueError`` on
    NaN/inf or a constant column."""
    values = np.asarray(data)
    if values.ndim != 2:
        raise ValueError(f"Data must be a 2-D array (rows x variables); got shape {values.shape}.")
    n, p = values.shape
    if n < 2 or p < 1:
        raise ValueError(f"Need at least 2 rows and 1 column; got {n} x {p}.")
    if n * p * 8 <= exact_copy_bytes:
        if not np.isfinite(values).all():
            raise ValueError("Data contain NaN or inf; impute or drop them, or use MV-PC (causal-learn).")
        with np.errstate(invalid="ignore", divide="ignore"):
            corr = np.corrcoef(values.T)
    else:
        corr = _chunked_correlation(values, chunk_rows)
    corr = np.atleast_2d(corr)
    if not np.isfinite(corr).all():
        raise ValueError("A column is constant (zero variance); drop it before discovery.")
    return corr


def _chunked_correlation(values: np.ndarray, chunk_rows: int) -> np.ndarray:
    n, p = values.shape
    total = np.zeros(p)
    for start in range(0, n, chunk_rows):
        block = np.asarray(values[start:start + chunk_rows], dtype=np.float64)
        if not np.isfinite(block).all():
            raise ValueError("Data contain NaN or inf; impute or drop them, or use MV-PC (causal-learn).")
        total += block.sum(axis=0)
    mean = total / n
    cross = np.zeros((p, p))
    for start in range(0, n, chunk_rows):
        block = np.asarray(values[start:start + chunk_rows], dtype=np.float64) - mean
        cross += block.T @ block
    sd = np.sqrt(np.diag(cross))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cross / sd[:, None] / sd[None, :]
    return np.clip(corr, -1.0, 1.0)


def fisherz_pvalues(corr: np.ndarray, x: np.ndarray, y: np.ndarray, cond: np.ndarray,
                    n: int) -> np.ndarray:
    """p-values of the Fisher-z tests ``x[t] _||_ y[t] | cond[t]`` for all t.

    ``cond`` is an integer array (T, d) of conditioning sets, each row sorted ascending
    (d may be 0). Assumes a linear-Gaussian model, as the Fisher-z test does. Raises
    ``ValueError`` when a correlation sub-matrix is singular (as causal-learn does)."""
    x, y, cond = _check(x, y, cond, n)
    d = cond.shape[1]
    out = np.empty(len(x))
    step = max(1, BATCH_FLOATS // (d + 2) ** 2)
    for start in range(0, len(x), step):
        sl = slice(start, start + step)
        out[sl] = _pvalues_block(corr, x[sl], y[sl], cond[sl], n)
    return out


def _check(x, y, cond, n):
    x = np.asarray(x, dtype=np.intp)
    y = np.asarray(y, dtype=np.intp)
    cond = np.asarray(cond, dtype=np.intp)
    if cond.ndim != 2 or cond.shape[0] != len(x) or len(y) != len(x):
        raise ValueError(f"cond must have shape (len(x), d); got {cond.shape} for {len(x)} tests.")
    if n - cond.shape[1] - 3 < 0:
        raise ValueError(f"Too few rows ({n}) for a Fisher-z test conditioning on {cond.shape[1]} variables.")
    return x, y, cond


def fisherz_independent(corr: np.ndarray, x: np.ndarray, y: np.ndarray, cond: np.ndarray,
                        n: int, alpha: float) -> np.ndarray:
    """``p > alpha`` for the stacked Fisher-z tests (arguments as ``fisherz_pvalues``),
    decided as the exact path decides them (see the module docstring)."""
    x, y, cond = _check(x, y, cond, n)
    out = np.empty(len(x), dtype=bool)
    m = cond.shape[1] + 2
    step = max(1, BATCH_FLOATS // (m * (m + 1) // 2))
    for start in range(0, len(x), step):
        sl = slice(start, start + step)
        p, pivot = _fast_block(corr, x[sl], y[sl], cond[sl], n)
        unsure = ~(np.abs(p - alpha) > RECHECK_BAND * alpha) | ~(pivot >= MIN_PIVOT)
        decided = p > alpha
        if unsure.any():
            idx = np.flatnonzero(unsure)
            decided[idx] = _pvalues_block(corr, x[sl][idx], y[sl][idx], cond[sl][idx], n) > alpha
        out[sl] = decided
    return out


def _fast_block(corr, x, y, cond, n):
    """p-values via the Schur complement, element by element over vectors of tests;
    also the smallest pivot of each elimination."""
    from scipy.special import ndtr

    p = corr.shape[0]
    flat = corr.ravel()
    var = [np.minimum(x, y), np.maximum(x, y)] + [cond[:, k] for k in range(cond.shape[1])]
    m = len(var)
    M = {}
    for i in range(m):
        row = var[i] * p
        for j in range(i, m):
            M[i, j] = flat[row + var[j]]
    pivot = np.full(len(x), np.inf)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k in range(m - 1, 1, -1):
            pivot = np.minimum(pivot, M[k, k])
            inv = 1.0 / M[k, k]
            for i in range(k):
                f = M[i, k] * inv
                for j in range(i, k):
                    M[i, j] = M[i, j] - f * M[j, k]
        pivot = np.minimum(pivot, np.minimum(M[0, 0], M[1, 1]))
        r = M[0, 1] / np.sqrt(M[0, 0] * M[1, 1])
        z = 0.5 * np.log((1 + r) / (1 - r))
    stat = np.sqrt(n - cond.shape[1] - 3) * np.abs(z)
    return 2 * (1 - ndtr(stat)), pivot


def _pvalues_block(corr, x, y, cond, n):
    from scipy.special import ndtr

    var = np.column_stack([np.minimum(x, y), np.maximum(x, y), cond])
    sub = corr[var[:, :, None], var[:, None, :]]
    try:
        inv = np.linalg.inv(sub)
    except np.linalg.LinAlgError:
        raise ValueError("Data correlation matrix is singular (a variable is an exact linear function of "
                         "others); drop duplicated or derived columns.") from None
    with np.errstate(invalid="ignore", divide="ignore"):
        r = -inv[:, 0, 1] / np.sqrt(np.abs(inv[:, 0, 0] * inv[:, 1, 1]))
        edge = np.abs(r) >= 1
        r[edge] = (1.0 - np.finfo(float).eps) * np.sign(r[edge])
        z = 0.5 * np.log((1 + r) / (1 - r))
    stat = np.sqrt(n - cond.shape[1] - 3) * np.abs(z)
    return 2 * (1 - ndtr(np.abs(stat)))
