"""Sample restrictions and answer scales in words people use (issue 16): counts and comparisons,
'aged 30 or over', years, women/men, thousands, and a percentage of the control group's mean."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from agent.query_parser import parse_question
from memory.store import InMemoryGraphStore

COLS = ["treated", "sales", "employees", "year", "female", "age", "income"]


@pytest.mark.parametrize("question, expected", [
    ("What is the effect of treated on sales, only for firms with more than 50 employees?", [("employees", ">", 50.0)]),
    ("What is the effect of treated on sales for people with income greater than 50000?", [("income", ">", 50000.0)]),
    ("What's the impact of treated on sales for people aged 30 or over?", [("age", ">=", 30.0)]),
    ("What is the effect of treated on sales for those over the age of 40?", [("age", ">", 40.0)]),
    ("Effect of treated on sales excluding 2020.", [("year", "!=", 2020.0)]),
    ("Estimate the effect of treated on sales in the years after 2015.", [("year", ">", 2015.0)]),
    ("What is the effect of treated on sales from 2010 to 2015?", [("year", ">=", 2010.0), ("year", "<=", 2015.0)]),
    ("What is the effect of treated on sales among women?", [("female", "==", 1.0)]),
    ("What is the effect of treated on sales for male workers only?", [("female", "==", 0.0)]),
    ("What is the effect of treated on sales for men and women separately?", []),
    ("What is the effect of treated on sales in the 2019 survey with 2,015 firms?", []),
])
def test_restrictions_in_plain_words(question, expected):
    q = parse_question(question, COLS)
    assert (q.treatment, q.outcome) == ("treated", "sales")
    assert [(c.column, c.op, c.value) for c in q.restrict] == expected


def test_sex_written_as_text_or_as_the_other_indicator():
    assert [(c.column, c.value) for c in parse_question("Effect of t on y among women.", ["t", "y", "sex"]).restrict] \
        == [("sex", "female")]
    assert [(c.column, c.value) for c in parse_question("Effect of t on y among women.", ["t", "y", "male"]).restrict] \
        == [("male", 0.0)]


@pytest.fixture(scope="module")
def earnings() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 2000
    t = (rng.random(n) < 0.5).astype(int)
    return pd.DataFrame({"t": t, "earnings": 20000 + 3000 * t + rng.normal(0, 2000, n),
                         "year": rng.choice([2018, 2019, 2020, 2021], n)})


def _ask(df: pd.DataFrame, question: str):
    return CausalAgent(store=InMemoryGraphStore()).analyze(df, question)


def test_in_thousands(earnings):
    res = _ask(earnings, "What is the effect of t on earnings, in thousands of dollars?")
    assert res.value == pytest.approx(3.0, abs=0.2)
    assert "in thousands" in res.explanation


def test_percent_of_the_control_mean(earnings):
    res = _ask(earnings, "What is the effect of t on earnings as a percent change relative to the control group mean?")
    control = earnings.loc[earnings.t == 0, "earnings"].mean()
    assert res.value == pytest.approx(100 * res.effect.estimate / control, rel=1e-9)
    assert res.value == pytest.approx(15.0, abs=1.0)


def test_excluding_a_year_drops_its_rows(earnings):
    res = _ask(earnings, "What is the effect of t on earnings, excluding 2020?")
    assert res.effect.n == int((earnings.year != 2020).sum())


@pytest.mark.parametrize("question, pair, sign", [
    ("How many days does treated cut from stay? Give the answer as a positive number of days.", ("treated", "stay"), -1),
    ("How many days does treated shave off stay?", ("treated", "stay"), 1),
    ("What is the change in stay caused by treated?", ("treated", "stay"), 1),
    ("How much does treated save in cost? Report it as a positive number.", ("treated", "cost"), -1),
    ("How much lower is cost for treated patients?", ("treated", "cost"), 1),
    ("Is cost affected by treated?", ("treated", "cost"), 1),
])
def test_cause_and_effect_in_verbs_and_the_sign_asked_for(question, pair, sign):
    q = parse_question(question, ["treated", "stay", "age", "cost"])
    assert (q.treatment, q.outcome) == pair and q.scale == sign


def test_an_adjustment_set_that_fixes_the_outcome_is_refused_not_a_zero():
    rng = np.random.default_rng(4)
    n = 500
    w71 = rng.normal(70, 10, n)
    quit_ = (rng.random(n) < 0.3).astype(int)
    w82 = w71 + 3 * quit_ + rng.normal(0, 5, n)
    df = pd.DataFrame({"qsmk": quit_, "wt71": w71, "wt82": w82, "wt82_71": w82 - w71})
    res = _ask(df, "What is the effect of qsmk on wt82_71, controlling for wt71 and wt82?")
    assert res.value is None or res.value != 0
    assert res.effect is None
    assert any("exact linear function of the adjustment set (wt82, wt71" in s.observation for s in res.steps)
    ok = _ask(df, "What is the effect of qsmk on wt82_71, controlling for wt71?")
    assert ok.value == pytest.approx(3.0, abs=1.0)


def test_a_frame_note_does_not_quote_a_dangling_parenthesis():
    q = parse_question("Does being late on payment in April (LateApril) make someone more likely to be late in "
                       "September (LateSept)?", ["LateSept", "LateApril", "BillApril", "AGE"])
    assert (q.treatment, q.outcome) == ("LateApril", "LateSept")
    assert not any("(late" in a for a in q.assumptions)
