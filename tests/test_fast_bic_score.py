"""The fast BIC local score equals causal-learn's, so BOSS finds the same graph."""

from unittest import mock

import numpy as np
import pytest
from causallearn.score.LocalScoreFunction import local_score_BIC_from_cov
from causallearn.score.LocalScoreFunctionClass import LocalScoreClass

from tools.discovery import boss
from tools.discovery.scores import bic_score_function


def _causal_learn_score_class(values, score, penalty=1.0):
    return LocalScoreClass(data=values, local_score_fun=local_score_BIC_from_cov,
                           parameters={"lambda_value": float(penalty)})


def _linear_data(seed: int, n: int = 2000, p: int = 12) -> np.ndarray:
    rng = np.random.default_rng(seed)
    weights = np.triu(rng.uniform(0.5, 1.5, (p, p)) * (rng.random((p, p)) < 0.25), k=1)
    x = np.zeros((n, p))
    for j in range(p):
        x[:, j] = x @ weights[:, j] + rng.normal(size=n)
    return x


@pytest.mark.parametrize("penalty", [0.5, 1.0, 2.0])
def test_fast_bic_equals_causal_learn_on_random_parent_sets(penalty):
    x = _linear_data(0)
    cov = np.cov(x.T, ddof=0)
    fast = bic_score_function(x, penalty)
    rng = np.random.default_rng(1)
    for _ in range(300):
        i = int(rng.integers(12))
        parents = sorted(int(v) for v in rng.choice(12, size=int(rng.integers(0, 6)), replace=False) if v != i)
        ref = local_score_BIC_from_cov((cov, len(x)), i, parents, {"lambda_value": penalty})
        assert fast(None, i, parents) == pytest.approx(ref, rel=1e-10, abs=1e-8)


def test_fast_bic_handles_collinear_parents_like_causal_learn():
    x = _linear_data(2, p=5)
    x = np.column_stack([x, x[:, 0]])  # column 5 duplicates column 0: singular parent covariance
    cov = np.cov(x.T, ddof=0)
    ref = local_score_BIC_from_cov((cov, len(x)), 3, [0, 5], {"lambda_value": 1.0})
    assert bic_score_function(x, 1.0)(None, 3, [0, 5]) == pytest.approx(ref, rel=1e-8)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_boss_finds_the_same_graph_with_the_fast_score(seed):
    x = _linear_data(seed)
    parents, total = boss.boss_search(x, "bic", 1.0, restarts=3, seed=seed)
    with mock.patch.object(boss, "score_class", _causal_learn_score_class):
        ref_parents, ref_total = boss.boss_search(x, "bic", 1.0, restarts=3, seed=seed)
    assert parents == ref_parents
    assert total == pytest.approx(ref_total, rel=1e-10)
