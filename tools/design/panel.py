"""Find the unit and time columns of a panel by their values (names only break ties).

A panel has a time column (periods: a name like year/period/wave, or year-like integers)
and a unit column such that each (unit, time) pair is (almost) one row and units are
seen in several periods. Any names work: ``sid``, ``state_fips``, ``county``."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

TIME_NAME = re.compile(r"(?:^|_)(?:year|yr|period|time|wave|quarter|month|week|date|day)s?(?:_|$)", re.I)
UNIT_NAME = re.compile(r"(?:^|_)(?:id|unit|state|country|county|city|firm|school|sid|fips|region|district|"
                       r"person|pid|household|hh|code|name)(?:_|$)", re.I)
MAX_PERIODS = 200


@dataclass(frozen=True)
class PanelColumns:
    unit: str
    time: str
    n_units: int
    n_periods: int


def _integer_like(s: pd.Series) -> bool:
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        return False
    v = s.dropna().to_numpy(dtype=float)
    return len(v) > 0 and bool(np.all(np.abs(v - np.round(v)) < 1e-9))


def time_candidates(df: pd.DataFrame, exclude: set[str]) -> list[str]:
    """Period columns: named like time, or integer years (1800-2100), 2..MAX_PERIODS values."""
    named, yearlike = [], []
    for c in df.columns:
        if c in exclude:
            continue
        s = df[c]
        k = s.nunique(dropna=True)
        if not 2 <= k <= MAX_PERIODS:
            continue
        if TIME_NAME.search(str(c)) and (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s)):
            named.append(c)
        elif _integer_like(s) and s.dropna().between(1800, 2100).all() and k >= 3:
            yearlike.append(c)
    return named + yearlike


def find_panel(df: pd.DataFrame, exclude: set[str]) -> PanelColumns | None:
    """The best (unit, time) pair, or None when the rows are not a panel."""
    n = len(df)
    best: tuple[float, PanelColumns] | None = None
    for time in time_candidates(df, exclude):
        n_periods = int(df[time].nunique())
        for unit in df.columns:
            if unit in exclude or unit == time:
                continue
            s = df[unit]
            if pd.api.types.is_float_dtype(s) and not _integer_like(s):
                continue
            n_units = int(s.nunique(dropna=True))
            if not 2 <= n_units <= n / 2:
                continue
            pairs = df[[unit, time]].dropna()
            unique_share = (~pairs.duplicated()).mean() if len(pairs) else 0.0
            per_unit = pairs.groupby(unit)[time].nunique().mean()
            if unique_share < 0.95 or per_unit < 2:
                continue
            # prefer units seen in many periods, and named like a unit
            score = per_unit / n_periods + (0.5 if UNIT_NAME.search(str(unit)) else 0.0) + unique_share
            if best is None or score > best[0]:
                best = (score, PanelColumns(unit, time, n_units, n_periods))
    return best[1] if best else None


def switches_within_units(df: pd.DataFrame, panel: PanelColumns, treatment: str) -> bool:
    """True when the treatment changes over time inside at least one unit."""
    return bool((df.groupby(panel.unit)[treatment].nunique(dropna=True) > 1).any())


def treated_units(df: pd.DataFrame, panel: PanelColumns, treatment: str) -> list:
    """Units ever treated (treatment > its minimum at some time)."""
    t = pd.to_numeric(df[treatment], errors="coerce")
    on = t > t.min()
    return sorted(df.loc[on, panel.unit].dropna().unique().tolist())
