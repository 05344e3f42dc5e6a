import multiprocessing as mp
import os
import signal
import time

import pytest

from memory.graph import CausalGraph
from memory.store import GraphNotFound, InMemoryGraphStore, Provenance, SQLiteGraphStore


def _graph(n=3):
    return CausalGraph.from_edge_list([f"A{i} -> A{i + 1}" for i in range(n)])


@pytest.fixture(params=["sqlite", "memory"])
def store(request, tmp_path):
    return SQLiteGraphStore(tmp_path / "g.sqlite") if request.param == "sqlite" else InMemoryGraphStore()


def test_put_get_versions_history(store):
    store.put("pricing", _graph(2), Provenance(algorithm="pc", seed=1))
    store.put("pricing", _graph(3), Provenance(algorithm="ges", seed=2))
    latest = store.get("pricing")
    assert latest.version == 2 and latest.provenance.algorithm == "ges"
    assert store.get("pricing", version=1).graph.to_dict() == _graph(2).to_dict()
    assert [s.version for s in store.history("pricing")] == [1, 2]
    assert [s.key for s in store.list()] == ["pricing"]


def test_namespaces_are_isolated(store):
    store.put("g", _graph(), Provenance(), namespace="T1-C1")
    assert store.list(namespace="T1-C2") == []
    with pytest.raises(GraphNotFound):
        store.get("g", namespace="T1-C2")
    with pytest.raises(GraphNotFound):
        store.delete("g", namespace="T1-C2")
    assert store.get("g", namespace="T1-C1").version == 1


def test_missing_key_lists_existing(store):
    store.put("alpha", _graph(), Provenance())
    with pytest.raises(GraphNotFound, match="alpha"):
        store.get("beta")


def test_delete_and_invalid_keys(store):
    store.put("x", _graph(), Provenance())
    assert store.delete("x") == 1
    assert store.list() == []
    with pytest.raises(ValueError, match="Invalid graph key"):
        store.put("../etc/passwd", _graph(), Provenance())


def test_sqlite_persists_across_instances(tmp_path):
    path = tmp_path / "g.sqlite"
    SQLiteGraphStore(path).put("k", _graph(), Provenance(algorithm="pc", parameters={"alpha": 0.01}))
    again = SQLiteGraphStore(path).get("k")
    assert again.provenance.parameters == {"alpha": 0.01}


def _writer(path, worker, count):
    store = SQLiteGraphStore(path)
    for i in range(count):
        store.put(f"w{worker}", _graph(2 + i % 3), Provenance(note=str(i)))


def test_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "g.sqlite"
    SQLiteGraphStore(path)
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), w, 15)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    store = SQLiteGraphStore(path)
    assert sorted(s.key for s in store.list()) == ["w0", "w1", "w2", "w3"]
    assert all(len(store.history(f"w{w}")) == 15 for w in range(4))


def _endless_writer(path):
    store = SQLiteGraphStore(path)
    i = 0
    while True:
        store.put("busy", _graph(2 + i % 5), Provenance(note=str(i)))
        i += 1


def test_writer_killed_mid_write_leaves_committed_graphs(tmp_path):
    path = tmp_path / "g.sqlite"
    SQLiteGraphStore(path).put("keep", _graph(4), Provenance(algorithm="pc"))
    ctx = mp.get_context("spawn")
    proc = ctx.Process(target=_endless_writer, args=(str(path),))
    proc.start()
    deadline = time.time() + 20
    store = SQLiteGraphStore(path)
    while time.time() < deadline and not store.history("busy"):
        time.sleep(0.05)
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    store = SQLiteGraphStore(path)
    assert store.get("keep").graph.to_dict() == _graph(4).to_dict()
    versions = [s.version for s in store.history("busy")]
    assert versions == list(range(1, len(versions) + 1)) and versions
    store.put("after", _graph(), Provenance())  # still writable


def test_the_same_graph_from_the_same_data_adds_no_version():
    """Issue 20: the same data and question saved NSW's graph as v17 after 17 runs."""
    from agent import CausalAgent
    from agent.demo import demo_data

    store, df = InMemoryGraphStore(), demo_data(n=500)
    runs = [CausalAgent(store=store).analyze(df, "Show the causal graph") for _ in range(3)]
    assert len({r.graph_key for r in runs}) == 1 and [e.version for e in store.list()] == [1]
    assert runs[0].to_dict()["answer"] == runs[-1].to_dict()["answer"]
