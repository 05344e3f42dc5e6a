"""Turning a table into time-ordered series for lagged discovery: choose the time
column (sort by it, keep it out of the variables), check the series are numeric and
complete, test each for a unit root (ADF) and optionally difference.

Lags count rows, so rows must be equally spaced in time; a warning says when they are not.
"""

from __future__ import annotations

import warnings as _warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tools.base import DataError, ToolInputError
from tools.context import unknown_column_message

TIME_NAMES = ("time", "t", "date", "datetime", "timestamp", "period", "year", "month",
              "week", "day", "step", "time_index")
DIFFERENCE_MODES = ("none", "auto", "all")
ADF_ALPHA = 0.05


@dataclass
class PreparedSeries:
    """Time-ordered series (rows = equally spaced time points) ready for discovery."""

    values: np.ndarray
    names: list[str]
    time_column: str | None
    stationarity: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def differenced(self) -> list[str]:
        return [n for n, s in self.stationarity.items() if s.get("differenced")]


def prepare_series(data: pd.DataFrame, variables: list[str] | None, time_column: str | None,
                   max_lag: int, difference: str = "none") -> PreparedSeries:
    """Select, order and check the series. ``difference``: ``none`` (warn only), ``auto``
    (first-difference each series the ADF test flags) or ``all``."""
    if difference not in DIFFERENCE_MODES:
        raise ToolInputError(f"Unknown difference mode {difference!r}; choose one of {DIFFERENCE_MODES}.")
    columns = [str(c) for c in data.columns]
    notes: list[str] = []
    if time_column is None:
        time_column = detect_time_column(data, exclude=set(variables or ()))
        if time_column is not None:
            notes.append(f"Used '{time_column}' as the time column (sorted by it, not a variable).")
    elif time_column not in data.columns:
        raise ToolInputError(unknown_column_message(time_column, columns))
    frame, warns = order_by_time(data, time_column)
    names = select_variables(frame, variables, time_column)
    values = frame[names].to_numpy(dtype=float)
    check_values(values, names)
    check_length(values.shape[0], len(names), max_lag)
    stationarity = stationarity_report(values, names, max_lag)
    values, stationarity = apply_differencing(values, names, stationarity, difference)
    check_values(values, names)  # a differenced series can be constant (an exact linear trend)
    warns += stationarity_warnings(stationarity, difference)
    return PreparedSeries(values, names, time_column, stationarity, warns, notes)


def detect_time_column(data: pd.DataFrame, exclude: set[str] = frozenset()) -> str | None:
    """A datetime column, or a column named like a time index whose values strictly increase."""
    candidates = [c for c in data.columns if str(c) not in exclude]
    for c in candidates:
        if pd.api.types.is_datetime64_any_dtype(data[c]):
            return str(c)
    for c in candidates:
        if str(c).strip().lower() in TIME_NAMES:
            parsed = _parse_time(data[c])
            if parsed is not None and parsed.is_monotonic_increasing and parsed.is_unique:
                return str(c)
    return None


def order_by_time(data: pd.DataFrame, time_column: str | None) -> tuple[pd.DataFrame, list[str]]:
    """Rows sorted by the time column (file order when there is none), with warnings."""
    if time_column is None:
        return data.reset_index(drop=True), []
    parsed = _parse_time(data[time_column])
    if parsed is None:
        example = data[time_column].dropna().astype(str).head(3).tolist()
        raise ToolInputError(f"Column '{time_column}' is not a time column: values such as {example} are "
                             "neither dates nor numbers. Pass time_column=None or a date/number column.")
    if parsed.isna().any():
        raise DataError(f"Time column '{time_column}' has {int(parsed.isna().sum())} missing values; "
                        "fill or drop those rows first.")
    if not parsed.is_unique:
        raise DataError(f"Time column '{time_column}' repeats time points: lagged discovery needs one row per "
                        "time point. Aggregate the rows per time point (or analyse each unit separately).")
    order = np.argsort(parsed.to_numpy(), kind="stable")
    frame = data.iloc[order].reset_index(drop=True)
    steps = np.diff(parsed.to_numpy()[order]).astype(float)
    warns = []
    if steps.size > 2 and np.median(steps) > 0 and (steps.max() > 1.5 * np.median(steps)
                                                    or steps.min() < 0.5 * np.median(steps)):
        warns.append(f"Time column '{time_column}' is unevenly spaced; lags count rows, not time units. "
                     "Resample to a regular grid if the gaps matter.")
    return frame, warns


def _parse_time(column: pd.Series) -> pd.Series | None:
    """Dates or numbers as a sortable series; None when the values are neither."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return column
    if pd.api.types.is_bool_dtype(column):
        return None
    if pd.api.types.is_numeric_dtype(column):
        return column.astype(float)
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        try:
            return pd.to_datetime(column, errors="raise")
        except (ValueError, TypeError, OverflowError):
            return None


def select_variables(frame: pd.DataFrame, variables: list[str] | None, time_column: str | None) -> list[str]:
    """The numeric series to analyse (all numeric columns but the time column by default)."""
    columns = [str(c) for c in frame.columns]
    numeric = [c for c in columns if c != time_column and pd.api.types.is_numeric_dtype(frame[c])
               and not pd.api.types.is_bool_dtype(frame[c])]
    if variables is None:
        names = numeric
    else:
        names = list(dict.fromkeys(variables))
        for name in names:
            if name not in frame.columns:
                raise ToolInputError(unknown_column_message(name, columns))
        if time_column in names:
            raise ToolInputError(f"'{time_column}' is the time column, not a series; remove it from variables.")
        bad = [n for n in names if n not in numeric]
        if bad:
            raise ToolInputError(f"Lagged discovery needs numeric series; {bad} are not numeric. "
                                 f"Numeric columns: {', '.join(numeric)}.")
    if len(names) < 2:
        raise DataError(f"Lagged discovery needs at least two numeric series; found {names}. "
                        "Add numeric columns or name them in variables.")
    return names


def check_values(values: np.ndarray, names: list[str]) -> None:
    """Complete, finite, non-constant series (lags break if rows are dropped)."""
    bad = [n for n, col in zip(names, values.T) if not np.isfinite(col).all()]
    if bad:
        raise DataError(f"Series {bad} have missing or infinite values; dropping rows would shift the lags. "
                        "Interpolate or fill them first.")
    flat = [n for n, col in zip(names, values.T) if np.std(col) == 0]
    if flat:
        raise DataError(f"Series {flat} are constant; drop them from variables.")


def check_length(n_rows: int, n_series: int, max_lag: int) -> None:
    needed = 2 * max_lag + n_series * max_lag + 20
    if n_rows < needed:
        raise DataError(f"{n_rows} time points are too few for {n_series} series at max_lag={max_lag} "
                        f"(need at least {needed}); lower max_lag or analyse fewer variables.")


def stationarity_report(values: np.ndarray, names: list[str], max_lag: int) -> dict[str, dict[str, Any]]:
    """Augmented Dickey–Fuller test per series (null: a unit root, i.e. non-stationary)."""
    report = {}
    for name, col in zip(names, values.T):
        p = adf_p_value(col, max_lag)
        report[name] = {"adf_p_value": p, "stationary": p <= ADF_ALPHA, "differenced": False}
    return report


def adf_p_value(series: np.ndarray, max_lag: int) -> float:
    """ADF p-value with a constant; augmentation lags fixed (rule of thumb ∛n, at least
    max_lag) rather than searched, which costs 50× less and rarely changes the verdict."""
    from statsmodels.tsa.stattools import adfuller

    lags = max(max_lag, int(round((len(series) - 1) ** (1 / 3))))
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        result = adfuller(series, maxlag=lags, regression="c", autolag=None)
    p = getattr(result, "pvalue", None)
    return float(result[1] if p is None else p)


def apply_differencing(values: np.ndarray, names: list[str], report: dict[str, dict[str, Any]],
                       mode: str) -> tuple[np.ndarray, dict[str, dict[str, Any]]]:
    """First differences of the chosen series; the first row is dropped from all so the
    series stay aligned; differenced series are tested again."""
    chosen = [i for i, n in enumerate(names)
              if mode == "all" or (mode == "auto" and not report[n]["stationary"])]
    if not chosen:
        return values, report
    out = values[1:].copy()
    out[:, chosen] = np.diff(values[:, chosen], axis=0)
    for i in chosen:
        name = names[i]
        p = adf_p_value(out[:, i], 1)
        report[name].update(differenced=True, adf_p_value_after=p, stationary=p <= ADF_ALPHA)
    return out, report


def stationarity_warnings(report: dict[str, dict[str, Any]], mode: str) -> list[str]:
    bad = [n for n, s in report.items() if not s["stationary"]]
    if not bad:
        return []
    detail = ", ".join(f"{n} (ADF p={report[n].get('adf_p_value_after', report[n]['adf_p_value']):.2g})"
                       for n in bad)
    fix = ("Pass difference='auto' to difference them (links then relate changes, not levels)."
           if mode == "none" else "Even after differencing; consider detrending or a transformation.")
    return [f"Series look non-stationary: {detail}. Lagged tests assume stationarity and can report "
            f"spurious links between trending series. {fix}"]
