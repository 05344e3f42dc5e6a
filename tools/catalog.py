"""Where the built-in tools live. Each module exports ``TOOLS``; the order here is the
order a planner sees them in: profile → discover → identify → estimate → refute."""

from __future__ import annotations

import importlib

from tools.base import Tool

TOOL_MODULES = (
    "tools.profiling",
    "tools.independence",
    "tools.discovery.tools",
    "tools.discovery.timeseries_tools",
    "tools.discovery.edge_posterior",
    "tools.graph_queries",
    "tools.design.tool",
    "tools.identification.tools",
    "tools.covariates.tool",
    "tools.estimation.tools",
    "tools.estimation.drivers",
    "tools.refutation",
    "tools.counterfactual",
    "tools.memory_tools",
)


def all_tools() -> list[Tool]:
    tools: list[Tool] = []
    for name in TOOL_MODULES:
        tools.extend(importlib.import_module(name).TOOLS)
    return tools
