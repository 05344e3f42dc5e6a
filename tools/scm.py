"""Structural causal models on a fully oriented graph: each variable = f(its parents) + noise.

Only the variables an intervention can change on its way to the target are modelled
(descendants of the intervened variables that are ancestors of the target, and the
target); everything upstream keeps its observed values. Relies on: additive noise,
independent noises (no hidden confounders of a modelled variable), and a correct graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Callable, Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from memory.graph import CausalGraph
from tools.base import DataError, ToolInputError
from tools.equivalence_class import reach


class UnorientedGraph(ToolInputError):
    """An edge that matters for the SCM is undirected, bidirected or partly oriented."""
from tools.graph_paths import edge_text


class MechanismModel(str, Enum):
    LINEAR = "linear"
    ADDITIVE_NOISE = "additive_noise"  # nonlinear f (cubic splines, additive in the parents) + additive noise


COMMON_ASSUMPTIONS = (
    "additive noise: each modelled variable = f(its parents) + noise",
    "no hidden confounders: the noises are independent of each other and of the parents",
    "the causal graph is correct",
)
MODEL_ASSUMPTION = {
    MechanismModel.LINEAR: "linear mechanisms",
    MechanismModel.ADDITIVE_NOISE: ("nonlinear mechanisms additive in the parents (restricted cubic splines; no "
                                    "interactions between parents; linear outside the data range)"),
}
UNIT_ASSUMPTION = "a unit-level counterfactual also assumes the unit's noise is fixed (the same unit in the other world)"

Predictor = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class SCMSpec:
    """What must be modelled to push ``intervened`` through to ``target``: ``order`` lists
    the affected variables topologically, ``parents`` their parents, ``columns`` every
    variable whose data is needed (affected variables, their parents, the target)."""

    target: str
    intervened: tuple[str, ...]
    order: tuple[str, ...]
    parents: dict[str, tuple[str, ...]]
    columns: tuple[str, ...]


def scm_spec(graph: CausalGraph, intervened: Sequence[str], target: str) -> SCMSpec:
    """Check that every edge that matters is oriented and collect what to model.
    Raises ToolInputError naming the first undirected / bidirected / partial edge."""
    intervened = tuple(dict.fromkeys(intervened))
    possible_anc = reach(graph, target, False, True) | {target}
    possible_desc = set(intervened).union(*(reach(graph, x, True, True) for x in intervened))
    for node in sorted(possible_desc & possible_anc, key=graph.nodes.index):
        for e in graph.incident(node):
            if e.is_directed or e.reversed().is_directed:
                continue
            if node in intervened and (e.is_bidirected or e.v not in possible_anc):
                continue  # the intervention cuts X's own mechanism; such edges cannot carry its effect
            raise UnorientedGraph(_unoriented_message(e))
    dg = graph.directed_digraph()
    desc = set().union(*(nx.descendants(dg, x) for x in intervened)) - set(intervened)
    anc = nx.ancestors(dg, target) | {target}
    affected = desc & anc
    sub = dg.subgraph(affected | set(intervened) | {p for a in affected for p in dg.predecessors(a)})
    if not nx.is_directed_acyclic_graph(sub):
        cycle = " → ".join(u for u, _ in nx.find_cycle(sub))
        raise ToolInputError(f"The graph has a directed cycle ({cycle}); an SCM needs an acyclic graph: fix the graph.")
    order = tuple(n for n in nx.topological_sort(sub) if n in affected)
    parents = {n: tuple(sorted(dg.predecessors(n), key=graph.nodes.index)) for n in order}
    columns = tuple(dict.fromkeys([*order, *(p for n in order for p in parents[n]), target]))
    return SCMSpec(target, intervened, order, parents, columns)


def _unoriented_message(e) -> str:
    fix = "add knowledge (a required edge or tiers) or pass a fully oriented graph"
    if e.is_undirected:
        why = f"the edge {edge_text(e)} is undirected"
    elif e.is_bidirected:
        why = f"the edge {edge_text(e)} means a hidden common cause, which independent noises cannot represent"
    else:
        why = f"the edge {edge_text(e)} is only partly oriented"
    return f"Interventions and counterfactuals need a fully oriented graph; {why}: {fix}."


def prepare_values(data: pd.DataFrame, spec: SCMSpec, graph: CausalGraph) -> tuple[dict[str, np.ndarray], list[str]]:
    """Float columns for ``spec.columns`` on the complete rows, plus notes. Text columns are
    refused; two-valued columns are modelled by linear probability (noted)."""
    missing = [c for c in spec.columns if c not in data.columns]
    if missing:
        kind = "latent (not in the data)" if set(missing) & graph.latent else "not columns of the data"
        raise DataError(f"Variables {missing} are needed to model the effect on {spec.target!r} but are {kind}; "
                        f"an SCM needs every variable on the causal paths and their parents observed.")
    frame = data[list(spec.columns)]
    notes = []
    for c in spec.columns:
        s = frame[c]
        if s.dtype != bool and not pd.api.types.is_numeric_dtype(s):
            raise DataError(f"Column {c!r} is text; an SCM here needs numbers. Encode it (e.g. 0/1 dummies) "
                            f"or leave it out of the graph.")
    complete = frame.dropna().astype(float)
    if len(complete) < 20:
        raise DataError(f"Only {len(complete)} complete rows for {list(spec.columns)}; need at least 20.")
    if len(complete) < len(frame):
        notes.append(f"dropped {len(frame) - len(complete)} rows with missing values")
    for c in spec.order:
        if complete[c].nunique() == 2:
            notes.append(f"{c!r} is binary and modelled as a linear probability model (values may leave [0, 1])")
    return {c: complete[c].to_numpy() for c in spec.columns}, notes


KNOT_CHOICES = (0, 4, 6, 8, 12, 16)  # spline knots per parent (0 = straight line), chosen by GCV
KNOT_SPAN = (0.005, 0.995)  # quantiles of the outer knots
FEW_LEVELS = 8  # a parent with at most this many values gets one indicator per value


def _fit_predictor(x: np.ndarray, y: np.ndarray, model: MechanismModel,
                   knots: int | None = None) -> tuple[Predictor, dict | None, int]:
    """Least squares on [1, x] (linear), or on a restricted cubic spline basis per parent
    (additive_noise) with the number of knots given or chosen by generalized
    cross-validation. Returns the predictor, linear coefficients (or None) and the knots."""
    if model is MechanismModel.LINEAR:
        intercept, slopes = _least_squares(x, y)
        return (lambda xn: intercept + xn @ slopes), {"intercept": intercept, "slopes": slopes.tolist()}, 0
    n, best = len(y), None
    for k in (KNOT_CHOICES if knots is None else (knots,)):
        design = _design([_basis(x[:, j], k) for j in range(x.shape[1])])
        d = design(x)
        if d.shape[1] + 1 >= n:
            continue
        intercept, slopes = _least_squares(d, y)
        rss = float(np.sum((y - intercept - d @ slopes) ** 2))
        gcv = rss / n / (1 - (d.shape[1] + 1) / n) ** 2
        if best is None or gcv < best[0]:
            best = (gcv, k, design, intercept, slopes)
    if best is None:
        raise DataError(f"Too few rows ({n}) to fit a nonlinear mechanism; use model='linear'.")
    _, k, design, intercept, slopes = best
    return (lambda xn: intercept + design(xn) @ slopes), None, k


def _design(bases: list[Callable[[np.ndarray], np.ndarray]]) -> Callable[[np.ndarray], np.ndarray]:
    return lambda xn: np.column_stack([b(xn[:, j]) for j, b in enumerate(bases)])


def _least_squares(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Intercept and slopes of y on x: standardized normal equations with a tiny ridge (which
    also settles collinear columns). Uses einsum, not threaded BLAS, because these small
    solves run hundreds of times in a bootstrap and thread oversubscription is costly."""
    mx, my = x.mean(axis=0), y.mean()
    sx = x.std(axis=0)
    sx[sx == 0] = 1.0
    z = (x - mx) / sx
    gram = np.einsum("ij,ik->jk", z, z)
    gram[np.diag_indices_from(gram)] += 1e-9 * len(y)
    slopes = np.linalg.solve(gram, np.einsum("ij,i->j", z, y - my)) / sx
    return float(my - mx @ slopes), slopes


def _basis(col: np.ndarray, k: int) -> Callable[[np.ndarray], np.ndarray]:
    """A restricted (natural) cubic spline basis with ``k`` knots at quantiles of one parent:
    linear beyond the outer knots, so predictions extrapolate linearly. A parent with few
    values gets one indicator per value instead; k = 0 gives the parent itself."""
    levels = np.unique(col)
    if len(levels) <= FEW_LEVELS:
        return lambda c: (c[:, None] == levels[None, 1:]).astype(float)
    knots = np.unique(np.quantile(col, np.linspace(*KNOT_SPAN, k))) if k else np.array([])
    if len(knots) < 3:
        return lambda c: c[:, None]
    last, before_last = knots[-1], knots[-2]
    scale = (last - knots[0]) ** 2

    def basis(c: np.ndarray) -> np.ndarray:
        cube = lambda t: np.maximum(c - t, 0.0) ** 3  # noqa: E731
        terms = [c]
        for t in knots[:-2]:
            terms.append((cube(t) - cube(before_last) * (last - t) / (last - before_last)
                          + cube(last) * (before_last - t) / (last - before_last)) / scale)
        return np.column_stack(terms)

    return basis


@dataclass
class FittedSCM:
    """Fitted mechanisms with each unit's noise (residual) for every modelled variable."""

    spec: SCMSpec
    model: MechanismModel
    mechanisms: dict[str, Predictor]
    values: dict[str, np.ndarray]
    noise: dict[str, np.ndarray]
    coefficients: dict[str, dict] = field(default_factory=dict)  # linear: intercept and slope per parent
    knots: dict[str, int] = field(default_factory=dict)  # additive_noise: spline knots per variable

    def predict(self, node: str, values: Mapping[str, np.ndarray]) -> np.ndarray:
        x = np.column_stack([np.asarray(values[p], dtype=float) for p in self.spec.parents[node]])
        return self.mechanisms[node](x)

    def propagate(self, values: Mapping[str, np.ndarray], noise: Mapping[str, np.ndarray],
                  intervention: Mapping[str, float]) -> dict[str, np.ndarray]:
        """Set the intervened variables and recompute every affected variable in causal order
        from its parents plus the given noise (action and prediction)."""
        out = {k: np.array(v, dtype=float) for k, v in values.items()}
        n = len(next(iter(out.values())))
        for x, value in intervention.items():
            out[x] = np.full(n, float(value))
        for node in self.spec.order:
            out[node] = self.predict(node, out) + noise[node]
        return out

    def abduct(self, unit: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The noise that reproduces the factual values of each modelled variable."""
        return {node: np.asarray(unit[node], dtype=float) - self.predict(node, unit) for node in self.spec.order}


def fit_scm(spec: SCMSpec, values: Mapping[str, np.ndarray], model: MechanismModel,
            knots: Mapping[str, int] | None = None) -> FittedSCM:
    """Regress each affected variable on its parents; the residuals are the units' noises.
    ``knots`` fixes the spline size per variable (else it is chosen by GCV)."""
    mechanisms, noise, coefs, chosen = {}, {}, {}, {}
    for node in spec.order:
        x = np.column_stack([values[p] for p in spec.parents[node]])
        predictor, c, chosen[node] = _fit_predictor(x, values[node], model, (knots or {}).get(node))
        mechanisms[node] = predictor
        noise[node] = values[node] - predictor(x)
        if c is not None:
            coefs[node] = {"intercept": c["intercept"], **dict(zip(spec.parents[node], c["slopes"]))}
    return FittedSCM(spec, model, mechanisms, dict(values), noise, coefs,
                     chosen if model is MechanismModel.ADDITIVE_NOISE else {})


def bootstrap(scm: FittedSCM, seed: int, n_boot: int, statistic: Callable[[FittedSCM], Sequence[float]]) -> np.ndarray:
    """``statistic`` of the SCM refitted (same model and spline sizes) on ``n_boot`` row
    resamples drawn with ``np.random.default_rng(seed)``; an array of shape (n_boot, k)."""
    rng = np.random.default_rng(seed)
    n = len(scm.values[scm.spec.target])
    out = []
    for _ in range(n_boot):
        idx = rng.integers(0, n, n)
        resampled = {k: v[idx] for k, v in scm.values.items()}
        out.append(statistic(fit_scm(scm.spec, resampled, scm.model, scm.knots)))
    return np.asarray(out, dtype=float).reshape(n_boot, -1) if out else np.empty((0, 2))
