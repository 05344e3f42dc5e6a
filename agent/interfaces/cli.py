"""The ``causal-agent`` command line. Verbs: analyze, demo, memory, chat, slack, eval.

Errors a user can fix print one clear line (exit 2); nothing prints a traceback unless
``--debug`` is given. Heavy libraries load only inside the verb that needs them."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import Callable

EXIT_USAGE = 2
EXIT_INTERNAL = 1


@dataclass(frozen=True)
class Verb:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str = ""  # longer text for ``VERB --help`` (environment variables, examples)


def _configure_analyze(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", help="CSV, TSV or Parquet file")
    p.add_argument("question", nargs="?", default="", help='e.g. "What is the effect of X on Y?"')
    p.add_argument("--treatment", "-t", help="treatment column (overrides what the question names)")
    p.add_argument("--outcome", "-y", help="outcome column (overrides what the question names)")
    p.add_argument("--graph", help="a .dot/.json/.txt graph file, an edge list 'A -> B; B -> C', or a stored key")
    p.add_argument("--knowledge", help="JSON file or string: {\"required\": [[a, b]], \"forbidden\": [[a, b]], "
                                       "\"tiers\": [[...], [...]]}")
    p.add_argument("--description", help="free-text description or data dictionary (text or a file path)")
    from tools.design.model import StudyDesign

    p.add_argument("--design", choices=[d.value for d in StudyDesign],
                   help="the study design of an effect question (default: recognised from the data and description)")
    p.add_argument("--seed", type=int, default=0,
                   help="seed for every random step (same data, question and seed: same answer); default 0")
    p.add_argument("--json", action="store_true", help="print the result as JSON (to_dict())")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")
    p.add_argument("--report", help="write the report to this file (.md or .html)")
    p.add_argument("--llm", help="model, e.g. openai:gpt-4o-mini (default: $CAUSAL_AGENT_MODEL, else offline)")
    p.add_argument("--llm-profile", choices=["full", "small"], default=None,
                   help="small: one tool and a short prompt per planner request, for local models with short "
                        "contexts (default: $CAUSAL_AGENT_LLM_PROFILE, else full)")
    p.add_argument("--llm-knowledge", action="store_true",
                   help="with --llm: ask the model once for domain knowledge (directions, impossible edges, hidden "
                        "confounders); every item is checked against the data and only what passes is used")
    p.add_argument("--namespace", default="default", help="graph memory namespace")
    p.add_argument("--executor", choices=["local", "ray"], default="local",
                   help="where bootstrap resamples, refuter simulations and econml cross-fitting run "
                        "(ray: pip install 'causal-agent[ray]'); same results either way")


def _read_maybe_file(value: str | None) -> str | None:
    from pathlib import Path

    if value and len(value) < 512 and "\n" not in value and Path(value).is_file():
        return Path(value).read_text(encoding="utf-8-sig")
    return value


def _run_analyze(args: argparse.Namespace) -> int:
    from agent.agent import CausalAgent

    knowledge = _read_maybe_file(args.knowledge)
    if knowledge is not None:
        try:
            knowledge = json.loads(knowledge)
        except json.JSONDecodeError as exc:
            raise ValueError(f"--knowledge is not valid JSON ({exc}).") from None
    agent = CausalAgent(llm=args.llm, namespace=args.namespace, seed=args.seed, executor=args.executor,
                        llm_profile=args.llm_profile, llm_knowledge=args.llm_knowledge)
    progress = None if args.quiet else StepProgress(sys.stderr)
    res = agent.analyze(args.data, args.question, treatment=args.treatment, outcome=args.outcome,
                        graph=args.graph, knowledge=knowledge, seed=args.seed,
                        description=_read_maybe_file(args.description), design=args.design,
                        on_start=progress.started if progress else None,
                        on_step=progress.finished if progress else None)
    if args.report:
        res.report.save(args.report)
    if args.json:
        print(json.dumps(res.to_dict(), indent=2))
    else:
        _print_summary(res)
        if args.report:
            print(f"Report written to {args.report}")
    return 0


class StepProgress:
    """One line per step on stderr as it starts and as it ends (also when stderr is not a
    terminal), so a long discovery shows what is running."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def started(self, tool: str) -> None:
        print(f"… {tool}", file=self.stream, flush=True)

    def finished(self, step) -> None:
        if step.tool is None:
            return
        mark = "done" if step.ok else "failed"
        print(f"  {step.tool} {mark} in {step.duration_s:.1f} s", file=self.stream, flush=True)


def _print_summary(res) -> None:
    from agent.interfaces.cli_layout import render

    print(render(res))


def _configure_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--report", default="causal_agent_demo_report.html", help="where to write the report")
    p.add_argument("--seed", type=int, default=0)


def _run_demo(args: argparse.Namespace) -> int:
    from agent.agent import CausalAgent
    from agent.demo import DEMO_QUESTION, DEMO_TRUE_EFFECT, demo_data

    df = demo_data(seed=args.seed)
    print(f"Demo: {len(df)} simulated rows with V → X ← Z, Z → Y, X → Y (true effect {DEMO_TRUE_EFFECT}), Z → W.")
    print(f"Question: {DEMO_QUESTION}\n")
    res = CausalAgent(seed=args.seed).analyze(df, DEMO_QUESTION)
    _print_summary(res)
    res.report.save(args.report)
    print(f"Report written to {args.report}")
    return 0


def _configure_memory(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["list", "show", "delete", "history"])
    p.add_argument("key", nargs="?")
    p.add_argument("--namespace", default="default")
    p.add_argument("--format", choices=["text", "json", "dot"], default="text")


def _run_memory(args: argparse.Namespace) -> int:
    from memory.store import default_store

    store = default_store()
    if args.action == "list":
        entries = store.list(namespace=args.namespace)
        if args.format == "json":
            print(json.dumps([e.summary() for e in entries], indent=2, default=str))
        for e in entries if args.format != "json" else []:
            prov = e.provenance
            print(f"{e.key}\tv{e.version}\t{e.graph.graph_type.value}\t{len(e.graph.edges)} edges\t"
                  f"{prov.algorithm or prov.source}")
        if not entries and args.format != "json":
            print(f"No graphs stored in namespace '{args.namespace}'.")
        return 0
    if not args.key:
        raise ValueError(f"'memory {args.action}' needs a KEY: causal-agent memory {args.action} KEY")
    if args.action == "delete":
        removed = store.delete(args.key, namespace=args.namespace)
        print(f"Deleted '{args.key}' ({removed} version(s)).")
        return 0
    if args.action == "history":
        for e in store.history(args.key, namespace=args.namespace):
            print(f"v{e.version}\t{e.provenance.source}\t{e.provenance.algorithm}\t{len(e.graph.edges)} edges")
        return 0
    stored = store.get(args.key, namespace=args.namespace)
    if args.format == "json":
        print(json.dumps({**stored.summary(), "graph": stored.graph.to_dict()}, indent=2, default=str))
    elif args.format == "dot":
        print(stored.graph.to_dot())
    else:
        prov = stored.provenance
        print(f"{stored.key} (v{stored.version}, namespace {stored.namespace})")
        print(f"type: {stored.graph.graph_type.value}; nodes: {', '.join(stored.graph.nodes)}")
        print(f"provenance: source={prov.source} algorithm={prov.algorithm} seed={prov.seed} "
              f"data={prov.data_fingerprint} params={json.dumps(prov.parameters, default=str)}")
        for line in stored.graph.edge_list_text():
            print(f"  {line}")
    return 0


VERBS: list[Verb] = [
    Verb("analyze", "answer a causal question about a data file", _configure_analyze, _run_analyze),
    Verb("demo", "run a full analysis on generated data (no keys needed)", _configure_demo, _run_demo),
    Verb("memory", "list, show, history or delete stored causal graphs", _configure_memory, _run_memory),
]


def register_verb(verb: Verb) -> None:
    if any(v.name == verb.name for v in VERBS):
        raise ValueError(f"CLI verb {verb.name!r} already exists.")
    VERBS.append(verb)


def _load_optional_verbs() -> None:
    """Front ends that live in their own modules register their verbs here."""
    import importlib

    for module in ("agent.interfaces.chat_cli", "agent.interfaces.slack_cli", "agent.interfaces.mcp_cli",
                   "evals.cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def build_parser() -> argparse.ArgumentParser:
    _load_optional_verbs()
    parser = argparse.ArgumentParser(prog="causal-agent", description="Ask causal questions about a table.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb in VERBS:
        verb.configure(sub.add_parser(verb.name, help=verb.help, description=verb.description or verb.help,
                                      formatter_class=argparse.RawDescriptionHelpFormatter))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.verb:
        parser.print_help()
        return EXIT_USAGE
    handler = next(v.run for v in VERBS if v.name == args.verb)
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("Cancelled.", file=sys.stderr)
        return 130
    except (ValueError, LookupError, OSError, ImportError) as exc:  # missing optional extra, DataError, QueryError, GraphError, GraphNotFound, files
        if args.debug:
            raise
        message = exc.args[0] if isinstance(exc, LookupError) and exc.args else str(exc)
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
