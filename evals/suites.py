"""Suite registrations. Each adapter turns one benchmark module into a SuiteResult."""

from __future__ import annotations

from evals.harness import Suite, SuiteResult, register_suite


def _questions(quick: bool, seed: int) -> SuiteResult:
    from evals import questions_suite

    report = questions_suite.run(n_scms=2 if quick else 8, n_rows=2000 if quick else 3000, seed=seed)
    rows = report.table()
    overall = sum(r["accuracy"] * r["n"] for r in rows) / max(1, sum(r["n"] for r in rows))
    wrong = sum(r["wrong"] * r["n"] for r in rows) / max(1, sum(r["n"] for r in rows))
    return SuiteResult("questions", tables={"accuracy per kind (truth from the SCM)": rows},
                       metrics={"accuracy": overall, "confidently_wrong": wrong},
                       notes=["'abstained' = the agent answered uncertain / not identifiable: the equivalence "
                              "class or the data did not decide; it is not counted as correct."])


def _cost(quick: bool, seed: int) -> SuiteResult:
    from evals import cost_suite

    rows = cost_suite.run(seed=seed, repeats=1 if quick else 3)
    return SuiteResult("cost", tables={"LLM calls, tokens and wall time per analysis": rows},
                       metrics={r["planner"]: r["seconds"] for r in rows})


register_suite(Suite("questions", "four-level questions + counterfactuals over simulated SCMs", _questions))
register_suite(Suite("cost", "LLM calls/tokens (scripted model) and wall time per analysis", _cost))
