"""Conditional independence tests: agreement with causal-learn, ground truth on simulated
data, honest handling of sparse tables, text columns and missing values, and the tool."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tools import independence
from tools.base import DataError, ToolInputError
from tools.context import AnalysisContext
from tools.independence import CITest, IndependenceReport, ci_test, choose_test
from tools.registry import ToolRegistry


@pytest.fixture(scope="module")
def continuous() -> pd.DataFrame:
    """X → Z → Y chain, W independent, V = X + Y + noise (a collider)."""
    rng = np.random.default_rng(7)
    n = 2000
    x = rng.normal(size=n)
    z = 0.8 * x + rng.normal(size=n)
    y = 0.7 * z + rng.normal(size=n)
    w = rng.normal(size=n)
    v = x + y + 0.5 * rng.normal(size=n)
    return pd.DataFrame({"X": x, "Z": z, "Y": y, "W": w, "V": v})


@pytest.fixture(scope="module")
def discrete() -> pd.DataFrame:
    """A → B → C chain of categorical variables, D independent of all."""
    rng = np.random.default_rng(3)
    n = 3000
    a = rng.integers(0, 3, n)
    b = np.where(rng.random(n) < 0.7, a, rng.integers(0, 3, n))
    c = np.where(rng.random(n) < 0.6, b % 2, rng.integers(0, 2, n))
    d = rng.integers(0, 4, n)
    return pd.DataFrame({"A": a, "B": b, "C": c, "D": d})


def _cl_pvalue(df: pd.DataFrame, method: str, x: str, y: str, z: list[str]) -> float:
    from causallearn.utils.cit import CIT

    test = CIT(df.to_numpy(), method)
    col = list(df.columns)
    return float(test(col.index(x), col.index(y), [col.index(c) for c in z]))


@pytest.mark.parametrize("x,y,z", [("X", "Y", []), ("X", "Y", ["Z"]), ("X", "V", ["Z", "Y"]),
                                   ("W", "Y", ["X", "Z", "V"])])
def test_fisher_z_matches_causal_learn(continuous, x, y, z):
    ours = ci_test(continuous, x, y, z, "fisherz")
    theirs = _cl_pvalue(continuous, "fisherz", x, y, z)
    assert ours.p_value == pytest.approx(theirs, rel=1e-6, abs=1e-12)
    assert ours.dof == len(continuous) - len(z) - 3


@pytest.mark.parametrize("method", ["chisq", "gsq"])
@pytest.mark.parametrize("x,y,z", [("A", "C", []), ("A", "C", ["B"]), ("A", "D", ["B", "C"]), ("B", "C", ["D"])])
def test_discrete_tests_match_causal_learn(discrete, method, x, y, z):
    ours = ci_test(discrete, x, y, z, method)
    assert ours.p_value == pytest.approx(_cl_pvalue(discrete, method, x, y, z), rel=1e-6, abs=1e-12)


def test_fisher_z_ground_truth_chain(continuous):
    assert not ci_test(continuous, "X", "Y").independent  # dependent through Z
    screened = ci_test(continuous, "X", "Y", ["Z"])
    assert screened.independent and screened.p_value > 0.05
    assert ci_test(continuous, "X", "W").independent
    collider = ci_test(continuous, "X", "Y", ["Z", "V"])  # conditioning on the collider V opens X–Y
    assert not collider.independent


@pytest.mark.parametrize("method", ["chisq", "gsq"])
def test_discrete_ground_truth(discrete, method):
    assert ci_test(discrete, "A", "C", [], method).p_value < 1e-6  # dependent through B
    assert ci_test(discrete, "A", "C", ["B"], method).independent  # screened off by B
    assert ci_test(discrete, "A", "D", [], method).independent
    assert ci_test(discrete, "A", "B", ["D"], method).p_value < 1e-6


def test_auto_picks_by_column_kind(discrete, continuous):
    r = ci_test(discrete, "A", "C", ["B"])
    assert r.test == "gsq" and "discrete" in r.note
    r = ci_test(continuous, "X", "Y", ["Z"])
    assert r.test == "fisherz" and "Fisher-z" in r.note
    mixed = continuous.assign(G=(continuous["X"] > 0).astype(int))
    assert choose_test(mixed, ["G", "Y"])[0] is CITest.FISHERZ


def test_text_categories_same_as_integer_codes(discrete):
    names = np.array(["red", "green", "blue"])
    text = discrete.assign(A=names[discrete["A"]], B=names[discrete["B"]])
    for method in ("chisq", "gsq"):
        assert ci_test(text, "A", "C", ["B"], method).p_value == pytest.approx(
            ci_test(discrete, "A", "C", ["B"], method).p_value, rel=1e-9)


def test_fisher_z_tests_multilevel_text_by_its_dummies_and_adjusts_for_text_confounder():
    rng = np.random.default_rng(11)
    n = 1500
    group = rng.choice(["north", "south", "west"], size=n)
    shift = pd.Series(group).map({"north": -2.0, "south": 0.0, "west": 2.5}).to_numpy()
    df = pd.DataFrame({"X": shift + rng.normal(size=n), "Y": -shift + rng.normal(size=n), "G": group})
    by_dummies = ci_test(df, "G", "Y", [], "fisherz")  # issue 19 (10): was refused, now an F-test
    assert not by_dummies.independent and "F-test of its dummies" in by_dummies.note and by_dummies.dof == 2
    df["H"] = rng.choice(["a", "b", "c"], size=n)
    with pytest.raises(ToolInputError, match="gsq"):  # two multi-level text columns: a discrete test's job
        ci_test(df, "G", "H", ["X"], "fisherz")
    assert not ci_test(df, "X", "Y", [], "fisherz").independent
    adjusted = ci_test(df, "X", "Y", ["G"], "fisherz")
    assert adjusted.independent and "dummy" in adjusted.note and adjusted.dof == n - 2 - 3


def test_missing_values_are_dropped_and_counted(continuous):
    df = continuous.copy()
    df.loc[:99, "Z"] = np.nan
    r = ci_test(df, "X", "Y", ["Z"])
    assert r.n_used == len(df) - 100 and "dropped 100 rows" in r.note
    assert ci_test(df, "X", "W").n_used == len(df)  # Z is not tested there


def test_sparse_strata_are_flagged():
    rng = np.random.default_rng(5)
    n = 120
    df = pd.DataFrame({"X": rng.integers(0, 3, n), "Y": rng.integers(0, 3, n),
                       "S1": rng.integers(0, 6, n), "S2": rng.integers(0, 6, n)})
    r = ci_test(df, "X", "Y", ["S1", "S2"], "gsq")
    assert not r.reliable and "sparse" in r.note and "unreliable" in r.sentence()
    no_info = pd.DataFrame({"X": np.repeat([0, 1], 30), "Y": np.tile([0, 1], 30), "S": np.repeat([0, 1], 30)})
    r = ci_test(no_info, "X", "Y", ["S"], "chisq")  # X is constant within each stratum of S
    assert r.dof == 0 and r.p_value == 1.0 and not r.reliable and "no information" in r.note


def test_discrete_test_refuses_continuous_columns(continuous):
    with pytest.raises(ToolInputError, match="fisherz"):
        ci_test(continuous, "X", "Y", [], "gsq")


def test_bad_requests_name_the_fix(continuous):
    with pytest.raises(ToolInputError, match="Did you mean 'X'"):
        ci_test(continuous, "x", "Y")
    with pytest.raises(ToolInputError, match="Valid methods"):
        ci_test(continuous, "X", "Y", method="pearson")
    with pytest.raises(ToolInputError, match="must not contain"):
        ci_test(continuous, "X", "Y", ["X"])
    dup = continuous.assign(X2=2 * continuous["X"])
    with pytest.raises(DataError, match="deterministic"):
        ci_test(dup, "X", "Y", ["X2"], "fisherz")


def test_kci_detects_nonlinear_dependence_and_subsamples_with_seed(monkeypatch):
    rng = np.random.default_rng(2)
    n = 300
    x = rng.uniform(-2, 2, n)
    df = pd.DataFrame({"X": x, "Y": x ** 2 + 0.3 * rng.normal(size=n), "W": rng.normal(size=n)})
    assert ci_test(df, "X", "Y", [], "fisherz").independent  # no linear correlation
    assert not ci_test(df, "X", "Y", [], "kci").independent
    monkeypatch.setattr(independence, "KCI_MAX_ROWS", 150)
    first = ci_test(df, "X", "W", ["Y"], "kci", seed=4)
    assert first.n_used == 150 and "subsampled 150 of 300" in first.note and "seed 4" in first.note
    assert ci_test(df, "X", "W", ["Y"], "kci", seed=4).p_value == first.p_value


def test_tool_answers_several_conditioning_sets(continuous):
    ctx = AnalysisContext(data=continuous, seed=0)
    registry = ToolRegistry(independence.TOOLS)
    out = registry.call("test_independence", {"x": "X", "y": "Y", "given": ["Z"],
                                              "more_given_sets": [[], ["Z", "V"]]}, ctx)
    report = ctx.results["test_independence"]
    assert isinstance(report, IndependenceReport) and len(report.results) == 3
    assert report.primary.conditioning == ["Z"] and report.primary.independent
    assert [r.independent for r in report.results] == [True, False, False]
    first_line = out.observation.splitlines()[0]
    assert first_line.startswith("X ⫫ Y | Z? Fisher-z p = ") and "no evidence of dependence at α=0.05" in first_line
    assert "(n=2000)" in first_line
    assert any("Fisher-z" in a for a in ctx.assumptions)
    assert report.to_dict()["primary"]["p_value"] == report.primary.p_value
    with pytest.raises(ToolInputError, match="method"):
        registry.call("test_independence", {"x": "X", "y": "Y", "method": "spearman"}, ctx)
