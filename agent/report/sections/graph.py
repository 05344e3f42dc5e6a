"""The causal graph: a figure (roles coloured, bootstrap confidence on edges), the notation
in one line, the edge list, and a bootstrap edge-confidence heatmap when there is one."""

from __future__ import annotations

from functools import partial

from agent.report import results as R
from agent.report.edge_confidence import edge_probabilities, has_bootstrap
from agent.report.fmt import pct
from agent.report.model import Figure, Inputs, Section
from agent.report.wording import GRAPH_WORDS, NOTATION, algorithm_label

ROLE_CAPTION = {"treatment": "orange = treatment", "subject": "orange = the variable asked about",
                "outcome": "green = outcome", "adjusted": "purple = adjusted for"}


def _origin(inp: Inputs) -> str:
    ctx = inp.ctx
    if ctx.graph_source == "user":
        return "Supplied by the user (not learned from the data)"
    if ctx.graph_source == "memory":
        return f"Loaded from graph memory (`{ctx.graph_key}`)"
    found = R.discovery(ctx)
    label = algorithm_label(R.field(found, "algorithm")) if found is not None else None
    return f"Learned from the data with {label}" if label else "Learned from the data"


def _caption(inp: Inputs, bootstrap: bool) -> str:
    roles = inp.roles
    nodes = set(inp.ctx.graph.nodes)
    parts = list(dict.fromkeys(ROLE_CAPTION[r] for n, r in roles.items() if n in nodes and r in ROLE_CAPTION))
    if inp.ctx.graph.latent:
        parts.append("dashed grey box = unobserved")
    if bootstrap:
        parts.append("percentages = share of bootstrap resamples with this exact edge")
    return "The causal graph" + (f" ({'; '.join(parts)})" if parts else "") + "."


def build(inp: Inputs) -> Section | None:
    graph = inp.ctx.graph
    if graph is None:
        return None
    from agent.report.figures import edge_confidence_heatmap_png, graph_png

    kind = graph.graph_type.value
    stored = f" Stored in graph memory as `{inp.ctx.graph_key}`." if inp.ctx.graph_key and \
        inp.ctx.graph_source != "memory" else ""
    n_boot = graph.metadata.get("bootstrap")
    boot = f" Edge confidence from {n_boot} bootstrap resamples." if isinstance(n_boot, int) and n_boot else ""
    body = [f"{_origin(inp)}: a {GRAPH_WORDS.get(kind, kind.upper())} over {len(graph.nodes)} variables and "
            f"{len(graph.edges)} edges.{stored}{boot}", "", f"_{NOTATION.get(kind, '')}_"]
    after = []
    for e in sorted(graph.edges, key=lambda e: (e.lag, str(e.u), str(e.v))):
        conf = f" — in {pct(e.confidence)} of bootstrap resamples" if e.confidence is not None else ""
        after.append(f"- `{e.text()}`{conf}")
    if not graph.edges:
        after.append("- No edges: the data show no dependence the algorithm could attribute to a direct link.")
    if graph.latent:
        after += ["", "Unobserved (latent) variables: " + ", ".join(f"`{n}`" for n in sorted(graph.latent)) + "."]
    bootstrap = has_bootstrap(graph)
    roles = inp.roles
    figures = [Figure("graph", _caption(inp, bootstrap), f"Causal graph over {len(graph.nodes)} variables",
                      partial(graph_png, graph, roles=roles))]
    probabilities = edge_probabilities(graph) if bootstrap else {}
    if probabilities:
        nodes = list(graph.nodes)
        figures.append(Figure(
            "edge_confidence", "Bootstrap edge confidence: the share of resamples in which an edge from the row "
            "variable to the column variable appeared (undirected edges count for both directions).",
            "Heatmap of bootstrap edge frequencies", partial(edge_confidence_heatmap_png, probabilities, nodes)))
    return Section("The causal graph", "\n".join(body), key="graph", figures=figures, after="\n".join(after))
