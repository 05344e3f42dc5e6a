"""The tool registry: checks what it is given, validates calls, lists valid choices on
error, and exposes tools to LangChain without ever putting the DataFrame in a prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from pydantic import ValidationError

from tools.base import Tool, ToolGroup, ToolInputError, ToolOutput

if TYPE_CHECKING:
    from tools.context import AnalysisContext


class ToolRegistry:
    def __init__(self, tools: Iterable[Tool] = ()) -> None:
        self._tools: dict[str, Tool] = {}
        for tool in tools:
            self.register(tool)

    def register(self, tool: Tool) -> Tool:
        if not isinstance(tool, Tool):
            raise TypeError(f"register() takes a tools.base.Tool, got {type(tool).__name__}.")
        if tool.name in self._tools:
            raise ValueError(f"A tool named {tool.name!r} is already registered.")
        self._tools[tool.name] = tool
        return tool

    def get(self, name: str) -> Tool:
        try:
            return self._tools[name]
        except KeyError:
            raise ToolInputError(f"Unknown tool {name!r}. Valid tools: "
                                 f"{', '.join(self.names(include_destructive=False))}.") from None

    def names(self, include_destructive: bool = True) -> list[str]:
        return [n for n, t in self._tools.items() if include_destructive or not t.destructive]

    def by_group(self, group: ToolGroup) -> list[Tool]:
        return [t for t in self._tools.values() if t.group == group]

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def __iter__(self):
        return iter(self._tools.values())

    def validate_args(self, name: str, raw_args: dict[str, Any] | None) -> Any:
        tool = self.get(name)
        if raw_args is not None and not isinstance(raw_args, dict):
            raise ToolInputError(f"Arguments for {name} must be a JSON object; got {type(raw_args).__name__}.")
        try:
            return tool.args_model.model_validate(raw_args or {})
        except ValidationError as exc:
            fields = ", ".join(f"{f} ({_type_name(info.annotation)})"
                               for f, info in tool.args_model.model_fields.items())
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'arguments'}: {e['msg']}" for e in exc.errors())
            raise ToolInputError(f"Invalid arguments for {name}: {problems}. Valid arguments: {fields}.") from None

    def call(self, name: str, raw_args: dict[str, Any] | None, ctx: "AnalysisContext") -> ToolOutput:
        """Validate and run one tool. Raises ToolInputError for fixable planner mistakes."""
        tool = self.get(name)
        args = self.validate_args(name, raw_args)
        output = tool.run(ctx, args)
        if not isinstance(output, ToolOutput):
            raise TypeError(f"Tool {name} returned {type(output).__name__}, expected ToolOutput.")
        ctx.results[name] = output.result
        return output

    def as_langchain_tools(self, include_destructive: bool = False) -> list[Any]:
        """LangChain StructuredTools carrying each tool's name, description and argument
        schema (for ``bind_tools``). Execution goes through ``call`` with the context,
        so the DataFrame never reaches the model."""
        from langchain_core.tools import StructuredTool

        def _unbound(**_: Any) -> str:
            raise RuntimeError("Registry tools run through ToolRegistry.call with an AnalysisContext.")

        return [StructuredTool.from_function(func=_unbound, name=t.name, description=t.description,
                                             args_schema=t.args_model)
                for t in self._tools.values() if include_destructive or not t.destructive]


def _type_name(annotation: Any) -> str:
    return getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")


def default_registry() -> ToolRegistry:
    """All built-in tools. Tool modules export ``TOOLS``; heavy libraries load lazily inside them."""
    from tools import catalog

    return ToolRegistry(catalog.all_tools())
