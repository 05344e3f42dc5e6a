"""Fixed attributes — age, sex or gender, race and ethnicity (also as indicator columns such
as black, hispanic, female), minority status, birth year or place, geography — cannot be caused by anything else measured in the same study. The agent adds this
as stated background knowledge (no edge into such a column), which settles directions the
data alone leave open (e.g. age — treatment) and stops a learned graph from having a
treatment 'cause' age. Not added for the outcome column, nor for a column the user's own
knowledge already mentions."""

from __future__ import annotations

import re

from tools.knowledge import Knowledge

FIXED_NAME = re.compile(r"(?:^|_)(?:age|gender|sex|female|male|race|black|white|hispanic|hisp|asian|nonwhite|"
                        r"ethnicity|ethnic|minority|birth_?year|year_of_birth|yob|birth_?place|birthplace|born|"
                        r"place_of_birth|country_of_birth|native|immigrant|region|state|country|urban|rural|"
                        r"south|north|east|west|smsa)(?:_|$)", re.I)
SOURCE = "fixed attributes (agent default)"


def fixed_attribute_columns(columns: list[str], outcome: str | None, knowledge: Knowledge) -> list[str]:
    mentioned = knowledge.variables()
    return [c for c in columns if FIXED_NAME.search(str(c)) and c != outcome and c not in mentioned]


def fixed_attribute_knowledge(columns: list[str], fixed: list[str]) -> Knowledge:
    """Forbid every edge from another column into a fixed attribute."""
    forbidden = [(other, c) for c in fixed for other in columns if other != c]
    return Knowledge(forbidden=forbidden, sources=[SOURCE])


def assumption_text(fixed: list[str]) -> str:
    names = ", ".join(f"'{c}'" for c in fixed)
    return (f"{names} {'is a fixed attribute' if len(fixed) == 1 else 'are fixed attributes'} (age, sex, race and "
            "the like): nothing else measured here causes them. Pass knowledge that mentions a column to override.")
