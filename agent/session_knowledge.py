"""Background knowledge stated in a conversation, kept as statements and turned into a
``Knowledge`` for the current dataset's columns.

A statement says exactly what the user said ("nothing causes age", "age happens before
income", "price cannot cause season", an edited edge). Temporal statements are
transitive; together with "nothing causes X" they become **tiers** whenever tiers express
them exactly (no order the user did not state), otherwise forbidden edges. Graph edits
become required / forbidden edges, so a later re-discovery keeps them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from tools.knowledge import Knowledge

Pair = tuple[str, str]


@dataclass(frozen=True)
class Statement:
    """One piece of background knowledge. ``kind`` is a key of ``STATEMENT_TEXT``."""

    kind: str
    a: str
    b: str | None = None

    def text(self) -> str:
        return STATEMENT_TEXT[self.kind].format(a=self.a, b=self.b)

    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b or self.a))


STATEMENT_TEXT = {
    "root": "nothing causes {a}",
    "before": "{a} happens before {b}",
    "forbid": "{a} cannot cause {b}",
    "require": "{a} -> {b} (edited into the graph)",
    "no_edge": "no direct edge between {a} and {b} (removed from the graph)",
}
EDIT_KINDS = {"require", "no_edge"}


class KnowledgeContradiction(ValueError):
    """A new statement contradicts an earlier one; the message names both."""


@dataclass
class KnowledgeBook:
    """The statements of one session, in the order they were made."""

    statements: list[Statement] = field(default_factory=list)

    def add(self, statement: Statement, columns: list[str]) -> None:
        """Add a statement. Edits replace earlier edits of the same pair; anything else that
        contradicts an earlier statement raises ``KnowledgeContradiction`` and changes nothing."""
        if statement.kind not in STATEMENT_TEXT:
            raise ValueError(f"Unknown statement kind {statement.kind!r}; valid: {', '.join(STATEMENT_TEXT)}.")
        kept = [s for s in self.statements
                if not (statement.kind in EDIT_KINDS and s.kind in EDIT_KINDS and s.pair() == statement.pair())]
        if statement in kept:
            return
        candidate = kept + [statement]
        _check_consistent(candidate, columns, statement)
        self.statements = candidate

    def clear(self) -> None:
        self.statements = []

    def is_empty(self) -> bool:
        return not self.statements

    def describe(self) -> list[str]:
        return [s.text() for s in self.statements]

    def knowledge(self, columns: list[str]) -> Knowledge:
        """The ``Knowledge`` these statements imply for ``columns`` (statements naming other
        columns are left out: they belong to another dataset)."""
        return derive_knowledge(self.statements, columns)


def derive_knowledge(statements: list[Statement], columns: list[str]) -> Knowledge:
    present = set(columns)
    usable = [s for s in statements if s.a in present and (s.b is None or s.b in present)]
    if not usable:
        return Knowledge()
    order = _order_forbidden(usable, columns)
    tiers = _exact_tiers(order)
    forbidden: list[Pair] = [] if tiers else sorted(order)
    required: list[Pair] = []
    for s in usable:
        PAIR_RULES.get(s.kind, _no_pairs)(s, forbidden, required)
    return Knowledge(required=_unique(required), forbidden=_unique(forbidden), tiers=tiers or [],
                     sources=["chat"])


def _forbid_pair(s: Statement, forbidden: list[Pair], required: list[Pair]) -> None:
    forbidden.append((s.a, s.b))


def _no_edge_pairs(s: Statement, forbidden: list[Pair], required: list[Pair]) -> None:
    forbidden.extend([(s.a, s.b), (s.b, s.a)])


def _require_pair(s: Statement, forbidden: list[Pair], required: list[Pair]) -> None:
    required.append((s.a, s.b))


def _no_pairs(s: Statement, forbidden: list[Pair], required: list[Pair]) -> None:
    return None


PAIR_RULES: dict[str, Callable[[Statement, list[Pair], list[Pair]], None]] = {
    "forbid": _forbid_pair, "no_edge": _no_edge_pairs, "require": _require_pair,
}


def _order_forbidden(statements: list[Statement], columns: list[str]) -> set[Pair]:
    """Forbidden (cause, effect) pairs implied by temporal order and root statements.
    "a before b" is transitive; "nothing causes a" forbids every other column -> a."""
    before = {(s.a, s.b) for s in statements if s.kind == "before"}
    closure = set(before)
    changed = True
    while changed:
        extra = {(a, d) for (a, b) in closure for (c, d) in closure if b == c and a != d} - closure
        closure |= extra
        changed = bool(extra)
    forbidden = {(b, a) for a, b in closure}
    for s in statements:
        if s.kind == "root":
            forbidden |= {(c, s.a) for c in columns if c != s.a}
    return forbidden


def _exact_tiers(forbidden: set[Pair]) -> list[list[str]] | None:
    """Tiers that forbid exactly ``forbidden`` (later tier cannot cause earlier), or None
    when tiers would add constraints the user never stated."""
    if not forbidden:
        return None
    nodes = sorted({v for pair in forbidden for v in pair})
    earlier = {n: {e for (later, e) in forbidden if later == n} for n in nodes}
    level: dict[str, int] = {}

    def depth(n: str, seen: frozenset[str]) -> int:
        if n in seen:
            raise _Cycle
        if n not in level:
            level[n] = 1 + max((depth(e, seen | {n}) for e in earlier[n]), default=-1)
        return level[n]

    try:
        for n in nodes:
            depth(n, frozenset())
    except _Cycle:
        return None
    implied = {(u, v) for u in nodes for v in nodes if level[u] > level[v]}
    if implied != forbidden:
        return None
    tiers: list[list[str]] = [[] for _ in range(max(level.values()) + 1)]
    for n in nodes:
        tiers[level[n]].append(n)
    return tiers


class _Cycle(Exception):
    pass


def _check_consistent(statements: list[Statement], columns: list[str], new: Statement) -> None:
    before = {(s.a, s.b) for s in statements if s.kind == "before"}
    for a, b in before:
        if _reaches(before, b, a):
            raise KnowledgeContradiction(f"'{new.text()}' contradicts the stated time order "
                                         f"({'; '.join(s.text() for s in statements if s.kind == 'before')}). "
                                         "Use /knowledge to review and /knowledge clear to start over.")
    knowledge = derive_knowledge(statements, columns)
    for a, b in knowledge.required:
        if knowledge.forbids(a, b):
            raise KnowledgeContradiction(f"'{new.text()}' contradicts the knowledge so far: {a} -> {b} would be "
                                         "both required and forbidden. Use /knowledge to review, /knowledge clear "
                                         "to start over.")


def _reaches(edges: set[Pair], start: str, goal: str) -> bool:
    frontier, seen = [start], {start}
    while frontier:
        node = frontier.pop()
        if node == goal:
            return True
        for a, b in edges:
            if a == node and b not in seen:
                seen.add(b)
                frontier.append(b)
    return False


def _unique(pairs: list[Pair]) -> list[Pair]:
    return list(dict.fromkeys(pairs))
