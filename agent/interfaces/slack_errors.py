"""Which exceptions are the user's to fix (reply with the message as it is) and which are
ours (reply with a reference id and log the traceback)."""

from __future__ import annotations

import logging
import uuid

from agent.interfaces.slack_format import escape, oops_message

log = logging.getLogger("causal_agent.slack")
OUR_PACKAGES = {"agent", "tools", "memory"}


def _package(module: str | None) -> str:
    return (module or "").split(".", 1)[0]


def is_user_error(exc: BaseException) -> bool:
    """DataError, QueryError, GraphError, GraphNotFound and friends: ``ValueError`` /
    ``LookupError`` raised by our own code (class or raise site in our packages).
    ``KeyError``/``IndexError`` are bugs, as are errors raised inside libraries."""
    if not isinstance(exc, (ValueError, LookupError)) or isinstance(exc, (KeyError, IndexError)):
        return False
    if _package(type(exc).__module__) in OUR_PACKAGES:
        return True
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and _package(tb.tb_frame.f_globals.get("__name__")) in OUR_PACKAGES


def user_message(exc: BaseException) -> str:
    message = exc.args[0] if isinstance(exc, LookupError) and exc.args else str(exc)
    return escape(str(message).strip() or type(exc).__name__)


def reply_for(exc: BaseException, where: str) -> str:
    """The plain-words reply for ``exc``; unexpected errors are logged with a reference id."""
    if is_user_error(exc):
        return user_message(exc)
    reference = uuid.uuid4().hex[:10]
    log.error("Unexpected error while %s (reference id %s)", where, reference, exc_info=exc)
    return oops_message(reference)
