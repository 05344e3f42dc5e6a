"""The ``discover_graph`` tool: learn a causal graph from the data and make it current."""

from __future__ import annotations


from pydantic import Field

from memory.graph import CausalGraph
from memory.store import Provenance
from tools.base import DataError, Tool, ToolArgs, ToolGroup, ToolInputError, ToolOutput
from tools.context import AnalysisContext
from tools.discovery.algorithms import REGISTRY, AlgorithmName, CITest
from tools.discovery.pipeline import DiscoveryResult, discover
from tools.knowledge import Knowledge
from tools.memory_tools import store_graph
from tools.profiling import DataProfile

MAX_LISTED_EDGES = 25



class DiscoverArgs(ToolArgs):
    variables: list[str] | None = Field(None, description="Columns to include; default all usable columns.")
    algorithm: AlgorithmName | None = Field(
        None, description="Leave empty to auto-select from the data profile. Or one of: pc, fci (hidden "
                          "confounders, PAG), cdnod (domain column), ges, boss, boss_local (BOSS for "
                          "many continuous variables), grasp, exact (p<=14), "
                          "direct_lingam, ica_lingam (linear non-Gaussian, DAG).")
    alpha: float | None = Field(None, description="Significance level for pc/fci/cdnod (default by sample size).")
    ci_test: CITest | None = Field(None, description="Independence test for pc/fci/cdnod: fisherz (linear), "
                                                     "chisq/gsq (discrete), kci/rcit (nonlinear, slow).")
    allow_latent: bool = Field(False, description="True if hidden common causes are possible: uses FCI.")
    bootstrap: int = Field(0, ge=0, le=200, description="Bootstrap resamples for edge confidence (0 = off; "
                                                        "20-50 is typical, multiplies the runtime).")
    reason: str = Field("", description="Why you override the automatic choice (recorded).")
    tiers: list[list[str]] | None = Field(
        None, description="Time order stated by the user, earliest first, e.g. [['age', 'sex'], ['treatment'], "
                          "['outcome']]: a later tier never causes an earlier one. Only what the user said.")
    forbidden: list[list[str]] | None = Field(
        None, description="Edges the user ruled out, as [cause, effect] pairs, e.g. [['sales', 'season']].")


def _with_stated_knowledge(ctx: AnalysisContext, args: DiscoverArgs) -> None:
    """Merge tiers and forbidden edges passed with the call into the context's knowledge (stated;
    knowledge the user gave directly comes first)."""
    if not (args.tiers or args.forbidden):
        return
    names = [c for tier in args.tiers or [] for c in tier] + [c for pair in args.forbidden or [] for c in pair]
    ctx.require_columns(*names)
    bad = [pair for pair in args.forbidden or [] if len(pair) != 2 or pair[0] == pair[1]]
    if bad:
        raise ToolInputError(f"forbidden takes [cause, effect] pairs of two different columns; got {bad}.")
    extra = Knowledge(tiers=[list(t) for t in args.tiers or [] if t],
                      forbidden=[(a, b) for a, b in args.forbidden or []], sources=["passed to discover_graph"])
    ctx.knowledge = ctx.knowledge.merged(extra)
    ctx.add_assumption("Knowledge passed to discovery: " + "; ".join(extra.describe()) + ".")


def _profile(ctx: AnalysisContext) -> DataProfile | None:
    profile = ctx.results.get("profile_data")
    if isinstance(profile, DataProfile) and profile.n_rows == len(ctx.data) and \
            profile.n_columns == ctx.data.shape[1]:
        return profile
    return None


def _edge_text(e) -> str:
    """Directed edges read cause --> effect; symmetric ones (---, <->, o-o) list endpoints A-Z."""
    if e.mark_u == e.mark_v and e.u > e.v:
        e = e.reversed()
    conf = f" ({e.confidence:.2f})" if e.confidence is not None else ""
    return e.text() + conf


def summarize(graph: CausalGraph) -> str:
    """'CPDAG with 7 edges (5 directed, 2 undirected): X --> Y; ...'."""
    kinds: dict[str, int] = {}
    for e in graph.edges:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    counts = ", ".join(f"{v} {k}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))
    edges = sorted(_edge_text(e) for e in graph.edges)
    shown = "; ".join(edges[:MAX_LISTED_EDGES])
    more = f"; ... and {len(edges) - MAX_LISTED_EDGES} more" if len(edges) > MAX_LISTED_EDGES else ""
    body = shown + more if edges else "no edges"
    return f"{graph.graph_type.value.upper()} with {len(edges)} edges ({counts or 'none'}): {body}"


def _setting(result: DiscoveryResult) -> str:
    p = result.parameters
    keys = [k for k in ("ci_test", "score", "alpha", "penalty") if k in p]
    inner = ", ".join(f"{p[k]}" if k in ("ci_test", "score") else f"{k}={p[k]}" for k in keys)
    label = REGISTRY[result.selection.algorithm].label
    return f"{label} ({inner})" if inner else label


def _plan_text(selection, n: int, p: int) -> str:
    """What is about to run and for how long, e.g. 'BOSS (local) on 500 variables x 5,000 rows, ~6 s'."""
    secs = selection.estimated_seconds
    when = "under a second" if secs < 1 else f"~{secs:.0f} s" if secs < 120 else f"~{secs / 60:.0f} min"
    return f"{REGISTRY[selection.algorithm].label} on {p} variables x {n:,} rows, estimated {when}"


def _run(ctx: AnalysisContext, args: DiscoverArgs) -> ToolOutput:
    _with_stated_knowledge(ctx, args)
    if args.variables is not None:
        ctx.require_columns(*args.variables)
        if len(set(args.variables)) < 2:
            raise ToolInputError(f"Give at least 2 variables, or omit 'variables'. Columns: {', '.join(ctx.columns)}.")
    try:
        result = discover(ctx.data, profile=_profile(ctx), variables=args.variables,
                          algorithm=args.algorithm.value if args.algorithm else None, alpha=args.alpha,
                          ci_test=args.ci_test.value if args.ci_test else None, allow_latent=args.allow_latent,
                          bootstrap=args.bootstrap, knowledge=ctx.knowledge, seed=ctx.seed,
                          time_budget_s=ctx.time_budget_s, reason=args.reason, keep=tuple(ctx.focus),
                          executor=ctx.open_executor() if args.bootstrap else None,
                          on_selected=lambda selection, n, p: ctx.report_progress(_plan_text(selection, n, p)))
    except DataError:
        raise
    except ValueError as exc:
        raise ToolInputError(str(exc)) from None
    for text in result.warnings:
        ctx.add_warning(text)
    for text in result.assumptions:
        ctx.add_assumption(text)
    prov = Provenance(source="discovered", algorithm=result.algorithm, parameters=result.parameters,
                      data_fingerprint=ctx.data_fingerprint(), seed=ctx.seed,
                      note="; ".join(result.selection.reasons)[:500])
    key = store_graph(ctx, result.graph, prov)
    obs = (f"{_setting(result)} on {len(result.variables)} variables, {result.n_rows} rows: "
           f"{summarize(result.graph)}. Why: {result.selection.reasons[0]}. "
           + (f"Stored as '{key}'." if key else "Not stored (graph memory is not writable)."))
    if result.knowledge_conflicts:
        obs += f" Knowledge conflicts: {'; '.join(result.knowledge_conflicts[:5])}."
    if result.dropped_columns:
        obs += f" Not used: {', '.join(result.dropped_columns)}."
    return ToolOutput(result, obs)


TOOLS = [Tool(
    "discover_graph",
    "Learn a causal graph from the data (cross-sectional rows). By default the algorithm is chosen from the "
    "data profile (LiNGAM for linear non-Gaussian data, CD-NOD with a domain column, BOSS for small continuous "
    "or discrete data, BOSS (local) for many linear continuous variables, PC otherwise, FCI if allow_latent). Undirected edges (---) mean the data cannot "
    "decide the direction. The result becomes the current graph.",
    ToolGroup.DISCOVERY, DiscoverArgs, _run)]
