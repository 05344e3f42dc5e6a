"""Robustness and sensitivity in plain words: what each check does, whether it passed, and how
strong an unobserved confounder would have to be to explain the estimate away."""

from __future__ import annotations

from agent.report import results as R
from agent.report.fmt import is_number, num, pct
from agent.report.model import Inputs, Section

CHECK_WORDS = {
    "placebo_treatment": ("Placebo treatment", "replace the treatment by a random shuffle of itself; the "
                                               "estimated effect should vanish"),
    "placebo_outcome": ("Placebo outcome", "replace the outcome by a random shuffle of itself; the effect "
                                           "should vanish"),
    "placebo_cutoffs": ("Placebo cutoffs", "pretend the cutoff lies elsewhere; there should be no jump"),
    "random_common_cause": ("Random common cause", "add a made-up confounder of pure noise; the estimate should "
                                                   "not move"),
    "data_subset": ("Random subsets", "re-estimate on random subsets of the rows; the estimate should hold"),
    "bootstrap": ("Bootstrap", "resample the rows with replacement; the spread should match the reported "
                               "uncertainty"),
}
VERDICT = {True: "✔ passed", False: "✘ failed", None: "– not applicable"}


def build(inp: Inputs) -> Section | None:
    r = R.refutation(inp.ctx)
    if r is None:
        return None
    applicable = [c for c in r.checks if c.passed is not None]
    passed = sum(bool(c.passed) for c in applicable)
    lines = [f"{passed} of {len(applicable)} checks passed. Passing them does not prove the effect is causal "
             "(no check can detect a confounder missing from the data); failing one is a reason to doubt it.", ""]
    for c in r.checks:
        title, what = CHECK_WORDS.get(c.name, (c.name.replace("_", " ").capitalize(), ""))
        lines.append(f"- **{title}** ({VERDICT[c.passed]})" + (f": {what}." if what else ".") + f" _Result:_ {c.summary}")
    s = r.sensitivity
    words = []
    bench = s.benchmark or {}
    k = bench.get("k_explain_away")
    if is_number(k) and bench.get("covariate"):
        words.append(f"To explain the effect away, an unobserved confounder would have to be {num(k, 2)} times as "
                     f"strong as `{bench['covariate']}` (the strongest observed covariate) in its links to both "
                     f"treatment and outcome.")
    elif bench.get("covariate"):
        words.append(f"Even a confounder many times as strong as `{bench['covariate']}` (the strongest observed "
                     "covariate) could not explain the effect away.")
    if is_number(s.robustness_value):
        words.append(f"Robustness value {num(s.robustness_value, 2)}: confounders explaining {pct(s.robustness_value)}"
                     " of the residual variance of both treatment and outcome would reduce the estimate to zero.")
    if is_number(s.e_value):
        words.append(f"E-value {num(s.e_value, 3)} (for the CI limit nearest zero: {num(s.e_value_ci, 3)}): the "
                     "risk ratio an unobserved confounder would need with both treatment and outcome"
                     + (f", on the {s.e_value_scale} scale" if s.e_value_scale else "") + ".")
    if words or s.notes:
        lines += ["", "**Sensitivity to unobserved confounding.** " + " ".join(words)]
        lines += [""] + [f"- {n}" for n in s.notes]
    if r.refit_note:
        lines += ["", r.refit_note]
    return Section("Robustness and sensitivity", "\n".join(lines), key="robustness")
