"""The scale a question asks the effect on: percentage points ("by how many percentage
points"), per k units of the treatment ("per 10 minutes", "four more years"), a reduction
reported as a positive number, or the effect on log(outcome)."""

from __future__ import annotations

import re
from typing import Any

from agent.query_text import NUMBER, parse_number

_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "twelve": 12, "hundred": 100, "thousand": 1000}
_K = rf"(?P<k>{NUMBER}|{'|'.join(_WORDS)})"
PERCENT = re.compile(r"\bpercentage[- ]points?\b|\bin percent(?:age)? points\b|\bin (?:percent|%)\b|\bas a percent",
                     re.I)
PER_UNITS = re.compile(rf"\bper\s+{_K}\s+(?!(?:people|persons|population|residents|inhabitants|capita|births|"
                       rf"deaths|cases|patients|students|households|000)\b)", re.I)
MORE_UNITS = re.compile(rf"\b(?:of|for|with)\s+{_K}\s+(?:more|additional|extra)\s+", re.I)
POSITIVE_REDUCTION = re.compile(r"\b(?:as|report\w*\s+(?:it\s+)?as|give\s+(?:it\s+)?as)\s+(?:a\s+)?positive\s+"
                                r"(?:number|value)", re.I)
REDUCTION_WORDS = re.compile(r"\b(?:shorter|reduc\w*|fewer|less|lower|decreas\w*|drop\w*|savings?|cut)\b", re.I)
LOG_OUTCOME = re.compile(r"\blog\s*\(\s*[\w.]+\s*\)|\b(?:natural\s+)?log(?:arithm)?\s+of\s+(?:the\s+)?\w+|"
                         r"\blog[- ]?transform\w*|\b(?:on|in)\s+(?:the\s+)?log(?:ged)?\s+(?!odds\b|scale\b|points?\b)[a-z]\w*",
                         re.I)


def _k(raw: str) -> float:
    return float(_WORDS[raw.lower()]) if raw.lower() in _WORDS else parse_number(raw)


def scale_of(text: str) -> dict[str, Any]:
    """Query fields for the scale the question asks for (empty when it asks for none)."""
    out: dict[str, Any] = {}
    notes, factor = [], 1.0
    unit = PER_UNITS.search(text) or MORE_UNITS.search(text)
    if unit and _k(unit["k"]) not in (0.0, 1.0):
        factor *= _k(unit["k"])
        notes.append(f"per {_k(unit['k']):g} units of the treatment (the one-unit effect x {_k(unit['k']):g})")
    if PERCENT.search(text):
        factor *= 100.0
        notes.append("in percentage points (a share x 100)")
    if POSITIVE_REDUCTION.search(text) and REDUCTION_WORDS.search(text):
        factor *= -1.0
        notes.append("a reduction reported as a positive number (sign flipped)")
    if factor != 1.0:
        out.update(scale=factor, scale_note="; ".join(notes))
    if LOG_OUTCOME.search(text):
        out["outcome_transform"] = "log"
    return out
