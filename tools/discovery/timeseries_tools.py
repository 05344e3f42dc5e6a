"""The ``discover_lagged_graph`` tool: lagged causal discovery on time-ordered data.

Thin shell over ``tools.discovery.timeseries.discover_lagged``: validates arguments,
records warnings and assumptions in the context, stores the graph with provenance.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from pydantic import Field

from memory.store import Provenance
from tools.base import Tool, ToolArgs, ToolGroup, ToolOutput
from tools.context import AnalysisContext
from tools.discovery.timeseries import MAX_LAG_LIMIT, LaggedDiscovery, discover_lagged
from tools.memory_tools import store_graph

MAX_LINKS_SHOWN = 25


class DiscoverLaggedArgs(ToolArgs):
    variables: list[str] | None = Field(None, description="Series to analyse; default: every numeric column "
                                                          "except the time column.")
    time_column: str | None = Field(None, description="Column giving the time order (dates or numbers); it is "
                                                      "sorted on and not analysed. Default: detected by type or name.")
    max_lag: int = Field(3, ge=1, le=MAX_LAG_LIMIT, description="Largest lag tested, in rows (time steps); "
                                                                "must cover the slowest effect you expect.")
    algorithm: Literal["pcmci", "var_lingam", "granger"] = Field(
        "pcmci", description="pcmci (default, many autocorrelated series), var_lingam (non-Gaussian noise; "
                             "directs contemporaneous links) or granger (VAR F-tests, predictive).")
    alpha: float = Field(0.01, gt=0, lt=1, description="Significance level for keeping a link.")
    correction: Literal["none", "fdr_bh"] = Field("none", description="Multiple-testing correction: none or "
                                                                      "fdr_bh (Benjamini–Hochberg).")
    difference: Literal["none", "auto", "all"] = Field(
        "none", description="First-difference series: none (warn if non-stationary), auto (only those the "
                            "ADF test flags) or all.")
    contemporaneous: bool = Field(True, description="Also test same-time (lag 0) links.")


def _discover(ctx: AnalysisContext, args: DiscoverLaggedArgs) -> ToolOutput:
    found = discover_lagged(ctx.data, variables=args.variables, time_column=args.time_column,
                            max_lag=args.max_lag, algorithm=args.algorithm, alpha=args.alpha,
                            correction=args.correction, difference=args.difference,
                            contemporaneous=args.contemporaneous, seed=ctx.seed)
    for text in found.warnings:
        ctx.add_warning(text)
    for text in found.assumptions:
        ctx.add_assumption(text)
    provenance = Provenance(source="discovered", algorithm=found.algorithm, parameters=found.parameters,
                            data_fingerprint=ctx.data_fingerprint(), seed=ctx.seed)
    key = store_graph(ctx, found.graph, provenance)
    result = replace(found, graph_key=key)
    return ToolOutput(result, observation(result))


def observation(result: LaggedDiscovery) -> str:
    """Short factual text for the planner: the links, where the graph is stored, warnings."""
    p = result.parameters
    head = (f"{result.algorithm} (max_lag={p['max_lag']}, alpha={p['alpha']}, correction={p['correction']}) "
            f"over {len(p['variables'])} series found {len(result.links)} links")
    if not result.links:
        body = "no link is significant."
    else:
        shown = [f"{l.text()} (strength {l.strength:+.2f}, p={l.p_value:.2g})" for l in result.links[:MAX_LINKS_SHOWN]]
        more = len(result.links) - len(shown)
        body = "; ".join(shown) + (f"; … and {more} more (see the result's links)." if more else ".")
    parts = [f"{head}: {body}", f"Stored as '{result.graph_key}'." if result.graph_key
             else "Not stored (graph memory is not writable)."]
    parts += result.notes[:3]
    if "lag_order" in p:
        parts.append(f"VAR lag order {p['lag_order']} chosen by {p['criterion'].upper()}.")
    parts += [f"Warning: {w}" for w in result.warnings]
    return " ".join(parts)


TOOLS = [
    Tool("discover_lagged_graph",
         "Discover lagged causal links X(t-k) → Y(t) among time series (rows ordered in time) with PCMCI, "
         "VAR-LiNGAM or Granger tests. Use for time-series data instead of discover_graph; the graph's edges "
         "carry lags and it becomes the current graph.",
         ToolGroup.DISCOVERY, DiscoverLaggedArgs, _discover),
]
