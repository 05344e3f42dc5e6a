"""Back-pressure for the Slack bot: a bounded worker pool, a per-user rate limit and a
de-duplicator for Slack's event retries. Plain thread-safe objects; no Slack imports."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Hashable


class PoolBusy(RuntimeError):
    """Every worker is busy and the waiting line is full."""


class BoundedPool:
    """A ThreadPoolExecutor that refuses work instead of queueing without limit.

    At most ``workers`` jobs run and ``queue`` wait; ``submit`` raises ``PoolBusy`` beyond
    that, so a flood of events cannot pile up unbounded analyses behind Slack's 3 s ack."""

    def __init__(self, workers: int = 2, queue: int = 4, name: str = "slack-worker") -> None:
        if workers < 1 or queue < 0:
            raise ValueError("BoundedPool needs workers >= 1 and queue >= 0.")
        self._slots = threading.BoundedSemaphore(workers + queue)
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future:
        if not self._slots.acquire(blocking=False):
            raise PoolBusy("All workers are busy.")
        try:
            future = self._executor.submit(fn, *args, **kwargs)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _f: self._slots.release())
        return future

    def shutdown(self, wait: bool = True) -> None:
        self._executor.shutdown(wait=wait, cancel_futures=True)


class RateLimiter:
    """At most ``limit`` events per ``window_s`` seconds per key (a sliding window)."""

    def __init__(self, limit: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000) -> None:
        if limit < 1:
            raise ValueError("RateLimiter needs limit >= 1.")
        self.limit, self.window_s, self._clock, self._max_keys = limit, window_s, clock, max_keys
        self._hits: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def try_acquire(self, key: Hashable) -> float:
        """Record a hit and return 0, or return how many seconds until one is allowed."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            self._hits.move_to_end(key)
            while hits and now - hits[0] >= self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(0.0, self.window_s - (now - hits[0]))
            hits.append(now)
            while len(self._hits) > self._max_keys:
                self._hits.popitem(last=False)
            return 0.0


class RecentKeys:
    """Remembers keys for ``ttl_s`` (at most ``max_keys``): ``first_time(key)`` is True once."""

    def __init__(self, ttl_s: float = 600.0, max_keys: int = 5000, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s, self._max_keys, self._clock = ttl_s, max_keys, clock
        self._seen: OrderedDict[Hashable, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: Hashable) -> bool:
        now = self._clock()
        with self._lock:
            while self._seen and now - next(iter(self._seen.values())) > self.ttl_s:
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now
            while len(self._seen) > self._max_keys:
                self._seen.popitem(last=False)
            return True
