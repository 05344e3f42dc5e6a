"""Graph queries: exact on DAGs, honest (None) where a CPDAG or PAG leaves an orientation
open, and checked against brute force on random DAGs and their patterns."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from memory.graph import CausalGraph
from tools import graph_queries as gq
from tools.base import ToolInputError
from tools.context import AnalysisContext
from tools.equivalence_class import consistent_extensions, members, one_extension
from tools.registry import ToolRegistry

DAG = CausalGraph.from_edge_list(["Z -> X", "Z -> Y", "X -> M", "M -> Y", "X -> C", "Y -> C"])


def test_dag_relatives_are_exact():
    assert gq.parents(DAG, "Y").answer == ["M", "Z"]
    assert gq.children(DAG, "X").answer == ["C", "M"]
    r = gq.ancestors(DAG, "Y")
    assert r.answer == r.definite == ["M", "X", "Z"] and r.possible == []
    assert gq.descendants(DAG, "X").answer == ["C", "M", "Y"]
    assert gq.causes_of(DAG, "C").answer == ["M", "X", "Y", "Z"]
    assert gq.effects_of(DAG, "C").answer == []


@pytest.mark.parametrize("query,args,expected", [
    (gq.is_confounder, ("Z", "X", "Y"), True),       # fork
    (gq.is_confounder, ("M", "X", "Y"), False),      # mediator, not a common cause
    (gq.is_confounder, ("X", "M", "Y"), False),      # X reaches Y only through M
    (gq.is_collider, ("C", "X", "Y"), True),         # X → C ← Y
    (gq.is_collider, ("M", "X", "Y"), False),        # chain through M
    (gq.is_collider, ("Z", "X", "M"), False),        # Z not adjacent to M
    (gq.is_mediator, ("M", "X", "Y"), True),
    (gq.is_mediator, ("Z", "X", "Y"), False),
    (gq.is_mediator, ("C", "X", "Y"), False),
    (gq.is_direct_cause, ("X", "M"), True),
    (gq.is_direct_cause, ("M", "X"), False),
    (gq.is_direct_cause, ("X", "Y"), False),         # only indirect
])
def test_dag_yes_no_answers(query, args, expected):
    assert query(DAG, *args).answer is expected


def test_dag_explanations_name_the_paths():
    assert gq.is_confounder(DAG, "Z", "X", "Y").sentence() == "is_confounder(Z; X, Y): yes — Z → X and Z → Y"
    assert "X → M → Y" in gq.is_mediator(DAG, "M", "X", "Y").explanation


def test_undirected_edge_gives_uncertain_answers():
    g = CausalGraph.from_edge_list(["Z -- X", "Z -- Y", "X -> W", "Y -> W"])
    direct = gq.is_direct_cause(g, "Z", "X")
    assert direct.answer is None and "cannot tell the direction" in direct.explanation
    conf = gq.is_confounder(g, "Z", "X", "Y")
    assert conf.answer is None
    assert "the edge Z — X is undirected; Z could be a cause or an effect of X" in conf.sentence()
    assert "1 of 3" in conf.explanation  # X←Z→Y is one of the three DAGs in the class
    anc = gq.ancestors(g, "W")  # Z → X or Z → Y in every member (X → Z ← Y would be a new v-structure)
    assert anc.definite == ["X", "Y", "Z"] and anc.possible == []
    assert gq.descendants(g, "X").definite == ["W"] and gq.descendants(g, "X").possible == ["Y", "Z"]
    assert gq.is_collider(g, "W", "X", "Y").answer is True  # the v-structure is definite
    assert gq.is_collider(g, "Z", "X", "Y").answer is False  # unshielded: a collider would show


def test_shielded_undirected_triangle_is_uncertain():
    g = CausalGraph.from_edge_list(["Z -- X", "Z -- Y", "X -- Y"])
    assert len(members(g).dags) == 6
    for r in (gq.is_collider(g, "Z", "X", "Y"), gq.is_confounder(g, "Z", "X", "Y"), gq.is_mediator(g, "Z", "X", "Y")):
        assert r.answer is None


def test_definite_ancestor_without_directed_path():
    """X — A → Y ← B — X with A, B non-adjacent: X cannot be a collider between A and B, so
    every DAG in the class has X → A or X → B: X is a definite cause of Y."""
    g = CausalGraph.from_edge_list(["A -> Y", "B -> Y", "X -- A", "X -- B"])
    r = gq.ancestors(g, "Y")
    assert "X" in r.definite and r.possible == []
    assert gq.is_direct_cause(g, "X", "A").answer is None


def test_consistent_extension_counts():
    nodes = list("ABCD")
    assert len(consistent_extensions(nodes, [], list(itertools.combinations(nodes, 2)))) == 24
    assert len(consistent_extensions(list("ABC"), [], [("A", "B"), ("B", "C")])) == 3
    forced = consistent_extensions(list("ABC"), [("A", "B")], [("B", "C")])  # not Meek-closed
    assert forced == [{"A": frozenset("B"), "B": frozenset("C"), "C": frozenset()}]
    assert consistent_extensions(list("ABC"), [("A", "B"), ("B", "C"), ("C", "A")], []) == []


def _pattern(dag: CausalGraph) -> CausalGraph:
    """Undirect every edge that is not in a v-structure (a PDAG whose class holds ``dag``)."""
    keep = set()
    for c in dag.nodes:
        for a, b in itertools.combinations(sorted(dag.parents(c)), 2):
            if b not in dag.adjacent(a):
                keep |= {(a, c), (b, c)}
    return CausalGraph.from_edge_list([f"{u} -> {v}" if (u, v) in keep else f"{u} -- {v}"
                                       for u, v in dag.directed_edges()], nodes=dag.nodes)


def _random_dag(rng: np.random.Generator, p: int, prob: float) -> CausalGraph:
    nodes = [f"V{i}" for i in range(p)]
    edges = [(nodes[i], nodes[j]) for i in range(p) for j in range(i + 1, p) if rng.random() < prob]
    return CausalGraph.from_edge_list(edges, nodes=nodes)


@pytest.mark.parametrize("seed", range(6))
def test_pattern_queries_agree_with_the_true_dag(seed):
    rng = np.random.default_rng(seed)
    dag = _random_dag(rng, 7, 0.35)
    pattern = _pattern(dag)
    truth = dag.directed_digraph()
    dags = members(pattern).dags
    assert {n: frozenset(truth.successors(n)) for n in truth.nodes} in dags
    for node in dag.nodes:
        anc = gq.ancestors(pattern, node)
        assert set(anc.definite) <= nx.ancestors(truth, node) <= set(anc.definite) | set(anc.possible)
    for x, y in itertools.combinations(dag.nodes, 2):
        given = [n for n in dag.nodes if n not in (x, y) and rng.random() < 0.3]
        expected = nx.is_d_separator(truth, {x}, {y}, set(given))
        assert gq.d_separated(pattern, x, y, given).answer is expected
        assert gq.d_separated(dag, x, y, given).answer is expected
        direct = gq.is_direct_cause(pattern, x, y).answer
        assert direct is None or direct is truth.has_edge(x, y)
    assert pattern.undirected_edges()  # the check is not vacuous
    for z, x, y in itertools.permutations(dag.nodes[:5], 3):
        common = (x in nx.descendants(truth.subgraph(set(dag.nodes) - {y}), z)
                  and y in nx.descendants(truth.subgraph(set(dag.nodes) - {x}), z))
        assert gq.is_confounder(pattern, z, x, y).answer in (None, common)
        mediator = z in nx.descendants(truth, x) and y in nx.descendants(truth, z)
        assert gq.is_mediator(pattern, z, x, y).answer in (None, mediator)


def test_one_extension_is_a_member():
    g = CausalGraph.from_edge_list(["A -- B", "B -- C", "C -- A", "C -> D", "E -> D"])
    ext = one_extension(g.nodes, g.directed_edges(), g.undirected_edges())
    assert {n: frozenset(ext.successors(n)) for n in ext.nodes} in members(g).dags


def test_m_separation_with_bidirected_edges():
    g = CausalGraph.from_edge_list(["A <-> B", "B <-> C", "X -> Y", "U <-> Y"])
    assert gq.d_separated(g, "A", "C").answer is True
    assert gq.d_separated(g, "A", "C", ["B"]).answer is False  # B is a collider of two hidden causes
    assert gq.d_separated(g, "X", "U").answer is True
    assert gq.is_direct_cause(g, "A", "B").answer is False
    assert gq.is_confounder(g, "B", "A", "C").answer is False
    assert gq.is_collider(g, "B", "A", "C").answer is True  # A ↔ B ↔ C: both arrowheads at B
    assert gq.is_collider(CausalGraph.from_edge_list(["X <-> Z", "Y -> Z"]), "Z", "X", "Y").answer is True


def test_pag_marks():
    pag = CausalGraph.from_edge_list(["A o-> X", "B o-> X", "X -> Y"])
    assert gq.is_direct_cause(pag, "A", "X").answer is None
    assert gq.is_direct_cause(pag, "X", "A").answer is False  # arrowhead at X
    assert gq.is_direct_cause(pag, "X", "Y").answer is True
    anc = gq.ancestors(pag, "Y")
    assert anc.definite == ["X"] and anc.possible == ["A", "B"]
    assert gq.is_collider(pag, "X", "A", "B").answer is True
    assert gq.d_separated(pag, "A", "B").answer is True
    assert gq.d_separated(pag, "A", "B", ["Y"]).answer is False
    assert gq.is_mediator(pag, "X", "A", "Y").answer is None
    assert gq.is_collider(pag, "X", "A", "Y").answer is False  # tail at X on X → Y
    circles = CausalGraph.from_edge_list(["A o-o B", "B o-o C", "A o-o C", "C o-o D"])
    assert gq.is_collider(circles, "C", "B", "D").answer is False  # unshielded, not marked a collider
    assert gq.is_collider(circles, "C", "A", "B").answer is None  # shielded: undetermined


def test_paths_lists_causal_and_backdoor_paths_with_status():
    r = gq.paths(DAG, "X", "Y")
    assert r.definite == ["X → M → Y"]
    assert "backdoor: X ← Z → Y (open)" in r.answer
    r = gq.paths(DAG, "X", "Y", ["Z", "C"])
    assert "backdoor: X ← Z → Y (blocked by conditioning on Z)" in r.answer
    assert "non-causal: X → C ← Y (open)" in r.answer  # conditioning on the collider C opens it
    cp = gq.paths(CausalGraph.from_edge_list(["X -- Z", "Z -> Y", "W -> Y"]), "X", "Y")
    assert cp.definite == [] and cp.possible == ["X — Z → Y"]


def test_query_tool_validates_arguments():
    ctx = AnalysisContext(data=pd.DataFrame({n: [0.0] for n in DAG.nodes}), graph=DAG)
    registry = ToolRegistry(gq.TOOLS)
    out = registry.call("query_graph", {"query": "is_confounder", "z": "Z", "x": "X", "y": "Y"}, ctx)
    assert out.observation == "is_confounder(Z; X, Y): yes — Z → X and Z → Y"
    assert ctx.results["query_graph"].answer is True
    with pytest.raises(ToolInputError, match="needs z .*Graph nodes: Z, X, Y, M, C"):
        registry.call("query_graph", {"query": "is_mediator", "x": "X", "y": "Y"}, ctx)
    with pytest.raises(ToolInputError, match="Did you mean 'M'"):
        registry.call("query_graph", {"query": "parents", "x": "m"}, ctx)
    with pytest.raises(ToolInputError, match="one variable"):
        registry.call("query_graph", {"query": "ancestors", "x": "X", "y": "Y"}, ctx)
    with pytest.raises(ToolInputError, match="query"):
        registry.call("query_graph", {"query": "siblings", "x": "X"}, ctx)
    assert registry.call("query_graph", {"query": "causes_of", "y": "M"}, ctx).result.answer == ["X", "Z"]
    assert registry.call("query_graph", {"query": "d_separated", "x": "X", "y": "Y", "given": ["Z", "M"]},
                         ctx).result.answer is True
    empty = AnalysisContext(data=ctx.data)
    with pytest.raises(ToolInputError, match="discover_graph"):
        registry.call("query_graph", {"query": "parents", "x": "X"}, empty)
