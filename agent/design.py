"""Recognise a study design from the data description and the data itself.

Design-based estimates (randomised experiment, regression discontinuity,
difference-in-differences, encouragement instruments) do not need a learned graph; they
need the design's own assumption, which the result states. Each detector demands two
kinds of evidence — words in the user's description and a structure in the data — so an
ordinary observational table is never forced into a design."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from agent.query import Query


@dataclass
class DesignChoice:
    name: str
    estimate_args: dict[str, Any]
    reason: str
    assumption: str
    extra: dict[str, Any] = field(default_factory=dict)


Detector = Callable[[pd.DataFrame, Query, str], "DesignChoice | None"]

RANDOMIZED_WORDS = re.compile(r"randomi[sz]ed|randomly assigned|random assignment|\bRCT\b|controlled trial", re.I)
DID_WORDS = re.compile(r"before and after|\bbefore\b[^.]{0,40}\bafter\b|difference[- ]in[- ]differences?|\bDiD\b|"
                       r"pre[- ]?(?:and|/)[- ]?post|"
                       r"post[- ]?(?:policy|period|intervention|treatment|implementation)|over (?:a|the) "
                       r"(?:\w+[- ])?(?:year|period|decade)|over the (?:past|last) (?:\w+ )?(?:years|decade)|panel|each year|"
                       r"in a given year|at (?:various|different) times|staggered", re.I)
POST_NAME = re.compile(r"(?:^|_)(?:post|after)(?:_|$)|^post", re.I)
TIME_NAME = re.compile(r"(?:^|_)(?:year|period|time|wave|quarter|month|week)(?:_|$)", re.I)
ENCOURAGEMENT_NAME = re.compile(r"invit|encourag|offer|mailer|lottery|voucher_offer|instrument", re.I)
ENCOURAGEMENT_WORDS = re.compile(r"invit|encourag|offer|mailer|lottery|instrument", re.I)
RANDOM_WORDS = re.compile(r"\brandom", re.I)
RDD_WORDS = re.compile(r"threshold|cut-?off|eligib|score (?:above|below)|above|below|at least|discontinu", re.I)


def _binary(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and set(pd.unique(s.dropna())) <= {0, 1, 0.0, 1.0} and s.nunique() == 2


def _others(df: pd.DataFrame, q: Query) -> list[str]:
    return [c for c in df.columns if c not in (q.treatment, q.outcome) and pd.api.types.is_numeric_dtype(df[c])]


def _balance(df: pd.DataFrame, arm: str, covariates: list[str]) -> tuple[list[str], list[str]]:
    """(balanced, imbalanced) covariates across the two arms of a randomised binary column
    (Welch t-test, p < 0.001 = imbalanced: possibly affected by what was randomised)."""
    import warnings

    from scipy import stats

    treated = df[arm] == 1
    balanced, dropped = [], []
    for c in covariates:
        a, b = df.loc[treated, c].dropna(), df.loc[~treated, c].dropna()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a covariate constant within an arm
            p_value = stats.ttest_ind(a, b, equal_var=False).pvalue if len(a) > 2 and len(b) > 2 else 1.0
        (dropped if p_value < 0.001 else balanced).append(c)
    return balanced, dropped


def detect_randomized(df: pd.DataFrame, q: Query, text: str) -> DesignChoice | None:
    """Randomised experiment: adjust only for covariates balanced across arms (pre-treatment
    by design); an imbalanced covariate may be affected by the treatment, so it is left out."""
    if not RANDOMIZED_WORDS.search(text) or not _binary(df[q.treatment]):
        return None
    balanced, dropped = _balance(df, q.treatment, _others(df, q))
    reason = "The description says the treatment was randomly assigned."
    if dropped:
        reason += f" Covariates imbalanced across arms (possibly affected by treatment) left out: {dropped}."
    return DesignChoice("randomized", {"adjust_for": balanced, "method": "linear_regression"}, reason,
                        f"Randomisation: '{q.treatment}' was assigned at random, so arms are comparable; "
                        "covariates only add precision.")


def detect_rdd(df: pd.DataFrame, q: Query, text: str) -> DesignChoice | None:
    """Sharp regression discontinuity: the binary treatment is (almost) a threshold rule
    on one continuous column."""
    if not _binary(df[q.treatment]):
        return None
    # Without threshold words in the description, only an exact rule counts as evidence.
    required = 0.98 if RDD_WORDS.search(text) else 0.999
    t = df[q.treatment].to_numpy()
    best: tuple[float, str, float] | None = None
    for c in _others(df, q):
        x = df[c].to_numpy(dtype=float)
        if np.isnan(x).any() or len(np.unique(x)) < 50:
            continue
        order = np.argsort(x)
        ts = t[order]
        # agreement of T with 1[x >= x_k] for every split k, in one pass
        above_ones = np.concatenate([np.cumsum(ts[::-1])[::-1], [0]])
        below_zeros = np.concatenate([[0], np.cumsum(1 - ts)])
        agree = (above_ones + below_zeros) / len(ts)
        agree = np.maximum(agree, 1.0 - agree)  # treated above or treated below the cutoff
        k = int(np.argmax(agree))
        if 0.05 * len(ts) < k < 0.95 * len(ts) and (best is None or agree[k] > best[0]):
            best = (float(agree[k]), c, float(x[order][k]))
    if best is None or best[0] < required:
        return None
    agreement, running, cutoff = best
    return DesignChoice("rdd", {"running": running, "cutoff": cutoff, "method": "rdd"},
                        f"'{q.treatment}' switches on when '{running}' crosses {cutoff:.4g} "
                        f"({agreement:.1%} of rows follow the rule).",
                        f"Continuity: without treatment, the expected '{q.outcome}' would change smoothly at "
                        f"'{running}' = {cutoff:.4g}; the estimate is the effect for units near the cutoff.")


def _unit_column(df: pd.DataFrame, q: Query, exclude: set[str]) -> str | None:
    for c in df.columns:
        if c in exclude or c in (q.treatment, q.outcome):
            continue
        name = str(c).lower()
        if (name.endswith("_id") or name == "id" or name in ("unit", "state", "country")) and \
                df[c].nunique() < len(df) * 0.9:
            return c
    return None


def detect_did(df: pd.DataFrame, q: Query, text: str) -> DesignChoice | None:
    """Difference-in-differences: a before/after indicator or a period column, with the
    description speaking of a policy over time."""
    if not DID_WORDS.search(text) or not _binary(df[q.treatment]):
        return None
    post = next((c for c in _others(df, q) if POST_NAME.search(str(c)) and _binary(df[c])), None)
    assumption = ("Parallel trends: without the treatment, treated and untreated units would have followed "
                  "the same trend in '{}'.".format(q.outcome))
    if post is not None:
        unit = _unit_column(df, q, {post})
        args = {"post": post, "method": "did", **({"unit": unit} if unit else {})}
        return DesignChoice("did", args, f"The description speaks of a before/after comparison and "
                                         f"'{post}' marks the post period.", assumption)
    time = next((c for c in _others(df, q) if TIME_NAME.search(str(c)) and 2 < df[c].nunique() <= 60), None)
    unit = _unit_column(df, q, {time} if time else set())
    if time is None or unit is None or not (df.groupby(unit)[q.treatment].nunique() > 1).any():
        return None  # TWFE needs units whose treatment switches over time
    return DesignChoice("did", {"time": time, "unit": unit, "method": "did"},
                        f"A panel of units ('{unit}') observed over periods ('{time}') with a policy that "
                        "switches on: two-way fixed effects.", assumption)


def detect_encouragement(df: pd.DataFrame, q: Query, text: str) -> DesignChoice | None:
    """An encouragement design: a randomly assigned invitation/offer column that moves the
    treatment (first-stage F >= 10) — used as an instrument. Checked before the plain
    randomised design: there the randomised thing is the invitation, not the treatment."""
    if not (ENCOURAGEMENT_WORDS.search(text) and RANDOM_WORDS.search(text)):
        return None
    for c in _others(df, q):
        if not ENCOURAGEMENT_NAME.search(str(c)):
            continue
        z, t = df[c].to_numpy(dtype=float), df[q.treatment].to_numpy(dtype=float)
        ok = ~(np.isnan(z) | np.isnan(t))
        r = np.corrcoef(z[ok], t[ok])[0, 1]
        n = int(ok.sum())
        f_stat = (r * r) / max(1e-12, 1 - r * r) * (n - 2)
        if f_stat >= 10:
            controls = [x for x in _balance(df, c, _others(df, q))[0] if x != c] if _binary(df[c]) else []
            return DesignChoice("iv", {"instrument": c, "method": "iv", "adjust_for": controls},
                                f"'{c}' is an invitation/offer that moves '{q.treatment}' (first-stage F = "
                                f"{f_stat:.0f}); it is used as an instrument, with the covariates balanced "
                                "across its arms as controls (precision only).",
                                f"Instrument '{c}': it changes '{q.outcome}' only through '{q.treatment}' "
                                "(exclusion) and shares no unobserved cause with it.")
    return None


DETECTORS: list[Detector] = [detect_encouragement, detect_randomized, detect_rdd, detect_did]


def detect_design(df: pd.DataFrame, query: Query, description: str | None) -> DesignChoice | None:
    """The first design whose words and data structure both match, or None."""
    if not (query.treatment and query.outcome):
        return None
    text = " ".join(t for t in (description, query.raw) if t)
    for detector in DETECTORS:
        choice = detector(df, query, text)
        if choice is not None:
            return choice
    return None
