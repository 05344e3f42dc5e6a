"""Discovery on large tables: learn the graph on a seeded random subsample of rows, then
learn it again with the same algorithm and settings on a second, disjoint subsample and
report how far the two agree. Edges found in only one subsample are named as unstable.

Why subsample: the cost of kernel and discrete tests and of the profile grows with the
rows, while 50,000 rows already give every linear test power to see effects far smaller
than any a user would act on. Effect estimation still uses every row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from memory.graph import CausalGraph
from tools.discovery.bootstrap import edge_type

DISCOVERY_MAX_ROWS = 50_000
MAX_LISTED = 10


@dataclass
class SubsampleCheck:
    """How the graph learned on subsample A compares with the one learned on B."""

    rows_used: int
    total_rows: int
    seed: int
    adjacency_agreement: float          # Jaccard share of adjacencies found in both
    edge_agreement: float               # share with the same adjacency and the same edge type
    unstable: list[str] = field(default_factory=list)  # edges of A missing or typed otherwise in B

    def to_dict(self) -> dict[str, Any]:
        return {"rows_used": self.rows_used, "total_rows": self.total_rows, "seed": self.seed,
                "adjacency_agreement": round(self.adjacency_agreement, 3),
                "edge_agreement": round(self.edge_agreement, 3), "unstable_edges": list(self.unstable)}

    def assumption(self) -> str:
        return (f"The graph was learned on a random subsample of {self.rows_used:,} of {self.total_rows:,} rows "
                f"(seed {self.seed}); rows are assumed exchangeable (no ordering or drift). Effect estimation "
                "uses all rows.")

    def summary(self) -> str:
        text = (f"stability check: a second, disjoint subsample of {self.rows_used:,} rows gave the same adjacencies "
                f"for {self.adjacency_agreement:.0%} and the same edge types for {self.edge_agreement:.0%} of edges")
        if self.unstable:
            listed = "; ".join(self.unstable[:MAX_LISTED])
            more = f" and {len(self.unstable) - MAX_LISTED} more" if len(self.unstable) > MAX_LISTED else ""
            text += f"; not reproduced: {listed}{more}"
        return text


def needs_subsample(n_rows: int, max_rows: int = DISCOVERY_MAX_ROWS) -> bool:
    return n_rows > max_rows


def disjoint_subsamples(df: pd.DataFrame, size: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two disjoint seeded row samples of ``size`` rows each (the second is smaller when
    the table has fewer than 2 x ``size`` rows); rows keep their original order."""
    order = np.random.default_rng([seed, 7919]).permutation(len(df))
    first = np.sort(order[:size])
    second = np.sort(order[size:2 * size])
    return df.iloc[first], df.iloc[second]


def _edges(graph: CausalGraph) -> dict[tuple[str, str], str]:
    out = {}
    for e in graph.edges:
        if e.lag:
            continue
        a, b = sorted((e.u, e.v))
        out[(a, b)] = edge_type(e, a)
    return out


def compare(first: CausalGraph, second: CausalGraph, rows_used: int, total_rows: int, seed: int) -> SubsampleCheck:
    """Agreement of two graphs over the same variables (adjacencies and edge types)."""
    a, b = _edges(first), _edges(second)
    union = set(a) | set(b)
    both = set(a) & set(b)
    same_type = {k for k in both if a[k] == b[k]}
    adjacency = len(both) / len(union) if union else 1.0
    typed = len(same_type) / len(union) if union else 1.0
    unstable = sorted(a[k] for k in a if k not in same_type)
    unstable += sorted(f"{b[k]} (only in the second subsample)" for k in b if k not in a)
    return SubsampleCheck(rows_used, total_rows, seed, adjacency, typed, unstable)
