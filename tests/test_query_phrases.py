"""Noun phrases read as wholes, the default reading among equally fitting columns
(outcome-time over baseline, uptake over offer), descriptions in prose, and the question
forms of effect questions. Columns are made up for these tests."""

from __future__ import annotations

import pytest

from agent.query import QueryError
from agent.query_columns import description_texts, rank_columns
from agent.query_parser import parse_question
from agent.query_text import light_stem


def _pair(question, columns, description=None):
    q = parse_question(question, columns, description)
    return q.kind.value, q.treatment, q.outcome


# ----- words -----
@pytest.mark.parametrize("words", [("voting", "voter", "vote", "voted"), ("subsidies", "subsidy"),
                                   ("enrollment", "enrolled", "enrolling"), ("children's", "child"),
                                   ("housing", "house")])
def test_light_stem_makes_inflections_agree(words):
    assert len({light_stem(w) for w in words}) == 1


def test_light_stem_keeps_short_words_apart():
    assert light_stem("news") != light_stem("new")


# ----- descriptions in prose -----
def test_description_sentences_are_attached_to_the_column_they_quote():
    texts = dict(description_texts(
        "A trial of vouchers. The 'got_voucher' indicates whether the family received a housing voucher. "
        "'rent_burden' (share of income spent on rent), 'region' (census region).",
        ["got_voucher", "rent_burden", "region"]))
    assert "housing voucher" in texts["got_voucher"]
    assert "spent on rent" in texts["rent_burden"] and "census" not in texts["rent_burden"]


# ----- one phrase, one column -----
def test_a_phrase_goes_to_the_column_that_explains_most_of_it():
    columns = ["housing_quality", "got_voucher", "age"]
    description = "The 'got_voucher' indicates whether the family received a housing voucher."
    assert _pair("Does providing housing vouchers improve housing quality?", columns, description) == \
        ("effect", "got_voucher", "housing_quality")


def test_a_phrase_joined_by_a_preposition_is_one_variable():
    columns = ["news_exposure", "political_interest", "campaign_exposure", "turnout"]
    assert _pair("Can exposure to a political campaign raise turnout?", columns) == \
        ("effect", "campaign_exposure", "turnout")


def test_an_acronym_column_is_named_by_its_words():
    columns = ["cognitive_score", "therapy_history", "cbt_sessions", "depression_score"]
    assert _pair("Does cognitive behavioral therapy reduce depression?", columns) == \
        ("effect", "cbt_sessions", "depression_score")


def test_the_head_of_a_compound_decides_between_equal_fits():
    columns = ["survey_year", "salary_now", "bootcamp"]
    assert _pair("Does the bootcamp raise the yearly salary of graduates?", columns)[1:] == ("bootcamp", "salary_now")


def test_description_phrase_used_as_written_beats_a_shared_word():
    columns = ["club_involvement", "civic_engagement", "app_use"]
    description = ("The 'club_involvement' measures involvement in sports clubs. The 'civic_engagement' "
                   "measures involvement in civic activities such as petitions.")
    assert _pair("Does the app lead to more involvement in civic activities?", columns, description)[1:] == \
        ("app_use", "civic_engagement")


def test_a_possessive_modifier_is_not_the_outcome():
    columns = ["worker_id", "coaching", "hourly_wage", "age"]
    assert _pair("Does coaching result in increased workers' wages?", columns)[1:] == ("coaching", "hourly_wage")


def test_a_strong_name_is_never_reread():
    q = parse_question("Does the price discount increase sales?", ["price", "discount", "sales"])
    assert set(q.variables) == {"price", "discount", "sales"}


# ----- default readings among equal fits -----
@pytest.mark.parametrize("columns, outcome", [
    (["grant", "income_baseline", "income_followup"], "income_followup"),
    (["grant", "previous_month_income", "current_month_income"], "current_month_income"),
    (["grant", "pre_income", "mid_income", "post_income"], "post_income"),
    (["grant", "income_level", "post_grant_income"], "post_grant_income"),
])
def test_the_outcome_is_the_measurement_after_treatment(columns, outcome):
    q = parse_question("Does the grant increase income?", columns)
    assert (q.treatment, q.outcome) == ("grant", outcome)
    assert q.ambiguities  # the other version is still reported


def test_timing_does_not_decide_between_different_measurements():
    ranked = [c for c, _ in rank_columns(["post_policy_period", "policy_rollout"], ["post_policy_period",
                                                                                    "policy_rollout"])]
    assert ranked == ["policy_rollout", "post_policy_period"]


TUTORING = ["tutoring_invited", "tutoring_attended", "grade_prior", "grade_final"]


@pytest.mark.parametrize("question, treatment", [
    ("How does tutoring participation affect grades?", "tutoring_attended"),
    ("Does tutoring improve grades?", "tutoring_attended"),
    ("Does being invited to tutoring improve grades?", "tutoring_invited"),
])
def test_uptake_not_offer_unless_the_question_speaks_of_the_offer(question, treatment):
    assert _pair(question, TUTORING)[1:] == (treatment, "grade_final")


def test_uptake_wording_overrules_a_longer_offer_name():
    columns = ["invited_to_debate_club_workshop", "attended_workshop", "debate_score"]
    assert _pair("How does debate club workshop participation affect debate scores?", columns)[1:] == \
        ("attended_workshop", "debate_score")


def test_people_words_do_not_name_an_identifier():
    columns = ["participant_id", "program", "wage"]
    assert _pair("Does participation in the program raise wages among participants?", columns)[1:] == \
        ("program", "wage")


# ----- synonyms and inflections -----
@pytest.mark.parametrize("question, columns, pair", [
    ("Does training raise earnings?", ["training", "income", "age"], ("training", "income")),
    ("Do transfers increase spending?", ["transfers", "consumption"], ("transfers", "consumption")),
    ("Does mentoring reduce reoffending?", ["mentoring", "recidivism"], ("mentoring", "recidivism")),
    ("Does canvassing increase turnout?", ["canvassing", "voting", "age"], ("canvassing", "voting")),
    ("Does daycare improve children's health?", ["daycare", "child_health"], ("daycare", "child_health")),
    ("How does on-the-job training affect promotion?", ["on_the_job_training", "promotion"],
     ("on_the_job_training", "promotion")),
])
def test_synonyms_and_inflections_name_columns(question, columns, pair):
    assert _pair(question, columns)[1:] == pair


# ----- question forms -----
@pytest.mark.parametrize("question", [
    "Is mentoring effective at increasing retention?",
    "How effective is mentoring at improving retention?",
    "What is the relationship between mentoring and retention?",
    "Will mentoring result in improved retention?",
    "Does mentoring serve as a key to increasing retention?",
    "What impact does mentoring have on retention?",
    "Does the introduction of mentoring in small teams improve the retention of staff?",
])
def test_effect_question_forms(question):
    assert _pair(question, ["team_size", "mentoring", "retention", "tenure"]) == ("effect", "mentoring", "retention")


def test_a_causal_relationship_question_is_still_a_direct_cause_question():
    assert _pair("Is there a causal relationship between mentoring and retention?",
                 ["mentoring", "retention"])[0] == "direct_cause"


def test_relationship_with_an_unknown_phrase_names_it_instead_of_guessing():
    with pytest.raises(QueryError, match="No column matches 'happiness'"):
        parse_question("What is the relationship between sleep and happiness?", ["sleep_hours", "mood_score", "age"])


def test_a_push_in_an_if_clause_is_the_treatment_not_the_outcome():
    assert _pair("Does it increase sales if we raise price?", ["price", "sales"])[1:] == ("price", "sales")


def test_columns_that_fit_a_phrase_equally_are_reported_not_resolved_silently():
    q = parse_question("Does tutoring improve reading scores?",
                       ["tutoring", "reading_score_school", "reading_score_home"])
    assert q.treatment == "tutoring" and q.outcome in ("reading_score_school", "reading_score_home")
    assert q.ambiguities


def test_effect_of_a_column_on_itself_is_refused_not_read_as_its_effects():
    import pytest

    from agent.query import QueryError
    from agent.query_parser import parse_question

    with pytest.raises(QueryError, match="both 'price'"):
        parse_question("What is the effect of price on price?", ["price", "sales"])
    assert parse_question("What are the effects of price?", ["price", "sales"]).kind.value == "effects_of"
