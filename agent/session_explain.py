"""Answer "why did you pick that method?" from what the last analysis recorded: the
discovery selector's reasons, the identification strategy, the estimator and the planner's
step thoughts. Nothing new is computed, and nothing is invented: every line quotes a tool
result or a recorded step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.result import AnalysisResult

MAX_ASSUMPTIONS = 4
EXPLAINED_TOOLS = ("discover_graph", "load_graph", "identify_effect", "estimate_effect", "refute_effect")


@dataclass
class GraphOrigin:
    """Where a reused graph came from: its stored provenance, the edits made in the
    conversation, and the earlier analysis that learned a graph on this dataset."""

    provenance: Any = None  # memory.store.Provenance | None
    edits: list[str] = field(default_factory=list)
    learned_in: "AnalysisResult | None" = None


def explain_choices(result: "AnalysisResult", origin: GraphOrigin | None = None) -> str:
    """Markdown explaining the method choices of ``result`` (``origin``: see GraphOrigin)."""
    tools = result.details.get("tool_results") or {}
    lines = [f"**How I answered** “{result.question or result.kind}” (planner: {result.planner}):", ""]
    lines += _graph_lines(result, tools, origin)
    lines += _identification_lines(tools.get("identify_effect"))
    lines += _estimation_lines(tools.get("estimate_effect"), result)
    thoughts = [f"- step {s.index} `{s.tool}`: {s.thought}" for s in result.steps
                if s.tool in EXPLAINED_TOOLS and s.thought]
    if thoughts:
        lines += ["", "Planner reasoning, step by step:", *thoughts]
    if result.assumptions:
        lines += ["", "This relies on:", *[f"- {a}" for a in result.assumptions[:MAX_ASSUMPTIONS]]]
        if len(result.assumptions) > MAX_ASSUMPTIONS:
            lines.append(f"- … {len(result.assumptions) - MAX_ASSUMPTIONS} more in the report")
    return "\n".join(lines).strip()


def _graph_lines(result: "AnalysisResult", tools: dict[str, Any], origin: GraphOrigin | None) -> list[str]:
    discovery = tools.get("discover_graph")
    if discovery is not None:
        return _discovery_lines(discovery)
    if result.graph is None:
        return ["- **Graph**: this question did not need a causal graph."]
    key = f" `{result.graph_key}`" if result.graph_key else ""
    lines = [f"- **Graph**: reused the conversation's graph{key}; it was not learned in this analysis."]
    if origin is None:
        return lines
    prov = origin.provenance
    if prov is not None:
        lines.append(f"  - stored as: source={prov.source}, algorithm={prov.algorithm or 'n/a'}"
                     + (f", {prov.note}" if prov.note else ""))
    lines += [f"  - edited by you: {e}" for e in origin.edits]
    learned = origin.learned_in
    if learned is not None:
        earlier = (learned.details.get("tool_results") or {}).get("discover_graph") or {}
        lines.append(f"  - the graph was learned earlier (for “{learned.question or learned.kind}”):")
        lines += ["  " + line for line in _discovery_lines(earlier)]
    return lines


def _discovery_lines(discovery: dict[str, Any]) -> list[str]:
    algo = discovery.get("algorithm") or (discovery.get("selection") or {}).get("algorithm") or "?"
    params = discovery.get("parameters") or {}
    shown = ", ".join(f"{k}={v}" for k, v in params.items() if not isinstance(v, (dict, list)))
    lines = [f"- **Discovery algorithm: {algo}**" + (f" ({shown})" if shown else "")]
    selection = discovery.get("selection") or {}
    reasons = list(selection.get("reasons") or discovery.get("reasons") or [])
    lines += [f"  - {r}" for r in reasons]
    for alt in selection.get("alternatives") or []:
        lines.append(f"  - alternative considered: {alt if isinstance(alt, str) else alt.get('name', alt)}")
    return lines


def _identification_lines(ident: dict[str, Any] | None) -> list[str]:
    if not ident:
        return []
    strategy = ident.get("strategy", "?")
    if not ident.get("identifiable", True):
        return [f"- **Identification**: not identifiable — {ident.get('reason', '')}".rstrip(" —")]
    adjust = ident.get("adjustment_set") or []
    line = f"- **Identification: {strategy}**"
    if adjust or strategy == "backdoor":
        line += f", adjusting for {{{', '.join(adjust)}}}"
    if ident.get("reason"):
        line += f" — {ident['reason']}"
    return [line]


def _estimation_lines(est: dict[str, Any] | None, result: "AnalysisResult") -> list[str]:
    if not est:
        return []
    details = est.get("details") or {}
    reason = (details.get("method_reason") or details.get("reason") or details.get("why")
              or est.get("method_reason") or "")
    line = (f"- **Estimator: {est.get('method', '?')}** ({est.get('estimand', 'effect')}; "
            f"{est.get('treatment')} → {est.get('outcome')})")
    lines = [line + (f" — {reason}" if reason else "")]
    if result.effect is not None and result.effect.adjustment_set:
        lines.append(f"  - adjustment set used: {{{', '.join(result.effect.adjustment_set)}}}")
    return lines
