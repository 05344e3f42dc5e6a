"""Randomised cross-checks of the identification core against independent oracles:
networkx d-separation on explicit DAGs (latent nodes for every <->), and, for CPDAGs,
the definition itself — a set is valid when it is valid in every DAG of the class."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from tools.identification.adjustment import (amenability_violation, find_adjustment_sets,
                                             is_valid_adjustment_set)
from tools.identification.graph_view import MixedGraph, Step
from tools.identification.reach import m_connected, possible_descendants


# ------------------------------------------------------------------ oracles
def random_dag(rng: random.Random, n: int, p: float) -> list[tuple[str, str]]:
    names = [f"V{i}" for i in range(n)]
    return [(names[i], names[j]) for i in range(n) for j in range(i + 1, n) if rng.random() < p]


def explicit_dag(nodes, directed, bidirected) -> nx.DiGraph:
    d = nx.DiGraph()
    d.add_nodes_from(nodes)
    d.add_edges_from(directed)
    for a, b in bidirected:
        d.add_edges_from([(f"U_{a}_{b}", a), (f"U_{a}_{b}", b)])
    return d


def oracle_valid(d: nx.DiGraph, x: str, y: str, z: set[str]) -> bool:
    """Adjustment criterion in a DAG, straight from its definition (proper back-door graph)."""
    cn = (nx.descendants(d, x) & (nx.ancestors(d, y) | {y}))
    forb = set().union(*(nx.descendants(d, c) | {c} for c in cn)) | {x}
    if z & forb:
        return False
    pbd = d.copy()
    pbd.remove_edges_from([(x, c) for c in cn if pbd.has_edge(x, c)])
    return nx.is_d_separator(pbd, {x}, {y}, z)


def view(nodes, directed, bidirected=(), undirected=(), latent=()) -> MixedGraph:
    edges = [(a, Step.OUT, b) for a, b in directed] + [(a, Step.BI, b) for a, b in bidirected]
    edges += [(a, Step.UND, b) for a, b in undirected]
    return MixedGraph.from_edges(nodes, edges, latent)


def v_structures(nodes, arcs) -> set[tuple[str, str, str]]:
    parents = {n: {a for a, b in arcs if b == n} for n in nodes}
    adjacent = {frozenset(e) for e in arcs}
    return {(min(a, c), b, max(a, c)) for b in nodes for a, c in itertools.combinations(sorted(parents[b]), 2)
            if frozenset((a, c)) not in adjacent}


def cpdag_of(nodes, arcs) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """CPDAG: orient v-structures, then Meek rules 1-3 to a fixed point."""
    directed = {(a, b) for a, b, c in v_structures(nodes, arcs)} | {(c, b) for a, b, c in v_structures(nodes, arcs)}
    undirected = {frozenset(e) for e in arcs} - {frozenset(e) for e in directed}

    def adj(a, b):
        return frozenset((a, b)) in undirected or (a, b) in directed or (b, a) in directed

    changed = True
    while changed:
        changed = False
        for e in list(undirected):
            for a, b in (tuple(e), tuple(e)[::-1]):
                r1 = any((c, a) in directed and not adj(c, b) for c in nodes if c not in (a, b))
                r2 = any((a, c) in directed and (c, b) in directed for c in nodes)
                r3 = any(frozenset((a, c)) in undirected and frozenset((a, d)) in undirected and (c, b) in directed
                         and (d, b) in directed and not adj(c, d) for c, d in itertools.combinations(nodes, 2))
                if r1 or r2 or r3:
                    undirected.discard(e)
                    directed.add((a, b))
                    changed = True
                    break
            if changed:
                break
    return directed, {tuple(sorted(e)) for e in undirected}


def members(nodes, directed, undirected, vs) -> list[nx.DiGraph]:
    out = []
    for bits in itertools.product((0, 1), repeat=len(undirected)):
        arcs = set(directed) | {(a, b) if bit else (b, a) for (a, b), bit in zip(undirected, bits)}
        d = nx.DiGraph(list(arcs))
        d.add_nodes_from(nodes)
        if nx.is_directed_acyclic_graph(d) and v_structures(nodes, arcs) == vs:
            out.append(d)
    return out


def subsets(items):
    items = sorted(items)
    return [set(c) for r in range(len(items) + 1) for c in itertools.combinations(items, r)]


# ------------------------------------------------------------------ tests
def test_m_separation_matches_networkx_on_random_admgs():
    rng = random.Random(1)
    for _ in range(60):
        nodes = [f"V{i}" for i in range(7)]
        directed = random_dag(rng, 7, 0.3)
        bidirected = [(a, b) for a, b in itertools.combinations(nodes, 2) if rng.random() < 0.1]
        g, d = view(nodes, directed, bidirected), explicit_dag(nodes, directed, bidirected)
        x, y = rng.sample(nodes, 2)
        for _ in range(5):
            z = set(rng.sample([n for n in nodes if n not in (x, y)], rng.randint(0, 3)))
            assert (y not in m_connected(g, {x}, z)) == nx.is_d_separator(d, {x}, {y}, z)


def test_adjustment_criterion_matches_definition_on_random_admgs():
    rng = random.Random(2)
    checked = valid_seen = 0
    for _ in range(80):
        nodes = [f"V{i}" for i in range(6)]
        directed = random_dag(rng, 6, 0.45)
        bidirected = [(a, b) for a, b in itertools.combinations(nodes, 2) if rng.random() < 0.08]
        latent = {n for n in nodes if rng.random() < 0.15}
        g, d = view(nodes, directed, bidirected, latent=latent), explicit_dag(nodes, directed, bidirected)
        x, y = sorted(rng.sample(nodes, 2))
        if x in latent or y in latent or y not in nx.descendants(d, x):
            continue
        allowed = set(nodes) - latent - {x, y}
        valid = [z for z in subsets(allowed) if oracle_valid(d, x, y, z)]
        for z in subsets(allowed):
            assert is_valid_adjustment_set(g, {x}, {y}, z) == (z in valid), (directed, bidirected, x, y, z)
            checked += 1
        found = find_adjustment_sets(g, {x}, {y}, allowed)
        assert (found.recommended is not None) == bool(valid)
        if found.recommended is not None:
            valid_seen += 1
            assert set(found.recommended) in valid
            minimal = set(found.alternatives["minimal"])
            assert minimal in valid and not any(s < minimal for s in valid)
    assert checked > 300 and valid_seen > 10


def test_optimal_set_is_valid_whenever_any_set_is_in_dags():
    rng = random.Random(3)
    for _ in range(80):
        nodes = [f"V{i}" for i in range(7)]
        directed = random_dag(rng, 7, 0.35)
        g, d = view(nodes, directed), explicit_dag(nodes, directed, [])
        x, y = rng.sample(nodes, 2)
        if y not in nx.descendants(d, x):
            continue
        found = find_adjustment_sets(g, {x}, {y}, set(nodes))
        assert found.label == "optimal O-set"
        assert oracle_valid(d, x, y, set(found.recommended))


@pytest.mark.parametrize("seed", [4, 5])
def test_cpdag_criterion_matches_every_member_dag(seed):
    rng = random.Random(seed)
    amenable_seen = not_amenable_seen = 0
    for _ in range(40):
        nodes = [f"V{i}" for i in range(6)]
        arcs = random_dag(rng, 6, 0.45)
        directed, undirected = cpdag_of(nodes, arcs)
        if not undirected:
            continue
        dags = members(nodes, sorted(directed), sorted(undirected), v_structures(nodes, arcs))
        assert any(set(dd.edges) == set(arcs) for dd in dags)
        g = view(nodes, directed, undirected=undirected)
        x, y = rng.sample(nodes, 2)
        zero = all(y not in nx.descendants(dd, x) for dd in dags)
        assert zero == (y not in possible_descendants(g, {x}))
        if zero:
            continue
        amenable = amenability_violation(g, {x}, {y}) is None
        amenable_seen += amenable
        not_amenable_seen += not amenable
        valid = []
        for z in subsets(set(nodes) - {x, y}):
            truth = all(oracle_valid(dd, x, y, z) for dd in dags)
            assert is_valid_adjustment_set(g, {x}, {y}, z) == truth, (directed, undirected, x, y, z)
            valid += [z] if truth else []
        assert amenable or not valid
        found = find_adjustment_sets(g, {x}, {y}, set(nodes))
        assert (found.recommended is not None) == bool(valid)
        if found.recommended is not None:
            assert set(found.recommended) in valid and set(found.alternatives["minimal"]) in valid
    assert amenable_seen and not_amenable_seen


def test_cpdag_with_background_knowledge_stays_sound():
    """MPDAG (a CPDAG with one more edge oriented by knowledge): validity still matches
    every member DAG; 'no effect' is only claimed when true (possible descendants may be
    over-approximated there, which only makes the answer more cautious)."""
    rng = random.Random(6)
    cases = 0
    for _ in range(100):
        nodes = [f"V{i}" for i in range(6)]
        arcs = random_dag(rng, 6, 0.5)
        directed, undirected = cpdag_of(nodes, arcs)
        if len(undirected) < 2:
            continue
        edge = rng.choice(sorted(undirected))
        known = edge if edge in arcs else edge[::-1]
        dags = [d for d in members(nodes, sorted(directed), sorted(undirected), v_structures(nodes, arcs))
                if d.has_edge(*known)]
        common = set.intersection(*(set(d.edges) for d in dags))
        still_undirected = sorted({tuple(sorted(a)) for a in arcs} - {tuple(sorted(a)) for a in common})
        if not still_undirected:
            continue
        g = view(nodes, common, undirected=still_undirected)
        x, y = rng.sample(nodes, 2)
        zero = all(y not in nx.descendants(d, x) for d in dags)
        if y not in possible_descendants(g, {x}):
            assert zero
        if zero:
            continue
        cases += 1
        for z in subsets(set(nodes) - {x, y}):
            assert is_valid_adjustment_set(g, {x}, {y}, z) == all(oracle_valid(d, x, y, z) for d in dags)
    assert cases > 15
