"""Method and why: which tools ran, which algorithm, test and estimator were chosen, and the reasons."""

from __future__ import annotations

from agent.report import results as R
from agent.report.fmt import cell, num
from agent.report.model import Inputs, Section
from agent.report.wording import TEST_WORDS, algorithm_label

PLANNER_WORDS = {"offline": "the offline expert planner (a fixed, documented policy per question kind)"}


def _discovery_lines(inp: Inputs) -> list[str]:
    ctx = inp.ctx
    found = R.discovery(ctx)
    if found is None:
        if ctx.graph is not None and ctx.graph_source in ("user", "memory"):
            origin = "supplied by the user" if ctx.graph_source == "user" else f"loaded from memory (`{ctx.graph_key}`)"
            return [f"- **Causal graph:** {origin}; it was not learned from the data, so every conclusion drawn "
                    "from it assumes it is right."]
        return []
    selection = R.field(found, "selection")
    algo = algorithm_label(R.field(found, "algorithm") or R.field(selection, "algorithm")) or "?"
    params = R.field(found, "parameters", default={}) or {}
    shown = ", ".join(f"{k} = {v}" for k, v in params.items() if isinstance(v, (str, int, float, bool)))
    lines = [f"- **Causal discovery:** {algo}" + (f" ({shown})" if shown else "") + "."]
    reasons = list((R.field(selection, "reasons") if selection is not None else None)
                   or R.field(found, "reasons", default=[]) or [])
    lines += [f"  - {r}" for r in reasons]
    for alt in (R.field(selection, "alternatives") if selection is not None else None) or []:
        name = alt if isinstance(alt, str) else R.field(alt, "name", "algorithm", default=str(alt))
        why = "" if isinstance(alt, str) else R.field(alt, "reason", "why", default="")
        lines.append(f"  - Considered instead: {name}" + (f" — {why}" if why else "") + ".")
    for warning in R.field(found, "warnings", default=[]) or []:
        lines.append(f"  - Note: {warning}")
    return lines


def _test_lines(inp: Inputs) -> list[str]:
    report = R.independence(inp.ctx)
    if report is None:
        return []
    t = report.primary
    line = f"- **Independence test:** {TEST_WORDS.get(t.test, t.test)} at significance level {num(t.alpha)}"
    return [line + (f" — {t.note}" if t.note else "") + "."]


def _estimator_lines(inp: Inputs) -> list[str]:
    e = inp.result.effect or R.effect(inp.ctx)
    if e is None:
        return []
    reason = e.details.get("method_reason") if isinstance(e.details, dict) else None
    lines = [f"- **Estimator:** {e.method}" + (f" — {reason}" if reason else ".")]
    source = e.details.get("adjustment_source") if isinstance(e.details, dict) else None
    if source:
        lines.append(f"  - Adjustment set taken from {source}.")
    return lines


def _scm_lines(inp: Inputs) -> list[str]:
    r = R.intervention(inp.ctx)
    if r is None:
        return []
    return [f"- **Structural causal model:** {r.model} mechanisms fitted to the graph on {r.n_used:,} rows; "
            f"{r.n_boot} bootstrap refits give the interval ({r.interval})."]


def _refutation_lines(inp: Inputs) -> list[str]:
    r = R.refutation(inp.ctx)
    if r is None:
        return []
    line = f"- **Robustness checks:** {r.simulations} simulated re-runs per check, refitted with {r.refit_method}"
    return [line + (f" ({r.refit_note})" if r.refit_note else "") + "."]


def build(inp: Inputs) -> Section | None:
    lines = _discovery_lines(inp) + _test_lines(inp) + _estimator_lines(inp) + _scm_lines(inp) \
        + _refutation_lines(inp)
    tools = list(dict.fromkeys(s.tool for s in inp.result.steps if s.tool and s.ok))
    planner = PLANNER_WORDS.get(inp.result.planner, f"an LLM planner ({inp.result.planner}) choosing tools step by step")
    took_over = inp.result.details.get("llm_planner")
    if took_over and inp.result.planner == "offline":
        planner = f"an LLM planner ({took_over}) at first, then {planner} when the LLM did not finish"
    if tools:
        lines.append(f"- **Steps:** {cell(' → '.join(tools))}, chosen by {planner} (full trace in the appendix).")
    return Section("Method and why", "\n".join(lines), key="method") if lines else None
