"""The scale a question asks the effect on: percentage points ("by how many percentage
points"), per k units of the treatment ("per 10 minutes", "four more years"), thousands or
millions, a percentage of the control group's mean, a reduction reported as a positive
number, or the effect on log(outcome)."""

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
REDUCTION_WORDS = re.compile(r"\b(?:shorter|reduc\w*|fewer|less|lower|decreas\w*|drop\w*|sav(?:e|es|ed|ing|ings)|"
                             r"cuts?|shave[sd]?|trim\w*)\b", re.I)
THOUSANDS = re.compile(r"\b(?:in|as|expressed in|measured in)\s+(?:the\s+)?(?:thousands|units of (?:1,?000|a thousand)|"
                       r"\$?\s?1,?000s|k\$|\$k)\b", re.I)
MILLIONS = re.compile(r"\b(?:in|as|expressed in|measured in)\s+(?:the\s+)?millions\b", re.I)
# "as a percent change relative to the control mean", "in % of the untreated group's average"
RELATIVE_TO_CONTROL = re.compile(
    r"(?:percent(?:age)?|%)\s+(?:change\s+|difference\s+|increase\s+|decrease\s+)?(?:relative\s+to|of|over|"
    r"compared\s+(?:to|with)|from)\s+(?:the\s+)?(?:control|untreated|comparison|non-?treated)(?:\s+group)?(?:'s)?\s+"
    r"(?:mean|average|level|baseline)|relative\s+to\s+(?:the\s+)?(?:control|untreated|comparison)(?:\s+group)?(?:'s)?\s+"
    r"(?:mean|average)|(?:share|percent(?:age)?|proportion)\s+of\s+(?:the\s+)?(?:control|untreated)(?:\s+group)?(?:'s)?\s+"
    r"(?:mean|average)", re.I)
# "the effect of turning autoplay off", "what would switching it off do": the switch-on effect with its sign flipped
SWITCH_OFF = re.compile(r"\b(?:effect|impact|result|consequence)s?\s+of\s+(?:turning|switching|shutting|removing|"
                        r"taking away|withdrawing|discontinuing|stopping)\b|\bwhat\s+(?:would|will|does)\s+(?:turning|"
                        r"switching|shutting|removing|withdrawing|discontinuing|stopping)\b|\b(?:turning|switching|"
                        r"shutting)\s+(?:[\w-]+\s+){0,2}?off\b", re.I)
LOG_OUTCOME = re.compile(r"\blog\s*\(\s*[\w.]+\s*\)|\b(?:natural\s+)?log(?:arithm)?\s+of\s+(?:the\s+)?\w+|"
                         r"\blog[- ]?transform\w*|\b(?:on|in)\s+(?:the\s+)?log(?:ged)?\s+(?!odds\b|scale\b|points?\b)[a-z]\w*",
                         re.I)


def _k(raw: str) -> float:
    return float(_WORDS[raw.lower()]) if raw.lower() in _WORDS else parse_number(raw)


def scale_of(text: str, money_outcome: bool = False) -> dict[str, Any]:
    """Query fields for the scale the question asks for (empty when it asks for none).
    ``money_outcome``: the outcome's currency unit is known, so "in thousands" is a unit
    conversion left to ``query_units``."""
    out: dict[str, Any] = {}
    notes, factor = [], 1.0
    unit = PER_UNITS.search(text) or MORE_UNITS.search(text)
    if unit and _k(unit["k"]) not in (0.0, 1.0):
        factor *= _k(unit["k"])
        notes.append(f"per {_k(unit['k']):g} units of the treatment (the one-unit effect x {_k(unit['k']):g})")
    relative = RELATIVE_TO_CONTROL.search(text)
    if relative:
        out["relative_to"] = "control_mean"
    elif PERCENT.search(text):
        factor *= 100.0
        notes.append("in percentage points (a share x 100)")
    if money_outcome:
        pass
    elif THOUSANDS.search(text):
        factor /= 1000.0
        notes.append("in thousands (the effect / 1,000)")
    elif MILLIONS.search(text):
        factor /= 1e6
        notes.append("in millions (the effect / 1,000,000)")
    if SWITCH_OFF.search(text):
        factor *= -1.0
        notes.append("the effect of switching the treatment off (the switch-on effect with its sign flipped)")
    if POSITIVE_REDUCTION.search(text) and REDUCTION_WORDS.search(text):
        factor *= -1.0
        notes.append("a reduction reported as a positive number (sign flipped)")
    if factor != 1.0:
        out.update(scale=factor, scale_note="; ".join(notes))
    if LOG_OUTCOME.search(text):
        out["outcome_transform"] = "log"
    return out
