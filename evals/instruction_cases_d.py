"""Instruction suite, half D: 24 further held-out effect questions with explicit instructions.

Half D was written on 2026-12-07, before the fourth session's code changes, by a writer who did
not read ``agent/`` or ``tools/``; it is scored only once, at the end. Do not inspect, tune on or
run these cases while developing.

The case type, the data loaders of the real tables, the codebooks, the by-hand estimators and the
scoring semantics are those of ``evals.instruction_cases`` (numbers right within 3 % relative,
per-group answers when every group is, advice when yes/no agrees). Every expected value is
recomputed from the loaded frame by hand (numpy / statsmodels), exactly as the question says;
``note`` spells out the specification. Complete cases on the columns used unless a case says
otherwise.

Eight kinds, three cases each: ``method`` (AIPW, nearest-neighbour matching on one covariate,
two-period difference-in-differences), ``covariates`` (only two named in plain language, only
two on a real table, everything except an id and a post-treatment column), ``sample`` (firms
founded before 2000, dropping the first survey wave, people aged 25 or younger), ``estimand``
(effect on the enrolled, on everyone, on the untreated), ``scale`` (cents, per hour of a
treatment recorded in minutes, pounds instead of kilograms), ``rounding_sign`` (nearest
whole number, the effect of switching a feature off, whole percentage points),
``heterogeneity`` (per age band, new vs returning customers, per exercise level) and ``advice``
(confounder: yes; mediator: no; collider: no). Question styles vary: terse one-liners, polite
paragraphs with context, chat messages with typos (never in column names); several questions name
variables only by a plain-language description that the codebook resolves.

The simulated tables below are new, seeded numpy draws (seeds 9001-9020), sent through the same
CSV round trip as an upload; 4 cases use the real NSW / NHEFS tables. ``python -m
evals.instruction_cases_d`` prints every expected value.
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
    _sig,
    advice_check,
    aipw_ate,
    diff_means,
    did_2x2,
    load_nhefs,
    load_nsw,
    ols_coef,
    per_group,
    reg_adjust,
)
from evals.public_data import uploaded

# ============================================================================================
# simulated tables (known structure; fixed seeds)
# ============================================================================================


def sim_rehab() -> pd.DataFrame:
    """Home rehabilitation after knee replacement; confounded by age, bmi and baseline pain; the
    gain grows with baseline pain and high-pain patients are referred more (OLS != ATE)."""
    rng = np.random.default_rng(9001)
    n = 4000
    age = rng.uniform(50, 85, n)
    bmi = rng.normal(30, 5, n)
    pain = np.clip(rng.normal(5.5, 2.0, n), 0, 10)
    rehab = _bern(rng, _sig(-1.3 + 0.45 * (pain - 5.5) - 0.03 * (age - 67) + 0.04 * (bmi - 30)))
    score = (60 - 0.3 * (age - 67) - 0.5 * (bmi - 30) - 3.5 * (pain - 5.5)
             + rehab * (6 + 2.0 * (pain - 5.5)) + rng.normal(0, 4, n))
    return uploaded(pd.DataFrame({"age": age.round(0).astype(int), "bmi": bmi.round(1),
                                  "pain_baseline": pain.round(1), "home_rehab": rehab,
                                  "function_score_12w": score.round(1)}))


REHAB_DOC = """Orthopaedic registry, one row per knee-replacement patient, observational (surgeons decided whom to refer).
    age - age at surgery
    bmi - body-mass index at surgery
    pain_baseline - pain score (0-10) at the pre-operative visit
    home_rehab - 1 if the patient was referred to the home rehabilitation programme after surgery
    function_score_12w - knee function score (0-100) 12 weeks after surgery"""


def sim_savings() -> pd.DataFrame:
    """Savings coaching; lower-income customers take it up; the gain falls with income."""
    rng = np.random.default_rng(9002)
    n = 3000
    income = np.round(np.exp(rng.normal(8.45, 0.35, n)))
    coach = _bern(rng, _sig(-1.0 - 2.5 * (np.log(income) - 8.45)))
    saved = (1500 + 0.25 * (income - 4700) + coach * (900 - 0.06 * (income - 4700))
             + rng.normal(0, 500, n))
    return uploaded(pd.DataFrame({"customer_id": np.arange(50001, 50001 + n),
                                  "monthly_income": income.astype(int), "savings_coaching": coach,
                                  "savings_added_12m": saved.round(0)}))


SAVINGS_DOC = """Retail bank, one row per customer, observational (customers chose whether to book the free coaching).
    customer_id - customer number
    monthly_income - net monthly income when the coaching was offered, dollars
    savings_coaching - 1 if the customer attended the savings coaching sessions
    savings_added_12m - net amount added to savings accounts over the next 12 months, dollars"""


def sim_remodel() -> pd.DataFrame:
    """Balanced two-year store panel; bigger stores were picked for the remodel (level gap of 10),
    common trend +4, remodel effect +6."""
    rng = np.random.default_rng(9003)
    n = 600
    size = rng.normal(0, 1, n)
    group = _bern(rng, _sig(-0.7 + 1.0 * size))
    store_fe = 8 * size + rng.normal(0, 4, n)
    rows = []
    for year, post in ((2023, 0), (2024, 1)):
        y = 50 + store_fe + 4 * post + 6 * group * post + rng.normal(0, 3, n)
        rows.append(pd.DataFrame({"store_id": [f"S{i:03d}" for i in range(n)], "year": year,
                                  "remodel_group": group, "weekly_sales_k": y.round(2)}))
    return uploaded(pd.concat(rows, ignore_index=True))


REMODEL_DOC = """Supermarket chain, one row per store and year (2023 and 2024), every store in both years. Head office picked a group of stores (mostly larger ones) to be remodelled in January 2024; no store was remodelled before that.
    store_id - store code
    year - 2023 or 2024
    remodel_group - 1 for the stores that were remodelled in January 2024 (the same value in both years)
    weekly_sales_k - average weekly sales that year, $1000s"""


def sim_newsletter() -> pd.DataFrame:
    """Newsletter sign-up confounded by age, tenure and order history; truth +60."""
    rng = np.random.default_rng(9004)
    n = 3000
    age = rng.integers(18, 76, n)
    tenure = rng.uniform(0, 15, n)
    orders = rng.poisson(6, n)
    news = _bern(rng, _sig(-1.0 + 0.02 * (age - 45) + 0.1 * (tenure - 7.5) + 0.3 * (orders - 6)))
    spend = (400 + 3 * (age - 45) + 15 * (tenure - 7.5) + 40 * (orders - 6) + 60 * news
             + rng.normal(0, 120, n))
    return uploaded(pd.DataFrame({"cust_age": age, "tenure_years": tenure.round(1),
                                  "orders_last_year": orders, "newsletter": news,
                                  "annual_spend": spend.round(2)}))


NEWSLETTER_DOC = """Online retailer, one row per customer, observational (customers opted in to the newsletter).
    cust_age - customer's age in years
    tenure_years - years since the customer's first purchase
    orders_last_year - number of orders in the year before the newsletter launched
    newsletter - 1 if the customer subscribed to the newsletter at launch
    annual_spend - spend in the 12 months after launch, dollars"""


def sim_workshop() -> pd.DataFrame:
    """Credit workshop; confounded by age, income and prior default; late_payments_6m is a
    mediator measured after the workshop."""
    rng = np.random.default_rng(9005)
    n = 2500
    age = rng.uniform(21, 65, n)
    income = rng.normal(48, 14, n).clip(12, None)
    prior_default = _bern(rng, np.full(n, 0.2))
    workshop = _bern(rng, _sig(-0.8 - 0.02 * (age - 40) - 0.03 * (income - 48)
                               + 0.9 * prior_default))
    late = np.clip(np.round(2.0 - 0.03 * (income - 48) + 1.5 * prior_default - 0.9 * workshop
                            + rng.normal(0, 1, n)), 0, None)
    change = (5 + 0.2 * (age - 40) + 0.3 * (income - 48) - 10 * prior_default + 8 * workshop
              - 6 * late + rng.normal(0, 10, n))
    return uploaded(pd.DataFrame({"member_id": np.arange(1, n + 1), "age": age.round(0).astype(int),
                                  "income_k": income.round(1), "prior_default": prior_default,
                                  "workshop": workshop, "late_payments_6m": late.astype(int),
                                  "credit_score_change_12m": change.round(0)}))


WORKSHOP_DOC = """Credit union, one row per member, observational (members chose to attend).
    member_id - member number
    age - age in years when the workshop was offered
    income_k - annual income, $1000s, when the workshop was offered
    prior_default - 1 if the member had defaulted on a loan before the workshop
    workshop - 1 if the member attended the money-management workshop
    late_payments_6m - number of late loan payments in the 6 months after the workshop
    credit_score_change_12m - change in credit score from the workshop to 12 months later"""


def sim_exporters() -> pd.DataFrame:
    """Export subsidy; bigger firms get it more; effect 2 pp of growth, +4 more for firms founded
    before 2000."""
    rng = np.random.default_rng(9006)
    n = 3000
    founded = rng.integers(1960, 2021, n)
    employees = np.clip(np.round(np.exp(rng.normal(3.8, 0.8, n))), 3, None).astype(int)
    subsidy = _bern(rng, _sig(-0.6 + 1.0 * (np.log(employees) - 3.8)))
    eff = 2.0 + 4.0 * (founded < 2000)
    growth = (3 + 1.5 * (np.log(employees) - 3.8) + 0.03 * (founded - 1990) + subsidy * eff
              + rng.normal(0, 3, n))
    return uploaded(pd.DataFrame({"firm_id": [f"X{i:05d}" for i in range(n)], "founded": founded,
                                  "employees": employees, "export_subsidy": subsidy,
                                  "export_growth_pct": growth.round(2)}))


EXPORTERS_DOC = """Manufacturing firms, one row per firm, observational (the export agency approved applications; larger firms applied more).
    firm_id - firm code
    founded - year the firm was founded
    employees - head count in 2022
    export_subsidy - 1 if the firm received the 2023 export subsidy
    export_growth_pct - growth of export revenue from 2022 to 2024, percent"""


def sim_volunteer() -> pd.DataFrame:
    """Three-wave panel; age confounds; effect 0.6 in waves 2-3. Wave 1 used the old 0-5
    wellbeing scale, on which everything (level and effect) is half as large."""
    rng = np.random.default_rng(9007)
    n = 1500
    age0 = rng.uniform(20, 70, n)
    rows = []
    for wave in (1, 2, 3):
        age = age0 + 2 * (wave - 1)
        vol = _bern(rng, _sig(-1.2 + 0.04 * (age - 45)))
        wb = 6 + 0.02 * (age - 45) + 0.6 * vol + rng.normal(0, 1.2, n)
        if wave == 1:
            wb = wb / 2
        rows.append(pd.DataFrame({"person_id": np.arange(1, n + 1), "wave": wave,
                                  "age": age.round(0).astype(int), "volunteering": vol,
                                  "wellbeing": wb.round(2)}))
    return uploaded(pd.concat(rows, ignore_index=True))


VOLUNTEER_DOC = """Household panel survey, one row per person and wave (waves 1, 2, 3, two years apart).
    person_id - respondent id
    wave - survey wave (1, 2 or 3)
    age - age at the interview
    volunteering - 1 if the respondent did any volunteer work in the past year
    wellbeing - life-satisfaction score. NB: wave 1 asked it on a 0-5 scale; waves 2 and 3 on a 0-10 scale"""


def sim_wellness() -> pd.DataFrame:
    """Wellness programme; claims savings grow with bmi and high-bmi staff enrol more."""
    rng = np.random.default_rng(9008)
    n = 3000
    age = rng.uniform(25, 65, n)
    bmi = rng.normal(28, 5, n)
    enrol = _bern(rng, _sig(-1.2 + 0.15 * (bmi - 28) + 0.02 * (age - 45)))
    claims = (3000 + 40 * (age - 45) + 120 * (bmi - 28) + enrol * (-200 - 60 * (bmi - 28))
              + rng.normal(0, 500, n))
    return uploaded(pd.DataFrame({"age": age.round(0).astype(int), "bmi": bmi.round(1),
                                  "wellness_program": enrol, "annual_claims": claims.round(2)}))


WELLNESS_DOC = """Employer health plan, one row per employee, observational (enrolment was voluntary).
    age - age at the start of the plan year
    bmi - body-mass index from the start-of-year health check
    wellness_program - 1 if the employee enrolled in the wellness programme at the start of the year
    annual_claims - health-insurance claims paid for the employee during the year, dollars"""


def sim_irrigation() -> pd.DataFrame:
    """Drip irrigation; larger farms adopt more and gain more (ATT > ATE)."""
    rng = np.random.default_rng(9009)
    n = 2500
    size = rng.gamma(4, 5, n)
    soil = rng.normal(0, 1, n)
    drip = _bern(rng, _sig(-1.0 + 0.08 * (size - 20) + 0.3 * soil))
    yld = (5 + 0.03 * (size - 20) + 0.6 * soil + drip * (0.8 + 0.05 * (size - 20))
           + rng.normal(0, 0.5, n))
    return uploaded(pd.DataFrame({"farm_size_ha": size.round(1), "soil_quality": soil.round(2),
                                  "drip_irrigation": drip, "yield_t_ha": yld.round(2)}))


IRRIGATION_DOC = """Farm survey, one row per farm, observational (farmers decided whether to install drip irrigation).
    farm_size_ha - farm area, hectares
    soil_quality - soil quality index (standardized), from the 2020 soil survey
    drip_irrigation - 1 if the farm installed drip irrigation before the 2022 season
    yield_t_ha - 2022 maize yield, tonnes per hectare"""


def sim_checkout() -> pd.DataFrame:
    """Self-checkout; busier stores installed it and it cuts their queues most (ATC > ATE in
    signed terms: smaller reduction for the stores without it)."""
    rng = np.random.default_rng(9010)
    n = 2000
    sqm = rng.normal(1500, 400, n).clip(400, None)
    visitors = rng.normal(12, 4, n).clip(2, None)
    sc = _bern(rng, _sig(-0.5 + 0.35 * (visitors - 12) + 0.001 * (sqm - 1500)))
    queue = (6 + 0.5 * (visitors - 12) - 0.001 * (sqm - 1500) + sc * (-2.0 - 0.4 * (visitors - 12))
             + rng.normal(0, 1, n))
    return uploaded(pd.DataFrame({"store_sqm": sqm.round(0).astype(int),
                                  "weekly_visitors_k": visitors.round(2), "self_checkout": sc,
                                  "avg_queue_min": queue.clip(0, None).round(2)}))


CHECKOUT_DOC = """Grocery stores, one row per store, observational (store managers decided whether to install self-checkout tills).
    store_sqm - sales floor area, square metres
    weekly_visitors_k - average weekly customers, thousands
    self_checkout - 1 if the store has self-checkout tills
    avg_queue_min - average minutes a customer waits at the tills (peak hours, March 2025)"""


def sim_banner() -> pd.DataFrame:
    """Randomised free-shipping banner; +0.80 dollars order value."""
    rng = np.random.default_rng(9011)
    n = 8000
    banner = _bern(rng, np.full(n, 0.5))
    aov = 42 + 0.8 * banner + rng.normal(0, 9, n)
    return uploaded(pd.DataFrame({"session_id": np.arange(1, n + 1), "shipping_banner": banner,
                                  "order_value": aov.clip(1, None).round(2)}))


BANNER_DOC = """Web shop A/B test, one row per checkout session; a random half of sessions saw a "free shipping over $50" banner.
    session_id - session number
    shipping_banner - 1 if the session saw the banner
    order_value - value of the order placed in the session, dollars"""


def sim_practice() -> pd.DataFrame:
    """Weekly practice minutes confounded by the previous year's grade; truth 0.02 points per
    minute = 1.2 per hour."""
    rng = np.random.default_rng(9012)
    n = 2000
    prior = rng.integers(1, 9, n)
    minutes = np.clip(60 + 15 * (prior - 4.5) + rng.normal(0, 40, n), 0, None).round(0)
    score = 55 + 3 * (prior - 4.5) + 0.02 * minutes + rng.normal(0, 6, n)
    return uploaded(pd.DataFrame({"prior_grade": prior, "practice_min_week": minutes.astype(int),
                                  "exam_score": score.round(1)}))


PRACTICE_DOC = """Music school, one row per student, observational.
    prior_grade - the graded exam level (1-8) the student passed last year
    practice_min_week - average practice time per week this term, minutes (from the practice diary app)
    exam_score - score on this term's exam, 0-100"""


def sim_dispatch() -> pd.DataFrame:
    """Dispatch software; confounded by distance and urban; truth -2.4 minutes."""
    rng = np.random.default_rng(9013)
    n = 2500
    dist = rng.gamma(3, 2, n)
    urban = _bern(rng, np.full(n, 0.6))
    soft = _bern(rng, _sig(-0.4 + 0.8 * urban + 0.05 * (dist - 6)))
    minutes = 25 + 2.5 * dist - 4 * urban - 2.4 * soft + rng.normal(0, 5, n)
    return uploaded(pd.DataFrame({"distance_km": dist.round(2), "urban": urban,
                                  "new_dispatch": soft, "delivery_min": minutes.round(1)}))


DISPATCH_DOC = """Food-delivery orders, one row per order, observational (restaurants chose whether to switch to the new dispatch software).
    distance_km - distance from the restaurant to the customer
    urban - 1 if the restaurant is in the city centre
    new_dispatch - 1 if the restaurant used the new dispatch software
    delivery_min - minutes from order to delivery"""


def sim_autoplay() -> pd.DataFrame:
    """Randomised autoplay; +5 watch minutes with autoplay on."""
    rng = np.random.default_rng(9014)
    n = 6000
    autoplay = _bern(rng, np.full(n, 0.5))
    mins = np.clip(48 + 5 * autoplay + rng.normal(0, 20, n), 0, None)
    return uploaded(pd.DataFrame({"user_id": np.arange(700001, 700001 + n), "autoplay": autoplay,
                                  "watch_minutes": mins.round(1)}))


AUTOPLAY_DOC = """Video app experiment, one row per user; autoplay was switched on for a random half of users for two weeks (it is currently on for everyone outside the experiment).
    user_id - user id
    autoplay - 1 if autoplay was on for the user during the experiment
    watch_minutes - average daily watch time during the experiment, minutes"""


def sim_trial() -> pd.DataFrame:
    """Randomised 30-day trial extension; upgrade rate 20 % vs about 23.5 %."""
    rng = np.random.default_rng(9015)
    n = 6000
    ext = _bern(rng, np.full(n, 0.5))
    upgraded = _bern(rng, 0.20 + 0.035 * ext)
    return uploaded(pd.DataFrame({"account_id": np.arange(1, n + 1), "trial_extended": ext,
                                  "upgraded": upgraded}))


TRIAL_DOC = """SaaS experiment, one row per trial account; a random half got their free trial extended from 14 to 30 days.
    account_id - account id
    trial_extended - 1 if the account got the 30-day trial
    upgraded - 1 if the account upgraded to a paid plan within 60 days of sign-up, 0 otherwise"""


def sim_push() -> pd.DataFrame:
    """Randomised push notifications; effect 0.3 / 0.9 / 1.6 sessions by age band."""
    rng = np.random.default_rng(9016)
    n = 6000
    band = rng.choice(["18-34", "35-54", "55+"], n, p=[0.45, 0.35, 0.2])
    push = _bern(rng, np.full(n, 0.5))
    base = pd.Series(band).map({"18-34": 6.0, "35-54": 4.5, "55+": 3.0}).to_numpy()
    eff = pd.Series(band).map({"18-34": 0.3, "35-54": 0.9, "55+": 1.6}).to_numpy()
    sessions = np.clip(base + eff * push + rng.normal(0, 2, n), 0, None)
    return uploaded(pd.DataFrame({"age_group": band, "push_enabled": push,
                                  "sessions_per_week": sessions.round(2)}))


PUSH_DOC = """Banking-app experiment, one row per user; daily push notifications were enabled for a random half of users.
    age_group - age band of the user: 18-34, 35-54 or 55+
    push_enabled - 1 if the user got the daily push notifications
    sessions_per_week - app sessions per week during the following month"""


def sim_coupon_returning() -> pd.DataFrame:
    """Coupon confounded by age; effect 6 dollars for new customers, 2 for returning ones."""
    rng = np.random.default_rng(9017)
    n = 4000
    returning = _bern(rng, np.full(n, 0.55))
    age = rng.uniform(18, 75, n)
    coupon = _bern(rng, _sig(-0.3 - 0.03 * (age - 45) - 0.4 * returning))
    eff = np.where(returning == 1, 2.0, 6.0)
    basket = 35 + 0.3 * (age - 45) + 8 * returning + coupon * eff + rng.normal(0, 7, n)
    return uploaded(pd.DataFrame({"returning": returning, "age": age.round(0).astype(int),
                                  "coupon": coupon, "basket_usd": basket.round(2)}))


COUPON_RET_DOC = """Grocery delivery app, one row per customer's first order in May, observational (the marketing team targeted coupons at younger customers).
    returning - 1 if the customer had ordered before (returning customer), 0 if this was their first ever order (new customer)
    age - customer's age
    coupon - 1 if a 10 % coupon was applied to the order
    basket_usd - basket value, dollars"""


# ============================================================================================
# by-hand helpers specific to half D
# ============================================================================================

def nn_match_att(df, y, t, x) -> float:
    """1-nearest-neighbour matching on the single covariate ``x`` (absolute difference), with
    replacement, ATT: mean over the treated of y minus the matched control's y; controls tied at
    the minimum distance are averaged. With one covariate, matching on a logistic propensity of x
    picks (almost always) the same controls."""
    sub = _cc(df, [y, t, x])
    T, Y, X = sub[t].to_numpy(), sub[y].to_numpy(), sub[x].to_numpy()
    xt, xc, yc = X[T == 1], X[T == 0], Y[T == 0]
    order = np.argsort(xc, kind="stable")
    xs, ys = xc[order], yc[order]
    out = np.empty(len(xt))
    for i, v in enumerate(xt):
        d = np.abs(xs - v)
        out[i] = Y[T == 1][i] - ys[d <= d.min() + 1e-9].mean()
    return float(out.mean())


def _did(df, y, group, time, post_value) -> float:
    return did_2x2(df, y, df[group] == 1, df[time] == post_value)


# ============================================================================================
# the cases
# ============================================================================================

_CC = "Complete cases on the columns used."
LB_PER_KG = 2.20462

CASES_D: list[InstructionCase] = [
    # ============================================================================ method (3)
    InstructionCase(
        id="d_m_rehab_aipw", half="D", kind="method", load=sim_rehab,
        question="We'd like a doubly robust estimate for this one. Could you run AIPW (augmented "
        "inverse probability weighting) for the effect of home_rehab on function_score_12w? For the "
        "propensity model please use a logistic regression on the patient's age, BMI and "
        "pre-operative pain score, and for the outcome model linear regressions on the same three "
        "variables. We want the average effect over all patients in the registry.",
        description=REHAB_DOC,
        expected=lambda df: aipw_ate(df, "function_score_12w", "home_rehab",
                                     ["age", "bmi", "pain_baseline"]),
        answer_type="number",
        note="AIPW ATE: unpenalised logit home_rehab ~ 1 + age + bmi + pain_baseline; OLS "
        "function_score_12w ~ 1 + age + bmi + pain_baseline fitted separately in each arm; mean of "
        "m1 - m0 + T(Y - m1)/e - (1 - T)(Y - m0)/(1 - e). Simulated effect 6 + 2*(pain - 5.5); "
        "referral rises with pain, so OLS with the same covariates (variance-weighted, about 7.7) "
        "lands far above the ATE (about 6.0) and the raw difference far below (about 3.5); Hajek "
        "and Horvitz-Thompson IPW, regression adjustment and AIPW with one pooled outcome model "
        "land within 2 % of this AIPW.",
    ),
    InstructionCase(
        id="d_m_savings_nn_matching", half="D", kind="method", load=sim_savings,
        question="can you do nearest-neighbour matching for savings_coaching -> savings_added_12m? "
        "match each coached customer to the single closest non-coached customer on monthly_income "
        "(with replacement) and give me the avg effect for the coached customers",
        description=SAVINGS_DOC,
        expected=lambda df: nn_match_att(df, "savings_added_12m", "savings_coaching",
                                         "monthly_income"),
        answer_type="number",
        note="1-NN matching on monthly_income (absolute difference), with replacement, ATT; tied "
        "controls averaged. Simulated gain 900 - 0.06*(income - 4700); coached customers earn less, "
        "so the raw difference is far lower (about 600; income also raises savings) and the "
        "regression-adjustment ATE about 8 % lower. Matching on a logistic propensity of "
        "monthly_income (or of its log) instead, 5 matches, matching without replacement and "
        "regression-adjustment ATT all land within 3 % (within 2 % except without replacement).",
    ),
    InstructionCase(
        id="d_m_remodel_did", half="D", kind="method", load=sim_remodel,
        question="Please estimate the effect of the January 2024 remodel on weekly_sales_k using "
        "a difference-in-differences design: the remodel_group stores against all the other "
        "stores, with 2023 as the before period and 2024 as the after period.",
        description=REMODEL_DOC,
        expected=lambda df: _did(df, "weekly_sales_k", "remodel_group", "year", 2024),
        answer_type="number",
        note="2x2 DiD of cell means: (remodel 2024 - remodel 2023) - (other 2024 - other 2023); "
        "the same number as OLS with group x post or with store and year fixed effects (balanced "
        "panel). Simulated effect +6; the 2024 cross-sectional gap is about 13 and the "
        "remodel-group before/after change about 10.",
    ),
    # ======================================================================== covariates (3)
    InstructionCase(
        id="d_c_newsletter_age_tenure_plain", half="D", kind="covariates", load=sim_newsletter,
        question="Using a linear regression, what's the effect of subscribing to the newsletter on "
        "annual_spend if we control only for the customer's age and how many years they have been "
        "a customer? Please don't add the order history to the model.",
        description=NEWSLETTER_DOC,
        expected=lambda df: ols_coef(df, "annual_spend", "newsletter", ["cust_age", "tenure_years"]),
        answer_type="number",
        note="OLS annual_spend ~ 1 + newsletter + cust_age + tenure_years; coefficient on "
        "newsletter. orders_last_year also confounds (truth 60), so this partial adjustment lands "
        "well above the full adjustment and below the raw difference.",
    ),
    InstructionCase(
        id="d_c_nhefs_age_baseline_weight", half="D", kind="covariates", load=load_nhefs,
        question="Effect of quitting smoking on weight change (wt82_71) - linear regression "
        "adjusting for age and baseline 1971 weight only, nothing else.",
        description=NHEFS_DOC,
        expected=lambda df: ols_coef(df, "wt82_71", "qsmk", ["age", "wt71"]),
        answer_type="number",
        note="OLS wt82_71 ~ 1 + qsmk + age + wt71; coefficient on qsmk (kg). " + _CC,
    ),
    InstructionCase(
        id="d_c_workshop_all_but_id_and_post", half="D", kind="covariates", load=sim_workshop,
        question="Hi team - I need the effect of the workshop on credit_score_change_12m. Please "
        "run an OLS that adjusts for every other column in the file except member_id (just an id) "
        "and late_payments_6m (that one is measured after the workshop, so it shouldn't go in).",
        description=WORKSHOP_DOC,
        expected=lambda df: ols_coef(df, "credit_score_change_12m", "workshop",
                                     ["age", "income_k", "prior_default"]),
        answer_type="number",
        note="OLS credit_score_change_12m ~ 1 + workshop + age + income_k + prior_default; "
        "coefficient on workshop (about 12.3). Simulated total effect 8 + 0.9*6 = 13.4 (less a "
        "little for the clipping of late payments at zero); adding the mediator "
        "late_payments_6m gives about 7.5 and the raw difference is about 6.8.",
    ),
    # ============================================================================ sample (3)
    InstructionCase(
        id="d_s_exporters_founded_before_2000", half="D", kind="sample", load=sim_exporters,
        question="Only firms founded before 2000, please: what's the effect of export_subsidy on "
        "export_growth_pct in an OLS that controls for employees?",
        description=EXPORTERS_DOC,
        expected=lambda df: ols_coef(df[df["founded"] < 2000], "export_growth_pct",
                                     "export_subsidy", ["employees"]),
        answer_type="number",
        note="Rows with founded < 2000 (strict; founded == 2000 excluded); OLS export_growth_pct ~ "
        "1 + export_subsidy + employees (head count, not logged); coefficient on export_subsidy. "
        "Simulated effect 6 for these firms and 2 for younger ones.",
    ),
    InstructionCase(
        id="d_s_volunteer_drop_first_wave", half="D", kind="sample", load=sim_volunteer,
        question="drop the first wave (different wellbeing scale back then) and regress wellbeing "
        "on volunteering controlling for age, pooling waves 2 and 3. whats the volunteering "
        "coefficient?",
        description=VOLUNTEER_DOC,
        expected=lambda df: ols_coef(df[df["wave"] != 1], "wellbeing", "volunteering", ["age"]),
        answer_type="number",
        note="Rows with wave != 1 (waves 2 and 3 pooled, no person or wave effects); OLS wellbeing "
        "~ 1 + volunteering + age; coefficient on volunteering. Simulated 0.6 on the 0-10 scale; "
        "wave 1 is on a 0-5 scale, so keeping it pulls the coefficient down by about a quarter; "
        "adding wave dummies changes it by under 1 %.",
    ),
    InstructionCase(
        id="d_s_nsw_age_25_or_younger", half="D", kind="sample", load=load_nsw,
        question="Among participants aged 25 or younger, how much did the training programme "
        "change 1978 earnings? Simple difference in means is fine since it was randomised.",
        description=NSW_DOC,
        expected=lambda df: diff_means(df[df["age"] <= 25], "re78", "treat"),
        answer_type="number",
        note="Rows with age <= 25; mean re78 | treat=1 minus mean re78 | treat=0 (1978 dollars). "
        + _CC,
    ),
    # ========================================================================== estimand (3)
    InstructionCase(
        id="d_e_wellness_enrolled", half="D", kind="estimand", load=sim_wellness,
        question="How much did the wellness programme change annual_claims for the employees who "
        "actually enrolled in it? Please adjust for age and bmi.",
        description=WELLNESS_DOC,
        expected=lambda df: reg_adjust(df, "annual_claims", "wellness_program", ["age", "bmi"], "ATT"),
        answer_type="number",
        note="Regression adjustment ATT: OLS annual_claims ~ 1 + age + bmi per arm; mean of m1 - m0 "
        "over wellness_program == 1. Simulated effect -200 - 60*(bmi - 28); enrollees have higher "
        "bmi, so the ATT (about -330) is far more negative than the ATE (about -170); IPW with odds "
        "weights lands within 1 %.",
    ),
    InstructionCase(
        id="d_e_irrigation_ate_everyone", half="D", kind="estimand", load=sim_irrigation,
        question="What would drip irrigation do to yield_t_ha on average across ALL farms in the "
        "survey - adopters and non-adopters alike (the ATE)? Adjust for farm_size_ha and "
        "soil_quality.",
        description=IRRIGATION_DOC,
        expected=lambda df: reg_adjust(df, "yield_t_ha", "drip_irrigation",
                                       ["farm_size_ha", "soil_quality"], "ATE"),
        answer_type="number",
        note="Regression adjustment ATE: OLS yield_t_ha ~ 1 + farm_size_ha + soil_quality per arm; "
        "mean of m1 - m0 over all farms. Simulated effect 0.8 + 0.05*(farm_size_ha - 20); "
        "adopters have larger farms, so ATT > ATE > ATC (about 1.03 / 0.76 / 0.66); AIPW and Hajek "
        "IPW land within 1 %, OLS with the same covariates about 16 % higher.",
    ),
    InstructionCase(
        id="d_e_checkout_stores_without", half="D", kind="estimand", load=sim_checkout,
        question="If we installed self-checkout in the stores that don't have it yet, how much "
        "would avg_queue_min change in those stores on average? Adjust for store size and weekly "
        "visitors.",
        description=CHECKOUT_DOC,
        expected=lambda df: reg_adjust(df, "avg_queue_min", "self_checkout",
                                       ["store_sqm", "weekly_visitors_k"], "ATC"),
        answer_type="number",
        note="Regression adjustment ATC: OLS avg_queue_min ~ 1 + store_sqm + weekly_visitors_k per "
        "arm; mean of m1 - m0 over self_checkout == 0. Simulated effect -2 - 0.4*(visitors - 12); "
        "stores without it are quieter, so their reduction (about -1.46) is smaller than the ATE's "
        "(about -2.0) and ATT's (about -2.9); IPW with odds weights lands within 1 %.",
    ),
    # ============================================================================= scale (3)
    InstructionCase(
        id="d_sc_banner_cents", half="D", kind="scale", load=sim_banner,
        question="How much did the free-shipping banner change order_value? It's a clean A/B test "
        "so just compare means. Give the answer in cents.",
        description=BANNER_DOC,
        expected=lambda df: 100 * diff_means(df, "order_value", "shipping_banner"),
        answer_type="number",
        note="100 x (mean order_value | shipping_banner=1 - | =0): dollars converted to cents.",
    ),
    InstructionCase(
        id="d_sc_practice_per_hour", half="D", kind="scale", load=sim_practice,
        question="What is the effect of practice time on exam_score per extra hour of practice per "
        "week? Linear regression controlling for prior_grade.",
        description=PRACTICE_DOC,
        expected=lambda df: 60 * ols_coef(df, "exam_score", "practice_min_week", ["prior_grade"]),
        answer_type="number",
        note="60 x coefficient on practice_min_week (minutes) in OLS exam_score ~ 1 + "
        "practice_min_week + prior_grade (prior_grade linear). Simulated truth 0.02 per minute = "
        "1.2 points per hour; this draw gives about 1.48 per hour (0.025 per minute).",
    ),
    InstructionCase(
        id="d_sc_nhefs_pounds", half="D", kind="scale", load=load_nhefs,
        question="Our readers are American, so could you report this in pounds rather than "
        "kilograms? I need the effect of quitting smoking (qsmk) on weight change between 1971 "
        "and 1982, from an OLS regression adjusting for sex, age, 1971 weight and how many "
        "cigarettes a day they smoked in 1971.",
        description=NHEFS_DOC,
        expected=lambda df: LB_PER_KG * ols_coef(df, "wt82_71", "qsmk",
                                                 ["sex", "age", "wt71", "smokeintensity"]),
        answer_type="number",
        note="2.20462 x coefficient on qsmk in OLS wt82_71 ~ 1 + qsmk + sex + age + wt71 + "
        "smokeintensity (kg converted to lb; about 3.2 kg = 7.1 lb). " + _CC,
    ),
    # ===================================================================== rounding_sign (3)
    InstructionCase(
        id="d_r_dispatch_whole_minutes", half="D", kind="rounding_sign", load=sim_dispatch,
        question="Effect of new_dispatch on delivery_min, OLS adjusting for distance_km and urban. "
        "Round to the nearest whole minute.",
        description=DISPATCH_DOC,
        expected=lambda df: float(round(ols_coef(df, "delivery_min", "new_dispatch",
                                                 ["distance_km", "urban"]))),
        answer_type="number",
        note="round(coefficient on new_dispatch in OLS delivery_min ~ 1 + new_dispatch + "
        "distance_km + urban, 0) (negative: the software shortens deliveries). The unrounded "
        "coefficient is more than 3 % away from the rounded value.",
    ),
    InstructionCase(
        id="d_r_autoplay_switch_off", half="D", kind="rounding_sign", load=sim_autoplay,
        question="We're thinking about switching autoplay off for everyone. From this randomised "
        "test, what would turning autoplay off do to watch_minutes? Please give the effect of "
        "turning it OFF (difference in means).",
        description=AUTOPLAY_DOC,
        expected=lambda df: -diff_means(df, "watch_minutes", "autoplay"),
        answer_type="number",
        note="mean watch_minutes | autoplay=0 minus | autoplay=1, i.e. MINUS the usual "
        "treated-minus-control difference (negative, about -5: switching autoplay off lowers "
        "watch time).",
    ),
    InstructionCase(
        id="d_r_trial_whole_pp", half="D", kind="rounding_sign", load=sim_trial,
        question="hey, how much did the 30 day trial bump the upgrade rate? diff in means is fine "
        "(its randomised). pls give it in percentage points rounded to a whole number",
        description=TRIAL_DOC,
        expected=lambda df: float(round(100 * diff_means(df, "upgraded", "trial_extended"))),
        answer_type="number",
        note="round(100 x (mean upgraded | trial_extended=1 - | =0), 0): whole percentage points. "
        "The unrounded value is more than 3 % away from the rounded one, and the share (not x 100) "
        "is off by a factor of 100.",
    ),
    # ===================================================================== heterogeneity (3)
    InstructionCase(
        id="d_h_push_by_age_group", half="D", kind="heterogeneity", load=sim_push,
        question="Does the push-notification effect on sessions_per_week differ across age "
        "groups? Give me the difference in means within each age_group.",
        description=PUSH_DOC,
        expected=lambda df: per_group(df, "age_group",
                                      lambda d: diff_means(d, "sessions_per_week", "push_enabled")),
        answer_type="per_group",
        note="Per age_group ('18-34', '35-54', '55+'): mean sessions_per_week | push_enabled=1 "
        "minus | =0. Simulated 0.3 / 0.9 / 1.6 (before clipping at zero).",
    ),
    InstructionCase(
        id="d_h_coupon_new_vs_returning", half="D", kind="heterogeneity", load=sim_coupon_returning,
        question="I'd like to see whether the coupon works differently for new versus returning "
        "customers. For each of the two customer types separately, please run a linear "
        "regression of basket_usd on coupon controlling for age, and report the coupon "
        "coefficient.",
        description=COUPON_RET_DOC,
        expected=lambda df: per_group(df, "returning",
                                      lambda d: ols_coef(d, "basket_usd", "coupon", ["age"])),
        answer_type="per_group",
        note="Per returning (0 = new, 1 = returning): coefficient on coupon in OLS basket_usd ~ 1 + "
        "coupon + age within the group. Simulated 6 for new and 2 for returning customers.",
    ),
    InstructionCase(
        id="d_h_nhefs_by_exercise_plain", half="D", kind="heterogeneity", load=load_nhefs,
        question="Could you check whether the effect of quitting smoking on weight change "
        "(wt82_71) depends on how much people exercised in 1971? For each exercise level "
        "separately, run OLS of wt82_71 on qsmk adjusting for sex, age and wt71.",
        description=NHEFS_DOC,
        expected=lambda df: per_group(df, "exercise",
                                      lambda d: ols_coef(d, "wt82_71", "qsmk", ["sex", "age", "wt71"])),
        answer_type="per_group",
        note="Per exercise level (0 much, 1 moderate, 2 little or none): coefficient on qsmk in "
        "OLS wt82_71 ~ 1 + qsmk + sex + age + wt71 within the level. " + _CC,
    ),
    # ============================================================================ advice (3)
    _advice(
        "adv_d_confounder_traffic_plain", "D",
        _Adv("confounder", 9018, 2500, "bike_lane", "cyclist_crash_rate", "traffic_volume_2021",
             t_bin=True, v_bin=False, y_lin=(25.0, 4.0), v_lin=(9000.0, 2500.0), tau=-0.4,
             a=1.2, b=1.1, digits=1),
        "When we estimate how much the new bike lanes changed cyclist_crash_rate, do we need to "
        "account for how busy each street was before the lanes went in?",
        """City transport department, one row per street segment, observational.
    traffic_volume_2021 - average daily motor vehicles on the segment in 2021, before any lanes were built; the council gave priority to the busiest streets when choosing where to build
    bike_lane - 1 if a protected bike lane was built on the segment in 2022
    cyclist_crash_rate - crashes involving cyclists per million cycle trips on the segment, 2023-2024""",
        "yes", "confounder"),
    _advice(
        "adv_d_mediator_feature_adoption", "D",
        _Adv("mediator", 9019, 3000, "onboarding_webinar", "retention_days", "features_used_30d",
             t_bin=True, v_bin=False, y_lin=(200.0, 35.0), v_lin=(8.0, 2.0), tau=0.2, a=0.9,
             b=0.8, digits=0),
        "hey quick q - for the effect of onboarding_webinar on retention_days, shud i control for "
        "features_used_30d? it explains a lot of the variance so i was gonna add it",
        """SaaS trial accounts, one row per account. The onboarding webinar invitation was randomised at sign-up and nearly everyone invited attended.
    onboarding_webinar - 1 if the account attended the onboarding webinar in week 1
    features_used_30d - number of product features the account had used by day 30
    retention_days - days the account stayed subscribed (measured over the following year)""",
        "no", "mediator"),
    _advice(
        "adv_d_collider_keynote", "D",
        _Adv("collider", 9020, 3000, "research_grant", "papers_3y", "keynote_invite",
             t_bin=True, v_bin=True, y_lin=(8.0, 2.0), tau=0.4, a=0.9, b=1.2, digits=1),
        "We are estimating the effect of research_grant on papers_3y. A colleague suggested "
        "adding keynote_invite as a control to make the groups more comparable. Is that a good "
        "idea?",
        """Early-career researchers, one row per applicant. The starting grant was allocated by lottery among eligible applicants in 2020.
    research_grant - 1 if the applicant won the grant lottery
    papers_3y - papers published 2020-2023 (averaged over co-author credit, so not whole numbers)
    keynote_invite - 1 if the researcher was invited to give a conference keynote in 2024; organisers looked at publication records and favoured grant holders""",
        "no", "collider"),
]


def cases_d() -> list[InstructionCase]:
    return list(CASES_D)


def main() -> None:
    from collections import Counter

    from evals.instruction_cases import _fmt

    print(f"{'id':40s} | {'kind':13s} | expected")
    for c in CASES_D:
        df = c.load()
        exp = c.expected(df)
        extra = ""
        if c.kind == "advice":
            true, unadj, adj = advice_check(c, df)
            extra = (f"  ({c.reason}; n={len(df)}, true {true:.4g}, without V {unadj:.4g}, "
                     f"with V {adj:.4g})")
        print(f"{c.id:40s} | {c.kind:13s} | {_fmt(exp)}{extra}")
    print(dict(Counter(c.kind for c in CASES_D)), len(CASES_D))


if __name__ == "__main__":
    main()
