"""Ask a language model, once, for domain knowledge about the columns (directions, impossible
edges, likely hidden confounders). Its reply is data: names are matched to columns, nothing
is executed, and every item is checked against the data (``tools.knowledge_check``) before
use. Any failure leaves the analysis with no suggestions and a note."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, ValidationError

from agent.llm import LLMUsage, compact_schema
from tools.knowledge_check import Suggestion, SuggestionKind

TOOL_NAME = "suggest_knowledge"
MAX_MEANING_CHARS = 120
MAX_ITEMS = 15


class SuggestedLink(BaseModel):
    cause: str = Field(description="Column name, exactly as listed.")
    effect: str = Field(description="Column name, exactly as listed.")
    reason: str = Field("", description="At most 12 words.")


class SuggestKnowledge(BaseModel):
    """Domain knowledge about the columns; every item is checked against the data."""

    directions: list[SuggestedLink] = Field(default_factory=list, description="If linked, only cause -> effect.")
    impossible: list[SuggestedLink] = Field(default_factory=list, description="cause -> effect cannot exist.")
    confounders: list[SuggestedLink] = Field(default_factory=list,
                                             description="The two columns likely share an unmeasured cause.")


def ask_model(model: Any, columns: list[str], meanings: dict[str, str], usage: LLMUsage
              ) -> tuple[list[Suggestion], str]:
    """(suggestions, note) from one model call; the note says what went wrong, if anything."""
    from langchain_core.messages import HumanMessage, SystemMessage

    from prompts import render

    listed = [(c, (meanings.get(c) or "")[:MAX_MEANING_CHARS]) for c in columns]
    messages = [SystemMessage(render("suggest_knowledge", columns=listed)), HumanMessage("Call suggest_knowledge.")]
    schema = compact_schema(SuggestKnowledge)
    schema["function"]["name"] = TOOL_NAME
    usage.add_sent(messages, [schema])
    try:
        try:
            runnable = model.bind_tools([schema], tool_choice=TOOL_NAME)
        except NotImplementedError:
            runnable = model
        reply = runnable.invoke(messages)
    except Exception as exc:  # a failing model must not stop the analysis
        usage.add_failed()
        return [], f"the language model was not reachable ({type(exc).__name__}); no suggestions used"
    usage.add(reply)
    calls = [c for c in getattr(reply, "tool_calls", None) or [] if c.get("name") in (TOOL_NAME, "", None)]
    if not calls:
        return [], "the language model made no suggestion call; no suggestions used"
    try:
        parsed = SuggestKnowledge.model_validate(calls[0].get("args") or {})
    except ValidationError:
        return [], "the language model's suggestions were malformed; none used"
    return _suggestions(parsed)[:MAX_ITEMS], ""


def _suggestions(parsed: SuggestKnowledge) -> list[Suggestion]:
    kinds = [(SuggestionKind.DIRECTION, parsed.directions), (SuggestionKind.IMPOSSIBLE, parsed.impossible),
             (SuggestionKind.CONFOUNDER, parsed.confounders)]
    return [Suggestion(kind, link.cause.strip(), link.effect.strip(), " ".join(link.reason.split()[:20]))
            for kind, links in kinds for link in links]
