"""The follow-up intents a conversation understands, as a registry of patterns → handlers.

Matching is deterministic (regular expressions over the message; column names resolved
against the current dataset), so the same follow-ups work with or without an LLM; the
LLM, when configured, only drives the analyses they trigger. The first intent whose
pattern matches the whole message handles it; a handler may return None to pass the
message on (then it is a new question). Statements of knowledge only match declarative
sentences: "Does price cause sales?" is a question, not a statement.

Examples (see ``INTENTS`` for every phrasing):
    now control for age / adjust for age and income      → re-estimate with those controls
    remove the edge from A to B and re-estimate           → edit graph, store version, re-run
    add an edge A -> B / orient A - B as A -> B           → edit graph, store version, re-run
    nothing causes age / B cannot cause A / A happens before B → knowledge, re-discover, re-run
    use FCI instead / use PC / use GES / use LiNGAM       → re-discover with it, re-run
    why did you pick that method?                         → explain the last analysis
    save this graph as pricing-v2 / compare with the graph pricing-v1 → graph memory
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from agent import session_actions as act
from agent.session import RunHooks, Session, Turn
from agent.session_columns import resolve_column, resolve_columns
from agent.session_graphs import GraphEdit
from agent.session_knowledge import Statement

Handler = Callable[[Session, re.Match, RunHooks], "Turn | None"]

KEY = r"[`'\"]?(?P<{name}>[A-Za-z0-9][A-Za-z0-9_.:\-]{{0,127}}?)[`'\"]?"
PREFIX = (r"^(?:(?:ok(?:ay)?|now|please|and|then|so|also|next|great|thanks|good|cool|right|alright|hmm|"
          r"what\s+if\s+(?:we|you|i)|can\s+you|could\s+you|let'?s|lets|i\s+want\s+to|i'?d\s+like\s+to)[,!.]?\s+)*")
AGAIN = (r"(?:re-?(?:run|estimate|compute|analy[sz]e|do)(?:\s+(?:it|that|the\s+(?:effect|estimate|analysis|"
         r"question)))?|try\s+again|again|please|instead|for\s+discovery)")
SUFFIX = rf"(?:\s*[,;]?\s*(?:and\s+|then\s+)*{AGAIN})*\s*[.?!]*$"
ARROW = r"\s*(?:-{1,2}>|→)\s*"
BIARROW = r"\s*(?:<-{1,2}>|↔)\s*"
LINE = r"(?:\s+-\s+|\s*-{2,3}\s*|\s*—\s*|\s*o-[o>]\s*|\s*<-o\s*|\s*<-{1,2}>\s*|\s+and\s+)"
QUESTION_START = re.compile(r"^(?:does|do|did|is|are|was|were|can|could|would|will|should|why|what|how|which|"
                            r"who|when|where)\b", re.IGNORECASE)
ALGORITHMS = {"pc": "pc", "fci": "fci", "ges": "ges", "lingam": "lingam", "directlingam": "lingam"}


@dataclass(frozen=True)
class Intent:
    """``patterns`` match the whole message (case-insensitive). ``declarative``: never
    match a question (a message ending in '?' or starting with a question word)."""

    name: str
    patterns: tuple[re.Pattern, ...]
    handler: Handler
    example: str
    declarative: bool = False

    def match(self, text: str) -> re.Match | None:
        if self.declarative and (text.rstrip().endswith("?") or QUESTION_START.match(text)):
            return None
        for pattern in self.patterns:
            m = pattern.match(text)
            if m:
                return m
        return None


INTENTS: list[Intent] = []


def register_intent(intent: Intent) -> Intent:
    if not isinstance(intent, Intent):
        raise TypeError(f"register_intent() takes an Intent, got {type(intent).__name__}.")
    if any(i.name == intent.name for i in INTENTS):
        raise ValueError(f"An intent named {intent.name!r} is already registered.")
    INTENTS.append(intent)
    return intent


def intent(name: str, *patterns: str, example: str, declarative: bool = False):
    """Decorator registering a handler for whole-message ``patterns`` (PREFIX is added)."""
    compiled = tuple(re.compile(PREFIX + p, re.IGNORECASE) for p in patterns)

    def wrap(handler: Handler) -> Handler:
        register_intent(Intent(name, compiled, handler, example, declarative))
        return handler
    return wrap


def match_intent(text: str) -> tuple[Intent, re.Match] | None:
    """The first registered intent matching ``text`` (the order of ``INTENTS`` decides)."""
    for item in INTENTS:
        m = item.match(text)
        if m:
            return item, m
    return None


def dispatch(session: Session, text: str, hooks: RunHooks) -> Turn | None:
    """Handle ``text`` as a follow-up, or return None when it is a new question."""
    for item in INTENTS:
        m = item.match(text)
        if m is None:
            continue
        turn = item.handler(session, m, hooks)
        if turn is not None:
            return turn
    return None


def _col(session: Session, phrase: str) -> str:
    return resolve_column(phrase, session.columns, session.state.description)


# ---------------------------------------------------------------- graph memory (first: explicit keys)
@intent("refuse_delete", r"(?:delete|remove|drop|forget|erase|wipe|clear)\s+(?:all\s+)?(?:the\s+|my\s+)?"
        r"(?:stored\s+|saved\s+)?(?:graphs?|memory)\b.*$", example="")
def _refuse_delete(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    return act.refuse_delete(session)


@intent("save_graph", r"(?:save|store|name)\s+(?:this|the|that|it|current|the\s+current)?\s*(?:causal\s+)?(?:graph\s+)?"
        r"(?:as|to|under|in)\s+(?:the\s+)?(?:key\s+|name\s+)?" + KEY.format(name="key") + r"\s*[.!]*$",
        example="save this graph as pricing-v2")
def _save(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    return act.save_graph(session, m["key"])


@intent("compare_graphs",
        r"(?:compare|diff)\s+(?:the\s+)?(?:graphs?\s+)?(?!(?:it|this|that|the|with|to|against|current)\b)"
        + KEY.format(name="old") + r"\s+(?:with|to|and|against|vs\.?|versus)\s+(?:the\s+)?(?:graph\s+)?"
        + KEY.format(name="new") + r"\s*[.?!]*$",
        r"(?:compare|diff)\s+(?:it\s+|this(?:\s+graph)?\s+|that(?:\s+graph)?\s+|the\s+current\s+graph\s+)?"
        r"(?:with|to|against|vs\.?|versus)\s+(?:the\s+)?(?:stored\s+|saved\s+)?(?:graph\s+)?"
        + KEY.format(name="old") + r"\s*[.?!]*$",
        r"what\s+changed\s+(?:since|from|compared\s+(?:to|with))\s+(?:the\s+)?(?:graph\s+)?"
        + KEY.format(name="old") + r"\s*[.?!]*$",
        example="compare with the graph pricing-v1")
def _compare(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    new = m.groupdict().get("new")
    return act.compare_graphs(session, m["old"], new)


@intent("use_stored_graph", r"(?:use|load|switch\s+to|open)\s+(?:the\s+)?(?:stored\s+|saved\s+)?graph\s+"
        + KEY.format(name="key") + SUFFIX, example="use the graph pricing-v1")
def _use_stored(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    return act.use_stored_graph(session, m["key"], hooks)


@intent("show_graph", r"(?:show|display|draw|print|what\s+is|what's)\s+(?:me\s+)?(?:the\s+)?(?:current\s+)?"
        r"(?:causal\s+)?graph\s*[.?!]*$", example="show the graph")
def _show(session: Session, m: re.Match, hooks: RunHooks) -> Turn | None:
    return act.show_graph(session)


# ---------------------------------------------------------------- graph edits
@intent("remove_edge",
        r"(?:remove|delete|drop|cut|erase)\s+(?:the\s+)?(?:edge|arrow|link)\s+(?:from\s+|between\s+)?(?P<a>.+?)"
        rf"(?:{ARROW}|{BIARROW}|{LINE}|\s+to\s+)(?P<b>.+?)" + SUFFIX,
        r"(?:remove|delete|drop|cut|erase)\s+(?P<a>[^\s>]+?)" + rf"(?:{ARROW}|{BIARROW}|\s*-{{2,3}}\s*)(?P<b>\S+?)" + SUFFIX,
        example="remove the edge from A to B and re-estimate")
def _remove_edge(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    return act.edit_graph(session, GraphEdit("remove", _col(session, m["a"]), _col(session, m["b"])), hooks)


@intent("add_edge",
        r"add\s+(?:an?\s+|the\s+)?(?:directed\s+)?(?:edge|arrow|link)\s+(?:from\s+)?(?P<a>.+?)"
        rf"(?P<arrow>{ARROW}|{BIARROW}|\s*-{{2,3}}\s*|\s+to\s+)(?P<b>.+?)" + SUFFIX,
        r"add\s+(?P<a>[^\s<>-][^\s<>]*?)" + rf"(?P<arrow>{ARROW}|{BIARROW}|\s*-{{2,3}}\s*)(?P<b>\S+?)" + SUFFIX,
        r"add\s+(?:an?\s+)?(?:hidden|latent|unobserved)\s+(?:common\s+cause|confounder)\s+(?:between|of|for)\s+"
        r"(?P<a>.+?)\s+and\s+(?P<b>.+?)" + SUFFIX,
        example="add an edge A -> B")
def _add_edge(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    arrow = _arrow_kind(m.groupdict().get("arrow"))
    return act.edit_graph(session, GraphEdit("add", _col(session, m["a"]), _col(session, m["b"]), arrow), hooks)


def _arrow_kind(raw: str | None) -> str:
    """Normalise the typed connector: '->'/'to' directed, '<->' hidden common cause, '--' undirected."""
    text = (raw or "<->").strip().lower()
    if "<" in text or "↔" in text:
        return "<->"
    if ">" in text or "→" in text or text == "to":
        return "->"
    return "--"


@intent("orient_edge",
        r"orient\s+(?:the\s+edge\s+)?(?:between\s+)?(?P<x>.+?)" + LINE + r"(?P<y>.+?)\s+as\s+(?P<a>.+?)"
        + ARROW + r"(?P<b>.+?)" + SUFFIX,
        r"orient\s+(?:the\s+edge\s+)?(?P<a>.+?)" + ARROW + r"(?P<b>.+?)" + SUFFIX,
        r"(?:reverse|flip)\s+(?:the\s+)?(?:edge\s+|arrow\s+)?(?:from\s+)?(?P<b>.+?)(?:" + ARROW
        + r"|\s+to\s+)(?P<a>.+?)" + SUFFIX,
        example="orient A - B as A -> B")
def _orient(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    a, b = _col(session, m["a"]), _col(session, m["b"])
    named = m.groupdict()
    if named.get("x") is not None and {_col(session, named["x"]), _col(session, named["y"])} != {a, b}:
        raise ValueError(f"'{m.group(0)}' names two different pairs; write e.g. 'orient {a} - {b} as {a} -> {b}'.")
    return act.edit_graph(session, GraphEdit("orient", a, b), hooks)


# ---------------------------------------------------------------- controls and algorithms
_ONE_NAME = r"(?:(?!\b(?:when|while|in|for|to|if|and)\b)[^?,;])+?"  # a full question names its effect too


@intent("advise_control",
        r"(?:should|shall|must|do|can)\s+(?:i|we)\s+(?:also\s+)?(?:need\s+to\s+)?(?:control|adjust|condition)"
        r"(?:\s+(?:for|on))\s+(?P<name>" + _ONE_NAME + r")(?:\s+(?:too|as\s+well))?" + SUFFIX,
        r"(?:is\s+it\s+(?:ok|okay|right|wise|a\s+good\s+idea)\s+to\s+)(?:also\s+)?(?:control|adjust)\s+for\s+"
        r"(?P<name>" + _ONE_NAME + r")" + SUFFIX,
        example="should I also control for income?")
def _advise(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    return act.advise_control(session, _col(session, m["name"]), hooks)


@intent("add_controls",
        r"(?:(?:re-?(?:run|estimate)|estimate\s+(?:it\s+)?again)\s+)?(?:also\s+)?(?:control|adjust|condition)"
        r"(?:ling|ing)?\s+(?:also\s+)?(?:for|on)\s+(?P<names>.+?)" + SUFFIX,
        r"add\s+(?P<names>.+?)\s+(?:as\s+(?:an?\s+)?(?:controls?|covariates?|confounders?)|to\s+the\s+"
        r"(?:adjustment\s+set|controls|covariates))" + SUFFIX,
        example="now control for age")
def _controls(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    names = resolve_columns(m["names"], session.columns, session.state.description)
    return act.add_controls(session, names, hooks)


@intent("use_algorithm",
        r"(?:use|try|switch\s+to|run|re-?run\s+(?:it\s+)?(?:with|using)|redo\s+(?:it\s+)?with|what\s+about|"
        r"how\s+about|with|learn\s+the\s+graph\s+with|discover\s+with)\s+(?:the\s+)?"
        r"(?P<algo>pc|fci|ges|(?:direct\s*-?\s*)?lingam)(?:\s+algorithm)?" + SUFFIX,
        example="use FCI instead")
def _algorithm(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    key = re.sub(r"[\s-]", "", m["algo"].lower())
    return act.use_algorithm(session, ALGORITHMS[key], hooks)


DESIGN_WORDS = {"randomi": "randomized", "experiment": "randomized", "rct": "randomized", "instrument": "iv",
                "iv": "iv", "difference": "did", "did": "did", "discontinuity": "rdd", "rdd": "rdd",
                "synthetic": "synthetic_control", "panel": "panel", "fixed effect": "panel",
                "observational": "observational", "recognis": "auto", "recogniz": "auto", "detect": "auto"}


@intent("use_design",
        r"(?:treat|analy[sz]e|handle|consider)\s+(?:it|this|the\s+data)\s+as\s+(?:an?\s+)?(?P<design>.+?)"
        r"(?:\s+(?:design|study))?" + SUFFIX,
        r"(?:use|assume|switch\s+to|try)\s+(?:an?\s+|the\s+)?(?P<design>randomi[sz]ed\s+experiment|rct|"
        r"instrumental\s+variables?|iv|difference[- ]in[- ]differences?|did|regression\s+discontinuity|rdd|"
        r"synthetic\s+control|panel(?:\s+fixed\s+effects)?|fixed\s+effects|observational(?:\s+adjustment)?)"
        r"(?:\s+(?:design|study|estimator|approach))?" + SUFFIX,
        r"(?:recogni[sz]e|detect)\s+the\s+design(?:\s+again)?" + SUFFIX,
        example="treat it as a randomised experiment")
def _design(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    phrase = (m.groupdict().get("design") or "recognise").lower()
    design = next((d for word, d in DESIGN_WORDS.items() if word in phrase), None)
    if design is None:
        raise ValueError(f"I don't know the design '{phrase}'. Say e.g. 'treat it as a randomised experiment', "
                         "'use difference-in-differences', 'use regression discontinuity', 'use synthetic control', "
                         "'use panel fixed effects' or 'treat it as observational'.")
    return act.use_design(session, design, hooks)


# ---------------------------------------------------------------- background knowledge
@intent("root_cause",
        r"(?:nothing|no\s+(?:other\s+)?(?:variable|column)s?)\s+(?:else\s+)?(?:can\s+|could\s+)?"
        r"(?:causes?|affects?|influences?)\s+(?P<a>.+?)" + SUFFIX,
        r"(?P<a>.+?)\s+(?:cannot|can't|can\s+not|is\s+not|isn't|is\s+never)\s+(?:be\s+)?(?:caused|affected|"
        r"influenced)\s+by\s+any(?:thing|\s+(?:other\s+)?variable)(?:\s+else)?" + SUFFIX,
        r"(?P<a>.+?)\s+(?:is|are)\s+(?:exogenous|a\s+root(?:\s+cause)?)" + SUFFIX,
        r"(?P<a>.+?)\s+has\s+no\s+(?:causes|parents)" + SUFFIX,
        example="nothing causes age", declarative=True)
def _root(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    return act.add_knowledge(session, Statement("root", _col(session, m["a"])), hooks)


@intent("forbid_edge",
        r"(?P<a>.+?)\s+(?:cannot|can't|can\s+not|could\s+not|couldn't|does\s+not|doesn't|do\s+not|don't|never)\s+"
        r"(?:directly\s+)?(?:cause|affect|influence)s?\s+(?P<b>.+?)" + SUFFIX,
        r"(?P<b>.+?)\s+(?:cannot|can't|can\s+not|is\s+not|isn't)\s+(?:be\s+)?(?:caused|affected|influenced)\s+by\s+"
        r"(?P<a>.+?)" + SUFFIX,
        r"(?P<a>.+?)\s+is\s+not\s+a\s+cause\s+of\s+(?P<b>.+?)" + SUFFIX,
        example="B cannot cause A", declarative=True)
def _forbid(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    a, b = _col(session, m["a"]), _col(session, m["b"])
    _different(a, b)
    return act.add_knowledge(session, Statement("forbid", a, b), hooks)


@intent("time_order",
        r"(?P<a>.+?)\s+(?:happens|happened|occurs|occurred|comes|came|is\s+measured|was\s+measured|is\s+recorded|"
        r"was\s+recorded|is\s+determined|was\s+determined|is\s+set|was\s+set)\s+(?:before|prior\s+to|earlier\s+than)"
        r"\s+(?P<b>.+?)" + SUFFIX,
        r"(?P<a>.+?)\s+precedes\s+(?P<b>.+?)" + SUFFIX,
        r"(?P<b>.+?)\s+(?:happens|happened|occurs|occurred|comes|came|is\s+measured|was\s+measured)\s+after\s+"
        r"(?P<a>.+?)" + SUFFIX,
        example="A happens before B", declarative=True)
def _before(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    a, b = _col(session, m["a"]), _col(session, m["b"])
    _different(a, b)
    return act.add_knowledge(session, Statement("before", a, b), hooks)


def _different(a: str, b: str) -> None:
    if a == b:
        raise ValueError(f"That statement names '{a}' twice; name two different columns.")


# ---------------------------------------------------------------- explanation and re-runs
@intent("explain",
        r"(?:why|how\s+come|how\s+did\s+you|what\s+made\s+you|explain)\b.*\b(?:method|algorithm|estimator|approach|"
        r"technique|model|pick|picked|chose|choose|choice|choices|select|selected|decide|decided|use|used|"
        r"adjust(?:ment)?)\b.*$",
        example="why did you pick that method?")
def _explain(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    return act.explain(session)


@intent("rerun",
        r"(?:re-?(?:run|estimate|compute|do)|run\s+it\s+again|try\s+again|again|redo|refresh)"
        r"(?:\s+(?:it|that|the\s+(?:last\s+)?(?:question|analysis|estimate|effect)))?"
        r"(?:\s+(?:with|on|using)\s+(?:this|the\s+(?:current|edited|new))\s+graph)?\s*[.?!]*$",
        example="re-estimate")
def _rerun(session: Session, m: re.Match, hooks: RunHooks) -> Turn:
    return act.rerun(session, hooks)


def examples() -> list[tuple[str, str]]:
    """(intent name, example phrasing) for help texts."""
    return [(i.name, i.example) for i in INTENTS if i.example]
