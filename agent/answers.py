"""Compose the user-facing answer of each question kind from typed tool results.

The answer never comes from an LLM's text: each composer reads the results the tools
left in the context and says "uncertain" or "not identifiable" (with the reason) when
the results do not settle the question."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from agent.choice import Choice, causal_neighbours, choose_diagram, choose_variables, mediators
from agent.query import Query
from agent.result import QuestionKind
from agent.threats import confounding_line, selection_line
from tools.context import AnalysisContext
from tools.estimation.effect import EffectResult


@dataclass
class Answer:
    answer: str
    value: Any = None
    explanation: str = ""
    identifiable: bool | None = None
    p_value: float | None = None
    effect: EffectResult | None = None
    refutations: list[dict[str, Any]] = field(default_factory=list)
    complete: bool = True  # False when a needed tool result is missing (planner fallback)


Composer = Callable[[AnalysisContext, Query], Answer]
YES_NO = {True: "yes", False: "no", None: "uncertain"}


def _missing(what: str) -> Answer:
    return Answer("uncertain", None, f"The analysis could not {what}; see the steps for the error.", complete=False)


def _fmt(x: float | None, precision: int | None = None) -> str:
    if x is None:
        return "n/a"
    if precision is not None:  # negative: "to the nearest 10" rounds to tens
        return f"{round(x, precision):.{max(precision, 0)}f}"
    return f"{x:.4g}" if abs(x) < 1e4 else f"{x:,.0f}"


def compose_independence(ctx: AnalysisContext, q: Query) -> Answer:
    report = ctx.results.get("test_independence")
    if report is None:
        return _missing("run the independence test")
    primary = getattr(report, "primary", report)
    given = f" given {', '.join(primary.conditioning)}" if getattr(primary, "conditioning", None) else ""
    verdict = ("no evidence of dependence (consistent with independence)" if primary.independent
               else "dependent")
    text = (f"{primary.test}: p = {_fmt(primary.p_value)} (n = {primary.n_used}) → {q.treatment} and "
            f"{q.outcome} are {verdict}{given} at α = {primary.alpha}.")
    return Answer("yes" if primary.independent else "no", bool(primary.independent), text,
                  p_value=float(primary.p_value))


def _graph_query_answer(ctx: AnalysisContext, q: Query) -> Answer:
    result = ctx.results.get("query_graph")
    if result is None:
        return _missing("query the causal graph")
    answer = result.answer
    if isinstance(answer, list) or answer is None and getattr(result, "definite", None) is not None \
            and result.query in ("causes_of", "effects_of", "parents", "children", "ancestors", "descendants"):
        definite = list(getattr(result, "definite", []) or (answer or []))
        possible = list(getattr(result, "possible", []) or [])
        text = result.explanation
        if possible:
            text += f" Possibly also (undirected edges leave it open): {', '.join(possible)}."
        return Answer(", ".join(definite) if definite else "none", definite, text)
    return Answer(YES_NO[answer], answer, result.explanation)


def compose_direct_cause(ctx: AnalysisContext, q: Query) -> Answer:
    if q.options and q.treatment == q.outcome:
        none = next((o.letter for o in q.options if o.relation == "no_relation"), None)
        if none is not None:
            return Answer(none, none, f"Option {none}: a variable cannot cause itself, so no option that has "
                                      f"'{q.treatment}' causing '{q.treatment}' can be right.")
    base = _graph_query_answer(ctx, q)
    if q.options and ctx.graph is not None:
        return choose_option(ctx, q, base)
    estimate: EffectResult | None = ctx.results.get("estimate_effect")
    if estimate is not None and (estimate.treatment, estimate.outcome) == (q.treatment, q.outcome):
        base = _with_total_effect(base, estimate, q)
    confidence = _edge_confidence_text(ctx, q)
    if confidence:
        text = base.explanation.rstrip()
        base.explanation = (text if text.endswith((".", "!", "?")) else text + ".") + confidence
    return base


def _edge_confidence_text(ctx: AnalysisContext, q: Query) -> str:
    """The exact posterior of the pair's edge in each direction, when it was computed."""
    posteriors = ctx.results.get("edge_posteriors")
    if posteriors is None or not {q.treatment, q.outcome} <= set(posteriors.variables):
        return ""
    forward = posteriors.probability.get((q.treatment, q.outcome), 0.0)
    backward = posteriors.probability.get((q.outcome, q.treatment), 0.0)
    return (f" How sure: over every DAG of these {len(posteriors.variables)} variables (at most "
            f"{posteriors.max_parents} parents each, {posteriors.score} score), the posterior probability of a "
            f"direct edge {q.treatment} → {q.outcome} is {forward:.2f} and of {q.outcome} → {q.treatment} "
            f"{backward:.2f} (adjacent: {forward + backward:.2f})." + _direction_caveat(ctx, q))


def _direction_caveat(ctx: AnalysisContext, q: Query) -> str:
    edge = ctx.graph.edge(q.treatment, q.outcome) if ctx.graph is not None else None
    if edge is None or not edge.is_undirected:
        return ""
    return (" The data cannot tell this direction (the two graphs are equivalent), so the split between the two "
            "directions comes from the prior over variable orders, not from evidence.")


def _with_total_effect(base: Answer, e: EffectResult, q: Query) -> Answer:
    """'Does X cause Y?': the estimated total effect decides when its interval excludes zero;
    otherwise the graph's verdict stands, with the estimate beside it."""
    interval = f"{_fmt(e.estimate)} (95% CI {_fmt(e.ci_low)} to {_fmt(e.ci_high)})"
    if not e.ci_low <= 0 <= e.ci_high:
        graph_note = "" if base.value is True else (
            " The learned graph does not show a direct edge, which is not evidence against an effect: an edge "
            "missing or oriented the other way in a graph learned from data weighs less than the estimate. ")
        return Answer("yes", True, f"Yes: the estimated effect of {q.treatment} on {q.outcome} is {interval} "
                                   f"({e.method}, adjusting for {{{', '.join(e.adjustment_set)}}}).{graph_note} "
                                   f"Graph: {base.explanation}", effect=e, p_value=e.p_value)
    return Answer(base.answer, base.value, f"{base.explanation} No detectable total effect: {interval} "
                                           f"({e.method}).", effect=e, p_value=e.p_value)


def choose_option(ctx: AnalysisContext, q: Query, base: Answer) -> Answer:
    """Map the graph's verdict on the pair to a multiple-choice letter (or 'uncertain')."""
    graph, x, y = ctx.graph, q.treatment, q.outcome
    edge = graph.edge(x, y)
    if x in graph.ancestors(y):
        truth = {("causes", x, y)}
    elif y in graph.ancestors(x):
        truth = {("causes", y, x)}
    elif edge is not None and not edge.is_directed:
        truth = {("causes", x, y), ("causes", y, x)}
        if edge.is_bidirected:
            truth = {("confounded", None, None)}
    else:
        truth = {("no_relation", None, None)}
    matches = []
    for opt in q.options:
        rel = (opt.relation, opt.source, opt.target)
        if opt.relation == "caused_by":
            rel = ("causes", opt.target, opt.source)
        if rel in truth or (opt.relation in ("no_relation", "confounded") and (opt.relation, None, None) in truth):
            matches.append(opt.letter)
    if len(matches) == 1:
        return Answer(matches[0], matches[0], f"Option {matches[0]}: {base.explanation}")
    return _forced_choice(ctx, q, matches, base)


def _forced_choice(ctx: AnalysisContext, q: Query, matches: list[str], base: Answer) -> Answer:
    """The question asks which is more likely, so answer with a letter and say how weakly:
    between the two directions of an edge the data leave open, a fixed attribute is the cause,
    else the pairwise non-Gaussianity measure decides; with no matching option, 'no relation'
    if offered."""
    from tools.covariates.fixed import FIXED_NAME
    from tools.pairwise import lingam_direction

    x, y = q.treatment, q.outcome
    by_letter = {o.letter: o for o in q.options}
    if matches:
        def edge(letter: str):
            return by_letter[letter].edge
        fixed = [m for m in matches if edge(m) and FIXED_NAME.search(str(edge(m)[0]))]
        if fixed:
            pick, why = fixed[0], f"'{edge(fixed[0])[0]}' is a fixed attribute, so it is the cause"
        else:
            r = lingam_direction(ctx.data, x, y)
            forward = next((m for m in matches if edge(m) == (x, y)), None)
            backward = next((m for m in matches if edge(m) == (y, x)), None)
            pick = (forward if r >= 0 else backward) or matches[0]
            strength = "weakly" if abs(r) < 0.02 else "clearly"
            why = f"the pairwise non-Gaussianity measure {strength} favours it (R = {r:+.3f})"
        return Answer(pick, pick, f"Option {pick} (low confidence): the data cannot decide between options "
                                  f"{', '.join(matches)}; {why}. {base.explanation}")
    none = next((o.letter for o in q.options if o.relation == "no_relation"), q.options[0].letter)
    return Answer(none, none, f"Option {none} (low confidence): no option matches what the graph shows. "
                              f"{base.explanation}")


def compose_graph(ctx: AnalysisContext, q: Query) -> Answer:
    graph = ctx.graph
    if graph is None:
        return _missing("learn a causal graph")
    edges = graph.edge_list_text()
    notation = {"cpdag": " Undirected edges (---) are ones the data cannot orient.",
                "pag": " Circle marks (o) are ends the data cannot decide; <-> means a hidden common cause.",
                "admg": " <-> means a hidden common cause."}.get(graph.graph_type.value, "")
    text = (f"{graph.graph_type.value.upper()} over {len(graph.nodes)} variables with {len(edges)} edges."
            + notation)
    if graph.lagged_edges():
        text += " 'A --> B (lag k)' means A at time t-k causes B at time t."
    return Answer("; ".join(edges) or "no edges", {"edges": [e.to_dict() for e in graph.edges],
                                                   "graph_type": graph.graph_type.value}, text)


def compose_effect(ctx: AnalysisContext, q: Query) -> Answer:
    estimand = ctx.results.get("identify_effect")
    estimate: EffectResult | None = ctx.results.get("estimate_effect")
    if estimate is not None and (estimate.treatment, estimate.outcome) == (q.treatment, q.outcome):
        refutation = ctx.results.get("refute_effect")
        refutations = _refutation_dicts(refutation)
        what = estimate.estimand if q.treatment in estimate.estimand else f"{estimate.estimand} of {q.treatment}"
        text = _direction_conflict(ctx, q) + _confidence_prefix(estimate)
        text += (f"{estimate.method} estimate of the {what} on {q.outcome}: "
                 f"{_fmt(estimate.estimate, q.precision)} (95% CI {_fmt(estimate.ci_low, q.precision)} to "
                 f"{_fmt(estimate.ci_high, q.precision)})")
        text += f", adjusting for {{{', '.join(estimate.adjustment_set)}}}." if estimate.adjustment_set else "."
        if estimate.ci_low <= 0 <= estimate.ci_high:
            text += " No detectable effect: the interval includes zero."
        text += _main_threat(ctx, q, refutation)
        text += _subgroup_text(estimate, q)
        design = ctx.results.get("recognise_design")
        if design is not None:
            text += f" Design: {design.name} — {design.reason}"
        span = _effect_range(ctx, q)
        if span is not None:
            estimate.possible_effects = list(span.possible_effects)
            text += _range_text(span, q, estimate)
        text += _graph_disagreement(ctx, q, estimate)
        if refutation is not None and getattr(refutation, "summary", None):
            text += " " + refutation.summary
        reported, note = _on_requested_scale(ctx, q, estimate)
        if note:
            factor = estimate.details["reported_scale"]["factor"]
            lo, hi = sorted((estimate.ci_low * factor, estimate.ci_high * factor))
            text = (f"{_fmt(reported, q.precision)} {note} (95% CI {_fmt(lo, q.precision)} to "
                    f"{_fmt(hi, q.precision)}). ") + text
        value = round(reported, q.precision) if q.precision is not None else reported
        return Answer(_fmt(reported, q.precision), value, text, identifiable=True,
                      effect=estimate, refutations=refutations, p_value=estimate.p_value)
    if estimand is not None and not estimand.identifiable:
        return Answer("not identifiable", None, f"Not identifiable from the data alone: {estimand.reason}",
                      identifiable=False)
    return _missing("estimate the effect")


HEADLINE_SMD = 0.25  # residual imbalance that lowers the headline's confidence


def _on_requested_scale(ctx: AnalysisContext, q: Query, e: EffectResult) -> tuple[float, str]:
    """The estimate on the scale the question asked for (x100 for percentage points only when
    the outcome is a 0/1 share), and the words saying so."""
    factor, note = q.scale, q.scale_note or ""
    if q.relative_to == "control_mean":
        base = _control_mean(ctx, q)
        if base is not None:
            factor *= 100.0 / base
            note = "; ".join(n for n in (note, f"in % of the control group's mean {q.outcome} ({base:.4g})") if n)
    if factor == 1.0 or not note:
        return e.estimate, ""
    if "percentage points" in note:
        values = set(ctx.data[q.outcome].dropna().unique().tolist()) if q.outcome in ctx.data.columns else set()
        if not values <= {0, 1, 0.0, 1.0, True, False}:
            factor, note = factor / 100.0, note.replace("in percentage points (a share x 100)", "").strip("; ")
    if factor == 1.0:
        return e.estimate, ""
    e.details["reported_scale"] = {"factor": factor, "note": note}
    return e.estimate * factor, f"({note})"


def _control_mean(ctx: AnalysisContext, q: Query) -> float | None:
    """Mean outcome of the control rows (treatment at ``t0``, else its lowest level), or None."""
    if q.treatment not in ctx.data.columns or q.outcome not in ctx.data.columns:
        return None
    rows = ctx.data[[q.treatment, q.outcome]].dropna()
    t = rows[q.treatment]
    reference = q.t0 if q.t0 is not None else (sorted(t.unique().tolist(), key=str)[0] if t.nunique() == 2 and
                                               not pd.api.types.is_numeric_dtype(t) else t.min())
    base = pd.to_numeric(rows.loc[t == reference, q.outcome], errors="coerce").mean()
    return float(base) if np.isfinite(base) and base != 0 else None


def heterogeneity_test(rows: list[dict[str, Any]]) -> tuple[float, int, float] | None:
    """Cochran's Q test that the per-group effects are equal: (Q, degrees of freedom, p), or
    None without standard errors for at least two groups."""
    from scipy import stats

    usable = [r for r in rows if r.get("std_error")]
    if len(usable) < 2:
        return None
    w = [1 / r["std_error"] ** 2 for r in usable]
    pooled = sum(wi * r["estimate"] for wi, r in zip(w, usable)) / sum(w)
    q = sum(wi * (r["estimate"] - pooled) ** 2 for wi, r in zip(w, usable))
    dof = len(usable) - 1
    return q, dof, float(stats.chi2.sf(q, dof))


def _subgroup_text(e: EffectResult, q: Query) -> str:
    """Per-group effects with intervals and the test that they differ, in the headline."""
    if not e.subgroups:
        return ""
    parts = [f"{r['level']}: {_fmt(r['estimate'], q.precision)} ({_fmt(r['ci_low'], q.precision)} to "
             f"{_fmt(r['ci_high'], q.precision)})" for r in e.subgroups[:8]]
    text = f" By {e.subgroups[0]['subgroup']}: " + "; ".join(parts) + "."
    test = heterogeneity_test(e.subgroups)
    if test is not None:
        qstat, dof, p = test
        verdict = "the effects differ" if p < 0.05 else "no evidence that the effects differ"
        text += f" Test of equal effects: Q = {qstat:.3g} on {dof} df, p = {p:.3g} ({verdict})."
    return text


def _main_threat(ctx: AnalysisContext, q: Query, refutation: Any) -> str:
    """One line: a declared selected sample, else hidden confounding for observational designs."""
    words = " ".join(part for part in (ctx.description, ctx.question) if part)
    selection = selection_line(words)
    if selection:
        return selection
    design = ctx.results.get("recognise_design")
    observational = design is None or getattr(design, "name", "") == "observational"
    if not observational or ctx.graph_source in ("user", "memory"):
        return ""
    return confounding_line(refutation, q.treatment, q.outcome)


def _direction_conflict(ctx: AnalysisContext, q: Query) -> str:
    """The learned graph orients outcome → treatment against the question's default direction:
    that conflict leads the answer (the number below assumes the default)."""
    graph = ctx.graph
    if graph is None or ctx.graph_source != "discovered" or (q.outcome, q.treatment) not in graph.directed_edges():
        return ""
    return (f"Warning: the graph learned from the data orients {q.outcome} -> {q.treatment} (the outcome causes "
            f"the treatment), against the question's direction; a learned direction can be wrong, but if it is "
            f"right, {q.treatment} has no effect on {q.outcome}. Assuming {q.treatment} comes first: ")


def _confidence_prefix(estimate: EffectResult) -> str:
    """The main threat to the number (an invalid adjustment set the user asked for, a user's
    graph that leaves out likely confounders, poor overlap, residual imbalance > 0.25), on the
    same line."""
    if "valid_alternative" in estimate.details:
        return f"Warning: {estimate.warnings[0]} As asked: "
    if "graph_left_out" in estimate.details:
        return f"Warning: {estimate.warnings[0]} With the graph as given: "
    threat = next((w for w in estimate.warnings if w.startswith("Poor overlap")), None)
    overlap = estimate.details.get("overlap") or {}
    if threat is None and overlap.get("max_abs_weighted_smd", 0.0) > HEADLINE_SMD:
        threat = next((w for w in estimate.warnings if w.startswith("After weighting")), None)
    return f"Low confidence ({threat.rstrip('.')}). " if threat else ""


def _effect_range(ctx: AnalysisContext, q: Query):
    """The IDA result for this question's pair, if one was computed."""
    found = ctx.results.get("effect_range")
    if found is None or (found.treatment, found.outcome) != (q.treatment, q.outcome) or not found.possible_effects:
        return None
    return found


def _range_text(found: Any, q: Query, estimate: EffectResult) -> str:
    """IDA: the range over the parent sets the learned graph cannot rule out."""
    if found.decided:
        return ""
    return (f" Between {_fmt(found.low, q.precision)} and {_fmt(found.high, q.precision)} across the "
            f"{len(found.possible_effects)} graphs the data cannot tell apart (linear adjustment for each "
            f"possible parent set of {q.treatment}, average effect; the headline uses {estimate.method}, "
            f"{estimate.estimand}); {_fmt(estimate.estimate, q.precision)} if the covariates are pre-treatment.")


def _graph_disagreement(ctx: AnalysisContext, q: Query, estimate: EffectResult) -> str:
    """A learned graph with no path T → Y next to an estimate whose interval excludes zero."""
    graph = ctx.graph
    if graph is None or ctx.graph_source != "discovered" or q.treatment not in graph.nodes:
        return ""
    if q.outcome in graph.descendants(q.treatment) or estimate.ci_low <= 0 <= estimate.ci_high:
        return ""
    note = (f"The learned graph has no directed path from {q.treatment} to {q.outcome}, yet the estimate's interval "
            f"excludes zero; an edge missing from a graph learned from {len(ctx.data):,} rows is not evidence of "
            "no effect, so the design-based estimate is reported.")
    ctx.add_warning(note)
    return " " + note


def _refutation_dicts(refutation: Any) -> list[dict[str, Any]]:
    if refutation is None:
        return []
    checks = getattr(refutation, "checks", None) or []
    return [c.to_dict() if hasattr(c, "to_dict") else dict(c) for c in checks]


def compose_counterfactual(ctx: AnalysisContext, q: Query) -> Answer:
    result = ctx.results.get("counterfactual") or ctx.results.get("simulate_intervention")
    if result is None:
        return _missing("fit a structural causal model for the counterfactual")
    data = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    value = _first_number(data, ("counterfactual_mean", "counterfactual", "interventional_mean", "mean", "value"))
    text = (getattr(result, "summary", None) or getattr(result, "explanation", None)
            or (result.sentence() if hasattr(result, "sentence") else None))
    if not text:
        text = "; ".join(f"{k} = {_fmt(v) if isinstance(v, float) else v}" for k, v in data.items()
                         if isinstance(v, (int, float, str)))
    return Answer(_fmt(value, q.precision), value, str(text))


def _first_number(data: dict[str, Any], keys: tuple[str, ...]) -> float | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, (int, float)):
            return float(value)
    return None


def compose_overview(ctx: AnalysisContext, q: Query) -> Answer:
    ranking = ctx.results.get("rank_drivers")
    target = q.subject or q.outcome
    if ctx.graph is None:
        return _missing("learn a causal graph")
    if ranking is None or ranking.target != target:
        return _missing("rank the drivers")
    if not ranking.effects:
        listed = ", ".join(ranking.candidates) or "none"
        return Answer(listed, [], f"Definite causes of {target}: {listed}. No effect could be identified and "
                                  "estimated for them; see the steps.")
    parts = [f"{name}: {_fmt(e.estimate)} (95% CI {_fmt(e.ci_low)} to {_fmt(e.ci_high)})"
             for name, e in ranking.effects.items()]
    value = [{"variable": name, "estimate": e.estimate, "ci_low": e.ci_low, "ci_high": e.ci_high,
              "standardised": ranking.standardised[name]} for name, e in ranking.effects.items()]
    return Answer(", ".join(ranking.effects), value,
                  f"Drivers of {target}, ranked by standardised total effect: " + "; ".join(parts) + ".")


def compose_adjustment(ctx: AnalysisContext, q: Query) -> Answer:
    advice = ctx.results.get("advise_adjustment")
    if advice is None:
        return _missing("judge the variable's role")
    return Answer(advice.answer, advice.verdict.value != "no", f"{advice.answer.capitalize()}: {advice.explanation}")


def _choice_answer(choice: Choice, q: Query, detail: str = "") -> Answer:
    confidence = "" if choice.exact else " (low confidence)"
    return Answer(choice.letter, choice.letter, f"Option {choice.letter}{confidence}: {choice.reason}.{detail}")


_DIRECT = re.compile(r"\bdirect(?:ly)?\b|\bparents?\b|\bchildren\b", re.I)


def compose_neighbour_choice(kind: str) -> Composer:
    """'Which of these is a cause (effect) of X?': the option naming the graph's causes (effects)."""
    what = "the causes of" if kind == "causes" else "the effects of"

    def compose(ctx: AnalysisContext, q: Query) -> Answer:
        if ctx.graph is None:
            return _missing("learn a causal graph")
        direct = bool(_DIRECT.search(q.raw or ""))
        found = causal_neighbours(ctx.graph, kind, q.subject or "", direct)
        return _choice_answer(choose_variables(q.options, found, f"{'direct ' if direct else ''}{what} "
                                                                 f"{q.subject}"), q)
    return compose


def compose_mediator_choice(ctx: AnalysisContext, q: Query) -> Answer:
    if ctx.graph is None:
        return _missing("learn a causal graph")
    found = mediators(ctx.graph, q.treatment or "", q.outcome or "")
    return _choice_answer(choose_variables(q.options, found, f"the mediators of {q.treatment} -> {q.outcome}"), q)


def compose_graph_choice(ctx: AnalysisContext, q: Query) -> Answer:
    if ctx.graph is None:
        return _missing("learn a causal graph")
    choice = choose_diagram(q.options, ctx.graph)
    if choice is None:
        return compose_graph(ctx, q)
    return _choice_answer(choice, q, f" Learned graph: {'; '.join(ctx.graph.edge_list_text()) or 'no edges'}.")


CHOICE_COMPOSERS: dict[QuestionKind, Composer] = {
    QuestionKind.CAUSES_OF: compose_neighbour_choice("causes"),
    QuestionKind.EFFECTS_OF: compose_neighbour_choice("effects"),
    QuestionKind.MEDIATOR: compose_mediator_choice,
    QuestionKind.GRAPH: compose_graph_choice,
}

COMPOSERS: dict[QuestionKind, Composer] = {
    QuestionKind.INDEPENDENCE: compose_independence,
    QuestionKind.DIRECT_CAUSE: compose_direct_cause,
    QuestionKind.CONFOUNDER: _graph_query_answer,
    QuestionKind.COLLIDER: _graph_query_answer,
    QuestionKind.MEDIATOR: _graph_query_answer,
    QuestionKind.CAUSES_OF: _graph_query_answer,
    QuestionKind.EFFECTS_OF: _graph_query_answer,
    QuestionKind.GRAPH: compose_graph,
    QuestionKind.EFFECT: compose_effect,
    QuestionKind.COUNTERFACTUAL: compose_counterfactual,
    QuestionKind.OVERVIEW: compose_overview,
    QuestionKind.ADJUSTMENT: compose_adjustment,
}


def compose_answer(ctx: AnalysisContext, query: Query) -> Answer:
    kind = QuestionKind(query.kind)
    if query.options and kind in CHOICE_COMPOSERS and (kind is not QuestionKind.MEDIATOR or query.subject is None):
        return CHOICE_COMPOSERS[kind](ctx, query)
    return COMPOSERS[kind](ctx, query)
