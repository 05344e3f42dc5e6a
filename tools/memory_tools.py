"""Memory tools: save, load and list causal graphs in the context's namespace.

Deleting is a destructive operation: it exists as a tool for explicit user commands
(CLI, chat slash command) but is never offered to an LLM planner."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from memory.graph import CausalGraph
from memory.store import GraphNotFound, Provenance, StoreError
from tools.base import Tool, ToolArgs, ToolGroup, ToolInputError, ToolOutput
from tools.context import Actor, AnalysisContext

# Graphs a language model saves live under this prefix: a model can never overwrite a key a person
# chose (an instruction hidden in the data could otherwise replace a curated graph).
MODEL_KEY_PREFIX = "model:"


def auto_key(graph: CausalGraph, prefix: str, fingerprint: str) -> str:
    """A readable, deterministic key: '<prefix>-<fingerprint>'."""
    safe = re.sub(r"[^A-Za-z0-9_.\-]", "-", prefix).strip("-")[:40] or "graph"
    return f"{safe}-{fingerprint[:8]}"


_SAVE_LOCK = threading.Lock()


def store_graph(ctx: AnalysisContext, graph: CausalGraph, provenance: Provenance,
                key: str | None = None) -> str:
    """Save ``graph`` in ``ctx``'s namespace, make it the current graph, return its key (None when
    the store cannot be written: the analysis goes on with the graph in hand and a warning)."""
    key = key or auto_key(graph, provenance.algorithm or provenance.source, ctx.data_fingerprint())
    try:
        # The same graph again: reuse that version, add none. (Not noted in the result: two identical
        # runs must give identical results whatever the store already holds.)
        with _SAVE_LOCK:  # check and save as one step: two identical runs at once must not both save
            if _same_as_latest(ctx, key, graph) is None:
                ctx.store.put(key, graph, provenance, namespace=ctx.namespace)
    except StoreError as exc:
        ctx.add_warning(f"The graph was not saved to graph memory: {exc}")
        key = None
    ctx.graph, ctx.graph_key, ctx.graph_source = graph, key, provenance.source
    return key


def _same_as_latest(ctx: AnalysisContext, key: str, graph: CausalGraph) -> int | None:
    """The version number when ``key``'s newest version holds exactly this graph (same nodes,
    edges and marks), else None."""
    try:
        latest = ctx.store.get(key, namespace=ctx.namespace)
    except GraphNotFound:
        return None

    def structure(g: CausalGraph) -> dict:
        return {k: v for k, v in g.to_dict().items() if k != "metadata"}  # metadata holds run times

    return latest.version if structure(latest.graph) == structure(graph) else None


@dataclass
class GraphListing:
    namespace: str
    entries: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"namespace": self.namespace, "entries": self.entries}


class SaveGraphArgs(ToolArgs):
    key: str = Field(description="Name to store the current graph under, e.g. 'pricing-v2' "
                                 "(letters, digits, '.', '_', ':' or '-').")
    note: str = Field("", description="Optional short note kept with the graph.")


class LoadGraphArgs(ToolArgs):
    key: str = Field(description="Name of a stored graph (see list_graphs).")


class ListGraphsArgs(ToolArgs):
    pass


class DeleteGraphArgs(ToolArgs):
    key: str = Field(description="Name of the stored graph to delete.")


def _save(ctx: AnalysisContext, args: SaveGraphArgs) -> ToolOutput:
    graph = ctx.require_graph()
    key, note, source = args.key, args.note, "user" if ctx.graph_source == "user" else "saved"
    if ctx.actor is Actor.MODEL:
        key = key if key.startswith(MODEL_KEY_PREFIX) else MODEL_KEY_PREFIX + key
        note, source = f"saved by the planning model{': ' + note if note else ''}", "model"
    prov = Provenance(source=source, algorithm=graph.metadata.get("algorithm"),
                      parameters=graph.metadata.get("parameters", {}), data_fingerprint=ctx.data_fingerprint(),
                      seed=ctx.seed, note=note)
    try:
        stored = ctx.store.put(key, graph, prov, namespace=ctx.namespace)
    except (ValueError, StoreError) as exc:
        raise ToolInputError(str(exc)) from None
    ctx.graph_key = key
    fenced = (f" A model saves only under '{MODEL_KEY_PREFIX}…'; '{args.key}' was left as it was."
              if key != args.key else "")
    return ToolOutput(stored.summary(), f"Saved the current graph as '{key}' (version {stored.version}).{fenced}")


def _load(ctx: AnalysisContext, args: LoadGraphArgs) -> ToolOutput:
    try:
        stored = ctx.store.get(args.key, namespace=ctx.namespace)
    except GraphNotFound as exc:
        raise ToolInputError(str(exc)) from None
    missing = [n for n in stored.graph.nodes if n not in ctx.data.columns and n not in stored.graph.latent]
    if missing:
        ctx.add_warning(f"Graph '{args.key}' names variables not in the data: {missing}.")
    ctx.graph, ctx.graph_key, ctx.graph_source = stored.graph, args.key, "memory"
    return ToolOutput(stored.summary(), f"Loaded '{args.key}' v{stored.version}: {stored.graph}")


def _list(ctx: AnalysisContext, args: ListGraphsArgs) -> ToolOutput:
    entries = [s.summary() for s in ctx.store.list(namespace=ctx.namespace)]
    text = ", ".join(f"{e['key']} (v{e['version']}, {e['edges']} edges)" for e in entries) or "no graphs stored"
    return ToolOutput(GraphListing(ctx.namespace, entries), f"Stored graphs: {text}.")


def _delete(ctx: AnalysisContext, args: DeleteGraphArgs) -> ToolOutput:
    try:
        removed = ctx.store.delete(args.key, namespace=ctx.namespace)
    except GraphNotFound as exc:
        raise ToolInputError(str(exc)) from None
    return ToolOutput({"key": args.key, "versions_removed": removed},
                      f"Deleted '{args.key}' ({removed} versions).")


TOOLS = [
    Tool("save_graph", "Save the current causal graph under a name so it can be reused later "
         f"(a model's saves go under '{MODEL_KEY_PREFIX}<name>'; other keys belong to the user).",
         ToolGroup.MEMORY, SaveGraphArgs, _save),
    Tool("load_graph", "Load a stored causal graph by name and make it the current graph "
         "(use instead of discover_graph when the user names a stored graph).",
         ToolGroup.MEMORY, LoadGraphArgs, _load),
    Tool("list_graphs", "List the causal graphs stored in this workspace.", ToolGroup.MEMORY,
         ListGraphsArgs, _list),
    Tool("delete_graph", "Delete a stored graph (explicit user command only).", ToolGroup.MEMORY,
         DeleteGraphArgs, _delete, destructive=True),
]
