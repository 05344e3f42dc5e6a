"""The discovery pipeline: profile -> prepare -> select -> run -> check -> (bootstrap).

``discover`` is a plain function over a DataFrame (no AnalysisContext), so evals and
other code can call it; the ``discover_graph`` tool wraps it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import pandas as pd

from memory.graph import CausalGraph, GraphType, Mark
from tools.discovery.algorithms import AlgorithmName, get_algorithm
from tools.discovery.background import enforce_knowledge, restrict
from tools.discovery.cpdag import consistent_extension, undirect_cycles
from tools.discovery.lingam_check import nonlinear_equations
from tools.discovery.prepare import PreparedData, prepare_data, restore_duplicates
from tools.discovery.runners import DiscoveryData
from tools.discovery.stable_hash import pin_causallearn_node_hash
from tools.discovery.subsample import DISCOVERY_MAX_ROWS, compare, disjoint_subsamples, needs_subsample
from tools.discovery.selector import (DISCRETE_SHARE, Selection, SelectionInput, is_discrete, select_algorithm,
                                      selection_input)
from tools.executor import LocalExecutor, RayExecutor
from tools.knowledge import Knowledge
from tools.profiling import DISCRETE_KINDS, DataProfile, profile_data

CI_TEST_ALGORITHMS = (AlgorithmName.PC, AlgorithmName.FCI, AlgorithmName.CDNOD)
LINGAM = (AlgorithmName.DIRECT_LINGAM, AlgorithmName.ICA_LINGAM)
LINEAR_TESTS = "Linear relations (Fisher-z partial correlations / Gaussian BIC score)"
ADDITIVE = "Additive smooth relations (cubic polynomial in each parent) with Gaussian noise (polynomial BIC score)"


@dataclass
class DiscoveryResult:
    """A discovered graph with how and why it was obtained."""

    graph: CausalGraph
    algorithm: str
    parameters: dict[str, Any]
    selection: Selection
    runtime_s: float
    n_rows: int
    variables: list[str]
    warnings: list[str] = field(default_factory=list)
    knowledge_conflicts: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    dropped_columns: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"graph": self.graph.to_dict(), "algorithm": self.algorithm, "parameters": self.parameters,
                "selection": self.selection.to_dict(), "reasons": list(self.selection.reasons),
                "runtime_s": round(self.runtime_s, 3), "n_rows": self.n_rows, "variables": self.variables,
                "warnings": self.warnings, "knowledge_conflicts": self.knowledge_conflicts,
                "assumptions": self.assumptions, "dropped_columns": self.dropped_columns}


def run_algorithm(data: DiscoveryData, algorithm: str | AlgorithmName, params: dict[str, Any],
                  knowledge: Knowledge, seed: int) -> tuple[CausalGraph, list[str]]:
    """Run one algorithm, then make the output honest: conflicting v-structures (<-> in a
    CPDAG) and directed cycles become undirected, and background knowledge is enforced
    with every conflict reported. Returns (graph, notes)."""
    pin_causallearn_node_hash()  # before any causal-learn node exists (see stable_hash.py)
    alg = get_algorithm(algorithm)
    names = data.names + ([data.context_name] if data.context_name else [])
    know = restrict(knowledge, names)
    graph = alg.runner(data, params, know, seed)
    notes: list[str] = []
    if graph.graph_type == GraphType.CPDAG:
        for u, v in graph.bidirected_edges():
            graph.add_edge(u, v, Mark.TAIL, Mark.TAIL)
            notes.append(f"{u} <-> {v}: conflicting v-structures; left undirected")
    notes += enforce_knowledge(graph, know)
    notes += undirect_cycles(graph, keep={tuple(p) for p in know.required})
    if graph.graph_type == GraphType.DAG and not graph.is_fully_directed:
        graph.graph_type = GraphType.CPDAG  # some orientations were withdrawn above
    graph.metadata.update({"algorithm": alg.name.value, "parameters": dict(params)})
    return graph, notes


def _candidate_columns(profile: DataProfile, variables: list[str] | None) -> list[str]:
    return list(variables) if variables is not None else profile.model_columns()


def _discrete_for(profile: DataProfile, columns: list[str]) -> bool:
    if not columns:
        return is_discrete(profile)
    kinds = profile.kinds()
    share = sum(kinds.get(c) in DISCRETE_KINDS for c in columns) / len(columns)
    return share >= DISCRETE_SHARE


def discover(df: pd.DataFrame, *, profile: DataProfile | None = None, variables: list[str] | None = None,
             algorithm: str | None = None, alpha: float | None = None, ci_test: str | None = None,
             allow_latent: bool = False, bootstrap: int = 0, knowledge: Knowledge | None = None,
             seed: int = 0, time_budget_s: float = 60.0, reason: str = "",
             executor: LocalExecutor | RayExecutor | None = None,
             max_rows: int = DISCOVERY_MAX_ROWS, keep: tuple[str, ...] = (),
             on_selected: Callable[[Selection, int, int], None] | None = None) -> DiscoveryResult:
    """Learn a causal graph from ``df``; ``bootstrap`` resamples run on ``executor``
    (default: two local processes). Tables longer than ``max_rows`` are learned on a
    seeded subsample and checked on a second, disjoint one (see subsample.py). Raises
    ValueError for invalid choices (message lists the valid ones) and
    tools.base.DataError when the data cannot support discovery. ``keep``: columns the question
    is about; when columns are exactly collinear, another one is dropped. ``on_selected(selection, n, p)``
    is told the algorithm and its estimated time before the search starts."""
    options = dict(variables=variables, algorithm=algorithm, alpha=alpha, ci_test=ci_test,
                   allow_latent=allow_latent, bootstrap=bootstrap, knowledge=knowledge, seed=seed,
                   time_budget_s=time_budget_s, reason=reason, executor=executor, keep=tuple(keep),
                   on_selected=on_selected)
    profile = profile or profile_data(df, seed=seed)
    if not needs_subsample(len(df), max_rows):
        return _discover_rows(df, profile=profile, **options)
    first, second = disjoint_subsamples(df, max_rows, seed)
    result = _discover_rows(first, profile=profile, **options)
    params = result.parameters
    check = _discover_rows(second, profile=profile, **dict(
        options, on_selected=None, algorithm=result.algorithm, alpha=params.get("alpha"),
        ci_test=params.get("ci_test"), bootstrap=0,
        reason="stability check: same algorithm and settings as on the first subsample"))
    stability = compare(result.graph, check.graph, len(first), len(df), seed)
    result.graph.metadata["subsample"] = stability.to_dict()
    result.assumptions.append(stability.assumption())
    result.warnings.append(stability.summary())
    return result


def _discover_rows(df: pd.DataFrame, *, profile: DataProfile, variables: list[str] | None,
                   algorithm: str | None, alpha: float | None, ci_test: str | None, allow_latent: bool,
                   bootstrap: int, knowledge: Knowledge | None, seed: int, time_budget_s: float, reason: str,
                   executor: LocalExecutor | RayExecutor | None, keep: tuple[str, ...],
                   on_selected: Callable[[Selection, int, int], None] | None = None) -> DiscoveryResult:
    """``discover`` on every row of ``df``."""
    knowledge = knowledge or Knowledge()
    profile = profile or profile_data(df, seed=seed)
    columns = _candidate_columns(profile, variables)
    discrete = _discrete_for(profile, columns)
    domain = profile.domain_column if profile.domain_column in columns else None
    prepared = prepare_data(df, profile, variables, discrete=discrete, context_column=domain, keep=keep)
    incomplete = float(prepared.frame.isna().any(axis=1).mean())
    sel_in = selection_input(profile, len(prepared.frame), prepared.frame.shape[1], discrete, incomplete, domain,
                             allow_latent, time_budget_s, bootstrap)
    selection = select_algorithm(sel_in, override=algorithm, override_reason=reason)
    if domain is not None and selection.algorithm != AlgorithmName.CDNOD:
        prepared = prepare_data(df, profile, variables, discrete=discrete, keep=keep)  # domain is a variable again
    params = _apply_overrides(selection, alpha, ci_test, sel_in)
    if on_selected is not None:
        on_selected(selection, len(prepared.frame), prepared.frame.shape[1])
    if not (params.get("ci_test") == "fisherz" and selection.algorithm == AlgorithmName.PC):
        prepared.drop_incomplete_rows()
    elif prepared.has_missing:
        prepared.notes.append("missing values handled by test-wise deletion (MV-PC)")
    data = _discovery_data(prepared)
    start = time.perf_counter()
    hard = knowledge.hard()  # defaults only orient what the data leave open (below)
    graph, conflicts = run_algorithm(data, selection.algorithm, params, hard, seed)
    failed = _model_check(data, graph, selection.algorithm, params)
    if failed and selection.rule in ("lingam", "score"):
        selection = select_algorithm(replace(sel_in, linear=False, non_gaussian=False))
        selection.reasons.insert(0, failed)
        params = dict(selection.parameters)
        graph, conflicts = run_algorithm(data, selection.algorithm, params, hard, seed)
    elif failed:
        prepared.notes.append(failed + "; the result may contain spurious or misoriented edges")
    overruled = apply_defaults(graph, knowledge)
    runtime = time.perf_counter() - start
    restore_duplicates(graph, prepared.merged_duplicates)
    if bootstrap > 0:
        from tools.discovery.bootstrap import attach_confidence, bootstrap_graphs

        attach_confidence(graph, bootstrap_graphs(data, selection.algorithm.value, params, hard, seed,
                                                  bootstrap, executor))
    graph.metadata.update({"selection_reasons": list(selection.reasons), "runtime_s": round(runtime, 3),
                           "n_rows": len(prepared.frame), "knowledge_conflicts": conflicts,
                           "defaults_overruled": overruled})
    warnings = [f"column '{c}' not used: {why}" for c, why in prepared.dropped.items()] + prepared.notes
    if profile.is_time_series:
        ts = profile.finding("time_series")
        warnings.append(f"{ts.text if ts else 'rows look like a time series'}; this analysis treats rows as "
                        "independent and ignores lagged effects (discover_lagged_graph models them)")
    warnings += [f"knowledge conflict: {c}" for c in conflicts]
    warnings += [f"data over a default: {c}" for c in overruled]
    return DiscoveryResult(graph, selection.algorithm.value, params, selection, runtime, len(prepared.frame),
                           prepared.names, warnings, conflicts, _assumptions(selection.algorithm, params),
                           dict(prepared.dropped))


def apply_defaults(graph: CausalGraph, knowledge: Knowledge) -> list[str]:
    """Orient an edge the data left undirected as a default says; where the data oriented it
    the other way, keep the data's direction and return the conflict (it leads the answer)."""
    overruled = []
    for cause, effect in knowledge.default_forbidden:  # cause -> effect is ruled out by default
        found = graph.edge(cause, effect)
        if found is None:
            continue
        if found.is_undirected:
            graph.remove_edge(cause, effect)
            graph.add_edge(effect, cause)
        elif found.is_directed and (cause, effect) in graph.directed_edges():
            overruled.append(f"the data orient {cause} -> {effect}; the default that {effect} comes first was "
                             "not applied")
    return overruled


def _model_check(data: DiscoveryData, graph: CausalGraph, algorithm: AlgorithmName,
                 params: dict[str, Any]) -> str | None:
    """Test the fitted linear model's structural equations for nonlinearity (LiNGAM's DAG,
    or a DAG in a BIC-scored CPDAG's class). Returns the reason to refit, or None."""
    if algorithm in LINGAM:
        dag, what = graph, "LiNGAM rejected"
    elif params.get("score") == "bic" and float(params.get("penalty", 1.0)) < 2.0:
        try:
            dag, what = consistent_extension(graph), "Linear-Gaussian BIC replaced by an additive polynomial BIC"
        except ValueError:
            return None
    else:
        return None
    failed = nonlinear_equations(data.values, data.names, dag)
    if not failed:
        return None
    return f"{what}: structural equations look nonlinear (" + "; ".join(c.text() for c in failed[:3]) + ")"


KERNEL_MAX_ROWS = {"kci": 1000, "rcit": 5000}  # measured: KCI 214 s, RCIT 22 s for PC at n=500, p=5


def _apply_overrides(selection: Selection, alpha: float | None, ci_test: str | None,
                     s: SelectionInput) -> dict[str, Any]:
    params = dict(selection.parameters)
    if alpha is not None:
        if not 0 < alpha < 1:
            raise ValueError(f"alpha must be between 0 and 1 (e.g. 0.01); got {alpha}.")
        if "alpha" not in params:
            raise ValueError(f"alpha applies to pc, fci and cdnod, not {selection.algorithm.value}; "
                             "pass algorithm='pc' (or fci/cdnod) too, or drop alpha.")
        params["alpha"] = alpha
        selection.reasons.append(f"alpha={alpha} set by the planner")
    if ci_test is not None:
        if selection.algorithm not in CI_TEST_ALGORITHMS:
            raise ValueError(f"ci_test applies to pc, fci and cdnod, not {selection.algorithm.value}; "
                             "pass algorithm='pc' (or fci/cdnod) too, or drop ci_test.")
        if ci_test in ("chisq", "gsq") and not s.discrete:
            raise ValueError(f"{ci_test} needs discrete data and these columns are continuous; "
                             "use fisherz (linear), or rcit/kci (nonlinear, slow).")
        if ci_test in KERNEL_MAX_ROWS and s.n > KERNEL_MAX_ROWS[ci_test]:
            raise ValueError(f"{ci_test} on {s.n} rows would take far too long (limit {KERNEL_MAX_ROWS[ci_test]} "
                             "rows); use fisherz, or rcit on at most 5000 rows.")
        params["ci_test"] = ci_test
        selection.reasons.append(f"ci_test={ci_test} set by the planner")
    return params


def _discovery_data(prepared: PreparedData) -> DiscoveryData:
    context = None if prepared.context is None else prepared.context.to_numpy(dtype=float)
    return DiscoveryData(prepared.frame.to_numpy(dtype=float), prepared.names, prepared.discrete,
                         context, prepared.context_name)


def _assumptions(name: AlgorithmName, params: dict[str, Any]) -> list[str]:
    out = list(get_algorithm(name).assumptions)
    if params.get("ci_test") == "fisherz" or params.get("score") == "bic":
        out.append(LINEAR_TESTS)
    if params.get("score") == "poly":
        out.append(ADDITIVE)
    return out
