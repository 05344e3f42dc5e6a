"""Re-ask an earlier question with a change: other controls, or a named discovery algorithm.

The change is written into the question text in the phrasing the question parser reads
("…, controlling for age and income", "…, using FCI"), so the same path serves the
offline parser and an LLM. An earlier phrase of the same sort is removed first, so the
question states the new choice exactly once."""

from __future__ import annotations

import re
from typing import Any

ALGORITHM_PHRASES = {"pc": "the PC algorithm", "fci": "FCI", "ges": "GES", "lingam": "LiNGAM"}
KIND_QUESTIONS = {
    "effect": "What is the effect of {treatment} on {outcome}",
    "graph": "Learn the causal graph from the data",
}

_CONTROLS = re.compile(
    r"[,;]?\s*(?:while\s+|and\s+)?(?:(?:controlling|adjusting|conditioning)\s+(?:for|on)|"
    r"(?:control|adjust)\s+for|without\s+controlling\s+for)\s+[^.?!;]*", re.IGNORECASE)
_DISCOVERY = re.compile(
    r"[,;]?\s*(?:using|with|via|by)\s+(?:the\s+)?(?:pc|fci|ges|(?:direct\s*-?)?lingam)(?:\s+algorithm)?\b",
    re.IGNORECASE)


def rephrase(question: str, query: dict[str, Any], *, controls: list[str] | None = None,
             algorithm: str | None = None) -> str:
    """``question`` with its adjustment set replaced by ``controls`` and/or its discovery
    algorithm replaced by ``algorithm`` (a key of ``ALGORITHM_PHRASES``)."""
    text = question.strip() or _from_query(query)
    if controls is not None:
        text = _CONTROLS.sub("", text)
        text = _trim(text) + (f", controlling for {join_names(controls)}" if controls
                              else ", without controlling for anything else")
    if algorithm is not None:
        if algorithm not in ALGORITHM_PHRASES:
            raise ValueError(f"Unknown discovery algorithm {algorithm!r}; choose one of "
                             f"{', '.join(ALGORITHM_PHRASES)}.")
        text = _trim(_DISCOVERY.sub("", text)) + f", using {ALGORITHM_PHRASES[algorithm]}"
    return _trim(text) + "?"


def graph_question(algorithm: str | None = None) -> str:
    """A discovery-only question (when there is no earlier question to re-run)."""
    base = KIND_QUESTIONS["graph"]
    return f"{base} using {ALGORITHM_PHRASES[algorithm]}." if algorithm else f"{base}."


def join_names(names: list[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"


def _from_query(query: dict[str, Any]) -> str:
    template = KIND_QUESTIONS.get(str(query.get("kind")))
    if template is None or "{treatment}" in template and not (query.get("treatment") and query.get("outcome")):
        raise ValueError("The earlier question cannot be re-run as it was given only as arguments; "
                         "ask it again in words, e.g. 'What is the effect of X on Y?'.")
    return template.format(treatment=query.get("treatment"), outcome=query.get("outcome"))


def _trim(text: str) -> str:
    return text.strip().rstrip("?.!,; ").strip()
