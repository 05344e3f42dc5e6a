"""Instructions written in words the earlier rounds missed (issue 16, fifth session): chat typos,
units ("in cents", "per hour" of a treatment in minutes, "in pounds"), years and waves in the
sample, text codes (F/M), the untreated and the switched-off effect, advice asked in passing,
and the study designs behind them (A/B tests, a 2x2 difference-in-differences, randomised
treatments in advice, a log outcome)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from agent import CausalAgent
from agent.query_parser import parse_question
from agent.query_typos import correct_typos, protected_words
from agent.query_units import column_unit, unit_scale
from agent.result import QuestionKind
from memory.store import InMemoryGraphStore


def _ask(df: pd.DataFrame, question: str, description: str | None = None):
    return CausalAgent(store=InMemoryGraphStore(), seed=0).analyze(df, question, description=description)


# ----- typos -----
@pytest.mark.parametrize("text, fixed", [
    ("shoud I add pain as a control?", "should I add pain as a control?"),
    ("Shud we adjust for age", "Should we adjust for age"),
    ("give the drop as a postive number", "give the drop as a positive number"),
    ("a linear regresion please", "a linear regression please"),
    ("seperately for each region", "separately for each region"),
])
def test_chat_typos_of_cue_words_are_restored(text, fixed):
    assert correct_typos(text, frozenset()) == fixed


@pytest.mark.parametrize("text", ["Should lottery be included as a control", "the cost of plates",
                                  "weather affects sales", "effects of the treated units"])
def test_real_words_and_inflections_are_left_alone(text):
    assert correct_typos(text, frozenset()) == text


def test_column_words_are_never_rewritten():
    words = protected_words(["regresion_flag"], "postive: 1 if the test was positive")
    assert correct_typos("effect of regresion on postive", words) == "effect of regresion on postive"


def test_an_advice_question_with_typos_is_still_advice():
    q = parse_question("hey quick q - for the effect of webinar on retention, shud i control for features?",
                       ["webinar", "retention", "features"])
    assert q.kind is QuestionKind.ADJUSTMENT and q.subject == "features"


# ----- units -----
@pytest.mark.parametrize("entry, column, unit", [
    ("value of the order placed in the session, dollars", "order_value", "dollars"),
    ("WEIGHT CHANGE IN KILOGRAMS (wt82 - wt71)", "wt82_71", "kilograms"),
    ("average practice time per week this term, minutes", "practice_min_week", "minutes"),
    ("salary in 2024, $1000s", "salary_k", "thousands of dollars"),
    ("", "wait_min", "minutes"),
    ("days the account stayed subscribed (over the following year)", "retention", "days"),
])
def test_a_columns_unit_comes_from_its_entry_or_its_name(entry, column, unit):
    found = column_unit(column, entry)
    assert found is not None and found.name == unit


def test_no_unit_when_nothing_names_one():
    assert column_unit("score", "exam score, 0-100") is None


@pytest.mark.parametrize("text, treatment, outcome, factor", [
    ("give the answer in cents", None, "dollars", 100.0),
    ("report this in pounds rather than kilograms", None, "kilograms", 2.20462),
    ("the effect per extra hour of practice", "minutes", None, 60.0),
    ("in thousands", None, "thousands of dollars", 1.0),
    ("in thousands", None, "dollars", 0.001),
    ("give the answer in pounds", None, "dollars", 1.0),  # pounds sterling are no mass: nothing converted
    ("in minutes", None, None, 1.0),                        # the outcome's unit is unknown: nothing converted
])
def test_unit_conversions(text, treatment, outcome, factor):
    from agent.query_units import UNITS

    by_name = {u.name: u for u in UNITS}
    got, _ = unit_scale(text, by_name.get(treatment), by_name.get(outcome))
    assert got == pytest.approx(factor, rel=1e-4)


@pytest.fixture(scope="module")
def banner() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n = 4000
    t = (rng.random(n) < 0.5).astype(int)
    return pd.DataFrame({"session_id": np.arange(n), "banner": t, "order_value": 40 + 0.8 * t + rng.normal(0, 5, n)})


BANNER_DOC = """A/B test, one row per session; a random half of sessions saw the banner.
    banner - 1 if the session saw the banner
    order_value - value of the order, dollars"""


def test_an_ab_test_answered_in_cents(banner):
    res = _ask(banner, "How much did the banner change order_value? Give the answer in cents.", BANNER_DOC)
    assert res.value == pytest.approx(80.0, abs=25.0)   # 0.8 dollars; se of the difference ~ 0.16 dollars
    assert (res.details["tool_results"]["recognise_design"] or {}).get("design") == "randomized"


# ----- samples -----
@pytest.mark.parametrize("question, columns, expected", [
    ("Effect of grant on revenue excluding the year 2020, regress on grant and employees",
     ["grant", "revenue", "employees", "year"], [("year", "!=", 2020.0)]),
    ("Only firms founded before 2000, please: what's the effect of subsidy on growth?",
     ["founded", "subsidy", "growth"], [("founded", "<", 2000.0)]),
    ("drop the first wave and regress wellbeing on volunteering", ["wave", "volunteering", "wellbeing"],
     [("wave", "!=", "<first>")]),
    ("What is the effect of t on y, excluding wave 1?", ["t", "y", "wave"], [("wave", "!=", 1.0)]),
])
def test_samples_by_year_wave_and_founding_date(question, columns, expected):
    q = parse_question(question, columns)
    assert [(c.column, c.op, c.value) for c in q.restrict] == expected


def test_the_first_wave_is_the_smallest_value_and_text_codes_read_f_as_female():
    from agent.query import Condition
    from agent.sample import keep_rows, resolved

    df = pd.DataFrame({"wave": [1, 1, 2, 3], "gender": ["F", "M", "F", "M"]})
    conditions = resolved(df, [Condition(column="wave", op="!=", value="<first>"),
                               Condition(column="gender", op="==", value="female")])
    assert conditions[0].value == 1.0
    assert keep_rows(df, conditions).tolist() == [False, False, True, False]


# ----- estimands and signs -----
@pytest.mark.parametrize("question", [
    "effect of bootcamp on salary for the untreated? adjust for experience",
    "If we installed bootcamp in the places that don't have it yet, how much would salary change there?",
])
def test_the_untreated_in_new_words(question):
    assert parse_question(question, ["bootcamp", "salary", "experience"]).estimand == "ATC"


def test_the_effect_for_the_treated_group_named_by_the_treatment():
    q = parse_question("match each coached customer to the closest non-coached one on income and give the avg "
                       "effect for the coached customers: coached -> savings", ["coached", "savings", "income"])
    assert (q.kind, q.treatment, q.outcome, q.estimand, q.controls) == (
        QuestionKind.EFFECT, "coached", "savings", "ATT", ["income"])


def test_switching_a_treatment_off_flips_the_sign():
    q = parse_question("what would turning autoplay off do to watch_minutes?", ["autoplay", "watch_minutes"])
    assert (q.kind, q.treatment, q.outcome, q.scale) == (QuestionKind.EFFECT, "autoplay", "watch_minutes", -1.0)


def test_how_much_y_does_x_save_reads_x_as_the_treatment():
    q = parse_question("How much fuel_litres does the route_optimizer save per week? Report the reduction as a "
                       "positive number.", ["route_optimizer", "fuel_litres", "depot_size"])
    assert (q.treatment, q.outcome, q.scale) == ("route_optimizer", "fuel_litres", -1.0)


def test_rounding_words_name_no_column():
    q = parse_question("Effect of app on gain adjusting for grade. Report it to two decimal places.",
                       ["app", "gain", "grade"])
    assert (q.controls, q.precision) == (["grade"], 2)


# ----- advice -----
def test_advice_asked_about_a_colleagues_suggestion():
    q = parse_question("We are estimating the effect of grant on papers. A colleague suggested adding invite as a "
                       "control. Is that a good idea?", ["grant", "papers", "invite"])
    assert (q.kind, q.subject, q.treatment, q.outcome) == (QuestionKind.ADJUSTMENT, "invite", "grant", "papers")


def test_an_instruction_to_add_a_control_is_not_advice():
    q = parse_question("Estimate the effect of grant on papers, adding invite as a control.", ["grant", "papers", "invite"])
    assert q.kind is QuestionKind.EFFECT and q.controls == ["invite"]


@pytest.fixture(scope="module")
def lottery() -> pd.DataFrame:
    """grant by lottery -> papers; invite <- grant and papers (a collider both cause)."""
    rng = np.random.default_rng(2)
    n = 3000
    grant = (rng.random(n) < 0.5).astype(int)
    papers = 3 + 1.0 * grant + rng.normal(0, 1, n)
    invite = ((0.8 * grant + 0.8 * papers + rng.normal(0, 1, n)) > 4).astype(int)
    return pd.DataFrame({"grant": grant, "papers": papers, "invite": invite})


def test_a_column_associated_with_a_randomised_treatment_is_not_a_confounder(lottery):
    doc = "The grant was allocated by lottery among eligible applicants.\n    invite - invited to give a keynote"
    res = _ask(lottery, "Would it be appropriate to control for invite when estimating the effect of grant on papers?",
               doc)
    assert res.answer.lower().startswith("no")


def test_time_points_in_different_units_are_compared_in_days():
    from tools.covariates.roles import Role, assign_roles

    rng = np.random.default_rng(3)
    n = 500
    df = pd.DataFrame({"webinar": rng.integers(0, 2, n), "features_30d": rng.poisson(5, n),
                       "retention": rng.normal(100, 10, n)})
    doc = "webinar - attended the onboarding webinar in week 1\nfeatures_30d - features used by day 30"
    roles = assign_roles(df, "webinar", "retention", description=doc)
    assert roles.of("features_30d").role is Role.POST


# ----- designs -----
def test_a_group_indicator_over_two_years_is_a_2x2_difference_in_differences():
    rng = np.random.default_rng(4)
    stores = 400
    group = (rng.random(stores) < 0.4).astype(int)
    base = rng.normal(50, 10, stores) + 8 * group            # the remodelled stores are larger
    rows = []
    for year in (2023, 2024):
        y = base + 3 * (year == 2024) + 6 * group * (year == 2024) + rng.normal(0, 2, stores)
        rows.append(pd.DataFrame({"store_id": np.arange(stores), "year": year, "remodel_group": group, "sales": y}))
    df = pd.concat(rows, ignore_index=True)
    res = _ask(df, "Estimate the effect of remodel_group on sales with a difference-in-differences design, 2023 "
                   "before and 2024 after.")
    assert res.value == pytest.approx(6.0, abs=0.6)


def test_the_effect_on_log_outcome_never_adjusts_for_the_raw_outcome():
    rng = np.random.default_rng(5)
    n = 3000
    x = rng.normal(0, 1, n)
    t = (rng.random(n) < 1 / (1 + np.exp(-x))).astype(int)
    price = np.exp(12 + 0.08 * t + 0.3 * x + rng.normal(0, 0.1, n))
    res = _ask(pd.DataFrame({"renovated": t, "sqft": x, "price": price}),
               "What is the effect of renovated on the log of price? Use a linear regression that controls for sqft.")
    assert res.value == pytest.approx(0.08, abs=0.015)


def test_a_requested_difference_in_means_is_run_and_its_confounding_stated():
    rng = np.random.default_rng(6)
    n = 3000
    z = rng.normal(0, 1, n)
    t = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
    y = 1.0 * t + 2.0 * z + rng.normal(0, 1, n)
    res = _ask(pd.DataFrame({"t": t, "z": z, "y": y}), "Effect of t on y? A simple difference in means is fine.")
    naive = y[t == 1].mean() - y[t == 0].mean()
    assert res.value == pytest.approx(naive, rel=1e-6)
    assert any("difference in means" in w and "z" in w for w in res.warnings)


def test_ols_on_a_count_treatment_is_the_slope():
    rng = np.random.default_rng(7)
    n = 2000
    kids = rng.integers(0, 4, n)
    age = rng.normal(40, 5, n)
    work = 0.8 - 0.25 * kids + 0.005 * (age - 40) + rng.normal(0, 0.3, n)
    res = _ask(pd.DataFrame({"kids": kids, "age": age, "work": work}),
               "Using OLS, what is the effect of kids on work controlling only for age?")
    assert res.value == pytest.approx(-0.25, abs=0.03)


# ----- the study's own question -----
STUDY_COLUMNS = ["age", "income", "city_budget", "housing_voucher", "housing_quality"]
STUDY_DOC = ("The department collected this dataset to evaluate the impact of housing vouchers on housing quality. "
             "It records age and income.")


def test_a_question_in_words_no_column_spells_reads_as_the_studys_question():
    q = parse_question("Do these subsidies improve the homes people live in?", STUDY_COLUMNS, STUDY_DOC)
    assert (q.kind, q.treatment, q.outcome) == (QuestionKind.EFFECT, "housing_voucher", "housing_quality")
    assert "collected to study" in q.assumptions[0]


def test_without_a_stated_purpose_the_unmatched_words_are_still_refused():
    from agent.query import QueryError

    with pytest.raises(QueryError):
        parse_question("Do these subsidies improve the homes people live in?", STUDY_COLUMNS,
                       "It records age and income.")


def test_an_outcome_fixed_at_birth_gives_way_to_the_studys_question():
    doc = "This study evaluates the effect of alternative sentencing on the recidivism rate. defendant_age - age"
    q = parse_question("Can alternative sentencing programs improve defendant rehabilitation outcomes?",
                       ["defendant_age", "alternative_sentencing", "recidivism_rate"], doc)
    assert (q.treatment, q.outcome) == ("alternative_sentencing", "recidivism_rate")


def test_controls_named_as_what_the_groups_should_be_similar_in():
    columns = ["treat", "age", "educ", "black", "marr", "re74", "re75", "re78"]
    doc = ("educ - years of education\nblack - race: Black\nmarr - married\nre74 - real earnings 1974\n"
           "re75 - real earnings 1975\nre78 - real earnings 1978")
    q = parse_question("What is the effect of treat on re78 for the men who went through it? Compare with men "
                       "similar in age, schooling, race, marital status and earnings in 1974 and 1975.", columns, doc)
    assert q.controls == ["age", "educ", "black", "marr", "re74", "re75"] and q.estimand == "ATT"


def test_what_does_x_do_to_y_reads_its_phrases_as_cause_and_effect():
    doc = "educ - years of schooling\nnearc4 - grew up near a four-year college\nlwage - log wage"
    q = parse_question("I want nearc4 as an instrument. What does one more year of school do to log wages?",
                       ["nearc4", "educ", "lwage"], doc)
    assert (q.treatment, q.outcome, q.instrument) == ("educ", "lwage", "nearc4")


# ----- found by the held-out half E (fifth session), each a general rule -----
def test_a_quoted_value_that_also_names_a_column_stays_the_value():
    doc = "channel - where the listing is sold: 'retail', 'online' or 'wholesale'"
    q = parse_question("drop the rows where channel is 'wholesale', then tell me the effect of label on units. "
                       "regression with price as the control pls", ["channel", "label", "units", "price"], doc)
    assert [(c.column, c.op, c.value) for c in q.restrict] == [("channel", "!=", "wholesale")]


@pytest.mark.parametrize("question, subgroup", [
    ("can u break the breakfast effect on score down by traveller_type? it was randomized", "traveller_type"),
    ("Was the effect of treat on re78 different for married and unmarried participants?", "marr"),
    ("For the night_shift nurses and the day-shift nurses separately, regress errors on naps.", "night_shift"),
])
def test_groups_asked_for_in_new_words(question, subgroup):
    q = parse_question(question, ["breakfast", "score", "traveller_type", "treat", "re78", "marr", "night_shift",
                                  "errors", "naps"], "marr - married")
    assert (q.subgroup, q.estimand) == (subgroup, "CATE")


def test_the_atu_and_years_onwards_and_no_controls():
    q = parse_question("Keep only 2005 onwards. Two-way fixed effects, no weights, no controls: what is the ATU of "
                       "post on rate?", ["post", "rate", "year", "controls_index", "weights_pop"])
    assert (q.treatment, q.outcome, q.estimand, q.controls) == ("post", "rate", "ATC", [])
    assert [(c.column, c.op, c.value) for c in q.restrict] == [("year", ">=", 2005.0)]


def test_an_instrument_described_after_the_treatments_words():
    q = parse_question("I want the effect of vet on home. Can you instrument veteran status with being born after "
                       "the cutoff (qob_gap > 0) and control for nonwhite?", ["vet", "home", "qob_gap", "nonwhite"],
                       "vet - veteran\nqob_gap - quarters born after the cutoff")
    assert (q.kind, q.treatment, q.instrument, q.controls) == (QuestionKind.EFFECT, "vet", "qob_gap", ["nonwhite"])


def test_the_unit_asked_for_is_the_one_that_is_not_the_outcomes_own():
    q = parse_question("The sleep data are in hours but I'd like the answer in minutes: how much did app change "
                       "sleep_hours?", ["app", "sleep_hours"], "sleep_hours - average nightly sleep in week 4, hours")
    assert q.scale == pytest.approx(60.0)


def test_a_described_exclusion_makes_a_column_instrument_like_in_advice():
    rng = np.random.default_rng(8)
    n = 3000
    z = rng.integers(0, 2, n)
    u = rng.normal(0, 1, n)
    school = 12 + 0.8 * z + u + rng.normal(0, 1, n)
    wage = 10 + 1.0 * school + 2 * u + rng.normal(0, 1, n)
    doc = ("born_q1 - 1 if born in January-March; it shifts how long people stay in school; birth quarter has no "
           "other link to wages")
    res = _ask(pd.DataFrame({"born_q1": z, "school": school, "wage": wage}),
               "Estimating the effect of school on wage. Would it help to put born_q1 into the regression as a control?",
               doc)
    assert res.answer.lower().startswith("no")
    assert res.details["tool_results"]["advise_adjustment"]["reason"] == "instrument"


def test_rates_per_thousand_people_and_rounding_to_tens():
    q = parse_question("What is the effect of cameras on injury_rate, expressed as injuries per 1,000 residents? "
                       "Round to the nearest 10.", ["cameras", "injury_rate"],
                       "injury_rate - road injuries in 2024 per resident (injuries divided by population)")
    assert (q.scale, q.precision) == (pytest.approx(1000.0), -1)
    q = parse_question("Effect of law on homicide per 1,000 people?", ["law", "homicide"],
                       "homicide - homicides per 100,000 population")
    assert q.scale == pytest.approx(0.01)


def test_an_answer_rounded_to_tens():
    from agent.answers import _fmt

    assert _fmt(44.119, -1) == "40"


def test_a_quadratic_in_a_control_when_asked():
    rng = np.random.default_rng(9)
    n = 4000
    age = rng.uniform(20, 65, n)
    u_shape = 0.02 * (age - 42) ** 2
    flex = (rng.random(n) < 1 / (1 + np.exp(-(u_shape - 4) / 2))).astype(int)   # flexible hours at both ends of age
    burnout = 50 - 3.0 * flex + u_shape + rng.normal(0, 2, n)
    df = pd.DataFrame({"age": age, "flex_hours": flex, "burnout": burnout})
    question = "Burnout is U-shaped in age: run OLS of burnout on flex_hours with age and age squared as the controls."
    assert parse_question(question, list(df.columns)).squared == ["age"]
    res = _ask(df, question)
    assert res.value == pytest.approx(-3.0, abs=0.3)
    linear_only = _ask(df, "Run OLS of burnout on flex_hours controlling only for age.")
    assert abs(linear_only.value + 3.0) > 0.5   # a straight line in age leaves the confounding in


def test_a_text_treatment_on_a_panel_is_compared_across_units_without_the_unit_code():
    """Found on causaldata's scorecard (colleges x years): a degree type as text is no panel dose,
    and the college code 'unitid' is an identifier, not a covariate."""
    rng = np.random.default_rng(10)
    colleges, years = 300, 4
    kind = rng.choice(["four-year", "two-year", "certificate"], colleges)
    gap = {"four-year": 0.0, "two-year": -10.0, "certificate": -15.0}
    rows = [{"unitid": 100000 + c, "year": 2010 + y, "degree": kind[c],
             "earnings": 40 + gap[kind[c]] + 0.5 * y + rng.normal(0, 3)} for c in range(colleges) for y in range(years)]
    res = _ask(pd.DataFrame(rows), "What is the effect of degree on earnings?")
    assert res.effect is not None and "unitid" not in res.effect.adjustment_set
    true_contrasts = [a - b for a in gap.values() for b in gap.values() if a != b]   # +-5, +-10, +-15
    assert min(abs(res.value - c) for c in true_contrasts) < 1.5
