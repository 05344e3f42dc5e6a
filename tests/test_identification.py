"""Identification on textbook graphs with known answers, and the identify_effect tool."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from memory.graph import CausalGraph, Edge, Mark
from tools.base import ToolInputError
from tools.context import AnalysisContext
from tools.identification.adjustment import is_valid_adjustment_set
from tools.identification.estimand import Strategy
from tools.identification.graph_view import MixedGraph
from tools.identification.identify import identify
from tools.identification.tools import TOOLS
from tools.registry import ToolRegistry


def graph(*edges: str, latent=()) -> CausalGraph:
    g = CausalGraph.from_edge_list(list(edges))
    g.latent |= set(latent)
    g.graph_type = g.infer_type()
    return g


def valid_sets(g: CausalGraph, x="X", y="Y") -> list[set[str]]:
    view = MixedGraph.from_causal_graph(g)
    others = sorted(set(g.nodes) - {x, y} - g.latent)
    subsets = [set(c) for r in range(len(others) + 1) for c in itertools.combinations(others, r)]
    return [z for z in subsets if is_valid_adjustment_set(view, {x}, {y}, z)]


CONFOUNDED = graph("Z -> X", "Z -> Y", "X -> Y")
M_BIAS = graph("A -> X", "A -> M", "B -> M", "B -> Y", "X -> Y")
BUTTERFLY = graph("A -> M", "B -> M", "A -> X", "B -> Y", "M -> X", "M -> Y", "X -> Y")
FRONTDOOR = graph("smoking -> tar", "tar -> cancer", "smoking <-> cancer")
FRONTDOOR_LATENT = graph("genotype -> smoking", "genotype -> cancer", "smoking -> tar", "tar -> cancer",
                         latent=["genotype"])
NAPKIN = graph("W -> Z", "Z -> X", "X -> Y", "W <-> X", "W <-> Y")
MEDIATOR = graph("C -> X", "C -> Y", "X -> M", "M -> Y", "X -> Y")


def bow_arc() -> CausalGraph:
    # add_edge keeps one edge per pair, so X -> Y plus X <-> Y is built explicitly
    g = CausalGraph(nodes=["X", "Y"], edges=[Edge("X", "Y"), Edge("X", "Y", Mark.ARROW, Mark.ARROW)])
    g.graph_type = g.infer_type()
    return g


# ------------------------------------------------------------------ adjustment
def test_simple_confounding_adjusts_for_the_confounder():
    est = identify(CONFOUNDED, "X", "Y")
    assert (est.identifiable, est.strategy, est.adjustment_set) == (True, Strategy.BACKDOOR, ["Z"])
    assert "Σ_z E[Y | X=x, Z=z] P(Z=z)" in est.formula
    assert any(a.startswith("Positivity") for a in est.assumptions)


def test_m_bias_collider_alone_is_invalid_and_empty_set_is_valid():
    sets = valid_sets(M_BIAS)
    assert set() in sets and {"M"} not in sets and {"M", "A"} in sets
    est = identify(M_BIAS, "X", "Y", adjust_for=["M"])
    assert est.identifiable and "M" not in est.adjustment_set
    assert est.reason.startswith("Rejected adjust_for {M}")
    assert "X ← A → M ← B → Y" in est.reason and "collider" in est.reason
    assert identify(M_BIAS, "X", "Y", adjust_for=[]).adjustment_set == []


def test_butterfly_needs_the_middle_node_and_one_of_its_parents():
    sets = valid_sets(BUTTERFLY)
    assert sorted(map(sorted, sets)) == [["A", "B", "M"], ["A", "M"], ["B", "M"]]
    est = identify(BUTTERFLY, "X", "Y")
    assert "M" in est.adjustment_set and set(est.adjustment_set) in sets


def test_mediator_is_never_adjusted_for_and_a_user_set_with_it_is_rejected():
    assert all("M" not in z for z in valid_sets(MEDIATOR))
    est = identify(MEDIATOR, "X", "Y", adjust_for=["M", "C"])
    assert est.identifiable and est.adjustment_set == ["C"]
    assert "M is a mediator" in est.reason and "X → M → Y" in est.reason


def test_descendant_of_outcome_is_rejected_with_reason():
    est = identify(graph("Z -> X", "Z -> Y", "X -> Y", "Y -> D"), "X", "Y", adjust_for=["Z", "D"])
    assert "D is a descendant of the outcome Y" in est.reason and est.adjustment_set == ["Z"]


def test_valid_user_set_is_kept():
    est = identify(graph("Z -> X", "Z -> Y", "X -> Y", "A -> Z"), "X", "Y", adjust_for=["A", "Z"])
    assert est.adjustment_set == ["A", "Z"] and "is valid" in est.reason


def test_optimal_set_adds_parents_of_the_outcome_and_drops_instruments():
    g = graph("Z -> X", "Z -> Y", "X -> Y", "P -> Y", "I -> X")
    est = identify(g, "X", "Y")
    assert est.adjustment_set == ["P", "Z"]
    assert est.alternatives["optimal"] == ["P", "Z"] and est.alternatives["minimal"] == ["Z"]
    assert est.alternatives["parents"] == ["I", "Z"]


def test_optimal_set_with_a_latent_parent_falls_back_to_observed_part():
    g = graph("Z -> X", "Z -> Y", "X -> Y", "L -> Y", latent=["L"])
    est = identify(g, "X", "Y")
    assert est.adjustment_set == ["Z"] and "optimal" not in est.alternatives
    assert "unobserved" in est.reason


def test_no_directed_path_means_no_effect():
    est = identify(graph("X -> A", "Y -> A", "Z -> X", "Z -> Y"), "X", "Y")
    assert (est.identifiable, est.strategy) == (True, Strategy.NO_EFFECT)
    assert "no directed path from X to Y" in est.reason
    assert identify(graph("X <-> Y"), "X", "Y").strategy is Strategy.NO_EFFECT


def test_exogenous_treatment_is_randomized():
    est = identify(graph("X -> Y", "P -> Y"), "X", "Y")
    assert (est.strategy, est.adjustment_set) == (Strategy.RANDOMIZED, [])
    assert est.alternatives["optimal"] == ["P"]
    assert identify(graph("X -> Y", "P -> Y"), "X", "Y", prefer=Strategy.BACKDOOR).adjustment_set == ["P"]


def test_columns_missing_from_the_data_count_as_unobserved():
    est = identify(CONFOUNDED, "X", "Y", observed=["X", "Y"])
    assert not est.identifiable and "bow arc" in est.reason


# ------------------------------------------------------------------ frontdoor, IV, ID
@pytest.mark.parametrize("g", [FRONTDOOR, FRONTDOOR_LATENT])
def test_frontdoor_smoking_tar_cancer(g):
    est = identify(g, "smoking", "cancer")
    assert (est.strategy, est.mediators) == (Strategy.FRONTDOOR, ["tar"])
    assert "Σ_x' E[cancer | smoking=x', M=m]" in est.formula


def test_instrument_and_conditional_instrument():
    iv = identify(graph("Z -> X", "X -> Y", "U -> X", "U -> Y", latent=["U"]), "X", "Y")
    assert (iv.strategy, iv.instruments, iv.conditioning) == (Strategy.IV, ["Z"], [])
    assert any("Exclusion restriction" in a for a in iv.assumptions)
    g = graph("W -> Z", "W -> Y", "Z -> X", "X -> Y", "U -> X", "U -> Y", latent=["U"])
    civ = identify(g, "X", "Y")
    assert (civ.strategy, civ.instruments, civ.conditioning) == (Strategy.IV, ["Z"], ["W"])
    bad = identify(g, "X", "Y", instrument="W")
    assert not bad.identifiable and bad.strategy is Strategy.IV and "exclusion" in bad.reason
    assert identify(g, "X", "Y", instrument="Z", adjust_for=[]).identifiable is False


def test_napkin_is_identified_by_id_only():
    view = MixedGraph.from_causal_graph(NAPKIN)
    from tools.identification.adjustment import find_adjustment_sets
    from tools.identification.frontdoor import find_frontdoor_set
    assert find_adjustment_sets(view, {"X"}, {"Y"}, {"W", "Z"}).recommended is None
    assert find_frontdoor_set(view, "X", "Y", {"W", "Z"}) is None
    est = identify(NAPKIN, "X", "Y")
    assert est.strategy is Strategy.ID
    assert est.formula == ("P(Y | do(X)) = [Σ_{W} P(W) P(X | W, Z) P(Y | W, Z, X)] / [Σ_{W} P(W) P(X | W, Z)]"
                           "  (the same for every value of Z)")
    assert est.alternatives["instruments"] == ["Z"]


@pytest.mark.parametrize("g", [bow_arc(), graph("U -> X", "U -> Y", "X -> Y", latent=["U"])])
def test_bow_arc_is_not_identifiable(g):
    est = identify(g, "X", "Y")
    assert not est.identifiable and est.strategy is Strategy.NONE
    assert "bow arc" in est.reason and "no mediator or instrument" in est.reason


# ------------------------------------------------------------------ CPDAGs and PAGs
def test_cpdag_with_irrelevant_undirected_edge_is_identified_without_it():
    est = identify(graph("V -> X", "Z -> X", "X -> Y", "Z -> Y", "Z -- W"), "X", "Y")
    assert (est.strategy, est.adjustment_set) == (Strategy.BACKDOOR, ["Z"])
    assert any("CPDAG" in a for a in est.assumptions)


def test_all_undirected_cpdag_is_not_identifiable_and_names_the_edge():
    est = identify(graph("Z -- X", "Z -- Y", "X -- Y"), "X", "Y")
    assert not est.identifiable
    assert "the edge X — Z is undirected" in est.reason and "Only an order the user stated" in est.reason
    assert "effect_range" in est.reason  # issue 18: the advice leads to the stated-default route, not invented knowledge
    oriented = identify(graph("Z -> X", "Z -> Y", "X -> Y"), "X", "Y")
    assert oriented.adjustment_set == ["Z"]


def test_cpdag_refuses_non_adjustment_strategies_and_says_what_works():
    est = identify(graph("V -> X", "Z -> X", "X -> Y", "Z -> Y", "Z -- W"), "X", "Y", prefer=Strategy.FRONTDOOR)
    assert not est.identifiable and est.strategy is Strategy.FRONTDOOR
    assert "CPDAG" in est.reason and "backdoor ({Z})" in est.reason


def test_pag_is_conservative():
    est = identify(graph("X o-> Y", "Z o-> X"), "X", "Y")
    assert not est.identifiable and "PAG" in est.reason
    assert identify(graph("Y o-> X", "Z o-> X"), "X", "Y").strategy is Strategy.NO_EFFECT


# ------------------------------------------------------------------ preferences and errors
def test_preferred_strategy_that_fails_says_what_works():
    est = identify(CONFOUNDED, "X", "Y", prefer=Strategy.IV)
    assert (est.identifiable, est.strategy) == (False, Strategy.IV)
    assert "backdoor ({Z})" in est.reason and est.alternatives == {"backdoor": ["Z"]}
    est = identify(FRONTDOOR, "smoking", "cancer", prefer=Strategy.BACKDOOR)
    assert not est.identifiable and "smoking ↔ cancer" in est.reason and "frontdoor ({tar})" in est.reason
    assert identify(NAPKIN, "X", "Y", prefer=Strategy.IV).instruments == ["Z"]


@pytest.mark.parametrize("g,needle", [
    (graph("X -> A", "A -> Y", "Y -> X"), "directed cycle"),
    (graph("X -> Y", "X -- Z", "Z <-> Y"), "mixes undirected"),
])
def test_unsupported_graphs_are_explained(g, needle):
    est = identify(g, "X", "Y")
    assert not est.identifiable and needle in est.reason


def test_lagged_graph_is_refused():
    g = CausalGraph(nodes=["X", "Y"], edges=[Edge("X", "Y", lag=1)])
    assert "time-lagged" in identify(g, "X", "Y").reason


def test_bad_names_raise_planner_fixable_errors():
    with pytest.raises(ToolInputError, match="Graph nodes: Z, X, Y"):
        identify(CONFOUNDED, "x", "Y")
    with pytest.raises(ToolInputError, match="not measured"):
        identify(FRONTDOOR_LATENT, "genotype", "cancer")
    with pytest.raises(ToolInputError, match="adjust_for"):
        identify(CONFOUNDED, "X", "Y", adjust_for=["Q"])


# ------------------------------------------------------------------ the tool
def _ctx(g: CausalGraph | None, columns) -> AnalysisContext:
    ctx = AnalysisContext(data=pd.DataFrame(np.zeros((4, len(columns))), columns=columns))
    ctx.graph = g
    return ctx


def test_tool_writes_estimand_and_assumptions():
    registry = ToolRegistry(TOOLS)
    ctx = _ctx(MEDIATOR, ["C", "X", "M", "Y"])
    out = registry.call("identify_effect", {"treatment": "X", "outcome": "Y", "adjust_for": ["M"]}, ctx)
    assert ctx.results["identify_effect"].adjustment_set == ["C"]
    assert out.observation.startswith("Backdoor adjustment. Rejected adjust_for {M}: M is a mediator")
    assert "Assumptions:" in out.observation and any("Positivity" in a for a in ctx.assumptions)
    assert out.result.to_dict()["strategy"] == "backdoor"


def test_tool_uses_data_columns_as_observed_and_reports_failures():
    registry = ToolRegistry(TOOLS)
    ctx = _ctx(FRONTDOOR, ["smoking", "tar", "cancer"])
    out = registry.call("identify_effect", {"treatment": "smoking", "outcome": "cancer", "strategy": "backdoor"}, ctx)
    assert out.observation.startswith("Not identifiable: backdoor adjustment is not valid here")
    ctx = _ctx(CONFOUNDED, ["X", "Y"])  # the confounder is not in the data
    out = registry.call("identify_effect", {"treatment": "X", "outcome": "Y"}, ctx)
    assert out.observation.startswith("Not identifiable") and not out.result.identifiable


def test_tool_input_errors_list_the_choices():
    registry = ToolRegistry(TOOLS)
    with pytest.raises(ToolInputError, match="Columns: Z, X, Y"):
        registry.call("identify_effect", {"treatment": "x", "outcome": "Y"}, _ctx(CONFOUNDED, ["Z", "X", "Y"]))
    with pytest.raises(ToolInputError, match="discover_graph"):
        registry.call("identify_effect", {"treatment": "X", "outcome": "Y"}, _ctx(None, ["X", "Y"]))
    with pytest.raises(ToolInputError, match="not a node of the current graph"):
        registry.call("identify_effect", {"treatment": "Q", "outcome": "Y"}, _ctx(CONFOUNDED, ["Z", "X", "Y", "Q"]))
    with pytest.raises(ToolInputError, match="'auto', 'backdoor', 'frontdoor', 'iv' or 'id'"):
        registry.call("identify_effect", {"treatment": "X", "outcome": "Y", "strategy": "magic"},
                      _ctx(CONFOUNDED, ["Z", "X", "Y"]))
