"""The appendix: the step trace, parameters, library versions, seed and how the narrative was written.
Durations are left out so that two runs with one seed give the same report."""

from __future__ import annotations

import json
from typing import Any

from agent.report import results as R
from agent.report.fmt import cell
from agent.report.model import Inputs, Section
from agent.report.versions import library_versions

OBSERVATION_CHARS = 400


def _args(arguments: dict[str, Any]) -> str:
    return cell(json.dumps(arguments, ensure_ascii=False, sort_keys=True, default=str)) if arguments else ""


def _parameters(inp: Inputs) -> list[str]:
    rows = []
    found = R.discovery(inp.ctx)
    if found is not None:
        params = R.field(found, "parameters", default={}) or {}
        rows.append(("discovery", f"{R.field(found, 'algorithm', default='?')} {json.dumps(params, default=str, sort_keys=True)}"))
    e = inp.result.effect or R.effect(inp.ctx)
    if e is not None and e.query:
        rows.append(("estimation", json.dumps(e.query, default=str, sort_keys=True)))
    r = R.refutation(inp.ctx)
    if r is not None:
        rows.append(("refutation", f"simulations={r.simulations}, seed={r.seed}, refit={r.refit_method}"))
    t = R.independence(inp.ctx)
    if t is not None:
        rows.append(("independence test", f"{t.primary.test}, alpha={t.primary.alpha}"))
    return [f"| {name} | {cell(value)} |" for name, value in rows]


def build(inp: Inputs) -> Section:
    result = inp.result
    lines = ["### Steps", "", "| # | tool | arguments | observation |", "|---|---|---|---|"]
    for s in result.steps:
        obs = s.observation.strip()
        obs = obs if len(obs) <= OBSERVATION_CHARS else obs[:OBSERVATION_CHARS - 1] + "…"
        status = "" if s.ok else " (error)"
        lines.append(f"| {s.index} | {cell(s.tool or '—')}{status} | {_args(s.arguments)} | {cell(obs)} |")
    params = _parameters(inp)
    if params:
        lines += ["", "### Parameters", "", "| stage | parameters |", "|---|---|", *params]
    narrative = inp.narrative
    llm_calls = result.llm_calls + narrative.llm_calls
    lines += ["", "### Run", "", "| item | value |", "|---|---|",
              f"| seed | {result.seed} |", f"| planner | {cell(result.planner)} |",
              f"| narrative | {cell(' '.join(narrative.notes) or 'written from templates')} |",
              f"| LLM calls | {llm_calls} (planning and parsing: {result.llm_calls}; report: {narrative.llm_calls}) |"]
    if inp.ctx.graph_key:
        lines.append(f"| graph key | {cell(inp.ctx.graph_key)} |")
    lines.append(f"| data fingerprint | {inp.ctx.data_fingerprint()} |")
    lines += ["", "### Library versions", "", "| library | version |", "|---|---|"]
    lines += [f"| {name} | {version} |" for name, version in library_versions().items()]
    return Section("Appendix", "\n".join(lines), key="appendix", collapsible=True)
