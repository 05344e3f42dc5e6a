"""Realistic effect questions, half D: a fourth held-out set on real public data.

Half D was written on 2026-12-08, before the fifth session's code changes, by a writer who did
not read ``agent/`` or ``tools/`` (the code under test). It is HELD OUT: do not inspect, tune on
or run these cases while developing, and score them only once, at the end.

The format is the one of ``evals.realistic_cases`` and ``evals.realistic_cases_c`` (same
``RealisticCase`` dataclass, same ``causaldata`` tables, same CSV round trip through
``uploaded``): the agent gets only ``load()``, ``question`` and ``description``; ``treatment``,
``outcome``, ``design``, ``estimand`` and ``note`` are for scoring and must never be passed to
it. ``published`` is a literal number in the outcome's units with the sign convention of the
question.

Each ``note`` says whether ``published`` is *quoted* from the cited paper/textbook (and then also
reproduced on the loaded table) or only *reproduced* here from the stated specification. Every
number is recomputed by a ``_reproduce_d_*`` helper at the bottom of the file, from the table
that ``load()`` returns; ``REPRODUCE_D`` maps case id -> helper. The helpers are not run at
import. For the two cases whose published value is a zero (a placebo and a textbook null) the
helper returns the point estimate of the stated specification and the note gives its interval.

Compared with halves A-C, half D adds data sets (Gapminder, the Google/Alphabet stock event,
the Mixtape's job-training matching example, Mroz's married women, abortion legalisation and
gonorrhoea, Anchorage restaurant inspections, What If's Greek-gods transplant table) and new
treatment/outcome pairs on earlier tables (college proximity -> wages, previous Democratic win
-> Democratic vote share, transfer -> household age as a placebo). Four cases re-word questions
on earlier pairs with a different estimand or specification (regression-adjusted NSW
experiment, the Black/non-Black gap in the Broockman out-of-district effect, the GI-bill fuzzy RD
framed as IV, and the quitting-smoking effect for a 40-a-day smoker).
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

def load_gapminder_d() -> pd.DataFrame:
    return uploaded(causaldata_table("gapminder"))


def load_google_alphabet() -> pd.DataFrame:
    """Daily returns May-August 2015; the user flags 11 Aug 2015, the first trading day after
    the Alphabet announcement (made after the close on 10 Aug)."""
    df = causaldata_table("google_stock")
    df["announcement_day"] = (pd.to_datetime(df["Date"]) == pd.Timestamp("2015-08-11")).astype(int)
    return uploaded(df)


def load_training_long() -> pd.DataFrame:
    """The Mixtape's job-training example, which the package ships as a side-by-side results
    table. The user stacked the 10 trainees and the 20 non-trainees into one long table and
    dropped the book's own matched-control columns and summary rows."""
    raw = causaldata_table("training_example")
    treated = raw.iloc[:10][["age_treat", "earnings_treat"]]       # units 1-10
    controls = raw.iloc[:20][["age_control", "earnings_control"]]  # units 1-20
    out = pd.concat([
        pd.DataFrame({"trainee": 1, "age": treated["age_treat"].astype(int),
                      "earnings": pd.to_numeric(treated["earnings_treat"]).astype(float)}),
        pd.DataFrame({"trainee": 0, "age": controls["age_control"].astype(int),
                      "earnings": controls["earnings_control"].astype(float)}),
    ], ignore_index=True)
    out.insert(0, "person", np.arange(1, len(out) + 1))
    return uploaded(out)


def load_nsw_d() -> pd.DataFrame:
    return uploaded(causaldata_table("nsw_mixtape"))


def load_black_politicians_d() -> pd.DataFrame:
    return uploaded(causaldata_table("black_politicians"))


def load_mroz_d() -> pd.DataFrame:
    """carData's Mroz table; the user dropped the row-number column the R export left behind."""
    return uploaded(causaldata_table("Mroz").drop(columns=["Unnamed: 0"]))


def _abortion_exposed(df: pd.DataFrame, teen_only: bool) -> pd.DataFrame:
    window = df["year"].between(1986, 1992) & (df["repeal"] == 1)
    if teen_only:
        window &= df["age"] == 15
    df = df.copy()
    df["exposed"] = window.astype(int)
    return df


def load_abortion_black_teens() -> pd.DataFrame:
    """Cunningham & Cornwell state-year panel; the user kept Black women aged 15-19 (bf15 == 1)
    and flagged repeal states in 1986-1992, the years the cohorts born after the early repeal
    were 15-19."""
    df = causaldata_table("abortion")
    df = df[df["bf15"] == 1]
    return uploaded(_abortion_exposed(df, teen_only=True))


def load_abortion_black_women_ddd() -> pd.DataFrame:
    """Same panel; the user kept Black women in the 15-19 and 25-29 age groups and flagged the
    15-19 group in repeal states in 1986-1992."""
    df = causaldata_table("abortion")
    df = df[(df["race"] == 2) & (df["sex"] == 2) & df["age"].isin([15, 25])]
    return uploaded(_abortion_exposed(df, teen_only=True))


def load_mortgages_d() -> pd.DataFrame:
    return uploaded(causaldata_table("mortgages"))


def load_gov_transfers_d() -> pd.DataFrame:
    return uploaded(causaldata_table("gov_transfers"))


def load_nhefs_complete_d() -> pd.DataFrame:
    return uploaded(causaldata_table("nhefs_complete"))


def load_lmb_d() -> pd.DataFrame:
    return uploaded(causaldata_table("close_elections_lmb"))


def load_close_college_d() -> pd.DataFrame:
    return uploaded(causaldata_table("close_college"))


def load_restaurants_d() -> pd.DataFrame:
    return uploaded(causaldata_table("restaurant_inspections"))


def load_greek_gods() -> pd.DataFrame:
    return uploaded(causaldata_table("greek_data"))


# --------------------------------------------------------------------------------------------
# codebooks, as a user would paste them
# --------------------------------------------------------------------------------------------

GAPMINDER_DOC_D = """Gapminder country panel (the version in the R gapminder package, 2020). 142 countries observed every five years from 1952 to 2007; one row per country-year.
country: country name
continent: continent
year: 1952, 1957, ..., 2007
lifeExp: life expectancy at birth, in years
pop: population
gdpPercap: GDP per capita, inflation-adjusted US dollars"""

GOOGLE_DOC_D = """Daily stock returns for Google (GOOG) and the S&P 500 index, 4 May - 31 August 2015, downloaded with the tidyquant R package. On 10 August 2015, after the market closed, Google announced it would reorganise under a new parent company, Alphabet.
Date: trading day (YYYY-MM-DD)
Google_Return: GOOG daily return (0.01 = 1 percent)
SP500_Return: S&P 500 daily return (0.01 = 1 percent)
announcement_day: (added by me) 1 on 11 August 2015, the first trading day after the announcement, 0 otherwise"""

TRAINING_DOC_D = """Job-training example from Cunningham's Causal Inference: The Mixtape (matching chapter). Ten workers who went through a job-training program and twenty who did not; earnings measured after the program. I stacked the book's two side-by-side lists into one table.
person: row id
trainee: 1 if the worker took part in the training program
age: age in years
earnings: annual earnings, US dollars"""

NSW_DOC_D = """National Supported Work Demonstration (NSW), a 1970s randomized job-training experiment: men assigned to treatment were guaranteed a job for 9-18 months. Dehejia-Wahba subsample of the LaLonde data (185 treated, 260 randomized controls). Earnings in 1982 US dollars.
data_id: sample label
treat: 1 if randomly assigned to the NSW program
age: age in years
educ: years of schooling
black: 1 if Black
hisp: 1 if Hispanic
marr: 1 if married
nodegree: 1 if no high-school degree
re74, re75: real earnings in 1974 and 1975 (before the program)
re78: real earnings in 1978 (after the program)"""

BLACK_POL_DOC_D = """Broockman (2013, AJPS) field experiment. Every U.S. state legislator received an email from a fictional Black constituent asking for help; whether the sender said he lived inside or outside the legislator's district was randomized. One row per legislator.
leg_black: 1 if the legislator is Black
treat_out: 1 if the email said the sender lived outside the district (randomized)
responded: 1 if the legislator replied
totalpop: district population
medianhhincom: district median household income
black_medianhh, white_medianhh: district median household income among Black / White households
blackpercent: share of the district population that is Black
statessquireindex: Squire index of state legislative professionalism
nonblacknonwhite: 1 if the legislator is neither Black nor White
urbanpercent: share of the district that is urban
leg_senator: 1 if a state senator
leg_democrat: 1 if a Democrat
south: 1 if in the South"""

MROZ_DOC_D = """Married white women aged 30-60 in 1975, from the Panel Study of Income Dynamics (Mroz 1987; the version in the R carData package). One row per woman.
lfp: in the labour force in 1975 (True/False)
k5: number of children aged 5 or younger
k618: number of children aged 6 to 18
age: age in years
wc: wife attended college (True/False)
hc: husband attended college (True/False)
lwg: log expected wage rate; for women in the labour force the actual wage, for the others a value imputed from a regression on the other variables
inc: family income excluding the wife's income, thousands of dollars"""

ABORTION_DOC_D = """State-by-year panel, 1985-2000, from Cunningham & Cornwell (2013), 'The Long-Run Effect of Abortion on Sexually Transmitted Infections'. Five states (Alaska, California, Hawaii, New York, Washington) repealed their abortion bans around 1970, about three years before Roe v. Wade legalised abortion everywhere in 1973. One row per state x year x age group x race x sex (I kept only some of the groups).
fip: state FIPS code
year: year; t: the same year counted from 1 (1985) to 16 (2000)
age: age group (15 = 15-19, 20 = 20-24, 25 = 25-29, ...)
race: 1 = white, 2 = black; wht: 1 if white
sex: 1 = male, 2 = female; male: 1 if male
younger: 1 for the 15-19 age group
bf15: 1 for Black females aged 15-19
fa: state-by-younger interaction code
totpop: population of the group
lnr: log gonorrhoea cases per 100,000 in the group
repeal: 1 if the state repealed its abortion ban early (before Roe)
acc: AIDS mortality per 100,000, cumulative over t, t-1, t-2, t-3
ir: incarcerated males per 100,000
pi: 1 if a parental-involvement law for abortion was in effect
alcohol: alcohol consumption per capita
crack: crack-cocaine index
poverty: poverty rate
income: real income per capita
ur: unemployment rate
exposed: (added by me) 1 for the 15-19 group in the five repeal states in 1986-1992, the years when the cohorts born after early legalisation were 15-19"""

MORTGAGES_DOC_D = """Men born in the U.S. in the 1920s-1930s, from the 1960 and 1970 censuses (Fetter 2013, 'How Do Mortgage Subsidies Affect Home Ownership? Evidence from the Mid-Century GI Bills'). Veterans of World War II and the Korean War could get subsidised GI-bill mortgages; men born after a cutoff quarter were mostly too young to serve in Korea. One row per man.
bpl: state of birth
qob: quarter of birth (1-4)
nonwhite: 1 if nonwhite
vet_wwko: 1 if a veteran of World War II or the Korean War
home_ownership: 1 if he owns his home
qob_minus_kw: quarter of birth minus the Korean-War cutoff quarter, in quarters (positive = born after the cutoff)"""

GOV_TRANSFERS_DOC_D = """Uruguay's PANES anti-poverty programme, 2005-2007 (Manacorda, Miguel & Vigorito 2011, AEJ Applied). Applicant households received a monthly cash transfer when a predicted-income score was below a cutoff. The file keeps only households close to the cutoff; outcomes from a 2007 follow-up survey.
Income_Centered: predicted-income score minus the cutoff (negative = eligible)
Participation: 1 if the household received the transfer
Support: support for the government (0 = against, 0.5 = neutral, 1 = in favour)
Education: average years of schooling of household members aged 16 and over
Age: average age of household members"""

NHEFS_DOC_D = """NHANES I Epidemiologic Follow-up Study (NHEFS): cigarette smokers aged 25-74 examined in 1971-75 and again in 1982, as used in Hernan & Robins, Causal Inference: What If. Only people whose 1982 weight is known.
seqn: person id
qsmk: 1 if the person quit smoking between the first visit and 1982
wt71, wt82: weight in kg in 1971 and 1982; wt82_71: weight change 1971-1982, kg
sex: 0 male, 1 female
race: 0 white, 1 black or other
age: age in 1971
education: 1 = 8th grade or less, 2 = high-school dropout, 3 = high school, 4 = college dropout, 5 = college or more
school: highest grade of school completed
income: family income category in 1971 (11-22)
marital: marital status in 1971
smokeintensity: cigarettes smoked per day in 1971
smkintensity82_71: change in cigarettes per day between 1971 and 1982
smokeyrs: years of smoking
exercise: recreational exercise in 1971 (0 much, 1 moderate, 2 little or none)
active: activity in a usual day in 1971 (0 very active, 1 moderately active, 2 inactive)
ht: height in cm
sbp, dbp: systolic / diastolic blood pressure in 1982
cholesterol: serum cholesterol, 1971
death, yrdth, modth, dadth: died by 1992 and date of death
asthma, bronch, tb, hf, hbp, pepticulcer, colitis, hepatitis, chroniccough, hayfever, diabetes, polio, tumor, nervousbreak: ever diagnosed by 1971 (1 yes, 0 no, 2 missing)
alcoholpy, alcoholfreq, alcoholtype, alcoholhowmuch: alcohol use in 1971
pica, headache, otherpain, weakheart, allergies, nerves, lackpep, hbpmed, boweltrouble, wtloss, infection: medication use / symptoms in 1971
birthcontrol, pregnancies: birth-control pill use and number of pregnancies (women)
birthplace: state of birth
price71, price82, price71_82, tax71, tax82, tax71_82: cigarette price and tax in the state of residence, 1971 / 1982 / difference
hightax82: 1 if living in a high-tobacco-tax state in 1982
id, censored, older: row id, 1 if 1982 weight missing (always 0 here), 1 if older than 50 in 1971"""

LMB_DOC_D = """U.S. House elections 1946-1995, one row per district-election (Lee, Moretti & Butler 2004, QJE).
state: ICPSR state code
district: district code
id: election id
year: election year
score: the winner's ADA voting score in the following Congress (0-100, higher = more liberal)
demvoteshare: Democratic share of the two-party vote in this election
democrat: 1 if the Democrat won this election
lagdemocrat: 1 if the Democrat won the previous election in the district
lagdemvoteshare: Democratic two-party vote share in the previous election"""

CLOSE_COLLEGE_DOC_D = """National Longitudinal Survey of Young Men, men first interviewed in 1966 (aged 14-24) and re-interviewed in 1976; the extract used by Card (1995), 'Using Geographic Variation in College Proximity to Estimate the Return to Schooling'. One row per man.
lwage: log hourly wage in 1976
educ: years of schooling
exper: potential experience (age - educ - 6)
black: 1 if Black
south: 1 if living in the South in 1976
smsa: 1 if living in a metropolitan area in 1976
married: marital status code (1 = married)
nearc4: 1 if there was a four-year college in his county of residence in 1966"""

RESTAURANT_DOC_D = """Restaurant health inspections performed in Anchorage, Alaska, 2000-2019 (Kaggle extract used in Huntington-Klein, The Effect). One row per inspection.
business_name: name of the restaurant / chain
inspection_score: health inspection score, out of 100 (higher = better)
Year: year of the inspection
NumberofLocations: number of locations the restaurant's chain has
Weekend: whether the inspection was performed on a weekend (True/False)"""

GREEK_DOC_D = """Table 2.2 of Hernan & Robins, Causal Inference: What If. Twenty individuals (named after Greek gods) followed after a decision about heart transplantation.
name: individual
l: prognostic factor measured when the transplant decision was made (1 = critical condition, 0 = not)
a: 1 if the individual received a heart transplant
y: 1 if the individual died during follow-up"""


# --------------------------------------------------------------------------------------------
# cases
# --------------------------------------------------------------------------------------------

_MIXTAPE = "Cunningham, Causal Inference: The Mixtape (2021)"
_EFFECT = "Huntington-Klein, The Effect (2021)"
_WHATIF = "Hernan & Robins, Causal Inference: What If (2020)"

CASES_D: list[RealisticCase] = [
    # ---------------------------------------------------------------- randomized
    RealisticCase(
        id="d_nsw_regression_adjusted",
        half="D",
        load=load_nsw_d,
        question=(
            "This is the randomized NSW job-training experiment (Dehejia-Wahba subsample). By "
            "the luck of the draw the treated and control men differ a little in age, schooling "
            "and earnings history. What is the program's effect on 1978 earnings after adjusting "
            "for age, age squared, years of education, no degree, black, hispanic, and 1974 and "
            "1975 earnings?"
        ),
        description=NSW_DOC_D,
        published=1672.0,
        source="Dehejia & Wahba (1999) JASA 94(448), Table 3, NSW row (1,794 unadjusted; 1,672 (638) regression-adjusted)",
        design="randomized",
        treatment="treat",
        outcome="re78",
        estimand="ATE",
        note="Quoted and reproduced (re-worded pair: halves A/B ask for the unadjusted 1,794). "
        "OLS re78 ~ treat + age + age^2 + educ + nodegree + black + hisp + re74 + re75 on the "
        "445 men = 1,672.2 (SE 638.4, matching the paper's 638). Adding marr gives 1,676; the "
        "difference in means is 1,794, so anything ~1,550-1,800 is an acceptable adjusted answer. "
        "US dollars (1982).",
    ),
    RealisticCase(
        id="d_broockman_gap_black_legislators",
        half="D",
        load=load_black_politicians_d,
        question=(
            "In the email experiment, legislators were less likely to write back when the "
            "sender said he lived outside their district. Is that out-of-district penalty "
            "smaller for Black legislators than for non-Black legislators? By how much smaller "
            "is it, as a difference in the probability of replying?"
        ),
        description=BLACK_POL_DOC_D,
        published=0.128,
        source="Broockman (2013) AJPS 57(3), Table 2 col. 2 (out-of-district effect -0.275 non-Black, -0.147 Black legislators)",
        design="randomized",
        treatment="treat_out",
        outcome="responded",
        estimand="ATE",
        note="Quoted as the difference of the two quoted subgroup effects and reproduced: the "
        "treat_out x leg_black interaction in OLS responded ~ treat_out * leg_black = 0.1281 "
        "(penalty -0.2745 for non-Black vs -0.1464 for Black legislators; SE ~0.05). Re-worded "
        "pair (A/B ask for the subgroup and pooled effects). Positive = smaller penalty for "
        "Black legislators; an answer of -0.128 phrased as 'the Black legislators' effect minus "
        "the others'' with the sign flipped is the same finding. The pooled effect -0.266 does "
        "not answer the question.",
    ),
    # ---------------------------------------------------------------- observational
    RealisticCase(
        id="d_training_exact_age",
        half="D",
        load=load_training_long,
        question=(
            "Our trainees earn about the same as the people who didn't take the training, but "
            "they're a lot younger, and earnings go up with age. If you compare each trainee "
            "with non-trainees of exactly the same age, how much did the training program "
            "raise the trainees' earnings?"
        ),
        description=TRAINING_DOC_D,
        published=1695.0,
        source=f"{_MIXTAPE} ch. 5.3.1 (exact matching on age: trainees 11,075 vs matched 9,380, ATT 1,695; SDO -26.25)",
        design="observational",
        treatment="trainee",
        outcome="earnings",
        estimand="ATT",
        note="Quoted and reproduced: for each of the 10 trainees the mean earnings of the "
        "non-trainees of the same age (two controls aged 30 are averaged) = 9,380; 11,075 - "
        "9,380 = 1,695. Naive difference -26.25 is clearly wrong (age confounds). Linear "
        "regression earnings ~ trainee + age gives 1,731, also acceptable. Fictional textbook "
        "data, n = 30.",
    ),
    RealisticCase(
        id="d_mroz_young_children",
        half="D",
        load=load_mroz_d,
        question=(
            "How much does having one more child aged five or under lower the chance that a "
            "married woman works (is in the labour force), holding everything else in the file "
            "fixed?"
        ),
        description=MROZ_DOC_D,
        published=-0.304,
        source=(
            "Mroz (1987) Econometrica 55; Fox & Weisberg, An R Companion to Applied Regression "
            "(logit of lfp on k5 k618 age wc hc lwg inc: k5 coefficient -1.463)"
        ),
        design="observational",
        treatment="k5",
        outcome="lfp",
        estimand="ATE",
        note="The logit coefficient -1.463 (log-odds) is quoted and reproduced; the published "
        "value here is its average marginal effect, reproduced: -0.3037 per additional child "
        "(probability scale). The linear probability model with the same controls gives -0.295, "
        "and dropping lwg (imputed for non-participants) -0.30 to -0.31, so ~-0.28 to -0.32 is "
        "right. Naive slope -0.20. lfp, wc, hc arrive as True/False.",
    ),
    RealisticCase(
        id="d_nhefs_heavy_smoker_quit",
        half="D",
        load=load_nhefs_complete_d,
        question=(
            "I smoked about 40 cigarettes a day back in 1971. Going by this study, if someone "
            "like me quits, how much more weight would they put on by 1982 than if they'd kept "
            "smoking? I suspect the effect depends on how heavily people smoked, so please allow "
            "for that, and adjust for sex, race, age, education, how much and how long they "
            "smoked, exercise, how active they were and their 1971 weight."
        ),
        description=NHEFS_DOC_D,
        published=4.4,
        source=f"{_WHATIF} ch. 15.1, Program 15.1 (outcome regression with qsmk x smokeintensity: 2.8 kg at 5 cigarettes/day, 4.4 kg at 40)",
        design="observational",
        treatment="qsmk",
        outcome="wt82_71",
        estimand="CATE",
        note="Quoted and reproduced (re-worded pair: A-C ask for the average effect 3.4-3.5). "
        "OLS wt82_71 ~ qsmk + qsmk:smokeintensity + sex + race + age + age^2 + C(education) + "
        "smokeintensity + smokeintensity^2 + smokeyrs + smokeyrs^2 + C(exercise) + C(active) + "
        "wt71 + wt71^2 (n = 1,566): effect at smokeintensity = 40 is 2.5596 + 40 x 0.04666 = "
        "4.43 kg (book CI 2.8-6.1). The average effect ~3.5 is not the answer asked for.",
    ),
    RealisticCase(
        id="d_card_proximity_wages",
        half="D",
        load=load_close_college_d,
        question=(
            "Do men who grew up with a four-year college in their county earn more in 1976? "
            "I'm not after the return to schooling, just the overall effect of growing up near "
            "a college on log wages, controlling for experience, race, living in the South, "
            "living in a metro area and marital status."
        ),
        description=CLOSE_COLLEGE_DOC_D,
        published=0.0406,
        source=(
            f"Card (1995) reduced form; {_MIXTAPE} ch. 7 Card replication (first stage 0.327, "
            f"2SLS 0.124; reduced form = their product)"
        ),
        design="observational",
        treatment="nearc4",
        outcome="lwage",
        estimand="ATE",
        note="Reproduced: OLS lwage ~ nearc4 + exper + black + south + married + smsa (n = "
        "3,003) = 0.0406 (SE 0.017), equal to the quoted first stage x 2SLS (0.327 x 0.124). "
        "New pair (A-C use nearc4 only as an instrument or for educ). Naive difference 0.156 is "
        "clearly wrong (proximity goes with metro, non-South residence). Log points.",
    ),
    RealisticCase(
        id="d_restaurant_weekend",
        half="D",
        load=load_restaurants_d,
        question=(
            "Are restaurant inspections done on weekends scored differently? Controlling for "
            "the year of the inspection and how many locations the chain has, how many points "
            "does a weekend inspection add or take away?"
        ),
        description=RESTAURANT_DOC_D,
        published=1.43,
        source=f"{_EFFECT} ch. 13 (regression examples on the Anchorage inspections: inspection_score ~ NumberofLocations + Weekend + Year)",
        design="observational",
        treatment="Weekend",
        outcome="inspection_score",
        estimand="ATE",
        note="Reproduced only (not quoted): OLS inspection_score ~ Weekend + Year + "
        "NumberofLocations on all 27,178 inspections = 1.432 points (SE 0.42; 210 weekend "
        "inspections). Naive difference 2.10 (weekend inspections are of smaller chains / later "
        "years). ~1.1-1.8 is right; sign positive.",
    ),
    RealisticCase(
        id="d_greek_transplant",
        half="D",
        load=load_greek_gods,
        question=(
            "Twenty people: some got a heart transplant (a) and some didn't, and y says whether "
            "they died. Doctors were more likely to give a transplant to people who were in "
            "critical condition (l = 1). What is the causal effect of the transplant on the risk "
            "of death?"
        ),
        description=GREEK_DOC_D,
        published=0.0,
        source=f"{_WHATIF} ch. 2.3-2.4, Table 2.2 (standardized and IP-weighted risks 0.5 under both treatments; causal risk ratio 1)",
        design="observational",
        treatment="a",
        outcome="y",
        estimand="ATE",
        note="Quoted and reproduced: standardizing over l, Pr[Y^a=1] = 0.5 for a = 1 and a = 0, "
        "so the causal risk difference is exactly 0 (risk ratio 1). Naive risk difference 7/13 - "
        "3/7 = 0.110 is confounded by l. Scored as a published zero (interval must cover 0); "
        "the right point estimate is 0.",
    ),
    RealisticCase(
        id="d_google_alphabet_event",
        half="D",
        load=load_google_alphabet,
        question=(
            "hey - Google announced the Alphabet restructuring after the close on Aug 10 2015, "
            "and I've flagged the next trading day (Aug 11) as announcement_day. how much did "
            "the news move GOOG that day over and above what you'd have expected given the "
            "market? treat May-July as the normal period"
        ),
        description=GOOGLE_DOC_D,
        published=0.0535,
        source=f"{_EFFECT} ch. 17.3 code example (market-model event study, estimation window 1 May - 31 Jul 2015)",
        design="observational",
        treatment="announcement_day",
        outcome="Google_Return",
        estimand="ATT",
        note="Reproduced (the book plots the abnormal returns rather than printing them): "
        "event study with a market model Google_Return ~ SP500_Return fitted on 1 May - 31 Jul "
        "2015 (alpha 0.0027, beta 1.41), abnormal return on 11 Aug = 0.0427 - predicted "
        "(-0.0108) = 0.0535. Market-adjusted (Google minus S&P) 0.0522; dummy-variable "
        "regression on all days 0.0533; mean-adjusted 0.040. ~0.045-0.06 is right; the raw "
        "return 0.043 ignores the falling market. Daily return units (0.01 = 1%).",
    ),
    # ---------------------------------------------------------------- instrumental variables
    RealisticCase(
        id="d_mortgages_gi_bill_iv",
        half="D",
        load=load_mortgages_d,
        question=(
            "I want the effect of being a WWII/Korea veteran (vet_wwko) on owning a home. "
            "Veteran status obviously isn't random, but men born after the Korea cutoff mostly "
            "couldn't serve. Can you instrument veteran status with being born after the cutoff "
            "(qob_minus_kw > 0), keep men born within 12 quarters of it, let the birth-quarter "
            "trend differ on the two sides, and control for nonwhite plus birth-state and "
            "quarter-of-birth fixed effects?"
        ),
        description=MORTGAGES_DOC_D,
        published=0.170,
        source=f"Fetter (2013) AEJ Policy 5(2); {_EFFECT} ch. 20.4 code example (fuzzy RD as 2SLS: 0.170)",
        design="iv",
        treatment="vet_wwko",
        outcome="home_ownership",
        estimand="LATE",
        note="Quoted and reproduced (re-worded pair: A/B ask the same fuzzy RD as an RD). 2SLS "
        "of home_ownership on vet_wwko and vet_wwko x qob_minus_kw, instruments (qob_minus_kw "
        "> 0) and its interaction with qob_minus_kw, exogenous qob_minus_kw, nonwhite, bpl and "
        "qob dummies, |qob_minus_kw| < 12 (n = 56,901) = 0.170. Without the fixed effects "
        "~0.145-0.15. The first stage is negative (veteran share 0.56 before vs 0.24 after the "
        "cutoff). Naive difference 0.32.",
    ),
    # ---------------------------------------------------------------- regression discontinuity
    RealisticCase(
        id="d_lmb_incumbency_voteshare",
        half="D",
        load=load_lmb_d,
        question=(
            "Is there an incumbency advantage in House elections? Looking at districts where "
            "the Democrat barely won or barely lost the previous election, how much higher is "
            "the Democratic vote share this time (demvoteshare) when the Democrat won last time "
            "(lagdemocrat)?"
        ),
        description=LMB_DOC_D,
        published=0.098,
        source="Lee (2008) J. Econometrics 142(2) (incumbency advantage ~0.077 in vote share, 1946-98 House data); Lee, Moretti & Butler (2004) data",
        design="rdd",
        treatment="lagdemocrat",
        outcome="demvoteshare",
        estimand="LATE",
        note="Reproduced: sharp RD at lagdemvoteshare = 0.5, local linear with separate slopes, "
        "uniform kernel, |lagdemvoteshare - 0.5| < 0.1 (n = 4,787) = 0.098. Bandwidths 0.02, "
        "0.05 and 0.25 give 0.101, 0.091, 0.099. Lee (2008), on his own extract of the same "
        "elections, reports ~0.077, so ~0.075-0.12 is right. Vote-share units (0.098 = 9.8 "
        "points). Naive difference in means ~0.35 (whole sample) is wrong. New pair (A/B use "
        "lagdemocrat -> democrat and -> score).",
    ),
    RealisticCase(
        id="d_gov_transfers_age_placebo",
        half="D",
        load=load_gov_transfers_d,
        question=(
            "Before I trust the regression discontinuity on the PANES transfer I want a "
            "placebo check: getting the transfer shouldn't change how old the household members "
            "are. Right at the eligibility cutoff, what's the effect of Participation on the "
            "household's average Age?"
        ),
        description=GOV_TRANSFERS_DOC_D,
        published=0.0,
        source=f"Manacorda, Miguel & Vigorito (2011) AEJ Applied 3(3) (predetermined characteristics continuous at the threshold); {_EFFECT} ch. 20 (placebo tests on gov_transfers)",
        design="rdd",
        treatment="Participation",
        outcome="Age",
        estimand="LATE",
        note="Reproduced (a placebo; the published value is the design's premise of no jump, "
        "not a quoted number): local linear RD of Age on Participation with separate slopes "
        "over the whole supplied window (|Income_Centered| < 0.02, uniform kernel) = -1.27 years "
        "(HC1 95% CI -3.97 to 1.43, covers 0); triangular kernel -1.23 (CI -4.1 to 1.7). Very "
        "narrow windows (<= 0.005) drift to -5 with CIs near the edge. The naive difference "
        "-4.24 (CI -5.6 to -2.9) wrongly suggests a large effect. Scored as a published zero.",
    ),
    # ---------------------------------------------------------------- difference in differences
    RealisticCase(
        id="d_abortion_dd_terse",
        half="D",
        load=load_abortion_black_teens,
        question=(
            "TWFE DiD: lnr on exposed with fip and year fixed effects, controls acc ir pi "
            "alcohol crack poverty income ur, weighted by totpop. Effect of exposed?"
        ),
        description=ABORTION_DOC_D,
        published=-0.447,
        source=f"Cunningham & Cornwell (2013) ALER 15(1); {_MIXTAPE} ch. 9.5 (abortion_dd.do: repeal x year DD for Black females 15-19, negative in 1986-1992)",
        design="did",
        treatment="exposed",
        outcome="lnr",
        estimand="ATT",
        note="Reproduced (the Mixtape reports year-by-year repeal x year coefficients, -0.26 to "
        "-0.79 over 1986-1992, not a pooled number): WLS lnr ~ exposed + C(fip) + C(year) + acc "
        "+ ir + pi + alcohol + crack + poverty + income + ur, weights totpop, bf15 rows with lnr "
        "observed (n = 737) = -0.447 log points. Without the controls -0.265, unweighted -0.11: "
        "the answer is specification-sensitive, so only the stated specification counts.",
    ),
    RealisticCase(
        id="d_abortion_ddd_paragraph",
        half="D",
        load=load_abortion_black_women_ddd,
        question=(
            "Five states legalised abortion around 1970, three years before Roe v. Wade. The "
            "theory is that the cohorts born there right after legalisation grew up in different "
            "circumstances, which should show up as less risky sex when they were teenagers, "
            "i.e. in 1986-1992 for 15-19 year olds. My file has Black women aged 15-19 and 25-29 "
            "by state and year; the older women in the same state and year soak up anything "
            "else that was going on there. exposed marks the 15-19 group in the repeal states in "
            "1986-1992. With this triple-difference comparison, weighting by population, by how "
            "much did early legalisation change the (log) gonorrhoea rate among the teenagers?"
        ),
        description=ABORTION_DOC_D,
        published=-0.292,
        source=f"Cunningham & Cornwell (2013) ALER 15(1); {_MIXTAPE} ch. 9.5 (abortion_ddd.do: triple difference, 15-19 vs 25-29 Black females)",
        design="did",
        treatment="exposed",
        outcome="lnr",
        estimand="ATT",
        note="Reproduced (the Mixtape plots year-by-year DDD coefficients): WLS lnr ~ exposed + "
        "state x age-group FE + year x age-group FE + state x year FE, weights totpop, rows with "
        "lnr observed = -0.292 log points. The Mixtape's own regressors (repeal x year, younger "
        "x repeal, younger x year, state trends, covariates) pooled the same way give -0.294. "
        "Unweighted -0.07 to -0.09, so weighting matters; sign negative.",
    ),
    # ---------------------------------------------------------------- panel
    RealisticCase(
        id="d_gapminder_twfe_plain",
        half="D",
        load=load_gapminder_d,
        question=(
            "Do countries live longer when they get richer? Comparing rich and poor countries "
            "mixes in everything else that differs between them, and life expectancy has been "
            "rising everywhere since the 1950s thanks to medicine and public health. So I'd like "
            "to compare each country with itself over time and also take out whatever happened "
            "to all countries in the same year. How many years of life expectancy does a "
            "one-unit increase in log GDP per capita bring?"
        ),
        description=GAPMINDER_DOC_D,
        published=1.450,
        source=f"{_EFFECT} ch. 16.3 code example (feols(lifeExp ~ log(gdpPercap) | country + year))",
        design="panel",
        treatment="gdpPercap",
        outcome="lifeExp",
        estimand="ATE",
        note="Reproduced with the book's two-way fixed-effects code (not verified against the "
        "printed table): OLS lifeExp ~ log(gdpPercap) + country and year dummies (1,704 rows) = "
        "1.4499 years per log point. Country FE only 9.769, pooled OLS 8.41: both clearly wrong "
        "for this question. The treatment column is gdpPercap; the effect is per unit of its "
        "log (an answer per dollar must be converted).",
    ),
    RealisticCase(
        id="d_gapminder_country_fe_terse",
        half="D",
        load=load_gapminder_d,
        question="lifeExp on log(gdpPercap) with country fixed effects only, no year effects. Coefficient?",
        description=GAPMINDER_DOC_D,
        published=9.769,
        source=f"{_EFFECT} ch. 16.2 code example (within regression lifeExp_within ~ log_GDPperCap_within: 9.769)",
        design="panel",
        treatment="gdpPercap",
        outcome="lifeExp",
        estimand="ATE",
        note="Quoted and reproduced: within-country (demeaned) OLS of lifeExp on log(gdpPercap) "
        "= 9.769 years per log point; identical to OLS with country dummies. The user asks for "
        "this specification explicitly, so adding year effects (1.450) does not answer it.",
    ),
]


def cases_d() -> list[RealisticCase]:
    return list(CASES_D)


# --------------------------------------------------------------------------------------------
# reproductions (run on the table each case's load() returns; not run at import)
# --------------------------------------------------------------------------------------------

def _ols(formula: str, df: pd.DataFrame, term: str, weights=None) -> float:
    import statsmodels.formula.api as smf

    model = smf.ols(formula, df) if weights is None else smf.wls(formula, df, weights=weights)
    return float(model.fit().params[term])


def _tsls(y: np.ndarray, endog: np.ndarray, inst: np.ndarray, exog: np.ndarray) -> np.ndarray:
    """2SLS coefficients, endogenous regressors first (exog must include the constant)."""
    z = np.column_stack([inst, exog])
    x = np.column_stack([endog, exog])
    xhat = z @ np.linalg.lstsq(z, x, rcond=None)[0]
    return np.linalg.lstsq(xhat, y, rcond=None)[0]


def _reproduce_d_nsw_adjusted() -> float:
    return _ols("re78 ~ treat + age + I(age**2) + educ + nodegree + black + hisp + re74 + re75",
                load_nsw_d(), "treat")


def _reproduce_d_broockman_gap() -> float:
    df = load_black_politicians_d()
    m = df.groupby(["leg_black", "treat_out"])["responded"].mean()
    return float((m[(1, 1)] - m[(1, 0)]) - (m[(0, 1)] - m[(0, 0)]))


def _reproduce_d_training() -> float:
    """Exact matching on age: each trainee against the mean of same-age non-trainees."""
    df = load_training_long()
    controls = df[df["trainee"] == 0].groupby("age")["earnings"].mean()
    treated = df[df["trainee"] == 1]
    return float((treated["earnings"] - treated["age"].map(controls)).mean())


def _reproduce_d_mroz_ame() -> float:
    import statsmodels.formula.api as smf

    df = load_mroz_d()
    for c in ("lfp", "wc", "hc"):
        df[c] = df[c].astype(int)
    fit = smf.logit("lfp ~ k5 + k618 + age + wc + hc + lwg + inc", df).fit(disp=0)
    p = fit.predict(df)
    return float(np.mean(p * (1 - p)) * fit.params["k5"])


def _reproduce_d_nhefs_cate40() -> float:
    import statsmodels.formula.api as smf

    fit = smf.ols(
        "wt82_71 ~ qsmk + qsmk:smokeintensity + sex + race + age + I(age**2) + C(education)"
        " + smokeintensity + I(smokeintensity**2) + smokeyrs + I(smokeyrs**2) + C(exercise)"
        " + C(active) + wt71 + I(wt71**2)",
        load_nhefs_complete_d(),
    ).fit()
    return float(fit.params["qsmk"] + 40 * fit.params["qsmk:smokeintensity"])


def _reproduce_d_card_reduced_form() -> float:
    return _ols("lwage ~ nearc4 + exper + black + south + married + smsa", load_close_college_d(), "nearc4")


def _reproduce_d_restaurant_weekend() -> float:
    df = load_restaurants_d()
    df["Weekend"] = df["Weekend"].astype(int)
    return _ols("inspection_score ~ Weekend + Year + NumberofLocations", df, "Weekend")


def _reproduce_d_greek() -> float:
    """Standardization over l (What If ch. 2.3): sum_l P(l) (E[Y|A=1,l] - E[Y|A=0,l])."""
    df = load_greek_gods()
    total = 0.0
    for _, s in df.groupby("l"):
        diff = s.loc[s["a"] == 1, "y"].mean() - s.loc[s["a"] == 0, "y"].mean()
        total += diff * len(s) / len(df)
    return float(total)


def _reproduce_d_google() -> float:
    """Market model fitted on 1 May - 31 Jul 2015; abnormal return on the flagged day."""
    import statsmodels.formula.api as smf

    df = load_google_alphabet()
    dates = pd.to_datetime(df["Date"])
    est = df[(dates >= "2015-05-01") & (dates <= "2015-07-31")]
    fit = smf.ols("Google_Return ~ SP500_Return", est).fit()
    day = df[df["announcement_day"] == 1]
    return float((day["Google_Return"] - fit.predict(day)).iloc[0])


def _reproduce_d_mortgages_iv() -> float:
    df = load_mortgages_d()
    df = df[df["qob_minus_kw"].abs() < 12]
    q = df["qob_minus_kw"].to_numpy(float)
    above = (q > 0).astype(float)
    d = df["vet_wwko"].to_numpy(float)
    exog = np.column_stack(
        [np.ones(len(df)), df["nonwhite"].to_numpy(float), q,
         pd.get_dummies(df["bpl"], drop_first=True).to_numpy(float),
         pd.get_dummies(df["qob"], drop_first=True).to_numpy(float)]
    )
    b = _tsls(df["home_ownership"].to_numpy(float), np.column_stack([d, q * d]),
              np.column_stack([above, q * above]), exog)
    return float(b[0])


def _reproduce_d_lmb_voteshare() -> float:
    df = load_lmb_d().dropna(subset=["demvoteshare", "lagdemvoteshare"])
    df["x"] = df["lagdemvoteshare"] - 0.5
    df = df[df["x"].abs() < 0.1]
    return _ols("demvoteshare ~ lagdemocrat * x", df, "lagdemocrat")


def _reproduce_d_gov_age_placebo() -> float:
    """Point estimate of the placebo RD (published value is 0; see the note for the CI)."""
    return _ols("Age ~ Participation * Income_Centered", load_gov_transfers_d(), "Participation")


_ABORTION_CONTROLS = "acc + ir + pi + alcohol + crack + poverty + income + ur"


def _reproduce_d_abortion_dd() -> float:
    df = load_abortion_black_teens().dropna(subset=["lnr"])
    return _ols(f"lnr ~ exposed + C(fip) + C(year) + {_ABORTION_CONTROLS}", df, "exposed",
                weights=df["totpop"])


def _reproduce_d_abortion_ddd() -> float:
    df = load_abortion_black_women_ddd().dropna(subset=["lnr"])
    df["teen"] = (df["age"] == 15).astype(int)
    with warnings.catch_warnings():  # the saturated fixed effects are collinear by design
        warnings.simplefilter("ignore")
        return _ols("lnr ~ exposed + C(fip):C(teen) + C(year):C(teen) + C(fip):C(year)", df,
                    "exposed", weights=df["totpop"])


def _reproduce_d_gapminder_twfe() -> float:
    df = load_gapminder_d()
    df["lgdp"] = np.log(df["gdpPercap"])
    return _ols("lifeExp ~ lgdp + C(country) + C(year)", df, "lgdp")


def _reproduce_d_gapminder_within() -> float:
    df = load_gapminder_d()
    df["lgdp"] = np.log(df["gdpPercap"])
    y = df["lifeExp"] - df.groupby("country")["lifeExp"].transform("mean")
    x = df["lgdp"] - df.groupby("country")["lgdp"].transform("mean")
    return float((x * y).sum() / (x ** 2).sum())


REPRODUCE_D: dict[str, Callable[[], float]] = {
    "d_nsw_regression_adjusted": _reproduce_d_nsw_adjusted,
    "d_broockman_gap_black_legislators": _reproduce_d_broockman_gap,
    "d_training_exact_age": _reproduce_d_training,
    "d_mroz_young_children": _reproduce_d_mroz_ame,
    "d_nhefs_heavy_smoker_quit": _reproduce_d_nhefs_cate40,
    "d_card_proximity_wages": _reproduce_d_card_reduced_form,
    "d_restaurant_weekend": _reproduce_d_restaurant_weekend,
    "d_greek_transplant": _reproduce_d_greek,
    "d_google_alphabet_event": _reproduce_d_google,
    "d_mortgages_gi_bill_iv": _reproduce_d_mortgages_iv,
    "d_lmb_incumbency_voteshare": _reproduce_d_lmb_voteshare,
    "d_gov_transfers_age_placebo": _reproduce_d_gov_age_placebo,
    "d_abortion_dd_terse": _reproduce_d_abortion_dd,
    "d_abortion_ddd_paragraph": _reproduce_d_abortion_ddd,
    "d_gapminder_twfe_plain": _reproduce_d_gapminder_twfe,
    "d_gapminder_country_fe_terse": _reproduce_d_gapminder_within,
}
