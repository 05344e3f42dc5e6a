"""Which memory namespace and which ``Session`` a Slack message belongs to.

A workspace+channel is a memory namespace (``T123-C456``): graphs saved there are visible
only there. A thread (channel + thread_ts) is a ``Session``; sessions live in a bounded
LRU map with an idle time-to-live, so a long-running bot's memory stays flat."""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Hashable, TypeVar

_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_.:\-]")
V = TypeVar("V")


def channel_namespace(team_id: str | None, channel_id: str) -> str:
    """``f"{team_id}-{channel_id}"`` reduced to the store's key pattern
    (``^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$``)."""
    raw = f"{team_id or 'noteam'}-{channel_id}"
    cleaned = _NOT_ALLOWED.sub("_", raw)
    if not cleaned[:1].isalnum():
        cleaned = "s" + cleaned
    return cleaned[:128]


@dataclass(frozen=True)
class ThreadKey:
    team_id: str
    channel_id: str
    thread_ts: str

    @property
    def namespace(self) -> str:
        return channel_namespace(self.team_id, self.channel_id)


@dataclass
class ThreadState:
    """One thread's session, with a lock so two messages in a thread run one at a time."""

    session: Any
    lock: threading.Lock = field(default_factory=threading.Lock)
    dataset: str | None = None
    graph_posted: str | None = None  # graph key of the last graph image posted in the thread


class BoundedTTLMap(Generic[V]):
    """A thread-safe LRU map whose entries also expire ``ttl_s`` after their last use."""

    def __init__(self, max_items: int, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        if max_items < 1:
            raise ValueError("BoundedTTLMap needs max_items >= 1.")
        self.max_items, self.ttl_s, self._clock = max_items, ttl_s, clock
        self._items: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._items:
            key, (used, _value) = next(iter(self._items.items()))
            if now - used <= self.ttl_s:
                break
            del self._items[key]

    def get(self, key: Hashable) -> V | None:
        now = self._clock()
        with self._lock:
            self._expire(now)
            item = self._items.get(key)
            if item is None:
                return None
            self._items[key] = (now, item[1])
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: Hashable, value: V) -> V:
        now = self._clock()
        with self._lock:
            self._expire(now)
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)
            return value

    def get_or_create(self, key: Hashable, factory: Callable[[], V]) -> tuple[V, bool]:
        """The value for ``key`` and whether it was just created (creation happens under the lock)."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            item = self._items.get(key)
            if item is not None:
                self._items[key] = (now, item[1])
                self._items.move_to_end(key)
                return item[1], False
        value = factory()
        with self._lock:
            existing = self._items.get(key)
            if existing is not None:  # another thread created it meanwhile: keep theirs
                return existing[1], False
            self._items[key] = (now, value)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)
            return value, True

    def __contains__(self, key: Hashable) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._items)


@dataclass(frozen=True)
class SharedTable:
    """A table shared in a channel outside any analysis thread; a later mention uses it."""

    name: str
    frame: Any


class SessionDirectory:
    """Threads → sessions, and each channel's most recently shared table."""

    def __init__(self, make_session: Callable[[str], Any], max_sessions: int = 50, ttl_s: float = 6 * 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._make_session = make_session
        self.threads: BoundedTTLMap[ThreadState] = BoundedTTLMap(max_sessions, ttl_s, clock)
        self.tables: BoundedTTLMap[SharedTable] = BoundedTTLMap(max(8, max_sessions // 4), ttl_s, clock)

    def thread(self, key: ThreadKey) -> tuple[ThreadState, bool]:
        return self.threads.get_or_create(key, lambda: ThreadState(self._make_session(key.namespace)))

    def existing_thread(self, key: ThreadKey) -> ThreadState | None:
        return self.threads.get(key)

    def remember_table(self, team_id: str, channel_id: str, name: str, frame: Any) -> None:
        self.tables.put(channel_namespace(team_id, channel_id), SharedTable(name, frame))

    def latest_table(self, team_id: str, channel_id: str) -> SharedTable | None:
        return self.tables.get(channel_namespace(team_id, channel_id))
