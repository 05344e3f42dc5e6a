"""Design recognition: each design needs its structure in the data (and, where the data
cannot show it, words in the description); ordinary observational data gets none."""

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from agent.query import Query
from agent.result import QuestionKind
from memory.store import InMemoryGraphStore
from tools.design.model import DesignInput, StudyDesign
from tools.design.recognise import recognise


def detect_design(df, q, text):
    """The recognised design, or None for a plain observational table."""
    found = recognise(DesignInput(df, q.treatment, q.outcome, text))
    return None if found.uses_graph else found


def _q(t, y):
    return Query(kind=QuestionKind.EFFECT, variables=[t, y], treatment=t, outcome=y, raw="")


def test_sharp_discontinuity_is_recognised_and_estimated():
    rng = np.random.default_rng(0)
    score = rng.uniform(0, 100, 3000)
    treated = (score >= 60).astype(int)
    outcome = 0.05 * score + 3.0 * treated + rng.normal(size=3000)
    df = pd.DataFrame({"score": score, "treated": treated, "outcome": outcome})
    choice = detect_design(df, _q("treated", "outcome"), "Students were admitted by test score.")
    assert choice.name == "rdd" and choice.estimate_args["running"] == "score"
    assert abs(choice.estimate_args["cutoff"] - 60) < 0.5
    res = CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the effect of treated on outcome?")
    assert abs(res.effect.estimate - 3.0) < 0.3 and any("Continuity" in a for a in res.assumptions)


def test_did_needs_words_and_a_post_column():
    rng = np.random.default_rng(1)
    units = 2000
    unit = np.repeat(np.arange(units), 2)              # each unit observed before and after
    post = np.tile([0, 1], units)
    group = np.repeat(rng.integers(0, 2, units), 2)    # treated units, fixed over time
    level = np.repeat(rng.normal(size=units), 2)       # unit effects
    y = 1.0 + 2.0 * group + level + 1.5 * post + 4.0 * group * post + rng.normal(size=2 * units)
    df = pd.DataFrame({"unit_id": unit, "post_policy": post, "program": group, "y": y})
    assert detect_design(df, _q("program", "y"), "A survey of households.") is None
    text = "Outcomes were measured before and after the policy was introduced."
    choice = detect_design(df, _q("program", "y"), text)
    assert choice.name == "did" and choice.estimate_args["post"] == "post_policy"
    res = CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the effect of program on y?", description=text)
    assert abs(res.effect.estimate - 4.0) < 0.3


def test_randomized_words_drop_imbalanced_covariates():
    rng = np.random.default_rng(2)
    n = 3000
    age = rng.normal(40, 10, n)
    arm = rng.integers(0, 2, n)
    mediator = 2.0 * arm + rng.normal(size=n)  # affected by treatment: must not be adjusted for
    y = 1.0 * arm + 0.5 * mediator + 0.1 * age + rng.normal(size=n)
    df = pd.DataFrame({"age": age, "arm": arm, "mediator": mediator, "y": y})
    choice = detect_design(df, _q("arm", "y"), "In a randomized experiment, participants were ...")
    assert choice.name == "randomized" and choice.estimate_args["adjust_for"] == ["age"]


def test_plain_observational_data_gets_no_design():
    rng = np.random.default_rng(3)
    z = rng.normal(size=2000)
    t = (z + rng.normal(size=2000) > 0).astype(int)
    y = 2.0 * t + z + rng.normal(size=2000)
    df = pd.DataFrame({"z": z, "t": t, "y": y})
    assert detect_design(df, _q("t", "y"), "Observational records of patients.") is None


def test_randomised_invitation_is_an_instrument_not_a_randomised_treatment():
    """'Randomly selected people were invited': the invitation is random, the uptake is not."""
    rng = np.random.default_rng(5)
    n = 4000
    age, motivation = rng.normal(size=n), rng.normal(size=n)   # motivation is unmeasured
    invited = rng.integers(0, 2, n)
    attended = ((0.9 * invited + 0.8 * motivation + 0.3 * age + rng.normal(size=n)) > 0.6).astype(int)
    score = 3.0 * attended + 2.0 * motivation + 0.5 * age + rng.normal(size=n)
    df = pd.DataFrame({"age": age, "invited_to_workshop": invited, "attended": attended, "score": score})
    text = ("A randomized field experiment: randomly selected residents received an invitation "
            "(invited_to_workshop) encouraging them to attend.")
    choice = detect_design(df, _q("attended", "score"), text)
    assert choice.name == "iv" and choice.estimate_args["instrument"] == "invited_to_workshop"
    assert choice.estimate_args["adjust_for"] == ["age"]
    res = CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the effect of attended on score?",
                                                          description=text)
    assert "2SLS" in res.effect.method and abs(res.effect.estimate - 3.0) < 0.45
    # The same words without randomisation are not enough for an instrument.
    assert detect_design(df, _q("attended", "score"), "Residents received an invitation to attend.") is None


def test_staggered_panel_is_two_way_fixed_effects_with_any_time_column_name():
    rng = np.random.default_rng(6)
    units, years = 80, 10
    unit = np.repeat(np.arange(units), years)
    year = np.tile(np.arange(2010, 2010 + years), units)
    start = np.repeat(rng.choice([2013, 2015, 2017, 9999], units), years)   # 9999: never treated
    treated = (year >= start).astype(int)
    y = np.repeat(rng.normal(size=units), years) + 0.3 * (year - 2010) + 2.5 * treated + rng.normal(size=units * years)
    df = pd.DataFrame({"worker_id": unit, "survey_year": year, "training": treated, "wage": y})
    text = "Workers enrolled in training at various times over the decade."
    choice = detect_design(df, _q("training", "wage"), text)
    assert choice.name == "did" and choice.estimate_args == {"time": "survey_year", "unit": "worker_id",
                                                            "method": "did"}
    # A panel whose treatment never switches within a unit is not a DiD design.
    fixed = df.assign(training=(df.worker_id % 2).astype(int))
    assert detect_design(fixed, _q("training", "wage"), text) is None


def _lottery_data(seed=7, n=3000):
    rng = np.random.default_rng(seed)
    ability, lottery = rng.normal(size=n), rng.binomial(1, 0.5, size=n)
    schooling = 1.0 * lottery + 0.9 * ability + rng.normal(size=n)
    return pd.DataFrame({"lottery": lottery, "schooling": schooling, "age": rng.normal(40, 5, n),
                         "earnings": 1.5 * schooling + 1.2 * ability + rng.normal(size=n)})


@pytest.mark.parametrize("text, expected", [
    ("Admission was decided by a lottery, which affects earnings only through schooling.", StudyDesign.INSTRUMENT),
    ("lottery: whether the person won the admission lottery.", StudyDesign.INSTRUMENT),
    ("Places were allocated by lottery; winners got more schooling.", StudyDesign.INSTRUMENT),
    ("lottery is the person's lottery number.", StudyDesign.OBSERVATIONAL),  # a name is not a design
    ("", StudyDesign.OBSERVATIONAL),
])
def test_an_instrument_described_in_words_is_recognised(text, expected):
    found = recognise(DesignInput(_lottery_data(), "schooling", "earnings", text))
    assert found.design is expected
    if expected is StudyDesign.INSTRUMENT:
        assert found.estimate_args["instrument"] == "lottery" and "description" in found.assumption


def test_a_described_exclusion_needs_a_first_stage():
    df = _lottery_data()
    df["lottery"] = np.random.default_rng(1).binomial(1, 0.5, len(df))  # unrelated to schooling
    found = recognise(DesignInput(df, "schooling", "earnings", "lottery affects earnings only through schooling."))
    assert found.design is StudyDesign.OBSERVATIONAL


@pytest.mark.parametrize("words", ["The quitters here weren't randomized.", "Participants were not randomly assigned.",
                                   "This was not an experiment: people chose the programme themselves."])
def test_negated_randomisation_is_not_a_randomised_design(words):
    from tools.design.detectors import detect_randomized
    from tools.design.model import DesignInput

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"t": rng.integers(0, 2, 500), "y": rng.normal(size=500), "x": rng.normal(size=500)})
    assert isinstance(detect_randomized(DesignInput(df, "t", "y", words)), str)
    assert not isinstance(detect_randomized(DesignInput(df, "t", "y", "Participants were randomized to t.")), str)
