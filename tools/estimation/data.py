"""Data preparation shared by all estimators: drop incomplete rows, code the treatment,
one-hot encode categorical covariates, drop collinear covariates, and refuse data that
cannot support an estimate (constant treatment, non-numeric outcome)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import pandas as pd

from tools.base import DataError, ToolInputError
from tools.estimation.query import EffectQuery

MAX_CATEGORIES = 50        # one-hot encoding beyond this is almost surely an id column
MAX_MULTIVALUED_LEVELS = 5  # integer treatments with at most this many levels: per-contrast
MIN_ROWS = 10


class TreatmentKind(str, Enum):
    BINARY = "binary"
    MULTIVALUED = "multivalued"
    CONTINUOUS = "continuous"


@dataclass
class Prepared:
    """Clean arrays for one query. ``t`` is 0/1 for a binary treatment (1 = ``levels[1]``),
    the raw value otherwise; ``X`` holds the encoded, non-collinear covariates."""

    frame: pd.DataFrame
    y: np.ndarray
    t: np.ndarray
    X: np.ndarray
    x_names: list[str]
    x_groups: dict[str, list[int]]
    kind: TreatmentKind
    levels: list = field(default_factory=list)
    n_dropped: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.y)

    @property
    def p(self) -> int:
        return self.X.shape[1]


def treatment_kind(values: pd.Series) -> TreatmentKind:
    """Binary (2 levels), multi-valued (categorical, or integers with <= 5 levels) or continuous."""
    n_levels = values.nunique()
    if n_levels == 2:
        return TreatmentKind.BINARY
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return TreatmentKind.MULTIVALUED
    is_integer = bool(np.all(np.mod(values.to_numpy(dtype=float), 1.0) == 0))
    if is_integer and n_levels <= MAX_MULTIVALUED_LEVELS:
        return TreatmentKind.MULTIVALUED
    return TreatmentKind.CONTINUOUS


def prepare(df: pd.DataFrame, q: EffectQuery) -> Prepared:
    """Validate and encode the columns ``q`` uses. Raises DataError when the data cannot
    support an estimate and ToolInputError for unknown columns."""
    cols = q.used_columns
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ToolInputError(f"Column(s) {missing} not found. Columns: {', '.join(map(str, df.columns))}.")
    if q.treatment == q.outcome:
        raise ToolInputError(f"Treatment and outcome are the same column {q.treatment!r}; choose two columns.")
    overlap = {q.treatment, q.outcome} & set(q.covariates)
    if overlap:
        raise ToolInputError(f"Remove {sorted(overlap)} from the adjustment set: it is the treatment or outcome.")
    sub = df[cols]
    clean = sub.dropna()
    n_dropped = len(sub) - len(clean)
    notes = [f"dropped {n_dropped} of {len(sub)} rows with missing values"] if n_dropped else []
    if len(clean) < MIN_ROWS:
        raise DataError(f"Only {len(clean)} complete rows in {cols}; at least {MIN_ROWS} are needed. "
                        "Fill or drop missing values, or use fewer columns.")
    y = _numeric_outcome(clean[q.outcome], q.outcome)
    kind, t, levels = code_treatment(clean[q.treatment], q)
    if kind is TreatmentKind.BINARY and not pd.api.types.is_numeric_dtype(clean[q.treatment]):
        notes.append(f"treatment {q.treatment!r}: '{levels[1]}' compared with '{levels[0]}'")
    X, names, groups, enc_notes = encode_covariates(clean, list(q.covariates))
    notes += enc_notes
    if q.inference:  # point-only refits skip the (slower) rank checks; lstsq copes
        X, names, groups, col_notes = drop_collinear(X, names, groups)
        notes += col_notes
        _check_treatment_not_determined(t, X, q.treatment, kind)
        _check_outcome_not_determined(y, X, names, q.outcome)
    return Prepared(frame=clean, y=y, t=t, X=X, x_names=names, x_groups=groups, kind=kind,
                    levels=levels, n_dropped=n_dropped, notes=notes)


POSITIVE_LEVELS = {"yes", "y", "true", "t", "1", "survived", "alive", "success", "positive", "pass", "passed",
                   "employed", "responded", "won", "win", "on", "high"}


def two_level_codes(s: pd.Series) -> tuple[pd.Series, str] | None:
    """A two-level text column as 0/1 (the 'yes'-like level is 1, otherwise the later level in
    sort order) with the mapping in words; None when the column is numeric or has other than
    two levels."""
    if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        return None
    levels = sorted(s.dropna().unique().tolist(), key=str)
    if len(levels) != 2:
        return None
    positive = next((v for v in levels if str(v).strip().lower() in POSITIVE_LEVELS), levels[1])
    negative = next(v for v in levels if v != positive)
    codes = s.map({positive: 1.0, negative: 0.0}).astype(float)
    return codes, f"1 = '{positive}', 0 = '{negative}'"


def _numeric_outcome(s: pd.Series, name: str) -> np.ndarray:
    if pd.api.types.is_bool_dtype(s):
        s = s.astype(int)
    if not pd.api.types.is_numeric_dtype(s):
        raise DataError(f"Outcome {name!r} is not numeric (dtype {s.dtype}); recode it as numbers "
                        "(e.g. 0/1 for yes/no) before estimating an effect.")
    y = s.to_numpy(dtype=float)
    if np.nanstd(y) == 0:
        raise DataError(f"Outcome {name!r} is constant ({plain(y[0])!r}) in the rows used; no effect can be estimated.")
    return y


def code_treatment(s: pd.Series, q: EffectQuery) -> tuple[TreatmentKind, np.ndarray, list]:
    """Code the treatment. Binary: 0/1 with control = ``t0`` (or the lower level)."""
    if s.nunique() < 2:
        raise DataError(f"Treatment {q.treatment!r} is constant ({plain(s.iloc[0])!r}) in the rows used; "
                        "an effect needs both treated and untreated units. Check the column or the filter.")
    kind = treatment_kind(s)
    if kind is TreatmentKind.BINARY:
        levels = sorted(s.unique().tolist(), key=_sort_key)
        if q.t0 is not None or q.t1 is not None:
            levels = _binary_levels_from_contrast(levels, q)
        return kind, (s == levels[1]).to_numpy(dtype=float), levels
    if kind is TreatmentKind.MULTIVALUED:
        levels = sorted(s.unique().tolist(), key=_sort_key)
        return kind, s.to_numpy(), levels
    return kind, s.to_numpy(dtype=float), []


def plain(v):
    """A numpy scalar as the Python value (for readable messages)."""
    return v.item() if isinstance(v, np.generic) else v


def _sort_key(v):
    return (0, float(v)) if isinstance(v, (int, float, np.number, bool, np.bool_)) else (1, str(v))


def _binary_levels_from_contrast(levels: list, q: EffectQuery) -> list:
    def match(v):
        for lev in levels:
            try:
                if float(lev) == float(v):
                    return lev
            except (TypeError, ValueError):
                continue
        raise ToolInputError(f"t0/t1 = {v!r} is not a level of binary treatment {q.treatment!r}; "
                             f"levels are {levels}.")
    if q.t0 is not None and q.t1 is not None:
        lo, hi = match(q.t0), match(q.t1)
        if lo == hi:
            raise ToolInputError(f"t0 and t1 must differ; levels of {q.treatment!r} are {levels}.")
        return [lo, hi]
    given = match(q.t0 if q.t0 is not None else q.t1)
    other = levels[1] if given == levels[0] else levels[0]
    return [given, other] if q.t0 is not None else [other, given]


def encode_covariates(frame: pd.DataFrame, covariates: list[str]
                      ) -> tuple[np.ndarray, list[str], dict[str, list[int]], list[str]]:
    """One-hot encode categorical covariates (drop-first); bools become 0/1."""
    blocks: list[np.ndarray] = []
    names: list[str] = []
    groups: dict[str, list[int]] = {}
    notes: list[str] = []
    for col in covariates:
        s = frame[col]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            block, block_names = s.to_numpy(dtype=float)[:, None], [col]
        else:
            n_cat = s.nunique()
            if n_cat > MAX_CATEGORIES:
                raise DataError(f"Covariate {col!r} is categorical with {n_cat} levels (an id?). Drop it from "
                                f"the adjustment set or recode it with at most {MAX_CATEGORIES} levels.")
            dummies = pd.get_dummies(s.astype(str), prefix=col, drop_first=True, dtype=float)
            block, block_names = dummies.to_numpy(), list(dummies.columns)
            notes.append(f"one-hot encoded {col!r} ({n_cat} levels)")
        groups[col] = list(range(len(names), len(names) + len(block_names)))
        blocks.append(block)
        names += block_names
    X = np.hstack(blocks) if blocks else np.empty((len(frame), 0))
    return X, names, groups, notes


def drop_collinear(X: np.ndarray, names: list[str], groups: dict[str, list[int]], tol: float = 1e-9
                   ) -> tuple[np.ndarray, list[str], dict[str, list[int]], list[str]]:
    """Drop constant covariates and covariates that are exact linear combinations of others."""
    if X.shape[1] == 0:
        return X, names, groups, []
    from scipy.linalg import qr

    Z = np.column_stack([np.ones(len(X)), X - X.mean(axis=0)])
    scale = np.linalg.norm(Z, axis=0)
    keep_mask = scale[1:] > tol * np.sqrt(len(X))
    _, R, piv = qr(Z / np.where(scale == 0, 1, scale), mode="economic", pivoting=True)
    diag = np.abs(np.diag(R))
    rank = int(np.sum(diag > max(diag.max(), 1.0) * 1e-8))
    independent = set(piv[:rank].tolist())
    keep = [j for j in range(X.shape[1]) if keep_mask[j] and (j + 1) in independent]
    if len(keep) == X.shape[1]:
        return X, names, groups, []
    dropped = [names[j] for j in range(X.shape[1]) if j not in keep]
    remap = {old: new for new, old in enumerate(keep)}
    new_groups = {g: [remap[j] for j in idx if j in remap] for g, idx in groups.items()}
    new_groups = {g: idx for g, idx in new_groups.items() if idx}
    note = f"dropped constant or collinear covariate column(s) {dropped}"
    return X[:, keep], [names[j] for j in keep], new_groups, [note]


def _check_treatment_not_determined(t: np.ndarray, X: np.ndarray, name: str, kind: TreatmentKind) -> None:
    if X.shape[1] == 0 or kind is TreatmentKind.MULTIVALUED:
        return
    Z = np.column_stack([np.ones(len(X)), X])
    coef, *_ = np.linalg.lstsq(Z, t, rcond=None)
    resid = t - Z @ coef
    if np.var(resid) < 1e-10 * max(np.var(t), 1e-300):
        raise DataError(f"Treatment {name!r} is an exact function of the covariates (no overlap): "
                        "remove the covariate that duplicates the treatment from the adjustment set.")


def _check_outcome_not_determined(y: np.ndarray, X: np.ndarray, names: list[str], outcome: str) -> None:
    """Refuse an adjustment set that fixes the outcome exactly (e.g. wt82 and wt71 for the change
    wt82_71): holding it constant leaves the outcome nothing to vary, so every effect would come
    out as a forced, falsely certain 0."""
    if X.shape[1] == 0:
        return
    Z = np.column_stack([np.ones(len(X)), X])
    coef, *_ = np.linalg.lstsq(Z, y, rcond=None)
    resid = y - Z @ coef
    if np.var(resid) >= 1e-10 * max(np.var(y), 1e-300):
        return
    scale = np.abs(coef[1:]) * X.std(axis=0)
    parts = [names[j] for j in np.argsort(-scale) if scale[j] > 1e-6 * max(scale.max(), 1e-300)]
    raise DataError(f"The outcome {outcome!r} is an exact linear function of the adjustment set ({', '.join(parts)} "
                    "determine it completely), so with them held fixed it cannot change and any effect would be a "
                    "forced 0. One of them is probably a part of the outcome (a later measurement it is computed "
                    "from): remove it from the adjustment set.")


def subgroup_labels(values: pd.Series, max_levels: int = 10, n_bins: int = 4) -> pd.Series:
    """Subgroup of each row: the level itself, or a quantile bin for many-valued numerics."""
    if values.nunique() <= max_levels or not pd.api.types.is_numeric_dtype(values):
        return values.astype(str) if not pd.api.types.is_numeric_dtype(values) else values
    bins = pd.qcut(values, q=n_bins, duplicates="drop")
    return bins.astype(str)
