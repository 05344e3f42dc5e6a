"""The agent as an MCP server (official ``mcp`` SDK): other agents call ``analyze`` and the
registry's tools on tables in one allowed folder.

* ``analyze(path, question, ...)``: the whole analysis, as ``CausalAgent().analyze`` gives it
  (the structured result and the report's Markdown).
* every non-destructive registry tool (profile_data, recognise_design, discover_graph,
  identify_effect, estimate_effect, refute_effect, query_graph, counterfactual, list_graphs,
  load_graph, ...): ``session``, ``path`` and ``arguments``, the same argument model and the
  same error messages the LLM planner sees. A session keeps one workspace per table, so a
  graph learned by ``discover_graph`` is there for ``estimate_effect`` in the next call.
* ``start_session``: a token for the calls above (the protocol itself is stateless);
  ``list_datasets``: the tables the folder holds.

Paths are relative to the data folder; anything that resolves outside it (``..``, absolute
paths, symlinks out) is refused. Each session has its own graph memory and workspaces: two
sessions never see each other's graphs. Deleting graphs is not exposed.
"""

import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from agent.data import load_table
from agent.result import jsonable
from agent.toolkit import Workspace
from memory.store import InMemoryGraphStore
from tools.registry import ToolRegistry, default_registry

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet")
MAX_SESSIONS = 64  # the oldest session's workspaces are dropped beyond this


class DataFolder:
    """The one folder tables may be read from."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).expanduser().resolve()
        if not self.root.is_dir():
            raise ValueError(f"The data folder {self.root} does not exist; create it or pass another --data-dir.")

    def resolve(self, path: str) -> Path:
        """The table at ``path`` (relative to the folder); refuses anything outside it."""
        if not isinstance(path, str) or not path.strip():
            raise ValueError("Give 'path', a table file inside the data folder (see list_datasets).")
        candidate = Path(path)
        if candidate.is_absolute() or "\x00" in path:
            raise ValueError(f"'{path}' is not allowed: give a path relative to the data folder (see list_datasets).")
        full = (self.root / candidate).resolve()
        if not full.is_relative_to(self.root):
            raise ValueError(f"'{path}' is outside the data folder; only files inside it can be read.")
        if full.suffix.lower() not in TABLE_SUFFIXES:
            raise ValueError(f"'{path}' is not a table; use one of {', '.join(TABLE_SUFFIXES)} (see list_datasets).")
        if not full.is_file():
            raise ValueError(f"No table '{path}' in the data folder. Tables: {', '.join(self.tables()) or 'none'}.")
        return full

    def tables(self) -> list[str]:
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*")
                      if p.suffix.lower() in TABLE_SUFFIXES and p.is_file()
                      and p.resolve().is_relative_to(self.root))


@dataclass
class ClientState:
    """What one client session has built: its graph memory and a workspace per table."""

    store: InMemoryGraphStore = field(default_factory=InMemoryGraphStore)
    workspaces: dict[Path, Workspace] = field(default_factory=dict)


class Sessions:
    """Client states by session token. The protocol is stateless (each request stands
    alone), so a client opens a session with ``start_session`` and passes its token; tokens
    are random and unguessable, and the oldest states are dropped beyond ``MAX_SESSIONS``."""

    def __init__(self) -> None:
        self._states: OrderedDict[str, ClientState] = OrderedDict()

    def open(self) -> str:
        token = secrets.token_urlsafe(16)
        self._states[token] = ClientState()
        while len(self._states) > MAX_SESSIONS:
            self._states.popitem(last=False)
        return token

    def of(self, token: str) -> ClientState:
        state = self._states.get(token) if isinstance(token, str) else None
        if state is None:
            raise ValueError("Unknown or expired session: call start_session and pass the token it returns.")
        self._states.move_to_end(token)
        return state


def build_server(data_dir: str | Path, *, registry: ToolRegistry | None = None, seed: int = 0,
                 agent_factory: Callable[..., Any] | None = None) -> MCPServer:
    """An ``MCPServer`` serving the tables in ``data_dir``."""
    folder = DataFolder(data_dir)
    registry = registry or default_registry()
    sessions = Sessions()
    server = MCPServer("causal-agent", instructions=(
        "Causal analysis of tables in one folder. Start with list_datasets, then analyze(path, question) for a "
        "full answer, or the single tools (profile_data, recognise_design, discover_graph, estimate_effect, ...) "
        "with path and arguments. Results and graphs persist within this session."))

    def make_agent(store: InMemoryGraphStore):
        if agent_factory is not None:
            return agent_factory(store=store)
        from agent import CausalAgent
        return CausalAgent(store=store, seed=seed)

    def start_session() -> dict:
        """Open a session: pass the returned token as 'session' to the other tools. Graphs, results and
        the graph memory built in a session stay there (and only there) between calls."""
        return {"session": sessions.open(), "tables": folder.tables()}

    def list_datasets() -> list[str]:
        """The table files (CSV, TSV, TXT, Parquet) in the data folder, as paths for the other tools."""
        return folder.tables()

    def analyze(path: str, question: str, session: str | None = None, treatment: str | None = None,
                outcome: str | None = None, description: str | None = None, design: str | None = None,
                graph: str | None = None) -> dict:
        """Answer a causal question about a table in the data folder, as analyze() does: the answer, the
        effect with its interval, assumptions, warnings, the steps and the report in Markdown. Optional:
        the session token (graphs learned are kept in it; a new session is opened when none is given and
        its token returned), treatment/outcome columns, a description of the columns, the design
        (randomized, iv, did, rdd, synthetic_control, panel, observational), a graph as 'A -> B; B -> C'."""
        try:
            token = session or sessions.open()
            state = sessions.of(token)
            result = make_agent(state.store).analyze(load_table(folder.resolve(path)), question, treatment=treatment,
                                                     outcome=outcome, description=description, design=design,
                                                     graph=graph)
        except ValueError as exc:
            raise _tool_error(exc) from None
        out = result.to_dict()
        out["report_markdown"] = out.pop("report")
        out["session"] = token
        return out

    server.add_tool(start_session, name="start_session")
    server.add_tool(list_datasets, name="list_datasets")
    server.add_tool(analyze, name="analyze")
    for name in registry.names(include_destructive=False):
        tool = registry.get(name)
        server.add_tool(_registry_tool(name, tool.args_model, folder, sessions, registry, seed), name=name,
                        description=f"{tool.description} Call with session (from start_session), path (a table "
                                    "in the data folder) and arguments (this tool's fields).")
    return server


def _registry_tool(name: str, args_model: type, folder: DataFolder, sessions: Sessions, registry: ToolRegistry,
                   seed: int) -> Callable[..., dict]:
    def run(session, path, arguments):  # annotations set below from the tool's argument model
        try:
            state = sessions.of(session)
            table = folder.resolve(path)
            workspace = state.workspaces.get(table)
            if workspace is None:
                workspace = Workspace.open(load_table(table), store=state.store, seed=seed, registry=registry)
                state.workspaces[table] = workspace
            raw = arguments.model_dump(exclude_none=True) if hasattr(arguments, "model_dump") else dict(arguments)
            observation, result = workspace.call(name, raw)
        except ValueError as exc:
            raise _tool_error(exc) from None
        return {"observation": observation, "result": jsonable(_as_dict(result))}

    run.__name__ = name
    run.__annotations__ = {"session": str, "path": str, "arguments": args_model, "return": dict}
    return run


def _as_dict(result: Any) -> Any:
    return result.to_dict() if hasattr(result, "to_dict") else result


def _tool_error(exc: Exception) -> ToolError:
    return ToolError(str(exc))


def serve(data_dir: str | Path, *, http: bool = False, port: int = 8765) -> None:
    """Run the server on stdio, or on streamable HTTP bound to 127.0.0.1."""
    import anyio

    server = build_server(data_dir)
    if http:
        anyio.run(lambda: server.run_streamable_http_async(host="127.0.0.1", port=port))
    else:
        anyio.run(server.run_stdio_async)
