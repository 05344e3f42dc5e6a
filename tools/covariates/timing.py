"""Time cues in column names and in the description: when was a column measured?

``re74``/``re75``/``re78`` carry years; ``wt82_71`` spans 1971–82 and is known at its end;
a data dictionary line "wt71: weight at baseline" or "death: died by 1992" places a column
before or after. Two-digit numbers count as years only when the same stem appears with
another two-digit number (re74, re75) or next to a four-digit year — never ``x1``..``x25``."""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME_YEAR = re.compile(r"^(?P<stem>[A-Za-z_]*?[A-Za-z])_?(?P<a>\d{2}|\d{4})(?:_(?P<b>\d{2}|\d{4}))?$")
PRE_NAME = re.compile(r"(?:^|_)(?:pre|baseline|base|bl|before|prior|initial|entry|lag|lagged|past)(?:_|$)|"
                      r"^(?:pre|lag)[a-z]", re.I)
POST_NAME = re.compile(r"(?:^|_)(?:post|after|follow|followup|fu|endline|exit|later|future)(?:_|$)|"
                       r"(?:^|_)(?:death|died|dead|deceased|mortality|yrdth|modth|dadth|censored|dropout|attrition|"
                       r"lost_to_follow_?up)(?:_|$)", re.I)
PRE_WORDS = re.compile(r"\b(?:at baseline|baseline|before (?:the )?(?:treatment|program|intervention|study|campaign|"
                       r"randomi[sz]ation)|prior to|pre-?treatment|at (?:entry|enrol?ment|intake|registration)|"
                       r"measured (?:first|before)|(?:days?|weeks?|months?|years?) before|before (?:the )?\w+ "
                       r"(?:decided|chose|enrol\w*|started|began|signed)|when (?:the )?[\w-]+ (?:was|were) (?:first )?"
                       r"(?:offered|assigned|given|introduced|announced|proposed)|at (?:the )?(?:time|start) of (?:the )?"
                       r"(?:offer|treatment|program|programme|enrol\w*|assignment|referral))\b", re.I)
POST_WORDS = re.compile(r"\b(?:after (?:the )?(?:treatment|program|intervention|campaign|email|offer|study)|"
                        r"follow-?up|post-?treatment|subsequent(?:ly)?|later|by the end|at the end|"
                        r"(?:days?|weeks?|months?|years?) after|after (?:starting|beginning|receiving|taking|the start)|"
                        r"result(?:ing|ed)? (?:from|of)|in response to|because of the)\b", re.I)
YEAR4 = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# Time points in other units: 'debt_12m', 'steps_month3', 'visits_w2'; 'in week 2', 'at month 12', 'weeks 3-4'.
_UNITS = {"d": "day", "day": "day", "days": "day", "w": "week", "wk": "week", "week": "week", "weeks": "week",
          "m": "month", "mo": "month", "month": "month", "months": "month", "wave": "wave", "waves": "wave",
          "q": "quarter", "quarter": "quarter"}
NAME_PERIOD = re.compile(r"(?:^|_)(?:(?P<n1>\d{1,2})(?P<u1>d|w|wk|m|mo)|(?P<u2>day|week|wk|month|mo|wave)_?"
                         r"(?P<n2>\d{1,2}))(?:_|$)", re.I)
TEXT_PERIOD = re.compile(r"\b(?P<u>days?|weeks?|months?|waves?|quarter)\s+(?P<a>\d{1,2})(?:\s*(?:-|–|to|and)\s*"
                         r"(?P<b>\d{1,2}))?\b", re.I)
POST_RECORDED = re.compile(r"\b(?:recorded|measured|collected|observed|taken|filed|pulled|assessed)\s+after\b|"
                           r"\bafter\s+(?:the\s+)?\w+\s+(?:was|were|had been)\s+(?:delivered|completed|finished|"
                           r"treated|discharged|sent|shipped|closed|resolved)\b", re.I)
PRE_RECORDED = re.compile(r"\b(?:recorded|measured|collected|observed|taken|assessed)\s+(?:before|prior to)\b", re.I)


@dataclass(frozen=True)
class TimeCue:
    """When a column is known (a year, if any) and what the words say (pre/post/None)."""

    year: int | None = None
    words: str | None = None  # "pre" | "post"
    evidence: str = ""
    period: tuple[str, int] | None = None  # ("month", 12): a time point in a unit other than years


def name_period(column: str) -> tuple[str, int] | None:
    """('month', 12) for 'debt_12m', ('week', 2) for 'visits_week2'; None without one."""
    m = NAME_PERIOD.search(str(column))
    if m is None:
        return None
    unit, n = (m["u1"], m["n1"]) if m["u1"] else (m["u2"], m["n2"])
    return _UNITS[unit.lower()], int(n)


def text_period(entry: str) -> tuple[str, int] | None:
    """The latest time point a description line names ('weeks 3-4' → ('week', 4)), when it
    names points in one unit only."""
    found = [(_UNITS[m["u"].lower()], int(m["b"] or m["a"])) for m in TEXT_PERIOD.finditer(entry)]
    units = {u for u, _ in found}
    return (units.pop(), max(n for _, n in found)) if len(units) == 1 else None


def _to_year(digits: str, century: int) -> int:
    return int(digits) if len(digits) == 4 else century + int(digits)


def name_years(columns: list[str]) -> dict[str, int]:
    """Columns whose names carry a measurement year (the later one for a span)."""
    parsed = {}
    for c in columns:
        m = NAME_YEAR.match(str(c))
        if m:
            parsed[c] = m
    stems: dict[str, set[str]] = {}
    for c, m in parsed.items():
        if len(m["a"]) == 2:
            stems.setdefault(m["stem"].lower().rstrip("_"), set()).add(m["a"])
    confirmed = {d for digits in stems.values() if len(digits) >= 2 for d in digits}
    confirmed |= {d for m in parsed.values() if m["b"] is not None for d in (m["a"], m["b"]) if len(d) == 2}
    years = {}
    for c, m in parsed.items():
        two_digit = len(m["a"]) == 2
        spanned = m["b"] is not None
        if two_digit and not spanned and m["a"] not in confirmed:
            continue  # a lone 'x12' is a label, not a year; 'hightax82' counts once 'wt82' and 'wt71' exist
        century = 1900 if two_digit and int(m["a"]) > 30 else 2000
        values = [_to_year(m["a"], century)] + ([_to_year(m["b"], century)] if spanned else [])
        if all(1800 <= v <= 2100 for v in values):
            years[c] = max(values)
    return years


def _definition_lines(description: str, columns: list[str]) -> dict[str, str]:
    """A data dictionary's entries: 'name - text' / 'name: text' lines, with the lines that
    continue them, whole (their sentences are not split)."""
    starts = {c: re.compile(rf"^\s*[-*•]?\s*[`'\"]?{re.escape(str(c))}[`'\"]?\s*(?:[-–—:=(]|\s-\s)", re.I)
              for c in columns}
    entries: dict[str, str] = {}
    current: str | None = None
    for line in description.splitlines():
        owner = next((c for c, pattern in starts.items() if pattern.match(line)), None)
        if owner is not None:
            current = owner
            entries.setdefault(owner, "")
            entries[owner] += " " + line.strip()
        elif current is not None and line.strip() and line[:1].isspace():
            entries[current] += " " + line.strip()
        else:
            current = None
    return {c: e.strip() for c, e in entries.items()}


def dictionary_entries(description: str | None, columns: list[str]) -> dict[str, str]:
    """The description's text about each column: its data-dictionary entry when there is one,
    else the line or sentence that names it first."""
    if not description:
        return {}
    entries = _definition_lines(description, columns)
    pieces = [p.strip() for p in re.split(r"[\n;]|(?<=[.!?])\s+", description) if p.strip()]
    for c in columns:
        if c in entries:
            continue
        pattern = re.compile(rf"(?<![\w]){re.escape(str(c))}(?![\w])", re.I)
        for piece in pieces:
            if pattern.search(piece):
                entries[c] = piece
                break
    return entries


def _after_treatment(entry: str, treatment: str | None) -> bool:
    """'taken three months after the training ended': after + a word of the treatment's name."""
    if not treatment or not entry:
        return False
    words = [w for w in re.split(r"[\W_]+", treatment.lower()) if len(w) >= 4]
    return any(re.search(rf"\bafter\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}{re.escape(w)}", entry, re.I) for w in words)


def _before_treatment_event(entry: str, treatment_entry: str) -> bool:
    """'bmi - at surgery' when the treatment is 'referred ... after surgery': measured at or
    before the event that the treatment follows."""
    events = re.findall(r"\bafter\s+(?:the\s+|their\s+|his\s+|her\s+)?(?:[\w-]+\s+)?([a-z]{4,})", treatment_entry.lower())
    return any(re.search(rf"\b(?:at|before|prior to|on the day of|at the time of)\s+(?:the\s+|their\s+)?(?:[\w-]+\s+)?"
                         rf"{re.escape(e)}\b", entry, re.I) for e in events)


def time_cues(columns: list[str], description: str | None, treatment: str | None = None) -> dict[str, TimeCue]:
    """Every column's time cue (columns without any cue are absent). ``treatment``: its name's
    words in a column's description ("after the training") place the column after it."""
    years = name_years(columns)
    entries = dictionary_entries(description, columns)
    cues = {}
    for c in columns:
        year, words, evidence = years.get(c), None, []
        if year is not None:
            evidence.append(f"the name carries the year {year}")
        entry = entries.get(c, "")
        period = name_period(c) or text_period(entry)
        if period is not None:
            evidence.append(f"it is measured at {period[0]} {period[1]}")
        if PRE_NAME.search(str(c)) or PRE_WORDS.search(entry) or PRE_RECORDED.search(entry) \
                or (c != treatment and _before_treatment_event(entry, entries.get(treatment or "", ""))):
            words = "pre"
            evidence.append("the name or description says it was measured before" if entry else
                            "the name marks a pre-period measurement")
        elif POST_NAME.search(str(c)) or POST_WORDS.search(entry) or POST_RECORDED.search(entry) \
                or (c != treatment and _after_treatment(entry, treatment)):
            words = "post"
            evidence.append("the name or description places it after the treatment (follow-up, death, post period)")
        if year is None and entry:
            found = [int(y) for y in YEAR4.findall(entry)]
            if found:
                year = max(found)
                evidence.append(f"its description mentions {year}")
        if year is not None or words is not None or period is not None:
            cues[c] = TimeCue(year, words, "; ".join(evidence), period)
    return cues
