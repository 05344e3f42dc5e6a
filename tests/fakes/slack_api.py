"""A local fake of the Slack Web API for offline tests (127.0.0.1 only).

It serves the methods the bot uses (``auth.test``, ``chat.postMessage``, ``chat.update``,
``reactions.add``, ``files.getUploadURLExternal`` + the upload POST +
``files.completeUploadExternal``, ``files.info``) under ``/api/``, upload URLs under
``/upload/<file_id>`` on the same server, and downloads of shared files under
``/files/<file_id>/<name>`` (bearer token required, like ``url_private_download``).
Every call is recorded so tests can assert on what the bot sent.

The second half plays Slack's other role: building Events API payloads (mentions, file
shares) and POSTing them to the bot signed with the signing secret, as Slack does.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0TEAM"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    body: bytes = b""
    failed: bool = False  # answered with ok: false


@dataclass
class SharedFile:
    id: str
    name: str
    content: bytes
    mimetype: str = "text/csv"
    filetype: str = "csv"
    title: str = ""
    channel: str | None = None
    thread_ts: str | None = None


@dataclass
class FakeSlackAPI:
    """Start with ``with FakeSlackAPI() as slack:``; ``slack.base_url`` ends in ``/api/``."""

    bot_token: str = "xoxb-test-token"
    calls: list[Call] = field(default_factory=list)
    files: dict[str, SharedFile] = field(default_factory=dict)
    fail_methods: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "FakeSlackAPI":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                fake._handle(self)

            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FakeSlackAPI":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def root(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlackAPI is not started: call start() or use it as a context manager.")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        return self.root + "/api/"

    # ------------------------------------------------------------------ test helpers
    def add_file(self, name: str, content: bytes, mimetype: str = "text/csv", filetype: str = "csv") -> dict[str, Any]:
        """Register a downloadable shared file; returns the Slack file object for an event."""
        file_id = f"F{next(self._ids):06d}"
        with self._lock:
            self.files[file_id] = SharedFile(file_id, name, content, mimetype, filetype)
        return self.file_object(file_id)

    def file_object(self, file_id: str) -> dict[str, Any]:
        f = self.files[file_id]
        return {"id": f.id, "name": f.name, "title": f.title or f.name, "mimetype": f.mimetype,
                "filetype": f.filetype, "size": len(f.content),
                "url_private": f"{self.root}/files/{f.id}/{f.name}",
                "url_private_download": f"{self.root}/files/{f.id}/download/{f.name}"}

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def messages(self, channel: str | None = None, thread_ts: str | None = None) -> list[dict[str, Any]]:
        """Posted messages (after any chat.update), in order."""
        with self._lock:
            posted = [dict(c.params) for c in self.calls if c.method == "chat.postMessage"]
            updates = [c.params for c in self.calls if c.method == "chat.update" and not c.failed]
        by_ts = {m["ts"]: m for m in posted}
        for u in updates:
            if u.get("ts") in by_ts:
                by_ts[u["ts"]]["text"] = u.get("text", "")
        return [m for m in posted if (channel is None or m.get("channel") == channel)
                and (thread_ts is None or m.get("thread_ts") == thread_ts)]

    def uploaded(self, channel: str | None = None, thread_ts: str | None = None) -> list[SharedFile]:
        """Files completed into a channel by files.completeUploadExternal."""
        with self._lock:
            done = [f for f in self.files.values() if f.channel is not None]
        return [f for f in done if (channel is None or f.channel == channel)
                and (thread_ts is None or f.thread_ts == thread_ts)]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 30.0, what: str = "condition") -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}. Calls: "
                             f"{[c.method for c in self.calls]}")

    # ------------------------------------------------------------------ request handling
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        url = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in h.headers.items()}
        if url.path.startswith("/upload/"):
            return self._upload(h, url.path.split("/")[2], body, headers)
        if url.path.startswith("/files/"):
            return self._download(h, url.path.split("/")[2], headers)
        if not url.path.startswith("/api/"):
            return _send(h, 404, b"not found", "text/plain")
        method = url.path[len("/api/"):]
        params: dict[str, Any] = dict(parse_qsl(url.query))
        ctype = headers.get("content-type", "")
        if body and "json" in ctype:
            params.update(json.loads(body))
        elif body and "x-www-form-urlencoded" in ctype:
            params.update(parse_qsl(body.decode()))
        call = Call(method, params, headers, body)
        with self._lock:
            self.calls.append(call)
        auth = headers.get("authorization", "")
        token = params.get("token") or (auth[7:] if auth.startswith("Bearer ") else "")
        route = _ROUTES.get(method)
        error = ("invalid_auth" if token != self.bot_token else "fake_failure" if method in self.fail_methods
                 else "unknown_method" if route is None else None)
        if error:
            call.failed = True
            return _send_json(h, {"ok": False, "error": error})
        return _send_json(h, route(self, params))

    def _upload(self, h: BaseHTTPRequestHandler, file_id: str, body: bytes, headers: dict[str, str]) -> None:
        with self._lock:
            self.calls.append(Call("upload", {"file_id": file_id}, headers, body))
            f = self.files.get(file_id)
            if f is None:
                return _send(h, 404, b"unknown upload", "text/plain")
            f.content = body
        _send(h, 200, b"OK - " + str(len(body)).encode(), "text/plain")

    def _download(self, h: BaseHTTPRequestHandler, file_id: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.calls.append(Call("download", {"file_id": file_id}, headers))
            f = self.files.get(file_id)
        if headers.get("authorization") != f"Bearer {self.bot_token}":
            return _send(h, 302, b"", "text/html", {"Location": "/login"})
        if f is None:
            return _send(h, 404, b"no such file", "text/plain")
        _send(h, 200, f.content, f.mimetype)

    # ------------------------------------------------------------------ API methods
    def _auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "causalbot",
                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID}

    def _post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        ts = f"{1700000000 + next(self._ts)}.000100"
        params["ts"] = ts  # the recorded Call shares this dict
        return {"ok": True, "channel": params.get("channel"), "ts": ts,
                "message": {"text": params.get("text", ""), "ts": ts}}

    def _update(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"), "text": params.get("text")}

    def _reaction(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True}

    def _get_upload_url(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ids):06d}"
        with self._lock:
            self.files[file_id] = SharedFile(file_id, params.get("filename", ""), b"", "", "")
        return {"ok": True, "upload_url": f"{self.root}/upload/{file_id}", "file_id": file_id}

    def _complete_upload(self, params: dict[str, Any]) -> dict[str, Any]:
        done = []
        for item in json.loads(params.get("files", "[]")):
            with self._lock:
                f = self.files.get(item.get("id"))
                if f is None:
                    return {"ok": False, "error": "file_not_found"}
                f.title = item.get("title") or f.name
                f.channel = params.get("channel_id")
                f.thread_ts = params.get("thread_ts")
            done.append({"id": f.id, "name": f.name, "title": f.title})
        return {"ok": True, "files": done}

    def _files_info(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("file") not in self.files:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "file": self.file_object(params["file"])}


_ROUTES: dict[str, Callable[[FakeSlackAPI, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": FakeSlackAPI._auth_test,
    "chat.postMessage": FakeSlackAPI._post_message,
    "chat.update": FakeSlackAPI._update,
    "reactions.add": FakeSlackAPI._reaction,
    "files.getUploadURLExternal": FakeSlackAPI._get_upload_url,
    "files.completeUploadExternal": FakeSlackAPI._complete_upload,
    "files.info": FakeSlackAPI._files_info,
}


def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (extra or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def _send_json(h: BaseHTTPRequestHandler, payload: dict[str, Any]) -> None:
    _send(h, 200, json.dumps(payload).encode(), "application/json; charset=utf-8")


# ---------------------------------------------------------------------- Slack → bot
SECRET = "test-signing-secret"
TEAM = TEAM_ID
_ids = itertools.count(1)
_ts = itertools.count(1)


def new_ts() -> str:
    return f"{1600000000 + next(_ts)}.000200"


def envelope(event: dict[str, Any], event_id: str | None = None, team: str = TEAM) -> dict[str, Any]:
    return {"token": "legacy", "team_id": team, "api_app_id": "A0APP", "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}", "event_time": int(time.time()), "event": event,
            "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}]}


def mention(text: str, channel: str = "C1", user: str = "U1", thread_ts: str | None = None,
            files: list[dict[str, Any]] | None = None, team: str = TEAM) -> dict[str, Any]:
    event = {"type": "app_mention", "user": user, "channel": channel, "ts": new_ts(), "team": team,
             "text": f"<@UBOT> {text}"}
    if thread_ts:
        event["thread_ts"] = thread_ts
    if files:
        event["files"] = files
    return event


def file_share(files: list[dict[str, Any]], channel: str = "C1", text: str = "", user: str = "U1",
               thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "message", "subtype": "file_share", "user": user, "channel": channel, "channel_type": "channel",
             "ts": new_ts(), "text": text, "files": files}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def sign(body: str, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    from slack_sdk.signature import SignatureVerifier

    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)}


def post(url: str, payload: dict[str, Any] | str, headers: dict[str, str] | None = None,
         signed: bool = True) -> tuple[int, str]:
    """POST a (signed) Events API request; return (status, body)."""
    body = payload if isinstance(payload, str) else json.dumps(payload)
    all_headers = {"Content-Type": "application/json", **(sign(body) if signed else {}), **(headers or {})}
    request = urllib.request.Request(url, data=body.encode(), headers=all_headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
