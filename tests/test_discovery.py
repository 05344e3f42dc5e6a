"""The discover_graph tool and the automatic pipeline, end to end on simulated data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evals.discovery_sim import random_dag, simulate_sem
from memory.graph import CausalGraph, GraphType, Mark
from tools.base import DataError, ToolInputError
from tools.context import AnalysisContext
from tools.discovery.cpdag import dag_to_cpdag
from tools.discovery.pipeline import DiscoveryResult, discover
from tools.discovery.tools import TOOLS
from tools.executor import get_executor
from tools.knowledge import Knowledge
from tools.profiling import TOOLS as PROFILE_TOOLS
from tools.registry import ToolRegistry

REGISTRY = ToolRegistry(PROFILE_TOOLS + TOOLS)
KEY_CPDAG = {("V", "X", "directed"), ("Z", "X", "directed"), ("X", "Y", "directed"), ("Z", "Y", "directed"),
             ("W", "Z", "undirected")}


def key_frame(seed: int, n: int = 2000) -> pd.DataFrame:
    """Linear Gaussian: V -> X <- Z, Z -> Y, X -> Y (2.0), Z -> W."""
    rng = np.random.default_rng(seed)
    v, z = rng.normal(size=(2, n))
    x = v + z + rng.normal(size=n)
    y = 2.0 * x + 0.8 * z + rng.normal(size=n)
    w = 0.7 * z + rng.normal(size=n)
    return pd.DataFrame({"V": v, "X": x, "Z": z, "Y": y, "W": w})


def edge_set(g: CausalGraph) -> set[tuple[str, str, str]]:
    out = set()
    for e in g.edges:
        if e.mark_u == Mark.ARROW and e.mark_v == Mark.TAIL:
            e = e.reversed()
        u, v = (e.u, e.v) if e.is_directed else tuple(sorted((e.u, e.v)))
        out.add((u, v, e.kind))
    return out


def call(ctx: AnalysisContext, **args):
    return REGISTRY.call("discover_graph", args, ctx)


def test_meek_rules_give_the_key_cpdag():
    dag = CausalGraph.from_edge_list([("V", "X"), ("Z", "X"), ("Z", "Y"), ("X", "Y"), ("Z", "W")])
    assert edge_set(dag_to_cpdag(dag)) == KEY_CPDAG


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_auto_pipeline_returns_exact_key_cpdag(seed):
    ctx = AnalysisContext(data=key_frame(seed), seed=seed)
    out = call(ctx)
    assert edge_set(ctx.graph) == KEY_CPDAG, out.observation
    assert ctx.graph.graph_type == GraphType.CPDAG and ctx.graph_source == "discovered"
    assert not ctx.graph.has_directed_cycle()
    assert ctx.store.get(ctx.graph_key, namespace=ctx.namespace).graph.to_dict() == ctx.graph.to_dict()
    assert isinstance(ctx.results["discover_graph"], DiscoveryResult)


def test_observation_and_assumptions():
    ctx = AnalysisContext(data=key_frame(0))
    out = call(ctx)
    assert out.observation.startswith("BOSS (bic, penalty=1.0) on 5 variables, 2000 rows: CPDAG with 5 edges "
                                      "(4 directed, 1 undirected): ")
    assert "V --> X" in out.observation and "W --- Z" in out.observation
    assert any(a.startswith("Causal sufficiency") for a in ctx.assumptions)
    assert any(a.startswith("Acyclicity") for a in ctx.assumptions)
    meta = ctx.graph.metadata
    assert meta["algorithm"] == "boss" and meta["parameters"]["restarts"] == 10 and meta["selection_reasons"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_confounded_triangle_is_fully_undirected(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=2000)
    x = z + rng.normal(size=2000)
    y = 2 * x + z + rng.normal(size=2000)
    result = discover(pd.DataFrame({"Z": z, "X": x, "Y": y}), seed=seed)
    assert edge_set(result.graph) == {("X", "Z", "undirected"), ("Y", "Z", "undirected"), ("X", "Y", "undirected")}


def test_profile_from_context_is_reused(monkeypatch):
    ctx = AnalysisContext(data=key_frame(0))
    REGISTRY.call("profile_data", {}, ctx)
    import tools.discovery.pipeline as pipeline

    def boom(*a, **k):
        raise AssertionError("profile_data should not run again")

    monkeypatch.setattr(pipeline, "profile_data", boom)
    call(ctx)
    assert ctx.graph is not None


def test_text_nan_duplicate_and_categorical_columns_are_handled():
    df = key_frame(0)
    df["comment"] = [f"customer wrote a long note number {i}" for i in range(len(df))]
    df["row_id"] = np.arange(len(df))
    df["X_copy"] = 2 * df["X"] + 1
    df["colour"] = np.random.default_rng(1).choice(["red", "green", "blue"], len(df))
    df.loc[::25, "Y"] = np.nan
    ctx = AnalysisContext(data=df)
    out = call(ctx)
    graph = ctx.graph
    assert "comment" not in graph.nodes and "row_id" not in graph.nodes and "colour" not in graph.nodes
    assert graph.edge("X", "X_copy").is_undirected
    assert graph.metadata["merged_duplicates"]["X_copy"]["kept"] == "X"
    assert edge_set(graph) - {("X", "X_copy", "undirected")} == KEY_CPDAG
    text = " ".join(ctx.warnings)
    assert "comment" in text and "colour" in text and "80 rows with missing values" in text
    assert "Not used:" in out.observation


def test_time_series_rows_get_a_warning():
    rng = np.random.default_rng(3)
    e = rng.normal(size=(1500, 3))
    x = np.zeros_like(e)
    for t in range(1, 1500):
        x[t] = 0.8 * x[t - 1] + e[t]
        x[t, 1] += 0.5 * x[t, 0]
    df = pd.DataFrame(x, columns=["a", "b", "c"]).assign(time=np.arange(1500))
    result = discover(df)
    assert "time" not in result.graph.nodes
    assert any("discover_lagged_graph" in w for w in result.warnings)


def test_collinear_column_dropped_with_warning():
    df = key_frame(0)
    df["total"] = df["V"] + df["Z"] + df["W"]
    result = discover(df)
    assert "total" not in result.graph.nodes
    assert "linear combination" in result.dropped_columns["total"]


def test_linear_non_gaussian_selects_lingam_and_orients_everything():
    dag = random_dag(6, 3)
    df, _ = simulate_sem(dag, 3000, 3, noise="uniform")
    result = discover(df, seed=0)
    assert result.algorithm == "direct_lingam"
    assert set(result.graph.directed_edges()) == set(dag.directed_edges())


def test_skewed_linear_data_uses_lingam_but_nonlinear_data_rejects_it():
    dag = random_dag(8, 21)
    skewed, _ = simulate_sem(dag, 2000, 1, noise="exponential")
    result = discover(skewed, seed=0)
    assert result.algorithm == "direct_lingam"
    assert set(result.graph.directed_edges()) == set(dag.directed_edges())
    curved, _ = simulate_sem(dag, 2000, 1, noise="uniform", nonlinear=0.3)
    rejected = discover(curved, seed=0)
    assert rejected.algorithm == "boss" and rejected.parameters["score"] == "poly"
    assert any(a.startswith("Additive smooth relations") for a in rejected.assumptions)
    assert rejected.selection.reasons[0].startswith("LiNGAM rejected: structural equations look nonlinear")


def test_mildly_nonlinear_small_design_recovered_with_polynomial_score():
    from evals.discovery_sim import motif_dag

    dag = motif_dag(3)
    df, _ = simulate_sem(dag, 4000, 1003, nonlinear=0.15)
    result = discover(df, seed=3)
    assert result.parameters["score"] == "poly"
    assert edge_set(result.graph) == edge_set(dag_to_cpdag(dag))


def test_domain_column_selects_cdnod():
    rng = np.random.default_rng(8)
    n = 3000
    site = rng.choice(["north", "south"], n)
    x = rng.normal(size=n) + 1.5 * (site == "south")
    y = x + rng.normal(size=n)
    result = discover(pd.DataFrame({"site": site, "X": x, "Y": y}))
    assert result.algorithm == "cdnod"
    assert ("X", "Y") in result.graph.directed_edges() and ("site", "X") in result.graph.directed_edges()


def test_discrete_data_uses_bdeu():
    rng = np.random.default_rng(9)
    n = 3000
    a = rng.choice(["lo", "hi"], n)
    b = rng.integers(0, 3, n)
    c = (a == "hi").astype(int) + b + (rng.random(n) < 0.3)
    result = discover(pd.DataFrame({"a": a, "b": b, "c": c}))
    assert result.algorithm == "boss" and result.parameters["score"] == "bdeu"
    assert {("a", "c", "directed"), ("b", "c", "directed")} == edge_set(result.graph)


def test_allow_latent_gives_pag():
    ctx = AnalysisContext(data=key_frame(0))
    call(ctx, allow_latent=True)
    assert ctx.graph.graph_type == GraphType.PAG and ctx.results["discover_graph"].algorithm == "fci"
    assert not any(a.startswith("Causal sufficiency") for a in ctx.assumptions)


def test_knowledge_from_context_is_applied_and_conflicts_recorded():
    ctx = AnalysisContext(data=key_frame(0), knowledge=Knowledge(tiers=[["W"], ["V", "Z", "X", "Y"]],
                                                                 forbidden=[("X", "Y")]))
    out = call(ctx)
    assert ("W", "Z") in ctx.graph.directed_edges()
    assert ("Y", "X") in ctx.graph.directed_edges()
    assert "Knowledge conflicts" in out.observation
    assert any("knowledge forbids X -> Y" in w for w in ctx.warnings)


@pytest.mark.parametrize("seed", range(4))
def test_no_directed_cycles_on_random_graphs(seed):
    df, _ = simulate_sem(random_dag(9, seed, edge_prob=0.4), 800, seed, nonlinear=0.3)
    for algorithm in (None, "pc", "ges"):
        assert not discover(df, algorithm=algorithm, seed=seed).graph.has_directed_cycle()


@pytest.mark.slow
def test_bootstrap_confidence_is_attached_and_deterministic():
    ctx = AnalysisContext(data=key_frame(0, n=1000), seed=5)
    call(ctx, bootstrap=4)
    g1 = ctx.graph
    assert all(e.confidence is not None and 0 <= e.confidence <= 1 for e in g1.edges)
    table = g1.metadata["edge_probabilities"]
    assert {row["u"] + row["v"] for row in table} >= {"VX", "XZ", "XY", "YZ", "WZ"}
    assert g1.edge("V", "X").confidence >= 0.75
    serial = discover(key_frame(0, n=1000), seed=5, bootstrap=4,
                      executor=get_executor("local", n_jobs=1))  # same seeds, no workers
    assert serial.graph.metadata["edge_probabilities"] == table


def test_planner_override_and_invalid_arguments():
    ctx = AnalysisContext(data=key_frame(0))
    out = call(ctx, algorithm="pc", alpha=0.05, reason="user prefers PC")
    assert out.observation.startswith("PC (fisherz, alpha=0.05)")
    assert ctx.results["discover_graph"].selection.override == "user prefers PC"
    with pytest.raises(ToolInputError, match="Columns: V, X, Z, Y, W"):
        call(ctx, variables=["V", "Q"])
    with pytest.raises(ToolInputError, match="alpha applies to pc, fci and cdnod"):
        call(ctx, algorithm="boss", alpha=0.05)
    with pytest.raises(ToolInputError, match="Valid arguments"):
        call(ctx, algo="pc")
    with pytest.raises(ToolInputError, match="domain"):
        call(ctx, algorithm="cdnod")
    with pytest.raises(ToolInputError, match="chisq needs discrete data"):
        call(ctx, algorithm="pc", ci_test="chisq")
    with pytest.raises(ToolInputError, match="kci on 2000 rows"):
        call(ctx, algorithm="pc", ci_test="kci")


def test_subset_of_variables():
    result = discover(key_frame(0), variables=["X", "Y", "Z"])
    assert sorted(result.graph.nodes) == ["X", "Y", "Z"]


def test_unusable_data_is_a_data_error():
    df = pd.DataFrame({"id": np.arange(100), "note": [f"text value {i} here and there" for i in range(100)],
                       "x": np.random.default_rng(0).normal(size=100)})
    with pytest.raises(DataError, match="at least 2 usable"):
        discover(df)
