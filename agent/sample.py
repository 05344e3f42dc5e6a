"""Apply sample restrictions (``Query.restrict``) to a table."""

from __future__ import annotations

import operator

import pandas as pd

from agent.query import Condition

OPS = {"==": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


def keep_rows(df: pd.DataFrame, conditions: list[Condition]) -> pd.Series:
    """Boolean mask of the rows meeting every condition. Numbers compare numerically; text
    compares case-insensitively with the cell's text."""
    mask = pd.Series(True, index=df.index)
    for c in conditions:
        column = df[c.column]
        if isinstance(c.value, float) and pd.api.types.is_numeric_dtype(column):
            mask &= OPS[c.op](column, c.value).fillna(False)
        else:
            text = column.astype(str).str.strip().str.lower()
            value = f"{c.value:g}" if isinstance(c.value, float) else str(c.value).strip().lower()
            mask &= OPS[c.op](text, value)
    return mask
