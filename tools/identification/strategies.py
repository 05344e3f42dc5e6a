"""One attempt per identification strategy: an Estimand when it works, else the reason.

Each attempt assumes the graph view is a DAG, an ADMG or (adjustment only) a CPDAG, that
``allowed`` holds the observed nodes other than X and Y, and that Y is a (possible)
descendant of X (zero effects are handled before any attempt).
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.identification import wording
from tools.identification.adjustment import adjustment_problem, find_adjustment_sets
from tools.identification.estimand import Estimand, Strategy
from tools.identification.frontdoor import find_frontdoor_set
from tools.identification.graph_view import MixedGraph, Step
from tools.identification.id_algorithm import Hedge, id_formula_text
from tools.identification.iv import conditioning_for, find_instruments, instrument_problem
from tools.identification.paths import set_text
from tools.identification.projection import latent_projection
from tools.identification.reach import possible_descendants


@dataclass
class Attempt:
    estimand: Estimand | None
    failure: str = ""
    note: str = ""  # e.g. why a user-given set was rejected, kept whatever strategy wins

    @property
    def ok(self) -> bool:
        return self.estimand is not None


def exogenous(g: MixedGraph, x: str) -> bool:
    """No parents (drawn or latent), no hidden common cause, no undirected edge."""
    return not (g.parents(x) or g.spouses(x) or g.undirected(x))


def backdoor(g: MixedGraph, x: str, y: str, allowed: set[str], adjust_for: list[str] | None,
             allow_randomized: bool) -> Attempt:
    """Covariate adjustment; checks a user-given set first, and says why it is rejected."""
    cpdag = g.has_step(Step.UND)
    sets = find_adjustment_sets(g, {x}, {y}, allowed)
    note = ""
    if adjust_for is not None:
        hidden = sorted(set(adjust_for) - allowed - {x, y})
        problem = (f"{set_text(hidden)} is not measured, so it cannot be adjusted for." if hidden
                   else adjustment_problem(g, {x}, {y}, adjust_for))
        if problem is None:
            z = sorted(set(adjust_for))
            return Attempt(Estimand(x, y, True, Strategy.BACKDOOR, adjustment_set=z,
                                    formula=wording.backdoor_formula(x, y, z),
                                    reason=f"Your adjustment set {set_text(z)} is valid.",
                                    assumptions=wording.backdoor_assumptions(x, y, z, cpdag),
                                    alternatives=sets.alternatives))
        note = f"Rejected adjust_for {set_text(adjust_for)}: {problem}"
    if sets.recommended is None:
        problem = f"{note} {sets.problem[0].upper()}{sets.problem[1:]}" if note else sets.problem
        return Attempt(None, problem, note)
    if allow_randomized and adjust_for is None and exogenous(g, x):
        optional = sets.alternatives.get("optimal")
        extra = (f" Adjusting for {set_text(optional)} (optimal set) is also valid and can reduce variance."
                 if optional else "")
        return Attempt(Estimand(x, y, True, Strategy.RANDOMIZED, adjustment_set=[],
                                formula=wording.backdoor_formula(x, y, []),
                                reason=f"{x} has no causes in the graph (no parents, no hidden common "
                                       f"cause): compare {y} across levels of {x} directly.{extra}",
                                assumptions=wording.randomized_assumptions(x, y),
                                alternatives=sets.alternatives))
    z = sets.recommended
    alt = "; ".join(f"{k}: {set_text(v)}" for k, v in sets.alternatives.items())
    return Attempt(Estimand(x, y, True, Strategy.BACKDOOR, adjustment_set=z,
                            formula=wording.backdoor_formula(x, y, z),
                            reason=f"{note} Recommended: adjust for {set_text(z)} ({sets.label}). "
                                   f"Valid sets: {alt}.".strip(),
                            assumptions=wording.backdoor_assumptions(x, y, z, cpdag),
                            alternatives=sets.alternatives), note=note)


def frontdoor(g: MixedGraph, x: str, y: str, allowed: set[str]) -> Attempt:
    m = find_frontdoor_set(g, x, y, allowed)
    if m is None:
        if Step.OUT in g.edge_steps(x, y):
            why = f"{x} → {y} is a direct edge, so no set of mediators can carry the whole effect."
        else:
            why = (f"no observed set of mediators carries the whole effect of {x} on {y} while being "
                   f"free of confounding with {x} and deconfounded from {y} by {x}.")
        return Attempt(None, f"no front-door set: {why}")
    return Attempt(Estimand(x, y, True, Strategy.FRONTDOOR, mediators=m,
                            formula=wording.frontdoor_formula(x, y, m),
                            reason=f"Front-door adjustment through {set_text(m)}: back-door adjustment is "
                                   f"impossible, but {set_text(m)} intercepts every directed path from "
                                   f"{x} to {y} and is unconfounded with {x}.",
                            assumptions=wording.frontdoor_assumptions(x, y, m)))


def id_algorithm(g: MixedGraph, x: str, y: str, observed: set[str]) -> Attempt:
    projected = latent_projection(g, observed)
    try:
        formula = id_formula_text(projected, [x], [y])
    except Hedge as hedge:
        return Attempt(None, hedge_reason(projected, x, y, hedge))
    return Attempt(Estimand(x, y, True, Strategy.ID, formula=formula,
                            reason="Identified by the ID algorithm (neither adjustment nor the front-door "
                                   "criterion applies); the formula uses only observed variables.",
                            assumptions=wording.id_assumptions(x, y)))


def hedge_reason(projected: MixedGraph, x: str, y: str, hedge: Hedge) -> str:
    if Step.OUT in projected.edge_steps(x, y) and Step.BI in projected.edge_steps(x, y):
        return (f"bow arc: an unobserved common cause of {x} and {y} ({x} ↔ {y}) together with the "
                f"direct effect {x} → {y}")
    return (f"hedge: unobserved common causes link {set_text(hedge.f)} so that the effect of {x} cannot be "
            f"separated from confounding within {set_text(hedge.f_prime)} (ID algorithm)")


def instrumental(g: MixedGraph, x: str, y: str, allowed: set[str], instrument: str | None,
                 conditioning: list[str] | None) -> Attempt:
    """IV with a named instrument (and optional conditioning set) or a search."""
    if instrument is not None:
        if instrument not in allowed:
            return Attempt(None, f"{instrument} is not measured or is the treatment/outcome.")
        if conditioning is not None:
            problem = instrument_problem(g, x, y, instrument, conditioning)
            w = None if problem else sorted(set(conditioning))
        else:
            w = conditioning_for(g, x, y, instrument, allowed)
            problem = None if w is not None else (instrument_problem(g, x, y, instrument) +
                                                   " No observed conditioning set fixes this.")
        if w is None:
            return Attempt(None, f"{instrument} is not a valid instrument: {problem}")
        return Attempt(_iv_estimand(x, y, instrument, w, []))
    found = [i for i in find_instruments(g, x, y, allowed)
             if conditioning is None or instrument_problem(g, x, y, i.instrument, conditioning, explain=False) is None]
    if not found:
        return Attempt(None, f"no observed instrument: no variable affects {x} while being unrelated to "
                             f"{y} except through {x} (given some set of observed non-descendants of {x}).")
    first = found[0]
    w = sorted(conditioning) if conditioning is not None else list(first.conditioning)
    others = [i.instrument for i in found[1:]]
    return Attempt(_iv_estimand(x, y, first.instrument, w, others))


def _iv_estimand(x: str, y: str, z: str, w: list[str], others: list[str]) -> Estimand:
    given = f" given {set_text(w)}" if w else ""
    also = f" Other valid instruments: {', '.join(others)}." if others else ""
    return Estimand(x, y, True, Strategy.IV, instruments=[z], conditioning=w,
                    formula=wording.iv_formula(x, y, z, w),
                    reason=f"Instrumental variable {z}{given}: it moves {x} and reaches {y} only through "
                           f"{x}. The graph alone does not identify the effect; the ratio needs a constant "
                           f"(linear) effect, or monotonicity for the effect among compliers.{also}",
                    assumptions=wording.iv_assumptions(x, y, z, w),
                    alternatives={"other_instruments": others} if others else {})


def no_effect(g: MixedGraph, x: str, y: str) -> Estimand | None:
    """NO_EFFECT when y is not a (possible) descendant of x."""
    if y in possible_descendants(g, {x}):
        return None
    cpdag = g.has_step(Step.UND)
    where = "in any DAG this CPDAG stands for" if cpdag else "in the graph"
    kind = "possibly directed" if cpdag else "directed"
    return Estimand(x, y, True, Strategy.NO_EFFECT, formula=wording.no_effect_formula(x, y),
                    reason=f"There is no {kind} path from {x} to {y} {where}: {x} does not cause {y}, "
                           f"so the causal effect is zero (any association comes from common causes "
                           f"or from {y} affecting {x}).",
                    assumptions=wording.no_effect_assumptions(x, y))
