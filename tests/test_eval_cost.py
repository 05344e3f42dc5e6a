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
    rows = {r["planner"]: r for r in cost_suite.run(seed=0, repeats=1)}
    assert rows["offline"]["llm_calls"] == 0 and rows["offline"]["prompt_chars_sent"] == 0
    scripted = rows["scripted LLM"]
    assert scripted["llm_calls"] == 9  # extraction + eight planner turns in the script
    assert scripted["prompt_chars_sent"] > 9 * 1000  # every call re-sends the prompt and the tool schemas
    assert scripted["est_input_tokens"] == round(scripted["prompt_chars_sent"] / 4)
    assert scripted["steps"] == rows["offline"]["steps"]
