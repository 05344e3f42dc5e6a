"""The Slack bot end to end in-process: its real HTTP server on 127.0.0.1 receives signed
Events API requests; it talks to a fake Slack Web API (tests/fakes/slack_api.py) and runs
real Sessions over the real causal agent (offline planner)."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import numpy as np
import pandas as pd
import pytest

from agent.interfaces.slack_app import SlackBot
from agent.interfaces.slack_config import load_settings
from agent.interfaces.slack_http import make_server
from agent.interfaces.slack_sessions import ThreadKey
from fakes.slack_api import SECRET, TEAM, FakeSlackAPI, envelope, file_share, mention, new_ts, post, sign

TRUE_EFFECT = 2.0


def confounded_csv(n: int = 400, seed: int = 0) -> bytes:
    """V → X ← Z, Z → Y, X → Y (effect ``TRUE_EFFECT``): Z confounds X → Y and the
    v-structure at X makes the effect identifiable from the data; adjust for {Z}."""
    rng = np.random.default_rng(seed)
    v, z = rng.normal(size=n), rng.normal(size=n)
    x = 0.8 * v + 0.9 * z + rng.normal(size=n)
    y = TRUE_EFFECT * x + 1.5 * z + rng.normal(size=n)
    return pd.DataFrame({"V": v, "Z": z, "X": x, "Y": y}).round(5).to_csv(index=False).encode()


class Harness:
    def __init__(self, slack: FakeSlackAPI, bot: SlackBot, url: str) -> None:
        self.slack, self.bot, self.url = slack, bot, url

    def send(self, event: dict[str, Any], **kw: Any) -> tuple[int, str]:
        return post(self.url, envelope(event, **kw))

    def replies(self, event: dict[str, Any], count: int = 1, timeout: float = 60) -> list[dict[str, Any]]:
        """Bot messages in the thread ``event`` started (or belongs to), waiting for ``count``."""
        thread = event.get("thread_ts") or event["ts"]
        return self.slack.wait_for(lambda: (m := self.slack.messages(event["channel"], thread)) and
                                   len(m) >= count and _settled(m) and m, timeout, f"{count} replies in {thread}")

    def session(self, event: dict[str, Any]):
        key = ThreadKey(TEAM, event["channel"], event.get("thread_ts") or event["ts"])
        state = self.bot.directory.existing_thread(key)
        return state.session if state else None


PROGRESS_MARKS = (":hourglass_flowing_sand: Working on it", ":white_check_mark: Done in", ":warning: Stopped")


def _settled(messages: list[dict[str, Any]]) -> bool:
    """No progress message is still running and the last message is a real reply."""
    return (not any("Working on it" in m.get("text", "") for m in messages)
            and not messages[-1].get("text", "").startswith(PROGRESS_MARKS))


@pytest.fixture
def slack():
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def make_harness(slack):
    started: list[tuple[Any, SlackBot]] = []

    def make(**flags: Any) -> Harness:
        env = {"SLACK_BOT_TOKEN": slack.bot_token, "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_URL": slack.base_url.rstrip("/")}  # no trailing slash on purpose
        bot = SlackBot(load_settings(http=True, env=env, **flags))
        server = make_server(bot.app, "127.0.0.1", 0, signing_secret=SECRET)  # as serve_http does
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        started.append((server, bot))
        return Harness(slack, bot, f"http://127.0.0.1:{server.server_address[1]}/slack/events")

    yield make
    for server, bot in started:
        server.shutdown()
        server.server_close()
        bot.close(wait=True)  # let workers finish before the fake Slack goes away


@pytest.fixture
def harness(make_harness):
    return make_harness()


# ---------------------------------------------------------------- HTTP-level behaviour
def test_url_verification_challenge(harness):
    status, body = post(harness.url, {"type": "url_verification", "token": "t", "challenge": "abc123"})
    assert status == 200 and json.loads(body)["challenge"] == "abc123"


def test_the_live_bot_refuses_malformed_requests_and_keeps_serving(harness):
    """Issue 19 (1) against the real bot: negative Content-Length, a non-numeric timestamp and a
    slow partial body are refused with 400/401/408 (never 500), then a real event still works."""
    import socket
    from urllib.parse import urlsplit

    port = urlsplit(harness.url).port

    def raw(head: bytes, body: bytes = b"") -> int:
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            sock.sendall(head + body)
            return int(sock.recv(4096).split(b" ", 2)[1])

    head = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: %s\r\n%s\r\n"
    assert raw(head % (b"-1", b""), b"x" * 100_000) == 400
    assert raw(head % (b"2", b"X-Slack-Request-Timestamp: abc\r\nX-Slack-Signature: v0=1\r\n"), b"{}") == 401
    status, body = post(harness.url, {"type": "url_verification", "token": "t", "challenge": "still-here"})
    assert status == 200 and json.loads(body)["challenge"] == "still-here"


def test_forged_or_stale_signatures_are_rejected(harness):
    payload = json.dumps(envelope(mention("What is the effect of X on Y?")))
    status, _ = post(harness.url, payload, headers=sign(payload, secret="not-the-secret"))
    assert status == 401
    status, _ = post(harness.url, payload, headers=sign(payload, timestamp=int(time.time()) - 6 * 60))
    assert status == 401
    status, _ = post(harness.url, payload, signed=False)
    assert status == 401
    time.sleep(0.3)
    assert harness.slack.calls_to("chat.postMessage") == []  # nothing was acted on


# ---------------------------------------------------------------- analyses
def test_question_with_attached_csv_gets_threaded_answer_graph_and_report(harness):
    slack = harness.slack
    csv = slack.add_file("smoking.csv", confounded_csv())
    event = mention("What is the effect of X on Y?", files=[csv])
    started = time.monotonic()
    status, _ = harness.send(event)
    assert status == 200 and time.monotonic() - started < 3  # acknowledged well within Slack's 3 s
    replies = harness.replies(event, count=2)
    assert all(m["thread_ts"] == event["ts"] for m in replies)
    assert "Done in" in replies[0]["text"]  # the progress message, edited when finished
    answer = replies[-1]["text"]
    assert "Answer" in answer and "adjustment set" in answer and "*Assumptions:*" in answer
    blocks = replies[-1].get("blocks")  # the same answer laid out in Block Kit, as the CLI lays it out
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    assert blocks[0]["text"]["text"].startswith("*Answer: ")
    labels = [f["text"].split("\n")[0] for b in blocks if "fields" in b for f in b["fields"]]
    assert labels[:2] == ["*Method*", "*Adjusted for*"] and blocks[-1]["type"] == "context"
    files = slack.wait_for(lambda: len(slack.uploaded("C1", event["ts"])) >= 2 and
                           slack.uploaded("C1", event["ts"]), 30, "graph and report uploads")
    names = {f.name: f for f in files}
    assert names["causal_graph.png"].content.startswith(b"\x89PNG")
    assert names["causal_report.md"].content.startswith(b"# ")
    download = slack.calls_to("download")[0]
    assert download.headers["authorization"] == f"Bearer {slack.bot_token}"
    result = harness.session(event).last_result
    assert abs(result.effect.estimate - TRUE_EFFECT) < 0.25
    assert "Z" in result.effect.adjustment_set  # with the other pre-treatment covariates (default, stated)
    assert slack.calls_to("reactions.add")[0].params["name"] == "eyes"


def test_shared_csv_becomes_the_dataset_and_follow_ups_reuse_the_session(harness):
    slack = harness.slack
    share = file_share([slack.add_file("study.csv", confounded_csv(seed=3))], text="here are the numbers")
    assert harness.send(share)[0] == 200
    loaded = harness.replies(share)[0]["text"]
    assert "study" in loaded and "400 rows" in loaded and "`X`" in loaded

    first = mention("What is the effect of X on Y?", thread_ts=share["ts"])
    harness.send(first)
    harness.replies(first, count=3)  # loaded, progress, answer
    session = harness.session(share)
    key, dataset = session.graph_key, session.current_dataset
    assert key and dataset == "study"
    assert abs(session.last_result.effect.estimate - TRUE_EFFECT) < 0.25

    # a follow-up in the thread, without a mention: same session, same data, same graph
    follow = {"type": "message", "user": "U1", "channel": "C1", "channel_type": "channel", "ts": new_ts(),
              "thread_ts": share["ts"], "text": "Explain why that method?"}
    harness.send(follow)
    harness.replies(first, count=4)  # the explanation (its progress message became the reply)
    assert harness.session(share) is session
    assert session.current_dataset == dataset and session.graph_key == key
    second = mention("What is the effect of X on Y with the same graph?", thread_ts=share["ts"])
    harness.send(second)
    harness.replies(first, count=6)
    assert len(session.history) == 2 and session.history[-1].graph_key == key
    assert len(slack.calls_to("download")) == 1  # the file was fetched once


def test_top_level_question_uses_the_table_last_shared_in_the_channel(harness):
    slack = harness.slack
    share = file_share([slack.add_file("d.csv", confounded_csv(seed=5))], channel="C7")
    harness.send(share)
    harness.replies(share)
    question = mention("What is the effect of X on Y?", channel="C7")
    harness.send(question)
    assert "Answer" in harness.replies(question, count=2)[-1]["text"]
    nodata = mention("What is the effect of X on Y?", channel="C8")
    harness.send(nodata)
    assert "I need a table first" in harness.replies(nodata)[0]["text"]


# ---------------------------------------------------------------- memory isolation
def test_a_channel_cannot_see_use_or_delete_another_channels_graphs(harness):
    slack = harness.slack
    ask = mention("What is the effect of X on Y?", channel="CA", files=[slack.add_file("a.csv", confounded_csv())])
    harness.send(ask)
    harness.replies(ask, count=2)
    key = harness.session(ask).graph_key
    store = harness.bot.store
    assert [g.key for g in store.list(namespace=f"{TEAM}-CA")] == [key]

    other = mention("list graphs", channel="CB")
    harness.send(other)
    assert "No graphs are saved in this channel" in harness.replies(other)[0]["text"]
    delete = mention(f"delete graph {key}", channel="CB")
    harness.send(delete)
    assert f"There is no graph `{key}` in this channel" in harness.replies(delete)[0]["text"]
    use = mention(f"use graph {key}", channel="CB", files=[slack.add_file("b.csv", confounded_csv(seed=1))])
    harness.send(use)
    text = harness.replies(use)[-1]["text"]
    assert "No graph stored under" in text and "CA" not in text
    assert store.get(key, namespace=f"{TEAM}-CA").key == key  # untouched

    unaddressed = {"type": "message", "user": "U1", "channel": "CA", "channel_type": "channel", "ts": new_ts(),
                   "thread_ts": ask["ts"], "text": f"delete graph {key}"}
    harness.send(unaddressed)
    assert "mention me" in harness.replies(ask, count=3)[-1]["text"]
    own = mention(f"delete graph {key}", channel="CA")
    harness.send(own)
    assert "Deleted graph" in harness.replies(own)[0]["text"]
    assert store.list(namespace=f"{TEAM}-CA") == []


# ---------------------------------------------------------------- bad files, limits, errors
def test_oversized_and_non_tabular_files_get_a_clear_reply(make_harness):
    h = make_harness(max_file_mb=0.001)  # ~1 KB
    big = mention("effect of X on Y?", files=[h.slack.add_file("big.csv", confounded_csv())])
    h.send(big)
    assert "the limit is" in h.replies(big)[0]["text"]
    pdf = mention("effect of X on Y?", files=[h.slack.add_file("paper.pdf", b"%PDF-1.4", "application/pdf", "pdf")])
    h.send(pdf)
    assert "is not a table I can read" in h.replies(pdf)[0]["text"]
    disguised = mention("effect of X on Y?", files=[h.slack.add_file("data.csv", b"%PDF-1.4 not a table")])
    h.send(disguised)
    assert "is a PDF document, not a table" in h.replies(disguised)[0]["text"]
    assert not any(c.params.get("file_id") for c in h.slack.calls_to("download")
                   if c.params["file_id"] == big["files"][0]["id"])  # refused before downloading


def test_retries_duplicates_bot_messages_and_edits_are_ignored(harness):
    slack = harness.slack
    event = mention("list graphs", channel="C5")
    payload = envelope(event)
    post(harness.url, payload)
    post(harness.url, payload, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    # the same message also arrives as a `message` event with another event id
    post(harness.url, envelope({**event, "type": "message", "channel_type": "channel"}))
    harness.send({"type": "message", "subtype": "message_changed", "channel": "C5", "ts": new_ts(),
                  "message": {"text": "<@UBOT> list graphs", "user": "U1"}})
    harness.send({"type": "message", "user": "UBOT", "bot_id": "BBOT", "channel": "C5", "ts": new_ts(),
                  "channel_type": "channel", "text": "<@UBOT> list graphs"})
    harness.replies(event)
    time.sleep(0.5)
    assert len(slack.messages("C5")) == 1


def test_rate_limit_and_unexpected_errors_reply_in_plain_words(make_harness, monkeypatch, caplog):
    h = make_harness(rate_per_minute=1)
    first = mention("help", channel="C9")  # commands are not rate-limited
    h.send(first)
    h.replies(first)
    from agent.session import Session

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Session, "ask", broken)
    ask = mention("What is the effect of X on Y?", channel="C9", files=[h.slack.add_file("a.csv", confounded_csv())])
    h.send(ask)
    text = h.replies(ask, count=2)[-1]["text"]  # progress, then the apology
    assert text.startswith("Sorry — something went wrong on my side (reference id ")
    assert "disk on fire" not in text
    reference = text.split("reference id ")[1].split(")")[0]
    assert any(reference in r.getMessage() for r in caplog.records)
    again = mention("What is the effect of X on Y?", channel="C9", user="U1")
    h.send(again)
    assert "try again in" in h.replies(again)[0]["text"]


def test_a_full_worker_pool_answers_busy_instead_of_queueing_forever(make_harness, monkeypatch):
    from agent.session import Session, Turn

    h = make_harness(workers=1, queue=1)
    gate = threading.Event()

    def slow(self, text, on_step=None, should_cancel=None, on_start=None):
        gate.wait(20)
        return Turn("**Answer:** slow but done", kind="analysis")

    monkeypatch.setattr(Session, "ask", slow)
    csv = confounded_csv(n=50)
    events = [mention("What is the effect of X on Y?", channel=f"CP{i}", user=f"U{i}",
                      files=[h.slack.add_file("a.csv", csv)]) for i in range(3)]
    for i, event in enumerate(events):
        started = time.monotonic()
        assert h.send(event)[0] == 200 and time.monotonic() - started < 3
        if i < 2:  # accepted (the :eyes: reaction follows the hand-off to the pool)
            h.slack.wait_for(lambda: len(h.slack.calls_to("reactions.add")) == i + 1, 10, "acceptance")
    assert "busy" in h.replies(events[2])[0]["text"]
    gate.set()
    for event in events[:2]:  # no steps ran: the progress message became the reply
        assert "slow but done" in h.replies(event)[-1]["text"]


def test_a_direct_message_conversation_is_one_session(make_harness):
    harness = make_harness(report_format="html")
    slack = harness.slack

    def dm(text, files=None):
        event = {"type": "message", "user": "U3", "channel": "D1", "channel_type": "im", "ts": new_ts(), "text": text}
        if files:
            event.update(subtype="file_share", files=files)
        return event

    first = dm("What is the effect of X on Y?", files=[slack.add_file("dm.csv", confounded_csv(seed=2))])
    harness.send(first)
    assert "Answer" in harness.replies(first, count=2)[-1]["text"]
    later = dm("What is the effect of X on Y with the same graph?")  # top level, no file, no mention
    harness.send(later)
    assert "Answer" in harness.replies(later, count=2)[-1]["text"]
    session = harness.bot.directory.existing_thread(ThreadKey(TEAM, "D1", "dm")).session
    assert len(session.history) == 2 and session.history[0].graph_key == session.history[1].graph_key
    report = slack.wait_for(lambda: [f for f in slack.uploaded("D1") if f.name == "causal_report.html"], 30, "report")
    assert b"<html" in report[0].content[:500].lower()


def test_answers_still_arrive_when_the_api_lacks_niceties(slack, make_harness):
    """A minimal Slack API (no auth.test, chat.update or reactions.add) still gets the
    answer, the graph and the report."""
    slack.fail_methods.update({"auth.test", "chat.update", "reactions.add"})
    h = make_harness()
    event = mention("What is the effect of X on Y?", files=[slack.add_file("a.csv", confounded_csv(seed=4))])
    h.send(event)
    def answered() -> list[str]:
        texts = [m["text"] for m in slack.messages("C1", event["ts"])]
        return texts if any("Answer" in t for t in texts) else []

    texts = slack.wait_for(answered, 60, "the answer")
    assert texts[0].startswith(":hourglass_flowing_sand: Working on it")  # never edited: chat.update failed
    assert {f.name for f in slack.wait_for(lambda: len(slack.uploaded("C1")) >= 2 and slack.uploaded("C1"), 30,
                                           "uploads")} == {"causal_graph.png", "causal_report.md"}
