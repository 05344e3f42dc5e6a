"""Random DAGs and structural equation samples with known truth, for evals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from memory.graph import CausalGraph, GraphType


def random_dag(p: int, seed: int, edge_prob: float | None = None, max_parents: int = 3) -> CausalGraph:
    """A random DAG over X1..Xp (topological order shuffled), average degree ~2."""
    rng = np.random.default_rng(seed)
    prob = edge_prob if edge_prob is not None else min(1.0, 2.0 / max(p - 1, 1))
    order = [f"X{i + 1}" for i in rng.permutation(p)]
    g = CausalGraph(nodes=sorted(order, key=lambda s: int(s[1:])), graph_type=GraphType.DAG)
    for j in range(1, p):
        earlier = order[:j]
        parents = [a for a in earlier if rng.random() < prob]
        if len(parents) > max_parents:
            parents = list(rng.choice(parents, max_parents, replace=False))
        for a in parents:
            g.add_edge(str(a), order[j])
    g.graph_type = GraphType.DAG
    return g


def simulate_sem(dag: CausalGraph, n: int, seed: int, noise: str = "gaussian", nonlinear: float = 0.0,
                 coef_range: tuple[float, float] = (0.5, 1.2)) -> tuple[pd.DataFrame, dict[tuple[str, str], float]]:
    """Sample ``n`` rows from a SEM on ``dag``. Each edge has a coefficient of random sign
    with |b| in ``coef_range``; ``nonlinear`` > 0 adds ``nonlinear * z**2`` of each
    standardized parent (a mild nonlinearity). Noise: gaussian, uniform, laplace, exponential."""
    import networkx as nx

    rng = np.random.default_rng(seed)
    coef = {(u, v): float(rng.choice([-1, 1]) * rng.uniform(*coef_range)) for u, v in dag.directed_edges()}
    values: dict[str, np.ndarray] = {}
    for node in nx.topological_sort(dag.directed_digraph()):
        x = _noise(rng, noise, n)
        for parent in dag.parents(node):
            z = (values[parent] - values[parent].mean()) / values[parent].std()
            x = x + coef[(parent, node)] * (z + nonlinear * (z ** 2 - 1))
        values[node] = x
    return pd.DataFrame({n_: values[n_] for n_ in dag.nodes}), coef


def _noise(rng: np.random.Generator, kind: str, n: int) -> np.ndarray:
    if kind == "gaussian":
        return rng.normal(size=n)
    if kind == "uniform":
        return rng.uniform(-np.sqrt(3), np.sqrt(3), size=n)
    if kind == "laplace":
        return rng.laplace(scale=1 / np.sqrt(2), size=n)
    if kind == "exponential":
        return rng.exponential(size=n) - 1.0
    raise ValueError(f"Unknown noise {kind!r}: use gaussian, uniform, laplace or exponential.")


def motif_dag(seed: int) -> CausalGraph:
    """A 5-8 variable design built from the motifs of effect estimation: treatment T and
    outcome Y, 1-2 confounders (Z -> T, Z -> Y), optionally a mediator (T -> M -> Y, with or
    without a direct T -> Y), a cause of T (I -> T, a v-structure with Z), a collider
    (T -> C <- Y), an extra cause of Y and a child of a confounder."""
    rng = np.random.default_rng(seed)
    g = CausalGraph(nodes=["T", "Y"], graph_type=GraphType.DAG)
    for k in range(int(rng.integers(1, 3))):
        z = f"Z{k + 1}"
        g.add_edge(z, "T")
        g.add_edge(z, "Y")
    optional = ["mediator", "instrument", "collider", "cause_y", "child_z"]
    for motif in rng.permutation(optional):
        if len(g.nodes) >= 8 or (len(g.nodes) >= 5 and rng.random() < 0.35):
            break
        if motif == "mediator":
            g.add_edge("T", "M")
            g.add_edge("M", "Y")
        elif motif == "instrument":
            g.add_edge("I", "T")
        elif motif == "collider":
            g.add_edge("T", "C")
            g.add_edge("Y", "C")
        elif motif == "cause_y":
            g.add_edge("P", "Y")
        else:
            g.add_edge("Z1", "W")
    if "M" not in g.nodes or rng.random() < 0.5:
        g.add_edge("T", "Y")
    while len(g.nodes) < 5:
        g.add_edge("Y", f"D{len(g.nodes)}")
    g.graph_type = GraphType.DAG
    return g
