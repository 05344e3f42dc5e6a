"""Units: the answer in the unit the question asks for ("in cents", "in pounds rather than
kilograms", "per extra hour of practice" when practice is recorded in minutes).

A column's unit comes from its description entry ("order_value - ..., dollars", "wt82_71 -
WEIGHT CHANGE IN KILOGRAMS"), else from its name's last word (``_min``, ``_kg``, ``_usd``).
A conversion is made only when both units are known and measure the same thing; the note
says which factor was applied."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.query import Query
from agent.query_columns import description_entries
from agent.query_scale import MILLIONS, THOUSANDS
from agent.query_text import NUMBER


@dataclass(frozen=True)
class Unit:
    name: str        # plural, as written in the note
    dimension: str   # money, mass, time, length
    size: float      # in the dimension's base unit (dollar, kilogram, minute, metre)
    pattern: str     # regex over lower-case text


UNITS = [
    Unit("thousands of dollars", "money", 1e3, r"\$\s?1,?000s|thousands? of (?:us )?dollars|\$\s?k\b|\bk\$|\$\s?thousands?|"
                                               r"(?:1,?000s|thousands) of \$|usd thousands?"),
    Unit("millions of dollars", "money", 1e6, r"millions? of (?:us )?dollars|\$\s?m\b|\$\s?millions?"),
    Unit("cents", "money", 0.01, r"\bcents?\b"),
    Unit("dollars", "money", 1.0, r"\b(?:us )?dollars?\b|\busd\b|\bus\$"),
    Unit("grams", "mass", 1e-3, r"\bgrams?\b"),
    Unit("kilograms", "mass", 1.0, r"\bkilo(?:gram)?s?\b|\bkgs?\b"),
    Unit("pounds", "mass", 0.45359237, r"\bpounds?\b|\blbs?\b"),
    Unit("ounces", "mass", 0.028349523125, r"\bounces?\b|\boz\b"),
    Unit("seconds", "time", 1 / 60, r"\bsec(?:ond)?s?\b"),
    Unit("minutes", "time", 1.0, r"\bmin(?:ute)?s?\b"),
    Unit("hours", "time", 60.0, r"\bh(?:ou)?rs?\b"),
    Unit("days", "time", 1440.0, r"\bdays?\b"),
    Unit("weeks", "time", 10080.0, r"\bweeks?\b"),
    Unit("millimetres", "length", 1e-3, r"\bmillimet(?:er|re)s?\b|\bmm\b"),
    Unit("centimetres", "length", 1e-2, r"\bcentimet(?:er|re)s?\b|\bcm\b"),
    Unit("kilometres", "length", 1e3, r"\bkilomet(?:er|re)s?\b|\bkms?\b"),
    Unit("metres", "length", 1.0, r"\bmet(?:er|re)s?\b"),
    Unit("miles", "length", 1609.344, r"\bmiles?\b"),
    Unit("feet", "length", 0.3048, r"\bfeet\b|\bfoot\b|\bft\b"),
    Unit("inches", "length", 0.0254, r"\binch(?:es)?\b"),
]
_ANY = "|".join(f"(?:{u.pattern})" for u in UNITS)
UNIT_WORDS = _ANY
# A unit word that dates or counts something ("per week", "the following day", "3 hours after") is no unit.
_NOT_A_UNIT = re.compile(r"(?:\bper|\beach|\ba|\ban|\bthe|\bone|\bfollowing|\bnext|\blast|\bpeak|\bevery|\bthat|"
                         r"\bthis|\d)\s*$")
_NAME_SUFFIX = {"min": "minutes", "mins": "minutes", "minutes": "minutes", "sec": "seconds", "secs": "seconds",
                "seconds": "seconds", "hrs": "hours", "hours": "hours", "hr": "hours", "days": "days",
                "kg": "kilograms", "lb": "pounds", "lbs": "pounds", "usd": "dollars", "dollars": "dollars",
                "cents": "cents", "km": "kilometres", "miles": "miles", "grams": "grams", "g": "grams"}
_BY_NAME = {u.name: u for u in UNITS}
_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
REQUESTED = re.compile(rf"\b(?:in|into|as|to|using)\s+(?:the\s+)?(?:units?\s+of\s+)?(?P<u>{_ANY})(?!\s*(?:of|per)\b)|"
                       rf"\bhow many (?P<v>{_ANY})", re.I)
PER_UNIT = re.compile(rf"\bper\s+(?:(?:{NUMBER}|{'|'.join(_WORDS)})\s+)?(?:extra\s+|additional\s+|more\s+)?"
                      rf"(?P<u>{_ANY})", re.I)


def unit_of(text: str) -> Unit | None:
    """The unit a piece of text names first (None when it names none)."""
    for m in re.finditer(_ANY, text.lower()):
        # "in week 4", "3 hours after": a time point or a count, not the unit of the values
        if not _NOT_A_UNIT.search(text.lower()[:m.start()]) and not re.match(r"\s*\d", text[m.end():]):
            return _match_unit(m.group())
    return None


def column_unit(column: str, entry: str) -> Unit | None:
    """A column's unit: its name's last word when that is a unit ('sleep_hours', 'wait_min'), else its
    description entry's first unit word."""
    last = re.split(r"[_\W]+", str(column).lower().strip("_"))[-1]
    named = _BY_NAME.get(_NAME_SUFFIX.get(last, ""))
    if named is not None:
        return named
    return unit_of(entry.replace(str(column), " ")) if entry else None


def _match_unit(word: str) -> Unit | None:
    return next((u for u in UNITS if re.fullmatch(u.pattern, word.strip(), re.I)), None)


def unit_scale(text: str, treatment_unit: Unit | None, outcome_unit: Unit | None) -> tuple[float, list[str]]:
    """(factor, notes) converting the one-unit effect into the units the question asks for."""
    factor, notes = 1.0, []
    per = PER_UNIT.search(text)
    if per and treatment_unit is not None:
        wanted = _match_unit(per["u"])
        if wanted is not None and wanted.dimension == treatment_unit.dimension and wanted != treatment_unit:
            step = wanted.size / treatment_unit.size  # a count ("per 2 hours") is applied by query_scale
            factor *= step
            notes.append(f"per {wanted.name.rstrip('s')} of the treatment, which is recorded in {treatment_unit.name} "
                         f"(x {step:g})")
    # "the data are in hours but I'd like the answer in minutes": the unit named that is not the outcome's own
    asked = [_match_unit(m["u"] or m["v"]) for m in REQUESTED.finditer(text)]
    wanted = next((u for u in reversed(asked) if u is not None and u != outcome_unit), None)
    if wanted is None and outcome_unit is not None and outcome_unit.dimension == "money":
        wanted = (_BY_NAME["thousands of dollars"] if THOUSANDS.search(text)
                  else _BY_NAME["millions of dollars"] if MILLIONS.search(text) else None)
    if wanted is not None and outcome_unit is not None and wanted.dimension == outcome_unit.dimension \
            and wanted != outcome_unit:
        step = outcome_unit.size / wanted.size
        factor *= step
        notes.append(f"in {wanted.name} (the outcome is recorded in {outcome_unit.name}; x {step:g})")
    return factor, notes


def column_units(treatment: str | None, outcome: str | None, description: str | None) -> tuple[Unit | None, Unit | None]:
    """The treatment's and the outcome's units (None where unknown)."""
    entries = dict(description_entries(description, [c for c in (treatment, outcome) if c]))

    def unit(column: str | None) -> Unit | None:
        return column_unit(column, entries.get(column, "")) if column else None
    return unit(treatment), unit(outcome)


def conversion(text: str, treatment: str | None, outcome: str | None, description: str | None
               ) -> tuple[float, list[str]]:
    """(factor, notes) for every unit and rate conversion the question asks for."""
    factor, notes = unit_scale(text, *column_units(treatment, outcome, description))
    entry = dict(description_entries(description, [outcome] if outcome else [])).get(outcome or "", "")
    rate, rate_notes = rate_scale(text, entry)
    return factor * rate, notes + rate_notes


def with_units(query: Query, description: str | None) -> Query:
    """``query`` with the unit conversion its question asks for applied to its scale (used for
    queries an LLM extracted: the model is told to leave units to the agent)."""
    factor, notes = conversion(query.raw.lower(), query.treatment, query.outcome, description)
    if factor == 1.0:
        return query
    note = "; ".join(n for n in (query.scale_note, *notes) if n)
    return query.model_copy(update={"scale": query.scale * factor, "scale_note": note})


_PEOPLE = r"(?:residents?|persons?|people|population|inhabitants?|capita|head|individuals?)"
_COUNT = r"[\d,]+|one|a|ten|hundred|thousand"
_COUNT_WORDS = {"one": 1.0, "a": 1.0, "ten": 10.0, "hundred": 100.0, "thousand": 1000.0}
RATE_ASKED = re.compile(rf"\bper\s+(?P<n>{_COUNT})\s+{_PEOPLE}\b", re.I)
RATE_RECORDED = re.compile(rf"\bper\s+(?:(?P<n>{_COUNT})\s+)?{_PEOPLE}\b|\b{_PEOPLE}\s*\)?\s*$|divided by (?:the )?population",
                           re.I)


def rate_scale(text: str, outcome_entry: str) -> tuple[float, list[str]]:
    """'injuries per 1,000 residents' when the outcome is recorded per resident (or per 100,000
    population): the factor between the two bases, with its note; (1.0, []) otherwise."""
    asked, recorded = RATE_ASKED.search(text), RATE_RECORDED.search(outcome_entry or "")
    if asked is None or recorded is None:
        return 1.0, []
    want, have = _count(asked["n"]), _count(recorded.groupdict().get("n"))
    if want == have:
        return 1.0, []
    return want / have, [f"per {want:,g} people (the outcome is recorded per {have:,g}; x {want / have:g})"]


def _count(raw: str | None) -> float:
    if raw is None:
        return 1.0
    return _COUNT_WORDS.get(raw.lower()) or float(raw.replace(",", ""))

