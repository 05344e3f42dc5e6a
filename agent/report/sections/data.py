"""The data: size, column types, missingness and the profile's findings with their tests."""

from __future__ import annotations

from agent.report import results as R
from agent.report.fmt import cell, num, p_value, pct, plural
from agent.report.model import Inputs, Section

MAX_COLUMNS_LISTED = 30
FINDING_TITLES = {"share_discrete": "Discrete columns", "near_duplicates": "Near-duplicate columns",
                  "missing": "Missing values", "linearity": "Linearity", "non_gaussian": "Gaussianity",
                  "time_series": "Time structure", "heterogeneity": "Heterogeneity across groups"}


def _finding_line(f) -> str:
    title = FINDING_TITLES.get(f.name, f.name.replace("_", " ").capitalize())
    numbers = ", ".join(x for x in (f"statistic {num(f.statistic)}" if f.statistic is not None else "",
                                    p_value(f.p_value) if f.p_value is not None else "") if x)
    evidence = f" Evidence: {f.test}" + (f" — {numbers}" if numbers else "") + "." if f.test else ""
    return f"- **{title}:** {f.text}.{evidence}"


def build(inp: Inputs) -> Section:
    df = inp.ctx.data
    profile = R.profile(inp.ctx)
    lines = []
    if profile is not None:
        kinds: dict[str, int] = {}
        for c in profile.columns:
            kinds[c.kind.value] = kinds.get(c.kind.value, 0) + 1
        mix = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        missing = (f"{pct(profile.missing_share, 1)} of all cells are missing" if profile.missing_share
                   else "no missing values")
        lines.append(f"{len(df):,} rows and {plural(df.shape[1], 'column')} ({mix}); {missing}.")
        lines += ["", "| column | type | distinct values | missing |", "|---|---|---|---|"]
        for c in profile.columns[:MAX_COLUMNS_LISTED]:
            kind = c.kind.value + (" (constant)" if c.constant else "")
            lines.append(f"| {cell(c.name)} | {kind} | {c.n_unique:,} | {pct(c.missing_share, 1)} |")
        if len(profile.columns) > MAX_COLUMNS_LISTED:
            lines.append(f"| … {len(profile.columns) - MAX_COLUMNS_LISTED} more | | | |")
        findings = [f for f in profile.findings if f.text]
        if findings:
            lines += ["", "What the profile found (each finding with the test behind it):", ""]
            lines += [_finding_line(f) for f in findings]
    else:
        lines.append(f"{len(df):,} rows and {plural(df.shape[1], 'column')}: {', '.join(map(str, df.columns))}.")
        missing = {c: float(df[c].isna().mean()) for c in df.columns if df[c].isna().any()}
        if missing:
            lines.append("Missing values: " + ", ".join(f"{c} {pct(v, 1)}" for c, v in missing.items()) + ".")
    return Section("The data", "\n".join(lines), key="data")
