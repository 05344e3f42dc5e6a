"""Small phrases shared by the template narrative and the sections (facts -> words)."""

from __future__ import annotations

import re
from typing import Any

from agent.report.fmt import ci, is_number, num, var, var_list

TEST_WORDS = {"fisherz": "Fisher-z partial-correlation test", "chisq": "chi-square test", "gsq": "G² test",
              "kci": "kernel conditional-independence (KCI) test"}
GRAPH_WORDS = {"dag": "DAG (a fully directed graph)",
               "cpdag": "CPDAG (an equivalence class: some directions left open)",
               "pag": "PAG (allows hidden confounders; circle ends undecided)",
               "admg": "ADMG (a DAG plus hidden common causes drawn as <->)"}
NOTATION = {
    "dag": "Notation: A → B means A directly causes B.",
    "cpdag": "Notation: A → B means A directly causes B; A — B means the data cannot tell the direction "
             "(both directions fit equally well).",
    "pag": "Notation: A → B means A causes B; A ↔ B means a hidden common cause; a circle end (A o→ B, "
           "A o–o B) means that end is undetermined (it could be a tail or an arrowhead).",
    "admg": "Notation: A → B means A directly causes B; A ↔ B means A and B share an unobserved common cause.",
}
STRATEGY_WORDS = {
    "backdoor": "back-door adjustment: compare like with like by adjusting for the variables that open "
                "non-causal paths",
    "frontdoor": "front-door adjustment: trace the effect through mediators that carry all of it",
    "iv": "instrumental variable: use a variable that moves the treatment but touches the outcome only "
          "through it",
    "id": "the general identification (ID) formula for graphs with hidden confounders",
    "randomized": "direct comparison: nothing in the graph causes the treatment, so no adjustment is needed",
    "no_effect": "no directed path from the treatment to the outcome: the graph implies no effect",
    "not_identifiable": "not identifiable",
}
ESTIMAND_WORDS = {"ATE": "average effect", "ATT": "average effect on the treated",
                  "ATC": "average effect on the untreated", "CATE": "average effect (per-subgroup effects below)",
                  "LATE": "average effect among compliers"}


def effect_phrase(e: dict[str, Any]) -> str:
    """'the average effect of `X` on `Y`' or 'the effect of a one-unit increase in X on `Y`'."""
    estimand = str(e.get("estimand", "ATE"))
    if estimand.startswith("effect of"):
        treatment = str(e.get("treatment", ""))
        if treatment:
            estimand = re.sub(rf"(?<![\w`]){re.escape(treatment)}(?![\w`])", var(treatment), estimand)
        return f"the {estimand} on {var(e.get('outcome'))}"
    words = ESTIMAND_WORDS.get(estimand, estimand)
    return f"the {words} of {var(e.get('treatment'))} on {var(e.get('outcome'))}"


def excludes_zero(e: dict[str, Any]) -> bool | None:
    low, high = e.get("ci_low"), e.get("ci_high")
    if not (is_number(low) and is_number(high)):
        return None
    return low > 0 or high < 0


def effect_sentence(e: dict[str, Any]) -> str:
    adjust = e.get("adjustment_set") or []
    how = f"by {e.get('method', 'an estimator')}"
    if adjust:
        how += f" adjusting for {var_list(adjust)}"
    text = f"{effect_phrase(e)} is estimated at **{num(e.get('estimate'))}** " \
           f"({ci(e.get('ci_low'), e.get('ci_high'), e.get('confidence_level', 0.95))}), {how}."
    return text[0].upper() + text[1:]


def meaning_sentence(e: dict[str, Any]) -> str:
    est = e.get("estimate")
    if not is_number(est):
        return ""
    direction = "higher" if est > 0 else "lower"
    estimand = str(e.get("estimand", ""))
    t, y = var(e.get("treatment")), var(e.get("outcome"))
    if estimand.startswith("effect of a one-unit increase"):
        core = f"raising {t} by one unit makes {y} about {num(abs(est))} {direction} on average"
    elif estimand.startswith("effect of"):
        core = f"moving {t} as described makes {y} about {num(abs(est))} {direction} on average"
    else:
        group = {"ATT": " among the treated units", "ATC": " among the untreated units"}.get(estimand, "")
        core = f"{group.strip() + ', ' if group else ''}{y} is on average about {num(abs(est))} {direction} with {t} than without it"
        core = core[0].lower() + core[1:] if not group else core
    zero = excludes_zero(e)
    tail = ("; the interval excludes zero" if zero else
            "; but the interval includes zero, so the data are also consistent with no effect" if zero is False else "")
    return f"In plain terms: {core}{tail}."


def graph_counts(edges: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"directed": 0, "undirected": 0, "bidirected": 0, "partial": 0}
    for e in edges:
        text = e.get("edge", "")
        if " --> " in text or " <-- " in text:
            counts["directed"] += 1
        elif " --- " in text:
            counts["undirected"] += 1
        elif " <-> " in text:
            counts["bidirected"] += 1
        else:
            counts["partial"] += 1
    return counts


def algorithm_label(name: str | None) -> str | None:
    """The discovery registry's display label ('BOSS', 'PC'), else the name as given."""
    if not name:
        return None
    try:
        from tools.discovery.algorithms import get_algorithm

        return get_algorithm(name).label
    except Exception:  # an unknown or renamed algorithm is still reported, by its name
        return str(name)


def graph_origin(g: dict[str, Any]) -> str:
    if g.get("source") in ("user", "memory"):
        return "the graph supplied by the user" if g.get("source") == "user" else \
            f"the stored graph {g.get('key', '')}".rstrip()
    algo = algorithm_label(g.get("algorithm"))
    return f"the {str(g.get('graph_type', 'graph')).upper()} learned from the data" + (f" with {algo}" if algo else "")


# Graph-query verdicts in words: query -> {answer: template}; x, y, z are backticked names.
QUERY_VERDICTS = {
    "is_direct_cause": {True: "{x} is a direct cause of {y}: the graph has an arrow from {x} to {y} (direct "
                              "relative to the variables analysed).",
                        False: "{x} is not a direct cause of {y}.",
                        None: "The graph cannot tell whether {x} directly causes {y}."},
    "is_confounder": {True: "{z} is a common cause (confounder) of {x} and {y}: it has a causal path into each.",
                      False: "{z} is not a common cause of {x} and {y}.",
                      None: "The graph cannot tell whether {z} is a common cause of {x} and {y}."},
    "is_collider": {True: "{z} is a collider between {x} and {y}: both point into it, so conditioning on {z} "
                          "(or selecting on it) would create a spurious association between them.",
                    False: "{z} is not a collider between {x} and {y}.",
                    None: "The graph cannot tell whether {z} is a collider between {x} and {y}."},
    "is_mediator": {True: "{z} is a mediator: it lies on a causal path from {x} to {y}, so part of the effect "
                          "of {x} flows through {z}.",
                    False: "{z} is not on a causal path from {x} to {y}.",
                    None: "The graph cannot tell whether {z} lies on a causal path from {x} to {y}."},
}


def query_verdict(query: str, args: dict[str, Any], answer: Any) -> str:
    templates = QUERY_VERDICTS.get(query)
    if templates is None or answer not in templates:
        return ""
    names = {k: var(args.get(k)) for k in ("x", "y", "z")}
    return templates[answer].format(**names)
