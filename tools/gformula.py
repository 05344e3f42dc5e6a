"""E[target | do(X = x)] by adjustment (the g-formula) when the graph identifies the effect
of X on the target but is not oriented enough to fit a full SCM — typically a CPDAG whose
undirected edges lie away from X. With a valid adjustment set Z and a linear outcome
model, E[Y | do(x)] is the mean over units of the prediction a + b·x + c·Z_i; the interval
is a seeded bootstrap over rows."""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from memory.graph import CausalGraph
from tools.identification.estimand import Strategy
from tools.identification.identify import identify

N_BOOT = 200
ADJUSTABLE = (Strategy.BACKDOOR, Strategy.RANDOMIZED)


def _means(x: np.ndarray, y: np.ndarray, z: np.ndarray, value: float) -> tuple[float, float]:
    """(mean prediction with x set to ``value``, that minus the observed mean of y)."""
    design = np.column_stack([np.ones(len(y)), x, z])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    design[:, 1] = value
    after = float((design @ coef).mean())
    return after, after - float(y.mean())


def mean_under_intervention_by_adjustment(graph: CausalGraph, data: pd.DataFrame, intervention: Mapping[str, float],
                                          target: str, seed: int, why_not_scm: str, n_boot: int = N_BOOT):
    """An InterventionResult from the g-formula, or None when this route does not apply
    (several intervened variables, effect not identified by adjustment, non-numeric columns)."""
    from tools.counterfactual import InterventionResult, bootstrap_interval_text, percentile_interval

    if len(intervention) != 1:
        return None
    (treatment, value), = intervention.items()
    estimand = identify(graph, treatment, target, observed=list(data.columns))
    if not estimand.identifiable or estimand.strategy not in ADJUSTABLE:
        return None
    adjust = list(estimand.adjustment_set)
    frame = data[[treatment, target, *adjust]].dropna()
    if len(frame) < 10 or not all(pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns):
        return None
    x, y = frame[treatment].to_numpy(float), frame[target].to_numpy(float)
    z = frame[adjust].to_numpy(float) if adjust else np.empty((len(frame), 0))
    point = _means(x, y, z, float(value))
    rng = np.random.default_rng(seed)
    boots = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(y), len(y))
        boots.append(_means(x[idx], y[idx], z[idx], float(value)))
    boots = np.asarray(boots, dtype=float).reshape(n_boot, 2)
    warnings = []
    low, high = float(x.min()), float(x.max())
    if not low <= value <= high:
        warnings.append(f"{treatment}={value:g} is outside the observed range [{low:.4g}, {high:.4g}]: the answer "
                        "extrapolates the linear outcome model")
    adjusted = ", ".join(adjust) if adjust else "nothing (no backdoor path)"
    assumptions = [f"The effect of {treatment} on {target} is identified by adjusting for {adjusted} "
                   f"({estimand.strategy.value}); the graph's other undirected edges do not matter for it",
                   f"{target} depends linearly on {treatment} and the adjustment set (a linear outcome model)"]
    notes = [f"No full SCM: {why_not_scm} The mean under the intervention was computed by adjustment "
             "(g-formula) instead, which needs only the identified effect."]
    return InterventionResult({treatment: float(value)}, target, "linear (adjustment)", point[0],
                              *percentile_interval(boots[:, 0]), float(y.mean()), point[1], *percentile_interval(boots[:, 1]),
                              len(y), n_boot, bootstrap_interval_text(n_boot, seed), assumptions, warnings, notes)
