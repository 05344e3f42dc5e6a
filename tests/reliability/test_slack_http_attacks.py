"""Issue 19 (1): the Slack HTTP front is reachable without authentication, so malformed or
slow requests must be refused cheaply — right status, bounded memory, threads and log."""

from __future__ import annotations

import logging
import socket
import threading
import time
import urllib.request

import pytest

from agent.interfaces.slack_http import RejectedRequest, check_signature, content_length, make_server
from fakes.slack_api import SECRET, sign

pytestmark = pytest.mark.time_limit(90)


class NeverDispatched:
    """A Bolt app stand-in that fails the test if an unchecked request reaches it."""

    def __init__(self) -> None:
        self.calls = 0

    def dispatch(self, request):  # pragma: no cover - reaching it is the failure
        self.calls += 1
        raise AssertionError("a rejected request reached the app")


@pytest.fixture
def server():
    started = []

    def start(**kw):
        app = NeverDispatched()
        srv = make_server(app, "127.0.0.1", 0, signing_secret=SECRET, **kw)
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        started.append(srv)
        return srv, app

    yield start
    for srv in started:
        srv.shutdown()
        srv.server_close()


def raw_request(port: int, head: bytes, body: bytes = b"", timeout: float = 10) -> bytes:
    """Send bytes as they are (no client-side fixing of headers); return the raw response."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head)
        try:
            sock.sendall(body)
        except OSError:  # the server may close early; that is what we want
            pass
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, socket.timeout):
            pass
    return b"".join(chunks)


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def post_head(length: str, extra: str = "") -> bytes:
    return (f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n{extra}\r\n").encode()


def test_negative_content_length_is_400_without_reading_the_stream(server):
    srv, app = server()
    port = srv.server_address[1]
    before = rss_mb()
    response = raw_request(port, post_head("-1"), b"x" * (50 * 2**20))
    assert status_of(response) == 400 and b"Content-Length" in response
    assert rss_mb() - before < 100
    assert app.calls == 0


@pytest.mark.parametrize("length", ["abc", "1e3", " +5", "0x10", "٣"])
def test_non_decimal_content_length_is_400(server, length):
    srv, _ = server()
    assert status_of(raw_request(srv.server_address[1], post_head(length))) == 400


def test_oversized_body_is_413_before_reading(server):
    srv, _ = server()
    assert status_of(raw_request(srv.server_address[1], post_head(str(50 * 2**20)))) == 413


def test_bad_timestamp_is_401_not_500(server):
    srv, app = server()
    body = b'{"type": "event_callback"}'
    for stamp in ("abc", "", "-5", "1" * 400):
        head = post_head(str(len(body)), f"X-Slack-Request-Timestamp: {stamp}\r\nX-Slack-Signature: v0=00\r\n")
        assert status_of(raw_request(srv.server_address[1], head, body)) == 401, stamp
    assert app.calls == 0


def test_rejected_bodies_are_never_logged(server, caplog):
    srv, _ = server()
    caplog.set_level(logging.DEBUG)
    body = b"SECRET-PAYLOAD-" + b"x" * (2**20 - 100)
    for _ in range(5):
        head = post_head(str(len(body)))  # within the cap, unsigned
        assert status_of(raw_request(srv.server_address[1], head, body)) == 401
    assert "SECRET-PAYLOAD" not in caplog.text
    assert len(caplog.text) < 5_000


def test_slow_partial_bodies_time_out_and_free_their_slots(server):
    srv, _ = server(max_requests=4, read_deadline_s=1.0)
    port = srv.server_address[1]
    holders = []
    for _ in range(10):  # more slow senders than slots
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(post_head("1000") + b"0123456789")
        holders.append(sock)
    time.sleep(0.3)
    with pytest.raises(Exception):  # the slots are full: busy (503) or refused
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
            assert r.status != 200
    time.sleep(1.5)  # past the read deadline
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
        assert r.status == 200
    statuses = []
    for sock in holders:
        data = sock.recv(4096)
        statuses.append(status_of(data) if data else None)
        sock.close()
    assert 408 in statuses and set(statuses) <= {408, 503, None}


def test_valid_signed_request_still_reaches_the_app():
    class Echo:
        def dispatch(self, request):
            from slack_bolt.response import BoltResponse

            return BoltResponse(status=200, body=request.raw_body)

    srv = make_server(Echo(), "127.0.0.1", 0, signing_secret=SECRET)
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        body = '{"hello": "world"}'
        request = urllib.request.Request(f"http://127.0.0.1:{srv.server_address[1]}/slack/events",
                                         data=body.encode(), headers=sign(body), method="POST")
        with urllib.request.urlopen(request, timeout=5) as r:
            assert r.status == 200 and r.read().decode() == body
    finally:
        srv.shutdown()
        srv.server_close()


def test_unit_checks_refuse_what_an_attacker_controls():
    with pytest.raises(RejectedRequest) as bad:
        content_length("-1")
    assert bad.value.status == 400
    assert content_length(None) == 0 and content_length("12") == 12
    body = b"{}"
    good = sign(body.decode())
    check_signature(SECRET, body, good["X-Slack-Request-Timestamp"], good["X-Slack-Signature"])
    signature = good["X-Slack-Signature"]
    tampered = signature[:-1] + ("1" if signature.endswith("0") else "0")  # always a different signature
    with pytest.raises(RejectedRequest):
        check_signature(SECRET, body, good["X-Slack-Request-Timestamp"], tampered)
    with pytest.raises(RejectedRequest):  # replay outside the window
        check_signature(SECRET, body, good["X-Slack-Request-Timestamp"], good["X-Slack-Signature"],
                        now=time.time() + 600)
