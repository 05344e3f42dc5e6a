"""Runners with the signature of ``tools.discovery.runners`` that use the vectorised PC /
FCI when the call is in their scope and causal-learn otherwise.

In scope: continuous data without missing values, ``ci_test="fisherz"``, PC's default
``uc_rule=0`` / ``uc_priority=2``. The output equals causal-learn's on the same call;
only the time differs.
"""

from __future__ import annotations

import numpy as np

from memory.graph import CausalGraph, GraphType
from tools.discovery import runners
from tools.knowledge import Knowledge


def fast_path_applies(data: runners.DiscoveryData, params: dict) -> bool:
    """True when the vectorised implementation reproduces causal-learn for this call."""
    return (params.get("ci_test", "fisherz") == "fisherz" and not data.discrete
            and params.get("uc_rule", 0) == 0 and params.get("uc_priority", 2) == 2
            and not np.isnan(np.asarray(data.values, dtype=float)).any())


def run_pc_fast(data: runners.DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """``runners.run_pc`` at the speed of the arithmetic (same CPDAG); falls back to it
    outside ``fast_path_applies``."""
    if not fast_path_applies(data, params):
        return runners.run_pc(data, params, knowledge, seed)
    from tools.discovery.background import causallearn_background
    from tools.discovery.fast_pc import fast_pc

    result = fast_pc(data.values, params["alpha"], params.get("depth"), params.get("stable", True),
                     data.names, causallearn_background(knowledge, data.names))
    return result.to_causal_graph(data.names)


def run_fci_fast(data: runners.DiscoveryData, params: dict, knowledge: Knowledge, seed: int) -> CausalGraph:
    """``runners.run_fci`` with the batched adjacency search (same PAG); falls back to it
    outside ``fast_path_applies``."""
    if not fast_path_applies(data, params):
        return runners.run_fci(data, params, knowledge, seed)
    from tools.discovery.background import causallearn_background
    from tools.discovery.convert import graph_from_endpoint_matrix
    from tools.discovery.fast_fci import fast_fci

    depth = params.get("depth")
    with runners.quiet():
        graph, _ = fast_fci(data.values, params["alpha"], -1 if depth is None else int(depth),
                            params.get("max_path_length", -1), causallearn_background(knowledge, data.names))
    return graph_from_endpoint_matrix(graph.graph, data.names, GraphType.PAG)
