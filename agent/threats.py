"""The main threat to an effect estimate, in one line for the answer's headline: what a
careful reader must know before quoting the number (issue 19).

- Observational designs: hidden confounding, sized by the sensitivity analysis (E-value and
  the strongest observed covariate as a benchmark).
- A sample the user says was selected ("only patients who were admitted"): selection on a
  consequence of treatment and outcome biases any estimate from these rows."""

from __future__ import annotations

import re
from typing import Any

_WHO = (r"(?:those|patients|people|persons|students|pupils|customers|clients|firms|companies|users|respondents|"
        r"individuals|cases|men|women|children|adults|employees|workers|applicants|participants|households|"
        r"survivors|members|borrowers|voters)")
SELECTION_WORDS = re.compile(
    rf"\bonly\s+(?:(?:includes?|contains?|covers?|records?|consists? of|has|have|keeps?|kept)\s+)?"
    rf"(?:[\w-]+\s+){{0,3}}?{_WHO}\b|\bincludes? only\s+(?:[\w-]+\s+){{0,3}}?{_WHO}\b|"
    r"\b(?:selected|sampled|recruited|restricted|filtered|screened) (?:on|based on|by|according to|if|when|among|"
    r"from among)\b|\b(?:were|was) (?:selected|admitted|hospitali[sz]ed|accepted|hired|enrolled) (?:in|into|to|for|"
    r"if|because|based)\b|\bconditional on (?:being|having)\b|\bwho survived\b|"
    r"\bwho (?:were|got) (?:admitted|hospitali[sz]ed|hired|accepted)\b", re.I)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def declared_selection(text: str) -> str | None:
    """The sentence of the user's words that says the rows were selected, or None."""
    for m in _SENTENCE.finditer(text or ""):
        if SELECTION_WORDS.search(m.group()):
            return m.group().strip()[:200]
    return None


def selection_line(text: str) -> str:
    sentence = declared_selection(text)
    if sentence is None:
        return ""
    return (f" Threat: the rows are a selected sample (\"{sentence}\"); if who was included depends on the "
            "treatment and the outcome (both affect selection), the estimate is biased even in a randomised "
            "study, and no adjustment within these rows repairs it.")


def confounding_line(refutation: Any, treatment: str, outcome: str) -> str:
    """'Main threat: hidden confounding ...' from the sensitivity analysis, or '' without one."""
    sens = getattr(refutation, "sensitivity", None)
    e_value = getattr(sens, "e_value", None)
    if e_value is None or not e_value == e_value or e_value == float("inf"):
        return ""
    line = (f" Main threat: hidden confounding — an unmeasured confounder associated {e_value:.2f}-fold with both "
            f"{treatment} and {outcome} (risk-ratio scale) would explain this estimate away")
    bench = getattr(sens, "benchmark", None) or {}
    k = bench.get("k_explain_away")
    if k is not None and k == k and k != float("inf"):
        line += f" ({k:.1f} times as strong as '{bench.get('covariate')}', the strongest observed covariate)"
    return line + "."
