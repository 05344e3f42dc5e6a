"""What kind of causal question this is, read from its wording.

Rules are tried in order over the masked question (column mentions replaced by ``⟦i⟧``);
the first rule whose cue matches and that has enough columns decides the kind. Order
matters: specific questions (mediator, collider, confounder, independence, what-if)
come before the general ones (effect, direct cause), and the open ones (causes of,
effects of, overview, graph) come last."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.result import QuestionKind as K
from agent.query_values import DET, NUM

P = r"⟦\d+⟧"
YES_NO = (r"(?:^|[.?!:;]\s*|,\s*|\b(?:one|question|so|also|and|but)\s*[:,]?\s*)"
          r"(?:does|do|did|is|are|was|were|can|could|will|would|has|have|might|may|should)\b|"
          r"\bhypothesis\s*:|\bis it true\b|\bevidence that\b|\bcan we say\b|\btrue or false\b|\bwhether\b")
CAUSAL_VERB = (r"\b(?:cause[sd]?|causing|causal(?:ly)?|lead(?:s|ing)? to|led to|result(?:s)? in|affect(?:s|ed)?|"
               r"influence[sd]?|drive[sd]?|impact(?:s|ed)?|responsible for|determine[sd]?|raise[sd]?|"
               r"increase[sd]?|reduce[sd]?|lower[sd]?|parent of|edge|regulate[sd]?|inhibit(?:s|ed)?|"
               r"activate[sd]?|suppress(?:es|ed)?|induce[sd]?|trigger(?:s|ed)?|promote[sd]?)\b")


@dataclass(frozen=True)
class KindRule:
    """``kind`` when ``cue`` matches and at least ``min_vars`` columns are left once the
    clauses in ``claims`` (controls, given, instrument, subgroup) have taken theirs."""

    kind: K
    cue: re.Pattern
    min_vars: int
    claims: tuple[str, ...] = ()
    needs: re.Pattern | None = None  # a second cue that must also match
    unless: re.Pattern | None = None


def _any(*alternatives: str) -> re.Pattern:
    """One pattern matching any of the alternatives (each is a regex over the masked text)."""
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


EFFECT_CLAIMS = ("controls", "given", "instrument", "instruments", "subgroup", "restrict")
_WH = r"\b(?:what|which)\s+(?:[\w']+\s+){0,3}?"
_HAS_EFFECT_ON = r"(?:has|have) an? (?:causal |direct )?(?:effect|influence|impact) on"

YES_NO_CUE = _any(YES_NO)
MEDIATOR_CUE = _any(
    r"mediat", r"\bintermediate\b", r"\bon the (?:causal |same )?(?:path|pathway|chain)\b", r"\bindirect effect",
    rf"\b(?:through|via|by way of|goes through)\s+{DET}{P}", r"\bcausal chain\b",
    rf"{P}\s*(?:->|→)\s*{P}\s*(?:->|→)\s*{P}")
COLLIDER_CUE = _any(r"collider", r"common (?:effect|consequence|outcome|child|descendant)", r"v-structure",
                    r"caused by both", r"effect of both")
CONFOUNDER_CUE = _any(r"confound", r"common (?:cause|driver|factor|parent|ancestor)")
INDEPENDENCE_CUE = _any(r"independen", r"d-separat", r"⊥|⫫|_\|\|_", r"\bindep\b", r"correlat", r"associat", r"\bdependen",
                        r"\bunrelated\b", r"statistical(?:ly)? (?:related|dependence|association)")
COUNTERFACTUAL_CUE = _any(
    r"\bwhat if\b", r"\bwhat would\b", r"\bwould\b[^?]*\b(?:have been|be)\b", r"\bhad been\b",
    rf"\bhad {DET}{P} (?:not|been)\b", r"\b(?:had|did) not\b", rf"\bset(?:ting)? {DET}{P} to\b", r"\bsuppose\b",
    r"\bimagine\b", r"\bcounterfactual", r"\binstead of\b", rf"{P}\s*=\s*{NUM}")
# "How much would Y change if ..." asks for an effect, not a what-if value.
EFFECT_OVERRIDE = _any(r"\bhow much\b", r"\bwhat (?:would|will|does|did|could)\b[^?]{0,60}?\bdo to\b", r"\b(?:change|difference|increase|decrease) in\b", r"\beffect\b",
                       r"\bimpact\b")
EFFECT_CUE = _any(
    r"\b(?:ate|att|atc|atu|cate)\b", r"\b(?:average |avg\.? |causal |treatment )+effects?\b",
    r"\b(?:effects?|impacts?|influence)\s+(?:of|on)\b", r"\bhow (?:much|strongly|big|large|far)\b",
    rf"\bhow (?:does|do|did|would|will|is|are|can)\s+(?:[\w']+\s+){{0,5}}?{P}[^?]*?"
    rf"\b(?:affect|influence|impact|change|drive|shape|alter)",
    r"\bwhat (?:happens|would happen|will happen) to\b", r"\bwhat (?:would|will|does|did|could)\b[^?]{0,60}?\bdo to\b",
    r"\bquantify\b", r"\bpa(?:y|ys|id)\s+off\b", r"\bmakes?\s+(?:[\w']+\s+){0,3}?(?:more|less)\s+likely\b",
    r"\bhow (?:many|much)\b[^?]*\b(?:because of|due to|as a result of|thanks to)\b",
    r"\bhow (?:many|much)\s+(?:[\w-]+\s+|⟦\d+⟧\s+){0,5}?(?:does|do|did|would|will)\s+(?:[\w-]+\s+|⟦\d+⟧\s+){0,3}?"
    r"(?:it|that|this|[\w-]+|⟦\d+⟧)\s+(?:buy|add|bring|cost|gain|save|yield|take away|subtract|remove)\b", r"\b(?:did|does|do)\s+(?:[\w']+\s+){0,4}?work\b(?!\s+(?:for|at|in|as|with))", r"\bestimate\b", r"\bmagnitude\b",
    r"\b(?:expected |average )?(?:change|difference|increase|decrease) in\b",
    r"\bhow (?:does|do|did|would) (?:the )?(?:effect|impact)", r"\bhow effective\b",
    r"\bwhat (?:impacts?|effects?|influence) (?:do|does|did|will|would|can|could|might)\b",
    rf"{P}\s+(?:effect|impact)\b", r"\breturns? to\b", r"\beffect size\b",
    r"\bhow (?:much|many)\b[^?]*\b(?:change|affect|alter|raise|increase|reduce|lower|shift)[sd]?\b", rf"\bregress(?:ion|ing|ed)?\b[^?]*{P}\s+on\s+{DET}{P}",
    rf"\bhow (?:does|do|did|would|will|has|have)\b[^?]*\b(?:change|affect|alter|shift|move|impact|influence)[sd]?\s+"
    rf"{DET}{P}",
    rf"\b(?:2sls|two[- ]stage least squares|instrumental variables?|difference[- ]in[- ]differences?|"
    rf"regression discontinuity)\b")
# "Can you do nearest-neighbour matching for X -> Y?": naming an estimator asks for its number.
ESTIMATOR_CUE = _any(r"\b(?:nearest[- ]neighbou?r|propensity[- ]score|covariate|exact|mahalanobis)\s+matching\b",
                     r"\b(?:match|matched|matching)\s+(?:each|every|the)\b", r"\b(?:ipw|aipw|iptw|dml|2sls|ols)\b",
                     r"\binverse (?:probability|propensity) weight", r"\bdoubly[- ]robust\b",
                     r"\b(?:linear|logistic|ols) regression\b", r"\bregression adjustment\b",
                     r"\bdifference[- ]in[- ](?:means|differences)\b")
# "Does X improve / increase / reduce Y?" asks about the sign and size of the total effect.
DIRECTIONAL_EFFECT_CUE = _any(
    r"\bmakes?\s+(?:[\w']+\s+|⟦\d+⟧\s+){1,5}?(?:longer|shorter|higher|lower|more|less|better|worse|bigger|smaller|"
    r"faster|slower)\b",
    r"\b(?:improv|boost|increas|rais|reduc|lower|decreas|worsen|enhanc|help|hurt|harm|benefit)"
    r"(?:e|es|ed|s|ing|ting)?\b",
    r"\blead(?:s)? to (?:an? )?(?:increase|decrease|improvement|reduction|higher|lower|better|worse|more|less)")
HAS_EFFECT_CUE = _any(r"\b(?:have|has|had)\s+(?:any|an?|some)\s+(?:causal\s+|direct\s+)?(?:effect|influence|impact)"
                      r"\s+on\b")
QUANTITY = _any(r"\bhow (?:much|big|large|strong)", r"\bsize\b", r"\bestimate", r"\bquantify", r"\bmagnitude")
DIRECT_STRONG_CUE = _any(
    r"\bdirect(?:ly)?\b[^?]*\b(?:cause|causes|affect|influence|effect|parent|edge|link|regulat\w*|inhibit\w*|"
    r"activat\w*|suppress\w*|induc\w*|trigger\w*|promot\w*)",
    r"\b(?:causal link|causal connection|direct edge|edge from|arrow from|direct parent|direct cause)\b")
CAUSAL_VERB_CUE = _any(CAUSAL_VERB)
CAUSES_OF_CUE = _any(
    rf"{_WH}(?:causes?|caused|affects?|influences?|determines?|impacts?|{_HAS_EFFECT_ON}|"
    rf"(?:is|are) (?:the )?(?:direct |root )?causes? of|(?:is|are) upstream of|"
    rf"(?:directly |causally )(?:cause|affect|influence))\s+{DET}{P}",
    rf"\b(?:variables|factors|columns|features|things|everything)\s+(?:that|which)\s+(?:directly\s+)?"
    rf"(?:cause|affect|influence|determine)\s+{DET}{P}",
    rf"\b(?:causes|parents|determinants|ancestors|predecessors)\s+(?:of|for)\s+{DET}{P}",
    rf"\bupstream (?:of|from)\s+{DET}{P}",
    rf"\b(?:what|which)\b[^?]*{P}\s+(?:depends?|relies|rely)\s+on\b")
EFFECTS_OF_CUE = _any(
    rf"\b(?:what|which)\b[^?⟦]*?\b(?:does|do|did|will|would|can)\s+{DET}{P}\s+(?:[\w']+\s+){{0,2}}?"
    rf"(?:affect|cause|influence|impact|drive|change|have an? (?:causal |direct )?(?:effect|influence|impact) on|"
    rf"lead to)\b",
    rf"\b(?:effects|consequences|children|descendants?|outcomes|results|impacts|effect|impact)\s+(?:of|from)\s+"
    rf"{DET}{P}",
    rf"\bdownstream\b[^?]*{P}",
    rf"\b(?:affected|influenced|caused|impacted|driven|determined)\s+by\s+{DET}{P}",
    rf"\b(?:respond|react)s?\s+to\s+(?:changes? in\s+)?{DET}{P}",
    rf"\b(?:everything|variables|what|things)\s+(?:that\s+)?{DET}{P}\s+(?:causes|affects|influences|drives)\b",
    rf"\b(?:what|which)\b[^?]*?{P}\s+(?:a|an|the)\s+(?:cause|parent|ancestor|driver)\s+of\b",
    rf"\bwhat (?:will |would |else )?(?:change|happen|move|respond)s?\b[^?]*\b(?:if|when)\b[^?]*{P}")
OVERVIEW_CUE = _any(r"\bdrive[sn]?\b|\bdrivers?\b|\bdriving\b", r"\bmatters? (?:most|for)\b", r"\bmost important\b",
                    r"\bexplain", r"\bbehind\b", r"\bwhy\b", r"\boverview\b", r"\b(?:key|main) factors\b",
                    r"\bunderstand\b")
GRAPH_CUE = _any(
    r"^\s*(?:the\s+)?(?:causal\s+)?(?:graph|dag|diagram|network)\b",
    r"\b(?:draw|build|learn|show|give|make|construct|generate|create|formulate|sketch|map)\b[^?]*\b(?:graph|dag|"
    r"diagram|network|graphical model)\b",
    r"causal (?:graph|structure|dag|network|diagram|model|relationships?|map|discovery)", r"\bdag\b",
    r"\bdiscover", r"causally (?:related|connected|linked)", r"\b(?:relate|connect)(?:ed|s)?\b[^?]*\bcausally\b",
    r"how (?:are|do|is) [^?]*\brelated\b", r"\bmap out\b", r"\bedges?\b", r"\bskeleton\b", r"\bcpdag\b",
    r"everything else", r"\b(?:pc|fci|ges|lingam)\b")
RELATIONSHIP_CUE = _any(rf"\b(?:relationship|relation|link|connection) between\s+{DET}{P}\s+and\s+{DET}{P}")
ARROW_CUE = _any(rf"{P}\s+(?:causes?|->|→|leads? to)\s+{DET}{P}")
FRONTDOOR = _any(r"front[- ]?door")
_ADJUST_VERB = r"(?:control|adjust|condition|account|correct)(?:ling|ing|ed)?\s+(?:for|on)"
_QUOTE = r"[\'\"“”‘’`]?"
_GAP = r"(?:[^?.;⟦]{0,60}?)"  # "adjust for how far people live from the clinic (⟦km⟧)"
ADJUSTMENT_CUE = _any(
    # "should I / do we / should you control for V" asks for advice; "can you ... control for V" is a request
    rf"\b(?:(?:should|must|shall|need|ought)\s+(?:i|we|you|one|they|(?:the|our|my)\s+(?:model|analysis|regression|"
    rf"estimate))|(?:do|does|can|may)\s+(?:i|we|one|(?:the|our|my)\s+(?:model|analysis|regression|estimate)))\b"
    rf"[^?.]*?\b(?:also\s+)?{_ADJUST_VERB}\s+{_GAP}{_QUOTE}{P}",
    rf"\b(?:should|must|do|does|can|would)\s+{DET}{_QUOTE}{P}{_QUOTE}\s+be\s+(?:included|added|used|kept|put)\s+"
    rf"(?:in|as)\s+(?:an?\s+|the\s+)?(?:control|covariate|adjustment)",
    rf"\b(?:should|must|do|does|can|would|need)\s+{DET}{_QUOTE}{P}{_QUOTE}\s+(?:to\s+)?be\s+"
    rf"(?:controlled|adjusted|accounted|corrected|conditioned)\s+(?:for|on)\b",
    rf"\b(?:should|must|does|can|would)\s+{DET}{_QUOTE}{P}{_QUOTE}\s+go\s+(?:in|into)\s+(?:the\s+)?(?:model|regression|"
    rf"adjustment set|controls)",
    rf"\b(?:is it|would it be|is that)\s+(?:ok|okay|right|wise|necessary|valid|a good idea|correct|needed|"
    rf"appropriate|better)\s+to\s+(?:also\s+)?{_ADJUST_VERB}\s+{_GAP}{_QUOTE}{P}",
    rf"\b(?:should|must|do|does|can)\b[^?.]*?\b(?:include|add|use)\s+{DET}{P}\s+(?:as an?\s+(?:control|covariate|"
    rf"confounder)|in the (?:adjustment set|model|regression))",
    rf"\bis\s+{DET}{_QUOTE}{P}{_QUOTE}\s+(?:a\s+)?(?:good|bad|valid|necessary|needed|appropriate)\s+"
    rf"(?:control|covariate|variable|adjustment)",
    rf"\b(?:avoid|stop|skip)\s+(?:adjusting|controlling|conditioning)\s+(?:for|on)\s+{_GAP}{_QUOTE}{P}",
    rf"\b(?:leave|leaving|keep|keeping|put|putting)\s+{DET}{_QUOTE}{P}{_QUOTE}\s+(?:out of|in|into)\s+(?:the\s+)?"
    rf"(?:adjustment set|model|controls|regression)",
    rf"{P}{_QUOTE}\s+(?:should\s+)?(?:be\s+)?(?:excluded|dropped|removed|included|kept|part)\s+(?:of|from|in)\s+"
    rf"(?:the\s+)?(?:adjustment set|controls|model|regression)",
    rf"^\s*(?:control|adjust|adj\.?|condition)(?:ing)?\s+(?:for\s+|on\s+)?{_QUOTE}{P}{_QUOTE}\s*\?")

# "A colleague suggested adding V as a control. Is that a good idea?": adding V is only advice when asked about.
ADD_AS_CONTROL_CUE = _any(
    rf"\b(?:add|adding|added|include|including|included|put|putting|use|using|throw(?:ing)?\s+in)\s+{DET}{_QUOTE}{P}"
    rf"{_QUOTE}\s+(?:as\s+(?:an?\s+|another\s+)?(?:control|covariate|confounder|adjustment)|(?:in|into|to)\s+(?:the\s+)?"
    rf"(?:model|regression|controls|adjustment set|covariates|list of controls))",
    rf"\b(?:control|adjust)(?:ling|ing)?\s+(?:for|on)\s+{_GAP}{_QUOTE}{P}")
ADVICE_ASK_CUE = _any(r"\b(?:good|bad|better|wise) (?:idea|choice|move|practice)\b", r"\badvis", r"\brecommend",
                      r"\bmakes? sense\b", r"\b(?:is|would) (?:that|this|it) (?:be )?(?:ok|okay|right|fine|correct|valid|"
                      r"appropriate|sensible|legit|wise|a problem|necessary|needed)\b", r"\bshould (?:i|we)\b",
                      r"\b(?:do|does) (?:it|that) (?:help|matter|hurt)\b", r"\bright call\b", r"\bagree\b")

RULES: list[KindRule] = [
    KindRule(K.ADJUSTMENT, ADJUSTMENT_CUE, 1),
    KindRule(K.ADJUSTMENT, ADD_AS_CONTROL_CUE, 1, needs=ADVICE_ASK_CUE),
    KindRule(K.DIRECT_CAUSE, DIRECT_STRONG_CUE, 2, needs=YES_NO_CUE),
    KindRule(K.COLLIDER, COLLIDER_CUE, 1),
    KindRule(K.CONFOUNDER, CONFOUNDER_CUE, 1),
    KindRule(K.MEDIATOR, MEDIATOR_CUE, 1, unless=FRONTDOOR),
    KindRule(K.INDEPENDENCE, INDEPENDENCE_CUE, 2, claims=("controls", "given")),
    KindRule(K.COUNTERFACTUAL, COUNTERFACTUAL_CUE, 1, unless=EFFECT_OVERRIDE),
    KindRule(K.DIRECT_CAUSE, HAS_EFFECT_CUE, 2, claims=EFFECT_CLAIMS, needs=YES_NO_CUE, unless=QUANTITY),
    KindRule(K.EFFECT, EFFECT_CUE, 2, claims=EFFECT_CLAIMS),
    KindRule(K.EFFECT, ESTIMATOR_CUE, 2, claims=EFFECT_CLAIMS),
    # "qsmk -> wt82_71, without any controls. Effect?"
    KindRule(K.EFFECT, ARROW_CUE, 2, claims=EFFECT_CLAIMS, needs=_any(r"\beffects?\b|\bimpacts?\b|\bhow much\b"),
             unless=_any(r"\bdirect(?:ly)?\b|\bedges?\b")),
    KindRule(K.EFFECT, DIRECTIONAL_EFFECT_CUE, 2, claims=EFFECT_CLAIMS, needs=YES_NO_CUE,
             unless=_any(r"\bcaus(?:e|es|ed|al|ally)\b")),
    KindRule(K.DIRECT_CAUSE, CAUSAL_VERB_CUE, 2, claims=EFFECT_CLAIMS, needs=YES_NO_CUE),
    # "What is the relationship between X and Y?" asks what X does to Y once both are columns.
    KindRule(K.EFFECT, RELATIONSHIP_CUE, 2, unless=_any(r"\bcaus(?:e|es|ed|al|ally)\b")),
    KindRule(K.CAUSES_OF, CAUSES_OF_CUE, 1),
    KindRule(K.EFFECTS_OF, EFFECTS_OF_CUE, 1),
    KindRule(K.OVERVIEW, OVERVIEW_CUE, 1),
    KindRule(K.GRAPH, GRAPH_CUE, 0),
    KindRule(K.DIRECT_CAUSE, ARROW_CUE, 2),
]

# Any of these words makes a question causal (used to word the error when nothing matched).
CAUSAL_WORDS = _any(r"\b(?:effects?|affect\w*|caus\w*|impact\w*|influenc\w*|confound\w*|collider|mediat\w*|"
                    r"independen\w*|correlat\w*|drive\w*|drivers?|what if|would|ate|att|relationship|"
                    r"improv\w*|increas\w*|reduc\w*|rais\w*|boost\w*|lower\w*|decreas\w*|enhanc\w*)\b")


def detect_kind(text: str, n_vars: dict[tuple[str, ...], int], skip: frozenset[K] = frozenset()) -> K | None:
    """The first rule whose cues match ``text`` and which has enough columns.

    ``n_vars[claims]`` is the number of distinct columns left after those clauses."""
    for rule in RULES:
        if rule.kind in skip or not rule.cue.search(text):
            continue
        if rule.needs is not None and not rule.needs.search(text):
            continue
        if rule.unless is not None and rule.unless.search(text):
            continue
        if n_vars.get(rule.claims, 0) >= rule.min_vars:
            return rule.kind
    return None


def claims_for(kind: K) -> tuple[str, ...]:
    """The clauses whose columns are not candidates for the main roles of ``kind``."""
    return {K.EFFECT: EFFECT_CLAIMS, K.DIRECT_CAUSE: EFFECT_CLAIMS, K.INDEPENDENCE: ("controls", "given"),
            K.ADJUSTMENT: ("instrument", "subgroup")}.get(kind, ())


def all_claim_sets() -> set[tuple[str, ...]]:
    return {rule.claims for rule in RULES}


SUBJECT_CUES = {K.MEDIATOR: MEDIATOR_CUE, K.COLLIDER: COLLIDER_CUE, K.CONFOUNDER: CONFOUNDER_CUE}
