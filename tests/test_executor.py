"""The executor: same root seed -> same results, in item order, on every backend."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from tools.executor import RAY_INSTALL_HINT, get_executor, spawn_seeds


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
