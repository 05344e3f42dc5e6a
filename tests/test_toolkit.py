"""The registry's tools as a LangChain toolkit bound to a table, used by another agent."""

import re

import numpy as np
import pandas as pd
from langchain.agents import create_agent
from langchain_core.messages import ToolMessage

from agent.toolkit import toolkit
from evals.scripted_model import ScriptedChatModel, text_reply, tool_call


def _shop(seed=0, n=2000):
    rng = np.random.default_rng(seed)
    season = rng.normal(size=n)
    discount = 0.8 * season + rng.normal(size=n)
    sales = 2.0 * discount + 1.5 * season + rng.normal(size=n)
    return pd.DataFrame({"season": season, "discount": discount, "sales": sales})


def test_a_langchain_agent_answers_an_effect_question_with_the_toolkit():
    model = ScriptedChatModel(responses=[
        tool_call("discover_graph", {}),
        tool_call("identify_effect", {"treatment": "discount", "outcome": "sales"}),  # not identifiable: the
        tool_call("assign_covariate_roles", {"treatment": "discount", "outcome": "sales"}),  # route it advises
        tool_call("estimate_effect", {"treatment": "discount", "outcome": "sales", "adjust_for": ["season"]}),
        text_reply("Raising the discount by one unit raises sales by about 2."),
    ])
    agent = create_agent(model, tools=toolkit(_shop()))
    out = agent.invoke({"messages": [{"role": "user", "content": "What is the effect of discount on sales?"}]})
    observations = [m.content for m in out["messages"] if isinstance(m, ToolMessage)]
    assert len(observations) == 4 and "assign_covariate_roles" in observations[1]
    estimate = float(re.search(r"sales: (-?\d+\.\d+)", observations[-1]).group(1))
    assert abs(estimate - 2.0) < 0.1  # truth 2.0: the learned graph's adjustment set holds season
    assert "season" in observations[-1]
    assert {t.name for t in model.bound_tools} >= {"discover_graph", "estimate_effect"}


def test_a_wrong_call_gets_the_fix_not_an_exception():
    tools = {t.name: t for t in toolkit(_shop())}
    reply = tools["estimate_effect"].invoke({"treatment": "discount", "outcome": "revenue"})
    assert reply.startswith("Error:") and "revenue" in reply and "sales" in reply
    assert "delete_graph" not in tools
