"""Issue 19 (5): store faults name the file, the cause and the fix; reads work on a read-only
store; a damaged file is caught at open; one unreadable row does not hide the others."""

from __future__ import annotations

import os
import sqlite3

import pytest

import memory.store as store_module
from agent import CausalAgent
from memory.graph import CausalGraph
from memory.store import Provenance, SQLiteGraphStore, StoreError, default_store, state_dir
from tests.reliability.helpers import DEMO, QUESTION, TRUE_EFFECT, EFFECT_TOL, assert_user_error, run_cli

GRAPH = CausalGraph.from_edge_list(["Z -> X", "Z -> Y", "X -> Y"])


def big_graph(n: int = 400) -> CausalGraph:
    return CausalGraph.from_edge_list([f"V{i} -> V{i + 1}" for i in range(n)])


def test_disk_full_is_reported_as_disk_full_not_as_a_rollback_error(tmp_path, monkeypatch):
    store = SQLiteGraphStore(tmp_path / "g.sqlite")
    store.put("small", GRAPH, Provenance())
    connect = SQLiteGraphStore._connect

    def capped(self):  # the database may not grow: SQLite answers as on a full disk
        conn = connect(self)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
        return conn

    monkeypatch.setattr(SQLiteGraphStore, "_connect", capped)
    with pytest.raises(StoreError) as err:
        store.put("large", big_graph(), Provenance())
    message = str(err.value)
    assert str(tmp_path / "g.sqlite") in message and "full" in message and "Free disk space" in message
    assert "rollback" not in message.lower()
    monkeypatch.undo()
    assert [e.key for e in store.list()] == ["small"]  # nothing half-written


def _read_only(monkeypatch, path) -> None:
    """Make ``path``'s folder read-only (as root, chmod does not bind: open the file read-only instead)."""
    if os.geteuid() != 0:
        path.parent.chmod(0o500)
        path.chmod(0o400)
        return
    real = sqlite3.connect

    def read_only_connect(database, *args, **kwargs):
        if str(database) == str(path):
            return real(f"{path.resolve().as_uri()}?mode=ro", *args, uri=True, **kwargs)
        return real(database, *args, **kwargs)

    monkeypatch.setattr(store_module.sqlite3, "connect", read_only_connect)


def test_a_read_only_store_still_lists_and_loads_and_refuses_writes_clearly(tmp_path, monkeypatch):
    path = tmp_path / "home" / "graphs.sqlite"
    SQLiteGraphStore(path).put("kept", GRAPH, Provenance(source="user"))
    _read_only(monkeypatch, path)
    try:
        store = SQLiteGraphStore(path)
        assert [e.key for e in store.list()] == ["kept"] and store.get("kept").graph.edges
        with pytest.raises(StoreError) as err:
            store.put("new", GRAPH, Provenance())
        assert str(path) in str(err.value) and "CAUSAL_AGENT_HOME" in str(err.value)
        res = CausalAgent(store=store).analyze(DEMO, QUESTION, graph="Z -> X; Z -> Y; X -> Y; Z -> W; V -> X")
        assert abs(res.effect.estimate - TRUE_EFFECT) < EFFECT_TOL
        assert any("not saved to graph memory" in w for w in res.warnings)
        res = CausalAgent(store=store).analyze(DEMO, QUESTION, graph="kept")
        assert res.effect is not None
    finally:
        path.parent.chmod(0o700)


def test_a_file_that_is_not_a_database_names_the_path_and_the_way_out(tmp_path):
    path = tmp_path / "graphs.sqlite"
    path.write_bytes(b"this is not sqlite" * 500)
    with pytest.raises(StoreError) as err:
        SQLiteGraphStore(path)
    message = str(err.value)
    assert str(path) in message and "Move it aside" in message and ".damaged" in message


def test_damaged_middle_pages_are_caught_at_open_before_any_write(tmp_path):
    path = tmp_path / "graphs.sqlite"
    store = SQLiteGraphStore(path)
    for i in range(30):
        store.put(f"g{i}", big_graph(40), Provenance())
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    raw = bytearray(path.read_bytes())
    middle = (pages // 2) * page
    raw[middle:middle + page] = b"\xff" * page
    path.write_bytes(bytes(raw))
    size_before = path.stat().st_size
    with pytest.raises(StoreError) as err:
        SQLiteGraphStore(path)
    assert str(path) in str(err.value) and "damaged" in str(err.value)
    assert path.stat().st_size == size_before


def test_one_unreadable_row_is_skipped_and_named(tmp_path):
    path = tmp_path / "graphs.sqlite"
    store = SQLiteGraphStore(path)
    store.put("good-a", GRAPH, Provenance())
    store.put("good-b", GRAPH, Provenance())
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO graphs VALUES ('default', 'broken', 1, '{not json', '{}', 0)")
    assert [e.key for e in store.list()] == ["good-a", "good-b"]
    assert store.skipped == ["broken"]
    with pytest.raises(StoreError) as err:
        store.get("broken")
    assert "'broken' v1" in str(err.value) and "memory delete broken" in str(err.value)


def test_cli_memory_list_on_a_damaged_store_is_one_clear_line(capsys):
    path = state_dir() / "graphs.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"garbage" * 1000)
    run = run_cli(capsys, "memory", "list")
    assert_user_error(run, str(path), "Move it aside")


def test_default_store_round_trip_still_works():
    store = default_store()
    store.put("k", GRAPH, Provenance(source="user"))
    assert store.get("k").version == 1 and store.delete("k") == 1
