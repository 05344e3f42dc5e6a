"""Cost suite: calls and prompt sizes are measured from what the scripted model received."""

from evals import cost_suite
from evals.scripted_model import ScriptedChatModel, text_reply


def test_prompt_size_counts_messages_and_tool_schemas():
    from langchain_core.messages import HumanMessage
    from pydantic import BaseModel

    class Pick(BaseModel):
        """Pick a column."""
        column: str

    model = ScriptedChatModel(responses=[text_reply("ok"), text_reply("ok")])
    model.invoke([HumanMessage(content="x" * 100)])
    bare = model.sent_chars[-1]
    model.bind_tools([Pick]).invoke([HumanMessage(content="x" * 100)])
    assert bare == 100
    assert model.sent_chars[-1] > bare + len("Pick a column.")


def test_cost_rows_compare_the_llm_loop_with_the_offline_planner():
    """Issue 18's budget: an effect question <= 6 calls and <= 40k characters in total (schemas and
    the report narrative included), a role question <= 3 planner calls, same answers as offline."""
    rows = {r["planner"]: r for r in cost_suite.run(seed=0, repeats=1)}
    assert rows["offline (effect)"]["llm_calls"] == 0 and rows["offline (effect)"]["prompt_chars_sent"] == 0
    route = rows["LLM, standard route (effect)"]
    assert route["llm_calls"] <= 6 and route["prompt_chars_sent"] <= 40_000
    assert route["answer"] == rows["offline (effect)"]["answer"] and not route["degraded"]
    assert route["est_input_tokens"] == -(-route["prompt_chars_sent"] // 4)
    role = rows["LLM, standard route (role)"]
    assert role["llm_calls"] <= 3  # extraction, the route (its complete answer ends the plan), the narrative
    assert role["answer"] == rows["offline (role)"]["answer"]
    by_hand = rows["LLM, tool by tool (effect)"]
    assert by_hand["prompt_chars_sent"] > route["prompt_chars_sent"]  # every turn re-sends prompt and schemas
