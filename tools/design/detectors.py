"""One detector per study design. Each demands evidence the data (and, where the data
cannot show it, the user's words) provide, so an ordinary observational table is never
forced into a design. Detectors return a ``DesignResult`` or a one-line reason why not."""

from __future__ import annotations

import re
import warnings
from typing import Callable

import numpy as np
import pandas as pd

from tools.design.model import DesignInput, DesignResult, StudyDesign
from tools.design.panel import find_panel, switches_within_units, treated_units
from tools.profiling import ColumnKind, classify_column

RANDOMIZED_WORDS = re.compile(r"randomi[sz]ed|randomly (?:assigned|allocated|selected to receive|chosen)|"
                              r"random (?:assignment|allocation)|\bRCT\b|controlled trial|(?:field|natural) experiment|"
                              r"\bexperimental (?:sample|data|group|design)|lottery (?:assigned|decided)|"
                              r"(?<!natural )(?<!quasi-)(?<!quasi )\bexperiment(?:s)?\b|\bA/B[- ]?tests?\b|\bsplit[- ]tests?\b|"
                              r"\bat random\b|\ba random (?:\w+ ){0,2}?(?:half|third|quarter|subset|sample|share|\d+\s?%)|"
                              r"randomly (?:shown|given|offered|sent|exposed|picked|split|drawn)|coin (?:flip|toss)", re.I)
DID_WORDS = re.compile(r"before and after|\bbefore\b[^.]{0,40}\bafter\b|difference[- ]in[- ]differences?|\bDiD\b|"
                       r"pre[- ]?(?:and|/)[- ]?post|parallel trends?|"
                       r"post[- ]?(?:policy|period|intervention|treatment|implementation)|over (?:a|the) "
                       r"(?:\w+[- ])?(?:year|period|decade)|over the (?:past|last) (?:\w+ )?(?:years|decade)|panel|"
                       r"each year|in a given year|at (?:various|different) times|staggered|adopt", re.I)
NONRANDOM_WORDS = re.compile(r"observational|comparison (?:group|sample)|non-?experimental|non-?randomi[sz]ed|"
                             r"(?:\bnot|n't|\bnever|\bno)\s+(?:\w+\s+){0,2}?(?:randomi[sz]ed|randomly|random (?:assignment|"
                             r"allocation)|an? (?:experiment|rct|trial))|self-?selected", re.I)
POST_NAME = re.compile(r"(?:^|_)(?:post|after)(?:_|$)|^post", re.I)
ENCOURAGEMENT_NAME = re.compile(r"invit|encourag|offer|mailer|lottery|voucher_offer|instrument|assign", re.I)
ENCOURAGEMENT_WORDS = re.compile(r"invit|encourag|offer|mailer|lottery|instrument", re.I)
RANDOM_WORDS = re.compile(r"\brandom", re.I)
RDD_WORDS = re.compile(r"threshold|cut-?off|eligib|score (?:above|below)|above|below|at least|discontinu|"
                       r"margin of victory|vote share|win(?:s|ning)? (?:the|an) election", re.I)
CUTOFF_WORDS = re.compile(r"threshold|cut-?off|eligib|discontinu", re.I)
MIN_RUNNING_VALUES, MIN_RUNNING_VALUES_WITH_WORDS = 50, 20
FUZZY_MIN_SHARE, FUZZY_MIN_JUMP, FUZZY_MIN_Z = 0.6, 0.15, 4.0  # z = 4: p < 1e-4
SYNTH_WORDS = re.compile(r"synthetic control", re.I)
# Words that describe an instrument without naming the method: the exclusion restriction in words, or
# an as-good-as-random source of variation that is not the treatment itself.
EXCLUSION_WORDS = re.compile(r"\binstrument|only (?:through|via)|solely (?:through|via)|exclusively through|"
                             r"no other (?:link|connection|channel|path|way|route|effect|influence|bearing|relation)|"
                             r"no direct (?:effect|influence|impact|bearing)|exclusion restriction|"
                             r"(?:affects?|influences?|changes?) [\w\s]{0,40}? only (?:through|via|by)", re.I)
AS_IF_RANDOM_WORDS = re.compile(
    r"(?:allocated|assigned|decided|determined|chosen|selected|awarded|given|offered) (?:by|through|via|using|in) "
    r"(?:a |an |the )?(?:\w+ )?(?:lotter(?:y|ies)|random draw|draw|coin)|lottery (?:winners?|losers?|offers?)|"
    r"won (?:a |an |the )?(?:\w+ )?lottery|randomly (?:drawn|assigned|allocated|selected)|"
    r"random (?:draw|assignment|allocation)|draft lottery|as[- ]good[- ]as[- ]random|quasi-?random|"
    r"natural experiment|coin (?:flip|toss)", re.I)
SENTENCE = re.compile(r"[^.;!?\n]+")
MIN_F = 10.0

Detector = Callable[[DesignInput], "DesignResult | str"]


def is_binary(s: pd.Series) -> bool:
    return s.nunique(dropna=True) == 2


def _numeric01(s: pd.Series) -> np.ndarray:
    """A two-level column as 0/1 floats (the larger / later level is 1), NaN kept."""
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s.to_numpy(dtype=float)
    levels = sorted(s.dropna().unique().tolist(), key=str)
    return s.map({levels[0]: 0.0, levels[-1]: 1.0}).to_numpy(dtype=float)


def numeric_covariates(inp: DesignInput) -> list[str]:
    """Numeric columns other than treatment and outcome, without identifiers (a row number is no covariate)."""
    df = inp.data
    return [c for c in df.columns if c not in (inp.treatment, inp.outcome) and pd.api.types.is_numeric_dtype(df[c])
            and classify_column(df[c]) is not ColumnKind.ID_LIKE]


def balance(df: pd.DataFrame, arm: str, covariates: list[str]) -> tuple[list[str], list[str], dict[str, float]]:
    """(balanced, imbalanced, standardised differences) across the two arms of ``arm``.
    Imbalanced = Welch p < 0.001: possibly affected by what was randomised."""
    from scipy import stats

    t = _numeric01(df[arm])
    treated, control = t == 1, t == 0
    balanced, dropped, smd = [], [], {}
    for c in covariates:
        a, b = df.loc[treated, c].dropna(), df.loc[control, c].dropna()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a covariate constant within an arm
            p_value = stats.ttest_ind(a, b, equal_var=False).pvalue if len(a) > 2 and len(b) > 2 else 1.0
            pooled = np.sqrt((a.var() + b.var()) / 2) if len(a) > 1 and len(b) > 1 else 0.0
        smd[c] = float((a.mean() - b.mean()) / pooled) if pooled and np.isfinite(pooled) else 0.0
        (dropped if p_value < 0.001 else balanced).append(c)
    return balanced, dropped, smd


def detect_instrument_named(inp: DesignInput) -> DesignResult | str:
    """The user named an instrument: IV (2SLS), whatever else the data look like."""
    if inp.instrument is None:
        return "no instrument named"
    z = inp.instrument
    if len(inp.instruments) >= 2:
        named = ", ".join(f"'{c}'" for c in inp.instruments)
        return DesignResult(StudyDesign.INSTRUMENT, f"The question names {named} as instruments.",
                            f"Instruments {named}: each moves '{inp.treatment}'; the data check whether they agree "
                            f"(over-identification) and set aside any they contradict, provided most are valid "
                            f"(no path to '{inp.outcome}' except through '{inp.treatment}', no unobserved cause "
                            "shared with it).",
                            {"instrument": z, "instruments": list(inp.instruments), "method": "iv"}, {"instrument": z})
    return DesignResult(StudyDesign.INSTRUMENT, f"The question names '{z}' as an instrument.",
                        f"Instrument '{z}': it moves '{inp.treatment}', changes '{inp.outcome}' only through "
                        f"'{inp.treatment}' (exclusion) and shares no unobserved cause with it.",
                        {"instrument": z, "method": "iv"}, {"instrument": z})


def detect_encouragement(inp: DesignInput) -> DesignResult | str:
    """A randomly assigned invitation/offer column that moves the treatment (first-stage
    F >= 10): an instrument. Checked before plain randomisation: there the randomised thing
    is the invitation, not the treatment."""
    if not (ENCOURAGEMENT_WORDS.search(inp.text) and RANDOM_WORDS.search(inp.text)):
        return "no randomised invitation/offer in the description"
    df = inp.data
    for c in numeric_covariates(inp):
        if not ENCOURAGEMENT_NAME.search(str(c)):
            continue
        z, t = df[c].to_numpy(dtype=float), _numeric01(df[inp.treatment])
        ok = ~(np.isnan(z) | np.isnan(t))
        if ok.sum() < 10 or np.std(z[ok]) == 0 or np.std(t[ok]) == 0:
            continue
        r = np.corrcoef(z[ok], t[ok])[0, 1]
        f_stat = (r * r) / max(1e-12, 1 - r * r) * (int(ok.sum()) - 2)
        if f_stat >= MIN_F:
            controls = [x for x in balance(df, c, numeric_covariates(inp))[0] if x != c] if is_binary(df[c]) else []
            return DesignResult(
                StudyDesign.INSTRUMENT,
                f"'{c}' is a randomised invitation/offer that moves '{inp.treatment}' (first-stage F = {f_stat:.0f}); "
                "it is the instrument, with the covariates balanced across its arms as controls (precision only).",
                f"Instrument '{c}': it changes '{inp.outcome}' only through '{inp.treatment}' (exclusion) and "
                "shares no unobserved cause with it.",
                {"instrument": c, "method": "iv", "adjust_for": controls}, {"instrument": c})
    return "no invitation/offer column moves the treatment (first-stage F >= 10)"


def detect_instrument_described(inp: DesignInput) -> DesignResult | str:
    """The user's words describe an instrument without calling it one: a column named in a
    sentence that states the exclusion restriction ("affects earnings only through schooling")
    or an as-if-random source that is not the treatment ("places were allocated by lottery"),
    and that moves the treatment (first-stage F >= 10)."""
    df = inp.data
    for sentence in (m.group() for m in SENTENCE.finditer(inp.text)):
        strong, weak = EXCLUSION_WORDS.search(sentence), AS_IF_RANDOM_WORDS.search(sentence)
        if not (strong or weak):
            continue
        for c in numeric_covariates(inp):
            if not _names(sentence, str(c)):
                continue
            f_stat = _first_stage_f(df[c], df[inp.treatment])
            if f_stat < MIN_F:
                continue
            cue = (strong or weak).group()
            claim = "changes the outcome only through the treatment" if strong else "is as good as randomly assigned"
            return DesignResult(
                StudyDesign.INSTRUMENT,
                f"The description says '{c}' {claim} (\"{cue}\"), and it moves '{inp.treatment}' (first-stage F = "
                f"{f_stat:.0f}): '{c}' is used as an instrument.",
                f"Instrument '{c}': it changes '{inp.outcome}' only through '{inp.treatment}' (exclusion) and "
                "shares no unobserved cause with it — taken from the description, not testable in the data.",
                {"instrument": c, "method": "iv"}, {"instrument": c})
    return "the description names no column that affects the outcome only through the treatment"


def _names(sentence: str, column: str) -> bool:
    """Whether ``sentence`` names ``column`` as a word (underscores may be spaces)."""
    spelled = re.escape(column).replace("_", "[ _]")
    return re.search(rf"(?<![\w]){spelled}(?![\w])", sentence, re.I) is not None


def _first_stage_f(z: pd.Series, t: pd.Series) -> float:
    """F statistic of the single-instrument first stage (squared correlation form)."""
    zz, tt = _numeric01(z) if is_binary(z) else z.to_numpy(dtype=float), _numeric01(t)
    ok = ~(np.isnan(zz) | np.isnan(tt))
    if ok.sum() < 10 or np.std(zz[ok]) == 0 or np.std(tt[ok]) == 0:
        return 0.0
    r = np.corrcoef(zz[ok], tt[ok])[0, 1]
    return float((r * r) / max(1e-12, 1 - r * r) * (int(ok.sum()) - 2))


def detect_randomized(inp: DesignInput) -> DesignResult | str:
    """Randomised experiment: adjust only for covariates balanced across arms (pre-treatment
    by design); an imbalanced covariate may be affected by the treatment, so it is left out."""
    df = inp.data
    if not RANDOMIZED_WORDS.search(inp.text):
        return "the description does not say the treatment was randomised"
    if NONRANDOM_WORDS.search(inp.text):
        return "the words say the treatment was not randomised, or speak of an observational comparison group"
    if not is_binary(df[inp.treatment]):
        return f"'{inp.treatment}' is not a two-arm treatment"
    return randomized_result(inp, "The description says the treatment was randomly assigned.")


def randomized_result(inp: DesignInput, reason: str) -> DesignResult:
    """The randomised design with its balance check: covariates imbalanced across arms (possibly
    affected by the treatment) are left out of the precision adjustment."""
    balanced, dropped, smd = balance(inp.data, inp.treatment, numeric_covariates(inp))
    if dropped:
        reason += f" Covariates imbalanced across arms (possibly affected by treatment) left out: {dropped}."
    worst = max(smd.items(), key=lambda kv: abs(kv[1]), default=None)
    notes = [f"Balance check: largest standardised difference {worst[1]:+.2f} ('{worst[0]}')"
             + (" — above 0.25, randomisation may have failed or the sample was selected." if abs(worst[1]) > 0.25
                else ".")] if worst else []
    return DesignResult(StudyDesign.RANDOMIZED, reason,
                        f"Randomisation: '{inp.treatment}' was assigned at random, so the arms are comparable; "
                        "covariates only add precision.",
                        {"adjust_for": balanced, "method": "linear_regression", "randomized": True}, {}, notes,
                        {"balanced": balanced, "imbalanced": dropped, "standardised_differences": smd})


def detect_rdd(inp: DesignInput) -> DesignResult | str:
    """Regression discontinuity: the binary treatment follows a threshold rule on one
    continuous column (sharp), or — with threshold/eligibility words in the description — its
    probability jumps at the threshold (fuzzy: the jump instruments the treatment). Rows
    missing the running variable are dropped, with a note."""
    from tools.estimation.rdd import infer_cutoff, jump_at

    df = inp.data
    if not is_binary(df[inp.treatment]):
        return f"'{inp.treatment}' is not binary"
    cutoff_words = bool(CUTOFF_WORDS.search(inp.text))
    required = 0.98 if RDD_WORDS.search(inp.text) else 0.999
    t_all = _numeric01(df[inp.treatment])
    best: tuple[float, str, float, np.ndarray, np.ndarray] | None = None
    for c in numeric_covariates(inp):
        x_all = df[c].to_numpy(dtype=float)
        ok = ~(np.isnan(x_all) | np.isnan(t_all))
        x, t = x_all[ok], t_all[ok]
        if len(np.unique(x)) < (MIN_RUNNING_VALUES_WITH_WORDS if cutoff_words else MIN_RUNNING_VALUES):
            continue
        cutoff, share = infer_cutoff(x, t)
        if 0.05 < float(np.mean(x < cutoff)) < 0.95 and (best is None or share > best[0]):
            best = (share, c, cutoff, x, t)
    if best is None:
        return "no continuous column switches the treatment at a threshold"
    share, running, cutoff, x, t = best
    n_missing = int(len(df) - len(x))
    notes = [f"{n_missing} rows with a missing '{running}' or '{inp.treatment}' cannot be placed relative to the "
             "cutoff and are dropped."] if n_missing else []
    args = {"running": running, "cutoff": cutoff, "method": "rdd"}
    assumption = (f"Continuity: without treatment, the expected '{inp.outcome}' would change smoothly at "
                  f"'{running}' = {cutoff:.4g}; the estimate is the effect for units near the cutoff.")
    if share >= required:
        return DesignResult(StudyDesign.RDD, f"'{inp.treatment}' switches on when '{running}' crosses {cutoff:.4g} "
                                             f"({share:.1%} of rows follow the rule).", assumption, args,
                            {"running": running}, notes)
    if not cutoff_words or share < FUZZY_MIN_SHARE:
        return f"no column fixes '{inp.treatment}' at a threshold (best: '{running}', {share:.0%} of rows)"
    jump, se = jump_at(x, t, cutoff)
    if abs(jump) < FUZZY_MIN_JUMP or abs(jump) < FUZZY_MIN_Z * se:
        return f"the chance of '{inp.treatment}' does not jump at a threshold of '{running}'"
    return DesignResult(StudyDesign.RDD, f"The chance of '{inp.treatment}' jumps by {jump:+.2f} when '{running}' "
                                         f"crosses {cutoff:.4g} (the description speaks of a threshold): a fuzzy "
                                         "regression discontinuity, the effect for units the threshold moves.",
                        assumption + " The threshold changes the outcome only through the treatment.", args,
                        {"running": running}, notes)


def _post_column(inp: DesignInput) -> str | None:
    df = inp.data
    return next((c for c in numeric_covariates(inp) if POST_NAME.search(str(c)) and is_binary(df[c])), None)


def detect_did_2x2(inp: DesignInput) -> DesignResult | str:
    """Canonical difference-in-differences: a 0/1 post-period column and a group indicator,
    with the description speaking of a change over time."""
    df = inp.data
    if not DID_WORDS.search(inp.text) or not is_binary(df[inp.treatment]):
        return "no before/after wording with a binary treatment"
    post = _post_column(inp)
    if post is None:
        return "no 0/1 post-period column"
    panel = find_panel(df, {inp.treatment, inp.outcome, post})
    args = {"post": post, "method": "did", **({"unit": panel.unit} if panel else {})}
    return DesignResult(StudyDesign.DID, f"The description speaks of a before/after comparison and '{post}' marks "
                                         "the post period.", _parallel_trends(inp), args,
                        {"post": post, **({"unit": panel.unit} if panel else {})})


def _parallel_trends(inp: DesignInput) -> str:
    return (f"Parallel trends: without the treatment, treated and untreated units would have followed the same "
            f"trend in '{inp.outcome}'.")


def detect_panel(inp: DesignInput) -> DesignResult | str:
    """Units over time with a treatment that changes within units: a few treated units and
    many donors → synthetic control; a binary switch → difference-in-differences with two-way
    fixed effects (staggered adoption allowed); anything else → panel with unit and time effects."""
    df = inp.data
    panel = find_panel(df, {inp.treatment, inp.outcome})
    if panel is None:
        return "no unit and time columns (rows are not a panel)"
    if not is_binary(df[inp.treatment]) and not pd.api.types.is_numeric_dtype(df[inp.treatment]):
        return (f"'{inp.treatment}' is a text column with several levels: the panel estimators need a binary or "
                "numeric treatment, so its levels are compared across units instead")
    if not switches_within_units(df, panel, inp.treatment):
        if is_binary(df[inp.treatment]) and df[panel.time].nunique() == 2 and DID_WORDS.search(inp.text):
            return _group_by_period_did(inp, panel)
        return (f"panel ({panel.unit} x {panel.time}) but '{inp.treatment}' never changes within a unit, so unit "
                "effects would absorb it")
    columns = {"unit": panel.unit, "time": panel.time}
    shape = f"{panel.n_units} units ('{panel.unit}') over {panel.n_periods} periods ('{panel.time}')"
    if is_binary(df[inp.treatment]):
        treated = treated_units(df, panel, inp.treatment)
        donors = panel.n_units - len(treated)
        if SYNTH_WORDS.search(inp.text) or (len(treated) <= 3 and donors >= 5 and panel.n_periods >= 6):
            return DesignResult(StudyDesign.SYNTHETIC_CONTROL,
                                f"{shape}; only {len(treated)} unit(s) treated ({', '.join(map(str, treated[:3]))}) "
                                f"and {donors} never treated: a synthetic control built from the untreated units.",
                                f"The treated unit's '{inp.outcome}' without treatment would have followed the "
                                "weighted combination of untreated units that matches it before treatment.",
                                {"method": "synthetic_control", "unit": panel.unit, "time": panel.time}, columns)
        return DesignResult(StudyDesign.DID, f"{shape}; '{inp.treatment}' switches on within units: "
                                             "difference-in-differences with unit and time fixed effects.",
                            _parallel_trends(inp), {"method": "did", "unit": panel.unit, "time": panel.time}, columns)
    return DesignResult(StudyDesign.PANEL, f"{shape}; '{inp.treatment}' varies within units: unit and time effects "
                                           "removed (within transformation), covariates partialled out by "
                                           "cross-fitted models with folds by unit (panel DML), clustered by unit.",
                        f"Strict exogeneity: given unit and time effects, changes in '{inp.treatment}' are unrelated "
                        f"to other changes in '{inp.outcome}'.",
                        {"method": "panel_dml", "unit": panel.unit, "time": panel.time,
                         "adjust_for": _panel_covariates(inp, panel)}, columns)


def _group_by_period_did(inp: DesignInput, panel) -> DesignResult:
    """Two periods and a group indicator fixed within units ('remodel_group', the same in both
    years), with before/after wording: the canonical 2x2 difference-in-differences, the later
    period as the post period, clustered by unit."""
    later = max(inp.data[panel.time].dropna().unique())
    return DesignResult(StudyDesign.DID, f"{panel.n_units} units ('{panel.unit}') in two periods ('{panel.time}'); "
                                         f"'{inp.treatment}' marks a group, the same in both periods, and the words "
                                         f"speak of a before/after comparison: a 2x2 difference-in-differences with "
                                         f"{panel.time} = {later} as the post period.",
                        _parallel_trends(inp), {"method": "did", "post": panel.time, "unit": panel.unit},
                        {"unit": panel.unit, "time": panel.time})


def _panel_covariates(inp: DesignInput, panel) -> list[str]:
    """Covariates a panel estimate partials out: every column but the unit and period, except
    those time cues or the data place after the treatment (the usual roles, pre-treatment by default)."""
    from tools.covariates.roles import assign_roles

    roles = assign_roles(inp.data, inp.treatment, inp.outcome, description=inp.text,
                         exclude={panel.unit, panel.time})
    return [c for c in roles.adjustment_set if c in numeric_covariates(inp)]


DETECTORS: list[tuple[StudyDesign, Detector]] = [
    (StudyDesign.INSTRUMENT, detect_instrument_named),
    (StudyDesign.INSTRUMENT, detect_encouragement),
    (StudyDesign.INSTRUMENT, detect_instrument_described),
    (StudyDesign.RANDOMIZED, detect_randomized),
    (StudyDesign.RDD, detect_rdd),
    (StudyDesign.DID, detect_did_2x2),
    (StudyDesign.PANEL, detect_panel),
]
