"""What-if means when the graph identifies the effect but is not fully oriented: the
g-formula over the identified adjustment set, not a refusal."""

import numpy as np
import pandas as pd
import pytest

from memory.graph import CausalGraph, GraphType, Mark
from tools.counterfactual import simulate_intervention
from tools.scm import UnorientedGraph


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 5000
    z, w = rng.normal(size=n), rng.normal(size=n)
    x = z + w + rng.normal(size=n)
    y = 2.0 * x + 1.0 * z + rng.normal(size=n)
    m = y + rng.normal(size=n)
    return pd.DataFrame({"Z": z, "W": w, "X": x, "Y": y, "M": m})


@pytest.fixture(scope="module")
def cpdag() -> CausalGraph:
    """Z -> X <- W, Z -> Y, X -> Y, and Y --- M left undirected."""
    g = CausalGraph(nodes=["Z", "W", "X", "Y", "M"], graph_type=GraphType.CPDAG)
    for u, v in [("Z", "X"), ("W", "X"), ("Z", "Y"), ("X", "Y")]:
        g.add_edge(u, v)
    g.add_edge("Y", "M", Mark.TAIL, Mark.TAIL)
    return g


def test_mean_under_do_is_computed_by_adjustment_when_the_scm_cannot_be_fitted(data, cpdag):
    res = simulate_intervention(cpdag, data, {"X": 1.0}, "Y", seed=0)
    assert res.model == "linear (adjustment)"
    assert res.mean == pytest.approx(2.0, abs=0.1)          # E[Y | do(X=1)] = 2·1 + E[Z] = 2
    assert res.ci_low <= 2.0 <= res.ci_high
    assert any("adjusting for Z" in a for a in res.assumptions)
    assert any("undirected" in n for n in res.notes)
    again = simulate_intervention(cpdag, data, {"X": 1.0}, "Y", seed=0)
    assert (again.ci_low, again.ci_high) == (res.ci_low, res.ci_high)   # seeded bootstrap


def test_naive_regression_would_be_biased_here(data):
    slope = np.polyfit(data["X"], data["Y"], 1)[0]
    assert abs(slope - 2.0) > 0.2   # Z confounds X and Y: adjustment is what makes the answer right


def test_two_intervened_variables_still_need_an_oriented_graph(data, cpdag):
    with pytest.raises(UnorientedGraph, match="undirected"):
        simulate_intervention(cpdag, data, {"X": 1.0, "W": 0.0}, "Y", seed=0)


def test_additive_noise_model_is_not_silently_replaced_by_a_linear_one(data, cpdag):
    with pytest.raises(UnorientedGraph):
        simulate_intervention(cpdag, data, {"X": 1.0}, "Y", model="additive_noise", seed=0)
