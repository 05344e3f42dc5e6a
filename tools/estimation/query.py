"""What to estimate: the typed request every estimator reads (columns, estimand, design)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from enum import Enum
from typing import Any


class EstimandKind(str, Enum):
    """Which average effect: over everyone, the treated, the controls, or per subgroup."""

    ATE = "ATE"
    ATT = "ATT"
    ATC = "ATC"
    CATE = "CATE"


class Design(str, Enum):
    """Why the estimate is causal: the identification design the estimator relies on."""

    BACKDOOR = "backdoor"      # adjustment set blocks every backdoor path
    RANDOMIZED = "randomized"  # treatment assigned at random
    FRONTDOOR = "frontdoor"    # mediators intercept every directed path, unconfounded
    IV = "iv"                  # instrument: relevance, exclusion, independence
    DID = "did"                # parallel trends
    RDD = "rdd"                # continuity of potential outcomes at the cutoff
    SYNTHETIC_CONTROL = "synthetic_control"  # weighted donors match the treated unit before treatment


class Nuisance(str, Enum):
    """Nuisance (propensity/outcome) models for DML-type estimators. Never econml's 'auto'."""

    LINEAR = "linear"      # OLS / logistic: fast, assumes roughly linear confounding
    BOOSTING = "boosting"  # histogram gradient boosting: flexible, ~100x slower


@dataclass(frozen=True)
class EffectQuery:
    """One estimation request. ``covariates`` is the adjustment set (backdoor), the
    conditioning set (IV) or extra precision covariates (randomized, DiD).
    ``inference`` False asks for a point estimate only: estimators may skip standard
    errors, bootstraps and diagnostics (refutation refits use it). ``use_ray`` runs econml's
    cross-fitting folds as Ray tasks (the analysis's executor is Ray); estimates are the same."""

    treatment: str
    outcome: str
    covariates: tuple[str, ...] = ()
    estimand: EstimandKind = EstimandKind.ATE
    design: Design = Design.BACKDOOR
    subgroup: str | None = None
    t0: float | None = None
    t1: float | None = None
    instruments: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    time: str | None = None
    unit: str | None = None
    post: str | None = None
    running: str | None = None
    cutoff: float | None = None
    seed: int = 0
    n_bootstrap: int = 200
    nuisance: Nuisance = Nuisance.LINEAR
    clip: float = 0.01
    inference: bool = True
    use_ray: bool = False

    def __post_init__(self) -> None:
        for name in ("covariates", "instruments", "mediators"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"EffectQuery.{name} must be a sequence of column names, not a string.")
            object.__setattr__(self, name, tuple(value))
        object.__setattr__(self, "estimand", EstimandKind(self.estimand))
        object.__setattr__(self, "design", Design(self.design))
        object.__setattr__(self, "nuisance", Nuisance(self.nuisance))
        if self.n_bootstrap < 0:
            raise ValueError("n_bootstrap must be >= 0.")
        if not 0.0 <= self.clip < 0.5:
            raise ValueError("clip must be in [0, 0.5).")

    @property
    def used_columns(self) -> list[str]:
        """Every column the estimate reads (rows with NaN in any of them are dropped)."""
        cols = [self.treatment, self.outcome, *self.covariates, *self.instruments, *self.mediators,
                self.subgroup, self.time, self.unit, self.post, self.running]
        out: list[str] = []
        for c in cols:
            if c is not None and c not in out:
                out.append(c)
        return out

    def with_(self, **changes: Any) -> "EffectQuery":
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("estimand", "design", "nuisance"):
            d[k] = d[k].value
        for k in ("covariates", "instruments", "mediators"):
            d[k] = list(d[k])
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "EffectQuery":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})
