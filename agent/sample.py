"""Apply sample restrictions (``Query.restrict``) to a table."""

from __future__ import annotations

import operator

import pandas as pd

from agent.query import Condition
from agent.query_sample import FIRST, LAST
from tools.base import DataError

_TRUTH = {"true": 1.0, "yes": 1.0, "false": 0.0, "no": 0.0}
OPS = {"==": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


def keep_rows(df: pd.DataFrame, conditions: list[Condition]) -> pd.Series:
    """Boolean mask of the rows meeting every condition. Numbers compare numerically (true/yes
    is 1 and false/no is 0 in a numeric or boolean column); text compares case-insensitively
    with the cell's text."""
    mask = pd.Series(True, index=df.index)
    for c in conditions:
        column = df[c.column]
        value = _ordinal(column, c.value)
        numeric = pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
        if isinstance(value, str) and value.strip().lower() in _TRUTH and numeric:
            value = _TRUTH[value.strip().lower()]
        if isinstance(value, float) and numeric:
            mask &= OPS[c.op](column.astype(float), value).fillna(False)
        else:
            text = column.astype(str).str.strip().str.lower()
            value = f"{value:g}" if isinstance(value, float) else str(value).strip().lower()
            mask &= OPS[c.op](text, _coded_as(text, value))
    return mask


def resolved(df: pd.DataFrame, conditions: list[Condition]) -> list[Condition]:
    """The conditions with 'first'/'last' replaced by the values they stand for in ``df``."""
    return [c.model_copy(update={"value": _ordinal(df[c.column], c.value)}) for c in conditions]


def _ordinal(column: pd.Series, value: float | str) -> float | str:
    """'<first>' / '<last>' ("drop the first wave") → the column's smallest / largest value."""
    if value not in (FIRST, LAST):
        return value
    values = pd.to_numeric(column, errors="coerce").dropna()
    if values.empty:
        raise DataError(f"'{column.name}' has no numeric values to take the first or last of; name the value to "
                        "keep or drop instead (e.g. 'drop wave 1').")
    return float(values.min() if value == FIRST else values.max())


def _coded_as(text: pd.Series, value: str) -> str:
    """The cell text that stands for ``value``: itself when present, else the one level that
    abbreviates it ('F' for 'female' in a column coded F/M)."""
    levels = set(text.unique())
    if value in levels:
        return value
    abbreviations = [lv for lv in levels if lv and value.startswith(lv)]
    return abbreviations[0] if len(abbreviations) == 1 else value
