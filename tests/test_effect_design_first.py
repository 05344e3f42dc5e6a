"""Issue 15: effects rest on the study design and covariate roles; a learned graph is a
diagnostic (descendants out, IDA range reported), never a veto and never a zero."""

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from memory.graph import CausalGraph
from memory.store import InMemoryGraphStore
from tools.base import ToolInputError
from tools.context import AnalysisContext
from tools.covariates.roles import Role, assign_roles
from tools.design.model import DesignInput, StudyDesign
from tools.design.recognise import recognise
from tools.identification.ida import effect_range, locally_valid
from tools.registry import default_registry


def _agent():
    return CausalAgent(store=InMemoryGraphStore())


def season_discount_sales(seed=0, n=2000):
    rng = np.random.default_rng(seed)
    season = rng.integers(0, 2, n)
    discount = (rng.random(n) < 0.2 + 0.5 * season).astype(int)
    sales = 2.0 * discount + 3.0 * season + rng.normal(0, 1, n)
    return pd.DataFrame({"season": season, "discount": discount, "sales": sales})


def test_confounder_the_graph_cannot_orient_is_adjusted_and_the_range_reported():
    res = _agent().analyze(season_discount_sales(), "What is the effect of discount on sales?")
    assert abs(res.effect.estimate - 2.0) < 0.2
    assert res.effect.adjustment_set == ["season"]
    assert any("season" in a and "Pre-treatment by default" in a for a in res.assumptions)
    values = [p["estimate"] for p in res.effect.possible_effects]
    assert len(values) == 2 and min(values) < 2.2 and max(values) > 3.0  # adjusted vs unadjusted
    assert "graphs the data cannot tell apart" in res.explanation


def test_definite_descendant_of_the_treatment_is_never_adjusted():
    # A -> T <- C (a v-structure orients both), T -> M -> Y, C -> Y: M is a definite descendant.
    rng = np.random.default_rng(3)
    n = 4000
    a, c = rng.normal(size=n), rng.normal(size=n)
    t = a + c + rng.normal(size=n)
    m = 1.5 * t + rng.normal(size=n)
    y = 2.0 * m + 1.0 * c + rng.normal(size=n)
    df = pd.DataFrame({"a": a, "c": c, "t": t, "m": m, "y": y})
    res = _agent().analyze(df, "What is the effect of t on y?")
    roles = res.details["tool_results"]["assign_covariate_roles"]
    role_of = {r["column"]: r["role"] for r in roles["roles"]}
    assert role_of["m"] == Role.POST.value
    assert "m" not in res.effect.adjustment_set and "c" in res.effect.adjustment_set
    assert abs(res.effect.estimate - 3.0) < 0.15  # total effect 1.5 x 2.0


def test_learned_graph_never_gives_an_exact_zero():
    # Small sample, modest effect: a learned graph may miss T -> Y; the answer must be an estimate.
    rng = np.random.default_rng(7)
    for seed in range(3):
        rng = np.random.default_rng(seed)
        n = 150
        x = rng.normal(size=n)
        t = (rng.random(n) < 0.5).astype(int)
        y = 0.3 * t + 0.5 * x + rng.normal(size=n)
        res = _agent().analyze(pd.DataFrame({"x": x, "t": t, "y": y}), "What is the effect of t on y?")
        assert res.effect is not None and res.effect.ci_low < res.effect.ci_high
        assert "no causal path" not in res.effect.method


def test_estimate_tool_refuses_a_zero_from_a_discovered_graph():
    df = pd.DataFrame({"t": [0, 1] * 20, "y": np.arange(40.0)})
    ctx = AnalysisContext(data=df, graph=CausalGraph(nodes=["t", "y"]), graph_source="discovered")
    registry = default_registry()
    registry.call("identify_effect", {"treatment": "t", "outcome": "y"}, ctx)
    with pytest.raises(ToolInputError, match="cannot show that an effect is zero"):
        registry.call("estimate_effect", {"treatment": "t", "outcome": "y"}, ctx)


def test_user_graph_may_still_say_zero():
    df = season_discount_sales()
    res = _agent().analyze(df, "What is the effect of discount on sales?", graph=["season -> discount", "season -> sales"])
    assert res.effect.estimate == 0.0 and "no causal path" in res.effect.method


def test_covariate_roles_from_time_fixed_attributes_and_data():
    rng = np.random.default_rng(0)
    n = 500
    df = pd.DataFrame({"seqn": np.arange(n), "treat": rng.integers(0, 2, n), "age": rng.integers(20, 60, n),
                       "black": rng.integers(0, 2, n), "re74": rng.normal(size=n), "re75": rng.normal(size=n),
                       "re78": rng.normal(size=n), "death": rng.integers(0, 2, n), "opened": rng.integers(0, 2, n),
                       "income": rng.normal(size=n)})
    df["treat_copy"] = 3 * df["treat"]
    roles = assign_roles(df, "treat", "re78",
                         description="opened: whether the email was opened after the campaign email was sent")
    role = {r.column: r.role for r in roles.roles}
    assert role["seqn"] is Role.IDENTIFIER
    assert role["re74"] is Role.PRE and role["re75"] is Role.PRE
    assert role["age"] is Role.PRE and role["black"] is Role.PRE
    assert role["death"] is Role.POST and role["opened"] is Role.POST
    assert role["treat_copy"] is Role.TREATMENT_DEFINING
    assert role["income"] is Role.UNKNOWN
    assert roles.adjustment_set == ["age", "black", "re74", "re75", "income"]
    assert "income" in roles.assumption()


def test_outcome_year_makes_same_year_measures_post_treatment():
    rng = np.random.default_rng(1)
    n = 300
    wt71 = rng.normal(70, 10, n)
    change = rng.normal(2, 3, n)
    df = pd.DataFrame({"qsmk": rng.integers(0, 2, n), "wt71": wt71, "wt82": wt71 + change, "wt82_71": change,
                       "tax71": rng.normal(size=n), "hightax82": rng.integers(0, 2, n)})
    role = {r.column: r.role for r in assign_roles(df, "qsmk", "wt82_71").roles}
    assert role["wt71"] is Role.PRE and role["tax71"] is Role.PRE
    assert role["wt82"] is Role.POST and role["hightax82"] is Role.POST


def test_ida_local_validity_and_range():
    g = CausalGraph.from_edge_list(["p -> t", "s1 --- t", "s2 --- t", "s1 --- s2", "t -> y", "p -> s1", "p -> s2"])
    assert locally_valid(g, {"p"}, ("s1", "s2"))
    g2 = CausalGraph.from_edge_list(["p -> t", "s1 --- t", "t -> y"])  # s1 not adjacent to p
    assert not locally_valid(g2, {"p"}, ("s1",))
    rng = np.random.default_rng(0)
    n = 3000
    p = rng.normal(size=n)
    s1 = p + rng.normal(size=n)
    t = p + s1 + rng.normal(size=n)
    y = 1.0 * t + 2.0 * s1 + rng.normal(size=n)
    df = pd.DataFrame({"p": p, "s1": s1, "t": t, "y": y})
    g3 = CausalGraph.from_edge_list(["p -> t", "s1 --- t", "p -> s1", "t -> y", "s1 -> y"])
    found = effect_range(df, g3, "t", "y")
    values = sorted(round(v["estimate"], 1) for v in found.possible_effects)
    assert len(values) == 2 and abs(values[0] - 1.0) < 0.1 and values[1] > 1.5


def _staggered_panel(seed=0, units=30, years=range(2000, 2012)):
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(units):
        start = 2005 + u % 4 if u < units // 2 else None
        level = rng.normal()
        for yr in years:
            d = int(start is not None and yr >= start)
            rows.append({"sid": 100 + u, "year": yr, "law": d, "rate": level + 0.1 * (yr - 2000) + 0.5 * d
                         + rng.normal(scale=0.2)})
    return pd.DataFrame(rows)


def test_panel_unit_column_found_by_its_values_not_its_name():
    df = _staggered_panel()
    found = recognise(DesignInput(df, "law", "rate", ""))
    assert found.design is StudyDesign.DID and found.columns == {"unit": "sid", "time": "year"}
    res = _agent().analyze(df, "What is the effect of law on rate?")
    assert abs(res.effect.estimate - 0.5) < 0.1


def test_regression_discontinuity_survives_missing_running_values():
    rng = np.random.default_rng(2)
    n = 4000
    score = rng.uniform(-50, 50, n)
    treated = (score >= 0).astype(int)
    y = 0.02 * score + 3.0 * treated + rng.normal(size=n)
    score[rng.choice(n, 11, replace=False)] = np.nan
    df = pd.DataFrame({"vote_margin": score, "win": treated, "y": y})
    found = recognise(DesignInput(df, "win", "y", "close elections"))
    assert found.design is StudyDesign.RDD and "11 rows" in found.notes[0]
    res = _agent().analyze(df, "What is the effect of win on y?", description="Close elections.")
    assert abs(res.effect.estimate - 3.0) < 0.4 and "regression discontinuity" in res.effect.method


def test_synthetic_control_for_one_treated_unit():
    rng = np.random.default_rng(4)
    periods, donors = 20, 15
    factors = rng.normal(size=(periods, 2)).cumsum(axis=0)
    rows = []
    for u in range(donors + 1):
        load = rng.uniform(0.5, 1.5, 2)
        for t in range(periods):
            treated = int(u == 0 and t >= 14)
            rows.append({"state": f"s{u}", "year": 1990 + t, "policy": treated,
                         "outcome": factors[t] @ load + 5.0 * treated + rng.normal(scale=0.1)})
    df = pd.DataFrame(rows)
    found = recognise(DesignInput(df, "policy", "outcome", ""))
    assert found.design is StudyDesign.SYNTHETIC_CONTROL
    res = _agent().analyze(df, "What is the effect of policy on outcome?")
    assert res.effect.method == "synthetic control" and abs(res.effect.estimate - 5.0) < 1.0


def test_design_override_by_argument():
    df = season_discount_sales()
    res = _agent().analyze(df, "What is the effect of discount on sales?", design="randomized")
    assert res.details["tool_results"]["recognise_design"]["source"] == "user"
    res = _agent().analyze(df, "What is the effect of discount on sales?", design="synthetic_control")
    assert res.answer == "uncertain" and "do not fit it" in res.explanation
    with pytest.raises(ValueError, match="Valid designs"):
        _agent().analyze(df, "What is the effect of discount on sales?", design="natural experiment")


@pytest.mark.slow
def test_no_exact_zero_from_a_learned_graph_on_the_suites():
    pytest.importorskip("causaldata")
    from evals import agent_effects, realistic_eval

    _, rows = realistic_eval.run("A", quick=True)
    assert rows and not any(r["exact_zero"] for r in rows)
    assert all(np.isfinite(r["estimate"]) or r["refusal"] for r in rows)  # a number, or a stated reason
    for row in agent_effects.run_triangle(range(1)) + agent_effects.run_lalonde():
        assert row["estimate"] != 0.0


def test_two_level_text_outcome_is_coded_up_front_with_the_mapping_stated():
    rng = np.random.default_rng(5)
    n = 3000
    age = rng.normal(40, 10, n)
    program = (rng.random(n) < 1 / (1 + np.exp(-(age - 40) / 10))).astype(int)
    p_yes = 0.2 + 0.3 * program + 0.005 * (age - 40)
    df = pd.DataFrame({"age": age, "program": program,
                       "employed": np.where(rng.random(n) < p_yes, "yes", "no")})
    res = _agent().analyze(df, "What is the effect of program on employed?")
    assert abs(res.effect.estimate - 0.3) < 0.05
    assert any("coded 1 = 'yes', 0 = 'no'" in a for a in res.assumptions)
    assert res.refutations  # every tool saw the coded outcome


def test_does_x_cause_y_agrees_with_the_effect_question():
    df = season_discount_sales(seed=2)
    agent = _agent()
    effect = agent.analyze(df, "What is the effect of discount on sales?")
    does = agent.analyze(df, "Does discount cause sales?")
    assert does.kind == "direct_cause" and does.answer == "yes"
    assert does.effect.estimate == pytest.approx(effect.effect.estimate, abs=1e-9)
    direct = agent.analyze(df, "Does discount directly cause sales?")
    assert direct.effect is None  # 'directly' asks about the edge only


def test_question_columns_survive_exact_collinearity_in_discovery():
    rng = np.random.default_rng(8)
    n = 800
    before = rng.normal(70, 10, n)
    quit_ = rng.integers(0, 2, n)
    change = 3.0 * quit_ + rng.normal(0, 2, n)
    df = pd.DataFrame({"quit": quit_, "w_before": before, "w_after": before + change, "w_change": change})
    res = _agent().analyze(df, "Does quit directly cause w_change?")
    assert "w_change" in res.graph.nodes and "w_after" not in res.graph.nodes


def test_fuzzy_discontinuity_needs_threshold_words_and_a_jump():
    rng = np.random.default_rng(9)
    n = 6000
    score = rng.uniform(-40, 40, n)
    ability = rng.normal(size=n)
    p = np.where(score >= 0, 0.75, 0.2) + 0.05 * np.tanh(ability)
    veteran = (rng.random(n) < p).astype(int)
    y = 0.01 * score + 2.0 * veteran + ability + rng.normal(size=n)
    df = pd.DataFrame({"birth_quarter": np.round(score), "veteran": veteran, "y": y})
    assert recognise(DesignInput(df, "veteran", "y", "")).design is StudyDesign.OBSERVATIONAL
    found = recognise(DesignInput(df, "veteran", "y", "Eligibility started at a birth-date cutoff."))
    assert found.design is StudyDesign.RDD and "fuzzy" in found.reason
    res = _agent().analyze(df, "What is the effect of veteran on y?",
                           description="Eligibility started at a birth-date cutoff.")
    assert "fuzzy" in res.effect.method and abs(res.effect.estimate - 2.0) < 0.5
