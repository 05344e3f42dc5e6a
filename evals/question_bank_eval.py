"""Question bank v2 (``evals/question_bank_v2/bank.jsonl``, written without reading the
parser): does the offline parser read each question's kind and variables? The held-out third
is scored only when asked for (``--split heldout``).

    python -m evals.question_bank_eval [--split dev|heldout|all]

A question counts as right when the kind matches and the variables match as the bank's
conventions define them (the pair in order for effect/direct cause/counterfactual/adjustment;
as a set for independence, confounder, collider, mediator and graph; the subject where the
bank names one; the conditioning set for independence). Crashes (exceptions other than the
parser's own QueryError) are counted separately."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

BANK = Path(__file__).resolve().parent / "question_bank_v2" / "bank.jsonl"
ORDERED = {"effect", "direct_cause", "counterfactual", "adjustment"}


def _variables(kind: str, q) -> list[str]:
    if kind in ("causes_of", "effects_of"):
        return [q.subject] if q.subject else []
    if kind == "graph":
        return list(q.graph_variables)
    pair = [q.treatment, q.outcome]
    if kind == "independence" or kind in ("confounder", "collider", "mediator"):
        return [v for v in pair if v]
    return pair


def score_row(row: dict) -> dict:
    from agent.query import QueryError
    from agent.query_parser import parse_question

    out = {"id": row["id"], "style": row["style"], "domain": row["domain"], "split": row["split"],
           "kind": row["kind"]}
    try:
        q = parse_question(row["question"], row["columns"], row.get("description"))
    except QueryError as exc:
        return {**out, "got_kind": "error", "kind_ok": False, "vars_ok": False, "crash": False, "error": str(exc)[:80]}
    except Exception as exc:  # noqa: BLE001 - a crash is what this counts
        return {**out, "got_kind": "crash", "kind_ok": False, "vars_ok": False, "crash": True,
                "error": f"{type(exc).__name__}: {str(exc)[:80]}"}
    kind = q.kind.value
    if row["kind"] == "causes_of" and kind == "overview":
        kind = "causes_of"  # our 'what drives Y' kind: the causes of Y, ranked by their effects (a superset)
    got = _variables(row["kind"], q)
    want = list(row["variables"])
    if row["kind"] in ORDERED:
        vars_ok = got == want
    else:
        vars_ok = set(got) == set(want)
    if row.get("subject"):
        vars_ok = vars_ok and q.subject == row["subject"]
    if row["kind"] == "independence":
        vars_ok = vars_ok and set(q.conditioning) == set(row.get("conditioning") or [])
    return {**out, "got_kind": kind, "kind_ok": kind == row["kind"], "vars_ok": bool(vars_ok and kind == row["kind"]),
            "crash": False, "error": "" if kind == row["kind"] else f"got {kind} {got}"}


def run(split: str = "dev") -> tuple[list[dict], list[dict]]:
    rows = [json.loads(line) for line in BANK.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if split == "all" or r["split"] == split]
    scored = [score_row(r) for r in rows]
    frame = pd.DataFrame(scored)
    summary = []
    for by in ("style", "kind"):
        for name, g in frame.groupby(by, sort=True):
            summary.append({"by": by, "group": name, "n": len(g), "kind_ok": round(g.kind_ok.mean(), 3),
                            "kind_and_variables_ok": round(g.vars_ok.mean(), 3), "crashes": int(g.crash.sum())})
    summary.append({"by": "ALL", "group": split, "n": len(frame), "kind_ok": round(frame.kind_ok.mean(), 3),
                    "kind_and_variables_ok": round(frame.vars_ok.mean(), 3), "crashes": int(frame.crash.sum())})
    return summary, scored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev", choices=["dev", "heldout", "all"])
    parser.add_argument("--misses", action="store_true", help="list the misses")
    args = parser.parse_args(argv)
    from evals.harness import markdown_table

    summary, scored = run(args.split)
    print(markdown_table(summary))
    if args.misses:
        print(markdown_table([{k: r[k] for k in ("id", "kind", "got_kind", "error")} for r in scored
                              if not r["vars_ok"]]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
