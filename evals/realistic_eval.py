"""The realistic suite: effect questions on real public data with published effects,
asked through ``CausalAgent().analyze(df, question, description=...)`` exactly as a user
would (no roles, no design, no covariates handed in). Cases live in ``realistic_cases``;
half B is held out and scored only when asked for (``--half B``).

    python -m evals.realistic_eval [--half A|B|C|D|all] [--quick]

Scores per case: within 10 % / 25 % of the published value (for a published zero: the 95 %
interval covers zero), sign agreement, whether the agent found the right treatment and
outcome, refusals with their reasons, and the naive difference in means on the same rows."""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from evals.realistic_cases import RealisticCase, cases, naive_difference


def _within(estimate: float, published: float, tolerance: float, ci: tuple[float, float]) -> bool:
    if not np.isfinite(estimate):
        return False
    if published == 0:
        return ci[0] <= 0 <= ci[1]
    return abs(estimate - published) <= tolerance * abs(published)


def _sign(estimate: float, published: float, ci: tuple[float, float]) -> bool:
    if not np.isfinite(estimate):
        return False
    if published == 0:
        return ci[0] <= 0 <= ci[1]
    return np.sign(estimate) == np.sign(published)


def score_case(case: RealisticCase, seed: int = 0) -> dict:
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    df = case.load()
    record = {"id": case.id, "half": case.half, "design": case.design, "published": case.published}
    naive = naive_difference(case, df)
    started = time.perf_counter()
    try:
        res = CausalAgent(store=InMemoryGraphStore(), seed=seed).analyze(df, case.question,
                                                                          description=case.description)
        e = res.effect
        estimate = float(e.estimate) if e is not None else float("nan")
        ci = (float(e.ci_low), float(e.ci_high)) if e is not None else (np.nan, np.nan)
        design = (res.details.get("tool_results", {}).get("recognise_design") or {}).get("design", "")
        record.update(estimate=estimate, ci_low=ci[0], ci_high=ci[1], agent_design=design,
                      method=e.method if e else "", right_pair=bool(e and e.treatment == case.treatment
                                                                   and e.outcome == case.outcome),
                      refusal="" if e is not None else f"{res.answer}: {res.explanation[:140]}",
                      exact_zero=bool(e is not None and e.estimate == 0.0 and e.ci_low == e.ci_high == 0.0))
    except ValueError as exc:
        estimate, ci = float("nan"), (np.nan, np.nan)
        record.update(estimate=estimate, ci_low=np.nan, ci_high=np.nan, agent_design="", method="",
                      right_pair=False, refusal=f"error: {str(exc)[:140]}", exact_zero=False)
    record["seconds"] = round(time.perf_counter() - started, 2)
    record["within_10pct"] = _within(estimate, case.published, 0.10, ci)
    record["within_25pct"] = _within(estimate, case.published, 0.25, ci)
    record["sign_agrees"] = _sign(estimate, case.published, ci)
    record["naive"] = naive
    record["naive_within_10pct"] = _within(naive, case.published, 0.10, (naive, naive))
    record["naive_within_25pct"] = _within(naive, case.published, 0.25, (naive, naive))
    return record


def summarise(rows: list[dict]) -> list[dict]:
    frame = pd.DataFrame(rows)
    out = []
    for half, g in [*frame.groupby("half", sort=True), ("ALL", frame)]:
        out.append({"half": half, "n": len(g), "within_10pct": round(g.within_10pct.mean(), 3),
                    "within_25pct": round(g.within_25pct.mean(), 3), "sign_agrees": round(g.sign_agrees.mean(), 3),
                    "right_pair": round(g.right_pair.mean(), 3), "refusals": int((g.refusal != "").sum()),
                    "exact_zeros": int(g.exact_zero.sum()),
                    "naive_within_10pct": round(g.naive_within_10pct.mean(), 3),
                    "naive_within_25pct": round(g.naive_within_25pct.mean(), 3),
                    "mean_seconds": round(g.seconds.mean(), 2)})
    return out


def _chosen(half: str) -> list:
    """Half A or B, both ("all"), half C or D (written before the third and fifth sessions' changes)."""
    if half == "C":
        from evals.realistic_cases_c import cases_c
        return cases_c()
    if half == "D":
        from evals.realistic_cases_d import cases_d
        return cases_d()
    return cases(None if half == "all" else half)


def run(half: str = "A", quick: bool = False, seed: int = 0) -> tuple[list[dict], list[dict]]:
    chosen = _chosen(half)
    if quick:
        chosen = chosen[:6]
    rows = [score_case(c, seed) for c in chosen]
    return summarise(rows), rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--half", default="A", choices=["A", "B", "C", "D", "all"])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    from evals.harness import markdown_table

    summary, rows = run(args.half, args.quick)
    print(markdown_table(summary))
    cols = ["id", "half", "design", "agent_design", "published", "estimate", "ci_low", "ci_high", "naive",
            "within_10pct", "within_25pct", "right_pair", "method", "refusal", "seconds"]
    print(markdown_table([{k: r[k] for k in cols} for r in rows]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
