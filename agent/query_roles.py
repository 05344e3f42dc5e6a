"""Which mentioned column plays which role (treatment, outcome, subject) once the kind is
known: a few explicit word orders ("effect on Y of X", "what happens to Y if ...",
"is Y caused by X"), otherwise the order of mention."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.query_intent import SUBJECT_CUES
from agent.query_values import DET
from agent.result import QuestionKind as K

_T, _O, _S = r"⟦(?P<t>\d+)⟧", r"⟦(?P<o>\d+)⟧", r"⟦(?P<s>\d+)⟧"
_POSS = r"(?:[\w]+'s\s+)?"
_UP = r"(?:change|increase|decrease|drop|rise|fall|go up|go down|respond|react|shift|move|improve|decline|grow)"
_PUSH = (r"(?:increase|raise|change|set|lower|reduce|double|cut|vary|increased|raised|changed|lowered|reduced|"
         r"doubled|cuts?|raises?|increases?|changes?)")
_ACT = (r"(?:(?:improv|reduc|increas|boost|lower|rais|enhanc|decreas|affect|influenc|impact|chang|help|hurt|harm|"
        r"benefit|worsen|promot|prevent|alter|shap)(?:e|es|ed|s|ing)?|(?:result|lead|contribute)s?\s+(?:in|to)|"
        r"led to|resulted in|contributed to|makes?\s+(?:[\w']+\s+){0,3}?(?:more|less)\s+likely\s+to)\b")

# Explicit word orders, tried in order; each may fix the treatment (t), outcome (o) or subject (s).
ROLE_PATTERNS: dict[K, list[re.Pattern]] = {
    K.EFFECT: [re.compile(p) for p in (
        rf"\b(?:regress(?:ion|ing|ed)?|ols|logit|probit)\s+(?:(?!effects?\b|impacts?\b|estimates?\b|coefficients?\b)\w+\s+)?"
        rf"(?:\([^)⟦]{{0,60}}\)\s+)?(?:of\s+)?{DET}{_O}\s+on\s+"
        rf"{DET}{_T}",
        rf"\binstrument\w*\s+(?:\w+\s+){{0,2}}?for\s+{DET}{_T}",
        rf"\bwhat\s+{DET}{_T}\s+(?:do|does|did|would|will)\s+to\s+{DET}{_O}",
        rf"\bwhat\s+(?:would|will|does|did|could)\s+(?:[\w-]+\s+){{0,2}}?{_T}(?:\s+[\w-]+){{0,2}}?\s+do\s+to\s+{DET}{_O}",
        rf"{_T}\s*(?:→|->|=>)\s*{_O}",
        rf"^\s*{_T}\s+on\s+{_O}\b",
        rf"\bdifference\s+in\s+(?:the\s+)?(?:mean|average)s?\s+(?:of\s+)?{DET}{_O}\s+between\s+{DET}{_T}",
        rf"\boutcome\s*(?:is|=|:)?\s*{DET}{_O}",
        rf"\btreatment\s*(?:is|=|:)\s*{DET}{_T}",
        rf"\bhow (?:does|do|did|would|will|has|have)\b[^?⟦]*\b(?:change|affect|alter|shift|move|impact|influence)[sd]?\s+"
        rf"{DET}{_O}",
        rf"{DET}{_T}\s+(?:effect|impact)\b",
        rf"(?:effects?|impacts?|influence)\s+on\s+{DET}{_O}\s+of\s+{DET}{_T}",
        rf"(?:effects?|impacts?|influence|ate|att|atc|atu|cate)\s+(?:[\w-]+\s+|-\s+){{0,8}}?of\s+"
        rf"(?:(?:a|an|the|one-unit|unit|increase|change|increases|changes|in|higher|more|extra)\s+){{0,6}}{_T}\s+on\s+"
        rf"{DET}{_O}",
        rf"\bwhat (?:happens|would happen|will happen) to\s+{DET}{_O}",
        # "How much fuel does the route optimizer save?": the quantity asked about is the outcome
        rf"\bhow (?:much|many)\s+{DET}{_O}\s+(?:does|do|did|would|will|can|could)\s+{DET}{_T}\s+(?:[\w']+\s+)?"
        rf"(?:save|cost|add|generate|produce|bring|gain|lose|cut|use|consume|prevent|avoid|create|raise|earn)s?\b",
        rf"\b(?:how much|by how much|how)\s+(?:does|do|did|would|will|is|are|can)\s+{DET}{_O}\s+(?:[\w']+\s+)?{_UP}\b"
        rf"(?!\s+{DET}⟦)",
        rf"\b(?:if|when|as|after)\s+(?:we\s+|you\s+|they\s+)?{_PUSH}\s+{DET}{_T}",
        rf"\b(?:if|when|as|after)\s+{DET}{_T}\s+"
        rf"(?:goes|went|increases|rises|changes|decreases|falls|drops|is|was|were)\b",
        rf"\bwhat (?:impacts?|effects?|influence) (?:do|does|did|will|would|can|could|might)\s+{DET}{_T}\s+"
        rf"(?:[\w']+\s+){{0,2}}?(?:have|has|had)\s+on\s+{DET}{_O}",
        # "Does X (help) reduce Y": the first column after the main verb is the outcome.
        rf"⟦\d+⟧(?:(?!\b(?:if|when|whether|because)\b)[^⟦?])*?\b{_ACT}\s+"
        rf"(?:(?!(?:if|when|by|than|because|while|whether)\b)[\w'-]+\s+){{0,6}}?{_O}",
    )],
    K.DIRECT_CAUSE: [re.compile(p) for p in (
        rf"{_O}\s+(?:is\s+|are\s+)?(?:caused|affected|influenced|driven|determined)\s+by\s+{DET}{_T}",
        rf"\bis\s+{DET}{_O}\s+an?\s+(?:effect|consequence|result|child)\s+of\s+{DET}{_T}",
        rf"\b(?:cause|affect|influence|impact|drive|determine|raise|increase|reduce|lower|lead to|result in)s?\s+"
        rf"(?:(?:its|their|the|a|an|higher|lower|more|less|changes in|the level of)\s+){{0,6}}{_O}",
    )],
    K.COUNTERFACTUAL: [re.compile(p) for p in (
        rf"\bwhat would\s+(?:be\s+)?{DET}{_POSS}{_O}",
        rf"\bwould\s+{DET}{_POSS}{_O}\s+(?:still\s+)?(?:have|be)\b",
        rf"\bhow would\s+{DET}{_POSS}{_O}",
        rf"\bwhat\s+{DET}{_O}\s+would\b",
    )],
    K.MEDIATOR: [re.compile(rf"{_T}\s*(?:->|→)\s*{_S}\s*(?:->|→)\s*{_O}")],
    K.ADJUSTMENT: [re.compile(p) for p in (
        rf"(?:control|adjust|condition|account|correct)(?:ling|ing|ed)?\s+(?:for|on)\s+[^?.;⟦]{{0,60}}?[\'\"“”‘’`]?{_S}",
        rf"\b(?:should|must|do|does|can|would)\s+{DET}[\'\"“”‘’`]?{_S}[\'\"“”‘’`]?\s+be\s+(?:included|added|used|kept|put)\b",
        rf"\b(?:should|must|do|does|can|would|need)\s+{DET}[\'\"“”‘’`]?{_S}[\'\"“”‘’`]?\s+(?:to\s+)?"
        rf"(?:be\s+(?:controlled|adjusted|accounted|corrected|conditioned)\s+(?:for|on)|go\s+(?:in|into))\b",
        rf"\b(?:leave|leaving|keep|keeping|put|putting)\s+{DET}[\'\"“”‘’`]?{_S}",
        rf"{_S}[\'\"“”‘’`]?\s+(?:should\s+)?(?:be\s+)?(?:excluded|dropped|removed|included|kept|part)\s+(?:of|from|in)\b",
        rf"\bis\s+{DET}[\'\"“”‘’`]?{_S}[\'\"“”‘’`]?\s+(?:a\s+)?(?:good|bad|valid|necessary|needed|appropriate)\b",
        rf"^\s*(?:control|adjust|adj\.?|condition)(?:ing)?\s+(?:for\s+|on\s+)?[\'\"“”‘’`]?{_S}",
        rf"\b(?:include|including|add|adding|use|using|put|putting|throw(?:ing)?\s+in)\s+{DET}[\'\"“”‘’`]?{_S}"
        rf"[\'\"“”‘’`]?\s+(?:as|in|into|to)\b",
        rf"\bis\s+{DET}{_S}\s+(?:a\s+)?(?:good|bad|valid|necessary|needed)\s+(?:control|covariate)",
    )],
    K.COLLIDER: [re.compile(rf"v-structure\s+(?:at|on|with|into)\s+{DET}{_S}"),
                 re.compile(rf"\b(?:condition(?:ing|ed)?|control(?:ling)?|adjust(?:ing)?)\s+(?:on|for)\s+{DET}{_S}"
                            rf"[^?]*\bcollider"),
                 re.compile(rf"{_S}\s+(?:is\s+)?caused by both")],
}


@dataclass
class Roles:
    treatment: int | None = None
    outcome: int | None = None
    subject: int | None = None


def explicit_roles(kind: K, text: str) -> Roles:
    """Roles fixed by word order; the rest are filled by order of mention."""
    roles = Roles()
    for pattern in ROLE_PATTERNS.get(kind, []):
        m = pattern.search(text)
        if not m:
            continue
        for name, attr in (("t", "treatment"), ("o", "outcome"), ("s", "subject")):
            taken = {roles.treatment, roles.outcome, roles.subject}
            if name in pattern.groupindex and m.group(name) and getattr(roles, attr) is None \
                    and int(m.group(name)) not in taken:
                setattr(roles, attr, int(m.group(name)))
    return roles


def subject_before_cue(kind: K, text: str) -> tuple[int | None, str]:
    """For confounder/collider/mediator: the column just before the cue word ("is Z a
    confounder"), and the words there if no column is (to report an unknown name)."""
    cue = SUBJECT_CUES[kind].search(text)
    if not cue:
        return None, ""
    before = text[:cue.start()]
    last = None
    for m in re.finditer(r"⟦(\d+)⟧", before):
        last = m
    gap = before[last.end():] if last else before
    pair_has = re.search(r"\b(?:have|has|share|shares)\b", gap)  # "do X and Y have a common cause"
    if last is not None and len(re.findall(r"[\w']+", gap)) <= 5 and not re.search(r"[?,;]", gap) and not pair_has:
        return int(last.group(1)), ""
    clause = re.split(r"[?.!;:,]", gap)[-1]
    return None, "" if pair_has else clause


def fill_in_order(roles: Roles, order: list[int], same_column) -> Roles:
    """Give the first free mentions (by column) to the treatment, then the outcome."""
    used = [i for i in (roles.treatment, roles.outcome, roles.subject) if i is not None]
    free = [i for i in order if not any(same_column(i, u) for u in used)]
    if roles.treatment is None and free:
        roles.treatment = free.pop(0)
        free = [i for i in free if not same_column(i, roles.treatment)]
    if roles.outcome is None and free:
        roles.outcome = free.pop(0)
    return roles
