"""BOSS restricted to candidate parents (tools/discovery/boss_local.py) against ground truth
and against plain BOSS."""

from __future__ import annotations

import numpy as np
import pytest

from evals.metrics import score_graph
from memory.graph import CausalGraph
from tools.discovery.boss import boss_search, parents_to_cpdag
from tools.discovery.boss_local import (boss_local_search, candidate_neighbours, directed_order,
                                        pc_start)
from tools.discovery.cpdag import dag_to_cpdag
from tools.discovery.fast_testdata import random_linear_data


def _truth(dag: np.ndarray, names: list[str]) -> CausalGraph:
    edges = [(names[i], names[j]) for i, j in zip(*np.nonzero(dag))]
    return dag_to_cpdag(CausalGraph.from_edge_list(edges, nodes=names))


@pytest.mark.parametrize("seed", [0, 1])
def test_with_every_variable_a_candidate_it_finds_what_plain_boss_finds(seed):
    x, _ = random_linear_data(12, 3000, 3.0, seed)
    everyone = [[u for u in range(12) if u != v] for v in range(12)]
    local_parents, local_score = boss_local_search(x, 1.0, 2, seed, everyone)
    full_parents, full_score = boss_search(x, "bic", 1.0, 2, seed)
    assert local_score == pytest.approx(full_score, abs=1e-6)


def test_markov_blanket_candidates_keep_every_true_adjacency():
    x, dag = random_linear_data(60, 5000, 3.0, 3)
    neighbours = candidate_neighbours(x)
    for i, j in zip(*np.nonzero(dag)):
        assert j in neighbours[i] and i in neighbours[j]
    assert np.mean([len(n) for n in neighbours]) < 12      # far fewer than p - 1 = 59


def test_recovers_a_100_variable_cpdag_better_than_pc():
    x, dag = random_linear_data(100, 5000, 3.0, 4)
    names = [f"V{i}" for i in range(100)]
    truth = _truth(dag, names)
    start, skeleton = pc_start(x, 0.01)
    found = parents_to_cpdag(*boss_local_search(x, 1.0, 1, 0, candidate_neighbours(x, skeleton=skeleton), start),
                             names)
    scores = score_graph(found, truth)
    assert scores.skeleton_f1 >= 0.97 and scores.orientation_f1 >= 0.95

    from tools.discovery.fast_pc import fast_pc

    pc = fast_pc(x, 0.01, names=names).to_causal_graph()
    assert scores.orientation_f1 > score_graph(pc, truth).orientation_f1


def test_same_seed_same_graph():
    x, _ = random_linear_data(70, 2000, 3.0, 5)
    assert boss_local_search(x, 1.0, 2, 7) == boss_local_search(x, 1.0, 2, 7)


def test_directed_order_respects_edges_and_survives_a_cycle():
    arrows = np.zeros((4, 4), dtype=bool)
    arrows[2, 0] = arrows[0, 3] = arrows[3, 1] = True
    order = directed_order(arrows)
    assert order.index(2) < order.index(0) < order.index(3) < order.index(1)
    arrows[1, 2] = True                                     # 2 -> 0 -> 3 -> 1 -> 2
    assert sorted(directed_order(arrows)) == [0, 1, 2, 3]
