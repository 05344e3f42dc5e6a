#!/usr/bin/env python3
"""Validate bank.jsonl and print count tables (markdown).  Run: python3 validate.py"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"independence", "direct_cause", "confounder", "collider", "mediator", "causes_of",
         "effects_of", "graph", "effect", "counterfactual", "adjustment"}
STYLES = {"narrative", "terse", "dictionary", "multiple_choice", "negated", "benchmark"}
REQUIRED = ["id", "style", "domain", "split", "columns", "description", "question", "kind",
            "variables", "subject", "conditioning", "negated"]

errors, warnings, rows = [], [], []
with open(os.path.join(HERE, "bank.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            r = json.loads(line)
        except Exception as e:  # noqa: BLE001
            errors.append(f"line {n}: does not parse: {e}")
            continue
        rows.append(r)

ids = Counter(r.get("id") for r in rows)
for i, c in ids.items():
    if c > 1:
        errors.append(f"duplicate id {i}")

for r in rows:
    rid = r.get("id")
    for k in REQUIRED:
        if k not in r:
            errors.append(f"{rid}: missing field {k}")
    if r["kind"] not in KINDS:
        errors.append(f"{rid}: bad kind {r['kind']}")
    if r["style"] not in STYLES:
        errors.append(f"{rid}: bad style {r['style']}")
    if r["split"] not in ("dev", "heldout"):
        errors.append(f"{rid}: bad split")
    cols = r["columns"]
    if not 4 <= len(cols) <= 15 or len(set(cols)) != len(cols):
        errors.append(f"{rid}: columns must be 4-15 unique names")
    names = list(r["variables"]) + list(r["conditioning"]) + ([r["subject"]] if r["subject"] else [])
    for nme in names:
        if nme not in cols:
            errors.append(f"{rid}: {nme!r} not in columns")
    k, v, s = r["kind"], r["variables"], r["subject"]
    if k in ("independence", "direct_cause", "effect", "counterfactual", "adjustment",
             "confounder", "collider", "mediator") and len(v) != 2:
        errors.append(f"{rid}: {k} needs exactly 2 variables")
    if k in ("causes_of", "effects_of") and (len(v) != 1 or s != v[0]):
        errors.append(f"{rid}: {k} needs variables=[Y] and subject=Y")
    if k == "adjustment" and not s:
        errors.append(f"{rid}: adjustment needs a subject")
    if k in ("independence", "direct_cause", "effect", "counterfactual", "graph") and s is not None:
        errors.append(f"{rid}: {k} must have subject null")
    if k != "independence" and r["conditioning"]:
        errors.append(f"{rid}: conditioning only for independence")
    if len(r["conditioning"]) > 3:
        errors.append(f"{rid}: conditioning > 3")
    if s and s in v:
        errors.append(f"{rid}: subject repeated in variables") if k not in ("causes_of", "effects_of") else None
    if k == "direct_cause" and v[0] == v[1] and r["style"] != "multiple_choice":
        errors.append(f"{rid}: degenerate pair outside multiple choice")
    if k not in ("direct_cause",) and len(v) == 2 and v[0] == v[1]:
        errors.append(f"{rid}: degenerate pair for {k}")
    if r["style"] == "multiple_choice":
        if not r.get("options") or r.get("answer_format") != "letter":
            errors.append(f"{rid}: multiple choice needs options and answer_format=letter")
        else:
            for L, t in r["options"].items():
                if f"{L}. {t}" not in r["question"]:
                    errors.append(f"{rid}: option {L} text not found in question")
    elif r.get("options") or r.get("answer_format"):
        errors.append(f"{rid}: options only for multiple choice")
    if r["style"] == "dictionary" and not r["description"]:
        errors.append(f"{rid}: dictionary style needs a description")
    if r["style"] != "dictionary" and r["description"] is not None:
        warnings.append(f"{rid}: description on non-dictionary style")
    if (r["style"] == "negated") != bool(r["negated"]):
        errors.append(f"{rid}: negated flag should be true exactly for negated style")
    if r["style"] == "negated" and not re.search(r"\b(no|not|never|none)\b|n't|\bfalse\b|\brefrain\b",
                                                 r["question"], re.I):
        errors.append(f"{rid}: negated question without a negation word")
    # non-dictionary styles must name every answer column literally (case-insensitive)
    if r["style"] != "dictionary":
        ql = r["question"].lower()
        for nme in names:
            if nme.lower() not in ql:
                errors.append(f"{rid}: {nme!r} not literally in the question")

# ------------------------------------------------------------------ counts
def table(title, key):
    c = Counter(key(r) for r in rows)
    lines = [f"| {title} | n |", "|---|---|"] + [f"| {k} | {v} |" for k, v in sorted(c.items())]
    return "\n".join(lines), c


def crosstab(rowkey, colkey, rvals=None, cvals=None):
    d = defaultdict(Counter)
    for r in rows:
        d[rowkey(r)][colkey(r)] += 1
    rvals = rvals or sorted(d)
    cvals = cvals or sorted({colkey(r) for r in rows})
    out = ["| | " + " | ".join(cvals) + " | total |", "|---" * (len(cvals) + 2) + "|"]
    for rv in rvals:
        out.append(f"| {rv} | " + " | ".join(str(d[rv][cv]) for cv in cvals) + f" | {sum(d[rv].values())} |")
    out.append("| total | " + " | ".join(str(sum(d[rv][cv] for rv in rvals)) for cv in cvals)
               + f" | {len(rows)} |")
    return "\n".join(out)


st_md, st = table("style", lambda r: r["style"])
kd_md, kd = table("kind", lambda r: r["kind"])
dm_md, dm = table("domain", lambda r: r["domain"])
sp_md, sp = table("split", lambda r: r["split"])

for s in STYLES:
    if st[s] < 40:
        errors.append(f"style {s} has only {st[s]} questions")
for k in KINDS:
    if kd[k] < (50 if k == "effect" else 20):
        errors.append(f"kind {k} has only {kd[k]} questions")
if sum(1 for d in dm.values() if d >= 40) < 5:
    errors.append("fewer than 5 domains with >= 40 questions")
if len(rows) < 330:
    errors.append(f"only {len(rows)} questions")

print(f"questions: {len(rows)}\n")
print("## split\n" + sp_md + "\n")
print("## style x kind\n" + crosstab(lambda r: r["style"], lambda r: r["kind"]) + "\n")
print("## style x domain\n" + crosstab(lambda r: r["style"], lambda r: r["domain"]) + "\n")
print("## kind x split\n" + crosstab(lambda r: r["kind"], lambda r: r["split"]) + "\n")
print("## style x split\n" + crosstab(lambda r: r["style"], lambda r: r["split"]) + "\n")
print("## domain x split\n" + crosstab(lambda r: r["domain"], lambda r: r["split"]) + "\n")
cond = Counter(len(r["conditioning"]) for r in rows if r["kind"] == "independence")
print("## independence questions by conditioning-set size\n| size | n |\n|---|---|\n"
      + "\n".join(f"| {k} | {v} |" for k, v in sorted(cond.items())) + "\n")
deg = sum(1 for r in rows if r["kind"] == "direct_cause" and r["variables"][0] == r["variables"][1])
neg = sum(1 for r in rows if r["negated"])
graph_all = sum(1 for r in rows if r["kind"] == "graph" and not r["variables"])
print(f"degenerate X-vs-X direct_cause: {deg}; negated: {neg}; whole-table graph questions: {graph_all}")

for w in warnings:
    print("WARNING", w)
if errors:
    for e in errors:
        print("ERROR", e)
    sys.exit(1)
print("\nOK: all checks passed")
