"""The Query contract: strict fields, closed method names, option edges."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from agent.query import MethodHint, Option, Query, QueryError


def test_unknown_or_misspelt_fields_are_errors():
    with pytest.raises(ValidationError):
        Query(kind="effect", treatmnet="x")
    with pytest.raises(ValidationError):
        Query(kind="regression")
    with pytest.raises(ValidationError):
        Query(kind="effect", estimand="LATE")


def test_defaults_distinguish_unspecified_controls_from_none():
    q = Query(kind="effect", treatment="t", outcome="y")
    assert q.controls is None and q.estimand == "ATE" and q.method == "offline"
    assert Query(kind="effect", controls=[]).controls == []


def test_method_hints_are_the_closed_list():
    assert {m.value for m in MethodHint} == {
        "linear_regression", "difference_in_means", "propensity_score_matching", "ipw", "aipw", "dml",
        "causal_forest", "iv", "frontdoor", "did", "rdd", "pc", "fci", "ges", "lingam", "ols"}
    with pytest.raises(ValidationError):
        Query(kind="effect", method_hint="random_forest")


@pytest.mark.parametrize("relation, source, target, edge", [
    ("causes", "x", "y", ("x", "y")),
    ("caused_by", "x", "y", ("y", "x")),
    ("no_relation", None, None, None),
    ("confounded", "x", "y", None),
])
def test_option_edge_gives_cause_then_effect(relation, source, target, edge):
    assert Option(letter="A", text="...", relation=relation, source=source, target=target).edge == edge


def test_role_columns_collects_every_named_column_once():
    q = Query(kind="counterfactual", treatment="t", outcome="y", variables=["t", "y", "age"],
              intervention={"t": 1}, factual={"age": 30}, controls=["z"],
              options=[Option(letter="A", text="w causes y", relation="causes", source="w", target="y")])
    assert q.role_columns() == ["t", "y", "age", "z", "w"]


def test_query_round_trips_through_json():
    q = Query(kind="effect", treatment="t", outcome="y", method_hint="dml", intervention={"t": 2.5})
    assert Query.model_validate_json(q.model_dump_json()) == q


def test_query_error_is_a_value_error():
    assert issubclass(QueryError, ValueError)
