"""Formulas and assumptions in plain words, one function per strategy."""

from __future__ import annotations

from typing import Sequence

from tools.identification.paths import set_text


def graph_assumption(x: str, y: str, cpdag: bool = False) -> str:
    if cpdag:
        return ("The true causal DAG is one of the DAGs this CPDAG stands for: no unobserved common "
                "causes of any two variables (causal sufficiency) and faithful data.")
    return (f"The graph is correct: no unobserved common cause of {x} and {y}, or of any other pair, "
            "other than those drawn (as <-> or latent nodes), and no missing arrows.")


def latent_graph_assumption() -> str:
    return ("The graph is correct: every unobserved common cause is drawn (as <-> or a latent node), "
            "and no arrows are missing.")


def positivity(x: str, z: Sequence[str]) -> str:
    if not z:
        return f"Positivity: every level of {x} occurs in the data."
    return f"Positivity: every level of {x} occurs at every value of the adjustment set {set_text(z)}."


def backdoor_formula(x: str, y: str, z: Sequence[str]) -> str:
    if not z:
        return f"E[{y} | do({x}=x)] = E[{y} | {x}=x]"
    return f"E[{y} | do({x}=x)] = Σ_z E[{y} | {x}=x, Z=z] P(Z=z), Z = {set_text(z)}"


def backdoor_assumptions(x: str, y: str, z: Sequence[str], cpdag: bool) -> list[str]:
    blocked = (f"Adjusting for {set_text(z)} blocks every non-causal path from {x} to {y}"
               if z else f"No non-causal path connects {x} and {y}")
    return [graph_assumption(x, y, cpdag),
            f"{blocked} (no unmeasured confounding), and none of these variables is affected by {x}.",
            positivity(x, z)]


def randomized_assumptions(x: str, y: str) -> list[str]:
    return [graph_assumption(x, y),
            f"{x} has no causes among the variables, drawn or hidden (as if randomized).",
            positivity(x, [])]


def frontdoor_formula(x: str, y: str, m: Sequence[str]) -> str:
    return (f"E[{y} | do({x}=x)] = Σ_m P(M=m | {x}=x) Σ_x' E[{y} | {x}=x', M=m] P({x}=x'), "
            f"M = {set_text(m)}")


def frontdoor_assumptions(x: str, y: str, m: Sequence[str]) -> list[str]:
    ms = set_text(m)
    return [latent_graph_assumption(),
            f"{ms} carries the whole effect of {x} on {y}: no other directed path from {x} to {y}.",
            f"No unblocked back-door path from {x} to {ms} (no hidden common cause of {x} and the mediators).",
            f"Every back-door path from {ms} to {y} is blocked by {x}.",
            f"Positivity: every combination of {x} and {ms} values occurs in the data."]


def iv_formula(x: str, y: str, z: str, w: Sequence[str]) -> str:
    given = f" | W" if w else ""
    tail = f", W = {set_text(w)}" if w else ""
    return (f"effect of {x} on {y} = Cov({z}, {y}{given}) / Cov({z}, {x}{given}) "
            f"(Wald ratio / two-stage least squares{tail})")


def iv_assumptions(x: str, y: str, z: str, w: Sequence[str]) -> list[str]:
    given = f" given {set_text(w)}" if w else ""
    return [latent_graph_assumption(),
            f"Relevance: {z} is associated with {x}{given}.",
            f"Exclusion restriction: {z} affects {y} only through {x}.",
            f"Independence: {z} shares no unobserved cause with {y}{given}.",
            f"Effect homogeneity: the effect of {x} on {y} is the same for everyone (linear model); "
            "with a binary instrument and monotonicity instead, the ratio is the effect among compliers (LATE)."]


def id_assumptions(x: str, y: str) -> list[str]:
    return [latent_graph_assumption(),
            "Positivity: every conditional probability in the formula is defined (positive denominators)."]


def no_effect_formula(x: str, y: str) -> str:
    return f"E[{y} | do({x}=x)] = E[{y}] for every x (no causal effect)"


def no_effect_assumptions(x: str, y: str) -> list[str]:
    return [f"The graph is correct: in particular no arrow that would carry an effect from {x} to {y} is missing."]
