"""Multiple-choice questions whose options name variables or diagrams always get a letter,
and the letter the simulated graph implies."""

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from agent.query import Option
from agent.choice import choose_variables, option_sets
from memory.store import InMemoryGraphStore


@pytest.fixture(scope="module")
def world():
    """diet -> weight <- exercise (a collider at weight), weight -> bp; noise independent of everything."""
    rng = np.random.default_rng(3)
    n = 3000
    a, b, noise = rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)
    y = 0.8 * a + 0.8 * b + rng.normal(size=n)
    z = 0.9 * y + rng.normal(size=n)
    return pd.DataFrame({"diet": a, "exercise": b, "weight": y, "bp": z, "noise": noise})


def _ask(df, question):
    return CausalAgent(store=InMemoryGraphStore(), seed=0).analyze(df, question)


def test_which_is_a_cause_picks_the_option_naming_the_graphs_causes(world):
    res = _ask(world, "Which of the following is a cause of weight? A. noise B. diet and exercise C. bp D. none of them")
    assert res.answer == "B" and res.kind == "causes_of"


def test_which_is_affected_picks_the_descendants(world):
    res = _ask(world, "Which of these is affected by weight? A. diet B. bp only C. noise. Answer with one letter.")
    assert res.answer == "B" and res.kind == "effects_of"


def test_which_mediates_picks_the_variable_on_the_path(world):
    res = _ask(world, "Which variable mediates the effect of diet on bp? A. noise B. exercise C. weight")
    assert res.answer == "C" and res.kind == "mediator"


def test_which_diagram_fits_the_data_picks_the_collider(world):
    res = _ask(world, "Which DAG is most consistent with the data on diet, weight and exercise? A. diet -> weight -> "
                      "exercise B. diet -> weight <- exercise C. weight -> diet -> exercise. Please answer with A, B, or C.")
    assert res.answer == "B" and res.kind == "graph"


def test_neither_and_both_options_are_sets():
    options = [Option(letter="A", text="x1", variables=["x1"]), Option(letter="B", text="x2", variables=["x2"]),
               Option(letter="C", text="both"), Option(letter="D", text="neither")]
    assert option_sets(options) == {"A": {"x1"}, "B": {"x2"}, "C": {"x1", "x2"}, "D": set()}
    assert choose_variables(options, {"x1", "x2", "other"}, "causes").letter == "C"
    assert choose_variables(options, {"other"}, "causes").letter == "D"
    closest = choose_variables(options[:2], {"x1", "x2"}, "causes")  # no 'both' offered: forced to choose
    assert closest.letter in ("A", "B") and not closest.exact
