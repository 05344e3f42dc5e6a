"""The LLM planner: a ReAct loop on LangChain tool calling.

The model sees the data summary (names, types, shape — never rows), the parsed
question and the tools; it picks the next tool and its arguments. Tool errors go back
to it as observations listing the valid choices. Calls and tokens are counted; a step
cap stops loops; transient API failures are retried with backoff, then reported as
``LLMUnavailable`` so the agent can fall back to the offline planner."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from agent.llm import (LLMProfile, LLMUsage, MalformedReply, compact_schema, is_malformed_reply, malformed_reply_hint,
                       model_name)
from agent.planners import standard_route
from agent.planners.base import StepRunner
from agent.planners.tool_sets import tool_names_for
from agent.query import Query
from prompts import render
from tools.context import Actor


class LLMUnavailable(RuntimeError):
    """The model could not be reached or kept failing; the offline planner should take over.
    ``usage`` counts the requests that were sent before giving up."""

    def __init__(self, message: str, usage: LLMUsage | None = None) -> None:
        super().__init__(message)
        self.usage = usage or LLMUsage()


MAX_UNREADABLE_REPLIES = 3  # in a row; then the offline planner takes over


@dataclass
class LLMRun:
    usage: LLMUsage = field(default_factory=LLMUsage)
    final_message: str = ""
    hit_step_cap: bool = False
    route_answered: bool = False  # the standard route gave a complete answer: the plan ended there


class LLMPlanner:
    def __init__(self, model: Any, max_steps: int = 12, max_retries: int = 2, backoff_s: float = 1.0,
                 profile: LLMProfile = LLMProfile.FULL) -> None:
        self.model = model
        self.profile = profile
        self.max_steps = max_steps
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.name = model_name(model)

    def run(self, runner: StepRunner, query: Query, data_summary: str) -> LLMRun:
        """Let the model drive; while it does, the context knows a model is acting (memory writes are fenced)."""
        previous, runner.ctx.actor = runner.ctx.actor, Actor.MODEL
        try:
            return self._loop(runner, query, data_summary)
        finally:
            runner.ctx.actor = previous

    def _loop(self, runner: StepRunner, query: Query, data_summary: str) -> LLMRun:
        from langchain_core.messages import HumanMessage, SystemMessage, ToolMessage

        info = LLMRun()
        small = self.profile is LLMProfile.SMALL
        tools = [compact_schema(standard_route.langchain_tool())] if small else offered_tools(runner, query)
        bound = self.model.bind_tools(tools)
        graph = runner.ctx.graph
        system = render("planner_small" if small else "planner_system", data_summary=data_summary,
                        query_summary=describe_query(query), current_graph=str(graph) if graph is not None else "")
        messages: list[Any] = [SystemMessage(system), HumanMessage(query.raw or describe_query(query))]
        unreadable = 0
        for _ in range(self.max_steps):
            try:
                ai = self._invoke(bound, messages, info, tools)
            except MalformedReply as exc:
                unreadable += 1
                runner.note("The model's reply could not be read.", f"Error: {exc}")
                runner.steps[-1].ok = False
                if unreadable >= MAX_UNREADABLE_REPLIES:
                    raise LLMUnavailable(f"{unreadable} replies in a row could not be read: {exc}", info.usage)
                messages.append(HumanMessage(str(exc)))
                continue
            unreadable = 0
            messages.append(ai)
            thought = _text(ai.content)
            calls = list(getattr(ai, "tool_calls", None) or [])
            invalid = list(getattr(ai, "invalid_tool_calls", None) or [])
            if not calls and not invalid:
                info.final_message = thought
                return info
            for call in calls:
                observation, answered = self._run_call(runner, query, call, thought)
                info.route_answered = info.route_answered or answered
                messages.append(ToolMessage(observation, tool_call_id=call.get("id") or ""))
            for bad in invalid:
                observation = (f"Error: the arguments for {bad.get('name')!r} are not valid JSON "
                               f"({bad.get('error') or 'parse error'}). Send one JSON object with the tool's fields.")
                runner.note(thought or "The model sent a malformed tool call.", observation)
                runner.steps[-1].ok = False
                messages.append(ToolMessage(observation, tool_call_id=bad.get("id") or ""))
            if info.route_answered:  # the expert route answered: one model call saved, nothing left to plan
                return info
        info.hit_step_cap = True
        runner.note("Stopped: the step cap was reached.", f"{self.max_steps} model turns without a final answer.")
        return info

    @staticmethod
    def _run_call(runner: StepRunner, query: Query, call: dict[str, Any], thought: str) -> tuple[str, bool]:
        """Run one tool call (or the standard route): (observation, whether the route answered).
        The step's thought is the call's reason."""
        name, args = call["name"], dict(call.get("args") or {})
        reason = _pop_reason(runner, name, args)
        why = reason or thought or f"The model chose {name}."
        if name == standard_route.NAME:
            runner.note(why, "The model asked for the standard route; its steps follow.")
            return standard_route.run(runner, query)
        runner.run(name, args, why)
        return runner.steps[-1].observation, False

    def _invoke(self, bound: Any, messages: list[Any], info: LLMRun, tools: list[Any] = ()) -> Any:
        """One reply. An unreadable reply raises MalformedReply at once (resending the same request
        would not help); outages are retried with backoff, then raise LLMUnavailable."""
        last_error: Exception | None = None
        for attempt in range(self.max_retries + 1):
            info.usage.add_sent(messages, tools)
            try:
                ai = bound.invoke(messages)
                info.usage.add(ai)
                return ai
            except Exception as exc:  # API errors, timeouts, rate limits: any provider's exception type
                info.usage.add_failed()
                if is_malformed_reply(exc):
                    raise MalformedReply(malformed_reply_hint(exc)) from None
                last_error = exc
                if attempt < self.max_retries:
                    time.sleep(self.backoff_s * (2 ** attempt))
        raise LLMUnavailable(f"The model failed {self.max_retries + 1} times: {last_error}", info.usage)


REASON_FIELD = "reason"
REASON_HELP = "One short sentence: why this step (shown to the user)."


def offered_tools(runner: StepRunner, query: Query) -> list[dict[str, Any]]:
    """The standard route plus the registry tools this question kind can use, as compact
    OpenAI-format schemas with a ``reason`` field (destructive tools are never offered)."""
    from agent.result import QuestionKind

    registry, ctx = runner.registry, runner.ctx
    names = [n for n in tool_names_for(QuestionKind(query.kind), ctx.data)
             if n in registry and not registry.get(n).destructive]
    if ctx.graph is None:  # identify_effect needs a graph the user gave; discovery goes through the route
        names = [n for n in names if n != "identify_effect"]
    if "load_graph" in names and not ctx.store.list(namespace=ctx.namespace):
        names.remove("load_graph")
    return [compact_schema(standard_route.langchain_tool()),
            *(compact_schema(_with_reason(registry.get(n))) for n in names)]


def _with_reason(tool: Any) -> Any:
    """A LangChain schema of ``tool`` with an optional ``reason`` argument added."""
    from langchain_core.tools import StructuredTool
    from pydantic import Field, create_model

    schema = tool.args_model
    if REASON_FIELD not in schema.model_fields:
        schema = create_model(schema.__name__, __base__=schema, __doc__=schema.__doc__,
                              reason=(str, Field("", description=REASON_HELP)))

    def _unbound(**_: Any) -> str:
        raise RuntimeError("Registry tools run through ToolRegistry.call with an AnalysisContext.")

    return StructuredTool.from_function(func=_unbound, name=tool.name, description=tool.description,
                                        args_schema=schema)


def _pop_reason(runner: StepRunner, name: str, args: dict[str, Any]) -> str:
    """The call's reason; removed from ``args`` unless the tool itself takes a ``reason``."""
    takes_it = name in runner.registry and REASON_FIELD in runner.registry.get(name).args_model.model_fields
    value = args.get(REASON_FIELD) if takes_it else args.pop(REASON_FIELD, "")
    return str(value or "").strip()[:300]


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content.strip()
    if isinstance(content, list):
        return " ".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content).strip()
    return str(content or "").strip()


def describe_query(query: Query) -> str:
    """A compact, model-readable summary of the parsed question."""
    fields = query.model_dump(exclude={"raw", "method"}, exclude_none=True, exclude_defaults=True)
    kind = getattr(query.kind, "value", query.kind)
    fields["kind"] = kind
    return json.dumps(fields, default=lambda o: getattr(o, "value", str(o)), sort_keys=True)
