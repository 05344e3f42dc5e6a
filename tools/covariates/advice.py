"""Adjustment advice: should the effect of T on Y be estimated controlling for V?

The answer follows V's causal role. From a graph the user supplied (or a stored one a person
drew): confounder → yes; mediator, collider or any other descendant of the treatment or of
the outcome → no (adjusting biases the effect); instrument (causes only T) → no, it adds
variance; cause of Y only → optional, it improves precision; a pre-treatment collider of a
cause of T and a cause of Y (M-bias) → no. Without such a graph, time order and the data
decide: a column measured after the treatment is never adjusted; otherwise the learned
graph's definite relations, then the column's associations with T and with Y given T."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

import pandas as pd

from memory.graph import CausalGraph
from tools.covariates.roles import Role, apply_graph, assign_roles
from tools.covariates.timing import dictionary_entries
from tools.design.detectors import AS_IF_RANDOM_WORDS, EXCLUSION_WORDS, NONRANDOM_WORDS, RANDOMIZED_WORDS, SENTENCE
from tools.independence import ci_test
from tools.knowledge import Knowledge


NO_EFFECT_WORDS = re.compile(r"\b(?:itself\s+)?(?:affects|causes|influences|changes)\s+neither\b|"
                             r"\b(?:itself\s+)?(?:does not|doesn't|cannot|can't)\s+(?:itself\s+)?(?:affect|cause|"
                             r"influence)\b|\bhas no (?:direct\s+)?(?:effect|influence) on (?:either|both)\b", re.I)


OFFER_WORDS = re.compile(r"invit|encourag|offer|eligib\w* to (?:apply|enrol)", re.I)
RANDOM_WORDS = re.compile(r"\brandom(?:ly|i[sz]ed)?\b|\blottery\b|\bcoin (?:flip|toss)\b|\bdrawn at random\b", re.I)


class Verdict(str, Enum):
    YES = "yes"
    NO = "no"
    OPTIONAL = "optional"


class Reason(str, Enum):
    CONFOUNDER = "confounder"
    MEDIATOR = "mediator"
    COLLIDER = "collider"
    DESCENDANT = "descendant"
    INSTRUMENT = "instrument"
    PRECISION = "precision"
    M_BIAS = "m_bias"
    IRRELEVANT = "irrelevant"
    POST_TREATMENT = "post_treatment"
    NOT_A_COVARIATE = "not_a_covariate"


ADVICE = {
    Reason.CONFOUNDER: (Verdict.YES, "it is a common cause of the treatment and the outcome (a confounder): "
                                     "leaving it out biases the effect"),
    Reason.MEDIATOR: (Verdict.NO, "it lies on the causal path from the treatment to the outcome (a mediator): "
                                  "adjusting removes part of the effect you want"),
    Reason.COLLIDER: (Verdict.NO, "it is affected by both the treatment and the outcome (a collider): adjusting "
                                  "creates a spurious association"),
    Reason.DESCENDANT: (Verdict.NO, "it is affected by the treatment or the outcome: adjusting for a descendant "
                                    "biases the effect"),
    Reason.INSTRUMENT: (Verdict.NO, "it affects the outcome only through the treatment (instrument-like): "
                                    "adjusting adds variance and can amplify any remaining bias, but removes none"),
    Reason.PRECISION: (Verdict.OPTIONAL, "it affects the outcome but not the treatment: adjusting is not needed "
                                         "for validity but makes the estimate more precise"),
    Reason.M_BIAS: (Verdict.NO, "it is a common effect of a cause of the treatment and a cause of the outcome "
                                "(M-bias): adjusting opens a path that is closed without it"),
    Reason.IRRELEVANT: (Verdict.NO, "it is related to neither the treatment nor the outcome: adjusting changes "
                                    "nothing but the variance"),
    Reason.POST_TREATMENT: (Verdict.NO, "it is measured after the treatment, so the treatment may have changed it "
                                        "(a mediator or a collider): never adjust for it"),
    Reason.NOT_A_COVARIATE: (Verdict.NO, "it is not a covariate of this question"),
}


@dataclass
class AdjustmentAdvice:
    variable: str
    treatment: str
    outcome: str
    verdict: Verdict
    reason: Reason
    explanation: str
    basis: str  # "your graph" | "time order" | "learned graph" | "data"

    @property
    def answer(self) -> str:
        return "yes" if self.verdict is Verdict.YES else "no" if self.verdict is Verdict.NO else "yes (optional)"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(verdict=self.verdict.value, reason=self.reason.value, answer=self.answer)
        return d


def _advice(v: str, t: str, y: str, reason: Reason, basis: str, evidence: str = "") -> AdjustmentAdvice:
    verdict, why = ADVICE[reason]
    text = f"{why}" + (f" ({evidence})" if evidence else "") + f". Basis: {basis}."
    return AdjustmentAdvice(v, t, y, verdict, reason, text[0].upper() + text[1:], basis)


def role_in_graph(graph: CausalGraph, t: str, y: str, v: str, definite_only: bool = False) -> Reason | None:
    """V's role for the effect of t on y in ``graph`` (directed edges); None when the graph
    does not decide (``definite_only``: a learned graph's undirected edges leave it open)."""
    desc_t, desc_y = graph.descendants(t), graph.descendants(y)
    if v in desc_t:
        if v in graph.ancestors(y):
            return Reason.MEDIATOR
        # a collider: reached from t along a path that avoids y, and from y
        return Reason.COLLIDER if v in desc_y and v in _descendants_avoiding(graph, t, y) else Reason.DESCENDANT
    if v in desc_y:
        return Reason.DESCENDANT
    parents = graph.parents(v)
    anc_t, anc_y = graph.ancestors(t), _ancestors_not_through(graph, y, t)
    if v in anc_t and v in anc_y:
        return Reason.CONFOUNDER
    if v in anc_t:
        return Reason.INSTRUMENT
    if v in anc_y:
        return Reason.PRECISION
    if any(a in anc_t | {t} and b in anc_y and b not in graph.adjacent(a) for a in parents for b in parents if a != b):
        return Reason.M_BIAS
    if definite_only and graph.undirected_neighbors(v):
        return None
    return Reason.IRRELEVANT


def _descendants_avoiding(graph: CausalGraph, t: str, y: str) -> set[str]:
    """Descendants of t along directed paths that avoid y."""
    pruned = graph.copy()
    for e in list(graph.incident(y)):
        pruned.remove_edge(y, e.v)
        pruned.remove_edge(e.v, y)
    return pruned.descendants(t)


def _ancestors_not_through(graph: CausalGraph, y: str, t: str) -> set[str]:
    """Ancestors of y along directed paths that avoid t."""
    pruned = graph.copy()
    for child in list(graph.children(t)):
        pruned.remove_edge(t, child)
    return pruned.ancestors(y)


def advise(df: pd.DataFrame, treatment: str, outcome: str, variable: str, *, graph: CausalGraph | None = None,
           graph_trusted: bool = False, description: str | None = None, knowledge: Knowledge | None = None,
           alpha: float = 0.01, seed: int = 0) -> AdjustmentAdvice:
    """Advice with the strongest basis available: a trusted graph, time order, a learned graph, the data."""
    t, y, v = treatment, outcome, variable
    if v in (t, y):
        return _advice(v, t, y, Reason.NOT_A_COVARIATE, "the question", f"'{v}' is the treatment or the outcome")
    if graph is not None and graph_trusted and v in graph.nodes:
        return _advice(v, t, y, role_in_graph(graph, t, y, v), "your graph")
    roles = assign_roles(df, t, y, description=description, knowledge=knowledge)
    role = roles.of(v)
    if graph is not None and t in graph.nodes and y in graph.nodes:  # descendants are never conditioned on below
        apply_graph(roles, (graph.descendants(t) | graph.descendants(y)) - {v})
    if role is not None and role.role is Role.POST:
        return _advice(v, t, y, Reason.POST_TREATMENT, "time order", role.evidence)
    if role is not None and role.role in (Role.OUTCOME_MEASURE, Role.TREATMENT_DEFINING, Role.IDENTIFIER):
        return _advice(v, t, y, Reason.NOT_A_COVARIATE, "the data", role.evidence)
    if graph is not None and v in graph.nodes:
        learned = role_in_graph(graph, t, y, v, definite_only=True)
        if learned in (Reason.MEDIATOR, Reason.COLLIDER, Reason.DESCENDANT, Reason.M_BIAS):
            return _advice(v, t, y, learned, "learned graph", "a fully directed path in the graph learned from the data")
    others = [c for c in roles.adjustment_set if c != v and pd.api.types.is_numeric_dtype(df[c])]
    reason, basis, evidence = _from_associations(df, t, y, v, others, alpha, seed)
    entry = dictionary_entries(description, [str(c) for c in df.columns]).get(v, "")
    if reason is Reason.CONFOUNDER and NO_EFFECT_WORDS.search(entry):
        reason, basis = Reason.M_BIAS, "your description (it affects neither) and the data (associated with both)"
    elif reason is Reason.CONFOUNDER and EXCLUSION_WORDS.search(entry):
        reason, basis = Reason.INSTRUMENT, ("your description (it moves the treatment and reaches the outcome only "
                                            "through it) and the data (associated with the treatment)")
    elif reason in (Reason.CONFOUNDER, Reason.INSTRUMENT) and not RANDOM_WORDS.search(entry) and \
            treatment_randomised(description):
        # nothing measured causes a randomised treatment: a column associated with it was changed by it
        reason, basis = Reason.DESCENDANT, ("your description (the treatment was assigned at random, so nothing "
                                            "measured causes it) and the data (associated with the treatment)")
    elif reason in (Reason.CONFOUNDER, Reason.INSTRUMENT) and RANDOM_WORDS.search(entry):
        # randomised itself, so nothing causes it: associated with the outcome only through the treatment
        # (or through hidden confounding that conditioning on the treatment opens), i.e. instrument-like
        reason, basis = Reason.INSTRUMENT, "your description (assigned at random) and the data (it moves the treatment)"
    return _advice(v, t, y, reason, basis, evidence)


def treatment_randomised(description: str | None) -> bool:
    """The description says the treatment itself was assigned at random (a lottery, an A/B test), not
    an invitation or offer that only encourages it."""
    for sentence in SENTENCE.findall(description or ""):
        if (RANDOMIZED_WORDS.search(sentence) or AS_IF_RANDOM_WORDS.search(sentence)) and \
                not NONRANDOM_WORDS.search(sentence) and not OFFER_WORDS.search(sentence):
            return True
    return False


def _from_associations(df: pd.DataFrame, t: str, y: str, v: str, others: list[str], alpha: float,
                       seed: int) -> tuple[Reason, str, str]:
    """Pre-treatment (by default) V: associated with T, and with Y given T and the other
    pre-treatment covariates (so an instrument's path through a confounder of T stays closed)
    → confounder-like."""
    with_t = ci_test(df, v, t, alpha=alpha, seed=seed)
    with_y = ci_test(df, v, y, [t, *others], alpha=alpha, seed=seed)
    reason = {(True, True): Reason.CONFOUNDER, (True, False): Reason.INSTRUMENT,
              (False, True): Reason.PRECISION, (False, False): Reason.IRRELEVANT}[
        (not with_t.independent, not with_y.independent)]
    given = ", ".join([t, *others][:4]) + (" …" if len(others) > 3 else "")
    evidence = (f"taken as pre-treatment by default; {v} vs {t}: p = {with_t.p_value:.3g}; {v} vs {y} given {given}: "
                f"p = {with_y.p_value:.3g}")
    return reason, "the data (no graph of yours decides it)", evidence
