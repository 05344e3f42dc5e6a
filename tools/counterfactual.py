"""Interventions and counterfactuals from an SCM fitted on the current graph and the data.

simulate_intervention: the mean of the target under do(X=x) (every unit's noise pushed
through the fitted mechanisms), against the observed mean. counterfactual: for one unit
(abduction of its noise, action, prediction) or averaged over all units. Relies on the
SCM assumptions listed in tools.scm (additive noise, no hidden confounders, correct graph).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Mapping

import numpy as np
import pandas as pd
from pydantic import Field

from memory.graph import CausalGraph
from tools.base import DataError, Tool, ToolArgs, ToolGroup, ToolInputError, ToolOutput
from tools.context import AnalysisContext
from tools.scm import (COMMON_ASSUMPTIONS, MODEL_ASSUMPTION, UNIT_ASSUMPTION, FittedSCM, MechanismModel, SCMSpec,
                       UnorientedGraph, bootstrap, fit_scm, prepare_values, scm_spec)

DEFAULT_BOOT = {MechanismModel.LINEAR: 200, MechanismModel.ADDITIVE_NOISE: 100}


@dataclass
class InterventionResult:
    """Mean of ``target`` under ``do(intervention)`` with a bootstrap interval, and its
    contrast with the observed mean."""

    intervention: dict[str, float]
    target: str
    model: str
    mean: float
    ci_low: float | None
    ci_high: float | None
    observational_mean: float
    contrast: float
    contrast_ci_low: float | None
    contrast_ci_high: float | None
    n_used: int
    n_boot: int
    interval: str
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sentence(self) -> str:
        return (f"{_do_text(self.intervention)}: mean {self.target} = {self.mean:.4g}{_ci(self.ci_low, self.ci_high)} "
                f"vs observed mean {self.observational_mean:.4g}: change {self.contrast:+.4g}"
                f"{_ci(self.contrast_ci_low, self.contrast_ci_high)} ({self.model} SCM, n={self.n_used}, "
                f"{self.n_boot} bootstrap refits).")


@dataclass
class CounterfactualResult:
    """What ``target`` would have been under ``do(intervention)``: for one unit (``kind='unit'``)
    or averaged over every unit (``kind='population'``); ``factual`` is the observed value (mean)."""

    intervention: dict[str, float]
    target: str
    model: str
    kind: str
    factual: float
    counterfactual: float
    change: float
    ci_low: float | None
    ci_high: float | None
    change_ci_low: float | None
    change_ci_high: float | None
    unit: dict[str, float] | None
    row: int | None
    n_used: int
    n_boot: int
    interval: str
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sentence(self) -> str:
        who = f"row {self.row}" if self.row is not None else "the given unit" if self.kind == "unit" else \
            f"the {self.n_used} units on average"
        return (f"Under {_do_text(self.intervention)}, {self.target} for {who} would have been "
                f"{self.counterfactual:.4g}{_ci(self.ci_low, self.ci_high)} instead of {self.factual:.4g} "
                f"(change {self.change:+.4g}{_ci(self.change_ci_low, self.change_ci_high)}; {self.model} SCM, "
                f"{self.n_boot} bootstrap refits).")


def _do_text(intervention: Mapping[str, float]) -> str:
    return "do(" + ", ".join(f"{k}={v:g}" for k, v in intervention.items()) + ")"


def _ci(low: float | None, high: float | None) -> str:
    return "" if low is None else f" [95% CI {low:.4g} to {high:.4g}]"


def percentile_interval(samples: np.ndarray) -> tuple[float | None, float | None]:
    if samples.size == 0:
        return None, None
    low, high = np.percentile(samples, [2.5, 97.5])
    return float(low), float(high)


@dataclass
class _Prepared:
    """A validated request: what to model, its data, and what to tell the user."""

    spec: SCMSpec
    values: dict[str, np.ndarray]
    model: MechanismModel
    n_boot: int
    notes: list[str]
    warnings: list[str]
    assumptions: list[str]


def _setup(graph: CausalGraph, data: pd.DataFrame, intervention: Mapping[str, float], target: str,
           model: MechanismModel | str, n_boot: int | None) -> _Prepared:
    """Validate the request, check the graph, and prepare data, assumptions and warnings."""
    try:
        model = MechanismModel(model)
    except ValueError:
        raise ToolInputError(f"Unknown model {model!r}. Valid models: linear, additive_noise.") from None
    if not intervention:
        raise ToolInputError("intervention must set at least one variable, e.g. {'discount': 0}.")
    for name in [*intervention, target]:
        if name not in graph.nodes:
            raise ToolInputError(f"{name!r} is not a node of the graph. Graph nodes: {', '.join(graph.nodes)}.")
    if target in intervention:
        raise ToolInputError(f"The target {target!r} cannot also be intervened on; choose another target.")
    for name, value in intervention.items():
        if not math.isfinite(float(value)):
            raise ToolInputError(f"The value for {name!r} must be a finite number; got {value}.")
    spec = scm_spec(graph, list(intervention), target)
    values, notes = prepare_values(data, spec, graph)
    warnings = []
    for name, value in intervention.items():
        if name in data.columns and pd.api.types.is_numeric_dtype(data[name]):
            low, high = float(data[name].min()), float(data[name].max())
            if not low <= value <= high:
                warnings.append(f"{name}={value:g} is outside the observed range [{low:.4g}, {high:.4g}]: "
                                f"the answer extrapolates the fitted {model.value} mechanisms")
    if not spec.order:
        notes.append(f"{', '.join(intervention)} has no causal path to {target} in the graph: "
                     f"the intervention leaves {target} unchanged")
    n_boot = DEFAULT_BOOT[model] if n_boot is None else int(n_boot)
    if n_boot < 0:
        raise ToolInputError(f"n_boot must be 0 or more; got {n_boot}.")
    return _Prepared(spec, values, model, n_boot, notes, warnings, [*COMMON_ASSUMPTIONS, MODEL_ASSUMPTION[model]])


def bootstrap_interval_text(n_boot: int, seed: int) -> str:
    if n_boot == 0:
        return "no interval (n_boot=0)"
    rough = " (few refits: a rough interval)" if n_boot < 100 else ""
    return f"95% percentile bootstrap: {n_boot} refits of every mechanism on resampled rows, seed {seed}{rough}"


def _population(p: _Prepared, intervention: dict[str, float], seed: int) -> tuple[list[float], np.ndarray]:
    """[mean of the target after the intervention, mean change per unit] on the data and on
    each bootstrap refit; every unit keeps its own noise."""
    target = p.spec.target

    def stats(scm: FittedSCM) -> list[float]:
        after = scm.propagate(scm.values, scm.noise, intervention)[target]
        return [float(after.mean()), float((after - scm.values[target]).mean())]

    scm = fit_scm(p.spec, p.values, p.model)
    p.notes.extend(_knot_note(scm))
    return stats(scm), bootstrap(scm, seed, p.n_boot, stats)


def simulate_intervention(graph: CausalGraph, data: pd.DataFrame, intervention: Mapping[str, float], target: str,
                          model: MechanismModel | str = "linear", seed: int = 0,
                          n_boot: int | None = None) -> InterventionResult:
    """Mean of ``target`` under do(intervention): every unit's noise pushed through the
    fitted mechanisms (the empirical noise distribution). Returns an InterventionResult."""
    try:
        p = _setup(graph, data, intervention, target, model, n_boot)
    except UnorientedGraph as exc:  # the effect may still be identified by adjustment
        from tools.gformula import mean_under_intervention_by_adjustment

        if MechanismModel(model) is not MechanismModel.LINEAR:
            raise
        fallback = mean_under_intervention_by_adjustment(graph, data, intervention, target, seed, str(exc))
        if fallback is None:
            raise
        return fallback
    intervention = {k: float(v) for k, v in intervention.items()}
    point, boots = _population(p, intervention, seed)
    return InterventionResult(intervention, target, p.model.value, point[0], *percentile_interval(boots[:, 0]),
                              float(p.values[target].mean()), point[1], *percentile_interval(boots[:, 1]),
                              len(p.values[target]), p.n_boot, bootstrap_interval_text(p.n_boot, seed), p.assumptions,
                              p.warnings, p.notes)


def counterfactual(graph: CausalGraph, data: pd.DataFrame, intervention: Mapping[str, float], target: str,
                   factual: Mapping[str, float] | None = None, row: int | None = None,
                   model: MechanismModel | str = "linear", seed: int = 0,
                   n_boot: int | None = None) -> CounterfactualResult:
    """What ``target`` would have been under do(intervention): for the unit given by
    ``factual`` values or by ``row`` (0-based position in ``data``) via abduction–action–
    prediction, or, with neither, averaged over all units."""
    if factual is not None and row is not None:
        raise ToolInputError("Give either factual (a unit's values) or row (its 0-based position), not both.")
    p = _setup(graph, data, intervention, target, model, n_boot)
    intervention = {k: float(v) for k, v in intervention.items()}
    n_used, interval = len(p.values[target]), bootstrap_interval_text(p.n_boot, seed)
    if factual is None and row is None:
        point, boots = _population(p, intervention, seed)
        p.notes.append("with additive noise the average counterfactual equals the interventional mean")
        return CounterfactualResult(intervention, target, p.model.value, "population", float(p.values[target].mean()),
                                    point[0], point[1], *percentile_interval(boots[:, 0]), *percentile_interval(boots[:, 1]), None,
                                    None, n_used, p.n_boot, interval, p.assumptions, p.warnings, p.notes)
    unit = _unit_values(data, p.spec.columns, factual, row)
    unit_arrays = {k: np.array([v]) for k, v in unit.items()}

    def unit_stat(scm: FittedSCM) -> list[float]:
        noise = scm.abduct(unit_arrays)  # abduction, then action and prediction
        return [float(scm.propagate(unit_arrays, noise, intervention)[target][0])]

    scm = fit_scm(p.spec, p.values, p.model)
    p.notes.extend(_knot_note(scm))
    point = unit_stat(scm)[0]
    low, high = percentile_interval(bootstrap(scm, seed, p.n_boot, unit_stat)[:, 0])
    fact = unit[target]
    shift = (None, None) if low is None else (low - fact, high - fact)
    p.notes.append("the interval reflects uncertainty in the fitted mechanisms only; the unit's noise is held fixed")
    return CounterfactualResult(intervention, target, p.model.value, "unit", fact, point, point - fact, low, high,
                                *shift, unit, row, n_used, p.n_boot, interval, [*p.assumptions, UNIT_ASSUMPTION],
                                p.warnings, p.notes)


def _knot_note(scm: FittedSCM) -> list[str]:
    if not scm.knots:
        return []
    sizes = ", ".join(f"{k}: {v or 'linear'}" for k, v in scm.knots.items())
    return [f"spline knots per variable chosen by generalized cross-validation ({sizes})"]


def _unit_values(data: pd.DataFrame, needed: tuple[str, ...], factual: Mapping[str, float] | None,
                 row: int | None) -> dict[str, float]:
    if row is not None:
        if not 0 <= row < len(data):
            raise ToolInputError(f"row must be a 0-based position between 0 and {len(data) - 1}; got {row}.")
        record = data.iloc[row]
        absent = [c for c in needed if pd.isna(record[c])]
        if absent:
            raise DataError(f"Row {row} has missing values for {absent}; choose another row or pass factual values.")
        return {c: float(record[c]) for c in needed}
    missing = [c for c in needed if c not in factual]
    if missing:
        raise ToolInputError(f"factual needs values for {list(needed)} (the target, the variables on the causal "
                             f"paths to it and their parents); missing {missing}.")
    return {c: float(factual[c]) for c in needed}


# ------------------------------------------------------------------ tools
class InterventionArgs(ToolArgs):
    intervention: dict[str, float] = Field(description="Variables to set and their values, e.g. {'discount': 0}.")
    target: str = Field(description="Outcome variable whose mean to predict.")
    model: Literal["linear", "additive_noise"] = Field(
        "linear", description="linear mechanisms, or additive_noise (smooth nonlinear splines + additive noise).")


class CounterfactualArgs(InterventionArgs):
    factual: dict[str, float] | None = Field(None, description="Observed values of one unit, e.g. {'price': 9, ...}.")
    row: int | None = Field(None, description="0-based row position of the unit in the data (instead of factual).")


def _record(ctx: AnalysisContext, result: InterventionResult | CounterfactualResult) -> None:
    for text in result.assumptions:
        ctx.add_assumption(f"SCM: {text}.")
    for text in result.warnings:
        ctx.add_warning(text)


def _run_intervention(ctx: AnalysisContext, args: InterventionArgs) -> ToolOutput:
    graph = ctx.require_graph()
    ctx.require_columns(args.target, *args.intervention)
    result = simulate_intervention(graph, ctx.data, args.intervention, args.target, args.model, ctx.seed)
    _record(ctx, result)
    extra = "".join(f" Warning: {w}." for w in result.warnings)
    return ToolOutput(result, result.sentence() + extra)


def _run_counterfactual(ctx: AnalysisContext, args: CounterfactualArgs) -> ToolOutput:
    graph = ctx.require_graph()
    ctx.require_columns(args.target, *args.intervention)
    result = counterfactual(graph, ctx.data, args.intervention, args.target, args.factual, args.row,
                            args.model, ctx.seed)
    _record(ctx, result)
    extra = "".join(f" Warning: {w}." for w in result.warnings)
    return ToolOutput(result, result.sentence() + extra)


TOOLS = [
    Tool("simulate_intervention",
         "Predict the mean of target if we set variables to fixed values, e.g. intervention={'discount': 0}, "
         "target='revenue'. Fits an SCM on the graph; when edges on the way to target are undirected or <->, a "
         "single intervened variable whose effect is identified by adjustment is answered by the g-formula instead. "
         "model: linear or additive_noise.",
         ToolGroup.COUNTERFACTUAL, InterventionArgs, _run_intervention),
    Tool("counterfactual",
         "What would target have been under an intervention: for one unit (row=<0-based row> or factual={...}) "
         "or, with neither, averaged over all units. Example: intervention={'discount': 0}, target='revenue', row=12. "
         "Needs a fully oriented graph. model: linear or additive_noise.",
         ToolGroup.COUNTERFACTUAL, CounterfactualArgs, _run_counterfactual),
]
