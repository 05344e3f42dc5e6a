"""Background knowledge as two boolean matrices, for the vectorised PC.

``forbidden[a, b]`` / ``required[a, b]``: the edge a -> b is forbidden / required, with
causal-learn's ``BackgroundKnowledge.is_forbidden`` / ``is_required`` semantics
(explicit pairs, regex patterns on node names, tiers: a later tier cannot cause an
earlier one, nor a node in its own tier when that tier forbids it). Nodes are
causal-learn's default names ``X1..Xp`` for columns 0..p-1, as
``tools.discovery.background.causallearn_background`` builds them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class KnowledgeMatrices(NamedTuple):
    forbidden: np.ndarray
    required: np.ndarray


def knowledge_matrices(background_knowledge, p: int, node_names: list[str] | None = None) -> KnowledgeMatrices:
    """Read a causal-learn ``BackgroundKnowledge`` (or pass ``KnowledgeMatrices`` through)
    into p x p boolean matrices over nodes ``node_names`` (default X1..Xp, causal-learn's
    names when none are given). Raises ``TypeError`` on other types."""
    if isinstance(background_knowledge, KnowledgeMatrices):
        F, R = (np.asarray(m, dtype=bool) for m in background_knowledge)
        if F.shape != (p, p) or R.shape != (p, p):
            raise ValueError(f"Knowledge matrices must be {p} x {p}; got {F.shape} and {R.shape}.")
        return KnowledgeMatrices(F, R)
    from causallearn.graph.GraphNode import GraphNode
    from causallearn.utils.PCUtils.BackgroundKnowledge import BackgroundKnowledge

    if not isinstance(background_knowledge, BackgroundKnowledge):
        raise TypeError("background_knowledge must be causal-learn's BackgroundKnowledge or KnowledgeMatrices; "
                        f"got {type(background_knowledge).__name__}.")
    bk = background_knowledge
    names = node_names or [f"X{i + 1}" for i in range(p)]
    if len(names) != p:
        raise ValueError(f"{len(names)} node names for {p} variables.")
    nodes = [GraphNode(name) for name in names]
    index = {node.get_name(): i for i, node in enumerate(nodes)}
    forbidden = np.zeros((p, p), dtype=bool)
    required = np.zeros((p, p), dtype=bool)
    for target, specs, patterns in ((forbidden, bk.forbidden_rules_specs, bk.forbidden_pattern_rules_specs),
                                    (required, bk.required_rules_specs, bk.required_pattern_rules_specs)):
        for a, b in specs:
            ia, ib = index.get(a.get_name()), index.get(b.get_name())
            if ia is not None and ib is not None:
                target[ia, ib] = True
        for pa, pb in patterns:
            ma = np.array([bk._is_node_match_regular_expression(pa, n) for n in nodes])
            mb = np.array([bk._is_node_match_regular_expression(pb, n) for n in nodes])
            target |= ma[:, None] & mb[None, :]
    tier = np.full(p, -1)
    for node, t in bk.tier_value_map.items():
        i = index.get(node.get_name())
        if i is not None:
            tier[i] = t
    has = tier >= 0
    both = has[:, None] & has[None, :]
    within = np.isin(tier, list(bk.forbidden_within_tiers)) if bk.forbidden_within_tiers else np.zeros(p, bool)
    forbidden |= both & ((tier[:, None] > tier[None, :]) | ((tier[:, None] == tier[None, :]) & within[:, None]))
    np.fill_diagonal(forbidden, False)
    np.fill_diagonal(required, False)
    return KnowledgeMatrices(forbidden, required)
