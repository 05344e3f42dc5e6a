"""What a learned graph cannot decide: the effect under every locally valid parent set.

IDA (Maathuis, Kalisch & Bühlmann 2009, "Estimating high-dimensional intervention effects
from observational data", Ann. Statist. 37(6A)): in a CPDAG the treatment's definite parents
are known, its undirected neighbours ("siblings") may be parents or children. Orienting a
subset S of siblings into the treatment is locally valid when it creates no new v-structure
at the treatment (every pair in S ∪ parents with a member of S is adjacent). Adjusting for
parents ∪ S gives one possible effect per valid orientation; their range is what the data
cannot tell apart. Effects are OLS slopes of the outcome on the treatment and the set
(linear, as in the paper)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

import pandas as pd

from memory.graph import CausalGraph
from tools.estimation.linear import add_intercept, ols_beta

MAX_SIBLINGS = 10  # 2^10 subsets; beyond this only the extreme sets are tried


@dataclass
class EffectRange:
    """Possible effects of ``treatment`` on ``outcome`` across locally valid parent sets."""

    treatment: str
    outcome: str
    parents: list[str]
    siblings: list[str]
    possible_effects: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def low(self) -> float | None:
        values = [p["estimate"] for p in self.possible_effects]
        return min(values) if values else None

    @property
    def high(self) -> float | None:
        values = [p["estimate"] for p in self.possible_effects]
        return max(values) if values else None

    @property
    def decided(self) -> bool:
        """True when the graph leaves only one parent set (nothing to range over)."""
        return len(self.possible_effects) <= 1

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(low=self.low, high=self.high)
        return d


def locally_valid(graph: CausalGraph, parents: set[str], subset: tuple[str, ...]) -> bool:
    """No new v-structure at the treatment: members of ``subset`` are adjacent to each other
    and to every definite parent."""
    for a, b in combinations(subset, 2):
        if b not in graph.adjacent(a):
            return False
    return all(p in graph.adjacent(s) for s in subset for p in parents)


def _subsets(siblings: list[str]):
    if len(siblings) <= MAX_SIBLINGS:
        for k in range(len(siblings) + 1):
            yield from combinations(siblings, k)
    else:
        yield ()
        yield tuple(siblings)
        yield from ((s,) for s in siblings)


def ols_slope(df: pd.DataFrame, treatment: str, outcome: str, covariates: list[str]) -> float | None:
    """Coefficient of the treatment in OLS of the outcome on treatment + covariates
    (numeric columns, complete rows); None when it cannot be computed."""
    cols = [treatment, outcome, *covariates]
    frame = df[cols].apply(pd.to_numeric, errors="coerce").dropna()
    if len(frame) < len(cols) + 5:
        return None
    X = add_intercept(frame[[treatment, *covariates]].to_numpy(float))
    return float(ols_beta(X, frame[outcome].to_numpy(float))[1])


def effect_range(df: pd.DataFrame, graph: CausalGraph, treatment: str, outcome: str,
                 forbidden_parents: set[str] = frozenset()) -> EffectRange:
    """IDA's local possible effects. ``forbidden_parents``: siblings that may not point into
    the treatment (e.g. the outcome, by the question's direction)."""
    parents = sorted(graph.parents(treatment) & set(df.columns))
    siblings = sorted(graph.undirected_neighbors(treatment) - set(forbidden_parents))
    result = EffectRange(treatment, outcome, parents, siblings)
    if outcome in parents:
        result.notes.append(f"The learned graph has {outcome} --> {treatment}; the effect on {outcome} is not "
                            "estimated from this graph.")
        return result
    if len(siblings) > MAX_SIBLINGS:
        result.notes.append(f"{len(siblings)} undirected neighbours: only the extreme parent sets were tried.")
    for subset in _subsets(siblings):
        if outcome in subset or not locally_valid(graph, set(parents), subset):
            continue
        adjust = [*parents, *subset]
        value = ols_slope(df, treatment, outcome, adjust)
        if value is not None:
            result.possible_effects.append({"parents": adjust, "estimate": value})
    return result
