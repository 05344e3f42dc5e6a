"""Adequacy check for a fitted LiNGAM DAG: are its structural equations linear?

Pairwise tests cannot tell skewed noise from nonlinearity (in a linear model with skewed
noise, E[Y | X] is nonlinear for siblings and anti-causal pairs). Given the DAG, though,
a linear SEM implies E[X_j | parents(X_j)] is exactly linear whatever the noise. So each
node with parents is regressed on its parents, then on their squares and cubes too
(RESET); Holm-corrected p < 0.01 with a gain of at least 1 % of the variance rejects
the linear model for that node.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from memory.graph import CausalGraph
from tools.profiling import holm_adjust

MAX_ROWS = 5000
MIN_GAIN = 0.01


@dataclass(frozen=True)
class EquationCheck:
    node: str
    statistic: float
    p_value: float
    gain: float      # share of variance explained by the nonlinear terms

    def text(self) -> str:
        return f"{self.node}: RESET F={self.statistic:.1f}, p={self.p_value:.1e}, +{self.gain:.1%} variance"


def equation_checks(values: np.ndarray, names: list[str], dag: CausalGraph) -> list[EquationCheck]:
    """RESET test of every structural equation of ``dag`` (first 5000 complete rows)."""
    from scipy import stats

    data = values[~np.isnan(values).any(axis=1)][:MAX_ROWS]
    index = {n: i for i, n in enumerate(names)}
    raw = []
    for node in names:
        parents = sorted(p for p in dag.parents(node) if p in index)
        if not parents:
            continue
        y = data[:, index[node]]
        z = data[:, [index[p] for p in parents]]
        z = (z - z.mean(axis=0)) / np.where(z.std(axis=0) > 0, z.std(axis=0), 1.0)
        lin = np.c_[np.ones(len(y)), z]
        full = np.c_[lin, z ** 2, z ** 3]
        rss1 = _rss(lin, y)
        rss3 = _rss(full, y)
        tss = float(np.sum((y - y.mean()) ** 2)) or 1.0
        k, dfree = 2 * len(parents), len(y) - full.shape[1]
        f = ((rss1 - rss3) / k) / (rss3 / dfree) if rss3 > 0 and dfree > 0 else 0.0
        raw.append((node, float(f), float(stats.f.sf(f, k, max(dfree, 1))), (rss1 - rss3) / tss))
    adjusted = holm_adjust([r[2] for r in raw]) if raw else []
    return [EquationCheck(node, f, float(p_adj), gain) for (node, f, _, gain), p_adj in zip(raw, adjusted)]


def nonlinear_equations(values: np.ndarray, names: list[str], dag: CausalGraph) -> list[EquationCheck]:
    """The structural equations that fail the linearity check (empty: the DAG is adequate)."""
    return [c for c in equation_checks(values, names, dag) if c.p_value < 0.01 and c.gain >= MIN_GAIN]


def _rss(design: np.ndarray, y: np.ndarray) -> float:
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    r = y - design @ coef
    return float(r @ r)
