"""The typed result of design recognition."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI lists the designs without importing pandas
    import pandas as pd


class StudyDesign(str, Enum):
    """How the data were generated, which decides what identifies an effect."""

    RANDOMIZED = "randomized"                # treatment assigned at random
    INSTRUMENT = "iv"                        # an instrument / randomised encouragement
    DID = "did"                              # before/after with a comparison group, or staggered adoption
    RDD = "rdd"                              # treatment switches at a cutoff of a running variable
    SYNTHETIC_CONTROL = "synthetic_control"  # one or a few treated units followed over time
    PANEL = "panel"                          # units over time, treatment varying within units
    OBSERVATIONAL = "observational"          # covariates only: adjust for the pre-treatment ones


@dataclass(frozen=True)
class DesignInput:
    """What a detector reads: the table, the pair, and the user's words (question + description)."""

    data: pd.DataFrame
    treatment: str
    outcome: str
    text: str = ""
    instrument: str | None = None
    instruments: tuple[str, ...] = ()   # when the user named several (``instrument`` is the first)


@dataclass
class DesignResult:
    """The chosen design, why, the assumption it rests on, and the estimator arguments it implies.

    ``columns`` names the design's special columns (unit, time, running, instrument, post);
    ``considered`` records the designs checked before it and why each did not apply."""

    design: StudyDesign
    reason: str
    assumption: str
    estimate_args: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    balance: dict[str, Any] = field(default_factory=dict)
    considered: list[str] = field(default_factory=list)
    source: str = "recognised"  # "recognised" | "user"

    @property
    def name(self) -> str:
        return self.design.value

    @property
    def uses_graph(self) -> bool:
        """Only an observational design needs covariate roles (and a graph as a diagnostic)."""
        return self.design is StudyDesign.OBSERVATIONAL

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["design"] = self.design.value
        return d
