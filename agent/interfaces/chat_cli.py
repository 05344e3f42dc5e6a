"""Registers the ``chat`` verb. Kept light: the chat's heavy imports happen inside ``run``."""

from __future__ import annotations

import argparse

from agent.interfaces.cli import Verb, register_verb


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", nargs="*", help="CSV/TSV/Parquet files to load (NAME=PATH names a dataset)")
    p.add_argument("--llm", help="model, e.g. openai:gpt-4o-mini (default: $CAUSAL_AGENT_MODEL, else offline)")
    p.add_argument("--llm-knowledge", action="store_true",
                   help="with --llm: ask the model for domain knowledge, checked against the data (see /knowledge)")
    p.add_argument("--namespace", default="default", help="graph memory namespace")
    p.add_argument("--seed", type=int, default=0)


def _run(args: argparse.Namespace) -> int:
    from agent.interfaces.chat import run_chat

    return run_chat(args)


register_verb(Verb("chat", "talk with the agent about your data, turn by turn", _configure, _run))
