"""Registers the ``mcp`` verb: the agent as an MCP server for other agents (stdio by
default, streamable HTTP on 127.0.0.1 with ``--http``)."""

from __future__ import annotations

import argparse

from agent.interfaces.cli import Verb, register_verb

_DESCRIPTION = """Serve analyze() and the analysis tools over the Model Context Protocol.

Tables are read only from --data-dir (paths relative to it; nothing outside is readable).
Each client session keeps its own graphs and results. Example client configuration
(Claude Desktop, Cursor, ...):

  {"mcpServers": {"causal-agent": {"command": "causal-agent",
                                   "args": ["mcp", "--data-dir", "/path/to/tables"]}}}
"""


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", required=True, help="the folder tables are read from (nothing outside it)")
    p.add_argument("--http", action="store_true", help="serve streamable HTTP on 127.0.0.1 instead of stdio")
    p.add_argument("--port", type=int, default=8765, help="port for --http (default 8765)")


def _run(args: argparse.Namespace) -> int:
    from agent.interfaces.mcp_server import serve

    serve(args.data_dir, http=args.http, port=args.port)
    return 0


register_verb(Verb("mcp", "serve the agent to other agents over MCP (stdio or local HTTP)", _configure, _run,
                   description=_DESCRIPTION))
