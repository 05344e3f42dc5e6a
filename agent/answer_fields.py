"""An effect answer as short labelled fields (warning, method, adjusted for, design, threat,
range, robustness, per-group effects, reading), for every front end: the CLI pads them into
columns, the chat and Slack show them as a bulleted list. Built from the result's fields; the
explanation is only mined for the sentences the answer composer wrote as headline threats."""

from __future__ import annotations

import re
from typing import Any

_THREAT = re.compile(r"(?:^|\s)((?:Main threat|Threat): .*?\.)(?=\s+[A-Z][a-z]+(?: [a-z]+)*:|\s+[A-Z][a-z]+ |$)")
_WARNING = re.compile(r"^Warning: (.*?)(?:As asked|With the graph as given|Assuming \w+ comes first): ")
_ROBUSTNESS = re.compile(r"Robustness of .*?: (\d+ of \d+ checks passed[^.]*)\.")
# the range with how it was computed and what the headline assumes instead (they may use other estimators)
_RANGE = re.compile(r"(Between \S+ and \S+ across the \d+ graphs the data cannot tell apart \(.*?\); \S+ if the "
                    r"covariates are pre-treatment)")


def effect_fields(res: Any) -> list[tuple[str, str]]:
    """(label, text) pairs for an effect result, in reading order; [] without an effect."""
    e, text = res.effect, res.explanation or ""
    if e is None:
        return []
    out: list[tuple[str, str]] = []
    warning = _WARNING.search(text)
    if warning:
        out.append(("Warning", warning.group(1).strip()))
    out.append(("Method", f"{e.method}, {e.estimand}" + (f", n = {e.n:,}" if getattr(e, "n", None) else "")))
    out.append(("Adjusted for", ", ".join(e.adjustment_set) or "nothing"))
    design = (res.details.get("tool_results") or {}).get("recognise_design")
    if design:
        out.append(("Design", f"{design.get('design')}: {design.get('reason', '')}"))
    threat = _THREAT.search(text)
    if threat:
        out.append(("Threat", threat.group(1).split(": ", 1)[-1]))
    for pattern, label in ((_RANGE, "Range"), (_ROBUSTNESS, "Robustness")):
        found = pattern.search(text)
        if found:
            out.append((label, found.group(1)))
    if e.subgroups:
        groups = "; ".join(f"{r['level']}: {r['estimate']:.4g} ({r['ci_low']:.4g} to {r['ci_high']:.4g})"
                           for r in e.subgroups[:8])
        out.append((f"By {e.subgroups[0]['subgroup']}", groups))
    scale = e.details.get("reported_scale") if isinstance(e.details, dict) else None
    if scale:
        out.append(("Scale", f"the answer is the estimate × {scale['factor']:g} ({scale['note']})"))
    if e.ci_low <= 0 <= e.ci_high:
        out.append(("Reading", "no detectable effect: the interval includes zero"))
    return out
