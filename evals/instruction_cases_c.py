"""Instruction suite, half C: 24 further held-out effect questions with explicit instructions.

Half C was written on 2026-12-07, before the third session's code changes, by a writer who did
not read ``agent/`` or ``tools/``; it is scored only once, at the end. Do not inspect, tune on or
run these cases while developing.

The case type, the data loaders of the real tables, the codebooks, the by-hand estimators and the
scoring semantics are those of ``evals.instruction_cases`` (numbers right within 3 % relative,
per-group answers when every group is, advice when yes/no agrees). Every expected value is
recomputed from the loaded frame by hand (numpy / statsmodels), exactly as the question says;
``note`` spells out the specification. Complete cases on the columns used unless a case says
otherwise.

Eight kinds, three cases each: ``method`` (inverse probability weighting, double machine
learning, two-stage least squares), ``covariates`` (only some, everything else, none),
``sample`` (a category, a strict threshold, excluding one year), ``estimand`` (ATT, effect for
the untreated, complier effect), ``scale`` (percentage change against the control mean, thousands
of dollars, log outcome), ``rounding_sign`` (two decimals, a reduction as a positive number,
both at once), ``heterogeneity`` (per region, men vs women, per device) and ``advice``
(confounder: yes; mediator: no; collider: no). Question styles vary: terse, polite paragraphs,
chat messages with typos (never in column names).

The simulated tables below are new, seeded numpy draws (seeds 7001-7013 and 3101-3103), sent
through the same CSV round trip as an upload. ``python -m evals.instruction_cases_c`` prints every
expected value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evals.instruction_cases import (
    NHEFS_DOC,
    NSW_DOC,
    InstructionCase,
    _Adv,
    _advice,
    _bern,
    _cc,
    _ols_beta,
    _sig,
    advice_check,
    diff_means,
    ipw_hajek_ate,
    load_nhefs,
    load_nsw,
    ols_coef,
    per_group,
    reg_adjust,
    tsls,
)
from evals.public_data import uploaded

# ============================================================================================
# simulated tables (known structure; fixed seeds)
# ============================================================================================

_REGIONS = ["Midwest", "Northeast", "South", "West"]


def sim_firms() -> pd.DataFrame:
    """Small-business grant; only firm size confounds. The effect is larger for firms with more
    than 50 employees, much larger in 2020, and differs by region."""
    rng = np.random.default_rng(7001)
    n = 4000
    year = rng.choice(np.arange(2017, 2023), n)
    region = rng.choice(_REGIONS, n, p=[0.25, 0.25, 0.3, 0.2])
    employees = np.clip(np.round(np.exp(rng.normal(3.6, 0.9, n))), 2, None).astype(int)
    grant = _bern(rng, _sig(-0.8 + 0.9 * (np.log(employees) - 3.6)))
    reg_eff = pd.Series(region).map({"Midwest": 0.0, "Northeast": 10000.0, "South": -8000.0,
                                     "West": 22000.0}).to_numpy()
    reg_base = pd.Series(region).map({"Midwest": 0.0, "Northeast": 40000.0, "South": -20000.0,
                                      "West": 30000.0}).to_numpy()
    effect = 15000 + 35000 * (employees > 50) + 60000 * (year == 2020) + reg_eff
    revenue = (250000 + 4000 * employees + reg_base + 8000 * (year - 2017) - 50000 * (year == 2020)
               + grant * effect + rng.normal(0, 40000, n))
    return uploaded(pd.DataFrame({"firm_year": [f"F{i:04d}" for i in range(n)], "year": year,
                                  "region": region, "employees": employees, "grant": grant,
                                  "revenue_usd": revenue.round(0)}))


FIRMS_DOC = """State small-business program, one row per firm and year (firm_year is a row label). Firms applied for the grant; larger firms applied more often.
    year - fiscal year (2017-2022)
    region - Midwest / Northeast / South / West
    employees - head count at the start of the year
    grant - 1 if the firm received the state growth grant at the start of the year
    revenue_usd - revenue over the year, dollars"""


def sim_clinic() -> pd.DataFrame:
    """New antihypertensive; confounded by age, bmi and gender; effect -9 for women, -4 for men."""
    rng = np.random.default_rng(7002)
    n = 3000
    gender = rng.choice(["F", "M"], n, p=[0.52, 0.48])
    male = (gender == "M").astype(float)
    age = rng.uniform(35, 80, n)
    bmi = rng.normal(28, 4, n)
    new_med = _bern(rng, _sig(-0.5 + 0.04 * (age - 55) + 0.08 * (bmi - 28) + 0.4 * male))
    eff = np.where(male == 1, -4.0, -9.0)
    sbp_change = (-2 + 0.15 * (age - 55) + 0.4 * (bmi - 28) + 3 * male + new_med * eff
                  + rng.normal(0, 8, n))
    return uploaded(pd.DataFrame({"gender": gender, "age": age.round(0).astype(int),
                                  "bmi": bmi.round(1), "new_med": new_med,
                                  "sbp_change": sbp_change.round(1)}))


CLINIC_DOC = """Cardiology clinic records, observational (doctors chose whom to prescribe). One row per patient.
    gender - F = female, M = male
    age - age at the first visit
    bmi - body-mass index at the first visit
    new_med - 1 if the new blood-pressure drug was prescribed at the first visit
    sbp_change - change in systolic blood pressure (mmHg) from the first visit to the 6-month visit"""


def sim_telehealth() -> pd.DataFrame:
    """Telehealth follow-up; effect -1 - chronic_conditions, so the ATE differs from OLS."""
    rng = np.random.default_rng(7003)
    n = 3000
    age = rng.uniform(40, 85, n)
    chronic = rng.poisson(1.8, n).clip(0, 7)
    prior = rng.poisson(0.8, n).clip(0, 5)
    tele = _bern(rng, _sig(-2.2 + 0.02 * (age - 60) + 0.4 * chronic + 0.3 * prior))
    days = (2 + 0.05 * (age - 60) + 1.2 * chronic + 1.5 * prior + tele * (-1.0 - 1.0 * chronic)
            + rng.normal(0, 2.5, n))
    return uploaded(pd.DataFrame({"age": age.round(0).astype(int), "chronic_conditions": chronic,
                                  "prior_admissions": prior, "telehealth": tele,
                                  "days_in_hospital_12m": days.clip(0, None).round(1)}))


TELEHEALTH_DOC = """Health-insurer data, one row per member discharged from hospital in 2024, observational (care managers offered the follow-up).
    age - age at discharge
    chronic_conditions - number of chronic conditions at discharge
    prior_admissions - hospital admissions in the year before the discharge
    telehealth - 1 if the member got weekly telehealth follow-up calls after discharge
    days_in_hospital_12m - days spent in hospital over the 12 months after discharge"""


def sim_discount() -> pd.DataFrame:
    """Continuous treatment, partially linear model with linear confounding; theta = 0.25."""
    rng = np.random.default_rng(7004)
    n = 4000
    cage = rng.uniform(20, 70, n)
    tenure = rng.uniform(1, 60, n)
    past = rng.poisson(6, n)
    disc = np.clip(18 - 0.12 * (cage - 45) - 0.1 * (tenure - 30) + 0.6 * (past - 6)
                   + rng.normal(0, 4, n), 0, None)
    orders = (3 + 0.25 * disc + 0.05 * (cage - 45) + 0.04 * tenure + 0.5 * past
              + rng.normal(0, 1.5, n))
    return uploaded(pd.DataFrame({"customer_age": cage.round(0).astype(int),
                                  "tenure_months": tenure.round(0).astype(int), "past_orders": past,
                                  "discount_pct": disc.round(1), "orders_next_q": orders.round(2)}))


DISCOUNT_DOC = """E-commerce customers, one row per customer, observational (the pricing engine set each customer's discount).
    customer_age - age in years
    tenure_months - months since the account was opened
    past_orders - orders in the previous quarter
    discount_pct - personalised discount offered this quarter, percent
    orders_next_q - orders in the following quarter (averaged over the household's accounts, so not whole numbers)"""


def sim_price() -> pd.DataFrame:
    """Price endogenous through an unobserved demand shock; fuel_cost shifts price only."""
    rng = np.random.default_rng(7005)
    n = 3000
    fuel = rng.normal(3.0, 0.5, n)
    temp = rng.normal(18, 6, n)
    shock = rng.normal(0, 1, n)
    price = 4 + 1.0 * fuel + 0.6 * shock + rng.normal(0, 0.3, n)
    units = 900 - 60 * price + 3 * temp + 50 * shock + rng.normal(0, 30, n)
    return uploaded(pd.DataFrame({"fuel_cost": fuel.round(3), "temperature": temp.round(1),
                                  "price": price.round(2), "units_sold": units.round(0)}))


PRICE_DOC = """Ice-cream kiosks, one row per kiosk and week.
    fuel_cost - diesel price paid by the supplier that week, $/litre (it moves the kiosks' wholesale cost; customers never see it)
    temperature - average daily high temperature that week, deg C
    price - price of a cone that week, dollars (kiosk managers set it, partly in response to expected demand)
    units_sold - cones sold that week"""


def sim_coaching() -> pd.DataFrame:
    rng = np.random.default_rng(7006)
    n = 3000
    age = rng.uniform(20, 70, n)
    income = rng.normal(60, 15, n)
    hh = rng.integers(1, 6, n)
    prior = rng.normal(6, 2, n)
    urban = _bern(rng, np.full(n, 0.55))
    coaching = _bern(rng, _sig(-0.4 - 0.05 * (age - 45) + 0.06 * (income - 60) - 0.35 * (prior - 6)
                               + 0.6 * urban))
    steps = (0.3 - 0.05 * (age - 45) + 0.04 * (income - 60) - 0.35 * (prior - 6) + 0.8 * urban
             - 0.1 * (hh - 3) + 1.5 * coaching + rng.normal(0, 1.2, n))
    return uploaded(pd.DataFrame({"age": age.round(0).astype(int), "income": income.round(1),
                                  "household_size": hh, "prior_steps": prior.round(2),
                                  "urban": urban, "coaching": coaching,
                                  "steps_change": steps.round(2)}))


COACHING_DOC = """Fitness-app users, one row per user, observational (users opted into coaching).
    age - age in years
    income - household income, $1000s
    household_size - people in the household
    prior_steps - average daily steps (thousands) in the month before the coaching offer
    urban - 1 if the user lives in a city
    coaching - 1 if the user signed up for the 8-week coaching program
    steps_change - change in average daily steps (thousands), month after the program minus month before the offer"""


def sim_solar() -> pd.DataFrame:
    """Solar panels; savings grow with house size and bigger houses install more (ATT != ATE)."""
    rng = np.random.default_rng(7007)
    n = 3000
    sqft = rng.normal(1900, 450, n).clip(700, None)
    inc = rng.normal(85, 25, n).clip(20, None)
    solar = _bern(rng, _sig(-1.4 + 0.003 * (sqft - 1900) + 0.02 * (inc - 85)))
    bill = (150 + 0.06 * (sqft - 1900) + 0.3 * (inc - 85)
            + solar * (-40 - 0.05 * (sqft - 1900)) + rng.normal(0, 20, n))
    return uploaded(pd.DataFrame({"house_sqft": sqft.round(0).astype(int), "income_k": inc.round(1),
                                  "solar": solar, "monthly_bill": bill.round(2)}))


SOLAR_DOC = """Utility customers, one row per single-family house, observational (owners decided whether to install).
    house_sqft - floor area, square feet
    income_k - household income, $1000s
    solar - 1 if rooftop solar panels were installed in 2023
    monthly_bill - average monthly electricity bill in 2024, dollars"""


def sim_bootcamp() -> pd.DataFrame:
    """Coding bootcamp; gain 12 - 0.8 * years_experience, juniors enrol more (ATC < ATE < ATT)."""
    rng = np.random.default_rng(7008)
    n = 3000
    yexp = rng.uniform(0, 15, n)
    prior = 45 + 3 * yexp + rng.normal(0, 10, n)
    boot = _bern(rng, _sig(0.8 - 0.25 * yexp - 0.01 * (prior - 60)))
    sal = 10 + 0.9 * prior + 1.0 * yexp + boot * (12 - 0.8 * yexp) + rng.normal(0, 6, n)
    return uploaded(pd.DataFrame({"years_experience": yexp.round(1), "prior_salary_k": prior.round(1),
                                  "bootcamp": boot, "salary_k": sal.round(1)}))


BOOTCAMP_DOC = """Survey of software workers, one row per person, observational (people chose whether to enrol).
    years_experience - years of professional experience before 2022
    prior_salary_k - salary in 2021, $1000s
    bootcamp - 1 if the person completed a 12-week coding bootcamp in 2022
    salary_k - salary in 2024, $1000s"""


def sim_review() -> pd.DataFrame:
    """Randomised invitation, voluntary attendance. Always-takers gain 10, compliers 4."""
    rng = np.random.default_rng(7009)
    n = 5000
    kind = rng.choice(["always", "complier", "never"], n, p=[0.15, 0.5, 0.35])
    invited = _bern(rng, np.full(n, 0.5))
    attended = ((kind == "always") | ((kind == "complier") & (invited == 1))).astype(int)
    base = pd.Series(kind).map({"always": 66.0, "complier": 61.0, "never": 56.0}).to_numpy()
    gain = np.where(kind == "always", 10.0, 4.0)
    score = base + attended * gain + rng.normal(0, 8, n)
    return uploaded(pd.DataFrame({"invited": invited, "attended": attended,
                                  "exam_score": score.round(1)}))


REVIEW_DOC = """University course, one row per student.
    invited - 1 if the student was sent a personal invitation to the pre-exam review session (random half of the class)
    attended - 1 if the student attended the review session (anyone could come)
    exam_score - final exam score, 0-100"""


def sim_widget() -> pd.DataFrame:
    """A/B test of a recommendation widget, effect differs by device."""
    rng = np.random.default_rng(7010)
    n = 6000
    device = rng.choice(["mobile", "desktop", "tablet"], n, p=[0.55, 0.3, 0.15])
    widget = _bern(rng, np.full(n, 0.5))
    base = pd.Series(device).map({"mobile": 18.0, "desktop": 30.0, "tablet": 24.0}).to_numpy()
    eff = pd.Series(device).map({"mobile": 0.8, "desktop": 4.0, "tablet": 2.0}).to_numpy()
    rev = np.clip(base + widget * eff + rng.normal(0, 8, n), 0, None)
    return uploaded(pd.DataFrame({"user_id": np.arange(100001, 100001 + n), "device": device,
                                  "widget": widget, "revenue_per_user": rev.round(2)}))


WIDGET_DOC = """Online shop A/B test, one row per visitor. The recommendation widget was shown to a random 50 % of visitors.
    user_id - visitor id
    device - mobile / desktop / tablet
    widget - 1 if the visitor saw the recommendation widget
    revenue_per_user - revenue from the visitor during the 2-week test, dollars"""


def sim_housing() -> pd.DataFrame:
    rng = np.random.default_rng(7011)
    n = 2500
    sqft = rng.normal(1800, 400, n).clip(600, None)
    hage = rng.uniform(0, 80, n)
    renov = _bern(rng, _sig(-1.5 + 0.03 * (hage - 40) + 0.001 * (sqft - 1800)))
    price = np.exp(12.0 + 0.0004 * (sqft - 1800) - 0.004 * hage + 0.08 * renov
                   + rng.normal(0, 0.2, n))
    return uploaded(pd.DataFrame({"sqft": sqft.round(0).astype(int), "house_age": hage.round(0).astype(int),
                                  "renovated": renov, "sale_price": price.round(-2)}))


HOUSING_DOC = """Home sales in one county, 2023, one row per sale.
    sqft - living area, square feet
    house_age - years since construction
    renovated - 1 if the kitchen was renovated in the five years before the sale
    sale_price - sale price, dollars"""


def sim_reading() -> pd.DataFrame:
    rng = np.random.default_rng(7012)
    n = 2400
    grade = rng.integers(2, 6, n)
    pretest = rng.normal(0, 1, n)
    app = _bern(rng, _sig(-0.3 - 0.5 * pretest))
    gain = 0.3 + 0.05 * (grade - 3) - 0.1 * pretest + 0.039 * app + rng.normal(0, 0.15, n)
    return uploaded(pd.DataFrame({"grade": grade, "pretest_z": pretest.round(3), "reading_app": app,
                                  "reading_gain": gain.round(4)}))


READING_DOC = """Elementary schools, one row per pupil, observational (teachers assigned the app to pupils they thought needed it).
    grade - school grade (2-5)
    pretest_z - standardized reading score in September
    reading_app - 1 if the pupil used the reading app during the school year
    reading_gain - reading level gained by June, in grade-level units"""


def sim_routes() -> pd.DataFrame:
    rng = np.random.default_rng(7013)
    n = 1800
    depot = rng.integers(5, 60, n)
    fleet_age = rng.uniform(1, 12, n)
    opt = _bern(rng, _sig(-1.0 + 0.05 * (depot - 30) - 0.1 * (fleet_age - 6)))
    fuel = 900 + 25 * (depot - 30) + 18 * (fleet_age - 6) - 140 * opt + rng.normal(0, 90, n)
    return uploaded(pd.DataFrame({"depot_size": depot, "fleet_age": fleet_age.round(1),
                                  "route_optimizer": opt, "fuel_litres": fuel.round(1)}))


ROUTES_DOC = """Delivery company, one row per depot and week, observational (depot managers opted in to the software).
    depot_size - number of vans at the depot
    fleet_age - average age of the depot's vans, years
    route_optimizer - 1 if the depot used the route-optimization software that week
    fuel_litres - diesel used that week, litres"""


# ============================================================================================
# by-hand helpers specific to half C
# ============================================================================================

def dml_plr(df, y, d, covs, folds: int = 5, seed: int = 0) -> float:
    """Partially linear double machine learning: K-fold cross-fitted nuisances E[y|X] and E[d|X]
    (OLS on covs, fitted out of fold), then the slope of the y residuals on the d residuals
    (no intercept). With linear nuisances in the simulation this is what any sound DML lands on."""
    sub = _cc(df, [y, d, *covs])
    X = sub[list(covs)].to_numpy()
    Y, D = sub[y].to_numpy(), sub[d].to_numpy()
    idx = np.random.default_rng(seed).permutation(len(sub))
    ry, rd = np.empty(len(sub)), np.empty(len(sub))
    for k in range(folds):
        test = idx[k::folds]
        train = np.setdiff1d(idx, test)
        X1 = np.column_stack([np.ones(len(test)), X[test]])
        ry[test] = Y[test] - X1 @ _ols_beta(Y[train], X[train])
        rd[test] = D[test] - X1 @ _ols_beta(D[train], X[train])
    return float((rd @ ry) / (rd @ rd))


def pct_of_control(df, y, t) -> float:
    """100 x (mean y | t=1 - mean y | t=0) / mean y | t=0."""
    sub = _cc(df, [y, t])
    m0 = sub.loc[sub[t] == 0, y].mean()
    return float(100 * (sub.loc[sub[t] == 1, y].mean() - m0) / m0)


# ============================================================================================
# the cases
# ============================================================================================

_CC = "Complete cases on the columns used."
_TELE_X = ["age", "chronic_conditions", "prior_admissions"]
_DISC_X = ["customer_age", "tenure_months", "past_orders"]

CASES_C: list[InstructionCase] = [
    # ============================================================================ method (3)
    InstructionCase(
        id="c_m_telehealth_ipw", half="C", kind="method", load=sim_telehealth,
        question="Hello! I'm trying to work out whether the telehealth follow-up calls reduced "
        "days_in_hospital_12m. Could you use inverse probability weighting for this? Please fit "
        "the propensity of telehealth with a logistic regression on age, chronic_conditions and "
        "prior_admissions, and give me the weighted average effect over all members.",
        description=TELEHEALTH_DOC,
        expected=lambda df: ipw_hajek_ate(df, "days_in_hospital_12m", "telehealth", _TELE_X),
        answer_type="number",
        note="Logit telehealth ~ 1 + age + chronic_conditions + prior_admissions (unpenalised); ATE "
        "with normalised (Hajek) weights 1/e, 1/(1-e). Simulated effect -1 - chronic, "
        "heterogeneous and correlated with the propensity, so OLS with the same covariates "
        "(variance-weighted, about -2.9) lands about 12 % away from the ATE (about -2.6); "
        "unnormalised (Horvitz-Thompson) weights and AIPW land within 2 % of the Hajek value on "
        "this draw.",
    ),
    InstructionCase(
        id="c_m_discount_dml", half="C", kind="method", load=sim_discount,
        question="hey can u estimate the effect of discount_pct on orders_next_q with double "
        "machine learning? the confounders shuold be customer_age, tenure_months and past_orders. "
        "need the number per 1 point of discount, thx",
        description=DISCOUNT_DOC,
        expected=lambda df: dml_plr(df, "orders_next_q", "discount_pct", _DISC_X),
        answer_type="number",
        note="Partially linear DML, 5-fold cross-fitting, OLS nuisances for orders_next_q and "
        "discount_pct on customer_age + tenure_months + past_orders; residual-on-residual slope. "
        "Simulated truth 0.25 with linear confounding, so flexible (forest / boosting / lasso) "
        "nuisances land on the same value within tolerance; the unadjusted slope is far off.",
    ),
    InstructionCase(
        id="c_m_price_2sls", half="C", kind="method", load=sim_price,
        question="Two-stage least squares: price endogenous, fuel_cost as the excluded instrument, "
        "temperature as an exogenous control, outcome units_sold. Coefficient on price?",
        description=PRICE_DOC,
        expected=lambda df: tsls(df, "units_sold", "price", "fuel_cost", ["temperature"]),
        answer_type="number",
        note="2SLS of units_sold on 1 + price + temperature, instruments 1 + fuel_cost + "
        "temperature. Simulated truth -60 cones per dollar; OLS is biased towards zero (about "
        "-17) by the unobserved demand shock.",
    ),
    # ======================================================================== covariates (3)
    InstructionCase(
        id="c_c_coaching_only_age_income", half="C", kind="covariates", load=sim_coaching,
        question="I'd like to estimate the effect of coaching on steps_change with a linear "
        "regression in which the only covariates are age and income. Please leave the remaining "
        "columns out of the model, even though they are available.",
        description=COACHING_DOC,
        expected=lambda df: ols_coef(df, "steps_change", "coaching", ["age", "income"]),
        answer_type="number",
        note="OLS steps_change ~ 1 + coaching + age + income; coefficient on coaching. prior_steps "
        "and urban also confound (truth 1.5), so this deliberately partial adjustment lands away "
        "from both the full adjustment and the raw difference.",
    ),
    InstructionCase(
        id="c_c_coaching_everything_else", half="C", kind="covariates", load=sim_coaching,
        question="whats the effect of coaching on steps_change if we controll for everything else "
        "in the table? plain linear regresion is fine",
        description=COACHING_DOC,
        expected=lambda df: ols_coef(df, "steps_change", "coaching",
                                     ["age", "income", "household_size", "prior_steps", "urban"]),
        answer_type="number",
        note="OLS steps_change ~ 1 + coaching + age + income + household_size + prior_steps + "
        "urban; coefficient on coaching (simulated truth 1.5).",
    ),
    InstructionCase(
        id="c_c_nhefs_no_controls", half="C", kind="covariates", load=load_nhefs,
        question="qsmk -> wt82_71, without any controls. Effect?",
        description=NHEFS_DOC,
        expected=lambda df: ols_coef(df, "wt82_71", "qsmk"),
        answer_type="number",
        note="Simple OLS slope of wt82_71 on qsmk = difference in mean weight change, quitters "
        "minus non-quitters (about 2.5 kg; adjusted analyses give about 3.4). " + _CC,
    ),
    # ============================================================================ sample (3)
    InstructionCase(
        id="c_s_firms_over_50_employees", half="C", kind="sample", load=sim_firms,
        question="For firms with more than 50 employees only: effect of grant on revenue_usd, OLS "
        "controlling for employees.",
        description=FIRMS_DOC,
        expected=lambda df: ols_coef(df[df["employees"] > 50], "revenue_usd", "grant", ["employees"]),
        answer_type="number",
        note="Rows with employees > 50 (strict); OLS revenue_usd ~ 1 + grant + employees; "
        "coefficient on grant. The effect is 35,000 larger above 50 employees, so the "
        "full-sample coefficient is far lower.",
    ),
    InstructionCase(
        id="c_s_firms_excluding_2020", half="C", kind="sample", load=sim_firms,
        question="can we get the grant -> revenue_usd effect but excluding the year 2020? that "
        "year was wierd becuase of covid. regress on grant and employees",
        description=FIRMS_DOC,
        expected=lambda df: ols_coef(df[df["year"] != 2020], "revenue_usd", "grant", ["employees"]),
        answer_type="number",
        note="Rows with year != 2020; OLS revenue_usd ~ 1 + grant + employees; coefficient on "
        "grant. The simulated effect is 60,000 larger in 2020.",
    ),
    InstructionCase(
        id="c_s_clinic_women_only", half="C", kind="sample", load=sim_clinic,
        question="Could you restrict the analysis to women only? Among the female patients, I "
        "would like the effect of new_med on sbp_change from a linear regression that adjusts for "
        "age and bmi.",
        description=CLINIC_DOC,
        expected=lambda df: ols_coef(df[df["gender"] == "F"], "sbp_change", "new_med", ["age", "bmi"]),
        answer_type="number",
        note="Rows with gender == 'F'; OLS sbp_change ~ 1 + new_med + age + bmi; coefficient on "
        "new_med. Simulated truth -9 for women, -4 for men.",
    ),
    # ========================================================================== estimand (3)
    InstructionCase(
        id="c_e_solar_att", half="C", kind="estimand", load=sim_solar,
        question="What is the average treatment effect on the treated of solar on monthly_bill? "
        "Please adjust for house_sqft and income_k.",
        description=SOLAR_DOC,
        expected=lambda df: reg_adjust(df, "monthly_bill", "solar", ["house_sqft", "income_k"], "ATT"),
        answer_type="number",
        note="Regression adjustment ATT: OLS monthly_bill ~ 1 + house_sqft + income_k in each "
        "arm; mean of m1 - m0 over solar == 1. Simulated effect -40 - 0.05*(house_sqft - 1900); "
        "installers have bigger houses, so the ATT is more negative than the ATE.",
    ),
    InstructionCase(
        id="c_e_bootcamp_untreated", half="C", kind="estimand", load=sim_bootcamp,
        question="effect of bootcamp on salary_k for the untreated? adjust for years_experience and "
        "prior_salary_k",
        description=BOOTCAMP_DOC,
        expected=lambda df: reg_adjust(df, "salary_k", "bootcamp",
                                       ["years_experience", "prior_salary_k"], "ATC"),
        answer_type="number",
        note="Regression adjustment ATC: OLS salary_k ~ 1 + years_experience + prior_salary_k per "
        "arm; mean of m1 - m0 over bootcamp == 0. Simulated gain 12 - 0.8*years_experience; "
        "non-enrollers are more experienced, so ATC < ATE < ATT.",
    ),
    InstructionCase(
        id="c_e_review_complier", half="C", kind="estimand", load=sim_review,
        question="Invitations to the review session were randomised but going was voluntary, and "
        "some uninvited students came anyway. What is the complier average causal effect of "
        "attended on exam_score, using invited as the instrument?",
        description=REVIEW_DOC,
        expected=lambda df: tsls(df, "exam_score", "attended", "invited"),
        answer_type="number",
        note="Wald / 2SLS without covariates: (mean exam_score | invited=1 - | invited=0) / "
        "(mean attended | invited=1 - | invited=0). Simulated compliers gain 4 and always-takers "
        "10; the attended-vs-not difference is confounded by type (about 11).",
    ),
    # ============================================================================= scale (3)
    InstructionCase(
        id="c_sc_widget_percent_change", half="C", kind="scale", load=sim_widget,
        question="By what percentage did the widget change revenue_per_user, relative to the "
        "control group's average? A simple difference in means is fine; give the answer as a "
        "percentage change.",
        description=WIDGET_DOC,
        expected=lambda df: pct_of_control(df, "revenue_per_user", "widget"),
        answer_type="number",
        note="100 x (mean revenue_per_user | widget=1 - | widget=0) / mean | widget=0 (percent, "
        "about 7.3 %); the dollar difference is about 1.7, and 100 x (exp(b) - 1) from a log "
        "regression about 8.5.",
    ),
    InstructionCase(
        id="c_sc_nsw_thousands", half="C", kind="scale", load=load_nsw,
        question="effect of treat on re78 in thousands of dollars pls. linear regresion with age, "
        "educ and re75 as controls",
        description=NSW_DOC,
        expected=lambda df: ols_coef(df, "re78", "treat", ["age", "educ", "re75"]) / 1000,
        answer_type="number",
        note="OLS re78 ~ 1 + treat + age + educ + re75; coefficient on treat divided by 1000 "
        "(thousands of 1978 dollars).",
    ),
    InstructionCase(
        id="c_sc_housing_log_price", half="C", kind="scale", load=sim_housing,
        question="What is the effect of renovated on the log of sale_price? Use a linear regression "
        "that controls for sqft and house_age.",
        description=HOUSING_DOC,
        expected=lambda df: ols_coef(df, "sale_price", "renovated", ["sqft", "house_age"], log_y=True),
        answer_type="number",
        note="OLS log(sale_price) ~ 1 + renovated + sqft + house_age (covariates not logged); "
        "coefficient on renovated, log points (simulated truth 0.08).",
    ),
    # ===================================================================== rounding_sign (3)
    InstructionCase(
        id="c_r_reading_two_decimals", half="C", kind="rounding_sign", load=sim_reading,
        question="Effect of reading_app on reading_gain, linear regression adjusting for grade and "
        "pretest_z. Report it to two decimal places.",
        description=READING_DOC,
        expected=lambda df: round(ols_coef(df, "reading_gain", "reading_app",
                                           ["grade", "pretest_z"]), 2),
        answer_type="number",
        note="round(coefficient on reading_app in OLS reading_gain ~ 1 + reading_app + grade + "
        "pretest_z, 2). The unrounded coefficient is more than 3 % away from the rounded value, "
        "so an unrounded answer does not count.",
    ),
    InstructionCase(
        id="c_r_routes_reduction_positive", half="C", kind="rounding_sign", load=sim_routes,
        question="How much fuel does the route_optimizer save per week? Linear regression of "
        "fuel_litres adjusting for depot_size and fleet_age. Report the reduction as a positive "
        "number.",
        description=ROUTES_DOC,
        expected=lambda df: -ols_coef(df, "fuel_litres", "route_optimizer", ["depot_size", "fleet_age"]),
        answer_type="number",
        note="Minus the coefficient on route_optimizer in OLS fuel_litres ~ 1 + route_optimizer + "
        "depot_size + fleet_age (simulated saving 140 litres, so the expected answer is about "
        "+140).",
    ),
    InstructionCase(
        id="c_r_clinic_drop_positive_1dp", half="C", kind="rounding_sign", load=sim_clinic,
        question="by how many mmHg does new_med lower sbp_change? adjust for age and bmi (linear "
        "regresion, all patients). give the drop as a postive number, one decimal place",
        description=CLINIC_DOC,
        expected=lambda df: round(-ols_coef(df, "sbp_change", "new_med", ["age", "bmi"]), 1),
        answer_type="number",
        note="round(-coefficient on new_med in OLS sbp_change ~ 1 + new_med + age + bmi, 1), all "
        "rows (gender not in the model, as asked).",
    ),
    # ===================================================================== heterogeneity (3)
    InstructionCase(
        id="c_h_firms_each_region", half="C", kind="heterogeneity", load=sim_firms,
        question="Please estimate the effect of grant on revenue_usd separately for each region. "
        "Within each region, use a linear regression that controls for employees.",
        description=FIRMS_DOC,
        expected=lambda df: per_group(df, "region", lambda d: ols_coef(
            d, "revenue_usd", "grant", ["employees"])),
        answer_type="per_group",
        note="Per region: coefficient on grant in OLS revenue_usd ~ 1 + grant + employees within "
        "the region. Simulated region shifts of the effect: Midwest 0, Northeast +10,000, South "
        "-8,000, West +22,000 (on top of the size and 2020 terms).",
    ),
    InstructionCase(
        id="c_h_clinic_men_vs_women", half="C", kind="heterogeneity", load=sim_clinic,
        question="does the effect of new_med on sbp_change differ between men and women? run a "
        "seperate linear regression for each gender, adjusting for age only",
        description=CLINIC_DOC,
        expected=lambda df: per_group(df, "gender", lambda d: ols_coef(
            d, "sbp_change", "new_med", ["age"])),
        answer_type="per_group",
        note="Per gender ('F', 'M'): coefficient on new_med in OLS sbp_change ~ 1 + new_med + age "
        "(bmi deliberately left out, as asked). Simulated truth F -9, M -4.",
    ),
    InstructionCase(
        id="c_h_widget_by_device", half="C", kind="heterogeneity", load=sim_widget,
        question="Widget effect on revenue_per_user by device. Difference in means within each "
        "device.",
        description=WIDGET_DOC,
        expected=lambda df: per_group(df, "device", lambda d: diff_means(d, "revenue_per_user", "widget")),
        answer_type="per_group",
        note="Per device: mean revenue_per_user | widget=1 minus | widget=0, dollars. Simulated "
        "desktop 4.0, mobile 0.8, tablet 2.0 (before clipping at zero).",
    ),
    # ============================================================================ advice (3)
    _advice(
        "adv_c_confounder_demand_forecast", "C",
        _Adv("confounder", 3101, 3000, "ad_spend_k", "sales_k", "demand_forecast",
             t_bin=False, v_bin=False, t_lin=(50.0, 12.0), y_lin=(400.0, 60.0),
             v_lin=(100.0, 15.0), tau=0.3, a=1.1, b=1.2, digits=1),
        "Quick one: we want the effect of ad_spend_k on sales_k. Should I control for "
        "demand_forecast, or leave it out?",
        """Regional marketing data, one row per region and month.
    demand_forecast - the demand index the planning team forecast at the start of the month; the ad budget for the month was set using this forecast, and it was made before any ads ran
    ad_spend_k - advertising spend in the month, $1000s
    sales_k - sales in the month, $1000s""",
        "yes", "confounder"),
    _advice(
        "adv_c_mediator_back_pain", "C",
        _Adv("mediator", 3102, 2500, "standing_desk", "sick_days", "back_pain_3m",
             t_bin=True, v_bin=False, y_lin=(6.0, 2.5), v_lin=(4.0, 1.5), tau=-0.2, a=-1.0,
             b=0.8, digits=1),
        "hi, in our standing desk pilot im estimating the effect of standing_desk on sick_days. "
        "shoud I add back_pain_3m as a control?",
        """Office pilot, one row per employee. Standing desks were given to a random half of the staff in January.
    standing_desk - 1 if the employee got a standing desk in January
    back_pain_3m - back-pain score (0-10 scale) from the April survey, three months after the desks arrived
    sick_days - sick days taken from May to December""",
        "no", "mediator"),
    _advice(
        "adv_c_collider_honors", "C",
        _Adv("collider", 3103, 3000, "scholarship", "gpa_year1", "honors_invite",
             t_bin=True, v_bin=True, y_lin=(3.0, 0.4), tau=0.4, a=0.9, b=1.2, digits=2),
        "We are estimating the effect of scholarship on gpa_year1. Would it be appropriate to "
        "control for honors_invite in the regression?",
        """University admissions study, one row per first-year student. The merit scholarship was awarded by lottery among eligible applicants before term started.
    scholarship - 1 if the student won the scholarship lottery
    gpa_year1 - grade point average at the end of the first year
    honors_invite - 1 if the student was invited to the honors college after the first year; the committee looked at first-year grades and favoured scholarship holders""",
        "no", "collider"),
]


def cases_c() -> list[InstructionCase]:
    return list(CASES_C)


def main() -> None:
    from collections import Counter

    from evals.instruction_cases import _fmt

    print(f"{'id':40s} | {'kind':13s} | expected")
    for c in CASES_C:
        df = c.load()
        exp = c.expected(df)
        extra = ""
        if c.kind == "advice":
            true, unadj, adj = advice_check(c, df)
            extra = (f"  ({c.reason}; n={len(df)}, true {true:.4g}, without V {unadj:.4g}, "
                     f"with V {adj:.4g})")
        print(f"{c.id:40s} | {c.kind:13s} | {_fmt(exp)}{extra}")
    print(dict(Counter(c.kind for c in CASES_C)), len(CASES_C))


if __name__ == "__main__":
    main()
