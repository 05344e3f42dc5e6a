"""Offline, deterministic reading of a causal question into a ``Query``.

Steps: normalise the text → split off multiple-choice options → find column mentions
(``query_columns``), read each noun phrase as a whole (``query_phrases``) and mask them as
``⟦i⟧`` → read role clauses and numbers (``query_values``) → pick the kind
(``query_intent``) → assign roles (``query_roles``).
The question is data: it is only matched against patterns, never executed or obeyed."""

from __future__ import annotations

import re
from dataclasses import replace
from dataclasses import dataclass, field
from typing import Callable

from agent.query import Condition, Option, Query, QueryError
from agent.query_columns import CONFIDENT, PART_MULTI, ColumnMatcher, Mention, description_entries
from agent.query_frames import REQUEST, ColumnWords, Frame, asking_sentence, read_frame, study_question
from agent.query_intent import CAUSAL_WORDS, SUBJECT_CUES, all_claim_sets, claims_for, detect_kind
from agent.query_options import option_relation, split_choices
from agent.query_phrases import PHRASE_BREAKS, ColumnVocabulary, noun_chunks, resolve_phrases
from agent.query_roles import Roles, explicit_roles, fill_in_order, subject_before_cue
from agent.query_typos import correct_typos, protected_words
from agent.query_text import GENERIC_WORDS, INTENT_WORDS, NUMBER, STOPWORDS, name_parts, parse_number
from agent.query_sample import Restriction, restrictions
from agent.query_sample import claimed as sample_claims
from agent.query_scale import scale_of
from agent.query_units import UNIT_WORDS, column_units, conversion
from tools.covariates.fixed import FIXED_NAME
from tools.covariates.timing import NAME_YEAR, name_years
from tools.design.model import StudyDesign
from agent.query_values import (Assignment, Clauses, assignments, clauses, estimand, factual_spans, from_to,
                                indices, method_hint, precision)
from agent.result import QuestionKind as K
from tools.context import unknown_column_message

_CONTRACTIONS = [(r"\bwhat's\b", "what is"), (r"\bit's\b", "it is"), (r"\bthat's\b", "that is"),
                 (r"\b(do|does|did|had|would|is|are|was|were|has|have)n't\b", r"\1 not"),
                 (r"\bwon't\b", "will not"), (r"\bcan't\b", "cannot"), (r"\blet's\b", "let us")]
# Phrases that name an estimand, not a column called "treatment"/"treat".
_PROTECTED = re.compile(r"(?:conditional )?average (?:treatment|causal) effects?|treatment effects?|"
                        r"effects? (?:of treatment )?(?:on|for|among) the (?:treated|untreated|controls?)|"
                        r"\bthe (?:treated|untreated)\b|cause[- ]and[- ]effect|"
                        # rounding instructions ("two decimal places", "nearest whole number") name no column
                        r"\b[\w.]+[- ](?:decimal places?|decimals?|dp|decimal digits?|significant (?:figures|digits))\b|"
                        r"\bnearest (?:whole|tenth|hundredth|thousandth|integer|cent|dollar)\w*(?: number)?\b|"
                        r"\bwhole (?:numbers?|percentage points?)\b|"
                        # design and estimand words ("two-way fixed effects", "no controls", "the average effect")
                        r"\b(?:two-way\s+|unit\s+|year\s+|time\s+)?fixed[- ]effects?\b|\b(?:state|year|time|unit|"
                        r"country|firm)\s+dummies\b|\bno\s+(?:other\s+)?(?:controls|covariates|weights|adjustment)\b|"
                        r"\b(?:the\s+)?average\s+effect\b|\bbreak(?=\s+(?:[\w'-]+\s+){0,6}?down\b)|"
                        # the unit asked for ("in pounds rather than kilograms") names no column
                        rf"\b(?:in|into)\s+(?:units of\s+)?(?:{UNIT_WORDS})(?:\s+(?:rather than|instead of|not)\s+"
                        rf"(?:{UNIT_WORDS}))?(?![\w-])", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:if|would|had been|were|instead|suppose|imagine|what if)\b")
_FILLER = frozenset("""hey hi hello quick please pls thanks tell can could know want like need help show give find
list compute calculate check test use using run here think really actually question answer me you us
let look looks anything else something everyone everybody undergoing undergo undergoes underwent receiving
getting taking having being""".split())


@dataclass
class _Context:
    """One question in masked form; ``cols[i]`` is the column of mention ``⟦i⟧``."""

    masked: str
    focus: str
    cols: list[str]
    clauses: Clauses
    assigns: list[Assignment]
    factual_idx: set[int] = field(default_factory=set)
    text: str = ""  # the question, normalised and unmasked (method names are not columns)
    all_columns: list[str] = field(default_factory=list)
    verbatim: set[int] = field(default_factory=set)  # mentions that write a column's name as it is
    alternatives: list[tuple[str, ...]] = field(default_factory=list)  # other columns each mention fits as well
    phrases: list[str] = field(default_factory=list)  # the words of each mention, as written

    def same(self, i: int, j: int) -> bool:
        return self.cols[i] == self.cols[j]

    def order(self, exclude: set[int] = frozenset()) -> list[int]:
        """Mention indices in the focus, first mention of each column, minus ``exclude``."""
        seen, out = set(), []
        for i in indices(self.focus):
            if i in exclude or self.cols[i] in seen:
                continue
            seen.add(self.cols[i])
            out.append(i)
        return out

    def col(self, i: int | None) -> str | None:
        return None if i is None else self.cols[i]


ALL_VARIABLES = re.compile(r"\ball (?:the )?(?:other |provided |available |given |remaining |observed )?"
                           r"(?:variables|covariates|columns|controls|factors)\b|\beverything else\b", re.I)
WEIGHTS_PHRASE = re.compile(r"\b(?:weighted|weighting|weights?)\s+(?:by|with|using|on)\s+(?:the\s+)?[\w.]+", re.I)


def parse_question(question: str, columns: list[str], description: str | None = None) -> Query:
    """Read a plain-English causal question about ``columns`` into a ``Query``.

    The words are matched to columns phrase by phrase; when the sentence that asks names its
    cause and effect in plain words that the columns' names and descriptions explain better
    (``query_frames``), those phrases are read as the columns and the question is read again.
    Raises ``QueryError`` for empty or non-causal questions and for phrases that match no
    column (the message names the phrase and the closest columns)."""
    raw = question
    if isinstance(question, str):
        question = correct_typos(question, protected_words([str(c) for c in columns], description))
    frame = read_frame(question, [str(c) for c in columns], description) if isinstance(question, str) else None
    try:
        query = _parse_words(question, columns, description)
    except QueryError:
        framed = _parse_frame(question, frame, columns, description)
        if framed is None:
            framed = _parse_study_question(question, columns, description, "match no column clearly")
        if framed is None:
            raise
        return framed.model_copy(update={"raw": raw})
    if _implausible_pair(query, question):
        studied = _parse_study_question(question, columns, description,
                                        f"read as the effect of {query.treatment} on {query.outcome}, which is no "
                                        "causal question (an outcome fixed at birth, or a period marker as treatment)")
        if studied is not None and (studied.treatment, studied.outcome) != (query.treatment, query.outcome):
            return studied.model_copy(update={"raw": raw})
    pair = (frame.cause.column, frame.effect.column) if frame is not None else None
    if frame is None or (query.treatment, query.outcome) == pair:
        return query.model_copy(update={"raw": raw})
    swapped = frame.decisive and (query.outcome, query.treatment) == pair  # "the change in Y caused by X"
    if _spelled_in_question(query, question) and not swapped:
        return query.model_copy(update={"raw": raw})
    return (_parse_frame(question, frame, columns, description) or query).model_copy(update={"raw": raw})


# A question about what something does ("Will the new policy enhance health outcomes?").
_ASKS_EFFECT = re.compile(r"\b(?:effects?|impacts?|affect\w*|influenc\w*|improv\w*|increas\w*|reduc\w*|rais\w*|lower\w*|"
                          r"boost\w*|enhanc\w*|help\w*|benefit\w*|effective\w*|lead(?:s)? to|result(?:s)? in|work)\b", re.I)
_ASKS_OTHER = re.compile(r"independen|confound|collider|mediat|\bgraph\b|\bdag\b|correlat|\bwhat if\b|\bwould have\b",
                         re.I)


def _parse_study_question(question: str, columns: list[str], description: str | None, why: str) -> Query | None:
    """An effect question whose words name no columns clearly, read as the question the description
    says the data were collected to study (``study_question``), stated as an assumption."""
    if not isinstance(question, str) or not _ASKS_EFFECT.search(question) or _ASKS_OTHER.search(question):
        return None
    frame = study_question([str(c) for c in columns], description)
    if frame is None or _PERIOD_MARKER.search(frame.cause.column) or FIXED_NAME.search(frame.effect.column):
        return None
    cause, effect = frame.cause.column, frame.effect.column
    query = _parse_words(f"What is the effect of {cause} on {effect}?", columns, description)
    note = (f"The question's words {why}; read as the question the description says the data were collected to "
            f"study: the effect of '{cause}' on '{effect}' ('{frame.cause.phrase}' -> '{frame.effect.phrase}'). "
            "Name the columns to ask about another pair.")
    return query.model_copy(update={"assumptions": [note], **scale_of(_normalize(question).lower())})


_PERIOD_MARKER = re.compile(r"(?:^|_)(?:post|pre|after|before|period|time|year|wave|month|quarter)(?:_|$)", re.I)


def _implausible_pair(query: Query, question: str) -> bool:
    """Roles no effect question means, read from loose matches: an outcome fixed at birth (age,
    sex, race) or a period marker ('post_treatment') as the treatment."""
    if query.kind not in (K.EFFECT, K.DIRECT_CAUSE) or query.treatment is None or query.outcome is None:
        return False
    if _spelled_in_question(query, question):
        return False
    return bool(FIXED_NAME.search(query.outcome) or _PERIOD_MARKER.search(query.treatment))


def _spelled_in_question(query: Query, question: str) -> bool:
    """Whether the parse's cause and effect are written as column names in the asking sentence."""
    sentence = asking_sentence(question.lower())
    return all(role is not None and re.search(rf"(?<![\w]){re.escape(role.lower())}(?![\w])", sentence)
               for role in (query.treatment, query.outcome))


def _parse_frame(question: str, frame: Frame | None, columns: list[str], description: str | None) -> Query | None:
    """The question read again with the frame's phrases written as column names (keeping its
    verb, so 'Does X cause Y?' stays a yes/no question), else with its cause-and-effect clause
    written as 'the effect of X on Y'; None when neither reading gives the frame's pair."""
    if frame is None:
        return None
    for text in (_frame_in_place(question, frame), _frame_as_effect(question, frame)):
        try:
            query = _parse_words(text, columns, description)
        except QueryError:
            continue
        if (query.treatment, query.outcome) == (frame.cause.column, frame.effect.column):
            update = {"raw": question, "assumptions": [*frame.note(), *query.assumptions]}
            if query.kind in (K.EFFECT, K.ADJUSTMENT):  # "four extra years of educ": the phrase held the scale
                update.update(scale_of(_normalize(question).lower()))
            return query.model_copy(update=update)
    return None


def _frame_in_place(question: str, frame: Frame) -> str:
    text = question
    for reading in sorted((frame.cause, frame.effect), key=lambda r: -r.start):
        text = text[:reading.start] + reading.column + text[reading.end:]
    return text


_ASKING_LEAD = re.compile(r"(?:\b(?:how much|how many|by how (?:much|many)(?:\s+\w+)?|to what extent|what|how|"
                          r"does|did|do|will|would|can|could|is|was|are|were|the|effects?|impacts?|influence|of)"
                          r"\s*)+$")


def _frame_as_effect(question: str, frame: Frame) -> str:
    (s0, s1), (f0, f1) = frame.sentence, frame.span
    before = _ASKING_LEAD.sub("", question[s0:f0].rstrip()).rstrip()
    asked = f"{before} what is the effect of {frame.cause.column} on {frame.effect.column}{question[f1:s1]}"
    return question[:s0] + asked.strip() + question[s1:]


def _parse_words(question: str, columns: list[str], description: str | None = None) -> Query:
    """The phrase-by-phrase reading (see ``parse_question``)."""
    columns = [str(c) for c in columns]
    if not columns:
        raise QueryError("The data has no columns to ask about; load a table first.")
    if not isinstance(question, str) or not question.strip():
        raise QueryError(_not_causal_message(columns))
    text = WEIGHTS_PHRASE.sub(" ", _normalize(question))  # survey weights are not a role (not applied yet)
    matcher = ColumnMatcher(columns, description)
    choices = split_choices(text)
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(choices.stem)]
    mentions = resolve_phrases(choices.stem, matcher.find(choices.stem, protected),
                               ColumnVocabulary(columns, description), protected)
    mentions = _named_in_parentheses(choices.stem, mentions)
    years = name_years(columns)
    mentions = _year_lists(choices.stem, _decided_by_year(choices.stem, mentions, years), years)
    mentions = _described_phrases(choices.stem, mentions, ColumnWords(columns, description), protected)
    masked = _mask(choices.stem, mentions)
    _refuse_self_effect(masked, mentions)
    ctx = _context(masked, mentions, matcher)
    ctx.text, ctx.all_columns = text.lower(), columns
    ctx.verbatim = {i for i, m in enumerate(mentions) if _verbatim(m)}
    ctx.alternatives = [m.alternatives for m in mentions]
    ctx.phrases = [m.phrase for m in mentions]
    stated = restrictions(ctx.focus)
    ctx.clauses.restrict = sorted(sample_claims(stated))
    options, option_mentions = _options(choices.options, matcher)

    kind, fields, ctx = _read_question(ctx, options)
    _refuse_unmatched_outcome(ctx, columns)
    if kind is None:
        raise QueryError(_no_kind_message(ctx, columns))
    if options and fields.get("treatment") is None:  # "Which is more likely? A. X causes Y ..."
        pair = next((o.edge for o in options if o.edge), None)
        named = list(dict.fromkeys(m.column for m in option_mentions))
        pair = pair or (tuple(named[:2]) if len(named) >= 2 else None)
        if pair:
            fields["treatment"], fields["outcome"] = pair
    _check_roles(kind, fields, ctx, columns)
    fields.update(_extras(kind, ctx, fields))
    if kind in (K.EFFECT, K.ADJUSTMENT):
        fields["restrict"] = _conditions(stated, ctx, matcher)
        if fields.get("subgroup"):  # "separately for nodegree = 0 and nodegree = 1" names the groups, not a sample
            fields["restrict"] = [c for c in fields["restrict"] if c.column != fields["subgroup"] or c.op != "=="]
        fields.update(_scale(ctx.text, fields, description))
        if fields.get("outcome_transform") == "log" and _logged_already(fields.get("outcome"), description):
            del fields["outcome_transform"]  # "the effect on log wages" with lwage: already on the log scale

    all_mentions = mentions + option_mentions
    in_question = [ctx.cols[i] for i in indices(ctx.focus) if i < len(ctx.cols)]  # not the context's passing mentions
    roles = [fields.get(r) for r in ("treatment", "outcome", "subject")]
    variables = list(dict.fromkeys([*in_question, *(m.column for m in option_mentions), *(r for r in roles if r),
                                    *fields.get("factual", {})]))
    assumptions, ambiguities = _match_notes(all_mentions)
    return Query(kind=kind, variables=variables, options=options, assumptions=assumptions,
                 ambiguities=ambiguities, raw=question, method="offline", **fields)


# ----- preparing the text -----
def _normalize(question: str) -> str:
    text = question.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", " - ").replace("->", " -> ")
    text = text.replace("⟦", "[").replace("⟧", "]")  # the mask's brackets never come from the user
    for pattern, repl in _CONTRACTIONS:
        text = re.sub(pattern, repl, text, flags=re.IGNORECASE)
    return text.strip()


def _described_phrases(text: str, mentions: list[Mention], words: ColumnWords,
                       protected: list[tuple[int, int]]) -> list[Mention]:
    """Noun phrases no column name spells, read through the columns' descriptions when one
    column clearly explains the phrase better than the loose match found for it, if any
    ('quitting smoking' is qsmk when the dictionary says 'qsmk: quit smoking', not
    smokeintensity by the shared word); recorded as assumptions."""
    added, dropped = [], set()
    for chunk in noun_chunks(text, mentions, protected):
        inside = [m for m in mentions if chunk.start <= m.start < chunk.end]
        if any(m.score >= CONFIDENT for m in inside):
            continue
        reading = words.read(text[chunk.start:chunk.end])
        if reading is None or reading.runner_up >= reading.score or any(m.column == reading.column for m in inside):
            continue
        dropped |= {id(m) for m in inside}
        added.append(Mention(reading.column, chunk.start, chunk.end, text[chunk.start:chunk.end], PART_MULTI))
    return sorted([m for m in mentions if id(m) not in dropped] + added, key=lambda m: m.start)


def _verbatim(m: Mention) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[\W_]+", "", s.lower())
    return norm(m.phrase) == norm(m.column)


def _named_in_parentheses(text: str, mentions: list[Mention]) -> list[Mention]:
    """'log homicides (l_homicide)': a column written verbatim in parentheses names the
    phrase before it, whatever that phrase would match on its own."""
    out = list(mentions)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        between, after = text[a.end:b.start], text[b.end:b.end + 3]
        if re.fullmatch(r"\s*(?:[a-z]+\s+){0,4}\(\s*", between, re.I) and re.match(r"\s*\)", after) and _verbatim(b) \
                and a.column != b.column:
            out[i] = replace(a, column=b.column, alternatives=())
    return out


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _decided_by_year(text: str, mentions: list[Mention], years: dict[str, int]) -> list[Mention]:
    """A phrase that fits several columns ('weight': wt71, wt82) next to a year ('1971 weight',
    'weight in 1982') is the one column whose name carries that year (``years``), when exactly one does."""
    out = []
    for m in mentions:
        near = _YEAR.findall(text[max(0, m.start - 12):m.start] + " " + text[m.end:m.end + 12])
        fits = [c for c in (m.column, *m.alternatives) if years.get(c) is not None and str(years[c]) in near]
        if m.alternatives and len(set(near)) == 1 and len(fits) == 1:
            m = Mention(fits[0], m.start, m.end, m.phrase, m.score)
        out.append(m)
    return out


_MORE_YEARS = re.compile(r"(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*&\s*)(?:in\s+)?((?:1[89]|20)\d\d)\b")


def _year_lists(text: str, mentions: list[Mention], years: dict[str, int]) -> list[Mention]:
    """'earnings in 1974 and 1975': the second year names the column of the same measure in that
    year (re75 beside re74), as if the phrase had been written twice."""
    by_stem_year = {(_stem(c), y): c for c, y in years.items()}  # stems of the columns that carry a year
    added = []
    for m in mentions:
        if m.column not in years:
            continue
        at = m.end
        while (more := _MORE_YEARS.match(text, at)) is not None:
            other = by_stem_year.get((_stem(m.column), int(more.group(1))))
            if other is None or any(x.start <= more.start(1) < x.end for x in mentions):
                break
            added.append(Mention(other, more.start(1), more.end(1), more.group(1), m.score))
            at = more.end()
    return sorted(mentions + added, key=lambda x: x.start)


def _stem(column: str) -> str:
    """'re' for re74: the measured part of a name that carries a year (``timing.NAME_YEAR``)."""
    return NAME_YEAR.match(column)["stem"].lower()


def _mask(text: str, mentions: list[Mention]) -> str:
    """Lower-case text with mention ``i`` replaced by ``⟦i⟧``; 'col_d (soil quality)' → one mention."""
    out, pos = [], 0
    for i, m in enumerate(mentions):
        out.append(text[pos:m.start].lower())
        out.append(f"⟦{i}⟧")
        pos = m.end
    out.append(text[pos:].lower())
    masked = re.sub(r"\s+", " ", "".join(out))

    def same_in_parens(m: re.Match) -> str:
        return m.group(1) if mentions[int(m.group(2))].column == mentions[int(m.group(3))].column else m.group(0)

    return re.sub(r"(⟦(\d+)⟧)\s*\(\s*⟦(\d+)⟧\s*\)", same_in_parens, masked)


_SELF_EFFECT = re.compile(r"\b(?:effects?|impacts?|influence|influences)\s+of\s+(?:the\s+)?⟦(\d+)⟧\s+"
                          r"(?:on|upon)\s+(?:the\s+)?⟦(\d+)⟧")


def _refuse_self_effect(masked: str, mentions: list[Mention]) -> None:
    """'The effect of X on X' names one column twice: refuse it as the CLI does for
    --treatment X --outcome X, rather than reading it as 'the effects of X'."""
    for m in _SELF_EFFECT.finditer(masked):
        cause, effect = mentions[int(m.group(1))].column, mentions[int(m.group(2))].column
        if cause == effect:
            raise QueryError(f"treatment and outcome are both '{cause}'; they must be two different columns.")


_SENTENCE_END = re.compile(r"(?<=[?!])\s+|(?<=\.)(?<!i\.e\.)(?<!e\.g\.)(?<!\bvs\.)\s+(?=[a-z⟦\"'(])")
_IMPERATIVE = re.compile(r"^(?:please\s+|now\s+|so\s+|then\s+)?(?:test|estimate|analy[sz]e|construct|formulate|build|"
                         r"draw|compute|calculate|determine|identify|find|show|learn|generate|create|list|assess|"
                         r"evaluate|check|tell|give|quantify|measure|examine|investigate|decide|infer|discover|"
                         r"is|are|does|do|did|can|could|would|should|what|which|how|who|why)\b|"
                         r"^(?:i\.?e\.?|that is|in other words|specifically|namely|precisely)[,:]?\s")


def _question_sentence(masked: str) -> str:
    """The sentence that asks (issue 17: the explicit question rules): the last one ending in
    '?', else the last imperative one; the whole text when neither stands out."""
    sentences = [s.strip() for s in _SENTENCE_END.split(masked) if s.strip()]
    if len(sentences) < 2:
        return masked
    asked = [s for s in sentences if s.endswith("?") or _IMPERATIVE.match(s)]
    # "Could you report this in pounds? I need the effect of X on Y ...": the request that names columns asks
    if asked and "⟦" in asked[-1]:
        return asked[-1]
    named = [s for s in asked if "⟦" in s] or [s for s in sentences if "⟦" in s and REQUEST.search(s)]
    if named:
        return named[-1]
    return asked[-1] if asked else masked


def _focus(masked: str) -> str:
    """The sentence that carries the question: a stated 'Hypothesis: ...' if any."""
    m = re.search(r"\bhypothesis\s*:\s*((?:[^.?!]|\.(?=\d))*)", masked)
    return "hypothesis: " + m.group(1) if m else masked


def _context(masked: str, mentions: list[Mention], matcher: ColumnMatcher) -> _Context:
    cols = [m.column for m in mentions]
    focus = _focus(masked)
    assigns = assignments(focus)
    aged = re.search(rf"\baged\s+(?P<n>{NUMBER})|(?<![\w.])(?P<n2>\d+)[- ]years?[- ]old\b", focus)
    age_col = matcher.resolve("age") if aged else None
    if aged and age_col:
        cols.append(age_col)
        assigns.append(Assignment(len(cols) - 1, parse_number(aged.group("n") or aged.group("n2")), aged.start()))
    spans = factual_spans(focus)
    factual = {a.index for a in assigns if any(s <= a.pos < e for s, e in spans)}
    return _Context(masked, focus, cols, clauses(focus), assigns, factual)


def _options(raw_options, matcher: ColumnMatcher) -> tuple[list[Option], list[Mention]]:
    options, found = [], []
    for raw in raw_options:
        mentions = matcher.find(raw.text)
        relation, source, target = option_relation(_mask(raw.text, mentions), [m.column for m in mentions])
        options.append(Option(letter=raw.letter, text=raw.text, relation=relation, source=source, target=target,
                              variables=list(dict.fromkeys(m.column for m in mentions))))
        found += mentions
    return options, found


# ----- kind -----
def _merged_clauses(asked: Clauses, whole: Clauses) -> Clauses:
    """Instructions in the other sentences ('Use linear regression with no other variables.')
    still apply when the asking sentence does not state them itself."""
    inherited = ("controls", "given", "instrument", "instruments", "subgroup", "restrict")
    return replace(asked, **{f: getattr(whole, f) for f in inherited if getattr(asked, f) is None})


def _read_question(ctx: _Context, options: list[Option]) -> tuple[K | None, dict, _Context]:
    """Kind and roles from the sentence that asks when it carries the question by itself (two
    columns written verbatim, every role the kind needs); otherwise from the whole text, as
    before. Instructions stated in other sentences apply either way."""
    asked = _question_sentence(ctx.focus)
    whole_kind = _kind(ctx, options)
    whole = (whole_kind, BUILDERS[whole_kind](ctx) if whole_kind else {}, ctx)
    named = {ctx.cols[i] for i in indices(asked) if i in ctx.verbatim}  # fuzzy matches do not decide this
    if asked == ctx.focus or (len(named) < 2 and not options):
        return whole
    narrow = replace(ctx, focus=asked, clauses=_merged_clauses(clauses(asked), ctx.clauses),
                     assigns=assignments(asked))
    kind = _kind(narrow, options)
    fields = BUILDERS[kind](narrow) if kind is not None else {}
    complete = kind is not None and all(fields.get(r) is not None for r in _REQUIRED.get(kind, ()))
    if kind in _STRUCTURAL:
        complete = complete and fields.get("treatment") is not None and fields.get("outcome") is not None
    return (kind, fields, narrow) if complete else whole


# Kinds a multiple-choice stem keeps when its options name variables rather than claim edges
# ("Which of these is a cause of Y? A. X1 B. X2"); a stem asking for a diagram keeps GRAPH
# whatever its options look like.
_CHOICE_KINDS = frozenset({K.CAUSES_OF, K.EFFECTS_OF, K.MEDIATOR, K.COUNTERFACTUAL})
_WHICH_MEDIATES = re.compile(r"\bwhich\b[^?]*?\bmediat\w*|"
                             r"\bwhich\b[^?]*?\b(?:lies|sits|is)\s+on\s+the\s+(?:causal\s+)?path")
_WHICH_CAUSES = re.compile(r"\bwhich\b[^?]*?\b(?:directly\s+)?(?:causes?|drives?|determines?|influences?)\s+"
                           r"⟦\d+⟧|\bwhich\b[^?]*?\b(?:is|are)\s+(?:\w+\s+){0,3}?(?:an?\s+)?(?:direct\s+)?"
                           r"(?:causes?|drivers?|determinants?|parents?)\s+of\s+⟦\d+⟧")
_WHICH_EFFECTS = re.compile(r"\bwhich\b[^?]*?\b(?:(?:is|are)\s+)?(?:affected|caused|influenced|driven)\s+by\s+"
                            r"⟦\d+⟧|"
                            r"\bwhich\b[^?]*?\b(?:is|are)\s+(?:\w+\s+){0,3}?(?:an?\s+)?(?:direct\s+)?(?:effects?|"
                            r"consequences?|outcomes?|children)\s+of\s+⟦\d+⟧|"
                            r"\bwhich\b[^?]*?\b(?:does|do)\s+⟦\d+⟧\s+(?:affect|cause|influence|drive)")
_WHICH_GRAPH = re.compile(r"\bwhich\s+(?:dag|diagram|graph|causal (?:structure|graph|model)|structure|model)\b|"
                          r"\b(?:dag|diagram|causal structure)\b[^?]*\b(?:best|most)\b")


def _choice_kind(ctx: _Context, options: list[Option], counts: dict) -> K:
    """The kind of a multiple-choice question (see ``_CHOICE_KINDS``); direct cause by default."""
    relations = {o.relation for o in options} - {"unknown"}
    if relations and relations <= {"independent", "dependent"}:
        return K.INDEPENDENCE
    if _WHICH_GRAPH.search(ctx.focus):
        return K.GRAPH
    if any(o.edge for o in options):
        return K.DIRECT_CAUSE
    if _WHICH_MEDIATES.search(ctx.focus):
        return K.MEDIATOR
    if _WHICH_EFFECTS.search(ctx.focus):
        return K.EFFECTS_OF
    if _WHICH_CAUSES.search(ctx.focus):
        return K.CAUSES_OF
    stem = detect_kind(ctx.focus, counts)
    return stem if stem in _CHOICE_KINDS else K.DIRECT_CAUSE


def _kind(ctx: _Context, options: list[Option]) -> K | None:
    if options:
        return _choice_kind(ctx, options, {c: len(ctx.order(_claimed(ctx.clauses, c))) for c in all_claim_sets()})
    if ctx.factual_idx and _HYPOTHETICAL.search(ctx.focus) and len(ctx.factual_idx) < len(ctx.assigns):
        return K.COUNTERFACTUAL
    counts = {claims: len(ctx.order(_claimed(ctx.clauses, claims))) for claims in all_claim_sets()}
    kind = detect_kind(ctx.focus, counts)
    if kind is K.COUNTERFACTUAL and not ctx.assigns:  # no what-if value: "what would happen to Y if we double X"
        kind = detect_kind(ctx.focus, counts, skip=frozenset({K.COUNTERFACTUAL})) or kind
    return kind


def _claimed(cl: Clauses, names: tuple[str, ...]) -> set[int]:
    out: set[int] = set()
    for name in names:
        value = getattr(cl, name)
        if isinstance(value, list):
            out |= set(value)
        elif value is not None:
            out.add(value)
    return out


# ----- roles per kind -----
def _effect(ctx: _Context) -> dict:
    cl = ctx.clauses
    roles = fill_in_order(explicit_roles(K.EFFECT, ctx.focus), ctx.order(_claimed(cl, claims_for(K.EFFECT))),
                          ctx.same)
    controls = cl.controls if cl.controls is not None else cl.given
    t0, t1 = from_to(ctx.focus)
    treatment, outcome = ctx.col(roles.treatment), ctx.col(roles.outcome)
    subgroup = ctx.col(cl.subgroup)
    fields = {"treatment": treatment, "outcome": outcome,
              "controls": None if controls is None else _control_cols(ctx, controls, (treatment, outcome)),
              "instrument": ctx.col(cl.instrument), "subgroup": None if subgroup in (treatment, outcome) else subgroup,
              "t0": t0, "t1": t1}
    squared = [ctx.col(int(m.group(1) or m.group(2))) for m in _SQUARED.finditer(ctx.masked)]
    if squared:  # "age and age squared": the column and its square are controls
        fields["squared"] = [c for c in dict.fromkeys(squared) if c not in (treatment, outcome)]
    if fields["instrument"] in (treatment, outcome):  # "instrument veteran status with ...": not an instrument itself
        fields["instrument"] = None
    several = [c for c in (ctx.col(i) for i in cl.instruments or []) if c not in (None, treatment, outcome)]
    if len(several) >= 2:
        fields["instruments"], fields["instrument"] = several, several[0]
    if fields["controls"] is None and ALL_VARIABLES.search(ctx.text):
        excluded = {treatment, outcome, fields["instrument"], *fields.get("instruments", [])}
        fields["controls"] = [c for c in ctx.all_columns if c not in excluded]
    return fields


_SQUARED = re.compile(r"⟦(\d+)⟧\s*(?:squared|\^\s*2|²|-squared)|\b(?:square|quadratic)\s+(?:term\s+)?(?:of|in|for)\s+"
                      r"(?:the\s+)?⟦(\d+)⟧")


def _direct_cause(ctx: _Context) -> dict:
    roles = fill_in_order(explicit_roles(K.DIRECT_CAUSE, ctx.focus),
                          ctx.order(_claimed(ctx.clauses, claims_for(K.DIRECT_CAUSE))), ctx.same)
    return {"treatment": ctx.col(roles.treatment), "outcome": ctx.col(roles.outcome)}


def _independence(ctx: _Context) -> dict:
    cl = ctx.clauses
    given = (cl.given or []) + (cl.controls or [])
    roles = fill_in_order(Roles(), ctx.order(set(given)), ctx.same)
    return {"treatment": ctx.col(roles.treatment), "outcome": ctx.col(roles.outcome),
            "conditioning": _cols(ctx, given)}


def _structural(kind: K) -> Callable[[_Context], dict]:
    """Confounder / collider / mediator: a subject plus the pair it sits between."""

    def build(ctx: _Context) -> dict:
        roles = explicit_roles(kind, ctx.focus)
        if roles.subject is None and kind is K.MEDIATOR:
            roles.subject = ctx.clauses.through
        if roles.subject is None:
            roles.subject, _ = subject_before_cue(kind, ctx.focus)
        roles = fill_in_order(roles, ctx.order(), ctx.same)
        return {"subject": ctx.col(roles.subject), "treatment": ctx.col(roles.treatment),
                "outcome": ctx.col(roles.outcome)}

    return build


def _target(ctx: _Context) -> dict:
    order = ctx.order()
    return {"subject": ctx.col(order[0]) if order else None}


def _graph(ctx: _Context) -> dict:
    cols = [ctx.cols[i] for i in ctx.order()]
    return {"graph_variables": cols if len(cols) >= 2 else []}


def _counterfactual(ctx: _Context) -> dict:
    intervention, factual = {}, {}
    for a in ctx.assigns:
        (factual if a.index in ctx.factual_idx else intervention)[ctx.cols[a.index]] = a.value
    outcome = explicit_roles(K.COUNTERFACTUAL, ctx.focus).outcome
    outcome_col = ctx.col(outcome)
    rest = [ctx.cols[i] for i in ctx.order() if ctx.cols[i] not in intervention and ctx.cols[i] not in factual]
    if outcome_col is None and rest:
        outcome_col = rest[0]
    others = [ctx.cols[i] for i in ctx.order() if ctx.cols[i] != outcome_col and ctx.cols[i] not in factual]
    treatment = next(iter(intervention), others[0] if others else None)
    t0, t1 = from_to(ctx.focus)
    if treatment in intervention:
        t1 = intervention[treatment]
    return {"treatment": treatment, "outcome": outcome_col, "intervention": intervention, "factual": factual,
            "counterfactual_type": "unit" if factual else "interventional", "t0": t0, "t1": t1}


def _conditions(stated: list[Restriction], ctx: _Context, matcher: ColumnMatcher) -> list[Condition]:
    out = []
    by_name = {c.lower(): c for c in ctx.all_columns}
    for r in stated:
        if r.named:
            hit = next(((by_name[name], op, value) for name, op, value in r.named if name in by_name), None)
            if hit is not None:
                out.append(Condition(column=hit[0], op=hit[1], value=hit[2]))
            continue
        column = ctx.cols[r.mention] if r.mention is not None else matcher.resolve(r.column or "")
        value = r.value
        if isinstance(value, str):  # "channel is 'wholesale'", where 'wholesale' also named the column: the words
            value = re.sub(r"⟦(\d+)⟧", lambda m: ctx.phrases[int(m.group(1))], value)
        if column:
            out.append(Condition(column=column, op=r.op, value=value))
    return list({(c.column, c.op, str(c.value)): c for c in out}.values())


def _adjustment(ctx: _Context) -> dict:
    """Subject: the column to control for; treatment and outcome as in an effect question
    (they may be left for the conversation to supply)."""
    subject = explicit_roles(K.ADJUSTMENT, ctx.focus).subject
    if subject is None:  # "A colleague suggested adding V as a control. Is that a good idea?"
        subject = explicit_roles(K.ADJUSTMENT, ctx.masked).subject
    roles = explicit_roles(K.EFFECT, ctx.focus)
    roles.subject = subject
    roles = fill_in_order(roles, [i for i in ctx.order() if subject is None or not ctx.same(i, subject)], ctx.same)
    return {"subject": ctx.col(subject), "treatment": ctx.col(roles.treatment), "outcome": ctx.col(roles.outcome)}


BUILDERS: dict[K, Callable[[_Context], dict]] = {
    K.EFFECT: _effect, K.DIRECT_CAUSE: _direct_cause, K.INDEPENDENCE: _independence,
    K.CONFOUNDER: _structural(K.CONFOUNDER), K.COLLIDER: _structural(K.COLLIDER),
    K.MEDIATOR: _structural(K.MEDIATOR), K.CAUSES_OF: _target, K.EFFECTS_OF: _target, K.OVERVIEW: _target,
    K.GRAPH: _graph, K.COUNTERFACTUAL: _counterfactual, K.ADJUSTMENT: _adjustment,
}


def _scale(text: str, fields: dict, description: str | None) -> dict:
    """The scale fields: counts, percentages and signs (``query_scale``), then units (``query_units``)."""
    units = column_units(fields.get("treatment"), fields.get("outcome"), description)
    out = scale_of(text, money_outcome=units[1] is not None and units[1].dimension == "money")
    factor, notes = conversion(text, fields.get("treatment"), fields.get("outcome"), description)
    if factor != 1.0:
        out["scale"] = out.get("scale", 1.0) * factor
        out["scale_note"] = "; ".join(n for n in (out.get("scale_note"), *notes) if n)
    return out


def _logged_already(outcome: str | None, description: str | None) -> bool:
    """Whether the outcome column is itself a logarithm (its name or its description says so)."""
    if outcome is None:
        return False
    if any(p in ("log", "ln") for p in name_parts(outcome)):
        return True
    entries = description_entries(description, [outcome])
    return any(re.search(r"\blog", text, re.I) for column, text in entries if column == outcome)


def _cols(ctx: _Context, idx: list[int]) -> list[str]:
    return list(dict.fromkeys(ctx.cols[i] for i in idx))


def _control_cols(ctx: _Context, idx: list[int], roles: tuple[str | None, ...]) -> list[str]:
    """Controls named in a list: a phrase that fits several columns equally ('prior earnings'
    for re74 and re75) stands for all of them, apart from the treatment and the outcome."""
    out = []
    for i in idx:
        out.append(ctx.cols[i])
        if i not in ctx.verbatim and i < len(ctx.alternatives):
            out += [c for c in ctx.alternatives[i] if c not in roles]
    return list(dict.fromkeys(c for c in out if c not in roles))  # the treatment is never its own control


# "pooling waves 2 and 3", "a pooled regression": the rows are to be compared as one cross-section
_POOLED = re.compile(r"\bpool(?:ed|ing)?\b(?![- ]?(?:test|sample size|variance))|\bno (?:unit|person|firm|individual|"
                     r"fixed)[- ](?:fixed[- ])?effects\b|\bignor\w* the panel\b")


_GROUP_NOUN = (r"(?:customers|clients|patients|people|persons|units|individuals|participants|students|pupils|workers|"
               r"employees|firms|companies|stores|shops|users|accounts|households|schools|ones|group|sites|villages)")


_EXPLICIT_ESTIMAND = re.compile(r"\b(?:att|atc|atu|ate)\b|\b(?:un)?treated\b")


def _treated_group(ctx: _Context, treatment: str | None) -> str | None:
    """'ATT' when the effect is asked 'for the coached customers' (the treatment's own mention
    names the group), else None."""
    if treatment is None:
        return None
    for i, column in enumerate(ctx.cols):
        if column == treatment and re.search(rf"\b(?:for|among|on|in)\s+(?:the\s+|those\s+|all\s+)?⟦{i}⟧\s+"
                                             rf"{_GROUP_NOUN}\b(?!\s+(?:who|that|which)\s+(?:were|was|did|do)\s+not)",
                                             ctx.masked):
            return "ATT"
    return None


def _extras(kind: K, ctx: _Context, fields: dict) -> dict:
    """Method, rounding and estimand, which any kind may state."""
    out: dict = {"method_hint": method_hint(ctx.text) or method_hint(ctx.masked), "precision": precision(ctx.masked)
                 if precision(ctx.masked) is not None else precision(ctx.text)}
    named = estimand(ctx.masked) or _treated_group(ctx, fields.get("treatment"))
    if fields.get("subgroup") and (named is None or (named == "ATT" and not _EXPLICIT_ESTIMAND.search(ctx.text))):
        named = "CATE"  # "for nurses who work nights ... and for day-shift nurses separately" names groups
    if named:
        out["estimand"] = named
    if fields.get("instrument") and out["method_hint"] is None:
        out["method_hint"] = "iv"
    if kind is K.EFFECT and _POOLED.search(ctx.text):
        out["design"] = StudyDesign.OBSERVATIONAL
    return out


# ----- errors -----
_REQUIRED = {K.EFFECT: ("treatment", "outcome"), K.DIRECT_CAUSE: ("treatment", "outcome"),
             K.INDEPENDENCE: ("treatment", "outcome"), K.CAUSES_OF: ("subject",), K.EFFECTS_OF: ("subject",),
             K.OVERVIEW: ("subject",), K.COUNTERFACTUAL: ("treatment",), K.ADJUSTMENT: ("subject",)}
_STRUCTURAL = (K.CONFOUNDER, K.COLLIDER, K.MEDIATOR)


_NAMED_SUBJECT = re.compile(r"\b(?:is|are|was|were)\s+(?!there\b|it\b)[\w' -]+?\s+(?:an?|the)\s*$")


def _check_roles(kind: K, fields: dict, ctx: _Context, columns: list[str]) -> None:
    """Raise when a role the kind needs is missing or names something that is not a column."""
    phrases: list[str] = []
    pair_named = fields.get("treatment") is not None and fields.get("outcome") is not None
    if kind in _STRUCTURAL and fields.get("subject") is None:  # "is income a confounder ..."
        _, clause = subject_before_cue(kind, ctx.focus)
        # words that name a subject ("is income a ...") must match a column; filler ("at least one") need not
        if not pair_named or _NAMED_SUBJECT.search(clause):
            phrases = _residual_phrases(clause)
    if kind in _STRUCTURAL and not phrases and fields.get("outcome") is None:  # "... of smoking and income"
        cue = SUBJECT_CUES[kind].search(ctx.focus)
        rest = re.sub(r"^[\w-]*", "", ctx.focus[cue.end():]) if cue else ""  # skip the rest of "confound|er"
        phrases = _residual_phrases(rest)
    missing = [r for r in _REQUIRED.get(kind, ()) if fields.get(r) is None]
    if missing and not phrases:
        phrases = _residual_phrases(ctx.focus)
    if phrases:
        raise QueryError(_unmatched_message(phrases, columns))
    if missing:
        raise QueryError(f"The question needs a {' and an '.join(missing)} column for a {kind.value} question; "
                         f"name them, e.g. 'What is the effect of {columns[0]} on {columns[-1]}?'. "
                         f"Columns: {', '.join(columns)}.")


def _residual_phrases(masked: str) -> list[str]:
    """Runs of words that are neither columns nor question vocabulary (unknown names)."""
    vocab = STOPWORDS | INTENT_WORDS | GENERIC_WORDS | _FILLER | PHRASE_BREAKS
    runs, current = [], []
    for token in re.findall(r"⟦\d+⟧|[a-z][\w'-]*|[^\w\s]", masked):
        if token.startswith("⟦") or not token[0].isalpha() or token in vocab or token.rstrip("s") in vocab:
            if current:
                runs.append(" ".join(current))
            current = []
        else:
            current.append(token)
    if current:
        runs.append(" ".join(current))
    return runs


_EFFECT_ON_WORDS = re.compile(r"\b(?:effects?|impacts?|influence)\s+of\s+(?:the\s+)?⟦\d+⟧\s+on\s+"
                              r"(?:the\s+)?(?P<rest>[^⟦?.!,;]+?)\s*(?:[?.!,;]|$)")


def _refuse_unmatched_outcome(ctx: _Context, columns: list[str]) -> None:
    """'the effect of treat on earnings78' with no column for the words after 'on': name them
    back instead of answering about something else."""
    m = _EFFECT_ON_WORDS.search(ctx.focus)
    if m is None:
        return
    phrases = _residual_phrases(m.group("rest"))
    if phrases:
        raise QueryError(_unmatched_message(phrases, columns))


def _similar_by_number(phrase: str, columns: list[str]) -> list[str]:
    """Columns that carry the same number as the phrase ('earnings78' → 're78')."""
    numbers = set(re.findall(r"\d+", phrase))
    numbers |= {n[-2:] for n in numbers if len(n) == 4}  # a year written in full: 1978 ~ re78
    return [c for c in columns if numbers & set(re.findall(r"\d+", c))]


def _unmatched_message(phrases: list[str], columns: list[str]) -> str:
    quoted = " or ".join(repr(p) for p in phrases[:3])
    similar = _similar_by_number(phrases[0], columns)
    hint = (f"Columns like it: {', '.join(similar)}. Columns: {', '.join(columns)}." if similar
            else unknown_column_message(phrases[0], columns))
    return (f"No column matches {quoted}. {hint} Use a column name, or describe the columns "
            f"(e.g. '{columns[0]}: what it measures').")


def _not_causal_message(columns: list[str]) -> str:
    x, y = columns[0], columns[-1]
    return (f"That doesn't look like a causal question I can answer. I can answer causal questions about "
            f"your columns, e.g. 'What is the effect of {x} on {y}?', 'Does {x} cause {y}?', "
            f"'What drives {y}?', 'Are {x} and {y} independent?' or 'Show the causal graph'. "
            f"Columns: {', '.join(columns)}.")


def _no_kind_message(ctx: _Context, columns: list[str]) -> str:
    if CAUSAL_WORDS.search(ctx.focus):
        phrases = _residual_phrases(ctx.focus)
        if phrases:
            return _unmatched_message(phrases, columns)
    return _not_causal_message(columns)


def _match_notes(mentions: list[Mention]) -> tuple[list[str], list[str]]:
    """Assumptions for loose matches and ambiguities for phrases that fit several columns."""
    assumptions, ambiguities = [], []
    for m in mentions:
        if m.alternatives:
            others = "', '".join(m.alternatives)
            ambiguities.append(f"'{m.phrase}' matches both '{m.column}' and '{others}'")
        if m.alternatives or m.score < CONFIDENT:
            assumptions.append(f"Took '{m.phrase}' to mean column '{m.column}'")
    return list(dict.fromkeys(assumptions)), list(dict.fromkeys(ambiguities))
