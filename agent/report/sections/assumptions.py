"""Assumptions and limitations: every assumption the analysis relied on, and the data notes."""

from __future__ import annotations

from agent.report.model import Inputs, Section

LIMITATIONS = {
    "effect": "The estimate is causal only if the graph is right; a common cause of treatment and outcome that is "
              "missing from the data biases it, and no check on these data can rule that out.",
    "independence": "A test answers a question about the data, not about causes; with few rows it can miss weak "
                    "dependence.",
    "graph": "A graph learned from observational data is a hypothesis: it can miss weak or nonlinear links and "
             "mis-orient edges when its assumptions fail.",
    "counterfactual": "The answer depends on the fitted model's form as well as on the graph.",
    "overview": "Each driver's effect is a separate total effect; they do not add up to the outcome's variation.",
}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def build(inp: Inputs) -> Section | None:
    r = inp.result
    lines = [f"- {_sentence(a)}" for a in dict.fromkeys(r.assumptions)]
    if r.kind == "effect" and r.effect is None:
        limitation = ("Whether the effect can be identified depends on the graph: more known structure (background "
                      "knowledge, measured confounders) can change that verdict.")
    else:
        limitation = LIMITATIONS.get(r.kind) or ("The answer is read from the causal graph and is as reliable as "
                                                 "it is." if inp.ctx.graph is not None else "")
    if limitation:
        lines += ["", f"**Limitation.** {limitation}"]
    if r.warnings:
        lines += ["", "**Data notes and caveats:**", ""] + [f"- {w}" for w in dict.fromkeys(r.warnings)]
    return Section("Assumptions and limitations", "\n".join(lines).strip(), key="assumptions") if lines else None
