"""Design recognition: each design needs its structure in the data (and, where the data
cannot show it, words in the description); ordinary observational data gets none."""

import numpy as np
import pandas as pd

from agent import CausalAgent
from agent.design import detect_design
from agent.query import Query
from agent.result import QuestionKind
from memory.store import InMemoryGraphStore


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
