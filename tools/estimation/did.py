"""Difference-in-differences: the canonical 2x2 design and two-way fixed effects (TWFE).

Assumes parallel trends: without treatment, the treated and untreated groups' average
outcomes would have moved in parallel; and no anticipation. The estimand is the effect
on the treated (ATT). Standard errors are cluster-robust by unit when a unit column is
given (serially correlated panels), HC1 otherwise."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tools.base import DataError, ToolInputError
from tools.estimation.data import TreatmentKind, prepare
from tools.estimation.effect import EffectResult
from tools.estimation.inference import build_result
from tools.estimation.linear import add_intercept, ols
from tools.estimation.query import EffectQuery

ASSUMPTIONS = ["Parallel trends: absent treatment, treated and untreated units' outcomes would have "
               "changed by the same amount on average.",
               "No anticipation: outcomes before treatment are unaffected by it."]


def difference_in_differences(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """Canonical 2x2 DiD when a post-period indicator is known (``post``, or a two-valued
    ``time``); TWFE with unit and time fixed effects otherwise (needs ``unit`` and ``time``)."""
    if q.post is not None:
        return canonical_did(df, q)
    if q.time is not None and df[q.time].nunique() == 2 and q.unit is None:
        return canonical_did(df, q.with_(post=q.time, time=None))
    if q.time is not None and q.unit is not None:
        return twfe_did(df, q)
    raise ToolInputError("Difference-in-differences needs post='<0/1 post-period column>' (2x2 design), or "
                         "time='<period column>' and unit='<unit id column>' (panel, two-way fixed effects).")


def _binary01(s: pd.Series, name: str, role: str) -> np.ndarray:
    values = sorted(s.unique().tolist())
    if len(values) != 2:
        raise DataError(f"{role} column {name!r} must take exactly two values (0/1); it has {len(values)}.")
    return (s == values[1]).to_numpy(dtype=float)


def canonical_did(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """Y ~ group + post + group x post (+ covariates); the interaction is the ATT.
    If the treatment column is on only in the post period (D = group x post) and a unit
    column is given, the group is 'ever treated'."""
    if q.post is None:
        raise ToolInputError("canonical DiD needs post='<0/1 column marking the post-treatment period>'.")
    prep = prepare(df, q)
    if prep.kind is not TreatmentKind.BINARY:
        raise ToolInputError(f"DiD needs a binary treatment/group indicator; {q.treatment!r} is {prep.kind.value}.")
    post = _binary01(prep.frame[q.post], q.post, "post")
    group = prep.t
    notes = list(prep.notes)
    if q.unit is not None:
        ever = pd.Series(group).groupby(prep.frame[q.unit].to_numpy()).transform("max").to_numpy()
        if not np.array_equal(ever, group):
            group = ever
            notes.append(f"{q.treatment!r} varies within units: the treated group is units ever treated")
    cells = pd.crosstab(group, post)
    if cells.shape != (2, 2) or (cells.to_numpy() < 2).any():
        raise DataError("DiD needs treated and untreated units observed both before and after "
                        f"(group x post cell counts: {cells.to_numpy().tolist()}). If {q.treatment!r} is on only after "
                        "treatment starts, pass unit='<unit id column>' so the treated group can be identified.")
    design = add_intercept(np.column_stack([group, post, group * post, prep.X]))
    cluster = prep.frame[q.unit].to_numpy() if q.unit is not None else None
    fit = ols(design, prep.y, cluster=cluster)
    means = {f"{'treated' if g else 'control'}_{'post' if p else 'pre'}": float(prep.y[(group == g) & (post == p)].mean())
             for g in (0, 1) for p in (0, 1)}
    details = {"design": "2x2", "cell_means": means, "cluster": q.unit, "n_clusters": fit.n_clusters}
    return build_result(q, estimate=fit.beta[3], se=fit.se(3), method="difference-in-differences (2x2)",
                        estimand="ATT", n=prep.n, df=_df(fit), strategy="did", details=details,
                        notes=notes + _estimand_note(q), assumptions=ASSUMPTIONS)


def twfe_did(df: pd.DataFrame, q: EffectQuery) -> EffectResult:
    """Y_it ~ D_it + unit FE + time FE (+ time-varying covariates), by within-transformation
    (alternating projections, so unbalanced panels work). Cluster-robust SE by unit."""
    if q.unit is None or q.time is None:
        raise ToolInputError("TWFE DiD needs unit='<unit id column>' and time='<period column>'.")
    prep = prepare(df, q)
    if prep.kind is TreatmentKind.MULTIVALUED and not pd.api.types.is_numeric_dtype(prep.frame[q.treatment]):
        raise ToolInputError(f"TWFE needs a numeric treatment; {q.treatment!r} is categorical.")
    units = prep.frame[q.unit].to_numpy()
    times = prep.frame[q.time].to_numpy()
    data = np.column_stack([prep.y, prep.t.astype(float), prep.X])
    within = demean_two_way(data, units, times)
    y, d, X = within[:, 0], within[:, 1], within[:, 2:]
    keep = np.std(X, axis=0) > 1e-8 * (1 + np.abs(prep.X).max(axis=0)) if X.shape[1] else np.zeros(0, bool)
    notes = list(prep.notes)
    if X.shape[1] and not keep.all():
        notes.append("time-invariant covariates are absorbed by the unit fixed effects: "
                     f"{[n for n, k in zip(prep.x_names, keep) if not k]}")
    if np.std(d) < 1e-10:
        raise DataError(f"{q.treatment!r} does not vary within units over time, so unit fixed effects absorb it. "
                        "Use post=... for a 2x2 design, or check the treatment column.")
    fit = ols(np.column_stack([d, X[:, keep]]), y, cluster=units)
    warnings = _staggered_warning(prep.t, units, times, q.treatment)
    notes += _estimand_note(q)
    details = {"design": "two-way fixed effects", "n_units": int(len(np.unique(units))),
               "n_periods": int(len(np.unique(times))), "cluster": q.unit, "n_clusters": fit.n_clusters}
    return build_result(q, estimate=fit.beta[0], se=fit.se(0), method="difference-in-differences (TWFE)",
                        estimand="ATT", n=prep.n, df=_df(fit), strategy="did", details=details, notes=notes,
                        warnings=warnings, assumptions=ASSUMPTIONS + [
                            "The effect is the same across cohorts and over time (otherwise TWFE averages "
                            "effects with possibly negative weights)."])


def demean_two_way(data: np.ndarray, units: np.ndarray, times: np.ndarray, tol: float = 1e-10,
                   max_iter: int = 500) -> np.ndarray:
    """Remove unit and time means from every column (exact after one pass for balanced panels)."""
    _, u = np.unique(units, return_inverse=True)
    _, t = np.unique(times, return_inverse=True)
    u_count, t_count = np.bincount(u), np.bincount(t)
    out = data - data.mean(axis=0)
    for _ in range(max_iter):
        before = out.copy()
        for codes, counts in ((u, u_count), (t, t_count)):
            sums = np.zeros((len(counts), out.shape[1]))
            np.add.at(sums, codes, out)
            out = out - (sums / counts[:, None])[codes]
        if np.max(np.abs(out - before)) < tol * (1 + np.max(np.abs(out))):
            break
    return out


def _df(fit) -> int:
    return (fit.n_clusters - 1) if fit.n_clusters else fit.df_resid


def _estimand_note(q: EffectQuery) -> list[str]:
    if q.estimand.value in ("ATE", "ATC"):
        return [f"difference-in-differences identifies the effect on the treated (ATT), which is what is "
                f"reported (not the {q.estimand.value})"]
    return []


def _staggered_warning(d: np.ndarray, units: np.ndarray, times: np.ndarray, name: str) -> list[str]:
    frame = pd.DataFrame({"u": units, "t": times, "d": d})
    treated = frame[frame.d > 0]
    if treated.empty:
        return []
    starts = treated.groupby("u").t.min()
    switches_off = (frame.sort_values("t").groupby("u").d.apply(lambda s: bool(np.any(np.diff(s.to_numpy()) < 0)))).any()
    warnings = []
    if starts.nunique() > 1:
        warnings.append(f"Staggered adoption: {name!r} starts in {starts.nunique()} different periods. TWFE is "
                        "biased if effects change over time or differ by cohort; compare with a 2x2 design per cohort.")
    if switches_off:
        warnings.append(f"{name!r} switches off for some units; TWFE assumes effects vanish immediately.")
    return warnings
