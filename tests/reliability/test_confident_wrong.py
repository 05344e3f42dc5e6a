"""Issue 19 (6-8): answers that were confident and wrong. A default never overrides what the
data oriented (the conflict leads the answer); a confounder acting through its square is
adjusted for with flexible nuisance models; the headline carries the main threat."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from memory.store import InMemoryGraphStore
from tools.estimation.estimate import estimate
from tools.estimation.nonlinearity import nonlinear_confounding

pytestmark = pytest.mark.time_limit(120)


def _agent():
    return CausalAgent(store=InMemoryGraphStore())


def treatment_caused_by_outcome(n=3000, seed=0):
    """A -> Y <- B, Y -> X: X has no effect on Y; the v-structure at Y orients Y -> X."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=n), rng.normal(size=n)
    y = a + b + 0.7 * rng.normal(size=n)
    return pd.DataFrame({"A": a, "B": b, "X": 0.8 * y + rng.normal(size=n), "Y": y})


def test_the_question_direction_does_not_reverse_what_the_data_oriented():
    res = _agent().analyze(treatment_caused_by_outcome(), "What is the effect of X on Y?")
    assert ("Y", "X") in res.graph.directed_edges() and ("X", "Y") not in res.graph.directed_edges()
    assert res.explanation.startswith("Warning: the graph learned from the data orients Y -> X")
    assert "has no effect on Y" in res.explanation.split(".")[0] + res.explanation
    discovery = res.details["tool_results"]["discover_graph"]
    assert any("data over a default" in w for w in discovery["warnings"])


def test_where_the_data_leave_the_direction_open_the_default_orients_it():
    rng = np.random.default_rng(1)
    x = rng.normal(size=2000)
    df = pd.DataFrame({"X": x, "Y": 1.5 * x + rng.normal(size=2000)})  # X --- Y: Markov equivalent
    res = _agent().analyze(df, "What is the effect of X on Y?")
    assert ("X", "Y") in res.graph.directed_edges()
    assert not res.explanation.startswith("Warning")
    assert abs(res.effect.estimate - 1.5) < 0.1


def squared_confounder(n=3000, seed=0):
    """x1 confounds T and Y through x1² only (linear models cannot see it); effect 1.0."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    t = rng.binomial(1, 1 / (1 + np.exp(-(x1 ** 2 - 1))))
    return pd.DataFrame({"x1": x1, "x2": x2, "T": t, "Y": 1.0 * t + 2 * x1 ** 2 + 0.5 * x2 + rng.normal(size=n)})


def test_a_confounder_acting_through_its_square_is_adjusted_for_flexibly():
    df = squared_confounder()
    linear = estimate(df, "T", "Y", ["x1", "x2"], method="aipw")
    assert abs(linear.estimate - 1.0) > 1.0  # the bias this fixes
    res = _agent().analyze(df, "What is the effect of T on Y?", knowledge={"tiers": [["x1", "x2"], ["T"], ["Y"]]})
    assert abs(res.effect.estimate - 1.0) < 0.2 and res.effect.ci_low <= 1.0 <= res.effect.ci_high
    assert "nonlinear confounding" in res.effect.details["method_reason"]
    assert "boosting" in res.effect.details["nuisance_models"]


def test_linear_confounding_keeps_the_fast_linear_nuisance():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2000, 3))
    t = rng.binomial(1, 1 / (1 + np.exp(-x[:, 0])))
    df = pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "c": x[:, 2], "T": t,
                       "Y": 2.0 * t + x @ [1.0, 0.5, -0.5] + rng.normal(size=2000)})
    assert nonlinear_confounding(df, "T", "Y", ("a", "b", "c")) is None


def hidden_confounder(n=3000, seed=3):
    """U (unobserved) -> T, U -> Y; W observed; effect 1.0."""
    rng = np.random.default_rng(seed)
    u, w = rng.normal(size=n), rng.normal(size=n)
    t = rng.binomial(1, 1 / (1 + np.exp(-(u + 0.5 * w))))
    return pd.DataFrame({"W": w, "T": t, "Y": 1.0 * t + 1.2 * u + 0.5 * w + rng.normal(size=n)})


def test_an_observational_headline_sizes_hidden_confounding():
    res = _agent().analyze(hidden_confounder(), "What is the effect of T on Y?")
    first = res.explanation.split(" Design:")[0]
    assert "Main threat: hidden confounding" in first and "-fold with both T and Y" in first
    e_value = res.details["tool_results"]["refute_effect"]["sensitivity"]["e_value"]
    assert f"{e_value:.2f}-fold" in first


def test_a_declared_selected_sample_is_the_headline_threat():
    res = _agent().analyze(hidden_confounder(), "What is the effect of T on Y?",
                           description="The data include only patients who were hospitalised.")
    first = res.explanation.split(" Design:")[0]
    assert "Threat: the rows are a selected sample" in first and "hospitalised" in first


def test_a_randomised_design_carries_no_confounding_threat():
    rng = np.random.default_rng(5)
    t = rng.integers(0, 2, 1500)
    df = pd.DataFrame({"age": rng.normal(40, 10, 1500), "arm": t, "y": 1.5 * t + rng.normal(size=1500)})
    res = _agent().analyze(df, "What is the effect of arm on y?", description="Participants were randomly assigned.")
    assert "Main threat" not in res.explanation and "selected sample" not in res.explanation


@pytest.mark.parametrize("text, selected", [
    ("The data include only patients who were hospitalised.", True),
    ("Applicants were selected based on their test scores and interview.", True),
    ("We surveyed 2,000 adults in 2019.", False),
    ("Columns: age, income, only_child (1 if the person has no siblings).", False),
    ("The table only has three columns and only contains numbers.", False),
    ("Our survey only kept respondents who answered every question.", True),
])
def test_selection_statements_are_read_from_the_words(text, selected):
    from agent.threats import declared_selection

    assert (declared_selection(text) is not None) is selected
