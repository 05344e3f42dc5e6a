"""Sample restrictions stated in a question: "only rows where black = 1", "people aged
between 20 and 22", "exclude the south", "no older than 22". Read from the masked question
(``⟦i⟧`` = mention i); the agent applies them before any analysis and states them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from agent.query_text import parse_number
from agent.query_values import NUM

Op = Literal["==", "!=", ">=", "<=", ">", "<"]
_V = r"⟦(?P<i>\d+)⟧"
# a value is a number, yes/no/true/false, or quoted text ("is when ..." is not a condition)
_VALUE = rf"(?P<v>{NUM}(?![\w.])|(?:true|false|yes|no)\b|['\"“‘][^'\"”’]+['\"”’])"
_OPS = {"=": "==", "==": "==", "is": "==", "equals": "==", "!=": "!=", "is not": "!=", ">=": ">=", "<=": "<=",
        ">": ">", "<": "<", "at least": ">=", "at most": "<=", "above": ">", "below": "<", "over": ">", "under": "<",
        "more than": ">", "greater than": ">", "higher than": ">", "larger than": ">", "bigger than": ">",
        "exceeding": ">", "less than": "<", "fewer than": "<", "lower than": "<", "smaller than": "<",
        "no more than": "<=", "no less than": ">=", "not more than": "<=", "not less than": ">=", "≥": ">=",
        "≤": "<=", "before": "<", "prior to": "<", "earlier than": "<", "after": ">", "later than": ">",
        "since": ">="}
_COMPARE = (r"no more than|no less than|not more than|not less than|more than|greater than|higher than|larger than|"
            r"bigger than|exceeding|less than|fewer than|lower than|smaller than")
_OP = (rf"(?:is\s+)?(?P<op>==|!=|>=|<=|≥|≤|=|>|<|{_COMPARE}|is not|is|equals|at least|at most|above|below|over|under|"
       rf"before|prior to|earlier than|after|later than|since)")
_ONLY = (r"\b(?:only|restrict(?:ed|ing)?(?:\s+(?:the\s+)?(?:sample|analysis|data))?\s+to|among|within|keep(?:ing)?\s+"
         r"only|limit(?:ed|ing)?\s+(?:it\s+)?to|for)\b(?:(?!\b(?:drop|exclud|remov|omit|leav|discard|without))[^.?;!⟦]){0,40}?")
# "only for women in the labor force (lfp is True)": a phrase may come before the condition in brackets
CONDITION = re.compile(rf"{_ONLY}(?:where|with|whose|for which|if)?\s*(?:the\s+)?(?:⟦\d+⟧\s*\(\s*)?{_V}\s*{_OP}\s*{_VALUE}")
RANGE = re.compile(rf"{_V}\s+(?:is\s+|was\s+)?between\s+(?P<a>{NUM})\s+and\s+(?P<b>{NUM})")  # 'from a to b' is a contrast
EXCLUDE = re.compile(rf"\b(?:exclud\w*|drop(?:ping)?|leav(?:e|ing) out|without)\s+(?:the\s+)?(?:rows\s+)?"
                     rf"(?:where\s+|with\s+)?{_V}(?:\s*{_OP}\s*{_VALUE}|\s+(?P<named>{NUM})(?![\w.]))?")
# "drop the first wave", "only the last year": the smallest or largest value of the column
ORDINAL = re.compile(rf"\b(?P<verb>exclud\w*|drop(?:ping)?|leav(?:e|ing) out|without|omit\w*|only|just|keep(?:ing)?"
                     rf"(?:\s+only)?)\s+(?:the\s+)?(?:very\s+)?(?P<which>first|earliest|last|latest|final)\s+{_V}")
AGE_RANGE = re.compile(rf"\b(?:aged?|ages)\s+(?:between\s+|from\s+)?(?P<a>{NUM})\s*(?:and|to|through|-)\s*(?P<b>{NUM})|"
                       rf"\bbetween\s+the\s+(?:ages|⟦\d+⟧)\s+of\s+(?P<a2>{NUM})\s+and\s+(?P<b2>{NUM})|"
                       rf"(?<![\w.])(?P<a3>\d+)\s*(?:to|-)\s*(?P<b3>\d+)[- ]years?[- ]olds?\b")
# "leaving out the men who live in the south": drop the rows where the indicator is on
EXCLUDE_WHO = re.compile(rf"\b(?:exclud\w*|leav(?:e|ing) out|drop(?:ping)?|omit\w*|except(?: for)?)\s+(?:the\s+)?"
                         rf"(?:[a-z]+\s+){{0,4}}?(?:who|that|which)\s+(?:[a-z]+\s+){{0,3}}?(?:the\s+)?{_V}(?!\s*{_OP})")
# "firms with more than 50 employees", "with at least 3 children"
COUNT_WITH = re.compile(rf"\bwith\s+(?P<op>{_COMPARE}|at least|at most|over|under)\s+(?P<v>{NUM})\s+{_V}")
# "income of 50000 or more", "age 30 and over"
OR_MORE = re.compile(rf"{_V}\s+(?:of\s+|is\s+)?(?P<v>{NUM})\s*(?:or|and)\s+(?P<w>more|over|above|older|higher|greater|"
                     rf"up|less|under|below|younger|lower|fewer)\b")
AGE_OR_MORE = re.compile(rf"\baged?\s+(?P<v>{NUM})\s*(?:or|and)\s+(?P<w>over|older|above|up|more|under|younger|below)\b|"
                         rf"\b(?P<w2>over|under|above|below)\s+(?:the\s+)?(?:age|⟦\d+⟧)\s+of\s+(?P<v2>{NUM})|"
                         rf"\baged?\s+(?P<w3>over|under|above|below)\s+(?P<v3>{NUM})")
_UP = {"more", "over", "above", "older", "higher", "greater", "up"}
# years: "excluding 2020", "in the years after 2015", "before 2000", "from 2010 on", "only 2019"
_YEAR = r"(?P<y>(?:1[89]|20)\d\d)(?!\d|[.,]\d)"
YEAR_BOUNDS = [
    (re.compile(rf"\b(?:exclud\w*|except(?:\s+for)?|drop(?:ping)?|leav(?:e|ing)\s+out|without|omit\w*|other than|"
                rf"apart from)\s+(?:the\s+)?(?:year\s+|data\s+(?:from|for)\s+)?{_YEAR}"), "!="),
    (re.compile(rf"\b(?:after|later than|post-?)\s*{_YEAR}"), ">"),
    (re.compile(rf"\b(?:since|from|starting(?:\s+in)?|beginning(?:\s+in)?)\s+{_YEAR}(?:\s+on(?:wards?)?|\s+and\s+later|"
                rf"\s+onward)?(?!\s*(?:to|-|–|through|and)\s*(?:1[89]|20)\d\d)"), ">="),
    (re.compile(rf"\b(?:before|prior\s+to|earlier\s+than|pre-?)\s*{_YEAR}"), "<"),
    (re.compile(rf"\b(?:only|just)\s+(?:in\s+|for\s+|the\s+year\s+)?{_YEAR}(?!\s+(?:on(?:wards?)?|and\s+(?:later|after|"
                rf"earlier|before)|or\s+(?:later|after|earlier|before))\b)"), "=="),
    (re.compile(rf"\b{_YEAR}\s+(?:on(?:wards?)?|and\s+(?:later|after)|or\s+later)\b"), ">="),
    (re.compile(rf"\b{_YEAR}\s+(?:and|or)\s+(?:earlier|before)\b"), "<="),
    (re.compile(rf"\bin\s+{_YEAR}\s+only\b"), "=="),
]
YEAR_UNTIL = re.compile(rf"\b(?:until|up\s+to|through)\s+{_YEAR}")   # when no range names the start
YEAR_RANGE = re.compile(rf"\b(?:from|between)\s+(?P<a>(?:1[89]|20)\d\d)\s*(?:to|-|–|through|and|until)\s*"
                        rf"(?P<b>(?:1[89]|20)\d\d)(?!\d|[.,]\d)")
YEAR_NAMES = ("year", "yr", "years", "survey_year", "fiscal_year", "calendar_year")
# "among women", "for female employees", "men only"
_GROUP_ONLY = r"\b(?:among|for|only|just|restrict\w*\s+to|limit\w*\s+to|keep(?:ing)?\s+(?:only\s+)?)\s+(?:the\s+)?"
WOMEN = re.compile(rf"{_GROUP_ONLY}(?:women|females?|girls|female\s+\w+)\b(?!\s+and\s+(?:men|males?)\b)|"
                   rf"\b(?:women|females)\s+only\b")
MEN = re.compile(rf"{_GROUP_ONLY}(?:men|males?|boys|male\s+\w+)\b(?!\s+and\s+(?:women|females?)\b)|"
                 rf"\b(?:men|males)\s+only\b")
SEX_COLUMNS = {"women": (("female", 1.0), ("woman", 1.0), ("women", 1.0), ("male", 0.0), ("men", 0.0),
                         ("sex", "female"), ("gender", "female")),
               "men": (("male", 1.0), ("men", 1.0), ("female", 0.0), ("woman", 0.0), ("women", 0.0),
                       ("sex", "male"), ("gender", "male"))}
AGE_BOUND = re.compile(rf"\bno (?P<w>older|younger) than\s+(?P<n>{NUM})|\b(?P<w2>older|younger) than\s+(?P<n2>{NUM})")


FIRST, LAST = "<first>", "<last>"  # the column's smallest / largest value, read from the data


@dataclass(frozen=True)
class Restriction:
    """Keep rows where ``column op value`` (mention index until resolved to a column)."""

    mention: int | None
    op: Op
    value: float | str
    column: str | None = None  # for the age phrases, which name no column
    # for phrases naming no column ("excluding 2020", "among women"): (exact column name, op, value)
    # alternatives, the first column present in the table wins
    named: tuple[tuple[str, str, float | str], ...] = ()

    def text(self, column: str) -> str:
        return f"{column} {self.op} {self.value}"


def _value(raw: str) -> float | str:
    try:
        return parse_number(raw)
    except (TypeError, ValueError):
        return raw.strip().strip("'\"“”‘’")


def restrictions(masked: str) -> list[Restriction]:
    """Every restriction the question states, in order."""
    out: list[Restriction] = []
    for m in CONDITION.finditer(masked):
        out.append(Restriction(int(m["i"]), _OPS[m["op"]], _value(m["v"])))
    for m in RANGE.finditer(masked):
        out += [Restriction(int(m["i"]), ">=", _value(m["a"])), Restriction(int(m["i"]), "<=", _value(m["b"]))]
    for m in EXCLUDE.finditer(masked):
        if m["op"] is not None:
            op = {"==": "!=", "!=": "=="}.get(_OPS[m["op"]], None)
            if op is not None:
                out.append(Restriction(int(m["i"]), op, _value(m["v"])))
        elif m["named"] is not None:  # "excluding the year 2020", "drop wave 1"
            out.append(Restriction(int(m["i"]), "!=", _value(m["named"])))
        else:  # "exclude the south": drop the rows where the indicator is on
            out.append(Restriction(int(m["i"]), "!=", 1.0))
    for m in ORDINAL.finditer(masked):
        keep = m["verb"].startswith(("only", "just", "keep"))
        value = FIRST if m["which"] in ("first", "earliest") else LAST
        out.append(Restriction(int(m["i"]), "==" if keep else "!=", value))
    for m in EXCLUDE_WHO.finditer(masked):
        out.append(Restriction(int(m["i"]), "!=", 1.0))
    for m in AGE_RANGE.finditer(masked):
        low, high = m["a"] or m["a2"] or m["a3"], m["b"] or m["b2"] or m["b3"]
        out += [Restriction(None, ">=", _value(low), "age"), Restriction(None, "<=", _value(high), "age")]
    for m in AGE_BOUND.finditer(masked):
        word, n = (m["w"], m["n"]) if m["w"] else (m["w2"], m["n2"])
        negated = bool(m["w"])
        op = {("older", True): "<=", ("younger", True): ">=", ("older", False): ">", ("younger", False): "<"}[
            (word, negated)]
        out.append(Restriction(None, op, _value(n), "age"))
    for m in COUNT_WITH.finditer(masked):
        out.append(Restriction(int(m["i"]), _OPS[m["op"]], _value(m["v"])))
    for m in OR_MORE.finditer(masked):
        out.append(Restriction(int(m["i"]), ">=" if m["w"] in _UP else "<=", _value(m["v"])))
    for m in AGE_OR_MORE.finditer(masked):
        word, n = next((m[w], m[v]) for w, v in (("w", "v"), ("w2", "v2"), ("w3", "v3")) if m[w])
        inclusive = bool(m["w"])   # "aged 30 or over" includes 30; "over the age of 30" does not
        op = (">=" if inclusive else ">") if word in _UP else ("<=" if inclusive else "<")
        out.append(Restriction(None, op, _value(n), "age"))
    lowered = masked.lower()
    bounds = [(op, float(m["y"])) for pattern, op in YEAR_BOUNDS for m in pattern.finditer(lowered)]
    for m in YEAR_RANGE.finditer(lowered):
        bounds += [(">=", float(m["a"])), ("<=", float(m["b"]))]
    if not YEAR_RANGE.search(lowered):
        bounds += [("<=", float(m["y"])) for m in YEAR_UNTIL.finditer(lowered)]
    for op, year in bounds:
        out.append(Restriction(None, op, year, None, tuple((name, op, year) for name in YEAR_NAMES)))
    for group, pattern in (("women", WOMEN), ("men", MEN)):
        if pattern.search(lowered):
            out.append(Restriction(None, "==", 1.0, None, tuple((c, "==", v) for c, v in SEX_COLUMNS[group])))
    return list(dict.fromkeys(out))


def claimed(rs: list[Restriction]) -> set[int]:
    """Mention indices the restrictions use (they are not treatment or outcome)."""
    return {r.mention for r in rs if r.mention is not None}
