"""What the bot does with one ``Incoming`` message.

``accept`` runs on Bolt's listener thread (after the 3 s ack): de-duplicate, rate-limit,
hand the job to the bounded pool or say "busy". ``process`` runs on a pool worker: run a
memory command, or load any shared table into the thread's ``Session`` and ask it the
question, with a progress message, a threaded answer, the graph PNG and the report."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

from agent.interfaces.slack_commands import CommandContext, match_command
from agent.interfaces.slack_config import SlackSettings
from agent.interfaces.slack_errors import reply_for
from agent.interfaces.slack_events import Incoming
from agent.interfaces.slack_files import SlackFile, check_declared, download, looks_tabular, parse_table
from agent.interfaces.slack_format import HELP_TEXT, answer_blocks, answer_message, markdown_to_mrkdwn, truncate
from agent.interfaces.slack_limits import BoundedPool, PoolBusy, RateLimiter, RecentKeys
from agent.interfaces.slack_replies import Attachment, Progress, ThreadReplier
from agent.interfaces.slack_sessions import SessionDirectory, ThreadState

BUSY_TEXT = "I'm busy with other analyses right now — please try again in a minute or two."
NEED_DATA_TEXT = ("I need a table first: share a CSV, TSV or Parquet file in this channel (or attach it to your "
                  "message) and ask again.")
FAILED_KINDS = {"error", "cancelled"}
STOPPED_TEXT = "I stopped before finishing because I am shutting down. Please ask again in a minute."


@dataclass
class SlackHandler:
    client: Any  # slack_sdk.WebClient
    settings: SlackSettings
    directory: SessionDirectory
    store: Any  # memory.store.GraphStore shared by every session
    pool: BoundedPool
    limiter: RateLimiter
    stop: threading.Event
    seen: RecentKeys

    # ------------------------------------------------------------------ listener thread
    def accept(self, incoming: Incoming | None) -> None:
        """Decide quickly whether and how to queue a message; never blocks on analysis."""
        if incoming is None or not self.seen.first_time(incoming.dedupe_key):
            return
        replier = ThreadReplier(self.client, incoming.channel_id, incoming.thread_ts)
        if not incoming.is_question and not any(looks_tabular(SlackFile.from_event(f)) for f in incoming.files):
            return  # someone shared a PDF in the channel: not for us
        command = None
        if incoming.is_question and (incoming.text or not incoming.files):
            command = match_command(incoming.text or "help")  # a bare mention gets the help text
        if command is None:
            wait = self.limiter.try_acquire((incoming.team_id, incoming.user_id))
            if wait > 0:
                replier.say(f"You have asked for {self.limiter.limit} analyses in the last minute, my limit per "
                            f"person. Please try again in {math.ceil(wait)} s.")
                return
        try:
            self.pool.submit(self.process, incoming, command)
        except PoolBusy:
            replier.say(BUSY_TEXT)
            return
        replier.react(incoming.ts, "eyes")

    # ------------------------------------------------------------------ worker thread
    def process(self, incoming: Incoming, command: Any = None) -> None:
        replier = ThreadReplier(self.client, incoming.channel_id, incoming.thread_ts)
        try:
            if command is not None:
                replier.say(self._run_command(incoming, *command))
            else:
                self._analyse(incoming, replier)
        except Exception as exc:  # every failure becomes a plain-words reply
            from agent.planners.base import AnalysisCancelled

            text = STOPPED_TEXT if isinstance(exc, AnalysisCancelled) else reply_for(exc, "handling a Slack message")
            replier.say(text)

    def _run_command(self, incoming: Incoming, command: Any, match: Any) -> str:
        ctx = CommandContext(namespace=incoming.key.namespace, store=self.store, addressed=incoming.addressed,
                             thread=self.directory.existing_thread(incoming.key))
        return command.run(ctx, match)

    def _analyse(self, incoming: Incoming, replier: ThreadReplier) -> None:
        state, _created = self.directory.thread(incoming.key)
        with state.lock:
            summary = self._load_shared_table(incoming, state)
            if not incoming.is_question or not incoming.text:
                replier.say(_loaded_text(summary) if summary else HELP_TEXT)
                return
            if state.dataset is None and self._use_channel_table(incoming, state) is None:
                replier.say(NEED_DATA_TEXT)
                return
            progress = Progress(replier).start()
            try:
                turn = state.session.ask(incoming.text, on_step=progress.on_step, should_cancel=self.stop.is_set,
                                         on_start=progress.on_start)
            except BaseException:
                progress.finish(failed=True)
                raise
            stopped = turn.kind == "cancelled" and self.stop.is_set()
            text = STOPPED_TEXT if stopped else answer_message(turn)
            if not progress.replace_if_idle(text):  # a turn that ran no steps: the reply takes its place
                progress.finish(failed=turn.kind in FAILED_KINDS)
                replier.say(text, blocks=None if stopped else answer_blocks(turn))
            replier.attach(self._attachments(turn, state))

    # ------------------------------------------------------------------ data
    def _load_shared_table(self, incoming: Incoming, state: ThreadState) -> str | None:
        """Download, check and parse the first tabular file of the message into the session;
        return the session's summary of it (None when the message has no file)."""
        if not incoming.files:
            return None
        files = [SlackFile.from_event(f) for f in incoming.files]
        chosen = next((f for f in files if looks_tabular(f)), files[0])
        check_declared(chosen, self.settings.max_file_bytes)
        if not chosen.url:
            chosen = self._file_info(chosen)
        raw = download(chosen, self.settings.bot_token, self.settings.max_file_bytes, self.settings.api_url)
        frame = parse_table(chosen, raw, self.settings.max_file_bytes)
        summary = self._load_into(state, chosen.name, frame)
        self.directory.remember_table(incoming.team_id, incoming.channel_id, state.dataset, frame)
        return summary

    def _file_info(self, f: SlackFile) -> SlackFile:
        """Events sometimes carry a stub file object; ``files.info`` has the download link."""
        response = self.client.files_info(file=f.id)
        return SlackFile.from_event(response.get("file") or {})

    def _use_channel_table(self, incoming: Incoming, state: ThreadState) -> str | None:
        """Start a thread with the table most recently shared in the channel, if any."""
        shared = self.directory.latest_table(incoming.team_id, incoming.channel_id)
        return None if shared is None else self._load_into(state, shared.name, shared.frame)

    @staticmethod
    def _load_into(state: ThreadState, name: str, frame: Any) -> str:
        """Load into the session under a short name; return its summary (Markdown)."""
        short = (name.rsplit(".", 1)[0] if "." in name else name).strip()[:80] or "data"
        summary = state.session.load_dataset(short, frame)
        state.dataset = short
        return summary

    # ------------------------------------------------------------------ attachments
    def _attachments(self, turn: Any, state: ThreadState) -> list[Attachment]:
        """The graph PNG (when it is new to the thread, changed, or asked for) and the report."""
        result = getattr(turn, "result", None)
        graph = getattr(result, "graph", None) if result is not None else None
        key = (getattr(result, "graph_key", None) if result is not None else None) or ""
        if result is None and turn.kind == "graph":  # "show the graph"
            graph, key = state.session.graph, state.session.graph_key or ""
        files: list[Attachment] = []
        fresh = turn.graph_changed or turn.kind == "graph" or state.graph_posted != key
        if graph is not None and fresh:
            png = _graph_png(graph)
            if png is not None:
                files.append(Attachment("causal_graph.png", png, f"Causal graph {key}".strip()))
                state.graph_posted = key
        report = getattr(result, "report", None) if result is not None else None
        if report is not None:
            files.append(_report_attachment(report, self.settings.report_format))
        return files


def _graph_png(graph: Any) -> bytes | None:
    """Draw the graph; a drawing failure is logged and costs only the picture, not the answer."""
    from agent.report.figures import graph_png

    try:
        return graph_png(graph)
    except Exception as exc:
        reply_for(exc, "drawing the graph")
        return None


def _report_attachment(report: Any, fmt: str) -> Attachment:
    """The report as HTML when configured (falling back to Markdown if rendering fails)."""
    if fmt == "html":
        try:
            return Attachment("causal_report.html", report.to_html(), "Full report (HTML)")
        except Exception as exc:
            reply_for(exc, "rendering the HTML report")
    return Attachment("causal_report.md", str(report), "Full report")


def _loaded_text(summary: str) -> str:
    return (truncate(markdown_to_mrkdwn(summary), 2500) + "\nMention me in this thread with a causal question, "
            "e.g. _What is the effect of A on B?_")
