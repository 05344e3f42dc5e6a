"""Noun phrases read as wholes.

The column matcher resolves runs of words one at a time, so a phrase whose words point at
several columns ("housing subsidies" with ``housing_stability`` and ``received_subsidy``,
"exposure to a political campaign" with ``news_exposure``, ``political_activity`` and
``campaign_exposure``) becomes several mentions. Here each noun phrase is scored against
the columns by how many of its words a column's name (spelling, abbreviation, acronym)
and the user's description of it account for, and the phrase goes to the column that
explains most of it (words of the name first, then word pairs the description uses as
written, then whether the name gives the phrase's head: "yearly income" is an income).
Between columns that still fit equally, the reading a causal question means by default
wins (``query_columns.rank_columns``: the uptake of a programme rather than the offer of
it, the outcome-time measurement rather than the baseline one) and the others are kept
as alternatives, so the parser still reports the ambiguity. A phrase that spells a
column's name is never re-read as another column, and a phrase no name or description
explains is left alone for the parser to report.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from agent.query_columns import CONFIDENT, OFFER, PART_MULTI, UPTAKE, Coverage, Mention, description_texts, marked, rank_columns
from agent.query_text import (ABBREVIATIONS, GENERIC_WORDS, INTENT_WORDS, STOPWORDS, SYNONYMS, Token, light_stem,
                              name_parts, similar, tokenize)

# Words that join two parts of one noun phrase ("exposure to a campaign", "rate of growth").
_CONNECTORS = frozenset({"of", "to", "for", "in"})
_DETERMINERS = frozenset({"the", "a", "an", "their", "its", "his", "her", "our", "your", "this", "that"})
# Verbs and question vocabulary that end a noun phrase: "X improve Y", "the effect of X".
PHRASE_BREAKS = frozenset("""
effect effects affect affects affected affecting impact impacts impacted influence influences influenced
cause causes caused causing causal causally drive drives driven improve improves improved improving
increase increases increased increasing reduce reduces reduced reducing raise raises raised raising lower
lowers lowered lowering boost boosts boosted boosting enhance enhances enhanced enhancing decrease decreases
decreased decreasing help helps helped helping hurt hurts harm harms harmed benefit benefits benefited
result results resulted resulting lead leads led leading change changes changed changing worsen worsens
promote promotes prevent prevents contribute contributes serve serves achieve achieved relationship relation
association link effective effectiveness key will would can could should may might must
shall does do did have has had get gets make makes rise rises rose fall falls drop drops
through throughout using across during within without toward towards against around upon onto beyond along
versus like near despite except including plus amongst goes go going compared relative share
""".split())
# Graph words that are ordinary nouns in a variable's name ("child care subsidies").
_KIN = frozenset({"child", "children", "parent", "parents"})
# Description words that say how a column is stored, not what it means.
_DESC_FILLER = frozenset("""
binary variable variables indicating indicates indicate indicator represents represent representing denotes
denoting denote measure measures measured measuring recorded record records captures capture reflects reflect
defined specifying specifies scale yes otherwise dataset data study column value values coded code
""".split())


@dataclass(frozen=True)
class Chunk:
    """A noun phrase: its tokens, character span, the index (in ``tokens``) of its head and,
    per token, which connector-free part it is in ("teaching assistants | in classrooms")."""

    tokens: tuple[Token, ...]
    start: int
    end: int
    head: int
    parts: tuple[int, ...]


class ColumnVocabulary:
    """The words each column can be named by: its name (with abbreviations and acronyms)
    and, separately, the user's description of it."""

    def __init__(self, columns: list[str], description: str | None = None) -> None:
        self.columns = [str(c) for c in columns]
        self._name: dict[str, list[tuple[str, ...]]] = {}
        self._acronyms: dict[str, list[str]] = {}
        self._desc: dict[str, set[str]] = {c: set() for c in self.columns}
        for column in self.columns:
            parts = [p for p in name_parts(column) if p not in STOPWORDS or len(name_parts(column)) == 1]
            self._name[column] = [tuple(light_stem(w) for w in ABBREVIATIONS.get(p, p).split()) for p in parts]
            self._acronyms[column] = [p for p in parts if p.isalpha() and 3 <= len(p) <= 5]
        self._pairs: dict[str, set[tuple[str, str]]] = {c: set() for c in self.columns}
        for column, text in description_texts(description, self.columns):
            previous = None
            for w in re.findall(r"[a-z]+|\d+|[^\sa-z\d]", text.lower()):
                if w in _CONNECTORS or w in _DETERMINERS or w == "-":
                    continue
                if w.isalpha() and w not in STOPWORDS and w not in GENERIC_WORDS and w not in _DESC_FILLER \
                        and len(w) > 2:
                    stemmed = light_stem(w)
                    self._desc[column].add(stemmed)
                    if previous:
                        self._pairs[column].add((previous, stemmed))
                    previous = stemmed
                else:
                    previous = None

    def name_cover(self, column: str, words: list[str], raw: list[str]) -> set[int]:
        """Indices of ``words`` (light stems; ``raw`` the words as written) the column's name accounts for."""
        covered = {i for i, w in enumerate(words) for part in self._name[column] for p in part if _same(w, p)}
        if covered and marked(column, UPTAKE) and not marked(column, OFFER):
            covered |= {i for i, w in enumerate(words) if w in UPTAKE}  # "workshop participation": attended_workshop
        for acronym in self._acronyms[column]:
            n = len(acronym)
            for i in range(len(raw) - n + 1):
                if "".join(w[0] for w in raw[i:i + n]) == acronym:
                    covered |= set(range(i, i + n))
        return covered

    def desc_phrases(self, column: str, words: list[str]) -> int:
        """How many adjacent word pairs of the phrase the description uses as written
        ('receiving mindfulness-based therapy' for "mindfulness-based therapy")."""
        return sum(any(_same(a, x) and _same(b, y) for x, y in self._pairs[column]) for a, b in zip(words, words[1:]))

    def is_identifier(self, column: str) -> bool:
        """Whether the column is a row identifier, which no descriptive phrase means."""
        return any(p in ("id", "identifier", "uuid") for p in name_parts(column))

    def desc_cover(self, column: str, words: list[str]) -> set[int]:
        """Indices of ``words`` that the user's description of the column uses."""
        return {i for i, w in enumerate(words) if any(_same(w, d) for d in self._desc[column])}


def _same(a: str, b: str) -> bool:
    """Two light stems that name the same thing: equal, a long shared prefix, or listed synonyms."""
    return a == b or similar(a, b) or b in SYNONYMS.get(a, ())


def noun_chunks(text: str, mentions: list[Mention], protected: list[tuple[int, int]] = ()) -> list[Chunk]:
    """Noun phrases of ``text``: runs of content words, joined by 'of/to/for/in (the)' and
    possessives, and never split inside a column mention."""
    chunks: list[Chunk] = []
    current: list[Token] = []
    parts: list[int] = []
    head: int | None = None
    pending = False  # a connector was seen and waits for the next content word

    def close() -> None:
        nonlocal current, parts, head, pending
        if current:
            chunks.append(Chunk(tuple(current), current[0].start, current[-1].end,
                                len(current) - 1 if head is None else head, tuple(parts)))
        current, parts, head, pending = [], [], None, False

    previous: Token | None = None
    in_mention = Coverage(len(text), [(m.start, m.end) for m in mentions])
    mention_starts = {m.start for m in mentions}
    in_protected = Coverage(len(text), list(protected))
    for token in tokenize(text):
        word = token.lower
        inside = in_mention.overlaps(token.start, token.start + 1)
        if in_protected.overlaps(token.start, token.start + 1):  # "average treatment effect" names no column
            close()
            continue
        starts_mention = token.start in mention_starts  # "schooling, race": a new mention after the comma
        if previous is not None and token.segment != previous.segment and (not inside or starts_mention):
            close()
        previous = token
        attached = word.isdigit() and text[token.start - 1:token.start] == "-"  # "COVID-19 vaccine"
        cue = word in INTENT_WORDS and word not in _KIN  # "confound", "mediated": never part of a name
        if inside or attached or (word not in STOPWORDS and word not in PHRASE_BREAKS and not cue
                                  and not word.isdigit() and len(word) > 1):
            if pending and head is None:
                head = len(current) - 1
            parts.append(parts[-1] + pending if parts else 0)
            current.append(token)
            pending = False
        elif word == "s" and current and not pending:  # possessive: "workers' wages", "student's score"
            continue
        elif word in _CONNECTORS and current and not pending:
            pending = True
        elif word in _DETERMINERS and pending:
            continue
        else:
            close()
    close()
    return chunks


def resolve_phrases(text: str, mentions: list[Mention], vocab: ColumnVocabulary,
                    protected: list[tuple[int, int]] = ()) -> list[Mention]:
    """``mentions`` with each noun phrase read as a whole (see the module docstring)."""
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    dropped: set[int] = set()
    added: list[Mention] = []
    for chunk in noun_chunks(text, mentions, protected):  # chunks do not overlap: each sees original mentions
        first, last = bisect_left(starts, chunk.start), bisect_left(starts, chunk.end)
        inside = [m for m in ordered[first:last] if m.end <= chunk.end]
        resolved = _resolve(text, chunk, inside, vocab)
        if resolved is None:
            continue
        mention, absorbed = resolved
        dropped.update(id(m) for m in absorbed)
        added.append(mention)
    return sorted([m for m in ordered if id(m) not in dropped] + added, key=lambda m: m.start)


def _resolve(text: str, chunk: Chunk, inside: list[Mention], vocab: ColumnVocabulary
             ) -> tuple[Mention, list[Mention]] | None:
    """The mention that replaces ``inside`` (the mentions within ``chunk``), or None to keep them."""
    tokens = [t for t in chunk.tokens if t.lower not in STOPWORDS and t.lower not in GENERIC_WORDS and t.lower.isalpha()
              and (t.lower not in INTENT_WORDS or t.lower in _KIN or any(m.start <= t.start < m.end for m in inside))]
    strong = {m.column for m in inside if m.score >= CONFIDENT}
    if not tokens or len(strong) > 1:
        return None
    raw = [t.lower for t in tokens]
    words = [light_stem(w) for w in raw]
    head = _head_index(chunk, tokens)
    covers = _covers(vocab, sorted(strong) or vocab.columns, words, raw, head)
    if not covers:
        return None
    best = max(score for score, _ in covers.values())
    tied = [c for c, (score, _) in covers.items() if score == best]
    with_head = [c for c in tied if head in covers[c][1]]
    if 0 < len(with_head) < len(tied):
        tied = with_head
    ranked = [c for c, _ in rank_columns(tied, vocab.columns)]
    winner, covered = ranked[0], covers[ranked[0]][1]
    if not inside:  # a phrase no column spells: the reading must be unique and explain most of the phrase
        named = vocab.name_cover(winner, words, raw)
        if len(tied) > 1 or len(covered) < max(1 if named else 2, (len(words) + 1) // 2):
            return None
    start, end, absorbed = _extent(chunk, [tokens[i] for i in covered], inside, winner, bool(strong))
    if any(m.score >= CONFIDENT and m.column != winner for m in absorbed):
        return None
    kept = [m for m in absorbed if m.column == winner]
    score = max((m.score for m in kept), default=0)
    if score < CONFIDENT:  # a reading, not a spelling: the parser records it as an assumption
        score = min(CONFIDENT - 1, max(PART_MULTI, score))
    alternatives = tuple(dict.fromkeys(ranked[1:] + [a for m in kept for a in m.alternatives if a != winner]))
    if strong:
        alternatives = tuple(a for m in kept for a in m.alternatives)
    if len(absorbed) == 1 and (absorbed[0].column, absorbed[0].start, absorbed[0].end, set(absorbed[0].alternatives)) \
            == (winner, start, end, set(alternatives)):
        return None  # nothing to change
    return Mention(winner, start, end, text[start:end], score, alternatives), absorbed


def _covers(vocab: ColumnVocabulary, candidates: list[str], words: list[str], raw: list[str], head: int | None
            ) -> dict[str, tuple[tuple[int, bool, int], set[int]]]:
    """Per column that could be meant: its score and the phrase words it accounts for.

    The score ranks by the words the name gives plus the word pairs the description uses as
    written, then by whether the name gives the phrase's head (what the phrase denotes),
    then by single description words."""
    covers = {}
    for column in candidates:
        if vocab.is_identifier(column) and len(candidates) > 1:  # "participants" is not participant_id
            continue
        name = vocab.name_cover(column, words, raw)
        desc = vocab.desc_cover(column, words) - name
        if name or len(desc) >= 2:
            covers[column] = ((len(name) + vocab.desc_phrases(column, words), head in name, len(desc)), name | desc)
    phrase = set(words)
    if phrase & UPTAKE and not phrase & OFFER:  # "workshop participation" is not the invitation
        covers = {c: v for c, v in covers.items() if not marked(c, OFFER)} or covers
    return covers


def _extent(chunk: Chunk, covered: list[Token], inside: list[Mention], winner: str, strong: bool
            ) -> tuple[int, int, list[Mention]]:
    """Span of the resolved phrase and the mentions it replaces: those of the winner, those
    holding a word it accounts for and, unless a name was spelled, the other words of the
    compound it sits in ("cognitive-behavioral therapy sessions") with their modifiers
    ("peer support groups")."""
    part_of = {t.start: p for t, p in zip(chunk.tokens, chunk.parts)}
    spans = [(t.start, t.end) for t in covered]
    absorbed = [m for m in inside if m.column == winner or any(m.start <= t.start < m.end for t in covered)
                or (not strong and part_of.get(m.start) in {part_of[t.start] for t in covered})]
    if not strong:
        last: dict[int, int] = {}
        for t in covered:
            last[part_of[t.start]] = max(last.get(part_of[t.start], t.start), t.start)
        spans += [(t.start, t.end) for t, p in zip(chunk.tokens, chunk.parts) if p in last and t.start <= last[p]]
    start = min([s for s, _ in spans] + [m.start for m in absorbed])
    end = max([e for _, e in spans] + [m.end for m in absorbed])
    absorbed = [m for m in inside if (start <= m.start and m.end <= end) or m in absorbed]
    return min([start] + [m.start for m in absorbed]), max([end] + [m.end for m in absorbed]), absorbed


def _head_index(chunk: Chunk, tokens: list[Token]) -> int | None:
    """Position in ``tokens`` of the phrase's head: the last word before its first connector."""
    head_token = chunk.tokens[chunk.head]
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i].start <= head_token.start:
            return i
    return None
