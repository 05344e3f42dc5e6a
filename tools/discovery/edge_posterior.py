"""Exact posterior probabilities of edges by dynamic programming over orders (Koivisto &
Sood 2004), for small problems (at most ``MAX_VARIABLES`` variables).

Every DAG with at most ``max_parents`` parents per node is weighed by its score, summed over
the node orders it is consistent with (the order-modular prior of Koivisto & Sood, uniform
over parent sets); the posterior of ``a -> b`` is the weight of the DAGs holding that edge
divided by the total. The local score is BIC for a linear-Gaussian model (a large-sample
approximation of the log marginal likelihood). The sums are exact — no sampling — and run in
O(p² 2^p) time, in log space:

* ``alpha_i(S)``: sum over parent sets G ⊆ S of exp(score_i(G)) (a subset-sum transform);
* ``L(S)``: weight of orders of S, each node's parents before it; ``R(T)``: the same for the
  nodes after a prefix; the total is ``L(V) = R(V)``;
* the posterior of j -> i sums exp(score_i(G)) over G ∋ j times the superset sum of
  ``L(S) R(V \\ S \\ {i})`` over the predecessor sets S ⊇ G.

Unlike bootstrap frequencies, these say how much the data (under the score and the prior)
support each edge and each direction; for an edge whose direction the data cannot tell,
both directions get similar probability.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd
from pydantic import Field

from tools.base import DataError, Tool, ToolArgs, ToolGroup, ToolOutput

MAX_VARIABLES = 20
NEG_INF = -np.inf


@dataclass
class EdgePosteriors:
    """``probability[(a, b)]``: posterior probability of the edge a -> b."""

    variables: list[str]
    probability: dict[tuple[str, str], float] = field(default_factory=dict)
    max_parents: int = 3
    score: str = "BIC (linear-Gaussian)"

    def adjacency(self, a: str, b: str) -> float:
        """Probability that a and b are adjacent (either direction; the two are exclusive in a DAG)."""
        return self.probability.get((a, b), 0.0) + self.probability.get((b, a), 0.0)

    def to_dict(self) -> dict:
        edges = sorted(((a, b, p) for (a, b), p in self.probability.items() if p >= 0.01), key=lambda t: -t[2])
        return {"variables": self.variables, "max_parents": self.max_parents, "score": self.score,
                "edges": [{"from": a, "to": b, "probability": round(p, 4)} for a, b, p in edges]}


def edge_posteriors(df: pd.DataFrame, variables: list[str] | None = None, max_parents: int = 3) -> EdgePosteriors:
    """Exact edge posteriors over ``variables`` (numeric columns, rows with a gap dropped)."""
    names = [str(v) for v in (variables or list(df.columns))]
    p = len(names)
    if p < 2:
        raise DataError("Edge posteriors need at least two variables.")
    if p > MAX_VARIABLES:
        raise DataError(f"Exact edge posteriors are limited to {MAX_VARIABLES} variables (the work doubles with "
                        f"each one); {p} were given. Pass variables=[...] with the ones that matter.")
    frame = df[names].apply(pd.to_numeric, errors="coerce").dropna()
    if len(frame) < 10:
        raise DataError("Edge posteriors need at least 10 complete numeric rows.")
    x = frame.to_numpy(float)
    x = (x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    k = max(0, min(int(max_parents), p - 1))
    log_beta = _local_scores(np.cov(x, rowvar=False, bias=True), len(x), p, k)
    probability = _posteriors(log_beta, p)
    return EdgePosteriors(names, {(names[j], names[i]): float(probability[j, i])
                                  for i in range(p) for j in range(p) if i != j}, k)


def _local_scores(cov: np.ndarray, n: int, p: int, k: int) -> np.ndarray:
    """log_beta[i, mask]: BIC of node i with the parent set ``mask`` (-inf when not allowed)."""
    out = np.full((p, 1 << p), NEG_INF)
    penalty = 0.5 * np.log(n)
    for i in range(p):
        others = [j for j in range(p) if j != i]
        for size in range(k + 1):
            for parents in combinations(others, size):
                variance = cov[i, i]
                if parents:
                    idx = list(parents)
                    c = cov[np.ix_(idx, idx)]
                    b = cov[idx, i]
                    variance = cov[i, i] - b @ np.linalg.solve(c + 1e-9 * np.eye(len(idx)), b)
                mask = sum(1 << j for j in parents)
                out[i, mask] = -0.5 * n * np.log(max(variance, 1e-12)) - penalty * (size + 1)
    return out


def _subset_sum(a: np.ndarray, p: int) -> np.ndarray:
    """out[S] = logsumexp over T ⊆ S of a[T]."""
    out = a.copy()
    masks = np.arange(1 << p)
    for b in range(p):
        has = masks[(masks >> b) & 1 == 1]
        out[has] = np.logaddexp(out[has], out[has ^ (1 << b)])
    return out


def _superset_sum(a: np.ndarray, p: int) -> np.ndarray:
    """out[S] = logsumexp over T ⊇ S of a[T]."""
    out = a.copy()
    masks = np.arange(1 << p)
    for b in range(p):
        lacks = masks[(masks >> b) & 1 == 0]
        out[lacks] = np.logaddexp(out[lacks], out[lacks | (1 << b)])
    return out


def _posteriors(log_beta: np.ndarray, p: int) -> np.ndarray:
    full = (1 << p) - 1
    masks = np.arange(1 << p)
    alpha = np.array([_subset_sum(log_beta[i], p) for i in range(p)])
    popcount = np.array([bin(m).count("1") for m in masks])
    forward = np.full(1 << p, NEG_INF)  # L(S): S ordered first, each node's parents before it
    backward = np.full(1 << p, NEG_INF)  # R(T): T ordered last, after the prefix V \ T
    forward[0] = backward[0] = 0.0
    for size in range(1, p + 1):
        layer = masks[popcount == size]
        f = np.full(len(layer), NEG_INF)
        g = np.full(len(layer), NEG_INF)
        for i in range(p):
            bit = 1 << i
            holds = (layer & bit) != 0
            rest = layer[holds] ^ bit
            f[holds] = np.logaddexp(f[holds], alpha[i, rest] + forward[rest])
            g[holds] = np.logaddexp(g[holds], alpha[i, full ^ layer[holds]] + backward[rest])
        forward[layer], backward[layer] = f, g
    total = forward[full]
    probability = np.zeros((p, p))
    for i in range(p):
        bit = 1 << i
        gamma = np.where((masks & bit) == 0, forward + backward[full ^ masks ^ bit], NEG_INF)
        gamma[(masks & bit) != 0] = NEG_INF
        weight = log_beta[i] + _superset_sum(gamma, p)
        for j in range(p):
            if j != i:
                with_j = weight[(masks >> j) & 1 == 1]
                probability[j, i] = float(np.exp(np.logaddexp.reduce(with_j) - total))
    return probability


# ----- the tool -----
MAX_LISTED = 15


class EdgePosteriorArgs(ToolArgs):
    variables: list[str] | None = Field(None, description=f"Columns to include (at most {MAX_VARIABLES}); default "
                                                          "all numeric columns when there are that few.")
    max_parents: int = Field(3, ge=1, le=4, description="Most parents a node may have (1-4; 3 is typical).")


def _run(ctx, args: EdgePosteriorArgs) -> ToolOutput:
    names = args.variables or [c for c in ctx.columns if pd.api.types.is_numeric_dtype(ctx.data[c])]
    ctx.require_columns(*names)
    result = edge_posteriors(ctx.data, names, args.max_parents)
    listed = sorted(((a, b, p) for (a, b), p in result.probability.items() if p >= 0.05), key=lambda t: -t[2])
    text = "; ".join(f"{a} -> {b}: {p:.2f}" for a, b, p in listed[:MAX_LISTED]) or "no edge above 0.05"
    return ToolOutput(result, f"Exact edge posteriors over {len(names)} variables ({result.score}, at most "
                              f"{result.max_parents} parents, order-modular prior): {text}.")


TOOLS = [Tool(
    name="edge_posteriors",
    description=("Exact posterior probability of every edge and direction (Koivisto-Sood dynamic programming; "
                 f"at most {MAX_VARIABLES} numeric variables). Use when asked how sure an edge or a direction is."),
    group=ToolGroup.DISCOVERY, args_model=EdgePosteriorArgs, run=_run)]
