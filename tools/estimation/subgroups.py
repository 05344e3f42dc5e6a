"""Per-group effects: the same estimator, refitted within each level of a grouping column
(quartile bins for a many-valued number). What an analyst means by "the effect for each G"
or "does the effect differ by G"; the test of equal effects is in the answer."""

from __future__ import annotations

import pandas as pd

from tools.base import DataError, ToolInputError
from tools.estimation.data import subgroup_labels
from tools.estimation.inference import subgroup_row
from tools.estimation.query import EffectQuery

MIN_GROUP_ROWS = 20


def per_group_effects(df: pd.DataFrame, q: EffectQuery, subgroup: str, method: str) -> tuple[list[dict], list[str]]:
    """(one row per level of ``subgroup`` with estimate, CI and n; a note for each level that
    could not be estimated, with the reason)."""
    from tools.estimation.estimate import run_query

    labels = subgroup_labels(df[subgroup])
    within = q.with_(covariates=tuple(c for c in q.covariates if c != subgroup), subgroup=None)
    rows, skipped = [], []
    for level in sorted(labels.dropna().unique().tolist(), key=str):
        part = df.loc[labels == level]
        if len(part) < MIN_GROUP_ROWS:
            skipped.append(f"{subgroup} = {level}: only {len(part)} rows, not estimated")
            continue
        try:
            r = run_query(part, within, method)
        except (DataError, ToolInputError) as exc:
            skipped.append(f"{subgroup} = {level}: not estimated ({str(exc)[:160]})")
            continue
        rows.append(subgroup_row(subgroup, level, r.estimate, r.std_error, r.n or len(part),
                                 ci=(r.ci_low, r.ci_high)))
    return rows, skipped
