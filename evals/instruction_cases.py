"""Effect questions that carry explicit INSTRUCTIONS the agent must follow.

The realistic suite (``realistic_cases.py``) asks open questions and scores against published
effects. This suite asks the questions an analyst types when they already know *how* they want
the analysis done, and checks that the agent does exactly that:

* ``method``        - a requested estimator: "use linear regression", "do not consider other
                      variables" (simple difference / unadjusted OLS), "take all provided variables
                      into consideration" (OLS on every other column), propensity-score weighting
                      with a logistic model (IPW, normalised/Hajek weights, ATE), doubly robust
                      (AIPW, logistic propensity + one linear outcome model per arm), a matching
                      estimator (1-NN propensity-score matching with replacement, ATT), IV / 2SLS
                      with a named instrument, difference-in-differences.
* ``covariates``    - "adjust only for ...", "don't adjust for anything", "control for all
                      covariates", "... also control for X".
* ``sample``        - "only rows where col = v", "aged between 20 and 22 inclusive",
                      "exclude ...".
* ``estimand``      - ATT / ATC / ATE for a binary treatment with covariates; the expected value is
                      regression adjustment (OLS of Y on the covariates fitted separately in each
                      arm, predicted differences averaged over the treated / controls / everyone).
                      On the simulated cases both arms' outcome models are linear, so any sound
                      estimator of the requested estimand lands near the same number while the
                      three estimands differ clearly (heterogeneous effects + confounding).
* ``scale``         - "in percentage points" (0/1 outcome, x 100), "effect on log Y" (outcome
                      log-transformed before the regression), "per 10 units of T" (slope x 10).
* ``rounding_sign`` - "round to 3 decimals", "to the nearest dollar", "answer negative if it
                      reduces the stay", "report days shorter as a positive number".
* ``heterogeneity`` - "effect for each level of G": a dict level -> per-group difference in
                      means or per-group OLS coefficient (as the question says).
* ``advice``        - "Should we control for V when estimating the effect of T on Y?" on
                      SIMULATED data whose graph is known, with a description that states the time
                      order (and, for M-bias, the unrecorded causes). Expected "yes"/"no" plus a
                      one-word reason: confounder (yes), precision (cause of Y only, T randomised:
                      yes, optional, for precision), mediator / collider / instrument / descendant
                      (of Y) / m_bias (pre-treatment collider of two unobserved causes): no.

The agent is called as ``CausalAgent().analyze(case.load(), case.question,
description=case.description)``. Only ``load``, ``question`` and ``description`` may be given to
it; ``expected``, ``answer_type``, ``reason`` and ``note`` are for scoring.

Expectations are computed independently of the agent's code: ``expected(df)`` recomputes the
answer from the loaded frame by hand (numpy / statsmodels; logistic models are unpenalised
maximum likelihood via ``statsmodels.Logit``), exactly as the instruction says; ``note`` spells
out the specification. Unless a case says otherwise, rows with a missing value in any column the
specification uses are dropped (complete cases) and booleans count as 0/1. ``per_group`` answers
are dicts keyed by the group values as they appear in the loaded frame.

Halves
------
* ``half == "A"``: development cases; look at them freely while working on the agent.
* ``half == "B"``: HELD OUT. Do not inspect, tune on or run these while developing; they are
  scored only once, at the end. Every instruction kind is split across both halves.

Real data come from the ``causaldata`` package (offline; each table goes through a CSV round
trip as if uploaded); simulations are seeded numpy draws (n 1,000-5,000) with a known structure.
``python -m evals.instruction_cases`` prints every case's expected value (and, for advice cases,
the true effect next to the estimates with and without V, as a check of the simulated graph).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from evals.public_data import causaldata_table, uploaded


@dataclass(frozen=True)
class InstructionCase:
    id: str
    half: str            # "A" development, "B" held out (scored only at the end)
    kind: str            # method | covariates | sample | estimand | scale | rounding_sign | heterogeneity | advice
    load: Callable[[], pd.DataFrame]
    question: str
    description: str
    expected: Callable[[pd.DataFrame], "float | dict | str"]   # from the loaded frame, by hand
    answer_type: str     # "number" | "per_group" | "yes_no"
    reason: str = ""     # advice: confounder/mediator/collider/instrument/precision/descendant/m_bias
    note: str = ""       # the exact specification of the expected value


# ============================================================================================
# loaders: real data
# ============================================================================================



def load_nsw() -> pd.DataFrame:
    """NSW experimental sample (Dehejia-Wahba subsample: 185 treated, 260 controls)."""
    return uploaded(causaldata_table("nsw_mixtape"))


def load_thornton() -> pd.DataFrame:
    return uploaded(causaldata_table("thornton_hiv"))


def load_nhefs() -> pd.DataFrame:
    return uploaded(causaldata_table("nhefs_complete"))


def load_card() -> pd.DataFrame:
    return uploaded(causaldata_table("close_college"))


def load_black_politicians() -> pd.DataFrame:
    return uploaded(causaldata_table("black_politicians"))


def load_mroz() -> pd.DataFrame:
    """Mroz (1987) married women; the user drops the row-number column the R export left."""
    return uploaded(causaldata_table("Mroz").drop(columns=["Unnamed: 0"]))


def load_organ() -> pd.DataFrame:
    """Kessler & Roth state-quarter panel plus the user's flag for California from Q3 2011 on."""
    df = causaldata_table("organ_donations")
    df["active_choice"] = ((df["State"] == "California") & (df["Quarter_Num"] >= 4)).astype(int)
    return uploaded(df)


def load_castle() -> pd.DataFrame:
    return uploaded(causaldata_table("castle"))


# ============================================================================================
# codebooks
# ============================================================================================

NSW_DOC = """Data from the National Supported Work Demonstration (NSW) job-training program experiment, where those treated were guaranteed a job for 9-18 months. Assignment to the program was random.
Variables:
    data_id - Sample label
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

THORNTON_DOC = """Data from HIV information experiment in Thornton (2008). People in Malawi who took an HIV test were randomly offered cash incentives (of random size, sometimes zero) to come back and learn their results.
Variables:
    villnum - Village ID
    got - Got HIV results
    distvct - Distance in kilometers
    tinc - Total incentive
    any - Received any incentive
    age - Age
    hiv2004 - HIV results"""

NHEFS_DOC = """NHEFS (National Health and Nutrition Examination Survey I Epidemiologic Follow-up Study), as used in Hernan & Robins, Causal Inference: What If. Baseline 1971, follow-up 1982.
Selected codebook entries:
    qsmk - QUIT SMOKING BETWEEN 1ST QUESTIONNAIRE AND 1982, 1:YES, 0:NO
    wt71 - WEIGHT IN KILOGRAMS IN 1971
    wt82 - WEIGHT IN KILOGRAMS IN 1982
    wt82_71 - WEIGHT CHANGE IN KILOGRAMS (wt82 - wt71)
    sex - 0: MALE 1: FEMALE
    race - 0: WHITE 1: BLACK OR OTHER IN 1971
    age - AGE IN 1971
    education - 1: 8TH GRADE OR LESS, 2: HS DROPOUT, 3: HS, 4: COLLEGE DROPOUT, 5: COLLEGE OR MORE
    smokeintensity - NUMBER OF CIGARETTES SMOKED PER DAY IN 1971
    smokeyrs - YEARS OF SMOKING
    exercise - 0: much exercise, 1: moderate, 2: little or none (1971)
    active - 0: very active, 1: moderately active, 2: inactive (1971)
    income, marital, school, ht, sbp, dbp, price71, price82, tax71, tax82, ... - other 1971/1982 measurements
    death, yrdth, modth, dadth - death by 1992 and its date"""

CARD_DOC = """Data from Card (1995), National Longitudinal Survey of Young Men, used to estimate the return to education using the presence of a nearby four-year college as an instrument.
Variables:
    lwage - Log wages
    educ - Years of education
    exper - Years of work experience
    black - Race: Black
    south - In the southern United States
    married - Is married
    smsa - In a Standard Metropolitan Statistical Area (urban)
    nearc4 - There is a four-year college in the county"""

BLACK_POL_DOC = """Broockman (2013) field experiment: fictional emails purportedly from Black people were sent to U.S. state legislators; whether the sender was from out of the legislator's district was randomised.
Variables:
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

MROZ_DOC = """Mroz (1987): U.S. women's labor-force participation, PSID 1975, 753 married white women aged 30-60.
Variables:
    lfp - labor-force participation (True/False)
    k5 - number of children 5 years old or younger
    k618 - number of children 6 to 18 years old
    age - age in years
    wc - wife attended college (True/False)
    hc - husband attended college (True/False)
    lwg - log expected wage rate; for women in the labor force the actual wage rate, for others imputed from the working women's wage equation
    inc - family income exclusive of wife's income (thousands of dollars)"""

ORGAN_DOC = """Kessler and Roth (2014): organ donation registration rates by state and quarter. California switched its donor sign-up question to active-choice phrasing in Q3 2011; the other states are comparison states.
Variables:
    State - The state
    Quarter - Quarter of observation, "Q"QYYYY
    Rate - Organ donation registration rate
    Quarter_Num - Quarter number, 1 = Q4 2010 ... 6 = Q1 2012
    active_choice - (added by me) 1 for California from Q3 2011 (Quarter_Num >= 4) on"""

CASTLE_DOC = """Cheng and Hoekstra (2013): castle-doctrine / stand-your-ground laws and crime. State-year panel, 50 states, 2000-2010; states adopted the laws in different years.
Variables (selection):
    year - Year
    sid - state id
    post - 1 in the years a state's castle-doctrine law is in effect
    homicide, robbery, assault, burglary, larceny, motor, murder - crimes per 100,000 population
    l_homicide, l_larceny, l_motor - logged crime rates
    unemployrt, poverty, l_income, l_police, l_prisoner, l_lagprisoner, l_exp_subsidy, l_exp_pubwelfare - state controls
    blackm_15_24, whitem_15_24, blackm_25_44, whitem_25_44 - demographic shares
    r20001 ... r20104 - region-quarter fixed effects; trend_1 ... trend_51 - state linear trends
    lead1-lead9, lag0-lag5 - event-time indicators
    popwt - population weight"""


# ============================================================================================
# loaders: simulations (known structure; seeded)
# ============================================================================================

def _sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def _bern(rng, p):
    return (rng.random(len(p)) < p).astype(int)


def sim_loyalty() -> pd.DataFrame:
    """Loyalty membership (confounded by tenure and urban), heterogeneous effect on spend."""
    rng = np.random.default_rng(101)
    n = 3000
    tenure = rng.uniform(0, 10, n)
    urban = _bern(rng, np.full(n, 0.6))
    member = _bern(rng, _sig(-1.5 + 0.25 * tenure + 0.7 * urban))
    spend = 120 + 8 * tenure + 15 * urban + member * (25 + 2 * tenure) + rng.normal(0, 20, n)
    return uploaded(pd.DataFrame({"customer_tenure": tenure.round(2), "urban": urban,
                                   "member": member, "spend": spend.round(2)}))


LOYALTY_DOC = """Customer table (one row per customer), observational.
    customer_tenure - years as a customer when the loyalty program launched
    urban - 1 if the customer lives in a city
    member - 1 if the customer joined the loyalty program at launch (self-selected)
    spend - spend over the following quarter, dollars"""


def sim_statin() -> pd.DataFrame:
    rng = np.random.default_rng(202)
    n = 2500
    age = rng.normal(60, 8, n)
    bmi = rng.normal(28, 4, n)
    diabetic = _bern(rng, np.full(n, 0.25))
    statin = _bern(rng, _sig(-6.5 + 0.08 * age + 0.06 * bmi + 0.9 * diabetic))
    ldl_change = (5 + 0.8 * (age - 60) + 1.5 * (bmi - 28) + 10 * diabetic - 30 * statin
                  + rng.normal(0, 12, n))
    return uploaded(pd.DataFrame({"age": age.round(1), "bmi": bmi.round(1), "diabetic": diabetic,
                                   "statin": statin, "ldl_change": ldl_change.round(1)}))


STATIN_DOC = """Primary-care records, observational. One row per patient.
    age - age at the baseline visit
    bmi - body-mass index at baseline
    diabetic - 1 if diagnosed with diabetes at baseline
    statin - 1 if a statin was prescribed at the baseline visit
    ldl_change - change in LDL cholesterol (mg/dL) from baseline to the 1-year visit"""


def sim_tutoring() -> pd.DataFrame:
    rng = np.random.default_rng(303)
    n = 2000
    prior = rng.normal(60, 12, n)
    low_income = _bern(rng, np.full(n, 0.35))
    tutoring = _bern(rng, _sig(-1.0 - 0.04 * (prior - 60) + 1.0 * low_income))
    score = (20 + 0.7 * prior - 4 * low_income + tutoring * (6 + 0.1 * (60 - prior))
             + rng.normal(0, 8, n))
    return uploaded(pd.DataFrame({"prior_score": prior.round(1), "low_income": low_income,
                                   "tutoring": tutoring, "test_score": score.round(1)}))


TUTORING_DOC = """School district data, one row per student, observational.
    prior_score - score on last year's test
    low_income - 1 if eligible for free lunch
    tutoring - 1 if the student signed up for the after-school tutoring this year
    test_score - score on this year's test"""


def sim_voucher() -> pd.DataFrame:
    rng = np.random.default_rng(404)
    n = 4000
    ability = rng.normal(0, 1, n)                       # unobserved
    offer = _bern(rng, np.full(n, 0.5))
    private = _bern(rng, _sig(-1.0 + 2.0 * offer + 1.0 * ability))
    score = 50 + 5 * private + 6 * ability + rng.normal(0, 10, n)
    return uploaded(pd.DataFrame({"voucher_offer": offer, "private_school": private,
                                   "score": score.round(1)}))


VOUCHER_DOC = """School voucher lottery. One row per applicant.
    voucher_offer - 1 if the applicant won the voucher lottery (random draw)
    private_school - 1 if the child attended a private school the following year (families chose)
    score - standardized test score two years later"""


def sim_promo() -> pd.DataFrame:
    rng = np.random.default_rng(505)
    n = 3000
    size = rng.normal(800, 200, n)
    traffic = 5000 + 4 * (size - 800) + rng.normal(0, 1000, n)
    income = rng.normal(55, 10, n)
    competitor = _bern(rng, np.full(n, 0.4))
    promo = _bern(rng, _sig(-0.5 + 0.003 * (size - 800) + 0.0004 * (traffic - 5000)
                             + 0.03 * (income - 55) - 0.6 * competitor))
    sales = (2000 + 3 * size + 0.4 * traffic + 20 * income - 300 * competitor + 450 * promo
             + rng.normal(0, 400, n))
    return uploaded(pd.DataFrame({"store_size_sqm": size.round(0), "foot_traffic": traffic.round(0),
                                   "area_income_k": income.round(1), "competitor_nearby": competitor,
                                   "promo": promo, "weekly_sales": sales.round(0)}))


PROMO_DOC = """Store-level data, one row per store. Headquarters picked which stores ran the promotion.
    store_size_sqm - floor area (before the promotion)
    foot_traffic - weekly visitors in the month before the promotion
    area_income_k - median household income in the store's area, $1000s
    competitor_nearby - 1 if a competitor store is within 1 km
    promo - 1 if the store ran the promotion
    weekly_sales - average weekly sales during the promotion month, dollars"""


def sim_coupon() -> pd.DataFrame:
    rng = np.random.default_rng(606)
    n = 4000
    past = np.exp(rng.normal(3.9, 0.5, n))
    app = _bern(rng, np.full(n, 0.5))
    coupon = _bern(rng, _sig(-2.0 + 0.04 * (past - 20) + 0.3 * app))
    basket = 30 + 0.3 * past + 5 * app + coupon * (4 + 0.15 * (past - 50)) + rng.normal(0, 8, n)
    return uploaded(pd.DataFrame({"past_spend": past.round(2), "app_user": app,
                                   "coupon": coupon, "basket_value": basket.round(2)}))


COUPON_DOC = """Grocery chain, one row per shopper. The marketing system sent coupons mostly to high spenders.
    past_spend - average weekly spend in the previous three months, dollars
    app_user - 1 if the shopper uses the store app
    coupon - 1 if the shopper was sent a coupon
    basket_value - average basket value in the month after, dollars"""


def sim_training() -> pd.DataFrame:
    rng = np.random.default_rng(707)
    n = 3000
    age = rng.uniform(20, 55, n)
    prior = rng.normal(25, 8, n)
    training = _bern(rng, _sig(2.5 - 0.05 * age - 0.06 * prior))
    earnings = (5 + 0.9 * prior + 0.1 * age + training * (6 - 0.3 * (prior - 25))
                + rng.normal(0, 4, n))
    return uploaded(pd.DataFrame({"age": age.round(0).astype(int), "prior_earn": prior.round(2),
                                   "training": training, "earnings": earnings.round(2)}))


TRAINING_DOC = """Workforce program records, one row per eligible worker, observational (workers chose whether to enrol).
    age - age at program start
    prior_earn - earnings in the year before the program, $1000s
    training - 1 if the worker completed the training
    earnings - earnings in the year after the program, $1000s"""


def sim_mentoring() -> pd.DataFrame:
    rng = np.random.default_rng(808)
    n = 3500
    engagement = rng.normal(0, 1, n)
    remote = _bern(rng, np.full(n, 0.4))
    mentoring = _bern(rng, _sig(-0.3 + 1.0 * engagement - 0.8 * remote))
    retention = (18 + 4 * engagement - 2 * remote
                 + mentoring * (3 + 2.5 * engagement + 2 * remote) + rng.normal(0, 4, n))
    return uploaded(pd.DataFrame({"engagement": engagement.round(3), "remote": remote,
                                   "mentoring": mentoring, "retention_months": retention.round(1)}))


MENTORING_DOC = """HR data, one row per new hire, observational (managers nominated mentees).
    engagement - standardized engagement-survey score from the first week
    remote - 1 if fully remote
    mentoring - 1 if the employee was assigned a mentor in month 1
    retention_months - months the employee stayed (censoring ignored)"""


def sim_screening() -> pd.DataFrame:
    rng = np.random.default_rng(909)
    n = 3000
    age = rng.uniform(40, 75, n)
    risk = rng.normal(5, 2, n)
    screening = _bern(rng, _sig(-3.0 + 0.03 * age + 0.35 * risk))
    days = (2 + 0.1 * age + 1.2 * risk + screening * (-1.0 - 0.8 * (risk - 5))
            + rng.normal(0, 3, n))
    return uploaded(pd.DataFrame({"age": age.round(0).astype(int), "risk_score": risk.round(2),
                                   "screening": screening, "days_lost": days.round(1)}))


SCREENING_DOC = """Employer health program, one row per employee, observational.
    age - age at the start of the year
    risk_score - cardiovascular risk score at the start of the year
    screening - 1 if the employee took the free health screening in January
    days_lost - work days lost to illness over the rest of the year"""


def sim_exercise() -> pd.DataFrame:
    rng = np.random.default_rng(1001)
    n = 2500
    age = rng.uniform(30, 70, n)
    ex = np.clip(150 - 1.5 * (age - 50) + rng.normal(0, 60, n), 0, None)
    sbp = 110 + 0.5 * age - 0.04 * ex + rng.normal(0, 10, n)
    return uploaded(pd.DataFrame({"age": age.round(0).astype(int), "exercise_min": ex.round(0),
                                   "sbp": sbp.round(1)}))


EXERCISE_DOC = """Health survey, one row per adult.
    age - age in years
    exercise_min - minutes of moderate exercise per week (self-reported, last 3 months)
    sbp - systolic blood pressure at the survey visit, mmHg"""


def sim_wages() -> pd.DataFrame:
    rng = np.random.default_rng(1102)
    n = 3000
    exp_ = rng.uniform(0, 30, n)
    certified = _bern(rng, _sig(-0.5 + 0.03 * exp_))
    wage = np.exp(2.8 + 0.02 * exp_ + 0.12 * certified + rng.normal(0, 0.35, n))
    return uploaded(pd.DataFrame({"experience": exp_.round(1), "certified": certified,
                                   "wage": wage.round(2)}))


WAGES_DOC = """Survey of electricians, one row per worker.
    experience - years of experience
    certified - 1 if the worker holds the advanced certification
    wage - hourly wage, dollars"""


def sim_fertilizer() -> pd.DataFrame:
    rng = np.random.default_rng(1203)
    n = 2000
    rain = rng.normal(600, 120, n)
    fert = np.clip(80 + 0.05 * (rain - 600) + rng.normal(0, 25, n), 0, None)
    yld = 2 + 0.003 * rain + 0.012 * fert + rng.normal(0, 0.6, n)
    return uploaded(pd.DataFrame({"rainfall_mm": rain.round(0), "fertilizer_kg": fert.round(1),
                                   "yield_t": yld.round(3)}))


FERTILIZER_DOC = """Farm survey, one row per field and season.
    rainfall_mm - growing-season rainfall
    fertilizer_kg - nitrogen fertilizer applied per hectare, kg
    yield_t - grain yield, tonnes per hectare"""


def _sim_hospital(seed: int, names: tuple[str, str, str, str]) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 2000
    age = rng.uniform(25, 90, n)
    sev = rng.normal(0, 1, n)
    treat = _bern(rng, _sig(-0.2 + 0.6 * sev + 0.01 * (age - 60)))
    los = 3 + 0.05 * age + 1.2 * sev - 1.1 * treat + rng.normal(0, 1.5, n)
    los = np.clip(los, 0.5, None)
    t, y, a, s = names
    return uploaded(pd.DataFrame({a: age.round(0).astype(int), s: sev.round(2), t: treat,
                                   y: los.round(1)}))


def sim_discharge() -> pd.DataFrame:
    return _sim_hospital(1304, ("discharge_program", "los_days", "age", "severity"))


def sim_mobilisation() -> pd.DataFrame:
    return _sim_hospital(1405, ("early_mobilisation", "stay_days", "age", "charlson_index"))


DISCHARGE_DOC = """Hospital admissions, one row per patient, observational (ward teams decided who entered the program).
    age - age at admission
    severity - standardized illness-severity score at admission
    discharge_program - 1 if enrolled in the structured discharge-planning program on day 1
    los_days - length of stay, days"""

MOBILISATION_DOC = """Surgical ward data, one row per patient, observational.
    age - age at admission
    charlson_index - comorbidity index at admission (standardized)
    early_mobilisation - 1 if the patient was mobilised within 24 hours of surgery
    stay_days - length of hospital stay, days"""


def sim_region() -> pd.DataFrame:
    rng = np.random.default_rng(1506)
    n = 3000
    region = rng.choice(["north", "south", "west"], n, p=[0.4, 0.35, 0.25])
    size = rng.normal(1000, 250, n)
    push = _bern(rng, _sig(-0.5 + 0.004 * (size - 1000)))
    eff = pd.Series(region).map({"north": 1.0, "south": 2.5, "west": 4.0}).to_numpy()
    base = pd.Series(region).map({"north": 0.0, "south": -3.0, "west": 2.0}).to_numpy()
    sales = 50 + base + 0.02 * size + eff * push + rng.normal(0, 5, n)
    return uploaded(pd.DataFrame({"region": region, "store_size": size.round(0),
                                   "loyalty_push": push, "sales_k": sales.round(2)}))


REGION_DOC = """Retail chain, one row per store. Larger stores were more likely to run the loyalty push.
    region - north / south / west
    store_size - floor area, square metres
    loyalty_push - 1 if the store ran the loyalty push campaign
    sales_k - sales in the campaign quarter, $1000s"""


def sim_plan() -> pd.DataFrame:
    rng = np.random.default_rng(1607)
    n = 3600
    plan = rng.choice(["basic", "plus", "premium"], n, p=[0.5, 0.3, 0.2])
    t = _bern(rng, np.full(n, 0.5))
    base = pd.Series(plan).map({"basic": 10.0, "plus": 16.0, "premium": 25.0}).to_numpy()
    eff = pd.Series(plan).map({"basic": 2.0, "plus": 1.0, "premium": -0.5}).to_numpy()
    usage = base + eff * t + rng.normal(0, 6, n)
    return uploaded(pd.DataFrame({"plan": plan, "new_onboarding": t,
                                   "usage_hours": usage.round(2)}))


PLAN_DOC = """SaaS A/B test, one row per new account. The new onboarding flow was randomised 50/50.
    plan - subscription tier at sign-up: basic / plus / premium
    new_onboarding - 1 if the account saw the new onboarding flow
    usage_hours - product usage in the first 30 days, hours"""


# ============================================================================================
# independent estimators (by hand)
# ============================================================================================

def _num(s: pd.Series) -> pd.Series:
    if s.dtype == bool:
        return s.astype(float)
    if s.dtype == object:
        low = s.astype(str).str.strip().str.lower()
        if set(low.dropna().unique()) <= {"true", "false"}:
            return (low == "true").astype(float)
    return pd.to_numeric(s, errors="coerce").astype(float)


def _cc(df: pd.DataFrame, cols) -> pd.DataFrame:
    """Complete cases on ``cols`` as floats."""
    cols = list(dict.fromkeys(cols))
    return pd.DataFrame({c: _num(df[c]) for c in cols}).dropna()


def _ols_beta(y: np.ndarray, X: np.ndarray) -> np.ndarray:
    X1 = np.column_stack([np.ones(len(X)), X])
    return np.linalg.lstsq(X1, y, rcond=None)[0]


def ols_coef(df, y, t, covs=(), log_y=False) -> float:
    """Coefficient on ``t`` in OLS of y (or log y) on an intercept, t and ``covs``."""
    sub = _cc(df, [y, t, *covs])
    yy = sub[y].to_numpy()
    if log_y:
        yy = np.log(yy)
    return float(_ols_beta(yy, sub[[t, *covs]].to_numpy())[1])


def diff_means(df, y, t) -> float:
    sub = _cc(df, [y, t])
    return float(sub.loc[sub[t] == 1, y].mean() - sub.loc[sub[t] == 0, y].mean())


def logit_ps(sub: pd.DataFrame, t: str, covs) -> np.ndarray:
    import statsmodels.api as sm

    X = sm.add_constant(sub[list(covs)].to_numpy(), has_constant="add")
    return np.asarray(sm.Logit(sub[t].to_numpy(), X).fit(disp=0, maxiter=200).predict(X))


def ipw_hajek_ate(df, y, t, covs) -> float:
    """ATE with normalised (Hajek) inverse-propensity weights, logistic propensity on covs."""
    sub = _cc(df, [y, t, *covs])
    e = logit_ps(sub, t, covs)
    T, Y = sub[t].to_numpy(), sub[y].to_numpy()
    w1, w0 = T / e, (1 - T) / (1 - e)
    return float((w1 * Y).sum() / w1.sum() - (w0 * Y).sum() / w0.sum())


def _arm_predictions(sub, y, t, covs):
    X = sub[list(covs)].to_numpy()
    T = sub[t].to_numpy()
    Y = sub[y].to_numpy()
    X1 = np.column_stack([np.ones(len(X)), X])
    b1 = _ols_beta(Y[T == 1], X[T == 1])
    b0 = _ols_beta(Y[T == 0], X[T == 0])
    return T, Y, X1 @ b1, X1 @ b0


def aipw_ate(df, y, t, covs) -> float:
    """AIPW: logistic propensity on covs, OLS outcome model on covs fitted in each arm."""
    sub = _cc(df, [y, t, *covs])
    e = logit_ps(sub, t, covs)
    T, Y, m1, m0 = _arm_predictions(sub, y, t, covs)
    return float(np.mean(m1 - m0 + T * (Y - m1) / e - (1 - T) * (Y - m0) / (1 - e)))


def reg_adjust(df, y, t, covs, target: str) -> float:
    """Regression adjustment: OLS of y on covs separately per arm; mean predicted difference over
    everyone (ATE), the treated (ATT) or the controls (ATC)."""
    sub = _cc(df, [y, t, *covs])
    T, _, m1, m0 = _arm_predictions(sub, y, t, covs)
    d = m1 - m0
    return float({"ATE": d.mean(), "ATT": d[T == 1].mean(), "ATC": d[T == 0].mean()}[target])


def psm_att(df, y, t, covs) -> float:
    """1-NN matching on the estimated propensity score (probability scale, logistic on covs),
    with replacement, ATT; controls tied at the minimum distance are averaged."""
    sub = _cc(df, [y, t, *covs])
    e = logit_ps(sub, t, covs)
    T, Y = sub[t].to_numpy(), sub[y].to_numpy()
    et, ec, yc = e[T == 1], e[T == 0], Y[T == 0]
    dist = np.abs(et[:, None] - ec[None, :])
    mins = dist.min(axis=1, keepdims=True)
    tied = dist <= mins + 1e-12
    ycf = (tied * yc[None, :]).sum(axis=1) / tied.sum(axis=1)
    return float(np.mean(Y[T == 1] - ycf))


def tsls(df, y, d, z, covs=()) -> float:
    """2SLS coefficient on d, instrument z, exogenous covs (with intercept)."""
    sub = _cc(df, [y, d, z, *covs])
    n = len(sub)
    W = sub[list(covs)].to_numpy() if covs else np.empty((n, 0))
    X = np.column_stack([np.ones(n), sub[d].to_numpy(), W])
    Z = np.column_stack([np.ones(n), sub[z].to_numpy(), W])
    Xhat = Z @ np.linalg.lstsq(Z, X, rcond=None)[0]
    return float(np.linalg.lstsq(Xhat, sub[y].to_numpy(), rcond=None)[0][1])


def did_2x2(df, y, treated_group: pd.Series, post: pd.Series) -> float:
    """(treated post - treated pre) - (control post - control pre), cell means."""
    g, p, v = treated_group.astype(bool), post.astype(bool), _num(df[y])
    m = lambda a, b: v[(g == a) & (p == b)].mean()   # noqa: E731
    return float((m(True, True) - m(True, False)) - (m(False, True) - m(False, False)))


def twfe(df, y, t, unit, time) -> float:
    """OLS of y on t with unit and time fixed effects (dummies), unweighted."""
    sub = df[[y, t, unit, time]].dropna()
    X = pd.concat([_num(sub[t]).rename(t),
                   pd.get_dummies(sub[unit], prefix="u", drop_first=True, dtype=float),
                   pd.get_dummies(sub[time], prefix="p", drop_first=True, dtype=float)], axis=1)
    return float(_ols_beta(_num(sub[y]).to_numpy(), X.to_numpy())[1])


def _key(v):
    return v.item() if hasattr(v, "item") else v


def per_group(df, g, fn) -> dict:
    """{level: fn(rows of that level)} for every level of column g (sorted)."""
    return {_key(k): fn(part) for k, part in df.dropna(subset=[g]).groupby(g, sort=True)}


def all_other(df, *exclude) -> list[str]:
    return [c for c in df.columns if c not in exclude]


# ============================================================================================
# advice cases: simulated graphs
# ============================================================================================

@dataclass(frozen=True)
class _Adv:
    structure: str       # confounder mediator collider instrument precision descendant m_bias
    seed: int
    n: int
    t: str
    y: str
    v: str
    t_bin: bool
    v_bin: bool
    t_lin: tuple = (0.0, 1.0)    # continuous T reported as loc + scale * T
    y_lin: tuple = (0.0, 1.0)
    v_lin: tuple = (0.0, 1.0)
    tau: float = 0.5             # direct effect of T on Y, standard units
    a: float = 1.0               # strength of the V-T link (sign matters)
    b: float = 1.0               # strength of the V-Y link (sign matters)
    digits: int = 2


def _adv_draw(s: _Adv):
    rng = np.random.default_rng(s.seed)
    n = s.n
    e = lambda: rng.normal(0, 1, n)   # noqa: E731

    def node(lin, binary):
        return _bern(rng, _sig(lin)).astype(float) if binary else lin + e()

    def root(binary):
        return _bern(rng, np.full(n, 0.5)).astype(float) if binary else e()

    def c(x, binary):          # centred/signed version for use in a linear predictor
        return 2 * x - 1 if binary else x

    total = s.tau
    if s.structure == "confounder":
        V = root(s.v_bin)
        T = node(s.a * c(V, s.v_bin), s.t_bin)
        Y = s.tau * T + s.b * c(V, s.v_bin) + e()
    elif s.structure == "mediator":
        T = root(s.t_bin)
        V = s.a * T + e()
        Y = s.tau * T + s.b * V + e()
        total = s.tau + s.a * s.b
    elif s.structure == "collider":
        T = root(s.t_bin)
        Y = s.tau * T + e()
        V = node(s.a * c(T, s.t_bin) + s.b * Y, s.v_bin)
    elif s.structure == "instrument":
        V = root(s.v_bin)
        U = e()
        T = node(s.a * c(V, s.v_bin) + 0.8 * U, s.t_bin)
        Y = s.tau * T + 1.0 * U + e()
    elif s.structure == "precision":
        V = root(s.v_bin)
        T = root(s.t_bin)
        Y = s.tau * T + s.b * c(V, s.v_bin) + e()
    elif s.structure == "descendant":
        T = root(s.t_bin)
        Y = s.tau * T + e()
        V = node(s.b * Y, s.v_bin)
    elif s.structure == "m_bias":
        U1, U2 = e(), e()
        V = node(s.a * U1 + s.b * U2, s.v_bin)
        T = node(1.5 * U1, s.t_bin)
        Y = s.tau * T + 1.5 * U2 + e()
    else:
        raise ValueError(s.structure)

    def out(x, lin, binary):
        return x.astype(int) if binary else np.round(lin[0] + lin[1] * x, s.digits)

    df = pd.DataFrame({s.v: out(V, s.v_lin, s.v_bin), s.t: out(T, s.t_lin, s.t_bin),
                       s.y: out(Y, s.y_lin, False)})
    truth = s.y_lin[1] * total / (1.0 if s.t_bin else s.t_lin[1])
    return df, truth


ADVICE_SPECS: dict[str, _Adv] = {}


def _adv_loader(case_id: str, spec: _Adv) -> Callable[[], pd.DataFrame]:
    ADVICE_SPECS[case_id] = spec

    def load() -> pd.DataFrame:
        return uploaded(_adv_draw(spec)[0])

    load.__name__ = f"load_{case_id}"
    return load


def advice_truth(case_id: str) -> float:
    """True (total) effect of T on Y, in the reported units, for an advice case."""
    return float(_adv_draw(ADVICE_SPECS[case_id])[1])


def advice_check(case: InstructionCase, df: pd.DataFrame) -> tuple[float, float, float]:
    """(true effect, OLS of Y on T, OLS of Y on T and V) for an advice case."""
    s = ADVICE_SPECS[case.id]
    return advice_truth(case.id), ols_coef(df, s.y, s.t), ols_coef(df, s.y, s.t, [s.v])


def _advice(case_id, half, spec: _Adv, question, description, answer, reason, note=""):
    graph = {
        "confounder": f"{spec.v} -> {spec.t}, {spec.v} -> {spec.y}, {spec.t} -> {spec.y}",
        "mediator": f"{spec.t} -> {spec.v} -> {spec.y}, {spec.t} -> {spec.y}",
        "collider": f"{spec.t} -> {spec.v} <- {spec.y}, {spec.t} -> {spec.y}",
        "instrument": f"{spec.v} -> {spec.t} -> {spec.y}, hidden U -> {spec.t}, U -> {spec.y}",
        "precision": f"{spec.v} -> {spec.y}, {spec.t} -> {spec.y}, {spec.t} randomised",
        "descendant": f"{spec.t} -> {spec.y} -> {spec.v}",
        "m_bias": f"U1 -> {spec.t}, U1 -> {spec.v}, U2 -> {spec.v}, U2 -> {spec.y}, "
                  f"{spec.t} -> {spec.y} (U1, U2 unobserved)",
    }[spec.structure]
    return InstructionCase(
        id=case_id, half=half, kind="advice", load=_adv_loader(case_id, spec),
        question=question, description=description, expected=lambda df, a=answer: a,
        answer_type="yes_no", reason=reason,
        note=f"Simulated graph: {graph}. Answer '{answer}' ({reason}). " + note,
    )


# ============================================================================================
# the cases
# ============================================================================================

_NSW_X = ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75"]
_NHEFS_PS = ["sex", "race", "age", "smokeintensity", "smokeyrs", "wt71"]
_CC = "Complete cases on the columns used."

CASES: list[InstructionCase] = [
    # =========================================================================== method (16)
    InstructionCase(
        id="m_nsw_linear_regression", half="A", kind="method", load=load_nsw,
        question="Use linear regression to estimate the effect of treat on re78, controlling for "
        "age, educ, black, hisp, marr, nodegree, re74 and re75.",
        description=NSW_DOC,
        expected=lambda df: ols_coef(df, "re78", "treat", _NSW_X),
        answer_type="number",
        note="OLS re78 ~ 1 + treat + age + educ + black + hisp + marr + nodegree + re74 + re75; "
        "coefficient on treat (the raw difference in means is 1794).",
    ),
    InstructionCase(
        id="m_thornton_no_other_vars", half="A", kind="method", load=load_thornton,
        question="What is the effect of any on got? Do not consider other variables.",
        description=THORNTON_DOC,
        expected=lambda df: diff_means(df, "got", "any"),
        answer_type="number",
        note="mean(got | any=1) - mean(got | any=0) on rows with both observed (n=2834), as a "
        "share (0.45 = 45 percentage points).",
    ),
    InstructionCase(
        id="m_mroz_all_variables", half="A", kind="method", load=load_mroz,
        question="Take all provided variables into consideration: what is the effect of wc on lwg?",
        description=MROZ_DOC,
        expected=lambda df: ols_coef(df, "lwg", "wc", all_other(df, "lwg", "wc")),
        answer_type="number",
        note="OLS lwg ~ 1 + wc + lfp + k5 + k618 + age + hc + inc (booleans as 0/1); coefficient "
        "on wc.",
    ),
    InstructionCase(
        id="m_nhefs_ipw_logistic", half="A", kind="method", load=load_nhefs,
        question="Estimate the average effect of qsmk on wt82_71 using propensity score weighting. "
        "Fit the propensity score with a logistic model on sex, race, age, smokeintensity, smokeyrs "
        "and wt71 (main effects only).",
        description=NHEFS_DOC,
        expected=lambda df: ipw_hajek_ate(df, "wt82_71", "qsmk", _NHEFS_PS),
        answer_type="number",
        note="Logit qsmk ~ 1 + sex + race + age + smokeintensity + smokeyrs + wt71 (unpenalised); "
        "ATE with normalised (Hajek) weights 1/e for quitters, 1/(1-e) for non-quitters: "
        "weighted mean wt82_71 of quitters minus of non-quitters (= WLS of wt82_71 on qsmk).",
    ),
    InstructionCase(
        id="m_loyalty_doubly_robust", half="A", kind="method", load=sim_loyalty,
        question="I'd like a doubly robust estimate of the effect of member on spend: AIPW with a "
        "logistic propensity model and a linear outcome model for each group, both using "
        "customer_tenure and urban.",
        description=LOYALTY_DOC,
        expected=lambda df: aipw_ate(df, "spend", "member", ["customer_tenure", "urban"]),
        answer_type="number",
        note="AIPW ATE: e from logit member ~ 1 + customer_tenure + urban; m1, m0 from OLS of spend "
        "on 1 + customer_tenure + urban among members / non-members; mean(m1 - m0 + T(Y-m1)/e - "
        "(1-T)(Y-m0)/(1-e)). Simulated true ATE = 25 + 2*E[tenure] = 35.",
    ),
    InstructionCase(
        id="m_nsw_psm_att", half="A", kind="method", load=load_nsw,
        question="Use a matching estimator: nearest-neighbour matching on the propensity score "
        "(one match per treated person, with replacement; propensity from a logit of treat on age, "
        "educ, black, hisp, marr, nodegree, re74, re75). What is the effect of treat on re78 for "
        "the treated?",
        description=NSW_DOC,
        expected=lambda df: psm_att(df, "re78", "treat", _NSW_X),
        answer_type="number",
        note="ATT by 1-NN matching with replacement on the estimated propensity score "
        "(probability scale, unpenalised logit on the 8 covariates, main effects); controls tied "
        "at the minimum distance are averaged.",
    ),
    InstructionCase(
        id="m_card_2sls", half="A", kind="method", load=load_card,
        question="Use 2SLS with nearc4 as the instrument for educ. Outcome lwage; controls exper, "
        "black, south and smsa. What's the return to a year of education?",
        description=CARD_DOC,
        expected=lambda df: tsls(df, "lwage", "educ", "nearc4", ["exper", "black", "south", "smsa"]),
        answer_type="number",
        note="2SLS of lwage on educ (endogenous) with exogenous 1, exper, black, south, smsa; "
        "excluded instrument nearc4; all 3010 rows.",
    ),
    InstructionCase(
        id="m_organ_did", half="A", kind="method", load=load_organ,
        question="California moved to active-choice organ-donor sign-up in Q3 2011 (active_choice "
        "marks California from then on). Using difference-in-differences with the other states as "
        "the comparison group, how did the policy change Rate?",
        description=ORGAN_DOC,
        expected=lambda df: did_2x2(df, "Rate", df["State"] == "California", df["Quarter_Num"] >= 4),
        answer_type="number",
        note="2x2 DiD of cell means: (CA post - CA pre) - (others post - others pre), post = "
        "Quarter_Num >= 4. The panel is balanced, so this equals the TWFE coefficient on "
        "active_choice with state and quarter fixed effects.",
    ),
    InstructionCase(
        id="m_mroz_lpm", half="B", kind="method", load=load_mroz,
        question="Run a linear regression (linear probability model) of lfp on k5 with age, k618, "
        "wc, hc, lwg and inc as controls. What is the effect of one more child under six on lfp?",
        description=MROZ_DOC,
        expected=lambda df: ols_coef(df, "lfp", "k5", ["age", "k618", "wc", "hc", "lwg", "inc"]),
        answer_type="number",
        note="OLS lfp(0/1) ~ 1 + k5 + age + k618 + wc + hc + lwg + inc; coefficient on k5 "
        "(change in participation probability, as a share).",
    ),
    InstructionCase(
        id="m_bp_simple_difference", half="B", kind="method", load=load_black_politicians,
        question="Effect of treat_out on responded - just a simple comparison, don't bring in any "
        "other variables.",
        description=BLACK_POL_DOC,
        expected=lambda df: diff_means(df, "responded", "treat_out"),
        answer_type="number",
        note="mean(responded | treat_out=1) - mean(responded | treat_out=0), all 5593 rows, share.",
    ),
    InstructionCase(
        id="m_bp_all_variables", half="B", kind="method", load=load_black_politicians,
        question="Estimate the effect of treat_out on responded taking all the provided variables "
        "into consideration.",
        description=BLACK_POL_DOC,
        expected=lambda df: ols_coef(df, "responded", "treat_out",
                                     all_other(df, "responded", "treat_out")),
        answer_type="number",
        note="OLS responded ~ 1 + treat_out + the 12 other columns (leg_black ... south); "
        "coefficient on treat_out.",
    ),
    InstructionCase(
        id="m_statin_ipw", half="B", kind="method", load=sim_statin,
        question="Use inverse propensity weighting with a logistic propensity model (age, bmi, "
        "diabetic) to estimate the average effect of statin on ldl_change.",
        description=STATIN_DOC,
        expected=lambda df: ipw_hajek_ate(df, "ldl_change", "statin", ["age", "bmi", "diabetic"]),
        answer_type="number",
        note="ATE, Hajek (normalised) weights, unpenalised logit statin ~ 1 + age + bmi + diabetic. "
        "Simulated true effect -30.",
    ),
    InstructionCase(
        id="m_nsw_aipw", half="B", kind="method", load=load_nsw,
        question="Give me a doubly robust (AIPW) estimate of the average effect of the NSW program "
        "on 1978 earnings. Use age, educ, black, hisp, marr, nodegree, re74 and re75 in both the "
        "logistic propensity model and the linear outcome models.",
        description=NSW_DOC,
        expected=lambda df: aipw_ate(df, "re78", "treat", _NSW_X),
        answer_type="number",
        note="AIPW ATE: logit treat on the 8 covariates; OLS of re78 on the 8 covariates in each "
        "arm; mean of the AIPW scores.",
    ),
    InstructionCase(
        id="m_tutoring_psm", half="B", kind="method", load=sim_tutoring,
        question="Estimate the effect of tutoring on test_score for the students who got tutoring, "
        "using 1-nearest-neighbour propensity score matching with replacement (propensity from a "
        "logit on prior_score and low_income).",
        description=TUTORING_DOC,
        expected=lambda df: psm_att(df, "test_score", "tutoring", ["prior_score", "low_income"]),
        answer_type="number",
        note="ATT, 1-NN with replacement on the estimated score (probability scale), ties "
        "averaged. Simulated: effect 6 + 0.1*(60 - prior_score); sample ATT 6.31.",
    ),
    InstructionCase(
        id="m_voucher_iv", half="B", kind="method", load=sim_voucher,
        question="Use voucher_offer as an instrument for private_school (two-stage least squares, "
        "no covariates). What is the effect on score?",
        description=VOUCHER_DOC,
        expected=lambda df: tsls(df, "score", "private_school", "voucher_offer"),
        answer_type="number",
        note="Just-identified 2SLS without covariates = Wald ratio cov(score, offer) / "
        "cov(private_school, offer). Simulated constant effect 5 (OLS is biased upward by "
        "unobserved ability).",
    ),
    InstructionCase(
        id="m_castle_twfe_did", half="B", kind="method", load=load_castle,
        question="Difference-in-differences with state (sid) and year fixed effects, unweighted, no "
        "other controls: what is the effect of post on l_homicide?",
        description=CASTLE_DOC,
        expected=lambda df: twfe(df, "l_homicide", "post", "sid", "year"),
        answer_type="number",
        note="OLS l_homicide ~ post + state dummies + year dummies (550 rows, no weights); "
        "coefficient on post (log points).",
    ),
    # ======================================================================= covariates (6)
    InstructionCase(
        id="c_nsw_only_prior_earnings", half="A", kind="covariates", load=load_nsw,
        question="Regress re78 on treat adjusting only for re74 and re75 - nothing else. What's "
        "the treatment effect?",
        description=NSW_DOC,
        expected=lambda df: ols_coef(df, "re78", "treat", ["re74", "re75"]),
        answer_type="number",
        note="OLS re78 ~ 1 + treat + re74 + re75; coefficient on treat.",
    ),
    InstructionCase(
        id="c_card_no_adjustment", half="A", kind="covariates", load=load_card,
        question="What's the effect of educ on lwage if I don't adjust for anything?",
        description=CARD_DOC,
        expected=lambda df: ols_coef(df, "lwage", "educ"),
        answer_type="number",
        note="Simple OLS slope of lwage on educ (log points per year), all 3010 rows.",
    ),
    InstructionCase(
        id="c_nhefs_also_wt71", half="A", kind="covariates", load=load_nhefs,
        question="Linear regression of wt82_71 on qsmk adjusting for sex, race and age - and also "
        "control for wt71. What's the qsmk effect?",
        description=NHEFS_DOC,
        expected=lambda df: ols_coef(df, "wt82_71", "qsmk", ["sex", "race", "age", "wt71"]),
        answer_type="number",
        note="OLS wt82_71 ~ 1 + qsmk + sex + race + age + wt71 (all linear); coefficient on qsmk.",
    ),
    InstructionCase(
        id="c_mroz_only_age", half="B", kind="covariates", load=load_mroz,
        question="Using OLS, what is the effect of k5 on lfp controlling only for age?",
        description=MROZ_DOC,
        expected=lambda df: ols_coef(df, "lfp", "k5", ["age"]),
        answer_type="number",
        note="OLS lfp(0/1) ~ 1 + k5 + age; coefficient on k5 (share).",
    ),
    InstructionCase(
        id="c_promo_all_covariates", half="B", kind="covariates", load=sim_promo,
        question="Effect of promo on weekly_sales, controlling for all the covariates in the table "
        "(linear regression).",
        description=PROMO_DOC,
        expected=lambda df: ols_coef(df, "weekly_sales", "promo",
                                     all_other(df, "weekly_sales", "promo")),
        answer_type="number",
        note="OLS weekly_sales ~ 1 + promo + store_size_sqm + foot_traffic + area_income_k + "
        "competitor_nearby. Simulated true effect 450 (naive difference is much larger).",
    ),
    InstructionCase(
        id="c_card_also_region", half="B", kind="covariates", load=load_card,
        question="I regress lwage on educ with exper and black as controls. Also control for "
        "south and smsa - what is the educ coefficient now?",
        description=CARD_DOC,
        expected=lambda df: ols_coef(df, "lwage", "educ", ["exper", "black", "south", "smsa"]),
        answer_type="number",
        note="OLS lwage ~ 1 + educ + exper + black + south + smsa; coefficient on educ.",
    ),
    # =========================================================================== sample (6)
    InstructionCase(
        id="s_thornton_age_20_22", half="A", kind="sample", load=load_thornton,
        question="Among people aged between 20 and 22 inclusive, what is the effect of any on got? "
        "A plain difference in means is fine.",
        description=THORNTON_DOC,
        expected=lambda df: diff_means(df[df["age"].between(20, 22)], "got", "any"),
        answer_type="number",
        note="Rows with 20 <= age <= 22 and got, any observed; mean(got|any=1) - mean(got|any=0), "
        "share.",
    ),
    InstructionCase(
        id="s_nsw_black_only", half="A", kind="sample", load=load_nsw,
        question="Only rows where black = 1: what is the effect of treat on re78 (difference in "
        "means)?",
        description=NSW_DOC,
        expected=lambda df: diff_means(df[df["black"] == 1], "re78", "treat"),
        answer_type="number",
        note="Difference in mean re78, treated minus control, among black == 1 (n=371).",
    ),
    InstructionCase(
        id="s_bp_exclude_south", half="A", kind="sample", load=load_black_politicians,
        question="Exclude southern legislators (south == 1). What's the effect of treat_out on "
        "responded? Simple difference in response rates.",
        description=BLACK_POL_DOC,
        expected=lambda df: diff_means(df[df["south"] != 1], "responded", "treat_out"),
        answer_type="number",
        note="Rows with south == 0; difference in mean responded, share.",
    ),
    InstructionCase(
        id="s_mroz_in_labor_force", half="B", kind="sample", load=load_mroz,
        question="Only for women in the labor force (lfp is True): regress lwg on wc controlling "
        "for age, k5 and k618. What is the effect of wc?",
        description=MROZ_DOC,
        expected=lambda df: ols_coef(df[_num(df["lfp"]) == 1], "lwg", "wc", ["age", "k5", "k618"]),
        answer_type="number",
        note="Rows with lfp True (n=428); OLS lwg ~ 1 + wc + age + k5 + k618; coefficient on wc.",
    ),
    InstructionCase(
        id="s_nhefs_age_40_60", half="B", kind="sample", load=load_nhefs,
        question="Restrict to participants aged 40 to 60 inclusive. What's the effect of qsmk on "
        "wt82_71, adjusting for sex, wt71 and smokeintensity by linear regression?",
        description=NHEFS_DOC,
        expected=lambda df: ols_coef(df[df["age"].between(40, 60)], "wt82_71", "qsmk",
                                     ["sex", "wt71", "smokeintensity"]),
        answer_type="number",
        note="Rows with 40 <= age <= 60; OLS wt82_71 ~ 1 + qsmk + sex + wt71 + smokeintensity.",
    ),
    InstructionCase(
        id="s_card_exclude_south", half="B", kind="sample", load=load_card,
        question="Leaving out the men who live in the south, what is the OLS effect of educ on "
        "lwage controlling for exper and black?",
        description=CARD_DOC,
        expected=lambda df: ols_coef(df[df["south"] == 0], "lwage", "educ", ["exper", "black"]),
        answer_type="number",
        note="Rows with south == 0; OLS lwage ~ 1 + educ + exper + black; coefficient on educ.",
    ),
    # ========================================================================= estimand (6)
    InstructionCase(
        id="e_coupon_att", half="A", kind="estimand", load=sim_coupon,
        question="What is the ATT of coupon on basket_value? Adjust for past_spend and app_user.",
        description=COUPON_DOC,
        expected=lambda df: reg_adjust(df, "basket_value", "coupon", ["past_spend", "app_user"], "ATT"),
        answer_type="number",
        note="Regression adjustment ATT: OLS basket_value ~ 1 + past_spend + app_user in each arm; "
        "mean of m1 - m0 over coupon == 1. Simulated effect 4 + 0.15*(past_spend - 50): coupons "
        "went to high spenders, so the sample ATT (~7.2) is well above the ATE (~4.9) and ATC (~3.3).",
    ),
    InstructionCase(
        id="e_training_atc", half="A", kind="estimand", load=sim_training,
        question="What would the training have done for the workers who did NOT take it (ATC)? "
        "Outcome earnings; adjust for age and prior_earn.",
        description=TRAINING_DOC,
        expected=lambda df: reg_adjust(df, "earnings", "training", ["age", "prior_earn"], "ATC"),
        answer_type="number",
        note="Regression adjustment ATC: OLS earnings ~ 1 + age + prior_earn per arm; mean of "
        "m1 - m0 over training == 0. Simulated effect 6 - 0.3*(prior_earn - 25); non-takers earn "
        "more, so ATC < ATE < ATT.",
    ),
    InstructionCase(
        id="e_nhefs_att_regression_adjustment", half="A", kind="estimand", load=load_nhefs,
        question="Using regression adjustment (separate linear outcome models for quitters and "
        "non-quitters, on sex, race, age, smokeintensity, smokeyrs and wt71), what is the average "
        "effect of qsmk on wt82_71 among those who quit?",
        description=NHEFS_DOC,
        expected=lambda df: reg_adjust(df, "wt82_71", "qsmk", _NHEFS_PS, "ATT"),
        answer_type="number",
        note="OLS wt82_71 ~ 1 + sex + race + age + smokeintensity + smokeyrs + wt71 in each arm; "
        "mean predicted difference over qsmk == 1 (ATT).",
    ),
    InstructionCase(
        id="e_mentoring_ate", half="B", kind="estimand", load=sim_mentoring,
        question="Average treatment effect over all employees (ATE) of mentoring on "
        "retention_months, adjusting for engagement and remote.",
        description=MENTORING_DOC,
        expected=lambda df: reg_adjust(df, "retention_months", "mentoring",
                                       ["engagement", "remote"], "ATE"),
        answer_type="number",
        note="Regression adjustment ATE: OLS per arm on 1 + engagement + remote; mean of m1 - m0 "
        "over all rows. Simulated effect 3 + 2.5*engagement + 2*remote, true ATE ~3.8; ATT and "
        "ATC differ by about +-1.",
    ),
    InstructionCase(
        id="e_screening_att", half="B", kind="estimand", load=sim_screening,
        question="How did screening change days_lost for the employees who actually got screened? "
        "Adjust for age and risk_score.",
        description=SCREENING_DOC,
        expected=lambda df: reg_adjust(df, "days_lost", "screening", ["age", "risk_score"], "ATT"),
        answer_type="number",
        note="Regression adjustment ATT (OLS per arm on 1 + age + risk_score; mean m1 - m0 over "
        "screening == 1). Simulated effect -1 - 0.8*(risk_score - 5); the screened have higher "
        "risk, so ATT is more negative than ATE.",
    ),
    InstructionCase(
        id="e_mroz_atc", half="B", kind="estimand", load=load_mroz,
        question="By regression adjustment (separate OLS for each group on age, k5, k618 and inc), "
        "what is the effect of wc on lwg for the women who did not attend college?",
        description=MROZ_DOC,
        expected=lambda df: reg_adjust(df, "lwg", "wc", ["age", "k5", "k618", "inc"], "ATC"),
        answer_type="number",
        note="OLS lwg ~ 1 + age + k5 + k618 + inc within wc True and wc False; mean predicted "
        "difference over wc == False (ATC).",
    ),
    # ============================================================================ scale (7)
    InstructionCase(
        id="sc_thornton_percentage_points", half="A", kind="scale", load=load_thornton,
        question="By how many percentage points did receiving any incentive (any) change the "
        "chance of collecting the HIV result (got)? Simple comparison of means.",
        description=THORNTON_DOC,
        expected=lambda df: 100 * diff_means(df, "got", "any"),
        answer_type="number",
        note="100 x (mean got | any=1 - mean got | any=0), complete cases; percentage points.",
    ),
    InstructionCase(
        id="sc_nhefs_log_weight", half="A", kind="scale", load=load_nhefs,
        question="What is the effect of qsmk on log(wt82)? Linear regression controlling for wt71 "
        "and sex.",
        description=NHEFS_DOC,
        expected=lambda df: ols_coef(df, "wt82", "qsmk", ["wt71", "sex"], log_y=True),
        answer_type="number",
        note="OLS log(wt82) ~ 1 + qsmk + wt71 + sex (wt71 in kg, not logged); coefficient on qsmk "
        "(log points).",
    ),
    InstructionCase(
        id="sc_exercise_per_10", half="A", kind="scale", load=sim_exercise,
        question="How much does sbp change per 10 minutes of weekly exercise (exercise_min)? "
        "Adjust for age with linear regression.",
        description=EXERCISE_DOC,
        expected=lambda df: 10 * ols_coef(df, "sbp", "exercise_min", ["age"]),
        answer_type="number",
        note="10 x coefficient on exercise_min in OLS sbp ~ 1 + exercise_min + age. Simulated "
        "truth -0.4 mmHg per 10 minutes.",
    ),
    InstructionCase(
        id="sc_bp_percentage_points", half="B", kind="scale", load=load_black_politicians,
        question="How many percentage points does an out-of-district sender change the response "
        "rate? It was randomised, so a difference in means is fine.",
        description=BLACK_POL_DOC,
        expected=lambda df: 100 * diff_means(df, "responded", "treat_out"),
        answer_type="number",
        note="100 x difference in mean responded between treat_out 1 and 0 (percentage points).",
    ),
    InstructionCase(
        id="sc_wages_log", half="B", kind="scale", load=sim_wages,
        question="What is the effect of certified on log wage? Log-transform wage and control "
        "for experience.",
        description=WAGES_DOC,
        expected=lambda df: ols_coef(df, "wage", "certified", ["experience"], log_y=True),
        answer_type="number",
        note="OLS log(wage) ~ 1 + certified + experience; coefficient on certified. Simulated "
        "truth 0.12.",
    ),
    InstructionCase(
        id="sc_fertilizer_per_10kg", half="B", kind="scale", load=sim_fertilizer,
        question="Effect of fertilizer on yield_t per 10 kg of fertilizer_kg, controlling for "
        "rainfall_mm?",
        description=FERTILIZER_DOC,
        expected=lambda df: 10 * ols_coef(df, "yield_t", "fertilizer_kg", ["rainfall_mm"]),
        answer_type="number",
        note="10 x OLS coefficient on fertilizer_kg in yield_t ~ 1 + fertilizer_kg + rainfall_mm. "
        "Simulated truth 0.12 t/ha per 10 kg.",
    ),
    InstructionCase(
        id="sc_card_four_years", half="B", kind="scale", load=load_card,
        question="What is the effect of four extra years of educ on lwage? OLS with exper, black, "
        "south and smsa as controls.",
        description=CARD_DOC,
        expected=lambda df: 4 * ols_coef(df, "lwage", "educ", ["exper", "black", "south", "smsa"]),
        answer_type="number",
        note="4 x coefficient on educ in OLS lwage ~ 1 + educ + exper + black + south + smsa.",
    ),
    # ==================================================================== rounding_sign (6)
    InstructionCase(
        id="r_thornton_3_decimals", half="A", kind="rounding_sign", load=load_thornton,
        question="Effect of any on got as a difference in means - round to 3 decimals.",
        description=THORNTON_DOC,
        expected=lambda df: round(diff_means(df, "got", "any"), 3),
        answer_type="number",
        note="round(mean(got|any=1) - mean(got|any=0), 3), complete cases, as a share; the answer "
        "should read exactly this number.",
    ),
    InstructionCase(
        id="r_discharge_negative_if_reduces", half="A", kind="rounding_sign", load=sim_discharge,
        question="Effect of discharge_program on los_days, adjusting for age and severity with "
        "linear regression. Answer negative if it reduces the stay.",
        description=DISCHARGE_DOC,
        expected=lambda df: ols_coef(df, "los_days", "discharge_program", ["age", "severity"]),
        answer_type="number",
        note="OLS los_days ~ 1 + discharge_program + age + severity; coefficient (negative: the "
        "program shortens stays; simulated truth about -1.1).",
    ),
    InstructionCase(
        id="r_nsw_nearest_dollar", half="A", kind="rounding_sign", load=load_nsw,
        question="Difference in mean re78 between treat = 1 and treat = 0, to the nearest dollar.",
        description=NSW_DOC,
        expected=lambda df: float(round(diff_means(df, "re78", "treat"))),
        answer_type="number",
        note="round(mean re78 treated - mean re78 control, 0).",
    ),
    InstructionCase(
        id="r_card_3_decimals", half="B", kind="rounding_sign", load=load_card,
        question="OLS of lwage on educ with exper, black, south and smsa as controls - give the "
        "educ coefficient rounded to 3 decimals.",
        description=CARD_DOC,
        expected=lambda df: round(ols_coef(df, "lwage", "educ",
                                           ["exper", "black", "south", "smsa"]), 3),
        answer_type="number",
        note="round(coefficient on educ, 3).",
    ),
    InstructionCase(
        id="r_mobilisation_days_shorter", half="B", kind="rounding_sign", load=sim_mobilisation,
        question="How many days shorter is the hospital stay (stay_days) with early_mobilisation? "
        "Adjust for age and charlson_index with linear regression, and report the days saved as "
        "a positive number.",
        description=MOBILISATION_DOC,
        expected=lambda df: -ols_coef(df, "stay_days", "early_mobilisation", ["age", "charlson_index"]),
        answer_type="number",
        note="MINUS the coefficient on early_mobilisation in OLS stay_days ~ 1 + "
        "early_mobilisation + age + charlson_index (positive, ~1.1).",
    ),
    InstructionCase(
        id="r_nhefs_2_decimals", half="B", kind="rounding_sign", load=load_nhefs,
        question="How many kg more did quitters gain than non-quitters (qsmk, wt82_71), adjusting "
        "for sex, age and wt71 by OLS? Two decimals please.",
        description=NHEFS_DOC,
        expected=lambda df: round(ols_coef(df, "wt82_71", "qsmk", ["sex", "age", "wt71"]), 2),
        answer_type="number",
        note="round(coefficient on qsmk in OLS wt82_71 ~ 1 + qsmk + sex + age + wt71, 2).",
    ),
    # ==================================================================== heterogeneity (6)
    InstructionCase(
        id="h_bp_by_leg_black", half="A", kind="heterogeneity", load=load_black_politicians,
        question="Does the effect of treat_out on responded differ by leg_black? Give the effect "
        "for each level (difference in response rates).",
        description=BLACK_POL_DOC,
        expected=lambda df: per_group(df, "leg_black",
                                      lambda d: diff_means(d, "responded", "treat_out")),
        answer_type="per_group",
        note="{0: diff in mean responded among non-Black legislators, 1: among Black legislators}, "
        "shares. Broockman: large negative for non-Black, near zero for Black legislators.",
    ),
    InstructionCase(
        id="h_region_per_group_ols", half="A", kind="heterogeneity", load=sim_region,
        question="What's the effect of loyalty_push on sales_k in each region? Control for "
        "store_size (separate linear regression within each region).",
        description=REGION_DOC,
        expected=lambda df: per_group(df, "region",
                                      lambda d: ols_coef(d, "sales_k", "loyalty_push", ["store_size"])),
        answer_type="per_group",
        note="Per region: coefficient on loyalty_push in OLS sales_k ~ 1 + loyalty_push + "
        "store_size. Simulated truth north 1.0, south 2.5, west 4.0.",
    ),
    InstructionCase(
        id="h_nhefs_by_sex", half="A", kind="heterogeneity", load=load_nhefs,
        question="Does quitting smoking (qsmk) affect weight change (wt82_71) differently for men "
        "and women (sex)? Estimate it for each sex with OLS adjusting for age, wt71 and "
        "smokeintensity.",
        description=NHEFS_DOC,
        expected=lambda df: per_group(df, "sex", lambda d: ols_coef(
            d, "wt82_71", "qsmk", ["age", "wt71", "smokeintensity"])),
        answer_type="per_group",
        note="Per sex (0 male, 1 female): coefficient on qsmk in OLS wt82_71 ~ 1 + qsmk + age + "
        "wt71 + smokeintensity.",
    ),
    InstructionCase(
        id="h_nsw_by_nodegree", half="B", kind="heterogeneity", load=load_nsw,
        question="Effect of treat on re78 separately for nodegree = 0 and nodegree = 1 "
        "(difference in means within each group).",
        description=NSW_DOC,
        expected=lambda df: per_group(df, "nodegree", lambda d: diff_means(d, "re78", "treat")),
        answer_type="per_group",
        note="{0: diff in mean re78 among men with a degree, 1: among men without}.",
    ),
    InstructionCase(
        id="h_card_by_south", half="B", kind="heterogeneity", load=load_card,
        question="Is the return to educ (on lwage) different in the south? Give it for each level "
        "of south, OLS controlling for exper, black and smsa within each group.",
        description=CARD_DOC,
        expected=lambda df: per_group(df, "south", lambda d: ols_coef(
            d, "lwage", "educ", ["exper", "black", "smsa"])),
        answer_type="per_group",
        note="Per south level: coefficient on educ in OLS lwage ~ 1 + educ + exper + black + smsa.",
    ),
    InstructionCase(
        id="h_plan_tiers", half="B", kind="heterogeneity", load=sim_plan,
        question="Did the effect of the new onboarding flow on usage_hours differ across plan "
        "tiers? Give the effect for each plan.",
        description=PLAN_DOC,
        expected=lambda df: per_group(df, "plan",
                                      lambda d: diff_means(d, "usage_hours", "new_onboarding")),
        answer_type="per_group",
        note="Randomised; per plan the difference in mean usage_hours (new_onboarding 1 - 0). "
        "Simulated truth basic 2.0, plus 1.0, premium -0.5.",
    ),
    # =========================================================================== advice (22)
    # ---- A (11)
    _advice(
        "adv_a_confounder_email", "A",
        _Adv("confounder", 2101, 3000, "discount_email", "purchases_90d", "past_purchases",
             t_bin=True, v_bin=False, y_lin=(3.0, 1.2), v_lin=(5.0, 2.0), tau=0.4, a=1.2, b=1.0),
        "Should we control for past_purchases when estimating the effect of discount_email on "
        "purchases_90d?",
        """Customer table, one row per customer.
    past_purchases - purchases in the 12 months BEFORE the campaign
    discount_email - 1 if the customer was sent the discount email (the marketing team chose whom to email, it was not random)
    purchases_90d - purchases in the 90 days AFTER the email was sent""",
        "yes", "confounder"),
    _advice(
        "adv_a_confounder_age_plain", "A",
        _Adv("confounder", 2102, 2500, "statin", "ldl_2y", "age", t_bin=True, v_bin=False,
             y_lin=(130.0, 20.0), v_lin=(58.0, 9.0), tau=-0.8, a=1.0, b=0.8, digits=0),
        "Do I need to adjust for the patients' age when estimating what statins do to LDL "
        "cholesterol two years later?",
        """Observational cohort, one row per patient.
    age - age at enrolment (years)
    statin - 1 if the physician prescribed a statin at enrolment (physician's choice)
    ldl_2y - LDL cholesterol (mg/dL) measured two years after enrolment""",
        "yes", "confounder"),
    _advice(
        "adv_a_mediator_skills", "A",
        _Adv("mediator", 2103, 3000, "training", "earnings_1y", "skills_score", t_bin=True,
             v_bin=False, y_lin=(30000.0, 6000.0), v_lin=(60.0, 10.0), tau=0.2, a=1.0, b=0.6,
             digits=0),
        "Should I control for skills_score when estimating the effect of training on earnings_1y?",
        """Job-training study, one row per participant. Training places were allocated by lottery.
    training - 1 if the person attended the training course (January 2023)
    skills_score - score on a skills test taken in April 2023, three months after the training ended
    earnings_1y - earnings in calendar year 2024""",
        "no", "mediator"),
    _advice(
        "adv_a_mediator_blood_pressure", "A",
        _Adv("mediator", 2104, 2000, "new_drug", "stroke_risk", "bp_6m", t_bin=True, v_bin=False,
             y_lin=(10.0, 3.0), v_lin=(140.0, 12.0), tau=-0.2, a=-1.0, b=0.7, digits=1),
        "When estimating the effect of new_drug on stroke_risk, should we adjust for bp_6m?",
        """Randomised trial, one row per patient.
    new_drug - 1 if randomised to the new antihypertensive drug at baseline
    bp_6m - systolic blood pressure measured six months after starting treatment
    stroke_risk - 5-year stroke risk score computed at the 2-year visit""",
        "no", "mediator"),
    _advice(
        "adv_a_collider_survey", "A",
        _Adv("collider", 2105, 3000, "onboarding_call", "spend_next_year", "responded_survey",
             t_bin=True, v_bin=True, y_lin=(1200.0, 300.0), tau=0.4, a=0.8, b=1.0, digits=0),
        "Should we control for responded_survey when estimating the effect of onboarding_call on "
        "spend_next_year?",
        """B2B customers, one row per account.
    onboarding_call - 1 if the account got a personal onboarding call when it signed up (Jan 2023)
    spend_next_year - spend over Feb 2023 - Jan 2024, dollars
    responded_survey - 1 if the account answered the satisfaction survey sent in March 2024, i.e. after the spend year was over""",
        "no", "collider"),
    _advice(
        "adv_a_instrument_lottery", "A",
        _Adv("instrument", 2106, 4000, "charter_enrolled", "test_score", "lottery_win",
             t_bin=True, v_bin=True, y_lin=(250.0, 40.0), tau=0.3, a=1.5, digits=0),
        "Should lottery_win be included as a control variable when estimating the effect of "
        "charter_enrolled on test_score?",
        """Charter-school applicants, one row per student.
    lottery_win - 1 if the student won the admission lottery (random draw, spring 2019)
    charter_enrolled - 1 if the student enrolled in the charter school in fall 2019 (families decide; lottery winners may decline and some losers get in from the wait list)
    test_score - state test score in 2022""",
        "no", "instrument",
        "V affects Y only through T; adjusting for it removes exogenous variation in T and "
        "amplifies the bias from the unobserved confounder."),
    _advice(
        "adv_a_instrument_distance_plain", "A",
        _Adv("instrument", 2107, 3000, "vaccinated", "sick_days", "km_to_clinic", t_bin=True,
             v_bin=False, y_lin=(6.0, 2.0), v_lin=(12.0, 4.0), tau=-0.6, a=-1.2, digits=1),
        "Do we need to adjust for how far people live from the clinic (km_to_clinic) when "
        "estimating the effect of getting vaccinated on sick_days?",
        """Employee records, one row per employee.
    km_to_clinic - distance from home to the vaccination clinic, fixed before the campaign started; it makes getting vaccinated harder but has nothing else to do with health
    vaccinated - 1 if the employee got the flu vaccine in October
    sick_days - sick days taken November - March""",
        "no", "instrument"),
    _advice(
        "adv_a_precision_checkout", "A",
        _Adv("precision", 2108, 3000, "new_checkout", "order_value", "prior_order_value",
             t_bin=True, v_bin=False, y_lin=(65.0, 25.0), v_lin=(60.0, 25.0), tau=0.4, b=1.5),
        "Should we control for prior_order_value when estimating the effect of new_checkout on "
        "order_value?",
        """A/B test, one row per shopper. The new checkout page was randomised 50/50.
    prior_order_value - average order value over the 6 months before the test started
    new_checkout - 1 if the shopper saw the new checkout page
    order_value - average order value during the test, dollars""",
        "yes", "precision",
        "Randomised T; V is a pre-treatment cause of Y only - adjusting is optional, unbiased "
        "either way, and tightens the CI."),
    _advice(
        "adv_a_descendant_complaint", "A",
        _Adv("descendant", 2109, 3000, "express_route", "delivery_hours", "late_complaint",
             t_bin=True, v_bin=True, y_lin=(48.0, 12.0), tau=-0.5, b=1.5, digits=1),
        "Should I adjust for late_complaint when estimating the effect of express_route on "
        "delivery_hours?",
        """Parcel deliveries, one row per parcel.
    express_route - 1 if the parcel was sent via the new express routing
    delivery_hours - hours from dispatch to delivery
    late_complaint - 1 if the customer filed a 'late delivery' complaint, recorded after the parcel was delivered""",
        "no", "descendant"),
    _advice(
        "adv_a_descendant_waist_plain", "A",
        _Adv("descendant", 2110, 2000, "diet_program", "weight_6m", "waist_7m", t_bin=True,
             v_bin=False, y_lin=(82.0, 10.0), v_lin=(95.0, 10.0), tau=-0.5, b=1.2, digits=1),
        "Should we control for waist circumference at month 7 (waist_7m) when estimating how the "
        "diet program changes weight at month 6?",
        """Diet study, one row per participant.
    diet_program - 1 if the participant joined the diet program at month 0
    weight_6m - body weight (kg) at the month-6 visit
    waist_7m - waist circumference (cm) at the month-7 follow-up visit""",
        "no", "descendant"),
    _advice(
        "adv_a_mbias_friends", "A",
        _Adv("m_bias", 2111, 4000, "enrolled_course", "earnings", "friends_in_course",
             t_bin=True, v_bin=False, y_lin=(40000.0, 8000.0), v_lin=(3.0, 1.2), tau=0.3, a=1.5,
             b=1.5, digits=0),
        "Should we control for friends_in_course when estimating the effect of enrolled_course on "
        "earnings?",
        """Adult-education data, one row per applicant.
    friends_in_course - number of the applicant's friends already signed up, recorded at registration (before the applicant decided to enrol). It reflects the applicant's motivation, which drives enrolment, and the wealth of their neighbourhood, which drives earnings; neither motivation nor neighbourhood wealth was recorded, and the number of friends itself affects neither enrolment nor earnings
    enrolled_course - 1 if the applicant enrolled in the course
    earnings - earnings two years later, dollars""",
        "no", "m_bias"),
    # ---- B (11)
    _advice(
        "adv_b_confounder_gpa", "B",
        _Adv("confounder", 2201, 2500, "tutoring_hours", "exam_score", "prior_gpa", t_bin=False,
             v_bin=False, t_lin=(10.0, 4.0), y_lin=(70.0, 10.0), v_lin=(3.0, 0.5), tau=0.4,
             a=-1.0, b=1.0),
        "Do we need to adjust for prior_gpa to estimate the effect of tutoring_hours on exam_score?",
        """Students, one row each, observational.
    prior_gpa - GPA in the previous semester
    tutoring_hours - hours of tutoring the student chose to take this semester
    exam_score - final exam score at the end of this semester""",
        "yes", "confounder"),
    _advice(
        "adv_b_confounder_plant_age_plain", "B",
        _Adv("confounder", 2202, 1500, "new_machine", "defect_rate", "plant_age", t_bin=True,
             v_bin=False, y_lin=(2.5, 0.8), v_lin=(20.0, 8.0), tau=-0.5, a=1.2, b=1.0),
        "Should we account for how old each plant is when we estimate how much the new machine "
        "changed defect rates?",
        """Manufacturing plants, one row per plant.
    plant_age - age of the plant in years when the 2022 investment round was decided
    new_machine - 1 if the plant got the new machine in the 2022 round (head office prioritised older plants)
    defect_rate - defects per 1000 units in 2023""",
        "yes", "confounder"),
    _advice(
        "adv_b_mediator_site_visits", "B",
        _Adv("mediator", 2203, 3000, "ad_exposure", "sales", "site_visits", t_bin=False,
             v_bin=False, t_lin=(20.0, 8.0), y_lin=(500.0, 120.0), v_lin=(40.0, 15.0), tau=0.1,
             a=0.9, b=0.7, digits=1),
        "Should site_visits be controlled for when estimating the effect of ad_exposure on sales?",
        """Geo-experiment, one row per postcode; ad budgets were assigned at random.
    ad_exposure - ad impressions per 100 residents in week 1
    site_visits - website visits per 100 residents in week 2
    sales - online sales in weeks 3-4, dollars per 100 residents""",
        "no", "mediator"),
    _advice(
        "adv_b_collider_endorsements", "B",
        _Adv("collider", 2204, 3000, "bootcamp", "salary", "linkedin_endorsements", t_bin=True,
             v_bin=False, y_lin=(65000.0, 12000.0), v_lin=(25.0, 10.0), tau=0.4, a=0.8, b=1.0,
             digits=0),
        "Should I include linkedin_endorsements as a control when estimating the effect of "
        "bootcamp on salary?",
        """Survey of junior developers, one row per person.
    bootcamp - 1 if the person completed a coding bootcamp in 2022
    salary - annual salary reported in 2024
    linkedin_endorsements - number of LinkedIn skill endorsements, counted in 2025 (after the salary was reported)""",
        "no", "collider"),
    _advice(
        "adv_b_collider_readmission_plain", "B",
        _Adv("collider", 2205, 2500, "physio", "mobility_score", "readmitted", t_bin=True,
             v_bin=True, y_lin=(50.0, 10.0), tau=0.5, a=-0.8, b=-1.2, digits=1),
        "Should we adjust for whether the patient was readmitted when estimating the effect of "
        "physio on mobility_score?",
        """Hip-fracture patients, one row per patient.
    physio - 1 if the patient received intensive physiotherapy in the first two weeks after surgery
    mobility_score - mobility assessment at week 6
    readmitted - 1 if readmitted to hospital within 90 days after the week-6 assessment""",
        "no", "collider"),
    _advice(
        "adv_b_instrument_reminder", "B",
        _Adv("instrument", 2206, 3000, "gym_visits", "weight_change", "sms_reminder", t_bin=False,
             v_bin=True, t_lin=(8.0, 3.0), y_lin=(-1.0, 2.0), tau=-0.4, a=1.0),
        "Should we control for sms_reminder when estimating the effect of gym_visits on "
        "weight_change?",
        """Gym members, one row per member.
    sms_reminder - 1 if the member was randomly chosen to get weekly SMS reminders (assigned in January, before anything else was measured)
    gym_visits - gym visits per month, February - April
    weight_change - change in body weight (kg) from January to May""",
        "no", "instrument"),
    _advice(
        "adv_b_precision_soil", "B",
        _Adv("precision", 2207, 1200, "biochar", "yield_t_ha", "soil_carbon", t_bin=True,
             v_bin=False, y_lin=(6.0, 1.2), v_lin=(2.0, 0.5), tau=0.4, b=1.5),
        "Should soil_carbon go in the model when estimating the effect of biochar on yield_t_ha?",
        """Field trial, one row per plot. Biochar was assigned to plots at random.
    soil_carbon - soil organic carbon (%) measured before the trial started
    biochar - 1 if the plot received biochar
    yield_t_ha - harvested yield at the end of the season, t/ha""",
        "yes", "precision"),
    _advice(
        "adv_b_precision_steps_plain", "B",
        _Adv("precision", 2208, 2000, "coaching_app", "steps_month3", "baseline_steps",
             t_bin=True, v_bin=False, y_lin=(6500.0, 2000.0), v_lin=(6000.0, 2000.0), tau=0.4,
             b=1.3, digits=0),
        "Is it a good idea to adjust for people's step count before the study (baseline_steps) "
        "when estimating the effect of the coaching app on steps at month 3?",
        """Randomised trial, one row per participant (the app was assigned by coin flip).
    baseline_steps - average daily steps in the week before randomisation
    coaching_app - 1 if assigned to the coaching app
    steps_month3 - average daily steps in month 3""",
        "yes", "precision"),
    _advice(
        "adv_b_descendant_credit", "B",
        _Adv("descendant", 2209, 3000, "financial_coaching", "debt_12m", "credit_score_13m",
             t_bin=True, v_bin=False, y_lin=(8000.0, 3000.0), v_lin=(650.0, 60.0), tau=-0.4,
             b=-1.2, digits=0),
        "Should we control for credit_score_13m when estimating the effect of financial_coaching "
        "on debt_12m?",
        """Credit-union members, one row per member.
    financial_coaching - 1 if the member took the free financial coaching offered in month 0
    debt_12m - outstanding consumer debt at month 12, dollars
    credit_score_13m - credit score pulled at month 13""",
        "no", "descendant"),
    _advice(
        "adv_b_mbias_pta", "B",
        _Adv("m_bias", 2210, 4000, "after_school", "test_score", "parent_pta", t_bin=True,
             v_bin=True, y_lin=(500.0, 90.0), tau=0.3, a=1.8, b=1.8, digits=0),
        "Should we control for parent_pta when estimating the effect of after_school on "
        "test_score?",
        """Elementary-school pupils, one row per pupil.
    parent_pta - 1 if a parent was a PTA member at the start of the school year, before programme sign-up. PTA membership is driven by the parent's civic engagement (which also drives signing the child up for the after-school programme) and by household income (which also drives test scores); neither civic engagement nor income was recorded, and being in the PTA itself changes neither sign-up nor scores
    after_school - 1 if the child attended the after-school programme
    test_score - end-of-year test score""",
        "no", "m_bias"),
    _advice(
        "adv_b_mbias_gym_plain", "B",
        _Adv("m_bias", 2211, 4000, "flu_shot", "sick_days", "gym_member", t_bin=True, v_bin=True,
             y_lin=(5.0, 2.0), tau=-0.4, a=1.8, b=-1.8, digits=1),
        "Should gym membership be adjusted for when estimating how the flu shot affects "
        "sick_days?",
        """Employees, one row per employee.
    gym_member - 1 if the employee had a subsidised gym membership on file at the start of the flu season, before the vaccination campaign. Membership reflects health-consciousness (which also makes people get the flu shot) and job type (office workers join the gym more and take fewer sick days); neither health-consciousness nor job type was recorded, and the gym itself does not affect vaccination or sick days
    flu_shot - 1 if the employee got the flu shot in October
    sick_days - sick days taken November - March""",
        "no", "m_bias"),
]


def cases(half: str | None = None) -> list[InstructionCase]:
    """All cases, or one half ("A" development, "B" held out)."""
    return [c for c in CASES if half is None or c.half == half]


def _fmt(v) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {x:.4g}" for k, x in v.items()) + "}"
    if isinstance(v, str):
        return v
    return f"{v:.4g}"


def main() -> None:
    from collections import Counter

    print(f"{'id':40s} | half | {'kind':13s} | expected")
    for c in CASES:
        df = c.load()
        exp = c.expected(df)
        extra = ""
        if c.kind == "advice":
            true, unadj, adj = advice_check(c, df)
            extra = (f"  ({c.reason}; n={len(df)}, true {true:.4g}, without V {unadj:.4g}, "
                     f"with V {adj:.4g})")
        print(f"{c.id:40s} | {c.half:4s} | {c.kind:13s} | {_fmt(exp)}{extra}")
    counts = Counter((c.kind, c.half) for c in CASES)
    kinds = list(dict.fromkeys(c.kind for c in CASES))
    print("\nkind            A   B")
    for k in kinds:
        print(f"{k:13s} {counts[(k, 'A')]:3d} {counts[(k, 'B')]:3d}")
    print(f"{'total':13s} {len(cases('A')):3d} {len(cases('B')):3d}   ({len(CASES)})")


if __name__ == "__main__":
    main()
