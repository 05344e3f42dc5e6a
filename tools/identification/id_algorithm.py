"""The ID algorithm (Shpitser & Pearl 2006; Tian & Pearl 2002): P(y | do(x)) as a formula
of the observational distribution on an ADMG, or a hedge proving it is not identifiable.

Sound and complete for semi-Markovian models: when it fails, no formula exists without
more assumptions than the graph. The ADMG must hold only observed nodes (use
``projection.latent_projection`` first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import networkx as nx

from tools.identification.expressions import (Expr, Fraction, Prob, free, product, render,
                                              sum_out)
from tools.identification.graph_view import MixedGraph, Step
from tools.identification.reach import ancestors


class Hedge(Exception):
    """The effect is not identifiable: ``f`` and ``f_prime`` (⊂ f) are the two c-forests
    of the hedge found by the ID algorithm."""

    def __init__(self, f: frozenset[str], f_prime: frozenset[str]):
        self.f, self.f_prime = f, f_prime
        super().__init__(f"hedge: {sorted(f)} and {sorted(f_prime)}")


@dataclass(frozen=True)
class Dist:
    """A distribution over ``variables`` given by ``expr``; ``observational`` marks the
    plain observational joint (or a marginal of it over an ancestral set)."""

    variables: frozenset[str]
    expr: Expr
    observational: bool = False


def c_components(g: MixedGraph) -> list[frozenset[str]]:
    """Districts: nodes connected by bidirected edges (shared hidden causes)."""
    u = nx.Graph()
    u.add_nodes_from(g.nodes)
    u.add_edges_from((a, b) for a in g.nodes for s, b in g.steps(a) if s is Step.BI)
    rank = {n: i for i, n in enumerate(g.nodes)}
    comps = [frozenset(c) for c in nx.connected_components(u)]
    return sorted(comps, key=lambda c: min(rank[n] for n in c))


def id_formula(g: MixedGraph, xs: Iterable[str], ys: Iterable[str]) -> Expr:
    """The expression for P(ys | do(xs)); raises Hedge when it is not identifiable."""
    nodes = frozenset(g.nodes)
    joint = Dist(nodes, Prob(nodes), observational=True)
    order = g.topological_order()
    return _id(frozenset(ys), frozenset(xs), joint, g, order).expr


def id_formula_text(g: MixedGraph, xs: Iterable[str], ys: Iterable[str]) -> str:
    """'P(y | do(x)) = …'; a note is added when the formula holds for any value of other
    fixed variables (as in the napkin graph)."""
    xs, ys = sorted(xs), sorted(ys)
    expr = id_formula(g, xs, ys)
    rank = {n: i for i, n in enumerate(g.topological_order())}
    text = f"P({', '.join(ys)} | do({', '.join(xs)})) = {render(expr, rank)}"
    extra = sorted(free(expr) - set(xs) - set(ys))
    if extra:
        text += f"  (the same for every value of {', '.join(extra)})"
    return text


def marginal(q: Dist, keep: frozenset[str]) -> Dist:
    return Dist(keep, sum_out(q.expr, q.variables - keep), q.observational)


def conditional(q: Dist, g: MixedGraph, v: str, preceding: Sequence[str]) -> Expr:
    """q(v | preceding). For the observational joint, the conditioning set shrinks to v's
    Markov blanket among its predecessors: its district and the district's parents
    (valid because the predecessors form an ancestral set)."""
    given = frozenset(preceding)
    if q.observational:
        return Prob(frozenset({v}), _blanket(g, v, given))
    num = sum_out(q.expr, q.variables - given - {v})
    if not given:  # q sums to one
        return num
    return Fraction(num, sum_out(q.expr, q.variables - given))


def _blanket(g: MixedGraph, v: str, preceding: frozenset[str]) -> frozenset[str]:
    sub = g.induced(preceding | {v})
    district = next(c for c in c_components(sub) if v in c)
    parents = set().union(*(sub.parents(d) for d in district))
    return frozenset((district | parents) - {v})


def _id(y: frozenset[str], x: frozenset[str], q: Dist, g: MixedGraph, order: list[str]) -> Dist:
    v = frozenset(g.nodes)
    if not x:                                                           # line 1
        return marginal(q, y)
    anc = frozenset(ancestors(g, y))
    if anc != v:                                                        # line 2
        return _id(y, x & anc, marginal(q, anc), g.induced(anc), order)
    w = (v - x) - ancestors(g.without_incoming(x), y)
    if w:                                                               # line 3
        return _id(y, x | w, q, g, order)
    districts = c_components(g.induced(v - x))
    if len(districts) > 1:                                              # line 4
        parts = [_id(s, v - s, q, g, order).expr for s in districts]
        return Dist(y, sum_out(product(*parts), v - y - x))
    s = districts[0]
    g_districts = c_components(g)
    if g_districts == [v]:                                              # line 5
        raise Hedge(v, s)
    prefix = [n for n in order if n in v]
    if s in g_districts:                                                # line 6
        factors = [conditional(q, g, n, prefix[:i]) for i, n in enumerate(prefix) if n in s]
        return Dist(y, sum_out(product(*factors), s - y))
    bigger = next(d for d in g_districts if s < d)                      # line 7
    factors = [conditional(q, g, n, prefix[:i]) for i, n in enumerate(prefix) if n in bigger]
    return _id(y, x & bigger, Dist(bigger, product(*factors)), g.induced(bigger), order)
