"""Which registry tools the LLM planner is offered for each question kind.

Every schema goes with every request, so offering only what a question can use is the
largest saving (an effect question never needs counterfactual or time-series tools). The
standard route (``agent.planners.standard_route``) is always offered beside these."""

from __future__ import annotations

import pandas as pd

from agent.result import QuestionKind as K
from tools.profiling import TIME_NAME

_STRUCTURE = ("discover_graph", "query_graph", "load_graph")
_EFFECT = ("recognise_design", "discover_graph", "assign_covariate_roles", "estimate_effect", "effect_range",
           "refute_effect", "identify_effect", "load_graph")

TOOLS_BY_KIND: dict[K, tuple[str, ...]] = {
    K.EFFECT: _EFFECT,
    K.OVERVIEW: ("discover_graph", "query_graph", "rank_drivers"),
    K.ADJUSTMENT: ("advise_adjustment", "assign_covariate_roles", "discover_graph", "estimate_effect"),
    K.INDEPENDENCE: ("test_independence",),
    K.DIRECT_CAUSE: (*_STRUCTURE, "estimate_effect", "assign_covariate_roles", "edge_posteriors"),
    K.CONFOUNDER: _STRUCTURE,
    K.COLLIDER: _STRUCTURE,
    K.MEDIATOR: _STRUCTURE,
    K.CAUSES_OF: _STRUCTURE,
    K.EFFECTS_OF: _STRUCTURE,
    K.GRAPH: (*_STRUCTURE, "save_graph", "list_graphs"),
    K.COUNTERFACTUAL: ("discover_graph", "simulate_intervention", "counterfactual", "load_graph"),
}
TIME_SERIES_TOOL = "discover_lagged_graph"
TIME_SERIES_KINDS = frozenset({K.GRAPH, K.DIRECT_CAUSE, K.CAUSES_OF, K.EFFECTS_OF})


def may_be_time_series(data: pd.DataFrame) -> bool:
    """A datetime column, or a column named like time (t, date, year, ...) whose values increase."""
    for name in data.columns:
        column = data[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            return True
        if TIME_NAME.match(str(name)) and pd.api.types.is_numeric_dtype(column) and \
                column.dropna().is_monotonic_increasing:
            return True
    return False


def tool_names_for(kind: K, data: pd.DataFrame) -> tuple[str, ...]:
    """The registry tools offered to the model for a question of ``kind`` on ``data``."""
    names = TOOLS_BY_KIND[kind]
    if kind in TIME_SERIES_KINDS and may_be_time_series(data):
        names = (*names, TIME_SERIES_TOOL)
    return names
