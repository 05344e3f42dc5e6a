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
