"""A causal question in structured form: what kind of question it is, which columns play
which role, and the options the user asked for (method, rounding, estimand, ...).

Both the offline parser (``agent.query_parser``) and the LLM extractor
(``agent.query_llm``) produce a ``Query``; planners read only these fields."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.result import QuestionKind
from tools.design.model import StudyDesign

Relation = Literal["causes", "caused_by", "no_relation", "confounded", "independent", "dependent", "unknown"]
Estimand = Literal["ATE", "ATT", "ATC", "CATE"]


class QueryError(ValueError):
    """The question cannot be turned into a causal query; the message says what to ask instead."""


class MethodHint(str, Enum):
    """Estimation or discovery method the user asked for by name."""

    LINEAR_REGRESSION = "linear_regression"
    OLS = "ols"
    DIFFERENCE_IN_MEANS = "difference_in_means"
    PROPENSITY_SCORE_MATCHING = "propensity_score_matching"
    IPW = "ipw"
    AIPW = "aipw"
    DML = "dml"
    CAUSAL_FOREST = "causal_forest"
    IV = "iv"
    FRONTDOOR = "frontdoor"
    DID = "did"
    RDD = "rdd"
    PC = "pc"
    FCI = "fci"
    GES = "ges"
    LINGAM = "lingam"


class Option(BaseModel):
    """One multiple-choice option.

    ``causes``: source → target. ``caused_by``: source is caused by target (the edge is
    target → source), kept as written; ``edge`` gives (cause, effect) for both.
    """

    model_config = ConfigDict(extra="forbid")

    letter: str
    text: str
    relation: Relation = "unknown"
    source: str | None = None
    target: str | None = None
    # Every column the option names, in order ("Yield and Pest Density" → two).
    variables: list[str] = Field(default_factory=list)

    @property
    def edge(self) -> tuple[str, str] | None:
        """The claimed directed edge (cause, effect), or None if the option claims no edge."""
        if self.source is None or self.target is None:
            return None
        if self.relation == "causes":
            return (self.source, self.target)
        if self.relation == "caused_by":
            return (self.target, self.source)
        return None


class Condition(BaseModel):
    """One sample restriction: keep rows where ``column op value``."""

    model_config = ConfigDict(extra="forbid")

    column: str
    op: Literal["==", "!=", ">=", "<=", ">", "<"]
    value: float | str

    def text(self) -> str:
        value = f"{self.value:g}" if isinstance(self.value, float) else repr(self.value)
        return f"{self.column} {self.op} {value}"


class Query(BaseModel):
    """The structured form of one causal question (see the field comments for the roles)."""

    model_config = ConfigDict(extra="forbid")

    kind: QuestionKind
    # Every column the question mentions, in order of first mention.
    variables: list[str] = Field(default_factory=list)
    # effect / direct_cause / counterfactual: cause and outcome; independence: the two tested variables.
    treatment: str | None = None
    outcome: str | None = None
    # confounder / collider / mediator: the variable asked about; causes_of / effects_of / overview: the target.
    subject: str | None = None
    # independence: conditioning set ("given Z").
    conditioning: list[str] = Field(default_factory=list)
    # effect: adjustment set the user named; [] = explicitly none; None = not specified.
    controls: list[str] | None = None
    # effect: covariates whose square joins the adjustment set too ("age and age squared").
    squared: list[str] = Field(default_factory=list)
    instrument: str | None = None
    # effect: every instrument named, when the question names several (``instrument`` is the first).
    instruments: list[str] = Field(default_factory=list)
    # effect: keep only the rows meeting every condition ("only rows where black = 1").
    restrict: list[Condition] = Field(default_factory=list)
    # effect: multiply the effect by ``scale`` (percentage points x100, "per 10 units" x10, sign -1);
    # ``outcome_transform`` "log" estimates the effect on log(outcome).
    scale: float = 1.0
    scale_note: str | None = None
    # effect: "control_mean" reports the effect as a percentage of the control group's mean outcome.
    relative_to: Literal["control_mean"] | None = None
    outcome_transform: Literal["log"] | None = None
    # effect: the study design the user named (None = recognise it from the data).
    design: StudyDesign | None = None
    estimand: Estimand = "ATE"
    subgroup: str | None = None
    t0: float | None = None
    t1: float | None = None
    intervention: dict[str, float] = Field(default_factory=dict)
    factual: dict[str, float] = Field(default_factory=dict)
    counterfactual_type: Literal["interventional", "unit"] | None = None
    method_hint: MethodHint | None = None
    precision: int | None = None
    options: list[Option] = Field(default_factory=list)
    graph_variables: list[str] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    ambiguities: list[str] = Field(default_factory=list)
    raw: str = ""
    method: Literal["offline", "llm"] = "offline"

    def role_columns(self) -> list[str]:
        """Every column named in a role field (for validation against the data)."""
        names = [self.treatment, self.outcome, self.subject, self.instrument, self.subgroup]
        names += self.variables + self.conditioning + (self.controls or []) + self.graph_variables + self.instruments
        names += self.squared
        names += list(self.intervention) + list(self.factual) + [c.column for c in self.restrict]
        names += [n for o in self.options for n in (o.source, o.target)]
        return list(dict.fromkeys(n for n in names if n is not None))
