"""Instructions written in plain words: control lists, instruments and methods named in passing."""

from agent.query import MethodHint
from agent.query_parser import parse_question

NSW = ["treat", "age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75", "re78"]
NSW_CODEBOOK = """treat - In the job training program
age - Age in years
educ - Years of education
black - Race: Black
hisp - Ethnicity: Hispanic
marr - Married
nodegree - Has no degree
re74 - Real earnings 1974
re75 - Real earnings 1975
re78 - Real earnings 1978"""
CARD = ["lwage", "educ", "exper", "black", "south", "married", "smsa", "nearc4"]
CARD_CODEBOOK = ("lwage: Log wages | educ: Years of education | exper: Years of work experience | "
                 "nearc4: There is a four-year college in the county")


def test_a_control_phrase_that_fits_several_columns_means_all_of_them_but_the_outcome():
    query = parse_question("Adjusting for age, educ and prior earnings, what is the effect of treat on re78?",
                           NSW, NSW_CODEBOOK)
    assert (query.treatment, query.outcome) == ("treat", "re78")
    assert set(query.controls) == {"age", "educ", "re74", "re75"}


def test_a_column_written_verbatim_in_a_control_list_means_only_itself():
    query = parse_question("Controlling for re74, what is the effect of treat on re78?", NSW, NSW_CODEBOOK)
    assert query.controls == ["re74"]


def test_an_instrument_described_as_exogenous_variation():
    query = parse_question("Using college proximity (nearc4) as a source of exogenous variation, what is the "
                           "effect of educ on lwage?", CARD, CARD_CODEBOOK)
    assert (query.treatment, query.outcome, query.instrument) == ("educ", "lwage", "nearc4")
    assert query.method_hint is MethodHint.IV


def test_a_method_named_only_to_compare_is_not_the_method_asked():
    query = parse_question("Is the effect of educ on lwage bigger than OLS says once we use nearc4 as an "
                           "instrument?", CARD, CARD_CODEBOOK)
    assert query.method_hint is MethodHint.IV
    asked = parse_question("Use OLS: what is the effect of educ on lwage?", CARD, CARD_CODEBOOK)
    assert asked.method_hint is MethodHint.OLS


def test_age_ranges_written_in_several_ways():
    columns = ["qsmk", "wt82_71", "age", "sex"]
    for question in ["Restrict to participants aged 40 to 60 inclusive. What is the effect of qsmk on wt82_71?",
                     "Between the ages of 40 and 60, what is the effect of qsmk on wt82_71?",
                     "For 40-60 year olds, what is the effect of qsmk on wt82_71?"]:
        query = parse_question(question, columns)
        assert {(c.column, c.op, c.value) for c in query.restrict} == {("age", ">=", 40.0), ("age", "<=", 60.0)}


def test_leaving_out_the_people_who_have_an_indicator_drops_those_rows():
    query = parse_question("Leaving out the men who live in the south, what is the effect of educ on lwage?",
                           CARD, CARD_CODEBOOK)
    assert [(c.column, c.op, c.value) for c in query.restrict] == [("south", "!=", 1.0)]
    kept = parse_question("Without controlling for south, what is the effect of educ on lwage?", CARD, CARD_CODEBOOK)
    assert kept.restrict == []


def test_true_and_false_select_the_rows_of_a_boolean_or_zero_one_column():
    import pandas as pd

    from agent.query import Condition
    from agent.sample import keep_rows

    df = pd.DataFrame({"lfp": [True, False, True], "d": [1, 0, 1]})
    assert keep_rows(df, [Condition(column="lfp", op="==", value="true")]).tolist() == [True, False, True]
    assert keep_rows(df, [Condition(column="d", op="==", value="no")]).tolist() == [False, True, False]


def test_the_effect_for_those_who_actually_got_the_treatment_is_the_att():
    columns = ["screening", "days_lost", "age"]
    query = parse_question("How did screening change days_lost for the employees who actually got screened?", columns)
    assert query.estimand == "ATT"


def test_a_log_outcome_is_transformed_unless_the_column_is_already_a_log():
    assert parse_question("What is the effect of educ on log wage?", ["educ", "wage"]).outcome_transform == "log"
    assert parse_question("Effect of certified on wage? Log-transform wage.",
                          ["certified", "wage"]).outcome_transform == "log"
    assert parse_question("What is the effect of educ on log wages?", CARD, CARD_CODEBOOK).outcome_transform is None


def test_separately_for_each_level_asks_for_per_group_effects_not_a_sample():
    query = parse_question("Effect of treat on re78 separately for nodegree = 0 and nodegree = 1.", NSW, NSW_CODEBOOK)
    assert (query.subgroup, query.restrict) == ("nodegree", [])
    query = parse_question("Give the effect of educ on lwage for each level of south.", CARD, CARD_CODEBOOK)
    assert query.subgroup == "south"
