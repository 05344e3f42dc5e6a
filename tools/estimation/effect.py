"""The typed effect estimate every estimator returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class EffectResult:
    """A causal effect estimate with its confidence interval and how it was obtained."""

    estimate: float
    ci_low: float
    ci_high: float
    method: str
    estimand: str  # e.g. "ATE", "ATT", "effect of X from 0 to 1"
    adjustment_set: list[str]
    treatment: str
    outcome: str
    std_error: float | None = None
    p_value: float | None = None
    strategy: str = "backdoor"  # backdoor | frontdoor | iv | did | rdd | randomized | user
    n: int | None = None
    confidence_level: float = 0.95
    details: dict[str, Any] = field(default_factory=dict)
    # Optional additions (estimation helper): per-subgroup CATE rows, the assumptions the
    # estimate relies on, warnings (weak instrument, poor overlap), and the request that
    # produced it (``EffectQuery.to_dict()`` plus ``method``) so refutation can re-run it.
    subgroups: list[dict[str, Any]] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)
    # Observational designs with a learned graph: the effect under every parent set the graph
    # cannot rule out (IDA), each {"parents": [...], "estimate": x}; empty when not computed.
    possible_effects: list[dict[str, Any]] = field(default_factory=list)

    def covers(self, value: float) -> bool:
        return self.ci_low <= value <= self.ci_high

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
