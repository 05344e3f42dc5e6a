"""The selector's rule table: one test per branch, budgets, overrides (no fitting; fast)."""

from __future__ import annotations

import pytest

from tools.discovery.algorithms import REGISTRY, AlgorithmName, get_algorithm
from tools.discovery.selector import (RULES, SelectionInput, alpha_for, default_parameters, depth_for,
                                      estimate_seconds, select_algorithm)


def _s(**kw) -> SelectionInput:
    base = dict(n=2000, p=6, discrete=False, linear=True, non_gaussian=False)
    base.update(kw)
    return SelectionInput(**base)


def test_small_linear_gaussian_uses_multistart_boss_with_bic():
    sel = select_algorithm(_s())
    assert sel.algorithm == AlgorithmName.BOSS and sel.rule == "score"
    assert sel.parameters == {"score": "bic", "penalty": 1.0, "restarts": 10}
    assert any("BOSS" in r for r in sel.reasons)


def test_linear_non_gaussian_uses_lingam_and_cites_findings():
    s = _s(non_gaussian=True, findings={"non_gaussian": "residuals non-Gaussian in 6/6 columns (Jarque-Bera, BH)"})
    sel = select_algorithm(s)
    assert sel.algorithm == AlgorithmName.DIRECT_LINGAM
    assert "Jarque-Bera" in sel.reasons[0]


def test_pairwise_nonlinear_non_gaussian_still_tries_lingam_with_a_check():
    sel = select_algorithm(_s(linear=False, non_gaussian=True))
    assert sel.algorithm == AlgorithmName.DIRECT_LINGAM
    assert "skewed noise" in sel.reasons[0] and "checked" in sel.reasons[0]


def test_nonlinear_gaussian_uses_polynomial_score():
    sel = select_algorithm(_s(linear=False, non_gaussian=False))
    assert sel.algorithm == AlgorithmName.BOSS
    assert sel.parameters["score"] == "poly" and sel.parameters["penalty"] == 0.5
    assert any("nonlinear" in r for r in sel.reasons)
    assert default_parameters(AlgorithmName.GES, _s(linear=False))["penalty"] == 2.0


def test_domain_column_uses_cdnod():
    sel = select_algorithm(_s(domain_column="site", heterogeneous=True))
    assert sel.algorithm == AlgorithmName.CDNOD and sel.parameters["ci_test"] == "fisherz"


def test_allow_latent_uses_fci_even_with_domain():
    sel = select_algorithm(_s(allow_latent=True, domain_column="site"))
    assert sel.algorithm == AlgorithmName.FCI


def test_discrete_uses_bdeu_and_chisq_fallback():
    sel = select_algorithm(_s(discrete=True))
    assert sel.algorithm == AlgorithmName.BOSS and sel.parameters["score"] == "bdeu"
    assert "penalty" not in sel.parameters
    tight = select_algorithm(_s(discrete=True, p=60, n=20000, time_budget_s=5))
    assert tight.algorithm == AlgorithmName.PC and tight.parameters["ci_test"] == "chisq"
    assert any("over the 5 s budget" in r for r in tight.reasons)


def test_many_missing_rows_use_mvpc():
    sel = select_algorithm(_s(incomplete_rows=0.3))
    assert sel.algorithm == AlgorithmName.PC and sel.rule == "missing"
    assert select_algorithm(_s(incomplete_rows=0.05)).algorithm == AlgorithmName.BOSS


def test_many_linear_variables_use_local_boss_started_from_pc():
    sel = select_algorithm(_s(p=100, n=5000))
    assert sel.algorithm == AlgorithmName.BOSS_LOCAL and sel.rule == "large linear"
    assert sel.parameters == {"score": "bic", "penalty": 1.0, "restarts": 1, "alpha": 0.01}
    assert "Markov blanket" in sel.reasons[0]
    assert sel.estimated_seconds < 30


def test_large_nonlinear_or_over_budget_uses_pc_fisherz_with_depth_limit():
    sel = select_algorithm(_s(p=100, n=5000, linear=False))
    assert sel.algorithm == AlgorithmName.PC and sel.rule == "large"
    assert sel.parameters == {"ci_test": "fisherz", "alpha": 0.01, "stable": True, "depth": 3}
    assert sel.estimated_seconds < 30
    huge = select_algorithm(_s(p=3000, n=5000))
    assert huge.algorithm == AlgorithmName.PC and "budget" in " ".join(huge.reasons)


def test_restarts_shrink_with_the_budget():
    roomy = select_algorithm(_s(p=50, n=5000, time_budget_s=60))
    assert roomy.algorithm == AlgorithmName.BOSS and roomy.parameters["restarts"] == 10
    tight = select_algorithm(_s(p=50, n=5000, time_budget_s=8))
    assert tight.algorithm == AlgorithmName.BOSS and 3 <= tight.parameters["restarts"] < 10
    assert tight.estimated_seconds <= 8


def test_budget_falls_back_to_faster_candidate():
    s = _s(p=28, n=50_000, time_budget_s=1.0)
    assert estimate_seconds(AlgorithmName.BOSS, s) > 1.0
    sel = select_algorithm(s)
    assert sel.algorithm in (AlgorithmName.GES, AlgorithmName.PC)
    assert any("budget" in r for r in sel.reasons)


def test_bootstrap_multiplies_estimate():
    s0, s20 = _s(p=20), _s(p=20, bootstrap=20)
    assert estimate_seconds(AlgorithmName.PC, s20) > 10 * estimate_seconds(AlgorithmName.PC, s0)


def test_override_records_reason_and_validates_data_kind():
    sel = select_algorithm(_s(), override="ges", override_reason="user asked for GES")
    assert sel.algorithm == AlgorithmName.GES and sel.override == "user asked for GES"
    assert sel.rule == "override" and "user asked for GES" in sel.reasons[0]
    with pytest.raises(ValueError, match="Valid here: .*pc"):
        select_algorithm(_s(discrete=True), override="direct_lingam")
    with pytest.raises(ValueError, match="domain"):
        select_algorithm(_s(), override="cdnod")
    with pytest.raises(ValueError, match="Valid: pc, fci"):
        get_algorithm("notanalgo")


def test_hyperparameters_by_size():
    assert (alpha_for(300), alpha_for(5000), alpha_for(50_000)) == (0.05, 0.01, 0.001)
    assert (depth_for(10), depth_for(40), depth_for(200)) == (None, 4, 3)
    assert default_parameters(AlgorithmName.FCI, _s(discrete=True))["ci_test"] == "chisq"


def test_registry_is_complete_and_rule_table_ends_with_catch_all():
    assert set(REGISTRY) == set(AlgorithmName)
    assert RULES[-1].applies(_s(p=10_000))
    for alg in REGISTRY.values():
        assert alg.estimate_seconds(1000, 5) > 0 and alg.description and alg.assumptions
    assert get_algorithm("exact").estimate_seconds(1000, 20) == float("inf")
