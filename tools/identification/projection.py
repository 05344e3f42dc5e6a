"""Latent projection (Verma 1993; Tian & Pearl 2002): the ADMG over the observed nodes
that a graph with latent nodes and bidirected edges implies.

  a → b  when a directed path a → … → b has only latent nodes in between;
  a ↔ b  when both are reached from one latent source along directed paths through
         latent nodes only (a bidirected edge u ↔ v counts as a latent source of u and v).
Identifiability and the ID formula are the same in the projection as in the full graph.
"""

from __future__ import annotations

from itertools import combinations
from typing import Iterable

from tools.identification.graph_view import MixedGraph, Step


def _observed_reach(g: MixedGraph, start: str, observed: set[str]) -> set[str]:
    """Observed nodes reached from ``start`` by directed paths with latent interiors
    (``start`` itself when it is observed)."""
    if start in observed:
        return {start}
    seen, stack, out = {start}, [start], set()
    while stack:
        node = stack.pop()
        for step, nxt in g.steps(node):
            if step is not Step.OUT or nxt in seen:
                continue
            seen.add(nxt)
            if nxt in observed:
                out.add(nxt)
            else:
                stack.append(nxt)
    return out


def latent_projection(g: MixedGraph, observed: Iterable[str]) -> MixedGraph:
    """The ADMG over ``observed`` (every other node is treated as latent)."""
    obs = [n for n in g.nodes if n in set(observed)]
    obs_set = set(obs)
    edges: list[tuple[str, Step, str]] = []
    for a in obs:
        for step, nxt in g.steps(a):
            if step is Step.OUT:
                edges.extend((a, Step.OUT, b) for b in _observed_reach(g, nxt, obs_set))
    sources: list[set[str]] = [_observed_reach(g, n, obs_set)
                               for n in g.nodes if n not in obs_set]
    for u in g.nodes:
        for step, v in g.steps(u):
            if step is Step.BI and u < v:
                sources.append(_observed_reach(g, u, obs_set) | _observed_reach(g, v, obs_set))
    for group in sources:
        edges.extend((a, Step.BI, b) for a, b in combinations(sorted(group), 2))
    return MixedGraph.from_edges(obs, edges)
