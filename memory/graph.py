"""CausalGraph: one type for DAGs, CPDAGs, PAGs and ADMGs, with edge-end marks.

An edge has a mark at each end: TAIL ("-"), ARROW (">") or CIRCLE ("o").
    u --> v   directed       (TAIL at u, ARROW at v)
    u --- v   undirected     (CPDAG: orientation not decided by the data)
    u <-> v   bidirected     (hidden common cause)
    u o-> v   partially oriented, u o-o v  (PAG: ends the data cannot decide)
Time-series graphs set ``lag`` > 0 on an edge: ``u(t-lag) --> v(t)``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable, Iterator


class Mark(str, Enum):
    TAIL = "tail"
    ARROW = "arrow"
    CIRCLE = "circle"


class GraphType(str, Enum):
    DAG = "dag"
    CPDAG = "cpdag"
    PAG = "pag"
    ADMG = "admg"  # directed + bidirected edges (a DAG with hidden confounders)


_MARK_SYMBOL_LEFT = {Mark.TAIL: "-", Mark.ARROW: "<", Mark.CIRCLE: "o"}
_MARK_SYMBOL_RIGHT = {Mark.TAIL: "-", Mark.ARROW: ">", Mark.CIRCLE: "o"}
_EDGE_TEXT = re.compile(r"^\s*(?:\d+\.\s*)?(\S+)\s+([<o-])-([>o-])\s+(\S+)\s*$")


class GraphError(ValueError):
    """A graph given by the user is malformed; the message says what to fix."""


@dataclass(frozen=True)
class Edge:
    """An edge between ``u`` and ``v`` with the mark at each end.

    ``confidence`` is an optional bootstrap frequency of this exact edge type;
    ``lag`` > 0 marks a time-lagged edge u(t-lag) -> v(t).
    """

    u: str
    v: str
    mark_u: Mark = Mark.TAIL
    mark_v: Mark = Mark.ARROW
    confidence: float | None = None
    lag: int = 0

    def __post_init__(self) -> None:
        # One spelling per directed edge: "v <-- u" is stored as "u --> v".
        if self.lag == 0 and self.mark_u == Mark.ARROW and self.mark_v == Mark.TAIL:
            u, v = self.u, self.v
            object.__setattr__(self, "u", v)
            object.__setattr__(self, "v", u)
            object.__setattr__(self, "mark_u", Mark.TAIL)
            object.__setattr__(self, "mark_v", Mark.ARROW)

    @property
    def is_directed(self) -> bool:
        return self.mark_u == Mark.TAIL and self.mark_v == Mark.ARROW

    @property
    def is_undirected(self) -> bool:
        return self.mark_u == Mark.TAIL and self.mark_v == Mark.TAIL

    @property
    def is_bidirected(self) -> bool:
        return self.mark_u == Mark.ARROW and self.mark_v == Mark.ARROW

    @property
    def has_circle(self) -> bool:
        return Mark.CIRCLE in (self.mark_u, self.mark_v)

    @property
    def kind(self) -> str:
        if self.is_directed:
            return "directed"
        if self.is_undirected:
            return "undirected"
        if self.is_bidirected:
            return "bidirected"
        return "partial"

    def mark_at(self, node: str) -> Mark:
        if node == self.u:
            return self.mark_u
        if node == self.v:
            return self.mark_v
        raise KeyError(node)

    def other(self, node: str) -> str:
        return self.v if node == self.u else self.u

    def reversed(self) -> "Edge":
        """The same edge seen from ``v`` (``u``/``v`` swapped with their marks). Not normalised,
        so ``v --> u`` may appear as ``u <-- v``: use it for reading, not for storing."""
        flipped = object.__new__(Edge)
        for name, value in (("u", self.v), ("v", self.u), ("mark_u", self.mark_v), ("mark_v", self.mark_u),
                            ("confidence", self.confidence), ("lag", self.lag)):
            object.__setattr__(flipped, name, value)
        return flipped

    def text(self) -> str:
        left = _MARK_SYMBOL_LEFT[self.mark_u]
        right = _MARK_SYMBOL_RIGHT[self.mark_v]
        lag = f" (lag {self.lag})" if self.lag else ""
        return f"{self.u} {left}-{right} {self.v}{lag}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"u": self.u, "v": self.v, "mark_u": self.mark_u.value,
                               "mark_v": self.mark_v.value}
        if self.confidence is not None:
            out["confidence"] = self.confidence
        if self.lag:
            out["lag"] = self.lag
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Edge":
        return cls(u=str(data["u"]), v=str(data["v"]), mark_u=Mark(data.get("mark_u", "tail")),
                   mark_v=Mark(data.get("mark_v", "arrow")), confidence=data.get("confidence"),
                   lag=int(data.get("lag", 0)))


@dataclass
class CausalGraph:
    """A causal graph over named variables.

    ``latent`` lists nodes that are not columns of the data (hidden variables
    the user drew explicitly). ``metadata`` holds free-form facts such as the
    algorithm that produced the graph or per-edge orientation probabilities.
    """

    nodes: list[str] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    graph_type: GraphType = GraphType.DAG
    latent: set[str] = field(default_factory=set)
    metadata: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------ building
    def __post_init__(self) -> None:
        self.nodes = list(dict.fromkeys(str(n) for n in self.nodes))
        known = set(self.nodes)
        for edge in self.edges:
            for n in (edge.u, edge.v):
                if n not in known:
                    self.nodes.append(n)
                    known.add(n)

    def add_node(self, node: str) -> None:
        if node not in self.nodes:
            self.nodes.append(node)

    def add_edge(self, u: str, v: str, mark_u: Mark = Mark.TAIL, mark_v: Mark = Mark.ARROW,
                 confidence: float | None = None, lag: int = 0) -> None:
        """Add an edge, replacing an existing edge between u and v at the same lag — except
        that a bidirected edge (hidden common cause) and a directed edge may share a pair
        (a "bow arc"), as in an ADMG."""
        if u == v and lag == 0:
            raise GraphError(f"Self-loop on '{u}' is not allowed in a causal graph.")
        new = Edge(u, v, mark_u, mark_v, confidence, lag)
        self.edges = [e for e in self.edges
                      if not (_same_link(e, u, v, lag) and e.is_bidirected == new.is_bidirected)]
        self.add_node(u)
        self.add_node(v)
        self.edges.append(new)

    def remove_edge(self, u: str, v: str, lag: int = 0) -> bool:
        """Remove the edge between u and v; True if one existed. Contemporaneous edges
        match in either direction; a lagged edge u(t-lag) -> v(t) only in its own."""
        before = len(self.edges)
        self.edges = [e for e in self.edges if not _same_link(e, u, v, lag)]
        return len(self.edges) != before

    def copy(self) -> "CausalGraph":
        return CausalGraph(list(self.nodes), list(self.edges), self.graph_type,
                           set(self.latent), json.loads(json.dumps(self.metadata, default=str)))

    # ------------------------------------------------------------ queries
    def edge(self, u: str, v: str, lag: int = 0) -> Edge | None:
        """The edge between u and v oriented as seen from u (u is ``edge.u``), or None."""
        matches = [e if e.u == u else e.reversed() for e in self.edges if _same_link(e, u, v, lag)]
        # In a bow arc (X -> Y plus X <-> Y) report the non-bidirected edge first.
        matches.sort(key=lambda e: e.is_bidirected)
        return matches[0] if matches else None

    def incident(self, node: str) -> Iterator[Edge]:
        """Contemporaneous edges at ``node``, each oriented so that ``edge.u == node``."""
        for e in self.edges:
            if e.lag:
                continue
            if e.u == node:
                yield e
            elif e.v == node:
                yield e.reversed()

    def adjacent(self, node: str) -> set[str]:
        return {e.v for e in self.incident(node)}

    def parents(self, node: str) -> set[str]:
        return {e.v for e in self.incident(node) if e.mark_u == Mark.ARROW and e.mark_v == Mark.TAIL}

    def children(self, node: str) -> set[str]:
        return {e.v for e in self.incident(node) if e.is_directed}

    def undirected_neighbors(self, node: str) -> set[str]:
        return {e.v for e in self.incident(node) if e.is_undirected}

    def spouses(self, node: str) -> set[str]:
        return {e.v for e in self.incident(node) if e.is_bidirected}

    def directed_edges(self) -> list[tuple[str, str]]:
        return [(e.u, e.v) for e in self.edges if e.is_directed and not e.lag]

    def undirected_edges(self) -> list[tuple[str, str]]:
        return [(e.u, e.v) for e in self.edges if e.is_undirected and not e.lag]

    def bidirected_edges(self) -> list[tuple[str, str]]:
        return [(e.u, e.v) for e in self.edges if e.is_bidirected and not e.lag]

    def partial_edges(self) -> list[Edge]:
        return [e for e in self.edges if e.has_circle and not e.lag]

    def lagged_edges(self) -> list[Edge]:
        return [e for e in self.edges if e.lag]

    @property
    def is_fully_directed(self) -> bool:
        """True when every contemporaneous edge is directed (no ---, <->, o marks)."""
        return all(e.is_directed for e in self.edges if not e.lag)

    def skeleton(self) -> set[frozenset[str]]:
        return {frozenset((e.u, e.v)) for e in self.edges if not e.lag}

    def directed_digraph(self):
        """networkx DiGraph of the directed (-->) contemporaneous edges only."""
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(self.nodes)
        g.add_edges_from(self.directed_edges())
        return g

    def has_directed_cycle(self) -> bool:
        import networkx as nx

        return not nx.is_directed_acyclic_graph(self.directed_digraph())

    def ancestors(self, node: str) -> set[str]:
        """Nodes with a directed path into ``node`` (directed edges only)."""
        import networkx as nx

        return set(nx.ancestors(self.directed_digraph(), node))

    def descendants(self, node: str) -> set[str]:
        import networkx as nx

        return set(nx.descendants(self.directed_digraph(), node))

    def require_nodes(self, *names: str) -> None:
        missing = [n for n in names if n not in self.nodes]
        if missing:
            raise GraphError(f"Variable(s) {missing} are not in the graph. Graph nodes: {self.nodes}")

    def summary_graph(self) -> "CausalGraph":
        """Collapse a time-series graph: u(t-k) -> v(t) for any k > 0 becomes u --> v
        (time order fixes the direction); self-lags are dropped; lag-0 edges are kept.
        A pair linked both ways across lags becomes a bidirected-free 2-cycle, so such
        pairs are kept as undirected edges (the summary cannot order them)."""
        out = CausalGraph(nodes=list(self.nodes), latent=set(self.latent),
                          metadata={**self.metadata, "summary_of_lagged_graph": True})
        lagged = {(e.u, e.v) for e in self.edges if e.lag and e.u != e.v}
        for e in self.edges:
            if not e.lag:
                out.add_edge(e.u, e.v, e.mark_u, e.mark_v, e.confidence)
        for u, v in sorted(lagged):
            if (v, u) in lagged:
                if out.edge(u, v) is None:
                    out.add_edge(u, v, Mark.TAIL, Mark.TAIL)
            elif out.edge(u, v) is None or out.edge(u, v).is_undirected:
                out.add_edge(u, v)
        out.graph_type = out.infer_type()
        return out

    # ------------------------------------------------------------ conversions
    def to_networkx(self):
        """A networkx DiGraph. Directed edges are single arcs; undirected, bidirected and
        partially oriented edges appear as two arcs carrying the same ``kind`` attribute.
        Every arc has ``kind``, ``mark_u``/``mark_v`` (marks at the arc's tail/head end),
        ``lag`` and ``confidence``."""
        import networkx as nx

        g = nx.DiGraph(graph_type=self.graph_type.value)
        for n in self.nodes:
            g.add_node(n, latent=n in self.latent)
        for e in self.edges:
            attrs = {"kind": e.kind, "lag": e.lag, "confidence": e.confidence}
            g.add_edge(e.u, e.v, mark_u=e.mark_u.value, mark_v=e.mark_v.value, **attrs)
            if not e.is_directed:
                g.add_edge(e.v, e.u, mark_u=e.mark_v.value, mark_v=e.mark_u.value, **attrs)
        return g

    @classmethod
    def from_networkx(cls, g, latent: Iterable[str] = ()) -> "CausalGraph":
        """From a networkx graph. A DiGraph arc is directed unless its ``kind`` attribute
        says otherwise (``undirected``/``bidirected``) or the reverse arc also exists
        without a ``kind`` (then it is read as undirected). An undirected nx.Graph gives
        undirected edges. Nodes with attribute ``latent=True`` are latent."""
        import networkx as nx

        nodes = [str(n) for n in g.nodes]
        hidden = {str(n) for n, d in g.nodes(data=True) if d.get("latent")} | set(latent)
        graph = cls(nodes=nodes, latent=hidden)
        seen: set[frozenset[str]] = set()
        directed = isinstance(g, nx.DiGraph)
        for u, v, data in g.edges(data=True):
            u, v = str(u), str(v)
            pair = frozenset((u, v))
            kind = data.get("kind")
            if kind in (None, "directed") and directed and not g.has_edge(v, u):
                graph.add_edge(u, v, confidence=data.get("confidence"), lag=int(data.get("lag") or 0))
                continue
            if pair in seen:
                continue
            seen.add(pair)
            if "mark_u" in data and "mark_v" in data:
                marks = (Mark(data["mark_u"]), Mark(data["mark_v"]))
            elif kind == "bidirected":
                marks = (Mark.ARROW, Mark.ARROW)
            else:
                marks = (Mark.TAIL, Mark.TAIL)
            graph.add_edge(u, v, *marks, confidence=data.get("confidence"), lag=int(data.get("lag") or 0))
        graph.graph_type = graph.infer_type()
        return graph

    @classmethod
    def from_causallearn(cls, cl_graph, names: list[str],
                         graph_type: GraphType | None = None) -> "CausalGraph":
        """From a causal-learn ``GeneralGraph`` (or a node-index adjacency matrix ``graph.G``)
        whose node i corresponds to ``names[i]``. causal-learn stores the mark at i of the
        i-j edge in G[i, j]: -1 tail, 1 arrow, 2 circle (so i --> j is G[i,j] = -1, G[j,i] = 1)."""
        import numpy as np

        matrix = np.asarray(getattr(cl_graph, "graph", cl_graph))
        code = {-1: Mark.TAIL, 1: Mark.ARROW, 2: Mark.CIRCLE}
        graph = cls(nodes=list(names))
        p = len(names)
        for i in range(p):
            for j in range(i + 1, p):
                a, b = int(matrix[i, j]), int(matrix[j, i])  # mark at i, mark at j
                if a == 0 and b == 0:
                    continue
                mark_i, mark_j = code.get(a), code.get(b)
                if mark_i is None or mark_j is None:
                    raise GraphError(f"Unknown causal-learn edge code ({a}, {b}) between {names[i]} and {names[j]}")
                graph.add_edge(names[i], names[j], mark_i, mark_j)
        graph.graph_type = graph_type or graph.infer_type()
        return graph

    def to_causallearn_matrix(self):
        """Adjacency matrix in causal-learn's encoding (see ``from_causallearn``)."""
        import numpy as np

        index = {n: i for i, n in enumerate(self.nodes)}
        code = {Mark.TAIL: -1, Mark.ARROW: 1, Mark.CIRCLE: 2}
        m = np.zeros((len(self.nodes), len(self.nodes)), dtype=int)
        for e in self.edges:
            if e.lag:
                continue
            i, j = index[e.u], index[e.v]
            m[i, j] = code[e.mark_u]
            m[j, i] = code[e.mark_v]
        return m

    def infer_type(self) -> GraphType:
        if any(e.has_circle for e in self.edges):
            return GraphType.PAG
        if any(e.is_bidirected for e in self.edges) or self.latent:
            return GraphType.ADMG
        if any(e.is_undirected for e in self.edges):
            return GraphType.CPDAG
        return GraphType.DAG

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": list(self.nodes), "edges": [e.to_dict() for e in self.edges],
                "graph_type": self.graph_type.value, "latent": sorted(self.latent),
                "metadata": self.metadata}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CausalGraph":
        try:
            return cls(nodes=[str(n) for n in data.get("nodes", [])],
                       edges=[Edge.from_dict(e) for e in data.get("edges", [])],
                       graph_type=GraphType(data.get("graph_type", "dag")),
                       latent=set(data.get("latent", [])), metadata=dict(data.get("metadata", {})))
        except (KeyError, TypeError, ValueError) as exc:
            raise GraphError(f"Malformed graph JSON: {exc}") from exc

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, default=str)

    @classmethod
    def from_json(cls, text: str) -> "CausalGraph":
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise GraphError(f"Graph JSON does not parse: {exc}") from exc

    def to_dot(self) -> str:
        """Graphviz DOT. Marks become arrowtail/arrowhead (none/normal/odot)."""
        shape = {Mark.TAIL: "none", Mark.ARROW: "normal", Mark.CIRCLE: "odot"}
        lines = ["digraph G {"]
        for n in self.nodes:
            style = ', style="dashed"' if n in self.latent else ""
            lines.append(f'  "{_dot_escape(n)}" [label="{_dot_escape(n)}"{style}];')
        for e in self.edges:
            attrs = []
            if not e.is_directed:
                attrs.append(f'dir="both", arrowtail="{shape[e.mark_u]}", arrowhead="{shape[e.mark_v]}"')
            if e.confidence is not None:
                attrs.append(f'label="{e.confidence:.2f}"')
            if e.lag:
                attrs.append(f'lag="{e.lag}"')
            attr = f" [{', '.join(attrs)}]" if attrs else ""
            lines.append(f'  "{_dot_escape(e.u)}" -> "{_dot_escape(e.v)}"{attr};')
        lines.append("}")
        return "\n".join(lines)

    @classmethod
    def from_dot(cls, text: str) -> "CausalGraph":
        """Parse a small DOT subset: ``digraph { a -> b; c -- d; x -> y [dir=both]; h [latent] }``.
        ``dir=both`` with both arrowheads (the default) is a bidirected edge; nodes with
        ``latent`` or ``style=dashed`` attributes are latent."""
        body = text.strip()
        m = re.match(r"^\s*(strict\s+)?(di)?graph\s*[^{]*\{(.*)\}\s*$", body, re.S | re.I)
        if not m:
            raise GraphError("Not a DOT graph: expected 'digraph { A -> B; ... }'.")
        statements = [s.strip() for s in re.split(r"[;\n]", m.group(3)) if s.strip()]
        graph = cls()
        token = r'"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_.\-]+)'
        edge_re = re.compile(rf"^(?:{token})\s*(->|--)\s*(?:{token})\s*(\[(.*)\])?$")
        node_re = re.compile(rf"^(?:{token})\s*(\[(.*)\])?$")
        for st in statements:
            if re.match(r"^(graph|node|edge)\s*\[", st) or "=" in st.split("[")[0]:
                continue
            em = edge_re.match(st)
            if em:
                u = _dot_unescape(em.group(1) if em.group(1) is not None else em.group(2))
                v = _dot_unescape(em.group(4) if em.group(4) is not None else em.group(5))
                attrs = (em.group(7) or "").replace(" ", "")
                if em.group(3) == "--":
                    graph.add_edge(u, v, Mark.TAIL, Mark.TAIL)
                elif "dir=both" in attrs or "dir=\"both\"" in attrs:
                    head = Mark.CIRCLE if "arrowhead=\"odot\"" in attrs or "arrowhead=odot" in attrs else Mark.ARROW
                    tail = Mark.CIRCLE if "arrowtail=\"odot\"" in attrs or "arrowtail=odot" in attrs else (
                        Mark.TAIL if "arrowtail=\"none\"" in attrs or "arrowtail=none" in attrs else Mark.ARROW)
                    if "arrowhead=\"none\"" in attrs or "arrowhead=none" in attrs:
                        head = Mark.TAIL
                    graph.add_edge(u, v, tail, head)
                else:
                    graph.add_edge(u, v)
                continue
            nm = node_re.match(st)
            if nm:
                name = _dot_unescape(nm.group(1) if nm.group(1) is not None else nm.group(2))
                graph.add_node(name)
                attrs = (nm.group(4) or "").lower()
                if "latent" in attrs or "dashed" in attrs or "observed=\"no\"" in attrs:
                    graph.latent.add(name)
                continue
            raise GraphError(f"Cannot read DOT statement '{st[:80]}'. Use 'A -> B' or 'A -- B'.")
        graph.graph_type = graph.infer_type()
        return graph

    @classmethod
    def from_text(cls, text: str) -> "CausalGraph":
        """Parse causal-learn / Tetrad text format ('1. A --> B' lines, 'Graph Nodes:' header)."""
        graph = cls()
        lines = text.replace("\r", "\n").splitlines()
        for i, line in enumerate(lines):
            if line.strip().lower().startswith("graph nodes"):
                if i + 1 < len(lines):
                    for n in re.split(r"[;,]", lines[i + 1]):
                        if n.strip():
                            graph.add_node(n.strip())
                continue
            m = _EDGE_TEXT.match(line)
            if not m:
                continue
            left = {"<": Mark.ARROW, "o": Mark.CIRCLE, "-": Mark.TAIL}[m.group(2)]
            right = {">": Mark.ARROW, "o": Mark.CIRCLE, "-": Mark.TAIL}[m.group(3)]
            graph.add_edge(m.group(1), m.group(4), left, right)
        graph.graph_type = graph.infer_type()
        return graph

    @classmethod
    def from_edge_list(cls, edges: Iterable[Any], nodes: Iterable[str] = ()) -> "CausalGraph":
        """From ``[("A", "B"), ...]`` (directed) or strings like ``"A -> B"``, ``"A <-> B"``,
        ``"A -- B"``, ``"A o-> B"``."""
        graph = cls(nodes=list(nodes))
        for item in edges:
            if isinstance(item, str):
                parsed = cls.from_text(_normalise_edge_string(item))
                if not parsed.edges:
                    raise GraphError(f"Cannot read edge '{item}'. Use 'A -> B', 'A <-> B' or 'A -- B'.")
                for e in parsed.edges:
                    _refuse_two_cycle(graph, e.u, e.v, e.mark_u, e.mark_v)
                    graph.add_edge(e.u, e.v, e.mark_u, e.mark_v)
            elif isinstance(item, (tuple, list)) and len(item) == 2:
                u, v = str(item[0]), str(item[1])
                _refuse_two_cycle(graph, u, v, Mark.TAIL, Mark.ARROW)
                graph.add_edge(u, v)
            else:
                raise GraphError(f"Cannot read edge {item!r}: give a (cause, effect) pair or 'A -> B'.")
        graph.graph_type = graph.infer_type()
        return graph

    def edge_list_text(self) -> list[str]:
        return [e.text() for e in sorted(self.edges, key=lambda e: (e.lag, e.u, e.v))]

    def __str__(self) -> str:
        return f"{self.graph_type.value.upper()} over {len(self.nodes)} nodes: " + "; ".join(self.edge_list_text())


def _refuse_two_cycle(graph: CausalGraph, u: str, v: str, mark_u: Mark, mark_v: Mark) -> None:
    existing = graph.edge(u, v)
    if existing is not None and existing.mark_u == Mark.ARROW and existing.mark_v == Mark.TAIL \
            and mark_u == Mark.TAIL and mark_v == Mark.ARROW:
        raise GraphError(f"Both {u} -> {v} and {v} -> {u} were given: a causal graph cannot have a 2-cycle. "
                         f"For a hidden common cause write {u} <-> {v}.")


def _same_link(e: Edge, u: str, v: str, lag: int) -> bool:
    if e.lag != lag:
        return False
    if lag:
        return e.u == u and e.v == v
    return {e.u, e.v} == {u, v}


def _normalise_edge_string(item: str) -> str:
    s = item.strip()
    s = re.sub(r"\s*(<->|<-->)\s*", " <-> ", s)
    s = re.sub(r"\s*(?<![<o-])(-->|->)\s*", " --> ", s)
    s = re.sub(r"\s*o->\s*", " o-> ", s)
    s = re.sub(r"\s*o-o\s*", " o-o ", s)
    s = re.sub(r"\s+(--|---)\s+", " --- ", s)
    return s


def _dot_escape(name: str) -> str:
    return name.replace("\\", "\\\\").replace('"', '\\"')


def _dot_unescape(name: str) -> str:
    return name.replace('\\"', '"').replace("\\\\", "\\")
