"""The vectorised PC equals causal-learn's PC (Fisher-z, uc_rule=0, uc_priority=2)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from memory.graph import GraphType
from tools.discovery.fast_fisherz import correlation_matrix, fisherz_independent, fisherz_pvalues
from tools.discovery.fast_knowledge import KnowledgeMatrices, knowledge_matrices
from tools.discovery.fast_pc import fast_pc
from tools.discovery.fast_testdata import random_linear_data


def _causallearn_pc(data, alpha, stable=True, depth=-1, bk=None):
    from causallearn.search.ConstraintBased.PC import pc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pc(data, alpha, "fisherz", stable=stable, uc_rule=0, uc_priority=2, background_knowledge=bk,
                  show_progress=False, max_k=None if depth == -1 else depth)


def _sepset_union(cg, i, j) -> set[int]:
    return {int(v) for s in (cg.sepset[i, j] or []) for v in s}


def _cases(count: int, seed: int):
    """Random designs: p 5-15, n 300-2000, alpha 0.01-0.2, with weak edges (near-threshold tests)."""
    rng = np.random.default_rng(seed)
    for case in range(count):
        p = int(rng.integers(5, 16))
        n = int(rng.integers(300, 2001))
        yield dict(case=case, p=p, n=n, degree=float(rng.uniform(1.0, 4.0)),
                   alpha=float(rng.choice([0.01, 0.05, 0.1, 0.2])), weak=float(rng.choice([0.0, 0.3, 0.6])),
                   stable=case % 5 != 4, seed=seed * 1000 + case)


@pytest.mark.parametrize("design", list(_cases(36, seed=11)), ids=lambda d: f"case{d['case']}-p{d['p']}")
def test_equals_causallearn_pc(design):
    data, _ = random_linear_data(design["p"], design["n"], design["degree"], design["seed"], design["weak"])
    cg = _causallearn_pc(data, design["alpha"], design["stable"])
    result = fast_pc(data, design["alpha"], stable=design["stable"])
    np.testing.assert_array_equal(result.matrix, cg.G.graph)
    for i in range(design["p"]):
        for j in range(i + 1, design["p"]):
            if result.matrix[i, j] == 0:
                assert set(result.sepsets[(i, j)]) == _sepset_union(cg, i, j), (i, j)
            else:
                assert (i, j) not in result.sepsets


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_depth_cap_equals_causallearn(depth):
    data, _ = random_linear_data(12, 1500, 3.0, 99, 0.3)
    result = fast_pc(data, 0.05, depth=depth)
    np.testing.assert_array_equal(result.matrix, _causallearn_pc(data, 0.05, depth=depth).G.graph)
    assert result.depth_reached <= depth


def _random_background(p: int, rng):
    from causallearn.graph.GraphNode import GraphNode
    from causallearn.utils.PCUtils.BackgroundKnowledge import BackgroundKnowledge

    nodes = [GraphNode(f"X{i + 1}") for i in range(p)]
    bk = BackgroundKnowledge()
    for _ in range(int(rng.integers(1, 4))):
        a, b = rng.choice(p, 2, replace=False)
        bk.add_forbidden_by_node(nodes[a], nodes[b])
    for _ in range(int(rng.integers(0, 3))):
        a, b = rng.choice(p, 2, replace=False)
        bk.add_required_by_node(nodes[a], nodes[b])
    for i in range(p):
        if rng.random() < 0.5:
            bk.add_node_to_tier(nodes[i], int(rng.integers(0, 3)))
    if rng.random() < 0.5:
        bk.forbid_within_tier(1)
    bk.add_forbidden_by_pattern("X1", "X1[0-9]")
    return bk


@pytest.mark.parametrize("case", range(8))
def test_background_knowledge_equals_causallearn(case):
    rng = np.random.default_rng(500 + case)
    p = int(rng.integers(6, 14))
    data, _ = random_linear_data(p, 1000, 2.5, 500 + case, 0.3)
    bk = _random_background(p, rng)
    stable = case % 3 != 2
    result = fast_pc(data, 0.05, stable=stable, background_knowledge=bk)
    np.testing.assert_array_equal(result.matrix, _causallearn_pc(data, 0.05, stable, bk=bk).G.graph)


def test_knowledge_matrices_match_causallearn_queries():
    from causallearn.graph.GraphNode import GraphNode

    rng = np.random.default_rng(3)
    p = 13
    bk = _random_background(p, rng)
    km = knowledge_matrices(bk, p)
    nodes = [GraphNode(f"X{i + 1}") for i in range(p)]
    for a in range(p):
        for b in range(p):
            if a != b:
                assert km.forbidden[a, b] == bk.is_forbidden(nodes[a], nodes[b]), (a, b)
                assert km.required[a, b] == bk.is_required(nodes[a], nodes[b]), (a, b)
    assert knowledge_matrices(km, p) is not km and np.array_equal(knowledge_matrices(km, p).forbidden, km.forbidden)
    with pytest.raises(TypeError, match="BackgroundKnowledge"):
        knowledge_matrices({"forbidden": []}, p)


def test_pvalues_bit_identical_to_causallearn_fisherz():
    from causallearn.utils.cit import CIT

    data, _ = random_linear_data(10, 700, 3.0, 5, 0.5)
    test = CIT(data, "fisherz")
    corr = correlation_matrix(data)
    rng = np.random.default_rng(0)
    for d in range(4):
        rows = [rng.permutation(10)[: d + 2] for _ in range(40)]
        x = np.array([r[0] for r in rows])
        y = np.array([r[1] for r in rows])
        cond = np.sort(np.array([r[2:] for r in rows]).reshape(40, d), axis=1)
        ours = fisherz_pvalues(corr, x, y, cond, 700)
        theirs = np.array([test(int(a), int(b), [int(v) for v in c]) for a, b, c in zip(x, y, cond)])
        np.testing.assert_array_equal(ours, theirs)


def test_fast_decisions_equal_exact_on_the_threshold():
    """alpha set to a test's exact p-value (and one ulp either side): the fast path must
    decide each test exactly as ``p > alpha`` does."""
    data, _ = random_linear_data(12, 800, 3.0, 21, 0.5)
    corr = correlation_matrix(data)
    rng = np.random.default_rng(1)
    x = rng.integers(0, 6, 300)
    y = rng.integers(6, 9, 300)
    cond = np.sort(np.array([rng.choice(np.arange(9, 12), 2, replace=False) for _ in range(300)]), axis=1)
    exact = fisherz_pvalues(corr, x, y, cond, 800)
    for pick in exact[[3, 50, 120]]:
        for alpha in (np.nextafter(pick, 0), pick, np.nextafter(pick, 1)):
            np.testing.assert_array_equal(fisherz_independent(corr, x, y, cond, 800, alpha), exact > alpha)


def test_chunked_correlation_agrees_with_corrcoef():
    data, _ = random_linear_data(6, 5000, 2.0, 8)
    chunked = correlation_matrix(data.astype(np.float32), exact_copy_bytes=0, chunk_rows=777)
    np.testing.assert_allclose(chunked, np.corrcoef(data.astype(np.float32).T), atol=1e-12)


def test_cpdag_as_causal_graph_on_a_collider():
    rng = np.random.default_rng(4)
    n = 3000
    x, y = rng.normal(size=n), rng.normal(size=n)
    z = x + y + rng.normal(size=n)
    w = z + rng.normal(size=n)
    result = fast_pc(np.column_stack([x, y, z, w]), 0.01, names=["x", "y", "z", "w"])
    graph = result.to_causal_graph()
    assert graph.graph_type == GraphType.CPDAG
    assert set(graph.directed_edges()) == {("x", "z"), ("y", "z"), ("z", "w")}
    assert result.sepsets[(0, 1)] == ()


def test_bad_input_is_reported():
    data, _ = random_linear_data(4, 200, 1.0, 1)
    with pytest.raises(ValueError, match="alpha"):
        fast_pc(data, 1.5)
    with pytest.raises(ValueError, match="NaN"):
        fast_pc(np.where(np.eye(200, 4, dtype=bool), np.nan, data))
    with pytest.raises(ValueError, match="constant"):
        fast_pc(np.column_stack([data, np.ones(200)]))
    with pytest.raises(ValueError, match="names"):
        fast_pc(data, names=["a"])
    with pytest.raises(ValueError, match="4 x 4"):
        fast_pc(data, background_knowledge=KnowledgeMatrices(np.zeros((2, 2)), np.zeros((2, 2))))


@pytest.mark.parametrize("case", range(6))
def test_fast_fci_equals_causallearn_fci(case):
    import contextlib
    import io

    from causallearn.search.ConstraintBased.FCI import fci

    from tools.discovery.fast_fci import fast_fci

    rng = np.random.default_rng(900 + case)
    p = int(rng.integers(7, 13))
    data, _ = random_linear_data(p, int(rng.integers(400, 2000)), 2.5, 900 + case, 0.3)
    data = data[:, np.sort(rng.choice(p, p - 2, replace=False))]  # two hidden variables
    bk = _random_background(p - 2, rng) if case % 2 else None
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        theirs, _ = fci(data, "fisherz", 0.05, show_progress=False, background_knowledge=bk)
        ours, _ = fast_fci(data, 0.05, background_knowledge=bk)
    np.testing.assert_array_equal(ours.graph, theirs.graph)


@pytest.mark.parametrize("stable", [True, False])
def test_tiny_batches_give_the_same_graph(monkeypatch, stable):
    """The lazily chunked paths (hubs at deep levels, memory-bounded batches) decide alike."""
    from tools.discovery import fast_fisherz, fast_skeleton

    data, _ = random_linear_data(12, 1500, 4.0, 31, 0.3)
    expected = _causallearn_pc(data, 0.1, stable).G.graph
    monkeypatch.setattr(fast_skeleton, "MAX_TESTS_PER_BATCH", 7)
    monkeypatch.setattr(fast_fisherz, "BATCH_FLOATS", 40)
    result = fast_pc(data, 0.1, stable=stable)
    assert result.depth_reached >= 2
    np.testing.assert_array_equal(result.matrix, expected)


def test_runners_give_causallearn_runner_output():
    from tools.discovery import runners
    from tools.discovery.fast_runner import fast_path_applies, run_fci_fast, run_pc_fast
    from tools.knowledge import Knowledge

    values, _ = random_linear_data(8, 1000, 2.5, 77, 0.2)
    data = runners.DiscoveryData(values=values, names=[f"v{i}" for i in range(8)])
    knowledge = Knowledge(forbidden=[("v0", "v1")], tiers=[["v2"], ["v3", "v4"]])
    params = {"ci_test": "fisherz", "alpha": 0.05, "stable": True}
    assert fast_path_applies(data, params)
    assert not fast_path_applies(data, {**params, "ci_test": "kci"})
    for fast, slow in ((run_pc_fast, runners.run_pc), (run_fci_fast, runners.run_fci)):
        ours, theirs = fast(data, params, knowledge, 0), slow(data, params, knowledge, 0)
        assert ours.graph_type == theirs.graph_type
        assert {e.text() for e in ours.edges} == {e.text() for e in theirs.edges}
