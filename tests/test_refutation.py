"""Refutation checks and sensitivity analysis, on simulated data with known effects."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from tools.base import ToolInputError
from tools.context import AnalysisContext
from tools.estimation.estimate import estimate
from tools.identification.estimand import Estimand, Strategy
from tools.refutation import TOOLS, RefutationReport, refute
from tools.refutation.sensitivity import (bias_bound, e_value, e_value_rr, k_to_explain_away, ovb_analysis,
                                          robustness_value)
from tools.estimation.query import EffectQuery
from tools.registry import ToolRegistry


def confounded(n: int = 3000, seed: int = 0, effect: float = 2.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=(2, n))
    t = rng.binomial(1, 1 / (1 + np.exp(-(x1 + 0.5 * x2))))
    y = 1 + 1.5 * x1 + 0.5 * x2 + effect * t + rng.normal(size=n)
    return pd.DataFrame({"x1": x1, "x2": x2, "t": t, "y": y})


@pytest.fixture(scope="module")
def report() -> RefutationReport:
    df = confounded()
    result = estimate(df, "t", "y", ["x1", "x2"], method="linear_regression")
    return refute(df, result, simulations=20, seed=1)


def test_real_effect_survives_and_placebo_is_zero(report):
    checks = {c.name: c for c in report.checks}
    assert set(checks) == {"placebo_treatment", "random_common_cause", "data_subset", "bootstrap"}
    assert report.passed_all
    placebo = checks["placebo_treatment"]
    assert abs(placebo.new_effect) < 0.05 and placebo.details["permutation_p"] == pytest.approx(1 / 21)
    assert abs(checks["random_common_cause"].new_effect - report.estimate) < 0.01
    assert 0.5 < checks["bootstrap"].details["sd_over_se"] < 2
    assert report.summary.startswith("Robustness of the linear regression") and "4 of 4 checks passed" in report.summary
    d = report.to_dict()
    assert d["passed_all"] is True and len(d["checks"]) == 4 and d["sensitivity"]["e_value"] > 1


def test_report_is_deterministic_with_seed():
    df = confounded(n=1500, seed=2)
    result = estimate(df, "t", "y", ["x1", "x2"], method="aipw")
    a = refute(df, result, simulations=10, seed=3).to_dict()
    b = refute(df, result, simulations=10, seed=3).to_dict()
    c = refute(df, result, simulations=10, seed=4).to_dict()
    for d in (a, b, c):
        d.pop("runtime_s")
    assert a == b and a != c


def test_bootstrap_check_fails_when_the_reported_se_is_wrong():
    df = confounded(n=1500, seed=5)
    honest = estimate(df, "t", "y", ["x1", "x2"], method="linear_regression")
    overconfident = replace(honest, std_error=honest.std_error / 10, ci_low=honest.estimate - 0.196 * honest.std_error,
                            ci_high=honest.estimate + 0.196 * honest.std_error)
    rep = refute(df, overconfident, simulations=15, seed=0)
    boot = {c.name: c for c in rep.checks}["bootstrap"]
    assert boot.passed is False and boot.details["sd_over_se"] > 2
    assert not rep.passed_all and "Failed:" in rep.summary


def test_slow_methods_are_refit_with_a_fast_substitute():
    df = confounded(n=1500, seed=6)
    result = estimate(df, "t", "y", ["x1", "x2"], method="dml")
    rep = refute(df, result, simulations=8, seed=0)
    assert rep.refit_method == "aipw" and "instead of LinearDML" in rep.refit_note and "its own estimate" in rep.refit_note
    assert rep.passed_all


def test_design_specific_placebos():
    rng = np.random.default_rng(7)
    n = 3000
    u, z = rng.normal(size=(2, n))
    t = z + u + rng.normal(size=n)
    df = pd.DataFrame({"z": z, "t": t, "y": 2 * t + 2 * u + rng.normal(size=n)})
    iv_rep = refute(df, estimate(df, "t", "y", design="iv", instruments=("z",)), simulations=10, seed=0)
    names = {c.name: c for c in iv_rep.checks}
    assert "placebo_outcome" in names and names["placebo_outcome"].passed
    assert iv_rep.sensitivity.e_value is None and iv_rep.sensitivity.notes  # not a backdoor design

    x = rng.uniform(-1, 1, 3000)
    rd = pd.DataFrame({"s": x, "t": (x >= 0.2).astype(int)})
    rd["y"] = 1 + x + 2 * rd.t + rng.normal(scale=0.5, size=3000)
    rd_rep = refute(rd, estimate(rd, "t", "y", design="rdd", running="s", cutoff=0.2), simulations=10, seed=0)
    names = {c.name: c for c in rd_rep.checks}
    assert names["placebo_cutoffs"].passed and len(names["placebo_cutoffs"].details["placebos"]) == 2
    assert names["random_common_cause"].passed is None  # not applicable, excluded from passed_all
    assert rd_rep.passed_all


def test_did_resamples_whole_units():
    rng = np.random.default_rng(8)
    units = 400
    g = rng.binomial(1, 0.5, units)
    level = rng.normal(size=units) + 2 * g
    df = pd.concat([pd.DataFrame({"id": np.arange(units), "post": p, "g": g,
                                  "y": level + p + 1.5 * g * p + rng.normal(size=units)}) for p in (0, 1)],
                   ignore_index=True)
    result = estimate(df, "g", "y", design="did", post="post", unit="id")
    rep = refute(df, result, simulations=10, seed=0)
    assert rep.passed_all
    assert {c.name for c in rep.checks} >= {"placebo_treatment", "bootstrap"}


def test_e_value_known_values_and_monotone():
    assert e_value_rr(3.9) == pytest.approx(7.26, abs=0.01)  # VanderWeele & Ding (2017) example
    assert e_value_rr(1 / 3.9) == pytest.approx(7.26, abs=0.01)
    assert e_value_rr(1.0) == 1.0
    values = [e_value(effect, effect - 0.1, effect + 0.1, outcome_binary=False, sd_outcome=1.0)[0]
              for effect in (0.2, 0.5, 1.0, 2.0)]
    assert values == sorted(values) and values[0] > 1
    risk = [e_value(d, d - 0.01, d + 0.01, outcome_binary=True, baseline=0.2)[0] for d in (0.02, 0.1, 0.3)]
    assert risk == sorted(risk)
    assert e_value(0.5, -0.1, 1.1, outcome_binary=False, sd_outcome=1.0)[1] == 1.0  # CI crosses the null


def test_robustness_value_definition_and_benchmarks():
    t_stat, dof = 8.0, 1000
    rv = robustness_value(t_stat, dof)
    se = 0.25
    bias = se * math.sqrt(dof * rv * rv / (1 - rv))  # confounder with partial R2 = RV on both sides
    assert bias == pytest.approx(t_stat * se, rel=1e-9)
    assert robustness_value(t_stat, dof, alpha=0.05) < rv
    assert bias_bound(2.0, 0.1, 0.1, se, dof) > bias_bound(1.0, 0.1, 0.1, se, dof)
    k = k_to_explain_away(1.0, 0.1, 0.2, se, dof)
    assert bias_bound(k, 0.1, 0.2, se, dof) == pytest.approx(1.0, rel=1e-6)


def test_benchmark_names_the_strongest_covariate():
    df = confounded(n=4000, seed=9)
    ovb = ovb_analysis(df, EffectQuery("t", "y", ("x1", "x2")))
    assert ovb.benchmarks[0]["covariate"] == "x1"  # x1 is the stronger confounder
    assert ovb.benchmarks[0]["k_explain_away"] < ovb.benchmarks[1]["k_explain_away"]
    weak = confounded(n=4000, seed=9, effect=0.2)
    ovb_weak = ovb_analysis(weak, EffectQuery("t", "y", ("x1", "x2")))
    assert ovb_weak.rv < ovb.rv and ovb_weak.benchmarks[0]["k_explain_away"] < ovb.benchmarks[0]["k_explain_away"]


def test_refute_tool_on_the_latest_estimate():
    from tools.estimation.tools import TOOLS as ESTIMATION_TOOLS

    registry = ToolRegistry([*ESTIMATION_TOOLS, *TOOLS])
    ctx = AnalysisContext(data=confounded(n=2000, seed=10), seed=2)
    with pytest.raises(ToolInputError, match="call estimate_effect first"):
        registry.call("refute_effect", {}, ctx)
    ctx.results["identify_effect"] = Estimand("t", "y", True, Strategy.BACKDOOR, adjustment_set=["x1", "x2"])
    registry.call("estimate_effect", {"treatment": "t", "outcome": "y"}, ctx)
    out = registry.call("refute_effect", {"simulations": 10}, ctx)
    assert isinstance(out.result, RefutationReport) and ctx.results["refute_effect"] is out.result
    assert out.observation == out.result.summary and "E-value" in out.observation
    assert out.result.seed == 2 and out.result.simulations == 10
    with pytest.raises(ToolInputError, match="simulations"):
        registry.call("refute_effect", {"simulations": 1}, ctx)


def test_bootstrap_tolerance_widens_for_few_runs():
    from tools.refutation.checks import sd_ratio_bounds

    few, many = sd_ratio_bounds(10), sd_ratio_bounds(50)
    assert few[0] < 0.5 and few[1] >= 2.0
    assert many == (0.5, 2.0)
