"""Turn a DataFrame into the numeric matrix a discovery algorithm needs, recording every
column dropped, encoded, merged or row removed (nothing is dropped silently).

Rules: id-like, text, datetime and constant columns are not causal variables; in
continuous mode nominal categoricals with more than two levels are dropped (a linear test
cannot use arbitrary codes), binary and ordinal columns stay numeric; in discrete mode
categoricals become integer codes and continuous columns are cut into quintiles.
Near-duplicate columns (|r| > 0.99) are merged into one representative, because
faithfulness fails between copies; they are added back to the graph afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from memory.graph import CausalGraph, GraphType, Mark
from tools.base import DataError
from tools.profiling import DUPLICATE_R, ColumnKind, DataProfile, column_correlations, correlated_pairs

N_BINS = 5          # quantile bins for continuous columns in discrete mode
MIN_ROWS = 20


@dataclass
class PreparedData:
    """The matrix (``frame``, numeric, NaN kept) plus a record of what was changed."""

    frame: pd.DataFrame
    discrete: bool
    kinds: dict[str, ColumnKind]
    dropped: dict[str, str] = field(default_factory=dict)          # column -> reason
    merged_duplicates: dict[str, dict[str, Any]] = field(default_factory=dict)  # dropped -> {kept, r}
    encoded: list[str] = field(default_factory=list)
    discretized: list[str] = field(default_factory=list)
    context: pd.Series | None = None
    context_name: str | None = None
    rows_dropped: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    @property
    def has_missing(self) -> bool:
        return bool(self.frame.isna().to_numpy().any())

    def drop_incomplete_rows(self) -> None:
        """Listwise deletion (when the algorithm cannot handle NaN); records a note."""
        mask = self.frame.notna().all(axis=1)
        if self.context is not None:
            mask &= self.context.notna()
        removed = int((~mask).sum())
        if removed:
            self.frame = self.frame[mask]
            if self.context is not None:
                self.context = self.context[mask]
            self.rows_dropped += removed
            self.notes.append(f"dropped {removed} rows with missing values (listwise deletion); "
                              "this assumes values are missing completely at random")
        if len(self.frame) < MIN_ROWS:
            raise DataError(f"Only {len(self.frame)} complete rows remain after removing missing values; "
                            "impute or remove the sparsest columns and try again.")


MAX_MISSING_SHARE = 0.5


def prepare_data(df: pd.DataFrame, profile: DataProfile, variables: list[str] | None = None,
                 discrete: bool = False, context_column: str | None = None,
                 keep: tuple[str, ...] = ()) -> PreparedData:
    """Select, encode and de-duplicate columns for discovery (see the module docstring)."""
    kinds = profile.kinds()
    explicit = variables is not None
    candidates = list(variables) if explicit else profile.model_columns()
    prepared = PreparedData(frame=pd.DataFrame(index=df.index), discrete=discrete, kinds={})
    if not explicit:
        for col in profile.columns:
            if col.name not in candidates:
                prepared.dropped[col.name] = "constant column" if col.constant else \
                    f"{col.kind.value} column (not a causal variable)"
    if not explicit:  # a column seen in a minority of rows makes every test on it a small-sample test
        for name in [c for c in candidates if df[c].isna().mean() > MAX_MISSING_SHARE]:
            candidates.remove(name)
            prepared.dropped[name] = f"mostly missing ({df[name].isna().mean():.0%} of rows)"
    if not explicit and profile.time_index in candidates:
        candidates.remove(profile.time_index)
        prepared.dropped[profile.time_index] = "time index (ordering, not a causal variable)"
    if context_column is not None:
        prepared.context = pd.Series(pd.factorize(df[context_column], sort=True)[0], index=df.index,
                                     dtype=float).where(df[context_column].notna())
        prepared.context_name = context_column
        candidates = [c for c in candidates if c != context_column]
    columns: dict[str, pd.Series] = {}
    for name in candidates:
        series, reason = _encode(df[name], kinds.get(name, ColumnKind.CONTINUOUS), discrete, prepared)
        if series is None:
            prepared.dropped[name] = reason
            continue
        columns[name] = series
        prepared.kinds[name] = kinds.get(name, ColumnKind.CONTINUOUS)
    prepared.frame = pd.DataFrame(columns, index=df.index).replace([np.inf, -np.inf], np.nan)
    _merge_duplicates(prepared)
    _drop_non_overlapping(prepared, keep)
    if not discrete:
        _drop_collinear(prepared, keep)
    if prepared.frame.shape[1] < 2:
        usable = ", ".join(f"{c.name} ({c.kind.value})" for c in profile.columns)
        raise DataError("Causal discovery needs at least 2 usable numeric or categorical columns; "
                        f"found {prepared.frame.shape[1]}. Columns: {usable}.")
    if len(df) < MIN_ROWS:
        raise DataError(f"Only {len(df)} rows; causal discovery needs at least {MIN_ROWS} (ideally hundreds).")
    return prepared


def _encode(s: pd.Series, kind: ColumnKind, discrete: bool,
            prepared: PreparedData) -> tuple[pd.Series | None, str]:
    name = str(s.name)
    if kind in (ColumnKind.ID_LIKE, ColumnKind.TEXT, ColumnKind.DATETIME):
        return None, f"{kind.value} column (not a causal variable)"
    if s.nunique(dropna=True) <= 1:
        return None, "constant column"
    numeric = pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)
    if discrete:
        if kind == ColumnKind.CONTINUOUS and numeric:
            prepared.discretized.append(name)
            codes = pd.qcut(s.astype(float), N_BINS, labels=False, duplicates="drop")
            return codes.astype(float), ""
        if not numeric or kind == ColumnKind.CATEGORICAL:
            prepared.encoded.append(name)
        codes, _ = pd.factorize(s, sort=True)
        return pd.Series(codes, index=s.index, dtype=float).where(s.notna()), ""
    if kind == ColumnKind.CATEGORICAL and s.nunique(dropna=True) > 2:
        return None, (f"nominal categorical with {s.nunique()} levels; a linear test cannot use arbitrary codes "
                      "(one-hot encode it, or use a discrete analysis)")
    if numeric:
        return s.astype(float), ""
    prepared.encoded.append(name)  # binary strings -> 0/1, ordered categoricals -> codes
    codes, _ = pd.factorize(s, sort=True)
    return pd.Series(codes, index=s.index, dtype=float).where(s.notna()), ""


def _merge_duplicates(prepared: PreparedData) -> None:
    frame = prepared.frame
    if frame.shape[1] < 2:
        return
    corr = column_correlations(frame)
    cols = list(frame.columns)
    drop: set[str] = set()
    for i, j in correlated_pairs(corr, DUPLICATE_R):
        if cols[i] not in drop and cols[j] not in drop:
            drop.add(cols[j])
            prepared.merged_duplicates[cols[j]] = {"kept": cols[i], "r": round(float(corr[i, j]), 4)}
    if drop:
        prepared.frame = frame[[c for c in cols if c not in drop]]
        prepared.notes.append("near-duplicate columns merged before discovery: " + ", ".join(
            f"{d} ~ {m['kept']} (r={m['r']:.3f})" for d, m in prepared.merged_duplicates.items()))


MIN_OVERLAP = 20  # rows where two columns are both observed: fewer and no test of the pair means anything


def _drop_non_overlapping(prepared: PreparedData, keep: tuple[str, ...] = ()) -> None:
    """Columns observed together in fewer than MIN_OVERLAP rows cannot be tested against each
    other (causal-learn's test-wise deletion then fails): drop, pair by pair, the column in
    the most such pairs (the question's columns last, then the one missing most). A table with
    fewer rows than that is refused as a whole later, with that reason."""
    if len(prepared.frame) < MIN_OVERLAP:
        return
    while prepared.frame.shape[1] >= 2:
        present = prepared.frame.notna().to_numpy(dtype=float)
        overlap = present.T @ present
        names = prepared.names
        bad = [(i, j) for i in range(len(names)) for j in range(i + 1, len(names)) if overlap[i, j] < MIN_OVERLAP]
        if not bad:
            return
        count = {k: sum(k in pair for pair in bad) for k in range(len(names))}
        victim = max(count, key=lambda k: (names[k] not in keep, count[k], -present[:, k].sum(), -k))
        i, j = next(pair for pair in bad if victim in pair)
        other = names[j if victim == i else i]
        prepared.dropped[names[victim]] = (f"observed together with '{other}' in only {int(overlap[i, j])} rows, "
                                           "too few to test the pair")
        prepared.frame = prepared.frame.drop(columns=[names[victim]])


def _drop_collinear(prepared: PreparedData, keep: tuple[str, ...] = ()) -> None:
    """Drop columns that are exact linear combinations of earlier ones (e.g. a total of its
    parts): their correlation matrix is singular and Fisher-z/BIC cannot run. Columns in
    ``keep`` (the question's) are taken first, so another member of the dependency goes."""
    complete = prepared.frame.dropna().iloc[:2000]  # exact dependence shows in any subset of rows
    if complete.shape[0] <= complete.shape[1] or complete.shape[1] < 3:
        return
    z = complete.to_numpy(dtype=float)
    z = (z - z.mean(axis=0)) / np.where(z.std(axis=0) > 0, z.std(axis=0), 1.0)
    names = list(prepared.frame.columns)
    order = sorted(range(len(names)), key=lambda j: names[j] not in keep)  # stable: question's columns first
    kept = independent_columns(z, order)
    dropped = [c for j, c in enumerate(names) if j not in kept]
    for c in dropped:
        prepared.dropped[str(c)] = "an exact linear combination of other columns (singular correlation matrix)"
    if dropped:
        prepared.frame = prepared.frame.iloc[:, sorted(kept)]


COLLINEAR_TOL = 1e-9  # unexplained share of a standardised column's variance below which it is a combination


def independent_columns(z: np.ndarray, order: list[int]) -> list[int]:
    """Greedy in ``order``: keep a column unless the kept ones explain all but COLLINEAR_TOL
    of its variance. One growing Cholesky factor of the correlation matrix, O(p k^2)
    (500 separate rank computations took 21 s at p = 500)."""
    from scipy.linalg import solve_triangular

    corr = (z.T @ z) / len(z)
    factor = np.zeros((len(order), len(order)))
    kept: list[int] = []
    for j in order:
        k = len(kept)
        v = solve_triangular(factor[:k, :k], corr[kept, j], lower=True, check_finite=False) if k else np.zeros(0)
        residual = float(corr[j, j] - v @ v)
        if residual > COLLINEAR_TOL * max(float(corr[j, j]), 1e-300):
            factor[k, :k] = v
            factor[k, k] = np.sqrt(residual)
            kept.append(j)
    return kept


def restore_duplicates(graph: CausalGraph, merged: dict[str, dict[str, Any]]) -> None:
    """Add merged near-duplicates back, each joined to its representative by an edge whose
    direction is left open (--- in a CPDAG/DAG, o-o in a PAG): the copies are surely
    dependent, but which one is the cause cannot be learned. Recorded in metadata."""
    if not merged:
        return
    open_mark = Mark.CIRCLE if graph.graph_type == GraphType.PAG else Mark.TAIL
    for dup, info in merged.items():
        graph.add_node(dup)
        graph.add_edge(info["kept"], dup, open_mark, open_mark)
    if graph.graph_type == GraphType.DAG:
        graph.graph_type = GraphType.CPDAG
    graph.metadata["merged_duplicates"] = {
        d: {**m, "note": f"near-duplicate of {m['kept']} (r={m['r']:.3f}); removed before discovery and "
                         f"linked back to it with an undirected edge"} for d, m in merged.items()}
