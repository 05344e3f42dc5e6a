"""What a tool is: a name, an LLM-facing description, a strict argument model and a
function over the shared ``AnalysisContext`` that returns a typed result plus a short
observation for the planner."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Callable

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from tools.context import AnalysisContext

_TOOL_NAME = re.compile(r"^[a-z][a-z0-9_]{2,63}$")


class ToolGroup(str, Enum):
    PROFILING = "profiling"
    INDEPENDENCE = "independence"
    DISCOVERY = "discovery"
    IDENTIFICATION = "identification"
    ESTIMATION = "estimation"
    REFUTATION = "refutation"
    GRAPH_QUERY = "graph_query"
    COUNTERFACTUAL = "counterfactual"
    MEMORY = "memory"


class ToolInputError(ValueError):
    """The planner asked for something invalid (unknown variable, bad option).
    The message names the problem and lists the valid choices, so an LLM can retry."""


class DataError(ValueError):
    """The user's data cannot support the request; the message says what to fix."""


class ToolArgs(BaseModel):
    """Base for tool argument models: unknown or misspelt arguments are errors."""

    model_config = ConfigDict(extra="forbid")


@dataclass
class ToolOutput:
    """``result`` is the typed result (read by answers and reports); ``observation`` is
    the short factual text the planner sees."""

    result: Any
    observation: str


ToolFunction = Callable[["AnalysisContext", Any], ToolOutput]


@dataclass(frozen=True)
class Tool:
    """A typed tool. ``destructive`` tools (deleting memory) are never offered to an LLM."""

    name: str
    description: str
    group: ToolGroup
    args_model: type[ToolArgs]
    run: ToolFunction
    destructive: bool = False

    def __post_init__(self) -> None:
        if not _TOOL_NAME.match(self.name):
            raise TypeError(f"Tool name {self.name!r} must be snake_case, 3-64 characters.")
        if not (isinstance(self.args_model, type) and issubclass(self.args_model, ToolArgs)):
            raise TypeError(f"Tool {self.name}: args_model must subclass tools.base.ToolArgs.")
        if not self.description.strip():
            raise TypeError(f"Tool {self.name}: a description for the planner is required.")
        if not callable(self.run):
            raise TypeError(f"Tool {self.name}: run must be callable.")
        if not isinstance(self.group, ToolGroup):
            raise TypeError(f"Tool {self.name}: group must be a ToolGroup.")
