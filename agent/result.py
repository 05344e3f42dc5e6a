"""The public result of ``CausalAgent.analyze``: a stable, documented contract."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, is_dataclass
from enum import Enum
from typing import Any

from memory.graph import CausalGraph
from tools.estimation.effect import EffectResult


class QuestionKind(str, Enum):
    INDEPENDENCE = "independence"
    DIRECT_CAUSE = "direct_cause"
    CONFOUNDER = "confounder"
    COLLIDER = "collider"
    MEDIATOR = "mediator"
    CAUSES_OF = "causes_of"
    EFFECTS_OF = "effects_of"
    GRAPH = "graph"
    EFFECT = "effect"
    COUNTERFACTUAL = "counterfactual"
    OVERVIEW = "overview"
    ADJUSTMENT = "adjustment"  # "Should we control for V (when estimating the effect of T on Y)?"


@dataclass
class Step:
    """One planner step; both planners emit the same records."""

    index: int
    thought: str
    tool: str | None
    arguments: dict[str, Any]
    observation: str
    duration_s: float
    ok: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "thought": self.thought, "tool": self.tool, "arguments": self.arguments,
                "observation": self.observation, "duration_s": round(self.duration_s, 4), "ok": self.ok}


@dataclass
class AnalysisResult:
    """What ``analyze`` returns. Fields up to ``planner`` are the public contract."""

    kind: str
    variables: list[str]
    answer: str
    value: Any
    effect: EffectResult | None
    graph: CausalGraph | None
    graph_key: str | None
    report: Any  # agent.report.Report; str(report) is Markdown
    steps: list[Step]
    planner: str
    question: str = ""
    explanation: str = ""
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    identifiable: bool | None = None
    p_value: float | None = None
    refutations: list[dict[str, Any]] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    degraded: bool = False
    llm_calls: int = 0
    tokens: int = 0
    seed: int = 0
    duration_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return jsonable({
            "kind": self.kind, "variables": self.variables, "answer": self.answer, "value": self.value,
            "effect": self.effect.to_dict() if self.effect else None,
            "graph": self.graph.to_dict() if self.graph else None, "graph_key": self.graph_key,
            "report": str(self.report) if self.report is not None else None,
            "steps": [s.to_dict() for s in self.steps], "planner": self.planner, "question": self.question,
            "explanation": self.explanation, "assumptions": self.assumptions, "warnings": self.warnings,
            "identifiable": self.identifiable, "p_value": self.p_value, "refutations": self.refutations,
            "query": self.query, "details": self.details, "degraded": self.degraded,
            "llm_calls": self.llm_calls, "tokens": self.tokens, "seed": self.seed,
            "duration_s": round(self.duration_s, 3),
        })


def jsonable(obj: Any) -> Any:
    """Recursively convert to JSON-safe values (NaN/inf become None)."""
    import numpy as np

    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj, key=str) if isinstance(obj, (set, frozenset)) else obj
        return [jsonable(v) for v in items]
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (np.bool_, bool)):
        return bool(obj)
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        return f if math.isfinite(f) else None
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist())
    if isinstance(obj, CausalGraph):
        return obj.to_dict()
    if is_dataclass(obj) and not isinstance(obj, type):
        return jsonable(asdict(obj))
    if hasattr(obj, "model_dump"):
        return jsonable(obj.model_dump())
    if obj is None or isinstance(obj, (str, int)):
        return obj
    return str(obj)
