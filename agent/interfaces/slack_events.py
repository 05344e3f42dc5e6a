"""From a raw Slack event to a typed ``Incoming`` message — or to nothing.

Ignored: the bot's own messages and any bot's, edits/deletions (``message_changed`` …),
joins and other subtypes, and channel messages that neither mention the bot, share a
file, nor reply in a thread the bot is already working in. Pure functions; the caller
decides what to do with an ``Incoming``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from agent.interfaces.slack_sessions import ThreadKey

HANDLED_SUBTYPES = {None, "file_share", "thread_broadcast"}
MAX_TEXT_CHARS = 4000
DM_SESSION = "dm"
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


@dataclass(frozen=True)
class Incoming:
    """One user message the bot should act on."""

    team_id: str
    channel_id: str
    user_id: str
    ts: str
    thread_ts: str  # the thread root: the message's own ts when it starts a thread
    text: str  # with the bot's mention removed
    addressed: bool  # a mention or a direct message: needed for destructive commands
    is_dm: bool = False
    is_question: bool = True  # False for a file shared in a channel without talking to the bot
    files: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def key(self) -> ThreadKey:
        """The session this message belongs to: its thread in a channel; the whole
        conversation in a DM (people rarely use threads there)."""
        return ThreadKey(self.team_id, self.channel_id, DM_SESSION if self.is_dm else self.thread_ts)

    @property
    def dedupe_key(self) -> tuple[str, str, bool]:
        """A mention arrives as both ``app_mention`` and ``message``: same channel and ts.
        A bare file load and a question about the same message are kept apart, so a
        question is never swallowed by a load that happened to arrive first."""
        return (self.channel_id, self.ts, self.is_question)


def strip_mentions(text: str, bot_user_id: str | None, leading: bool = False) -> str:
    """Remove mentions of the bot (other users' mentions stay). With ``leading`` and no
    known bot id (``auth.test`` unavailable), drop the mention an ``app_mention`` starts with."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    elif leading:
        text = re.sub(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>", " ", text)
    return " ".join(text.split())[:MAX_TEXT_CHARS]


def mentions(text: str, bot_user_id: str | None) -> bool:
    return bool(bot_user_id) and any(m == bot_user_id for m in _MENTION.findall(text or ""))


def team_of(body: dict[str, Any], event: dict[str, Any]) -> str:
    return str(body.get("team_id") or event.get("team") or event.get("user_team") or "noteam")


def bot_user_of(body: dict[str, Any], context_bot_user_id: str | None) -> str | None:
    """The bot's user id: from Bolt's authorization, else the event's ``authorizations``."""
    if context_bot_user_id:
        return context_bot_user_id
    for auth in body.get("authorizations") or []:
        if auth.get("is_bot") and auth.get("user_id"):
            return str(auth["user_id"])
    return None


def _is_from_a_bot(event: dict[str, Any], bot_user_id: str | None) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile")) or (
        bot_user_id is not None and event.get("user") == bot_user_id)


def parse_mention(body: dict[str, Any], bot_user_id: str | None) -> Incoming | None:
    """An ``app_mention`` event: always addressed to the bot."""
    event = body.get("event") or {}
    if _is_from_a_bot(event, bot_user_id) or not event.get("user") or event.get("subtype") not in HANDLED_SUBTYPES:
        return None
    return _incoming(body, event, bot_user_id, addressed=True, is_dm=False, leading_mention=True)


def parse_message(body: dict[str, Any], bot_user_id: str | None,
                  in_active_thread: Callable[[ThreadKey], bool]) -> Incoming | None:
    """A ``message`` event: DMs always count; in channels only mentions, file shares and
    replies in a thread that already has a session."""
    event = body.get("event") or {}
    if event.get("subtype") not in HANDLED_SUBTYPES or _is_from_a_bot(event, bot_user_id) or not event.get("user"):
        return None
    is_dm = event.get("channel_type") == "im"
    addressed = is_dm or mentions(event.get("text", ""), bot_user_id)
    incoming = _incoming(body, event, bot_user_id, addressed=addressed, is_dm=is_dm)
    if addressed:
        return incoming
    if event.get("thread_ts") and in_active_thread(incoming.key):
        return incoming  # a follow-up in a thread the bot is working in
    if incoming.files:
        return replace(incoming, is_question=False)  # a table shared in the channel: load it, answer nothing
    return None


def _incoming(body: dict[str, Any], event: dict[str, Any], bot_user_id: str | None, *, addressed: bool,
              is_dm: bool, leading_mention: bool = False) -> Incoming:
    ts = str(event.get("ts", ""))
    return Incoming(team_id=team_of(body, event), channel_id=str(event.get("channel", "")),
                    user_id=str(event.get("user", "")), ts=ts, thread_ts=str(event.get("thread_ts") or ts),
                    text=strip_mentions(event.get("text") or "", bot_user_id, leading_mention), addressed=addressed, is_dm=is_dm,
                    files=tuple(f for f in event.get("files") or [] if isinstance(f, dict)))
