"""Ground-truth tests for the backdoor / IV / frontdoor estimators and the chooser."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tools.base import DataError, ToolInputError
from tools.estimation.chooser import choose_estimator
from tools.estimation.data import TreatmentKind
from tools.estimation.estimate import estimate
from tools.estimation.query import Design, EstimandKind
from tools.estimation.registry import Method

TOL = 0.15


def confounded(n: int = 4000, seed: int = 0, heterogeneous: bool = True) -> tuple[pd.DataFrame, dict]:
    """Binary treatment confounded by x and z; effect 2 + x (ATE ~ 2, ATT > ATE)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    z = rng.binomial(1, 0.5, n)
    t = rng.binomial(1, 1 / (1 + np.exp(-(x + 0.5 * z - 0.25))))
    tau = 2 + (x if heterogeneous else 0)
    y = 1 + x + 2 * z + tau * t + rng.normal(size=n)
    df = pd.DataFrame({"x": x, "z": z, "t": t, "y": y})
    return df, {"ATE": float(np.mean(tau)), "ATT": float(np.mean(tau[t == 1])), "ATC": float(np.mean(tau[t == 0]))}


@pytest.fixture(scope="module")
def data():
    return confounded()


def check(result, truth: float, tol: float = TOL) -> None:
    assert abs(result.estimate - truth) < tol, (result.method, result.estimate, truth)
    assert result.ci_low <= truth <= result.ci_high, (result.method, result.ci_low, result.ci_high, truth)
    assert result.std_error is not None and result.std_error > 0
    assert result.n is not None and result.p_value is not None


@pytest.mark.parametrize("method", ["linear_regression", "aipw", "ipw", "mahalanobis_matching",
                                    "propensity_score_matching"])
@pytest.mark.parametrize("estimand", ["ATE", "ATT", "ATC"])
def test_backdoor_estimators_recover_truth(data, method, estimand):
    df, truth = data
    r = estimate(df, "t", "y", ["x", "z"], method=method, estimand=estimand)
    check(r, truth[estimand], tol=0.2 if "matching" in method or method == "ipw" else TOL)
    assert r.estimand == estimand
    assert r.query["method"] == method


def test_confounding_is_real_and_att_differs_from_ate(data):
    df, truth = data
    naive = estimate(df, "t", "y", method="difference_in_means")
    assert naive.estimate - truth["ATE"] > 1.0  # confounding biases the naive contrast upwards
    ate = estimate(df, "t", "y", ["x", "z"], method="aipw", estimand="ATE")
    att = estimate(df, "t", "y", ["x", "z"], method="aipw", estimand="ATT")
    assert att.ci_low > ate.ci_high  # heterogeneous effects: ATT != ATE, and the CIs say so


def test_aipw_reports_overlap_and_warns_when_poor():
    rng = np.random.default_rng(1)
    n = 3000
    x = rng.normal(size=n)
    t = rng.binomial(1, 1 / (1 + np.exp(-4 * x)))
    y = x + 2 * t + rng.normal(size=n)
    r = estimate(pd.DataFrame({"x": x, "t": t, "y": y}), "t", "y", ["x"], method="aipw")
    overlap = r.details["overlap"]
    assert overlap["share_clipped"] > 0.05 and overlap["propensity_min"] < 0.01
    assert any("Poor overlap" in w for w in r.warnings)
    good, _ = confounded(n=2000, seed=3)
    assert not estimate(good, "t", "y", ["x", "z"], method="aipw").warnings


def test_cate_by_subgroup_has_cis_covering_truth():
    rng = np.random.default_rng(2)
    n = 4000
    x = rng.normal(size=n)
    g = rng.choice(["a", "b", "c"], n)
    effect = pd.Series(g).map({"a": 1.0, "b": 2.0, "c": 4.0}).to_numpy()
    t = rng.binomial(1, 1 / (1 + np.exp(-x)))
    y = x + effect * t + rng.normal(size=n)
    df = pd.DataFrame({"x": x, "g": g, "t": t, "y": y})
    for method in ("linear_regression", "aipw"):
        r = estimate(df, "t", "y", ["x", "g"], method=method, estimand="CATE", subgroup="g")
        rows = {s["level"]: s for s in r.subgroups}
        assert set(rows) == {"a", "b", "c"}
        for level, truth in {"a": 1.0, "b": 2.0, "c": 4.0}.items():
            assert rows[level]["ci_low"] <= truth <= rows[level]["ci_high"], (method, rows[level])
            assert rows[level]["estimand"] == f"CATE[g={level}]"


def test_numeric_subgroup_is_binned_into_quartiles(data):
    df, _ = data
    r = estimate(df, "t", "y", ["x", "z"], method="linear_regression", subgroup="x", estimand="CATE")
    assert len(r.subgroups) == 4
    estimates = [s["estimate"] for s in sorted(r.subgroups, key=lambda s: float(s["level"].split(",")[0][1:]))]
    assert estimates == sorted(estimates)  # effect 2 + x rises with x


def test_continuous_treatment_change_t0_t1():
    rng = np.random.default_rng(3)
    n = 3000
    x = rng.normal(size=n)
    t = x + rng.normal(size=n)
    y = 3 * t + 2 * x + rng.normal(size=n)
    df = pd.DataFrame({"x": x, "t": t, "y": y})
    r = estimate(df, "t", "y", ["x"], t0=1.0, t1=3.0)
    check(r, 6.0)
    assert r.estimand == "effect of t from 1 to 3"
    assert "linear" in " ".join(r.assumptions)
    assert r.details["choice"] and "Continuous" in r.details["choice"][0]
    unit = estimate(df, "t", "y", ["x"], method="dml")
    check(unit, 3.0)


def test_continuous_nonlinearity_warning():
    rng = np.random.default_rng(4)
    t = rng.uniform(0, 4, 3000)
    y = t ** 2 + rng.normal(size=3000)
    r = estimate(pd.DataFrame({"t": t, "y": y}), "t", "y", design="randomized")
    assert any("nonlinear" in w for w in r.warnings)


def test_multivalued_treatment_per_contrast():
    rng = np.random.default_rng(5)
    n = 4000
    x = rng.normal(size=n)
    t = np.clip(np.round(x + rng.normal(size=n)), -1, 1).astype(int) + 1  # levels 0, 1, 2 confounded by x
    effect = np.array([0.0, 1.0, 3.0])[t]
    y = 2 * x + effect + rng.normal(size=n)
    df = pd.DataFrame({"x": x, "t": t, "y": y})
    r = estimate(df, "t", "y", ["x"])
    assert r.query["method"] == "linear_regression"
    check(r, 3.0)  # highest vs lowest level by default
    contrasts = {c["contrast"]: c for c in r.details["contrasts_vs_reference"]}
    assert contrasts["1 vs 0"]["ci_low"] <= 1.0 <= contrasts["1 vs 0"]["ci_high"]
    r01 = estimate(df, "t", "y", ["x"], t0=1, t1=2)
    check(r01, 2.0)


def test_iv_recovers_effect_under_hidden_confounding():
    rng = np.random.default_rng(6)
    n = 5000
    u, z, w = rng.normal(size=(3, n))
    t = 0.8 * z + u + 0.5 * w + rng.normal(size=n)
    y = 2 * t + 2 * u + w + rng.normal(size=n)
    df = pd.DataFrame({"z": z, "t": t, "y": y, "w": w})
    r = estimate(df, "t", "y", ["w"], design="iv", instruments=("z",))
    check(r, 2.0)
    assert r.details["ols_estimate"] - 2.0 > 0.5  # OLS is biased by u
    assert r.details["first_stage_F"] > 100 and not r.warnings
    assert any("Exclusion" in a for a in r.assumptions)


def test_weak_instrument_is_refused_with_its_first_stage_f():
    rng = np.random.default_rng(7)
    n = 500
    u, z = rng.normal(size=(2, n))
    t = 0.02 * z + u + rng.normal(size=n)
    y = t + u + rng.normal(size=n)
    with pytest.raises(DataError, match=r"Weak instrument.*first-stage F = \d+\.\d < 10"):
        estimate(pd.DataFrame({"z": z, "t": t, "y": y}), "t", "y", design="iv", instruments=("z",))


def test_wald_equals_2sls_for_binary_instrument():
    rng = np.random.default_rng(8)
    n = 5000
    u = rng.normal(size=n)
    z = rng.binomial(1, 0.5, n)
    t = rng.binomial(1, np.clip(0.15 + 0.6 * z + 0.2 * (u > 0), 0, 1))
    y = 3 * t + 2 * u + rng.normal(size=n)
    df = pd.DataFrame({"z": z, "t": t, "y": y})
    wald = estimate(df, "t", "y", method="wald", design="iv", instruments=("z",))
    tsls = estimate(df, "t", "y", method="iv", design="iv", instruments=("z",))
    check(wald, 3.0, tol=0.3)
    assert wald.estimate == pytest.approx(tsls.estimate, rel=1e-9)
    assert wald.estimand == "LATE (compliers)"


@pytest.mark.parametrize("binary", [True, False])
def test_frontdoor_recovers_effect(binary):
    rng = np.random.default_rng(9)
    n = 5000
    u = rng.normal(size=n)
    t = rng.binomial(1, 1 / (1 + np.exp(-u))) if binary else u + rng.normal(size=n)
    m = 1 + 1.5 * t + rng.normal(size=n)
    y = 2 * m + 3 * u + rng.normal(size=n)
    df = pd.DataFrame({"t": t, "m": m, "y": y})
    r = estimate(df, "t", "y", design="frontdoor", mediators=("m",), seed=1)
    check(r, 3.0, tol=0.2)
    naive = estimate(df, "t", "y", method="linear_regression")
    assert abs(naive.estimate - 3.0) > 0.5  # the backdoor path through u biases the naive slope
    assert r.details["n_bootstrap"] > 150


def test_determinism_with_seed():
    rng = np.random.default_rng(10)
    n = 1500
    u = rng.normal(size=n)
    t = rng.binomial(1, 1 / (1 + np.exp(-u)))
    m = t + rng.normal(size=n)
    df = pd.DataFrame({"t": t, "m": m, "y": m + u + rng.normal(size=n)})
    a = estimate(df, "t", "y", design="frontdoor", mediators=("m",), seed=5)
    b = estimate(df, "t", "y", design="frontdoor", mediators=("m",), seed=5)
    c = estimate(df, "t", "y", design="frontdoor", mediators=("m",), seed=6)
    assert a.to_dict() == b.to_dict()
    assert (a.ci_low, a.ci_high) != (c.ci_low, c.ci_high)


def test_randomized_difference_in_means_and_lin_regression():
    rng = np.random.default_rng(11)
    n = 3000
    x = rng.normal(size=n)
    t = rng.binomial(1, 0.5, n)
    y = 3 * x + 1.5 * t + rng.normal(size=n)
    df = pd.DataFrame({"x": x, "t": t, "y": y})
    dim = estimate(df, "t", "y", design="randomized")
    lin = estimate(df, "t", "y", ["x"], design="randomized")
    assert dim.query["method"] == "difference_in_means" and lin.query["method"] == "linear_regression"
    check(dim, 1.5, tol=0.25)
    check(lin, 1.5)
    assert lin.std_error < 0.5 * dim.std_error  # covariates buy precision


def test_data_errors_name_the_column():
    df = pd.DataFrame({"t": [1] * 50, "y": np.arange(50.0), "x": np.arange(50.0)})
    with pytest.raises(DataError, match="'t'.*constant"):
        estimate(df, "t", "y", ["x"], method="linear_regression")
    with pytest.raises(DataError, match="'t'.*constant"):
        estimate(df, "t", "y", ["x"])  # through the chooser too
    df2 = pd.DataFrame({"t": [0, 1] * 25, "y": ["a", "b"] * 25})
    with pytest.raises(DataError, match="'y'.*not numeric"):
        estimate(df2, "t", "y", method="difference_in_means")


def test_missing_rows_dropped_and_categoricals_encoded(data):
    df, truth = data
    df = df.copy()
    df["region"] = np.where(df.z == 1, "north", "south")
    df.loc[:99, "x"] = np.nan
    r = estimate(df, "t", "y", ["x", "region"], method="aipw")
    notes = " ".join(r.details["data_notes"])
    assert "dropped 100 of 4000 rows" in notes and "one-hot encoded 'region'" in notes
    assert r.n == 3900
    check(r, truth["ATE"])


def test_chooser_rules_and_hints():
    binary, cont = TreatmentKind.BINARY, TreatmentKind.CONTINUOUS
    assert choose_estimator(binary, Design.BACKDOOR, n_covariates=3).method is Method.AIPW
    assert choose_estimator(binary, Design.BACKDOOR, n_covariates=0).method is Method.DIFFERENCE_IN_MEANS
    assert choose_estimator(cont, Design.BACKDOOR, n_covariates=3).method is Method.LINEAR_REGRESSION
    assert choose_estimator(TreatmentKind.MULTIVALUED, Design.BACKDOOR, n_covariates=2).method \
        is Method.LINEAR_REGRESSION
    assert choose_estimator(binary, Design.RANDOMIZED, n_covariates=0).method is Method.DIFFERENCE_IN_MEANS
    assert choose_estimator(binary, Design.RANDOMIZED, n_covariates=2).method is Method.LINEAR_REGRESSION
    for design, method in ((Design.IV, Method.IV), (Design.FRONTDOOR, Method.FRONTDOOR),
                           (Design.DID, Method.DID), (Design.RDD, Method.RDD)):
        choice = choose_estimator(binary, design)
        assert choice.method is method and choice.reasons
    assert choose_estimator(binary, Design.BACKDOOR, hint="dml", n_covariates=2).method is Method.DML
    with pytest.raises(ToolInputError, match="ipw.*binary.*Valid methods.*linear_regression"):
        choose_estimator(cont, Design.BACKDOOR, hint="ipw", n_covariates=2)
    with pytest.raises(ToolInputError, match="ignores the adjustment set"):
        choose_estimator(binary, Design.BACKDOOR, hint="difference_in_means", n_covariates=2)
    with pytest.raises(ToolInputError, match="is for iv designs.*Valid methods.*aipw"):
        choose_estimator(binary, Design.BACKDOOR, hint="iv", n_covariates=2)
    with pytest.raises(ToolInputError, match="Unknown method 'magic'.*aipw"):
        choose_estimator(binary, Design.BACKDOOR, hint="magic")
    with pytest.raises(ToolInputError, match="does not estimate CATE"):
        choose_estimator(binary, Design.BACKDOOR, EstimandKind.CATE, hint="propensity_score_matching",
                         n_covariates=2)
