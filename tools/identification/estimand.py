"""The estimand: how (and whether) an effect can be computed from observed data."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Strategy(str, Enum):
    BACKDOOR = "backdoor"        # adjust for a valid adjustment set
    FRONTDOOR = "frontdoor"      # through mediators that intercept every directed path
    IV = "iv"                    # instrumental variable (possibly conditional on covariates)
    ID = "id"                    # general ID algorithm formula (latent confounders)
    RANDOMIZED = "randomized"    # treatment has no parents: plain contrast
    NO_EFFECT = "no_effect"      # no directed path from treatment to outcome: effect is zero
    NONE = "not_identifiable"


@dataclass
class Estimand:
    """Result of identification.

    ``identifiable`` False means no valid estimand exists on this graph (``reason`` says why).
    ``adjustment_set`` is the set to adjust for (backdoor; the recommended one, see
    ``alternatives`` for minimal/optimal sets); ``mediators`` the frontdoor set;
    ``instruments`` and ``conditioning`` for IV; ``formula`` a readable expression;
    ``assumptions`` the assumptions in plain words.
    """

    treatment: str
    outcome: str
    identifiable: bool
    strategy: Strategy
    adjustment_set: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)
    conditioning: list[str] = field(default_factory=list)
    formula: str = ""
    reason: str = ""
    assumptions: list[str] = field(default_factory=list)
    alternatives: dict[str, list[str]] = field(default_factory=dict)  # e.g. {"minimal": [...], "optimal": [...]}

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["strategy"] = self.strategy.value
        return d
