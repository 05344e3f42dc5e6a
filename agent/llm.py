"""One place that turns configuration into a LangChain chat model.

Precedence: the ``llm`` argument (a chat model, or a string "provider:model") →
environment (``CAUSAL_AGENT_MODEL``, ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``) → no model
(the offline planner runs)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import Enum
from typing import Any

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


class LLMConfigError(ValueError):
    """The LLM configuration is unusable; the message says how to fix it."""


CHARS_PER_TOKEN = 4  # the usual rule of thumb for English text and JSON


@dataclass
class LLMUsage:
    """LLM calls and tokens counted over one analysis."""

    calls: int = 0
    input_tokens: int = 0  # as reported by the server (some count only part of the request)
    output_tokens: int = 0
    chars_sent: int = 0  # counted here: every message and every tool schema of every request

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    @property
    def estimated_input_tokens(self) -> int:
        """``chars_sent`` at 4 characters per token (no tokenizer is available offline)."""
        return -(-self.chars_sent // CHARS_PER_TOKEN)

    @property
    def billed_tokens(self) -> int:
        """Tokens to report: the server's input count, or our estimate when the server counted less."""
        return max(self.input_tokens, self.estimated_input_tokens) + self.output_tokens

    def add_sent(self, messages: list[Any], tools: list[Any] = ()) -> None:
        """Count the characters of one request before it is sent."""
        self.chars_sent += prompt_chars(messages, tools)

    def merge(self, other: "LLMUsage") -> "LLMUsage":
        return LLMUsage(self.calls + other.calls, self.input_tokens + other.input_tokens,
                        self.output_tokens + other.output_tokens, self.chars_sent + other.chars_sent)

    def add(self, message: Any) -> None:
        """Count one answered request and its reported tokens."""
        self.calls += 1
        usage = getattr(message, "usage_metadata", None) or {}
        self.input_tokens += int(usage.get("input_tokens", 0) or 0)
        self.output_tokens += int(usage.get("output_tokens", 0) or 0)

    def add_failed(self) -> None:
        """Count a request that was sent but gave no usable reply (an outage, an unreadable reply)."""
        self.calls += 1


class LLMProfile(str, Enum):
    """How much the planner sends per request. ``small`` is for local models with short
    contexts: one tool (the standard route) and a short prompt, about 1.2k characters per
    planner request instead of about 10.8k (measured on the demo)."""

    FULL = "full"
    SMALL = "small"


def resolve_profile(profile: "str | LLMProfile | None", env: dict[str, str] | None = None) -> LLMProfile:
    """The profile from the argument, else ``$CAUSAL_AGENT_LLM_PROFILE``, else full."""
    env = dict(os.environ if env is None else env)
    value = profile or env.get("CAUSAL_AGENT_LLM_PROFILE") or LLMProfile.FULL.value
    try:
        return LLMProfile(str(getattr(value, "value", value)).strip().lower())
    except ValueError:
        raise LLMConfigError(f"Unknown LLM profile {value!r}: use one of "
                             f"{', '.join(p.value for p in LLMProfile)}.") from None


def prompt_chars(messages: list[Any], tools: list[Any] = ()) -> int:
    """Characters a provider receives for one request: every message's content and tool calls,
    plus the JSON schema of every bound tool."""
    from langchain_core.utils.function_calling import convert_to_openai_tool

    text = sum(len(m.content if isinstance(m.content, str) else json.dumps(m.content, default=str)) for m in messages)
    calls = sum(len(json.dumps(m.tool_calls, default=str)) for m in messages if getattr(m, "tool_calls", None))
    schemas = sum(len(json.dumps(convert_to_openai_tool(t), default=str)) for t in tools)
    return text + calls + schemas


def compact_schema(tool: Any) -> dict[str, Any]:
    """The tool's OpenAI schema without what costs tokens and says nothing: ``anyOf [T, null]``
    becomes ``T`` (the field is optional anyway), null defaults and titles go."""
    from langchain_core.utils.function_calling import convert_to_openai_tool

    schema = convert_to_openai_tool(tool)
    params = schema["function"].get("parameters", {})
    for name, prop in list(params.get("properties", {}).items()):
        params["properties"][name] = _compact_property(prop)
    return schema


def _compact_property(prop: dict[str, Any]) -> dict[str, Any]:
    options = prop.get("anyOf")
    if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
        kept = next(o for o in options if o != {"type": "null"})
        prop = {**{k: v for k, v in prop.items() if k != "anyOf"}, **kept}
    prop.pop("title", None)
    if prop.get("default", ...) is None:
        prop.pop("default")
    return prop


class MalformedReply(ValueError):
    """The model answered, but its reply could not be read (typically tool arguments sent as a
    JSON string instead of an object). Resending the same request will not help; telling the
    model what was wrong usually does."""


def is_malformed_reply(exc: BaseException) -> bool:
    """Whether ``exc`` came from reading the model's reply rather than from reaching the model."""
    from langchain_core.exceptions import OutputParserException
    from pydantic import ValidationError

    return isinstance(exc, (ValidationError, OutputParserException, json.JSONDecodeError))


def malformed_reply_hint(exc: BaseException) -> str:
    """What to tell the model after an unreadable reply: the cause in one line and the fix."""
    first = str(exc).strip().splitlines()
    detail = next((line.strip() for line in first[1:] if line.strip() and "errors.pydantic.dev" not in line),
                  first[0] if first else type(exc).__name__)
    return (f"Your last reply could not be read ({detail[:200]}). Tool arguments must be one JSON object such "
            'as {"treatment": "X", "outcome": "Y"}, not a string that holds JSON. Send the tool call again.')


def model_name(model: Any) -> str:
    for attr in ("model_name", "model", "model_id"):
        value = getattr(model, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(model).__name__


def resolve_llm(llm: Any = None, env: dict[str, str] | None = None) -> Any | None:
    """Return a chat model, or None for the offline planner."""
    env = dict(os.environ if env is None else env)
    if llm is not None and not isinstance(llm, str):
        if not hasattr(llm, "invoke"):
            raise LLMConfigError(f"llm must be a LangChain chat model or a string like 'openai:gpt-4o-mini', "
                                 f"got {type(llm).__name__}.")
        return llm
    spec = llm or env.get("CAUSAL_AGENT_MODEL")
    if spec in ("offline", "none"):
        return None
    base_url = env.get("OPENAI_BASE_URL")
    api_key = env.get("OPENAI_API_KEY")
    if not spec and not (api_key or base_url):
        return None
    provider, _, name = (spec or f"openai:{DEFAULT_OPENAI_MODEL}").partition(":")
    if not name:
        provider, name = "openai", provider
    if provider != "openai":
        return _init_other(provider, name)
    if not (api_key or base_url):
        raise LLMConfigError("An OpenAI model was requested but OPENAI_API_KEY is not set. Set it, or set "
                             "OPENAI_BASE_URL for a local OpenAI-compatible server (Ollama, vLLM, llama.cpp).")
    from langchain_openai import ChatOpenAI

    # Local OpenAI-compatible servers do not serve the Responses API: use chat completions.
    return ChatOpenAI(model=name, api_key=api_key or "not-needed", base_url=base_url,
                      use_responses_api=False, temperature=0, timeout=60, max_retries=2)


def _init_other(provider: str, name: str) -> Any:
    try:
        from langchain.chat_models import init_chat_model

        return init_chat_model(name, model_provider=provider, temperature=0)
    except ImportError as exc:
        raise LLMConfigError(f"Provider '{provider}' needs its LangChain package: {exc}.") from None
    except Exception as exc:  # provider SDKs raise their own errors for missing keys
        raise LLMConfigError(f"Cannot set up '{provider}:{name}': {exc}") from None
