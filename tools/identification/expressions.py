"""Symbolic probability expressions for identification formulas, and their printing.

Only what the ID algorithm needs: P(A | B), products, sums over variables and fractions.
``sum_out`` applies the two exact simplifications that keep formulas readable:
Σ_u P(u, A | B) = P(A | B), and factors not involving u move out of Σ_u.
Bound variables that clash with a variable already in scope print with a prime
(Σ_x' P(y | x', m) P(x')).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Union


@dataclass(frozen=True)
class Prob:
    heads: frozenset[str]
    given: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Product:
    factors: tuple["Expr", ...]


@dataclass(frozen=True)
class Sum:
    over: frozenset[str]
    body: "Expr"


@dataclass(frozen=True)
class Fraction:
    num: "Expr"
    den: "Expr"


Expr = Union[Prob, Product, Sum, Fraction]
ONE = Product(())


def free(e: Expr) -> frozenset[str]:
    """Variables not bound by a sum (the fixed values the expression depends on)."""
    if isinstance(e, Prob):
        return e.heads | e.given
    if isinstance(e, Product):
        return frozenset().union(*(free(f) for f in e.factors))
    if isinstance(e, Sum):
        return free(e.body) - e.over
    return free(e.num) | free(e.den)


def product(*factors: Expr) -> Expr:
    flat: list[Expr] = []
    for f in factors:
        flat.extend(f.factors if isinstance(f, Product) else [f])
    return flat[0] if len(flat) == 1 else Product(tuple(flat))


def sum_out(e: Expr, over: Iterable[str]) -> Expr:
    """Σ_over e, simplified. ``over`` must be free in e (a distribution depends on every
    one of its variables); summing a variable e does not mention would scale it."""
    over = frozenset(over)
    if not over:
        return e
    if not over <= free(e):
        raise ValueError(f"Cannot sum over {sorted(over - free(e))}: not in the expression.")
    if isinstance(e, Prob) and over <= e.heads and not over & e.given:
        rest = e.heads - over
        return Prob(rest, e.given) if rest else ONE
    if isinstance(e, Sum):
        return sum_out(e.body, e.over | over)
    if not isinstance(e, Product):
        return Sum(over, e)
    factors = list(e.factors)
    remaining = set(over)
    progress = True
    while progress:
        progress = False
        for u in sorted(remaining):
            holders = [i for i, f in enumerate(factors) if u in free(f)]
            if len(holders) == 1:  # only one factor mentions u: sum inside it
                i = holders[0]
                factors[i] = sum_out(factors[i], {u})
                remaining.discard(u)
                progress = True
                break
    factors = [f for f in factors if f != ONE]
    inside = [f for f in factors if free(f) & remaining]
    outside = [f for f in factors if not free(f) & remaining]
    if not remaining:
        return product(*outside) if outside else ONE
    return product(*outside, Sum(frozenset(remaining), product(*inside)))


def render(e: Expr, order: Mapping[str, int] | None = None) -> str:
    """Readable text, e.g. 'Σ_{m} P(m | x) Σ_{x'} P(y | m, x') P(x')'."""
    rank = order or {}
    names = {v: v for v in free(e)}
    return _render(e, names, lambda vs: sorted(vs, key=lambda v: (rank.get(v, len(rank)), v)))


def _render(e: Expr, names: dict[str, str], sort) -> str:
    if isinstance(e, Prob):
        heads = ", ".join(names.get(v, v) for v in sort(e.heads))
        if not e.given:
            return f"P({heads})"
        return f"P({heads} | {', '.join(names.get(v, v) for v in sort(e.given))})"
    if isinstance(e, Sum):
        inner = dict(names)
        shown = set(names.values())
        bound = []
        for u in sort(e.over):
            name = u
            while name in shown:
                name += "'"
            inner[u] = name
            shown.add(name)
            bound.append(name)
        return f"Σ_{{{', '.join(bound)}}} {_render(e.body, inner, sort)}"
    if isinstance(e, Fraction):
        return f"[{_render(e.num, names, sort)}] / [{_render(e.den, names, sort)}]"
    if not e.factors:
        return "1"
    plain = [f for f in e.factors if not isinstance(f, (Sum, Fraction))]
    nested = [f for f in e.factors if isinstance(f, (Sum, Fraction))]
    parts = [_render(f, names, sort) for f in plain]
    for i, f in enumerate(nested):
        text = _render(f, names, sort)
        last = i == len(nested) - 1 and not isinstance(f, Fraction)
        parts.append(text if last else f"({text})")
    return " ".join(parts)
