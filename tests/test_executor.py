"""The executor: same root seed -> same results, in item order, on every backend; and the
analysis (refuter simulations, discovery bootstrap, econml cross-fitting) routed through it."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from tools.executor import RAY_INSTALL_HINT, ExecutorSpec, get_executor, spawn_seeds


def _noisy_square():
    # A closure, so process pools and Ray pickle it by value (no import of this test module).
    def work(item, seed):
        rng = np.random.default_rng(seed)
        return item * item + float(rng.normal())

    return work


def _bootstrap_fast_pc(data):
    def work(b, seed):
        from tools.discovery.fast_pc import fast_pc

        rng = np.random.default_rng(seed)
        idx = rng.integers(0, data.shape[0], data.shape[0])
        return fast_pc(data[idx], 0.05).matrix

    return work


def confounded(n: int = 1500, seed: int = 0) -> pd.DataFrame:
    """Binary t confounded by x1, x2; true effect of t on y is 2."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=(2, n))
    t = rng.binomial(1, 1 / (1 + np.exp(-(x1 + 0.5 * x2))))
    return pd.DataFrame({"x1": x1, "x2": x2, "t": t, "y": 1 + 1.5 * x1 + 0.5 * x2 + 2.0 * t + rng.normal(size=n)})


def panel(units: int = 300, seed: int = 8) -> pd.DataFrame:
    """Two-period panel, treated group g gets +1.5 after: DiD refits resample whole units."""
    rng = np.random.default_rng(seed)
    g = rng.binomial(1, 0.5, units)
    level = rng.normal(size=units) + 2 * g
    return pd.concat([pd.DataFrame({"id": np.arange(units), "post": p, "g": g,
                                    "y": level + p + 1.5 * g * p + rng.normal(size=units)}) for p in (0, 1)],
                     ignore_index=True)


def refutation(df, result, seed, executor) -> dict:
    from tools.refutation import refute

    report = refute(df, result, simulations=8, seed=seed, executor=executor).to_dict()
    report.pop("runtime_s")
    return report


def bootstrap_table(executor, seed: int = 5) -> list[dict]:
    from evals.discovery_sim import random_dag, simulate_sem
    from tools.discovery.pipeline import discover

    df, _ = simulate_sem(random_dag(5, 1, edge_prob=0.5), 600, 1)
    return discover(df, seed=seed, bootstrap=4, executor=executor).graph.metadata["edge_probabilities"]


def test_seeds_come_from_seedsequence_spawn():
    expected = [int(c.generate_state(1, dtype=np.uint32)[0]) for c in np.random.SeedSequence(7).spawn(4)]
    assert spawn_seeds(7, 4) == expected
    assert spawn_seeds(7, 4) != spawn_seeds(8, 4)
    assert len(set(spawn_seeds(7, 50))) == 50


@pytest.mark.parametrize("n_jobs, prefer", [(1, "processes"), (2, "threads"), (2, "processes")])
def test_local_backends_agree_and_keep_order(n_jobs, prefer):
    fn = _noisy_square()
    reference = [fn(i, s) for i, s in zip(range(17), spawn_seeds(3, 17))]
    with get_executor("local", n_jobs=n_jobs, prefer=prefer) as ex:
        assert ex.map(fn, range(17), seeds=3) == reference
        assert ex.map(fn, range(17), seeds=4) != reference
        assert ex.map(fn, [], seeds=3) == []


def test_explicit_per_item_seeds_and_errors():
    fn = _noisy_square()
    ex = get_executor("local", n_jobs=2, prefer="threads")
    assert ex.map(fn, [1, 2], seeds=[5, 6]) == [fn(1, 5), fn(2, 6)]
    with pytest.raises(ValueError, match="2 items"):
        ex.map(fn, [1, 2], seeds=[5])
    with pytest.raises(ValueError, match="local' or 'ray"):
        get_executor("dask")
    with pytest.raises(ValueError, match="n_jobs"):
        get_executor("local", n_jobs=0)


def test_bootstrap_of_fast_pc_is_reproducible_across_pools():
    from tools.discovery.fast_testdata import random_linear_data

    data, _ = random_linear_data(8, 500, 2.0, 1)
    fn = _bootstrap_fast_pc(data)
    with get_executor("local", n_jobs=2, prefer="threads") as ex:
        threads = ex.map(fn, range(6), seeds=11)
    sequential = get_executor("local", n_jobs=1).map(fn, range(6), seeds=11)
    assert all(np.array_equal(a, b) for a, b in zip(threads, sequential))
    assert not all(np.array_equal(threads[0], m) for m in threads[1:])  # resamples differ


def test_missing_ray_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` raise ImportError
    with pytest.raises(ImportError, match=r"causal-agent\[ray\]"):
        get_executor("ray")
    assert "pip install" in RAY_INSTALL_HINT


def test_refutation_does_not_depend_on_local_workers():
    from tools.estimation.estimate import estimate

    df = confounded()
    result = estimate(df, "t", "y", ["x1", "x2"], method="aipw")
    serial = refutation(df, result, 3, get_executor("local", n_jobs=1))
    assert refutation(df, result, 3, get_executor("local", n_jobs=2, prefer="threads")) == serial
    assert refutation(df, result, 3, get_executor("local", n_jobs=2, prefer="processes")) == serial
    other = refutation(df, result, 4, get_executor("local", n_jobs=1))
    assert other["checks"][0]["details"]["mean"] != serial["checks"][0]["details"]["mean"]  # new seed, new draws
    assert serial["checks"][0]["passed"] and abs(serial["checks"][0]["new_effect"]) < 0.2  # placebo ~ 0

    did = panel()
    did_result = estimate(did, "g", "y", design="did", post="post", unit="id")
    assert (refutation(did, did_result, 0, get_executor("local", n_jobs=2, prefer="threads"))
            == refutation(did, did_result, 0, get_executor("local", n_jobs=1)))


@pytest.mark.slow
def test_bootstrap_table_does_not_depend_on_local_workers():
    serial = bootstrap_table(get_executor("local", n_jobs=1))
    assert serial and all(0 < row["present"] <= 1 for row in serial)
    assert any(row["present"] < 1 for row in serial)  # the resamples differ
    assert bootstrap_table(get_executor("local", n_jobs=2)) == serial


def test_analysis_names_its_executor(monkeypatch):
    from agent.agent import CausalAgent
    from agent.interfaces.cli import build_parser
    from tools.context import AnalysisContext
    from tools.executor import LocalExecutor

    ctx = AnalysisContext(data=confounded(100))
    assert ctx.executor == ExecutorSpec("local", n_jobs=2)
    ex = ctx.open_executor(prefer="threads")
    assert isinstance(ex, LocalExecutor) and ex.prefer == "threads" and ex.n_jobs == 2
    ctx.close_executor()  # nothing was started: a no-op
    assert CausalAgent(executor=ExecutorSpec("local", n_jobs=1)).executor.n_jobs == 1
    assert build_parser().parse_args(["analyze", "data.csv", "--executor", "ray"]).executor == "ray"
    with pytest.raises(ValueError, match="local' or 'ray"):
        CausalAgent(executor="dask")
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ImportError, match=r"causal-agent\[ray\]"):
        CausalAgent(executor="ray")  # fails before any analysis starts


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray", reason="Ray not installed (optional extra: pip install 'causal-agent[ray]')")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.mark.slow
def test_ray_matches_local(local_ray):
    fn = _noisy_square()
    local = get_executor("local", n_jobs=1).map(fn, range(9), seeds=5)
    with get_executor("ray", n_jobs=2) as ex:
        assert ex.map(fn, range(9), seeds=5) == local
    assert local_ray.is_initialized()  # the executor did not shut down a cluster it did not start


@pytest.mark.slow
def test_refutation_on_ray_matches_local(local_ray):
    from tools.estimation.estimate import estimate

    df = confounded()
    result = estimate(df, "t", "y", ["x1", "x2"], method="aipw")
    local = refutation(df, result, 3, get_executor("local", n_jobs=1))
    with get_executor("ray", n_jobs=2) as ex:
        assert refutation(df, result, 3, ex) == local
        other = refutation(df, result, 4, ex)
    assert other["checks"][0]["details"] != local["checks"][0]["details"]  # new seed, new placebo draws


@pytest.mark.slow
def test_bootstrap_on_ray_matches_local(local_ray):
    with get_executor("ray", n_jobs=2) as ex:
        assert bootstrap_table(ex) == bootstrap_table(get_executor("local", n_jobs=1))


@pytest.mark.slow
def test_agent_on_ray_matches_local(local_ray):
    from agent.agent import CausalAgent
    from memory.store import InMemoryGraphStore
    from tools.context import AnalysisContext
    from tools.estimation.tools import TOOLS as ESTIMATION_TOOLS
    from tools.registry import ToolRegistry

    df = confounded(n=1000)
    question, graph = "What is the effect of t on y?", "x1 -> t; x2 -> t; x1 -> y; x2 -> y; t -> y"
    local = CausalAgent(store=InMemoryGraphStore()).analyze(df, question, graph=graph)
    on_ray = CausalAgent(store=InMemoryGraphStore(), executor="ray").analyze(df, question, graph=graph)
    assert local.refutations and on_ray.refutations == local.refutations
    assert on_ray.effect.estimate == local.effect.estimate
    assert local_ray.is_initialized()  # the analysis closed its executor but not a cluster it did not start

    registry = ToolRegistry(ESTIMATION_TOOLS)
    args = {"treatment": "t", "outcome": "y", "adjust_for": ["x1", "x2"], "method": "dml"}
    by_kind = {}
    for kind in ("local", "ray"):
        ctx = AnalysisContext(data=df, executor=ExecutorSpec(kind))
        by_kind[kind] = registry.call("estimate_effect", args, ctx).result
        ctx.close_executor()
    assert by_kind["ray"].query["use_ray"] and not by_kind["local"].query["use_ray"]  # econml cross-fits on Ray
    assert (by_kind["ray"].estimate, by_kind["ray"].std_error) == (by_kind["local"].estimate,
                                                                   by_kind["local"].std_error)
