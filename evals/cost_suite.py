"""Cost suite: LLM calls and prompt size per analysis and wall time per analysis for both
planners. The model is scripted (no provider is reachable here), so calls and prompt sizes
measure our loop: the characters we send per call (messages + tool schemas) are counted,
and tokens are estimated at 4 characters each; a real model's replies and latency add to it."""

from __future__ import annotations

import time
from typing import Any

from agent.demo import DEMO_QUESTION, demo_data


def _scripted_effect_run() -> Any:
    from evals.scripted_model import ScriptedChatModel, text_reply, tool_call

    return ScriptedChatModel(responses=[
        tool_call("extract_query", {"kind": "effect", "variables": ["X", "Y"], "treatment": "X", "outcome": "Y"}),
        tool_call("recognise_design", {"treatment": "X", "outcome": "Y"}),
        tool_call("profile_data", {}),
        tool_call("discover_graph", {}),
        tool_call("assign_covariate_roles", {"treatment": "X", "outcome": "Y"}),
        tool_call("estimate_effect", {"treatment": "X", "outcome": "Y", "adjust_for": ["V", "Z", "W"]}),
        tool_call("effect_range", {"treatment": "X", "outcome": "Y"}),
        tool_call("refute_effect", {}),
        text_reply("Done."),
    ])


def run(seed: int = 0, repeats: int = 3) -> list[dict[str, Any]]:
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    df = demo_data(seed=seed)
    rows = []
    for planner in ("offline", "scripted LLM"):
        times, calls, chars = [], 0, 0
        for _ in range(repeats):
            llm = _scripted_effect_run() if planner != "offline" else None
            agent = CausalAgent(llm=llm, store=InMemoryGraphStore(), llm_backoff_s=0.0, llm_narrative=False)
            start = time.perf_counter()
            res = agent.analyze(df, DEMO_QUESTION, seed=seed)
            times.append(time.perf_counter() - start)
            calls, chars = res.llm_calls, sum(llm.sent_chars) if llm is not None else 0
        rows.append({"planner": planner, "llm_calls": calls, "prompt_chars_sent": chars,
                     "est_input_tokens": round(chars / 4), "seconds": min(times), "steps": len(res.steps)})
    return rows
