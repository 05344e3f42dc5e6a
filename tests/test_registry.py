import pandas as pd
import pytest

from agent.planners.base import StepRunner
from memory.graph import CausalGraph
from tools import memory_tools
from tools.base import Tool, ToolArgs, ToolGroup, ToolInputError, ToolOutput
from tools.context import AnalysisContext
from tools.registry import ToolRegistry


def _ctx():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 1.0, 0.0]})
    return AnalysisContext(data=df)


def test_register_checks_what_it_is_given():
    reg = ToolRegistry()
    with pytest.raises(TypeError):
        reg.register(lambda ctx, args: None)
    with pytest.raises(TypeError, match="snake_case"):
        Tool("Bad Name", "d", ToolGroup.MEMORY, memory_tools.ListGraphsArgs, lambda c, a: None)
    reg.register(memory_tools.TOOLS[0])
    with pytest.raises(ValueError, match="already registered"):
        reg.register(memory_tools.TOOLS[0])


def test_unknown_tool_and_bad_arguments_list_valid_choices():
    reg = ToolRegistry(memory_tools.TOOLS)
    with pytest.raises(ToolInputError, match="Valid tools: save_graph, load_graph"):
        reg.call("discover", {}, _ctx())
    with pytest.raises(ToolInputError, match="Valid arguments: key"):
        reg.call("load_graph", {"name": "x"}, _ctx())


def test_destructive_tools_are_hidden_from_llms_and_refused_to_planners():
    reg = ToolRegistry(memory_tools.TOOLS)
    names = [t.name for t in reg.as_langchain_tools()]
    assert "delete_graph" not in names and "save_graph" in names
    ctx = _ctx()
    ctx.graph = CausalGraph.from_edge_list(["a -> b"])
    ctx.store.put("team-graph", ctx.graph, memory_tools.Provenance())
    runner = StepRunner(reg, ctx)
    assert runner.run("delete_graph", {"key": "team-graph"}, "model wants to delete") is None
    assert "explicit user command" in runner.steps[-1].observation
    assert ctx.store.get("team-graph").version == 1


def test_langchain_tools_carry_the_schema():
    reg = ToolRegistry(memory_tools.TOOLS)
    tool = {t.name: t for t in reg.as_langchain_tools()}["save_graph"]
    assert "key" in tool.args and "pricing-v2" in str(tool.args_schema.model_json_schema())


def test_results_are_recorded_and_failures_become_observations():
    class EchoArgs(ToolArgs):
        text: str

    def echo(ctx, args):
        if args.text == "bad":
            raise ToolInputError("text must not be 'bad'; valid: anything else")
        return ToolOutput({"echo": args.text}, f"echo {args.text}")

    reg = ToolRegistry([Tool("echo_text", "Echo.", ToolGroup.PROFILING, EchoArgs, echo)])
    ctx = _ctx()
    runner = StepRunner(reg, ctx)
    assert runner.run("echo_text", {"text": "hi"}, "t").observation == "echo hi"
    assert ctx.results["echo_text"] == {"echo": "hi"}
    assert runner.run("echo_text", {"text": "bad"}, "t") is None
    assert runner.steps[-1].ok is False and "valid: anything else" in runner.steps[-1].observation


def test_memory_tools_round_trip():
    reg = ToolRegistry(memory_tools.TOOLS)
    ctx = _ctx()
    ctx.graph = CausalGraph.from_edge_list(["a -> b"])
    reg.call("save_graph", {"key": "pricing-v2"}, ctx)
    ctx.graph = None
    out = reg.call("load_graph", {"key": "pricing-v2"}, ctx)
    assert ctx.graph.directed_edges() == [("a", "b")] and ctx.graph_key == "pricing-v2"
    assert "pricing-v2" in reg.call("list_graphs", {}, ctx).observation
    with pytest.raises(ToolInputError, match="pricing-v2"):
        reg.call("load_graph", {"key": "nope"}, ctx)
