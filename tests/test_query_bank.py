"""Accuracy of the offline parser on the question bank (tests/data/question_bank.jsonl).

A question counts as correct when the kind and the key fields (treatment, outcome,
subject; conditioning as a set) match, or, for questions that must be refused, when a
QueryError mentioning the expected text is raised. Rows marked ``split: holdout*`` were
written after the parser and measured before it was tuned on them (see the report)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from agent.query import QueryError
from agent.query_parser import parse_question
from agent.result import QuestionKind

BANK = Path(__file__).parent / "data" / "question_bank.jsonl"
KEY_FIELDS = ("treatment", "outcome", "subject", "conditioning")


def _rows() -> list[dict]:
    return [json.loads(line) for line in BANK.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key_errors(row: dict) -> list[str]:
    """Differences in kind and key fields ([] = correct)."""
    expected = row["expected"]
    try:
        query = parse_question(row["question"], row["columns"], row.get("description"))
    except QueryError as err:
        if "error" in expected and expected["error"].lower() in str(err).lower():
            return []
        return [f"QueryError: {err}"]
    if "error" in expected:
        return [f"expected a QueryError, got kind {query.kind.value}"]
    errors = [] if query.kind.value == expected["kind"] else [f"kind {query.kind.value}"]
    for name in KEY_FIELDS:
        if name not in expected:
            continue
        got, want = getattr(query, name), expected[name]
        if (set(got) != set(want)) if name == "conditioning" else (got != want):
            errors.append(f"{name}={got!r} (want {want!r})")
    return errors


def _extra_errors(row: dict) -> list[str]:
    """Differences in the other expected fields (method, rounding, controls, values, options, ...)."""
    expected = row["expected"]
    if "error" in expected:
        return []
    query = parse_question(row["question"], row["columns"], row.get("description"))
    data = query.model_dump(mode="json")
    errors = []
    for name, want in expected.items():
        if name in KEY_FIELDS or name == "kind":
            continue
        if name == "ambiguous":
            got = bool(query.ambiguities)
        elif name == "options":
            got = [[o.letter, o.relation, o.source, o.target] for o in query.options]
        elif name == "controls" and data[name] is not None and want is not None:
            got, want = set(data[name]), set(want)
        else:
            got = data[name]
        if got != want:
            errors.append(f"{name}={got!r} (want {want!r})")
    return errors


def test_bank_is_large_varied_and_covers_every_kind():
    rows = _rows()
    assert len(rows) >= 200
    kinds = {r["expected"].get("kind", "error") for r in rows}
    assert kinds == {k.value for k in QuestionKind} | {"error"}
    assert len({tuple(r["columns"]) for r in rows}) >= 20  # many column sets and naming styles
    assert sum("description" in r for r in rows) >= 20
    assert sum(bool(r["expected"].get("options")) for r in rows) >= 4
    for row in rows:
        if "kind" in row["expected"]:
            QuestionKind(row["expected"]["kind"])  # a typo in the bank fails here


def test_accuracy_per_kind():
    rows = _rows()
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    splits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for row in rows:
        errors = _key_errors(row)
        kind = row["expected"].get("kind", "error (refused)")
        for bucket in (table[kind], splits[row.get("split", "main")]):
            bucket[0] += not errors
            bucket[1] += 1
        if errors:
            failures.append(f"{row['id']}: {row['question'][:70]!r}: {'; '.join(errors)}")
    correct = sum(v[0] for v in table.values())
    total = sum(v[1] for v in table.values())
    print("\n| kind | correct | total | accuracy |\n|---|---|---|---|")  # shown with pytest -s
    for kind in sorted(table):
        ok, n = table[kind]
        print(f"| {kind} | {ok} | {n} | {ok / n:.0%} |")
    print(f"| **all** | {correct} | {total} | {correct / total:.1%} |")
    print("by split: " + ", ".join(f"{s} {ok}/{n}" for s, (ok, n) in sorted(splits.items())))
    for line in failures:
        print("  miss:", line)
    assert correct / total >= 0.95, "\n".join(failures)


def test_extra_fields_accuracy():
    rows = [r for r in _rows() if "error" not in r["expected"] and set(r["expected"]) - {"kind", *KEY_FIELDS}]
    failures = [f"{r['id']}: {e}" for r in rows if (e := _extra_errors(r))]
    assert len(rows) >= 60
    assert 1 - len(failures) / len(rows) >= 0.95, "\n".join(failures)


@pytest.mark.parametrize("row", [r for r in _rows() if r["id"] == "effect-05"], ids=lambda r: r["id"])
def test_method_plus_rounding_example_from_the_brief(row):
    query = parse_question(row["question"], row["columns"])
    assert (query.kind.value, query.method_hint.value, query.controls, query.precision) == \
        ("effect", "ols", [], 2)  # "linear regression" = the OLS coefficient (issue 16)
