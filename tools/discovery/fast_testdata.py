"""Seeded random linear-Gaussian DAG data for checking and timing the vectorised PC
against causal-learn (used by tests/test_fast_pc.py and evals/bench_discovery_speed.py)."""

from __future__ import annotations

import numpy as np


def random_linear_data(p: int, n: int, avg_degree: float, seed: int,
                       weak_share: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(data n x p, true DAG adjacency p x p with B[i, j] = 1 for i -> j).

    Edges i -> j (i < j in a random order) appear with probability avg_degree / (p - 1);
    weights are +-U(0.3, 1.0), or +-U(0.01, 0.06) for a ``weak_share`` of edges, which
    puts many Fisher-z tests near the alpha threshold. Columns are standardised."""
    rng = np.random.default_rng(seed)
    prob = min(1.0, avg_degree / max(p - 1, 1))
    dag = np.triu(rng.random((p, p)) < prob, 1)
    weak = rng.random((p, p)) < weak_share
    magnitude = np.where(weak, rng.uniform(0.01, 0.06, (p, p)), rng.uniform(0.3, 1.0, (p, p)))
    weights = dag * magnitude * rng.choice([-1.0, 1.0], (p, p))
    x = np.empty((n, p))
    for j in range(p):
        x[:, j] = x[:, :j] @ weights[:j, j] + rng.normal(size=n)
        x[:, j] /= x[:, j].std()
    order = rng.permutation(p)
    return x[:, order], dag[np.ix_(order, order)].astype(int)
