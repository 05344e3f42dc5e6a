"""An instrument the language model reads from the description is used (2SLS), its
untestable assumption is stated, and a weak or invalid proposal cannot force a number."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from memory.store import InMemoryGraphStore
from tests.fakes.chat_models import ScriptedChatModel, text_reply, tool_call

QUESTION = "Does the new drug improve recovery?"
DESCRIPTION = ("Patients' age and bmi; 'drug' is 1 when the new drug was given; 'recovery' is the recovery score; "
               "'doctor_experience' is the years of experience of the treating doctor.")
TRUE_EFFECT = 2.0


@pytest.fixture(scope="module")
def confounded_iv_data() -> pd.DataFrame:
    """doctor_experience -> drug -> recovery, with an unmeasured frailty driving drug and recovery."""
    rng = np.random.default_rng(3)
    n = 4000
    age, bmi, frailty = rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)
    experience = rng.normal(size=n)
    drug = 0.8 * experience + 0.5 * age + 1.0 * frailty + rng.normal(size=n)
    recovery = TRUE_EFFECT * drug + 0.7 * age - 0.5 * bmi + 1.5 * frailty + rng.normal(size=n)
    return pd.DataFrame({"age": age, "bmi": bmi, "doctor_experience": experience, "drug": drug,
                         "recovery": recovery})


def _extract(**extra) -> object:
    return tool_call("extract_query", {"kind": "effect", "variables": ["drug", "recovery"], "treatment": "drug",
                                       "outcome": "recovery", **extra})


def _run(df: pd.DataFrame, *responses):
    agent = CausalAgent(llm=ScriptedChatModel(responses=list(responses)), store=InMemoryGraphStore(),
                        llm_backoff_s=0.0, llm_narrative=False)
    return agent.analyze(df, QUESTION, description=DESCRIPTION)


def test_instrument_read_by_the_model_gives_the_iv_estimate_and_states_the_assumption(confounded_iv_data):
    res = _run(confounded_iv_data, _extract(instrument="doctor_experience"), text_reply("Done."))
    assert res.effect is not None and "2SLS" in res.effect.method
    assert abs(res.effect.estimate - TRUE_EFFECT) <= 0.1 * TRUE_EFFECT
    assert res.effect.ci_low <= TRUE_EFFECT <= res.effect.ci_high
    assert any("doctor_experience" in a and "language model" in a for a in res.assumptions)


def test_without_the_instrument_adjustment_is_biased_here(confounded_iv_data):
    """The control: the same data without the model's reading do not give the IV number."""
    res = _run(confounded_iv_data, _extract(), text_reply("Done."))
    assert res.effect is None or abs(res.effect.estimate - TRUE_EFFECT) > 0.1 * TRUE_EFFECT


def test_a_proposed_instrument_that_does_not_move_the_treatment_gives_no_number(confounded_iv_data):
    res = _run(confounded_iv_data, _extract(instrument="bmi"), text_reply("Done."))
    assert res.effect is None
    assert "Weak instrument" in res.explanation and "first-stage F" in res.explanation


def test_instrument_named_only_in_the_description_under_the_prompted_route():
    """Issue 18: hidden confounding, the instrument only described; a scripted model that
    follows the prompt (extract without an instrument, run_standard_route) gets the 2SLS number."""
    rng = np.random.default_rng(7)
    n = 4000
    ability, lottery = rng.normal(size=n), rng.binomial(1, 0.5, size=n)
    schooling = 1.0 * lottery + 0.9 * ability + rng.normal(size=n)
    df = pd.DataFrame({"lottery": lottery, "schooling": schooling, "age": rng.normal(40, 5, n),
                       "earnings": 1.5 * schooling + 1.2 * ability + rng.normal(size=n)})
    model = ScriptedChatModel(responses=[
        tool_call("extract_query", {"kind": "effect", "variables": ["schooling", "earnings"],
                                    "treatment": "schooling", "outcome": "earnings"}),
        tool_call("run_standard_route", {"reason": "Follow the expert route."}), text_reply("Done.")])
    res = CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.0, llm_narrative=False).analyze(
        df, "What is the effect of schooling on earnings?",
        description="School places were allocated by lottery, which affects earnings only through schooling.")
    assert res.planner != "offline" and res.effect.method == "2SLS"
    assert abs(res.effect.estimate - 1.5) < 0.1  # adjustment would give about 2.1
    assert any("lottery" in a and "exclusion" in a for a in res.assumptions)
