"""The knowledge step of an analysis with a language model (``CausalAgent(llm_knowledge=True)``).

One model call suggests directions, impossible edges and hidden confounders from the column
names and descriptions; a graph learned from the data alone checks each suggestion
(``tools.knowledge_check``). Used suggestions become knowledge (stated in the assumptions,
with their provenance), contradicted ones are reported as warnings and not used, and the
planner then learns the graph again under the checked knowledge — the report shows both
graphs. Without a model the step does not run; the stated defaults (fixed attributes, the
question's direction, time order from names) apply as always."""

from __future__ import annotations

from typing import Any

from agent.knowledge_llm import ask_model
from agent.llm import LLMUsage
from agent.planners.base import StepRunner
from tools.covariates.timing import dictionary_entries
from tools.knowledge_check import CheckedSuggestion, Verdict, as_knowledge, check_suggestions

DATA_ONLY_GRAPH = "data_only_graph"
CHECKED_SUGGESTIONS = "knowledge_suggestions"
NO_MODEL_ASKED = ("No language model was asked for domain knowledge; the stated defaults apply: fixed attributes, "
                  "the question's direction, time order from names and descriptions.")


def run_knowledge_step(runner: StepRunner, model: Any, ignored: set[str] = frozenset()) -> LLMUsage:
    """Ask, check, and apply; returns the model usage of the step. ``ignored``: suggestions the
    user dropped ('a -> b' texts), reported and never used."""
    ctx = runner.ctx
    usage = LLMUsage()
    meanings = dictionary_entries(ctx.description, ctx.columns)
    suggestions, note = ask_model(model, ctx.columns, meanings, usage)
    if note:
        ctx.add_warning(f"Knowledge from the language model: {note}.")
    if not suggestions:
        return usage
    runner.run("discover_graph", {}, "Learn a graph from the data alone, to check the language model's "
                                     "suggestions against it.")
    data_graph = ctx.graph
    checked = [dropped(c) if c.suggestion.text() in ignored else c
               for c in check_suggestions(ctx.data, suggestions, data_graph)]
    ctx.results[CHECKED_SUGGESTIONS] = checked
    for c in checked:
        if c.verdict is Verdict.USED:
            ctx.add_assumption(f"From the language model, checked against the data: {c.line()}")
        else:
            ctx.add_warning(f"Language model suggestion not used: {c.line()}")
    knowledge = as_knowledge(checked)
    if knowledge.is_empty() or data_graph is None:
        return usage
    ctx.knowledge = ctx.knowledge.merged(knowledge)
    ctx.results[DATA_ONLY_GRAPH] = data_graph
    ctx.graph, ctx.graph_key, ctx.graph_source = None, None, None  # learned again under the checked knowledge
    runner.note("Checked knowledge applied.", f"{len(knowledge.forbidden)} constraint(s) from the language model "
                                              "passed the data checks; the graph is learned again with them.")
    return usage


def dropped(checked: CheckedSuggestion) -> CheckedSuggestion:
    return CheckedSuggestion(checked.suggestion, Verdict.REPORTED, "dropped by you (/knowledge drop)")
