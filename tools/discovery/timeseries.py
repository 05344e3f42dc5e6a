"""Time-series (lagged) causal discovery: an algorithm registry and one entry point.

``discover_lagged`` orders the rows by time, checks stationarity, runs a registered
algorithm and returns a ``CausalGraph`` whose edges carry lags (Edge.lag = k means
u(t-k) → v(t); contemporaneous links have lag 0 and are undirected when undecided).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from memory.graph import CausalGraph
from tools.base import ToolInputError
from tools.discovery.timeseries_data import DIFFERENCE_MODES, prepare_series
from tools.discovery.timeseries_granger import run_granger
from tools.discovery.timeseries_lingam import run_var_lingam
from tools.discovery.timeseries_links import (CORRECTIONS, AlgorithmOutput, LaggedLink, LagSettings,
                                              links_to_graph)
from tools.discovery.timeseries_pcmci import run_pcmci

MAX_LAG_LIMIT = 20
COMMON_ASSUMPTIONS = (
    "Stationarity: each series' dependence structure does not change over time.",
    "Causal sufficiency: no hidden common cause drives two of the analysed series.",
    "max_lag covers the true lags: effects arriving later than max_lag steps are missed or misattributed.",
    "Rows are equally spaced in time, so a lag of k rows is the same delay everywhere.",
)

AlgorithmRun = Callable[[np.ndarray, list[str], LagSettings], AlgorithmOutput]


@dataclass(frozen=True)
class LaggedAlgorithm:
    """A lagged discovery algorithm: ``run(values, names, settings)`` plus what it assumes."""

    name: str
    run: AlgorithmRun
    description: str
    assumptions: tuple[str, ...] = ()


LAGGED_ALGORITHMS: dict[str, LaggedAlgorithm] = {}


def register_lagged_algorithm(algorithm: LaggedAlgorithm) -> LaggedAlgorithm:
    """Add an algorithm to the registry (names are unique)."""
    if not isinstance(algorithm, LaggedAlgorithm):
        raise TypeError(f"register_lagged_algorithm() takes a LaggedAlgorithm, got {type(algorithm).__name__}.")
    if algorithm.name in LAGGED_ALGORITHMS:
        raise ValueError(f"A lagged algorithm named {algorithm.name!r} is already registered.")
    LAGGED_ALGORITHMS[algorithm.name] = algorithm
    return algorithm


register_lagged_algorithm(LaggedAlgorithm(
    "pcmci", run_pcmci,
    "PCMCI with partial-correlation tests: selects each series' lagged conditions, then tests every "
    "lagged link given the parents of both ends. Robust with many autocorrelated series.",
    ("Linear dependencies (partial-correlation tests).",)))
register_lagged_algorithm(LaggedAlgorithm(
    "var_lingam", run_var_lingam,
    "VAR-LiNGAM: a structural VAR whose non-Gaussian innovations identify the direction of "
    "contemporaneous links; lagged and contemporaneous coefficients are t-tested.",
    ("Linear dependencies.", "Innovations are non-Gaussian and mutually independent.",
     "Contemporaneous effects form an acyclic graph.")))
register_lagged_algorithm(LaggedAlgorithm(
    "granger", run_granger,
    "Conditional Granger causality: F-tests in one VAR (order by AIC) of whether a series' past "
    "improves the prediction of another given every series' past. Predictive, not interventional.",
    ("Linear dependencies.", "Granger causality equals causation only without hidden common causes "
     "and with all relevant series included.")))


@dataclass
class LaggedDiscovery:
    """The lagged graph, its links (strongest first) and everything needed to judge them."""

    graph: CausalGraph
    links: list[LaggedLink]
    algorithm: str
    parameters: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    stationarity: dict[str, dict[str, Any]] = field(default_factory=dict)
    time_column: str | None = None
    seconds: float = 0.0
    graph_key: str | None = None  # set by the tool once the graph is stored

    def to_dict(self) -> dict[str, Any]:
        return {"graph": self.graph.to_dict(), "links": [l.to_dict() for l in self.links],
                "algorithm": self.algorithm, "parameters": self.parameters, "warnings": self.warnings,
                "notes": self.notes, "assumptions": self.assumptions, "stationarity": self.stationarity,
                "time_column": self.time_column, "graph_key": self.graph_key, "seconds": round(self.seconds, 3)}


def discover_lagged(data: pd.DataFrame, variables: list[str] | None = None, time_column: str | None = None,
                    max_lag: int = 3, algorithm: str = "pcmci", alpha: float = 0.01,
                    correction: str = "none", difference: str = "none", contemporaneous: bool = True,
                    seed: int = 0) -> LaggedDiscovery:
    """Lagged causal links among the series of ``data`` (rows ordered by ``time_column``,
    detected when None). Only links significant at ``alpha`` (after ``correction``) are kept."""
    started = time.perf_counter()
    validate_options(max_lag, algorithm, alpha, correction, difference)
    series = prepare_series(data, variables, time_column, max_lag, difference)
    settings = LagSettings(max_lag, alpha, correction, contemporaneous, seed)
    spec = LAGGED_ALGORITHMS[algorithm]
    output = spec.run(series.values, series.names, settings)
    parameters = {"max_lag": max_lag, "alpha": alpha, "correction": correction, "difference": difference,
                  "contemporaneous": contemporaneous, "seed": seed, "variables": series.names,
                  "time_column": series.time_column, **output.parameters}
    metadata = {"algorithm": algorithm, "parameters": parameters, "max_lag": max_lag,
                "links": [l.to_dict() for l in output.links], "differenced": series.differenced,
                "stationarity": series.stationarity}
    graph = links_to_graph(series.names, output.links, metadata)
    return LaggedDiscovery(graph, output.links, algorithm, parameters, list(series.warnings),
                           series.notes + output.notes, list(COMMON_ASSUMPTIONS + spec.assumptions),
                           series.stationarity, series.time_column, time.perf_counter() - started)


def validate_options(max_lag: int, algorithm: str, alpha: float, correction: str, difference: str) -> None:
    """Raise ToolInputError naming the valid choices for any bad option."""
    if isinstance(max_lag, bool) or not isinstance(max_lag, (int, np.integer)) or not 1 <= max_lag <= MAX_LAG_LIMIT:
        raise ToolInputError(f"max_lag must be an integer from 1 to {MAX_LAG_LIMIT}; got {max_lag!r}.")
    if algorithm not in LAGGED_ALGORITHMS:
        raise ToolInputError(f"Unknown lagged algorithm {algorithm!r}. Choose one of: "
                             f"{', '.join(LAGGED_ALGORITHMS)}.")
    if not 0 < alpha < 1:
        raise ToolInputError(f"alpha must be between 0 and 1 (e.g. 0.01); got {alpha!r}.")
    if correction not in CORRECTIONS:
        raise ToolInputError(f"correction must be one of {CORRECTIONS}; got {correction!r}.")
    if difference not in DIFFERENCE_MODES:
        raise ToolInputError(f"difference must be one of {DIFFERENCE_MODES}; got {difference!r}.")


def describe_algorithms() -> dict[str, str]:
    """Algorithm name → one-line description (for planners and help text)."""
    return {name: spec.description for name, spec in LAGGED_ALGORITHMS.items()}
