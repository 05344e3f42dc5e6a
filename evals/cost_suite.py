"""Cost suite: LLM calls and tokens per analysis (scripted model, so the numbers measure
our loop, not a provider) and wall time per analysis for both planners."""

from __future__ import annotations

import time
from typing import Any

from agent.demo import DEMO_QUESTION, demo_data


def _scripted_effect_run() -> Any:
    from evals.scripted_model import ScriptedChatModel, text_reply, tool_call

    return ScriptedChatModel(responses=[
        tool_call("extract_query", {"kind": "effect", "variables": ["X", "Y"], "treatment": "X", "outcome": "Y"},
                  input_tokens=900, output_tokens=60),
        tool_call("profile_data", {}, input_tokens=1400, output_tokens=20),
        tool_call("discover_graph", {}, input_tokens=1600, output_tokens=20),
        tool_call("identify_effect", {"treatment": "X", "outcome": "Y"}, input_tokens=1800, output_tokens=30),
        tool_call("estimate_effect", {"treatment": "X", "outcome": "Y"}, input_tokens=2000, output_tokens=30),
        tool_call("refute_effect", {}, input_tokens=2200, output_tokens=20),
        text_reply("Done.", input_tokens=2400, output_tokens=40),
    ])


def run(seed: int = 0, repeats: int = 3) -> list[dict[str, Any]]:
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    df = demo_data(seed=seed)
    rows = []
    for planner in ("offline", "scripted LLM"):
        times, calls, tokens = [], 0, 0
        for _ in range(repeats):
            llm = _scripted_effect_run() if planner != "offline" else None
            agent = CausalAgent(llm=llm, store=InMemoryGraphStore(), llm_backoff_s=0.0)
            start = time.perf_counter()
            res = agent.analyze(df, DEMO_QUESTION, seed=seed)
            times.append(time.perf_counter() - start)
            calls, tokens = res.llm_calls, res.tokens
        rows.append({"planner": planner, "llm_calls": calls, "tokens": tokens,
                     "seconds": min(times), "steps": len(res.steps)})
    return rows
