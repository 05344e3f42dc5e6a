"""Instruction suite, half E: 24 further held-out effect questions with explicit instructions.

Half E was written on 2026-12-08, before the fifth session's code changes, by a writer who did
not read ``agent/`` or ``tools/``; it is scored only once, at the end. Do not inspect, tune on or
run these cases while developing.

The case type, the data loaders of the real tables, the codebooks, the by-hand estimators and the
scoring semantics are those of ``evals.instruction_cases`` (numbers right within 3 % relative,
per-group answers when every group is, advice when yes/no agrees). Every expected value is
recomputed from the loaded frame by hand (numpy / statsmodels), exactly as the question says;
``note`` spells out the specification. Complete cases on the columns used unless a case says
otherwise.

Eight kinds, three cases each: ``method`` (standardisation / parametric g-formula on NHEFS,
inverse probability weighting with stabilised weights, exact matching on two categorical
covariates), ``covariates`` (two controls named only in plain language on Card and on Mroz, a
linear plus squared age term), ``sample`` (at least 12 years of schooling, 2005 onwards in a
state-year panel, dropping one sales channel), ``estimand`` (effect on those who went, the ATU
of the units without the technology, a population-average effect), ``scale`` (percent of the
comparison group's rate, per 1,000 residents, minutes for an outcome recorded in hours),
``rounding_sign`` (a decrease per kilometre as positive percentage points to one decimal, a
percentage-point change to one decimal, a reduction as positive seconds to the nearest ten),
``heterogeneity`` (married vs unmarried, per traveller type, night vs day shift) and ``advice``
(confounder: yes; instrument: no; mediator: no). Question styles vary: terse one-liners, polite
paragraphs with context, chat messages with typos (never in column names); several questions
name variables only in plain language that the description or codebook resolves.

The simulated tables below are new, seeded numpy draws (seeds 9501-9516), sent through the same
CSV round trip as an upload; 8 cases use the real NHEFS / Card / Mroz / castle-doctrine / Broockman
/ Thornton / NSW tables. ``python -m evals.instruction_cases_e`` prints every expected value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evals.instruction_cases import (
    BLACK_POL_DOC,
    CARD_DOC,
    CASTLE_DOC,
    MROZ_DOC,
    NHEFS_DOC,
    NSW_DOC,
    THORNTON_DOC,
    InstructionCase,
    _Adv,
    _advice,
    _bern,
    _cc,
    _sig,
    advice_check,
    diff_means,
    ipw_hajek_ate,
    load_black_politicians,
    load_card,
    load_castle,
    load_mroz,
    load_nhefs,
    load_nsw,
    load_thornton,
    ols_coef,
    per_group,
    reg_adjust,
    twfe,
)
from evals.public_data import uploaded

# ============================================================================================
# simulated tables (known structure; fixed seeds)
# ============================================================================================


def sim_telematics() -> pd.DataFrame:
    """Telematics box in car insurance; young, high-mileage drivers opt in more and their claims
    fall most (heterogeneous effect correlated with the propensity: OLS != ATE)."""
    rng = np.random.default_rng(9501)
    n = 4000
    age = rng.uniform(18, 75, n)
    miles = rng.gamma(4, 3, n)                      # thousand miles a year
    prior = rng.poisson(0.4, n)
    box = _bern(rng, _sig(-0.6 - 0.04 * (age - 45) + 0.12 * (miles - 12) + 0.3 * prior))
    claims = (600 - 6 * (age - 45) + 25 * (miles - 12) + 180 * prior
              + box * (-120 - 25 * (miles - 12)) + rng.normal(0, 200, n))
    return uploaded(pd.DataFrame({"policy_no": np.arange(880001, 880001 + n),
                                  "driver_age": age.round(0).astype(int),
                                  "annual_miles_k": miles.round(1), "prior_claims": prior,
                                  "telematics_box": box, "claims_cost_next_year": claims.round(2)}))


TELEMATICS_DOC = """Car insurer, one row per policy renewed in 2024, observational (drivers chose whether to have the telematics box fitted for a discount).
    policy_no - policy number
    driver_age - age of the main driver at renewal
    annual_miles_k - miles driven in the year before renewal, thousands (from the odometer declaration)
    prior_claims - number of claims in the three years before renewal
    telematics_box - 1 if the driver had the telematics box fitted at renewal
    claims_cost_next_year - cost of claims in the 12 months after renewal, dollars"""


def sim_breakfast() -> pd.DataFrame:
    """School breakfast club; take-up is higher in low grades and among free-lunch pupils; the
    effect is larger for free-lunch pupils and younger grades (ATT != ATE; OLS off too)."""
    rng = np.random.default_rng(9502)
    n = 3600
    grade = rng.integers(1, 7, n)
    free_lunch = _bern(rng, np.full(n, 0.4))
    club = _bern(rng, _sig(-0.4 - 0.3 * (grade - 3.5) + 1.3 * free_lunch))
    eff = 1.0 + 3.0 * free_lunch + 0.6 * (6 - grade)
    score = 60 + 1.5 * grade - 6 * free_lunch + club * eff + rng.normal(0, 6, n)
    return uploaded(pd.DataFrame({"pupil_id": [f"P{i:05d}" for i in range(n)], "grade": grade,
                                  "free_lunch": free_lunch, "breakfast_club": club,
                                  "attention_score": score.round(1)}))


BREAKFAST_DOC = """Primary schools, one row per pupil, observational (parents signed their children up for the breakfast club).
    pupil_id - pupil code
    grade - school grade, 1 to 6
    free_lunch - 1 if the pupil is eligible for free school meals
    breakfast_club - 1 if the pupil attended the school breakfast club this term
    attention_score - teacher-rated attention score at the end of term, 0-100"""


def sim_flexhours() -> pd.DataFrame:
    """Flexible-hours scheme; age enters both take-up and burnout as a U shape, so a linear age
    term is not enough; parents take it up more."""
    rng = np.random.default_rng(9503)
    n = 3500
    age = rng.uniform(20, 66, n)
    kids = _bern(rng, _sig(-0.2 - 0.06 * (age - 42) ** 2 / 10))
    a2 = (age - 42) ** 2 / 100
    flex = _bern(rng, _sig(-0.9 + 0.9 * a2 + 0.8 * kids))
    burnout = 50 + 7 * a2 + 4 * kids - 3.0 * flex + rng.normal(0, 5, n)
    return uploaded(pd.DataFrame({"employee_no": np.arange(1, n + 1),
                                  "age": age.round(0).astype(int), "has_children": kids,
                                  "flex_hours": flex, "burnout_score": burnout.round(1)}))


FLEXHOURS_DOC = """Public-sector employer, one row per employee, observational (employees applied for flexible hours in 2024).
    employee_no - staff number
    age - age in years on 1 January 2024
    has_children - 1 if the employee had a child under 16 living at home on 1 January 2024
    flex_hours - 1 if the employee worked flexible hours during 2024
    burnout_score - burnout inventory score from the December 2024 staff survey (higher = more burnt out)"""


def sim_labels() -> pd.DataFrame:
    """Coffee-bag label redesign across three sales channels; shelf price confounds; the label
    helps retail and online but not wholesale (bulk buyers do not see the shelf)."""
    rng = np.random.default_rng(9504)
    n = 3000
    channel = rng.choice(["retail", "online", "wholesale"], n, p=[0.45, 0.35, 0.20])
    price = rng.normal(14, 3, n).clip(6, None)
    wholesale = (channel == "wholesale").astype(float)
    new_label = _bern(rng, _sig(-0.2 + 0.25 * (price - 14) + 0.8 * wholesale))
    eff = pd.Series(channel).map({"retail": 40.0, "online": 25.0, "wholesale": -10.0}).to_numpy()
    base = pd.Series(channel).map({"retail": 300.0, "online": 220.0, "wholesale": 500.0}).to_numpy()
    units = base - 9 * (price - 14) + new_label * eff + rng.normal(0, 40, n)
    return uploaded(pd.DataFrame({"sku_listing": np.arange(1, n + 1), "channel": channel,
                                  "shelf_price": price.round(2), "new_label": new_label,
                                  "units_sold_q": units.round(0).astype(int)}))


LABELS_DOC = """Coffee roaster, one row per product listing (a bag size and blend in one sales channel), spring quarter 2025, observational (the brand team chose which listings got the redesigned label first).
    sku_listing - listing number
    channel - where the listing is sold: 'retail' (supermarket shelves), 'online' (own web shop) or 'wholesale' (bulk sales to cafes)
    shelf_price - price per bag, dollars
    new_label - 1 if the listing carried the redesigned label during the quarter
    units_sold_q - bags sold during the quarter"""


def sim_immersion() -> pd.DataFrame:
    """Language immersion trip; beginners go more and gain more (ATT > ATE)."""
    rng = np.random.default_rng(9505)
    n = 3000
    level = rng.normal(50, 12, n)
    age = rng.uniform(16, 60, n)
    trip = _bern(rng, _sig(-0.8 - 0.07 * (level - 50) - 0.02 * (age - 35)))
    fluency = (20 + 0.8 * level - 0.1 * (age - 35) + trip * (8 - 0.35 * (level - 50))
               + rng.normal(0, 5, n))
    return uploaded(pd.DataFrame({"learner_id": np.arange(1, n + 1),
                                  "age": age.round(0).astype(int),
                                  "placement_level": level.round(1), "immersion_trip": trip,
                                  "fluency_score": fluency.round(1)}))


IMMERSION_DOC = """Language school, one row per adult learner, observational (learners decided whether to book the two-week immersion trip).
    learner_id - learner number
    age - age at enrolment
    placement_level - placement-test score at enrolment (0-100, higher = more advanced)
    immersion_trip - 1 if the learner went on the immersion trip during the course
    fluency_score - oral fluency score at the end of the course"""


def sim_robots() -> pd.DataFrame:
    """Warehouse picking robots; big, well-staffed sites adopted; the gain grows with floor area,
    so the ATU (small sites) is well below the ATE and ATT."""
    rng = np.random.default_rng(9506)
    n = 2500
    area = rng.gamma(5, 4, n)                       # thousand square metres
    staff = np.round(20 + 2.5 * area + rng.normal(0, 15, n)).clip(5, None)
    robots = _bern(rng, _sig(-0.9 + 0.08 * (area - 20) + 0.005 * (staff - 70)))
    picks = (95 + 0.4 * (area - 20) - 0.05 * (staff - 70) + robots * (14 + 1.4 * (area - 20))
             + rng.normal(0, 5, n))
    return uploaded(pd.DataFrame({"site": [f"W{i:04d}" for i in range(n)],
                                  "floor_area_k_m2": area.round(2),
                                  "staff_count": staff.astype(int),
                                  "picking_robots": robots, "picks_per_hour": picks.round(1)}))


ROBOTS_DOC = """Third-party logistics firm, one row per warehouse, observational (site managers decided whether to lease picking robots in 2023).
    site - warehouse code
    floor_area_k_m2 - warehouse floor area, thousands of square metres
    staff_count - warehouse staff in 2022
    picking_robots - 1 if the warehouse leased picking robots in 2023
    picks_per_hour - average order lines picked per worker-hour in 2024"""


def sim_medreview() -> pd.DataFrame:
    """Pharmacist medication review; older patients with many medicines get it more and benefit
    more; the ATE lies between the ATC and the ATT."""
    rng = np.random.default_rng(9507)
    n = 4000
    age = rng.uniform(55, 95, n)
    meds = rng.poisson(7, n)
    review = _bern(rng, _sig(-1.0 + 0.04 * (age - 75) + 0.3 * (meds - 7)))
    days = (12 + 0.15 * (age - 75) + 0.8 * (meds - 7) + review * (-3.0 - 0.6 * (meds - 7))
            + rng.normal(0, 2, n))
    return uploaded(pd.DataFrame({"patient_age": age.round(0).astype(int), "n_medicines": meds,
                                  "med_review": review,
                                  "hospital_days_6m": np.clip(days, 0, None).round(1)}))


MEDREVIEW_DOC = """Hospital discharges of older patients, one row per patient, observational (ward pharmacists chose whom to review before discharge).
    patient_age - age at discharge
    n_medicines - number of different medicines prescribed at admission
    med_review - 1 if a pharmacist reviewed the patient's medicines before discharge
    hospital_days_6m - days spent back in hospital in the 6 months after discharge"""


def sim_cameras() -> pd.DataFrame:
    """Speed cameras; denser towns with higher baseline injury rates installed them; effect -0.0006
    injuries per resident-year (-0.6 per 1,000)."""
    rng = np.random.default_rng(9508)
    n = 1200
    density = rng.gamma(3, 600, n)                  # residents per km2
    base = np.clip(rng.normal(0.0045, 0.0012, n), 0.0005, None)
    cam = _bern(rng, _sig(-0.5 + 0.0006 * (density - 1800) + 800 * (base - 0.0045)))
    rate = (0.0008 + 0.75 * base + 2e-7 * (density - 1800) - 0.0006 * cam
            + rng.normal(0, 0.0005, n))
    return uploaded(pd.DataFrame({"town_code": np.arange(1001, 1001 + n),
                                  "pop_density": density.round(0).astype(int),
                                  "injury_rate_2021": base.round(5), "speed_cameras": cam,
                                  "injury_rate_2024": np.clip(rate, 0, None).round(5)}))


CAMERAS_DOC = """Road-safety study, one row per town, observational (town councils decided whether to install speed cameras in 2022).
    town_code - town number
    pop_density - residents per square kilometre, 2021
    injury_rate_2021 - road injuries in 2021 per resident (injuries divided by population)
    speed_cameras - 1 if the town installed speed cameras in 2022
    injury_rate_2024 - road injuries in 2024 per resident (injuries divided by population)"""


def sim_bluelight() -> pd.DataFrame:
    """Randomised blue-light filter app; +0.2 h (12 min) of sleep."""
    rng = np.random.default_rng(9509)
    n = 3000
    app = _bern(rng, np.full(n, 0.5))
    sleep = 6.7 + 0.2 * app + rng.normal(0, 0.9, n)
    return uploaded(pd.DataFrame({"participant": np.arange(1, n + 1), "filter_app": app,
                                  "sleep_hours": np.clip(sleep, 2, 11).round(2)}))


BLUELIGHT_DOC = """Sleep study, one row per participant; a random half had a blue-light filter app installed on their phone for four weeks.
    participant - participant number
    filter_app - 1 if the participant had the filter app
    sleep_hours - average nightly sleep in week 4 (from a wrist tracker), hours"""


def sim_reminder() -> pd.DataFrame:
    """Randomised SMS appointment reminder; no-show rate 9.0 % vs 8.4 % (this draw: 1.1 pp)."""
    rng = np.random.default_rng(9510)
    n = 10000
    sms = _bern(rng, np.full(n, 0.5))
    no_show = _bern(rng, 0.09 - 0.006 * sms)
    return uploaded(pd.DataFrame({"appointment_id": np.arange(1, n + 1), "sms_reminder": sms,
                                  "no_show": no_show}))


REMINDER_DOC = """Outpatient clinics, one row per booked appointment; a random half of appointments got an SMS reminder two days ahead.
    appointment_id - appointment number
    sms_reminder - 1 if an SMS reminder was sent
    no_show - 1 if the patient did not turn up, 0 if they attended"""


def sim_callback() -> pd.DataFrame:
    """Call-centre callback option; busier queues and complex products got it first; truth -46 s."""
    rng = np.random.default_rng(9511)
    n = 3000
    calls = rng.normal(400, 90, n)
    complex_ = _bern(rng, np.full(n, 0.35))
    cb = _bern(rng, _sig(-0.3 + 0.006 * (calls - 400) + 0.7 * complex_))
    wait = 240 + 0.5 * (calls - 400) + 60 * complex_ - 46 * cb + rng.normal(0, 40, n)
    return uploaded(pd.DataFrame({"queue_day": np.arange(1, n + 1),
                                  "calls_offered": calls.round(0).astype(int),
                                  "complex_product": complex_, "callback_option": cb,
                                  "avg_wait_sec": np.clip(wait, 5, None).round(0).astype(int)}))


CALLBACK_DOC = """Insurance call centre, one row per queue and day, observational (team leads switched the 'we'll call you back' option on for some queues).
    queue_day - row number
    calls_offered - number of calls arriving in the queue that day
    complex_product - 1 if the queue handles complex products (pensions, life cover)
    callback_option - 1 if the callback option was switched on for the queue that day
    avg_wait_sec - average time callers waited before reaching an agent, seconds"""


def sim_hotel() -> pd.DataFrame:
    """Randomised free-breakfast offer; review effect differs by traveller type."""
    rng = np.random.default_rng(9512)
    n = 8000
    kind = rng.choice(["business", "couple", "family", "solo"], n, p=[0.3, 0.3, 0.25, 0.15])
    offer = _bern(rng, np.full(n, 0.5))
    base = pd.Series(kind).map({"business": 7.6, "couple": 8.2, "family": 7.9,
                                "solo": 8.0}).to_numpy()
    eff = pd.Series(kind).map({"business": 0.10, "couple": 0.25, "family": 0.55,
                               "solo": -0.05}).to_numpy()
    score = np.clip(base + eff * offer + rng.normal(0, 1.1, n), 1, 10)
    return uploaded(pd.DataFrame({"booking_ref": [f"B{i:06d}" for i in range(n)],
                                  "traveller_type": kind, "free_breakfast": offer,
                                  "review_score": score.round(1)}))


HOTEL_DOC = """Hotel group experiment, one row per stay; at booking, a random half of guests were upgraded to free breakfast.
    booking_ref - booking reference
    traveller_type - type of trip given at booking: business, couple, family or solo
    free_breakfast - 1 if the stay included the free breakfast upgrade
    review_score - guest review score after the stay, 1-10"""


def sim_napping() -> pd.DataFrame:
    """Nap pods in hospitals; experienced staff use them less; the pods cut errors on night
    shifts much more than on day shifts."""
    rng = np.random.default_rng(9513)
    n = 4000
    night = _bern(rng, np.full(n, 0.4))
    tenure = rng.gamma(2, 4, n)
    pod = _bern(rng, _sig(-0.3 + 0.9 * night - 0.08 * (tenure - 8)))
    eff = np.where(night == 1, -1.6, -0.3)
    errors = 4 + 1.5 * night - 0.15 * (tenure - 8) + pod * eff + rng.normal(0, 1.2, n)
    return uploaded(pd.DataFrame({"nurse_id": np.arange(1, n + 1), "night_shift": night,
                                  "years_on_ward": tenure.round(1), "nap_pod_use": pod,
                                  "charting_errors": np.clip(errors, 0, None).round(2)}))


NAPPING_DOC = """Hospital nursing staff, one row per nurse, observational (nurses chose whether to use the nap pods installed in 2024).
    nurse_id - staff number
    night_shift - 1 if the nurse works mostly night shifts, 0 if mostly day shifts
    years_on_ward - years working on the ward
    nap_pod_use - 1 if the nurse used the nap pods at least once a week during the audit period
    charting_errors - charting errors per 100 patient records in the audit"""


# ============================================================================================
# by-hand helpers specific to half E
# ============================================================================================

def exact_match_att(df, y, t, strata) -> float:
    """Exact matching on the cells of ``strata``, ATT: in every cell with both arms, the mean y of
    the treated minus the mean y of the controls, averaged with weights = number of treated in the
    cell (treated in cells without controls would be dropped; every cell has both here)."""
    sub = _cc(df, [y, t, *strata])
    num, den = 0.0, 0
    for _, cell in sub.groupby(list(strata)):
        tr, co = cell[cell[t] == 1], cell[cell[t] == 0]
        if len(tr) and len(co):
            num += len(tr) * (tr[y].mean() - co[y].mean())
            den += len(tr)
    return float(num / den)


def pct_of_comparison(df, y, t) -> float:
    """100 x (mean y | t=1 - mean y | t=0) / mean y | t=0."""
    sub = _cc(df, [y, t])
    m0 = sub.loc[sub[t] == 0, y].mean()
    return float(100 * (sub.loc[sub[t] == 1, y].mean() - m0) / m0)


def ols_with_square(df, y, t, x, others=()) -> float:
    """Coefficient on t in OLS y ~ 1 + t + x + x^2 + others (x^2 the raw square of x)."""
    d = df.copy()
    d["__x_sq"] = pd.to_numeric(d[x], errors="coerce") ** 2
    return ols_coef(d, y, t, [x, "__x_sq", *others])


# ============================================================================================
# the cases
# ============================================================================================

_CC = "Complete cases on the columns used."
_G_X = ["sex", "race", "age", "wt71", "smokeintensity"]
_TEL_X = ["driver_age", "annual_miles_k", "prior_claims"]
_SCHOOL_X = ["sex", "age", "wt71", "smokeintensity", "smokeyrs"]

NHEFS_SCHOOL_DOC = NHEFS_DOC + """
    school - HIGHEST GRADE OF REGULAR SCHOOL EVER COMPLETED (years of schooling, 0-17), 1971"""

CASES_E: list[InstructionCase] = [
    # ============================================================================ method (3)
    InstructionCase(
        id="e_m_nhefs_g_formula", half="E", kind="method", load=load_nhefs,
        question="Could you estimate the effect of quitting smoking on weight change (wt82_71) by "
        "standardisation, i.e. the parametric g-formula? For the outcome model, fit a linear "
        "regression of wt82_71 separately among quitters and among non-quitters, each with main "
        "effects of sex, race, age, wt71 and smokeintensity; then predict every participant's "
        "weight change under quitting and under not quitting and average the difference over the "
        "whole cohort.",
        description=NHEFS_DOC,
        expected=lambda df: reg_adjust(df, "wt82_71", "qsmk", _G_X, "ATE"),
        answer_type="number",
        note="Standardisation / g-formula ATE = regression adjustment: OLS wt82_71 ~ 1 + sex + "
        "race + age + wt71 + smokeintensity fitted in each qsmk arm; mean of m1 - m0 over all rows "
        "(about 3.41 kg). OLS with the same covariates and no interactions gives about 3.28 (4 % "
        "lower) and the ATT about 3.22; AIPW and Hajek IPW on the same covariates land about 2 % "
        "lower. " + _CC,
    ),
    InstructionCase(
        id="e_m_telematics_stabilised_ipw", half="E", kind="method", load=sim_telematics,
        question="Our actuarial team would like an inverse-probability-weighted estimate of what "
        "the telematics box does to claims_cost_next_year. Please model each driver's probability "
        "of having the box with a logistic regression on the driver's age, annual mileage and "
        "number of prior claims (main effects), give box holders the stabilised weight P(box) / "
        "propensity and everyone else (1 - P(box)) / (1 - propensity), where P(box) is the "
        "overall share of box holders, and report the difference in weighted mean claims cost "
        "between the two groups - the average effect across all policies.",
        description=TELEMATICS_DOC,
        expected=lambda df: ipw_hajek_ate(df, "claims_cost_next_year", "telematics_box", _TEL_X),
        answer_type="number",
        note="Unpenalised logit telematics_box ~ 1 + driver_age + annual_miles_k + prior_claims; "
        "ATE as the difference of weighted means with stabilised weights, which within each arm "
        "is the same as normalised (Hajek) 1/e and 1/(1-e) weights (= WLS of the outcome on the "
        "treatment). Simulated effect -120 - 25*(miles - 12); high-mileage drivers opt in more, "
        "so OLS with the same covariates is about 8 % more negative, the raw difference is near "
        "-14 and unnormalised Horvitz-Thompson weights give about -101 (15 % off); AIPW and "
        "regression adjustment land within 4 %.",
    ),
    InstructionCase(
        id="e_m_breakfast_exact_matching", half="E", kind="method", load=sim_breakfast,
        question="cn you do exact matching for breakfast_club -> attention_score? match pupils "
        "exactly on grade and on free_lunch (so same grade AND same free meals status), compare "
        "club kids with non-club kids inside each of those cells, and average over the club kids. "
        "so basically the effect for the kids who actually went",
        description=BREAKFAST_DOC,
        expected=lambda df: exact_match_att(df, "attention_score", "breakfast_club",
                                            ["grade", "free_lunch"]),
        answer_type="number",
        note="Exact matching / subclassification on the 12 grade x free_lunch cells (all have both "
        "arms); ATT = sum over cells of n_treated_cell * (mean treated - mean control) / "
        "n_treated. Simulated effect 1 + 3*free_lunch + 0.6*(6 - grade); regression adjustment "
        "ATT with linear grade lands within 1 %, the ATE is about 3.40 (14 % lower), OLS about "
        "3.29 and the raw difference about 1.3.",
    ),
    # ======================================================================== covariates (3)
    InstructionCase(
        id="e_c_card_experience_metro_plain", half="E", kind="covariates", load=load_card,
        question="Return to a year of schooling on log wages - OLS controlling for years of work "
        "experience and for living in a metropolitan area, those two and nothing more.",
        description=CARD_DOC,
        expected=lambda df: ols_coef(df, "lwage", "educ", ["exper", "smsa"]),
        answer_type="number",
        note="OLS lwage ~ 1 + educ + exper + smsa; coefficient on educ (about 0.088). Experience "
        "only gives about 0.093, the usual exper + black + south + smsa about 0.074, no controls "
        "0.052.",
    ),
    InstructionCase(
        id="e_c_mroz_husband_college_income_plain", half="E", kind="covariates", load=load_mroz,
        question="In the Mroz sample, what is the effect of the wife having attended college on "
        "her log wage rate when the linear regression controls for nothing except whether her "
        "husband attended college and the family's income apart from her own?",
        description=MROZ_DOC,
        expected=lambda df: ols_coef(df, "lwg", "wc", ["hc", "inc"]),
        answer_type="number",
        note="OLS lwg ~ 1 + wc + hc + inc (booleans as 0/1); coefficient on wc (about 0.387). No "
        "controls gives about 0.406, all other columns about 0.342.",
    ),
    InstructionCase(
        id="e_c_flexhours_age_squared", half="E", kind="covariates", load=sim_flexhours,
        question="Burnout tends to be U-shaped in age, so a straight line in age won't do. Please "
        "run OLS of burnout_score on flex_hours with has_children, age and age squared as the "
        "controls. What's the flex_hours coefficient?",
        description=FLEXHOURS_DOC,
        expected=lambda df: ols_with_square(df, "burnout_score", "flex_hours", "age",
                                            ["has_children"]),
        answer_type="number",
        note="OLS burnout_score ~ 1 + flex_hours + age + age^2 + has_children; coefficient on "
        "flex_hours (about -2.9; simulated -3). Centring age before squaring gives the same "
        "coefficient. Linear age only gives about +6.9 (the wrong sign) and the raw difference "
        "about +7.2; dropping has_children gives about -2.4.",
    ),
    # ============================================================================ sample (3)
    InstructionCase(
        id="e_s_nhefs_twelve_years_school", half="E", kind="sample", load=load_nhefs,
        question="Just the people who had completed at least twelve years of school, please. "
        "Among them, what does quitting smoking do to weight change between 1971 and 1982, in a "
        "linear regression that adjusts for sex, age, 1971 weight, cigarettes per day and years "
        "of smoking?",
        description=NHEFS_SCHOOL_DOC,
        expected=lambda df: ols_coef(df[df["school"] >= 12], "wt82_71", "qsmk", _SCHOOL_X),
        answer_type="number",
        note="Rows with school >= 12 (the same rows as education >= 3; 935 people); OLS wt82_71 ~ "
        "1 + qsmk + sex + age + wt71 + smokeintensity + smokeyrs; coefficient on qsmk (about "
        "3.15). All rows give about 3.29 and school > 12 about 4.14. " + _CC,
    ),
    InstructionCase(
        id="e_s_castle_2005_onwards", half="E", kind="sample", load=load_castle,
        question="Keep only 2005 onwards. Two-way fixed effects DiD, state and year dummies, no "
        "weights, no controls: effect of post on l_homicide?",
        description=CASTLE_DOC,
        expected=lambda df: twfe(df[df["year"] >= 2005], "l_homicide", "post", "sid", "year"),
        answer_type="number",
        note="Rows with year >= 2005 (2005-2010, 300 state-years); OLS l_homicide ~ post + state "
        "dummies (sid) + year dummies, unweighted; coefficient on post (about 0.054). The full "
        "2000-2010 panel gives about 0.069 and year > 2005 about 0.028.",
    ),
    InstructionCase(
        id="e_s_labels_drop_wholesale", half="E", kind="sample", load=sim_labels,
        question="wholesale is a totally different business for us so drop the rows where channel "
        "is 'wholesale', then tell me the effect of new_label on units_sold_q. regression with "
        "shelf_price as the control pls",
        description=LABELS_DOC,
        expected=lambda df: ols_coef(df[df["channel"] != "wholesale"], "units_sold_q", "new_label",
                                     ["shelf_price"]),
        answer_type="number",
        note="Rows with channel != 'wholesale' (retail and online pooled, no channel dummy); OLS "
        "units_sold_q ~ 1 + new_label + shelf_price; coefficient on new_label (about 32). "
        "Simulated effect retail 40, online 25, wholesale -10; keeping wholesale gives about 49 "
        "(wholesale listings sell more and got the label more often).",
    ),
    # ========================================================================== estimand (3)
    InstructionCase(
        id="e_e_immersion_those_who_went", half="E", kind="estimand", load=sim_immersion,
        question="hey - for the learners who actually went on the immersion trip, how much did it "
        "raise their fluency_score? i want the effect on that group specifically, not on "
        "everybody. adjust for age + placement_level",
        description=IMMERSION_DOC,
        expected=lambda df: reg_adjust(df, "fluency_score", "immersion_trip",
                                       ["age", "placement_level"], "ATT"),
        answer_type="number",
        note="Regression adjustment ATT: OLS fluency_score ~ 1 + age + placement_level per arm; "
        "mean of m1 - m0 over immersion_trip == 1 (about 10.3). Simulated effect 8 - "
        "0.35*(placement_level - 50); beginners travel more, so ATT > ATE > ATC (about 10.3 / "
        "8.1 / 7.0); IPW with odds weights lands within 2 %, OLS about 9.2.",
    ),
    InstructionCase(
        id="e_e_robots_atu", half="E", kind="estimand", load=sim_robots,
        question="What is the ATU - the average effect in the untreated units - of picking_robots "
        "on picks_per_hour? Put differently: what would leasing robots do for the warehouses that "
        "haven't leased them? Adjust for floor area and staff count.",
        description=ROBOTS_DOC,
        expected=lambda df: reg_adjust(df, "picks_per_hour", "picking_robots",
                                       ["floor_area_k_m2", "staff_count"], "ATC"),
        answer_type="number",
        note="Regression adjustment ATC/ATU: OLS picks_per_hour ~ 1 + floor_area_k_m2 + "
        "staff_count per arm; mean of m1 - m0 over picking_robots == 0 (about 10.4). Simulated "
        "effect 14 + 1.4*(floor_area - 20); adopters are bigger, so ATU < ATE < ATT (about 10.4 / "
        "13.6 / 20.4); IPW with weights (1-e)/e lands within 3 %, OLS about 15.5.",
    ),
    InstructionCase(
        id="e_e_medreview_population_average", half="E", kind="estimand", load=sim_medreview,
        question="We're deciding whether to make the pharmacist review standard for every "
        "discharge. Could you estimate the population-average effect of med_review on "
        "hospital_days_6m - the difference between every patient being reviewed and no patient "
        "being reviewed, averaged over all the patients in the table? Please account for the "
        "patient's age and how many medicines they were on.",
        description=MEDREVIEW_DOC,
        expected=lambda df: reg_adjust(df, "hospital_days_6m", "med_review",
                                       ["patient_age", "n_medicines"], "ATE"),
        answer_type="number",
        note="Regression adjustment ATE: OLS hospital_days_6m ~ 1 + patient_age + n_medicines per "
        "arm; mean of m1 - m0 over all rows (about -3.05). Simulated effect -3 - "
        "0.6*(n_medicines - 7); reviewed patients take more medicines, so ATT about -3.81 and ATC "
        "about -2.72; AIPW and Hajek IPW land within 1 %, OLS about -3.43.",
    ),
    # ============================================================================= scale (3)
    InstructionCase(
        id="e_sc_bp_percent_of_in_district", half="E", kind="scale", load=load_black_politicians,
        question="By what percent does an out-of-district sender change legislators' reply rate, "
        "relative to the reply rate for in-district emails? A plain comparison of means is fine "
        "(the sender's district was randomised) - please express the change as a percentage of "
        "the in-district rate.",
        description=BLACK_POL_DOC,
        expected=lambda df: pct_of_comparison(df, "responded", "treat_out"),
        answer_type="number",
        note="100 x (mean responded | treat_out=1 - | treat_out=0) / mean responded | treat_out=0 "
        "(about -47.9 %: 55.5 % in-district vs about 28.9 % out-of-district). The difference in "
        "percentage points is about -26.6 and as a share about -0.27.",
    ),
    InstructionCase(
        id="e_sc_cameras_per_1000_residents", half="E", kind="scale", load=sim_cameras,
        question="What is the effect of speed_cameras on the 2024 road-injury rate, expressed as "
        "injuries per 1,000 residents? OLS of injury_rate_2024 on speed_cameras adjusting for "
        "pop_density and injury_rate_2021.",
        description=CAMERAS_DOC,
        expected=lambda df: 1000 * ols_coef(df, "injury_rate_2024", "speed_cameras",
                                            ["pop_density", "injury_rate_2021"]),
        answer_type="number",
        note="1000 x coefficient on speed_cameras in OLS injury_rate_2024 ~ 1 + speed_cameras + "
        "pop_density + injury_rate_2021 (the rates are per resident; about -0.54 per 1,000; "
        "simulated -0.6). Per resident it is about -0.00054; adjusting for the 2021 rate only "
        "gives about -0.42 per 1,000, the raw difference +0.32.",
    ),
    InstructionCase(
        id="e_sc_bluelight_minutes", half="E", kind="scale", load=sim_bluelight,
        question="The sleep data are in hours but I'd like the answer in minutes: how much did the "
        "filter app change nightly sleep? It was randomised, so a straight difference in means is "
        "fine.",
        description=BLUELIGHT_DOC,
        expected=lambda df: 60 * diff_means(df, "sleep_hours", "filter_app"),
        answer_type="number",
        note="60 x (mean sleep_hours | filter_app=1 - | =0): hours converted to minutes (about "
        "13.9; simulated 12). In hours it is about 0.23.",
    ),
    # ===================================================================== rounding_sign (3)
    InstructionCase(
        id="e_r_thornton_per_km_positive", half="E", kind="rounding_sign", load=load_thornton,
        question="For every extra kilometre between where people live and the results centre, how "
        "much lower is the chance that they came back for their HIV result? Linear regression of "
        "got on distvct, controlling for whether they were offered any incentive. Please state "
        "the decrease as a positive number of percentage points per km, rounded to one decimal.",
        description=THORNTON_DOC,
        expected=lambda df: round(-100 * ols_coef(df, "got", "distvct", ["any"]), 1),
        answer_type="number",
        note="round(-100 x coefficient on distvct in OLS got ~ 1 + distvct + any, 1) = 2.8 "
        "(coefficient about -0.028 per km; rows with got and any observed). The signed share "
        "(-0.028) and the signed percentage points (-2.8) are both wrong. " + _CC,
    ),
    InstructionCase(
        id="e_r_reminder_pp_one_decimal", half="E", kind="rounding_sign", load=sim_reminder,
        question="sms_reminder effect on no_show, difference in means. Give it as a "
        "percentage-point change, rounded to one decimal place.",
        description=REMINDER_DOC,
        expected=lambda df: round(100 * diff_means(df, "no_show", "sms_reminder"), 1),
        answer_type="number",
        note="round(100 x (mean no_show | sms_reminder=1 - | =0), 1) = -1.1 (negative: fewer "
        "no-shows with a reminder). The unrounded value (about -1.14) is more than 3 % away, and "
        "the share (not x 100) is off by a factor of 100. Simulated -0.6 pp; this draw is noisier.",
    ),
    InstructionCase(
        id="e_r_callback_seconds_nearest_ten", half="E", kind="rounding_sign", load=sim_callback,
        question="How many seconds of waiting does the callback option save callers? OLS of "
        "avg_wait_sec on callback_option with calls_offered and complex_product as controls. "
        "Report the saving as a positive number, rounded to the nearest 10 seconds.",
        description=CALLBACK_DOC,
        expected=lambda df: float(round(-ols_coef(df, "avg_wait_sec", "callback_option",
                                                  ["calls_offered", "complex_product"]), -1)),
        answer_type="number",
        note="round(-coefficient on callback_option in OLS avg_wait_sec ~ 1 + callback_option + "
        "calls_offered + complex_product, -1) = 40 (unrounded about 44.1, 10 % away; simulated "
        "saving 46 s). The signed coefficient is negative and the raw difference about -14.",
    ),
    # ===================================================================== heterogeneity (3)
    InstructionCase(
        id="e_h_nsw_married_vs_unmarried", half="E", kind="heterogeneity", load=load_nsw,
        question="Was the job-training programme's effect on 1978 earnings different for married "
        "and unmarried participants? The treated-minus-control mean within each group is enough.",
        description=NSW_DOC,
        expected=lambda df: per_group(df, "marr", lambda d: diff_means(d, "re78", "treat")),
        answer_type="per_group",
        note="Per marr (0 = not married, 1 = married): mean re78 | treat=1 minus | treat=0 (about "
        "1373 and 3709 1978 dollars; pooled 1794).",
    ),
    InstructionCase(
        id="e_h_hotel_by_traveller_type", half="E", kind="heterogeneity", load=sim_hotel,
        question="can u break the free_breakfast effect on review_score down by traveller type? "
        "just the diff in averages for each type, it was randomized",
        description=HOTEL_DOC,
        expected=lambda df: per_group(df, "traveller_type",
                                      lambda d: diff_means(d, "review_score", "free_breakfast")),
        answer_type="per_group",
        note="Per traveller_type ('business', 'couple', 'family', 'solo'): mean review_score | "
        "free_breakfast=1 minus | =0. Simulated 0.10 / 0.25 / 0.55 / -0.05 (before clipping to "
        "1-10); pooled about 0.23.",
    ),
    InstructionCase(
        id="e_h_napping_night_vs_day", half="E", kind="heterogeneity", load=sim_napping,
        question="I'd like to know whether the nap pods matter more for nurses who work nights "
        "than for those who work days. For the night-shift nurses and the day-shift nurses "
        "separately, could you regress charting_errors on nap_pod_use, controlling for how long "
        "they have worked on the ward, and give me the nap_pod_use coefficient for each group?",
        description=NAPPING_DOC,
        expected=lambda df: per_group(df, "night_shift", lambda d: ols_coef(
            d, "charting_errors", "nap_pod_use", ["years_on_ward"])),
        answer_type="per_group",
        note="Per night_shift (0 = day shift, 1 = night shift): coefficient on nap_pod_use in OLS "
        "charting_errors ~ 1 + nap_pod_use + years_on_ward within the group (about -0.26 and "
        "-1.47; simulated -0.3 and -1.6). Unadjusted differences are about +0.05 and -1.08.",
    ),
    # ============================================================================ advice (3)
    _advice(
        "adv_e_confounder_hearing_plain", "E",
        _Adv("confounder", 9514, 3000, "hearing_aid", "memory_score_5y", "hearing_loss_db",
             t_bin=True, v_bin=False, y_lin=(100.0, 15.0), v_lin=(35.0, 12.0), tau=0.3, a=1.2,
             b=-1.0, digits=0),
        "Do we have to account for how bad people's hearing already was at the start when we "
        "estimate what getting a hearing aid does to memory_score_5y?",
        """Ageing cohort study, one row per participant, observational (participants and their audiologists decided about hearing aids).
    hearing_loss_db - hearing loss in decibels measured at the enrolment exam, before anyone in the study was fitted with an aid; audiologists mostly fitted aids to people with worse hearing
    hearing_aid - 1 if the participant was fitted with a hearing aid in the year after enrolment
    memory_score_5y - memory test score at the five-year follow-up exam""",
        "yes", "confounder"),
    _advice(
        "adv_e_instrument_birth_quarter", "E",
        _Adv("instrument", 9515, 4000, "years_schooling", "hourly_wage", "born_q1",
             t_bin=False, v_bin=True, t_lin=(13.0, 2.5), y_lin=(25.0, 8.0), tau=0.3, a=-0.6,
             digits=2),
        "Estimating the effect of years_schooling on hourly_wage. Would it help to put born_q1 "
        "into the regression as a control?",
        """Labour-force survey, one row per adult worker.
    born_q1 - 1 if born in January-March. Because of school-entry and compulsory-schooling rules, people born early in the year can leave school after fewer grades, so it shifts how long people stay in school; birth quarter has no other link to wages
    years_schooling - years of full-time education completed (people chose when to leave school)
    hourly_wage - hourly wage in 2024, dollars""",
        "no", "instrument",
        "V affects Y only through T; adjusting for it removes exogenous variation in T and "
        "amplifies the bias from the unobserved confounder (ability)."),
    _advice(
        "adv_e_mediator_fruit_intake", "E",
        _Adv("mediator", 9516, 3000, "free_fruit", "bmi_z_year1", "fruit_portions_m2",
             t_bin=True, v_bin=False, y_lin=(0.4, 1.0), v_lin=(2.5, 0.8), tau=-0.1, a=0.9,
             b=-0.5, digits=2),
        "quick q about our school fruit trial - for the effect of free_fruit on bmi_z_year1, "
        "shoud I control for fruit_portions_m2? thinking it wuold soak up noise",
        """School nutrition trial, one row per pupil. A random half of pupils got a free piece of fruit every school day from September.
    free_fruit - 1 if the pupil was in the free-fruit group
    fruit_portions_m2 - portions of fruit a day the pupil ate, from a food diary in November (two months into the trial)
    bmi_z_year1 - BMI z-score at the end-of-year check in June""",
        "no", "mediator"),
]


def cases_e() -> list[InstructionCase]:
    return list(CASES_E)


def main() -> None:
    from collections import Counter

    from evals.instruction_cases import _fmt

    print(f"{'id':40s} | {'kind':13s} | expected")
    for c in CASES_E:
        df = c.load()
        exp = c.expected(df)
        extra = ""
        if c.kind == "advice":
            true, unadj, adj = advice_check(c, df)
            extra = (f"  ({c.reason}; n={len(df)}, true {true:.4g}, without V {unadj:.4g}, "
                     f"with V {adj:.4g})")
        print(f"{c.id:40s} | {c.kind:13s} | {_fmt(exp)}{extra}")
    print(dict(Counter(c.kind for c in CASES_E)), len(CASES_E))


if __name__ == "__main__":
    main()
