"""Does the outcome or the treatment depend nonlinearly on the covariates? A RESET-style
F-test of the squared covariates decides whether doubly robust estimators may use linear
nuisance models (fast) or need flexible ones (cross-fitted boosting).

A confounder that acts through its square (T and Y both depend on x1²) is invisible to
linear models: linear AIPW then keeps the confounding (issue 19: 3.75 against a truth of 1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

ALPHA = 1e-3
MIN_ROWS = 200
MAX_SQUARED = 30
# Confounding through the squares needs both sides: the squares must explain a material share of
# the outcome's and of the treatment's variance. Flexible nuisance models cost variance (IHDP, where
# squares explain 1-3 % of the outcome and nothing significant of the treatment, got worse with them).
MIN_GAIN = {"outcome": 0.05, "treatment": 0.02}


def nonlinear_confounding(df: pd.DataFrame, treatment: str, outcome: str, covariates: tuple[str, ...]) -> str | None:
    """Why flexible nuisance models are needed (a one-line reason with the test), or None."""
    numeric = [c for c in covariates if pd.api.types.is_numeric_dtype(df[c]) and df[c].nunique() > 2]
    if not numeric:
        return None
    frame = df[[treatment, outcome, *covariates]].dropna()
    if len(frame) < MIN_ROWS or not all(pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns):
        return None
    X = frame[list(covariates)].to_numpy(dtype=float)
    squares = np.column_stack([_standardised(frame[c].to_numpy(dtype=float)) ** 2 for c in numeric[:MAX_SQUARED]])
    t, y = frame[treatment].to_numpy(dtype=float), frame[outcome].to_numpy(dtype=float)
    tests = {"outcome": (outcome, *_squares_test(y, np.column_stack([X, t]), squares)),
             "treatment": (treatment, *_squares_test(t, X, squares))}
    if all(p < ALPHA and gain >= MIN_GAIN[side] for side, (_, gain, p) in tests.items()):
        parts = [f"'{name}' {100 * gain:.0f}% (p = {p:.2g})" for name, gain, p in tests.values()]
        return ("The squared covariates explain a material share of the variance of both " + " and ".join(parts)
                + " (F-tests): nonlinear confounding, so the nuisance models are cross-fitted gradient boosting, "
                  "not linear.")
    return None


def _standardised(v: np.ndarray) -> np.ndarray:
    sd = v.std()
    return (v - v.mean()) / sd if sd > 0 else v * 0.0


def _squares_test(target: np.ndarray, base: np.ndarray, squares: np.ndarray) -> tuple[float, float]:
    """(share of ``target``'s variance the squares add, F-test p-value) over an OLS on ``base``."""
    n = len(target)
    small = np.column_stack([np.ones(n), base])
    large = np.column_stack([small, squares])
    rss_small, rss_large = _rss(small, target), _rss(large, target)
    tss = float(((target - target.mean()) ** 2).sum())
    extra, dof = squares.shape[1], n - large.shape[1]
    if dof <= 0 or rss_large <= 0 or tss <= 0:
        return 0.0, 1.0
    f = ((rss_small - rss_large) / extra) / (rss_large / dof)
    return (rss_small - rss_large) / tss, float(stats.f.sf(f, extra, dof))


def _rss(design: np.ndarray, target: np.ndarray) -> float:
    beta, *_ = np.linalg.lstsq(design, target, rcond=None)
    resid = target - design @ beta
    return float(resid @ resid)
