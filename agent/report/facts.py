"""The facts of one analysis as a JSON-safe dict: every number and name a narrative may use.

Both narrative writers read only these facts — the offline templates and the LLM (which
gets them as JSON) — and the grounding checker verifies text against them. Numbers are
rounded to 4 significant figures, the precision the report prints. Never row values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from agent.report import results as R
from agent.report.fmt import is_number, sig_round

if TYPE_CHECKING:
    from agent.result import AnalysisResult
    from tools.context import AnalysisContext

FactCollector = Callable[["AnalysisResult", "AnalysisContext"], Any]


def _clean(obj: Any) -> Any:
    """JSON-safe, numbers rounded to 4 significant figures, None/empty entries dropped."""
    from enum import Enum

    if isinstance(obj, dict):
        out = {str(k): _clean(v) for k, v in obj.items()}
        return {k: v for k, v in out.items() if v not in (None, [], {}, "")}
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj, key=str) if isinstance(obj, (set, frozenset)) else obj
        return [_clean(v) for v in items]
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if hasattr(obj, "item") and not isinstance(obj, (list, dict)):
        obj = obj.item()  # numpy scalar
    if isinstance(obj, int):
        return obj
    if isinstance(obj, float):
        return sig_round(obj) if is_number(obj) else None
    return str(obj)


def question_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> dict[str, Any]:
    q = result.query or {}
    return {"question": result.question, "kind": result.kind, "short_answer": result.answer,
            "explanation": result.explanation, "variables": result.variables,
            "treatment": q.get("treatment"), "outcome": q.get("outcome"), "subject": q.get("subject"),
            "conditioning": q.get("conditioning"), "identifiable": result.identifiable,
            "degraded": result.degraded or None}


def data_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> dict[str, Any]:
    df = ctx.data
    out: dict[str, Any] = {"rows": int(len(df)), "columns": int(df.shape[1]),
                           "missing_share": {str(c): float(df[c].isna().mean()) for c in df.columns
                                             if df[c].isna().any()}}
    profile = R.profile(ctx)
    if profile is not None:
        kinds: dict[str, list[str]] = {}
        for c in profile.columns:
            kinds.setdefault(c.kind.value, []).append(c.name)
        out["column_kinds"] = kinds
        out["findings"] = [{"finding": f.name, "text": f.text, "test": f.test, "statistic": f.statistic,
                            "p_value": f.p_value} for f in profile.findings if f.text]
    return out


def graph_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> dict[str, Any] | None:
    graph = ctx.graph
    if graph is None:
        return None
    out: dict[str, Any] = {"graph_type": graph.graph_type.value, "nodes": len(graph.nodes),
                           "edges": [{"edge": e.text(), "confidence": e.confidence} for e in graph.edges],
                           "latent": graph.latent, "source": ctx.graph_source, "key": ctx.graph_key}
    if isinstance(graph.metadata.get("bootstrap"), int):
        out["bootstrap_resamples"] = graph.metadata["bootstrap"]
    found = R.discovery(ctx)
    if found is not None:
        selection = R.field(found, "selection")
        out["algorithm"] = R.field(found, "algorithm") or R.field(selection, "algorithm")
        params = R.field(found, "parameters", default={}) or {}
        out["parameters"] = {k: v for k, v in params.items() if isinstance(v, (str, int, float, bool))}
        reasons = R.field(selection, "reasons") if selection is not None else None
        out["reasons"] = list(reasons or R.field(found, "reasons", default=[]) or [])
    return out


def identification_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> dict[str, Any] | None:
    e = R.estimand(ctx)
    if e is None or result.kind == "overview":
        return None
    facts = {"identifiable": e.identifiable, "strategy": e.strategy.value, "adjustment_set": e.adjustment_set,
             "mediators": e.mediators, "instruments": e.instruments, "formula": e.formula, "reason": e.reason}
    other_route = R.estimate_overrides_graph(ctx)
    if other_route is not None:  # one verdict: identified, by the design; the graph's verdict kept beside it
        facts.update(identifiable=True, strategy=other_route.strategy or "design", graph_identifiable=False)
    return facts


def effect_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> dict[str, Any] | None:
    e = result.effect  # the answer's estimate (an overview's per-driver estimates are under "overview")
    if e is None:
        return None
    return {"treatment": e.treatment, "outcome": e.outcome, "estimate": e.estimate, "ci_low": e.ci_low,
            "ci_high": e.ci_high, "confidence_level": e.confidence_level, "std_error": e.std_error,
            "p_value": e.p_value, "method": e.method, "estimand": e.estimand, "strategy": e.strategy,
            "adjustment_set": e.adjustment_set, "n": e.n,
            "method_reason": e.details.get("method_reason") if isinstance(e.details, dict) else None,
            "subgroups": [{k: s.get(k) for k in ("subgroup", "level", "estimate", "ci_low", "ci_high", "n")}
                          for s in e.subgroups],
            "warnings": e.warnings}


def refutation_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> dict[str, Any] | None:
    r = R.refutation(ctx)
    if r is None:
        return None
    applicable = [c for c in r.checks if c.passed is not None]
    s = r.sensitivity
    bench = s.benchmark or {}
    return {"checks_applicable": len(applicable), "checks_passed": sum(bool(c.passed) for c in applicable),
            "checks": [{"name": c.name, "passed": c.passed, "new_effect": c.new_effect, "summary": c.summary}
                       for c in r.checks],
            "simulations": r.simulations,
            "sensitivity": {"e_value": s.e_value, "e_value_ci": s.e_value_ci, "robustness_value": s.robustness_value,
                            "strongest_covariate": bench.get("covariate"),
                            "times_strongest_covariate_to_explain_away": bench.get("k_explain_away"),
                            "summary": s.summary}}


def independence_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> list[dict[str, Any]] | None:
    report = R.independence(ctx)
    if report is None:
        return None
    return [{"x": t.x, "y": t.y, "given": t.conditioning, "test": t.test, "statistic": t.statistic,
             "p_value": t.p_value, "alpha": t.alpha, "independent": t.independent, "n": t.n_used,
             "reliable": t.reliable, "note": t.note} for t in report.results]


def graph_query_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> dict[str, Any] | None:
    q = R.graph_query(ctx)
    if q is None:
        return None
    return {"query": q.query, "arguments": q.args, "answer": q.answer, "definite": q.definite,
            "possible": q.possible, "explanation": q.explanation}


def intervention_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> dict[str, Any] | None:
    r = R.intervention(ctx)
    if r is None:
        return None
    d = r.to_dict()
    d.pop("unit", None)  # a unit's row values stay out of the facts
    return d


def overview_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> list[dict[str, Any]] | None:
    if result.kind != "overview" or not isinstance(result.value, list):
        return None
    return [dict(row) for row in result.value if isinstance(row, dict)]


def run_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> dict[str, Any]:
    return {"steps": len(result.steps), "seed": result.seed, "planner": result.planner}


FACT_COLLECTORS: dict[str, FactCollector] = {
    "question": question_facts,
    "data": data_facts,
    "graph": graph_facts,
    "identification": identification_facts,
    "effect": effect_facts,
    "refutation": refutation_facts,
    "independence": independence_facts,
    "graph_query": graph_query_facts,
    "intervention": intervention_facts,
    "overview": overview_facts,
    "assumptions": lambda result, ctx: list(result.assumptions),
    "warnings": lambda result, ctx: list(result.warnings),
    "run": run_facts,
}


def collect_facts(result: "AnalysisResult", ctx: "AnalysisContext") -> dict[str, Any]:
    """All facts, by topic; a topic whose tool did not run is left out."""
    facts = {name: collect(result, ctx) for name, collect in FACT_COLLECTORS.items()}
    return _clean({k: v for k, v in facts.items() if v is not None})
