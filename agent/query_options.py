"""Multiple-choice questions: split the stem from lettered options ("A. X causes Y",
"(b) neither", "Option C: ...") and read the causal claim each option makes."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_LABEL = re.compile(
    r"(?:^|(?<=\s))(?:\((?P<p>[A-Ha-h])\)|(?P<d>[A-Ha-h])[.):]|[Oo]ption\s+(?P<o>[A-Ha-h])\s*[:.)]?)(?=\s)",
    re.MULTILINE)
_CHOICE_CUE = re.compile(r"\b(which|following|more likely|most likely|choose|select|options?|true|correct)\b",
                         re.IGNORECASE)


@dataclass(frozen=True)
class RawOption:
    letter: str
    text: str
    start: int  # character offset of the option text in the question
    end: int


@dataclass(frozen=True)
class Choices:
    stem: str
    options: list[RawOption]


def split_choices(question: str) -> Choices:
    """The question stem and its lettered options (none when the question has no A/B/... list)."""
    labels = []
    for m in _LABEL.finditer(question):
        letter = m.group("p") or m.group("d") or m.group("o")
        at_line_start = question[:m.start()].rstrip(" \t").endswith("\n") or m.start() == 0
        labels.append((letter, m.start(), m.end(), at_line_start))
    run = _longest_run(labels)
    if len(run) < 2:
        return Choices(question, [])
    stem = question[:run[0][1]]
    if not _CHOICE_CUE.search(stem) and not all(lab[3] for lab in run):
        return Choices(question, [])
    options = []
    for k, (letter, _, text_start, _) in enumerate(run):
        text_end = run[k + 1][1] if k + 1 < len(run) else len(question)
        raw = question[text_start:text_end]
        stripped = raw.strip().rstrip(";,.").strip()
        offset = text_start + raw.index(stripped[:1]) if stripped else text_start
        options.append(RawOption(letter, stripped, offset, offset + len(stripped)))
    return Choices(stem, options)


def _longest_run(labels: list[tuple]) -> list[tuple]:
    """The longest sequence of labels a, b, c, ... in order and in one letter case.

    From each 'a' the run greedily takes the next label with the following letter; positions
    per letter make each step a binary search, so long texts stay fast."""
    positions: dict[str, list[int]] = {}
    for index, lab in enumerate(labels):
        positions.setdefault(lab[0], []).append(index)
    best: list[tuple] = []
    for i, first in enumerate(labels):
        if first[0].lower() != "a":
            continue
        run, at = [first], i
        while (later := positions.get(chr(ord(run[-1][0]) + 1))) and (k := bisect_right(later, at)) < len(later):
            at = later[k]
            run.append(labels[at])
        if len(run) > len(best):
            best = run
    return best

V = r"⟦(\d+)⟧"
_CAUSE_VERB = (r"(?:causes?|caused|leads? to|affects?|influences?|drives?|determines?|results? in|->|→|"
               r"has an? (?:causal )?(?:effect|influence) on)")
# Ordered: the first pattern that matches an option decides its relation.
RELATION_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("no_relation", re.compile(r"\bno (?:causal |direct )?(?:relationship|relation|link|connection|effect)\b|"
                               r"\bneither\b|\bnot causally related\b|\bunrelated\b|\bnone\b")),
    ("confounded", re.compile(r"\bcommon cause\b|\bconfound|\bboth caused by\b|\bshare a (?:common )?cause\b")),
    ("caused_by", re.compile(V + r"\s+(?:is |are )?(?:caused by|an? (?:effect|result|consequence) of|"
                                 r"(?:is )?affected by|depends on)\s+(?:the\s+)?" + V)),
    ("causes", re.compile(V + r"\s+(?:directly\s+)?" + _CAUSE_VERB + r"\s+(?:the\s+)?" + V)),
    ("independent", re.compile(r"\bindependent\b")),
    ("dependent", re.compile(r"\b(?:correlated|associated|dependent)\b")),
]


def option_relation(masked: str, columns: list[str]) -> tuple[str, str | None, str | None]:
    """(relation, source, target) for one option whose column mentions are ``⟦i⟧`` → ``columns[i]``."""
    text = masked.lower()
    for relation, pattern in RELATION_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        if relation in ("causes", "caused_by"):
            return relation, columns[int(m.group(1))], columns[int(m.group(2))]
        return relation, None, None
    return "unknown", None, None
