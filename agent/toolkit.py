"""The registry's tools bound to one dataset, for other agents (LangChain, MCP).

A ``Workspace`` holds one prepared table with its analysis context: the graph, knowledge
and results the tools leave behind stay there between calls, exactly as in one
``analyze`` run. ``toolkit(df)`` returns its tools as LangChain ``StructuredTool``s with
the same names, descriptions and argument models the LLM planner sees; a tool's reply is
the short observation text (an error message that says how to fix the call when the
arguments are wrong), and the DataFrame never reaches a model. Destructive tools (deleting
stored graphs) are never offered.

    from agent.toolkit import toolkit
    from langchain.agents import create_agent

    agent = create_agent(model, tools=toolkit(df, description="price: unit price ..."))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from agent.data import prepare_frame
from memory.store import GraphStore, InMemoryGraphStore
from tools.base import DataError, ToolInputError
from tools.context import AnalysisContext
from tools.registry import ToolRegistry, default_registry


@dataclass
class Workspace:
    """One table and the analysis state the tools build on it."""

    ctx: AnalysisContext
    registry: ToolRegistry

    @classmethod
    def open(cls, data: pd.DataFrame, *, description: str | None = None, store: GraphStore | None = None,
             seed: int = 0, registry: ToolRegistry | None = None) -> "Workspace":
        prepared = prepare_frame(data)
        ctx = AnalysisContext(data=prepared.frame, store=store if store is not None else InMemoryGraphStore(),
                              seed=seed, description=description)
        for note in prepared.notes:
            ctx.add_warning(note)
        return cls(ctx, registry or default_registry())

    def tool_names(self) -> list[str]:
        return self.registry.names(include_destructive=False)

    def call(self, name: str, arguments: dict[str, Any] | None) -> tuple[str, Any]:
        """(observation, typed result) of one tool call. Raises ``ToolInputError`` for a
        fixable call (unknown or destructive tool, bad arguments) and ``DataError`` when the
        data cannot support it; both messages say what to change."""
        if name not in self.tool_names():
            raise ToolInputError(f"Unknown tool {name!r}. Valid tools: {', '.join(self.tool_names())}.")
        output = self.registry.call(name, arguments or {}, self.ctx)
        return output.observation, output.result


def toolkit(data: pd.DataFrame, *, description: str | None = None, store: GraphStore | None = None,
            seed: int = 0, registry: ToolRegistry | None = None) -> list[Any]:
    """The registry's non-destructive tools as LangChain tools bound to ``data``."""
    return bound_tools(Workspace.open(data, description=description, store=store, seed=seed, registry=registry))


def bound_tools(workspace: Workspace) -> list[Any]:
    from langchain_core.tools import StructuredTool

    tools = []
    for name in workspace.tool_names():
        tool = workspace.registry.get(name)
        tools.append(StructuredTool.from_function(func=_caller(workspace, name), name=name,
                                                  description=tool.description, args_schema=tool.args_model))
    return tools


def _caller(workspace: Workspace, name: str):
    def call(**arguments: Any) -> str:
        try:
            observation, _ = workspace.call(name, _plain(arguments))
        except (ToolInputError, DataError) as exc:
            return f"Error: {exc}"
        return observation
    return call


def _plain(arguments: dict[str, Any]) -> dict[str, Any]:
    """Arguments as JSON values (LangChain may hand over validated pydantic values)."""
    return {k: (v.model_dump() if hasattr(v, "model_dump") else v) for k, v in arguments.items()}
