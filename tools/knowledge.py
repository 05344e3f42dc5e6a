"""Background knowledge: required and forbidden edges and tiers (temporal order)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Knowledge(BaseModel):
    """User (or LLM-proposed, then data-checked) constraints on the causal graph.

    ``tiers``: a list of lists of variables; a variable in a later tier cannot cause one
    in an earlier tier. ``sources`` records where each constraint came from.
    ``default_forbidden``: edges ruled out by a stated default (the question's direction), not
    by the user: discovery applies them only where the data leave the direction open.
    """

    model_config = ConfigDict(extra="forbid")

    required: list[tuple[str, str]] = Field(default_factory=list)
    forbidden: list[tuple[str, str]] = Field(default_factory=list)
    tiers: list[list[str]] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    default_forbidden: list[tuple[str, str]] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.required or self.forbidden or self.tiers or self.default_forbidden)

    def hard(self) -> "Knowledge":
        """The constraints the user gave, without the defaults (what a search must obey)."""
        return self.model_copy(update={"default_forbidden": []})

    def tier_of(self, node: str) -> int | None:
        for i, tier in enumerate(self.tiers):
            if node in tier:
                return i
        return None

    def forbids(self, cause: str, effect: str) -> bool:
        """True when ``cause -> effect`` is ruled out (explicitly or by tiers)."""
        if (cause, effect) in {tuple(p) for p in self.forbidden + self.default_forbidden}:
            return True
        tc, te = self.tier_of(cause), self.tier_of(effect)
        return tc is not None and te is not None and tc > te

    def requires(self, cause: str, effect: str) -> bool:
        return (cause, effect) in {tuple(p) for p in self.required}

    def variables(self) -> set[str]:
        """Variables the given constraints mention (defaults are not knowledge anyone gave)."""
        names = {v for pair in self.required + self.forbidden for v in pair}
        return names | {v for tier in self.tiers for v in tier}

    def merged(self, other: "Knowledge") -> "Knowledge":
        return Knowledge(required=_dedupe(self.required + other.required),
                         forbidden=_dedupe(self.forbidden + other.forbidden),
                         tiers=self.tiers or other.tiers,
                         sources=_dedupe(self.sources + other.sources),
                         default_forbidden=_dedupe(self.default_forbidden + other.default_forbidden))

    def describe(self) -> list[str]:
        out = [f"{a} -> {b} is required" for a, b in self.required]
        out += [f"{a} -> {b} is forbidden" for a, b in self.forbidden]
        out += [f"{a} -> {b} is ruled out by default (unless the data orient it)" for a, b in self.default_forbidden]
        out += [f"tier {i}: {', '.join(t)}" for i, t in enumerate(self.tiers)]
        return out


def _dedupe(items: list) -> list:
    out = []
    for item in items:
        key = tuple(item) if isinstance(item, (list, tuple)) else item
        if key not in [tuple(o) if isinstance(o, (list, tuple)) else o for o in out]:
            out.append(key)
    return out
