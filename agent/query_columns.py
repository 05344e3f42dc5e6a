"""Find the columns a question talks about.

A phrase matches a column when it is the column's name in any spelling (case,
snake_case, CamelCase, spaces, plurals), a known abbreviation of it, part of it
("sales" for ``total_sales``), or words from its description ("smk: whether the person
smokes" lets "smoking" mean ``smk``). Longer phrases win over shorter ones; a phrase that
fits several columns equally well is reported as ambiguous rather than resolved silently.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from agent.query_text import (ABBREVIATIONS, GENERIC_WORDS, INTENT_WORDS, MEASURE_WORDS, STOPWORDS, Token, light_stem,
                              name_parts, similar, singular, stem, tokenize)

# Match quality, best first. At or above CONFIDENT a match is just a spelling of the name.
VERBATIM, FULL, CONTENT, ABBREV, DESC_FULL = 100, 90, 85, 80, 75
DESC_HEAD, PART_MULTI, DESC_PART, PART, DESC_WORD = 70, 60, 55, 50, 40
STEM_PENALTY, FUZZY_PENALTY = 10, 20
CONFIDENT, STRONG = 85, 50
MAX_PHRASE_WORDS = 5
# Stopwords included ("on the job training" is 4): keeps the phrase scan linear in the text.
MAX_PHRASE_TOKENS = 3 * MAX_PHRASE_WORDS


@dataclass(frozen=True)
class Mention:
    """A phrase of the question resolved to a column."""

    column: str
    start: int
    end: int
    phrase: str
    score: int
    alternatives: tuple[str, ...] = ()


@dataclass
class _Alias:
    scores: dict[str, int] = field(default_factory=dict)

    def add(self, column: str, score: int) -> None:
        self.scores[column] = max(score, self.scores.get(column, 0))


def _key(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(singular(w) for w in words))


def _prefixes(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(w[:4] for w in words))


class ColumnMatcher:
    """Index of the ways each column can be named; ``find`` resolves phrases in a text."""

    def __init__(self, columns: list[str], description: str | None = None) -> None:
        self.columns = [str(c) for c in columns]
        self._exact: dict[tuple[str, ...], _Alias] = {}
        self._stem: dict[tuple[str, ...], _Alias] = {}
        # Long-prefix matches ("membership" ~ "member"), indexed by the words' first four letters.
        self._fuzzy: dict[tuple[str, ...], list[tuple[tuple[str, ...], str, int]]] = {}
        for column in self.columns:
            if len(column.strip()) > 1:  # one-letter names only match verbatim (never the article "a")
                self._index_name(column)
        for column, text in description_entries(description, self.columns):
            self._index_description(column, text)

    # ----- building the index -----
    def _add(self, words: list[str], column: str, score: int) -> None:
        if not words:
            return
        self._exact.setdefault(_key(words), _Alias()).add(column, score)
        if any(w in INTENT_WORDS or w.isdigit() for w in words):
            return
        stems = tuple(sorted(stem(w) for w in words))
        self._stem.setdefault(stems, _Alias()).add(column, score - STEM_PENALTY)
        if all(len(w) >= 4 for w in words):
            self._fuzzy.setdefault(_prefixes(words), []).append((tuple(singular(w) for w in words), column, score))

    def _add_parts(self, words: list[str], column: str, multi: int, single: int) -> None:
        """Index every contiguous part of ``words`` shorter than the whole."""
        for n in range(1, len(words)):
            for i in range(len(words) - n + 1):
                part = words[i:i + n]
                if n == 1 and (part[0] in GENERIC_WORDS or part[0] in INTENT_WORDS or len(part[0]) < 2
                               or part[0].isdigit()):
                    continue
                self._add(part, column, multi if n > 1 else single)

    def _index_name(self, column: str) -> None:
        parts = name_parts(column)
        self._add(parts, column, FULL)
        content = [p for p in parts if p not in STOPWORDS]
        if content != parts:
            self._add(content, column, CONTENT)
        expanded = [w for p in content for w in ABBREVIATIONS.get(p, p).split()]
        if expanded != content:
            self._add(expanded, column, ABBREV)
            self._add_parts(expanded, column, PART_MULTI - 5, PART - 5)
        self._add_parts(content, column, PART_MULTI, PART)

    def _index_description(self, column: str, text: str) -> None:
        words = [t.lower for t in tokenize(text)]
        content = [w for w in words if w not in STOPWORDS and w not in GENERIC_WORDS
                   and len(w) > 1 and not (w.isdigit() and len(w) < 3)]
        self._add(content[:6], column, DESC_FULL)
        if content:  # "trt: treatment arm" → "treatment" names trt even though it is a question word
            self._add(content[:1], column, DESC_HEAD)
        self._add_parts(content[:6], column, DESC_PART, DESC_WORD)

    # ----- matching -----
    def _lookup(self, words: list[str]) -> dict[str, int]:
        found = dict(self._exact.get(_key(words), _Alias()).scores)
        if any(w in INTENT_WORDS for w in words):
            return {c: s for c, s in found.items() if s >= DESC_HEAD}
        if any(w.isdigit() for w in words):
            return found
        for column, score in self._stem.get(tuple(sorted(stem(w) for w in words)), _Alias()).scores.items():
            found[column] = max(found.get(column, 0), score)
        query = sorted(singular(w) for w in words)
        for alias, column, score in self._fuzzy.get(_prefixes(words), []):
            if score - FUZZY_PENALTY <= found.get(column, 0):
                continue
            if all(similar(a, b) for a, b in zip(query, sorted(alias))):
                found[column] = score - FUZZY_PENALTY
        return found

    def find(self, text: str, protected: tuple[tuple[int, int], ...] | list[tuple[int, int]] = ()) -> list[Mention]:
        """Column mentions in ``text`` (sorted by position), skipping ``protected`` spans.

        Longest phrase first (in words), then best score; weak matches only fill gaps."""
        taken = Coverage(len(text), protected)
        tokens = tokenize(text)
        blocked = [taken.overlaps(t.start, t.end) for t in tokens]
        candidates = self._verbatim(text, tokens, taken) + self._candidates(text, tokens, blocked)
        candidates.sort(key=lambda c: (c[4] < STRONG, -c[0], -c[4], c[1]))
        mentions: list[Mention] = []
        for n, start, end, phrase, score, columns in candidates:
            if taken.overlaps(start, end):
                continue
            best = [c for c, _ in rank_columns(columns, self.columns)]
            mentions.append(Mention(best[0], start, end, phrase, score, tuple(best[1:])))
            taken.claim(start, end)
        starts = [t.start for t in tokens]
        return sorted((_absorb_measure(m, text, tokens, starts, taken) for m in mentions), key=lambda m: m.start)

    def _verbatim(self, text: str, tokens: list[Token], protected: "Coverage") -> list[tuple]:
        """Candidates where a column name appears as written (one-letter names: exact case)."""
        out = []
        starts = [t.start for t in tokens]
        for column in self.columns:
            name = column.strip()
            if not name:
                continue
            exact_case = len(name) == 1 or name.lower() in STOPWORDS
            pattern = re.compile(r"(?<![\w])" + re.escape(name) + r"(?![\w])", 0 if exact_case else re.IGNORECASE)
            for m in pattern.finditer(text):
                if not protected.overlaps(m.start(), m.end()):
                    n = (bisect_left(starts, m.end()) - bisect_left(starts, m.start())) or 1
                    out.append((n, m.start(), m.end(), m.group(), VERBATIM, [column]))
        return out

    def _candidates(self, text: str, tokens: list[Token], blocked: list[bool]) -> list[tuple]:
        """(words, start, end, phrase, score, columns) for every phrase that names a column."""
        out = []
        for i, first in enumerate(tokens):
            if blocked[i]:
                continue
            whole = first.lower in STOPWORDS  # "on-the-job training" only as the whole name
            content: list[str] = []
            for j in range(i, min(len(tokens), i + MAX_PHRASE_TOKENS)):
                last = tokens[j]
                if blocked[j] or last.segment != first.segment:
                    break
                if last.lower in STOPWORDS:
                    continue
                content.append(last.lower)
                if len(content) > MAX_PHRASE_WORDS:
                    break
                if whole:
                    found = self._exact.get(_key([t.lower for t in tokens[i:j + 1]]), _Alias()).scores
                    scores = {c: s for c, s in found.items() if s >= FULL}
                else:
                    scores = self._lookup(content)
                if not scores:
                    continue
                best = max(scores.values())
                columns = [c for c, s in scores.items() if s == best]
                out.append((len(content), first.start, last.end, text[first.start:last.end], best, columns))
        return out

    def resolve(self, phrase: str) -> str | None:
        """The best column for a short phrase on its own, or None."""
        found = self.find(phrase)
        return found[0].column if found else None


# A column that records taking a programme up vs. one that records being offered it.
UPTAKE = frozenset(light_stem(w) for w in """participation participated participating participate attended
attending attendance attend enrolled enrollment enrolment enrolling enroll used using usage use uptake took
taken taking completed completion opened joined adopted adoption received receipt""".split())
OFFER = frozenset(light_stem(w) for w in """invited invitation invite offer offered encouraged encouragement
encourage assigned assignment eligible eligibility reminder""".split())
# When a measurement was taken: outcomes are measured after treatment, baselines before it.
_POST = frozenset(light_stem(w) for w in "post after current end final followup follow endline later "
                  "subsequent".split())
_MID = frozenset(light_stem(w) for w in "mid middle interim intermediate midline".split())
_PRE = frozenset(light_stem(w) for w in "pre prior previous baseline past initial before lag lagged last start "
                 "starting earlier".split())


def marked(column: str, words: frozenset[str]) -> bool:
    """Whether a word of the column's name (as a light stem) is one of ``words``."""
    return any(light_stem(p) in words for p in name_parts(column))


def _timing(column: str) -> int:
    return 0 if marked(column, _POST) else 2 if marked(column, _MID) else 3 if marked(column, _PRE) else 1


def _core(column: str) -> frozenset[str]:
    """The name's words without its timing words: what is measured."""
    return frozenset(w for p in name_parts(column) if (w := light_stem(p)) not in _POST | _MID | _PRE
                     and p not in STOPWORDS and p not in GENERIC_WORDS)


def rank_columns(columns: list[str], order: list[str]) -> list[tuple[str, tuple[int, int]]]:
    """``columns`` that fit a phrase equally, best first, each with its preference key.

    A causal question's variables are by default the outcome-time measurement and the
    uptake of a programme: uptake (attended/enrolled/received) beats unmarked beats the
    offer (invited/offered); then, among versions of one measurement (``income_pre``/
    ``income_post``, ``prior_score``/``final_score``), post/current/final beats unmarked
    beats interim beats baseline/previous. Two timed names are versions when they share a
    measured word; a timed and an unmarked name when one's measured words contain the
    other's, so ``post_policy_period`` is not a version of ``policy_implementation`` and
    timing does not decide there."""
    timed = [c for c in columns if _timing(c) != 1]
    versions = any(_core(t) & _core(c) if c in timed else _core(c) <= _core(t) or _core(t) <= _core(c)
                   for t in timed for c in columns if c != t)

    def key(column: str) -> tuple[int, int]:
        offer = marked(column, OFFER)
        uptake = 0 if marked(column, UPTAKE) and not offer else 2 if offer else 1
        return uptake, (_timing(column) if versions else 1)

    ranked = sorted(columns, key=lambda c: (key(c), len(name_parts(c)), order.index(c)))
    return [(c, key(c)) for c in ranked]


def _absorb_measure(m: Mention, text: str, tokens: list[Token], starts: list[int], taken: "Coverage") -> Mention:
    """Extend a mention over one trailing measurement word: 'free lunch status' is free_lunch."""
    at = bisect_left(starts, m.end)
    nxt = tokens[at] if at < len(tokens) else None
    if (nxt is None or nxt.lower not in MEASURE_WORDS or text[m.end:nxt.start].strip()
            or taken.overlaps(nxt.start, nxt.end)):
        return m
    return Mention(m.column, m.start, nxt.end, text[m.start:nxt.end], m.score, m.alternatives)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


class Coverage:
    """Which characters of a text are claimed by a span; each question costs the span's length,
    so scanning a long text stays linear (a list of spans made the parser quadratic)."""

    def __init__(self, size: int, spans: "list[tuple[int, int]] | tuple[tuple[int, int], ...]" = ()) -> None:
        self._claimed = bytearray(max([size, *(e for _, e in spans)]) + 1)
        for start, end in spans:
            self.claim(start, end)

    def claim(self, start: int, end: int) -> None:
        if end > start:
            self._claimed[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self._claimed[start:end]


# "price: unit price", "- `col_a` = smoking status", "smk — smoker"
_ENTRY = re.compile(r"^\s*[-*•]?\s*[\"'`]?(?P<key>[^:=\n\"'`]{1,60}?)[\"'`]?\s*(?::|=|—|–|\s-\s)\s*"
                    r"(?P<text>.+?)\s*$")
_PAREN_AFTER = re.compile(r"(?P<text>[A-Za-z][\w\s-]{1,60}?)\s*\((?P<key>[^()]{1,40})\)")
_PAREN_BEFORE = re.compile(r"(?P<key>[\w-]+)\s*\((?P<text>[^()]{1,60})\)")


def description_entries(description: str | None, columns: list[str]) -> list[tuple[str, str]]:
    """(column, text) pairs from a data dictionary or prose: 'price: unit price in USD',
    'col_a = smoking status', 'smoking status (smk)', 'smk (smoking status)'."""
    if not description:
        return []
    lookup = {_norm(c): c for c in columns}
    entries: list[tuple[str, str]] = []
    for piece in re.split(r"[\n;]|,\s*(?=[\w ]{1,40}\s*[:=])", description):
        m = _ENTRY.match(piece)
        if m and _norm(m.group("key")) in lookup:
            entries.append((lookup[_norm(m.group("key"))], m.group("text")))
            continue
        for m in _PAREN_AFTER.finditer(piece):
            if _norm(m.group("key")) in lookup:
                entries.append((lookup[_norm(m.group("key"))], " ".join(m.group("text").split()[-4:])))
        for m in _PAREN_BEFORE.finditer(piece):
            if _norm(m.group("key")) in lookup:
                entries.append((lookup[_norm(m.group("key"))], m.group("text")))
    return entries


_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z'\"`(])|\n+")


def description_texts(description: str | None, columns: list[str]) -> list[tuple[str, str]]:
    """(column, text) for every way the description speaks of a column: the entries of
    ``description_entries`` plus, in prose, the sentence that names the column ('The
    'received_subsidy' indicates whether the household received a housing subsidy.'). A
    sentence naming several columns is cut at each name and each gets the words after it."""
    out = description_entries(description, columns)
    if not description:
        return out
    names = sorted({c for c in columns if len(c) > 1}, key=len, reverse=True)
    if not names:
        return out
    quoted = "|".join(re.escape(c) for c in names)
    bare = "|".join(re.escape(c) for c in names if re.search(r"_|\d|[a-z][A-Z]", c))
    pattern = re.compile(rf"([\"'`])({quoted})\1" + (rf"|(?<![\w'\"`])({bare})(?![\w'\"`])" if bare else ""))
    for sentence in _SENTENCE.split(description):
        found = list(pattern.finditer(sentence))
        for k, m in enumerate(found):
            column = m.group(2) or m.group(3)
            if len(found) == 1:
                text = sentence[:m.start()] + " " + sentence[m.end():]
            else:
                before = " ".join(re.split(r"[:,;]", sentence[:m.start()])[-1].split()[-4:]) if k == 0 else ""
                text = before + " " + sentence[m.end():found[k + 1].start() if k + 1 < len(found) else len(sentence)]
            out.append((column, text))
    return out


def _norm(name: str) -> str:
    return " ".join(name_parts(name.strip()))
