"""Apply sample restrictions (``Query.restrict``) to a table."""

from __future__ import annotations

import operator

import pandas as pd

from agent.query import Condition

_TRUTH = {"true": 1.0, "yes": 1.0, "false": 0.0, "no": 0.0}
OPS = {"==": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


def keep_rows(df: pd.DataFrame, conditions: list[Condition]) -> pd.Series:
    """Boolean mask of the rows meeting every condition. Numbers compare numerically (true/yes
    is 1 and false/no is 0 in a numeric or boolean column); text compares case-insensitively
    with the cell's text."""
    mask = pd.Series(True, index=df.index)
    for c in conditions:
        column = df[c.column]
        value = c.value
        numeric = pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
        if isinstance(value, str) and value.strip().lower() in _TRUTH and numeric:
            value = _TRUTH[value.strip().lower()]
        if isinstance(value, float) and numeric:
            mask &= OPS[c.op](column.astype(float), value).fillna(False)
        else:
            text = column.astype(str).str.strip().str.lower()
            value = f"{value:g}" if isinstance(value, float) else str(value).strip().lower()
            mask &= OPS[c.op](text, value)
    return mask
