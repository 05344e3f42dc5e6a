"""A scripted LangChain chat model: replays the given replies in order, records every
request, supports ``bind_tools`` (it returns the same model), and never uses a network.

    model = ScriptedChatModel(responses=[tool_call("extract_query", {...}), AIMessage("done")])
    model.received  # the message lists it was sent, one per call
"""

from __future__ import annotations

from itertools import count
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

_ids = count(1)


class ScriptedChatModel(FakeMessagesListChatModel):
    """Replies with ``responses`` in order (an Exception in the list is raised instead);
    raises once they run out, so a test notices an unexpected extra call."""

    responses: list[Any]
    received: list[list[BaseMessage]] = Field(default_factory=list)
    bound_tools: list[Any] = Field(default_factory=list)
    sent_chars: list[int] = Field(default_factory=list)  # per call: message text + tool schemas, as JSON
    tool_choice: Any = None

    def bind_tools(self, tools: Any, *, tool_choice: Any = None, **kwargs: Any) -> Any:
        """Like a provider: the tools go with the calls made through the returned runnable only."""
        self.bound_tools = list(tools)
        self.tool_choice = tool_choice
        return self.bind(tools=list(tools))

    @property
    def bound_tool_names(self) -> list[str]:
        from langchain_core.utils.function_calling import convert_to_openai_tool

        return [convert_to_openai_tool(t)["function"]["name"] for t in self.bound_tools]

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        self.received.append(list(messages))
        self.sent_chars.append(_prompt_chars(messages, kwargs.get("tools") or []))
        if self.i >= len(self.responses):
            raise RuntimeError(f"ScriptedChatModel ran out of responses after {self.i} calls; "
                               f"add more replies to the script.")
        response = self.responses[self.i]
        self.i += 1
        if isinstance(response, BaseException):
            raise response
        if callable(response):  # built at reply time, so it can fail the way a provider's parsing does
            response = response()
        return ChatResult(generations=[ChatGeneration(message=response)])

    @property
    def calls(self) -> int:
        return len(self.received)

    @property
    def _llm_type(self) -> str:
        return "scripted-chat-model"


def _prompt_chars(messages: list[BaseMessage], tools: list[Any]) -> int:
    """Characters a provider would receive for one call (the agent's own count, see agent.llm)."""
    from agent.llm import prompt_chars

    return prompt_chars(messages, tools)


def double_encoded_call(name: str, args: dict[str, Any]) -> Any:
    """A reply whose tool arguments are a JSON *string*, as small models often send. Reading it
    fails inside ``invoke`` exactly as in LangChain's OpenAI client (a pydantic ValidationError
    while building the AIMessage)."""
    import json

    def build() -> AIMessage:
        return AIMessage(content="", tool_calls=[{"name": name, "args": json.dumps(args), "id": f"call_{next(_ids)}",
                                                  "type": "tool_call"}])

    return build


def tool_call(name: str, args: dict[str, Any], *, input_tokens: int = 100, output_tokens: int = 20,
              content: str = "") -> AIMessage:
    """An AIMessage that calls tool ``name`` with ``args`` and reports token usage."""
    return AIMessage(content=content, tool_calls=[{"name": name, "args": args, "id": f"call_{next(_ids)}",
                                                   "type": "tool_call"}],
                     usage_metadata={"input_tokens": input_tokens, "output_tokens": output_tokens,
                                     "total_tokens": input_tokens + output_tokens})


def text_reply(content: str, *, input_tokens: int = 100, output_tokens: int = 20) -> AIMessage:
    """A plain AIMessage (no tool call) with token usage."""
    return AIMessage(content=content, usage_metadata={"input_tokens": input_tokens, "output_tokens": output_tokens,
                                                      "total_tokens": input_tokens + output_tokens})
