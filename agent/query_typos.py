"""Chat spelling: the few dozen words the parser's cues rest on, restored when a question
misspells them ("shoud I control for", "regresion", "postive number", "seperately").

A word is corrected only when it is not a column's word (names and descriptions are the
user's data, never rewritten), has at least five letters, and is one edit (insertion,
deletion, substitution or swap) from exactly one cue word. Cue words one edit from a common
English word ("treated"/"created", "matching"/"watching", "lower"/"power") are left out; common chat shorthands ("shud",
"w/o", "pls") are spelled out."""

from __future__ import annotations

import re
from functools import lru_cache

CUE_WORDS = frozenset("""
should would could control controls controlling controlled adjust adjusting adjusted adjustment account
regression regress regressing linear logistic propensity estimate estimated estimator effect effects affect
affects affected average untreated treatment difference differences positive negative percent percentage
decimal decimals nearest thousands millions separately separate between whether because without excluding
exclude including include instead increase decrease reduction number variable variables covariate covariates
confounder confounders mediator collider instrument instrumental randomised randomized experiment appropriate
necessary colleague suggested adding significant interval confidence bootstrap dropping restrict restricted
subgroup subgroups compared relative
""".split())
SHORTHANDS = {"shud": "should", "shld": "should", "cud": "could", "wud": "would", "pls": "please", "plz": "please",
              "b/c": "because", "bc": "because", "cuz": "because", "coz": "because", "w/o": "without",
              "thx": "thanks", "abt": "about", "ctrl": "control", "regr": "regression", "diff": "difference",
              "w/": "with", "approx": "approximately", "u": "you", "ur": "your", "r": "are"}
_WORD = re.compile(r"(?<![\w/])(?:w/o|w/|b/c|[A-Za-z]+)(?![\w/])")
MIN_LENGTH, MIN_CUE_LENGTH = 5, 6


def correct_typos(text: str, protected_words: frozenset[str]) -> str:
    """``text`` with misspelt cue words and shorthands restored; ``protected_words`` (lower case:
    the columns' names and description words) are never changed."""
    def fix(m: re.Match) -> str:
        word = m.group()
        low = word.lower()
        if low in protected_words or low in CUE_WORDS:
            return word
        if low in SHORTHANDS:
            return _same_case(word, SHORTHANDS[low])
        if len(low) < MIN_LENGTH or not low.isalpha():
            return word
        best = _closest_cue(low)
        return word if best is None else _same_case(word, best)
    return _WORD.sub(fix, text)


def _same_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def protected_words(columns: list[str], description: str | None) -> frozenset[str]:
    """Every word of the column names and the description, lower case."""
    text = " ".join(columns) + " " + (description or "")
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", text))


@lru_cache(maxsize=4096)
def _closest_cue(word: str) -> str | None:
    """The one cue word a single edit away from ``word`` (None when none or several are)."""
    near = [cue for cue in CUE_WORDS if len(cue) >= MIN_CUE_LENGTH and abs(len(cue) - len(word)) <= 1
            and _one_edit(word, cue)]
    return near[0] if len(near) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or adjacent swap."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    # a letter more or less at the end is an inflection ("included", "control"), not a typo
    return i < len(short) and short[i:] == long_[i + 1:]
