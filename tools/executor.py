"""Run embarrassingly parallel, seeded work (bootstrap resamples, refuter simulations,
comparing algorithms) on a local pool or on Ray, with the same results on either.

    with get_executor("local", n_jobs=2) as ex:
        graphs = ex.map(one_resample, range(100), seeds=0)

``fn(item, seed)`` is called once per item. The seed of item i is derived from the root
seed by ``np.random.SeedSequence(root).spawn(len(items))[i]`` (as a 32-bit int, which
every library's ``random_state`` accepts), so it depends only on the root seed and the
item's position: never on the backend, the number of workers or how items are batched.
Results come back in the order of ``items``.

An analysis names its backend with an ``ExecutorSpec`` (``AnalysisContext.executor``).

Backends: "local" = joblib's ``loky`` processes, or a thread pool for work that releases
the GIL or must share memory; "ray" = Ray tasks (optional extra:
``pip install 'causal-agent[ray]'``). With Ray, ``fn`` and what it captures are put in
the object store once, not pickled per task.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from typing import Any, Callable, Literal, Sequence

import numpy as np

RAY_INSTALL_HINT = "pip install 'causal-agent[ray]'"
BATCHES_PER_WORKER = 4
ExecutorKind = Literal["local", "ray"]
EXECUTOR_KINDS: tuple[str, ...] = ("local", "ray")


def spawn_seeds(seed: int, count: int) -> list[int]:
    """``count`` independent 32-bit seeds derived from ``seed`` with ``SeedSequence.spawn``."""
    if count < 0:
        raise ValueError(f"count must be >= 0; got {count}.")
    children = np.random.SeedSequence(int(seed)).spawn(count)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


def _item_seeds(seeds: int | Sequence[int], count: int) -> list[int]:
    if isinstance(seeds, (int, np.integer)):
        return spawn_seeds(int(seeds), count)
    seeds = [int(s) for s in seeds]
    if len(seeds) != count:
        raise ValueError(f"Got {len(seeds)} seeds for {count} items; pass one per item or a single root seed.")
    return seeds


def _batches(n_items: int, n_jobs: int) -> list[range]:
    """Contiguous index ranges, a few per worker, so per-task overhead is amortised."""
    if n_items == 0:
        return []
    size = max(1, math.ceil(n_items / (n_jobs * BATCHES_PER_WORKER)))
    return [range(s, min(s + size, n_items)) for s in range(0, n_items, size)]


def _run_batch(fn: Callable[[Any, int], Any], items: list, seeds: list[int]) -> list:
    return [fn(item, seed) for item, seed in zip(items, seeds)]


class LocalExecutor:
    """This machine: ``prefer="processes"`` (joblib's loky) or ``"threads"`` (a thread pool)."""

    kind = "local"

    def __init__(self, n_jobs: int = 2, prefer: Literal["processes", "threads"] = "processes"):
        if n_jobs < 1:
            raise ValueError(f"n_jobs must be >= 1; got {n_jobs}.")
        if prefer not in ("processes", "threads"):
            raise ValueError(f"prefer must be 'processes' or 'threads'; got {prefer!r}.")
        self.n_jobs = n_jobs
        self.prefer = prefer

    def map(self, fn: Callable[[Any, int], Any], items: Sequence, seeds: int | Sequence[int] = 0) -> list:
        """``[fn(item, seed_i) for each item]`` in parallel; see the module docstring for seeds."""
        items = list(items)
        item_seeds = _item_seeds(seeds, len(items))
        batches = _batches(len(items), self.n_jobs)
        if self.n_jobs == 1 or len(batches) <= 1:
            return _run_batch(fn, items, item_seeds)
        jobs = [([items[i] for i in b], [item_seeds[i] for i in b]) for b in batches]
        if self.prefer == "threads":
            # a plain thread pool: it waits on its futures, where joblib's threading backend
            # polls every 10 ms
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=self.n_jobs) as pool:
                parts = list(pool.map(lambda job: _run_batch(fn, *job), jobs))
        else:
            from joblib import Parallel, delayed

            parts = Parallel(n_jobs=self.n_jobs, backend="loky")(delayed(_run_batch)(fn, *job) for job in jobs)
        return [r for part in parts for r in part]

    def close(self) -> None:
        pass

    def __enter__(self) -> "LocalExecutor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class RayExecutor:
    """Ray tasks. Uses a running Ray (``ray.init`` already called, or a cluster address),
    else starts a local one with ``n_jobs`` CPUs and shuts it down on ``close()``."""

    kind = "ray"

    def __init__(self, n_jobs: int = 2, address: str | None = None):
        if n_jobs < 1:
            raise ValueError(f"n_jobs must be >= 1; got {n_jobs}.")
        try:
            import ray
        except ImportError as exc:
            raise ImportError(f"The Ray backend needs Ray: {RAY_INSTALL_HINT}") from exc
        self._ray = ray
        self.n_jobs = n_jobs
        self._owns_cluster = False
        if not ray.is_initialized():
            if address is None:
                ray.init(num_cpus=n_jobs, include_dashboard=False, log_to_driver=False)
            else:
                ray.init(address=address, log_to_driver=False)
            self._owns_cluster = True
        self._remote_batch = ray.remote(_run_batch)

    def map(self, fn: Callable[[Any, int], Any], items: Sequence, seeds: int | Sequence[int] = 0) -> list:
        """As ``LocalExecutor.map``, with each batch of items a Ray task."""
        items = list(items)
        item_seeds = _item_seeds(seeds, len(items))
        if not items:
            return []
        fn_ref = self._ray.put(fn)
        futures = [self._remote_batch.remote(fn_ref, [items[i] for i in b], [item_seeds[i] for i in b])
                   for b in _batches(len(items), self.n_jobs)]
        return [r for part in self._ray.get(futures) for r in part]

    def close(self) -> None:
        if self._owns_cluster and self._ray.is_initialized():
            self._ray.shutdown()
        self._owns_cluster = False

    def __enter__(self) -> "RayExecutor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def get_executor(kind: ExecutorKind = "local", n_jobs: int = 2, **options) -> LocalExecutor | RayExecutor:
    """An executor with ``map(fn, items, seeds)``. ``kind="ray"`` needs the ``ray`` extra
    (``ImportError`` naming the install command otherwise). ``options``: ``prefer`` for
    local ("processes" | "threads"), ``address`` for Ray."""
    if kind == "local":
        return LocalExecutor(n_jobs=n_jobs, **options)
    if kind == "ray":
        return RayExecutor(n_jobs=n_jobs, **options)
    raise ValueError(f"Unknown executor kind {kind!r}; choose 'local' or 'ray'.")


@dataclass(frozen=True)
class ExecutorSpec:
    """Where an analysis runs its seeded parallel work: ``kind`` "local" (joblib on this
    machine) or "ray" (the ``ray`` extra); ``n_jobs`` workers (for Ray, the CPUs of the
    local cluster started when none is running); ``address`` of an existing Ray cluster.
    Results do not depend on any of these."""

    kind: ExecutorKind = "local"
    n_jobs: int = 2
    address: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in EXECUTOR_KINDS:
            raise ValueError(f"Unknown executor kind {self.kind!r}; choose 'local' or 'ray'.")
        if self.n_jobs < 1:
            raise ValueError(f"n_jobs must be >= 1; got {self.n_jobs}.")
        if self.kind == "ray" and importlib.util.find_spec("ray") is None:  # fail before the analysis starts
            raise ImportError(f"The Ray backend needs Ray: {RAY_INSTALL_HINT}")

    def build(self, prefer: Literal["processes", "threads"] = "processes") -> LocalExecutor | RayExecutor:
        """A new executor; ``prefer`` applies to the local backend only."""
        if self.kind == "local":
            return LocalExecutor(n_jobs=self.n_jobs, prefer=prefer)
        return RayExecutor(n_jobs=self.n_jobs, address=self.address)
