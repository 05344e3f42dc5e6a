"""Ground-truth tests for the econml DML estimators and the S/T/X meta-learners."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tools.base import ToolInputError
from tools.estimation.estimate import estimate
from tools.estimation.learners import MetaLearner, RidgePoly, unit_effects


def heterogeneous(n: int = 3000, seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """Effect 2 + x + z (z binary subgroup), confounded by x and z."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    z = rng.binomial(1, 0.5, n)
    t = rng.binomial(1, 1 / (1 + np.exp(-(x + 0.5 * z - 0.25))))
    tau = 2 + x + z
    y = 1 + x + 2 * z + tau * t + rng.normal(size=n)
    truth = {"ATE": tau.mean(), "ATT": tau[t == 1].mean(), "z=0": tau[z == 0].mean(), "z=1": tau[z == 1].mean()}
    return pd.DataFrame({"x": x, "z": z, "t": t, "y": y}), truth


@pytest.fixture(scope="module")
def data():
    return heterogeneous()


@pytest.mark.parametrize("method", ["dml", "dr_learner", "causal_forest"])
def test_econml_estimators_ate_att_and_cate(data, method):
    df, truth = data
    ate = estimate(df, "t", "y", ["x", "z"], method=method)
    assert ate.covers(truth["ATE"]) and abs(ate.estimate - truth["ATE"]) < 0.25
    att = estimate(df, "t", "y", ["x", "z"], method=method, estimand="ATT")
    assert att.covers(truth["ATT"])
    cate = estimate(df, "t", "y", ["x", "z"], method=method, estimand="CATE", subgroup="z")
    rows = {s["level"]: s for s in cate.subgroups}
    for level in ("0", "1"):
        assert rows[level]["ci_low"] <= truth[f"z={level}"] <= rows[level]["ci_high"], (method, rows[level])
    assert rows["1"]["estimate"] > rows["0"]["estimate"]
    assert cate.details["nuisance"] == "linear"  # never econml's 'auto'


def test_dml_refuses_multivalued_treatment():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"t": rng.integers(0, 3, 300), "x": rng.normal(size=300)})
    df["y"] = df.t + df.x + rng.normal(size=300)
    with pytest.raises(ToolInputError, match="binary or continuous.*multivalued.*linear_regression"):
        estimate(df, "t", "y", ["x"], method="dml")


@pytest.mark.parametrize("method", ["s_learner", "t_learner", "x_learner"])
def test_meta_learners_have_bootstrap_cis(method):
    df, truth = heterogeneous(n=1500, seed=2)
    r = estimate(df, "t", "y", ["x", "z"], method=method, estimand="CATE", subgroup="z", n_bootstrap=30, seed=3)
    assert r.covers(truth["ATE"]) and abs(r.estimate - truth["ATE"]) < 0.25
    rows = {s["level"]: s for s in r.subgroups}
    for level in ("0", "1"):
        assert rows[level]["ci_low"] < rows[level]["estimate"] < rows[level]["ci_high"]
        assert abs(rows[level]["estimate"] - truth[f"z={level}"]) < 0.3
    assert r.details["n_bootstrap"] == 30
    again = estimate(df, "t", "y", ["x", "z"], method=method, estimand="CATE", subgroup="z", n_bootstrap=30, seed=3)
    assert again.to_dict() == r.to_dict()


def test_t_learner_recovers_nonlinear_effect_function():
    rng = np.random.default_rng(4)
    n = 4000
    X = rng.normal(size=(n, 2))
    t = rng.binomial(1, 0.5, n).astype(float)
    tau = 1 + X[:, 0] ** 2
    y = X[:, 1] + tau * t + rng.normal(scale=0.5, size=n)
    est = unit_effects(MetaLearner.T, X, t, y, seed=0)
    assert np.corrcoef(est, tau)[0, 1] > 0.95


def test_ridge_poly_fits_quadratic():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(500, 3))
    y = 1 + X[:, 0] - 2 * X[:, 1] * X[:, 2] + 0.5 * X[:, 0] ** 2
    pred = RidgePoly().fit(X, y).predict(X)
    assert np.max(np.abs(pred - y)) < 0.05
