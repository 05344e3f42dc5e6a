"""Questions about a causal graph, answered honestly for CPDAGs and PAGs.

A DAG answers exactly. A CPDAG stands for several DAGs: an answer is True or False only
when every DAG consistent with it agrees, otherwise None ("the data cannot tell").
A PAG is read through its edge marks (tails and arrowheads are definite, circles are not).
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any, Callable, Literal, Sequence

import networkx as nx
from pydantic import Field

from memory.graph import CausalGraph, Edge, Mark
from tools.base import Tool, ToolArgs, ToolGroup, ToolInputError, ToolOutput
from tools.context import AnalysisContext
from tools.equivalence_class import (Children, can_point, dag_parents, dag_path, dag_reach, directed_children, members,
                                     reach, separation_dag)
from tools.graph_paths import MAX_PATH_EDGES, edge_text, list_paths

MAX_PATHS_LISTED = 25


class Query(str, Enum):
    PARENTS = "parents"
    CHILDREN = "children"
    ANCESTORS = "ancestors"
    DESCENDANTS = "descendants"
    IS_DIRECT_CAUSE = "is_direct_cause"
    IS_CONFOUNDER = "is_confounder"
    IS_COLLIDER = "is_collider"
    IS_MEDIATOR = "is_mediator"
    CAUSES_OF = "causes_of"
    EFFECTS_OF = "effects_of"
    D_SEPARATED = "d_separated"
    PATHS = "paths"


@dataclass
class GraphQueryResult:
    """``answer`` is True/False/None (uncertain) for yes-no queries and the definite list for
    list queries; ``possible`` holds what holds in some but not all graphs the graph stands for."""

    query: str
    args: dict[str, Any]
    answer: bool | None | list[str]
    definite: list[str]
    possible: list[str]
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sentence(self) -> str:
        if isinstance(self.answer, list):
            head = ", ".join(self.answer) or "none"
        else:
            head = {True: "yes", False: "no", None: "uncertain"}[self.answer]
        return f"{self.query}({_args_text(self.args)}): {head} — {self.explanation}"


def _args_text(args: dict[str, Any]) -> str:
    given = f" | {', '.join(args['given'])}" if args.get("given") else ""
    pair = ", ".join(str(args[k]) for k in ("x", "y") if args.get(k) is not None)
    if args.get("z") is not None:
        return f"{args['z']}; {pair}{given}"
    return f"{pair}{given}"


def _arrow_path(nodes: list[str]) -> str:
    return " → ".join(nodes)


def _require_nodes(g: CausalGraph, *names: str | None) -> None:
    for name in names:
        if name is not None and name not in g.nodes:
            close = ([n for n in g.nodes if n.lower() == str(name).strip().lower()]
                     or difflib.get_close_matches(str(name), g.nodes, n=3, cutoff=0.5))
            hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
            raise ToolInputError(f"{name!r} is not a node of the graph.{hint} Graph nodes: {', '.join(g.nodes)}.")


def _require_distinct(*names: str) -> None:
    if len(set(names)) != len(names):
        raise ToolInputError(f"The variables of this query must be different; got {', '.join(names)}.")


def _undecided_edges(g: CausalGraph, sources: Sequence[str], sinks: Sequence[str]) -> list[Edge]:
    """Not-fully-oriented edges lying on some possibly directed path from a source to a sink."""
    fwd = set(sources).union(*(reach(g, s, True, True) for s in sources))
    bwd = set(sinks).union(*(reach(g, t, False, True) for t in sinks))
    on_path = fwd & bwd
    return [e for e in g.edges if not e.lag and not e.is_directed and not e.is_bidirected
            and e.u in on_path and e.v in on_path]


def _uncertain_text(g: CausalGraph, edges: list[Edge], focus: str) -> str:
    if not edges:
        return "the graph does not fix the orientations this depends on"
    near = [e for e in edges if focus in (e.u, e.v)]
    e = near[0] if near else edges[0]
    other = e.v if e.u == focus else e.u
    how = "undirected" if e.is_undirected else "only partly oriented"
    if near:
        return f"the edge {edge_text(e)} is {how}; {focus} could be a cause or an effect of {other}"
    return "it depends on the orientation of " + ", ".join(edge_text(x) for x in edges[:3])


def _votes(g: CausalGraph, pred: Callable[[Children], bool]) -> tuple[bool | None, int, int] | None:
    """(answer, DAGs saying yes, DAGs) over the member DAGs, or None when they cannot be listed."""
    dags = members(g).dags
    if not dags:
        return None
    yes = sum(bool(pred(d)) for d in dags)
    answer = True if yes == len(dags) else False if yes == 0 else None
    return answer, yes, len(dags)


def _class_note(n_dags: int) -> str:
    return f" (in all {n_dags} DAGs consistent with the graph)" if n_dags > 1 else ""


# ------------------------------------------------------------------ list queries
def _relatives(g: CausalGraph, query: Query, x: str, noun: str,
               dag_fn: Callable[[Children], set[str]], marks_fn: Callable[[], tuple[set[str], set[str]]]) -> GraphQueryResult:
    _require_nodes(g, x)
    m = members(g)
    if m.dags:
        sets = [dag_fn(d) for d in m.dags]
        definite, union = set.intersection(*sets), set.union(*sets)
        why = m.reason if len(m.dags) > 1 else ""
    else:
        definite, union = marks_fn()
        why = m.reason
    possible = sorted(union - definite)
    text = f"definite {noun} of {x}: {', '.join(sorted(definite)) or 'none'}"
    if possible:
        text += f"; possible (orientation not determined): {', '.join(possible)}"
    if why:
        text += f" [{why}]"
    return GraphQueryResult(query.value, {"x": x}, sorted(definite), sorted(definite), possible, text)


def parents(g: CausalGraph, x: str) -> GraphQueryResult:
    """Direct causes of ``x``; undirected/circle edges into x are 'possible' parents."""
    return _relatives(g, Query.PARENTS, x, "parents", lambda d: dag_parents(d)[x],
                      lambda: (g.parents(x), g.parents(x) | {e.v for e in g.incident(x) if can_point(e.reversed())}))


def children(g: CausalGraph, x: str) -> GraphQueryResult:
    """Direct effects of ``x``; undirected/circle edges out of x are 'possible' children."""
    return _relatives(g, Query.CHILDREN, x, "children", lambda d: set(d[x]),
                      lambda: (g.children(x), g.children(x) | {e.v for e in g.incident(x) if can_point(e)}))


def ancestors(g: CausalGraph, x: str, query: Query = Query.ANCESTORS) -> GraphQueryResult:
    """Variables with a causal path into ``x`` (definite: in every member graph)."""
    return _relatives(g, query, x, "ancestors (causes)", lambda d: dag_reach(dag_parents(d), x),
                      lambda: (reach(g, x, False, False), reach(g, x, False, True)))


def descendants(g: CausalGraph, x: str, query: Query = Query.DESCENDANTS) -> GraphQueryResult:
    """Variables ``x`` has a causal path into (definite: in every member graph)."""
    return _relatives(g, query, x, "descendants (effects)", lambda d: dag_reach(d, x),
                      lambda: (reach(g, x, True, False), reach(g, x, True, True)))


def causes_of(g: CausalGraph, y: str) -> GraphQueryResult:
    """All (direct and indirect) causes of ``y``: its ancestors."""
    return ancestors(g, y, Query.CAUSES_OF)


def effects_of(g: CausalGraph, x: str) -> GraphQueryResult:
    """All (direct and indirect) effects of ``x``: its descendants."""
    return descendants(g, x, Query.EFFECTS_OF)


# ------------------------------------------------------------------ yes/no queries
def _bool_result(query: Query, args: dict[str, Any], answer: bool | None, text: str) -> GraphQueryResult:
    return GraphQueryResult(query.value, args, answer, [], [], text)


def is_direct_cause(g: CausalGraph, x: str, y: str) -> GraphQueryResult:
    """True for x → y; None when the edge's direction is not determined; False otherwise."""
    _require_nodes(g, x, y)
    _require_distinct(x, y)
    args, e = {"x": x, "y": y}, g.edge(x, y)
    if e is None:
        return _bool_result(Query.IS_DIRECT_CAUSE, args, False,
                            f"no edge between {x} and {y}; {x} may still be an indirect cause (see ancestors)")
    votes = _votes(g, lambda d: y in d[x])
    answer = votes[0] if votes else (True if e.is_directed else None if can_point(e) else False)
    if answer is None:
        how = "undirected" if e.is_undirected else "only partly oriented"
        text = f"the edge {edge_text(e)} is {how}: the data cannot tell the direction"
    elif answer:
        text = f"{edge_text(e)}" + (_class_note(votes[2]) if votes else "")
    elif e.is_bidirected:
        text = f"{edge_text(e)}: a hidden common cause, not a causal effect"
    else:
        text = f"the edge is {edge_text(e)}, so {x} does not cause {y} directly"
    return _bool_result(Query.IS_DIRECT_CAUSE, args, answer, text)


def is_confounder(g: CausalGraph, z: str, x: str, y: str) -> GraphQueryResult:
    """Is ``z`` a common cause of x and y (causal paths z → … → x avoiding y and z → … → y
    avoiding x)? None when the member graphs disagree."""
    _require_nodes(g, z, x, y)
    _require_distinct(z, x, y)
    args = {"z": z, "x": x, "y": y}

    def pred(d: Children) -> bool:
        return x in dag_reach(d, z, avoid=[y]) and y in dag_reach(d, z, avoid=[x])

    votes = _votes(g, pred)
    if votes:
        answer = votes[0]
    else:
        sure = x in reach(g, z, True, False, [y]) and y in reach(g, z, True, False, [x])
        maybe = x in reach(g, z, True, True, [y]) and y in reach(g, z, True, True, [x])
        answer = True if sure else None if maybe else False
    if answer:
        rep = members(g).dags[0] if votes else directed_children(g)
        px, py = dag_path(rep, z, x, [y]), dag_path(rep, z, y, [x])
        text = f"{_arrow_path(px)} and {_arrow_path(py)}" + (_class_note(votes[2]) if votes else "")
    elif answer is None:
        text = _uncertain_text(g, _undecided_edges(g, [z], [x, y]), z)
        if votes:
            text += f" ({votes[1]} of {votes[2]} consistent DAGs make {z} a common cause)"
    else:
        text = _no_common_cause_text(g, z, x, y)
    return _bool_result(Query.IS_CONFOUNDER, args, answer, text)


def _no_common_cause_text(g: CausalGraph, z: str, x: str, y: str) -> str:
    dags = members(g).dags or [None]
    for target, other in ((x, y), (y, x)):
        if all(target not in (dag_reach(d, z, [other]) if d else reach(g, z, True, True, [other])) for d in dags):
            return f"{z} has no causal path to {target} that avoids {other}"
    return f"no DAG consistent with the graph makes {z} a cause of both {x} and {y}"


def is_collider(g: CausalGraph, z: str, x: str, y: str) -> GraphQueryResult:
    """Is ``z`` a collider between x and y, i.e. x → z ← y (both arrowheads at z)?"""
    _require_nodes(g, z, x, y)
    _require_distinct(z, x, y)
    args = {"z": z, "x": x, "y": y}
    ex, ey = g.edge(z, x), g.edge(z, y)
    if ex is None or ey is None:
        return _bool_result(Query.IS_COLLIDER, args, False,
                            f"{z} is not adjacent to both {x} and {y}, so {x} → {z} ← {y} is not in the graph")
    shown = f"{edge_text(ex.reversed())}, {edge_text(ey.reversed())}"
    marks = (ex.mark_u, ey.mark_u)
    votes = None
    if marks == (Mark.ARROW, Mark.ARROW):
        answer = True
    elif any(e.mark_u == Mark.TAIL and not e.is_undirected for e in (ex, ey)):
        answer = False
    else:
        votes = _votes(g, lambda d: z in d[x] and z in d[y])
        # an unshielded collider is always shown in a CPDAG or PAG, so an unshielded triple
        # without both arrowheads at z is a definite non-collider
        answer = votes[0] if votes else False if g.edge(x, y) is None else None
    if answer is None:
        text = f"{shown}: the marks at {z} are not determined"
        if votes:
            text += f" ({votes[1]} of {votes[2]} consistent DAGs have {x} → {z} ← {y})"
    else:
        text = shown + (_class_note(votes[2]) if votes and answer else "")
    return _bool_result(Query.IS_COLLIDER, args, answer, text)


def is_mediator(g: CausalGraph, m: str, x: str, y: str) -> GraphQueryResult:
    """Does ``m`` lie on a causal path x → … → m → … → y?"""
    _require_nodes(g, m, x, y)
    _require_distinct(m, x, y)
    args = {"z": m, "x": x, "y": y}
    votes = _votes(g, lambda d: m in dag_reach(d, x) and y in dag_reach(d, m))
    if votes:
        answer = votes[0]
    else:
        sure = m in reach(g, x, True, False) and y in reach(g, m, True, False)
        maybe = m in reach(g, x, True, True) and y in reach(g, m, True, True)
        answer = True if sure else None if maybe else False
    if answer:
        rep = members(g).dags[0] if votes else directed_children(g)
        text = f"{_arrow_path(dag_path(rep, x, m) + dag_path(rep, m, y)[1:])}" + (_class_note(votes[2]) if votes else "")
    elif answer is None:
        text = _uncertain_text(g, _undecided_edges(g, [x], [y]), m)
        if votes:
            text += f" ({votes[1]} of {votes[2]} consistent DAGs put {m} on a causal path)"
    else:
        dags = members(g).dags
        first = (all(m not in dag_reach(d, x) for d in dags) if dags else m not in reach(g, x, True, True))
        second = (all(y not in dag_reach(d, m) for d in dags) if dags else y not in reach(g, m, True, True))
        text = f"{x} does not cause {m}" if first else f"{m} does not cause {y}" if second else \
            f"no DAG consistent with the graph has {x} → … → {m} → … → {y}"
        text += f", so {m} is not on a causal path from {x} to {y}" if (first or second) else ""
    return _bool_result(Query.IS_MEDIATOR, args, answer, text)


def d_separated(g: CausalGraph, x: str, y: str, given: Sequence[str] = ()) -> GraphQueryResult:
    """Are x and y d-separated (m-separated with hidden causes) given ``given``? Every DAG in
    a CPDAG's class, and every MAG in a PAG's class, has the same separations."""
    given = list(dict.fromkeys(given))
    _require_nodes(g, x, y, *given)
    _require_distinct(x, y)
    if x in given or y in given:
        raise ToolInputError(f"given must not contain x ({x!r}) or y ({y!r}); got {given}.")
    args = {"x": x, "y": y, "given": given}
    dag, note = separation_dag(g)
    if dag is None:
        return _bool_result(Query.D_SEPARATED, args, None, note)
    separated = _is_d_separator(dag, x, y, set(given))
    cond = f"given {{{', '.join(given)}}}" if given else "with no conditioning"
    text = (f"every path between {x} and {y} is blocked {cond}" if separated
            else f"{x} and {y} are connected by an open path {cond} (see paths)")
    return _bool_result(Query.D_SEPARATED, args, separated, f"{text} [{note}]")


def _is_d_separator(dag: nx.DiGraph, x: str, y: str, z: set[str]) -> bool:
    if hasattr(nx, "is_d_separator"):
        return bool(nx.is_d_separator(dag, {x}, {y}, z))
    return bool(nx.d_separated(dag, {x}, {y}, z))  # networkx < 3.3


# ------------------------------------------------------------------ paths
def paths(g: CausalGraph, x: str, y: str, given: Sequence[str] = ()) -> GraphQueryResult:
    """Causal (directed) paths x → … → y and back-door paths (into x), each marked open or
    blocked given ``given``. ``definite`` lists causal paths, ``possible`` the paths that are
    causal only if undetermined edges point the right way."""
    given = list(dict.fromkeys(given))
    _require_nodes(g, x, y, *given)
    _require_distinct(x, y)
    found, truncated = list_paths(g, x, y, given)
    listed = [f"{p.kind}: {p.text} ({p.status})" for p in found[:MAX_PATHS_LISTED]]
    directed = [p.text for p in found if p.kind == "directed"]
    possible = [p.text for p in found if p.kind == "possibly directed"]
    backdoor = [p for p in found if "backdoor" in p.kind]
    other = [p for p in found if p.kind == "non-causal"]
    cond = f"given {{{', '.join(given)}}}" if given else "with no conditioning"
    text = (f"{len(directed)} causal path(s), {len(possible)} possibly causal, {len(backdoor)} back-door path(s) "
            f"({sum(p.status == 'open' for p in backdoor)} open {cond})")
    if other:
        text += f", {len(other)} other non-causal path(s) opened by conditioning on a collider"
    if truncated or len(found) > MAX_PATHS_LISTED:
        text += f"; listing truncated (paths up to {MAX_PATH_EDGES} edges, first {MAX_PATHS_LISTED} shown)"
    return GraphQueryResult(Query.PATHS.value, {"x": x, "y": y, "given": given}, listed, directed, possible, text)


# ------------------------------------------------------------------ tool
QueryName = Literal["parents", "children", "ancestors", "descendants", "is_direct_cause", "is_confounder",
                    "is_collider", "is_mediator", "causes_of", "effects_of", "d_separated", "paths"]


class QueryGraphArgs(ToolArgs):
    query: QueryName = Field(description="What to ask; see the tool description for the arguments each needs.")
    x: str | None = Field(None, description="Main variable (cause / treatment / the variable asked about).")
    y: str | None = Field(None, description="Second variable (effect / outcome).")
    z: str | None = Field(None, description="Candidate confounder, collider or mediator.")
    given: list[str] = Field(default_factory=list, description="Conditioning set (d_separated, paths).")


_SINGLE = {Query.PARENTS: parents, Query.CHILDREN: children, Query.ANCESTORS: ancestors,
           Query.DESCENDANTS: descendants, Query.CAUSES_OF: causes_of, Query.EFFECTS_OF: effects_of}
_TRIPLE = {Query.IS_CONFOUNDER: (is_confounder, "candidate confounder"),
           Query.IS_COLLIDER: (is_collider, "candidate collider"),
           Query.IS_MEDIATOR: (is_mediator, "candidate mediator")}


def run_query(g: CausalGraph, args: QueryGraphArgs) -> GraphQueryResult:
    """Validate the arguments a query needs and answer it on ``g``."""
    q = Query(args.query)
    nodes = f"Graph nodes: {', '.join(g.nodes)}."
    if q in _SINGLE:
        named = [v for v in (args.x, args.y, args.z) if v is not None]
        if len(named) != 1:
            raise ToolInputError(f"query '{q.value}' takes one variable in x; got {named or 'none'}. {nodes}")
        return _SINGLE[q](g, named[0])
    if args.x is None or args.y is None:
        raise ToolInputError(f"query '{q.value}' needs x and y{' and z (' + _TRIPLE[q][1] + ')' if q in _TRIPLE else ''}; "
                             f"got x={args.x!r}, y={args.y!r}. {nodes}")
    if q in _TRIPLE:
        if args.z is None:
            raise ToolInputError(f"query '{q.value}' needs z (the {_TRIPLE[q][1]}) as well as x and y. {nodes}")
        return _TRIPLE[q][0](g, args.z, args.x, args.y)
    if q is Query.IS_DIRECT_CAUSE:
        return is_direct_cause(g, args.x, args.y)
    if q is Query.D_SEPARATED:
        return d_separated(g, args.x, args.y, args.given)
    return paths(g, args.x, args.y, args.given)


def _run(ctx: AnalysisContext, args: QueryGraphArgs) -> ToolOutput:
    graph = ctx.require_graph()
    if graph.lagged_edges():
        graph = graph.summary_graph()
        ctx.add_assumption("Time-series graph summarised: X(t-k) -> Y(t) for any lag k > 0 counts as X causes Y.")
    result = run_query(graph, args)
    return ToolOutput(result, result.sentence())


TOOLS = [
    Tool("query_graph",
         "Ask the current causal graph a question. Queries and the arguments they need: "
         "parents/children/ancestors/descendants/causes_of/effects_of (x); is_direct_cause (x, y); "
         "is_confounder, is_collider, is_mediator (z = the candidate, x, y); d_separated (x, y, given); "
         "paths (x, y, optional given: causal and back-door paths). Answers are yes / no / uncertain: "
         "uncertain when the graph leaves an edge's direction open.",
         ToolGroup.GRAPH_QUERY, QueryGraphArgs, _run),
]
