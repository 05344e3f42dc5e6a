"""Each registered algorithm against simulated data with a known graph."""

from __future__ import annotations

import numpy as np
import pytest

from memory.graph import CausalGraph, GraphType, Mark
from tools.discovery.algorithms import AlgorithmName, get_algorithm
from tools.discovery.cpdag import dag_to_cpdag
from tools.discovery.pipeline import run_algorithm
from tools.discovery.runners import DiscoveryData
from tools.discovery.selector import SelectionInput, default_parameters
from tools.knowledge import Knowledge

KEY_DAG = CausalGraph.from_edge_list([("V", "X"), ("Z", "X"), ("Z", "Y"), ("X", "Y"), ("Z", "W")])
NAMES = ["V", "X", "Z", "Y", "W"]


def key_data(seed: int, n: int = 2000, noise: str = "gaussian") -> np.ndarray:
    """V -> X <- Z, Z -> Y, X -> Y (2.0), Z -> W."""
    rng = np.random.default_rng(seed)
    e = rng.normal(size=(n, 5)) if noise == "gaussian" else rng.uniform(-1.7, 1.7, size=(n, 5))
    v, z = e[:, 0], e[:, 1]
    x = v + z + e[:, 2]
    y = 2.0 * x + 0.8 * z + e[:, 3]
    w = 0.7 * z + e[:, 4]
    return np.c_[v, x, z, y, w]


def run(name: str, values: np.ndarray, names=NAMES, knowledge=None, seed: int = 0, **extra) -> CausalGraph:
    s = SelectionInput(n=len(values), p=values.shape[1], discrete=extra.pop("discrete", False), domain_column="c")
    params = {**default_parameters(AlgorithmName(name), s), **extra}
    data = DiscoveryData(values, list(names), s.discrete, extra.pop("context", None), None)
    graph, _ = run_algorithm(data, name, params, knowledge or Knowledge(), seed)
    return graph


def same(a: CausalGraph, b: CausalGraph) -> bool:
    return a.skeleton() == b.skeleton() and all(
        (lambda e, f: e.mark_u == f.mark_u and e.mark_v == f.mark_v)(e, b.edge(e.u, e.v)) for e in a.edges)


TRUE_CPDAG = dag_to_cpdag(KEY_DAG)


@pytest.mark.parametrize("name", ["pc", "ges", "boss", "grasp", "exact"])
def test_equivalence_class_methods_recover_key_cpdag(name):
    graph = run(name, key_data(1))
    assert graph.graph_type == GraphType.CPDAG
    assert same(graph, TRUE_CPDAG), str(graph)
    assert graph.metadata["algorithm"] == name


def test_fci_key_case_pag():
    pag = run("fci", key_data(1))
    assert pag.graph_type == GraphType.PAG
    assert pag.skeleton() == TRUE_CPDAG.skeleton()
    assert pag.edge("V", "X").mark_v == Mark.ARROW and pag.edge("Z", "X").mark_v == Mark.ARROW
    assert pag.edge("X", "Y").is_directed  # visible through the collider at X


def test_fci_detects_hidden_confounder():
    rng = np.random.default_rng(2)
    n = 3000
    c, d, hidden = rng.normal(size=(3, n))
    a = c + hidden + rng.normal(size=n)
    b = d + hidden + rng.normal(size=n)
    pag = run("fci", np.c_[a, b, c, d], names=list("ABCD"))
    assert pag.edge("A", "B").is_bidirected
    assert pag.edge("C", "A").mark_v == Mark.ARROW and pag.edge("D", "B").mark_v == Mark.ARROW


@pytest.mark.parametrize("name", ["direct_lingam", "ica_lingam"])
def test_lingam_recovers_full_dag_under_non_gaussian_noise(name):
    graph = run(name, key_data(3, noise="uniform"))
    assert graph.graph_type == GraphType.DAG
    assert set(graph.directed_edges()) == set(KEY_DAG.directed_edges())


def test_cdnod_orients_with_domain_index():
    rng = np.random.default_rng(4)
    n = 3000
    domain = rng.integers(0, 2, n)
    x = rng.normal(size=n) + 1.5 * domain   # X's mechanism changes across domains
    y = 1.0 * x + rng.normal(size=n)
    pc_graph = run("pc", np.c_[x, y], names=["X", "Y"])
    assert pc_graph.undirected_edges()      # PC cannot orient a single edge
    data = DiscoveryData(np.c_[x, y], ["X", "Y"], False, domain.astype(float), "domain")
    graph, _ = run_algorithm(data, "cdnod", {"ci_test": "fisherz", "alpha": 0.01}, Knowledge(), 0)
    assert ("domain", "X") in graph.directed_edges() and ("X", "Y") in graph.directed_edges()
    assert frozenset(("domain", "Y")) not in graph.skeleton()


def test_pc_with_missing_values_uses_testwise_deletion():
    values = key_data(5, n=3000)
    rng = np.random.default_rng(5)
    values[rng.random(3000) < 0.15, 4] = np.nan
    values[rng.random(3000) < 0.15, 0] = np.nan
    graph = run("pc", values)
    assert graph.skeleton() == TRUE_CPDAG.skeleton()


def test_discrete_bdeu_and_chisq():
    rng = np.random.default_rng(6)
    n = 4000
    a = rng.integers(0, 2, n)
    b = rng.integers(0, 3, n)
    c = a + b + (rng.random(n) < 0.3)                # collider a -> c <- b (values 0..4)
    d = np.where(rng.random(n) < 0.8, c > 1, rng.integers(0, 2, n))  # c -> d
    values = np.c_[a, b, c, d].astype(float)
    truth = dag_to_cpdag(CausalGraph.from_edge_list([("a", "c"), ("b", "c"), ("c", "d")]))
    for name in ("boss", "pc"):
        graph = run(name, values, names=list("abcd"), discrete=True)
        assert same(graph, truth), f"{name}: {graph}"


def test_native_background_knowledge_in_pc_orients_undecided_edge():
    graph = run("pc", key_data(1), knowledge=Knowledge(tiers=[["W"], ["V", "X", "Z", "Y"]]))
    assert ("W", "Z") in graph.directed_edges()


def test_posthoc_knowledge_for_boss_and_conflict_reported():
    data = DiscoveryData(key_data(1), NAMES)
    params = {"score": "bic", "penalty": 1.0, "restarts": 3}
    graph, notes = run_algorithm(data, "boss", params, Knowledge(forbidden=[("X", "Y")]), 0)
    assert ("Y", "X") in graph.directed_edges() and not graph.has_directed_cycle()
    assert any("knowledge forbids X -> Y" in n for n in notes)


@pytest.mark.parametrize("name", ["boss", "grasp", "direct_lingam"])
def test_same_seed_same_graph(name):
    values = key_data(7, noise="uniform" if "lingam" in name else "gaussian")
    assert run(name, values, seed=11).to_dict() == run(name, values, seed=11).to_dict()


def test_unknown_algorithm_lists_valid_names():
    with pytest.raises(ValueError, match="direct_lingam"):
        get_algorithm("lingam")
