"""identify(): decide whether and how the effect of a treatment on an outcome can be
computed from observed data, given a causal graph.

Order in ``auto`` mode: (a) zero effect / randomized treatment, (b) covariate adjustment
with an observed set, (c) front-door, (d) the ID algorithm's formula, (e) an instrument,
(f) not identifiable with the reason. The ID formula comes before IV because it needs no
assumption beyond the graph, while IV needs a linear/constant effect (or monotonicity);
when both apply, the instrument is listed in ``alternatives``.
CPDAGs allow adjustment only (the other strategies need a fully oriented graph); PAGs
only the zero-effect answer.
"""

from __future__ import annotations

from typing import Callable, Iterable

from memory.graph import CausalGraph, GraphType
from tools.base import ToolInputError
from tools.identification import strategies
from tools.identification.adjustment import amenability_violation, not_amenable_reason
from tools.identification.estimand import Estimand, Strategy
from tools.identification.graph_view import MixedGraph, Step, UnsupportedGraph
from tools.identification.pag import pag_reason, possibly_directed_reach
from tools.identification.paths import set_text

CHOOSABLE = (Strategy.BACKDOOR, Strategy.FRONTDOOR, Strategy.IV, Strategy.ID)
AUTO_ORDER = (Strategy.BACKDOOR, Strategy.FRONTDOOR, Strategy.ID, Strategy.IV)
_NAMES = {Strategy.BACKDOOR: "backdoor adjustment", Strategy.FRONTDOOR: "front-door adjustment",
          Strategy.IV: "an instrumental variable", Strategy.ID: "the ID algorithm"}


def identify(graph: CausalGraph, treatment: str, outcome: str, observed: Iterable[str] | None = None,
             prefer: Strategy | None = None, adjust_for: list[str] | None = None,
             instrument: str | None = None) -> Estimand:
    """How (and whether) E[outcome | do(treatment)] is identified on ``graph``.

    ``observed``: the measured variables (data columns); nodes outside it, and nodes in
    ``graph.latent``, are unobserved. ``prefer`` asks for one strategy: if it does not
    apply the Estimand has identifiable=False for it and the reason names what works.
    ``adjust_for`` is checked against the adjustment criterion (with ``prefer=IV`` it is
    the instrument's conditioning set). Naming an ``instrument`` implies ``prefer=IV``.
    Raises ToolInputError for unknown or unmeasured treatment/outcome/variables."""
    x, y = treatment, outcome
    observed_list = None if observed is None else [str(c) for c in observed]
    _check_names(graph, x, y, observed_list, adjust_for, instrument)
    if prefer is None and instrument is not None:
        prefer = Strategy.IV
    if prefer is not None and prefer not in CHOOSABLE:
        raise ToolInputError(f"Unknown strategy {prefer!r}. Choose one of: {', '.join(s.value for s in CHOOSABLE)}.")
    if graph.lagged_edges():
        return _none(x, y, prefer, "not identified: the graph has time-lagged edges; identification here "
                                   "needs a graph without lags (one node per variable).")
    if graph.graph_type == GraphType.PAG or any(e.has_circle for e in graph.edges if not e.lag):
        return _identify_pag(graph, x, y, prefer)
    hidden = set() if observed_list is None else set(graph.nodes) - set(observed_list)
    try:
        g = MixedGraph.from_causal_graph(graph, latent=hidden)
    except UnsupportedGraph as exc:
        return _none(x, y, prefer, f"not identified: {exc}")
    observed_set = g.observed()
    allowed = observed_set - {x, y}
    zero = strategies.no_effect(g, x, y)
    if zero is not None:
        return zero
    if g.has_step(Step.UND):
        return _identify_cpdag(g, x, y, allowed, prefer, adjust_for)
    attempts: dict[Strategy, Callable[[], strategies.Attempt]] = {
        Strategy.BACKDOOR: lambda: strategies.backdoor(g, x, y, allowed, adjust_for, allow_randomized=prefer is None),
        Strategy.FRONTDOOR: lambda: strategies.frontdoor(g, x, y, allowed),
        Strategy.ID: lambda: strategies.id_algorithm(g, x, y, observed_set),
        Strategy.IV: lambda: strategies.instrumental(g, x, y, allowed, instrument,
                                                     adjust_for if prefer is Strategy.IV else None),
    }
    if prefer is not None:
        attempt = attempts[prefer]()
        if attempt.ok:
            return attempt.estimand
        fallback = identify(graph, x, y, observed_list, None, adjust_for if prefer is Strategy.BACKDOOR else None)
        return _refused(x, y, prefer, attempt.failure, fallback)
    return _auto(x, y, attempts)


def _auto(x: str, y: str, attempts: dict[Strategy, Callable[[], strategies.Attempt]]) -> Estimand:
    failures: dict[Strategy, str] = {}
    note = ""
    for strategy in AUTO_ORDER:
        attempt = attempts[strategy]()
        note = note or attempt.note
        if attempt.ok:
            est = attempt.estimand
            if strategy is Strategy.ID:
                _add_instrument_alternative(est, attempts[Strategy.IV]())
            if strategy is Strategy.IV and Strategy.ID in failures:
                est.reason = f"Not identified without parametric assumptions ({failures[Strategy.ID]}). " + est.reason
            if note and not est.reason.startswith(note):
                est.reason = f"{note} {est.reason}"
            return est
        failures[strategy] = attempt.failure
    return _none(x, y, None, _summary(x, y, failures))


def _add_instrument_alternative(est: Estimand, iv: strategies.Attempt) -> None:
    if iv.ok:
        est.alternatives["instruments"] = list(iv.estimand.instruments)
        est.alternatives["iv_conditioning"] = list(iv.estimand.conditioning)
        est.reason += (f" An instrument also exists ({iv.estimand.instruments[0]}"
                       f"{' given ' + set_text(iv.estimand.conditioning) if iv.estimand.conditioning else ''}), "
                       "valid under a linear/constant-effect assumption.")


def _summary(x: str, y: str, failures: dict[Strategy, str]) -> str:
    id_failure = failures.get(Strategy.ID, "no strategy applies")
    if id_failure.startswith("bow arc"):
        return f"not identifiable: {id_failure}, and no mediator or instrument to get around it."
    others = " | ".join(f"{_NAMES[s]}: {failures[s]}" for s in AUTO_ORDER
                        if s in failures and s is not Strategy.ID)
    return f"not identifiable: {id_failure}. Other strategies fail too — {others}"


def _identify_cpdag(g: MixedGraph, x: str, y: str, allowed: set[str], prefer: Strategy | None,
                    adjust_for: list[str] | None) -> Estimand:
    violation = amenability_violation(g, {x}, {y})
    if violation:
        return _none(x, y, prefer, not_amenable_reason(*violation, outcome=violation[1] == y))
    attempt = strategies.backdoor(g, x, y, allowed, adjust_for, allow_randomized=prefer is None)
    if prefer not in (None, Strategy.BACKDOOR):
        why = (f"the graph is a CPDAG (some edges undirected); {_NAMES[prefer]} needs a fully oriented "
               "graph (DAG or ADMG), and only covariate adjustment is available here.")
        fallback = attempt.estimand if attempt.ok else _none(x, y, None, attempt.failure)
        return _refused(x, y, prefer, why, fallback)
    if attempt.ok:
        return attempt.estimand
    return _none(x, y, prefer, f"not identifiable by adjustment from this CPDAG: {attempt.failure}")


def _identify_pag(graph: CausalGraph, x: str, y: str, prefer: Strategy | None) -> Estimand:
    if y not in possibly_directed_reach(graph, x):
        return Estimand(x, y, True, Strategy.NO_EFFECT, formula=f"E[{y} | do({x}=x)] = E[{y}] for every x",
                        reason=f"No possibly directed path from {x} to {y} in this PAG: {x} causes {y} in "
                               "none of the graphs it stands for, so the effect is zero.",
                        assumptions=[f"The PAG is correct (faithful data; no arrow from {x} toward {y} missing)."])
    return _none(x, y, prefer, pag_reason(graph, x, y))


def _refused(x: str, y: str, prefer: Strategy, failure: str, fallback: Estimand) -> Estimand:
    if fallback.identifiable:
        target = (fallback.adjustment_set or fallback.mediators or fallback.instruments)
        what = f" ({set_text(target)})" if target else ""
        instead = (f" What works instead: {fallback.strategy.value}{what} — call again with strategy='auto'"
                   f" or '{fallback.strategy.value}'." if fallback.strategy in CHOOSABLE else
                   f" What works instead: {fallback.strategy.value} — call again with strategy='auto'.")
        alternatives = {fallback.strategy.value: list(target)}
    else:
        instead = f" No other strategy works either: {fallback.reason}"
        alternatives = {}
    return Estimand(x, y, False, prefer, reason=f"{_NAMES[prefer]} is not valid here: {failure}{instead}",
                    alternatives=alternatives)


def _none(x: str, y: str, prefer: Strategy | None, reason: str) -> Estimand:
    return Estimand(x, y, False, prefer or Strategy.NONE, reason=reason)


def _check_names(graph: CausalGraph, x: str, y: str, observed: list[str] | None,
                 adjust_for: list[str] | None, instrument: str | None) -> None:
    nodes = list(graph.nodes)
    for role, name in (("treatment", x), ("outcome", y), ("instrument", instrument)):
        if name is not None and name not in nodes:
            raise ToolInputError(f"The {role} {name!r} is not in the graph. Graph nodes: {', '.join(nodes)}.")
    unknown = [n for n in (adjust_for or []) if n not in nodes]
    if unknown:
        raise ToolInputError(f"adjust_for names {unknown}, not in the graph. Graph nodes: {', '.join(nodes)}.")
    if x == y:
        raise ToolInputError("The treatment and the outcome must be different variables.")
    for role, name in (("treatment", x), ("outcome", y)):
        if name in graph.latent or (observed is not None and name not in observed):
            raise ToolInputError(f"The {role} {name!r} is not measured (latent or not a data column); "
                                 f"choose a measured variable.")

