"""Posting into a Slack thread: text replies, the edited progress message, reactions and
file attachments (``files_upload_v2``). Thin wrappers over ``slack_sdk.WebClient`` that log
API failures instead of raising where a failed nicety must not lose the answer."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from agent.interfaces.slack_format import progress_message, step_label

log = logging.getLogger("causal_agent.slack")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes | str
    title: str


@dataclass
class ThreadReplier:
    """Everything the bot says in one thread goes through here."""

    client: Any  # slack_sdk.WebClient
    channel: str
    thread_ts: str

    def say(self, text: str, blocks: list[dict] | None = None) -> str | None:
        """Post ``text`` in the thread (laid out as ``blocks`` when given; ``text`` is then the
        notification and fallback); return the message ts (None if Slack refused)."""
        from slack_sdk.errors import SlackApiError

        extra = {"blocks": blocks} if blocks else {}
        try:
            response = self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, text=text,
                                                    unfurl_links=False, unfurl_media=False, **extra)
            return response.get("ts")
        except (SlackApiError, OSError) as exc:
            log.error("chat.postMessage failed in %s: %s", self.channel, _why(exc))
            return None

    def edit(self, ts: str, text: str) -> bool:
        """Replace the text of one of our messages; False if Slack refused."""
        from slack_sdk.errors import SlackApiError

        try:
            self.client.chat_update(channel=self.channel, ts=ts, text=text)
            return True
        except (SlackApiError, OSError) as exc:
            log.warning("chat.update failed in %s: %s", self.channel, _why(exc))
            return False

    def react(self, ts: str, name: str) -> None:
        from slack_sdk.errors import SlackApiError

        try:
            self.client.reactions_add(channel=self.channel, timestamp=ts, name=name)
        except (SlackApiError, OSError) as exc:  # already_reacted, missing scope: not worth a message
            log.debug("reactions.add failed: %s", _why(exc))

    def attach(self, files: list[Attachment]) -> bool:
        """Upload files into the thread in one ``files_upload_v2`` call; False if it failed."""
        from slack_sdk.errors import SlackApiError, SlackRequestError

        if not files:
            return True
        uploads = [{"content": f.content, "filename": f.filename, "title": f.title} for f in files]
        try:
            self.client.files_upload_v2(file_uploads=uploads, channel=self.channel, thread_ts=self.thread_ts)
            return True
        except (SlackApiError, SlackRequestError, OSError) as exc:
            log.error("files_upload_v2 failed in %s: %s", self.channel, _why(exc))
            self.say("I could not attach the graph and report to this thread. Check that the app has the "
                     "files:write scope.")
            return False


def _why(exc: Exception) -> Any:
    response = getattr(exc, "response", None)
    return response.get("error") if hasattr(response, "get") else exc


@dataclass
class Progress:
    """The 'Working on it…' message, edited (at most every ``min_interval_s``) as steps finish."""

    replier: ThreadReplier
    min_interval_s: float = 1.0
    steps: list[str] = field(default_factory=list)
    ts: str | None = None
    running: str | None = None  # the step running now (shown until it finishes)
    _last_edit: float = 0.0
    _started: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> "Progress":
        self.ts = self.replier.say(progress_message([]))
        self._last_edit = time.monotonic()
        return self

    def on_start(self, tool: str) -> None:
        """``on_start`` callback for ``Session.ask``: the step now running shows in the message."""
        with self._lock:
            self.running = tool.replace("_", " ")
            now = time.monotonic()
            if self.ts is None or now - self._last_edit < self.min_interval_s:
                return
            self._last_edit = now
        self.replier.edit(self.ts, progress_message(self.steps, running=self.running))

    def on_step(self, step: Any) -> None:
        """``on_step`` callback for ``Session.ask``."""
        with self._lock:
            self.running = None
            self.steps.append(step_label(step))
            now = time.monotonic()
            if self.ts is None or now - self._last_edit < self.min_interval_s:
                return
            self._last_edit = now
        self.replier.edit(self.ts, progress_message(self.steps))

    def replace_if_idle(self, text: str) -> bool:
        """If no step ran (an explanation, a graph listing), turn the progress message into
        the reply itself rather than leave a "Done in 0.0 s" behind. True when done."""
        if self.steps or self.ts is None:
            return False
        return self.replier.edit(self.ts, text)

    def finish(self, failed: bool = False) -> None:
        if self.ts is None:
            return
        if failed:
            text = ":warning: Stopped: see the message below."
        else:
            text = progress_message(self.steps, finished=True, seconds=time.monotonic() - self._started)
        self.replier.edit(self.ts, text)
