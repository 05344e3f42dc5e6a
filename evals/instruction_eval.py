"""The instructions suite: effect questions that say how to do the analysis (method,
covariates, sample, estimand, scale, rounding/sign, per-group, adjustment advice), asked
through ``CausalAgent().analyze(df, question, description=...)``. Cases and their
independently computed expectations are in ``instruction_cases``; half B is held out.

    python -m evals.instruction_eval [--half A|B|C|D|E|all]

A number counts as right within 3 % relative of the expected value (1e-9 absolute for an
expected zero); a per-group answer when every group does; advice when yes/no agrees (and the
reason category is reported)."""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from evals.instruction_cases import InstructionCase, cases

TOLERANCE = 0.03


def _close(got: float | None, want: float) -> bool:
    if got is None or not np.isfinite(got):
        return False
    return abs(got - want) <= max(TOLERANCE * abs(want), 1e-9)


def _per_group(res) -> dict:
    e = res.effect
    return {r["level"]: r["estimate"] for r in (e.subgroups if e is not None else [])}


def _yes_no(answer: str) -> str:
    return "yes" if answer.lower().startswith("yes") else "no" if answer.lower().startswith("no") else answer


def score_case(case: InstructionCase, seed: int = 0) -> dict:
    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    df = case.load()
    want = case.expected(df)
    row = {"id": case.id, "half": case.half, "kind": case.kind, "expected": want}
    started = time.perf_counter()
    try:
        res = CausalAgent(store=InMemoryGraphStore(), seed=seed).analyze(df, case.question,
                                                                          description=case.description)
        if case.answer_type == "yes_no":
            got = _yes_no(res.answer)
            reason = (res.details.get("tool_results", {}).get("advise_adjustment") or {}).get("reason", "")
            ok = got == want
            row.update(got=got, reason=reason, reason_ok=reason == case.reason or
                       (case.reason == "descendant" and reason in ("descendant", "collider")))
        elif case.answer_type == "per_group":
            got = _per_group(res)
            ok = bool(got) and all(_close(got.get(str(k)), float(v)) for k, v in want.items())
        else:
            got = res.value if isinstance(res.value, (int, float)) else (res.effect.estimate if res.effect else None)
            ok = _close(got, float(want))
        row.update(got=got, ok=bool(ok), answer=res.answer[:40])
    except ValueError as exc:
        row.update(got=None, ok=False, answer=f"error: {str(exc)[:80]}")
    row["seconds"] = round(time.perf_counter() - started, 2)
    return row


def summarise(rows: list[dict]) -> list[dict]:
    frame = pd.DataFrame(rows)
    out = []
    for (half, kind), g in frame.groupby(["half", "kind"], sort=True):
        out.append({"half": half, "kind": kind, "n": len(g), "right": int(g.ok.sum()), "share": round(g.ok.mean(), 3)})
    for half, g in frame.groupby("half", sort=True):
        out.append({"half": half, "kind": "ALL", "n": len(g), "right": int(g.ok.sum()), "share": round(g.ok.mean(), 3)})
    return out


def _chosen(half: str) -> list:
    """Half A or B, both ("all"), half C, D or E (written before the third, fourth and fifth
    sessions' changes)."""
    if half == "C":
        from evals.instruction_cases_c import cases_c
        return cases_c()
    if half == "D":
        from evals.instruction_cases_d import cases_d
        return cases_d()
    if half == "E":
        from evals.instruction_cases_e import cases_e
        return cases_e()
    return cases(None if half == "all" else half)


def run(half: str = "A", seed: int = 0) -> tuple[list[dict], list[dict]]:
    rows = [score_case(c, seed) for c in _chosen(half)]
    return summarise(rows), rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--half", default="A", choices=["A", "B", "C", "D", "E", "all"])
    args = parser.parse_args(argv)
    from evals.harness import markdown_table

    summary, rows = run(args.half)
    print(markdown_table(summary))
    print(markdown_table([{k: r.get(k) for k in ("id", "kind", "expected", "got", "ok", "answer")} for r in rows]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
