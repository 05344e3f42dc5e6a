"""Graph-level pieces of discovery: causal-learn decoding, CPDAGs, Meek rules, knowledge
enforcement and the evaluation metrics. No algorithm runs here (fast)."""

from __future__ import annotations

import pytest

from evals.discovery_sim import random_dag
from evals.metrics import score_graph, shd
from memory.graph import CausalGraph, GraphType, Mark
from tools.discovery.background import enforce_knowledge, lingam_prior
from tools.discovery.convert import dag_from_weights, graph_from_endpoint_matrix
from tools.discovery.cpdag import dag_to_cpdag, meek_closure, undirect_cycles, v_structures
from tools.knowledge import Knowledge


def _edges(g: CausalGraph) -> set[str]:
    """Edge texts normalised so directed edges read cause --> effect."""
    out = set()
    for e in g.edges:
        if e.mark_u == Mark.ARROW and e.mark_v == Mark.TAIL:
            e = e.reversed()
        elif not e.is_directed and e.u > e.v:
            e = e.reversed()
        out.add(e.text())
    return out


KEY_DAG = CausalGraph.from_edge_list([("V", "X"), ("Z", "X"), ("Z", "Y"), ("X", "Y"), ("Z", "W")])
KEY_CPDAG = {"V --> X", "Z --> X", "X --> Y", "Z --> Y", "W --- Z"}


def test_causallearn_endpoint_matrix_is_decoded_with_marks_at_the_right_ends():
    from causallearn.graph.Edge import Edge as ClEdge
    from causallearn.graph.Endpoint import Endpoint
    from causallearn.graph.GeneralGraph import GeneralGraph
    from causallearn.graph.GraphNode import GraphNode

    nodes = [GraphNode(n) for n in "ABCD"]
    g = GeneralGraph(nodes)
    g.add_directed_edge(nodes[0], nodes[1])                                    # A --> B
    g.add_edge(ClEdge(nodes[2], nodes[1], Endpoint.CIRCLE, Endpoint.ARROW))   # C o-> B
    g.add_edge(ClEdge(nodes[2], nodes[3], Endpoint.TAIL, Endpoint.TAIL))      # C --- D
    g.add_edge(ClEdge(nodes[0], nodes[3], Endpoint.ARROW, Endpoint.ARROW))    # A <-> D
    ours = graph_from_endpoint_matrix(g.graph, list("ABCD"), GraphType.PAG)
    expected = CausalGraph.from_edge_list(["A --> B", "C o-> B", "C --- D", "A <-> D"])
    assert _edges(ours) == _edges(expected)
    assert ours.edge("C", "B").mark_u == Mark.CIRCLE and ours.edge("C", "B").mark_v == Mark.ARROW
    assert ours.graph_type == GraphType.PAG


def test_lingam_weights_read_as_column_causes_row():
    g = dag_from_weights([[0, 0, 0], [1.5, 0, 0], [0, -0.7, 0]], ["a", "b", "c"])
    assert _edges(g) == {"a --> b", "b --> c"}


def test_key_case_cpdag_by_meek_rules():
    cpdag = dag_to_cpdag(KEY_DAG)
    assert _edges(cpdag) == KEY_CPDAG
    assert v_structures(KEY_DAG) == {("V", "X", "Z")}


def test_confounded_triangle_has_no_orientation():
    dag = CausalGraph.from_edge_list([("Z", "X"), ("Z", "Y"), ("X", "Y")])
    assert _edges(dag_to_cpdag(dag)) == {"X --- Z", "Y --- Z", "X --- Y"}


@pytest.mark.parametrize("seed", range(15))
def test_dag_to_cpdag_matches_causallearn(seed):
    from causallearn.graph.GeneralGraph import GeneralGraph
    from causallearn.graph.GraphNode import GraphNode
    from causallearn.utils.DAG2CPDAG import dag2cpdag

    dag = random_dag(7, seed, edge_prob=0.4)
    names = dag.nodes
    nodes = [GraphNode(n) for n in names]
    g = GeneralGraph(nodes)
    for u, v in dag.directed_edges():
        g.add_directed_edge(nodes[names.index(u)], nodes[names.index(v)])
    expected = graph_from_endpoint_matrix(dag2cpdag(g).graph, names, GraphType.CPDAG)
    assert _edges(dag_to_cpdag(dag)) == _edges(expected)


def test_meek_rule_3_and_no_invention():
    g = CausalGraph.from_edge_list(["a -- b", "a -- c", "a -- d", "c -> b", "d -> b"])
    meek_closure(g)
    assert ("a", "b") in g.directed_edges()
    lone = CausalGraph.from_edge_list(["a -- b", "b -- c"])
    assert meek_closure(lone) == 0 and len(lone.undirected_edges()) == 2


def test_cycles_are_undirected_not_guessed():
    g = CausalGraph.from_edge_list([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    notes = undirect_cycles(g)
    assert not g.has_directed_cycle() and len(notes) == 3
    assert ("c", "d") in g.directed_edges()


def test_forbidden_direction_reverses_and_is_reported():
    g = dag_to_cpdag(KEY_DAG)
    notes = enforce_knowledge(g, Knowledge(forbidden=[("X", "Y")]))
    assert ("Y", "X") in g.directed_edges()
    assert any("reversed X --> Y" in n for n in notes)


def test_tiers_orient_undirected_edge_and_propagate():
    g = CausalGraph.from_edge_list(["a -- b", "b -- c"], nodes=["a", "b", "c"])
    g.graph_type = GraphType.CPDAG
    notes = enforce_knowledge(g, Knowledge(tiers=[["a"], ["b", "c"]]))
    assert ("a", "b") in g.directed_edges()
    assert ("b", "c") in g.directed_edges()  # Meek R1 after the tier orientation
    assert notes == []  # orienting an undecided edge is not a conflict


def test_required_edge_added_and_both_forbidden_removed():
    g = dag_to_cpdag(KEY_DAG)
    notes = enforce_knowledge(g, Knowledge(required=[("V", "Y")], forbidden=[("Z", "W"), ("W", "Z")]))
    assert ("V", "Y") in g.directed_edges()
    assert frozenset(("Z", "W")) not in g.skeleton()
    assert any("added required V --> Y" in n for n in notes) and any("removed" in n for n in notes)


def test_forbidden_in_pag_sets_arrowhead_only():
    g = CausalGraph.from_edge_list(["A o-o B"])
    g.graph_type = GraphType.PAG
    enforce_knowledge(g, Knowledge(forbidden=[("A", "B")]))
    e = g.edge("A", "B")
    assert e.mark_u == Mark.ARROW and e.mark_v == Mark.CIRCLE


def test_lingam_prior_matrix():
    pk = lingam_prior(Knowledge(forbidden=[("a", "b")], tiers=[["c"], ["a", "b"]]), ["a", "b", "c"])
    assert pk[1, 0] == 0      # a cannot cause b
    assert pk[2, 0] == 0      # a (tier 1) cannot cause c (tier 0)
    assert pk[0, 2] == -1     # c may cause a


def test_metrics_on_known_differences():
    truth = dag_to_cpdag(KEY_DAG)
    assert shd(truth, truth) == 0 and score_graph(truth, truth).exact
    est = truth.copy()
    est.add_edge("X", "Y", Mark.TAIL, Mark.TAIL)   # lose one orientation
    est.remove_edge("Z", "W")                      # lose one adjacency
    s = score_graph(est, truth)
    assert s.shd == 2
    assert s.skeleton_recall == pytest.approx(4 / 5) and s.skeleton_precision == 1.0
    assert s.orientation_recall == pytest.approx(3 / 4) and s.orientation_precision == 1.0


@pytest.mark.parametrize("seed", range(10))
def test_consistent_extension_is_in_the_class(seed):
    from tools.discovery.cpdag import consistent_extension

    dag = random_dag(8, seed, edge_prob=0.4)
    cpdag = dag_to_cpdag(dag)
    ext = consistent_extension(cpdag)
    assert ext.is_fully_directed and not ext.has_directed_cycle()
    assert _edges(dag_to_cpdag(ext)) == _edges(cpdag)
