"""Large tables: discovery on a seeded subsample with a stability check on a second,
disjoint one; estimation still on every row."""

import numpy as np
import pandas as pd
import pytest

from memory.graph import Mark
from tools.discovery.pipeline import discover
from tools.discovery.subsample import compare, disjoint_subsamples


def _v_structure(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    z = rng.normal(size=n)
    w = rng.normal(size=n)
    x = 0.8 * z + 0.7 * w + rng.normal(size=n)
    y = 2.0 * x + 1.0 * z + rng.normal(size=n)
    return pd.DataFrame({"Z": z, "W": w, "X": x, "Y": y})


def test_subsamples_are_disjoint_seeded_and_ordered():
    df = pd.DataFrame({"a": np.arange(1000)})
    first, second = disjoint_subsamples(df, 300, seed=4)
    assert len(first) == len(second) == 300
    assert not set(first.index) & set(second.index)
    assert list(first.index) == sorted(first.index)
    again, _ = disjoint_subsamples(df, 300, seed=4)
    other, _ = disjoint_subsamples(df, 300, seed=5)
    assert list(again.index) == list(first.index)
    assert list(other.index) != list(first.index)


def test_large_table_is_learned_on_a_stated_checked_subsample():
    df = _v_structure(6000)
    result = discover(df, seed=0, max_rows=2000)
    assert result.n_rows == 2000
    check = result.graph.metadata["subsample"]
    assert check["rows_used"] == 2000 and check["total_rows"] == 6000
    assert check["adjacency_agreement"] == 1.0 and check["unstable_edges"] == []
    assert any("2,000 of 6,000 rows" in a for a in result.assumptions)
    assert any("stability check" in w for w in result.warnings)
    assert ("X", "Y") in result.graph.directed_edges()


def test_small_table_uses_every_row_without_a_check():
    result = discover(_v_structure(1500), seed=0, max_rows=2000)
    assert result.n_rows == 1500
    assert "subsample" not in result.graph.metadata


def test_compare_names_edges_that_one_subsample_does_not_reproduce():
    first = discover(_v_structure(3000, seed=1), seed=0).graph
    second = first.copy()
    second.remove_edge("Z", "Y")
    check = compare(first, second, 3000, 6000, seed=0)
    assert check.adjacency_agreement == pytest.approx(3 / 4)
    assert len(check.unstable) == 1 and "Z" in check.unstable[0] and "Y" in check.unstable[0]
    assert "not reproduced" in check.summary()
