"""Columns a user's graph leaves out that the data tie to both treatment and outcome.

A graph drawn by a person is taken as known structure, so a confounder it forgets biases the
estimate silently. This check cannot say a left-out column *is* a confounder (it may be a
mediator or an effect of both); it finds the candidates so the answer can name them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

ALPHA = 0.01
MIN_ABS_CORRELATION = 0.1


def numeric_view(column: pd.Series) -> pd.Series | None:
    """The column as numbers when that is meaningful (numbers, booleans, two-level text), else None."""
    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
        return column.astype(float)
    levels = column.dropna().unique()
    if len(levels) == 2:
        return column.map({levels[0]: 0.0, levels[1]: 1.0})
    return None


def associated(a: pd.Series, b: pd.Series, alpha: float = ALPHA, min_abs_r: float = MIN_ABS_CORRELATION) -> bool:
    """Pearson correlation at least ``min_abs_r`` and significant at ``alpha`` (pairwise complete rows)."""
    both = pd.concat([a, b], axis=1).dropna()
    if len(both) < 10 or both.iloc[:, 0].nunique() < 2 or both.iloc[:, 1].nunique() < 2:
        return False
    r, p = stats.pearsonr(both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy())
    return bool(np.isfinite(r) and abs(r) >= min_abs_r and p < alpha)


def associated_with_both(data: pd.DataFrame, candidates: list[str], treatment: str, outcome: str) -> list[str]:
    """The ``candidates`` correlated with both ``treatment`` and ``outcome``, in data order."""
    t, y = numeric_view(data[treatment]), numeric_view(data[outcome])
    if t is None or y is None:
        return []
    found = []
    for name in candidates:
        x = numeric_view(data[name])
        if x is not None and associated(x, t) and associated(x, y):
            found.append(name)
    return found
