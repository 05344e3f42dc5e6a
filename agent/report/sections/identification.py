"""Identification: can the effect be computed from the data and graph, how, and the estimand
in words and as a formula."""

from __future__ import annotations

from agent.report import results as R
from agent.report.fmt import sentence, var_list
from agent.report.model import Inputs, Section
from agent.report.wording import STRATEGY_WORDS


def build(inp: Inputs) -> Section | None:
    if inp.result.kind == "overview":
        return None  # per-driver estimates are in the details section
    e = R.estimand(inp.ctx)
    if e is None:
        return _design_section(inp)
    x, y = f"`{e.treatment}`", f"`{e.outcome}`"
    strategy = e.strategy.value
    other_route = R.estimate_overrides_graph(inp.ctx)
    if other_route is not None:
        lines = [f"**Identified by the study design, not by the graph.** The graph alone does not identify the "
                 f"effect of {x} on {y}: {sentence(e.reason)}",
                 "", f"The estimate rests instead on {other_route.method} ({other_route.strategy or 'the design'}); "
                     "its assumptions are listed with the result."]
        return Section("Identification", "\n".join(lines), key="identification")
    if not e.identifiable:
        lines = [f"**Not identifiable.** The effect of {x} on {y} cannot be computed from these data and this graph, "
                 "whatever the estimator.", "", sentence(e.reason)]
        return Section("Identification", "\n".join(l for l in lines if l is not None), key="identification")
    lines = [f"**Identifiable** by {STRATEGY_WORDS.get(strategy, strategy)}."]
    if strategy == "backdoor":
        lines.append(f"In words: the average of {y} if everyone were set to a value of {x}, computed by comparing "
                     f"units with the same {var_list(e.adjustment_set, empty='(nothing to adjust for)')} and "
                     "averaging over how common each such group is.")
    elif strategy == "frontdoor":
        lines.append(f"In words: the effect of {x} on the mediators {var_list(e.mediators)}, chained with the "
                     f"effect of the mediators on {y} (adjusting for {x}).")
    elif strategy == "iv":
        lines.append(f"In words: how much {y} moves with the instrument {var_list(e.instruments)}, divided by how "
                     f"much {x} moves with it.")
    if e.formula:
        lines += ["", f"Estimand: `{e.formula}`"]
    alternatives = {k: v for k, v in (e.alternatives or {}).items() if isinstance(v, list)}
    if alternatives and not e.reason:
        lines += ["", "Valid adjustment sets: " + "; ".join(f"{k}: {{{', '.join(v)}}}" for k, v in alternatives.items())
                  + "."]
    if e.reason:
        lines += ["", e.reason]
    return Section("Identification", "\n".join(lines), key="identification")


def _design_section(inp: Inputs) -> Section | None:
    """Design-first effects: the design, why, and every covariate's role with its evidence."""
    design = inp.ctx.results.get("recognise_design")
    if design is None:
        return None
    lines = [f"**Design: {design.name}.** {design.reason}", "", f"Assumption: {design.assumption}"]
    lines += [f"- {note}" for note in design.notes]
    roles = inp.ctx.results.get("assign_covariate_roles")
    if roles is not None:
        lines += ["", "| column | role | evidence |", "|---|---|---|"]
        lines += [f"| `{r.column}` | {r.role.value.replace('_', ' ')} | {r.evidence} |" for r in roles.roles]
    span = inp.ctx.results.get("effect_range")
    if span is not None and not span.decided and span.possible_effects:
        lines += ["", f"The learned graph leaves {var_list(span.siblings)} unoriented at `{span.treatment}`: "
                      f"across the {len(span.possible_effects)} parent sets it cannot rule out, the (linear) effect "
                      f"ranges from {span.low:.4g} to {span.high:.4g}."]
    return Section("Identification", "\n".join(lines), key="identification")
