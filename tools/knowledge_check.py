"""Domain knowledge a language model suggests, checked against the data before any use.

A model reading column names and descriptions knows that a discount does not cause the
season; it is also sometimes confidently wrong. Each suggestion is therefore checked:

* a direction ``a -> b`` is **contradicted** when the graph learned from the data alone
  orients the edge ``b -> a`` (a v-structure or its consequences compel it), when ``a`` is a
  fixed attribute's effect (``b`` is age, sex, race, ...), or when the pairwise
  non-Gaussianity measure clearly favours ``b -> a``; otherwise it is **used** as an order
  (``b -> a`` forbidden). When the data show no edge between the two, it is used as an order
  only: an edge the data show absent is never required.
* an impossible edge ``a -> b`` is contradicted when the data-only graph compels ``a -> b``;
  otherwise ``a -> b`` is forbidden.
* a likely unmeasured confounder is never knowledge about the graph: it is reported as a
  threat to the estimate.

The used suggestions become ``Knowledge`` with their provenance; the others are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pandas as pd

from memory.graph import CausalGraph
from tools.covariates.fixed import FIXED_NAME
from tools.knowledge import Knowledge
from tools.pairwise import lingam_direction

SOURCE = "language model suggestion, checked against the data"
CLEAR_NON_GAUSSIAN = 0.02  # |R| of the pairwise measure above which its direction counts as evidence


class SuggestionKind(str, Enum):
    DIRECTION = "direction"  # source causes target, if they are linked at all
    IMPOSSIBLE = "impossible"  # source cannot cause target
    CONFOUNDER = "confounder"  # an unmeasured common cause of source and target


class Verdict(str, Enum):
    USED = "used"
    CONTRADICTED = "contradicted"
    REPORTED = "reported"  # not graph knowledge (a confounder), or names no column


@dataclass(frozen=True)
class Suggestion:
    kind: SuggestionKind
    source: str
    target: str
    reason: str = ""

    def text(self) -> str:
        arrow = {SuggestionKind.DIRECTION: "->", SuggestionKind.IMPOSSIBLE: "-/->",
                 SuggestionKind.CONFOUNDER: "<- hidden ->"}[self.kind]
        return f"{self.source} {arrow} {self.target}"


@dataclass(frozen=True)
class CheckedSuggestion:
    suggestion: Suggestion
    verdict: Verdict
    evidence: str

    def line(self) -> str:
        reason = f" ({self.suggestion.reason})" if self.suggestion.reason else ""
        return f"{self.suggestion.text()}{reason}: {self.verdict.value} — {self.evidence}"

    def to_dict(self) -> dict:
        s = self.suggestion
        return {"suggestion": {"kind": s.kind.value, "source": s.source, "target": s.target, "reason": s.reason},
                "verdict": self.verdict.value, "evidence": self.evidence}


def check_suggestions(df: pd.DataFrame, suggestions: list[Suggestion], graph: CausalGraph | None
                      ) -> list[CheckedSuggestion]:
    """Every suggestion with its verdict and the evidence for it (see the module docstring)."""
    columns = {str(c) for c in df.columns}
    out = []
    for s in suggestions:
        if s.source not in columns or s.target not in columns or s.source == s.target:
            out.append(CheckedSuggestion(s, Verdict.REPORTED, "it does not name two different columns"))
        elif s.kind is SuggestionKind.CONFOUNDER:
            out.append(CheckedSuggestion(s, Verdict.REPORTED, "a hidden common cause is a threat to the estimate, "
                                                               "not a constraint on the graph"))
        elif s.kind is SuggestionKind.IMPOSSIBLE:
            out.append(_check_impossible(s, graph))
        else:
            out.append(_check_direction(df, s, graph))
    return out


def _compelled(graph: CausalGraph | None, cause: str, effect: str) -> bool:
    """Whether the data-only graph has ``cause -> effect`` as a directed edge."""
    if graph is None or cause not in graph.nodes or effect not in graph.nodes:
        return False
    edge = graph.edge(cause, effect)
    return edge is not None and edge.is_directed and effect in graph.children(cause)


def _check_impossible(s: Suggestion, graph: CausalGraph | None) -> CheckedSuggestion:
    if _compelled(graph, s.source, s.target):
        return CheckedSuggestion(s, Verdict.CONTRADICTED, f"the graph learned from the data orients "
                                                          f"{s.source} -> {s.target}")
    return CheckedSuggestion(s, Verdict.USED, f"{s.source} -> {s.target} is ruled out")


def _check_direction(df: pd.DataFrame, s: Suggestion, graph: CausalGraph | None) -> CheckedSuggestion:
    a, b = s.source, s.target
    if FIXED_NAME.search(b) and not FIXED_NAME.search(a):
        return CheckedSuggestion(s, Verdict.CONTRADICTED, f"'{b}' is a fixed attribute (nothing measured causes it)")
    if _compelled(graph, b, a):
        return CheckedSuggestion(s, Verdict.CONTRADICTED, f"the graph learned from the data orients {b} -> {a}")
    r = lingam_direction(df, a, b)
    if r < -CLEAR_NON_GAUSSIAN:
        return CheckedSuggestion(s, Verdict.CONTRADICTED, f"the pairwise non-Gaussianity measure favours {b} -> {a} "
                                                          f"(R = {r:+.3f})")
    adjacent = graph is not None and a in graph.nodes and b in graph.nodes and graph.edge(a, b) is not None
    if graph is not None and not adjacent:
        return CheckedSuggestion(s, Verdict.USED, f"used as an order only ({b} -/-> {a}): the data show no edge "
                                                  "between them, so none is required")
    return CheckedSuggestion(s, Verdict.USED, f"consistent with the data; {b} -> {a} is ruled out")


def as_knowledge(checked: list[CheckedSuggestion]) -> Knowledge:
    """The used suggestions as knowledge (orders as forbidden edges), with their provenance."""
    forbidden = []
    for c in checked:
        if c.verdict is not Verdict.USED:
            continue
        s = c.suggestion
        forbidden.append((s.target, s.source) if s.kind is SuggestionKind.DIRECTION else (s.source, s.target))
    return Knowledge(forbidden=forbidden, sources=[SOURCE] if forbidden else [])
