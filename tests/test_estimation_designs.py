"""Ground-truth tests for the design-based estimators: difference-in-differences and
regression discontinuity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tools.base import DataError, ToolInputError
from tools.estimation.did import demean_two_way
from tools.estimation.estimate import estimate
from tools.estimation.rdd import ik_bandwidth, infer_cutoff, jump_at


def two_by_two(n_units: int = 1500, effect: float = 2.5, seed: int = 0) -> pd.DataFrame:
    """Treated units start 3 higher (selection on levels) and the post period adds 1 for all."""
    rng = np.random.default_rng(seed)
    group = rng.binomial(1, 0.4, n_units)
    level = rng.normal(size=n_units) + 3 * group
    rows = []
    for post in (0, 1):
        y = level + 1.0 * post + effect * group * post + rng.normal(size=n_units)
        rows.append(pd.DataFrame({"unit": np.arange(n_units), "post": post, "group": group, "y": y,
                                  "age": rng.integers(20, 60, n_units)}))
    return pd.concat(rows, ignore_index=True)


def panel(n_units: int = 120, n_periods: int = 8, effect: float = 3.0, staggered: bool = False,
          seed: int = 1) -> pd.DataFrame:
    """Unit and period fixed effects; treatment switches on at period 4 (or 3/5 if staggered)
    for units whose fixed effect is high (so a naive comparison is biased)."""
    rng = np.random.default_rng(seed)
    unit_fe = rng.normal(size=n_units) * 2
    treated = unit_fe > np.median(unit_fe)
    start = np.where(rng.random(n_units) < 0.5, 3, 5) if staggered else np.full(n_units, 4)
    rows = []
    for i in range(n_units):
        for p in range(n_periods):
            d = int(treated[i] and p >= start[i])
            rows.append((i, 2000 + p, d, unit_fe[i] + 0.5 * p + effect * d + rng.normal()))
    return pd.DataFrame(rows, columns=["unit", "year", "d", "y"])


def test_canonical_did_recovers_att():
    df = two_by_two()
    r = estimate(df, "group", "y", design="did", post="post", unit="unit")
    assert abs(r.estimate - 2.5) < 0.15 and r.covers(2.5)
    assert r.estimand == "ATT" and r.details["design"] == "2x2" and r.details["n_clusters"] == 1500
    assert any("Parallel trends" in a for a in r.assumptions)
    naive = estimate(df[df.post == 1], "group", "y", method="difference_in_means")
    assert naive.estimate - 2.5 > 2.0  # the level difference biases a post-only comparison


def test_canonical_did_with_post_only_treatment_column_uses_ever_treated():
    df = two_by_two(seed=2)
    df["d"] = df.group * df.post  # treatment "on" only after it starts
    r = estimate(df, "d", "y", design="did", post="post", unit="unit")
    assert r.covers(2.5)
    assert any("ever treated" in note for note in r.details["data_notes"])
    with pytest.raises(DataError, match="pass unit="):
        estimate(df, "d", "y", design="did", post="post")


def test_twfe_recovers_effect_and_clusters_by_unit():
    df = panel()
    r = estimate(df, "d", "y", design="did", time="year", unit="unit")
    assert abs(r.estimate - 3.0) < 0.2 and r.covers(3.0)
    assert r.details["design"] == "two-way fixed effects" and r.details["n_clusters"] == 120
    assert not r.warnings
    pooled = estimate(df, "d", "y", method="linear_regression")
    assert abs(pooled.estimate - 3.0) > 1.0  # unit fixed effects matter


def test_twfe_warns_on_staggered_adoption_and_absorbs_time_invariant_covariates():
    df = panel(staggered=True, seed=3)
    df["region"] = df.unit % 3  # constant within unit: absorbed by the unit effects
    r = estimate(df, "d", "y", ["region"], design="did", time="year", unit="unit")
    assert r.covers(3.0)  # constant effect: staggering does not bias here, but we warn
    assert any("Staggered adoption" in w for w in r.warnings)
    assert any("absorbed" in note for note in r.details["data_notes"])


def test_did_needs_its_arguments():
    df = panel()
    with pytest.raises(ToolInputError, match="post=.*time=.*unit="):
        estimate(df, "d", "y", design="did")


def test_demeaning_matches_dummy_regression_on_unbalanced_panel():
    df = panel(n_units=30, n_periods=5).sample(frac=0.85, random_state=0)
    within = demean_two_way(df[["y", "d"]].to_numpy(float), df.unit.to_numpy(), df.year.to_numpy())
    slope = (within[:, 0] @ within[:, 1]) / (within[:, 1] @ within[:, 1])
    dummies = pd.get_dummies(df[["unit", "year"]].astype(str), drop_first=True, dtype=float)
    X = np.column_stack([np.ones(len(df)), df.d, dummies])
    beta = np.linalg.lstsq(X, df.y.to_numpy(), rcond=None)[0]
    assert slope == pytest.approx(beta[1], rel=1e-6)


def rdd_data(n: int = 3000, cutoff: float = 0.3, effect: float = 2.0, fuzzy: bool = False, seed: int = 4,
             below: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, n)
    eligible = (x < cutoff) if below else (x >= cutoff)
    t = rng.binomial(1, np.where(eligible, 0.8, 0.2)) if fuzzy else eligible.astype(int)
    y = 1 + 2 * x + 0.5 * x ** 2 + effect * t + rng.normal(scale=0.5, size=n)
    return pd.DataFrame({"score": x, "t": t, "y": y, "age": rng.integers(18, 80, n)})


def test_sharp_rdd_recovers_jump():
    r = estimate(rdd_data(), "t", "y", design="rdd", running="score", cutoff=0.3)
    assert abs(r.estimate - 2.0) < 0.2 and r.covers(2.0)
    assert r.details["sharp"] and r.estimand == "ATE at the cutoff"
    assert 0.05 < r.details["bandwidth"] < 1.5
    assert any("Continuity" in a for a in r.assumptions)


def test_rdd_treated_below_cutoff_and_inferred_cutoff():
    df = rdd_data(below=True, seed=5)
    r = estimate(df, "t", "y", design="rdd", running="score")
    assert r.details["cutoff"] == pytest.approx(0.3, abs=0.01)
    assert r.details["treated_side"] == "below"
    assert r.covers(2.0) and r.estimate > 0
    assert any("cutoff inferred" in note for note in r.details["data_notes"])


def test_fuzzy_rdd_scales_by_takeup():
    r = estimate(rdd_data(fuzzy=True, n=6000, seed=6), "t", "y", design="rdd", running="score", cutoff=0.3)
    assert not r.details["sharp"] and r.estimand.startswith("LATE")
    assert 0.4 < r.details["first_stage_jump"] < 0.8
    assert r.covers(2.0) and abs(r.estimate - 2.0) < 0.6


def test_infer_cutoff_picks_simplest_number_and_ik_bandwidth_shrinks_with_n():
    x = np.array([1.2, 2.5, 3.9, 4.1, 5.0, 6.3])
    assert infer_cutoff(x, (x >= 4).astype(float)) == (4.0, 1.0)
    small, large = rdd_data(n=1000, seed=7), rdd_data(n=20000, seed=7)
    h_small = ik_bandwidth(small.score.to_numpy() - 0.3, small.y.to_numpy())
    h_large = ik_bandwidth(large.score.to_numpy() - 0.3, large.y.to_numpy())
    assert h_large < h_small
    smooth = rdd_data(effect=0.0, seed=8)
    jump, se = jump_at(smooth.score.to_numpy(), smooth.y.to_numpy(), 0.3)
    assert abs(jump) < 3 * se
