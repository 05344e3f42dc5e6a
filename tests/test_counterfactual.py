"""SCM interventions and counterfactuals against simulated ground truth, and refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from memory.graph import CausalGraph
from tools import counterfactual as cf
from tools.base import DataError, ToolInputError
from tools.context import AnalysisContext
from tools.registry import ToolRegistry
from tools.scm import MechanismModel, fit_scm, prepare_values, scm_spec

GRAPH = CausalGraph.from_edge_list(["Z -> X", "Z -> Y", "X -> M", "M -> Y", "X -> Y"])
TOTAL_EFFECT = 1.5 * 2.0 + 0.5  # X → M → Y plus X → Y


@pytest.fixture(scope="module")
def linear() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 3000
    z = rng.normal(size=n)
    x = 0.8 * z + rng.normal(size=n)
    m = 1.5 * x + rng.normal(size=n)
    y = 2.0 * m + 0.5 * x + 1.0 * z + 1.0 + rng.normal(size=n)
    return pd.DataFrame({"Z": z, "X": x, "M": m, "Y": y})


def test_interventional_mean_matches_truth(linear):
    r = cf.simulate_intervention(GRAPH, linear, {"X": 1.0}, "Y", seed=0)
    truth = TOTAL_EFFECT * 1.0 + 1.0  # E[Z] = 0
    assert abs(r.mean - truth) < 0.1 and r.ci_low <= truth <= r.ci_high
    assert r.observational_mean == pytest.approx(linear["Y"].mean())
    assert r.contrast == pytest.approx(r.mean - r.observational_mean)
    assert r.n_boot == 200 and "200 refits" in r.interval and "seed 0" in r.interval
    assert any("no hidden confounders" in a for a in r.assumptions)
    again = cf.simulate_intervention(GRAPH, linear, {"X": 1.0}, "Y", seed=0)
    assert (again.ci_low, again.ci_high) == (r.ci_low, r.ci_high)  # seeded bootstrap


def test_unit_counterfactual_is_exact_for_linear_additive_noise(linear):
    row = 5
    r = cf.counterfactual(GRAPH, linear, {"X": 1.0}, "Y", row=row, seed=0)
    spec = scm_spec(GRAPH, ["X"], "Y")
    values, _ = prepare_values(linear, spec, GRAPH)
    coef = fit_scm(spec, values, MechanismModel.LINEAR).coefficients
    fitted_total = coef["M"]["X"] * coef["Y"]["M"] + coef["Y"]["X"]
    delta = 1.0 - linear["X"].iloc[row]
    assert r.kind == "unit" and r.factual == pytest.approx(linear["Y"].iloc[row])
    assert r.change == pytest.approx(fitted_total * delta, rel=1e-9)  # abduction–action–prediction
    assert abs(r.change - TOTAL_EFFECT * delta) < 0.05 * abs(delta)
    assert r.ci_low <= r.counterfactual <= r.ci_high
    assert any("noise is fixed" in a for a in r.assumptions)
    unit = {c: float(linear[c].iloc[row]) for c in ("Z", "X", "M", "Y")}
    by_values = cf.counterfactual(GRAPH, linear, {"X": 1.0}, "Y", factual=unit, seed=0)
    assert by_values.counterfactual == pytest.approx(r.counterfactual, rel=1e-12)


def test_counterfactual_on_a_mediator_keeps_the_units_other_noise(linear):
    # do(M=0) on a unit with X=1, M=2, Y=3, Z=0: Y_cf = 3 - 2·(2 - 0) = -1 under the true model.
    r = cf.counterfactual(GRAPH, linear, {"M": 0.0}, "Y", factual={"Z": 0, "X": 1, "M": 2, "Y": 3}, seed=0)
    assert r.counterfactual == pytest.approx(-1.0, abs=0.1)
    with pytest.raises(ToolInputError, match=r"missing \['Z'\]"):
        cf.counterfactual(GRAPH, linear, {"M": 0.0}, "Y", factual={"X": 1, "M": 2, "Y": 3})


def test_population_counterfactual_equals_interventional_mean(linear):
    pop = cf.counterfactual(GRAPH, linear, {"X": 0.0}, "Y", seed=0)
    do = cf.simulate_intervention(GRAPH, linear, {"X": 0.0}, "Y", seed=0)
    assert pop.kind == "population" and pop.counterfactual == pytest.approx(do.mean, rel=1e-12)
    assert pop.change == pytest.approx(-TOTAL_EFFECT * linear["X"].mean(), abs=0.1)
    assert "the 3000 units on average" in pop.sentence()


def test_nonlinear_additive_noise_model():
    rng = np.random.default_rng(1)
    n = 4000
    z = rng.normal(size=n)
    x = z + rng.normal(size=n)
    y = np.sin(2 * x) + 0.5 * x ** 2 + z + 0.3 * rng.normal(size=n)
    df = pd.DataFrame({"Z": z, "X": x, "Y": y})
    g = CausalGraph.from_edge_list(["Z -> X", "Z -> Y", "X -> Y"])
    truth = np.sin(2.0) + 0.5  # E[Y | do(X=1)], E[Z] = 0
    smooth = cf.simulate_intervention(g, df, {"X": 1.0}, "Y", model="additive_noise", seed=0, n_boot=30)
    straight = cf.simulate_intervention(g, df, {"X": 1.0}, "Y", model="linear", seed=0, n_boot=0)
    assert abs(smooth.mean - truth) < 0.1
    assert abs(straight.mean - truth) > 0.3  # a linear SCM misses the curvature
    assert straight.ci_low is None and "n_boot=0" in straight.interval
    unit = cf.counterfactual(g, df, {"X": 1.0}, "Y", row=0, model="additive_noise", n_boot=0)
    expected = y[0] + (np.sin(2.0) + 0.5) - (np.sin(2 * x[0]) + 0.5 * x[0] ** 2)
    assert unit.counterfactual == pytest.approx(expected, abs=0.15)


@pytest.mark.parametrize("edges,match", [
    (["Z -> X", "Z -> Y", "X -- M", "M -> Y", "X -> Y"], "the edge X — M is undirected"),
    (["Z -- X", "Z -> Y", "X -> M", "M -> Y", "X -> Y"], "the edge Z — X is undirected"),  # Z may be a mediator
    (["Z -> X", "Z -> Y", "X o-> M", "M -> Y", "X -> Y"], "only partly oriented"),
])
def test_refuses_graphs_not_oriented_where_it_matters(linear, edges, match):
    with pytest.raises(ToolInputError, match=match):
        cf.simulate_intervention(CausalGraph.from_edge_list(edges), linear, {"X": 1.0}, "Y")


def test_hidden_mediator_outcome_confounding_still_allows_the_mean_by_adjustment(linear):
    """M <-> Y rules out a full SCM, but the total effect of X is identified by {Z}."""
    g = CausalGraph.from_edge_list(["Z -> X", "Z -> Y", "X -> M", "M <-> Y", "X -> Y"])
    r = cf.simulate_intervention(g, linear, {"X": 1.0}, "Y", n_boot=50)
    assert r.model == "linear (adjustment)" and any("hidden common cause" in n for n in r.notes)
    assert abs(r.mean - (TOTAL_EFFECT + 1.0)) < 0.1
    with pytest.raises(ToolInputError, match="hidden common cause"):
        cf.counterfactual(g, linear, {"X": 1.0}, "Y", row=0)  # a unit's counterfactual needs the full SCM


def test_accepts_undetermined_edges_that_cannot_carry_the_effect(linear):
    df = linear.assign(W=np.random.default_rng(9).normal(size=len(linear)))
    g = CausalGraph.from_edge_list(["W -- Z", "Z -> X", "Z -> Y", "X -> M", "M -> Y", "X -> Y", "W <-> X"])
    r = cf.simulate_intervention(g, df, {"X": 1.0}, "Y", n_boot=20)
    assert abs(r.mean - (TOTAL_EFFECT + 1.0)) < 0.1


def test_data_problems_and_edge_cases(linear):
    text = linear.assign(M=np.where(linear["M"] > 0, "high", "low"))
    with pytest.raises(DataError, match="'M' is text"):
        cf.simulate_intervention(GRAPH, text, {"X": 1.0}, "Y")
    latent = CausalGraph.from_edge_list(["Z -> X", "X -> H", "H -> Y"])
    latent.latent.add("H")
    with pytest.raises(DataError, match="latent"):
        cf.simulate_intervention(latent, linear, {"X": 1.0}, "Y")
    far = cf.simulate_intervention(GRAPH, linear, {"X": 50.0}, "Y", n_boot=0)
    assert any("outside the observed range" in w for w in far.warnings)
    upstream = cf.simulate_intervention(GRAPH, linear, {"Y": 1.0}, "Z", n_boot=0)
    assert upstream.contrast == 0 and "leaves Z unchanged" in upstream.notes[0]
    with pytest.raises(ToolInputError, match="not both"):
        cf.counterfactual(GRAPH, linear, {"X": 1.0}, "Y", factual={"X": 1}, row=0)
    with pytest.raises(ToolInputError, match="between 0 and 2999"):
        cf.counterfactual(GRAPH, linear, {"X": 1.0}, "Y", row=5000)
    binary = linear.assign(M=(linear["M"] > 0).astype(int))
    r = cf.simulate_intervention(GRAPH, binary, {"X": 1.0}, "Y", n_boot=0)
    assert any("linear probability model" in note for note in r.notes)


def test_tools_write_results_and_assumptions(linear):
    ctx = AnalysisContext(data=linear, graph=GRAPH, seed=3)
    registry = ToolRegistry(cf.TOOLS)
    out = registry.call("simulate_intervention", {"intervention": {"X": 1}, "target": "Y"}, ctx)
    assert out.observation.startswith("do(X=1): mean Y = ") and "vs observed mean" in out.observation
    assert isinstance(ctx.results["simulate_intervention"], cf.InterventionResult)
    assert "seed 3" in ctx.results["simulate_intervention"].interval
    assert any("no hidden confounders" in a for a in ctx.assumptions)
    out = registry.call("counterfactual", {"intervention": {"X": 0}, "target": "Y", "row": 7}, ctx)
    assert "row 7 would have been" in out.observation
    assert any("noise is fixed" in a for a in ctx.assumptions)
    with pytest.raises(ToolInputError, match="Did you mean 'X'"):
        registry.call("simulate_intervention", {"intervention": {"x": 1}, "target": "Y"}, ctx)
    with pytest.raises(ToolInputError, match="model"):
        registry.call("simulate_intervention", {"intervention": {"X": 1}, "target": "Y", "model": "forest"}, ctx)
    cpdag = AnalysisContext(data=linear, graph=CausalGraph.from_edge_list(["X -- Y"]))
    with pytest.raises(ToolInputError, match="fully oriented"):
        registry.call("counterfactual", {"intervention": {"X": 0}, "target": "Y"}, cpdag)
