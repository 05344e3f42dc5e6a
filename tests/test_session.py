"""The multi-turn Session: follow-up intents, knowledge statements, graph edits and memory,
on simulated data whose truth is known (demo SCM: V → X ← Z, Z → Y, X → Y = 2.0, Z → W)."""

from __future__ import annotations

import pytest

from agent.agent import CausalAgent
from agent.demo import DEMO_TRUE_EFFECT, demo_data
from agent.refinements import match_intent
from agent.session import Session
from agent.session_graphs import GraphEdit, apply_edit, diff_graphs
from agent.session_knowledge import KnowledgeBook, KnowledgeContradiction, Statement
from agent.session_questions import rephrase
from memory.graph import CausalGraph, GraphError
from memory.store import InMemoryGraphStore

COLUMNS = ["V", "Z", "X", "Y", "W"]


def make_session(store=None, namespace: str = "test") -> Session:
    agent = CausalAgent(llm="offline", store=store or InMemoryGraphStore(), seed=0)
    session = Session(agent, namespace=namespace)
    session.load_dataset("demo", demo_data(n=1500, seed=1))
    return session


@pytest.fixture(scope="module")
def convo():
    """One scripted conversation; each test below checks one of its turns. ``runs[name]``
    holds the analyses that turn ran (a re-discovery runs a graph question first) and
    ``after[name]`` the session's graph key and knowledge right after it."""
    session = make_session()
    turns, runs, after = {}, {}, {}

    def ask(name: str, text: str) -> None:
        before = len(session.history)
        turns[name] = session.ask(text)
        runs[name] = session.history[before:]
        after[name] = (session.graph_key, session.knowledge)

    ask("ask", "What is the effect of X on Y?")
    ask("controls", "now control for W")
    ask("remove", "remove the edge between Z and W and re-estimate")
    ask("save", "save this graph as demo-v1")
    ask("add", "add an edge Z -> W")
    ask("compare", "compare with the graph demo-v1")
    ask("why", "why did you pick that method?")
    ask("tiers", "V happens before X")
    ask("fci", "use FCI instead")
    turns["first_key"] = after["ask"][0]
    turns["after"] = after
    return session, turns, runs


# ---------------------------------------------------------------- conversation on the real agent
def test_first_question_finds_the_true_effect(convo):
    session, turns, runs = convo
    turn = turns["ask"]
    assert turn.kind == "analysis" and turn.graph_changed
    assert abs(turn.result.effect.estimate - DEMO_TRUE_EFFECT) < 0.2
    assert "Z" in turn.result.effect.adjustment_set
    assert turns["first_key"] is not None


def test_control_for_adds_the_column_to_the_adjustment_set(convo):
    session, turns, runs = convo
    turn = turns["controls"]
    assert turn.kind == "refinement", turn.text
    assert set(turn.result.effect.adjustment_set) >= {"W", "Z"}  # added to, not replacing, the earlier set
    assert turn.result.query["controls"][-2:] == ["Z", "W"]  # V too: pre-treatment by default in the first turn
    assert abs(turn.result.effect.estimate - DEMO_TRUE_EFFECT) < 0.2  # W is a valid extra control
    assert "before" in turn.text and "now" in turn.text  # the reply compares the two estimates


def test_removing_an_edge_stores_a_new_version_and_reruns_on_it(convo):
    session, turns, runs = convo
    turn = turns["remove"]
    assert turn.kind == "refinement" and turn.graph_changed, turn.text
    assert turn.result.graph.edge("Z", "W") is None
    key = turns["first_key"]
    history = session.store.history(key, namespace="test")  # v1 discovered, v2 edited (v3: a later re-discovery)
    assert turn.result.graph_key == key and history[1].version == 2
    assert history[1].provenance.source == "edited" and history[1].graph.edge("Z", "W") is None
    assert history[0].graph.edge("Z", "W") is not None  # the earlier version is untouched
    assert ("Z", "W") in turns["after"]["remove"][1].forbidden  # a re-discovery would keep the edit


def test_save_then_edit_keeps_the_saved_name_and_compare_lists_the_change(convo):
    session, turns, runs = convo
    assert turns["save"].kind == "memory" and "demo-v1" in turns["save"].text
    assert turns["add"].kind == "refinement" and turns["add"].result.graph.edge("Z", "W").is_directed
    assert turns["after"]["save"][0] == "demo-v1"
    assert turns["after"]["add"][0] == "demo-v1-edited"  # the name the user gave stays as saved
    assert len(session.store.history("demo-v1", namespace="test")) == 1
    assert session.store.get("demo-v1", namespace="test").graph.edge("Z", "W") is None
    text = turns["compare"].text
    assert turns["compare"].kind == "memory"
    assert "SHD" in text and "**1**" in text and "added: `Z --> W`" in text


def test_why_explains_from_recorded_choices_without_new_analysis(convo):
    session, turns, runs = convo
    turn = turns["why"]
    assert turn.kind == "explanation" and turn.result is None
    assert "Discovery algorithm" in turn.text
    algorithm = session.history[0].details["tool_results"]["discover_graph"]["algorithm"]
    assert str(algorithm) in turn.text
    assert "Estimator" in turn.text


def test_time_order_becomes_tiers_and_rediscovers(convo):
    session, turns, runs = convo
    turn = turns["tiers"]
    assert turn.kind == "refinement", turn.text
    assert session.knowledge.tiers == [["V"], ["X"]]
    assert session.knowledge.forbids("X", "V") and not session.knowledge.forbids("V", "X")
    learned = [r for r in runs["tiers"] if "discover_graph" in r.details["tool_results"]]
    assert learned, "the graph is learned again with the new knowledge"
    assert turn.result.graph_key == learned[-1].graph_key
    assert turn.result.graph.edge("Z", "W").is_directed  # the earlier edit survives the re-discovery
    assert set(turn.result.effect.adjustment_set) >= {"Z", "W"}  # the controls stay


def test_use_fci_learns_a_pag_and_pins_it(convo):
    session, turns, runs = convo
    turn = turns["fci"]
    assert turn.kind == "refinement", turn.text
    learned = [r.details["tool_results"]["discover_graph"] for r in runs["fci"]
               if "discover_graph" in r.details["tool_results"]]
    assert learned and "fci" in str(learned[-1]["algorithm"]).lower()
    assert session.state.algorithm == "fci" and session.state.pinned
    assert session.graph.graph_type.value == "pag"


# ---------------------------------------------------------------- cancellation and errors
def test_cancelled_turn_changes_nothing_and_the_session_stays_usable():
    session = make_session()
    calls = []

    def cancel_after_first_step():
        return len(calls) >= 1

    turn = session.ask("What is the effect of X on Y?", on_step=calls.append, should_cancel=cancel_after_first_step)
    assert turn.kind == "cancelled" and "Cancelled" in turn.text
    assert session.history == [] and session.graph is None
    again = session.ask("What is the effect of X on Y?")
    assert again.kind == "analysis" and again.result.effect is not None


def test_user_errors_come_back_as_error_turns():
    session = make_session()
    turn = session.ask("What is the effect of Xx on Y?")
    assert turn.kind == "error"
    no_last = session.ask("now control for Z")
    assert no_last.kind == "error" and "earlier question" in no_last.text
    typo = session.ask("nothing causes Vv")
    assert typo.kind == "error" and "'Vv' not found" in typo.text and "'V'" in typo.text
    assert Session(CausalAgent(llm="offline", store=InMemoryGraphStore())).ask("hi").kind == "error"


def test_delete_from_free_text_is_refused():
    store = InMemoryGraphStore()
    session = make_session(store)
    store.put("keep-me", CausalGraph.from_edge_list(["Z -> X"]), __import__("memory.store").store.Provenance(),
              namespace="test")
    turn = session.ask("delete the graph keep-me")
    assert "/memory delete" in turn.text
    assert store.get("keep-me", namespace="test").key == "keep-me"


def test_switching_datasets_keeps_each_graph():
    session = make_session()
    session.ask("What is the effect of X on Y?")
    key = session.graph_key
    other = demo_data(n=500, seed=2).rename(columns={"X": "dose", "Y": "response"})
    session.load_dataset("other", other)
    assert session.current_dataset == "other" and session.graph is None
    session.use_dataset("demo")
    assert session.graph_key == key


# ---------------------------------------------------------------- the parts, without an analysis
@pytest.mark.parametrize("text, name, groups", [
    ("now control for age", "add_controls", {"names": "age"}),
    ("adjust for age and income and re-estimate", "add_controls", {"names": "age and income"}),
    ("remove the edge from A to B and re-estimate", "remove_edge", {"a": "A", "b": "B"}),
    ("add an edge A -> B", "add_edge", {"a": "A", "b": "B"}),
    ("orient A - B as A -> B", "orient_edge", {"a": "A", "b": "B"}),
    ("A cannot be caused by anything", "root_cause", {"a": "A"}),
    ("nothing causes A", "root_cause", {"a": "A"}),
    ("B cannot cause A", "forbid_edge", {"a": "B", "b": "A"}),
    ("A happens before B", "time_order", {"a": "A", "b": "B"}),
    ("use FCI instead", "use_algorithm", {"algo": "FCI"}),
    ("why did you pick that method?", "explain", {}),
    ("save this graph as pricing-v2", "save_graph", {"key": "pricing-v2"}),
    ("compare with the graph pricing-v1", "compare_graphs", {"old": "pricing-v1"}),
    ("delete the graph pricing-v1", "refuse_delete", {}),
])
def test_intent_patterns(text, name, groups):
    found = match_intent(text)
    assert found is not None and found[0].name == name
    assert {k: v for k, v in found[1].groupdict().items() if k in groups} == groups


@pytest.mark.parametrize("question", ["What is the effect of X on Y?", "Does A cause B?", "Why does A cause B?",
                                      "Is X independent of Y given Z?", "Which variables cause sales?"])
def test_questions_are_not_taken_for_follow_ups(question):
    assert match_intent(question) is None


def test_knowledge_becomes_exact_tiers_or_forbidden_edges():
    cols = ["A", "B", "C", "D"]
    book = KnowledgeBook()
    book.add(Statement("before", "A", "B"), cols)
    book.add(Statement("before", "B", "C"), cols)
    assert book.knowledge(cols).tiers == [["A"], ["B"], ["C"]]
    book.add(Statement("root", "D"), cols)
    assert book.knowledge(cols).tiers == [["D"], ["A"], ["B"], ["C"]]
    two_chains = KnowledgeBook()
    two_chains.add(Statement("before", "A", "B"), cols)
    two_chains.add(Statement("before", "C", "D"), cols)  # tiers would invent an order between the chains
    k = two_chains.knowledge(cols)
    assert k.tiers == [] and sorted(k.forbidden) == [("B", "A"), ("D", "C")]
    with pytest.raises(KnowledgeContradiction):
        book.add(Statement("before", "C", "A"), cols)
    with pytest.raises(KnowledgeContradiction):
        book.add(Statement("require", "C", "B"), cols)


def test_graph_edits_check_the_graph_and_diff_counts_changes():
    g = CausalGraph.from_edge_list(["Z -> X", "Z -> Y", "X -> Y", "Z -- W"])
    with pytest.raises(LookupError, match="no edge between 'X' and 'W'"):
        apply_edit(g, GraphEdit("remove", "X", "W"))
    with pytest.raises(GraphError, match="cycle"):
        apply_edit(g, GraphEdit("add", "Y", "Z"))
    edited = apply_edit(apply_edit(g, GraphEdit("remove", "X", "Y")), GraphEdit("orient", "W", "Z"))
    assert g.edge("X", "Y") is not None  # the original is untouched
    diff = diff_graphs(g, edited, "old", "new")
    assert diff.shd == 2 and diff.removed == ["X --> Y"] and diff.changed == [("Z --- W", "W --> Z")]


def test_rephrased_questions_parse_to_the_requested_change():
    from agent.query_parser import parse_question

    text = rephrase("Effect of X on Y, controlling for Z?", {}, controls=["Z", "W"], algorithm="fci")
    query = parse_question(text, COLUMNS, None)
    assert query.controls == ["Z", "W"] and query.method_hint.value == "fci"
    assert (query.treatment, query.outcome) == ("X", "Y")


def test_follow_ups_work_the_same_with_an_llm_planner():
    """The intent is recognised without the model; the model reads the re-asked question
    (with the controls written into it) and drives the analysis (scripted, no network)."""
    from agent.query_llm import TOOL_NAME
    from tests.fakes.chat_models import ScriptedChatModel, text_reply, tool_call

    model = ScriptedChatModel(responses=[
        tool_call(TOOL_NAME, {"kind": "effect", "variables": ["X", "Y"], "treatment": "X", "outcome": "Y"}),
        tool_call("identify_effect", {"treatment": "X", "outcome": "Y"}),
        text_reply("Stopping here."),  # the offline planner completes what the model left undone
        tool_call(TOOL_NAME, {"kind": "effect", "variables": ["X", "Y", "Z", "W"], "treatment": "X",
                              "outcome": "Y", "controls": ["Z", "W"]}),
        text_reply("Stopping here."),
    ])
    agent = CausalAgent(llm=model, store=InMemoryGraphStore(), llm_backoff_s=0.0, llm_narrative=False)
    session = Session(agent, namespace="llm")
    session.load_dataset("demo", demo_data(n=1000, seed=5))
    first = session.ask("What is the effect of X on Y?")
    assert first.kind == "analysis" and first.result.llm_calls >= 2, first.text
    second = session.ask("now control for W")
    assert second.kind == "refinement", second.text
    assert "Z and W" in model.received[3][-1].content
    assert set(second.result.effect.adjustment_set) == {"Z", "W"}
    assert model.calls == 5


def test_new_questions_reuse_a_pinned_graph_and_rediscover_on_request():
    session = make_session()
    session.ask("What is the effect of X on Y?")
    unpinned = session.ask("Which variables cause Y?")
    assert "discover_graph" in unpinned.result.details["tool_results"]  # a learned graph is not reused silently
    session.ask("remove the edge between Z and W")
    edited_key = session.graph_key
    reused = session.ask("Which variables cause Y?")
    assert "discover_graph" not in reused.result.details["tool_results"] and reused.result.graph_key == edited_key
    fresh = session.ask("Rediscover: which variables cause Y?")
    assert "discover_graph" in fresh.result.details["tool_results"]
    assert fresh.result.graph.edge("Z", "W") is None  # the edit lives on as knowledge


def test_the_design_can_be_named_in_words_and_reset():
    session = make_session()
    session.ask("What is the effect of X on Y?")
    turn = session.ask("treat it as a randomised experiment")
    assert turn.kind == "refinement", turn.text
    design = turn.result.details["tool_results"]["recognise_design"]
    assert design["design"] == "randomized" and design["source"] == "user"
    assert "randomized design" in turn.text
    again = session.ask("recognise the design again")
    assert again.result.details["tool_results"]["recognise_design"]["source"] == "recognised"
    for words, name in [("use difference-in-differences", "use_design"), ("use FCI instead", "use_algorithm")]:
        assert match_intent(words)[0].name == name
