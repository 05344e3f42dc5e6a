import networkx as nx
import numpy as np
import pytest

from memory.graph import CausalGraph, GraphError, GraphType, Mark


def test_marks_and_queries_on_a_cpdag():
    g = CausalGraph.from_edge_list(["V -> X", "Z -> X", "X -> Y", "Z -> Y", "Z -- W"])
    assert g.graph_type == GraphType.CPDAG
    assert g.parents("X") == {"V", "Z"}
    assert g.children("Z") == {"X", "Y"}
    assert g.undirected_neighbors("Z") == {"W"}
    assert g.ancestors("Y") == {"V", "Z", "X"}
    assert g.edge("W", "Z").is_undirected
    assert not g.is_fully_directed


def test_networkx_round_trip_keeps_edge_kinds():
    g = CausalGraph.from_edge_list(["A -> B", "B -- C", "C <-> D", "A o-> D"])
    back = CausalGraph.from_networkx(g.to_networkx())
    assert {e.text() for e in back.edges} == {e.text() for e in g.edges} or \
        {frozenset((e.u, e.v)): e.kind for e in back.edges} == {frozenset((e.u, e.v)): e.kind for e in g.edges}
    assert back.graph_type == GraphType.PAG


def test_plain_digraph_is_a_dag():
    g = CausalGraph.from_networkx(nx.DiGraph([("a", "b"), ("b", "c")]))
    assert g.graph_type == GraphType.DAG
    assert g.directed_edges() == [("a", "b"), ("b", "c")]


def test_json_round_trip_with_confidence_and_lag():
    g = CausalGraph.from_edge_list(["A -> B"])
    g.add_edge("B", "C", confidence=0.8)
    g.add_edge("A", "C", lag=2)
    g.latent.add("H")
    g.metadata["algorithm"] = "pc"
    back = CausalGraph.from_json(g.to_json())
    assert back.to_dict() == g.to_dict()


def test_dot_round_trip_bidirected_and_latent():
    g = CausalGraph.from_edge_list(["smoking -> tar", "tar -> cancer", "smoking <-> cancer"])
    back = CausalGraph.from_dot(g.to_dot())
    assert back.bidirected_edges() == [("smoking", "cancer")]
    assert set(back.directed_edges()) == {("smoking", "tar"), ("tar", "cancer")}
    dot = 'digraph { genotype [latent]; genotype -> smoking; genotype -> cancer; "my var" -> cancer }'
    parsed = CausalGraph.from_dot(dot)
    assert parsed.latent == {"genotype"}
    assert ("my var", "cancer") in parsed.directed_edges()


def test_causallearn_encoding_round_trip():
    g = CausalGraph.from_edge_list(["A -> B", "B -- C", "C <-> D", "A o-> D"])
    m = g.to_causallearn_matrix()
    # causal-learn: G[i,j] = -1 and G[j,i] = 1 means i --> j
    a, b = g.nodes.index("A"), g.nodes.index("B")
    assert m[a, b] == -1 and m[b, a] == 1
    back = CausalGraph.from_causallearn(m, g.nodes)
    assert {e.text() for e in back.edges} == {e.text() for e in g.edges}


def test_text_format_from_benchmarks():
    text = "Graph Nodes:\nX1;X2;X3\n\nGraph Edges:\n1. X1 --> X2\n2. X2 --- X3\n"
    g = CausalGraph.from_text(text)
    assert g.nodes == ["X1", "X2", "X3"]
    assert g.directed_edges() == [("X1", "X2")] and g.undirected_edges() == [("X2", "X3")]


def test_bad_input_messages():
    with pytest.raises(GraphError, match="Self-loop"):
        CausalGraph().add_edge("A", "A")
    with pytest.raises(GraphError, match="DOT"):
        CausalGraph.from_dot("not a graph")
    with pytest.raises(GraphError, match="Cannot read edge"):
        CausalGraph.from_edge_list(["A ~ B"])


def test_cycle_detection():
    g = CausalGraph.from_edge_list(["A -> B", "B -> C", "C -> A"])
    assert g.has_directed_cycle()


def test_lagged_links_in_both_directions_are_distinct():
    g = CausalGraph()
    g.add_edge("X", "Y", lag=1)
    g.add_edge("Y", "X", lag=1)
    assert len(g.lagged_edges()) == 2
    assert g.edge("X", "Y", lag=1).is_directed and g.edge("Y", "X", lag=1).is_directed
    g.remove_edge("X", "Y", lag=1)
    assert [(e.u, e.v) for e in g.lagged_edges()] == [("Y", "X")]


def test_bow_arc_keeps_both_edges_and_two_cycles_are_refused():
    g = CausalGraph.from_edge_list(["X -> Y", "X <-> Y"])
    assert g.directed_edges() == [("X", "Y")] and g.bidirected_edges() == [("X", "Y")]
    assert g.edge("X", "Y").is_directed and g.graph_type == GraphType.ADMG
    with pytest.raises(GraphError, match="2-cycle"):
        CausalGraph.from_edge_list(["X -> Y", "Y -> X"])
    g.add_edge("X", "Y", Mark.TAIL, Mark.TAIL)  # replaces the directed edge, keeps the bidirected one
    assert g.undirected_edges() == [("X", "Y")] and g.bidirected_edges() == [("X", "Y")]


def test_reads_causallearn_own_encoding():
    from causallearn.graph.GeneralGraph import GeneralGraph
    from causallearn.graph.GraphNode import GraphNode

    nodes = [GraphNode("A"), GraphNode("B")]
    cl = GeneralGraph(nodes)
    cl.add_directed_edge(nodes[0], nodes[1])
    g = CausalGraph.from_causallearn(cl, ["A", "B"])
    assert g.directed_edges() == [("A", "B")]


def test_reverse_spelling_of_a_directed_edge_is_normalised():
    g = CausalGraph()
    g.add_edge("Y", "X", Mark.ARROW, Mark.TAIL)  # Y <-- X
    assert g.directed_edges() == [("X", "Y")]
    assert g.ancestors("Y") == {"X"} and g.parents("Y") == {"X"}
    assert g.edge("Y", "X").mark_u == Mark.ARROW  # read from Y's side
