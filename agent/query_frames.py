"""Read the cause and the effect of a question written in plain words.

People write "Does receiving any incentive make people more likely to learn their HIV
status?" or "By how many dollars did the program raise real earnings in 1978?", with the
columns explained only in a data dictionary. The phrase-by-phrase column matcher reads such
questions word by word across the whole paragraph and picks up columns mentioned in passing.
Here the sentence that asks is cut at its causal verb into a cause phrase and an effect
phrase ("effect of A on B", "does A raise B", "B because of A", "how much B does A cause …
to gain"), and each phrase is scored against every column by the words its name and its
description share with the phrase. A word that describes many columns ("district" in a
table of districts) counts little; a word only one column has counts fully. A phrase is
read as a column only when one column clearly explains it better than any other.

The result is a ``Frame``: the two columns and the phrases they were read from, which the
parser writes into the question as the columns' names and reads again, so every other
instruction of the question (controls, sample, method, scale) is read as usual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from agent.query_columns import CONFIDENT, OFFER, UPTAKE, ColumnMatcher, description_texts, marked, rank_columns
from agent.query_text import ABBREVIATIONS, GENERIC_WORDS, STOPWORDS, SYNONYMS, light_stem, name_parts, similar

# How much better the best column must explain a phrase than the runner-up, and the least it
# must explain (a word unique to one column counts 1).
MIN_SCORE, MIN_MARGIN = 0.5, 0.45
# A phrase's own name spelled out counts like this many unique words.
NAME_BONUS = 2.0
# Longer "sentences" are not questions people write; they are not read as frames.
MAX_SENTENCE = 400

_VERBS = (r"raise|raises|raised|increase|increases|increased|boost|boosts|boosted|improve|improves|improved|"
          r"reduce|reduces|reduced|lower|lowers|lowered|decrease|decreases|decreased|cut|cuts|change|changes|"
          r"changed|affect|affects|affected|influence|influences|influenced|alter|alters|altered|shift|shifts|"
          r"shifted|cause|causes|caused|lead to|leads to|led to|make|makes|made|help|helps|helped|hurt|hurts|"
          r"harm|harms|harmed|drive|drives|drove|matter for|matters for|move|moves|moved|push|pushes|pushed|"
          r"worsen|worsens|worsened|prevent|prevents|prevented|pay off|pays off|paid off|enhance|enhances|enhanced|"
          r"result in|results in|resulted in|contribute to|contributes to|contributed to|translate into|"
          r"translates into|benefit|benefits|benefited|shave off|shaves off|shaved off|knock off|knocks off|"
          r"knocked off|take off|takes off|took off|add to|adds to|added to|save|saves|saved|trim|trims|trimmed")
_AUX = r"does|did|do|will|would|can|could|might|may|has|have|had|is|was|are|were"
_CHANGING = r"(?:increasing|raising|improving|reducing|lowering|boosting|changing|cutting|decreasing)"
@dataclass(frozen=True)
class _Pattern:
    """One way of writing cause and effect: groups ``c`` and ``e`` (``v``: a verb that belongs
    to the effect, ``u``: a unit that does). ``lead``: the cause may start with question words
    to strip; ``cause_last``: the cause runs to the end of the clause, so cut it there."""

    regex: re.Pattern
    lead: bool = False
    cause_last: bool = False
    # the wording fixes which side is the cause ("B caused by A") even against the order of mention
    decisive: bool = False


_FRAMES = [
    # "OLS of lwage on educ with exper as control", "a regression of y on x"
    _Pattern(re.compile(r"\b(?:regress(?:ion)?|ols|logit|probit|linear probability model)\s+(?:of\s+)?"
                        r"(?P<e>[\w.]+(?:\s+[\w.]+){0,3}?)\s+on\s+(?P<c>[\w.]+(?:\s+[\w.]+){0,4}?)"
                        r"(?=\s+(?:with|controlling|adjusting|and|plus|holding|for)\b|\s*[,.;?:-]|\s*$)")),
    # "how many kg more did quitters gain than non-quitters"
    _Pattern(re.compile(r"\bhow (?:much|many)\s+(?:(?P<u>\w+)\s+)?(?:more|less|fewer|higher|lower)\s+"
                        r"(?:did|do|does|will|would)\s+(?P<c>.+?)\s+"
                        r"(?P<e>(?:gain|lose|earn|score|spend|weigh|save|pay|get|make|buy|sell)\w*)\s+than\b")),
    # "what effect did court-appointed representation have on sentence length"
    _Pattern(re.compile(r"\b(?:effects?|impacts?|influence|difference)\s+(?:did|does|do|will|would|has|had|might|could|"
                        r"can)\s+(?P<c>.+?)\s+(?:have|had|has|make|made)\s+(?:on|to|for)\s+(?P<e>.+)")),
    # "what does one more year of school do to log wages"
    _Pattern(re.compile(r"\bwhat\s+(?:does|do|did|would|will|could|might)\s+(?P<c>.+?)\s+do\s+to\s+(?P<e>.+)")),
    # "how effective are workplace training programs at increasing employee wages"
    _Pattern(re.compile(rf"\b(?:how\s+)?(?:effective|successful|useful|helpful)\s+(?:are|is|was|were)\s+(?P<c>.+?)\s+"
                        rf"(?:at|in)\s+{_CHANGING}\s+(?P<e>.+)")),
    _Pattern(re.compile(rf"\b(?:is|are|was|were)\s+(?P<c>.+?)\s+(?:effective|successful|useful|helpful)\s+(?:at|in)\s+"
                        rf"{_CHANGING}\s+(?P<e>.+)")),
    # "how many days shorter is the hospital stay with early mobilisation"
    _Pattern(re.compile(r"\bhow (?:much|many)\s+(?:\w+\s+)?(?:shorter|longer|more|less|higher|lower|larger|smaller|"
                        r"bigger|greater|fewer)\s+(?:is|are|was|were)\s+(?P<e>.+?)\s+(?:with|under|after|for|among|when|if|"
                        r"where)\s+"
                        r"(?P<c>.+)"),
             cause_last=True, decisive=True),
    # "how much weight does quitting smoking cause people to gain"
    _Pattern(re.compile(rf"\bhow (?:much|many)\s+(?P<e>.+?)\s+(?:{_AUX})\s+(?P<c>.+?)\s+(?:cause|make|lead)\s+"
                        rf"(?:\w+\s+){{0,2}}to\s+(?P<v>gain|lose|add|earn|get|have)\b")),
    # "the wage premium for union membership on log wages", "the return to schooling in earnings"
    _Pattern(re.compile(r"\b(?:premium|penalty|gap|returns?|payoff|differential|bonus)\s+(?:for|of|to|from)\s+"
                        r"(?P<c>.+?)\s+(?:on|in)\s+(?P<e>.+)")),
    # "the effect of A on B"
    _Pattern(re.compile(r"\b(?:effects?|impacts?|influence|consequences?)\s+of\s+(?P<c>.+?)\s+(?:on|upon|for)\s+"
                        r"(?P<e>.+)")),
    # "does A raise B", "how much did A change B"
    _Pattern(re.compile(rf"(?:^|\b(?:{_AUX})\s+)(?P<c>.+?)\s+(?:really\s+|actually\s+|also\s+|even\s+)?"
                        rf"(?:{_VERBS})\b(?!\s+by\b)\s*(?P<e>.*)"), lead=True),
    # "B because of A"
    _Pattern(re.compile(r"(?P<e>.+?)\s+(?:because of|due to|caused by|as a result of|attributable to|driven by|"
                        r"affected by|influenced by|impacted by|changed by|determined by|shaped by|explained by|"
                        r"thanks to|resulting from)\s+(?P<c>.+)"), cause_last=True, decisive=True),
]
# Words at the start of a cause phrase that only introduce it ("how much does", "by how many dollars did").
_LEAD = re.compile(rf"^(?:.*?\b(?:{_AUX})\s+)?")
# Where an effect phrase stops: a new clause or the question's framing.
_EFFECT_END = re.compile(r"\s*(?:,|;|:|\?|\.(?:\s|$)|\s-\s|\band by\b|\bby how\b|\band if so\b|\bif so\b|"
                         r"\bin (?:percent|percentage|dollars|points)\b|\bacross\b|\bamong\b|\bcompared\b|"
                         r"\brelative to\b|\bholding\b|\bcontrolling\b|\badjusting\b|\bwhile\b|\bafter\b)")
_PRONOUN_LEAD = re.compile(r"^(?:(?:people|them|you|him|her|us|someone|anyone|participants|voters|men|women|"
                           r"households|firms|students|patients)\s+)?(?:(?:more|less)\s+likely\s+to\s+)?")
_SENTENCE_END = re.compile(r"(?<=[?!])\s+|(?<=\.)(?<!i\.e\.)(?<!e\.g\.)(?<!\bvs\.)\s+(?=[a-z\"'(])")
_ASKING = re.compile(r"^(?:please\s+|so\s+|now\s+|then\s+)?(?:what|how|does|did|do|is|are|was|were|can|could|would|"
                     r"will|should|estimate|compute|calculate|quantify|measure|give|tell|find|by how)\b")
# "I need the effect of X on Y, ...": a request stated as a sentence asks too.
REQUEST = re.compile(r"\b(?:i|we)\s+(?:need|want|would like|'d like|am after|are after|am looking for|"
                      r"are looking for)\s+(?:the|an?|to know|to see)\b", re.I)
_IDENTIFIER = re.compile(r"\b(?:id|identifier|uuid|key)\b", re.I)
# Description words that say how a column is stored, not what it measures.
_FILLER = frozenset(light_stem(w) for w in """binary variable indicator indicating indicates whether represents
denotes measure measured recorded code coded yes otherwise dataset data column value values equal one zero
added me""".split())
_EXTRA_SYNONYMS = ["reply respond response answer", "win victory won", "previous prior lag lagged past last",
                   "die dying death dead mortality", "quit quitting cessation stop stopped",
                   "incentive voucher reward payment", "program programme training", "gain change",
                   "performance achievement score grade gpa",
                   "earnings income wage salary pay"]


def _synonyms() -> dict[str, set[str]]:
    table = {k: set(v) for k, v in SYNONYMS.items()}
    for group in _EXTRA_SYNONYMS:
        stems = [light_stem(w) for w in group.split()]
        for s in stems:
            table.setdefault(s, set()).update(x for x in stems if x != s)
    return table


_SYN = _synonyms()


@dataclass(frozen=True)
class PhraseReading:
    """A phrase of the question read as a column, with how clearly it won."""

    phrase: str
    column: str
    score: float
    runner_up: float
    start: int = 0  # where the phrase is in the question
    end: int = 0


@dataclass(frozen=True)
class Frame:
    """The cause and effect phrases of the asking sentence and the columns they name."""

    cause: PhraseReading
    effect: PhraseReading
    sentence: tuple[int, int]  # the asking sentence's span in the question
    span: tuple[int, int]  # from the cause-and-effect clause's first word to its last
    decisive: bool = False  # read from a wording that fixes the direction (see _Pattern)

    def note(self) -> list[str]:
        return [f"Read '{_shown(r.phrase)}' as column '{r.column}' (its name and description fit it best)"
                for r in (self.cause, self.effect)]


def _shown(phrase: str) -> str:
    """The phrase without a dangling '(' fragment ('late in april (lateapril' -> 'late in april')."""
    return re.sub(r"\s*\([^)]*$", "", phrase).strip() or phrase


class ColumnWords:
    """Per column, the word stems its name and description use, and how rare each is."""

    def __init__(self, columns: list[str], description: str | None) -> None:
        self.columns = [str(c) for c in columns]
        self.words: dict[str, set[str]] = {c: set() for c in self.columns}
        self.name_words: dict[str, set[str]] = {c: set() for c in self.columns}
        described: dict[str, list[str]] = {c: [] for c in self.columns}
        entries = description_texts(description, self.columns)
        known = _known_words(self.columns, entries)
        for column in self.columns:
            for part in name_parts(column):
                for piece in [part, *_segments(re.sub(r"\d+$", "", part), known)]:
                    for word in ABBREVIATIONS.get(piece, piece).split():
                        self.name_words[column] |= _word_forms(word)
            self.name_words[column] |= set(re.findall(r"\d+", column))
            self.words[column] |= self.name_words[column]
        for column, text in entries:
            described[column].append(text)
            for word in re.findall(r"[a-z]+|\d+", text.lower()):
                if word in STOPWORDS or (word.isalpha() and len(word) < 3):
                    continue
                forms = _word_forms(word)
                if forms and not forms & _FILLER:
                    self.words[column] |= forms
        self.identifiers = {c for c in self.columns if _is_identifier(c, described[c])}
        self._reach: dict[str, int] = {}

    def score(self, phrase_words: list[str], column: str) -> float:
        """How much of the phrase the column explains: each shared word counts 1 / the number
        of columns it could name, so a word every column has says nothing."""
        total = 0.0
        for word in set(phrase_words):
            if any(_same(word, w) for w in self.words[column]):
                total += 1.0 / self._columns_with(word)
        return total

    def _columns_with(self, word: str) -> int:
        if word not in self._reach:
            self._reach[word] = sum(any(_same(word, w) for w in self.words[c]) for c in self.columns)
        return self._reach[word]

    def read(self, phrase: str) -> PhraseReading | None:
        """The column a phrase names, when one column clearly explains it best."""
        text = phrase.strip(" '\"`()")
        words = _phrase_words(text)
        spelled = [c for c in self.columns if re.search(rf"(?<![\w]){re.escape(c.lower())}(?![\w])", text.lower())]
        if not words and not spelled:
            return None
        scores = []
        uptake = {light_stem(w) for w in re.findall(r"[a-z]+", text.lower())}
        skip_offers = bool(uptake & UPTAKE) and not uptake & OFFER  # "workshop participation" is not the invitation
        for column in self.columns:
            if column in self.identifiers and column not in spelled:
                continue
            if skip_offers and marked(column, OFFER) and column not in spelled:
                continue
            bonus = NAME_BONUS if column in spelled and len(column) > 1 else 0.0
            scores.append((self.score(words, column) + bonus, column))
        scores.sort(key=lambda s: -s[0])
        if not scores:
            return None
        best, column = scores[0]
        second = scores[1][0] if len(scores) > 1 else 0.0
        if best < MIN_SCORE:
            return None
        if best - second < MIN_MARGIN:  # close: the reading a causal question means by default, if one stands out
            tied = rank_columns([c for score, c in scores if best - score < MIN_MARGIN], self.columns)
            if tied[0][1] == tied[1][1]:
                return None
            column = tied[0][0]
        return PhraseReading(text, column, round(best, 3), round(second, 3))


def read_frame(question: str, columns: list[str], description: str | None = None) -> Frame | None:
    """The cause and effect columns of the last sentence that asks, else of the last question
    ('How many days does X cut from Y? Give it as a positive number.'), or None when either is
    unclear."""
    lowered = question.lower()
    vocabulary = ColumnWords(columns, description)
    asking = asking_sentences(lowered)
    questions = [s for s in asking if s.endswith("?")]
    for sentence in dict.fromkeys([asking[-1], *questions[-1:]]):  # an instruction may follow the question
        if len(sentence) > MAX_SENTENCE:  # the regexes below are quadratic in the sentence's length
            continue
        frame = _sentence_frame(sentence, lowered.rfind(sentence), vocabulary)
        if frame is not None:
            return frame
    return None


_PURPOSE = re.compile(r"\b(?:impact|effect|influence|role|consequences?)\s+of\b|\bwhether\b|\bevaluat\w*|\bstud(?:y|ied|ying)\b|"
                      r"\binvestigat\w*|\bexamin\w*|\bassess\w*|\bunderstand\w*|\bmeasur\w*", re.I)


def study_question(columns: list[str], description: str | None) -> Frame | None:
    """The cause and effect the description says the data were collected to study ("collected
    to evaluate the impact of housing vouchers on housing quality"): its first sentence that
    states a purpose and reads as a cause-and-effect frame; None when there is none."""
    if not description:
        return None
    vocabulary = _NamesFirst(columns, description)
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", description):
        if len(sentence) > MAX_SENTENCE or not _PURPOSE.search(sentence):
            continue
        frame = _sentence_frame(sentence.lower(), 0, vocabulary)
        if frame is not None:
            return frame
    return None


class _NamesFirst:
    """Reads a phrase of the description as the column whose *name* it spells ('test scores' is
    test_scores), else by the columns' descriptions: inside the description every column's text
    shares the study's purpose sentence, so descriptions alone blur the names."""

    def __init__(self, columns: list[str], description: str | None) -> None:
        self.names, self.words = ColumnMatcher(columns), ColumnWords(columns, description)

    def read(self, phrase: str) -> "PhraseReading | None":
        found = {m.column for m in self.names.find(phrase) if m.score >= CONFIDENT}
        if len(found) == 1:
            return PhraseReading(phrase, found.pop(), 3.0, 0.0)
        return self.words.read(phrase)


def _sentence_frame(sentence: str, offset: int, vocabulary: "ColumnWords") -> Frame | None:
    for frame in _FRAMES:
        m = frame.regex.search(sentence)
        if m is None:
            continue
        cause = _span(m, "c", _LEAD if frame.lead else None)
        if frame.cause_last:
            cause = (cause[0], cause[0] + len(_EFFECT_END.split(sentence[cause[0]:cause[1]])[0]))
        effect = _span(m, "e", _PRONOUN_LEAD)
        effect = (effect[0], effect[0] + len(_EFFECT_END.split(sentence[effect[0]:effect[1]])[0].rstrip()))
        effect_text = sentence[effect[0]:effect[1]]
        groups = m.groupdict()
        if groups.get("v"):  # "how much weight ... to gain": the weight gained
            effect_text = f"{effect_text} {groups['v']}"
        if groups.get("u"):  # "how many kg more did ... gain": kg gained
            effect_text = f"{groups['u']} {effect_text}"
        if len(sentence[cause[0]:cause[1]].split()) > 14 or len(effect_text.split()) > 14:
            continue
        c, e = vocabulary.read(sentence[cause[0]:cause[1]]), vocabulary.read(effect_text)
        if c and e and c.column != e.column:
            end = m.end() if groups.get("v") else max(cause[1], effect[1])
            return Frame(_placed(c, cause, offset), _placed(e, effect, offset),
                         (offset, offset + len(sentence)), (offset + min(cause[0], effect[0]), offset + end),
                         frame.decisive)
    return None


def _span(m: re.Match, group: str, lead: re.Pattern | None) -> tuple[int, int]:
    """The group's span, after the words ``lead`` strips from its start."""
    start, end = m.span(group)
    if lead is not None:
        start += lead.match(m.group(group)).end()
    return start, end


def _placed(reading: PhraseReading, span: tuple[int, int], offset: int) -> PhraseReading:
    return replace(reading, start=offset + span[0], end=offset + span[1])


def asking_sentence(text: str) -> str:
    """The last sentence that asks ('?' or an imperative), else the whole text."""
    return asking_sentences(text)[-1]


def asking_sentences(text: str) -> list[str]:
    """The sentences that ask ('?' or an imperative), in order; else the whole text."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return [s for s in sentences if s.endswith("?") or _ASKING.match(s) or REQUEST.search(s)] or [text]


# Short pieces that start column names run together ("lagdemocrat", "demvoteshare").
_NAME_PREFIXES = frozenset("lag pre post log ln num pct dem rep avg tot".split())


def _known_words(columns: list[str], entries: list[tuple[str, str]]) -> set[str]:
    """Words a run-together name may be made of: the description's and the other names' words."""
    words = set(_NAME_PREFIXES) | set(ABBREVIATIONS)
    words |= {w for c in columns for w in name_parts(c) if w.isalpha() and len(w) >= 3}
    words |= {w for _, text in entries for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in STOPWORDS}
    return words


def _segments(part: str, known: set[str]) -> list[str]:
    """'lagdemocrat' → ['lag', 'democrat'] when the whole run splits into known words; else []."""
    if len(part) < 6 or not part.isalpha():
        return []
    best: list[list[str] | None] = [[]] + [None] * len(part)
    for end in range(1, len(part) + 1):
        for start in range(max(0, end - 20), end):
            piece = part[start:end]
            if best[start] is not None and piece in known and piece != part and \
                    (best[end] is None or len(best[start]) + 1 < len(best[end])):
                best[end] = best[start] + [piece]
    return best[len(part)] or []


_NUMBER_WORDS = {w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine ten eleven "
                                                   "twelve".split())}


def _word_forms(word: str) -> set[str]:
    word = _NUMBER_WORDS.get(word.lower(), word.lower())
    if word.isdigit():
        return {word, word[-2:]} if len(word) == 4 else {word}
    if word in STOPWORDS or len(word) < 2:
        return set()
    return {light_stem(word)}


# A number after a comparative is a bound ("children under six"), and one before "more" a
# quantity ("one more child"): neither labels a column the way "1978" in "earnings in 1978" does.
_COUNT = r"(?:\d+(?:\.\d+)?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_NOT_A_LABEL = re.compile(rf"\b(?:under|below|over|above|less than|more than|fewer than|at least|at most|up to|"
                          rf"younger than|older than|than)\s+{_COUNT}\b|"
                          rf"\b{_COUNT}\s+(?=(?:more|additional|extra|fewer|less)\b)")


def _phrase_words(text: str) -> list[str]:
    text = _NOT_A_LABEL.sub(" ", text.lower())
    out = [w for joined in re.findall(r"\b[a-z]+-[a-z]+\b", text) for w in _word_forms(joined.replace("-", ""))]
    for word in re.findall(r"[a-z]+|\d+", text.lower()):
        if word in STOPWORDS or (word in GENERIC_WORDS and word not in ("rate", "score", "count", "index")):
            continue
        out.extend(_word_forms(word))
    return out


def _same(a: str, b: str) -> bool:
    if a.isdigit() or b.isdigit():
        return a == b
    return a == b or similar(a, b) or b in _SYN.get(a, ())


def _is_identifier(column: str, described: list[str]) -> bool:
    if any(p in ("id", "identifier", "uuid", "seqn") for p in name_parts(column)):
        return True
    return any(_IDENTIFIER.search(text) and len(text.split()) <= 4 for text in described)
