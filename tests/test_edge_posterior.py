"""Exact edge posteriors (Koivisto & Sood): equal to brute-force enumeration of every DAG,
and concentrated on the true edges and the directions the data can tell."""

from itertools import permutations, product

import numpy as np
import pandas as pd
import pytest

from tools.base import DataError
from tools.discovery.edge_posterior import _local_scores, _posteriors, edge_posteriors


def _brute_force(log_beta, p, k):
    """Sum over every (order, parent sets consistent with it) pair: the order-modular posterior."""
    weights = {}
    total = -np.inf
    edge_weight = np.full((p, p), -np.inf)
    for order in permutations(range(p)):
        choices = []
        for pos, i in enumerate(order):
            before = order[:pos]
            masks = [m for m in range(1 << p) if all((m >> j) & 1 == 0 or j in before for j in range(p))
                     and bin(m).count("1") <= k and not (m >> i) & 1]
            choices.append([(i, m) for m in masks])
        for combo in product(*choices):
            w = sum(log_beta[i, m] for i, m in combo)
            total = np.logaddexp(total, w)
            for i, m in combo:
                for j in range(p):
                    if (m >> j) & 1:
                        edge_weight[j, i] = np.logaddexp(edge_weight[j, i], w)
    return np.exp(edge_weight - total)


def test_the_dynamic_programme_equals_brute_force_enumeration():
    rng = np.random.default_rng(0)
    p, n, k = 4, 300, 2
    x = rng.normal(size=(n, p))
    x[:, 1] += 0.7 * x[:, 0]
    x[:, 3] += 0.5 * x[:, 1] - 0.6 * x[:, 2]
    x = (x - x.mean(0)) / x.std(0)
    log_beta = _local_scores(np.cov(x, rowvar=False, bias=True), n, p, k)
    log_beta = log_beta - log_beta[np.isfinite(log_beta)].max()  # keep exp() finite in the brute force
    assert np.allclose(_posteriors(log_beta, p), _brute_force(log_beta, p, k), atol=1e-9)


def test_true_edges_and_a_v_structure_get_the_mass():
    rng = np.random.default_rng(3)
    n = 2000
    a, b = rng.normal(size=n), rng.normal(size=n)
    c = 0.8 * a + 0.8 * b + rng.normal(size=n)  # a -> c <- b: the data orient both
    d = 0.9 * c + rng.normal(size=n)
    e = rng.normal(size=n)  # unrelated
    post = edge_posteriors(pd.DataFrame({"a": a, "b": b, "c": c, "d": d, "e": e}))
    assert post.probability[("a", "c")] > 0.8 and post.probability[("b", "c")] > 0.8
    assert post.probability[("c", "a")] < 0.15 and post.probability[("c", "b")] < 0.15
    assert post.probability[("c", "d")] > 0.95  # c -> d follows from a -> c <- b
    # a - b: only the complete triangles (one parameter more) join them; e is unrelated
    assert post.adjacency("a", "b") < 0.25 and max(post.adjacency("e", v) for v in "abcd") < 0.1


def test_an_edge_the_data_cannot_orient_splits_its_direction():
    rng = np.random.default_rng(2)
    x = rng.normal(size=3000)
    y = 0.8 * x + rng.normal(size=3000)
    post = edge_posteriors(pd.DataFrame({"x": x, "y": y}))
    assert post.adjacency("x", "y") > 0.99
    assert 0.3 < post.probability[("x", "y")] < 0.7


def test_too_many_variables_is_refused_with_the_fix():
    df = pd.DataFrame(np.random.default_rng(0).normal(size=(50, 21)), columns=[f"v{i}" for i in range(21)])
    with pytest.raises(DataError, match="variables="):
        edge_posteriors(df)


def test_the_tool_reports_the_probabilities():
    from agent.toolkit import Workspace

    rng = np.random.default_rng(3)
    a, b = rng.normal(size=2000), rng.normal(size=2000)
    df = pd.DataFrame({"a": a, "b": b, "c": 0.8 * a + 0.8 * b + rng.normal(size=2000)})
    observation, result = Workspace.open(df).call("edge_posteriors", {})
    assert "a -> c" in observation and result.probability[("a", "c")] > 0.8
