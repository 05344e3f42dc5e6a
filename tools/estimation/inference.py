"""Confidence intervals, p-values, a seeded bootstrap, and the EffectResult builder."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from tools.estimation.effect import EffectResult
from tools.estimation.query import EffectQuery

LEVEL = 0.95


def normal_interval(estimate: float, se: float, df: int | None = None, level: float = LEVEL
                    ) -> tuple[float, float, float]:
    """(ci_low, ci_high, two-sided p) from a normal, or Student-t when ``df`` is given."""
    if not np.isfinite(se) or se <= 0:
        return float("nan"), float("nan"), float("nan")
    from scipy.special import ndtr, ndtri, stdtr, stdtrit  # lazy: keeps tool import fast

    alpha = 1 - level
    if df is not None and df > 0:
        crit = float(stdtrit(df, 1 - alpha / 2))
        p = float(2 * stdtr(df, -abs(estimate) / se))
    else:
        crit = float(ndtri(1 - alpha / 2))
        p = float(2 * ndtr(-abs(estimate) / se))
    return estimate - crit * se, estimate + crit * se, p


def bootstrap(stat: Callable[[np.ndarray], float], n: int, n_boot: int, seed: int,
              clusters: np.ndarray | None = None) -> np.ndarray:
    """Replicates of a scalar ``stat(indices)`` over resampled rows (or whole clusters)."""
    return bootstrap_many(lambda idx: np.atleast_1d(stat(idx)), n, n_boot, seed, clusters)[:, 0]


def bootstrap_many(stat: Callable[[np.ndarray], np.ndarray], n: int, n_boot: int, seed: int,
                   clusters: np.ndarray | None = None) -> np.ndarray:
    """(n_boot, k) replicates of a vector ``stat(indices)``, seeded. Failed replicates
    (singular fits, an empty arm) are NaN rows, ignored downstream."""
    rng = np.random.default_rng(seed)
    rows: list[np.ndarray | None] = []
    if clusters is not None:
        codes, inverse = np.unique(clusters, return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        members = np.split(order, np.cumsum(np.bincount(inverse))[:-1])
    for _ in range(n_boot):
        if clusters is None:
            idx = rng.integers(0, n, n)
        else:
            pick = rng.integers(0, len(members), len(members))
            idx = np.concatenate([members[g] for g in pick])
        try:
            rows.append(np.asarray(stat(idx), dtype=float))
        except (np.linalg.LinAlgError, ValueError, ZeroDivisionError, FloatingPointError):
            rows.append(None)
    width = max((len(r) for r in rows if r is not None), default=1)
    return np.vstack([r if r is not None else np.full(width, np.nan) for r in rows])


def bootstrap_interval(estimate: float, reps: np.ndarray, level: float = LEVEL) -> tuple[float, float, float, float]:
    """(se, ci_low, ci_high, p): percentile CI, SE = replicate SD, p from the normal approximation."""
    reps = reps[np.isfinite(reps)]
    if len(reps) < 10:
        return float("nan"), float("nan"), float("nan"), float("nan")
    se = float(np.std(reps, ddof=1))
    from scipy.special import ndtr

    alpha = 1 - level
    lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
    p = float(2 * ndtr(-abs(estimate) / se)) if se > 0 else float("nan")
    return se, float(lo), float(hi), p


def contrast_label(q: EffectQuery, t0: float | None, t1: float | None) -> str:
    if t0 is None or t1 is None:
        return f"effect of a one-unit increase in {q.treatment}"
    return f"effect of {q.treatment} from {t0:g} to {t1:g}"


def build_result(q: EffectQuery, *, estimate: float, se: float | None, method: str, estimand: str,
                 n: int, df: int | None = None, ci: tuple[float, float] | None = None,
                 p_value: float | None = None, strategy: str | None = None,
                 details: dict[str, Any] | None = None, assumptions: list[str] | None = None,
                 warnings: list[str] | None = None, notes: list[str] | None = None,
                 subgroups: list[dict[str, Any]] | None = None) -> EffectResult:
    """One EffectResult. CI from ``ci`` when given (bootstrap), else from ``se``."""
    if ci is None:
        lo, hi, p = normal_interval(estimate, se if se is not None else float("nan"), df)
    else:
        lo, hi = ci
        p = p_value if p_value is not None else (
            normal_interval(estimate, se, df)[2] if se else float("nan"))
    info = dict(details or {})
    if notes:
        info["data_notes"] = list(notes)
    return EffectResult(
        estimate=float(estimate), ci_low=float(lo), ci_high=float(hi), method=method, estimand=estimand,
        adjustment_set=list(q.covariates), treatment=q.treatment, outcome=q.outcome,
        std_error=None if se is None or not np.isfinite(se) else float(se),
        p_value=None if p is None or not np.isfinite(p) else float(p),
        strategy=strategy or q.design.value, n=int(n), details=info,
        subgroups=list(subgroups or []), assumptions=list(assumptions or []),
        warnings=list(warnings or []), query=q.to_dict())


def subgroup_row(subgroup: str, level: Any, estimate: float, se: float | None, n: int,
                 df: int | None = None, ci: tuple[float, float] | None = None) -> dict[str, Any]:
    if ci is None:
        lo, hi, p = normal_interval(estimate, se if se is not None else float("nan"), df)
    else:
        (lo, hi), p = ci, (normal_interval(estimate, se)[2] if se else float("nan"))
    return {"subgroup": subgroup, "level": str(level), "estimand": f"CATE[{subgroup}={level}]",
            "estimate": float(estimate), "ci_low": float(lo), "ci_high": float(hi),
            "std_error": None if se is None else float(se), "p_value": float(p), "n": int(n)}
