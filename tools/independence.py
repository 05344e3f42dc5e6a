"""Conditional independence tests: is X independent of Y given Z in the data?

Not rejecting independence is "no evidence of dependence", never proof of independence:
every test here has limited power, and each relies on a stated assumption
(Fisher-z: linear relations; chi-square/G²: enough rows per cell; KCI: smooth relations).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any, Callable, Literal, Sequence

import numpy as np
import pandas as pd
from pydantic import Field
from scipy import special, stats

from tools.base import DataError, Tool, ToolArgs, ToolGroup, ToolInputError, ToolOutput
from tools.context import AnalysisContext, unknown_column_message


class CITest(str, Enum):
    AUTO = "auto"
    FISHERZ = "fisherz"
    CHISQ = "chisq"
    GSQ = "gsq"
    KCI = "kci"


TEST_LABEL = {CITest.FISHERZ: "Fisher-z", CITest.CHISQ: "chi-square", CITest.GSQ: "G²", CITest.KCI: "KCI"}
TEST_ASSUMPTION = {
    CITest.FISHERZ: "Fisher-z independence tests assume linear relations (partial correlation).",
    CITest.CHISQ: "Chi-square independence tests treat the tested columns as categories.",
    CITest.GSQ: "G² independence tests treat the tested columns as categories.",
    CITest.KCI: "KCI independence tests assume smooth (kernel-detectable) relations.",
}
AUTO_DISCRETE_MAX_LEVELS = 10  # 'auto' treats an integer column with at most this many values as discrete
DISCRETE_MAX_LEVELS = 30  # chi-square/G² refuse columns with more levels than this
MIN_ROWS = 10
MIN_ROWS_PER_CELL = 5  # rule of thumb for the chi-square approximation
KCI_MAX_ROWS = 1000  # KCI costs O(n³): larger data are subsampled with the seed


@dataclass
class IndependenceResult:
    """One test of ``x ⫫ y | conditioning``. ``independent`` is True when the test does
    not reject independence at ``alpha`` (no evidence of dependence, not proof).
    ``reliable`` is False when the test had too little information (sparse tables)."""

    x: str
    y: str
    conditioning: list[str]
    test: str
    statistic: float | None
    p_value: float
    dof: float | None
    alpha: float
    independent: bool
    n_used: int
    note: str = ""
    reliable: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sentence(self) -> str:
        """One line for the planner, e.g. 'X ⫫ Y | Z? Fisher-z p = 0.43 (n=2000): ...'."""
        given = f" | {', '.join(self.conditioning)}" if self.conditioning else ""
        label = TEST_LABEL.get(CITest(self.test), self.test)
        p = "p < 0.0001" if self.p_value < 1e-4 else f"p = {self.p_value:.3g}"
        if self.independent:
            verdict = f"no evidence of dependence at α={self.alpha:g} (consistent with independence)"
        else:
            verdict = f"dependent at α={self.alpha:g} (independence rejected)"
        caveat = "" if self.reliable else " — unreliable, see note"
        return f"{self.x} ⫫ {self.y}{given}? {label} {p} (n={self.n_used}): {verdict}{caveat}."


@dataclass
class IndependenceReport:
    """Answers for one (x, y) pair under one or more conditioning sets; ``primary`` is
    the first one asked for."""

    results: list[IndependenceResult] = field(default_factory=list)

    @property
    def primary(self) -> IndependenceResult:
        return self.results[0]

    def to_dict(self) -> dict[str, Any]:
        return {"primary": self.primary.to_dict(), "results": [r.to_dict() for r in self.results]}


@dataclass(frozen=True)
class _Outcome:
    statistic: float | None
    p_value: float
    dof: float | None
    n_used: int
    note: str = ""
    reliable: bool = True


# ------------------------------------------------------------------ column handling
def is_discrete(s: pd.Series) -> bool:
    """True for non-numeric/boolean columns and integer-valued columns with few levels."""
    if s.dtype == bool or not pd.api.types.is_numeric_dtype(s):
        return True
    values = s.dropna().to_numpy(dtype=float)
    return bool(np.all(values == np.round(values))) and len(np.unique(values)) <= AUTO_DISCRETE_MAX_LEVELS


def _is_text(s: pd.Series) -> bool:
    return s.dtype != bool and not pd.api.types.is_numeric_dtype(s)


def _as_float(s: pd.Series, name: str, method: CITest) -> np.ndarray:
    """Numeric values; a two-level text column becomes 0/1. Other text is refused."""
    if not _is_text(s):
        return s.to_numpy(dtype=float)
    levels = pd.unique(s)
    if len(levels) == 2:
        return pd.factorize(s, sort=True)[0].astype(float)
    raise ToolInputError(
        f"{TEST_LABEL[method]} needs numeric columns; {name!r} is text with {len(levels)} levels. "
        f"Use method='gsq' or 'chisq' if every tested column is discrete, or encode {name!r} as numbers.")


def _codes(s: pd.Series, name: str) -> tuple[np.ndarray, int]:
    codes, levels = pd.factorize(s, sort=True)
    if len(levels) > DISCRETE_MAX_LEVELS:
        raise ToolInputError(
            f"Chi-square/G² need discrete columns (at most {DISCRETE_MAX_LEVELS} levels); {name!r} has "
            f"{len(levels)} distinct values. Use method='fisherz' or 'kci', or bin {name!r} first.")
    return codes.astype(np.int64), len(levels)


# ------------------------------------------------------------------ tests
def _many_levels(s: pd.Series) -> bool:
    return _is_text(s) and pd.unique(s.dropna()).size > 2


def _conditioning_design(data: pd.DataFrame, z: list[str]) -> tuple[np.ndarray, list[str]]:
    """Intercept plus the conditioning columns (text with more than two levels as dummies)."""
    blocks, notes = [np.ones((len(data), 1))], []
    for c in z:
        if _many_levels(data[c]):
            dummies = pd.get_dummies(data[c], drop_first=True, dtype=float).to_numpy()
            blocks.append(dummies)
            notes.append(f"{c!r} (text) entered as {dummies.shape[1]} dummy columns")
        else:
            blocks.append(_as_float(data[c], c, CITest.FISHERZ)[:, None])
    return np.hstack(blocks), notes


def _dummy_f_test(data: pd.DataFrame, text: str, number: str, z: list[str]) -> _Outcome:
    """A text column with several levels against a numeric one: does adding the text column's
    dummies to a regression of the numeric column on Z reduce its residual variance (F-test)?"""
    design, notes = _conditioning_design(data, z)
    dummies = pd.get_dummies(data[text], drop_first=True, dtype=float).to_numpy()
    target = _as_float(data[number], number, CITest.FISHERZ)
    full = np.hstack([design, dummies])

    def rss(matrix: np.ndarray) -> float:
        resid = target - matrix @ np.linalg.lstsq(matrix, target, rcond=None)[0]
        return float(resid @ resid)

    extra = int(np.linalg.matrix_rank(full)) - int(np.linalg.matrix_rank(design))
    dof = len(target) - int(np.linalg.matrix_rank(full))
    rss0, rss1 = rss(design), rss(full)
    if extra < 1 or dof < 1 or rss1 <= 0:
        raise DataError(f"Too few rows ({len(target)}) to test {text!r} ({dummies.shape[1] + 1} levels) against "
                        f"{number!r}.")
    f_stat = ((rss0 - rss1) / extra) / (rss1 / dof)
    p = float(stats.f.sf(f_stat, extra, dof))
    notes.insert(0, f"{text!r} is text with {dummies.shape[1] + 1} levels: F-test of its dummies in a regression "
                    f"of {number!r} (linear relations assumed)")
    return _Outcome(float(f_stat), p, float(extra), len(target), "; ".join(notes))


def _fisher_z(data: pd.DataFrame, x: str, y: str, z: list[str], seed: int) -> _Outcome:
    """Fisher-z test of zero partial correlation; assumes linear relations. A text column with
    several levels on one side is tested by the F-test of its dummies instead."""
    if _many_levels(data[x]) != _many_levels(data[y]):
        text, number = (x, y) if _many_levels(data[x]) else (y, x)
        return _dummy_f_test(data, text, number, z)
    xv, yv = _as_float(data[x], x, CITest.FISHERZ), _as_float(data[y], y, CITest.FISHERZ)
    n = len(xv)
    design, notes = _conditioning_design(data, z)
    rank = int(np.linalg.matrix_rank(design))
    resid = {}
    for name, v in ((x, xv), (y, yv)):
        r = v - design @ np.linalg.lstsq(design, v, rcond=None)[0]
        scale = np.linalg.norm(v - v.mean())
        if scale == 0:
            raise DataError(f"Column {name!r} is constant in the {n} complete rows; a test needs variation in it.")
        if np.linalg.norm(r) <= 1e-10 * scale:
            raise DataError(f"{name!r} is a deterministic (linear) function of {z}; the test is not meaningful. "
                            f"Remove duplicated or derived columns from the conditioning set.")
        resid[name] = r
    k = rank - 1
    dof = n - k - 3
    if dof < 1:
        raise DataError(f"Too few rows ({n}) for Fisher-z with {k} conditioning columns; need at least {k + 4}.")
    r = float(resid[x] @ resid[y] / (np.linalg.norm(resid[x]) * np.linalg.norm(resid[y])))
    r = float(np.clip(r, -1 + np.finfo(float).eps, 1 - np.finfo(float).eps))
    stat = float(np.sqrt(dof) * abs(np.arctanh(r)))
    p = float(2 * special.ndtr(-stat))
    notes.insert(0, f"partial correlation r = {r:.3f}")
    return _Outcome(stat, p, float(dof), n, "; ".join(notes))


def _discrete_test(data: pd.DataFrame, x: str, y: str, z: list[str], g_squared: bool) -> _Outcome:
    """Chi-square or G² test of independence in the X×Y table within each stratum of Z,
    summed over strata (degrees of freedom counted per stratum from the levels seen)."""
    xc, kx = _codes(data[x], x)
    yc, ky = _codes(data[y], y)
    n = len(xc)
    if z:
        zcodes = np.column_stack([_codes(data[c], c)[0] for c in z])
        strata = np.unique(zcodes, axis=0, return_inverse=True)[1].ravel().astype(np.int64)
    else:
        strata = np.zeros(n, dtype=np.int64)
    n_strata = int(strata.max()) + 1
    n_sx = np.bincount(strata * kx + xc, minlength=n_strata * kx)
    n_sy = np.bincount(strata * ky + yc, minlength=n_strata * ky)
    n_s = np.bincount(strata, minlength=n_strata)
    cells, observed = np.unique((strata * kx + xc) * ky + yc, return_counts=True)
    cs, cx, cy = cells // (kx * ky), (cells // ky) % kx, cells % ky
    expected = n_sx[cs * kx + cx] * n_sy[cs * ky + cy] / n_s[cs]
    if g_squared:
        stat = float(2 * np.sum(observed * np.log(observed / expected)))
    else:  # sum over all cells of (O-E)²/E = sum over non-empty cells of O²/E - n
        stat = float(np.sum(observed.astype(float) ** 2 / expected) - n)
    stat = max(stat, 0.0)
    rows_seen = (n_sx.reshape(n_strata, kx) > 0).sum(axis=1)
    cols_seen = (n_sy.reshape(n_strata, ky) > 0).sum(axis=1)
    dof_s = (rows_seen - 1) * (cols_seen - 1)
    dof = int(dof_s.sum())
    informative = dof_s > 0
    notes, reliable = [], True
    if z and (~informative).any():
        notes.append(f"{int((~informative).sum())} of {n_strata} strata of {', '.join(z)} "
                     f"({int(n_s[~informative].sum())} rows) show a single value of {x} or {y} and add no information")
    if dof == 0:
        return _Outcome(stat, 1.0, 0.0, n, "; ".join(notes + [
            f"no stratum shows variation in both {x} and {y}: the test carries no information"]), False)
    per_cell = n_s[informative].sum() / float((rows_seen * cols_seen)[informative].sum())
    if per_cell < MIN_ROWS_PER_CELL:
        reliable = False
        notes.append(f"sparse table: {per_cell:.1f} rows per cell on average (< {MIN_ROWS_PER_CELL}); "
                     f"the p-value is approximate and the test has little power")
    p = float(stats.chi2.sf(stat, dof))
    return _Outcome(stat, p, float(dof), n, "; ".join(notes), reliable)


def _kci(data: pd.DataFrame, x: str, y: str, z: list[str], seed: int) -> _Outcome:
    """causal-learn's kernel CI test (gamma approximation); subsamples large data with the seed."""
    try:
        from causallearn.utils.KCI.KCI import KCI_CInd, KCI_UInd
    except ImportError as exc:  # pragma: no cover - causal-learn is a core dependency
        raise ImportError("KCI needs causal-learn: pip install causal-learn") from exc
    values = {c: _as_float(data[c], c, CITest.KCI) for c in [x, y, *z]}
    for c, v in values.items():
        if np.std(v) == 0:
            raise DataError(f"Column {c!r} is constant in the complete rows; a test needs variation in it.")
    n_total, note = len(values[x]), ""
    idx = np.arange(n_total)
    if n_total > KCI_MAX_ROWS:
        idx = np.sort(np.random.default_rng(seed).choice(n_total, KCI_MAX_ROWS, replace=False))
        note = f"subsampled {KCI_MAX_ROWS} of {n_total} complete rows (seed {seed}) because KCI costs O(n³)"
    xs, ys = values[x][idx, None], values[y][idx, None]
    if z:
        p, stat = KCI_CInd().compute_pvalue(xs, ys, np.column_stack([values[c][idx] for c in z]))
    else:
        p, stat = KCI_UInd().compute_pvalue(xs, ys)
    return _Outcome(float(stat), float(min(max(p, 0.0), 1.0)), None, len(idx), note)


_TESTS: dict[CITest, Callable[[pd.DataFrame, str, str, list[str], int], _Outcome]] = {
    CITest.FISHERZ: _fisher_z,
    CITest.CHISQ: lambda d, x, y, z, seed: _discrete_test(d, x, y, z, g_squared=False),
    CITest.GSQ: lambda d, x, y, z, seed: _discrete_test(d, x, y, z, g_squared=True),
    CITest.KCI: _kci,
}


def choose_test(data: pd.DataFrame, columns: Sequence[str]) -> tuple[CITest, str]:
    """'auto': G² when every tested column is discrete (text, boolean, or integer with at
    most AUTO_DISCRETE_MAX_LEVELS values), otherwise Fisher-z. Returns the test and why."""
    discrete = [c for c in columns if is_discrete(data[c])]
    if len(discrete) == len(columns):
        return CITest.GSQ, "auto: all tested columns are discrete, so G²"
    if discrete:
        return CITest.FISHERZ, (f"auto: mixed columns ({', '.join(discrete)} discrete), so Fisher-z "
                                f"(linear relations assumed)")
    return CITest.FISHERZ, "auto: continuous columns, so Fisher-z (linear relations assumed)"


def ci_test(df: pd.DataFrame, x: str, y: str, z: Sequence[str] = (), method: CITest | str = "auto",
            alpha: float = 0.05, seed: int = 0) -> IndependenceResult:
    """Test ``x ⫫ y | z`` on the rows where all tested columns are present.

    ``method``: auto | fisherz | chisq | gsq | kci. Returns an IndependenceResult whose
    ``independent`` means "not rejected at alpha" and whose ``note`` states choices made.
    """
    try:
        test = CITest(method)
    except ValueError:
        raise ToolInputError(f"Unknown test {method!r}. Valid methods: {', '.join(t.value for t in CITest)}.") from None
    if not 0 < alpha < 1:
        raise ToolInputError(f"alpha must be between 0 and 1 (e.g. 0.05); got {alpha}.")
    z = list(dict.fromkeys(z))
    columns = [str(c) for c in df.columns]
    for name in [x, y, *z]:
        if name not in df.columns:
            raise ToolInputError(unknown_column_message(name, columns))
    if x == y:
        raise ToolInputError(f"x and y must be different columns; both are {x!r}.")
    if x in z or y in z:
        raise ToolInputError(f"The conditioning set {z} must not contain x ({x!r}) or y ({y!r}).")
    data = df[[x, y, *z]].dropna()
    dropped = len(df) - len(data)
    if len(data) < MIN_ROWS:
        raise DataError(f"Only {len(data)} rows have {x}, {y}{''.join(', ' + c for c in z)} all present; "
                        f"a test needs at least {MIN_ROWS}. Fill or drop missing values.")
    notes = []
    if test is CITest.AUTO:
        test, why = choose_test(data, [x, y, *z])
        notes.append(why)
    outcome = _TESTS[test](data, x, y, z, seed)
    if outcome.note:
        notes.append(outcome.note)
    if dropped:
        notes.append(f"dropped {dropped} rows with missing values")
    return IndependenceResult(x=x, y=y, conditioning=z, test=test.value, statistic=outcome.statistic,
                              p_value=outcome.p_value, dof=outcome.dof, alpha=alpha,
                              independent=bool(outcome.p_value > alpha), n_used=outcome.n_used,
                              note="; ".join(notes), reliable=outcome.reliable)


# ------------------------------------------------------------------ tool
class IndependenceArgs(ToolArgs):
    x: str = Field(description="First column.")
    y: str = Field(description="Second column.")
    given: list[str] = Field(default_factory=list, description="Columns to condition on (empty = marginal test).")
    method: Literal["auto", "fisherz", "chisq", "gsq", "kci"] = Field(
        "auto", description="auto (G² if all columns discrete, else Fisher-z), fisherz (linear, continuous), "
                            "chisq or gsq (discrete), kci (nonlinear, slow; subsamples to 1000 rows).")
    alpha: float = Field(0.05, gt=0, lt=1, description="Significance level.")
    more_given_sets: list[list[str]] = Field(
        default_factory=list, description="Extra conditioning sets to test in the same call, e.g. [['Z'], ['Z', 'W']].")


def _run(ctx: AnalysisContext, args: IndependenceArgs) -> ToolOutput:
    report = IndependenceReport([ci_test(ctx.data, args.x, args.y, given, args.method, args.alpha, ctx.seed)
                                 for given in [args.given, *args.more_given_sets]])
    for r in report.results:
        ctx.add_assumption(TEST_ASSUMPTION[CITest(r.test)])
        if not r.reliable:
            ctx.add_warning(f"Independence test {r.x} ⫫ {r.y} | {r.conditioning} is unreliable: {r.note}.")
    lines = [r.sentence() + (f" [{r.note}]" if r.note else "") for r in report.results]
    return ToolOutput(report, "\n".join(lines))


TOOLS = [
    Tool("test_independence",
         "Test whether two columns are (conditionally) independent in the data, e.g. x='ads', y='sales', "
         "given=['season']. Not rejecting means 'no evidence of dependence', not proof of independence.",
         ToolGroup.INDEPENDENCE, IndependenceArgs, _run),
]
