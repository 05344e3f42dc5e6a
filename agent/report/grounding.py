"""The grounding checker: every number and every variable name in a narrative must come
from the facts of the analysis.

Numbers: a number written with k decimals matches a fact value that rounds to it (so
"2.01" matches 2.0095); "88%" also matches the proportion 0.88; counts of listed facts
(e.g. the number of edges) and 0/1 are allowed; "p < 0.05"-style thresholds are allowed
after < or >. Names: every backticked name, and every bare word that looks like a column
name (snake_case, letters with digits, CamelCase, single capital letters), must be a
column, a graph node, or a word that appears in the facts. Causal claims ("A drives B")
must not reverse a direction the graph has (agent.report.claims)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from agent.report.claims import contradicted_claims

NUMBER = re.compile(r"(?<![\w.])(?P<sign>[-−+])?(?P<body>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
                    r"(?P<exp>[eE][-+]?\d+)?(?P<pct>\s?%)?")
BACKTICKED = re.compile(r"`([^`]+)`")
WORD = re.compile(r"(?<![\w`])[A-Za-z_][A-Za-z0-9_]*")
EDGE_PARTS = re.compile(r"\s*(?:[<o-]-{1,2}[>o-]|→|←|↔|—|->|<-)\s*")
THRESHOLDS = {0.1, 0.05, 0.01, 0.001, 0.0001}
ALWAYS_NAMES = {"A", "I", "E", "P", "R", "R2", "L1", "L2", "do", "CI", "SE", "ATE", "ATT", "ATC", "CATE", "LATE",
                "DAG", "CPDAG", "PAG", "ADMG", "SCM", "OLS", "IV", "DiD", "RDD", "AIPW", "IPW", "DML", "PC", "FCI",
                "GES", "LiNGAM", "DirectLiNGAM", "ICA", "KCI", "BOSS", "GRaSP", "PCMCI", "VAR", "ID", "McNemar"}


@dataclass
class GroundingReport:
    """``problems`` lists each unsupported number or name with what would fix it."""

    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        return "; ".join(self.problems) if self.problems else "grounded"


def _walk(obj: Any) -> Iterable[Any]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield str(k)
            yield from _walk(v)
    elif isinstance(obj, (list, tuple, set)):
        yield len(obj)
        for v in obj:
            yield from _walk(v)
    else:
        yield obj


def _parse(match: re.Match) -> tuple[float, int]:
    """(absolute value, decimals written) of a number match."""
    body = match.group("body").replace(",", "")
    decimals = len(body.split(".")[1]) if "." in body else 0
    exp = int(match.group("exp")[1:]) if match.group("exp") else 0
    if abs(exp) > 300:  # "1e999" or a hex-looking key such as "6e800f1a": no result is that large
        return float("inf"), decimals - exp
    return abs(float(body) * 10.0 ** exp), decimals - exp


class Grounding:
    """The allowed numbers and names of one analysis."""

    def __init__(self, facts: dict[str, Any], names: Iterable[str]) -> None:
        self.facts = facts
        self.names = {str(n) for n in names}
        self.values: set[float] = {0.0, 1.0}
        self.words: set[str] = set(ALWAYS_NAMES) | self.names
        for leaf in _walk(facts):
            if isinstance(leaf, bool) or leaf is None:
                continue
            if isinstance(leaf, (int, float)):
                if math.isfinite(float(leaf)):
                    self.values.add(abs(float(leaf)))
            elif isinstance(leaf, str):
                self.words.update(WORD.findall(leaf))
                for m in NUMBER.finditer(leaf):
                    self.values.add(_parse(m)[0])

    def number_ok(self, value: float, decimals: int, percent: bool) -> bool:
        if not math.isfinite(value):
            return False

        def near(target: float, k: int) -> bool:
            tol = 0.5 * 10.0 ** max(-300, min(300, -k)) + 1e-9 * max(1.0, target)
            return any(abs(v - target) <= tol for v in self.values)
        return near(value, decimals) or (percent and near(value / 100, decimals + 2))

    def name_ok(self, name: str) -> bool:
        return name in self.words

    def check(self, text: str) -> GroundingReport:
        report = GroundingReport()
        for span in BACKTICKED.findall(text):
            self._check_backticked(span.strip(), report)
        plain = BACKTICKED.sub(" ", text).replace("**", " ")
        plain = re.sub(r"(?m)^\s*\d+[.)]\s", " ", plain)  # list numbering
        self._check_numbers(plain, report)
        for word in WORD.findall(plain):
            if _looks_like_variable(word) and not self.name_ok(word):
                report.problems.append(f"'{word}' looks like a variable but is not a column "
                                       f"(columns: {', '.join(sorted(self.names))})")
        report.problems += contradicted_claims(text, self.facts, self.names)
        report.problems = list(dict.fromkeys(report.problems))
        return report

    def _check_numbers(self, text: str, report: GroundingReport) -> None:
        for m in NUMBER.finditer(text):
            value, decimals = _parse(m)
            before = text[:m.start()].rstrip()[-1:]
            if before in ("<", ">", "≤", "≥") and value in THRESHOLDS:
                continue
            if not self.number_ok(value, decimals, bool(m.group("pct"))):
                report.problems.append(f"the number {m.group(0).strip()} matches no result of the analysis")

    def _check_backticked(self, span: str, report: GroundingReport) -> None:
        if span in self.names:
            return
        parts = [p for p in EDGE_PARTS.split(span) if p]
        if len(parts) > 1 and all(p.split(" (lag")[0] in self.names for p in parts):
            return
        words = WORD.findall(NUMBER.sub(" ", span))
        unknown = [w for w in words if not self.name_ok(w)]
        if unknown or not words:
            report.problems.append(f"`{span}` is not a column (columns: {', '.join(sorted(self.names))})")
        self._check_numbers(span, report)


def _looks_like_variable(word: str) -> bool:
    if "_" in word.strip("_"):
        return True
    if re.fullmatch(r"[A-Za-z]+\d+[A-Za-z0-9]*", word):
        return True
    if re.fullmatch(r"[A-Z]", word):
        return True
    return bool(re.fullmatch(r"[a-z]+[A-Z]\w*|[A-Z][a-z]+[A-Z]\w*", word))


def check_grounding(text: str, facts: dict[str, Any], names: Iterable[str]) -> GroundingReport:
    """Check ``text`` against ``facts``; ``names`` are the columns (and graph nodes)."""
    return Grounding(facts, names).check(text)
