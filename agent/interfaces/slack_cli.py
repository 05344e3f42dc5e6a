"""``causal-agent slack``: run the Slack bot (Socket Mode by default, ``--http`` for the
Events API over HTTP). Imported by the CLI at startup, so only light imports up here."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from agent.interfaces.cli import Verb, register_verb


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--http", action="store_true",
                   help="serve the Events API on /slack/events (needs SLACK_SIGNING_SECRET) instead of Socket Mode "
                        "(needs SLACK_APP_TOKEN)")
    p.add_argument("--port", type=int, help="HTTP port (default: $PORT, else 3000)")
    p.add_argument("--host", help="HTTP bind address (default 0.0.0.0)")
    p.add_argument("--max-file-mb", type=float, help="largest shared file accepted (default 50)")
    p.add_argument("--rate-per-minute", type=int, help="analyses per user per minute (default 10)")
    p.add_argument("--workers", type=int, help="analyses run at once (default 2)")
    p.add_argument("--queue", type=int, help="analyses allowed to wait before 'busy' (default 4)")
    p.add_argument("--report-format", choices=["md", "html"], help="format of the attached report (default md)")
    p.add_argument("--llm", help="model, e.g. openai:gpt-4o-mini (default: $CAUSAL_AGENT_MODEL, else offline)")
    p.add_argument("--seed", type=int, default=0, help="seed for every random step (default 0)")
    p.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _run(args: argparse.Namespace) -> int:
    from agent.interfaces.slack_config import load_settings

    settings = load_settings(http=args.http, port=args.port, host=args.host, max_file_mb=args.max_file_mb,
                             rate_per_minute=args.rate_per_minute, workers=args.workers, queue=args.queue,
                             report_format=args.report_format, llm=args.llm, seed=args.seed)
    logging.basicConfig(level=getattr(logging, args.log_level), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from agent.interfaces.slack_app import SlackBot

    bot = SlackBot(settings)
    me = bot.check_token()
    if me:
        print(f"Signed in as @{me.get('user', '?')} (team {me.get('team', me.get('team_id', '?'))}) "
              f"via {settings.api_url}", flush=True)
    signal.signal(signal.SIGTERM, _raise_interrupt)

    def ready(message: str) -> None:
        print(message, flush=True)

    try:
        if settings.mode == "http":
            bot.serve_http(ready)
        else:
            bot.serve_socket_mode(ready)
    except KeyboardInterrupt:
        print("Slack bot stopped.", flush=True)
    return 0


DESCRIPTION = """run the Slack bot (Socket Mode, or --http for the Events API)

environment:
  SLACK_BOT_TOKEN       bot token (xoxb-...), required
  SLACK_APP_TOKEN       app-level token (xapp-..., scope connections:write) for Socket Mode
  SLACK_SIGNING_SECRET  signing secret, required with --http
  CAUSAL_AGENT_HOME     where graphs and sessions are kept (default ~/.causal_agent); keep it on a volume
  CAUSAL_AGENT_MODEL    optional LLM, e.g. openai:gpt-4o-mini (default: offline planner)

See README.md, "Slack", for scopes, a Dockerfile and a systemd unit."""

register_verb(Verb("slack", "run the Slack bot (Socket Mode, or --http for the Events API)", _configure, _run,
                   DESCRIPTION))
