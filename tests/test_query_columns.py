"""Column matching: spellings, plurals, abbreviations, descriptions, longest match, ambiguity."""

from __future__ import annotations

import pytest

from agent.query_columns import CONFIDENT, ColumnMatcher, description_entries
from agent.query_text import name_parts, singular, stem


def _found(columns, text, description=None):
    return [m.column for m in ColumnMatcher(columns, description).find(text)]


@pytest.mark.parametrize("column, phrase", [
    ("total_sales", "total sales"),
    ("TotalSales", "total sales"),
    ("total-sales", "Total Sales"),
    ("Total Sales", "total_sales"),
    ("PriorGPA", "prior GPA"),
    ("isSmoker", "smoker"),
    ("years of education", "years of education"),
    ("final_score", "final scores"),
    ("categories", "category"),
])
def test_spellings_and_plurals_match(column, phrase):
    matches = ColumnMatcher([column, "other"]).find(f"what drives {phrase}?")
    assert [m.column for m in matches] == [column]
    assert matches[0].score >= CONFIDENT  # a spelling is not an assumption


@pytest.mark.parametrize("column, phrase", [("edu", "education"), ("inc", "income"),
                                            ("global_temp", "global temperature"), ("promo", "promotion"),
                                            ("exp_yrs", "experience")])
def test_abbreviations_match(column, phrase):
    assert _found([column, "sales"], f"does {phrase} cause sales") == [column, "sales"]


@pytest.mark.parametrize("description", [
    "smk: whether the person smokes",
    "smk = smoking status",
    "smk - smoker (yes/no)",
    "The table records smoking status (smk) and lung cancer.",
    "smk (smoking status), cncr (cancer)",
])
def test_description_synonyms_in_several_formats(description):
    matches = ColumnMatcher(["smk", "cncr"], description).find("Does smoking matter?")
    assert [m.column for m in matches] == ["smk"]
    assert matches[0].score < CONFIDENT  # recorded as an assumption by the parser


def test_description_entries_only_keep_real_columns():
    entries = description_entries("price: unit price in USD\nfoo: not a column\ncol_a = smoking status",
                                  ["price", "col_a"])
    assert entries == [("price", "unit price in USD"), ("col_a", "smoking status")]


def test_longest_match_wins():
    assert _found(["price", "unit_price", "sales"], "Does the unit price affect sales?") == ["unit_price", "sales"]


def test_phrase_fitting_two_columns_is_reported_not_silent():
    matches = ColumnMatcher(["price_usd", "price_eur", "units"]).find("Does price affect units?")
    assert matches[0].column == "price_usd" and matches[0].alternatives == ("price_eur",)


def test_exact_name_beats_partial_match_without_ambiguity():
    matches = ColumnMatcher(["price", "price_eur"]).find("what drives price")
    assert matches[0].column == "price" and matches[0].alternatives == ()


def test_one_letter_columns_are_case_sensitive_so_the_article_a_is_not_column_a():
    assert _found(["A", "B", "C"], "Is C a confounder for A and B?") == ["C", "A", "B"]


def test_question_words_do_not_match_columns_loosely():
    # 'effect' and 'treatment' are question vocabulary, never a partial match
    assert _found(["treatment_effect_size", "sales"], "What is the effect of the treatment on sales?") == ["sales"]


def test_protected_spans_are_skipped():
    text = "average treatment effect of treat on re78"
    start = text.index("average")
    end = start + len("average treatment effect")
    matches = ColumnMatcher(["treat", "re78"]).find(text, protected=[(start, end)])
    assert [m.column for m in matches] == ["treat", "re78"] and matches[0].start > end


def test_trailing_measurement_word_is_absorbed():
    matches = ColumnMatcher(["free_lunch", "district"]).find("adjusting for free lunch status and district")
    assert matches[0].phrase == "free lunch status"


def test_word_helpers():
    assert name_parts("PriorGPA_2020-score") == ["prior", "gpa", "2020", "score"]
    assert singular("sales") == "sale" and singular("status") == "status" and singular("categories") == "category"
    assert stem("smokes") == stem("smoking") == stem("smoker") == stem("smoked")
