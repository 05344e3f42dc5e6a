"""A small threaded HTTP front for a Bolt app: ``POST /slack/events`` → ``app.dispatch``.

Bolt's own ``app.start()`` is a single-threaded development server bound to 0.0.0.0; this
one serves requests concurrently (up to a cap), binds where it is told, and answers
``GET /health`` for load balancers. It is reachable without authentication, so it checks
everything an attacker controls before Bolt sees the request: ``Content-Length`` must be a
decimal number up to ``MAX_BODY_BYTES``; the body must arrive within ``READ_DEADLINE_S``;
the timestamp must be a number and the signature must match (when a signing secret is
given). Rejected requests are answered 400/401/408/413/503 and their bodies never logged."""

from __future__ import annotations

import hmac
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger("causal_agent.slack")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"
MAX_BODY_BYTES = 1024 * 1024  # Slack event payloads are a few KB
READ_DEADLINE_S = 10.0  # the whole body must arrive within this
MAX_CONCURRENT_REQUESTS = 32
SIGNATURE_WINDOW_S = 5 * 60  # Slack's replay window


class RejectedRequest(Exception):
    """A request refused before dispatch; ``status`` and a short reason go back to the client."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def content_length(header: str | None) -> int:
    """The declared body size; anything but a decimal number in range is refused."""
    text = (header or "0").strip()
    if not text.isdigit() or not text.isascii():
        raise RejectedRequest(400, "bad Content-Length")
    length = int(text)
    if length > MAX_BODY_BYTES:
        raise RejectedRequest(413, "payload too large")
    return length


def read_body(stream: Any, length: int, deadline_s: float = READ_DEADLINE_S) -> bytes:
    """``length`` bytes from ``stream`` (a socket file with a timeout), all within ``deadline_s``."""
    chunks: list[bytes] = []
    received = 0
    ends = time.monotonic() + deadline_s
    while received < length:
        if time.monotonic() > ends:
            raise RejectedRequest(408, "request body too slow")
        try:
            chunk = stream.read1(min(65536, length - received))
        except (socket.timeout, TimeoutError):
            raise RejectedRequest(408, "request body too slow") from None
        if not chunk:
            raise RejectedRequest(400, "request body shorter than Content-Length")
        chunks.append(chunk)
        received += len(chunk)
    return b"".join(chunks)


def check_signature(secret: str, body: bytes, timestamp: str | None, signature: str | None,
                    now: float | None = None) -> None:
    """Slack's v0 signature check, with malformed headers answered 401 instead of raising."""
    from slack_sdk.signature import SignatureVerifier

    stamp = (timestamp or "").strip()
    if not stamp.isdigit() or not stamp.isascii() or len(stamp) > 12:
        raise RejectedRequest(401, "invalid request")
    if not signature or not signature.startswith("v0="):
        raise RejectedRequest(401, "invalid request")
    if abs((time.time() if now is None else now) - int(stamp)) > SIGNATURE_WINDOW_S:
        raise RejectedRequest(401, "invalid request")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise RejectedRequest(400, "body is not UTF-8") from None
    expected = SignatureVerifier(signing_secret=secret).generate_signature(timestamp=stamp, body=text)
    if expected is None or not hmac.compare_digest(expected, signature):
        raise RejectedRequest(401, "invalid request")


class _CappedServer(ThreadingHTTPServer):
    """Threads per request, at most ``MAX_CONCURRENT_REQUESTS`` at once; extra connections get 503."""

    daemon_threads = True

    def __init__(self, *args: Any, max_requests: int = MAX_CONCURRENT_REQUESTS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = threading.BoundedSemaphore(max_requests)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n"
                                b"Connection: close\r\n\r\nbusy")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def make_server(app: Any, host: str, port: int, signing_secret: str | None = None,
                max_requests: int = MAX_CONCURRENT_REQUESTS,
                read_deadline_s: float = READ_DEADLINE_S) -> ThreadingHTTPServer:
    """A ready-to-serve HTTP server for ``app`` (call ``serve_forever``).

    With ``signing_secret`` the signature is checked here, before Bolt (which would log the
    body of every rejected request)."""
    from slack_bolt.request import BoltRequest

    class Handler(BaseHTTPRequestHandler):
        server_version = "causal-agent-slack"
        timeout = read_deadline_s  # per socket read; read_body adds the overall deadline

        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            if urlsplit(self.path).path == HEALTH_PATH:
                return self._send(200, b"ok", "text/plain")
            self._send(404, b"not found", "text/plain")

        def do_POST(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            if url.path != EVENTS_PATH:
                return self._send(404, b"not found", "text/plain")
            try:
                raw = read_body(self.rfile, content_length(self.headers.get("Content-Length")), read_deadline_s)
                if signing_secret:
                    check_signature(signing_secret, raw, self.headers.get("X-Slack-Request-Timestamp"),
                                    self.headers.get("X-Slack-Signature"))
            except RejectedRequest as exc:
                log.info("Rejected a request from %s: %s (%d).", self.client_address[0], exc.reason, exc.status)
                self.close_connection = True
                return self._send(exc.status, exc.reason.encode(), "text/plain")
            headers: dict[str, list[str]] = {}
            for name, value in self.headers.items():
                headers.setdefault(name.lower(), []).append(value)
            body = raw.decode("utf-8", errors="replace")
            response = app.dispatch(BoltRequest(body=body, query=url.query, headers=headers))
            payload = (response.body or "").encode("utf-8")
            self.send_response(response.status)
            for name, values in response.headers.items():
                if name.lower() in ("content-length",):
                    continue
                for value in values:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt: str, *args: Any) -> None:
            log.debug("http %s - %s", self.address_string(), fmt % args)

    return _CappedServer((host, port), Handler, max_requests=max_requests)
