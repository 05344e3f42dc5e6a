"""Public tables for the evals, as a user would hand them to the agent."""

from __future__ import annotations

import importlib
import io

import pandas as pd


def uploaded(df: pd.DataFrame) -> pd.DataFrame:
    """What the agent would see after the user saved the table as CSV and uploaded it."""
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    buf.seek(0)
    return pd.read_csv(buf)


def causaldata_table(name: str) -> pd.DataFrame:
    """A copy of the ``causaldata`` package's table ``name`` (the eval extra installs it)."""
    return importlib.import_module(f"causaldata.{name}").load_pandas().data.copy()
