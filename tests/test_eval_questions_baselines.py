"""Baselines of the questions suite: chance and a correlation-only analyst, scored by the
items' own scorers on the same data as the agent."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from evals import questions_suite as qs
from evals.harness import markdown_table
from evals.questions_baselines import CHANCE, CORRELATION, YES_NO_KINDS, Answer
from evals.scm import LinearSCM, random_linear_scm


@pytest.fixture(scope="module")
def confounded():
    """z -> x, z -> y and no edge between x and y: correlated, but neither causes the other."""
    scm = LinearSCM(["z", "x", "y"], np.array([[0, 1.0, 1.0], [0, 0, 0], [0, 0, 0]]), np.ones(3))
    return scm, scm.sample(1000, seed=0)


@pytest.fixture(scope="module")
def small_run():
    return qs.run(n_scms=1, n_rows=600, seed=3)


def test_correlation_says_yes_to_a_confounded_pair_where_the_agent_says_no(confounded):
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    scm, df = confounded
    item = qs.Item(qs.Asked("direct_cause", "Does x directly cause y?", ("x", "y")),
                   scm.dag.has_edge("x", "y"), qs._yes_no)
    (answer,) = CORRELATION.answers(df, item.asked, np.random.default_rng(0))
    assert answer.value is True
    assert item.score(answer, item.truth) == "wrong"
    assert CORRELATION.accuracy(df, item, np.random.default_rng(0)) == 0.0
    result = CausalAgent(store=InMemoryGraphStore()).analyze(df, item.question, seed=0)
    assert item.score(result, item.truth) == "correct"


def test_correlation_effect_is_the_confounded_ols_slope(confounded):
    scm, df = confounded
    item = qs.Item(qs.Asked("effect", "What is the effect of x on y?", ("x", "y")),
                   scm.total_effect("x", "y"), qs._effect_match)
    (answer,) = CORRELATION.answers(df, item.asked, np.random.default_rng(0))
    assert scm.total_effect("x", "y") == 0.0
    assert answer.effect.estimate == pytest.approx(0.5, abs=0.1)  # cov(x, y) / var(x) = 1 / 2
    assert item.score(answer, item.truth) == "wrong"


def test_correlation_graph_is_an_undirected_skeleton(confounded):
    scm, df = confounded
    (answer,) = CORRELATION.answers(df, qs.Asked("graph", "What is the causal graph?"), np.random.default_rng(0))
    assert answer.graph.skeleton() == {frozenset(p) for p in [("z", "x"), ("z", "y"), ("x", "y")]}
    assert not answer.graph.directed_edges()


@pytest.mark.parametrize("truth", [True, False])
def test_chance_of_a_yes_no_kind_is_one_half(confounded, truth):
    _, df = confounded
    item = qs.Item(qs.Asked("confounder", "Is z a confounder of x and y?", ("z", "x", "y")), truth, qs._yes_no)
    assert CHANCE.accuracy(df, item, np.random.default_rng(0)) == 0.5


def test_chance_of_a_variable_set_is_one_over_the_number_of_subsets(confounded):
    _, df = confounded
    item = qs.Item(qs.Asked("causes_of", "What are the causes of y?", ("y",)), {"z"}, qs._set_match)
    assert CHANCE.accuracy(df, item, np.random.default_rng(0)) == 0.25  # {}, {x}, {z}, {x, z}


def test_every_generated_kind_has_a_baseline_answer_and_never_sees_the_truth():
    scm = random_linear_scm(6, edge_prob=0.5, seed=1, names=qs.NAMES[:6])
    df = scm.sample(300, seed=0)
    for item in qs.make_items(scm, np.random.default_rng(0)):
        for baseline in (CHANCE, CORRELATION):
            answers = baseline.answers(df, item.asked, np.random.default_rng(0))
            assert answers, (baseline.name, item.kind)
            assert all(item.score(a, item.truth) in ("correct", "wrong", "abstain") for a in answers)
    with pytest.raises(KeyError, match="no answerer"):
        CHANCE.answers(df, qs.Asked("overview", "Tell me about the data"), np.random.default_rng(0))


ROLE_KINDS = ("confounder", "mediator", "collider")


def _scm_and_items(seed: int):
    """The k = 0 SCM and items ``run`` builds for ``seed``."""
    rng = np.random.default_rng(seed)
    p = int(rng.integers(5, 8))
    scm = random_linear_scm(p, edge_prob=0.4, seed=seed + 100, names=qs.NAMES[:p])
    return scm, qs.make_items(scm, rng)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_yes_no_kind_has_a_true_yes_and_a_true_no(seed):
    _, items = _scm_and_items(seed)
    for kind in YES_NO_KINDS:
        truths = sorted(item.truth for item in items if item.kind == kind)
        assert truths == [False, True], (kind, truths)


def test_a_kind_the_dag_has_no_yes_for_still_gets_its_no():
    scm, items = _scm_and_items(0)
    dag = scm.dag
    assert not any(not dag.has_edge(a, b) and not dag.has_edge(b, a)
                   for c in dag for a, b in itertools.combinations(dag.predecessors(c), 2))  # no v-structure
    assert [item.truth for item in items if item.kind == "collider"] == [False]


def test_role_truths_come_from_the_dag(confounded):
    """Truth is read off the SCM's DAG: in z -> x, z -> y, z is the common cause of x and y,
    not a mediator between them, and x is not a collider of z and y."""
    scm, _ = confounded
    dag = scm.dag
    assert qs._is_confounder(dag, "z", "x", "y") and not qs._is_confounder(dag, "x", "z", "y")
    assert not qs._is_mediator(dag, "z", "x", "y") and qs._is_mediator(nx.DiGraph([("x", "z"), ("z", "y")]), "z", "x", "y")
    assert not qs._is_collider(dag, "x", "z", "y") and qs._is_collider(dag.reverse(), "z", "x", "y")


def test_role_items_ask_a_yes_and_a_no_about_the_same_pair():
    scm = random_linear_scm(7, edge_prob=0.4, seed=102, names=qs.NAMES[:7])
    items = qs.make_items(scm, np.random.default_rng(0))
    for kind in ROLE_KINDS:
        asked = [item.asked for item in items if item.kind == kind]
        assert len(asked) == 2 and asked[0].variables[1:] == asked[1].variables[1:], kind


def test_same_seed_gives_identical_items():
    scm = random_linear_scm(7, edge_prob=0.4, seed=102, names=qs.NAMES[:7])
    first, again = (qs.make_items(scm, np.random.default_rng(5)) for _ in range(2))
    assert [(i.asked, qs._short(i.truth)) for i in first] == [(i.asked, qs._short(i.truth)) for i in again]


def test_a_yes_sayer_no_longer_scores_full_marks_on_the_role_kinds(small_run):
    rows = {r["kind"]: r for r in small_run.table()}
    for kind in ROLE_KINDS:
        assert rows[kind]["n"] == 2
        assert rows[kind]["chance_accuracy"] == 0.5
        assert rows[kind]["correlation_accuracy"] < 1.0, kind


def test_an_uncertain_answer_is_an_abstention_not_a_wrong_one():
    uncertain = Answer("uncertain", None)
    assert qs._yes_no(uncertain, True) == "abstain" and qs._yes_no(uncertain, False) == "abstain"
    assert qs._yes_no(Answer("yes", True), False) == "wrong"


def test_same_seed_gives_identical_numbers(small_run):
    again = qs.run(n_scms=1, n_rows=600, seed=3)
    def numbers(report):  # repr: exact floats, and nan == nan
        return repr([{k: v for k, v in r.items() if k != "mean_seconds"} for r in report.table()])

    assert numbers(small_run) == numbers(again)
    assert [o.answer for o in small_run.outcomes] == [o.answer for o in again.outcomes]


def test_table_has_baseline_and_ratio_columns(small_run):
    rows = small_run.table()
    for column in ("accuracy", "chance_accuracy", "correlation_accuracy", "ratio_to_correlation",
                   "ratio_to_chance", "abstained", "wrong"):
        assert all(column in r for r in rows), column
    assert rows[-1]["kind"] == "ALL" and rows[-1]["n"] == sum(r["n"] for r in rows[:-1])
    yes_no = [r for r in rows if r["kind"] in ("confounder", "mediator", "collider", "direct_cause")]
    assert yes_no and all(r["chance_accuracy"] == 0.5 for r in yes_no)
    for r in rows:
        expected = qs.accuracy_ratio(r["accuracy"], r["correlation_accuracy"])
        assert r["ratio_to_correlation"] == expected or (math.isnan(expected) and math.isnan(r["ratio_to_correlation"]))
    assert "ratio_to_chance" in markdown_table(rows).splitlines()[0]


def test_accuracy_ratio_guards_division_by_zero():
    assert qs.accuracy_ratio(0.5, 0.25) == 2.0
    assert qs.accuracy_ratio(0.5, 0.0) == math.inf
    assert math.isnan(qs.accuracy_ratio(0.0, 0.0))
    assert markdown_table([{"r": math.inf, "s": math.nan}]).splitlines()[-1] == "| inf | nan |"
