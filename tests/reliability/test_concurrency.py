"""One ``CausalAgent`` (and its SQLite graph store) analysing in two threads at once gives
the same answers as the same analyses run one after the other."""

from __future__ import annotations

import json
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from agent import CausalAgent
from memory.store import SQLiteGraphStore
from tests.reliability.helpers import DEMO, QUESTION, TRUE_EFFECT, without_timing

QUESTIONS = [QUESTION, "Are X and W independent given Z?", "Show the causal graph", "What causes Y?"]


def comparable(result) -> str:
    return json.dumps(without_timing(result.to_dict()), sort_keys=True)


@pytest.mark.time_limit(90)
def test_two_threads_share_one_agent_and_store(tmp_path):
    sequential_agent = CausalAgent(store=SQLiteGraphStore(tmp_path / "seq.sqlite"), seed=1)
    expected = {q: comparable(sequential_agent.analyze(DEMO.copy(), q)) for q in QUESTIONS}

    store_path = tmp_path / "shared.sqlite"
    agent = CausalAgent(store=SQLiteGraphStore(store_path), seed=1)
    start = threading.Barrier(2)

    def work(questions: list[str]) -> dict[str, str]:
        start.wait(timeout=30)
        return {q: comparable(agent.analyze(DEMO.copy(), q)) for q in questions}

    with ThreadPoolExecutor(max_workers=2) as pool:
        halves = [pool.submit(work, QUESTIONS[0::2]), pool.submit(work, QUESTIONS[1::2])]
        got = {q: r for future in halves for q, r in future.result(timeout=80).items()}

    for q in QUESTIONS:
        assert got[q] == expected[q], q
    assert abs(json.loads(got[QUESTION])["effect"]["estimate"] - TRUE_EFFECT) < 0.15
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.time_limit(60)
def test_the_same_question_twice_at_once(tmp_path):
    store = SQLiteGraphStore(tmp_path / "g.sqlite")
    agent = CausalAgent(store=store, seed=1)
    start = threading.Barrier(2)

    def work() -> str:
        start.wait(timeout=30)
        return comparable(agent.analyze(DEMO.copy(), QUESTION))

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = [f.result(timeout=50) for f in [pool.submit(work), pool.submit(work)]]
    assert first == second
    key = json.loads(first)["graph_key"]
    # the same graph twice adds one version, whichever run saves first (check and save are one step)
    assert [s.version for s in store.history(key)] == [1]
