"""Causal claims in LLM prose are checked against the graph's directions."""

from agent.report.claims import claimed_pairs, contradicted_claims
from agent.report.grounding import check_grounding

FACTS = {"graph": {"edges": [{"edge": "Z --> X"}, {"edge": "X --> M"}, {"edge": "M --> Y"}, {"edge": "W --- Y"}]}}
NAMES = ["X", "Y", "Z", "M", "W", "ad_spend"]


def test_active_passive_backticked_and_arrow_claims_are_read():
    text = "X drives Y. `Y` is caused by `Z`. M → X. ad_spend has an effect on Y."
    assert claimed_pairs(text, NAMES) == [("X", "Y"), ("M", "X"), ("ad_spend", "Y"), ("Z", "Y")]


def test_a_claim_against_a_directed_path_is_flagged_even_when_indirect():
    problems = contradicted_claims("Y affects Z.", FACTS, NAMES)
    assert len(problems) == 1 and "Y → Z" not in problems[0] and "directed path Z → Y" in problems[0]


def test_claims_the_graph_allows_or_leaves_open_pass():
    assert contradicted_claims("X drives Y. Y affects W. W affects Y. Z raises M.", FACTS, NAMES) == []


def test_without_graph_facts_nothing_is_judged():
    assert contradicted_claims("Y affects X.", {}, NAMES) == []


def test_grounding_report_includes_the_reversed_claim():
    report = check_grounding("M increases X.", FACTS, NAMES)
    assert not report.ok and any("reverses the graph" in p for p in report.problems)
