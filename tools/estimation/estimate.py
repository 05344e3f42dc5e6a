"""One call for library users and the tool: choose an estimator for the request and run it."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tools.base import DataError, ToolInputError
from tools.estimation.chooser import Choice, choose_estimator
from tools.estimation.data import plain, treatment_kind
from tools.estimation.effect import EffectResult
from tools.estimation.nonlinearity import nonlinear_confounding
from tools.estimation.query import Design, EffectQuery, Nuisance
from tools.estimation.registry import Method, get_estimator


def estimate(df: pd.DataFrame, treatment: str, outcome: str, covariates: tuple[str, ...] | list[str] = (), *,
             method: Method | str = "auto", design: Design | str = Design.BACKDOOR, **query: Any) -> EffectResult:
    """Estimate the effect of ``treatment`` on ``outcome`` adjusting for ``covariates``
    (see EffectQuery for the other fields: estimand, subgroup, t0/t1, instruments,
    mediators, time/unit/post, running/cutoff, seed). ``method='auto'`` lets the chooser
    pick; its reasons are in ``result.details['choice']``
    (and joined in ``details['method_reason']``)."""
    q = EffectQuery(treatment=treatment, outcome=outcome, covariates=tuple(covariates), design=Design(design), **query)
    return run_query(df, q, method)


FLEXIBLE_WHEN_NEEDED = (Method.AIPW, Method.IPW)


def run_query(df: pd.DataFrame, q: EffectQuery, method: Method | str = "auto") -> EffectResult:
    choice = choose_for(df, q, method)
    if choice.method in FLEXIBLE_WHEN_NEEDED and str(method) == "auto" and q.nuisance is Nuisance.LINEAR \
            and q.covariates:
        why = nonlinear_confounding(df, q.treatment, q.outcome, q.covariates)
        if why:
            q = q.with_(nuisance=Nuisance.BOOSTING)
            choice = Choice(choice.method, (*choice.reasons, why))
    result = get_estimator(choice.method)(df, q)
    result.details["choice"] = list(choice.reasons)
    result.details["method_reason"] = " ".join(choice.reasons)
    return result


def choose_for(df: pd.DataFrame, q: EffectQuery, method: Method | str = "auto") -> Choice:
    """The chooser's decision for this data (treatment type read from the column)."""
    if q.treatment not in df.columns:
        raise ToolInputError(f"Column {q.treatment!r} not found. Columns: {', '.join(map(str, df.columns))}.")
    values = df[q.treatment].dropna()
    if values.nunique() < 2:
        value = plain(values.iloc[0]) if len(values) else "all missing"
        raise DataError(f"Treatment {q.treatment!r} is constant ({value!r}); "
                        "an effect needs both treated and untreated units.")
    return choose_estimator(treatment_kind(values), q.design, q.estimand, hint=method,
                            n_covariates=len(q.covariates))
