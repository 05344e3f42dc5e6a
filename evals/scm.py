"""Random linear structural causal models with known truth, for evals and tests.

Truth comes from the SCM itself (its DAG and coefficients), never from an algorithm."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from memory.graph import CausalGraph


@dataclass
class LinearSCM:
    """X_j = sum_i B[i, j] X_i + noise_j, in topological order ``names``."""

    names: list[str]
    coef: np.ndarray  # coef[i, j] = effect of names[i] on names[j]
    noise_scale: np.ndarray
    noise: str = "gaussian"

    @property
    def dag(self) -> nx.DiGraph:
        g = nx.DiGraph()
        g.add_nodes_from(self.names)
        p = len(self.names)
        g.add_edges_from((self.names[i], self.names[j]) for i in range(p) for j in range(p) if self.coef[i, j] != 0)
        return g

    def graph(self) -> CausalGraph:
        return CausalGraph.from_networkx(self.dag)

    def sample(self, n: int, seed: int = 0, intervention: dict[str, float] | None = None) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        p = len(self.names)
        data = np.zeros((n, p))
        for j in range(p):
            if self.noise == "gaussian":
                eps = rng.normal(size=n)
            else:  # uniform: non-Gaussian, for LiNGAM
                eps = rng.uniform(-np.sqrt(3), np.sqrt(3), size=n)
            data[:, j] = data @ self.coef[:, j] + self.noise_scale[j] * eps
            if intervention and self.names[j] in intervention:
                data[:, j] = intervention[self.names[j]]
        return pd.DataFrame(data, columns=self.names)

    def total_effect(self, cause: str, effect: str) -> float:
        """Sum over directed paths of the product of coefficients: (I - B)^-1."""
        p = len(self.names)
        total = np.linalg.inv(np.eye(p) - self.coef)
        return float(total[self.names.index(cause), self.names.index(effect)])

    def interventional_mean(self, target: str, intervention: dict[str, float]) -> float:
        """E[target | do(intervention)]; all noises have mean zero."""
        mean = {name: 0.0 for name in self.names}
        for j, name in enumerate(self.names):
            mean[name] = intervention.get(name, sum(self.coef[i, j] * mean[self.names[i]] for i in range(j)))
        return float(mean[target])


def random_linear_scm(p: int, edge_prob: float, seed: int, names: list[str] | None = None,
                      noise: str = "gaussian", weight_range: tuple[float, float] = (0.5, 1.5)) -> LinearSCM:
    """A random DAG in a random topological order with coefficient magnitudes in ``weight_range``."""
    rng = np.random.default_rng(seed)
    names = names or [f"V{i}" for i in range(p)]
    coef = np.zeros((p, p))
    for j in range(p):
        for i in range(j):
            if rng.random() < edge_prob:
                coef[i, j] = rng.uniform(*weight_range) * rng.choice([-1.0, 1.0])
    return LinearSCM(list(names), coef, noise_scale=rng.uniform(0.7, 1.2, size=p), noise=noise)
