"""Cost suite: LLM calls and prompt size per analysis and wall time per analysis for both
planners. The model is scripted (no provider is reachable here), so calls and prompt sizes
measure our loop: the characters we send per call (messages + tool schemas) are counted,
and tokens are estimated at 4 characters each; a real model's replies and latency add to it."""

from __future__ import annotations

import time
from typing import Any

from agent.demo import DEMO_QUESTION, demo_data


NARRATIVE = '{"summary": "The effect of X on Y is 2.022 (95% CI 1.976 to 2.068).", "insights": ["Z affects X and Y."]}'
ROLE_NARRATIVE = '{"summary": "Z is a confounder of X and Y.", "insights": ["Z affects X and Y."]}'
EXTRACT_EFFECT = {"kind": "effect", "variables": ["X", "Y"], "treatment": "X", "outcome": "Y"}


def _tool_by_tool_run() -> Any:
    """A model that calls every tool of the design-first route itself (no standard route)."""
    from evals.scripted_model import ScriptedChatModel, text_reply, tool_call

    return ScriptedChatModel(responses=[
        tool_call("extract_query", EXTRACT_EFFECT),
        tool_call("recognise_design", {"treatment": "X", "outcome": "Y"}),
        tool_call("discover_graph", {}),
        tool_call("assign_covariate_roles", {"treatment": "X", "outcome": "Y"}),
        tool_call("estimate_effect", {"treatment": "X", "outcome": "Y", "adjust_for": ["V", "Z", "W"]}),
        tool_call("effect_range", {"treatment": "X", "outcome": "Y"}),
        tool_call("refute_effect", {}),
        text_reply("The effect of X on Y is 2.022."),
        text_reply(NARRATIVE), text_reply(NARRATIVE),
    ])


def _standard_route_run(extract: dict[str, Any], narrative: str) -> Any:
    """A model that follows the prompt: extract, run_standard_route (a complete answer ends the plan),
    then the report narrative (a second narrative reply is there for a regeneration)."""
    from evals.scripted_model import ScriptedChatModel, text_reply, tool_call

    return ScriptedChatModel(responses=[tool_call("extract_query", extract),
                                        tool_call("run_standard_route", {"reason": "The expert route fits."}),
                                        text_reply(narrative), text_reply(narrative)])


def _knowledge_run() -> Any:
    """The standard route with the knowledge step: one more call, suggesting directions."""
    from evals.scripted_model import ScriptedChatModel, text_reply, tool_call

    suggest = tool_call("suggest_knowledge", {"directions": [{"cause": "Z", "effect": "X", "reason": "Z comes first"},
                                                             {"cause": "X", "effect": "Y", "reason": "the question"}]})
    return ScriptedChatModel(responses=[tool_call("extract_query", EXTRACT_EFFECT), suggest,
                                        tool_call("run_standard_route", {"reason": "The expert route fits."}),
                                        text_reply(NARRATIVE), text_reply(NARRATIVE)])


CASES = {  # row name: (question, model factory or None for offline)
    "offline (effect)": (DEMO_QUESTION, None),
    "LLM, standard route (effect)": (DEMO_QUESTION, lambda: _standard_route_run(EXTRACT_EFFECT, NARRATIVE)),
    "LLM, tool by tool (effect)": (DEMO_QUESTION, _tool_by_tool_run),
    "offline (role)": ("Is Z a confounder of X and Y?", None),
    "LLM, standard route (role)": ("Is Z a confounder of X and Y?", lambda: _standard_route_run(
        {"kind": "confounder", "variables": ["Z", "X", "Y"], "subject": "Z", "treatment": "X", "outcome": "Y"},
        ROLE_NARRATIVE)),
    "LLM, standard route + checked knowledge (effect)": (DEMO_QUESTION, _knowledge_run),
}
AGENT_OPTIONS = {"LLM, standard route + checked knowledge (effect)": {"llm_knowledge": True}}


def run(seed: int = 0, repeats: int = 3) -> list[dict[str, Any]]:
    """One row per case: model calls, characters sent (messages + tool schemas, narrative included),
    estimated input tokens (4 characters each), wall time (best of ``repeats``) and steps."""
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    df = demo_data(seed=seed)
    rows = []
    for name, (question, make_model) in CASES.items():
        times = []
        for _ in range(repeats):
            llm = make_model() if make_model is not None else None
            agent = CausalAgent(llm=llm, store=InMemoryGraphStore(), llm_backoff_s=0.0, **AGENT_OPTIONS.get(name, {}))
            start = time.perf_counter()
            res = agent.analyze(df, question, seed=seed)
            times.append(time.perf_counter() - start)
        chars = sum(llm.sent_chars) if llm is not None else 0
        rows.append({"planner": name, "llm_calls": llm.calls if llm is not None else 0, "prompt_chars_sent": chars,
                     "est_input_tokens": -(-chars // 4), "seconds": round(min(times), 3), "steps": len(res.steps),
                     "answer": res.answer, "degraded": res.degraded})
    return rows
