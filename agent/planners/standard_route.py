"""The standard route as one planner-level tool for the LLM: the offline planner's expert
plan for the parsed question (design first for effects; discovery and a graph query for
structure questions; the right test for independence), run on the same step runner.

A model that calls it gets the same abilities, steps and numbers as the offline planner
in one call; it keeps the freedom to call single tools when the user asked for something
the route did not do."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agent.planners.base import StepRunner
from agent.query import Query

NAME = "run_standard_route"
DESCRIPTION = ("Run the expert route for the parsed question in one step: for effects the study design first "
               "(randomised, instrument, DiD, RDD, synthetic control, or observational with covariate roles), "
               "then the estimate, its range and refutations; for causes, confounders, mediators, colliders and "
               "graphs a discovered graph and its query; for independence the right test. It follows the parsed "
               "question's method, controls, sample and estimand. A complete answer ends the analysis (no reply "
               "needed). If the user asked for something it does not do, call the single tools instead.")
OBSERVATION_CHARS = 900


class StandardRouteArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field("", description="One short sentence: why this step.")


def langchain_tool() -> Any:
    """The route as a LangChain tool schema (it runs through ``run``, never through LangChain)."""
    from langchain_core.tools import StructuredTool

    def _unbound(**_: Any) -> str:
        raise RuntimeError("The standard route runs through agent.planners.standard_route.run.")

    return StructuredTool.from_function(func=_unbound, name=NAME, description=DESCRIPTION,
                                        args_schema=StandardRouteArgs)


def run(runner: StepRunner, query: Query) -> tuple[str, bool]:
    """Run the offline plan on ``runner``: (the answer it reached, in short; whether it is complete).
    A complete answer ends the LLM's plan: no further model call is needed."""
    from agent.answers import compose_answer
    from agent.planners.offline import OfflinePlanner

    before = len(runner.steps)
    OfflinePlanner().run(runner, query)
    answer = compose_answer(runner.ctx, query)
    tools = ", ".join(dict.fromkeys(s.tool for s in runner.steps[before:] if s.tool)) or "no tools"
    status = "Answered" if answer.complete else "Not answered"
    return f"{status} ({tools}): {answer.answer}. {answer.explanation}"[:OBSERVATION_CHARS], answer.complete
