"""Issue 23: several instruments, some invalid. Ground truth: effect 1.5; z3 and z4 also move the
outcome directly (invalid), z0-z2 are valid."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from agent.query_parser import parse_question
from memory.store import InMemoryGraphStore
from tools.estimation.iv_robust import check_instruments, weighted_median

TRUE_EFFECT = 1.5
NAMES = [f"z{i}" for i in range(5)]


def _data(direct=(0.0, 0.0, 0.0, 0.8, -0.6), seed: int = 0, n: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    z, u = rng.normal(size=(n, 5)), rng.normal(size=n)
    d = z @ np.array([0.5, 0.4, 0.6, 0.5, 0.4]) + u + rng.normal(size=n)
    y = TRUE_EFFECT * d + z @ np.array(direct) + 2 * u + rng.normal(size=n)
    return pd.DataFrame(z, columns=NAMES).assign(d=d, y=y)


def _check(df: pd.DataFrame):
    return check_instruments(df.d.to_numpy(), df.y.to_numpy(), df[NAMES].to_numpy(), np.empty((len(df), 0)), NAMES)


def test_weighted_median_follows_the_weight():
    b = np.array([1.0, 2.0, 3.0])
    assert weighted_median(b, np.ones(3)) == pytest.approx(2.0)
    assert weighted_median(b, np.array([1.0, 1.0, 10.0])) > 2.7


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_two_invalid_instruments_are_named_and_set_aside(seed):
    check = _check(_data(seed=seed))
    assert check.sargan_p < 1e-3 and check.sargan_df == 4
    assert sorted(check.invalid) == ["z3", "z4"] and sorted(check.valid) == ["z0", "z1", "z2"]
    assert check.post_selection == pytest.approx(TRUE_EFFECT, abs=0.12)
    assert check.weighted_median == pytest.approx(TRUE_EFFECT, abs=0.2)


def test_valid_instruments_pass_the_test_and_nothing_is_set_aside():
    check = _check(_data(direct=(0.0,) * 5, seed=3))
    assert check.sargan_p > 0.05 and check.invalid == [] and check.post_selection is None
    assert check.weighted_median == pytest.approx(TRUE_EFFECT, abs=0.2) and check.weighted_median_se > 0


@pytest.mark.parametrize("question", [
    "What is the effect of d on y, using z0, z1, z2, z3 and z4 as instruments?",
    "Estimate the effect of d on y with instruments z0, z1, z2, z3, z4.",
    "What is the effect of d on y? Instrument d with z0, z1, z2, z3 and z4.",
])
def test_questions_naming_several_instruments_keep_them_all(question):
    q = parse_question(question, NAMES + ["d", "y"])
    assert (q.treatment, q.outcome, q.instruments) == ("d", "y", NAMES)


def test_through_analyze_the_answer_sets_the_invalid_instruments_aside():
    df = _data()
    res = CausalAgent(store=InMemoryGraphStore()).analyze(
        df, "What is the effect of d on y, using z0, z1, z2, z3 and z4 as instruments?")
    assert res.value == pytest.approx(TRUE_EFFECT, abs=0.12)
    assert res.effect.details["all_instruments_estimate"] > TRUE_EFFECT + 0.07   # 2SLS on all is biased
    assert any("z3, z4 judged invalid" in w for w in res.effect.warnings)
    assert any(a.startswith("Over-identification (Sargan)") for a in res.assumptions)


def test_all_other_variables_as_controls_leaves_every_instrument_out():
    q = parse_question("What is the effect of d on y using z0, z1 and z2 as instruments, controlling for all other "
                       "variables?", NAMES + ["d", "y", "w"])
    assert q.instruments == ["z0", "z1", "z2"] and q.controls == ["z3", "z4", "w"]
