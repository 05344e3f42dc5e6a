"""Issue 16: "Should we control for V?" answers yes/no with V's causal role, from the user's
graph, time order, the learned graph or the data — never with an effect number."""

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from agent.query_parser import parse_question
from memory.graph import CausalGraph
from memory.store import InMemoryGraphStore
from tools.covariates.advice import Reason, role_in_graph


def _world(seed=0, n=3000):
    """c confounds t and y; z is an instrument; p causes y only; t -> m -> y; col = t + y;
    a1 -> mb <- a2 with a1 -> t and a2 -> y (M-bias); d is a child of y."""
    rng = np.random.default_rng(seed)
    c, z, p, a1, a2 = (rng.normal(size=n) for _ in range(5))
    t = c + z + a1 + rng.normal(size=n)
    m = t + rng.normal(size=n)
    y = m + c + p + a2 + rng.normal(size=n)
    col = t + y + rng.normal(size=n)
    mb = a1 + a2 + rng.normal(size=n)
    d = y + rng.normal(size=n)
    return pd.DataFrame(dict(c=c, z=z, p=p, a1=a1, a2=a2, t=t, m=m, y=y, col=col, mb=mb, d=d))


GRAPH = ["c -> t", "c -> y", "z -> t", "a1 -> t", "a2 -> y", "t -> m", "m -> y", "p -> y", "t -> col", "y -> col",
         "a1 -> mb", "a2 -> mb", "y -> d"]
TRUTH = {"c": ("yes", Reason.CONFOUNDER), "z": ("no", Reason.INSTRUMENT), "p": ("yes (optional)", Reason.PRECISION),
         "m": ("no", Reason.MEDIATOR), "col": ("no", Reason.COLLIDER), "mb": ("no", Reason.M_BIAS),
         "d": ("no", Reason.DESCENDANT), "a1": ("no", Reason.INSTRUMENT)}


@pytest.fixture(scope="module")
def world():
    return _world()


@pytest.mark.parametrize("v", list(TRUTH))
def test_with_the_users_graph_every_role_gets_its_answer(world, v):
    res = CausalAgent(store=InMemoryGraphStore()).analyze(
        world, f"Should we control for {v} when estimating the effect of t on y?", graph=GRAPH)
    answer, reason = TRUTH[v]
    assert res.kind == "adjustment" and res.answer == answer
    assert res.details["tool_results"]["advise_adjustment"]["reason"] == reason.value
    assert res.effect is None  # advice, not an effect number


@pytest.mark.parametrize("v, answer", [("c", "yes"), ("z", "no"), ("p", "yes (optional)"), ("m", "no"),
                                       ("col", "no"), ("d", "no")])
def test_without_a_graph_time_order_learned_graph_and_data_decide(world, v, answer):
    res = CausalAgent(store=InMemoryGraphStore()).analyze(
        world.drop(columns=["mb", "a1", "a2"]), f"Should we control for {v} when estimating the effect of t on y?")
    assert res.answer == answer, res.explanation


def test_a_column_measured_after_the_treatment_is_never_adjusted():
    rng = np.random.default_rng(1)
    n = 2000
    email = rng.integers(0, 2, n)
    opened = (rng.random(n) < 0.2 + 0.5 * email).astype(int)
    purchase = 0.1 * email + 0.3 * opened + rng.normal(size=n)
    df = pd.DataFrame({"email": email, "opened": opened, "purchase": purchase})
    res = CausalAgent(store=InMemoryGraphStore()).analyze(
        df, "Should we control for 'opened'? We want the effect of email on purchase.",
        description="opened: whether the customer opened the email, recorded after the email was sent.")
    assert res.answer == "no" and "after the treatment" in res.explanation


@pytest.mark.parametrize("later, description", [
    ("visits_w2", "email - sent in week 1\nvisits_w2 - site visits in week 2\npurchase - orders in weeks 3-4"),
    ("score_13m", "email - sent in month 0\nscore_13m - credit score pulled at month 13\npurchase - orders by month 12"),
    ("complaint", "complaint - filed by the customer, recorded after the parcel was delivered"),
])
def test_time_points_in_weeks_or_months_place_a_column_after_the_treatment(later, description):
    rng = np.random.default_rng(2)
    n = 2000
    email = rng.integers(0, 2, n)
    purchase = 1.0 * email + rng.normal(size=n)
    other = 0.8 * purchase + rng.normal(size=n)  # a consequence: adjusting for it would bias the effect
    df = pd.DataFrame({"email": email, later: other, "purchase": purchase})
    res = CausalAgent(store=InMemoryGraphStore()).analyze(
        df, f"Should we control for {later} when estimating the effect of email on purchase?", description=description)
    assert res.answer == "no" and "after the treatment" in res.explanation


def test_a_name_like_m2_is_not_a_month():
    from tools.covariates.timing import name_period
    assert name_period("m2") is None and name_period("q1") is None
    assert name_period("debt_12m") == ("month", 12) and name_period("steps_week3") == ("week", 3)


def test_role_in_graph_m_bias_and_confounder_through_a_chain():
    g = CausalGraph.from_edge_list(["u -> c", "c -> t", "c -> y", "t -> y"])
    assert role_in_graph(g, "t", "y", "u") is Reason.CONFOUNDER  # u -> c opens a backdoor path; u blocks it too
    g2 = CausalGraph.from_edge_list(["u -> c", "c -> t", "u -> y", "t -> y"])
    assert role_in_graph(g2, "t", "y", "u") is Reason.CONFOUNDER


@pytest.mark.parametrize("question, subject, pair", [
    ("Should we also control for the 'hospital' variable when estimating the effect of treatment on outcome?",
     "hospital", ("treatment", "outcome")),
    ("Do we need to adjust for age to get the effect of email on purchase?", "age", ("email", "purchase")),
    ("Is it OK to adjust for age in the effect of email on purchase?", "age", ("email", "purchase")),
    ("Should hospital be controlled for when estimating the effect of treatment on outcome?", "hospital",
     ("treatment", "outcome")),
    ("Should age go in the model when estimating the effect of email on purchase?", "age", ("email", "purchase")),
    ("Is it a good idea to adjust for how old people were at signup (age) when estimating the effect of email on "
     "purchase?", "age", ("email", "purchase")),
])
def test_advice_wording_is_parsed(question, subject, pair):
    cols = ["email", "opened", "purchase", "hospital", "age", "treatment", "outcome"]
    q = parse_question(question, cols)
    assert q.kind.value == "adjustment" and q.subject == subject and (q.treatment, q.outcome) == pair
    assert parse_question("What is the effect of email on purchase, controlling for age?", cols).kind.value == "effect"


def _price_world(seed=0, n=2000):
    rng = np.random.default_rng(seed)
    cost, season = rng.normal(size=n), rng.normal(size=n)
    price = season + cost + rng.normal(size=n)
    sales = 2.0 * price + season + rng.normal(size=n)
    reviews = price + sales + rng.normal(size=n)  # a common effect of treatment and outcome
    return pd.DataFrame(dict(season=season, cost=cost, price=price, sales=sales, reviews=reviews))


def test_chat_control_for_a_collider_shows_the_warning_and_the_valid_number_beside_it():
    from agent.session import Session

    session = Session(CausalAgent(llm="offline", store=InMemoryGraphStore()), namespace="t")
    session.load_dataset("d", _price_world())
    first = session.ask("What is the effect of price on sales?")
    assert abs(first.result.effect.estimate - 2.0) < 0.1
    turn = session.ask("now control for reviews")
    head = turn.text.split("| |")[0]  # everything above the estimate table
    assert "⚠" in head and "Adjusting for reviews biases the effect" in head
    alternative = turn.result.effect.details["valid_alternative"]
    assert abs(alternative["estimate"] - 2.0) < 0.1 and abs(turn.result.effect.estimate - 2.0) > 0.5
    assert "| valid: without reviews |" in turn.text
    advice = session.ask("should I also control for reviews?")
    assert advice.result.kind == "adjustment" and advice.result.answer == "no"
