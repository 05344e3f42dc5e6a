"""Covariate roles for an observational effect question.

Every other column gets one role with its evidence, in this order of authority: the user's
knowledge, time cues (names, description), attributes fixed at birth, what the data show
about the column (another measure of the outcome, a column that fixes the treatment, an
identifier, mostly missing), and discovery only where a learned graph orients a path out
of the treatment with certainty. Columns with no evidence are **pre-treatment by default**
— the standard assumption of applied work, stated with the columns it covers."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

import numpy as np
import pandas as pd

from tools.covariates.fixed import FIXED_NAME
from tools.covariates.timing import TimeCue, time_cues
from tools.knowledge import Knowledge
from tools.profiling import ColumnKind, classify_column

ID_NAME = re.compile(r"(?:^|_)(?:id|seqn|uuid|index|row|record|serial)(?:_|$)|_id$|^id|^unnamed:|"
                     r"(?:unit|user|person|firm|school|student|patient|customer|household|hh|member|case|subject|"
                     r"respondent|village|store|site|county|country)id$", re.I)
LOG_PREFIX = re.compile(r"^(?:l|ln|log|lg)_?", re.I)
MAX_MISSING = 0.3


class Role(str, Enum):
    PRE = "pre_treatment"            # measured before the treatment: adjust
    UNKNOWN = "unknown"              # no evidence: pre-treatment by default (adjust), stated
    POST = "post_treatment"          # mediator, collider or other descendant of the treatment: never adjust
    OUTCOME_MEASURE = "outcome_measure"      # another measure of the outcome (log, component, same stem)
    TREATMENT_DEFINING = "treatment_defining"  # fixes the treatment: adjusting leaves no comparison
    INSTRUMENT = "instrument"        # moves the treatment only: adjusting adds variance, not validity
    IDENTIFIER = "identifier"        # a row or unit label, not a measurement
    MOSTLY_MISSING = "mostly_missing"  # would drop too many rows; left out, stated

    @property
    def adjust(self) -> bool:
        return self in (Role.PRE, Role.UNKNOWN)


@dataclass
class CovariateRole:
    column: str
    role: Role
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"column": self.column, "role": self.role.value, "evidence": self.evidence}


@dataclass
class CovariateRoles:
    treatment: str
    outcome: str
    roles: list[CovariateRole] = field(default_factory=list)
    discovery_used: bool = False

    def of(self, column: str) -> CovariateRole | None:
        return next((r for r in self.roles if r.column == column), None)

    def columns(self, *roles: Role) -> list[str]:
        return [r.column for r in self.roles if r.role in roles]

    @property
    def adjustment_set(self) -> list[str]:
        return [r.column for r in self.roles if r.role.adjust]

    def assumption(self) -> str | None:
        unknown = self.columns(Role.UNKNOWN)
        if not unknown:
            return None
        return (f"Pre-treatment by default (no time cue, knowledge or data evidence says otherwise): "
                f"{', '.join(unknown)}. If any of these is measured after '{self.treatment}' or affected by it, "
                "say so (e.g. knowledge tiers, or 'X is measured after the treatment' in the description).")

    def tiers_knowledge(self) -> Knowledge:
        """Time order as discovery knowledge: evidenced pre-treatment columns before the
        treatment, evidenced post-treatment columns and the outcome after it."""
        pre = self.columns(Role.PRE)
        post = [*self.columns(Role.POST, Role.OUTCOME_MEASURE), self.outcome]
        tiers = [t for t in (pre, [self.treatment], post) if t]
        return Knowledge(tiers=tiers, sources=["covariate roles (time order)"])

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["roles"] = [r.to_dict() for r in self.roles]
        d["adjustment_set"] = self.adjustment_set
        return d


def _year(cue: TimeCue | None) -> int | None:
    return cue.year if cue is not None else None


def _time_role(cue: TimeCue | None, t_cue: TimeCue | None, y_cue: TimeCue | None) -> Role | None:
    if cue is None:
        return None
    if cue.words == "post":
        return Role.POST
    if cue.words == "pre":
        return Role.PRE
    period_role = _period_role(cue, t_cue, y_cue)
    if period_role is not None:
        return period_role
    t_year, y_year = _year(t_cue), _year(y_cue)
    if cue.year is None:
        return None
    if t_year is not None:
        if cue.year < t_year:
            return Role.PRE
        if cue.year > t_year or (y_year is not None and cue.year >= y_year):
            return Role.POST
        return None
    if y_year is not None:
        return Role.PRE if cue.year < y_year else Role.POST
    return None


def _period_role(cue: TimeCue, t_cue: TimeCue | None, y_cue: TimeCue | None) -> Role | None:
    """Before or after the treatment by time points in one unit (month 13 after month 12)."""
    if cue.period is None:
        return None
    at, t_at, y_at = _on_one_clock(cue.period, t_cue.period if t_cue else None, y_cue.period if y_cue else None)
    if at is None:
        return None
    if t_at is not None:
        return Role.PRE if at < t_at else Role.POST if at > t_at else None
    if y_at is not None and at >= y_at:
        return Role.POST
    return None


DAYS_PER = {"day": 1.0, "week": 7.0, "month": 30.4, "quarter": 91.3}


def _on_one_clock(*periods: tuple[str, int] | None) -> list[float | None]:
    """Time points in one unit: the same unit as they are, or days when the units differ
    (the end of week 1 is day 7, so 'by day 30' comes after 'in week 1'); waves only with waves."""
    units = {p[0] for p in periods if p is not None}
    if len(units) <= 1:
        return [float(p[1]) if p is not None else None for p in periods]
    return [p[1] * DAYS_PER[p[0]] if p is not None and p[0] in DAYS_PER and units <= set(DAYS_PER) else None
            for p in periods]


def _stem(name: str) -> str:
    s = LOG_PREFIX.sub("", str(name).lower())
    return re.sub(r"[\d_]+", "", s)


def _numeric(s: pd.Series) -> np.ndarray | None:
    if pd.api.types.is_bool_dtype(s):
        return s.to_numpy(dtype=float)
    if pd.api.types.is_numeric_dtype(s):
        return s.to_numpy(dtype=float)
    return None


def _abs_corr(a: np.ndarray, b: np.ndarray) -> float:
    ok = ~(np.isnan(a) | np.isnan(b))
    if ok.sum() < 10 or np.std(a[ok]) == 0 or np.std(b[ok]) == 0:
        return 0.0
    return float(abs(np.corrcoef(a[ok], b[ok])[0, 1]))


def _determines_treatment(x: pd.Series, t: pd.Series) -> bool:
    """True when the column's value fixes the treatment in (almost) every row: a version of
    the treatment (an amount, a dose), not a covariate."""
    if x.nunique(dropna=True) > 50 or t.nunique(dropna=True) != 2:
        return False
    frame = pd.DataFrame({"x": x, "t": t}).dropna()
    if frame.empty:
        return False
    constant = frame.groupby("x")["t"].transform("nunique") == 1
    return bool(constant.mean() > 0.99 and frame.groupby("x")["t"].first().nunique() == 2)


def _data_role(df: pd.DataFrame, col: str, treatment: str, outcome: str) -> tuple[Role, str] | None:
    s = df[col]
    if pd.api.types.is_datetime64_any_dtype(s):
        return Role.IDENTIFIER, "a date (a time index, not a measurement to adjust for)"
    if ID_NAME.search(str(col)) and s.nunique(dropna=True) > 0.5 * len(s):
        return Role.IDENTIFIER, "a row identifier (named like an id, mostly unique values)"
    if ID_NAME.search(str(col)) and s.nunique(dropna=True) > max(50, 0.05 * len(s)):
        return Role.IDENTIFIER, "a unit identifier (named like an id, a code repeated over a panel's periods)"
    if classify_column(s) is ColumnKind.ID_LIKE:  # the profiler's test: e.g. a saved row index 1..n
        return Role.IDENTIFIER, "a row identifier (one distinct value per row, like a saved row number)"
    missing = float(s.isna().mean())
    if missing > MAX_MISSING:
        return Role.MOSTLY_MISSING, f"{missing:.0%} missing: adjusting would drop those rows"
    y, x = _numeric(df[outcome]), _numeric(s)
    if y is not None and x is not None and _stem(col) == _stem(outcome) and _abs_corr(x, y) > 0.8:
        return Role.OUTCOME_MEASURE, f"same name stem as '{outcome}' and correlated {_abs_corr(x, y):.2f} with it"
    t = _numeric(df[treatment])
    if x is not None and t is not None and _abs_corr(x, t) > 0.99:
        return Role.TREATMENT_DEFINING, f"a copy or rescaling of '{treatment}' (correlation {_abs_corr(x, t):.3f})"
    if _determines_treatment(s, df[treatment]):
        return Role.TREATMENT_DEFINING, f"its value fixes '{treatment}' in every row (a version of the treatment)"
    return None


def assign_roles(df: pd.DataFrame, treatment: str, outcome: str, *, description: str | None = None,
                 knowledge: Knowledge | None = None, instrument: str | None = None,
                 exclude: set[str] | None = None) -> CovariateRoles:
    """Every column except treatment, outcome and ``exclude`` gets a role with its evidence."""
    knowledge = knowledge or Knowledge()
    columns = [str(c) for c in df.columns]
    cues = time_cues(columns, description, treatment)
    t_cue, y_cue = cues.get(treatment), cues.get(outcome)
    result = CovariateRoles(treatment, outcome)
    for col in columns:
        if col in (treatment, outcome) or col in (exclude or set()):
            continue
        result.roles.append(_role(df, col, treatment, outcome, cues.get(col), t_cue, y_cue, knowledge, instrument))
    return result


def _role(df: pd.DataFrame, col: str, treatment: str, outcome: str, cue: TimeCue | None, t_cue: TimeCue | None,
          y_cue: TimeCue | None, knowledge: Knowledge, instrument: str | None) -> CovariateRole:
    if col == instrument:
        return CovariateRole(col, Role.INSTRUMENT, "named as the instrument")
    if knowledge.forbids(col, treatment) or knowledge.requires(treatment, col):
        return CovariateRole(col, Role.POST, "your knowledge puts it after the treatment")
    if knowledge.forbids(treatment, col) or knowledge.requires(col, treatment):
        return CovariateRole(col, Role.PRE, "your knowledge puts it before the treatment")
    data_role = _data_role(df, col, treatment, outcome)
    if data_role is not None and data_role[0] in (Role.IDENTIFIER, Role.MOSTLY_MISSING, Role.TREATMENT_DEFINING):
        return CovariateRole(col, *data_role)
    timed = _time_role(cue, t_cue, y_cue)
    if timed is not None:
        return CovariateRole(col, timed, f"time: {cue.evidence}")
    if FIXED_NAME.search(col):
        return CovariateRole(col, Role.PRE, "a fixed attribute (set at birth or by geography), so it precedes "
                                            "the treatment")
    if data_role is not None:
        return CovariateRole(col, *data_role)
    return CovariateRole(col, Role.UNKNOWN, "no time cue, knowledge or data evidence")


def apply_graph(roles: CovariateRoles, definite_descendants: set[str]) -> list[str]:
    """Move columns the learned graph makes definite descendants of the treatment to
    post-treatment, unless time or fixed-attribute evidence says otherwise. Returns the moved."""
    moved = []
    for r in roles.roles:
        if r.column in definite_descendants and r.role is Role.UNKNOWN:
            r.role, r.evidence = Role.POST, ("the learned graph has a fully directed path from the treatment to it "
                                             "(a mediator or other descendant)")
            moved.append(r.column)
    roles.discovery_used = True
    return moved
