"""Issue 23: 'Does X cause Y?' / 'How sure are we ...?' on a small table also says how sure the
edge and its direction are, from exact posteriors over every DAG (Koivisto-Sood)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from memory.store import InMemoryGraphStore


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    # a -> b -> c, a -> d <- c (a v-structure at d orients a -> d and c -> d); e independent
    rng = np.random.default_rng(0)
    n = 2000
    a = rng.normal(size=n)
    b = 0.8 * a + rng.normal(size=n)
    c = 0.7 * b + rng.normal(size=n)
    d = 0.6 * a + 0.5 * c + rng.normal(size=n)
    return pd.DataFrame(dict(a=a, b=b, c=c, d=d, e=rng.normal(size=n)))


def _posteriors(text: str) -> tuple[float, float, float]:
    m = re.search(r"direct edge \S+ → \S+ is ([\d.]+) and of \S+ → \S+ ([\d.]+) \(adjacent: ([\d.]+)\)", text)
    assert m, text
    return tuple(float(v) for v in m.groups())


def _ask(df, question):
    return CausalAgent(store=InMemoryGraphStore()).analyze(df, question)


def test_an_oriented_edge_is_sure_in_its_direction(data):
    res = _ask(data, "How sure are we that c causes d?")
    forward, backward, adjacent = _posteriors(res.explanation)
    assert forward > 0.9 and backward < 0.1 and adjacent > 0.95
    assert "prior over variable orders" not in res.explanation


def test_an_edge_the_data_cannot_orient_says_so(data):
    res = _ask(data, "Does a cause b?")
    forward, backward, adjacent = _posteriors(res.explanation)
    assert adjacent > 0.95 and "prior over variable orders" in res.explanation


def test_no_edge_gets_a_small_probability(data):
    _, _, adjacent = _posteriors(_ask(data, "Does e cause c?").explanation)
    assert adjacent < 0.1
