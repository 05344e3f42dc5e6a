"""Process bodies for the graph-store stress tests (spawned: keep imports light)."""

from __future__ import annotations

import os
import random
import sqlite3
import time

from memory.graph import CausalGraph
from memory.store import Provenance, SQLiteGraphStore


def chain(n: int, prefix: str = "A") -> CausalGraph:
    return CausalGraph.from_edge_list([f"{prefix}{i} -> {prefix}{i + 1}" for i in range(n)])


def writer(path: str, worker: int, count: int) -> None:
    """``count`` versions of its own key and of one key every writer shares."""
    store = SQLiteGraphStore(path)
    for i in range(count):
        store.put(f"w{worker}", chain(2 + i % 4), Provenance(note=f"{worker}:{i}"))
        store.put("shared", chain(3), Provenance(note=f"{worker}:{i}"))


def reader(path: str, stop, errors) -> None:
    """Read until told to stop; report anything odd (a parse failure, a version that goes
    backwards, a gap in a history) on ``errors``."""
    store = SQLiteGraphStore(path)
    newest: dict[str, int] = {}
    rng = random.Random(os.getpid())
    try:
        while not stop.is_set():
            for entry in store.list():
                if entry.version < newest.get(entry.key, 0):
                    errors.put(f"{entry.key}: version went back from {newest[entry.key]} to {entry.version}")
                newest[entry.key] = entry.version
                if not entry.graph.nodes:
                    errors.put(f"{entry.key} v{entry.version}: empty graph")
            if newest:
                key = rng.choice(sorted(newest))
                versions = [s.version for s in store.history(key)]
                if versions != list(range(1, len(versions) + 1)):
                    errors.put(f"{key}: history has gaps {versions}")
    except Exception as exc:  # reported, so the test fails with the reason
        errors.put(f"reader crashed: {type(exc).__name__}: {exc}")


def logging_writer(path: str, log_path: str, nodes: int) -> None:
    """Write forever; after each committed put, append 'version' to ``log_path`` (so the
    test knows which versions were committed before the kill)."""
    store = SQLiteGraphStore(path)
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    i = 0
    while True:
        stored = store.put("busy", chain(nodes + i % 7, prefix="N"), Provenance(note=str(i)))
        os.write(fd, f"{stored.version}\n".encode())
        i += 1


def stuck_in_transaction(path: str, ready_path: str) -> None:
    """Open a write transaction, insert a row, signal, and hang without committing."""
    conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO graphs VALUES ('default', 'uncommitted', 1, ?, '{}', 0)", (chain(2).to_json(),))
    with open(ready_path, "w") as fh:
        fh.write("ready")
    time.sleep(3600)
