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
        ">": ">", "<": "<", "at least": ">=", "at most": "<=", "above": ">", "below": "<", "over": ">", "under": "<"}
_OP = r"(?P<op>==|!=|>=|<=|=|>|<|is not|is|equals|at least|at most|above|below|over|under)"
_ONLY = (r"\b(?:only|restrict(?:ed|ing)?(?:\s+(?:the\s+)?(?:sample|analysis|data))?\s+to|among|within|keep(?:ing)?\s+"
         r"only|limit(?:ed|ing)?\s+(?:it\s+)?to|for)\b[^.?;!⟦]{0,40}?")
CONDITION = re.compile(rf"{_ONLY}(?:where|with|whose|for which|if)?\s*(?:the\s+)?{_V}\s*{_OP}\s*{_VALUE}")
RANGE = re.compile(rf"{_V}\s+(?:is\s+|was\s+)?between\s+(?P<a>{NUM})\s+and\s+(?P<b>{NUM})")  # 'from a to b' is a contrast
EXCLUDE = re.compile(rf"\b(?:exclud\w*|drop(?:ping)?|leav(?:e|ing) out|without)\s+(?:the\s+)?(?:rows\s+)?"
                     rf"(?:where\s+|with\s+)?{_V}(?:\s*{_OP}\s*{_VALUE})?")
AGE_RANGE = re.compile(rf"\b(?:aged?|ages)\s+(?:between\s+|from\s+)?(?P<a>{NUM})\s*(?:and|to|through|-)\s*(?P<b>{NUM})|"
                       rf"\bbetween\s+the\s+(?:ages|⟦\d+⟧)\s+of\s+(?P<a2>{NUM})\s+and\s+(?P<b2>{NUM})|"
                       rf"(?<![\w.])(?P<a3>\d+)\s*(?:to|-)\s*(?P<b3>\d+)[- ]years?[- ]olds?\b")
# "leaving out the men who live in the south": drop the rows where the indicator is on
EXCLUDE_WHO = re.compile(rf"\b(?:exclud\w*|leav(?:e|ing) out|drop(?:ping)?|omit\w*|except(?: for)?)\s+(?:the\s+)?"
                         rf"(?:[a-z]+\s+){{0,4}}?(?:who|that|which)\s+(?:[a-z]+\s+){{0,3}}?(?:the\s+)?{_V}(?!\s*{_OP})")
AGE_BOUND = re.compile(rf"\bno (?P<w>older|younger) than\s+(?P<n>{NUM})|\b(?P<w2>older|younger) than\s+(?P<n2>{NUM})")


@dataclass(frozen=True)
class Restriction:
    """Keep rows where ``column op value`` (mention index until resolved to a column)."""

    mention: int | None
    op: Op
    value: float | str
    column: str | None = None  # for the age phrases, which name no column

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
        else:  # "exclude the south": drop the rows where the indicator is on
            out.append(Restriction(int(m["i"]), "!=", 1.0))
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
    return list(dict.fromkeys(out))


def claimed(rs: list[Restriction]) -> set[int]:
    """Mention indices the restrictions use (they are not treatment or outcome)."""
    return {r.mention for r in rs if r.mention is not None}
