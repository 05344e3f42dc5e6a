"""Keyed, namespaced, versioned store of causal graphs with provenance.

Backends: ``SQLiteGraphStore`` (default, a file under the state directory; atomic,
safe with several processes) and ``InMemoryGraphStore`` (tests, throwaway sessions).
Every ``put`` adds a new version; ``get`` returns the newest unless a version is asked.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from memory.graph import CausalGraph

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127}$")
DEFAULT_NAMESPACE = "default"
_log = logging.getLogger("causal_agent.memory")


class GraphNotFound(LookupError):
    """No graph under that key (or version); the message lists what exists."""


class StoreError(OSError):
    """The graph memory file cannot be used; the message names the file, the cause and the fix."""


@dataclass(frozen=True)
class Provenance:
    """Where a graph came from: algorithm and parameters, data fingerprint, seed, time."""

    source: str = "discovered"  # discovered | user | edited | merged
    algorithm: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    data_fingerprint: str | None = None
    seed: int | None = None
    note: str = ""
    created_at: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "algorithm": self.algorithm, "parameters": self.parameters,
                "data_fingerprint": self.data_fingerprint, "seed": self.seed, "note": self.note,
                "created_at": self.created_at}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Provenance":
        return cls(source=d.get("source", "discovered"), algorithm=d.get("algorithm"),
                   parameters=dict(d.get("parameters") or {}), data_fingerprint=d.get("data_fingerprint"),
                   seed=d.get("seed"), note=d.get("note", ""), created_at=float(d.get("created_at", 0.0)))


@dataclass(frozen=True)
class StoredGraph:
    key: str
    namespace: str
    version: int
    graph: CausalGraph
    provenance: Provenance

    def summary(self) -> dict[str, Any]:
        return {"key": self.key, "namespace": self.namespace, "version": self.version,
                "graph_type": self.graph.graph_type.value, "nodes": len(self.graph.nodes),
                "edges": len(self.graph.edges), "provenance": self.provenance.to_dict()}


class GraphStore(Protocol):
    def put(self, key: str, graph: CausalGraph, provenance: Provenance,
            namespace: str = DEFAULT_NAMESPACE) -> StoredGraph: ...
    def get(self, key: str, namespace: str = DEFAULT_NAMESPACE, version: int | None = None) -> StoredGraph: ...
    def list(self, namespace: str = DEFAULT_NAMESPACE) -> list[StoredGraph]: ...
    def history(self, key: str, namespace: str = DEFAULT_NAMESPACE) -> list[StoredGraph]: ...
    def delete(self, key: str, namespace: str = DEFAULT_NAMESPACE) -> int: ...


def validate_key(key: str) -> str:
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise ValueError(f"Invalid graph key {key!r}: use 1-128 letters, digits, '.', '_', ':' or '-', "
                         "starting with a letter or digit.")
    return key


def validate_namespace(namespace: str) -> str:
    if not isinstance(namespace, str) or not KEY_PATTERN.match(namespace):
        raise ValueError(f"Invalid namespace {namespace!r}.")
    return namespace


def _not_found(key: str, namespace: str, existing: list[str]) -> GraphNotFound:
    listing = ", ".join(sorted(existing)) or "none"
    return GraphNotFound(f"No graph stored under '{key}' in namespace '{namespace}'. Stored keys: {listing}.")


class InMemoryGraphStore:
    """Process-local store with the same semantics as the SQLite one."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], list[StoredGraph]] = {}
        self._lock = threading.Lock()

    def put(self, key, graph, provenance, namespace=DEFAULT_NAMESPACE):
        validate_key(key), validate_namespace(namespace)
        with self._lock:
            versions = self._rows.setdefault((namespace, key), [])
            stored = StoredGraph(key, namespace, len(versions) + 1, graph.copy(), provenance)
            versions.append(stored)
            return stored

    def get(self, key, namespace=DEFAULT_NAMESPACE, version=None):
        with self._lock:
            versions = self._rows.get((namespace, key))
            if not versions:
                raise _not_found(key, namespace, [k for ns, k in self._rows if ns == namespace])
            if version is None:
                chosen = versions[-1]
            else:
                matches = [s for s in versions if s.version == version]
                if not matches:
                    raise GraphNotFound(f"Graph '{key}' has no version {version}; versions: "
                                       f"{[s.version for s in versions]}.")
                chosen = matches[0]
            return StoredGraph(chosen.key, chosen.namespace, chosen.version, chosen.graph.copy(), chosen.provenance)

    def list(self, namespace=DEFAULT_NAMESPACE):
        with self._lock:
            return [v[-1] for (ns, _k), v in sorted(self._rows.items()) if ns == namespace]

    def history(self, key, namespace=DEFAULT_NAMESPACE):
        with self._lock:
            return list(self._rows.get((namespace, key), []))

    def delete(self, key, namespace=DEFAULT_NAMESPACE):
        with self._lock:
            removed = self._rows.pop((namespace, key), [])
            if not removed:
                raise _not_found(key, namespace, [k for ns, k in self._rows if ns == namespace])
            return len(removed)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS graphs (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    graph_json TEXT NOT NULL,
    provenance_json TEXT NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (namespace, key, version)
);
"""


class SQLiteGraphStore:
    """SQLite-backed store. Each write is one transaction (``BEGIN IMMEDIATE``), so a
    writer killed mid-write leaves the previous committed state intact, and several
    processes can write at once (WAL journal, busy timeout)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.read_only = False
        self.skipped: list[str] = []  # keys whose stored row could not be read (see ``list``)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as conn:
                self._check_integrity(conn)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(_SCHEMA)
        except (sqlite3.DatabaseError, OSError) as exc:
            if not _is_read_only(exc):
                raise self._error("open", exc) from None
            self.read_only = True
            if self.path.exists():
                with self._connect() as conn:
                    self._check_integrity(conn)

    def _connect(self):
        if self.read_only:  # nobody can write here, so reading the file as it stands is safe
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?immutable=1", uri=True, isolation_level=None)
            return _ClosingConnection(conn)
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("PRAGMA synchronous=NORMAL")
        return _ClosingConnection(conn)

    def _check_integrity(self, conn) -> None:
        """``quick_check`` at open: a damaged file is reported before anything is written into it."""
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            raise self._error("open", exc) from None
        if rows != ["ok"]:
            raise self._error("open", sqlite3.DatabaseError("integrity check failed: " + "; ".join(rows[:3])))

    def _error(self, action: str, exc: BaseException) -> StoreError:
        """A StoreError naming the file, what failed, the cause and what to do."""
        cause = str(exc) or type(exc).__name__
        lowered = cause.lower()
        if "full" in lowered or getattr(exc, "errno", None) == 28:
            fix = "Free disk space (or set CAUSAL_AGENT_HOME to a folder on another disk) and try again."
        elif any(word in lowered for word in ("not a database", "malformed", "integrity check failed")):
            fix = (f"The file is damaged. Move it aside (mv '{self.path}' '{self.path}.damaged'); a new, empty "
                   "graph memory is created on the next run. Graphs you exported (causal-agent memory show KEY "
                   "--format json) can be loaded again with --graph.")
        elif "locked" in lowered or "busy" in lowered:
            fix = "Another process holds the file; wait for it to finish and try again."
        elif _is_read_only(exc):
            fix = ("The folder is read-only: reading works, saving does not. Set CAUSAL_AGENT_HOME to a "
                   "writable folder to save graphs.")
        else:
            fix = "Check the file's permissions and free space, or set CAUSAL_AGENT_HOME to another folder."
        return StoreError(f"Graph memory {self.path}: cannot {action} ({cause}). {fix}")

    def _write(self, action: str, statements):
        """Run ``statements(conn)`` in one ``BEGIN IMMEDIATE`` transaction; errors say file, cause and fix."""
        if self.read_only:
            raise self._error(action, sqlite3.OperationalError("attempt to write a readonly database"))
        try:
            with self._connect() as conn:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    out = statements(conn)
                    conn.execute("COMMIT")
                    return out
                except BaseException:
                    if conn.in_transaction:  # SQLite may have rolled back already (disk full)
                        conn.execute("ROLLBACK")
                    raise
        except sqlite3.DatabaseError as exc:
            raise self._error(action, exc) from None

    def _read(self, action: str, statements):
        try:
            with self._connect() as conn:
                return statements(conn)
        except sqlite3.DatabaseError as exc:
            raise self._error(action, exc) from None

    def put(self, key, graph, provenance, namespace=DEFAULT_NAMESPACE):
        import json

        validate_key(key), validate_namespace(namespace)
        graph_json, prov_json = graph.to_json(), json.dumps(provenance.to_dict(), default=str)

        def insert(conn) -> int:
            row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM graphs WHERE namespace=? AND key=?",
                               (namespace, key)).fetchone()
            version = int(row[0]) + 1
            conn.execute("INSERT INTO graphs VALUES (?, ?, ?, ?, ?, ?)",
                         (namespace, key, version, graph_json, prov_json, time.time()))
            return version

        version = self._write(f"save graph '{key}'", insert)
        return StoredGraph(key, namespace, version, graph.copy(), provenance)

    def _row_to_stored(self, row) -> StoredGraph:
        import json

        namespace, key, version, graph_json, prov_json = row
        try:
            return StoredGraph(key, namespace, int(version), CausalGraph.from_json(graph_json),
                               Provenance.from_dict(json.loads(prov_json)))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise StoreError(f"Graph memory {self.path}: graph '{key}' v{version} in namespace '{namespace}' "
                             f"cannot be read ({exc}). Delete it (causal-agent memory delete {key}) or save it "
                             "again.") from None

    def get(self, key, namespace=DEFAULT_NAMESPACE, version=None):
        def fetch(conn):
            if version is None:
                row = conn.execute("SELECT namespace, key, version, graph_json, provenance_json FROM graphs "
                                   "WHERE namespace=? AND key=? ORDER BY version DESC LIMIT 1",
                                   (namespace, key)).fetchone()
            else:
                row = conn.execute("SELECT namespace, key, version, graph_json, provenance_json FROM graphs "
                                   "WHERE namespace=? AND key=? AND version=?", (namespace, key, version)).fetchone()
            keys = [] if row else [r[0] for r in conn.execute("SELECT DISTINCT key FROM graphs WHERE namespace=?",
                                                               (namespace,))]
            return row, keys

        row, keys = self._read(f"read graph '{key}'", fetch) if self._has_table() else (None, [])
        if row is None:
            if version is not None and key in keys:
                raise GraphNotFound(f"Graph '{key}' has no version {version}.")
            raise _not_found(key, namespace, keys)
        return self._row_to_stored(row)

    def list(self, namespace=DEFAULT_NAMESPACE):
        """The newest version of every key; a row that cannot be read is skipped and its key kept in ``skipped``."""
        if not self._has_table():
            return []
        rows = self._read("list graphs", lambda conn: conn.execute(
            "SELECT g.namespace, g.key, g.version, g.graph_json, g.provenance_json FROM graphs g "
            "JOIN (SELECT key, MAX(version) AS v FROM graphs WHERE namespace=? GROUP BY key) m "
            "ON g.key = m.key AND g.version = m.v WHERE g.namespace=? ORDER BY g.key",
            (namespace, namespace)).fetchall())
        out, self.skipped = [], []
        for row in rows:
            try:
                out.append(self._row_to_stored(row))
            except StoreError as exc:
                self.skipped.append(row[1])
                _log.warning("%s", exc)
        return out

    def history(self, key, namespace=DEFAULT_NAMESPACE):
        if not self._has_table():
            return []
        rows = self._read(f"read graph '{key}'", lambda conn: conn.execute(
            "SELECT namespace, key, version, graph_json, provenance_json FROM graphs "
            "WHERE namespace=? AND key=? ORDER BY version", (namespace, key)).fetchall())
        return [self._row_to_stored(r) for r in rows]

    def delete(self, key, namespace=DEFAULT_NAMESPACE):
        def remove(conn):
            removed = conn.execute("DELETE FROM graphs WHERE namespace=? AND key=?", (namespace, key)).rowcount
            keys = [] if removed else [r[0] for r in conn.execute(
                "SELECT DISTINCT key FROM graphs WHERE namespace=?", (namespace,))]
            return removed, keys

        removed, keys = self._write(f"delete graph '{key}'", remove)
        if removed == 0:
            raise _not_found(key, namespace, keys)
        return removed

    def _has_table(self) -> bool:
        """False only for a read-only location where no store was ever created."""
        return not self.read_only or self.path.exists()


def _is_read_only(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, PermissionError) or "readonly" in text or "read-only" in text or \
        "unable to open database" in text or getattr(exc, "errno", None) in (13, 30)


class _ClosingConnection:
    """sqlite3 connection whose context manager closes it (the stdlib one only commits)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> sqlite3.Connection:
        return self._conn

    def __exit__(self, *exc: Any) -> None:
        self._conn.close()

    def execute(self, *args: Any):
        return self._conn.execute(*args)


def state_dir() -> Path:
    """The state directory: ``$CAUSAL_AGENT_HOME`` or ``~/.causal_agent``."""
    return Path(os.environ.get("CAUSAL_AGENT_HOME") or Path.home() / ".causal_agent")


def default_store() -> SQLiteGraphStore:
    return SQLiteGraphStore(state_dir() / "graphs.sqlite")
