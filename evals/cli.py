"""`causal-agent eval` and `python -m evals`."""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.interfaces.cli import Verb, register_verb


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--suite", action="append", help="suite name (repeatable); default: all")
    p.add_argument("--quick", action="store_true", help="small, fast versions (CI)")
    p.add_argument("--out", default="evals/out", help="output directory")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--list", action="store_true", help="list suites and exit")


def run(args: argparse.Namespace) -> int:
    import evals.suites  # noqa: F401  (registers the suites)
    from evals.harness import SUITES, run_suites

    if args.list:
        for suite in SUITES.values():
            print(f"{suite.name}\t{suite.description}")
        return 0
    names = args.suite or [s.name for s in SUITES.values() if s.in_quick or not args.quick]
    run_suites(names, quick=args.quick, seed=args.seed, out=Path(args.out))
    return 0


register_verb(Verb("eval", "score the agent on benchmarks with baselines", configure, run))
