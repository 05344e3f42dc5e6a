"""PAGs (circle marks, e.g. from FCI): only the safe answer is given.

A zero effect is certain when no possibly directed path leads from X to Y (a MAG edge
a → b appears in the PAG with no arrowhead at a, so every ancestral relation of every
graph in the class shows up as such a path). Anything else would need the generalised
adjustment criterion with visible edges (Perković et al. 2018), which is not implemented
here, so no effect is claimed.
"""

from __future__ import annotations

from memory.graph import CausalGraph, Mark


def possibly_directed_reach(graph: CausalGraph, x: str) -> set[str]:
    """Nodes at the end of a path from x on which no edge has an arrowhead pointing back."""
    seen, stack = {x}, [x]
    while stack:
        node = stack.pop()
        for e in graph.incident(node):
            if e.mark_u != Mark.ARROW and e.v not in seen:
                seen.add(e.v)
                stack.append(e.v)
    return seen


def pag_reason(graph: CausalGraph, x: str, y: str) -> str:
    open_edges = [e.text() for e in graph.incident(x) if Mark.CIRCLE in (e.mark_u, e.mark_v) or e.mark_u == Mark.ARROW]
    where = f" (at {x}: {'; '.join(sorted(open_edges))})" if open_edges else ""
    return (f"not identified: the graph is a PAG (partial ancestral graph, e.g. from FCI); its circle "
            f"marks leave edge directions and hidden common causes undecided{where}. Identification "
            f"on PAGs is not supported here, so no effect is claimed. Add background knowledge "
            f"(tiers, required or forbidden edges) or give a DAG/ADMG, then identify again.")
