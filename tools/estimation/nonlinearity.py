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
    for name, target, base in ((outcome, y, np.column_stack([X, t])), (treatment, t, X)):
        p = _squares_p_value(target, base, squares)
        if p < ALPHA:
            return (f"'{name}' depends nonlinearly on the covariates (F-test of their squares, p = {p:.2g}): the "
                    "nuisance models are cross-fitted gradient boosting, not linear.")
    return None


def _standardised(v: np.ndarray) -> np.ndarray:
    sd = v.std()
    return (v - v.mean()) / sd if sd > 0 else v * 0.0


def _squares_p_value(target: np.ndarray, base: np.ndarray, squares: np.ndarray) -> float:
    """p-value of adding ``squares`` to an OLS of ``target`` on ``base`` (with intercept)."""
    n = len(target)
    small = np.column_stack([np.ones(n), base])
    large = np.column_stack([small, squares])
    rss_small, rss_large = _rss(small, target), _rss(large, target)
    extra, dof = squares.shape[1], n - large.shape[1]
    if dof <= 0 or rss_large <= 0:
        return 1.0
    f = ((rss_small - rss_large) / extra) / (rss_large / dof)
    return float(stats.f.sf(f, extra, dof))


def _rss(design: np.ndarray, target: np.ndarray) -> float:
    beta, *_ = np.linalg.lstsq(design, target, rcond=None)
    resid = target - design @ beta
    return float(resid @ resid)
