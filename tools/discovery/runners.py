"""Calls into causal-learn, one function per algorithm, each returning a ``CausalGraph``
over the given variable names with the right type (DAG/CPDAG/PAG).

causal-learn is imported inside each function (its import costs ~2 s). Its progress
bars and prints are suppressed; its Python-``random`` shuffles (BOSS, GRaSP) are seeded
through a private ``random.Random`` so that no global state is touched.
"""

from __future__ import annotations

import contextlib
import io
import random
import warnings
from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np

from memory.graph import CausalGraph, GraphType
from tools.discovery.background import causallearn_background, lingam_prior
from tools.discovery.convert import dag_from_adjacency, dag_from_weights, graph_from_endpoint_matrix
from tools.discovery.cpdag import dag_to_cpdag
from tools.knowledge import Knowledge


@dataclass
class DiscoveryData:
    """The numeric matrix handed to an algorithm. ``values`` may hold NaN only for
    missing-value-aware algorithms; ``context`` is CD-NOD's domain/time index."""

    values: np.ndarray
    names: list[str]
    discrete: bool = False
    context: np.ndarray | None = None
    context_name: str | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence causal-learn's prints, progress bars (CD-NOD ignores show_progress) and
    warnings for the duration of one call."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


@contextlib.contextmanager
def seeded_module_random(module: Any, seed: int) -> Iterator[None]:
    """Point ``module.random`` at a private seeded ``random.Random`` for one call.
    Process-local: safe under joblib's process workers, not under threads."""
    original = module.random
    module.random = random.Random(seed)
    try:
        yield
    finally:
        module.random = original


def _pc_like_graph(cg, names: list[str]) -> CausalGraph:
    return graph_from_endpoint_matrix(cg.G.graph, names, GraphType.CPDAG)


def run_pc(data: DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """PC (stable by default). Assumes causal sufficiency and faithfulness. Fisher-z on
    complete data runs the vectorised ``fast_pc`` (equal output); with NaN in the data it
    runs causal-learn's MV-PC: test-wise deletion Fisher-z plus the missingness correction."""
    bk = causallearn_background(knowledge, data.names)
    mvpc = bool(np.isnan(data.values).any())
    test = params["ci_test"]
    if mvpc and test != "fisherz":
        raise ValueError("Missing values are only supported with the fisherz test (MV-PC).")
    if not mvpc and test == "fisherz" and params.get("uc_rule", 0) == 0 and params.get("uc_priority", 2) == 2:
        from tools.discovery.fast_pc import fast_pc  # same CPDAG as causal-learn's PC, vectorised

        result = fast_pc(data.values, alpha=params["alpha"], depth=params.get("depth"),
                         stable=params.get("stable", True), background_knowledge=bk)
        return graph_from_endpoint_matrix(result.matrix, data.names, GraphType.CPDAG)
    from causallearn.search.ConstraintBased.PC import pc  # 2 s to import: only when needed

    with quiet():
        cg = pc(data.values, alpha=params["alpha"], indep_test="mv_fisherz" if mvpc else test,
                stable=params.get("stable", True), uc_rule=params.get("uc_rule", 0),
                uc_priority=params.get("uc_priority", 2), mvpc=mvpc, background_knowledge=bk,
                show_progress=False, max_k=params.get("depth"))
    return _pc_like_graph(cg, data.names)


def run_cdnod(data: DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """CD-NOD: PC over the variables plus a domain/time index C; edges C --> X mark
    variables whose mechanism changes across domains, which orients more edges.
    Assumes the changes are captured by C (pseudo causal sufficiency)."""
    from causallearn.search.ConstraintBased.CDNOD import cdnod

    if data.context is None or data.context_name is None:
        raise ValueError("CD-NOD needs a domain or time index column.")
    names = data.names + [data.context_name]
    tiers = [[data.context_name]] + [list(t) for t in knowledge.tiers] if knowledge.tiers else [[data.context_name]]
    bk_knowledge = Knowledge(required=knowledge.required, forbidden=knowledge.forbidden, tiers=tiers)
    bk = causallearn_background(bk_knowledge, names)
    context = np.asarray(data.context, dtype=float).reshape(-1, 1)
    with quiet():
        cg = cdnod(data.values, context, alpha=params["alpha"], indep_test=params["ci_test"],
                   stable=params.get("stable", True), uc_rule=params.get("uc_rule", 0),
                   uc_priority=params.get("uc_priority", 2), background_knowledge=bk, show_progress=False)
    graph = _pc_like_graph(cg, names)
    graph.metadata["context_node"] = data.context_name
    return graph


def run_fci(data: DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """FCI: allows latent confounders and selection bias; returns a PAG (circle marks
    where the data cannot decide). Assumes faithfulness."""
    from causallearn.search.ConstraintBased.FCI import fci

    bk = causallearn_background(knowledge, data.names)
    depth = params.get("depth")
    with quiet():
        graph, _ = fci(data.values, independence_test_method=params["ci_test"], alpha=params["alpha"],
                       depth=-1 if depth is None else int(depth), max_path_length=params.get("max_path_length", -1),
                       background_knowledge=bk, show_progress=False)
    return graph_from_endpoint_matrix(graph.graph, data.names, GraphType.PAG)


_SCORES = {"bic": "local_score_BIC_from_cov", "bdeu": "local_score_BDeu"}


def _score_parameters(params: dict) -> dict | None:
    return {"lambda_value": float(params.get("penalty", 0.5))} if params["score"] == "bic" else None


def run_ges(data: DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """GES with BIC (linear Gaussian) or BDeu (discrete). Returns the CPDAG of the best
    equivalence class found; knowledge is enforced afterwards."""
    from causallearn.search.ScoreBased.GES import ges

    with quiet():
        record = ges(data.values, score_func=_SCORES[params["score"]], maxP=params.get("max_parents"),
                     parameters=_score_parameters(params))
    return graph_from_endpoint_matrix(record["G"].graph, data.names, GraphType.CPDAG)


def run_boss(data: DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """Multi-start BOSS (best order score search) with BIC or BDeu; the CPDAG of the best
    DAG found. Assumes causal sufficiency; knowledge is enforced afterwards."""
    from tools.discovery.boss import run_boss_cpdag

    with quiet():
        return run_boss_cpdag(data.values, data.names, params["score"], float(params.get("penalty", 1.0)),
                              int(params.get("restarts", 5)), seed)


def run_boss_local(data: DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """BOSS with each variable's parents restricted to its estimated Markov blanket, started
    from PC's order (``boss_local``): linear-Gaussian BIC, for p in the hundreds."""
    from tools.discovery.boss import parents_to_cpdag
    from tools.discovery.boss_local import boss_local_search, candidate_neighbours, pc_start

    start, skeleton = pc_start(data.values, float(params.get("alpha", 0.01)))
    parents, total = boss_local_search(data.values, float(params.get("penalty", 1.0)),
                                       int(params.get("restarts", 1)), seed,
                                       candidate_neighbours(data.values, skeleton=skeleton), start)
    return parents_to_cpdag(parents, total, data.names)


def run_grasp(data: DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """GRaSP (greedy relaxation of the sparsest permutation); returns a CPDAG."""
    from causallearn.search.PermutationBased import GRaSP

    with quiet(), seeded_module_random(GRaSP, seed):
        g = GRaSP.grasp(data.values, score_func="local_score_BIC_from_cov" if params["score"] == "bic"
                        else "local_score_BDeu", depth=params.get("depth", 3),
                        parameters=_score_parameters(params), verbose=False)
    return graph_from_endpoint_matrix(g.graph, data.names, GraphType.CPDAG)


def run_exact(data: DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """Exact BIC-optimal DAG search (A*), feasible for small p; returned as its CPDAG
    because BIC cannot tell equivalent DAGs apart."""
    from causallearn.search.ScoreBased.ExactSearch import bic_exact_search

    p = len(data.names)
    super_graph = np.ones((p, p), dtype=int) - np.eye(p, dtype=int)
    include = np.zeros((p, p), dtype=int)
    for i, a in enumerate(data.names):
        for j, b in enumerate(data.names):
            if i != j and knowledge.forbids(a, b):
                super_graph[i, j] = 0
            if i != j and knowledge.requires(a, b):
                include[i, j] = 1
    with quiet():
        dag, _ = bic_exact_search(data.values, super_graph=super_graph,
                                  include_graph=include if include.any() else None,
                                  max_parents=params.get("max_parents"))
    return dag_to_cpdag(dag_from_adjacency(dag, data.names))


def run_direct_lingam(data: DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """DirectLiNGAM: a unique DAG under linear, non-Gaussian, acyclic, no hidden
    confounders. Knowledge enters as its prior-knowledge matrix."""
    from causallearn.search.FCMBased.lingam import DirectLiNGAM

    model = DirectLiNGAM(random_state=seed, prior_knowledge=lingam_prior(knowledge, data.names),
                         measure=params.get("measure", "pwling"))
    with quiet():
        model.fit(data.values)
    return dag_from_weights(model.adjacency_matrix_, data.names)


def run_ica_lingam(data: DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """ICA-LiNGAM (FastICA then pruning); same assumptions as DirectLiNGAM, faster at
    large p but less stable. Knowledge is enforced afterwards."""
    from causallearn.search.FCMBased.lingam import ICALiNGAM

    model = ICALiNGAM(random_state=seed, max_iter=int(params.get("max_iter", 1000)))
    with quiet():
        model.fit(data.values)
    return dag_from_weights(model.adjacency_matrix_, data.names)
