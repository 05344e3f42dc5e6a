"""Options and values stated in a question: method, rounding, estimand, adjustment and
conditioning sets, instrument, subgroup, and the numbers of what-if questions.

Every function reads the *masked* question: lower case, with each column mention replaced
by ``⟦i⟧`` (i = index into the mention list), so patterns never see column names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.query import MethodHint
from agent.query_text import NUMBER, parse_number

V = r"⟦\d+⟧"
DET = (r"(?:(?:the|a|an|its|their|this|that|each|every|different|various|all|both|of|low|high|lower|higher|"
       r"more|less|poor|good|bad|better|worse|increased|decreased|reduced|raising|increasing|lowering|"
       r"reducing|cutting|changing|doubling|prior|previous|baseline|past|earlier|initial|lagged|"
       r"pre-?treatment|pre-?program|\d{4}|undergoing|receiving|getting|taking|having|being|how many|how much|"
       r"number of|amount of|how long|how often|how far|[a-z]+'s)\s+){0,6}")  # bounded: '*' made searches quadratic
_ITEM = rf"{V}(?:\s*(?:squared|\^\s*2|²))?"  # "age and age squared": the square is an item of the list too
LIST = rf"{DET}{_ITEM}(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*|\s*\+\s*){DET}{_ITEM})*"
NUM = rf"(?:{NUMBER})"


def indices(text: str) -> list[int]:
    """Mention indices in a masked fragment, in order."""
    return [int(i) for i in re.findall(r"⟦(\d+)⟧", text)]


# ----- named options: method, rounding, estimand -----
METHOD_PATTERNS: list[tuple[MethodHint, str]] = [  # first match wins: "augmented IPW" is aipw, not ipw
    (MethodHint.AIPW, r"\baipw\b|augmented inverse|doubly[- ]robust"),
    (MethodHint.IPW, r"\bipw\b|\biptw\b|inverse (?:probability|propensity)(?: of treatment)? weight|"
                     r"propensity[- ]score weight|weighting (?:on|by) (?:the )?propensity"),
    (MethodHint.PROPENSITY_SCORE_MATCHING, r"propensity[- ]score matching|\bpsm\b|matching on (?:the )?propensity|"
                                           r"\bmatching\b"),
    (MethodHint.DML, r"double(?:/debiased)? machine learning|debiased machine learning|double ml|\bdml\b"),
    (MethodHint.CAUSAL_FOREST, r"causal forest|generali[sz]ed random forest|\bgrf\b"),
    (MethodHint.FRONTDOOR, r"front[- ]?door"),
    (MethodHint.DID, r"difference[- ]in[- ]differences?|diff[- ]in[- ]diff|\bdid design\b"),
    (MethodHint.RDD, r"regression discontinuity|\brdd\b"),
    (MethodHint.IV, r"instrumental variable|two[- ]stage least squares|\b2sls\b|\bas (?:an |the )?instrument|"
                    r"\biv (?:regression|estimat)"),
    (MethodHint.DIFFERENCE_IN_MEANS, r"difference[- ]in[- ]means|difference of means|naive (?:difference|comparison)|"
                                     r"mean difference|difference in (?:the )?(?:mean|average)|"
                                     r"(?:simple|plain) (?:comparison|difference) (?:of|in) means"),
    (MethodHint.LINEAR_REGRESSION, r"regression adjustment|separate (?:linear )?(?:outcome )?(?:models|regressions)"),
    (MethodHint.OLS, r"linear regression|\bols\b|ordinary least squares|simple regression|\bregress"),
    (MethodHint.FCI, r"\bfci\b|fast causal inference"),
    (MethodHint.GES, r"\bges\b|greedy equivalence"),
    (MethodHint.LINGAM, r"lingam"),
    (MethodHint.PC, r"\bpc(?:-stable)? algorithm|\b(?:using|with|via|run|by) (?:the )?pc\b|peter[- ]clark"),
]

_WORD_NUMBERS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_N = r"(\d|zero|one|two|three|four|five|six)"
PRECISION_PATTERNS: list[tuple[str, int | None]] = [
    (r"nearest (?:whole number|integer|unit|dollar|whole)|whole numbers?|\bas an integer|no decimals?|"
     r"zero decimal", 0),
    (r"nearest (?:tenth|0\.1\b)", 1),
    (r"nearest (?:hundredth|cent|0\.01\b)", 2),
    (r"nearest (?:10|ten)\b(?!th)", -1), (r"nearest (?:100|hundred)\b(?!th)", -2),
    (r"nearest (?:1,?000|thousand)\b(?!th)", -3),
    (r"nearest (?:thousandth|0\.001\b)", 3),
    (rf"\b{_N}[- ](?:decimal places?|decimals?|dp|digits? after the (?:decimal )?point|decimal digits?)", None),
    (rf"\b{_N}dp\b", None),
]

ESTIMAND_PATTERNS: list[tuple[str, str]] = [
    ("ATC", r"\b(?:for|among|on) (?:those|people|the ones|units|individuals|participants|customers|patients|"
            r"students|workers|firms|men|women) who (?:did not|didn't|were not|weren't|never|had not)\b|"
            # "in the stores that do not have it yet", "for the untreated", "among non-participants"
            r"\b(?:for|among|on|in|to)\s+(?:the\s+|those\s+|all\s+)?(?:[a-z]+\s+|⟦\d+⟧\s+)?(?:that|who|which)\s+(?:do|does|did|"
            r"were|was|are|is|have|has|had)\s+not\s+(?:yet\s+|already\s+)?(?:have|has|get|got|use|used|receive|"
            r"received|take|took|join|joined|enrol\w*|participat\w*|adopt\w*|sign\w*|buy|bought|install\w*|"
            r"attend\w*|complet\w*|been)\b|"
            r"\b(?:that|who|which)\s+(?:do|does|did)\s+not\s+(?:have|has|get|use|receive|run|offer)\s+(?:it|them|one|this|"
            r"that|any)\s+(?:yet|already)\b|"
            r"\batu\b|\b(?:that|who|which)\s+(?:have|has|had|did|do|does)\s+not\s+(?:yet\s+)?[a-z]+ed\b|"
            r"\b(?:for|among|on|in)\s+(?:the\s+)?(?:untreated|non-?treated|non-?participants|non-?enrol+ees|never[- ]treated|"
            r"control (?:group|units))\b"),
    ("ATT", r"\batt\b|effect (?:of treatment )?(?:on|for|among) (?:the )?treated|treatment on the treated|"
            r"\b(?:for|among|on) (?:the )?treated\b|"
            r"\b(?:for|among|on) (?:those|people|the ones|units|individuals|participants|customers|patients|"
            r"students|workers|firms|men|women) who\b|"
            r"\b(?:for|among|on) (?:the )?(?:people|those|ones|units|individuals|participants|workers|men|women|"
            r"patients|customers|students|firms)\s+who\s+(?:were|was|got|received|took|participated|enrolled|went|"
            r"underwent|completed|passed|joined|used|attended)|"
            r"\b(?:for|among|on)\s+(?:the\s+|those\s+)?[a-z]+\s+who\s+(?:actually\s+|really\s+|in fact\s+)?"
            r"(?:(?:were|was|got|received|took|participated|enrolled|used|attended|adopted|bought|joined|completed)\b|"
            r"(?:got\s+|were\s+|was\s+)?⟦\d+⟧)"),
    ("ATC", r"\batc\b|effect (?:on|for|among) (?:the )?(?:untreated|control(?:s| group)?)"),
    ("CATE", r"\bcate\b|conditional (?:average )?treatment effect|heterogene"),
]


# A method named only to be compared with or criticised ("bigger than OLS says", "a plain
# regression is biased") is not the method asked for.
_NOT_ASKED = re.compile(
    r"\b(?:than|unlike|instead of|rather than|versus|vs\.?|compared (?:to|with))\s+(?:what\s+)?(?:an?\s+|the\s+|plain\s+|"
    r"naive\s+|simple\s+)*(?:ols|linear regression|regression|ordinary least squares|matching)\b|"
    r"\b(?:ols|(?:an?\s+|the\s+)?(?:plain|naive|simple|ordinary)\s+(?:linear\s+)?regression)\s+(?:(?:says|said|suggests|gives|"
    r"shows|would say|would give)\b|(?:is|are|was|would be)\s+(?:biased|wrong|misleading|inconsistent|confounded)\b)")


def method_hint(text: str) -> MethodHint | None:
    """The first method named in the question, in table order (not one named only to compare)."""
    text = _NOT_ASKED.sub(" ", text)
    for hint, pattern in METHOD_PATTERNS:
        if re.search(pattern, text):
            return hint
    return None


def precision(text: str) -> int | None:
    """Decimals asked for: 'nearest hundredth' → 2, 'one decimal place' → 1, 'whole number' → 0."""
    for pattern, digits in PRECISION_PATTERNS:
        m = re.search(pattern, text)
        if m:
            if digits is not None:
                return digits
            word = m.group(1)
            return int(word) if word.isdigit() else _WORD_NUMBERS[word]
    return None


def estimand(text: str) -> str | None:
    for name, pattern in ESTIMAND_PATTERNS:
        if re.search(pattern, text):
            return name
    return None


# ----- role clauses: which mentions are controls, conditioning, instrument, subgroup, mediator -----
@dataclass
class Clauses:
    """Mention indices claimed by clauses around the main question."""

    controls: list[int] | None = None  # "controlling for"; [] = "no other variables"
    given: list[int] | None = None  # "given", "once Z is known", "| Z"
    instrument: int | None = None
    instruments: list[int] | None = None  # "z1, z2 and z3 as instruments"
    subgroup: int | None = None
    through: int | None = None
    restrict: list[int] | None = None  # columns of sample restrictions ("only rows where black = 1")

    def claimed(self) -> set[int]:
        out = set(self.controls or []) | set(self.given or []) | set(self.restrict or []) | set(self.instruments or [])
        return out | {i for i in (self.instrument, self.subgroup, self.through) if i is not None}


_CONTROLS = [
    rf"\b(?:controlling|adjusting|adjusted|adjusts|adjust|controls|control|controlled|accounting|accounts|account|correcting)\s+"
    rf"(?:only\s+)?for\s+(?:only\s+)?(?P<l>{LIST})",
    rf"\bcontrols?\s*(?:[:=]|are|is)?\s+(?P<l>{LIST})",
    rf"\b(?:covariates?|confounders?|adjustment (?:variables|set))\s*(?:[:=]|are|is|should be|will be)\s+(?:only\s+)?"
    rf"(?:just\s+)?(?P<l>{LIST})",
    rf"\b(?:models?|logit|probit|logistic regression|propensity(?: score)?)\b[^.;?]{{0,40}}?\b(?:on|using|with)\s+"
    rf"(?P<l>{LIST})",
    rf"\bboth\s+using\s+(?P<l>{LIST})",
    rf"\bmatch(?:ed|es|ing)?\b[^.;?]{{0,80}}?\bon\s+(?P<l>{LIST})",
    rf"\b(?:similar|comparable|alike|balanced)\s+(?:in|on|by|with respect to|in terms of)\s+(?P<l>{LIST})",
    rf"\bholding\s+(?P<l>{LIST})\s+(?:constant|fixed)",
    rf"\b(?:with|adding|add|including|include|plus)\s+(?P<l>{LIST})\s+as\s+(?:an?\s+|the\s+)?(?:controls?|covariates?|"
    rf"confounders?)",
]
_NO_CONTROLS = (r"\bno (?:other )?(?:variables|covariates|controls|adjustment|confounders)\b|"
                r"\b(?:don't|do not|not|never)\s+(?:adjust|control)\w*\s+for\s+any\w*\b|"
                r"\b(?:do not|don't|without|not)\s+(?:consider|us|includ|add|tak)\w*\s+(?:any\s+)?other\s+"
                r"(?:variables|covariates|columns|factors)\b|"
                r"\bwithout (?:any )?(?:other )?(?:controls|covariates|adjustment|adjusting|controlling)\b|"
                r"\bunadjusted\b|\bsimple regression\b")
_GIVEN = [
    rf"\b(?:given|conditional(?:ly)? on|condition(?:ing|ed)? on|controlling for|adjusting for|knowing|holding|"
    rf"once we (?:know|condition on|control for|account for))\s+(?P<l>{LIST})",
    rf"\bonce\s+(?P<l>{LIST})\s+(?:is|are)\s+(?:known|accounted for|controlled for|fixed|held constant|observed|given|"
    rf"taken into account)",
    rf"\bunder\s+the\s+conditions?\s+(?:of|that)\s+(?P<l>{LIST})",
    rf"(?:\||∣)\s*(?P<l>{LIST})",
]
_INSTRUMENT = [
    rf"\binstrument(?:ing)?\s+{DET}{V}(?:\s+(?:[\w-]+|{V})){{0,2}}?\s+(?:with|by|using)\s+(?:[^.?;⟦]{{0,60}}?\(\s*)?{DET}(?P<v>{V})",
    rf"(?P<v>{V})\)?\s+as\s+(?:an?\s+|the\s+)?instrument",
    rf"\binstrument(?:al variable)?s?\s*(?:is|=|:)?\s*(?P<v>{V})",
    rf"\binstrumented\s+(?:by|with)\s+{DET}(?P<v>{V})",
    # "use college proximity (nearc4) as a source of exogenous variation"
    rf"(?P<v>{V})\)?\s+as\s+(?:an?\s+|the\s+)?(?:source\s+of\s+)?(?:exogenous|as-if[- ]random|quasi[- ]random)\s+"
    rf"(?:variation|shock|source|shifter)",
    rf"\b(?:exogenous|as-if[- ]random)\s+variation\s+(?:from|in|induced by|created by)\s+{DET}(?P<v>{V})",
]
_INSTRUMENT_LIST = [
    rf"(?P<l>{LIST})\)?\s+as\s+(?:the\s+|our\s+)?(?:instruments|instrumental variables|ivs|excluded instruments)\b",
    rf"\b(?:instruments|instrumental variables|ivs)\s*(?:are|=|:)?\s*(?P<l>{LIST})",
    rf"\binstrument(?:ing|ed)?\s+(?:{DET}{V}\s+)?(?:with|by|using)\s+(?:both\s+)?(?P<l>{LIST})",
]
_SUBGROUP = [
    rf"\b(?:for each|for every|per|in each|within each|across|for different|on different|among different|"
    rf"split by|broken down by|stratified by|grouped by|by each|by different|for various)\s+{DET}(?P<v>{V})",
    rf"{V}\s+by\s+{DET}(?P<v>{V})",
    rf"\b(?:var(?:y|ies|ying)|differ\w*|heterogene\w*|cate|conditional\w*)\b[^⟦?.]{{0,30}}\bby\s+{DET}(?P<v>{V})",
    # "for each level of south", "separately for nodegree = 0 and nodegree = 1"
    rf"\b(?:for|by|in|within|across)\s+(?:each|every|all)\s+(?:levels?|values?|categor(?:y|ies)|groups?)\s+of\s+"
    rf"{DET}(?P<v>{V})",
    rf"\bseparately\s+(?:for|by|within|among|in|across)\s+{DET}(?P<v>{V})",
    rf"\bbr(?:eak|oke|eaking)\s+(?:[\w'-]+\s+|⟦\d+⟧\s+){{0,6}}?down\s+(?:by|per|for)\s+{DET}(?P<v>{V})",
    rf"\bdiffer\w*\s+(?:for|between|across|among)\s+{DET}(?P<v>{V})\s+(?:and|or|vs\.?|versus)\s+",
    # "for the night-shift nurses and the day-shift nurses separately"
    rf"\bfor\s+{DET}(?P<v>{V})[^.?;⟦]{{0,40}}?\band\s+[^.?;]{{0,50}}?\bseparately\b",
    # "works differently for new versus returning customers" (both words name the same column)
    rf"\b(?:differ\w*|vary|varies|heterogene\w*|compare\w*)\s+(?:[\w']+\s+){{0,3}}?(?:for|between|across|among|in)\s+"
    rf"{DET}(?P<v>{V})\s+(?:versus|vs\.?|and|or|compared (?:to|with))\s+{DET}{V}",
]
_THROUGH = (rf"\b(?:through|via|by way of|mediated by|goes through|go through|passes through|channell?ed through)"
            rf"\s+{DET}(?P<v>{V})")


def _first_index(patterns: list[str], text: str) -> int | None:
    for pattern in patterns:
        m = re.search(pattern, text)
        if m:
            return indices(m.group("v"))[0]
    return None


def _all_indices(patterns: list[str], text: str) -> list[int] | None:
    found: list[int] = []
    matched = False
    for pattern in patterns:
        for m in re.finditer(pattern, text):
            matched = True
            found += [i for i in indices(m.group("l")) if i not in found]
    return found if matched else None


def says_no_controls(text: str) -> bool:
    """True when the question asks for no adjustment ("no other variables", "unadjusted")."""
    return bool(re.search(_NO_CONTROLS, text, re.I))


def clauses(text: str) -> Clauses:
    """Read every role clause; the parser keeps those that fit the question's kind."""
    controls = _all_indices(_CONTROLS, text)
    if controls is None and re.search(_NO_CONTROLS, text):
        controls = []
    through = re.search(_THROUGH, text)
    unweighted = re.sub(rf"\b(?:weighted|weighting|weights?)\s+(?:by|with|using|on)?\s*{DET}{V}", " ", text)
    several = _all_indices(_INSTRUMENT_LIST, text)
    return Clauses(controls=controls, given=_all_indices(_GIVEN, text), instrument=_first_index(_INSTRUMENT, text),
                   instruments=several if several and len(several) >= 2 else None,
                   subgroup=_first_index(_SUBGROUP, unweighted), through=indices(through.group("v"))[0] if through else None)


# ----- numbers: what-if assignments and "from a to b" -----
@dataclass(frozen=True)
class Assignment:
    """``⟦index⟧`` takes ``value`` (from ``start_value`` when 'from a to b') at ``pos`` in the text."""

    index: int
    value: float
    pos: int
    start_value: float | None = None


_VERBS = r"(?:(?:had|has|have|would|will|were|was|is|are|be|been|being|got|gets|get|goes|went|go|kept)\s+){0,4}"
_CHANGE = r"(?:(?:raised|increased|lowered|reduced|set|changed|doubled|halved|moved|fixed|held|cut|dropped)\s+)?"
_NOT_PRECISION = r"(?!\s*(?:decimal|dp\b|digits?|significant|places?))"
_ASSIGN_AFTER = re.compile(rf"⟦(?P<i>\d+)⟧\s*(?:=|==|:=)?\s*{_VERBS}{_CHANGE}(?:from\s+(?P<f>{NUM})\s+)?"
                           rf"(?:to|at|of|equal to|equals|=)?\s*(?P<n>{NUM}){_NOT_PRECISION}")
_ASSIGN_BEFORE = re.compile(rf"(?<![\w.,])(?P<n>{NUM})\s+{DET}⟦(?P<i>\d+)⟧")
_SET = re.compile(rf"\b(?:set|setting|fix|fixing)\s+{DET}⟦(?P<i>\d+)⟧\s+(?:to|at|=)\s+(?P<n>{NUM})")
_NEGATED = [
    re.compile(rf"\bwithout\s+{DET}⟦(?P<i>\d+)⟧"),
    re.compile(rf"\b(?:had|did|were|was)\s+{DET}⟦(?P<i>\d+)⟧\s+not\b"),
    re.compile(rf"\b(?:had|did|has|have|were|was)\s*(?:n't|\s+not)\s+(?:\w+\s+){{0,2}}?{DET}⟦(?P<i>\d+)⟧"),
    re.compile(rf"\bno\s+⟦(?P<i>\d+)⟧"),
    re.compile(rf"\b(?:nobody|no one|none of them)\s+(?:had\s+|would\s+have\s+)?(?:\w+\s+){{0,2}}?{DET}"
               rf"⟦(?P<i>\d+)⟧"),
]
_EVERYONE = re.compile(rf"\b(?:everyone|everybody|all of them)\s+(?:had\s+|would\s+have\s+)?(?:\w+\s+){{0,2}}?"
                       rf"{DET}⟦(?P<i>\d+)⟧")


def assignments(text: str) -> list[Assignment]:
    """Every 'X = 5', 'X had been 5', 'set X to 5', '12 X', 'without X' (→ 0) in the text."""
    found: dict[tuple[int, int], Assignment] = {}
    for pattern in (_SET, _ASSIGN_AFTER, _ASSIGN_BEFORE):
        for m in pattern.finditer(text):
            start = m.group("f") if "f" in pattern.groupindex else None
            a = Assignment(int(m.group("i")), parse_number(m.group("n")), m.start(),
                           parse_number(start) if start else None)
            if not any(abs(b.pos - a.pos) < 3 and b.index == a.index for b in found.values()):
                found[(a.index, a.pos)] = a
    for pattern in _NEGATED:
        for m in pattern.finditer(text):
            if re.search(r"(?:controlling|adjusting|adjustment)\s*$", text[:m.start()]):
                continue
            found.setdefault((int(m.group("i")), m.start()), Assignment(int(m.group("i")), 0.0, m.start()))
    for m in _EVERYONE.finditer(text):
        found.setdefault((int(m.group("i")), m.start()), Assignment(int(m.group("i")), 1.0, m.start()))
    return sorted(found.values(), key=lambda a: a.pos)


_FROM_TO = re.compile(rf"\bfrom\s+(?P<a>{NUM})\s+to\s+(?P<b>{NUM})")
_INSTEAD = re.compile(rf"\binstead of\s+(?P<a>{NUM})")


def from_to(text: str) -> tuple[float | None, float | None]:
    """(t0, t1) from 'from 10 to 20'; t0 alone from 'instead of 0'."""
    m = _FROM_TO.search(text)
    if m:
        return parse_number(m.group("a")), parse_number(m.group("b"))
    m = _INSTEAD.search(text)
    return (parse_number(m.group("a")), None) if m else (None, None)


_FACTUAL_SPANS = [
    r"\bfor (?:a|an|one|this|the|some|that) [^?]*?\b(?:with|aged|who|whose|having|that)\b[^?]*?"
    r"(?=,\s*(?:what|would|if|how|had)|\bwhat\b|\bwould\b|\bif\b|\?|$)",
    r"\bgiven\b[^?]*?(?:\bobserved\b|(?=\?)|$)",
    r"\b(?:observed|actual|currently|in reality)\b[^?,]*",
]
_HYPOTHETICAL = re.compile(r"\b(?:if|would|suppose|imagine|had been|were|instead|set)\b")


def factual_spans(text: str) -> list[tuple[int, int]]:
    """Parts of the text that state what was observed about a unit (not the what-if)."""
    spans = [(m.start(), m.end()) for p in _FACTUAL_SPANS for m in re.finditer(p, text)]
    for m in re.finditer(r"(?:[^.!?]|\.(?=\d))+[.!?]*", text):  # a plain statement: "A student had GPA 3.2."
        sentence = m.group().strip()
        if sentence and not sentence.endswith("?") and not _HYPOTHETICAL.search(sentence) and "⟦" in sentence:
            spans.append((m.start(), m.end()))
    return spans
