"""Lagged (time-series) discovery: ground-truth recovery, the statistics underneath,
data preparation, determinism and the discover_lagged_graph tool."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evals.timeseries_eval import simulate_var
from memory.graph import Mark
from tools.base import DataError, ToolInputError
from tools.context import AnalysisContext
from tools.discovery.timeseries import LAGGED_ALGORITHMS, discover_lagged, register_lagged_algorithm
from tools.discovery.timeseries_granger import fit_var
from tools.discovery.timeseries_links import LaggedLink, adjust_p_values, link_scores, links_to_graph
from tools.discovery.timeseries_parcorr import lagged_correlation, parcorr_batch
from tools.discovery.timeseries_pcmci import _round_tests
from tools.discovery.timeseries import LaggedDiscovery
from tools.discovery.timeseries_tools import TOOLS
from tools.registry import ToolRegistry


@pytest.fixture(scope="module")
def gaussian_var():
    return simulate_var(1000, seed=0, noise="gaussian")


@pytest.fixture(scope="module")
def laplace_var():
    return simulate_var(1000, seed=0, noise="laplace", contemporaneous=True)


# ------------------------------------------------------------------ ground truth
@pytest.mark.parametrize("algorithm", ["pcmci", "granger"])
def test_recovers_synthetic_var_lagged_links(gaussian_var, algorithm):
    frame, truth = gaussian_var
    found = discover_lagged(frame, max_lag=3, algorithm=algorithm, alpha=0.01)
    scores = link_scores(found.links, truth)
    assert scores["f1"] >= 0.8, (scores, [l.text() for l in found.links])
    assert scores["recall"] == 1.0
    assert all(e.lag == l.lag for e, l in zip(found.graph.edges, found.links))


def test_granger_chooses_a_lag_order_covering_the_true_lags(gaussian_var):
    frame, _ = gaussian_var
    found = discover_lagged(frame, max_lag=4, algorithm="granger")
    assert found.parameters["lag_order"] >= 2
    assert set(found.parameters["information_criteria"]) == {1, 2, 3, 4}


def test_var_lingam_directs_contemporaneous_link_with_non_gaussian_noise(laplace_var):
    frame, truth = laplace_var
    found = discover_lagged(frame, max_lag=3, algorithm="var_lingam", alpha=0.01)
    assert link_scores(found.links, truth)["f1"] >= 0.8
    contemporaneous = {(l.cause, l.effect) for l in found.links if l.lag == 0}
    assert ("X1", "X3") in contemporaneous and ("X3", "X1") not in contemporaneous
    assert found.parameters["causal_order"].index("X1") < found.parameters["causal_order"].index("X3")
    assert found.graph.edge("X1", "X3").is_directed


def test_pcmci_and_granger_leave_contemporaneous_links_undirected(laplace_var):
    frame, _ = laplace_var
    for algorithm in ("pcmci", "granger"):
        found = discover_lagged(frame, max_lag=3, algorithm=algorithm)
        same_time = [l for l in found.links if l.lag == 0]
        assert any({l.cause, l.effect} == {"X1", "X3"} for l in same_time), algorithm
        assert all(not l.directed for l in same_time)
        assert found.graph.edge("X1", "X3").is_undirected
        none = discover_lagged(frame, max_lag=3, algorithm=algorithm, contemporaneous=False)
        assert all(l.lag >= 1 for l in none.links)


def test_independent_series_give_few_links():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(rng.normal(size=(800, 4)), columns=list("ABCD"))
    for algorithm in LAGGED_ALGORITHMS:
        found = discover_lagged(frame, max_lag=2, algorithm=algorithm, alpha=0.01, correction="fdr_bh")
        assert len(found.links) <= 1, (algorithm, [l.text() for l in found.links])


# ------------------------------------------------------------------ the statistics
def test_parcorr_equals_correlation_of_ols_residuals():
    rng = np.random.default_rng(1)
    values = rng.normal(size=(300, 3))
    values[1:, 1] += 0.5 * values[:-1, 0]
    lc = lagged_correlation(values, 2)
    x, y, z = lc.index(0, 1), lc.index(1, 0), (lc.index(2, 1), lc.index(1, 2))
    (r,), (p,) = parcorr_batch(lc, [(x, y, z)])
    design = np.hstack([values[2 - tau: 300 - tau] for tau in range(3)])
    zs = np.column_stack([np.ones(len(design)), design[:, list(z)]])
    resid = [design[:, c] - zs @ np.linalg.lstsq(zs, design[:, c], rcond=None)[0] for c in (x, y)]
    assert r == pytest.approx(np.corrcoef(*resid)[0, 1], abs=1e-10)
    assert 0 <= p < 1e-6


def test_pc1_shortcut_equals_one_test_per_candidate():
    rng = np.random.default_rng(2)
    lc = lagged_correlation(rng.normal(size=(200, 4)), 4)
    ranked = [lc.index(j, tau) for tau in (1, 2) for j in range(4)]
    y = lc.index(0, 0)
    for size in range(len(ranked)):
        fast_v, fast_p = _round_tests(lc, y, ranked, size)
        tests = [(c, y, tuple([o for o in ranked if o != c][:size])) for c in ranked]
        slow_v, slow_p = parcorr_batch(lc, tests)
        np.testing.assert_allclose(fast_v, slow_v, atol=1e-10)
        np.testing.assert_allclose(fast_p, slow_p, atol=1e-10)


def test_granger_f_test_matches_statsmodels_restricted_regression():
    import statsmodels.api as sm

    frame, _ = simulate_var(400, seed=5)
    data = frame.to_numpy()
    fit = fit_var(data, 2)
    full = np.column_stack([np.ones(398), data[1:-1], data[:-2]])
    model = sm.OLS(data[2:, 4], full).fit()
    restriction = np.zeros((2, full.shape[1]))
    restriction[0, 1 + 3], restriction[1, 1 + 5 + 3] = 1, 1
    expected = float(model.f_test(restriction).pvalue)
    assert fit.wald_p(cause=3, effect=4) == pytest.approx(expected, rel=1e-6)


def test_benjamini_hochberg_matches_statsmodels():
    from statsmodels.stats.multitest import multipletests

    p = np.random.default_rng(4).uniform(size=40) ** 3
    np.testing.assert_allclose(adjust_p_values(p, "fdr_bh"), multipletests(p, method="fdr_bh")[1])
    np.testing.assert_array_equal(adjust_p_values(p, "none"), p)


def test_link_scores_with_and_without_the_delay():
    truth = [("A", "B", 1), ("B", "C", 2), ("C", "C", 1)]
    found = [("A", "B", 1), ("B", "C", 1), ("A", "C", 0)]
    assert link_scores(found, truth)["tp"] == 1
    assert link_scores(found, truth, require_lag=False)["tp"] == 2
    assert link_scores(found, truth, include_self=False)["true"] == 2


def test_graph_keeps_opposite_links_at_the_same_lag():
    links = [LaggedLink("A", "B", 1, 0.3, 0.001), LaggedLink("B", "A", 1, -0.2, 0.002),
             LaggedLink("A", "A", 1, 0.5, 0.0), LaggedLink("A", "B", 0, 0.4, 0.0, directed=False)]
    graph = links_to_graph(["A", "B"], links, {"algorithm": "x"})
    assert len(graph.lagged_edges()) == 3
    assert {(e.u, e.v) for e in graph.lagged_edges()} == {("A", "B"), ("B", "A"), ("A", "A")}
    assert graph.edge("A", "B").mark_v == Mark.TAIL
    assert links[0].text() == "A(t-1) → B(t)" and links[3].text() == "A(t) — B(t)"


# ------------------------------------------------------------------ data preparation
def test_time_column_sorts_rows_and_is_not_a_variable(gaussian_var):
    frame, _ = gaussian_var
    dated = frame.assign(date=pd.date_range("2020-01-01", periods=len(frame), freq="D"))
    shuffled = dated.sample(frac=1.0, random_state=7)
    found = discover_lagged(shuffled, max_lag=3, algorithm="granger")
    plain = discover_lagged(frame, max_lag=3, algorithm="granger")
    assert found.time_column == "date"
    assert "date" not in found.graph.nodes
    assert found.links == plain.links
    assert any("date" in note for note in found.notes)


def test_non_stationary_series_warn_and_can_be_differenced():
    rng = np.random.default_rng(8)
    walk = np.cumsum(rng.normal(size=600))
    frame = pd.DataFrame({"trend": walk, "noise": rng.normal(size=600),
                          "follower": np.r_[0.0, walk[:-1]] + rng.normal(size=600)})
    found = discover_lagged(frame, max_lag=2, algorithm="granger")
    assert any("non-stationary" in w and "trend" in w for w in found.warnings)
    assert not found.stationarity["trend"]["stationary"] and found.stationarity["noise"]["stationary"]
    fixed = discover_lagged(frame, max_lag=2, algorithm="granger", difference="auto")
    assert "trend" in fixed.graph.metadata["differenced"] and "noise" not in fixed.graph.metadata["differenced"]
    assert fixed.stationarity["trend"]["stationary"]


@pytest.mark.parametrize("kwargs, error, text", [
    ({"max_lag": 0}, ToolInputError, "max_lag"),
    ({"max_lag": 21}, ToolInputError, "max_lag"),
    ({"algorithm": "magic"}, ToolInputError, "pcmci"),
    ({"variables": ["X1 "]}, ToolInputError, "Did you mean 'X1'"),
    ({"time_column": "X0", "variables": ["X0", "X1"]}, ToolInputError, "time column"),
    ({"alpha": 1.5}, ToolInputError, "alpha"),
])
def test_bad_options_name_the_fix(gaussian_var, kwargs, error, text):
    frame, _ = gaussian_var
    with pytest.raises(error, match=text):
        discover_lagged(frame, **kwargs)


def test_bad_data_is_a_data_error(gaussian_var):
    frame, _ = gaussian_var
    with pytest.raises(DataError, match="Interpolate"):
        discover_lagged(frame.assign(X2=frame["X2"].where(frame.index != 10)))
    with pytest.raises(DataError, match="one row per time point"):
        discover_lagged(frame.assign(t=np.arange(len(frame)) // 2), time_column="t")
    with pytest.raises(DataError, match="too few"):
        discover_lagged(frame.head(40), max_lag=5)


# ------------------------------------------------------------------ determinism, registry
@pytest.mark.parametrize("algorithm", list(LAGGED_ALGORITHMS))
def test_runs_are_deterministic(laplace_var, algorithm):
    frame, _ = laplace_var
    first = discover_lagged(frame, max_lag=2, algorithm=algorithm, seed=3)
    second = discover_lagged(frame, max_lag=2, algorithm=algorithm, seed=3)
    assert first.links == second.links
    assert first.graph.to_json() == second.graph.to_json()


def test_registry_rejects_wrong_types_and_duplicates():
    with pytest.raises(TypeError):
        register_lagged_algorithm(lambda v, n, s: None)
    with pytest.raises(ValueError, match="already registered"):
        register_lagged_algorithm(LAGGED_ALGORITHMS["pcmci"])


# ------------------------------------------------------------------ the tool
def test_tool_stores_lagged_graph_and_records_assumptions(gaussian_var):
    frame, truth = gaussian_var
    ctx = AnalysisContext(data=frame.assign(step=np.arange(len(frame))), seed=11)
    registry = ToolRegistry(TOOLS)
    output = registry.call("discover_lagged_graph", {"max_lag": 3, "time_column": "step"}, ctx)
    result = output.result
    assert isinstance(result, LaggedDiscovery)
    assert link_scores(result.links, truth)["f1"] >= 0.8
    assert ctx.results["discover_lagged_graph"] is result
    assert ctx.graph is result.graph and ctx.graph_source == "discovered"
    stored = ctx.store.get(ctx.graph_key, namespace=ctx.namespace)
    assert stored.provenance.algorithm == "pcmci" and stored.provenance.seed == 11
    assert stored.provenance.data_fingerprint == ctx.data_fingerprint()
    assert {e.lag for e in stored.graph.lagged_edges()} == {1, 2}
    assert set(result.graph.metadata) >= {"algorithm", "parameters", "max_lag", "links"}
    assert "X0(t-1) → X1(t)" in output.observation and ctx.graph_key in output.observation
    assert any("Stationarity" in a for a in ctx.assumptions)
    assert any("Causal sufficiency" in a for a in ctx.assumptions)
    assert any("max_lag" in a for a in ctx.assumptions)
    as_dict = result.to_dict()
    assert as_dict["links"][0]["p_value"] <= 0.01 and as_dict["graph_key"] == ctx.graph_key


def test_tool_arguments_are_validated(gaussian_var):
    frame, _ = gaussian_var
    ctx = AnalysisContext(data=frame)
    registry = ToolRegistry(TOOLS)
    for bad in ({"max_lag": 25}, {"algorithm": "pc"}, {"maxlag": 2}):
        with pytest.raises(ToolInputError, match="Valid arguments"):
            registry.call("discover_lagged_graph", bad, ctx)


def test_tool_warns_in_context_about_non_stationarity():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": np.cumsum(rng.normal(size=500)), "b": rng.normal(size=500)})
    ctx = AnalysisContext(data=frame)
    output = ToolRegistry(TOOLS).call("discover_lagged_graph", {"max_lag": 2, "algorithm": "granger"}, ctx)
    assert any("non-stationary" in w for w in ctx.warnings)
    assert "Warning:" in output.observation


def test_heavy_libraries_load_lazily():
    import subprocess
    import sys

    code = ("import sys, tools.discovery.timeseries_tools; "
            "print(sorted(m for m in ('statsmodels', 'causallearn', 'tigramite') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    assert out.stdout.strip() == "[]"
