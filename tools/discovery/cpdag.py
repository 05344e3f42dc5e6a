"""Markov equivalence: DAG -> CPDAG, Meek's orientation rules, and cycle repair.

Meek (1995): orienting the v-structures of a DAG and closing under rules R1-R3 gives
its CPDAG; with background knowledge R4 is needed as well. These rules only orient an
undirected edge when every DAG in the (knowledge-restricted) class agrees, so they
never invent an orientation.
"""

from __future__ import annotations

from itertools import combinations

from memory.graph import CausalGraph, GraphType, Mark


def v_structures(dag: CausalGraph) -> set[tuple[str, str, str]]:
    """Unshielded colliders (a, c, b) with a --> c <-- b, a and b non-adjacent, a < b."""
    out = set()
    for c in dag.nodes:
        for a, b in combinations(sorted(dag.parents(c)), 2):
            if b not in dag.adjacent(a):
                out.add((a, c, b))
    return out


def dag_to_cpdag(dag: CausalGraph) -> CausalGraph:
    """The CPDAG (essential graph) of a DAG: v-structures kept, then Meek R1-R3."""
    if not dag.is_fully_directed:
        raise ValueError("dag_to_cpdag needs a fully directed graph; got undirected/partial edges.")
    colliders = v_structures(dag)
    keep = {(a, c) for a, c, _ in colliders} | {(b, c) for _, c, b in colliders}
    cpdag = CausalGraph(nodes=list(dag.nodes), graph_type=GraphType.CPDAG, metadata=dict(dag.metadata))
    for u, v in dag.directed_edges():
        if (u, v) in keep:
            cpdag.add_edge(u, v)
        else:
            cpdag.add_edge(u, v, Mark.TAIL, Mark.TAIL)
    meek_closure(cpdag)
    cpdag.graph_type = GraphType.CPDAG
    return cpdag


def _orient(graph: CausalGraph, u: str, v: str) -> None:
    e = graph.edge(u, v)
    graph.add_edge(u, v, Mark.TAIL, Mark.ARROW, confidence=e.confidence if e else None)


def meek_closure(graph: CausalGraph, rule4: bool = True) -> int:
    """Apply Meek rules R1-R4 to the undirected edges of a PDAG in place until nothing
    changes; returns the number of edges oriented. Bidirected/partial edges are left alone."""
    oriented = 0
    changed = True
    while changed:
        changed = False
        for u, v in list(graph.undirected_edges()):
            for a, b in ((u, v), (v, u)):
                if _meek_applies(graph, a, b, rule4):
                    _orient(graph, a, b)
                    oriented += 1
                    changed = True
                    break
    return oriented


def _meek_applies(g: CausalGraph, a: str, b: str, rule4: bool) -> bool:
    """True when a Meek rule forces a --> b for the undirected edge a --- b."""
    adj_b = g.adjacent(b)
    # R1: c --> a --- b, c and b non-adjacent
    if any(c not in adj_b and c != b for c in g.parents(a)):
        return True
    # R2: a --> c --> b
    if g.children(a) & g.parents(b):
        return True
    # R3: a --- c --> b, a --- d --> b, c and d non-adjacent
    cands = sorted(g.undirected_neighbors(a) & g.parents(b))
    for c, d in combinations(cands, 2):
        if d not in g.adjacent(c):
            return True
    if rule4:
        # R4: a adjacent to c and d, c --> d --> b, c and b non-adjacent
        adj_a = g.adjacent(a)
        for d in g.parents(b) & adj_a:
            for c in g.parents(d) & adj_a:
                if c != b and c not in adj_b:
                    return True
    return False


def undirect_cycles(graph: CausalGraph, keep: set[tuple[str, str]] = frozenset()) -> list[str]:
    """Replace directed edges lying on directed cycles by undirected edges (except the
    ``keep`` pairs); an orientation conflict is reported, not resolved by guessing.
    Returns a note per changed edge."""
    import networkx as nx

    notes = []
    while graph.has_directed_cycle():
        cycle = nx.find_cycle(graph.directed_digraph())
        free = [(u, v) for u, v in cycle if (u, v) not in keep]
        if not free:
            notes.append("directed cycle made only of required edges: " + " -> ".join(u for u, _ in cycle))
            break
        for u, v in free:
            graph.add_edge(u, v, Mark.TAIL, Mark.TAIL)
            notes.append(f"{u} --> {v} lay on a directed cycle; left undirected")
    return notes


def consistent_extension(pdag: CausalGraph) -> CausalGraph:
    """A DAG in the class of a CPDAG (Dor & Tarsi 1992): repeatedly take a node with no
    outgoing directed edge whose undirected neighbours are adjacent to all its other
    neighbours, direct its undirected edges into it, and remove it. Raises ValueError when
    the PDAG has no extension (it is not a valid CPDAG)."""
    dag = CausalGraph(nodes=list(pdag.nodes), graph_type=GraphType.DAG)
    for u, v in pdag.directed_edges():
        dag.add_edge(u, v)
    adjacent: dict[str, set[str]] = {n: set() for n in pdag.nodes}   # plain sets: p = 500 in 0.1 s, not 5 s
    children: dict[str, set[str]] = {n: set() for n in pdag.nodes}
    undirected: dict[str, set[str]] = {n: set() for n in pdag.nodes}
    for e in pdag.edges:
        if e.lag:
            continue
        adjacent[e.u].add(e.v)
        adjacent[e.v].add(e.u)
        if e.is_directed:
            children[e.u].add(e.v)
        elif e.reversed().is_directed:
            children[e.v].add(e.u)
        elif e.is_undirected:
            undirected[e.u].add(e.v)
            undirected[e.v].add(e.u)
    remaining = list(pdag.nodes)
    while remaining:
        for x in remaining:
            if children[x]:
                continue
            if all(adjacent[x] - {y} <= adjacent[y] for y in undirected[x]):
                for y in undirected[x]:
                    dag.add_edge(y, x)
                for y in adjacent.pop(x):
                    adjacent[y].discard(x)
                    children[y].discard(x)
                    undirected[y].discard(x)
                remaining.remove(x)
                break
        else:
            raise ValueError("This PDAG has no consistent DAG extension.")
    return dag
