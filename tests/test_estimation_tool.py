"""The estimate_effect tool through a real AnalysisContext and ToolRegistry."""

from __future__ import annotations

import typing

import numpy as np
import pandas as pd
import pytest

from tools.base import DataError, ToolInputError
from tools.context import AnalysisContext
from tools.estimation.effect import EffectResult
from tools.estimation.registry import Method
from tools.estimation.tools import TOOLS, EstimateEffectArgs
from tools.identification.estimand import Estimand, Strategy
from tools.registry import ToolRegistry


@pytest.fixture
def registry() -> ToolRegistry:
    return ToolRegistry(TOOLS)


def confounded(n: int = 2000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    z = rng.binomial(1, 0.5, n)
    t = rng.binomial(1, 1 / (1 + np.exp(-(x + 0.5 * z))))
    y = 1 + x + 2 * z + 2 * t + rng.normal(size=n)
    return pd.DataFrame({"x": x, "z": z, "t": t, "y": y})


def test_requires_identification_or_adjustment(registry):
    ctx = AnalysisContext(data=confounded())
    with pytest.raises(ToolInputError, match="call identify_effect first, or pass adjust_for"):
        registry.call("estimate_effect", {"treatment": "t", "outcome": "y"}, ctx)


def test_uses_identified_adjustment_set(registry):
    ctx = AnalysisContext(data=confounded(), seed=7)
    ctx.results["identify_effect"] = Estimand("t", "y", True, Strategy.BACKDOOR, adjustment_set=["x", "z"])
    out = registry.call("estimate_effect", {"treatment": "t", "outcome": "y"}, ctx)
    r = out.result
    assert isinstance(r, EffectResult) and ctx.results["estimate_effect"] is r
    assert r.covers(2.0) and abs(r.estimate - 2.0) < 0.15
    assert r.adjustment_set == ["x", "z"] and r.query["method"] == "aipw" and r.query["seed"] == 7
    assert out.observation.startswith("AIPW (doubly robust) ATE of t on y: ")
    assert "95% CI" in out.observation and "adjusting for {x, z}" in out.observation and "n=2000" in out.observation
    assert "identify_effect" in r.details["adjustment_source"] and r.details["method_reason"]
    assert any("backdoor" in a for a in ctx.assumptions)


def test_explicit_adjustment_is_an_assumption(registry):
    ctx = AnalysisContext(data=confounded())
    out = registry.call("estimate_effect", {"treatment": "t", "outcome": "y", "adjust_for": ["x", "z"],
                                            "method": "linear_regression"}, ctx)
    assert out.result.strategy == "user"
    assert "User-specified adjustment set {x, z} is assumed to block all confounding." in ctx.assumptions


def test_not_identifiable_and_mismatched_estimands_are_refused(registry):
    ctx = AnalysisContext(data=confounded())
    ctx.results["identify_effect"] = Estimand("t", "y", False, Strategy.NONE,
                                              reason="t <-> y: a hidden common cause and no instrument")
    with pytest.raises(ToolInputError, match="not identifiable.*no estimate would be valid.*hidden common cause"):
        registry.call("estimate_effect", {"treatment": "t", "outcome": "y"}, ctx)
    ctx.results["identify_effect"] = Estimand("x", "y", True, Strategy.BACKDOOR)
    with pytest.raises(ToolInputError, match="identify_effect was run for x -> y"):
        registry.call("estimate_effect", {"treatment": "t", "outcome": "y"}, ctx)


def test_unknown_column_and_bad_method_list_choices(registry):
    ctx = AnalysisContext(data=confounded())
    with pytest.raises(ToolInputError, match="Did you mean 'y'"):
        registry.call("estimate_effect", {"treatment": "t", "outcome": "Y "}, ctx)
    ctx.results["identify_effect"] = Estimand("t", "y", True, Strategy.BACKDOOR, adjustment_set=["x", "z"])
    with pytest.raises(ToolInputError, match="cannot be used here.*Valid methods.*aipw"):
        registry.call("estimate_effect", {"treatment": "t", "outcome": "y", "method": "frontdoor"}, ctx)
    with pytest.raises(ToolInputError, match="needs subgroup"):
        registry.call("estimate_effect", {"treatment": "t", "outcome": "y", "estimand": "CATE"}, ctx)


def test_method_literal_matches_registry():
    literal = typing.get_args(EstimateEffectArgs.model_fields["method"].annotation)
    assert set(literal) == {"auto"} | {m.value for m in Method}


def test_subgroup_observation_lists_cates(registry):
    ctx = AnalysisContext(data=confounded())
    ctx.results["identify_effect"] = Estimand("t", "y", True, Strategy.BACKDOOR, adjustment_set=["x", "z"])
    out = registry.call("estimate_effect", {"treatment": "t", "outcome": "y", "subgroup": "z"}, ctx)
    assert "CATE by z: 0: " in out.observation and len(out.result.subgroups) == 2


def test_iv_from_argument_and_from_estimand(registry):
    rng = np.random.default_rng(1)
    n = 3000
    u, z, w = rng.normal(size=(3, n))
    t = z + u + rng.normal(size=n)
    df = pd.DataFrame({"z": z, "w": w, "t": t, "y": 2 * t + 2 * u + w + rng.normal(size=n)})
    ctx = AnalysisContext(data=df)
    out = registry.call("estimate_effect", {"treatment": "t", "outcome": "y", "instrument": "z",
                                            "adjust_for": ["w"]}, ctx)
    assert out.result.covers(2.0) and "first-stage F=" in out.observation
    assert any("Exclusion restriction" in a for a in ctx.assumptions)
    ctx2 = AnalysisContext(data=df)
    ctx2.results["identify_effect"] = Estimand("t", "y", True, Strategy.IV, instruments=["z"], conditioning=["w"])
    r2 = registry.call("estimate_effect", {"treatment": "t", "outcome": "y"}, ctx2).result
    assert r2.estimate == pytest.approx(out.result.estimate)
    with pytest.raises(ToolInputError, match="cannot be used here.*iv"):
        registry.call("estimate_effect", {"treatment": "t", "outcome": "y", "method": "aipw"}, ctx2)


def test_frontdoor_from_estimand(registry):
    rng = np.random.default_rng(2)
    n = 3000
    u = rng.normal(size=n)
    t = rng.binomial(1, 1 / (1 + np.exp(-u)))
    m = 1.5 * t + rng.normal(size=n)
    df = pd.DataFrame({"t": t, "m": m, "y": 2 * m + 3 * u + rng.normal(size=n)})
    ctx = AnalysisContext(data=df)
    ctx.results["identify_effect"] = Estimand("t", "y", True, Strategy.FRONTDOOR, mediators=["m"])
    out = registry.call("estimate_effect", {"treatment": "t", "outcome": "y"}, ctx)
    assert out.result.covers(3.0) and "through mediators {m}" in out.observation


def test_did_and_rdd_arguments_select_designs(registry):
    rng = np.random.default_rng(3)
    units = 800
    g = rng.binomial(1, 0.5, units)
    level = rng.normal(size=units) + 2 * g
    df = pd.concat([pd.DataFrame({"id": np.arange(units), "post": p, "g": g,
                                  "y": level + p + 1.5 * g * p + rng.normal(size=units)}) for p in (0, 1)])
    ctx = AnalysisContext(data=df)
    out = registry.call("estimate_effect", {"treatment": "g", "outcome": "y", "post": "post", "unit": "id"}, ctx)
    assert out.result.covers(1.5) and out.result.strategy == "did" and "2x2" in out.observation
    assert any("Parallel trends" in a for a in ctx.assumptions)
    x = rng.uniform(0, 10, 3000)
    rd = pd.DataFrame({"score": x, "t": (x >= 4).astype(int)})
    rd["y"] = 0.5 * x + 2 * rd.t + rng.normal(scale=0.5, size=3000)
    ctx = AnalysisContext(data=rd)
    out = registry.call("estimate_effect", {"treatment": "t", "outcome": "y", "running": "score"}, ctx)
    assert out.result.covers(2.0) and "cutoff 4" in out.observation and "cutoff inferred" in out.observation


def test_no_effect_strategy_returns_zero_without_estimation(registry):
    ctx = AnalysisContext(data=confounded())
    ctx.results["identify_effect"] = Estimand("t", "y", True, Strategy.NO_EFFECT)
    out = registry.call("estimate_effect", {"treatment": "t", "outcome": "y"}, ctx)
    assert out.result.estimate == 0.0 and out.result.strategy == "no_effect"
    assert "no directed path" in out.observation and "No estimation was done" in out.observation


def test_warnings_reach_the_context(registry):
    rng = np.random.default_rng(4)
    u, z = rng.normal(size=(2, 400))
    t = 0.01 * z + u + rng.normal(size=400)
    df = pd.DataFrame({"z": z, "t": t, "y": t + u + rng.normal(size=400)})
    ctx = AnalysisContext(data=df)
    with pytest.raises(DataError, match="Weak instrument"):
        registry.call("estimate_effect", {"treatment": "t", "outcome": "y", "instrument": "z"}, ctx)
    assert "estimate_effect" not in ctx.results
