"""Word-level helpers shared by the question parser: tokenizing names and questions,
singular/stem forms, and the vocabularies that are never column names."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Splits "PriorGPA" → Prior, GPA; "page_load_time" → page, load, time; keeps "re78", "X1", "co2".
_NAME_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+(?:\.\d+)?")
_WORD = re.compile(r"[^\W_]+(?:'[a-z]+)?")

STOPWORDS = frozenset("""
a an the of in on to for by with and or is are was were be been being has have had do does did
it its this that these those their his her our your my me we you they them i as at from into than
then so if when what which who whom whose how why whether not no any some all each every there
here also only just very still about over under between among after before once than per vs via
because since while although though unless whereas e g i ie eg
""".split())

# Words that carry the question's intent, never a column by themselves (unless spelled exactly).
INTENT_WORDS = frozenset("""
effect effects affect affects affected affecting cause causes caused causing causal causally impact
impacts influence influences influenced drive drives driven driver drivers driving confounder
confounders confound confounding confounded collider colliders mediator mediators mediate mediated
mediating independent independence dependent dependence correlated correlation correlate associated
association related relationship relationships link graph structure dag network diagram variable variables
column columns factor factors feature features treatment average estimate estimated change changes
increase increases increased decrease decreases decreased raise lower reduce common direct directly
parent parents child children descendant descendants ancestor ancestors path pathway upstream
downstream consequence consequences outcome outcomes explain explains key main matter matters important
given conditional conditioning controlling control adjusting adjust holding known knowing lead leads
would happen happens happened set suppose imagine if what which how much many quantify size strongly
evidence hypothesis true false likely option following neither both everything data dataset
""".split())

# Generic measurement words that do not identify a column on their own ("rate", "level").
GENERIC_WORDS = frozenset("""
rate level time type score size value index amount count number total status flag id indicator group
usd eur pct percent avg mean log hours years days kg mm cm ha yes unit units whether
people person persons patient patients customer customers student students user users individual
individuals employee employees household households family families respondent respondents participant
participants subject subjects record records case cases
""".split())

# Words that may trail a column mention without changing it ("free lunch status", "seat count").
MEASURE_WORDS = frozenset("rate level time type score size value index amount count number total status flag "
                          "indicator group hours years days".split())

# Simple abbreviations seen in column names, expanded both ways.
ABBREVIATIONS = {
    "edu": "education", "educ": "education", "inc": "income", "exp": "experience", "yrs": "years",
    "hrs": "hours", "occ": "occupation", "qty": "quantity", "amt": "amount", "temp": "temperature",
    "dept": "department", "pop": "population", "emp": "employment", "wt": "weight", "ht": "height",
    "sal": "salary", "perf": "performance", "sat": "satisfaction", "trt": "treatment", "tx": "treatment",
    "dist": "distance", "rev": "revenue", "cust": "customer", "prod": "product", "promo": "promotion",
    "bp": "blood pressure", "chol": "cholesterol", "freq": "frequency", "prob": "probability",
    "hh": "household", "gdp": "gross domestic product", "num": "number", "pct": "percent", "avg": "average",
    "ad": "advertisement", "ads": "advertisements",
}

NUMBER = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+"


@dataclass(frozen=True)
class Token:
    """One word of a question with its character span and its sentence/segment number."""

    text: str
    start: int
    end: int
    segment: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def name_parts(name: str) -> list[str]:
    """Lower-case words of a column name in any style (snake_case, CamelCase, spaces, hyphens)."""
    return [p.lower() for p in _NAME_PART.findall(str(name))]


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` (CamelCase words split) with spans; punctuation starts a new segment."""
    tokens: list[Token] = []
    segment, last_end = 0, 0
    for m in _WORD.finditer(text):
        gap = text[last_end:m.start()]
        if re.search(r"[^\s_\-/']", gap):
            segment += 1
        if m.group().isdigit():
            tokens.append(Token(m.group(), m.start(), m.end(), segment))
        else:
            for part in _NAME_PART.finditer(m.group()):
                tokens.append(Token(part.group(), m.start() + part.start(), m.start() + part.end(), segment))
        last_end = m.end()
    return tokens


def singular(word: str) -> str:
    """Crude singular form: 'sales' → 'sale', 'categories' → 'category'; leaves 'status' alone."""
    w = word.lower()
    if len(w) <= 3 or w.endswith(("ss", "us", "is", "ics")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "sses")):
        return w[:-2]
    if w.endswith("s"):
        return w[:-1]
    return w


_SUFFIXES = ("ings", "ing", "ers", "er", "ed", "es", "s", "ation", "ion", "ly", "al")


def stem(word: str) -> str:
    """Aggressive stem so that 'smokes', 'smoking', 'smoker' and 'smoked' agree."""
    w = word.lower()
    for _ in range(2):
        for suffix in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                break
        else:
            break
    return w.rstrip("e") if len(w) > 3 else w


_IRREGULAR = {"children": "child", "people": "person", "women": "woman", "men": "man", "teeth": "tooth",
              "feet": "foot", "mice": "mouse", "geese": "goose", "analyses": "analysis"}
# (suffix, shortest stem it may leave)
_LIGHT_SUFFIXES = (("ments", 3), ("ment", 3), ("ations", 3), ("ation", 3), ("ings", 3), ("ing", 3), ("ies", 3),
                   ("ers", 3), ("er", 3), ("ed", 3), ("es", 3), ("s", 4), ("ly", 3))


def light_stem(word: str) -> str:
    """One suffix off, so that inflections agree: 'voting'/'voter'/'vote' → 'vot',
    'subsidies' → 'subsidy', 'enrollment'/'enrolled' → 'enroll', "children's" → 'child'."""
    w = word.lower()
    w = w[:-2] if w.endswith("'s") else w.rstrip("'")
    w = _IRREGULAR.get(w, w)
    if w.endswith("ss") or w.endswith("us") or w.endswith("is"):
        return w
    for suffix, shortest in _LIGHT_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= shortest:
            w = w[:-len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


# Words that name the same measurement (compared as light stems, in both directions).
_SYNONYM_GROUPS = ["earnings income", "earnings wage salary", "spending expenditure consumption",
                   "reoffending recidivism", "turnout voting", "jobless unemployment", "wellbeing welfare",
                   "schooling education", "marital married marriage", "children kids", "house home housing"]
SYNONYMS: dict[str, set[str]] = {}
for _group in _SYNONYM_GROUPS:
    _stems = [light_stem(w) for w in _group.split()]
    for _s in _stems:
        SYNONYMS.setdefault(_s, set()).update(x for x in _stems if x != _s)


def similar(a: str, b: str) -> bool:
    """Two words that share a long prefix ('breastfed'/'breastfeeding', 'member'/'membership')."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 4 and n >= 0.8 * min(len(a), len(b))


def parse_number(text: str) -> float:
    """'60,000' → 60000.0; '3.2' → 3.2."""
    return float(text.replace(",", ""))
