"""A small threaded HTTP front for a Bolt app: ``POST /slack/events`` → ``app.dispatch``.

Bolt's own ``app.start()`` is a single-threaded development server bound to 0.0.0.0; this
one serves requests concurrently, binds where it is told, caps body size and answers
``GET /health`` for load balancers. Signature checks (and the 5-minute timestamp window)
stay Bolt's job."""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger("causal_agent.slack")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/health"
MAX_BODY_BYTES = 1024 * 1024  # Slack event payloads are a few KB


def make_server(app: Any, host: str, port: int) -> ThreadingHTTPServer:
    """A ready-to-serve HTTP server for ``app`` (call ``serve_forever``)."""
    from slack_bolt.request import BoltRequest

    class Handler(BaseHTTPRequestHandler):
        server_version = "causal-agent-slack"

        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            if urlsplit(self.path).path == HEALTH_PATH:
                return self._send(200, b"ok", "text/plain")
            self._send(404, b"not found", "text/plain")

        def do_POST(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            if url.path != EVENTS_PATH:
                return self._send(404, b"not found", "text/plain")
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                return self._send(400, b"bad Content-Length", "text/plain")
            if length > MAX_BODY_BYTES:
                return self._send(413, b"payload too large", "text/plain")
            body = self.rfile.read(length).decode("utf-8", errors="replace") if length else ""
            headers: dict[str, list[str]] = {}
            for name, value in self.headers.items():
                headers.setdefault(name.lower(), []).append(value)
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

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
