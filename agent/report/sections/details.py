"""Details of the answer for the kinds whose result is not an effect estimate: independence
tests, graph queries, interventions/counterfactuals and the overview's ranked drivers.
One builder per kind, held in a registry."""

from __future__ import annotations

from functools import partial
from typing import Callable

from agent.report import results as R
from agent.report.fmt import cell, num, p_value, signed, span, var_list
from agent.report.figures import MAIN, REFERENCE, SUBGROUP, ForestRow, forest_plot_png
from agent.report.model import Figure, Inputs, Section
from agent.report.wording import TEST_WORDS

DetailBuilder = Callable[[Inputs], "Section | None"]
TITLE = "Details of the answer"


def independence(inp: Inputs) -> Section | None:
    report = R.independence(inp.ctx)
    if report is None:
        return None
    lines = ["| test | statistic | p-value | rows | verdict |", "|---|---|---|---|---|"]
    for t in report.results:
        given = f" given {', '.join(t.conditioning)}" if t.conditioning else ""
        verdict = ("no evidence of dependence" if t.independent else "dependent") + ("" if t.reliable else
                                                                                     " (unreliable)")
        stat = num(t.statistic) + (f" (df {num(t.dof)})" if t.dof is not None else "")
        lines.append(f"| {cell(t.x)} ⫫ {cell(t.y)}{cell(given)}? {cell(TEST_WORDS.get(t.test, t.test))} | {stat} | "
                     f"{p_value(t.p_value).removeprefix('p = ')} | {t.n_used:,} | {verdict} |")
    lines += ["", f"The null hypothesis is independence; it is rejected when p < {num(report.primary.alpha)}. "
                  "The method section says why this test was chosen."]
    return Section(TITLE, "\n".join(lines), key="details")


def graph_query(inp: Inputs) -> Section | None:
    q = R.graph_query(inp.ctx)
    if q is None:
        return None
    if not (isinstance(q.answer, list) or q.definite or q.possible):
        return None  # a yes/no query: the summary already gives the verdict and the evidence
    lines = [f"- Definite: {var_list(q.definite)}",
             f"- Possible (depends on edges whose direction is undecided): {var_list(q.possible)}",
             "", f"From the graph query `{q.query}`: {q.explanation}."]
    return Section(TITLE, "\n".join(lines), key="details")


def intervention(inp: Inputs) -> Section | None:
    r = R.intervention(inp.ctx)
    if r is None:
        return None
    do = "do(" + ", ".join(f"{k} = {num(v)}" for k, v in r.intervention.items()) + ")"
    if hasattr(r, "counterfactual"):
        lines = ["| quantity | value | 95% interval |", "|---|---|---|",
                 f"| observed {cell(r.target)} | {num(r.factual)} | |",
                 f"| {cell(r.target)} under {cell(do)} | **{num(r.counterfactual)}** | {span(r.ci_low, r.ci_high)} |",
                 f"| change | {signed(r.change)} | {span(r.change_ci_low, r.change_ci_high)} |"]
        rows = [ForestRow("observed", r.factual, None, None, REFERENCE),
                ForestRow(f"under {do}", r.counterfactual, r.ci_low, r.ci_high, MAIN)]
    else:
        lines = ["| quantity | value | 95% interval |", "|---|---|---|",
                 f"| observed mean of {cell(r.target)} | {num(r.observational_mean)} | |",
                 f"| mean under {cell(do)} | **{num(r.mean)}** | {span(r.ci_low, r.ci_high)} |",
                 f"| change | {signed(r.contrast)} | {span(r.contrast_ci_low, r.contrast_ci_high)} |"]
        rows = [ForestRow("observed mean", r.observational_mean, None, None, REFERENCE),
                ForestRow(f"mean under {do}", r.mean, r.ci_low, r.ci_high, MAIN)]
    lines += [""] + [f"- {n}" for n in [*r.warnings, *r.notes]]
    figure = Figure("intervention", f"{r.target}: observed versus under {do}, with the bootstrap interval.",
                    f"Observed and interventional values of {r.target}",
                    partial(forest_plot_png, rows, xlabel=str(r.target), reference=None))
    return Section(TITLE, "\n".join(lines), key="details", figures=[figure])


def overview(inp: Inputs) -> Section | None:
    rows = inp.facts.get("overview")
    effects = R.overview_effects(inp.ctx)
    if not rows:
        return graph_query(inp)
    target = (inp.result.query or {}).get("subject") or (inp.result.query or {}).get("outcome")
    lines = ["| rank | driver | total effect | 95% CI | standardised | adjusted for |", "|---|---|---|---|---|---|"]
    for i, row in enumerate(rows, 1):
        e = effects.get(row["variable"])
        adjust = ", ".join(e.adjustment_set) if e is not None else ""
        interval = span(row.get("ci_low"), row.get("ci_high"))
        lines.append(f"| {i} | {cell(row['variable'])} | {num(row.get('estimate'))} | {interval} | "
                     f"{num(row.get('standardised'))} | {cell(adjust)} |")
    forest = [ForestRow(str(r["variable"]), r["estimate"], r.get("ci_low"), r.get("ci_high"), SUBGROUP) for r in rows]
    figure = Figure("drivers", f"Total effect of each driver on {target} (per unit of the driver) with its 95% CI.",
                    f"Forest plot of the drivers of {target}",
                    partial(forest_plot_png, forest, xlabel=f"total effect on {target} per unit of the driver"))
    return Section(TITLE, "\n".join(lines), key="details", figures=[figure])


DETAIL_BUILDERS: dict[str, DetailBuilder] = {
    "independence": independence, "direct_cause": graph_query, "confounder": graph_query,
    "collider": graph_query, "mediator": graph_query, "causes_of": graph_query, "effects_of": graph_query,
    "counterfactual": intervention, "overview": overview,
}


def build(inp: Inputs) -> Section | None:
    builder = DETAIL_BUILDERS.get(inp.result.kind)
    return builder(inp) if builder is not None else None
