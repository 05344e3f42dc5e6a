"""Noun phrases read as wholes.

The column matcher resolves runs of words one at a time, so a phrase whose words point at
several columns ("housing subsidies" with ``housing_stability`` and ``received_subsidy``,
"exposure to a political campaign" with ``news_exposure``, ``political_activity`` and
``campaign_exposure``) becomes several mentions. Here each noun phrase is scored against
the columns by how many of its words a column's name (spelling, abbreviation, acronym)
and the user's description of it account for, and the phrase goes to the column that
explains most of it. Between columns that fit equally, the phrase's head word decides
("yearly income" is an income), then what a causal question means by default: the
outcome-time measurement rather than the baseline one, the uptake of a programme rather
than the offer of it. A phrase that spells a column's name is never re-read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.query_columns import CONFIDENT, OFFER, PART_MULTI, UPTAKE, Mention, description_texts, marked, preference
from agent.query_text import (ABBREVIATIONS, GENERIC_WORDS, INTENT_WORDS, STOPWORDS, SYNONYMS, Token, light_stem,
                              name_parts, similar, tokenize)

# Words that join two parts of one noun phrase ("exposure to a campaign", "rate of growth").
_CONNECTORS = frozenset({"of", "to", "for", "in"})
_DETERMINERS = frozenset({"the", "a", "an", "their", "its", "his", "her", "our", "your", "this", "that"})
# Verbs and question vocabulary that end a noun phrase: "X improve Y", "the effect of X".
_BREAK_WORDS = frozenset("""
effect effects affect affects affected affecting impact impacts impacted influence influences influenced
cause causes caused causing causal causally drive drives driven improve improves improved improving
increase increases increased increasing reduce reduces reduced reducing raise raises raised raising lower
lowers lowered lowering boost boosts boosted boosting enhance enhances enhanced enhancing decrease decreases
decreased decreasing help helps helped helping hurt hurts harm harms harmed benefit benefits benefited
result results resulted resulting lead leads led leading change changes changed changing worsen worsens
promote promotes prevent prevents contribute contributes serve serves achieve achieved relationship relation
association link effective effectiveness key will would can could should may might must
shall does do did have has had get gets make makes rise rises rose fall falls drop drops
""".split())
# Description words that say how a column is stored, not what it means.
_DESC_FILLER = frozenset("""
binary variable variables indicating indicates indicate indicator represents represent representing denotes
denoting denote measure measures measured measuring recorded record records captures capture reflects reflect
defined specifying specifies scale yes otherwise dataset data study column value values coded code
""".split())
@dataclass(frozen=True)
class Chunk:
    """A noun phrase: its tokens, character span and the index (in ``tokens``) of its head."""

    tokens: tuple[Token, ...]
    start: int
    end: int
    head: int


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
        for column, text in description_texts(description, self.columns):
            self._desc[column] |= {light_stem(w) for w in re.findall(r"[a-z]+", text.lower())
                                   if w not in STOPWORDS and w not in GENERIC_WORDS and w not in _DESC_FILLER
                                   and len(w) > 2}

    def name_cover(self, column: str, words: list[str], raw: list[str]) -> set[int]:
        """Indices of ``words`` (light stems; ``raw`` the words as written) the column's name accounts for."""
        covered = {i for i, w in enumerate(words) for part in self._name[column] for p in part if _same(w, p)}
        for acronym in self._acronyms[column]:
            n = len(acronym)
            for i in range(len(raw) - n + 1):
                if "".join(w[0] for w in raw[i:i + n]) == acronym:
                    covered |= set(range(i, i + n))
        return covered

    def desc_cover(self, column: str, words: list[str]) -> set[int]:
        return {i for i, w in enumerate(words) if any(_same(w, d) for d in self._desc[column])}


def _same(a: str, b: str) -> bool:
    """Two light stems that name the same thing: equal, a long shared prefix, or listed synonyms."""
    return a == b or similar(a, b) or b in SYNONYMS.get(a, ())


def noun_chunks(text: str, mentions: list[Mention], protected: list[tuple[int, int]] = ()) -> list[Chunk]:
    """Noun phrases of ``text``: runs of content words, joined by 'of/to/for/in (the)' and
    possessives, and never split inside a column mention."""
    chunks: list[Chunk] = []
    current: list[Token] = []
    head: int | None = None
    pending = False  # a connector was seen and waits for the next content word

    def close() -> None:
        nonlocal current, head, pending
        if current:
            chunks.append(Chunk(tuple(current), current[0].start, current[-1].end,
                                len(current) - 1 if head is None else head))
        current, head, pending = [], None, False

    previous: Token | None = None
    for token in tokenize(text):
        word = token.lower
        inside = any(m.start <= token.start < m.end for m in mentions)
        if any(s <= token.start < e for s, e in protected):  # "average treatment effect" names no column
            close()
            continue
        if previous is not None and token.segment != previous.segment and not inside:
            close()
        previous = token
        if inside or (word not in STOPWORDS and word not in _BREAK_WORDS and not word.isdigit() and len(word) > 1):
            if pending and head is None:
                head = len(current) - 1
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
    out = list(mentions)
    for chunk in noun_chunks(text, mentions, protected):
        inside = [m for m in out if chunk.start <= m.start and m.end <= chunk.end]
        resolved = _resolve(text, chunk, inside, vocab)
        if resolved is None:
            continue
        mention, absorbed = resolved
        out = [m for m in out if m not in absorbed] + [mention]
    return sorted(out, key=lambda m: m.start)


def _resolve(text: str, chunk: Chunk, inside: list[Mention], vocab: ColumnVocabulary
             ) -> tuple[Mention, list[Mention]] | None:
    tokens = [t for t in chunk.tokens if t.lower not in STOPWORDS and t.lower not in GENERIC_WORDS
              and (t.lower not in INTENT_WORDS or any(m.start <= t.start < m.end for m in inside))]
    if not tokens:
        return None
    raw = [t.lower for t in tokens]
    words = [light_stem(w) for w in raw]
    head = _head_index(chunk, tokens)
    strong = {m.column for m in inside if m.score >= CONFIDENT}
    if len(strong) > 1 or (not inside and len(words) < 2):
        return None
    covers: dict[str, tuple[int, set[int]]] = {}
    for column in sorted(strong) or vocab.columns:
        name = vocab.name_cover(column, words, raw)
        desc = vocab.desc_cover(column, words) - name
        if name or len(desc) >= 2:
            covers[column] = (2 * len(name) + len(desc), name | desc)
    if not covers:
        return None
    phrase_words = set(words)
    if phrase_words & UPTAKE and not phrase_words & OFFER:  # "workshop participation" is not the invitation
        kept = {c: v for c, v in covers.items() if not marked(c, OFFER)}
        covers = kept or covers
    best = max(score for score, _ in covers.values())
    tied = [c for c, (score, _) in covers.items() if score == best]
    with_head = [c for c in tied if head in covers[c][1]]
    if 0 < len(with_head) < len(tied) and not strong:
        tied = with_head
    tied.sort(key=lambda c: (preference(c), len(name_parts(c)), vocab.columns.index(c)))
    winner = tied[0]
    alternatives = tuple(c for c in tied[1:] if preference(c) == preference(winner))
    covered = covers[winner][1]
    if not inside:  # a phrase no column spells: the reading must be unique and explain most of the phrase
        named = vocab.name_cover(winner, words, raw)
        if len(tied) > 1 or len(covered) < max(1 if named else 2, (len(words) + 1) // 2):
            return None
    spans = [(tokens[i].start, tokens[i].end) for i in covered]
    absorbed = [m for m in inside if m.column == winner or any(m.start <= s < m.end for s, _ in spans)]
    start = min([s for s, _ in spans] + [m.start for m in absorbed])
    end = max([e for _, e in spans] + [m.end for m in absorbed])
    absorbed = [m for m in inside if start <= m.start and m.end <= end or m in absorbed]
    if any(m.score >= CONFIDENT and m.column != winner for m in absorbed):
        return None
    if len(absorbed) == 1 and absorbed[0].column == winner and set(absorbed[0].alternatives) == set(alternatives):
        return None  # nothing to change
    start, end = min(start, *(m.start for m in absorbed)), max(end, *(m.end for m in absorbed))
    kept_score = max((m.score for m in absorbed if m.column == winner), default=0)
    score = kept_score if kept_score >= CONFIDENT else min(CONFIDENT - 1, max(PART_MULTI, kept_score))
    return Mention(winner, start, end, text[start:end], score, alternatives), absorbed


def _head_index(chunk: Chunk, tokens: list[Token]) -> int | None:
    """Position in ``tokens`` of the phrase's head: the last word before its first connector."""
    head_token = chunk.tokens[chunk.head]
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i].start <= head_token.start:
            return i
    return None
