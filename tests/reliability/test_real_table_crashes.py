"""Issue 19 (10): shapes of published replication tables that used to crash: pandas
Categorical columns reaching numeric steps, and columns never observed together (causal-learn's
test-wise deletion asserted). Each now works around the problem and says so."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from memory.store import InMemoryGraphStore
from tools.independence import ci_test

pytestmark = pytest.mark.time_limit(120)


def table(n=600, seed=0):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=n)
    x = (z + rng.normal(size=n) > 0).astype(int)
    region = rng.choice(["north", "south", "east"], n)
    shift = pd.Series(region).map({"north": 0.0, "south": 1.0, "east": -1.0}).to_numpy()
    return pd.DataFrame({"z": z, "x": x, "y": 2 * x + z + shift + rng.normal(size=n),
                         "region": pd.Categorical(region),
                         "grade": pd.Categorical(rng.choice([1, 2, 3], n), ordered=True)})


@pytest.mark.parametrize("question", ["What is the effect of x on y?", "What causes y?", "Show the causal graph",
                                      "Are region and y independent?", "Are grade and y independent given z?"])
def test_categorical_columns_do_not_crash_any_question(question):
    res = CausalAgent(store=InMemoryGraphStore()).analyze(table(), question)
    assert res.answer and res.answer != "uncertain"


def test_a_text_column_with_several_levels_is_tested_against_a_number_by_an_f_test():
    df = table()
    dependent = ci_test(df, "region", "y")
    assert not dependent.independent and "F-test of its dummies" in dependent.note
    assert ci_test(df, "grade", "y", ["z"]).independent  # grade is noise


def test_columns_never_observed_together_are_dropped_with_the_reason():
    df = table()[["z", "x", "y"]].copy()
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=len(df)), rng.normal(size=len(df))
    a[:300], b[300:] = np.nan, np.nan
    df["a"], df["b"] = a, b
    for question in ("What is the effect of x on y?", "Show the causal graph"):
        res = CausalAgent(store=InMemoryGraphStore()).analyze(df, question)
        assert any("observed together with" in w and "0 rows" in w for w in res.warnings)
    assert abs(CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the effect of x on y?").effect.estimate
               - 2.0) < 0.5


def test_a_text_outcome_with_several_levels_is_refused_before_any_work():
    df = table()
    df["grade_text"] = pd.Series(np.where(df.y > 1, "high", np.where(df.y > -1, "mid", "low")))
    steps = []
    with pytest.raises(ValueError, match=r"text with 3 levels .*Recode it first"):
        CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the effect of x on grade_text?",
                                                        on_step=steps.append)
    assert steps == []  # nothing ran


def test_a_categorical_outcome_of_numbers_is_used_as_numbers():
    df = table()
    df["score"] = pd.Categorical(np.round(df.y).astype(int))
    res = CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the effect of x on score?")
    assert res.effect is not None and abs(res.effect.estimate - 2.0) < 0.5  # not refused as 'text'



def test_a_saved_row_index_is_an_identifier_not_a_covariate():
    """A CSV saved with pandas' index ('Unnamed: 0', 1..n) and sorted by the outcome (as the Mroz
    table is): adjusting for the row number would absorb the effect. It is an identifier."""
    df = table().sort_values("y").reset_index(drop=True)
    df.insert(0, "Unnamed: 0", np.arange(1, len(df) + 1))
    df.insert(1, "rownum", np.arange(1, len(df) + 1))  # the same without the telltale name
    res = CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the effect of x on y?")
    assert "Unnamed: 0" not in res.effect.adjustment_set and "rownum" not in res.effect.adjustment_set
    assert abs(res.effect.estimate - 2.0) < 0.5
