"""Typed results of refutation: one record per check, the sensitivity analysis, and the
report that summarises them in one paragraph."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class RefutationCheck:
    """One falsification test. ``passed`` is None when the check does not apply to the design."""

    name: str
    new_effect: float | None
    passed: bool | None
    summary: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Sensitivity:
    """How strong unobserved confounding would have to be to explain the effect away.

    ``e_value`` (VanderWeele & Ding): the minimum risk ratio an unobserved confounder would
    need with both treatment and outcome; ``robustness_value`` (Cinelli & Hazlett): the
    share of residual variance of both it would need to explain; ``benchmark``: the same
    in multiples of the strongest observed covariate."""

    e_value: float | None = None
    e_value_ci: float | None = None
    e_value_scale: str | None = None
    robustness_value: float | None = None
    robustness_value_ci: float | None = None
    partial_r2_treatment: float | None = None
    regression_coefficient: float | None = None
    benchmark: dict[str, Any] | None = None
    summary: str = ""
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RefutationReport:
    treatment: str
    outcome: str
    method: str
    estimand: str
    estimate: float
    checks: list[RefutationCheck]
    sensitivity: Sensitivity
    simulations: int
    seed: int
    refit_method: str
    refit_note: str = ""
    runtime_s: float = 0.0

    @property
    def passed_all(self) -> bool:
        """True when every applicable check passed."""
        return all(c.passed for c in self.checks if c.passed is not None)

    @property
    def summary(self) -> str:
        """One paragraph: checks passed, which failed, and the sensitivity in plain words."""
        applicable = [c for c in self.checks if c.passed is not None]
        passed = [c for c in applicable if c.passed]
        head = (f"Robustness of the {self.method} {self.estimand} ({self.estimate:.4g}): "
                f"{len(passed)} of {len(applicable)} checks passed.")
        failed = [c for c in applicable if not c.passed]
        parts = [head]
        if failed:
            parts.append("Failed: " + " ".join(c.summary for c in failed))
        else:
            parts.append(" ".join(c.summary for c in applicable[:2]))
        if self.sensitivity.summary:
            parts.append(self.sensitivity.summary)
        if self.refit_note:
            parts.append(self.refit_note)
        return " ".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["passed_all"] = self.passed_all
        d["summary"] = self.summary
        return d
