#!/usr/bin/env python3
"""Assemble question bank v2 (bank.jsonl) from hand-written questions.

Every question and its ground truth below was written by hand, without
reading the agent's parser.  This script only attaches table metadata
(columns, data dictionary, domain), assigns ids and the dev/heldout split,
and writes JSON lines.  Run:  python3 build_bank.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------
# Tables: domain, columns, data dictionary (used as `description` for the
# dictionary style; other styles get description = null).
# --------------------------------------------------------------------------
TABLES = {
    # ---------------- medicine ----------------
    "nhefs": ("medicine",
              ["qsmk", "wt82_71", "age", "sex", "race", "smokeintensity", "smokeyrs",
               "exercise", "active", "wt71", "education", "income"],
              "qsmk: quit smoking between 1971 and 1982 (1 = yes, 0 = no)\n"
              "wt82_71: weight gain in kg between 1971 and 1982\n"
              "age: age in years at baseline (1971)\n"
              "sex: 0 = male, 1 = female\n"
              "race: 0 = white, 1 = other\n"
              "smokeintensity: number of cigarettes smoked per day in 1971\n"
              "smokeyrs: number of years the participant had smoked\n"
              "exercise: recreational exercise in 1971 (0 = much, 1 = moderate, 2 = little or none)\n"
              "active: usual daily physical activity in 1971\n"
              "wt71: body weight in kg in 1971 (baseline weight)\n"
              "education: highest level of schooling attained\n"
              "income: total family income in 1971"),
    "icu": ("medicine",
            ["Septicemia", "Amoxicillin", "Gentamicin", "Cardiac Catheterization", "Fever",
             "White Blood Cell Count", "Mortality", "age"],
            "Septicemia: patient diagnosed with a bloodstream infection (sepsis)\n"
            "Amoxicillin: received oral amoxicillin antibiotic\n"
            "Gentamicin: received intravenous gentamicin (aminoglycoside antibiotic)\n"
            "Cardiac Catheterization: underwent a cardiac catheter procedure during the stay\n"
            "Fever: body temperature above 38 C on admission\n"
            "White Blood Cell Count: leukocytes per microlitre at admission (leukocyte count)\n"
            "Mortality: died during the ICU stay (in-ICU death)\n"
            "age: patient age in years"),
    "cardio": ("medicine",
               ["bmi", "sbp", "dbp", "age", "age_group", "smoker", "statin", "ldl", "stroke",
                "treatment", "time"],
               "bmi: body mass index (kg/m^2)\n"
               "sbp: systolic blood pressure (mmHg)\n"
               "dbp: diastolic blood pressure (mmHg)\n"
               "age: age in years\n"
               "age_group: age band (<40, 40-59, 60+)\n"
               "smoker: current smoker (1 = yes)\n"
               "statin: prescribed a statin (cholesterol-lowering drug)\n"
               "ldl: LDL ('bad') cholesterol, mg/dL\n"
               "stroke: had a stroke during follow-up\n"
               "treatment: assigned to the antihypertensive drug arm (1) or placebo (0)\n"
               "time: months of follow-up"),
    "trial": ("medicine",
              ["DrugDose", "RecoveryDays", "Severity", "Age", "Sex", "HospitalID", "SideEffects"],
              "DrugDose: daily dose of the study drug in mg\n"
              "RecoveryDays: days until the patient was discharged as recovered\n"
              "Severity: illness severity score at enrolment (1-10), i.e. how ill the patient was\n"
              "Age: patient age\n"
              "Sex: patient sex\n"
              "HospitalID: identifier of the treating hospital\n"
              "SideEffects: number of adverse events reported"),
    # ---------------- marketing ----------------
    "ads": ("marketing",
            ["price", "sales", "ad_spend", "ctr", "impressions", "season", "competitor_price",
             "promo", "region", "store_size"],
            "price: shelf price of the product in USD\n"
            "sales: units sold per week\n"
            "ad_spend: weekly advertising budget in USD\n"
            "ctr: click-through rate of online ads\n"
            "impressions: number of times the ads were shown\n"
            "season: quarter of the year\n"
            "competitor_price: the main rival's price for a comparable product\n"
            "promo: whether an in-store promotion ran that week\n"
            "region: sales region\n"
            "store_size: floor area of the store in m^2"),
    "email": ("marketing",
              ["EmailOpen", "DiscountOffered", "Purchase", "CustomerTenure", "LoyaltyTier",
               "PageViews", "CartValue"],
              "EmailOpen: customer opened the campaign email\n"
              "DiscountOffered: a coupon/discount was included in the email\n"
              "Purchase: customer bought something within 7 days\n"
              "CustomerTenure: months since the customer's first order\n"
              "LoyaltyTier: membership level (bronze/silver/gold)\n"
              "PageViews: product pages viewed during the week\n"
              "CartValue: value of the basket at checkout in EUR"),
    "brand": ("marketing",
              ["tv_grp", "search_volume", "brand_awareness", "site_visits", "conversion_rate",
               "nps", "score", "presence"],
              "tv_grp: gross rating points bought for TV advertising\n"
              "search_volume: number of branded search queries\n"
              "brand_awareness: share of surveyed consumers who recognise the brand (brand recognition)\n"
              "site_visits: visits to the brand website\n"
              "conversion_rate: share of site visits that end in an order\n"
              "nps: net promoter score from the customer survey\n"
              "score: product review star rating (1-5)\n"
              "presence: number of retail outlets stocking the brand"),
    # ---------------- economics ----------------
    "macro": ("economics",
              ["gdp_pc", "inflation", "interest_rate", "unemployment", "money_supply", "exports",
               "exchange_rate", "gov_spending"],
              "gdp_pc: real GDP per capita\n"
              "inflation: annual consumer price (CPI) inflation rate\n"
              "interest_rate: central-bank policy rate\n"
              "unemployment: unemployment rate\n"
              "money_supply: growth of the M2 money stock\n"
              "exports: value of exports of goods and services\n"
              "exchange_rate: units of domestic currency per US dollar\n"
              "gov_spending: government consumption expenditure as % of GDP"),
    "household": ("economics",
                  ["income", "income_tax", "age", "age_group", "education_years", "savings",
                   "consumption", "household_size", "urban"],
                  "income: gross annual household income\n"
                  "income_tax: income tax paid in the year\n"
                  "age: age of the household head\n"
                  "age_group: age bracket of the household head\n"
                  "education_years: years of schooling of the household head\n"
                  "savings: amount saved during the year\n"
                  "consumption: total consumer spending\n"
                  "household_size: number of people in the household\n"
                  "urban: lives in an urban area / city (1) or rural area / countryside (0)"),
    "lalonde": ("economics",
                ["treat", "re78", "re74", "re75", "age", "educ", "black", "hispan", "married",
                 "nodegree"],
                "treat: participated in the NSW job-training programme (1 = yes)\n"
                "re78: real earnings in 1978 (after the programme)\n"
                "re74: real earnings in 1974\n"
                "re75: real earnings in 1975\n"
                "age: age in years\n"
                "educ: years of education\n"
                "black: 1 if Black\n"
                "hispan: 1 if Hispanic\n"
                "married: 1 if married\n"
                "nodegree: 1 if no high-school diploma"),
    "minwage": ("economics",
                ["MinWage", "Employment", "FirmSize", "State", "Quarter", "AvgWage", "Prices"],
                "MinWage: statutory minimum hourly wage (the wage floor)\n"
                "Employment: full-time-equivalent employees per restaurant\n"
                "FirmSize: number of outlets in the chain\n"
                "State: state (NJ or PA)\n"
                "Quarter: survey quarter\n"
                "AvgWage: average starting wage paid\n"
                "Prices: price of a standard meal"),
    # ---------------- biology ----------------
    "sachs": ("biology",
              ["Raf", "Mek", "Plcg", "PIP2", "PIP3", "Erk", "Akt", "PKA", "PKC", "P38", "Jnk"],
              "Raf: Raf kinase phosphorylation level\n"
              "Mek: MEK1/2 (MAP kinase kinase) phosphorylation\n"
              "Plcg: phospholipase C-gamma\n"
              "PIP2: phosphatidylinositol 4,5-bisphosphate\n"
              "PIP3: phosphatidylinositol 3,4,5-trisphosphate\n"
              "Erk: ERK1/2 (p44/42 MAPK) phosphorylation\n"
              "Akt: protein kinase B phosphorylation\n"
              "PKA: protein kinase A activity\n"
              "PKC: protein kinase C activity\n"
              "P38: p38 MAPK phosphorylation\n"
              "Jnk: c-Jun N-terminal kinase phosphorylation"),
    "ecology": ("biology",
                ["rainfall", "temperature", "soil_nitrogen", "plant_biomass", "herbivore_density",
                 "predator_density", "presence", "elevation"],
                "rainfall: annual precipitation (mm)\n"
                "temperature: mean annual air temperature (C)\n"
                "soil_nitrogen: soil nitrogen content (g/kg)\n"
                "plant_biomass: above-ground plant biomass per m^2\n"
                "herbivore_density: grazing herbivores per hectare\n"
                "predator_density: predators (wolves) per 100 km^2\n"
                "presence: whether the study beetle species was detected at the plot (1/0)\n"
                "elevation: plot altitude in metres"),
    "gene": ("biology",
             ["GeneA_expr", "GeneB_expr", "TF_binding", "methylation", "phenotype", "treatment",
              "time"],
             "GeneA_expr: expression of gene A (log TPM)\n"
             "GeneB_expr: expression of gene B (log TPM)\n"
             "TF_binding: ChIP signal of the transcription factor at the gene B promoter\n"
             "methylation: promoter CpG methylation fraction of gene B\n"
             "phenotype: cell growth rate\n"
             "treatment: exposed to the kinase inhibitor (1) or vehicle (0)\n"
             "time: hours since exposure"),
    "crop": ("biology",
             ["Fertilizer", "Irrigation", "Yield", "Pest Density", "Soil pH", "Sunlight Hours"],
             "Fertilizer: nitrogen fertilizer applied (kg/ha)\n"
             "Irrigation: irrigation water applied (mm)\n"
             "Yield: grain harvest (t/ha)\n"
             "Pest Density: insects counted per trap per week\n"
             "Soil pH: soil acidity\n"
             "Sunlight Hours: hours of sunshine in the growing season"),
    # ---------------- education ----------------
    "students": ("education",
                 ["tutoring", "score", "prior_score", "attendance", "ses", "class_size",
                  "study_hours", "parent_edu", "school_type"],
                 "tutoring: received after-school tutoring (1 = yes)\n"
                 "score: end-of-year maths test score\n"
                 "prior_score: maths test score at the start of the year (September)\n"
                 "attendance: share of school days attended\n"
                 "ses: family socioeconomic status index\n"
                 "class_size: number of pupils in the class\n"
                 "study_hours: self-reported weekly hours of homework\n"
                 "parent_edu: highest parental education\n"
                 "school_type: public / private / charter"),
    "college": ("education",
                ["GPA", "SAT", "Scholarship", "WorkHours", "Graduation", "FirstGen", "Major",
                 "Dropout"],
                "GPA: cumulative grade point average\n"
                "SAT: SAT admission test score\n"
                "Scholarship: received a merit scholarship\n"
                "WorkHours: hours per week in paid employment\n"
                "Graduation: graduated within six years\n"
                "FirstGen: first in the family to attend college\n"
                "Major: field of study\n"
                "Dropout: left college without a degree"),
    "online": ("education",
               ["video_time", "quiz_attempts", "forum_posts", "final_grade", "time", "age",
                "age_group", "device"],
               "video_time: minutes of lecture video watched\n"
               "quiz_attempts: number of practice quiz attempts\n"
               "forum_posts: posts written in the discussion forum\n"
               "final_grade: final course grade (0-100)\n"
               "time: week of the course in which the learner enrolled\n"
               "age: learner age\n"
               "age_group: learner age bracket\n"
               "device: mobile or desktop"),
    "school": ("education",
               ["teacher_experience", "class size", "test score", "funding per pupil",
                "absenteeism", "free lunch pct"],
               "teacher_experience: average years of teaching experience\n"
               "class size: mean pupils per class\n"
               "test score: average standardized test score of the school\n"
               "funding per pupil: annual spending per pupil\n"
               "absenteeism: percentage of school days missed\n"
               "free lunch pct: share of pupils eligible for free school meals (poverty proxy)"),
    # ---------------- engineering / IoT ----------------
    "iot": ("engineering",
            ["temp_c", "humidity", "fan_speed", "cpu_load", "power_w", "ambient_temp", "failure",
             "uptime_h"],
            "temp_c: CPU die temperature in C\n"
            "humidity: relative humidity in the server room\n"
            "fan_speed: cooling fan speed (RPM)\n"
            "cpu_load: CPU utilisation (%)\n"
            "power_w: power draw of the node in watts\n"
            "ambient_temp: server-room air temperature\n"
            "failure: hardware failure within 30 days\n"
            "uptime_h: hours since last reboot"),
    "factory": ("engineering",
                ["MachineSpeed", "Vibration", "ToolWear", "DefectRate", "Temperature",
                 "OperatorShift", "MaintenanceFlag", "Throughput"],
                "MachineSpeed: spindle speed setting (rpm)\n"
                "Vibration: RMS vibration amplitude\n"
                "ToolWear: cutting tool wear in micrometres\n"
                "DefectRate: share of parts rejected at inspection\n"
                "Temperature: coolant temperature\n"
                "OperatorShift: day / night shift\n"
                "MaintenanceFlag: preventive maintenance performed that week\n"
                "Throughput: parts produced per hour"),
    "network": ("engineering",
                ["latency_ms", "packet_loss", "bandwidth", "num_users", "retransmissions",
                 "throughput_mbps", "time"],
                "latency_ms: round-trip delay in milliseconds\n"
                "packet_loss: fraction of packets dropped\n"
                "bandwidth: provisioned link capacity (Mbps)\n"
                "num_users: number of concurrent connected users\n"
                "retransmissions: TCP retransmissions per second\n"
                "throughput_mbps: achieved goodput (Mbps)\n"
                "time: hour of the day"),
    "station": ("engineering",
                ["Altitude", "Temperature", "Pressure", "Humidity", "WindSpeed", "BatteryVoltage"],
                "Altitude: height of the weather station above sea level (m)\n"
                "Temperature: air temperature (C)\n"
                "Pressure: barometric pressure (hPa)\n"
                "Humidity: relative humidity (%)\n"
                "WindSpeed: wind speed (m/s)\n"
                "BatteryVoltage: sensor battery voltage"),
}

KIND = {
    "ind": "independence", "dc": "direct_cause", "conf": "confounder", "col": "collider",
    "med": "mediator", "co": "causes_of", "eo": "effects_of", "gr": "graph", "eff": "effect",
    "cf": "counterfactual", "adj": "adjustment",
}


def Q(table, question, kind, variables, subject=None, cond=()):
    return dict(table=table, question=question, kind=KIND[kind], variables=list(variables),
                subject=subject, conditioning=list(cond))


def MC(table, stem, options, instruction, kind, variables, subject=None, cond=()):
    opts = list(options)
    if opts[-1][-1] not in ".?!":
        opts[-1] = opts[-1] + "."
    letters = "ABCDEFG"
    text = stem + " " + " ".join(f"{letters[i]}. {o}" for i, o in enumerate(opts)) + " " + instruction
    q = Q(table, text, kind, variables, subject, cond)
    q["options"] = {letters[i]: o.rstrip(".") for i, o in enumerate(opts)}
    q["answer_format"] = "letter"
    return q


ABC = "Please answer with A, B, or C."
AB = "Please answer with A or B."
ABCD = "Please answer with A, B, C, or D."
CB_STEM = "Which cause-and-effect relationship is more likely?"


def cb(table, x, y, kind="dc"):
    """CausalBench-style pairwise direction question; variables follow option A."""
    return MC(table, CB_STEM, [f"{x} causes {y}", f"{y} causes {x}", "No causal relationship exists."],
              ABC, kind, [x, y])


CLADDER = ("Imagine a self-contained, hypothetical world with only the following conditions, "
           "and without any unobserved confounding.")

# ==========================================================================
# NARRATIVE: a paragraph of context mentioning other columns, then the question.
# ==========================================================================
NARRATIVE = [
    # medicine
    Q("nhefs", "The NHEFS follow-up tracked roughly 1,600 smokers from 1971 to 1982. Investigators also "
      "recorded each person's age, sex, race, smokeintensity and smokeyrs at baseline, and some noted "
      "their exercise habits in passing. Setting those aside, the main question is this: what is the "
      "average effect of qsmk on wt82_71?", "eff", ["qsmk", "wt82_71"]),
    Q("nhefs", "Heavy smokers in this cohort tended to be older and less educated, and income varied a lot "
      "between them. A reviewer suspects that smokeintensity drives both whether someone quits and how "
      "much weight they put on afterwards. Is smokeintensity a confounder of qsmk and wt82_71?",
      "conf", ["qsmk", "wt82_71"], "smokeintensity"),
    Q("icu", "In the ICU registry, patients arrive with Fever and an elevated White Blood Cell Count, and many "
      "are elderly (age is recorded for everyone). Antibiotic choice is left to the attending physician. "
      "Looking only at Gentamicin and Cardiac Catheterization, is there a common effect of the two, i.e. a "
      "collider, in this data?", "col", ["Gentamicin", "Cardiac Catheterization"]),
    Q("icu", "Septicemia is frequently treated empirically before culture results return; Mortality remains "
      "high even with prompt care, and Fever is often the first sign. A junior doctor asks a simple "
      "question on the ward round: does Septicemia directly cause Mortality, or is the link entirely "
      "explained by something else?", "dc", ["Septicemia", "Mortality"]),
    Q("cardio", "Our cardiology group wants to estimate how much statin therapy lowers ldl. The dataset also "
      "contains bmi, sbp, dbp and whether the patient smokes, and follow-up time varies from 3 to 60 "
      "months. One colleague argues that age should be included in the regression model. Should we adjust "
      "for age when estimating the effect of statin on ldl?", "adj", ["statin", "ldl"], "age"),
    Q("cardio", "Patients in the treatment arm received an antihypertensive; sbp dropped in most of them, and "
      "during follow-up (time, in months) fewer strokes occurred. The bmi and ldl of participants were "
      "measured too, but they are not of interest here. Does treatment reduce stroke through sbp?",
      "med", ["treatment", "stroke"], "sbp"),
    Q("cardio", "Patient #212 is a 67-year-old smoker with a bmi of 31 who was not given a statin; at the "
      "12-month visit her ldl was 182 mg/dL. What would her ldl have been if she had been given a statin?",
      "cf", ["statin", "ldl"]),
    Q("trial", "Recovery after the procedure varies widely: some patients go home in three days, others stay "
      "for weeks. The data include DrugDose, Severity, Age, Sex, the HospitalID and a count of "
      "SideEffects. Clinicians would like to know, in general terms, what drives RecoveryDays.",
      "co", ["RecoveryDays"], "RecoveryDays"),
    Q("trial", "Dosing in the trial was left partly to clinicians, so sicker (higher Severity) patients tended "
      "to get more drug, and older patients sometimes reported more SideEffects. Taking that into account, "
      "how much does increasing DrugDose from 50 mg to 100 mg change RecoveryDays on average?",
      "eff", ["DrugDose", "RecoveryDays"]),
    Q("icu", "We were handed an extract from the ICU registry with eight fields, including Septicemia, "
      "Amoxicillin, Fever and Mortality, without any documentation of how they relate. Before doing any "
      "estimation, please learn the causal graph of the whole dataset.", "gr", []),
    # marketing
    Q("ads", "Last year the retailer ran promo weeks in some regions, and competitor_price moved around "
      "because of a price war. Store managers also recorded store_size and season. Management's question "
      "for the analytics team: what is the average treatment effect of promo on sales, and is it "
      "significant?", "eff", ["promo", "sales"]),
    Q("ads", "Online campaigns generate impressions, some of which turn into clicks, measured by ctr. The "
      "budget (ad_spend) changes every week, and sales are reported by region. Are ctr and sales "
      "independent once we condition on impressions and ad_spend?", "ind", ["ctr", "sales"], None,
      ["impressions", "ad_spend"]),
    Q("ads", "The pricing team is considering a change in list price. Besides sales, the table records "
      "competitor_price, promo, ctr and region, so there is a lot that could move. What does price affect "
      "in this system?", "eo", ["price"], "price"),
    Q("email", "In our CRM experiment, some emails contained a coupon (DiscountOffered) and others did not. We "
      "logged whether the customer opened the email (EmailOpen), how many PageViews followed, the "
      "CartValue and their LoyaltyTier. Is there a mediator between DiscountOffered and Purchase?",
      "med", ["DiscountOffered", "Purchase"]),
    Q("email", "Customer 88123 is a gold LoyaltyTier member with 40 months of CustomerTenure. She received the "
      "campaign email without a discount and did not buy anything. Had DiscountOffered been 1 for her, "
      "would Purchase have been 1?", "cf", ["DiscountOffered", "Purchase"]),
    Q("email", "Long-standing customers open more of our emails, and they also browse more; CustomerTenure and "
      "LoyaltyTier are strongly correlated with each other. Setting that aside, we want to know whether "
      "EmailOpen and Purchase share at least one common cause.", "conf", ["EmailOpen", "Purchase"]),
    Q("brand", "The brand team bought a lot of TV time (tv_grp) in Q3, and branded search_volume rose at the "
      "same time; nps and score stayed flat. Both TV and search are thought to drive people to the "
      "website. Is site_visits a collider between tv_grp and search_volume?", "col",
      ["tv_grp", "search_volume"], "site_visits"),
    Q("brand", "Retail presence grew from 1,200 to 1,900 outlets over the period, and the review score improved "
      "slightly. The CMO, however, only cares about one link: does brand_awareness directly cause "
      "conversion_rate?", "dc", ["brand_awareness", "conversion_rate"]),
    Q("brand", "For the board deck we need a picture, not a number. Using only tv_grp, brand_awareness, "
      "search_volume and site_visits (ignore nps, score and presence for now), draw the causal diagram "
      "connecting them.", "gr", ["tv_grp", "brand_awareness", "search_volume", "site_visits"]),
    Q("ads", "A data scientist is estimating the effect of ad_spend on sales. The table contains impressions, "
      "ctr, price, season and region. Impressions are generated by the ad budget and in turn lead to "
      "clicks. Should impressions be controlled for in this estimate?", "adj", ["ad_spend", "sales"],
      "impressions"),
    # economics
    Q("lalonde", "The National Supported Work demonstration offered job training to disadvantaged workers. "
      "Participants differ from the comparison sample in age, educ, the race indicators (black, hispan), "
      "married status and prior earnings re74 and re75. Many evaluations have been published since "
      "LaLonde's 1986 paper, with estimates ranging from negative to well above $1,500, depending on the "
      "comparison group and on whether nodegree is used. Using this table, what is the average treatment "
      "effect on the treated of treat on re78?", "eff", ["treat", "re78"]),
    Q("lalonde", "Prior earnings were recorded twice, in 1974 and 1975, and many analysts include both; educ "
      "and nodegree are also available. When estimating the effect of treat on re78, should we adjust for "
      "re75?", "adj", ["treat", "re78"], "re75"),
    Q("macro", "Central banks raise the interest_rate when inflation picks up; the exchange_rate often "
      "appreciates in response and exports can suffer, while gov_spending is set by the fiscal authority. "
      "Does the interest_rate affect unemployment through gdp_pc?", "med",
      ["interest_rate", "unemployment"], "gdp_pc"),
    Q("macro", "Over the 40 years in the panel, money_supply growth swung between -2% and 25%, exports tripled "
      "and unemployment peaked twice. A commentator claims that money_supply and inflation move together. "
      "Are money_supply and inflation correlated?", "ind", ["money_supply", "inflation"]),
    Q("household", "Households in the survey differ in age, age_group, household_size and whether they are "
      "urban. Income ranges from very low to very high and so does income_tax. By how much does an "
      "additional year of education_years increase income on average?", "eff",
      ["education_years", "income"]),
    Q("household", "Older household heads tend to have accumulated more savings and they also earn more; "
      "age_group is just a binned version of age. Is age a confounder of income and savings?",
      "conf", ["income", "savings"], "age"),
    Q("household", "Policy analysts in the ministry keep arguing about consumption. Some point to income and "
      "income_tax, others to household_size or whether the family lives in an urban area. What are the "
      "causes of consumption?", "co", ["consumption"], "consumption"),
    Q("minwage", "In April 1992 New Jersey raised its MinWage from $4.25 to $5.05 while Pennsylvania did not. "
      "Fast-food restaurants in both States were surveyed before and after, and FirmSize and Prices were "
      "recorded. What would Employment in New Jersey restaurants have been if MinWage had stayed at "
      "$4.25?", "cf", ["MinWage", "Employment"]),
    Q("minwage", "Economists disagree on many things, but few dispute that wage floors matter somewhere. The "
      "dataset tracks Employment, AvgWage, Prices and FirmSize across State and Quarter. What are the "
      "consequences of MinWage?", "eo", ["MinWage"], "MinWage"),
    Q("macro", "Exports depend on foreign demand and on the exchange_rate; gdp_pc and unemployment are "
      "measured annually. A student remarks, in passing, that inflation and gov_spending look unrelated "
      "in the raw data. Do inflation and gov_spending have a common effect?", "col",
      ["inflation", "gov_spending"]),
    # biology
    Q("sachs", "In the flow-cytometry experiment, cells were perturbed with reagents targeting PKC and PKA, and "
      "the phosphorylation of eleven proteins was measured, including Plcg, PIP2, PIP3 and Akt. Focusing "
      "on the MAPK cascade, please confirm: does Mek directly cause Erk?", "dc", ["Mek", "Erk"]),
    Q("sachs", "Raf activates Mek, which in turn activates Erk; the other kinases (P38, Jnk) respond to stress "
      "signals. If the cascade is a simple chain, Raf and Erk should become independent once the middle "
      "step is known. Are Raf and Erk independent given Mek?", "ind", ["Raf", "Erk"], None, ["Mek"]),
    Q("sachs", "Phospholipid signalling involves Plcg hydrolysing PIP2, and PIP3 being produced from PIP2; Akt "
      "sits downstream of PIP3. Raf, Mek and Erk belong to a different branch. Construct the causal graph "
      "among Plcg, PIP2 and PIP3.", "gr", ["Plcg", "PIP2", "PIP3"]),
    Q("ecology", "Survey plots span elevations from 200 to 2,400 m across three mountain ranges. Temperature "
      "falls by roughly 6 degrees per kilometre of elevation, rainfall is heaviest on the windward slopes, "
      "and the presence of the study beetle was recorded at each plot with pitfall traps. Herbivores graze "
      "on the plants, and predator_density is estimated from camera traps. Soil samples were taken at 10 "
      "cm depth in spring. The field team wants a single number for the report: what is the effect of "
      "soil_nitrogen on plant_biomass?", "eff", ["soil_nitrogen", "plant_biomass"]),
    Q("ecology", "Field ecologists noted the presence of wolves in several valleys and recorded "
      "predator_density accordingly; elevation and temperature were measured at every plot. Is there a "
      "common cause of rainfall and herbivore_density?", "conf", ["rainfall", "herbivore_density"]),
    Q("ecology", "Rainfall varies by an order of magnitude across the plots. Plants grow more where it rains, "
      "and grazers follow the food; predator_density and the beetle presence flag are also recorded but "
      "are not of interest here. Does rainfall affect herbivore_density through plant_biomass?", "med",
      ["rainfall", "herbivore_density"], "plant_biomass"),
    Q("gene", "Cells were exposed to the kinase inhibitor or to vehicle and harvested at several time points "
      "(time, in hours). Methylation and TF_binding at the GeneB promoter were also profiled. How much "
      "does treatment change GeneB_expr?", "eff", ["treatment", "GeneB_expr"]),
    Q("gene", "We want the effect of treatment on phenotype. GeneA_expr and GeneB_expr are measured after "
      "exposure, and methylation is measured before. Time since exposure differs between samples. Should "
      "we control for time when estimating the effect of treatment on phenotype?", "adj",
      ["treatment", "phenotype"], "time"),
    Q("crop", "The agronomy station logged Fertilizer, Irrigation, Pest Density, Soil pH and Sunlight Hours for "
      "300 plots over five seasons. Farmers want a short list: which factors cause Yield?", "co",
      ["Yield"], "Yield"),
    Q("crop", "Irrigation is expensive in the dry region, so the cooperative wants to understand it better "
      "before scaling up. Yield, Pest Density and Soil pH were measured on every plot, alongside "
      "Fertilizer and Sunlight Hours. What are the downstream effects of Irrigation?", "eo",
      ["Irrigation"], "Irrigation"),
    # education
    Q("students", "Tutoring was offered to pupils who volunteered, and volunteers came disproportionately from "
      "families with higher ses and parent_edu. Class size and school_type also vary. What is the average "
      "treatment effect of tutoring on score?", "eff", ["tutoring", "score"]),
    Q("students", "Attendance and study_hours were recorded during the year, after tutoring had started. "
      "prior_score was measured in September. When estimating the effect of tutoring on score, should we "
      "adjust for study_hours?", "adj", ["tutoring", "score"], "study_hours"),
    Q("students", "Pupils with high ses often attend private schools, and pupils with high prior_score are more "
      "often admitted to selective schools. A teacher wonders, in passing, whether this creates a spurious "
      "link. Is school_type a collider of ses and prior_score?", "col", ["ses", "prior_score"],
      "school_type"),
    Q("college", "First-generation students (FirstGen) are less likely to receive a Scholarship and more likely "
      "to work long WorkHours; Major choice also differs. Is there a mediator between FirstGen and "
      "Graduation?", "med", ["FirstGen", "Graduation"]),
    Q("college", "Student 3021 had a 3.1 GPA, worked 25 WorkHours per week, had no Scholarship, and dropped out "
      "in year two. Would she have graduated had she received the Scholarship? In other words, what would "
      "Graduation have been if Scholarship had been 1?", "cf", ["Scholarship", "Graduation"]),
    Q("college", "Admissions staff consider SAT and the high-school record; GPA in college is then shaped by "
      "WorkHours and Major. Are SAT and Dropout independent given GPA and WorkHours?", "ind",
      ["SAT", "Dropout"], None, ["GPA", "WorkHours"]),
    Q("online", "Learners enrol at different points in the course (time), come from all age groups and use "
      "various devices. Some watch every lecture, others skip straight to the quizzes. Is Video_Time a "
      "direct cause of Final_Grade?", "dc", ["video_time", "final_grade"]),
    Q("online", "The MOOC team exported a learner-level table including video_time, forum_posts and device, "
      "and they have no prior hypotheses about how anything relates. Learn a DAG for the whole table.",
      "gr", []),
    Q("school", "Districts with higher funding per pupil tend to have a lower free lunch pct, and experienced "
      "teachers cluster in wealthier schools. Absenteeism is also lower there. What is the effect of "
      "class size on test score?", "eff", ["class size", "test score"]),
    Q("school", "Poorer schools get compensatory grants but also face more absenteeism. An analyst asks "
      "whether the 'free lunch pct' variable drives both funding and outcomes. Is free lunch pct a "
      "confounder of funding per pupil and test score?", "conf", ["funding per pupil", "test score"],
      "free lunch pct"),
    # engineering
    Q("iot", "Servers in the rack share an ambient_temp that drifts during the day; humidity is controlled, "
      "and uptime_h is reset after each patch. Under heavy workloads the nodes heat up. How much does an "
      "increase of cpu_load from 20% to 80% change temp_c?", "eff", ["cpu_load", "temp_c"]),
    Q("iot", "Fan controllers react to die temperature, but the fans themselves draw power. The ops team also "
      "records humidity and failure. Does cpu_load affect power_w through fan_speed?", "med",
      ["cpu_load", "power_w"], "fan_speed"),
    Q("iot", "Hardware failures are rare but costly. Logs include temp_c, humidity, fan_speed, cpu_load, "
      "power_w and uptime_h. What causes failure?", "co", ["failure"], "failure"),
    Q("factory", "The plant runs two OperatorShift patterns, and the night shift has historically reported a "
      "slightly higher DefectRate, which some managers attribute to fatigue and others to the cooler "
      "coolant Temperature at night. Preventive maintenance is performed on some weeks (MaintenanceFlag), "
      "which resets ToolWear and usually reduces Vibration for a few days. Throughput targets are set by "
      "head office and are rarely met in the last week of the quarter. Against this background, the "
      "process engineers have been experimenting with the spindle speed. What is the average effect of "
      "MachineSpeed on DefectRate?", "eff", ["MachineSpeed", "DefectRate"]),
    Q("factory", "Engineers replaced cutting tools on a fixed schedule, but ToolWear still varies because "
      "MachineSpeed and coolant Temperature differ across jobs. Throughput is logged per hour. Does "
      "ToolWear directly cause DefectRate?", "dc", ["ToolWear", "DefectRate"]),
    Q("factory", "The maintenance manager wants to justify her budget. MaintenanceFlag is recorded weekly "
      "along with Vibration, ToolWear, DefectRate and Throughput. What does MaintenanceFlag affect?",
      "eo", ["MaintenanceFlag"], "MaintenanceFlag"),
    Q("network", "During peak hours (time between 18 and 23) num_users triples, bandwidth is fixed per link, "
      "and retransmissions climb. Is latency_ms independent of throughput_mbps given packet_loss, "
      "num_users and bandwidth?", "ind", ["latency_ms", "throughput_mbps"], None,
      ["packet_loss", "num_users", "bandwidth"]),
    Q("network", "At 21:00 yesterday the edge link had 940 concurrent users, 3% packet_loss and a latency_ms "
      "of 180. Bandwidth was provisioned at 500 Mbps. What would latency_ms have been at that moment if "
      "num_users had been 400?", "cf", ["num_users", "latency_ms"]),
    Q("station", "Weather stations at higher Altitude have lower Pressure and lower Temperature; Humidity and "
      "WindSpeed vary with local terrain, and BatteryVoltage drops in the cold. We want the effect of "
      "Temperature on BatteryVoltage. Should we adjust for Altitude?", "adj",
      ["Temperature", "BatteryVoltage"], "Altitude"),
    Q("station", "The maintenance crew notices that BatteryVoltage readings are noisy on windy days and that "
      "Humidity sensors fail in fog. Ignoring those, is there a collider for Altitude and WindSpeed?",
      "col", ["Altitude", "WindSpeed"]),
    # extra
    Q("students", "Class sizes were cut from 30 to 22 in half of the district's schools after a 2019 reform, "
      "while school_type and the ses composition stayed roughly constant. Teachers also reported changes "
      "in attendance. What does class_size affect?", "eo", ["class_size"], "class_size"),
    Q("factory", "The plant's historian exported sensor and log data: MachineSpeed, Vibration, ToolWear, "
      "DefectRate and the rest. The reliability team asks: can you learn the full causal network for the "
      "entire dataset?", "gr", []),
    Q("macro", "Fiscal hawks argue that higher gov_spending crowds out exports through the exchange_rate, "
      "while others stress its role in unemployment and gdp_pc. What are the consequences of "
      "gov_spending?", "eo", ["gov_spending"], "gov_spending"),
]

# ==========================================================================
# TERSE: command-like, minimal grammar.
# ==========================================================================
TERSE = [
    Q("nhefs", "effect of qsmk on wt82_71", "eff", ["qsmk", "wt82_71"]),
    Q("nhefs", "graph pls", "gr", []),
    Q("nhefs", "test indep. of smokeintensity, wt82_71 given qsmk", "ind", ["smokeintensity", "wt82_71"],
      None, ["qsmk"]),
    Q("icu", "confounders of Amoxicillin & Mortality?", "conf", ["Amoxicillin", "Mortality"]),
    Q("icu", "causes of Mortality", "co", ["Mortality"], "Mortality"),
    Q("cardio", "ATC, statin -> ldl", "eff", ["statin", "ldl"]),
    Q("cardio", "adjust for bmi? (treatment -> sbp)", "adj", ["treatment", "sbp"], "bmi"),
    Q("cardio", "SMOKER -> STROKE direct?", "dc", ["smoker", "stroke"]),
    Q("trial", "DrugDose=0 instead of 100: RecoveryDays for patient 14?", "cf", ["DrugDose", "RecoveryDays"]),
    Q("trial", "downstream of Severity?", "eo", ["Severity"], "Severity"),
    # marketing
    Q("ads", "effect of price on sales", "eff", ["price", "sales"]),
    Q("ads", "ctr ⊥ sales | impressions?", "ind", ["ctr", "sales"], None, ["impressions"]),
    Q("ads", "collider btw price & competitor_price?", "col", ["price", "competitor_price"]),
    Q("ads", "ATE promo→sales", "eff", ["promo", "sales"]),
    Q("email", "EmailOpen mediates DiscountOffered -> Purchase?", "med", ["DiscountOffered", "Purchase"],
      "EmailOpen"),
    Q("email", "effects of LoyaltyTier", "eo", ["LoyaltyTier"], "LoyaltyTier"),
    Q("email", "cust 5531: Purchase if EmailOpen had been 0?", "cf", ["EmailOpen", "Purchase"]),
    Q("brand", "dag: tv_grp, search_volume, site_visits, conversion_rate", "gr",
      ["tv_grp", "search_volume", "site_visits", "conversion_rate"]),
    Q("brand", "control for \"presence\"? tv_grp→conversion_rate", "adj", ["tv_grp", "conversion_rate"],
      "presence"),
    Q("brand", "nps confounds score & conversion_rate?", "conf", ["score", "conversion_rate"], "nps"),
    # economics
    Q("lalonde", "ATT treat re78", "eff", ["treat", "re78"]),
    Q("lalonde", "indep re74, re78 | treat, age, educ", "ind", ["re74", "re78"], None,
      ["treat", "age", "educ"]),
    Q("lalonde", "adj. for nodegree? treat on re78", "adj", ["treat", "re78"], "nodegree"),
    Q("macro", "interest_rate -> inflation?", "dc", ["interest_rate", "inflation"]),
    Q("macro", "drivers of gdp_pc", "co", ["gdp_pc"], "gdp_pc"),
    Q("macro", "mediators interest_rate→exports?", "med", ["interest_rate", "exports"]),
    Q("household", "effect of income on consumption, magnitude", "eff", ["income", "consumption"]),
    Q("household", "income_tax collider of income & household_size?", "col", ["income", "household_size"],
      "income_tax"),
    Q("minwage", "MinWage 4.25→5.05: effect on Employment", "eff", ["MinWage", "Employment"]),
    Q("minwage", "causal graph: MinWage, Employment, AvgWage, Prices", "gr",
      ["MinWage", "Employment", "AvgWage", "Prices"]),
    # biology
    Q("sachs", "learn DAG", "gr", []),
    Q("sachs", "PKA -> Raf?", "dc", ["PKA", "Raf"]),
    Q("sachs", "Jnk indep P38?", "ind", ["Jnk", "P38"]),
    Q("sachs", "parents of Akt", "co", ["Akt"], "Akt"),
    Q("ecology", "effect of Rainfall on Plant_Biomass", "eff", ["rainfall", "plant_biomass"]),
    Q("ecology", "elevation: confounder of temperature, presence?", "conf", ["temperature", "presence"],
      "elevation"),
    Q("gene", "methylation mediator? TF_binding → GeneB_expr", "med", ["TF_binding", "GeneB_expr"],
      "methylation"),
    Q("gene", "sample 12, counterfactual: phenotype under treatment=0", "cf", ["treatment", "phenotype"]),
    Q("crop", "Fertilizer: effects?", "eo", ["Fertilizer"], "Fertilizer"),
    Q("crop", "adjust 'Soil pH' for Fertilizer→Yield?", "adj", ["Fertilizer", "Yield"], "Soil pH"),
    # education
    Q("students", "tutoring → score, ATE", "eff", ["tutoring", "score"]),
    Q("students", "indep. ses, score given prior_score, parent_edu", "ind", ["ses", "score"], None,
      ["prior_score", "parent_edu"]),
    Q("students", "what drives score", "co", ["score"], "score"),
    Q("students", "collider: tutoring, ses", "col", ["tutoring", "ses"]),
    Q("college", "Scholarship effect on Graduation", "eff", ["Scholarship", "Graduation"]),
    Q("college", "common cause GPA/Dropout?", "conf", ["GPA", "Dropout"]),
    Q("online", "forum_posts → final_grade direct?", "dc", ["forum_posts", "final_grade"]),
    Q("online", "learner 77: final_grade if quiz_attempts=10?", "cf", ["quiz_attempts", "final_grade"]),
    Q("school", "absenteeism mediates free lunch pct → test score?", "med",
      ["free lunch pct", "test score"], "absenteeism"),
    Q("school", "consequences of funding per pupil", "eo", ["funding per pupil"], "funding per pupil"),
    # engineering
    Q("iot", "cpu_load on power_w, effect size", "eff", ["cpu_load", "power_w"]),
    Q("iot", "humidity _||_ failure | temp_c", "ind", ["humidity", "failure"], None, ["temp_c"]),
    Q("iot", "adjust `ambient_temp`? fan_speed→temp_c", "adj", ["fan_speed", "temp_c"], "ambient_temp"),
    Q("factory", "ATE MaintenanceFlag on DefectRate", "eff", ["MaintenanceFlag", "DefectRate"]),
    Q("factory", "DefectRate collider for ToolWear & Temperature?", "col", ["ToolWear", "Temperature"],
      "DefectRate"),
    Q("factory", "graph of all vars", "gr", []),
    Q("network", "causes of latency_ms", "co", ["latency_ms"], "latency_ms"),
    Q("network", "num_users confounds packet_loss & retransmissions?", "conf",
      ["packet_loss", "retransmissions"], "num_users"),
    Q("network", "effects of bandwidth", "eo", ["bandwidth"], "bandwidth"),
    Q("station", "Altitude→Temperature direct cause?", "dc", ["Altitude", "Temperature"]),
    # extra
    Q("household", "effects of income", "eo", ["income"], "income"),
    Q("gene", "dag for GeneA_expr GeneB_expr TF_binding methylation", "gr",
      ["GeneA_expr", "GeneB_expr", "TF_binding", "methylation"]),
]

# ==========================================================================
# DICTIONARY: description holds the data dictionary; question uses plain
# language that maps to column names only through it.
# ==========================================================================
DICTIONARY = [
    Q("nhefs", "Does quitting smoking cause weight gain, and by how much on average?", "eff",
      ["qsmk", "wt82_71"]),
    Q("nhefs", "Could the number of cigarettes smoked per day be a confounder of quitting smoking and weight "
      "gain?", "conf", ["qsmk", "wt82_71"], "smokeintensity"),
    Q("nhefs", "Is baseline weight independent of weight gain once we account for age at baseline?", "ind",
      ["wt71", "wt82_71"], None, ["age"]),
    Q("icu", "Does receiving intravenous gentamicin directly cause in-ICU death?", "dc",
      ["Gentamicin", "Mortality"]),
    Q("icu", "Is having a fever on admission a common effect (collider) of the bloodstream infection and the "
      "leukocyte count?", "col", ["Septicemia", "White Blood Cell Count"], "Fever"),
    Q("cardio", "How much does being prescribed a cholesterol-lowering drug reduce bad cholesterol?", "eff",
      ["statin", "ldl"]),
    Q("cardio", "Does body mass index raise the risk of stroke through systolic blood pressure?", "med",
      ["bmi", "stroke"], "sbp"),
    Q("cardio", "What causes systolic pressure to be high in this cohort?", "co", ["sbp"], "sbp"),
    Q("trial", "For the patient treated at hospital 3 with a daily dose of 200 mg, how many days would "
      "recovery have taken at a dose of 100 mg?", "cf", ["DrugDose", "RecoveryDays"]),
    Q("trial", "When estimating how the daily dose of the study drug affects the number of adverse events, "
      "should we adjust for how ill the patient was at enrolment?", "adj", ["DrugDose", "SideEffects"],
      "Severity"),
    # marketing
    Q("ads", "What happens to units sold per week if we raise the shelf price by one dollar?", "eff",
      ["price", "sales"]),
    Q("ads", "Does the rival's price directly influence our weekly unit sales?", "dc",
      ["competitor_price", "sales"]),
    Q("ads", "Is the click-through rate of our online ads unrelated to the weekly advertising budget once we "
      "know how many times the ads were shown?", "ind", ["ctr", "ad_spend"], None, ["impressions"]),
    Q("email", "Does including a coupon in the email lead to more purchases because it makes customers open "
      "the email?", "med", ["DiscountOffered", "Purchase"], "EmailOpen"),
    Q("email", "What drives the value of the basket at checkout?", "co", ["CartValue"], "CartValue"),
    Q("email", "Do the number of product pages viewed and buying within seven days share a common cause?",
      "conf", ["PageViews", "Purchase"]),
    Q("brand", "What is the effect of buying TV rating points on the number of branded search queries?",
      "eff", ["tv_grp", "search_volume"]),
    Q("brand", "What are the consequences of increasing the number of retail outlets that stock the brand?",
      "eo", ["presence"], "presence"),
    Q("brand", "Draw the causal diagram linking TV advertising, brand recognition, website visits and the "
      "share of visits that end in an order.", "gr",
      ["tv_grp", "brand_awareness", "site_visits", "conversion_rate"]),
    Q("brand", "Is the product's star rating a collider between brand recognition and the net promoter "
      "score?", "col", ["brand_awareness", "nps"], "score"),
    # economics
    Q("lalonde", "Did taking part in the job-training programme raise 1978 earnings, and by how much for "
      "those who took part?", "eff", ["treat", "re78"]),
    Q("lalonde", "To estimate the programme's effect on 1978 earnings, should we adjust for lacking a "
      "high-school diploma?", "adj", ["treat", "re78"], "nodegree"),
    Q("lalonde", "Are 1974 earnings and 1978 earnings associated, given years of education?", "ind",
      ["re74", "re78"], None, ["educ"]),
    Q("macro", "Does the central bank's policy rate directly affect consumer price inflation?", "dc",
      ["interest_rate", "inflation"]),
    Q("macro", "Does growth of the money stock affect the unemployment rate through some intermediate "
      "variable?", "med", ["money_supply", "unemployment"]),
    Q("household", "Is the number of years of schooling of the household head a common cause of household "
      "income and the tax paid on it?", "conf", ["income", "income_tax"], "education_years"),
    Q("household", "How much does living in a city rather than the countryside change total consumer "
      "spending?", "eff", ["urban", "consumption"]),
    Q("household", "What does the number of people living in the household affect?", "eo",
      ["household_size"], "household_size"),
    Q("minwage", "What would the number of full-time-equivalent staff per restaurant have been if the wage "
      "floor had not been raised?", "cf", ["MinWage", "Employment"]),
    Q("minwage", "Learn the causal network among all the fields in this restaurant survey.", "gr", []),
    # biology
    Q("sachs", "Does protein kinase A directly regulate protein kinase B?", "dc", ["PKA", "Akt"]),
    Q("sachs", "Is MAP kinase kinase phosphorylation independent of p38 MAPK phosphorylation given protein "
      "kinase C activity?", "ind", ["Mek", "P38"], None, ["PKC"]),
    Q("sachs", "What are the causes of c-Jun N-terminal kinase activity?", "co", ["Jnk"], "Jnk"),
    Q("ecology", "What is the effect of annual precipitation on above-ground plant biomass?", "eff",
      ["rainfall", "plant_biomass"]),
    Q("ecology", "Is the detection of the beetle species a common effect of plot altitude and soil nitrogen "
      "content?", "col", ["elevation", "soil_nitrogen"], "presence"),
    Q("ecology", "At the plot where wolves were absent, how many grazing herbivores per hectare would there "
      "have been if wolves had been present at 5 per 100 km^2?", "cf",
      ["predator_density", "herbivore_density"]),
    Q("gene", "Does the kinase inhibitor change cell growth through the expression of gene A?", "med",
      ["treatment", "phenotype"], "GeneA_expr"),
    Q("gene", "How much does the kinase inhibitor reduce the expression of gene B?", "eff",
      ["treatment", "GeneB_expr"]),
    Q("crop", "When estimating how nitrogen application changes the grain harvest, should we control for the "
      "insect counts per trap?", "adj", ["Fertilizer", "Yield"], "Pest Density"),
    Q("crop", "Is sunshine during the growing season a confounder of the water applied and the grain "
      "harvest?", "conf", ["Irrigation", "Yield"], "Sunlight Hours"),
    # education
    Q("students", "Does after-school tutoring improve the end-of-year maths result, and by how much?", "eff",
      ["tutoring", "score"]),
    Q("students", "Is family socioeconomic status associated with how many pupils are in the class?", "ind",
      ["ses", "class_size"]),
    Q("students", "To estimate the effect of tutoring on the end-of-year test, should we adjust for the "
      "September test result?", "adj", ["tutoring", "score"], "prior_score"),
    Q("college", "Are the weekly hours in paid employment a direct cause of leaving college without a "
      "degree?", "dc", ["WorkHours", "Dropout"]),
    Q("college", "What causes students to graduate within six years?", "co", ["Graduation"], "Graduation"),
    Q("college", "What would the cumulative grade point average of student 88 have been if he had worked "
      "zero hours per week in a paid job instead of 30?", "cf", ["WorkHours", "GPA"]),
    Q("online", "How much do additional minutes of lecture video raise the final course grade?", "eff",
      ["video_time", "final_grade"]),
    Q("online", "Do the number of practice-quiz attempts and the number of forum posts have a common "
      "effect?", "col", ["quiz_attempts", "forum_posts"]),
    Q("school", "Does poverty (the share of pupils eligible for free meals) lower the average test result "
      "through more missed school days?", "med", ["free lunch pct", "test score"], "absenteeism"),
    Q("school", "Build a causal graph over years of teaching experience, spending per pupil and the "
      "school's average test result.", "gr", ["teacher_experience", "funding per pupil", "test score"]),
    # engineering
    Q("iot", "What is the average effect of CPU utilisation on the node's power draw?", "eff",
      ["cpu_load", "power_w"]),
    Q("iot", "Is the server-room air temperature a confounder of the CPU die temperature and the cooling "
      "fan speed?", "conf", ["temp_c", "fan_speed"], "ambient_temp"),
    Q("iot", "What causes hardware to fail within 30 days?", "co", ["failure"], "failure"),
    Q("factory", "How much does performing preventive maintenance change the share of rejected parts?",
      "eff", ["MaintenanceFlag", "DefectRate"]),
    Q("factory", "Does the spindle speed setting directly cause vibration?", "dc",
      ["MachineSpeed", "Vibration"]),
    Q("factory", "What are the consequences of cutting-tool wear?", "eo", ["ToolWear"], "ToolWear"),
    Q("network", "Are the round-trip delay and the share of dropped packets correlated once we condition on "
      "the number of concurrent users and the hour of the day?", "ind", ["latency_ms", "packet_loss"],
      None, ["num_users", "time"]),
    Q("network", "What would the achieved goodput have been at 20:00 if the link capacity had been "
      "doubled?", "cf", ["bandwidth", "throughput_mbps"]),
    Q("station", "When estimating the effect of height above sea level on barometric pressure, should we "
      "adjust for air temperature?", "adj", ["Altitude", "Pressure"], "Temperature"),
    Q("station", "Is the voltage of the sensor battery a collider between air temperature and wind speed?",
      "col", ["Temperature", "WindSpeed"], "BatteryVoltage"),
    # extra
    Q("icu", "What are the effects of undergoing a cardiac catheter procedure?", "eo",
      ["Cardiac Catheterization"], "Cardiac Catheterization"),
    Q("ecology", "Draw the causal diagram relating annual precipitation, mean air temperature and the "
      "altitude of the plot.", "gr", ["rainfall", "temperature", "elevation"]),
]

# ==========================================================================
# MULTIPLE CHOICE: lettered options, answer_format = "letter".
# Convention: for pairwise direction questions variables follow option A.
# When candidates for Z appear only among the options, subject = null.
# ==========================================================================
MULTIPLE_CHOICE = [
    cb("icu", "Septicemia", "Gentamicin"),
    cb("icu", "Fever", "Fever"),  # degenerate A-vs-A
    MC("cardio", "Are bmi and stroke independent given sbp and age?", ["Yes", "No"],
       "Answer with the letter only.", "ind", ["bmi", "stroke"], None, ["sbp", "age"]),
    MC("cardio", "What is the effect of treatment on sbp?",
       ["treatment lowers sbp", "treatment raises sbp", "treatment has no effect on sbp"], ABC, "eff",
       ["treatment", "sbp"]),
    MC("cardio", "We want to estimate the effect of statin on stroke. Should ldl be included in the "
       "adjustment set?", ["Yes, it is a confounder", "No, it is a mediator", "It does not matter"],
       "Reply with one letter.", "adj", ["statin", "stroke"], "ldl"),
    MC("nhefs", "Which of the following is most likely a cause of wt82_71?",
       ["qsmk", "race", "education", "none of them"], "Answer with a single letter.", "co", ["wt82_71"],
       "wt82_71"),
    MC("nhefs", "Is age a confounder of qsmk and wt82_71?", ["Yes", "No"], AB, "conf",
       ["qsmk", "wt82_71"], "age"),
    MC("trial", "Increasing DrugDose from 50 to 100 mg changes RecoveryDays by approximately:",
       ["-3 days", "0 days", "+3 days"], ABC, "eff", ["DrugDose", "RecoveryDays"]),
    MC("trial", "Which variable mediates the effect of DrugDose on RecoveryDays?",
       ["SideEffects", "HospitalID", "Sex", "There is no mediator."], "Answer with a letter.", "med",
       ["DrugDose", "RecoveryDays"]),
    MC("icu", "Which graph best describes the relationships among Septicemia, Fever and White Blood Cell "
       "Count?", ["Septicemia -> Fever, Septicemia -> White Blood Cell Count",
                  "Fever -> Septicemia -> White Blood Cell Count",
                  "White Blood Cell Count -> Fever -> Septicemia"], ABC, "gr",
       ["Septicemia", "Fever", "White Blood Cell Count"]),
    # marketing
    cb("ads", "price", "sales"),
    MC("ads", "What is the average treatment effect of promo on sales?",
       ["about +120 units/week", "about 0", "about -120 units/week"], ABC, "eff", ["promo", "sales"]),
    MC("ads", "Which variable is a collider of ad_spend and season?",
       ["impressions", "region", "store_size", "none"], ABCD, "col", ["ad_spend", "season"]),
    MC("email", "Are EmailOpen and CartValue independent?",
       ["Yes, they are independent", "No, they are dependent"], AB, "ind", ["EmailOpen", "CartValue"]),
    MC("email", "Customer 1207 did not receive a discount and spent 35 EUR. If DiscountOffered had been 1, "
       "her CartValue would have been:", ["higher", "lower", "the same"], ABC, "cf",
       ["DiscountOffered", "CartValue"]),
    MC("email", "Which of these is an effect of CustomerTenure?",
       ["LoyaltyTier", "DiscountOffered", "neither"], "Answer with one letter.", "eo", ["CustomerTenure"],
       "CustomerTenure"),
    cb("brand", "nps", "nps"),  # degenerate A-vs-A
    MC("brand", "Does tv_grp affect conversion_rate through brand_awareness?",
       ["Yes, brand_awareness is a mediator", "No, brand_awareness is not on the causal path"], AB, "med",
       ["tv_grp", "conversion_rate"], "brand_awareness"),
    MC("brand", "Is there a common cause of search_volume and site_visits?",
       ["Yes", "No", "Cannot be determined"], ABC, "conf", ["search_volume", "site_visits"]),
    MC("ads", "Which of the following variables directly causes ctr?",
       ["impressions", "sales", "store_size"], ABC, "co", ["ctr"], "ctr"),
    # economics
    cb("macro", "inflation", "interest_rate"),
    MC("macro", "Which DAG is most consistent with the data on money_supply, inflation and interest_rate?",
       ["money_supply -> inflation -> interest_rate", "interest_rate -> money_supply -> inflation",
        "inflation -> money_supply <- interest_rate"], ABC, "gr",
       ["money_supply", "inflation", "interest_rate"]),
    MC("household", "Does an increase in income_tax decrease consumption?",
       ["Yes, by a large amount", "Yes, by a small amount", "No"], ABC, "eff",
       ["income_tax", "consumption"]),
    MC("household", "Are age_group and savings independent conditional on income?", ["Yes", "No"], AB,
       "ind", ["age_group", "savings"], None, ["income"]),
    MC("lalonde", "What is the average treatment effect of treat on re78 (in US dollars)?",
       ["approximately -635", "approximately 0", "approximately 1,794", "approximately 5,000"], ABCD,
       "eff", ["treat", "re78"]),
    MC("lalonde", "When estimating the effect of treat on re78, should married be adjusted for?",
       ["Yes", "No"], "Answer with A or B.", "adj", ["treat", "re78"], "married"),
    MC("lalonde", "Is educ a confounder of treat and re78?", ["Yes", "No", "It is a collider instead"], ABC,
       "conf", ["treat", "re78"], "educ"),
    MC("minwage", "Which of the following is a consequence of MinWage?", ["AvgWage", "FirmSize", "State"],
       ABC, "eo", ["MinWage"], "MinWage"),
    MC("minwage", "Is Employment a collider of MinWage and FirmSize?", ["Yes", "No"], AB, "col",
       ["MinWage", "FirmSize"], "Employment"),
    MC("macro", "In 2009 unemployment was 9.3%. If the interest_rate had been 2 percentage points higher "
       "that year, unemployment would have been:", ["higher", "lower", "unchanged"], ABC, "cf",
       ["interest_rate", "unemployment"]),
    # biology
    cb("sachs", "Raf", "Mek"),
    cb("sachs", "PIP3", "PIP3"),  # degenerate A-vs-A
    MC("sachs", "Given Mek, are Raf and Erk:", ["independent", "dependent"], "Answer A or B.", "ind",
       ["Raf", "Erk"], None, ["Mek"]),
    MC("sachs", "Which protein is a direct cause of Erk?", ["Mek", "Jnk", "Plcg"], ABC, "co", ["Erk"], "Erk"),
    MC("ecology", "What is the effect of predator_density on herbivore_density?",
       ["negative", "positive", "none"], ABC, "eff", ["predator_density", "herbivore_density"]),
    MC("ecology", "Which variable mediates the effect of elevation on plant_biomass?",
       ["temperature", "presence", "predator_density"], ABC, "med", ["elevation", "plant_biomass"]),
    MC("gene", "Is phenotype a collider between GeneA_expr and treatment?", ["Yes", "No"], AB, "col",
       ["GeneA_expr", "treatment"], "phenotype"),
    MC("gene", "Sample S7 was treated and had GeneA_expr = 2.1. Had the sample not been treated "
       "(treatment = 0), GeneA_expr would most likely have been:", ["higher", "lower", "the same"], ABC,
       "cf", ["treatment", "GeneA_expr"]),
    MC("crop", "Which variables are affected by Irrigation?",
       ["Yield only", "Yield and Pest Density", "Sunlight Hours"], ABC, "eo", ["Irrigation"], "Irrigation"),
    MC("crop", "Which of these is a common cause of Fertilizer and Yield?",
       ["Soil pH", "Pest Density", "none of them"], ABC, "conf", ["Fertilizer", "Yield"]),
    # education
    MC("students", "How much does tutoring change score on average?",
       ["about +5 points", "about 0 points", "about -5 points"], ABC, "eff", ["tutoring", "score"]),
    cb("students", "attendance", "score"),
    MC("students", "We want to estimate the effect of class_size on score. Should we adjust for "
       "school_type?", ["Yes", "No"], AB, "adj", ["class_size", "score"], "school_type"),
    MC("college", "Which diagram best represents the causal structure of SAT, GPA and Graduation?",
       ["SAT -> GPA -> Graduation", "Graduation -> GPA -> SAT", "SAT <- GPA -> Graduation"], ABC, "gr",
       ["SAT", "GPA", "Graduation"]),
    MC("college", "Is there a collider for Scholarship and FirstGen?",
       ["Yes, GPA", "Yes, Major", "No collider exists"], ABC, "col", ["Scholarship", "FirstGen"]),
    MC("college", "Does Scholarship increase Graduation?", ["Yes", "No", "It decreases it"], ABC, "eff",
       ["Scholarship", "Graduation"]),
    MC("online", "Are age and device associated?", ["Yes", "No"], AB, "ind", ["age", "device"]),
    cb("online", "age_group", "age_group"),  # degenerate A-vs-A
    MC("school", "Which of these most plausibly causes test score?",
       ["absenteeism", "teacher_experience", "both", "neither"], ABCD, "co", ["test score"], "test score"),
    MC("online", "Does video_time affect final_grade through quiz_attempts?", ["Yes", "No"], AB, "med",
       ["video_time", "final_grade"], "quiz_attempts"),
    # engineering
    cb("station", "Altitude", "Temperature"),
    cb("station", "Humidity", "Pressure"),
    MC("iot", "Raising fan_speed by 1,000 RPM changes temp_c by about:", ["-4 degrees", "0 degrees",
       "+4 degrees"], ABC, "eff", ["fan_speed", "temp_c"]),
    MC("iot", "What is the effect of ambient_temp on failure?",
       ["it increases failure risk", "it decreases failure risk", "no effect"], ABC, "eff",
       ["ambient_temp", "failure"]),
    MC("factory", "Are OperatorShift and DefectRate independent given MachineSpeed, ToolWear and "
       "Temperature?", ["Yes", "No"], AB, "ind", ["OperatorShift", "DefectRate"], None,
       ["MachineSpeed", "ToolWear", "Temperature"]),
    MC("factory", "Which of the following does Vibration affect?", ["ToolWear", "OperatorShift",
       "MachineSpeed"], ABC, "eo", ["Vibration"], "Vibration"),
    MC("factory", "What is the effect of MachineSpeed on Throughput?", ["positive", "negative", "zero"],
       ABC, "eff", ["MachineSpeed", "Throughput"]),
    MC("network", "Is time a confounder of num_users and latency_ms?", ["Yes", "No"], AB, "conf",
       ["num_users", "latency_ms"], "time"),
    MC("network", "At 09:00, with 200 users, throughput_mbps was 410. If packet_loss had been zero instead "
       "of 2%, throughput_mbps would have been:", ["higher", "lower", "unchanged"], ABC, "cf",
       ["packet_loss", "throughput_mbps"]),
    MC("network", "Which variable causes retransmissions?", ["packet_loss", "time", "neither"], ABC, "co",
       ["retransmissions"], "retransmissions"),
]

# ==========================================================================
# NEGATED: yes/no questions phrased negatively (negated = true).
# ==========================================================================
NEGATED = [
    Q("nhefs", "Is there no correlation between smokeyrs and wt82_71?", "ind", ["smokeyrs", "wt82_71"]),
    Q("nhefs", "Is it not true that qsmk increases wt82_71 on average?", "eff", ["qsmk", "wt82_71"]),
    Q("icu", "Doesn't Amoxicillin directly cause Fever?", "dc", ["Amoxicillin", "Fever"]),
    Q("icu", "Is age not a confounder of Cardiac Catheterization and Mortality?", "conf",
      ["Cardiac Catheterization", "Mortality"], "age"),
    Q("icu", "Is there no common effect of Septicemia and Cardiac Catheterization?", "col",
      ["Septicemia", "Cardiac Catheterization"]),
    Q("cardio", "Doesn't smoker affect stroke through sbp?", "med", ["smoker", "stroke"], "sbp"),
    Q("cardio", "Shouldn't we avoid adjusting for age_group when estimating the effect of statin on "
      "stroke?", "adj", ["statin", "stroke"], "age_group"),
    Q("cardio", "If patient 40 had not received treatment, wouldn't her sbp have been higher?", "cf",
      ["treatment", "sbp"]),
    Q("trial", "Isn't Sex unrelated to SideEffects once DrugDose is taken into account?", "ind",
      ["Sex", "SideEffects"], None, ["DrugDose"]),
    Q("trial", "Does DrugDose have no effect on SideEffects?", "eff", ["DrugDose", "SideEffects"]),
    # marketing
    Q("ads", "Are price and competitor_price not associated?", "ind", ["price", "competitor_price"]),
    Q("ads", "Isn't it the case that ad_spend does not directly cause sales?", "dc", ["ad_spend", "sales"]),
    Q("ads", "Does the promo not raise sales significantly?", "eff", ["promo", "sales"]),
    Q("ads", "Should we not control for region when estimating the effect of price on sales?", "adj",
      ["price", "sales"], "region"),
    Q("email", "Is there no mediator between DiscountOffered and CartValue?", "med",
      ["DiscountOffered", "CartValue"]),
    Q("email", "Customer 602 opened the email and purchased. If EmailOpen had been 0, would Purchase not "
      "have changed?", "cf", ["EmailOpen", "Purchase"]),
    Q("email", "Is there no common cause of LoyaltyTier and CartValue?", "conf", ["LoyaltyTier", "CartValue"]),
    Q("brand", "Is site_visits not a collider of brand_awareness and search_volume?", "col",
      ["brand_awareness", "search_volume"], "site_visits"),
    Q("brand", "Are nps and score not dependent given brand_awareness and presence?", "ind", ["nps", "score"],
      None, ["brand_awareness", "presence"]),
    Q("brand", "Is it false that search_volume directly causes site_visits?", "dc",
      ["search_volume", "site_visits"]),
    # economics
    Q("macro", "Aren't exports unrelated to the exchange_rate?", "ind", ["exports", "exchange_rate"]),
    Q("macro", "Doesn't gov_spending directly cause gdp_pc?", "dc", ["gov_spending", "gdp_pc"]),
    Q("macro", "Does money_supply not affect unemployment through inflation?", "med",
      ["money_supply", "unemployment"], "inflation"),
    Q("household", "Is urban not a confounder of income and consumption?", "conf", ["income", "consumption"],
      "urban"),
    Q("household", "Is there no association between age and savings after conditioning on age_group?", "ind",
      ["age", "savings"], None, ["age_group"]),
    Q("household", "Doesn't income_tax reduce savings?", "eff", ["income_tax", "savings"]),
    Q("lalonde", "Shouldn't we leave re74 out of the adjustment set when estimating the effect of treat on "
      "re78?", "adj", ["treat", "re78"], "re74"),
    Q("lalonde", "Wouldn't re78 have been lower for participant 45 if treat had been 0?", "cf",
      ["treat", "re78"]),
    Q("minwage", "Is there no collider for MinWage and Prices?", "col", ["MinWage", "Prices"]),
    Q("minwage", "Did raising MinWage not reduce Employment?", "eff", ["MinWage", "Employment"]),
    # biology
    Q("sachs", "Is there no dependence between pkc and p38?", "ind", ["PKC", "P38"]),
    Q("sachs", "Doesn't PKC directly cause Jnk?", "dc", ["PKC", "Jnk"]),
    Q("sachs", "Is there no confounder of Plcg and PIP3?", "conf", ["Plcg", "PIP3"]),
    Q("sachs", "Doesn't Raf act on Erk through Mek?", "med", ["Raf", "Erk"], "Mek"),
    Q("ecology", "Aren't presence and rainfall independent given temperature, elevation and soil_nitrogen?",
      "ind", ["presence", "rainfall"], None, ["temperature", "elevation", "soil_nitrogen"]),
    Q("ecology", "Does rainfall not increase plant_biomass?", "eff", ["rainfall", "plant_biomass"]),
    Q("gene", "Is GeneB_expr not a common effect of TF_binding and methylation?", "col",
      ["TF_binding", "methylation"], "GeneB_expr"),
    Q("gene", "Shouldn't GeneA_expr be excluded from the adjustment set for the effect of treatment on "
      "phenotype?", "adj", ["treatment", "phenotype"], "GeneA_expr"),
    Q("crop", "Plot 17 got no Irrigation and yielded 3.2 t/ha. Wouldn't its Yield have been higher with 200 "
      "mm of Irrigation?", "cf", ["Irrigation", "Yield"]),
    Q("crop", "Is 'Soil pH' not a confounder of Fertilizer and 'Pest Density'?", "conf",
      ["Fertilizer", "Pest Density"], "Soil pH"),
    # education
    Q("students", "Aren't class_size and score uncorrelated?", "ind", ["class_size", "score"]),
    Q("students", "Doesn't parent_edu directly cause ses?", "dc", ["parent_edu", "ses"]),
    Q("students", "Does tutoring not improve score by at least 3 points?", "eff", ["tutoring", "score"]),
    Q("students", "Should attendance not be adjusted for when estimating the effect of tutoring on score?",
      "adj", ["tutoring", "score"], "attendance"),
    Q("college", "Doesn't FirstGen influence Dropout via WorkHours?", "med", ["FirstGen", "Dropout"],
      "WorkHours"),
    Q("college", "Is GPA not a collider between SAT and WorkHours?", "col", ["SAT", "WorkHours"], "GPA"),
    Q("college", "If student 12 had not had a Scholarship, wouldn't her GPA have been the same?", "cf",
      ["Scholarship", "GPA"]),
    Q("online", "Are forum_posts and final_grade not independent given video_time?", "ind",
      ["forum_posts", "final_grade"], None, ["video_time"]),
    Q("online", "Is age not a common cause of device and video_time?", "conf", ["device", "video_time"],
      "age"),
    Q("school", "Doesn't funding per pupil have zero effect on test score?", "eff",
      ["funding per pupil", "test score"]),
    # engineering
    Q("iot", "Can you confirm that there is no correlation between Uptime_H and Failure?", "ind",
      ["uptime_h", "failure"]),
    Q("iot", "Doesn't temp_c directly cause fan_speed?", "dc", ["temp_c", "fan_speed"]),
    Q("iot", "Is there no mediator between ambient_temp and failure?", "med", ["ambient_temp", "failure"]),
    Q("iot", "Node 7 failed while running at 95 degrees. If temp_c had been 60, would failure not have "
      "occurred?", "cf", ["temp_c", "failure"]),
    Q("factory", "Isn't Temperature independent of Throughput given MachineSpeed?", "ind",
      ["Temperature", "Throughput"], None, ["MachineSpeed"]),
    Q("factory", "Doesn't MaintenanceFlag lower ToolWear?", "eff", ["MaintenanceFlag", "ToolWear"]),
    Q("factory", "Do ToolWear and OperatorShift have no common effect?", "col", ["ToolWear", "OperatorShift"]),
    Q("network", "Shouldn't we refrain from adjusting for retransmissions when estimating the effect of "
      "packet_loss on throughput_mbps?", "adj", ["packet_loss", "throughput_mbps"], "retransmissions"),
    Q("network", "Is bandwidth not a direct cause of latency_ms?", "dc", ["bandwidth", "latency_ms"]),
    Q("station", "Does Altitude not lower Pressure?", "eff", ["Altitude", "Pressure"]),
]

# ==========================================================================
# BENCHMARK: phrasing modelled on CLadder / CausalBench / QRData / CausalQA.
# ==========================================================================
BENCHMARK = [
    Q("icu", "A statistician wonders whether there is at least one common cause (confounder) of Septicemia "
      "and Amoxicillin. Based on the data, is there?", "conf", ["Septicemia", "Amoxicillin"]),
    Q("icu", "Analyze the presence of a common outcome serving as a collider for Gentamicin and Cardiac "
      "Catheterization.", "col", ["Gentamicin", "Cardiac Catheterization"]),
    Q("icu", "Formulate a partial DAG for the chosen variables: Septicemia, Amoxicillin, Gentamicin, "
      "Mortality", "gr", ["Septicemia", "Amoxicillin", "Gentamicin", "Mortality"]),
    Q("nhefs", "What is the average treatment effect of quitting smoking (qsmk) on weight change (wt82_71)? "
      "Please answer with a numerical value rounded to 2 decimal places.", "eff", ["qsmk", "wt82_71"]),
    Q("nhefs", "Test the independence of smokeintensity and exercise under the condition of sex", "ind",
      ["smokeintensity", "exercise"], None, ["sex"]),
    Q("cardio", "Given the provided conditions: bmi, sbp, is there a direct causal relationship where bmi "
      "causes sbp?", "dc", ["bmi", "sbp"]),
    Q("cardio", CLADDER + " Treatment directly lowers sbp, and sbp raises the risk of stroke. For a patient "
      "who received treatment and did not have a stroke, would the patient have had a stroke if they had "
      "not received treatment?", "cf", ["treatment", "stroke"]),
    Q("cardio", CLADDER + " smoker has a direct effect on sbp and on stroke. sbp has a direct effect on "
      "stroke. Does smoker affect stroke through sbp?", "med", ["smoker", "stroke"], "sbp"),
    Q("trial", "Q: What are the causal factors that determine RecoveryDays in this trial? Answer based on "
      "the data.", "co", ["RecoveryDays"], "RecoveryDays"),
    Q("trial", "Backdoor adjustment question: to estimate the causal effect of DrugDose on RecoveryDays, is "
      "HospitalID a valid variable to include in the adjustment set?", "adj", ["DrugDose", "RecoveryDays"],
      "HospitalID"),
    # marketing
    Q("brand", "Analyze the presence of a common outcome serving as a collider for nps and tv_grp.", "col",
      ["nps", "tv_grp"]),
    Q("brand", "A marketing analyst wonders whether there is at least one common cause (confounder) of "
      "brand_awareness and search_volume.", "conf", ["brand_awareness", "search_volume"]),
    Q("ads", "What is the average treatment effect of promo on sales? Give the answer as a single number "
      "rounded to one decimal place.", "eff", ["promo", "sales"]),
    Q("ads", "Test the independence of impressions and sales under the condition of ad_spend and ctr", "ind",
      ["impressions", "sales"], None, ["ad_spend", "ctr"]),
    Q("ads", "Given the provided conditions: season, sales, is season a direct cause of sales? Please answer "
      "yes or no.", "dc", ["season", "sales"]),
    Q("email", "Formulate a partial DAG for the chosen variables: EmailOpen, PageViews, CartValue, Purchase",
      "gr", ["EmailOpen", "PageViews", "CartValue", "Purchase"]),
    Q("email", CLADDER + " DiscountOffered has a direct effect on EmailOpen. EmailOpen has a direct effect on "
      "Purchase. Will DiscountOffered increase the chance of Purchase?", "eff",
      ["DiscountOffered", "Purchase"]),
    Q("email", "Identify all variables that are causally affected by DiscountOffered.", "eo",
      ["DiscountOffered"], "DiscountOffered"),
    Q("ads", "Determine whether ctr mediates the relationship from ad_spend to sales.", "med",
      ["ad_spend", "sales"], "ctr"),
    Q("ads", "Counterfactual query: In week 23, sales were 1,840 units at a price of 4.99. Had the price "
      "been 5.49, what would sales have been?", "cf", ["price", "sales"]),
    # economics
    Q("lalonde", "Using the data, estimate the average treatment effect on the treated (ATT) of the job "
      "training programme (treat) on 1978 earnings (re78). Round to the nearest dollar.", "eff",
      ["treat", "re78"]),
    Q("lalonde", "Determine whether re75 serves as a confounder between treat and re78.", "conf",
      ["treat", "re78"], "re75"),
    Q("lalonde", "Test the independence of treat and re78 under the condition of age, educ and re74", "ind",
      ["treat", "re78"], None, ["age", "educ", "re74"]),
    Q("macro", "Formulate a partial DAG for the chosen variables: inflation, interest_rate, unemployment, "
      "gdp_pc, exports", "gr", ["inflation", "interest_rate", "unemployment", "gdp_pc", "exports"]),
    Q("macro", "Given the provided conditions: exchange_rate, exports, does exchange_rate directly cause "
      "exports?", "dc", ["exchange_rate", "exports"]),
    Q("macro", "Analyze the presence of a common outcome serving as a collider for money_supply and "
      "gov_spending.", "col", ["money_supply", "gov_spending"]),
    Q("household", "Which variables are the direct causes of savings? List all parents of savings in the "
      "causal graph.", "co", ["savings"], "savings"),
    Q("household", "For estimating the causal effect of education_years on income, determine whether "
      "age_group should be part of the adjustment set.", "adj", ["education_years", "income"], "age_group"),
    Q("household", CLADDER + " income has a direct effect on consumption and on income_tax. For a household "
      "with high income, would consumption have been lower if income had been low?", "cf",
      ["income", "consumption"]),
    Q("minwage", "List every variable that is a descendant of MinWage in the causal graph.", "eo",
      ["MinWage"], "MinWage"),
    # biology
    Q("sachs", "Given the provided conditions: PIP2, PIP3, is PIP3 a direct cause of PIP2?", "dc",
      ["PIP3", "PIP2"]),
    Q("sachs", "Formulate a partial DAG for the chosen variables: Raf, Mek, Erk, Akt, PKA", "gr",
      ["Raf", "Mek", "Erk", "Akt", "PKA"]),
    Q("sachs", "Test the independence of AKT and ERK under the condition of PKA and MEK", "ind",
      ["Akt", "Erk"], None, ["PKA", "Mek"]),
    Q("sachs", "A biologist wonders whether there is at least one common cause (confounder) of P38 and Jnk.",
      "conf", ["P38", "Jnk"]),
    Q("sachs", "Analyze whether PIP2 serves as a collider (common outcome) for Plcg and PIP3.", "col",
      ["Plcg", "PIP3"], "PIP2"),
    Q("ecology", "Analyze the presence of a common outcome serving as a collider for rainfall and "
      "temperature.", "col", ["rainfall", "temperature"]),
    Q("ecology", "What is the average treatment effect of herbivore_density on plant_biomass? Please answer "
      "with a numerical value.", "eff", ["herbivore_density", "plant_biomass"]),
    Q("gene", CLADDER + " treatment has a direct effect on GeneB_expr. GeneB_expr has a direct effect on "
      "phenotype. treatment has a direct effect on phenotype. Does treatment affect phenotype through "
      "GeneB_expr?", "med", ["treatment", "phenotype"], "GeneB_expr"),
    Q("crop", "Identify the causes of Pest Density in this agricultural system.", "co", ["Pest Density"],
      "Pest Density"),
    Q("crop", "Counterfactual: for the plot that received 120 kg/ha of Fertilizer and produced 6.1 t/ha of "
      "Yield, what would Yield have been with 0 kg/ha of Fertilizer?", "cf", ["Fertilizer", "Yield"]),
    # education
    Q("students", "What is the average treatment effect of tutoring on score? Please answer with a numerical "
      "value rounded to 2 decimal places.", "eff", ["tutoring", "score"]),
    Q("students", "Test the independence of parent_edu and score under the condition of ses", "ind",
      ["parent_edu", "score"], None, ["ses"]),
    Q("students", "Please construct the causal graph for all variables in the dataset.", "gr", []),
    Q("college", "Given the provided conditions: FirstGen, Scholarship, is FirstGen a direct cause of "
      "Scholarship?", "dc", ["FirstGen", "Scholarship"]),
    Q("college", "Determine whether Major is a confounder between WorkHours and GPA.", "conf",
      ["WorkHours", "GPA"], "Major"),
    Q("college", "Estimate the average treatment effect on the controls (ATC) of Scholarship on GPA.", "eff",
      ["Scholarship", "GPA"]),
    Q("online", "Determine whether any variable mediates the effect of forum_posts on final_grade.", "med",
      ["forum_posts", "final_grade"]),
    Q("online", "Identify all variables that are causally affected by device.", "eo", ["device"], "device"),
    Q("school", "For estimating the causal effect of teacher_experience on test score, should free lunch pct "
      "be included in the adjustment set?", "adj", ["teacher_experience", "test score"], "free lunch pct"),
    Q("school", "Counterfactual query: a school with 32 pupils per class scored 480 on average. Had its "
      "class size been 20, what would its test score have been?", "cf", ["class size", "test score"]),
    # engineering
    Q("iot", "What is the average treatment effect of fan_speed on temp_c? Please answer with a numerical "
      "value.", "eff", ["fan_speed", "temp_c"]),
    Q("iot", "Analyze the presence of a common outcome serving as a collider for humidity and cpu_load.",
      "col", ["humidity", "cpu_load"]),
    Q("iot", "An engineer wonders whether there is at least one common cause (confounder) of power_w and "
      "temp_c.", "conf", ["power_w", "temp_c"]),
    Q("factory", "Formulate a partial DAG for the chosen variables: MachineSpeed, Vibration, ToolWear, "
      "DefectRate", "gr", ["MachineSpeed", "Vibration", "ToolWear", "DefectRate"]),
    Q("factory", "Given the provided conditions: Vibration, ToolWear, is Vibration a direct cause of "
      "ToolWear?", "dc", ["Vibration", "ToolWear"]),
    Q("factory", CLADDER + " OperatorShift has a direct effect on Temperature. Temperature has a direct "
      "effect on DefectRate. Will a night OperatorShift increase the chance of a high DefectRate?", "eff",
      ["OperatorShift", "DefectRate"]),
    Q("network", "Test the independence of bandwidth and num_users under the condition of time", "ind",
      ["bandwidth", "num_users"], None, ["time"]),
    Q("network", "Determine whether packet_loss mediates the effect of num_users on throughput_mbps.", "med",
      ["num_users", "throughput_mbps"], "packet_loss"),
    Q("network", "Which variables are the direct causes of throughput_mbps? List all parents of "
      "throughput_mbps in the causal graph.", "co", ["throughput_mbps"], "throughput_mbps"),
    Q("station", "Estimate the effect of going from Altitude = 0 m to Altitude = 1000 m on Temperature.",
      "eff", ["Altitude", "Temperature"]),
    # extra
    Q("station", "Identify all variables that are causally affected by Altitude.", "eo", ["Altitude"],
      "Altitude"),
    Q("network", "For estimating the causal effect of num_users on latency_ms, determine whether time should "
      "be part of the adjustment set.", "adj", ["num_users", "latency_ms"], "time"),
    Q("ecology", "Which variables are the direct causes of presence? List all parents of presence in the "
      "causal graph.", "co", ["presence"], "presence"),
]

STYLES = [
    ("narrative", "narr", NARRATIVE, False),
    ("terse", "terse", TERSE, False),
    ("dictionary", "dict", DICTIONARY, False),
    ("multiple_choice", "mc", MULTIPLE_CHOICE, False),
    ("negated", "neg", NEGATED, True),
    ("benchmark", "bench", BENCHMARK, False),
]


def assign_split(rows):
    """Mark about one third of the questions heldout, balanced over style, kind and domain.

    1. Within each style, walk the questions grouped by kind (original order inside a
       kind) and mark every 3rd one heldout: ~1/3 per style and per (style, kind).
    2. Deterministic hill-climbing: swap a heldout and a dev question of the same
       (style, kind) but different domain whenever that brings every domain and every
       (style, domain) cell closer to one third heldout.  Style and kind counts are
       unchanged by such swaps.
    """
    by_style = {}
    for r in rows:
        by_style.setdefault(r["style"], []).append(r)
    for items in by_style.values():
        order = sorted(range(len(items)), key=lambda j: (items[j]["kind"], j))
        for rank, j in enumerate(order):
            items[j]["split"] = "heldout" if rank % 3 == 2 else "dev"

    # cells whose heldout share should be close to 1/3: each domain, and each (style, domain)
    cells = {}
    for r in rows:
        cells.setdefault(("domain", r["domain"]), []).append(r)
        cells.setdefault(("style-domain", r["style"], r["domain"]), []).append(r)

    def cost():
        return sum((sum(r["split"] == "heldout" for r in members) - len(members) / 3) ** 2
                   for members in cells.values())

    improved = True
    while improved:
        improved = False
        best = cost()
        for a in rows:
            if a["split"] != "heldout":
                continue
            for b in rows:
                if (b["split"] == "dev" and b["style"] == a["style"] and b["kind"] == a["kind"]
                        and b["domain"] != a["domain"]):
                    a["split"], b["split"] = "dev", "heldout"
                    c = cost()
                    if c < best - 1e-9:
                        best, improved = c, True
                        break
                    a["split"], b["split"] = "heldout", "dev"
            if improved:
                break


def build():
    rows = []
    for style, prefix, items, negated in STYLES:
        for i, q in enumerate(items):
            domain, columns, desc = TABLES[q["table"]]
            rows.append({
                "id": f"qb2-{prefix}-{i + 1:03d}",
                "style": style,
                "domain": domain,
                "split": "dev",
                "table": q["table"],
                "columns": list(columns),
                "description": desc if style == "dictionary" else None,
                "question": q["question"],
                "kind": q["kind"],
                "variables": q["variables"],
                "subject": q["subject"],
                "conditioning": q["conditioning"],
                "negated": negated,
                "options": q.get("options"),
                "answer_format": q.get("answer_format"),
            })
    assign_split(rows)
    return rows


if __name__ == "__main__":
    rows = build()
    out = os.path.join(HERE, "bank.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} questions to {out}")
