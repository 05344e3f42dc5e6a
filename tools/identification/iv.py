"""Instrumental variables on DAGs and ADMGs, possibly conditional on covariates W.

Z is an instrument for the effect of X on Y given W when
  - relevance:   Z and X are d-connected given W in G,
  - exclusion and independence: Z ⊥ Y | W in G with X's outgoing edges cut (every path
    from Z to Y that does not go through X is blocked),
  - neither Z nor W is a descendant of X (or X itself), and Y is in neither.
This is the graphical (conditional) instrument of Brito & Pearl 2002, in the conservative
form that keeps W free of all descendants of X. For each candidate Z the conditioning set
tried is the separator of Z and Y nearest to Y (van der Zander, Textor & Liśkiewicz 2015),
which keeps Z as strongly related to X as any valid W can.

The graph alone makes Z a valid instrument; turning it into an effect needs more: a linear
(constant) effect, or monotonicity, in which case the ratio is the effect among compliers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from tools.identification.graph_view import MixedGraph
from tools.identification.paths import open_path, set_text
from tools.identification.reach import descendants, m_connected, nearest_separator


@dataclass(frozen=True)
class Instrument:
    instrument: str
    conditioning: tuple[str, ...]


def instrument_problem(g: MixedGraph, x: str, y: str, z: str, w: Iterable[str] = (), *,
                       cut: MixedGraph | None = None, de_x: set[str] | None = None,
                       explain: bool = True) -> str | None:
    """None when z is an instrument for x → y given w; otherwise which condition fails.
    ``cut`` (g without x's outgoing edges) and ``de_x`` may be passed to save work;
    ``explain=False`` skips the search for a witness path."""
    wset = set(w)
    de_x = descendants(g, {x}) if de_x is None else de_x
    if z in (x, y):
        return f"{z} is the treatment or the outcome, not an instrument."
    if z in de_x:
        return f"{z} is affected by {x} (a descendant of the treatment), so it cannot be an instrument."
    if z in wset or y in wset:
        return "the conditioning set must not contain the instrument or the outcome."
    if wset & de_x:
        return f"the conditioning set contains {set_text(wset & de_x)}, affected by {x}; drop it."
    cut = g.without_outgoing({x}) if cut is None else cut
    if y in m_connected(cut, {z}, wset):
        path = open_path(cut, z, {y}, wset) if explain else None
        shown = f": the path {path.text()} is open" if path else ""
        given = f" given {set_text(wset)}" if wset else ""
        return (f"{z} is related to {y} other than through {x}{given}{shown} "
                f"(exclusion restriction or independence fails).")
    if x not in m_connected(g, {z}, wset):
        given = f" given {set_text(wset)}" if wset else ""
        return f"{z} is not related to {x}{given} (no relevance)."
    return None


def conditioning_for(g: MixedGraph, x: str, y: str, z: str, allowed: Iterable[str]) -> list[str] | None:
    """A conditioning set W ⊆ ``allowed`` making z an instrument, or None if none exists."""
    shared = {"cut": g.without_outgoing({x}), "de_x": descendants(g, {x})}
    return _conditioning(g, x, y, z, set(allowed), **shared)


def _conditioning(g: MixedGraph, x: str, y: str, z: str, allowed: set[str], cut: MixedGraph,
                  de_x: set[str]) -> list[str] | None:
    if instrument_problem(g, x, y, z, cut=cut, de_x=de_x, explain=False) is None:
        return []
    if z in de_x:
        return None
    w = nearest_separator(cut, y, z, allowed - de_x - {y, z})
    if w is None or instrument_problem(g, x, y, z, w, cut=cut, de_x=de_x, explain=False) is not None:
        return None
    for node in sorted(w):  # drop covariates that are not needed
        if instrument_problem(g, x, y, z, w - {node}, cut=cut, de_x=de_x, explain=False) is None:
            w = w - {node}
    return sorted(w)


def find_instruments(g: MixedGraph, x: str, y: str, allowed: Iterable[str]) -> list[Instrument]:
    """Every observed node usable as an instrument with its conditioning set; parents of
    x first, then the others by name, unconditional instruments before conditional ones."""
    pool = set(allowed)
    cut, de_x = g.without_outgoing({x}), descendants(g, {x})
    found = []
    for z in sorted(pool - de_x - {y}, key=lambda n: (n not in g.parents(x), n)):
        w = _conditioning(g, x, y, z, pool, cut, de_x)
        if w is not None:
            found.append(Instrument(z, tuple(w)))
    return sorted(found, key=lambda i: (len(i.conditioning) > 0, i.instrument not in g.parents(x), i.instrument))
