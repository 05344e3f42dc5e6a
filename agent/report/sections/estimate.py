"""The estimate: a table with the CI, subgroup effects, estimator warnings, and a forest plot
of the main estimate, the subgroups and the robustness checks' re-estimates."""

from __future__ import annotations

from functools import partial
from typing import Any

from agent.report import results as R
from agent.report.figures import CHECK, MAIN, SUBGROUP, ForestRow, forest_plot_png
from agent.report.fmt import cell, is_number, num, p_value, pct, span
from agent.report.model import Figure, Inputs, Section
from agent.report.wording import effect_phrase

CHECK_LABELS = {"placebo_treatment": "placebo treatment (≈ 0 expected)",
                "placebo_outcome": "placebo outcome (≈ 0 expected)",
                "placebo_cutoffs": "placebo cutoffs (≈ 0 expected)",
                "random_common_cause": "with a random common cause",
                "data_subset": "random subsets", "bootstrap": "bootstrap"}


def forest_rows(effect: Any, refutation: Any) -> list:
    """Main estimate, then subgroups, then each check's mean re-estimate (± 2 sd across runs)."""
    rows = [ForestRow("estimate", effect.estimate, effect.ci_low, effect.ci_high, MAIN)]
    for g in effect.subgroups:
        if is_number(g.get("estimate")):
            rows.append(ForestRow(f"{g.get('subgroup')} = {g.get('level')}", g["estimate"], g.get("ci_low"),
                                  g.get("ci_high"), SUBGROUP))
    for c in getattr(refutation, "checks", None) or []:
        if not is_number(c.new_effect):
            continue
        sd = c.details.get("sd") if isinstance(c.details, dict) else None
        low, high = (c.new_effect - 2 * sd, c.new_effect + 2 * sd) if is_number(sd) else (None, None)
        rows.append(ForestRow(CHECK_LABELS.get(c.name, c.name.replace("_", " ")), c.new_effect, low, high, CHECK))
    return rows


def build(inp: Inputs) -> Section | None:
    if inp.result.kind == "overview":
        return None  # per-driver estimates are in the details section
    e = inp.result.effect
    if e is None:
        return None
    if e.strategy == "no_effect":
        note = e.details.get("note") if isinstance(e.details, dict) else ""
        return Section("The estimate", f"**0**, by the graph rather than from the data. {note}".strip(),
                       key="estimate")
    facts = inp.facts.get("effect", {})
    level = pct(e.confidence_level)
    lines = ["| quantity | value |", "|---|---|",
             f"| {cell(effect_phrase(facts).replace('`', ''))} | **{num(e.estimate)}** |",
             f"| {level} confidence interval | {num(e.ci_low)} to {num(e.ci_high)} |"]
    if e.std_error is not None:
        lines.append(f"| standard error | {num(e.std_error)} |")
    if e.p_value is not None:
        lines.append(f"| p-value (no effect) | {p_value(e.p_value).removeprefix('p = ')} |")
    lines += [f"| estimator | {cell(e.method)} |",
              f"| adjusted for | {cell(', '.join(e.adjustment_set) or 'nothing')} |"]
    if e.n is not None:
        lines.append(f"| rows used | {e.n:,} |")
    if e.subgroups:
        lines += ["", "Effect by subgroup:", "", "| subgroup | estimate | CI | rows |", "|---|---|---|---|"]
        for g in e.subgroups:
            lines.append(f"| {cell(g.get('subgroup'))} = {cell(g.get('level'))} | {num(g.get('estimate'))} | "
                         f"{span(g.get('ci_low'), g.get('ci_high'))} | {g.get('n', '')} |")
    if e.warnings:
        lines += ["", "Estimator warnings:"] + [f"- {w}" for w in e.warnings]
    refutation = R.refutation(inp.ctx)
    rows = forest_rows(e, refutation)
    caption = (f"The estimate with its {level} CI (diamond)"
               + ("; subgroup effects (blue)" if e.subgroups else "")
               + ("; re-estimates from the robustness checks (grey: mean over runs, line = ± 2 sd across runs)"
                  if len(rows) > 1 + len(e.subgroups) else "")
               + ". Dashed line: no effect.")
    figure = Figure("forest", caption, f"Forest plot of the effect of {e.treatment} on {e.outcome}",
                    partial(forest_plot_png, rows, xlabel=f"effect of {e.treatment} on {e.outcome}"))
    return Section("The estimate", "\n".join(lines), key="estimate", figures=[figure])

