"""What each follow-up intent does to a ``Session``: re-run the last question with other
controls, an edited graph, new knowledge or another discovery algorithm; explain; save,
load and compare stored graphs. ``agent.refinements`` maps messages to these functions.

Every edit of the graph is saved as a new version of the graph's key (provenance
``source="edited"``) and recorded as knowledge, so a later re-discovery keeps it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.session import RunHooks, Session, Turn
from agent.session_graphs import GraphEdit, apply_edit, diff_graphs
from agent.session_knowledge import Statement
from agent.session_questions import ALGORITHM_PHRASES, graph_question, join_names, rephrase
from agent.session_render import graph_markdown
from memory.store import Provenance, validate_key

if TYPE_CHECKING:
    from agent.result import AnalysisResult

EDIT_STATEMENTS = {  # how an edit is remembered as knowledge: op/arrow -> statement kind
    ("remove", "->"): "no_edge", ("add", "->"): "require", ("orient", "->"): "require",
}


def require_last(session: Session) -> "AnalysisResult":
    last = session.last_result_here()
    if last is None:
        raise LookupError("There is no earlier question about this dataset to refine. Ask one first, "
                          "e.g. 'What is the effect of X on Y?'.")
    return last


def rerun_last(session: Session, hooks: RunHooks, *, controls: list[str] | None = None,
               algorithm: str | None = None, fresh: bool = False, preface: str = "",
               pin: bool | None = None) -> Turn:
    """Re-ask the last question on this dataset, changed as asked. ``fresh``: learn the graph
    again (with the session's knowledge) instead of reusing the session graph."""
    last = require_last(session)
    if fresh and _discovers_separately(last.query or {}):
        # Re-asking this question would not learn a graph (it names its controls or estimator,
        # or needs no graph): learn the graph first, then re-ask the question on it.
        session.run(graph_question(algorithm), hooks, graph=None, kind="refinement", pin=pin)
        algorithm, fresh = None, False
    changed = controls is not None or algorithm is not None
    question = rephrase(last.question, last.query, controls=controls, algorithm=algorithm) if changed \
        else (last.question or rephrase("", last.query))
    query = last.query or {}
    pair = (query.get("treatment"), query.get("outcome")) if query.get("treatment") and query.get("outcome") \
        else (None, None)
    graph = None if fresh else session.graph_argument()
    return session.run(question, hooks, graph=graph, kind="refinement", treatment=pair[0], outcome=pair[1],
                       preface=preface, previous=last, pin=pin)


def add_controls(session: Session, names: list[str], hooks: RunHooks) -> Turn:
    """Add ``names`` to the adjustment set of the last effect question (the earlier set —
    the user's, or the one identification chose — is kept) and re-estimate."""
    last = require_last(session)
    if last.kind != "effect":
        raise ValueError(f"Controls apply to effect questions; the last question was a '{last.kind}' question. "
                         "Ask e.g. 'What is the effect of X on Y?' first.")
    roles = {last.query.get("treatment"), last.query.get("outcome")}
    clash = [n for n in names if n in roles]
    if clash:
        raise ValueError(f"{join_names(clash)} is the treatment or outcome; it cannot also be a control.")
    earlier = last.query.get("controls")
    if earlier is None:
        earlier = list(last.effect.adjustment_set) if last.effect is not None else []
    controls = list(dict.fromkeys([*earlier, *names]))
    preface = f"Re-estimating with {join_names(names)} added to the adjustment set {{{', '.join(controls)}}}."
    turn = rerun_last(session, hooks, controls=controls, preface=preface)
    return _check_controls(turn, controls)


def _check_controls(turn: Turn, controls: list[str]) -> Turn:
    result = turn.result
    used = set(result.effect.adjustment_set) if result is not None and result.effect is not None else set()
    missing = [c for c in controls if c not in used]
    if result is not None and result.effect is not None and missing:
        turn.text += (f"\n\nNote: the estimate did not adjust for {join_names(missing)}; see the notes above "
                      "for why (e.g. a descendant of the treatment must not be adjusted for).")
    return turn


def advise_control(session: Session, name: str, hooks: RunHooks) -> Turn:
    """'Should I also control for V?': the advice for the last effect question's pair."""
    last = require_last(session)
    t, y = (last.query or {}).get("treatment"), (last.query or {}).get("outcome")
    if not (t and y):
        raise ValueError("Ask an effect question first (e.g. 'What is the effect of X on Y?'), then ask whether to "
                         "control for a column.")
    question = f"Should we control for {name} when estimating the effect of {t} on {y}?"
    return session.run(question, hooks, graph=session.graph_argument(), kind="refinement", treatment=t, outcome=y,
                       previous=last)


def use_design(session: Session, design: str, hooks: RunHooks) -> Turn:
    """Answer effect questions on this dataset with the named study design and re-ask the last one."""
    session.state.design = design
    words = "recognising it from the data" if design == "auto" else f"the {design.replace('_', ' ')} design"
    if design == "auto":
        session.state.design = None
    return rerun_last(session, hooks, preface=f"Effect questions on this dataset now use {words}.")


def edit_graph(session: Session, edit: GraphEdit, hooks: RunHooks) -> Turn:
    """Apply ``edit`` to a copy of the current graph, store it as a new version, remember it
    as knowledge, and re-run the last question on it."""
    from tools.context import data_fingerprint

    state = session.state
    if state.graph is None:
        raise LookupError("There is no graph to edit yet. Ask a question first (e.g. 'What is the effect of X "
                          "on Y?') or load a stored one ('use the graph KEY').")
    edited = apply_edit(state.graph, edit)
    kind = EDIT_STATEMENTS.get((edit.op, edit.arrow))
    if kind is not None:
        session.book.add(Statement(kind, edit.a, edit.b), session.columns)
    fingerprint = data_fingerprint(state.frame)
    key = edit_key(state.graph_key, state.named, fingerprint)
    stored = session.store.put(key, edited, Provenance(
        source="edited", algorithm=edited.metadata.get("algorithm"), parameters={"edit": edit.describe()},
        data_fingerprint=fingerprint, seed=session.agent.seed, note=edit.describe()), namespace=session.namespace)
    session.adopt_graph(edited, key, pinned=True)
    preface = f"Edited the graph: {edit.describe()}. Saved as `{key}` version {stored.version}."
    return _rerun_or_show(session, hooks, preface, changed=True)


def edit_key(key: str | None, named: bool, fingerprint: str) -> str:
    """Where an edited graph is stored: a new version of the working key, but never of a
    name the user gave (a saved or loaded graph stays as it was; edits go to '<name>-edited')."""
    if key is None:
        return f"edited-{fingerprint[:8]}"
    if not named or key.endswith("-edited"):
        return key
    return f"{key[:120]}-edited"


def add_knowledge(session: Session, statement: Statement, hooks: RunHooks) -> Turn:
    """Record background knowledge; learn the graph again with it and re-run the last question."""
    session.book.add(statement, session.columns)
    knowledge = "; ".join(session.knowledge.describe()) or "none"
    preface = f"Noted: {statement.text()}. Knowledge now: {knowledge}."
    if session.last_result_here() is None:
        return Turn(preface + " It will be used the next time a graph is learned.", kind="knowledge")
    algorithm = session.state.algorithm
    preface += " Learning the graph again with it" + (f" ({ALGORITHM_PHRASES[algorithm]})." if algorithm else ".")
    turn = rerun_last(session, hooks, algorithm=algorithm, fresh=True, preface=preface, pin=bool(algorithm))
    turn.kind = "refinement"
    return turn


def use_algorithm(session: Session, algorithm: str, hooks: RunHooks) -> Turn:
    """Learn the graph with ``algorithm`` (pc, fci, ges, lingam) and re-run the last question."""
    if algorithm not in ALGORITHM_PHRASES:
        raise ValueError(f"Unknown discovery algorithm '{algorithm}'; choose one of {', '.join(ALGORITHM_PHRASES)}.")
    session.state.algorithm = algorithm
    preface = f"Learning the graph with {ALGORITHM_PHRASES[algorithm]}."
    if session.last_result_here() is None:
        return session.run(graph_question(algorithm), hooks, graph=None, kind="refinement", preface=preface, pin=True)
    return rerun_last(session, hooks, algorithm=algorithm, fresh=True, preface=preface, pin=True)


def rerun(session: Session, hooks: RunHooks) -> Turn:
    return rerun_last(session, hooks, preface="Re-running the last question on the current graph.")


def explain(session: Session) -> Turn:
    """Explain the last analysis from what it recorded (no new analysis). When it reused a
    graph, say where that graph came from: the stored provenance, the edits, and the
    selector's reasons from the earlier analysis that learned it."""
    from agent.session_explain import GraphOrigin, explain_choices

    last = require_last(session)
    origin = None
    if "discover_graph" not in (last.details.get("tool_results") or {}) and last.graph is not None:
        learned = next((r for r in reversed(session.history) if r is not last
                        and r.details.get("dataset") == last.details.get("dataset")
                        and "discover_graph" in (r.details.get("tool_results") or {})), None)
        provenance = None
        if last.graph_key:
            try:
                provenance = session.store.get(last.graph_key, namespace=session.namespace).provenance
            except LookupError:
                provenance = None
        origin = GraphOrigin(provenance, list(last.graph.metadata.get("edited", [])), learned)
    return Turn(explain_choices(last, origin), kind="explanation")


def save_graph(session: Session, key: str) -> Turn:
    """Store the current graph under ``key`` (a new version if the key exists), keeping the
    provenance of the version it came from."""
    validate_key(key)
    state = session.state
    if state.graph is None:
        raise LookupError("There is no graph to save yet; ask a question first.")
    origin = None
    if state.graph_key:
        try:
            origin = session.store.get(state.graph_key, namespace=session.namespace).provenance
        except LookupError:
            origin = None
    note = f"saved from {state.graph_key}" if state.graph_key else "saved from the chat"
    provenance = Provenance(source=origin.source if origin else "user",
                            algorithm=origin.algorithm if origin else state.graph.metadata.get("algorithm"),
                            parameters=dict(origin.parameters) if origin else {},
                            data_fingerprint=origin.data_fingerprint if origin else None,
                            seed=origin.seed if origin else None, note=note)
    stored = session.store.put(key, state.graph, provenance, namespace=session.namespace)
    state.graph_key, state.named = key, True
    return Turn(f"Saved the current graph as `{key}` (version {stored.version}).", kind="memory")


def compare_graphs(session: Session, old_key: str, new_key: str | None = None) -> Turn:
    """Differences between the stored graph ``old_key`` and ``new_key`` (or the current graph)."""
    old = session.store.get(old_key, namespace=session.namespace).graph
    if new_key is not None:
        new, name = session.store.get(new_key, namespace=session.namespace).graph, new_key
    else:
        if session.graph is None:
            raise LookupError("There is no current graph to compare; ask a question first or name two graphs: "
                              "'compare KEY1 with KEY2'.")
        new, name = session.graph, f"the current graph{' (' + session.graph_key + ')' if session.graph_key else ''}"
    return Turn(diff_graphs(old, new, old_key, name).to_markdown(), kind="memory")


def use_stored_graph(session: Session, key: str, hooks: RunHooks) -> Turn:
    """Make the stored graph ``key`` the current (pinned) graph and re-run the last question on it."""
    stored = session.store.get(key, namespace=session.namespace)
    columns = set(session.columns)
    if not set(stored.graph.nodes) & columns:
        raise ValueError(f"Graph '{key}' shares no variables with dataset '{session.current_dataset}' "
                         f"(graph: {', '.join(stored.graph.nodes)}). Switch datasets first.")
    changed = session.adopt_graph(stored.graph, key, pinned=True, named=True)
    return _rerun_or_show(session, hooks, f"Using the stored graph `{key}` (version {stored.version}).", changed)


def show_graph(session: Session) -> Turn | None:
    if session.graph is None:
        return None  # not ours: a question like "show me the causal graph" then learns one
    return Turn(graph_markdown(session.graph, session.graph_key), kind="graph")


def refuse_delete(session: Session) -> Turn:
    return Turn("I never delete stored graphs because of a chat message. To delete one, use the explicit "
                "command `/memory delete KEY` (in the terminal chat) or `causal-agent memory delete KEY`.",
                kind="memory")


def _rerun_or_show(session: Session, hooks: RunHooks, preface: str, changed: bool) -> Turn:
    """Re-run the last question on the (new) session graph, or show the graph if there is none."""
    if session.last_result_here() is None:
        return Turn(preface + "\n\n" + graph_markdown(session.graph, session.graph_key), graph_changed=changed,
                    kind="refinement")
    turn = rerun_last(session, hooks, preface=preface)
    turn.graph_changed = turn.graph_changed or changed
    return turn


def _discovers_separately(query: dict) -> bool:
    """True when re-asking ``query`` without a graph would skip discovery or lose the
    algorithm: explicit controls, an estimator named by the question (a question carries
    one method), or a kind that does not use a graph."""
    from agent.planners.offline import DISCOVERY_HINTS

    hint = query.get("method_hint")
    return (query.get("controls") is not None or (hint is not None and hint not in DISCOVERY_HINTS)
            or query.get("kind") == "independence")
