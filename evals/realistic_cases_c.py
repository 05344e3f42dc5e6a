"""Realistic effect questions, half C: a third held-out set on real public data.

Half C was written on 2026-12-07, before the third session's code changes, by a writer who did
not read ``agent/`` or ``tools/`` (the code under test). It is HELD OUT: do not inspect, tune on
or run these cases while developing, and score them only once, at the end.

The format is the one of ``evals.realistic_cases`` (same ``RealisticCase`` dataclass, same
``causaldata`` tables, same CSV round trip through ``uploaded``): the agent gets only
``load()``, ``question`` and ``description``; ``treatment``, ``outcome``, ``design``,
``estimand`` and ``note`` are for scoring and must never be passed to it. ``published`` is a
literal number in the outcome's units with the sign convention of the question.

Each ``note`` says whether ``published`` is *quoted* from the cited paper/textbook (and then also
reproduced on the loaded table) or only *reproduced* here from the stated specification. Every
number is recomputed by a ``_reproduce_c_*`` helper at the bottom of the file, from the table
that ``load()`` returns; ``REPRODUCE_C`` maps case id -> helper. The helpers are not run at
import.

Compared with halves A/B, half C adds data sets (Titanic, Yule's pauperism data) and
treatment/outcome pairs (college proximity -> schooling, distance and incentive size -> learning
HIV status, intensive information session -> insurance take-up, castle doctrine -> larceny)
that the earlier halves do not use, plus re-worded questions on some of the same pairs.
"""

from __future__ import annotations

import warnings
from typing import Callable

import numpy as np
import pandas as pd

from evals.public_data import causaldata_table, uploaded
from evals.realistic_cases import RealisticCase


# --------------------------------------------------------------------------------------------
# loaders (what the user uploads; any recoding is the kind a user does before asking)
# --------------------------------------------------------------------------------------------

def load_titanic_first_class() -> pd.DataFrame:
    """Titanic passengers and crew; the user replaced ``class`` with a first-class flag and
    coded ``survived`` as 1/0. ``age`` (adults/child) and ``sex`` (man/women) stay as text."""
    df = causaldata_table("titanic").astype(str)
    out = pd.DataFrame({
        "first_class": (df["class"] == "1st class").astype(int),
        "age": df["age"],
        "sex": df["sex"],
        "survived": (df["survived"] == "yes").astype(int),
    })
    return uploaded(out)


def load_yule() -> pd.DataFrame:
    return uploaded(causaldata_table("yule"))


def load_close_college() -> pd.DataFrame:
    return uploaded(causaldata_table("close_college"))


def load_thornton_hiv() -> pd.DataFrame:
    return uploaded(causaldata_table("thornton_hiv"))


def load_social_insure_c() -> pd.DataFrame:
    return uploaded(causaldata_table("social_insure"))


def load_castle_c() -> pd.DataFrame:
    return uploaded(causaldata_table("castle"))


def load_organ_after_change() -> pd.DataFrame:
    """Kessler & Roth state-quarter panel; the user flags California from Q3 2011 on."""
    df = causaldata_table("organ_donations")
    after = df["Quarter"].isin(["Q32011", "Q42011", "Q12012"])
    df["after_change"] = ((df["State"] == "California") & after).astype(int)
    return uploaded(df)


def load_gov_transfers_c() -> pd.DataFrame:
    return uploaded(causaldata_table("gov_transfers"))


def load_lmb_republican() -> pd.DataFrame:
    """Lee-Moretti-Butler House elections; the user recoded the winner as ``republican``
    (= 1 - democrat) and dropped the ``democrat`` column."""
    df = causaldata_table("close_elections_lmb")
    df.insert(df.columns.get_loc("democrat"), "republican", 1 - df["democrat"])
    df = df.drop(columns=["democrat"])
    return uploaded(df)


_SASP_MODEL_VARS = (
    "lnw age asq bmi hispanic black other asian schooling cohab married divorced separated "
    "age_cl unsafe llength reg asq_cl appearance_cl provider_second asian_cl black_cl "
    "hispanic_cl othrace_cl hot massage_cl"
).split()


def load_sasp_panel() -> pd.DataFrame:
    """Mixtape ch. 8 estimation sample: sessions complete on the model variables, providers
    observed in all four sessions (1,028 rows, 257 providers)."""
    df = causaldata_table("adult_services")
    df = df.dropna(subset=_SASP_MODEL_VARS)
    df = df[df.groupby("id")["id"].transform("size") == 4]
    return uploaded(df)


def load_nhefs_complete_c() -> pd.DataFrame:
    return uploaded(causaldata_table("nhefs_complete"))


# --------------------------------------------------------------------------------------------
# codebooks, as a user would paste them
# --------------------------------------------------------------------------------------------

TITANIC_DOC_C = """Everyone aboard the Titanic on its maiden voyage (passengers and crew), from the British Board of Trade inquiry (1912). One row per person.
first_class: 1 if the person travelled on a first-class ticket, 0 otherwise (second class, third class or crew)
age: "adults" or "child"
sex: "man" or "women"
survived: 1 if the person survived the sinking, 0 if they died"""

YULE_DOC_C = """Yule (1899), 'An Investigation into the Causes of Changes in Pauperism in England'. 32 metropolitan (London) poor-law unions; every variable is the change over an intercensal decade, expressed as the later value as a percentage of the earlier one (100 = no change).
location: poor-law union
paup: change in pauperism (paupers as a share of the population)
outrelief: change in the ratio of out-relief (relief paid to people living at home) to in-relief (the workhouse)
old: change in the share of the population aged over 65
pop: change in total population"""

CLOSE_COLLEGE_DOC_C = """NLS Young Men cohort, men first interviewed in 1966 and followed to 1976 (the extract Card 1995 used). One row per man, wages from 1976.
lwage: log hourly wage, 1976
educ: years of schooling completed
exper: potential labour-market experience, years
black: 1 if black
south: 1 if living in the South
smsa: 1 if living in a metropolitan area (SMSA)
married: marital status code as recorded in the NLS (1-6; 1 is by far the most common)
nearc4: 1 if there was a four-year college in the county where he grew up (1966)"""

THORNTON_DOC_C = """HIV testing in rural Malawi, 2004 (Thornton 2008, AER). Respondents were offered a free HIV test at home by a nurse. To learn the result they had to go to a temporary results centre in their area; the centres were placed at randomly chosen locations, and respondents drew a voucher with a random cash amount (often zero) payable when they showed up.
villnum: village id
got: 1 if the respondent went to learn their HIV status, 0 if not (blank if not tested / not in the voucher sample)
distvct: distance in km from home to the results centre for their area
tinc: value of the cash voucher, in US dollars (0 = no cash)
any: 1 if the voucher had any cash value
age: age in years
hiv2004: 1 if the 2004 test came back HIV positive"""

SOCIAL_INSURE_DOC_C = """Rice farmers in rural Jiangxi, China, offered a new weather-insurance product (Cai, de Janvry & Sadoulet 2015, AEJ Applied). Farmers were invited to information sessions in two rounds a few days apart; the format of each session (simple vs intensive explanation, and whether buying was the default) was randomly assigned. These are the second-round farmers.
address: natural village
village: administrative village
takeup_survey: 1 if the farmer bought the insurance
age: age of household head
agpop: household size
ricearea_2010: rice area planted in 2010 (mu)
disaster_prob: farmer's perceived probability of a disaster next year, %
male: 1 if the household head is male
literacy: 1 if literate
risk_averse: risk-aversion score (0-1)
default: "default option" in the experimental format assigned (1 = default is to buy, 0 = default is to not buy)
intensive: 1 if the farmer was assigned to an intensive session (insurance explained in detail with examples), 0 = simple session
pre_takeup_rate: take-up rate among the farmer's friends before his own session (first-round purchases)"""

CASTLE_DOC_C = """State-year panel, 50 states, 2000-2010 (Cheng & Hoekstra 2013, JHR). During the panel 21 states' 'castle doctrine' / stand-your-ground laws, which widen the right to use lethal force in self-defence, took effect (Florida's first, coded from 2006; 13 states from 2007; the rest 2008-2010). Crime data from the FBI Uniform Crime Reports.
year, sid: year and state id
post: 1 in state-years when a castle-doctrine law is in effect, 0 otherwise
homicide, murder, robbery, assault, burglary, larceny, motor: offences per 100,000 population
l_homicide, l_larceny, l_motor: natural logs of the homicide, larceny and motor-vehicle-theft rates
jhcitizen_c, jhpolice_c: justifiable homicides by private citizens / by police (counts)
robbery_gun_r: gun robberies
unemployrt, poverty: unemployment and poverty rates
blackm_15_24, whitem_15_24, blackm_25_44, whitem_25_44: % of population in each race-sex-age group
l_police, l_income, l_prisoner, l_lagprisoner, l_exp_subsidy, l_exp_pubwelfare: logs of police per capita, income, prisoners, lagged prisoners, subsidy and public-welfare spending
r20001 ... r20104: region-by-year dummies
trend_1 ... trend_51: state-specific linear trends
lead1 ... lead9, lag0 ... lag5: event-time dummies (years before / since adoption)
popwt: state population (weight)"""

ORGAN_DOC_C = """Organ donor registration rates by state and quarter, Q4 2010 - Q1 2012 (Kessler & Roth 2014). From July 2011 California asked people renewing a driver's licence to make an active choice about being a donor. The other states are ones that did not change their question.
State: state name
Quarter: quarter, e.g. Q32011
Quarter_Num: quarter index, 1 = Q4 2010
Rate: share of licence applicants who registered as organ donors
after_change: 1 for California in Q3 2011 and later"""

GOV_TRANSFERS_DOC_C = """Uruguay's PANES anti-poverty programme, 2005-2007 (Manacorda, Miguel & Vigorito 2011). Households applied and got a monthly cash transfer if a predicted-income score fell below a cutoff. Only households close to the cutoff are in the file. Survey in 2007.
Income_Centered: predicted-income score minus the eligibility cutoff (negative = eligible)
Participation: 1 if the household received the transfer
Support: support for the current government (0 = against, 0.5 = neutral, 1 = in favour)
Education: average years of schooling of household members aged 16+
Age: average age of household members"""

LMB_DOC_C = """U.S. House elections 1946-1995, one row per district-election (Lee, Moretti & Butler 2004, QJE).
state: ICPSR state code
district: district code
id: election id
year: election year
score: the winner's ADA voting score in the following Congress, 0-100 (higher = more liberal)
demvoteshare: Democratic share of the two-party vote in this election
republican: 1 if the Republican won this election, 0 if the Democrat won
lagdemocrat: 1 if a Democrat won the previous election in the district
lagdemvoteshare: Democratic vote share in the previous election"""

SASP_DOC_C = """Internet-mediated sex workers surveyed in 2008-2009, each asked about their last four client sessions (Cunningham & Kendall). One row per provider-session; only providers who reported all four sessions completely are kept.
id: provider id
session: session number (1-4)
lnw: log hourly price of the session
unsafe: 1 if sex without a condom in the session
llength: log length of the session
reg: 1 if the client was a regular
hot: 1 if the provider rated the client attractive
massage_cl: 1 if the session was a massage only
age_cl, asq_cl: client's age and age squared
appearance_cl: provider's rating of the client's appearance
asian_cl, black_cl, hispanic_cl, othrace_cl: client race (white is the reference)
provider_second: 1 if the provider's second session
age, asq: provider's age and age squared
bmi: provider's body-mass index
schooling: provider's years of schooling
asian, black, hispanic, other, white: provider race
cohab, married, divorced, separated, nevermarried, widowed: provider's marital status"""

NHEFS_DOC_C = """NHANES I Epidemiologic Follow-up Study (NHEFS), cigarette smokers aged 25-74 examined in 1971-75 and again in 1982 (the version in Hernan & Robins, Causal Inference: What If). Only people whose 1982 weight is known are included.
seqn: UNIQUE PERSONAL IDENTIFIER
qsmk: QUIT SMOKING BETWEEN 1ST QUESTIONNAIRE AND 1982, 1:YES, 0:NO
wt71: WEIGHT IN KILOGRAMS IN 1971
wt82: WEIGHT IN KILOGRAMS IN 1982
wt82_71: WEIGHT CHANGE IN KILOGRAMS
sex: 0: MALE 1: FEMALE
race: 0: WHITE 1: BLACK OR OTHER IN 1971
age: AGE IN 1971
education: AMOUNT OF EDUCATION BY 1971: 1: 8TH GRADE OR LESS, 2: HS DROPOUT, 3: HS, 4: COLLEGE DROPOUT, 5: COLLEGE OR MORE
school: HIGHEST GRADE OF REGULAR SCHOOL EVER IN 1971
income: TOTAL FAMILY INCOME IN 1971 (11: <$1000 ... 22: $25000+)
marital: MARITAL STATUS IN 1971 1: Under 17, 2: Married, 3: Widowed, 4: Never married, 5: Divorced, 6: Separated, 8: Unknown
smokeintensity: NUMBER OF CIGARETTES SMOKED PER DAY IN 1971
smkintensity82_71: INCREASE IN NUMBER OF CIGARETTES/DAY BETWEEN 1971 and 1982
smokeyrs: YEARS OF SMOKING
exercise: IN RECREATION, HOW MUCH EXERCISE? IN 1971, 0: much exercise, 1: moderate exercise, 2: little or no exercise
active: IN YOUR USUAL DAY, HOW ACTIVE ARE YOU? IN 1971, 0: very active, 1: moderately active, 2: inactive
ht: HEIGHT IN CENTIMETERS IN 1971
sbp, dbp: SYSTOLIC / DIASTOLIC BLOOD PRESSURE IN 1982
cholesterol: SERUM CHOLESTEROL (MG/100ML) IN 1971
death: DEATH BY 1992, 1:YES, 0:NO
yrdth, modth, dadth: YEAR / MONTH / DAY OF DEATH
asthma, bronch, tb, hf, hbp, pepticulcer, colitis, hepatitis, chroniccough, hayfever, diabetes, polio, tumor, nervousbreak: DIAGNOSES IN 1971, 1: EVER, 0: NEVER (2: MISSING)
alcoholpy, alcoholfreq, alcoholtype, alcoholhowmuch: ALCOHOL USE IN 1971
pica, headache, otherpain, weakheart, allergies, nerves, lackpep, hbpmed, boweltrouble, wtloss, infection: MEDICATION USE / HABITS IN 1971
birthcontrol: BIRTH CONTROL PILLS PAST 6 MONTHS? IN 1971
pregnancies: TOTAL NUMBER OF PREGNANCIES IN 1971
birthplace: STATE CODE OF BIRTH
price71, price82, price71_82: AVG TOBACCO PRICE IN STATE OF RESIDENCE 1971, 1982 AND DIFFERENCE (US$2008)
tax71, tax82, tax71_82: TOBACCO TAX IN STATE OF RESIDENCE 1971, 1982 AND DIFFERENCE (US$2008)
hightax82: LIVING IN A HIGHLY TAXED STATE IN 1982"""


# --------------------------------------------------------------------------------------------
# cases
# --------------------------------------------------------------------------------------------

_MIXTAPE = "Cunningham, Causal Inference: The Mixtape (2021)"
_EFFECT = "Huntington-Klein, The Effect (2021)"
_WHATIF = "Hernan & Robins, Causal Inference: What If (2020)"

CASES_C: list[RealisticCase] = [
    # ---------------------------------------------------------------- observational
    RealisticCase(
        id="c_titanic_first_class",
        half="C",
        load=load_titanic_first_class,
        question=(
            "Everyone says the rich got into the lifeboats first on the Titanic. But women and "
            "children were also put first, and first class had more of them. Once you take age "
            "and sex into account, how much did travelling first class actually raise someone's "
            "chance of surviving?"
        ),
        description=TITANIC_DOC_C,
        published=0.189,
        source=f"{_MIXTAPE} ch. 5.1.1 (Titanic subclassification on age x sex: 0.1887)",
        design="observational",
        treatment="first_class",
        outcome="survived",
        estimand="ATE",
        note="Quoted and reproduced. Mixtape subclassification: within-stratum differences in "
        "survival (first class vs everyone else) over the 4 age x sex cells, weighted by the "
        "non-first-class counts per cell = 0.1888 (the book calls it the weighted ATE). "
        "Population-share weights give 0.196, treated-share weights (ATT) 0.238; anything in "
        "~0.17-0.25 is a correct adjusted answer. Naive difference 0.354 is confounded. Sign "
        "positive.",
    ),
    RealisticCase(
        id="c_yule_outrelief_terse",
        half="C",
        load=load_yule,
        question="OLS of paup on outrelief with old and pop as controls: what's the outrelief coefficient?",
        description=YULE_DOC_C,
        published=0.752,
        source=f"Yule (1899) JRSS 62; {_MIXTAPE} ch. 4 intro (outrelief 0.752, SE 0.135)",
        design="observational",
        treatment="outrelief",
        outcome="paup",
        estimand="ATE",
        note="Quoted and reproduced: OLS paup ~ outrelief + old + pop on the 32 unions, "
        "coefficient 0.7521 (percentage-point change in pauperism growth per point of "
        "out-relief growth). The user asks for the regression, so 0.752 is the target; a "
        "good answer may add that Yule's causal reading is contested. Naive slope 0.77.",
    ),
    RealisticCase(
        id="c_card_proximity_schooling",
        half="C",
        load=load_close_college,
        question=(
            "Does growing up with a four-year college in your county make you stay in school "
            "longer? How many extra years of education does it buy, holding experience, race, "
            "living in the South, living in a city and marital status fixed?"
        ),
        description=CLOSE_COLLEGE_DOC_C,
        published=0.327,
        source=(
            f"Card (1995) first stage; {_MIXTAPE} ch. 7 (Card replication, first stage: "
            f"college in the county 0.327, F = 15.77)"
        ),
        design="observational",
        treatment="nearc4",
        outcome="educ",
        estimand="ATE",
        note="Quoted (Mixtape first-stage table) and reproduced: OLS educ ~ nearc4 + exper + "
        "black + south + married + smsa (n = 3,003; 7 rows lack married) = 0.3273, t^2 = 15.77. "
        "Naive difference 0.83 years (proximity is correlated with urban/non-South residence).",
    ),
    RealisticCase(
        id="c_nhefs_quit_weight_plain",
        half="C",
        load=load_nhefs_complete_c,
        question=(
            "If a smoker quits, how much more weight do they end up gaining over the next ten "
            "years or so than if they had kept smoking? The quitters here weren't randomized, so "
            "please account for the obvious differences between quitters and non-quitters "
            "(sex, race, age, education, how much and how long they smoked, exercise, how "
            "active they were, and their starting weight)."
        ),
        description=NHEFS_DOC_C,
        published=3.4,
        source=f"{_WHATIF} ch. 12.2 Program 12.2 (IP weighting 3.4 kg, 95% CI 2.4-4.5); ch. 13 (standardization 3.5 kg)",
        design="observational",
        treatment="qsmk",
        outcome="wt82_71",
        estimand="ATE",
        note="Quoted and reproduced: IP weighting with the What If logit (sex, race, age, age^2, "
        "education as categories, smokeintensity and ^2, smokeyrs and ^2, exercise and active as "
        "categories, wt71 and ^2) gives 3.44 kg; parametric standardization 3.52. Anything "
        "~3.0-4.0 is right; naive difference 2.54.",
    ),
    # ---------------------------------------------------------------- randomized
    RealisticCase(
        id="c_thornton_distance_plain",
        half="C",
        load=load_thornton_hiv,
        question=(
            "The places where people could pick up their HIV results were put in random "
            "spots. Does living farther away make people less likely to go and learn their "
            "result? By how much does the chance change for each extra kilometre?"
        ),
        description=THORNTON_DOC_C,
        published=-0.0271,
        source="Thornton (2008) AER 98(5) (results-centre locations randomized; distance lowers attendance, Table 4/Fig. 4)",
        design="randomized",
        treatment="distvct",
        outcome="got",
        estimand="ATE",
        note="Reproduced (not quoted: the paper reports distance in bins/with squares): OLS got ~ "
        "distvct + any + tinc on the 2,834 rows with got and the voucher observed = -0.0271 per km "
        "(SE ~0.008). Without the incentive controls the slope is -0.0247; any answer about -0.02 "
        "to -0.035 per km is right. Sign negative.",
    ),
    RealisticCase(
        id="c_thornton_amount_terse",
        half="C",
        load=load_thornton_hiv,
        question="Holding any fixed, what's the effect of tinc on got, per unit of tinc?",
        description=THORNTON_DOC_C,
        published=0.0836,
        source="Thornton (2008) AER 98(5), Table 4 (amount of incentive, randomized)",
        design="randomized",
        treatment="tinc",
        outcome="got",
        estimand="ATE",
        note="Reproduced: OLS got ~ any + tinc (rows with got and tinc observed, n = 2,834) = "
        "0.0836 per US dollar; identical to the slope of got on tinc among those offered any "
        "cash. Adding distvct or age changes it by <0.002. The unadjusted slope of got on tinc "
        "(0.177) mixes in the jump from zero to any incentive and is wrong for this question.",
    ),
    RealisticCase(
        id="c_insurance_intensive_session",
        half="C",
        load=load_social_insure_c,
        question=(
            "We randomly put farmers either in a short, simple information session or in an "
            "intensive one where the insurance was explained in detail. Did the intensive "
            "session make them more likely to buy the insurance?"
        ),
        description=SOCIAL_INSURE_DOC_C,
        published=0.0016,
        source="Cai, de Janvry & Sadoulet (2015) AEJ Applied 7(2) (session format randomized); second-round sample",
        design="randomized",
        treatment="intensive",
        outcome="takeup_survey",
        estimand="ATE",
        note="Reproduced: difference in means of takeup_survey between intensive and simple "
        "sessions on all 1,410 second-round farmers = 0.0016 (SE ~0.027). With village dummies "
        "0.009; with village dummies and household controls 0.002. The correct answer is "
        "essentially no effect (CI roughly -0.05 to +0.05).",
    ),
    # ---------------------------------------------------------------- difference in differences
    RealisticCase(
        id="c_castle_larceny_plain",
        half="C",
        load=load_castle_c,
        question=(
            "Supporters of stand-your-ground laws claim they deter crime because criminals "
            "fear armed homeowners. If that were true, you'd expect ordinary theft to drop too. "
            "Using the state-by-year data, did passing a castle-doctrine law change the larceny "
            "rate? Give the effect on the log larceny rate."
        ),
        description=CASTLE_DOC_C,
        published=0.0012,
        source=(
            "Cheng & Hoekstra (2013) JHR 48(3) (no deterrence effect on larceny / property "
            f"crime); {_MIXTAPE} ch. 9 (same data, homicide)"
        ),
        design="did",
        treatment="post",
        outcome="l_larceny",
        estimand="ATT",
        note="Reproduced: two-way fixed effects WLS of l_larceny on post with state and year "
        "dummies, weighted by popwt = 0.0012 (state-clustered SE ~0.015). Unweighted 0.004; "
        "adding region-by-year dummies -0.008. The right answer is a null: about 0 with a CI "
        "inside roughly +-0.04.",
    ),
    RealisticCase(
        id="c_organ_twfe_terse",
        half="C",
        load=load_organ_after_change,
        question="DiD with State and Quarter fixed effects: effect of after_change on Rate?",
        description=ORGAN_DOC_C,
        published=-0.0225,
        source=f"Kessler & Roth (2014); {_EFFECT} ch. 18.3 (TWFE estimate -0.0225)",
        design="did",
        treatment="after_change",
        outcome="Rate",
        estimand="ATT",
        note="Quoted and reproduced: OLS Rate ~ after_change + State dummies + Quarter dummies "
        "= -0.02246 (share of applicants). Sign negative (active choice lowered registration).",
    ),
    # ---------------------------------------------------------------- instrumental variables
    RealisticCase(
        id="c_card_iv_paragraph",
        half="C",
        load=load_close_college,
        question=(
            "I'm trying to get the payoff to schooling for these men. OLS is biased because "
            "ability drives both schooling and wages, so I want to use whether they grew up near "
            "a four-year college as an instrument for years of education. Controlling for "
            "experience, black, south, married and smsa, what does one more year of school do "
            "to log wages?"
        ),
        description=CLOSE_COLLEGE_DOC_C,
        published=0.124,
        source=f"Card (1995); {_MIXTAPE} ch. 7 Card replication (2SLS 0.124, OLS 0.071)",
        design="iv",
        treatment="educ",
        outcome="lwage",
        estimand="LATE",
        note="Quoted and reproduced: 2SLS of lwage on educ instrumented by nearc4 with exper, "
        "black, south, married, smsa as exogenous controls (n = 3,003) = 0.1242. OLS with the "
        "same controls 0.0712. First-stage F 15.8, so the IV CI is wide (~0.02-0.23).",
    ),
    RealisticCase(
        id="c_insurance_peers_iv",
        half="C",
        load=load_social_insure_c,
        question=(
            "Second-round farmers could learn whether their friends had bought the insurance in "
            "the first round. I want to instrument pre_takeup_rate with default, the randomly "
            "assigned default option. "
            "Controlling for male, age, agpop, ricearea_2010, literacy, intensive, risk_averse, "
            "disaster_prob and village, what is the effect of the friends' take-up rate "
            "(pre_takeup_rate) on whether the farmer buys (takeup_survey)?"
        ),
        description=SOCIAL_INSURE_DOC_C,
        published=0.791,
        source=f"Cai, de Janvry & Sadoulet (2015); {_EFFECT} ch. 19 (IV example, social_insure)",
        design="iv",
        treatment="pre_takeup_rate",
        outcome="takeup_survey",
        estimand="LATE",
        note="Reproduced with the specification The Effect uses: 2SLS takeup_survey ~ "
        "pre_takeup_rate (instrument: default) + male + age + agpop + ricearea_2010 + literacy + "
        "intensive + risk_averse + disaster_prob + village dummies, complete cases (n = 1,378) = "
        "0.791 (change in probability for going from 0% to 100% of friends buying). Without "
        "controls the Wald ratio is 0.731.",
    ),
    # ---------------------------------------------------------------- regression discontinuity
    RealisticCase(
        id="c_gov_transfers_plain",
        half="C",
        load=load_gov_transfers_c,
        question=(
            "Households got the monthly cash transfer only if their income score was under the "
            "cutoff. Comparing families just on either side of it, did getting the transfer "
            "make people more supportive of the government, and by how much?"
        ),
        description=GOV_TRANSFERS_DOC_C,
        published=0.0999,
        source=f"Manacorda, Miguel & Vigorito (2011) AEJ Applied 3(3); {_EFFECT} ch. 20 (gov_transfers example)",
        design="rdd",
        treatment="Participation",
        outcome="Support",
        estimand="LATE",
        note="Reproduced: sharp RD at Income_Centered = 0 (Participation = 1 exactly when "
        "Income_Centered < 0), local linear with separate slopes on each side over the whole "
        "supplied window (|Income_Centered| < 0.02, uniform kernel) = 0.0999. Triangular kernel "
        "0.096. Naive difference 0.118. Paper reports ~0.1-0.13 higher support.",
    ),
    RealisticCase(
        id="c_lmb_republican_paragraph",
        half="C",
        load=load_lmb_republican,
        question=(
            "These are House races since the 1940s. I recoded the winner so that republican = 1 "
            "when the Republican took the seat. Looking only at races that were basically coin "
            "flips, what does electing the Republican instead of the Democrat do to how liberally "
            "the member votes, as measured by the ADA score?"
        ),
        description=LMB_DOC_C,
        published=-47.7,
        source=f"Lee, Moretti & Butler (2004) QJE Table I; {_MIXTAPE} ch. 6.3 replication (47.71 for a Democratic win)",
        design="rdd",
        treatment="republican",
        outcome="score",
        estimand="LATE",
        note="Quoted (sign flipped for a Republican win) and reproduced: the Mixtape replication "
        "regresses score on the winner's party for 0.48 < lagdemvoteshare < 0.52 (-47.71 for "
        "republican). A local linear RD on demvoteshare at 0.5 within +-0.1 gives -47.16. Sign "
        "must be negative; ~-40 to -55 is right.",
    ),
    # ---------------------------------------------------------------- panel
    RealisticCase(
        id="c_sasp_unsafe_fe",
        half="C",
        load=load_sasp_panel,
        question=(
            "With provider fixed effects (comparing the same provider across her four sessions) "
            "and all the provider and client controls in the file, what's the price premium for "
            "unsafe on lnw?"
        ),
        description=SASP_DOC_C,
        published=0.051,
        source=f"Cunningham & Kendall; {_MIXTAPE} ch. 8 Table (POLS 0.013, FE 0.051)",
        design="panel",
        treatment="unsafe",
        outcome="lnw",
        estimand="ATE",
        note="Quoted and reproduced: within-provider (id fixed effects) OLS of lnw on unsafe with "
        "the sasp.do controls (age asq bmi hispanic black other asian schooling cohab married "
        "divorced separated age_cl llength reg asq_cl appearance_cl provider_second asian_cl "
        "black_cl hispanic_cl othrace_cl hot massage_cl; time-invariant ones drop out) = 0.0510 "
        "(SE ~0.03). Pooled OLS 0.013; FE with no controls -0.009. Log points, ~5% premium.",
    ),
]


def cases_c() -> list[RealisticCase]:
    return list(CASES_C)


# --------------------------------------------------------------------------------------------
# reproductions (run on the table each case's load() returns; not run at import)
# --------------------------------------------------------------------------------------------

def _ols(formula: str, df: pd.DataFrame, term: str, weights=None) -> float:
    import statsmodels.formula.api as smf

    model = smf.ols(formula, df) if weights is None else smf.wls(formula, df, weights=weights)
    return float(model.fit().params[term])


def _tsls_coef(y: np.ndarray, endog: np.ndarray, inst: np.ndarray, exog: np.ndarray) -> float:
    """Just-identified 2SLS coefficient on ``endog`` (exog must include the constant)."""
    z = np.column_stack([inst, exog])
    x = np.column_stack([endog, exog])
    xhat = z @ np.linalg.lstsq(z, x, rcond=None)[0]
    return float(np.linalg.lstsq(xhat, y, rcond=None)[0][0])


def _reproduce_c_titanic() -> float:
    """Mixtape subclassification: stratum differences weighted by the control counts."""
    df = load_titanic_first_class()
    n0 = int((df["first_class"] == 0).sum())
    total = 0.0
    for _, s in df.groupby(["age", "sex"]):
        diff = s.loc[s["first_class"] == 1, "survived"].mean() - s.loc[s["first_class"] == 0, "survived"].mean()
        total += diff * (s["first_class"] == 0).sum() / n0
    return float(total)


def _reproduce_c_yule() -> float:
    return _ols("paup ~ outrelief + old + pop", load_yule(), "outrelief")


def _reproduce_c_card_first_stage() -> float:
    return _ols("educ ~ nearc4 + exper + black + south + married + smsa", load_close_college(), "nearc4")


def _reproduce_c_nhefs_ipw() -> float:
    import statsmodels.formula.api as smf

    df = load_nhefs_complete_c()
    ps = smf.logit(
        "qsmk ~ sex + race + age + I(age**2) + C(education) + smokeintensity"
        " + I(smokeintensity**2) + smokeyrs + I(smokeyrs**2) + C(exercise) + C(active)"
        " + wt71 + I(wt71**2)",
        df,
    ).fit(disp=0).predict(df)
    w = np.where(df["qsmk"] == 1, 1.0 / ps, 1.0 / (1.0 - ps))
    return _ols("wt82_71 ~ qsmk", df, "qsmk", weights=w)


def _reproduce_c_thornton_distance() -> float:
    df = load_thornton_hiv().dropna(subset=["got", "any", "tinc", "distvct"])
    return _ols("got ~ distvct + any + tinc", df, "distvct")


def _reproduce_c_thornton_amount() -> float:
    df = load_thornton_hiv().dropna(subset=["got", "any", "tinc"])
    return _ols("got ~ any + tinc", df, "tinc")


def _reproduce_c_intensive() -> float:
    df = load_social_insure_c()
    return float(df.loc[df["intensive"] == 1, "takeup_survey"].mean()
                 - df.loc[df["intensive"] == 0, "takeup_survey"].mean())


def _reproduce_c_castle_larceny() -> float:
    df = load_castle_c()
    return _ols("l_larceny ~ post + C(sid) + C(year)", df, "post", weights=df["popwt"])


def _reproduce_c_organ() -> float:
    return _ols("Rate ~ after_change + C(State) + C(Quarter)", load_organ_after_change(), "after_change")


def _reproduce_c_card_iv() -> float:
    df = load_close_college().dropna(subset=["lwage", "educ", "nearc4", "exper", "black", "south", "married", "smsa"])
    exog = np.column_stack([np.ones(len(df)), df[["exper", "black", "south", "married", "smsa"]].to_numpy(float)])
    return _tsls_coef(df["lwage"].to_numpy(float), df["educ"].to_numpy(float), df["nearc4"].to_numpy(float), exog)


def _reproduce_c_insurance_iv() -> float:
    controls = ["male", "age", "agpop", "ricearea_2010", "literacy", "intensive", "risk_averse", "disaster_prob"]
    df = load_social_insure_c().dropna(subset=controls + ["takeup_survey", "pre_takeup_rate", "default"])
    villages = pd.get_dummies(df["village"].astype(str), drop_first=True).to_numpy(float)
    exog = np.column_stack([np.ones(len(df)), df[controls].to_numpy(float), villages])
    return _tsls_coef(df["takeup_survey"].to_numpy(float), df["pre_takeup_rate"].to_numpy(float),
                      df["default"].to_numpy(float), exog)


def _reproduce_c_gov_transfers() -> float:
    df = load_gov_transfers_c()
    return _ols("Support ~ Participation * Income_Centered", df, "Participation")


def _reproduce_c_lmb_republican() -> float:
    df = load_lmb_republican()
    close = df[(df["lagdemvoteshare"] > 0.48) & (df["lagdemvoteshare"] < 0.52)]
    return _ols("score ~ republican", close, "republican")


def _reproduce_c_sasp_fe() -> float:
    df = load_sasp_panel()
    xs = [v for v in _SASP_MODEL_VARS if v not in ("lnw", "unsafe")]
    with warnings.catch_warnings():  # provider-level covariates are collinear with C(id)
        warnings.simplefilter("ignore")
        return _ols("lnw ~ unsafe + " + " + ".join(xs) + " + C(id)", df, "unsafe")


REPRODUCE_C: dict[str, Callable[[], float]] = {
    "c_titanic_first_class": _reproduce_c_titanic,
    "c_yule_outrelief_terse": _reproduce_c_yule,
    "c_card_proximity_schooling": _reproduce_c_card_first_stage,
    "c_nhefs_quit_weight_plain": _reproduce_c_nhefs_ipw,
    "c_thornton_distance_plain": _reproduce_c_thornton_distance,
    "c_thornton_amount_terse": _reproduce_c_thornton_amount,
    "c_insurance_intensive_session": _reproduce_c_intensive,
    "c_castle_larceny_plain": _reproduce_c_castle_larceny,
    "c_organ_twfe_terse": _reproduce_c_organ,
    "c_card_iv_paragraph": _reproduce_c_card_iv,
    "c_insurance_peers_iv": _reproduce_c_insurance_iv,
    "c_gov_transfers_plain": _reproduce_c_gov_transfers,
    "c_lmb_republican_paragraph": _reproduce_c_lmb_republican,
    "c_sasp_unsafe_fe": _reproduce_c_sasp_fe,
}
