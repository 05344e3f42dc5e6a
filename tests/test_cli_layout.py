"""Issue 20: the CLI answer is a headline, labelled lines and deduplicated assumptions, not one
long paragraph. Pinned by structure (labels, order, lengths) for an effect, a role question, a
counterfactual and a graph question; the numbers are pinned elsewhere."""

from __future__ import annotations

import re

import pytest

from agent import CausalAgent
from agent.demo import demo_data
from agent.interfaces.cli_layout import WIDTH, render
from memory.store import InMemoryGraphStore

DEMO = demo_data(n=1500, seed=0)


def _labels(text: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^  ([A-Z][\w ]*?):\s", text, re.M)]


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    agent = CausalAgent(store=InMemoryGraphStore())
    questions = {"effect": "What is the effect of X on Y?", "role": "Is Z a confounder of X and Y?",
                 "counterfactual": "What would Y be if X were set to 1?", "graph": "Show the causal graph."}
    return {k: render(agent.analyze(DEMO, q)) for k, q in questions.items()}


def test_effect_layout(outputs):
    text = outputs["effect"]
    assert re.match(r"Answer: [-\d.]+ \(95% CI [-\d.]+ to [-\d.]+\)\n", text)
    assert _labels(text) == ["Method", "Adjusted for", "Design", "Threat", "Robustness", "Graph"]
    assert "Assumptions:\n  - " in text and text.rstrip().splitlines()[-1].startswith("Planner: offline")


@pytest.mark.parametrize("kind", ["role", "counterfactual", "graph"])
def test_other_layouts_have_a_headline_a_wrapped_explanation_and_the_graph(outputs, kind):
    text = outputs[kind]
    first, second = text.splitlines()[:2]
    assert first.startswith("Answer: ") and second.startswith("  ")
    assert _labels(text)[-1] == "Graph"
    assert "{" not in first and "{'" not in text  # no raw Python dict anywhere


def test_lines_fit_and_assumptions_appear_once(outputs):
    for text in outputs.values():
        lines = text.splitlines()
        assert all(len(line) <= WIDTH + 20 for line in lines if not line.startswith("  Graph:"))
        bullets = [line for line in lines if line.startswith("  - ")]
        assert len(bullets) == len(set(bullets))


def test_analyze_streams_one_line_per_step_on_stderr_and_quiet_silences_it(tmp_path, capsys):
    from agent.interfaces.cli import main

    path = tmp_path / "demo.csv"
    DEMO.to_csv(path, index=False)
    assert main(["analyze", str(path), "What is the effect of X on Y?"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert "… discover_graph" in err and any(re.match(r"  discover_graph done in [\d.]+ s$", l) for l in err)
    assert err.index("… estimate_effect") < err.index("… refute_effect")
    assert main(["analyze", str(path), "What is the effect of X on Y?", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_chat_and_slack_replies_use_the_same_labelled_fields():
    """Issue 20: one structure everywhere — the session's Markdown (chat, and Slack after mrkdwn
    conversion) lists the CLI's labelled fields instead of one long paragraph."""
    from agent.answer_fields import effect_fields
    from agent.session import Session

    session = Session(CausalAgent(store=InMemoryGraphStore()))
    session.load_dataset("demo", DEMO)
    turn = session.ask("What is the effect of X on Y?")
    labels = [label for label, _ in effect_fields(turn.result) if label not in ("Method", "Adjusted for")]
    shown = re.findall(r"^- \*\*(.+?):\*\* ", turn.text, re.M)
    assert shown == labels and "Design" in shown and "Threat" in shown
    assert max(len(line) for line in turn.text.splitlines()) < 400  # no 900-character paragraph


def test_text_treatment_and_outcome_codings_are_on_screen():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(1)
    sex = rng.choice(["male", "female"], 600)
    survived = np.where(rng.random(600) < np.where(sex == "female", 0.7, 0.2), "yes", "no")
    res = CausalAgent(store=InMemoryGraphStore()).analyze(pd.DataFrame({"sex": sex, "survived": survived}),
                                                          "What is the effect of sex on survived?")
    text = render(res)
    assert "coded 1 = 'yes', 0 = 'no'" in text
    assert "treatment 'sex': 'male' compared with 'female'" in text
    assert res.value == pytest.approx(-0.5, abs=0.1)          # male minus female survival share


def test_a_large_graph_lists_twenty_edges_and_says_where_the_rest_are():
    from memory.graph import CausalGraph

    class _Res:  # the fields render reads for a graph answer
        answer, effect, steps, planner, duration_s = "a graph", None, [], "offline", 0.1
        assumptions, warnings, explanation = [], [], ""
        graph = CausalGraph.from_edge_list([(f"A{i}", f"B{i}") for i in range(30)])
        graph_key = "big-graph"

    text = render(_Res())
    assert text.count("-->") == 20 and "… 10 more (causal-agent memory show big-graph)" in text


def test_the_range_field_says_how_it_was_computed_against_the_headline():
    from agent.answer_fields import effect_fields
    from tools.estimation.effect import EffectResult

    effect = EffectResult(estimate=1299.0, ci_low=42.0, ci_high=2555.0, method="AIPW (doubly robust)", estimand="ATT",
                          adjustment_set=["age"], treatment="treat", outcome="re78")

    class _Res:
        explanation = ("1299 (95% CI 42 to 2555). Between -5.93 and 89.91 across the 2 graphs the data cannot tell "
                       "apart (linear adjustment for each possible parent set of treat, average effect; the headline "
                       "uses AIPW (doubly robust), ATT); 1299 if the covariates are pre-treatment. Robustness of the "
                       "estimate: 4 of 4 checks passed.")
        details = {"tool_results": {}}

    _Res.effect = effect
    fields = dict(effect_fields(_Res()))
    assert fields["Range"].endswith("the headline uses AIPW (doubly robust), ATT); 1299 if the covariates are "
                                    "pre-treatment")
