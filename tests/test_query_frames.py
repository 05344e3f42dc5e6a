"""Cause and effect read from plain words through the columns' names and descriptions."""

from agent.query_frames import read_frame
from agent.query_parser import parse_question
from agent.result import QuestionKind

HIV_COLUMNS = ["villnum", "got", "distvct", "tinc", "any", "age", "hiv2004"]
HIV_CODEBOOK = """Variables:
    villnum - Village ID
    got - Got HIV results
    distvct - Distance in kilometers
    tinc - Total incentive
    any - Received any incentive
    age - Age
    hiv2004 - HIV test result in 2004"""

ELECTION_COLUMNS = ["state", "id", "score", "year", "demvoteshare", "democrat", "lagdemocrat", "lagdemvoteshare"]
ELECTION_CODEBOOK = """id - Election ID
score - ADA voting score (higher = more liberal)
year - Year of election
demvoteshare - Democratic share of the vote
democrat - Democratic victory
lagdemocrat - Lagged Democratic victory
lagdemvoteshare - Lagged democratic share of the vote"""

SMOKING_COLUMNS = ["seqn", "qsmk", "wt71", "wt82", "wt82_71", "smokeintensity", "smokeyrs", "death", "age"]
SMOKING_CODEBOOK = """seqn - UNIQUE PERSONAL IDENTIFIER
qsmk - QUIT SMOKING BETWEEN 1ST QUESTIONNAIRE AND 1982
wt71 - WEIGHT IN KILOGRAMS IN 1971
wt82 - WEIGHT IN KILOGRAMS IN 1982
wt82_71 - WEIGHT CHANGE IN KILOGRAMS
smokeintensity - NUMBER OF CIGARETTES SMOKED PER DAY IN 1971
smokeyrs - YEARS OF SMOKING
death - DEATH BY 1992"""


def _pair(question, columns, description):
    frame = read_frame(question, columns, description)
    return None if frame is None else (frame.cause.column, frame.effect.column)


def test_plain_words_name_the_columns_their_descriptions_use():
    question = ("People were offered a voucher of random size. Does receiving any incentive at all make people "
                "more likely to come back for their HIV results, and by how many points?")
    assert _pair(question, HIV_COLUMNS, HIV_CODEBOOK) is None  # got and hiv2004 both describe HIV results
    assert _pair("Does receiving any incentive raise the chance that a person got their HIV results?",
                 HIV_COLUMNS, HIV_CODEBOOK) == ("any", "got")


def test_a_word_every_column_shares_decides_nothing_and_identifiers_are_never_read():
    # "election" is in the descriptions of id and year; id is an identifier and is never a reading
    question = "How much does a Democratic win in the previous election raise the liberal voting score?"
    assert _pair(question, ELECTION_COLUMNS, ELECTION_CODEBOOK) == ("lagdemocrat", "score")


def test_run_together_names_are_split_into_known_words():
    # without splitting 'lagdemocrat' the column 'democrat' would win on the word 'democratic'
    question = "What is the effect of the lagged democratic victory on the score?"
    assert _pair(question, ELECTION_COLUMNS, ELECTION_CODEBOOK) == ("lagdemocrat", "score")


def test_numbers_in_the_phrase_pick_the_measurement_of_that_time():
    question = "What is the effect of quitting smoking on weight change 1971-82?"
    assert _pair(question, SMOKING_COLUMNS, SMOKING_CODEBOOK) == ("qsmk", "wt82_71")


def test_effect_written_before_the_cause():
    assert _pair("How much weight does quitting smoking cause people to gain?", SMOKING_COLUMNS,
                 SMOKING_CODEBOOK) == ("qsmk", "wt82_71")
    assert _pair("How many deaths by 1992 happened because of quitting smoking?", SMOKING_COLUMNS,
                 SMOKING_CODEBOOK) == ("qsmk", "death")


def test_a_phrase_two_columns_explain_equally_is_not_read():
    columns = ["score_math", "score_reading", "tutoring"]
    description = "score_math - test score\nscore_reading - test score\ntutoring - got tutoring"
    assert _pair("Does tutoring raise the test score?", columns, description) is None


def test_uptake_words_never_read_as_the_offer():
    columns = ["invited_to_debate_club_workshop", "attended_workshop", "debate_score"]
    assert _pair("How does debate club workshop participation affect debate scores?", columns, None) != \
        ("invited_to_debate_club_workshop", "debate_score")


def test_the_parser_uses_the_frame_and_keeps_the_other_instructions():
    question = ("Smokers were surveyed in 1971 and 1982. Controlling for age, what is the effect of quitting "
                "smoking on weight change 1971-82?")
    query = parse_question(question, SMOKING_COLUMNS, SMOKING_CODEBOOK)
    assert (query.kind, query.treatment, query.outcome) == (QuestionKind.EFFECT, "qsmk", "wt82_71")
    assert query.controls == ["age"]
    assert any("quitting smoking" in a and "qsmk" in a for a in query.assumptions)


def test_the_parser_keeps_a_yes_no_question_yes_no():
    query = parse_question("Does quitting smoking cause death by 1992?", SMOKING_COLUMNS, SMOKING_CODEBOOK)
    assert (query.kind, query.treatment, query.outcome) == (QuestionKind.DIRECT_CAUSE, "qsmk", "death")


def test_a_question_that_spells_its_columns_is_read_as_written():
    query = parse_question("What is the effect of smokeintensity on wt82?", SMOKING_COLUMNS, SMOKING_CODEBOOK)
    assert (query.treatment, query.outcome) == ("smokeintensity", "wt82")
    assert not any(a.startswith("Read '") for a in query.assumptions)


def test_a_very_long_sentence_is_not_read_as_a_frame():
    question = "Does " + "the effect of smoking " * 100 + "raise weight?"
    assert read_frame(question, SMOKING_COLUMNS, SMOKING_CODEBOOK) is None


def test_a_regression_written_as_y_on_x_reads_x_as_the_cause():
    query = parse_question("OLS of wt82_71 on qsmk with age and wt71 as controls - give the qsmk coefficient "
                           "to 2 decimals.", SMOKING_COLUMNS, SMOKING_CODEBOOK)
    assert (query.treatment, query.outcome, query.controls) == ("qsmk", "wt82_71", ["age", "wt71"])
    assert query.precision == 2


def test_how_much_shorter_is_y_with_x():
    columns = ["stay_days", "early_mobilisation", "age"]
    query = parse_question("How many days shorter is the hospital stay (stay_days) with early_mobilisation? "
                           "Report the days saved as a positive number.", columns, None)
    assert (query.treatment, query.outcome) == ("early_mobilisation", "stay_days")


def test_a_number_used_as_a_bound_does_not_pick_the_column_that_names_it():
    columns = ["lfp", "k5", "k618", "age"]
    description = ("lfp - labor-force participation\nk5 - number of children 5 years old or younger\n"
                   "k618 - number of children 6 to 18 years old")
    # "under six" is a bound, not the 6 of "6 to 18": no confident reading rather than k618
    frame = read_frame("What is the effect of one more child under six on lfp?", columns, description)
    assert frame is None or frame.cause.column == "k5"


def test_how_many_units_more_did_the_treated_gain_than_the_untreated():
    query = parse_question("How many kg more did quitters gain than non-quitters (qsmk, wt82_71), adjusting for "
                           "age? Two decimals please.", SMOKING_COLUMNS, SMOKING_CODEBOOK)
    assert (query.treatment, query.outcome, query.controls, query.precision) == ("qsmk", "wt82_71", ["age"], 2)


def test_a_loose_match_gives_way_to_the_column_the_dictionary_describes():
    query = parse_question("Could the number of cigarettes smoked per day be a confounder of quitting smoking and "
                           "weight gain?", SMOKING_COLUMNS, SMOKING_CODEBOOK)
    assert (query.kind, query.subject, query.treatment, query.outcome) == \
        (QuestionKind.CONFOUNDER, "smokeintensity", "qsmk", "wt82_71")


def test_biology_verbs_and_procedures_in_words():
    columns = ["Raf", "Mek", "Erk", "Cardiac Catheterization", "Fever"]
    description = ("Raf: Raf kinase phosphorylation\nMek: MEK1/2 phosphorylation\nErk: ERK1/2 phosphorylation\n"
                   "Cardiac Catheterization: underwent a cardiac catheter procedure\nFever: body temperature above 38C")
    assert parse_question("Does Raf directly regulate Mek?", columns, description).kind is QuestionKind.DIRECT_CAUSE
    query = parse_question("What are the effects of undergoing a cardiac catheter procedure?", columns, description)
    assert (query.kind, query.subject) == (QuestionKind.EFFECTS_OF, "Cardiac Catheterization")


def test_a_premium_for_a_on_b_is_an_effect_question():
    columns = ["unsafe", "lnw", "age", "session"]
    query = parse_question("With provider fixed effects (comparing the same provider across her four sessions), what "
                           "is the price premium for unsafe on lnw?", columns)
    assert (query.kind, query.treatment, query.outcome) == (QuestionKind.EFFECT, "unsafe", "lnw")
