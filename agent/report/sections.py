"""Report sections, each built from the result and the typed tool results in the context.
A builder returns None when its section does not apply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from agent.report.report import Section

if TYPE_CHECKING:
    from agent.result import AnalysisResult
    from tools.context import AnalysisContext

SectionBuilder = Callable[["AnalysisResult", "AnalysisContext"], Section | None]

NOTATION = {
    "dag": "Every edge A --> B means A directly causes B.",
    "cpdag": "A --> B: A directly causes B. A --- B: the data cannot tell the direction (both fit equally well).",
    "pag": "A --> B: A causes B. A <-> B: a hidden common cause. A o-> B / A o-o B: the circle end is undetermined.",
    "admg": "A --> B: A directly causes B. A <-> B: A and B share an unobserved common cause.",
}


def _num(x: Any) -> str:
    if x is None:
        return "n/a"
    x = float(x)
    return f"{x:.4g}" if abs(x) < 1e4 else f"{x:,.0f}"


def answer_section(result: "AnalysisResult", ctx: "AnalysisContext") -> Section:
    lines = [f"**Question:** {result.question or '(given as arguments)'}", "",
             f"**Short answer:** {result.answer}", "", result.explanation]
    if result.degraded:
        lines += ["", "_The LLM was unavailable; the offline planner produced this answer._"]
    return Section("Answer", "\n".join(lines))


def data_section(result: "AnalysisResult", ctx: "AnalysisContext") -> Section:
    df = ctx.data
    lines = [f"{len(df):,} rows × {df.shape[1]} columns analysed: {', '.join(map(str, df.columns))}."]
    missing = {c: float(df[c].isna().mean()) for c in df.columns if df[c].isna().any()}
    if missing:
        lines.append("Missing values: " + ", ".join(f"{c} {v:.1%}" for c, v in missing.items()) + ".")
    profile = ctx.results.get("profile_data")
    findings = getattr(profile, "findings", None) or []
    for f in findings[:8]:
        text = getattr(f, "text", None) or str(f)
        lines.append(f"- {text}")
    return Section("Data", "\n".join(lines))


def method_section(result: "AnalysisResult", ctx: "AnalysisContext") -> Section | None:
    discovery = ctx.results.get("discover_graph")
    lines = []
    if discovery is not None:
        algo = getattr(discovery, "algorithm", "?")
        params = getattr(discovery, "parameters", {}) or {}
        lines.append(f"Causal discovery with **{algo}** ({', '.join(f'{k}={v}' for k, v in params.items())}).")
        selection = getattr(discovery, "selection", None)
        reasons = getattr(selection, "reasons", None) or getattr(discovery, "reasons", None) or []
        lines += [f"- {r}" for r in reasons]
    elif ctx.graph_source in ("user", "memory"):
        lines.append(f"The causal graph was supplied by the user ({ctx.graph_source}"
                     f"{', key ' + ctx.graph_key if ctx.graph_key else ''}); it was not learned from the data.")
    tools_used = [s.tool for s in result.steps if s.tool and s.ok]
    if tools_used:
        lines.append(f"Tools used, in order: {', '.join(dict.fromkeys(tools_used))}. Planner: {result.planner}.")
    return Section("Method", "\n".join(lines)) if lines else None


def graph_section(result: "AnalysisResult", ctx: "AnalysisContext") -> Section | None:
    graph = ctx.graph
    if graph is None:
        return None
    lines = [f"{graph.graph_type.value.upper()} over {len(graph.nodes)} variables"
             f"{' (stored as `' + ctx.graph_key + '`)' if ctx.graph_key else ''}. "
             + NOTATION.get(graph.graph_type.value, ""), ""]
    for edge in sorted(graph.edges, key=lambda e: (e.lag, e.u, e.v)):
        conf = f" (bootstrap confidence {edge.confidence:.0%})" if edge.confidence is not None else ""
        lines.append(f"- `{edge.text()}`{conf}")
    if not graph.edges:
        lines.append("- no edges")
    if graph.latent:
        lines.append(f"\nUnobserved (latent) variables: {', '.join(sorted(graph.latent))}.")
    return Section("Causal graph", "\n".join(lines))


def identification_section(result: "AnalysisResult", ctx: "AnalysisContext") -> Section | None:
    estimand = ctx.results.get("identify_effect")
    if estimand is None:
        return None
    if not estimand.identifiable:
        return Section("Identification", f"**Not identifiable.** {estimand.reason}")
    strategy = getattr(estimand.strategy, "value", estimand.strategy)
    lines = [f"Strategy: **{strategy}**."]
    if estimand.adjustment_set or strategy == "backdoor":
        lines.append(f"Adjustment set: {{{', '.join(estimand.adjustment_set)}}}.")
    if estimand.mediators:
        lines.append(f"Front-door mediators: {{{', '.join(estimand.mediators)}}}.")
    if estimand.instruments:
        lines.append(f"Instruments: {{{', '.join(estimand.instruments)}}}.")
    if estimand.formula:
        lines.append(f"Estimand: `{estimand.formula}`")
    if estimand.reason:
        lines.append(estimand.reason)
    return Section("Identification", "\n".join(lines))


def estimate_section(result: "AnalysisResult", ctx: "AnalysisContext") -> Section | None:
    e = result.effect
    if e is None:
        return None
    lines = [f"| quantity | value |", "|---|---|",
             f"| {e.estimand} of {e.treatment} on {e.outcome} | {_num(e.estimate)} |",
             f"| 95% confidence interval | {_num(e.ci_low)} to {_num(e.ci_high)} |",
             f"| method | {e.method} |",
             f"| adjustment set | {{{', '.join(e.adjustment_set)}}} |"]
    if e.std_error is not None:
        lines.append(f"| standard error | {_num(e.std_error)} |")
    if e.n is not None:
        lines.append(f"| rows used | {e.n:,} |")
    return Section("Effect estimate", "\n".join(lines))


def refutation_section(result: "AnalysisResult", ctx: "AnalysisContext") -> Section | None:
    report = ctx.results.get("refute_effect")
    if report is None:
        return None
    lines = []
    summary = getattr(report, "summary", "")
    if summary:
        lines.append(summary)
    for check in getattr(report, "checks", []) or []:
        d = check.to_dict() if hasattr(check, "to_dict") else dict(check)
        mark = "passed" if d.get("passed") else "did not pass"
        lines.append(f"- **{d.get('name')}** ({mark}): {d.get('summary', '')}")
    return Section("Robustness checks", "\n".join(lines)) if lines else None


def assumptions_section(result: "AnalysisResult", ctx: "AnalysisContext") -> Section | None:
    lines = [f"- {a}" for a in result.assumptions]
    if result.warnings:
        lines += ["", "**Caveats and data notes:**"] + [f"- {w}" for w in result.warnings]
    if result.kind == "effect" and result.effect is not None:
        lines += ["", "An estimate is only as good as the graph behind it: if a common cause of treatment "
                      "and outcome is missing from the data, the number is biased (see the sensitivity check)."]
    return Section("Assumptions and limitations", "\n".join(lines)) if lines else None


def appendix_section(result: "AnalysisResult", ctx: "AnalysisContext") -> Section:
    lines = ["| # | tool | arguments | observation | s |", "|---|---|---|---|---|"]
    for s in result.steps:
        args = ", ".join(f"{k}={v}" for k, v in s.arguments.items())
        obs = s.observation.replace("|", "\\|").replace("\n", " ")[:300]
        lines.append(f"| {s.index} | {s.tool or '—'} | {args.replace('|', '/')} | {obs} | {s.duration_s:.2f} |")
    lines.append(f"\nSeed: {result.seed}. Planner: {result.planner}.")
    return Section("Appendix: steps", "\n".join(lines))


SECTION_BUILDERS: list[SectionBuilder] = [
    answer_section, data_section, method_section, graph_section, identification_section,
    estimate_section, refutation_section, assumptions_section, appendix_section,
]
