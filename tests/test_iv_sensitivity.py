"""Plausibly exogenous bounds (Conley, Hansen & Rossi 2012) beside every single-instrument IV
estimate: a small direct effect of the instrument on the outcome is covered."""

import numpy as np
import pandas as pd

from agent import CausalAgent
from memory.store import InMemoryGraphStore


def _iv_with_a_small_violation(direct=0.15, seed=11, n=4000):
    rng = np.random.default_rng(seed)
    ability, lottery = rng.normal(size=n), rng.binomial(1, 0.5, size=n)
    schooling = 1.0 * lottery + 0.9 * ability + rng.normal(size=n)
    earnings = 1.5 * schooling + 1.2 * ability + direct * lottery + rng.normal(size=n)
    return pd.DataFrame({"lottery": lottery, "schooling": schooling, "earnings": earnings})


def test_the_bounds_cover_the_truth_when_exclusion_fails_a_little():
    res = CausalAgent(store=InMemoryGraphStore()).analyze(
        _iv_with_a_small_violation(), "What is the effect of schooling on earnings, using lottery as an instrument?")
    bounds = res.effect.details["plausibly_exogenous"]
    assert res.effect.method == "2SLS"
    assert not res.effect.ci_low <= 1.5 <= res.effect.ci_high  # 2SLS alone is off: the violation biases it
    assert bounds["low"] <= 1.5 <= bounds["high"]
    assert bounds["low"] < res.effect.ci_low and res.effect.ci_high < bounds["high"]
    assert any("Conley" in a and "lottery" in a for a in res.effect.assumptions)


def test_no_violation_bounds_are_centred_on_the_estimate():
    res = CausalAgent(store=InMemoryGraphStore()).analyze(
        _iv_with_a_small_violation(direct=0.0), "What is the effect of schooling on earnings, using lottery as an "
                                                "instrument?")
    bounds = res.effect.details["plausibly_exogenous"]
    assert bounds["low"] < 1.5 < bounds["high"]
    mid = (bounds["low"] + bounds["high"]) / 2
    assert abs(mid - res.effect.estimate) < 0.02
