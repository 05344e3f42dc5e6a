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

from agent.llm import LLMUsage, MalformedReply, is_malformed_reply, malformed_reply_hint, model_name
from agent.planners.base import StepRunner
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


class LLMPlanner:
    def __init__(self, model: Any, max_steps: int = 12, max_retries: int = 2, backoff_s: float = 1.0) -> None:
        self.model = model
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
        bound = self.model.bind_tools(runner.registry.as_langchain_tools())
        graph = runner.ctx.graph
        system = render("planner_system", data_summary=data_summary, query_summary=describe_query(query),
                        current_graph=str(graph) if graph is not None else "")
        messages: list[Any] = [SystemMessage(system), HumanMessage(query.raw or describe_query(query))]
        unreadable = 0
        for _ in range(self.max_steps):
            try:
                ai = self._invoke(bound, messages, info)
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
                runner.run(call["name"], call.get("args") or {}, thought or f"The model chose {call['name']}.")
                messages.append(ToolMessage(runner.steps[-1].observation, tool_call_id=call.get("id") or ""))
            for bad in invalid:
                observation = (f"Error: the arguments for {bad.get('name')!r} are not valid JSON "
                               f"({bad.get('error') or 'parse error'}). Send one JSON object with the tool's fields.")
                runner.note(thought or "The model sent a malformed tool call.", observation)
                runner.steps[-1].ok = False
                messages.append(ToolMessage(observation, tool_call_id=bad.get("id") or ""))
        info.hit_step_cap = True
        runner.note("Stopped: the step cap was reached.", f"{self.max_steps} model turns without a final answer.")
        return info

    def _invoke(self, bound: Any, messages: list[Any], info: LLMRun) -> Any:
        """One reply. An unreadable reply raises MalformedReply at once (resending the same request
        would not help); outages are retried with backoff, then raise LLMUnavailable."""
        last_error: Exception | None = None
        for attempt in range(self.max_retries + 1):
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
