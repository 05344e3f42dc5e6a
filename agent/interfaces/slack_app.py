"""The Slack bot: a Bolt app wired to the causal agent, in Socket Mode or HTTP mode.

``SlackBot(settings)`` builds the Web API client (``settings.api_url``, so tests and proxies
work), a Bolt ``App`` whose listeners only parse and queue (Bolt acks events before the
listener runs), and a ``SlackHandler`` that does the work on a bounded pool. One thread is
one ``Session``; one workspace+channel is one graph-memory namespace.

Run it with ``causal-agent slack`` (Socket Mode) or ``causal-agent slack --http --port P``."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from agent.interfaces.slack_config import SettingsError, SlackSettings
from agent.interfaces.slack_events import bot_user_of, parse_mention, parse_message
from agent.interfaces.slack_handler import SlackHandler
from agent.interfaces.slack_limits import BoundedPool, RateLimiter, RecentKeys
from agent.interfaces.slack_sessions import SessionDirectory

log = logging.getLogger("causal_agent.slack")

FATAL_AUTH_ERRORS = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}


class _UnusedTokenNotice(logging.Filter):
    """Bolt notes that SLACK_BOT_TOKEN from the environment is unused when ``authorize`` is
    given; that is by design here (the token reaches Bolt through ``authorize``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token`" not in record.getMessage()


class TokenRejected(ValueError):
    """Slack (or the configured API) refused the bot token."""


class BotIdentity:
    """The bot's own ids from ``auth.test`` against the configured API. ``get`` calls it (at
    startup); ``cached`` never blocks the event path: when the ids are still unknown it
    starts at most one background retry a minute."""

    def __init__(self, client: Any, retry_s: float = 60.0) -> None:
        self._client, self._retry_s = client, retry_s
        self._data: dict[str, Any] | None = None
        self._last_try = -1e9
        self._lock = threading.Lock()

    def get(self, raise_on_bad_token: bool = False) -> dict[str, Any]:
        from slack_sdk.errors import SlackApiError

        with self._lock:
            self._last_try = time.monotonic()
        try:
            data = dict(self._client.auth_test().data)
        except SlackApiError as exc:
            error = exc.response.get("error")
            if raise_on_bad_token and error in FATAL_AUTH_ERRORS:
                raise TokenRejected(f"The Slack API refused SLACK_BOT_TOKEN ({error}). Use the app's Bot User "
                                    "OAuth Token (xoxb-…) from OAuth & Permissions.") from None
            log.warning("auth.test failed (%s); continuing without the bot's ids, will retry.", error)
            return {}
        except Exception as exc:  # unreachable, or an API that does not serve auth.test
            log.warning("auth.test via %s failed (%s); continuing, will retry.", self._client.base_url, exc)
            return {}
        with self._lock:
            self._data = data
        return data

    def cached(self) -> dict[str, Any]:
        with self._lock:
            if self._data is not None:
                return self._data
            due = time.monotonic() - self._last_try >= self._retry_s
            if due:
                self._last_try = time.monotonic()
        if due:
            threading.Thread(target=self.get, name="slack-auth-test", daemon=True).start()
        return {}


class SlackBot:
    """Owns the client, the Bolt app, the worker pool and the thread sessions."""

    def __init__(self, settings: SlackSettings, *, client: Any = None, store: Any = None) -> None:
        from slack_sdk import WebClient

        self.settings = settings
        self.client = client or WebClient(token=settings.bot_token, base_url=settings.api_url, timeout=30)
        self.identity = BotIdentity(self.client)
        self.stop = threading.Event()
        self._store = store
        self._agent: Any = None
        self._agent_lock = threading.Lock()
        self.directory = SessionDirectory(self._make_session, settings.max_sessions,
                                          settings.session_ttl_s)
        self.pool = BoundedPool(settings.workers, settings.queue)
        self.handler = SlackHandler(client=self.client, settings=settings, directory=self.directory,
                                    store=self.store, pool=self.pool, limiter=RateLimiter(settings.rate_per_minute),
                                    stop=self.stop, seen=RecentKeys())
        self.events_seen = RecentKeys()
        self.app = self._build_app()

    @property
    def store(self) -> Any:
        if self._store is None:
            from memory.store import default_store

            self._store = default_store()
        return self._store

    def _make_session(self, namespace: str) -> Any:
        """A Session for one thread; it runs a copy of the shared agent in ``namespace``."""
        from agent.session import Session

        with self._agent_lock:
            if self._agent is None:  # one agent (and one resolved LLM) for every thread
                from agent.agent import CausalAgent

                self._agent = CausalAgent(llm=self.settings.llm, store=self.store, seed=self.settings.seed)
        return Session(self._agent, namespace)

    # ------------------------------------------------------------------ Bolt wiring
    def _authorizer(self) -> Callable[..., Any]:
        """Bolt's ``authorize``: our one bot token, with ids from ``auth.test`` when known.
        (A plain function: Bolt maps arguments by name and would trip over ``self``.)"""
        from slack_bolt.authorization import AuthorizeResult

        def authorize(enterprise_id: str | None, team_id: str | None, user_id: str | None) -> Any:
            me = self.identity.cached()
            return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
                                   bot_token=self.settings.bot_token, bot_id=me.get("bot_id"),
                                   bot_user_id=me.get("user_id"))

        return authorize

    def _skip_retried_events(self, body: dict[str, Any], next: Callable[[], Any]) -> Any:  # noqa: A002 (Bolt's name)
        """Slack re-sends an event it thinks we missed (X-Slack-Retry-Num); do it once."""
        from slack_bolt.response import BoltResponse

        event_id = body.get("event_id")
        if event_id and not self.events_seen.first_time(event_id):
            log.info("Ignoring a retry of event %s.", event_id)
            return BoltResponse(status=200, body="")
        return next()

    def _build_app(self) -> Any:
        from slack_bolt import App
        from slack_sdk import WebClient

        # Bolt gets a token-less client on the same API URL: the token comes from _authorize.
        bolt_client = WebClient(base_url=self.settings.api_url, timeout=30)
        bolt_log = logging.getLogger("causal_agent.slack.bolt")
        if not any(isinstance(f, _UnusedTokenNotice) for f in bolt_log.filters):
            bolt_log.addFilter(_UnusedTokenNotice())
        app = App(client=bolt_client, authorize=self._authorizer(),
                  signing_secret=self.settings.signing_secret or "socket-mode-has-no-signing-secret",
                  request_verification_enabled=self.settings.mode == "http", process_before_response=False,
                  logger=bolt_log)
        app.use(self._skip_retried_events)

        @app.event("app_mention")
        def on_mention(body: dict[str, Any], context: Any) -> None:
            self.handler.accept(parse_mention(body, bot_user_of(body, context.bot_user_id)))

        @app.event("message")
        def on_message(body: dict[str, Any], context: Any) -> None:
            bot = bot_user_of(body, context.bot_user_id)
            self.handler.accept(parse_message(body, bot, lambda key: self.directory.existing_thread(key) is not None))

        return app

    # ------------------------------------------------------------------ running
    def check_token(self) -> dict[str, Any]:
        """``auth.test`` against the configured API; a refused token stops startup."""
        return self.identity.get(raise_on_bad_token=True)

    def close(self, wait: bool = False) -> None:
        """Cancel running analyses (they reply that they stopped) and stop the pool."""
        self.stop.set()
        self.pool.shutdown(wait=wait)

    def serve_http(self, ready: Callable[[str], None] | None = None) -> None:
        """Serve ``/slack/events`` until Ctrl-C (KeyboardInterrupt) or SIGTERM."""
        from agent.interfaces.slack_http import EVENTS_PATH, make_server

        try:
            server = make_server(self.app, self.settings.host, self.settings.port,
                                 signing_secret=self.settings.signing_secret)
        except OSError as exc:
            raise SettingsError(f"Cannot listen on {self.settings.host}:{self.settings.port} ({exc.strerror or exc}); "
                                "choose another port with --port.") from None
        host, port = server.server_address[:2]
        try:
            if ready:
                ready(f"Listening for Slack events on http://{host}:{port}{EVENTS_PATH} (Ctrl-C to stop).")
            server.serve_forever(poll_interval=0.2)
        finally:
            server.server_close()
            self.close()

    def serve_socket_mode(self, ready: Callable[[str], None] | None = None) -> None:
        """Connect over Socket Mode (no public URL needed) until Ctrl-C."""
        from slack_bolt.adapter.socket_mode import SocketModeHandler
        from slack_sdk.errors import SlackApiError

        handler = SocketModeHandler(self.app, self.settings.app_token)
        try:
            try:
                handler.connect()
            except SlackApiError as exc:
                raise SettingsError(f"Socket Mode could not connect ({exc.response.get('error')}). Check that "
                                    "SLACK_APP_TOKEN is an app-level token (xapp-…) with connections:write and that "
                                    "Socket Mode is enabled for the app, or run with --http.") from None
            if ready:
                ready("Connected to Slack over Socket Mode (Ctrl-C to stop).")
            threading.Event().wait()
        finally:
            handler.close()
            self.close()
