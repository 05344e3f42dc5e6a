"""Realistic effect questions on real public data with published effects.

Every case is a question an analyst or researcher would actually type about a real public data
set (shipped offline by the ``causaldata`` PyPI package), together with the data set's own
documentation (``description``, the codebook text a user would paste) and the effect reported
in a paper or textbook (``published``). The agent gets only ``load()``, ``question`` and
``description``; ``treatment``, ``outcome``, ``design``, ``estimand`` and ``note`` are for
scoring and must never be passed to it.

The questions deliberately vary in style: terse one-liners with raw column names, a paragraph
of context followed by the question, plain-language names ("the job training program") with or
without the column name, and data-dictionary style descriptions. Each ``load()`` returns the
table a user would upload (it goes through a CSV round trip, so categorical codes arrive as
plain numbers/strings); any preprocessing is the kind a user does before asking (stacking the
NSW treated with the CPS controls, marking the treated state-periods of a DiD, subsetting).

Halves
------
* ``half == "A"``: development cases; look at them freely while working on the agent.
* ``half == "B"``: HELD OUT. Do not inspect, tune on or run these while developing; they are
  scored only once, at the end. Both halves mix data sets and designs (randomized,
  observational, iv, did, rdd, synthetic_control, panel).

``published`` is a literal number in the outcome's units with the sign convention of the
question. When a textbook reproduces a paper on these exact data the textbook number is used;
where the book/paper number could only be reproduced (not quoted), ``note`` says so and the
``_reproduce_*`` helpers at the bottom recompute it from the cited specification.

``naive_difference(case, df)`` is the unadjusted comparison (difference in means for a binary
treatment, OLS slope otherwise) on the rows the case loads, as a baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from evals.public_data import causaldata_table, uploaded


@dataclass(frozen=True)
class RealisticCase:
    id: str                      # short unique slug
    half: str                    # "A" (development) or "B" (held out, scored only at the end)
    load: Callable[[], pd.DataFrame]   # the table a user would upload
    question: str
    description: str
    published: float             # published effect, outcome units, same sign as the question
    source: str                  # paper + table/figure, or textbook chapter
    design: str                  # randomized, observational, iv, did, rdd, synthetic_control, panel
    treatment: str               # true treatment column (scoring only)
    outcome: str                 # true outcome column (scoring only)
    estimand: str = "ATE"        # ATE / ATT / LATE ...
    note: str = ""               # what a scorer should know


# --------------------------------------------------------------------------------------------
# loaders
# --------------------------------------------------------------------------------------------



def load_nsw_experiment() -> pd.DataFrame:
    """The NSW experimental sample (Dehejia-Wahba subsample, 185 treated, 260 controls)."""
    return uploaded(causaldata_table("nsw_mixtape"))


def load_nsw_treated_cps_controls() -> pd.DataFrame:
    """NSW treated men stacked with the CPS-1 comparison sample (Mixtape ch. 5 / DW 1999).

    The user drops the NSW experimental controls and the sample-label column ``data_id`` (it
    only says which file a row came from, i.e. duplicates ``treat``)."""
    nsw = causaldata_table("nsw_mixtape")
    cps = causaldata_table("cps_mixtape")
    df = pd.concat([nsw[nsw["treat"] == 1], cps], ignore_index=True).drop(columns=["data_id"])
    return uploaded(df)


def load_thornton() -> pd.DataFrame:
    return uploaded(causaldata_table("thornton_hiv"))


def load_lmb() -> pd.DataFrame:
    return uploaded(causaldata_table("close_elections_lmb"))


def load_castle() -> pd.DataFrame:
    return uploaded(causaldata_table("castle"))


def _organ_with(flag: str) -> pd.DataFrame:
    df = causaldata_table("organ_donations")
    after = df["Quarter"].isin(["Q32011", "Q42011", "Q12012"])
    df[flag] = ((df["State"] == "California") & after).astype(int)
    return uploaded(df)


def load_organ_treated() -> pd.DataFrame:
    """Kessler & Roth state-quarter panel plus the ``Treated`` flag built as in The Effect ch. 18."""
    return _organ_with("Treated")


def load_organ_active_choice() -> pd.DataFrame:
    return _organ_with("active_choice")


def load_snow() -> pd.DataFrame:
    """Snow's 2x2 table; the user adds a flag for the one cell with the cleaner water supply."""
    df = causaldata_table("snow")
    df["lambeth_moved_intake"] = (
        (df["supplier"] == "Lambeth + Others") & (df["year"] == 1854)
    ).astype(int)
    return uploaded(df)


def load_nhefs_complete() -> pd.DataFrame:
    return uploaded(causaldata_table("nhefs_complete"))


def load_nhefs() -> pd.DataFrame:
    """All 1,629 NHEFS participants, including 63 with no 1982 weight (wt82_71 missing)."""
    return uploaded(causaldata_table("nhefs"))


def load_nhefs_price_iv() -> pd.DataFrame:
    """What If Program 16.1 sample: weight change and 1982 cigarette price both observed, plus
    the user's ``highprice`` flag (price82 >= 1.50)."""
    df = causaldata_table("nhefs")
    df = df[df["wt82_71"].notna() & df["price82"].notna()].copy()
    df["highprice"] = (df["price82"] >= 1.5).astype(int)
    return uploaded(df)


def load_card() -> pd.DataFrame:
    return uploaded(causaldata_table("close_college"))


def load_black_politicians() -> pd.DataFrame:
    return uploaded(causaldata_table("black_politicians"))


def load_black_politicians_nonblack() -> pd.DataFrame:
    df = causaldata_table("black_politicians")
    return uploaded(df[df["leg_black"] == 0])


def load_black_politicians_black() -> pd.DataFrame:
    df = causaldata_table("black_politicians")
    return uploaded(df[df["leg_black"] == 1])


def load_gov_transfers() -> pd.DataFrame:
    return uploaded(causaldata_table("gov_transfers"))


def load_social_insure() -> pd.DataFrame:
    return uploaded(causaldata_table("social_insure"))


def load_mortgages() -> pd.DataFrame:
    return uploaded(causaldata_table("mortgages"))


def load_restaurants() -> pd.DataFrame:
    return uploaded(causaldata_table("restaurant_inspections"))


_SASP_VARS = (
    "lnw age asq bmi hispanic black other asian schooling cohab married divorced separated "
    "age_cl unsafe llength reg asq_cl appearance_cl provider_second asian_cl black_cl "
    "hispanic_cl othrace_cl hot massage_cl"
).split()


def load_adult_services_balanced() -> pd.DataFrame:
    """Mixtape ch. 8 sample (sasp.do): rows complete on the model variables, providers seen in
    all four sessions."""
    df = causaldata_table("adult_services")
    df = df.dropna(subset=_SASP_VARS)
    df = df[df.groupby("id")["id"].transform("size") == 4]
    return uploaded(df)


def load_texas() -> pd.DataFrame:
    """State-year panel 1985-2000; the user marks Texas from 1993 on (the capacity expansion)."""
    df = causaldata_table("texas")
    df["expansion"] = ((df["statefip"] == 48) & (df["year"] >= 1993)).astype(int)
    return uploaded(df)


# --------------------------------------------------------------------------------------------
# codebooks (the data sets' own documentation, trimmed as a user pasting it would)
# --------------------------------------------------------------------------------------------

NSW_DOC = """Data from the National Supported Work Demonstration (NSW) job-training program experiment, where those treated were guaranteed a job for 9-18 months.
Source: Lalonde (1986) AER; Dehejia and Wahba (1999) JASA.
Variables:
    data_id - Individual ID
    treat - In the National Supported Work Demonstration Job Training Program
    age - Age in years
    educ - Years of education
    black - Race: Black
    hisp - Ethnicity: Hispanic
    marr - Married
    nodegree - Has no degree
    re74 - Real earnings 1974
    re75 - Real earnings 1975
    re78 - Real earnings 1978"""

NSW_CPS_DOC = """NSW job-training participants (from the National Supported Work Demonstration experiment, where those treated were guaranteed a job for 9-18 months) combined with a comparison sample from the Current Population Survey (CPS), used as an observational comparison group (Dehejia and Wahba 1999, 2002).
Variables:
    treat - In the National Supported Work Demonstration Job Training Program
    age - Age in years
    educ - Years of education
    black - Race: Black
    hisp - Ethnicity: Hispanic
    marr - Married
    nodegree - Has no degree
    re74 - Real earnings 1974
    re75 - Real earnings 1975
    re78 - Real earnings 1978"""

THORNTON_DOC = """Data from HIV information experiment in Thornton (2008). This data comes from an experiment in Malawi looking at whether cash incentives could encourage people to learn the results of their HIV tests.
Variables name definitions:
    villnum - Village ID
    got - Got HIV results
    distvct - Distance in kilometers
    tinc - Total incentive
    any - Received any incentive
    age - Age
    hiv2004 - HIV results"""

LMB_DOC = """A close-elections regression discontinuity study from Lee, Moretti, and Butler (2004), U.S. House elections. The design is intended to test convergence and divergence in policy. Major effects of electing someone from a particular party on policy outcomes *in a close race* indicates that the victor does what they want. Small or null effects indicate that the electee moderates their position towards their nearly-split electorate.
Variables name definitions:
    state - ICPSR state code
    district - district code
    id - Election ID
    score - ADA voting score (higher = more liberal)
    year - Year of election
    demvoteshare - Democratic share of the vote
    democrat - Democratic victory
    lagdemocrat - Lagged Democratic victory
    lagdemvoteshare - Lagged democratic share of the vote"""

CASTLE_DOC = """Data on castle-doctrine statutes and violent crime. Data from the FBI Uniform Crime Reports Summary files are combined with information on castle-doctrine/stand-your-ground law implementation in different states (Cheng and Hoekstra 2013). State-year panel, 50 states, 2000-2010.
Variables name definitions:
    year - Year
    post - Post-treatment indicator
    sid - state id
    robbery_gun_r - Region-quarter fixed effects
    jhcitizen_c - justifiable homicide by private citizen count
    jhpolice_c - justifiable homicide by police count
    homicide - homicide count per 100,000 state population
    robbery - Region-quarter fixed effects
    assault - aggravated assault count per 100,000 state population
    burglary - burglary count per 100,000 state population
    larceny - larceny count per 100,000 state population
    motor - motor vehicle theft count per 100,000 state population
    murder - murder count per 100,000 state population
    unemployrt - unemployment rate
    blackm_15_24 - % of black male aged 15-24
    whitem_15_24 - % of white male aged 15-24
    blackm_25_44 - % of black male aged 25-44
    whitem_25_44 - % of white male aged 25-44
    poverty - poverty rate
    r20001 through r20104 - Region-quarter fixed effects
    trend_1 through trend_51 - State linear time trends
    l_homicide - Logged crime rate
    l_larceny - Logged crime rate
    l_motor - Logged crime rate
    l_police - Logged police presence
    l_income - Logged income
    l_prisoner - Logged number of prisoners
    l_lagprisoner - Lagged log prisoners
    l_exp_subsidy - Logged subsidy spending
    l_exp_pubwelfare - Logged public welfare spending
    lead1 through lead9 and lag0 through lag5 - Indicators of how many time periods until/since treatment
    popwt - Population weight"""

ORGAN_DOC = """Data from Kessler and Roth (2014) on organ donation rates by state and quarter. The state of California enacted an active-choice phrasing for their organ donation sign-up question in Q3 2011. The only states included in the data are California and those that can serve as valid controls.
Variables name definitions:
    State - The state, where California is the Treated group
    Quarter - Quarter of observation, in "Q"QYYYY format
    Rate - Organ donation rate
    Quarter_Num - Quarter of observation in numerical format. 1 = Quarter 4, 2010"""

SNOW_DOC = """A subset of the aggregated death rate data from Snow's legendary study of the source of the London Cholera outbreak (Snow 1855; Coleman 2019).
Variables name definitions:
    year - Year
    supplier - Water pump supplier
    treatment - Status of water pump
    deathrate - Deaths per 10k 1851 population
    lambeth_moved_intake - (added by me) 1 for the Lambeth-supplied districts in 1854, after the Lambeth company had moved its intake upstream of the sewage outflows"""

NHEFS_DOC = """Cleaned data from the National Health and Nutrition Examination Survey Data I Epidemiologic Follow-up Study (NHEFS), as used in Causal Inference by Hernan and Robins. Baseline 1971, follow-up 1982.
Selected entries from the codebook:
    seqn - UNIQUE PERSONAL IDENTIFIER
    qsmk - QUIT SMOKING BETWEEN 1ST QUESTIONNAIRE AND 1982, 1:YES, 0:NO
    wt71 - WEIGHT IN KILOGRAMS IN 1971
    wt82 - WEIGHT IN KILOGRAMS IN 1982
    wt82_71 - WEIGHT CHANGE IN KILOGRAMS
    death - DEATH BY 1992, 1:YES, 0:NO
    sex - 0: MALE 1: FEMALE
    race - 0: WHITE 1: BLACK OR OTHER IN 1971
    age - AGE IN 1971
    education - AMOUNT OF EDUCATION BY 1971: 1: 8TH GRADE OR LESS, 2: HS DROPOUT, 3: HS, 4:COLLEGE DROPOUT, 5: COLLEGE OR MORE
    school - HIGHEST GRADE OF REGULAR SCHOOL EVER IN 1971
    income - TOTAL FAMILY INCOME IN 1971 (coded 11-22)
    marital - MARITAL STATUS IN 1971
    smokeintensity - NUMBER OF CIGARETTES SMOKED PER DAY IN 1971
    smkintensity82_71 - INCREASE IN NUMBER OF CIGARETTES/DAY BETWEEN 1971 and 1982
    smokeyrs - YEARS OF SMOKING
    exercise - IN RECREATION, HOW MUCH EXERCISE? IN 1971, 0:much exercise,1:moderate exercise,2:little or no exercise
    active - IN YOUR USUAL DAY, HOW ACTIVE ARE YOU? IN 1971, 0:very active, 1:moderately active, 2:inactive
    ht - HEIGHT IN CENTIMETERS IN 1971
    sbp / dbp - SYSTOLIC / DIASTOLIC BLOOD PRESSURE IN 1982
    price71 / price82 - AVG TOBACCO PRICE IN STATE OF RESIDENCE 1971 / 1982 (US$2008)
    tax71 / tax82 - TOBACCO TAX IN STATE OF RESIDENCE (US$2008)
    asthma, bronch, tb, hf, hbp, pepticulcer, colitis, hepatitis, chroniccough, hayfever, diabetes, polio, tumor, nervousbreak - DX ... IN 1971, 1:EVER, 0:NEVER
    alcoholpy, alcoholfreq, alcoholtype, alcoholhowmuch - alcohol use in 1971
    yrdth, modth, dadth - year, month, day of death"""

NHEFS_IV_DOC = NHEFS_DOC + """
    highprice - (added by me) 1 if price82 >= 1.50, i.e. the state's average cigarette price in 1982 was at least $1.50"""

CARD_DOC = """Data from Card (1995) to estimate the effect of college education on earnings. Data from the National Longitudinal Survey Young Men Cohort. This data is used to estimate the effect of college education on earnings, using the presence of a nearby (in-county) college as an instrument for college attendance.
Variables name definitions:
    lwage - Log wages
    educ - Years of education
    exper - Years of work experience
    black - Race: Black
    south - In the southern United States
    married - Is married
    smsa - In a Standard Metropolitan Statistical Area (urban)
    nearc4 - There is a four-year college in the county"""

CARD_DOC_SHORT = """National Longitudinal Survey of Young Men (Card 1995).
lwage: Log wages | educ: Years of education | exper: Years of work experience | black: Race: Black | south: In the southern United States | married: Is married | smsa: In a Standard Metropolitan Statistical Area (urban) | nearc4: There is a four-year college in the county"""

BLACK_POL_DOC = """Data from Broockman (2013) on a field experiment where the author sent fictional emails purportedly sent by Black people to legislators in the United States. The experiment sought to determine whether the effect of the email being from "out-of-district" (someone who can't vote for you and so provides no extrinsic motivation to reply) would have a smaller effect on response rates for Black legislators than for non-Black ones.
Variables name definitions:
    leg_black - Legislator receiving email is Black
    treat_out - Email is from out-of-district
    responded - Legislator responded to email
    totalpop - District population
    medianhhincom - District median household income
    black_medianhh - District median household income among Black people
    white_medianhh - District median household income among White people
    blackpercent - Percentage of district that is Black
    statessquireindex - State's Squire index
    nonblacknonwhite - Legislator receiving email is neither Black nor White
    urbanpercent - Percentage of district that is urban
    leg_senator - Legislator receiving email is a senator
    leg_democrat - Legislator receiving email is in the Democratic party
    south - Legislator receiving email is in the Southern United States"""

GOV_TRANSFERS_DOC = """Data from Manacorda, Miguel, and Vigorito (2011) on a government transfer program (Uruguay) that was administered based on an income cutoff. Data is pre-limited to households that were just around the income cutoff.
Variables name definitions:
    Income_Centered - Income measure, centered around program cutoff (negative value = eligible)
    Education - Household average years of education among those 16+
    Age - Household average age
    Participation - Participation in transfers
    Support - Measure of support for the government"""

SOCIAL_INSURE_DOC = """Data from Cai, De Janvry, and Sadoulet (2015) on a two-round social network-based experiment on getting rice farmers in rural China to buy weather insurance.
Variables name definitions:
    address - Natural village
    village - Administrative village
    takeup_survey - Whether farmer ended up purchasing insurance. (1 = yes)
    age - Household Characteristics - Age
    agpop - Household Characteristics - Household Size
    ricearea_2010 - Area of Rice Production
    disaster_prob - Perceived Probability of Disasters Next Year
    male - Household Caracteristics: Gender of Household Head (1 = male)
    default - "Default option" in experimental format assigned to. (1 = default is to buy, 0 = default is to not buy)
    intensive - Whether or not was assigned to "intensive" experimental session (1 = yes)
    risk_averse - Risk aversion measurement
    literacy - 1 = literate, 0 = illiterate
    pre_takeup_rate - Takeup rate prior to experiment"""

MORTGAGES_DOC = """Data from Fetter (2013) on home ownership rates by men, focusing on whether they were born at the right time to be eligible for mortgage subsidies based on their military service (mid-century GI bills).
Variables name definitions:
    bpl - Birth State
    qob - Quarter of birth
    nonwhite - White/nonwhite race indicator. 1 = Nonwhite
    vet_wwko - Veteran of either the Korean war or World War II
    home_ownership - Owns a home
    qob_minus_kw - Quarter of birth centered on eligibility for mortgage subsidy (0+ = eligible)"""

RESTAURANT_DOC = """Restaurant health inspections performed in Anchorage, Alaska.
Variables name definitions:
    business_name - Name of restaurant/chain
    inspection_score - Health Inspection Score
    Year - Year of inspection
    NumberofLocations - Number of locations in restaurant chain
    Weekend - Was the inspection performed on a weekend?"""

ADULT_SERVICES_DOC = """Data from a survey of 700 internet-mediated sex workers in 2008 and 2009, asking the same sex workers standard labor market information over several time periods (Cunningham and Kendall). Each row is a client session reported by a provider.
Variables name definitions:
    id - Provider identifier
    session - Client session identifier
    age - Age of provider
    age_cl - Age of Client
    appearance_cl - Client Attractiveness (Scale of 1 to 10)
    bmi - Body Mass Index
    schooling - Imputed Years of Schooling
    asq_cl - Age of Client Squared
    provider_second - Second Provider Involved
    asian_cl, black_cl, hispanic_cl, othrace_cl - Client race/ethnicity
    reg - Client was a Regular
    hot - Met Client in Hotel
    massage_cl - Gave Client a Massage
    lnw - Log of Hourly Wage
    llength - Ln(Length)
    unsafe - Unprotected sex with client of any kind
    asian, black, hispanic, other, white - provider race
    asq - Age of provider squared
    cohab, married, divorced, separated, nevermarried, widowed - provider marital status"""

TEXAS_DOC = """Data on the massive expansion in prison capacity that occurred in Texas in 1993 under Governor Ann Richards (Cunningham and Kang 2019). State-year panel, 1985-2000.
Variables name definitions:
    statefip - State FIPS code
    year - Year
    bmprison - Number of Black men in prison
    wmprison - Number of White men in prison
    alcohol - Alcohol consumption per capita
    income - Median income
    ur - Unemployment rate
    poverty - Poverty rate
    black - Percentage of the population that is Black
    perc1519 - Percentage of the population that is age 15-19
    aidscapita - AIDS mortality per 100,000 in t
    state - State name
    expansion - (added by me) 1 for Texas from 1993 onwards"""


# --------------------------------------------------------------------------------------------
# the cases
# --------------------------------------------------------------------------------------------

_MIXTAPE = "Cunningham, Causal Inference: The Mixtape (2021)"
_EFFECT = "Huntington-Klein, The Effect (2021)"
_WHATIF = "Hernan & Robins, Causal Inference: What If (2020)"

CASES: list[RealisticCase] = [
    # ---------------------------------------------------------------- LaLonde / NSW (4)
    RealisticCase(
        id="nsw_experiment_terse",
        half="A",
        load=load_nsw_experiment,
        question="Effect of treat on re78?",
        description=NSW_DOC,
        published=1794.0,
        source=f"LaLonde (1986); Dehejia & Wahba (1999) Table 1/3; {_MIXTAPE} ch. 5.3 (NSW experimental ATE $1,794)",
        design="randomized",
        treatment="treat",
        outcome="re78",
        note="Randomized: the difference in means (1794.34) is the published experimental estimate. "
        "Regression-adjusted on all covariates gives ~1676; both are correct answers within noise "
        "(SE ~ 630).",
    ),
    RealisticCase(
        id="nsw_experiment_plain",
        half="B",
        load=load_nsw_experiment,
        question=(
            "This is the National Supported Work demonstration: applicants were randomly assigned "
            "either to the job training program (guaranteed work for 9-18 months) or to a control "
            "group. By how many dollars did the program raise participants' real earnings in 1978?"
        ),
        description=NSW_DOC,
        published=1794.0,
        source=f"LaLonde (1986); Dehejia & Wahba (1999); {_MIXTAPE} ch. 5.3",
        design="randomized",
        treatment="treat",
        outcome="re78",
        note="Same estimand as nsw_experiment_terse; plain-language wording, no column names.",
    ),
    RealisticCase(
        id="lalonde_cps_att",
        half="A",
        load=load_nsw_treated_cps_controls,
        question=(
            "I stacked the 185 NSW trainees (treat=1) with the CPS comparison sample (treat=0). "
            "The two groups look very different before the program (the CPS men earn far more in "
            "re74 and re75). Adjusting for age, educ, race, marriage, degree and prior earnings, "
            "what is the average effect of treat on re78 for the people who were trained?"
        ),
        description=NSW_CPS_DOC,
        published=1794.0,
        source=(
            f"Dehejia & Wahba (1999) JASA Table 3 (CPS-1: propensity-score stratification $1,774, "
            f"matching $1,616); {_MIXTAPE} ch. 5.3 (benchmark: experimental ATT $1,794)"
        ),
        design="observational",
        treatment="treat",
        outcome="re78",
        estimand="ATT",
        note="Target is the experimental ATT 1794; DW propensity-score estimates on this sample "
        "are 1,616-1,774. The naive difference is about -8,498 and OLS on the raw covariates "
        "about 1,070; propensity-odds weighting with the Mixtape logit gives ~1,495, 1-NN on "
        "the score ~1,760. Anything in roughly 1,200-2,400 with an honest wide CI is good; the "
        "sign must be positive.",
    ),
    RealisticCase(
        id="lalonde_cps_plain",
        half="B",
        load=load_nsw_treated_cps_controls,
        question=(
            "Did the job training program pay off for the men who went through it? Compare their "
            "1978 earnings with similar men from the Current Population Survey - similar in age, "
            "schooling, race, marital status and earnings in 1974 and 1975."
        ),
        description=NSW_CPS_DOC,
        published=1794.0,
        source=f"Dehejia & Wahba (1999) Table 3; {_MIXTAPE} ch. 5.3",
        design="observational",
        treatment="treat",
        outcome="re78",
        estimand="ATT",
        note="As lalonde_cps_att (benchmark = experimental ATT 1794; DW 1999 CPS estimates "
        "1,616-1,774). The effect on the trained (ATT) is what is asked.",
    ),
    # ---------------------------------------------------------------- Thornton HIV (3)
    RealisticCase(
        id="thornton_any_incentive",
        half="A",
        load=load_thornton,
        question="What is the causal effect of any on got?",
        description=THORNTON_DOC,
        published=0.431,
        source="Thornton (2008) AER 98(5), Table 4 col. 1 (any incentive: +0.431); Mixtape ch. 4",
        design="randomized",
        treatment="any",
        outcome="got",
        note="Incentives were randomized; published 0.431 is the OLS coefficient with controls; "
        "the raw difference in means on rows with both columns observed is 0.451 (n=2834). "
        "Rows with missing got/any (not tested/not in the incentive sample) must be dropped.",
    ),
    RealisticCase(
        id="thornton_plain",
        half="B",
        load=load_thornton,
        question=(
            "In these Malawian villages, people who took an HIV test were randomly offered a small "
            "cash voucher (of random size, sometimes zero) for coming back to the clinic to pick "
            "up their result. Does receiving any incentive at all make people more likely to learn "
            "their HIV status, and by how many percentage points?"
        ),
        description=THORNTON_DOC,
        published=0.431,
        source="Thornton (2008) AER, Table 4 col. 1",
        design="randomized",
        treatment="any",
        outcome="got",
        note="Answer in share units (0.43 = 43 percentage points) is expected; 43 (pp) is the "
        "same answer. Naive difference 0.451.",
    ),
    RealisticCase(
        id="thornton_codebook",
        half="B",
        load=load_thornton,
        question=(
            "Using the codebook below: how much did receiving any incentive raise the probability "
            "that a person got their HIV results? Account for distance to the results centre if it "
            "matters."
        ),
        description=THORNTON_DOC,
        published=0.431,
        source="Thornton (2008) AER, Table 4 col. 1",
        design="randomized",
        treatment="any",
        outcome="got",
        note="distvct is a pre-treatment covariate (random incentive, so adjustment only changes "
        "precision); estimates 0.43-0.45 are all correct.",
    ),
    # ---------------------------------------------------------------- Lee, Moretti, Butler (3)
    RealisticCase(
        id="lmb_elect_score",
        half="A",
        load=load_lmb,
        question=(
            "Regression discontinuity on close House races: does a Democrat winning the seat "
            "(democrat) change the representative's ADA score, judging from races decided near "
            "50% of demvoteshare?"
        ),
        description=LMB_DOC,
        published=47.7,
        source=(
            f"Lee, Moretti & Butler (2004) QJE Table I (ADA_t on DEM_t, close elections); "
            f"{_MIXTAPE} ch. 6.3 replication (47.71)"
        ),
        design="rdd",
        treatment="democrat",
        outcome="score",
        estimand="LATE",
        note="Sharp RDD at demvoteshare = 0.5. The Mixtape/LMB replication regresses score on "
        "democrat in the close-election window 0.48 < lagdemvoteshare < 0.52 (47.71); local "
        "linear RD on demvoteshare within +-0.1 gives ~47.2, quadratic ~45.9. Full-sample naive "
        "difference 40.8; global linear control 58.5.",
    ),
    RealisticCase(
        id="lmb_next_term_score",
        half="B",
        load=load_lmb,
        question=(
            "Lee, Moretti and Butler ask whether voters affect or merely elect policies. Holding "
            "the district's partisanship fixed by looking only at elections the Democrat barely won "
            "or barely lost last time, how much does a Democratic win in the previous election "
            "raise the liberal voting record (ADA score) of whoever holds the seat now?"
        ),
        description=LMB_DOC,
        published=21.2,
        source=(
            f"Lee, Moretti & Butler (2004) QJE Table I (ADA_t+1 on DEM_t = 21.2); "
            f"{_MIXTAPE} ch. 6.3 (score on lagdemocrat, 0.48<lagdemvoteshare<0.52: 21.28)"
        ),
        design="rdd",
        treatment="lagdemocrat",
        outcome="score",
        estimand="LATE",
        note="Running variable lagdemvoteshare, cutoff 0.5. Local linear on +-0.1 gives ~17.7; "
        "the close-window difference in means 21.28. Naive full-sample difference is much larger.",
    ),
    RealisticCase(
        id="lmb_incumbency",
        half="A",
        load=load_lmb,
        question=(
            "Incumbency advantage: for House seats where the Democrat barely won vs barely lost "
            "the previous race (lagdemvoteshare close to 0.5), how much more likely is a "
            "Democrat to win this time? i.e. effect of lagdemocrat on democrat."
        ),
        description=LMB_DOC,
        published=0.48,
        source=(
            f"Lee, Moretti & Butler (2004) QJE Table I (DEM_t+1 on DEM_t = 0.48); "
            f"{_MIXTAPE} ch. 6.3 replication (0.484)"
        ),
        design="rdd",
        treatment="lagdemocrat",
        outcome="democrat",
        estimand="LATE",
        note="Binary outcome; answer as a probability difference (~0.48).",
    ),
    # ---------------------------------------------------------------- castle doctrine (2)
    RealisticCase(
        id="castle_log_homicide",
        half="A",
        load=load_castle,
        question=(
            "States adopted castle-doctrine / stand-your-ground laws in different years between "
            "2005 and 2009. Using this state-year panel, what is the effect of post on l_homicide? "
            "Use state and year fixed effects, weighted by popwt."
        ),
        description=CASTLE_DOC,
        published=0.08,
        source=(
            f"Cheng & Hoekstra (2013) JHR 48(3) abstract/Table 5 ('homicides increase by around "
            f"8 percent'); {_MIXTAPE} ch. 9.6 (TWFE replication)"
        ),
        design="did",
        treatment="post",
        outcome="l_homicide",
        estimand="ATT",
        note="Log points. Population-weighted TWFE with state+year FE gives 0.0755; with the "
        "Mixtape castle_1.do controls (region-year FE, covariates, state trends) 0.077; "
        "unweighted 0.069. Naive post vs pre difference 0.338.",
    ),
    RealisticCase(
        id="castle_plain",
        half="B",
        load=load_castle,
        question=(
            "Do stand-your-ground (castle doctrine) laws increase homicides? About 20 states "
            "expanded self-defence law between 2005 and 2009 while the rest did not. I'd like the "
            "percentage change in the homicide rate caused by the law."
        ),
        description=CASTLE_DOC,
        published=0.08,
        source="Cheng & Hoekstra (2013) JHR; Mixtape ch. 9.6",
        design="did",
        treatment="post",
        outcome="l_homicide",
        estimand="ATT",
        note="Answer ~8% (0.08 log points); an answer on the level homicide rate (~0.34 per 100k, "
        "TWFE weighted) should be converted before scoring. Staggered adoption: CS/SA-type "
        "estimators give similar 0.07-0.10.",
    ),
    # ---------------------------------------------------------------- organ donations (2)
    RealisticCase(
        id="organ_donation_did",
        half="A",
        load=load_organ_treated,
        question=(
            "Two-way fixed effects difference-in-differences: effect of Treated on Rate, with State "
            "and Quarter fixed effects."
        ),
        description=ORGAN_DOC + "\n    Treated - (added by me) California in Q3 2011 or later",
        published=-0.0225,
        source=f"{_EFFECT} ch. 18.3 (Kessler & Roth 2014 data; TWFE coefficient -0.0225)",
        design="did",
        treatment="Treated",
        outcome="Rate",
        estimand="ATT",
        note="Rate is a share (0-1). Naive Treated vs others difference is -0.186 (California's "
        "level differs); TWFE gives -0.02246 (cluster-by-state SE ~0.007).",
    ),
    RealisticCase(
        id="organ_donation_plain",
        half="B",
        load=load_organ_active_choice,
        question=(
            "In July 2011 California switched its organ-donor sign-up question at the DMV to an "
            "'active choice' format. The other states in the file did not change anything. Did the "
            "switch change California's organ donor registration rate?"
        ),
        description=ORGAN_DOC + "\n    active_choice - (added by me) 1 for California from Q3 2011 on",
        published=-0.0225,
        source=f"{_EFFECT} ch. 18.3; Kessler & Roth (2014) NBER WP 20378",
        design="did",
        treatment="active_choice",
        outcome="Rate",
        estimand="ATT",
        note="Same as organ_donation_did with plain wording; -0.022 (about 2 percentage points "
        "lower). Kessler & Roth find active choice lowered registration.",
    ),
    # ---------------------------------------------------------------- Snow (1)
    RealisticCase(
        id="snow_cholera_did",
        half="A",
        load=load_snow,
        question=(
            "John Snow's natural experiment: between 1849 and 1854 the Lambeth water company moved "
            "its intake upstream, out of the sewage, while Southwark & Vauxhall did not. How many "
            "cholera deaths per 10,000 people did the cleaner water prevent in the Lambeth-supplied "
            "districts?"
        ),
        description=SNOW_DOC,
        published=-56.9,
        source=f"{_EFFECT} ch. 18.1 (Snow 1855 data; DiD (84.9-130.1)-(146.6-134.9) = -56.9)",
        design="did",
        treatment="lambeth_moved_intake",
        outcome="deathrate",
        estimand="ATT",
        note="Four rows; the DiD is exact (-56.9, i.e. 56.9 fewer deaths per 10k). No standard "
        "error is estimable from 4 cells - an honest answer says so. 'Deaths prevented' = "
        "56.9 is the same answer with the opposite sign wording; score on magnitude with "
        "direction 'fewer deaths'.",
    ),
    # ---------------------------------------------------------------- NHEFS (5)
    RealisticCase(
        id="nhefs_qsmk_ipw",
        half="A",
        load=load_nhefs_complete,
        question=(
            "Average causal effect of qsmk on wt82_71, adjusting for sex, race, age, education, "
            "smokeintensity, smokeyrs, exercise, active and wt71."
        ),
        description=NHEFS_DOC,
        published=3.4,
        source=f"{_WHATIF} ch. 12.2, Program 12.3 (IP weighting: 3.4 kg, 95% CI 2.4-4.5)",
        design="observational",
        treatment="qsmk",
        outcome="wt82_71",
        note="Unadjusted difference 2.5 kg (Program 12.1). Standardization gives 3.5 (ch. 13), "
        "g-estimation 3.4 (ch. 14). Book PS model: quadratic age, smokeintensity, smokeyrs, wt71; "
        "categorical education, exercise, active.",
    ),
    RealisticCase(
        id="nhefs_quit_weight_plain",
        half="B",
        load=load_nhefs_complete,
        question=(
            "Cigarette smokers were interviewed in 1971 and again in 1982; some had quit in between. "
            "How much weight (in kg) does quitting smoking cause people to gain? Quitters were "
            "older and smoked differently, so please account for baseline age, sex, race, "
            "education, how much and for how long they smoked, exercise, activity level and "
            "their 1971 weight."
        ),
        description=NHEFS_DOC,
        published=3.5,
        source=f"{_WHATIF} ch. 13.3, Program 13.4 (standardization: 3.5 kg, 95% CI 2.6-4.5)",
        design="observational",
        treatment="qsmk",
        outcome="wt82_71",
        note="Also 3.4 by IP weighting (ch. 12) and g-estimation (ch. 14); 3.4-3.5 all correct. "
        "Naive 2.54.",
    ),
    RealisticCase(
        id="nhefs_with_censoring",
        half="A",
        load=load_nhefs,
        question=(
            "Did quitting smoking (qsmk) increase weight gain between 1971 and 1982 (wt82_71)? "
            "Note some participants have no 1982 weight, and those lost to follow-up differ from "
            "the rest."
        ),
        description=NHEFS_DOC,
        published=3.5,
        source=f"{_WHATIF} ch. 12.6, Program 12.7 (IP weights for treatment and censoring: 3.5 kg, 95% CI 2.5-4.5)",
        design="observational",
        treatment="qsmk",
        outcome="wt82_71",
        note="1,629 rows, 63 with missing wt82_71. Complete-case IPW gives 3.44; with censoring "
        "weights 3.5. Naive (complete cases) 2.54.",
    ),
    RealisticCase(
        id="nhefs_price_iv",
        half="B",
        load=load_nhefs_price_iv,
        question=(
            "Smokers living in states where cigarettes were expensive in 1982 should be more likely "
            "to quit, and the state price plausibly has no other route to a person's weight. Using "
            "highprice that way, what is the effect of quitting smoking on weight change 1971-82?"
        ),
        description=NHEFS_IV_DOC,
        published=2.4,
        source=f"{_WHATIF} ch. 16.2, Program 16.1 (IV: 2.4 kg, 95% CI -36.5 to 41.3)",
        design="iv",
        treatment="qsmk",
        outcome="wt82_71",
        estimand="LATE",
        note="Wald/2SLS estimate 2.396 on n=1,476, but the instrument is very weak (first stage "
        "~0.06): the CI is enormous. A good answer gives ~2.4 AND flags the weak instrument / "
        "uninformative interval; a tight CI is a failure.",
    ),
    RealisticCase(
        id="nhefs_death_null",
        half="B",
        load=load_nhefs,
        question=(
            "Does quitting smoking between 1971 and 1982 change the risk of dying by 1992? The "
            "quitters in this survey died more often, but they were also older."
        ),
        description=NHEFS_DOC,
        published=0.0,
        source=f"{_WHATIF} ch. 12.4, Program 12.5 (IP-weighted MSM for death: causal odds ratio 1.0, 95% CI 0.8-1.4)",
        design="observational",
        treatment="qsmk",
        outcome="death",
        note="Published effect is null (OR 1.0). Reproducing the book's IP weights on all 1,629 "
        "gives a risk difference of -0.002 (OR 0.99). Naive risk difference +0.058. Score with "
        "an absolute tolerance (e.g. |estimate| <= 0.03 and CI covering 0), not a relative one.",
    ),
    # ---------------------------------------------------------------- Card (3)
    RealisticCase(
        id="card_iv_columns",
        half="A",
        load=load_card,
        question=(
            "Return to schooling: instrument educ with nearc4 and estimate its effect on lwage, "
            "controlling for exper, black, south, married and smsa."
        ),
        description=CARD_DOC,
        published=0.124,
        source=f"{_MIXTAPE} ch. 7.5, table of OLS and 2SLS (Card 1995 data): 2SLS 0.124 (OLS 0.071)",
        design="iv",
        treatment="educ",
        outcome="lwage",
        estimand="LATE",
        note="Log points per year of schooling. First stage coefficient on nearc4 0.327. Card "
        "(1995) with a richer control set reports ~0.13. OLS 0.071 is the wrong answer; the "
        "unconditional Wald ratio 0.188 is biased by the omitted controls.",
    ),
    RealisticCase(
        id="card_iv_plain",
        half="B",
        load=load_card,
        question=(
            "How much does one more year of education raise wages? More able people stay in school "
            "longer, so a plain regression is biased. Card's idea: men who grew up in a county with "
            "a four-year college got more schooling just because college was closer. Using that, "
            "and holding experience, race, region, marital status and urban residence fixed, "
            "what is the return to a year of school?"
        ),
        description=CARD_DOC,
        published=0.124,
        source=f"{_MIXTAPE} ch. 7.5 (2SLS 0.124); Card (1995)",
        design="iv",
        treatment="educ",
        outcome="lwage",
        estimand="LATE",
        note="~12.4% per year (log points 0.124).",
    ),
    RealisticCase(
        id="card_iv_dictionary",
        half="B",
        load=load_card,
        question=(
            "Is schooling's effect on log wages bigger than OLS says once we use college proximity "
            "(nearc4) as a source of exogenous variation? Give the effect of educ on lwage."
        ),
        description=CARD_DOC_SHORT,
        published=0.124,
        source=f"{_MIXTAPE} ch. 7.5 (2SLS 0.124, OLS 0.071)",
        design="iv",
        treatment="educ",
        outcome="lwage",
        estimand="LATE",
        note="Data-dictionary style codebook without the sentence that names the instrument; "
        "controls are not stated (the 2SLS with exper, black, south, married, smsa gives 0.124; "
        "without controls 0.188).",
    ),
    # ---------------------------------------------------------------- Broockman (3)
    RealisticCase(
        id="broockman_nonblack",
        half="A",
        load=load_black_politicians_nonblack,
        question=(
            "These are the non-Black state legislators only. Each got an email from 'Tyrone "
            "Washington' asking for help with unemployment benefits; whether he said he lived in "
            "or far outside their district (treat_out) was randomized. What is the effect of an "
            "out-of-district sender on whether they responded?"
        ),
        description=BLACK_POL_DOC,
        published=-0.275,
        source="Broockman (2013) AJPS 57(3), Table 2 col. 2 (treat_out: -0.275 for non-Black legislators)",
        design="randomized",
        treatment="treat_out",
        outcome="responded",
        note="Subsample leg_black == 0 (n=5,229); difference in means -0.2745 (56.1% in-district "
        "vs 28.6% out-of-district).",
    ),
    RealisticCase(
        id="broockman_black",
        half="B",
        load=load_black_politicians_black,
        question=(
            "Among Black legislators: does telling them the constituent lives outside their district "
            "reduce replies to his email?"
        ),
        description=BLACK_POL_DOC,
        published=-0.147,
        source="Broockman (2013) AJPS, Table 2 col. 2 (treat_out -0.275 + interaction 0.128 = -0.147 for Black legislators)",
        design="randomized",
        treatment="treat_out",
        outcome="responded",
        note="Subsample leg_black == 1 (n=364), so the CI is wide (SE ~0.05); difference in means "
        "-0.146 (about 46% in-district vs 32% out-of-district).",
    ),
    RealisticCase(
        id="broockman_pooled",
        half="B",
        load=load_black_politicians,
        question=(
            "Randomized email audit of US state legislators. What's the average effect of the "
            "sender being from out of district (treat_out) on the response rate (responded), across "
            "all legislators?"
        ),
        description=BLACK_POL_DOC,
        published=-0.266,
        source="Broockman (2013) AJPS, Table 2 (pooled randomized contrast; col. 2 gives -0.275 non-Black / -0.147 Black)",
        design="randomized",
        treatment="treat_out",
        outcome="responded",
        note="Pooled difference in means on all 5,593 legislators is -0.266 (the 6.5%-weighted "
        "average of the two Table 2 col. 2 subgroup effects). leg_black is pre-treatment; "
        "adjusting for it leaves ~ -0.266.",
    ),
    # ---------------------------------------------------------------- gov transfers (2)
    RealisticCase(
        id="gov_transfers_rdd",
        half="A",
        load=load_gov_transfers,
        question=(
            "Sharp RD at Income_Centered = 0 (households below the cutoff get the transfer): what is "
            "the effect of Participation on Support?"
        ),
        description=GOV_TRANSFERS_DOC,
        published=0.0999,
        source=(
            f"{_EFFECT} ch. 20.3 code example (linear RD with separate slopes, Manacorda, Miguel & "
            f"Vigorito 2011 data)"
        ),
        design="rdd",
        treatment="Participation",
        outcome="Support",
        estimand="LATE",
        note="Reproduces the book's specification Support ~ Participation*Income_Centered on the "
        "provided (already narrow, |Income_Centered| < 0.02) sample: 0.0999. Participation is "
        "exactly (Income_Centered < 0). Naive difference 0.118. MMV (2011) report government "
        "support rising by roughly 10+ points among eligible households.",
    ),
    RealisticCase(
        id="gov_transfers_plain",
        half="B",
        load=load_gov_transfers,
        question=(
            "Uruguay's cash transfer program went only to households whose income score fell below "
            "a cutoff. Comparing households just below vs just above it, did getting the transfers "
            "make people more supportive of the government?"
        ),
        description=GOV_TRANSFERS_DOC,
        published=0.0999,
        source=f"{_EFFECT} ch. 20.3; Manacorda, Miguel & Vigorito (2011) AEJ: Applied",
        design="rdd",
        treatment="Participation",
        outcome="Support",
        estimand="LATE",
        note="See gov_transfers_rdd. Local linear/rdrobust variants give roughly 0.08-0.12.",
    ),
    # ---------------------------------------------------------------- social insurance (2)
    RealisticCase(
        id="social_insure_iv",
        half="A",
        load=load_social_insure,
        question=(
            "Effect of pre_takeup_rate on takeup_survey, using default as an instrument for "
            "pre_takeup_rate. Control for male, age, agpop, ricearea_2010, literacy, intensive, "
            "risk_averse, disaster_prob and village fixed effects; cluster by address."
        ),
        description=SOCIAL_INSURE_DOC,
        published=0.791,
        source=f"{_EFFECT} ch. 19.3 code example (Cai, de Janvry & Sadoulet 2015 data): 2SLS 0.791",
        design="iv",
        treatment="pre_takeup_rate",
        outcome="takeup_survey",
        estimand="LATE",
        note="Reproduces the book's feols specification on the 1,378 complete rows: 0.791 (first "
        "stage on default 0.118). Naive OLS slope 0.49.",
    ),
    RealisticCase(
        id="social_insure_plain",
        half="B",
        load=load_social_insure,
        question=(
            "Rice farmers in China were offered weather insurance in two rounds. In the first "
            "round, sessions were randomly assigned a default of buying or not buying, which moved "
            "how many people in a village bought early. Does a higher take-up among the first-round "
            "farmers in your village make you more likely to buy insurance yourself? Village fixed "
            "effects and the household characteristics should be controlled."
        ),
        description=SOCIAL_INSURE_DOC,
        published=0.791,
        source=f"{_EFFECT} ch. 19.3; Cai, de Janvry & Sadoulet (2015) AEJ: Applied",
        design="iv",
        treatment="pre_takeup_rate",
        outcome="takeup_survey",
        estimand="LATE",
        note="Effect of a 0->1 change in the pre-experiment take-up rate (0.079 per 10 points).",
    ),
    # ---------------------------------------------------------------- mortgages / Fetter (2)
    RealisticCase(
        id="fetter_mortgages_plain",
        half="A",
        load=load_mortgages,
        question=(
            "Men born just late enough missed eligibility for Korean War service and therefore for "
            "the GI Bill's subsidised mortgages. Whether someone actually became a veteran was not "
            "fully determined by birth date. Within 12 quarters of the eligibility cutoff, what is "
            "the effect of being a WWII/Korea veteran on owning a home?"
        ),
        description=MORTGAGES_DOC,
        published=0.170,
        source=(
            f"{_EFFECT} ch. 20.4 code example (fuzzy RD, Fetter 2013 data): vet_wwko effect "
            f"0.170"
        ),
        design="rdd",
        treatment="vet_wwko",
        outcome="home_ownership",
        estimand="LATE",
        note="Reproduces the book's fuzzy RD: |qob_minus_kw| < 12, instruments above = "
        "(qob_minus_kw > 0) and its interaction with qob_minus_kw, control nonwhite, birth-state "
        "and quarter-of-birth FE: 0.170. Without FE ~0.145-0.15. Naive difference 0.32. "
        "Veteran rates are LOWER above the cutoff (0.24 vs 0.56), so the first stage is negative.",
    ),
    RealisticCase(
        id="fetter_mortgages_columns",
        half="B",
        load=load_mortgages,
        question=(
            "Fuzzy RDD: qob_minus_kw is centred on the cutoff. Estimate the effect of vet_wwko on "
            "home_ownership within 12 quarters either side, controlling for nonwhite."
        ),
        description=MORTGAGES_DOC,
        published=0.170,
        source=f"{_EFFECT} ch. 20.4 (Fetter 2013 data)",
        design="rdd",
        treatment="vet_wwko",
        outcome="home_ownership",
        estimand="LATE",
        note="See fetter_mortgages_plain; 0.145-0.17 depending on fixed effects.",
    ),
    # ---------------------------------------------------------------- restaurants (1)
    RealisticCase(
        id="restaurant_chain_size",
        half="A",
        load=load_restaurants,
        question=(
            "Do bigger chains get worse health inspections in Anchorage? What is the effect of one "
            "more location in the chain (NumberofLocations) on inspection_score, holding the Year "
            "of inspection fixed?"
        ),
        description=RESTAURANT_DOC,
        published=-0.019,
        source=f"{_EFFECT} ch. 13.2 regression table (inspection_score on NumberofLocations and Year: -0.019)",
        design="observational",
        treatment="NumberofLocations",
        outcome="inspection_score",
        note="Continuous exposure; effect per additional location. OLS with Year gives -0.0192, "
        "without Year -0.0189 (the book's example; it is a regression illustration, so the "
        "causal claim rests on 'Year is the confounder'). business_name is a text id.",
    ),
    # ---------------------------------------------------------------- adult services panel (1)
    RealisticCase(
        id="sasp_unsafe_premium_fe",
        half="A",
        load=load_adult_services_balanced,
        question=(
            "Panel of providers observed over four client sessions each. Is there a wage premium "
            "for unprotected sex (unsafe) on the log hourly wage (lnw)? Use within-provider "
            "variation (provider fixed effects on id) and the provider and client characteristics "
            "as controls."
        ),
        description=ADULT_SERVICES_DOC,
        published=0.051,
        source=f"{_MIXTAPE} ch. 8.4, Table (POLS / FE / demeaned OLS on sasp_panel): FE 0.051",
        design="panel",
        treatment="unsafe",
        outcome="lnw",
        note="Balanced panel of 257 providers x 4 sessions (Mixtape sasp.do sample). FE with "
        "the sasp.do controls 0.051; pooled OLS with controls 0.013; FE without controls -0.009; "
        "naive -0.022. provider_second arrives as text ('1. No'/'2. Yes').",
    ),
    # ---------------------------------------------------------------- Texas synth (1)
    RealisticCase(
        id="texas_prison_synth",
        half="B",
        load=load_texas,
        question=(
            "Texas roughly doubled its prison capacity starting in 1993. Build a comparison Texas "
            "out of other states' pre-1993 trajectories: how many additional Black men were in "
            "Texas prisons per year over 1993-2000 because of the expansion?"
        ),
        description=TEXAS_DOC,
        published=20761.0,
        source=(
            f"{_MIXTAPE} ch. 10.3 (synth of bmprison, Cunningham & Kang 2019 data; donor weights "
            f"California 0.342, Florida 0.296, Louisiana 0.361)"
        ),
        design="synthetic_control",
        treatment="expansion",
        outcome="bmprison",
        estimand="ATT",
        note="The book reports the gap graphically; 20,761 is the average 1993-2000 gap between "
        "Texas and the Mixtape's synthetic Texas (its solution.w weights), reproduced here. "
        "The gap is ~2,000 in 1993 and ~25,000 per year from 1995 (1994-2000 average 23,421). "
        "Accept roughly 15,000-27,000.",
    ),
]


# --------------------------------------------------------------------------------------------
# baseline
# --------------------------------------------------------------------------------------------

def naive_difference(case: RealisticCase, df: pd.DataFrame) -> float:
    """Unadjusted comparison on the loaded rows: difference in means of the outcome between
    treatment == 1 and == 0 for a binary treatment, OLS slope of outcome on treatment otherwise.
    Rows with a missing treatment or outcome are dropped."""
    sub = df[[case.treatment, case.outcome]].dropna()
    t = sub[case.treatment]
    if t.dtype == bool:
        t = t.astype(int)
    t = pd.to_numeric(t, errors="coerce")
    y = pd.to_numeric(sub[case.outcome], errors="coerce")
    ok = t.notna() & y.notna()
    t, y = t[ok].astype(float), y[ok].astype(float)
    if set(np.unique(t)) <= {0.0, 1.0} and t.nunique() == 2:
        return float(y[t == 1].mean() - y[t == 0].mean())
    tc = t - t.mean()
    return float((tc * (y - y.mean())).sum() / (tc ** 2).sum())


def cases(half: str | None = None) -> list[RealisticCase]:
    """All cases, or one half ("A" development, "B" held out)."""
    return [c for c in CASES if half is None or c.half == half]


# --------------------------------------------------------------------------------------------
# reproductions of the numbers that were recomputed from the cited specification
# (not run at import; for a scorer who wants to check them)
# --------------------------------------------------------------------------------------------

def _ols_coef(formula: str, df: pd.DataFrame, term: str, weights=None) -> float:
    import statsmodels.formula.api as smf

    model = smf.ols(formula, df) if weights is None else smf.wls(formula, df, weights=weights)
    return float(model.fit().params[term])


def _tsls(y: np.ndarray, endog: np.ndarray, exog: np.ndarray, inst: np.ndarray) -> np.ndarray:
    x = np.column_stack([endog, exog])
    z = np.column_stack([inst, exog])
    xhat = z @ np.linalg.lstsq(z, x, rcond=None)[0]
    return np.linalg.lstsq(xhat, y, rcond=None)[0]


def _reproduce_organ() -> float:
    df = load_organ_treated()
    return _ols_coef("Rate ~ Treated + C(State) + C(Quarter)", df, "Treated")


def _reproduce_gov_transfers() -> float:
    return _ols_coef("Support ~ Participation * Income_Centered", load_gov_transfers(), "Participation")


def _reproduce_social_insure() -> float:
    df = load_social_insure()
    x = "male age agpop ricearea_2010 literacy intensive risk_averse disaster_prob".split()
    df = df.dropna(subset=["takeup_survey", "pre_takeup_rate", "default", *x])
    exog = np.column_stack(
        [np.ones(len(df)), df[x].to_numpy(float),
         pd.get_dummies(df["village"], drop_first=True).to_numpy(float)]
    )
    b = _tsls(df["takeup_survey"].to_numpy(float), df[["pre_takeup_rate"]].to_numpy(float),
              exog, df[["default"]].to_numpy(float))
    return float(b[0])


def _reproduce_mortgages() -> float:
    df = load_mortgages()
    df = df[df["qob_minus_kw"].abs() < 12]
    q = df["qob_minus_kw"].to_numpy(float)
    above = (q > 0).astype(float)
    d = df["vet_wwko"].to_numpy(float)
    exog = np.column_stack(
        [np.ones(len(df)), df["nonwhite"].to_numpy(float), q,
         pd.get_dummies(df["bpl"], drop_first=True).to_numpy(float),
         pd.get_dummies(df["qob"], drop_first=True).to_numpy(float)]
    )
    b = _tsls(df["home_ownership"].to_numpy(float), np.column_stack([d, q * d]), exog,
              np.column_stack([above, q * above]))
    return float(b[0])


def _reproduce_card() -> float:
    x = "exper black south married smsa".split()
    df = load_card().dropna(subset=["lwage", "educ", "nearc4", *x])
    exog = np.column_stack([np.ones(len(df)), df[x].to_numpy(float)])
    return float(_tsls(df["lwage"].to_numpy(float), df[["educ"]].to_numpy(float), exog,
                       df[["nearc4"]].to_numpy(float))[0])


def _reproduce_lmb(outcome: str = "score", treat: str = "democrat") -> float:
    df = load_lmb()
    w = df[(df["lagdemvoteshare"] > 0.48) & (df["lagdemvoteshare"] < 0.52)]
    return _ols_coef(f"{outcome} ~ {treat}", w, treat)


def _reproduce_castle() -> float:
    df = load_castle()
    return _ols_coef("l_homicide ~ post + C(sid) + C(year)", df, "post", weights=df["popwt"])


def _reproduce_sasp_fe() -> float:
    df = load_adult_services_balanced()
    df["provider_second"] = df["provider_second"].astype(str).str.startswith("2").astype(int)
    rhs = " + ".join(v for v in _SASP_VARS if v != "lnw")
    return _ols_coef(f"lnw ~ {rhs} + C(id)", df, "unsafe")


def _reproduce_texas() -> float:
    df = load_texas()
    p = df.pivot(index="year", columns="statefip", values="bmprison")
    synth = 0.3420653 * p[6] + 0.2963684 * p[12] + 0.3613969 * p[22]
    return float((p[48] - synth).loc[1993:2000].mean())


def _reproduce_nhefs_ipw() -> float:
    import statsmodels.formula.api as smf

    df = load_nhefs_complete()
    ps = smf.logit(
        "qsmk ~ C(sex) + C(race) + age + I(age**2) + C(education) + smokeintensity"
        " + I(smokeintensity**2) + smokeyrs + I(smokeyrs**2) + C(exercise) + C(active)"
        " + wt71 + I(wt71**2)", df).fit(disp=0).predict(df)
    w = np.where(df["qsmk"] == 1, 1 / ps, 1 / (1 - ps))
    return _ols_coef("wt82_71 ~ qsmk", df, "qsmk", weights=w)


REPRODUCTIONS: dict[str, Callable[[], float]] = {
    "organ_donation_did": _reproduce_organ,
    "gov_transfers_rdd": _reproduce_gov_transfers,
    "social_insure_iv": _reproduce_social_insure,
    "fetter_mortgages_plain": _reproduce_mortgages,
    "card_iv_columns": _reproduce_card,
    "lmb_elect_score": _reproduce_lmb,
    "castle_log_homicide": _reproduce_castle,
    "sasp_unsafe_premium_fe": _reproduce_sasp_fe,
    "texas_prison_synth": _reproduce_texas,
    "nhefs_qsmk_ipw": _reproduce_nhefs_ipw,
}
