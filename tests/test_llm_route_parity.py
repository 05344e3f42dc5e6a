"""Issue 18: one set of abilities. A scripted model that follows the planner prompt's stated
route (extract the question → run_standard_route → final message) reaches the offline
planner's answer for every question kind and every study design: same answer text, same
number to 1e-9 (same seed), in three model calls."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from agent.demo import demo_data
from memory.store import InMemoryGraphStore
from tests.fakes.chat_models import ScriptedChatModel, text_reply, tool_call
from tests.test_effect_design_first import _staggered_panel, season_discount_sales
from tests.test_llm_design_parity import _randomized, _rdd


def _iv():
    rng = np.random.default_rng(7)
    n = 3000
    ability, lottery = rng.normal(size=n), rng.binomial(1, 0.5, size=n)
    schooling = 1.0 * lottery + 0.9 * ability + rng.normal(size=n)
    return pd.DataFrame({"lottery": lottery, "schooling": schooling,
                         "earnings": 1.5 * schooling + 1.2 * ability + rng.normal(size=n)})


def _synthetic():
    rng = np.random.default_rng(4)
    factors = rng.normal(size=(20, 2)).cumsum(axis=0)
    rows = []
    for u in range(16):
        load = rng.uniform(0.5, 1.5, 2)
        for t in range(20):
            treated = int(u == 0 and t >= 14)
            rows.append({"state": f"s{u}", "year": 1990 + t, "policy": treated,
                         "outcome": factors[t] @ load + 5.0 * treated + rng.normal(scale=0.1)})
    return pd.DataFrame(rows)


DEMO = demo_data(n=1500, seed=0)  # V → X ← Z, Z → Y, X → Y (2.0), Z → W
CASES = {  # name: (data, question, description)
    "effect/observational": (season_discount_sales, "What is the effect of discount on sales?", None),
    "effect/randomized": (_randomized, "What is the effect of arm on y?",
                          "Participants were randomly assigned to the arm."),
    "effect/iv": (_iv, "What is the effect of schooling on earnings, using lottery as an instrument?", None),
    "effect/did": (_staggered_panel, "What is the effect of law on rate?", None),
    "effect/rdd": (_rdd, "What is the effect of admitted on wage?",
                   "Students were admitted by a test score threshold."),
    "effect/synthetic_control": (_synthetic, "What is the effect of policy on outcome?", None),
    "independence": (lambda: DEMO, "Are V and Z independent?", None),
    "direct_cause": (lambda: DEMO, "Does X directly cause Y?", None),
    "confounder": (lambda: DEMO, "Is Z a confounder of X and Y?", None),
    "collider": (lambda: DEMO, "Is X a collider between V and Z?", None),
    "mediator": (lambda: DEMO, "Does X mediate the effect of V on Y?", None),
    "causes_of": (lambda: DEMO, "What causes Y?", None),
    "effects_of": (lambda: DEMO, "What does Z affect?", None),
    "graph": (lambda: DEMO, "Show the causal graph.", None),
    "counterfactual": (lambda: DEMO, "What would Y be if X were set to 1?", None),
    "overview": (lambda: DEMO, "What drives Y?", None),
    "adjustment": (lambda: DEMO, "Should I control for W when estimating the effect of X on Y?", None),
}


def _extract_call(query: dict) -> object:
    """The extraction a model would send: the offline parser's reading of the same question."""
    fields = {k: v for k, v in query.items() if v not in (None, [], {}, "") and k not in ("raw", "method",
                                                                                          "assumptions")}
    return tool_call("extract_query", fields)


@pytest.mark.parametrize("name", list(CASES))
def test_the_prompted_route_reaches_the_offline_answer(name):
    make, question, description = CASES[name]
    df = make()
    offline = CausalAgent(store=InMemoryGraphStore(), seed=0).analyze(df, question, description=description)
    assert offline.kind == name.split("/")[0]
    model = ScriptedChatModel(responses=[_extract_call(offline.query),
                                         tool_call("run_standard_route", {"reason": "Follow the expert route."}),
                                         text_reply("Done.")])
    llm = CausalAgent(llm=model, store=InMemoryGraphStore(), seed=0, llm_backoff_s=0.0,
                      llm_narrative=False).analyze(df, question, description=description)
    assert llm.planner != "offline" and not llm.degraded and "fallback" not in llm.details
    assert llm.kind == offline.kind and llm.answer == offline.answer
    if isinstance(offline.value, float):
        assert llm.value == pytest.approx(offline.value, abs=1e-9)
    if offline.effect is not None:
        assert llm.effect.estimate == pytest.approx(offline.effect.estimate, abs=1e-9)
        assert llm.effect.method == offline.effect.method
    assert [s.tool for s in llm.steps if s.tool] == [s.tool for s in offline.steps if s.tool]
    assert llm.llm_calls == 2  # extraction + the route; a complete answer needs no closing call
    if name.startswith("effect/"):
        design = name.split("/")[1]
        assert offline.details["tool_results"]["recognise_design"]["design"] == design


def test_each_kind_is_offered_only_the_tools_it_can_use():
    from agent.planners.tool_sets import TOOLS_BY_KIND
    from agent.result import QuestionKind

    assert set(TOOLS_BY_KIND) == set(QuestionKind)
    model = ScriptedChatModel(responses=[_extract_call({"kind": "effect", "variables": ["X", "Y"], "treatment": "X",
                                                        "outcome": "Y"}),
                                         tool_call("run_standard_route", {}), text_reply("Done.")])
    CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.0, llm_narrative=False).analyze(
        DEMO, "What is the effect of X on Y?")
    offered = set(model.bound_tool_names)
    assert "run_standard_route" in offered and "estimate_effect" in offered
    assert not offered & {"discover_lagged_graph", "counterfactual", "simulate_intervention", "delete_graph",
                          "test_independence"}
    assert all("reason" in t["function"]["parameters"]["properties"] for t in model.bound_tools)


def test_a_call_reason_becomes_the_step_thought():
    from agent.query_parser import parse_question

    parsed = parse_question("Are V and Z independent?", list(DEMO.columns)).model_dump(mode="json")
    model = ScriptedChatModel(responses=[
        _extract_call(parsed),
        tool_call("test_independence", {"x": "V", "y": "Z", "reason": "The user asks whether V and Z are related."}),
        text_reply("Done.")])
    res = CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.0, llm_narrative=False).analyze(
        DEMO, "Are V and Z independent?")
    step = next(s for s in res.steps if s.tool == "test_independence")
    assert step.ok and step.thought == "The user asks whether V and Z are related."
    assert "reason" not in step.arguments


def test_small_profile_sends_one_tool_and_a_short_prompt():
    model = ScriptedChatModel(responses=[
        _extract_call({"kind": "effect", "variables": ["X", "Y"], "treatment": "X", "outcome": "Y"}),
        tool_call("run_standard_route", {}), text_reply("Done.")])
    offline = CausalAgent(store=InMemoryGraphStore()).analyze(DEMO, "What is the effect of X on Y?")
    small = CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.0, llm_narrative=False,
                        llm_profile="small").analyze(DEMO, "What is the effect of X on Y?")
    assert model.bound_tool_names == ["run_standard_route"]
    assert max(model.sent_chars[1:]) < 3_000  # planner requests; the full profile sends about 12k
    assert small.effect.estimate == pytest.approx(offline.effect.estimate, abs=1e-9)


def test_an_unknown_profile_is_a_clear_error():
    from agent.llm import LLMConfigError

    with pytest.raises(LLMConfigError, match="use one of full, small"):
        CausalAgent(llm_profile="tiny")


def test_an_llm_that_calls_rank_drivers_gets_the_overview_answer():
    """Issue 18: driver ranking is a tool, not something only the offline planner writes."""
    offline = CausalAgent(store=InMemoryGraphStore(), seed=0).analyze(DEMO, "What drives Y?")
    parsed = {k: v for k, v in offline.query.items() if v not in (None, [], {}, "") and
              k not in ("raw", "method", "assumptions")}
    model = ScriptedChatModel(responses=[tool_call("extract_query", parsed), tool_call("discover_graph", {}),
                                         tool_call("rank_drivers", {"target": "Y"}), text_reply("Done.")])
    llm = CausalAgent(llm=model, store=InMemoryGraphStore(), seed=0, llm_backoff_s=0.0,
                      llm_narrative=False).analyze(DEMO, "What drives Y?")
    assert "fallback" not in llm.details and llm.answer == offline.answer
    assert [d["estimate"] for d in llm.value] == pytest.approx([d["estimate"] for d in offline.value], abs=1e-9)


def test_discover_graph_takes_the_users_stated_order():
    """Issue 18: discover_graph has a knowledge argument; tiers passed with the call orient edges."""
    rng = np.random.default_rng(4)
    x = rng.normal(size=2000)
    df = pd.DataFrame({"income": x, "spending": 0.8 * x + rng.normal(size=2000)})  # Markov equivalent pair
    model = ScriptedChatModel(responses=[
        _extract_call({"kind": "graph", "variables": []}),
        tool_call("discover_graph", {"tiers": [["spending"], ["income"]], "reason": "The user says so."}),
        text_reply("Done.")])
    res = CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.0, llm_narrative=False).analyze(
        df, "Show the causal graph. Spending comes before income.")
    assert ("spending", "income") in res.graph.directed_edges()
    assert any("Knowledge passed to discovery" in a for a in res.assumptions)
    bad = ScriptedChatModel(responses=[_extract_call({"kind": "graph", "variables": []}),
                                       tool_call("discover_graph", {"forbidden": [["spending"]]}),
                                       tool_call("discover_graph", {}), text_reply("Done.")])
    res = CausalAgent(llm=bad, store=InMemoryGraphStore(), llm_backoff_s=0.0, llm_narrative=False).analyze(
        df, "Show the causal graph.")
    first = next(s for s in res.steps if s.tool == "discover_graph")
    assert not first.ok and "[cause, effect] pairs" in first.observation
