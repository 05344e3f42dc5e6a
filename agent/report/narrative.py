"""The narrative paragraphs (summary and insights) written offline from the facts.

One summary writer and one insight writer per question kind, held in registries. They use
only the facts (``agent.report.facts``), so their text passes the grounding checker by
construction (a test holds them to it). Insights are careful: they say what a number
means and what would change it, never more than the analysis shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from agent.report.fmt import ci, is_number, num, p_value, pct, plural, sentence, signed, var, var_list
from agent.report.wording import (TEST_WORDS, effect_sentence, excludes_zero, graph_counts, graph_origin,
                                  meaning_sentence, query_verdict)

Facts = dict[str, Any]
SummaryWriter = Callable[[Facts], str]
InsightWriter = Callable[[Facts], list[str]]


@dataclass
class Narrative:
    """The narrative parts of a report and how they were written (``source``: 'template' or 'llm')."""

    summary: str
    insights: list[str]
    source: str = "template"
    notes: list[str] = field(default_factory=list)
    llm_calls: int = 0
    tokens: int = 0


# ------------------------------------------------------------------ summaries
def _effect_summary(f: Facts) -> str:
    ident = f.get("identification", {})
    e = f.get("effect")
    q = f.get("question", {})
    x, y = var(q.get("treatment")), var(q.get("outcome"))
    if ident.get("strategy") == "no_effect" or (e or {}).get("strategy") == "no_effect":
        return (f"The graph has no directed path from {x} to {y}, so it implies that {x} has **no causal effect** "
                f"on {y}: the zero comes from the graph, not from an estimate, and is only as good as the graph.")
    if e:
        parts = [effect_sentence(e), meaning_sentence(e)]
        groups = [g for g in e.get("subgroups", []) if is_number(g.get("estimate"))]
        if groups:
            parts.append(f"By {var(groups[0].get('subgroup'))}: " + "; ".join(
                f"{g.get('level')} {num(g['estimate'])} ({ci(g.get('ci_low'), g.get('ci_high'))})"
                for g in groups[:8]) + ".")
        r = f.get("refutation")
        if r:
            parts.append(_robustness_sentence(r))
        return " ".join(p for p in parts if p)
    if ident and not ident.get("identifiable", True):
        return (f"The effect of {x} on {y} is **not identifiable** from these data and this graph. "
                f"{sentence(ident.get('reason', ''))} No number is reported: any number would rest on assumptions "
                "the data cannot check.").replace("  ", " ")
    return _fallback_summary(f)


def _robustness_sentence(r: Facts) -> str:
    passed, applicable = r.get("checks_passed", 0), r.get("checks_applicable", 0)
    failed = [c["name"].replace("_", " ") for c in r.get("checks", []) if c.get("passed") is False]
    text = f"It passed {passed} of {applicable} robustness checks"
    text += f" (failed: {', '.join(failed)})." if failed else "."
    s = r.get("sensitivity", {})
    k, cov = s.get("times_strongest_covariate_to_explain_away"), s.get("strongest_covariate")
    if is_number(k) and cov:
        text += (f" To explain it away, an unobserved confounder would have to be {num(k, 2)} times as strong as "
                 f"{var(cov)}, the strongest observed covariate.")
    elif is_number(s.get("e_value")):
        text += (f" To explain it away, an unobserved confounder would need a risk ratio of "
                 f"{num(s['e_value'], 3)} with both treatment and outcome (E-value).")
    return text


def _independence_summary(f: Facts) -> str:
    tests = f.get("independence")
    if not tests:
        return _fallback_summary(f)
    t = tests[0]
    given = f" given {var_list(t.get('given', []))}" if t.get("given") else ""
    test = TEST_WORDS.get(t.get("test"), t.get("test"))
    if t.get("independent"):
        verdict = (f"The data show **no evidence of dependence** between {var(t['x'])} and {var(t['y'])}{given} "
                   f"({test}, {p_value(t.get('p_value'))}, n = {t.get('n')}, significance level "
                   f"{num(t.get('alpha'))}). That is consistent with independence but does not prove it.")
    else:
        verdict = (f"{var(t['x'])} and {var(t['y'])} are **dependent**{given} ({test}, {p_value(t.get('p_value'))}, "
                   f"n = {t.get('n')}, significance level {num(t.get('alpha'))}).")
    if t.get("reliable") is False:
        verdict += " The test had little information, so treat it as unreliable."
    return verdict


def _graph_query_summary(f: Facts) -> str:
    q, g = f.get("graph_query"), f.get("graph", {})
    if not q:
        return _fallback_summary(f)
    answer = q.get("answer")
    if isinstance(answer, list) or q.get("query") in ("causes_of", "effects_of", "parents", "children",
                                                       "ancestors", "descendants"):
        who = var(q.get("arguments", {}).get("y") or q.get("arguments", {}).get("x"))
        noun = {"causes_of": "causes (direct or indirect)", "ancestors": "causes (direct or indirect)",
                "parents": "direct causes", "children": "direct effects"}.get(q.get("query"),
                                                                             "effects (direct or indirect)")
        text = f"Definite {noun} of {who} in {graph_origin(g)}: {var_list(q.get('definite', []))}."
        if q.get("possible"):
            text += (f" Possibly also {var_list(q['possible'], 'or')}: edges whose direction the data leave open "
                     "could make them so.")
        return text
    head = {True: "**Yes.**", False: "**No.**", None: "**Uncertain.**"}.get(answer, "**Uncertain.**")
    verdict = query_verdict(q.get("query", ""), q.get("arguments", {}), answer)
    evidence = str(q.get("explanation", "")).strip().rstrip(".")
    origin = graph_origin(g)
    return " ".join(p for p in (head, verdict, f"In {origin}: {evidence}." if evidence else f"Read from {origin}.")
                    if p)


def _graph_summary(f: Facts) -> str:
    g = f.get("graph")
    if not g:
        return _fallback_summary(f)
    counts = graph_counts(g.get("edges", []))
    total = len(g.get("edges", []))
    parts = [f"{'all ' if counts['directed'] == total and total > 1 else ''}{counts['directed']} directed"]
    for kind, word in (("undirected", "undirected (direction open)"), ("bidirected", "bidirected (hidden common "
                       "cause)"), ("partial", "with an undetermined end")):
        if counts[kind]:
            parts.append(f"{counts[kind]} {word}")
    origin = graph_origin(g)
    text = (f"{origin[0].upper() + origin[1:]} connects {plural(g.get('nodes', 0), 'variable')} with "
            f"{plural(len(g.get('edges', [])), 'edge')}: {', '.join(parts)}.")
    conf = [e for e in g.get("edges", []) if is_number(e.get("confidence"))]
    if conf:
        weak = [e for e in conf if e["confidence"] < 0.5]
        text += (f" Bootstrap resampling found {plural(len(conf) - len(weak), 'edge')} in at least half of the "
                 f"resamples and {plural(len(weak), 'edge')} in fewer.")
    return text


def _intervention_summary(f: Facts) -> str:
    r = f.get("intervention")
    if not r:
        return _fallback_summary(f)
    do = "do(" + ", ".join(f"{k} = {num(v)}" for k, v in r.get("intervention", {}).items()) + ")"
    target = var(r.get("target"))
    if "counterfactual" in r:
        who = (f"row {r['row']}" if "row" in r else "the given unit" if r.get("kind") == "unit"
               else f"the {r.get('n_used')} units on average")
        return (f"Under {do}, {target} for {who} would have been **{num(r.get('counterfactual'))}** "
                f"({ci(r.get('ci_low'), r.get('ci_high'))}) instead of {num(r.get('factual'))}: a change of "
                f"{signed(r.get('change'))} ({ci(r.get('change_ci_low'), r.get('change_ci_high'))}), from a "
                f"{r.get('model')} structural causal model fitted to the graph.")
    return (f"Under {do}, the mean of {target} would be **{num(r.get('mean'))}** ({ci(r.get('ci_low'), r.get('ci_high'))}) "
            f"against {num(r.get('observational_mean'))} observed: a change of {signed(r.get('contrast'))} "
            f"({ci(r.get('contrast_ci_low'), r.get('contrast_ci_high'))}), from a {r.get('model')} structural "
            "causal model fitted to the graph.")


def _overview_summary(f: Facts) -> str:
    rows = f.get("overview")
    q = f.get("question", {})
    target = var(q.get("subject") or q.get("outcome"))
    if not rows:
        return _fallback_summary(f)
    names = var_list([r["variable"] for r in rows])
    strengths = ", ".join(num(r.get("standardised"), 3) for r in rows)
    top = rows[0]
    return (f"The drivers of {target} with an identifiable effect, strongest first: {names} (standardised total "
            f"effects {strengths}: the change in {target}, in standard deviations, when the driver rises by one "
            f"standard deviation). The strongest, {var(top['variable'])}, changes {target} by "
            f"{num(top.get('estimate'))} per unit ({ci(top.get('ci_low'), top.get('ci_high'))}).")


def _fallback_summary(f: Facts) -> str:
    q = f.get("question", {})
    return f"Answer: **{q.get('short_answer', 'uncertain')}**. {q.get('explanation', '')}".strip()


SUMMARY_WRITERS: dict[str, SummaryWriter] = {
    "effect": _effect_summary, "independence": _independence_summary,
    "direct_cause": _graph_query_summary, "confounder": _graph_query_summary, "collider": _graph_query_summary,
    "mediator": _graph_query_summary, "causes_of": _graph_query_summary, "effects_of": _graph_query_summary,
    "graph": _graph_summary, "counterfactual": _intervention_summary, "overview": _overview_summary,
}


# ------------------------------------------------------------------ insights
def _graph_caveats(f: Facts) -> list[str]:
    g = f.get("graph")
    if not g or g.get("source") in ("user", "memory"):
        return []
    out = []
    open_edges = [e["edge"] for e in g.get("edges", []) if " --> " not in e["edge"]]
    if open_edges:
        one = len(open_edges) == 1
        listed = ", ".join(f"`{e}`" for e in open_edges[:4])
        kind = f.get("question", {}).get("kind")
        consequence = ("this answer holds whichever way it points, but orienting it would make the graph more "
                       "informative" if _settled(f) else "until then the graph keeps both directions open"
                       if kind == "graph" else "orienting it could change the answer")
        if not one:
            consequence = consequence.replace("it points", "they point").replace("orienting it", "orienting them")
        out.append(f"{plural(len(open_edges), 'edge')} of the learned graph {'is' if one else 'are'} not fully "
                   f"oriented ({listed}). Background knowledge (e.g. which variables come first in time) would "
                   f"settle {'its direction' if one else 'their directions'}; {consequence}.")
    weak = [e for e in g.get("edges", []) if is_number(e.get("confidence")) and e["confidence"] < 0.5]
    if weak:
        listed = ", ".join("`" + e["edge"] + "`" for e in weak[:4])
        out.append(f"Some edges are unstable under resampling ({listed}, "
                   "in fewer than half of the bootstrap graphs): conclusions that depend on them are tentative.")
    return out


def _settled(f: Facts) -> bool:
    """True when the answer holds in every graph the learned equivalence class stands for."""
    kind = f.get("question", {}).get("kind")
    if kind == "effect":
        return "effect" in f or f.get("identification", {}).get("strategy") == "no_effect"
    if kind in ("direct_cause", "confounder", "collider", "mediator"):
        return f.get("graph_query", {}).get("answer") in (True, False)
    if kind in ("causes_of", "effects_of", "overview"):
        return not f.get("graph_query", {}).get("possible")
    return False


def _effect_insights(f: Facts) -> list[str]:
    e, r, ident = f.get("effect"), f.get("refutation"), f.get("identification", {})
    if not e:
        if ident and not ident.get("identifiable", True):
            return [*_identifiability_hints(f), *_graph_caveats(f)]
        return _graph_caveats(f)
    if e.get("strategy") == "no_effect":
        return [f"Nothing was estimated: if the graph misses an arrow that carries an effect from "
                f"{var(e.get('treatment'))} to {var(e.get('outcome'))}, the true effect could differ from zero. "
                "Check the graph's edges (and their bootstrap stability) before relying on it.", *_graph_caveats(f)]
    n = f"{e['n']:,}" if isinstance(e.get("n"), int) else "the"
    out = [f"The number is an average over {n} rows, not a prediction for any single unit, and it is causal only "
           "under the assumptions stated in this report."]
    adjust = e.get("adjustment_set") or []
    s = (r or {}).get("sensitivity", {})
    if e.get("strategy") in ("backdoor", "randomized"):
        text = ("What would change it: a common cause of treatment and outcome that is missing from the data. ")
        if adjust:
            text += f"The adjustment for {var_list(adjust)} handles only the confounding the graph shows."
        else:
            text += "The graph shows no confounding, so nothing was adjusted for."
        if is_number(s.get("robustness_value")):
            text += (f" Confounders explaining {pct(s['robustness_value'])} of the residual variance of both "
                     "treatment and outcome would be needed to erase it.")
        out.append(text)
    if excludes_zero(e) is False:
        out.append("The interval includes zero: more data, or a stronger design (randomisation, an instrument), "
                   "is needed before acting on the sign of the effect.")
    failed = [c for c in (r or {}).get("checks", []) if c.get("passed") is False]
    for c in failed:
        out.append(f"The {c['name'].replace('_', ' ')} check failed: {c.get('summary', '')} Resolve this before "
                   "relying on the estimate.")
    subgroups = [g for g in e.get("subgroups", []) if is_number(g.get("estimate"))]
    if subgroups:
        lo = min(subgroups, key=lambda g: g["estimate"])
        hi = max(subgroups, key=lambda g: g["estimate"])
        out.append(f"The effect varies across {var(lo.get('subgroup'))}: from {num(lo['estimate'])} "
                   f"({lo.get('level')}) to {num(hi['estimate'])} ({hi.get('level')}).")
    if "linear" in str(e.get("method", "")) and str(e.get("estimand", "")).startswith("effect of"):
        out.append("The estimate assumes a straight-line dose-response; if the effect differs across the range of "
                   f"{var(e.get('treatment'))}, a flexible estimator (method='dml') or subgroup estimates would "
                   "show it.")
    return out + _graph_caveats(f)


def _identifiability_hints(f: Facts) -> list[str]:
    counts = graph_counts(f.get("graph", {}).get("edges", []))
    hints = []
    if counts["undirected"] or counts["partial"]:
        hints.append("Background knowledge that orients the open edges (which variables come first in time, or "
                     "which directions are impossible) may make the effect identifiable: pass it as knowledge and "
                     "ask again.")
    if counts["bidirected"] or counts["partial"] or f.get("graph", {}).get("latent"):
        hints.append("A hidden common cause blocks identification: measuring it, a valid instrument (a variable "
                     "that moves the treatment but affects the outcome only through it) or mediators that carry "
                     "the whole effect would make it identifiable.")
    return hints or ["A different design (randomisation, an instrument) or a graph with more known structure "
                     "would be needed to identify the effect."]


def _independence_insights(f: Facts) -> list[str]:
    tests = f.get("independence") or []
    out = ["Dependence is not causation: a dependence can come from a common cause, and an independence test "
           "says nothing about direction."]
    if tests and tests[0].get("independent"):
        out.append("No evidence of dependence is not proof of independence: a weak or nonlinear relation can "
                   "escape the test, especially with few rows.")
    out.append("Conditioning on a different set of variables can change the answer; conditioning on a common "
               "effect (a collider) can even create a dependence.")
    return out


def _graph_query_insights(f: Facts) -> list[str]:
    q = f.get("graph_query", {})
    out = []
    if q.get("answer") is None and not isinstance(q.get("answer"), list):
        out.append("The graph leaves this open. Background knowledge that fixes the direction of the open edges "
                   "(required or forbidden edges, or a time order of the variables) would settle it.")
    out.append("This is read from a causal graph, so it is as reliable as the graph: check its edges against "
               "what you know about the domain before acting on it.")
    return out + _graph_caveats(f)


def _graph_insights(f: Facts) -> list[str]:
    return ["Treat the learned graph as a hypothesis to check with domain knowledge, not as a finding: it "
            "assumes no hidden common causes unless it is a PAG, and it can miss weak or nonlinear links.",
            *_graph_caveats(f)]


def _intervention_insights(f: Facts) -> list[str]:
    r = f.get("intervention", {})
    out = [f"The answer comes from a {r.get('model', 'fitted')} structural causal model: it assumes every "
           "relation has the shape that model allows and that the graph is right.",
           "Values far outside the observed range are extrapolations; the interval does not cover that risk."]
    if "counterfactual" in r and r.get("kind") == "unit":
        out.append("A unit-level counterfactual also assumes that the unit's unexplained variation would stay the "
                   "same under the intervention.")
    return out + _graph_caveats(f)


def _overview_insights(f: Facts) -> list[str]:
    return ["The ranking compares standardised effects; each raw effect is in its driver's own units, so compare "
            "the raw numbers only between drivers measured on the same scale.",
            "Only definite causes were estimated; variables joined to the target by an undirected edge may also "
            "be drivers.", *_graph_caveats(f)]


INSIGHT_WRITERS: dict[str, InsightWriter] = {
    "effect": _effect_insights, "independence": _independence_insights,
    "direct_cause": _graph_query_insights, "confounder": _graph_query_insights,
    "collider": _graph_query_insights, "mediator": _graph_query_insights, "causes_of": _graph_query_insights,
    "effects_of": _graph_query_insights, "graph": _graph_insights, "counterfactual": _intervention_insights,
    "overview": _overview_insights,
}


def template_narrative(facts: Facts) -> Narrative:
    """The offline narrative for the facts' question kind."""
    kind = facts.get("question", {}).get("kind", "")
    summary = SUMMARY_WRITERS.get(kind, _fallback_summary)(facts)
    insights = INSIGHT_WRITERS.get(kind, lambda f: [])(facts)
    return Narrative(summary=summary, insights=insights, source="template")
