"""Covariate adjustment: the complete (generalised) adjustment criterion and the sets it admits.

Z is a valid adjustment set for the effect of X on Y when
  (0) the graph is amenable: every proper possibly causal path from X to Y starts with a
      directed edge out of X (always true in a DAG or ADMG),
  (1) no node of Z is a (possible) descendant of a node on a proper (possibly) causal
      path from X to Y (the forbidden set; this excludes mediators),
  (2) Z blocks every proper non-causal path from X to Y (checked in the proper back-door
      graph).
Shpitser, VanderWeele & Robins 2010 and van der Zander, Liśkiewicz & Textor 2014 for DAGs
and ADMGs; Perković, Textor, Kalisch & Maathuis 2015/2018 for CPDAGs. The criterion is
sufficient *and* necessary: a set that fails it gives a biased estimate for some model
compatible with the graph. Bidirected edges are hidden common causes; latent nodes may be
in the graph but never in Z.

Optimal set (Henckel, Perković & Maathuis 2022): O = pa(cn) \\ forb, the parents of the
causal nodes minus the forbidden set; when any valid set exists O is valid and has the
smallest asymptotic variance among valid sets (linear models; Rotnitzky & Smucler 2020 for
nonparametric estimators).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from tools.identification.graph_view import MixedGraph, Step
from tools.identification.paths import directed_path, join, open_path, set_text
from tools.identification.reach import (possible_ancestors, possible_descendants,
                                        proper_backdoor_reach)


@dataclass(frozen=True)
class CausalStructure:
    """``causal``: nodes on proper (possibly) causal paths from X to Y, X excluded;
    ``forbidden``: their (possible) descendants plus X — never adjust for these."""

    xs: frozenset[str]
    ys: frozenset[str]
    causal: frozenset[str]
    forbidden: frozenset[str]


def causal_structure(g: MixedGraph, xs: Iterable[str], ys: Iterable[str]) -> CausalStructure:
    """Causal nodes and forbidden set of (X, Y); 'possibly' directed edges count in a CPDAG."""
    xset, yset = frozenset(xs), frozenset(ys)
    causal = (possible_ancestors(g, yset, avoid=xset) & possible_descendants(g, xset)) - xset
    forbidden = possible_descendants(g, causal) | xset
    return CausalStructure(xset, yset, frozenset(causal), frozenset(forbidden))


def amenability_violation(g: MixedGraph, xs: Iterable[str], ys: Iterable[str]) -> tuple[str, str] | None:
    """An undirected edge (x, u) that starts a proper possibly causal path from X to Y, or
    None when the graph is amenable (then the effect is identified by adjustment if a
    valid set exists; otherwise it is not identified from the equivalence class at all,
    Perković 2020)."""
    xset, yset = set(xs), set(ys)
    for x in sorted(xset):
        for u in sorted(g.undirected(x) - xset, key=lambda n: (n in yset, n)):
            if possible_descendants(g, {u}, avoid=xset) & yset:
                return x, u
    return None


def adjustment_problem(g: MixedGraph, xs: Iterable[str], ys: Iterable[str], z: Iterable[str],
                       structure: CausalStructure | None = None, explain: bool = True) -> str | None:
    """None when Z satisfies the adjustment criterion; otherwise the reason in words
    (which node is forbidden and why, or which non-causal path stays open). With
    ``explain=False`` the reason is a bare tag (fast, for searches)."""
    s = structure or causal_structure(g, xs, ys)
    zset = set(z)
    clash = zset & (s.xs | s.ys)
    if clash:
        return f"{set_text(clash)} is the treatment or the outcome itself."
    violation = amenability_violation(g, s.xs, s.ys)
    if violation:
        return not_amenable_reason(*violation, outcome=violation[1] in s.ys)
    bad = sorted(zset & s.forbidden)
    if bad:
        return forbidden_reason(g, s, bad[0]) if explain else "forbidden"
    if proper_backdoor_reach(g, s.xs, s.causal, zset) & s.ys:
        return open_path_reason(g, s, zset) if explain else "open path"
    return None


def is_valid_adjustment_set(g: MixedGraph, xs: Iterable[str], ys: Iterable[str], z: Iterable[str]) -> bool:
    """True when Z satisfies the (generalised) adjustment criterion relative to (X, Y)."""
    return adjustment_problem(g, xs, ys, z, explain=False) is None


_NO_INVENTED_KNOWLEDGE = ("Only an order the user stated may settle it (never add knowledge to make an effect "
                          "identifiable). Otherwise: assign_covariate_roles (covariates pre-treatment by default, "
                          "stated) then estimate_effect with its adjustment set, and effect_range for the range "
                          "over the orientations the data allow.")


def not_amenable_reason(x: str, u: str, outcome: bool = False) -> str:
    if outcome:
        return (f"not identifiable from this equivalence class: the edge {x} — {u} is undirected, so "
                f"{x} may cause {u} or {u} may cause {x}. {_NO_INVENTED_KNOWLEDGE}")
    return (f"not identifiable from this equivalence class: the edge {x} — {u} is undirected, so {u} "
            f"could be a confounder ({u} → {x}) or a mediator ({x} → {u}). {_NO_INVENTED_KNOWLEDGE}")


def forbidden_reason(g: MixedGraph, s: CausalStructure, node: str) -> str:
    possibly = g.has_step(Step.UND)
    word = "possibly " if possibly else ""
    x = sorted(s.xs)[0]
    if node in s.causal:
        to_node = directed_path(g, x, node, possibly)
        onwards = next((p for y in sorted(s.ys) if (p := directed_path(g, node, y, possibly))), None)
        route = f" ({join(to_node, onwards).text()})" if to_node and onwards else ""
        return (f"{node} is a mediator: it lies on a {word}causal path from {x} to the outcome{route}; "
                f"adjusting for it would remove part of the effect.")
    source = next((c for c in sorted(s.causal) if node in possible_descendants(g, {c})), None)
    route = directed_path(g, source, node, possibly) if source else None
    via = f" ({route.text()})" if route else ""
    if source in s.ys:
        what = f"{node} is a {word}descendant of the outcome {source}{via}"
    elif source:
        what = f"{node} is a {word}descendant of {source}, which lies on a causal path from {x}{via}"
    else:
        what = f"{node} is a {word}descendant of the treatment"
    return f"{what}; adjusting for it can bias the estimate."


def open_path_reason(g: MixedGraph, s: CausalStructure, z: set[str]) -> str:
    x = sorted(s.xs)[0]
    path = open_path(g, x, s.ys, z, first_step_ok=lambda step, n: not (step is Step.OUT and n in s.causal),
                     avoid=s.xs)
    given = f" given {set_text(z)}" if z else " (nothing adjusted for)"
    if path is None:
        return f"a non-causal path from {x} to the outcome stays open{given}."
    text = f"the non-causal path {path.text()} stays open{given}"
    opened = path.colliders()
    if len(opened) == 1:
        text += f"; {opened[0]} is a collider on it, and adjusting for it (or a descendant) opens the path"
    elif opened:
        text += f"; {', '.join(opened)} are colliders on it, opened by adjusting for them (or descendants)"
    blockers = [n for n in path.non_colliders() if n not in s.forbidden and n not in g.latent]
    if blockers:
        text += f"; it can be blocked by adjusting for {' or '.join(blockers)}"
    elif not opened:
        text += "; every variable that could block it is unobserved"
    return text + "."


HIDDEN = "<hidden>"


def optimal_set(g: MixedGraph, s: CausalStructure) -> set[str]:
    """O = pa(cn) \\ forb. Bidirected edges at causal nodes stand for hidden parents, which
    are reported as the pseudo-node '<hidden>' so callers know O is not observable."""
    o: set[str] = set()
    for c in s.causal:
        o |= g.parents(c)
        if g.spouses(c):
            o.add(HIDDEN)
    return o - s.forbidden


def canonical_set(g: MixedGraph, s: CausalStructure, allowed: Iterable[str]) -> set[str]:
    """Adjust(X, Y) = possible ancestors of X ∪ Y, restricted to ``allowed``, minus the
    forbidden set: valid whenever any valid subset of ``allowed`` exists (DAG/ADMG;
    CPDAG when every node is allowed)."""
    return (possible_ancestors(g, s.xs | s.ys) & set(allowed)) - s.forbidden - s.ys


def shrink(g: MixedGraph, s: CausalStructure, z: set[str], keep: Iterable[str] = ()) -> set[str]:
    """Drop nodes from a valid set while it stays valid (nodes in ``keep`` are tried
    last). The result is valid and no single node can be removed from it."""
    current = set(z)
    keep = set(keep)
    changed = True
    while changed:
        changed = False
        for node in sorted(current, key=lambda n: (n in keep, n)):
            trial = current - {node}
            if adjustment_problem(g, s.xs, s.ys, trial, s, explain=False) is None:
                current, changed = trial, True
                break
    return current


@dataclass
class AdjustmentSets:
    """The valid sets found among ``allowed`` nodes. ``recommended`` is None when no valid
    set exists; ``label`` says which kind it is; ``problem`` says why none exists."""

    recommended: list[str] | None
    label: str = ""
    alternatives: dict[str, list[str]] = field(default_factory=dict)
    problem: str = ""


def find_adjustment_sets(g: MixedGraph, xs: Iterable[str], ys: Iterable[str],
                         allowed: Iterable[str]) -> AdjustmentSets:
    """Recommended set: the optimal O-set when it is valid and observed; else O without its
    unobserved nodes when that is valid; else a minimal valid set. Alternatives list the
    minimal, optimal and parents-of-X sets that are valid."""
    s = causal_structure(g, xs, ys)
    allowed_set = set(allowed) - s.xs - s.ys
    violation = amenability_violation(g, s.xs, s.ys)
    if violation:
        return AdjustmentSets(None, problem=not_amenable_reason(*violation, outcome=violation[1] in s.ys))
    adjust = canonical_set(g, s, allowed_set)
    problem = adjustment_problem(g, s.xs, s.ys, adjust, s)
    if problem:
        return AdjustmentSets(None, problem=f"no valid adjustment set among the observed variables: {problem}")
    alternatives: dict[str, list[str]] = {}
    o = optimal_set(g, s)
    minimal = shrink(g, s, adjust)
    if o <= allowed_set and adjustment_problem(g, s.xs, s.ys, o, s, explain=False) is None:
        alternatives["optimal"] = sorted(o)
    alternatives["minimal"] = sorted(minimal)
    parents = set().union(*(g.parents(x) for x in s.xs)) - s.xs
    if (parents <= allowed_set and not any(g.spouses(x) or g.undirected(x) for x in s.xs)
            and adjustment_problem(g, s.xs, s.ys, parents, s, explain=False) is None):
        alternatives["parents"] = sorted(parents)
    if "optimal" in alternatives:
        return AdjustmentSets(alternatives["optimal"], "optimal O-set", alternatives)
    observed_o = o & allowed_set
    if adjustment_problem(g, s.xs, s.ys, observed_o, s, explain=False) is None:
        alternatives["optimal_observed"] = sorted(observed_o)
        return AdjustmentSets(sorted(observed_o), "O-set without its unobserved nodes", alternatives)
    return AdjustmentSets(sorted(minimal), "minimal set (the optimal set needs unobserved variables)",
                          alternatives)
