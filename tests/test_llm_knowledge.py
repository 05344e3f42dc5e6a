"""Knowledge a language model suggests is checked against the data before use (issue 22)."""

import numpy as np
import pandas as pd

from agent import CausalAgent
from agent.knowledge_llm import ask_model
from agent.llm import LLMUsage
from agent.toolkit import Workspace
from memory.store import InMemoryGraphStore
from tests.fakes.chat_models import ScriptedChatModel, text_reply, tool_call
from tools.knowledge_check import Suggestion, SuggestionKind, Verdict, check_suggestions


def _world(seed=1, n=3000):
    """season -> discount -> sales, season -> sales (a triangle the data cannot orient), and an
    unrelated collider x1 -> z <- x2 (which the data do orient)."""
    rng = np.random.default_rng(seed)
    season = rng.normal(size=n)
    discount = 0.8 * season + rng.normal(size=n)
    sales = 2.0 * discount + 1.5 * season + rng.normal(size=n)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    return pd.DataFrame({"season": season, "discount": discount, "sales": sales, "x1": x1, "x2": x2,
                         "z": x1 + x2 + rng.normal(size=n)})


def _link(cause, effect, reason=""):
    return {"cause": cause, "effect": effect, "reason": reason}


SUGGESTIONS = tool_call("suggest_knowledge", {
    "directions": [_link("season", "discount", "discounts follow the season"), _link("season", "sales", "seasonal"),
                   _link("discount", "sales", "price moves demand"), _link("z", "x1", "a confident wrong guess")],
    "impossible": [_link("sales", "season", "sales cannot change the season")],
    "confounders": [_link("discount", "sales", "competitor pricing")]})


def test_checked_suggestions_orient_the_graph_and_the_contradicted_one_is_not_used():
    df = _world()
    model = ScriptedChatModel(responses=[
        tool_call("extract_query", {"kind": "effect", "treatment": "discount", "outcome": "sales",
                                    "variables": ["discount", "sales"]}),
        SUGGESTIONS, tool_call("run_standard_route", {"reason": "Follow the expert route."}), text_reply("Done.")])
    res = CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.0, llm_narrative=False,
                      llm_knowledge=True).analyze(df, "What is the effect of discount on sales?")
    assert abs(res.effect.estimate - 2.0) < 0.1
    used = [a for a in res.assumptions if a.startswith("From the language model")]
    assert len(used) == 4 and not any("z -> x1" in a for a in used)
    assert any("z -> x1" in w and "contradicted" in w and "x1 -> z" in w for w in res.warnings)
    assert any("competitor pricing" in w and "threat" in w for w in res.warnings)
    final = set(res.graph.edge_list_text())
    assert {"season --> discount", "season --> sales", "x1 --> z"} <= final
    report = str(res.report)
    assert "| season --- discount | season --> discount |" in report  # data alone vs with knowledge

    # identified from the knowledge-checked graph, not from the data-only one
    def identified(graph):
        workspace = Workspace.open(df)
        workspace.ctx.graph = graph
        return workspace.call("identify_effect", {"treatment": "discount", "outcome": "sales"})[1].identifiable
    data_only = res.details["tool_results"].get("data_only_graph") or res.details["tool_results"]["discover_graph"]
    from memory.graph import CausalGraph
    assert identified(res.graph) and not identified(CausalGraph.from_dict(data_only) if isinstance(data_only, dict)
                                                    else data_only)


def test_a_direction_into_a_fixed_attribute_or_against_the_data_is_contradicted():
    df = _world()
    df["age"] = np.random.default_rng(0).normal(size=len(df))
    checked = check_suggestions(df, [Suggestion(SuggestionKind.DIRECTION, "sales", "age"),
                                     Suggestion(SuggestionKind.DIRECTION, "season", "nope")], None)
    assert [c.verdict for c in checked] == [Verdict.CONTRADICTED, Verdict.REPORTED]


def test_the_knowledge_call_is_one_compact_request():
    columns = [f"var_{i}" for i in range(20)]
    meanings = {c: f"a measurement of thing number {i} in the study, recorded at baseline" for i, c in
                enumerate(columns)}
    model = ScriptedChatModel(responses=[tool_call("suggest_knowledge", {"directions": []})])
    usage = LLMUsage()
    suggestions, note = ask_model(model, columns, meanings, usage)
    assert suggestions == [] and note == "" and usage.calls == 1
    assert usage.chars_sent <= 6000, usage.chars_sent


def test_without_the_option_no_model_is_asked_for_knowledge():
    model = ScriptedChatModel(responses=[
        tool_call("extract_query", {"kind": "effect", "treatment": "discount", "outcome": "sales",
                                    "variables": ["discount", "sales"]}),
        tool_call("run_standard_route", {"reason": "route"}), text_reply("Done.")])
    res = CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.0,
                      llm_narrative=False).analyze(_world(), "What is the effect of discount on sales?")
    assert res.llm_calls == 2 and not any(a.startswith("From the language model") for a in res.assumptions)
    assert "No language model was asked" in res.details["tool_results"]["knowledge_step"]


def test_the_chat_shows_the_suggestions_and_a_dropped_one_is_never_used_again(tmp_path, isolated_state):
    from tests.test_chat import run_chat
    from agent.session import Session

    path = tmp_path / "shop.csv"
    _world().to_csv(path, index=False)
    extract = tool_call("extract_query", {"kind": "effect", "treatment": "discount", "outcome": "sales",
                                          "variables": ["discount", "sales"]})
    route = tool_call("run_standard_route", {"reason": "Follow the expert route."})
    model = ScriptedChatModel(responses=[extract, SUGGESTIONS, route, text_reply("Done."),
                                         extract, SUGGESTIONS, route, text_reply("Done.")])
    session = Session(CausalAgent(llm=model, llm_backoff_s=0.0, llm_narrative=False, llm_knowledge=True, seed=0))
    printed, session, code = run_chat([f"/load shop={path}", "What is the effect of discount on sales?", "/knowledge",
                                       "/knowledge drop 1", "What is the effect of discount on sales?", "/quit"],
                                      isolated_state, session)
    assert code == 0 and "Traceback" not in printed, printed
    assert "1 season -> discount (discounts follow the season): used" in printed  # rich renders "1."
    assert "Dropped the language model's suggestion 'season -> discount'" in printed
    last = session.last_result
    assert not any("season -> discount" in a for a in last.assumptions)
    assert any("season -> discount" in w and "dropped by you" in w for w in last.warnings)
