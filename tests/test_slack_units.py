"""Unit tests for the Slack bot's pure parts: settings, namespaces, event parsing, text
formatting, file checks, limits and memory commands (no HTTP)."""

from __future__ import annotations

import io
import json
import threading

import numpy as np
import pandas as pd
import pytest

from agent.interfaces.slack_commands import CommandContext, match_command
from agent.interfaces.slack_config import SettingsError, load_settings, normalise_api_url
from agent.interfaces.slack_errors import is_user_error, reply_for
from agent.interfaces.slack_events import parse_mention, parse_message, strip_mentions
from agent.interfaces.slack_files import (FileRejected, SlackFile, check_declared, looks_tabular, parse_table,
                                          sniff_kind, trusted_download_host)
from agent.interfaces.slack_format import answer_blocks, answer_message, escape, markdown_to_mrkdwn
from agent.interfaces.slack_limits import BoundedPool, PoolBusy, RateLimiter, RecentKeys
from agent.interfaces.slack_sessions import BoundedTTLMap, channel_namespace
from memory.store import KEY_PATTERN, InMemoryGraphStore, Provenance
from memory.graph import CausalGraph

ENV = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret", "SLACK_APP_TOKEN": "xapp-1"}


# ---------------------------------------------------------------- settings
def test_missing_tokens_name_the_variables_to_set():
    with pytest.raises(SettingsError, match="Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"):
        load_settings(http=True, env={})
    with pytest.raises(SettingsError, match=r"^Set SLACK_APP_TOKEN \(Socket Mode"):
        load_settings(env={"SLACK_BOT_TOKEN": "xoxb-1"})


def test_api_url_gets_exactly_one_trailing_slash_and_flags_beat_env():
    assert normalise_api_url("http://127.0.0.1:9/api") == "http://127.0.0.1:9/api/"
    assert normalise_api_url("http://127.0.0.1:9/api//") == "http://127.0.0.1:9/api/"
    with pytest.raises(SettingsError, match="not an http"):
        normalise_api_url("ftp://x")
    s = load_settings(http=True, rate_per_minute=9, env={**ENV, "CAUSAL_AGENT_SLACK_RATE_PER_MIN": "3",
                                                         "CAUSAL_AGENT_SLACK_MAX_FILE_MB": "2"})
    assert (s.rate_per_minute, s.max_file_bytes, s.mode) == (9, 2 * 1024 * 1024, "http")
    with pytest.raises(SettingsError, match="whole number"):
        load_settings(http=True, env={**ENV, "CAUSAL_AGENT_SLACK_WORKERS": "many"})


# ---------------------------------------------------------------- namespaces
@pytest.mark.parametrize("team,channel,expected", [
    ("T1", "C2", "T1-C2"), (None, "D9", "noteam-D9"), ("T/../x", "C 1", "T_.._x-C_1"), ("-T", "C", "s-T-C")])
def test_namespace_is_team_channel_and_matches_store_pattern(team, channel, expected):
    ns = channel_namespace(team, channel)
    assert ns == expected
    assert KEY_PATTERN.match(ns)
    assert KEY_PATTERN.match(channel_namespace("T" * 100, "C" * 100))


def test_ttl_map_evicts_least_recent_and_expired():
    now = [0.0]
    m: BoundedTTLMap[int] = BoundedTTLMap(2, ttl_s=10, clock=lambda: now[0])
    m.put("a", 1), m.put("b", 2)
    assert m.get("a") == 1
    m.put("c", 3)  # evicts b, the least recently used
    assert m.get("b") is None and m.get("a") == 1
    now[0] = 11
    assert m.get("a") is None and len(m) == 0


# ---------------------------------------------------------------- events
def _body(event, team="T1"):
    return {"team_id": team, "event": event, "authorizations": [{"user_id": "UBOT", "is_bot": True}]}


def test_event_parsing_ignores_bots_edits_and_unaddressed_chatter():
    never = lambda key: False  # noqa: E731
    assert parse_message(_body({"type": "message", "user": "U1", "channel": "C1", "ts": "1.0", "text": "hi"}),
                         "UBOT", never) is None
    assert parse_message(_body({"type": "message", "subtype": "message_changed", "channel": "C1", "ts": "1"}),
                         "UBOT", never) is None
    assert parse_message(_body({"type": "message", "user": "UBOT", "bot_id": "B1", "channel": "C1", "ts": "1",
                                "channel_type": "im", "text": "x"}), "UBOT", never) is None
    dm = parse_message(_body({"type": "message", "user": "U1", "channel": "D1", "ts": "5.0",
                              "channel_type": "im", "text": "effect of X on Y?"}), "UBOT", never)
    assert dm.addressed and dm.is_dm and dm.thread_ts == "5.0" and dm.key.namespace == "T1-D1"
    assert dm.key.thread_ts == "dm"  # a DM is one conversation; replies still go in the thread
    follow = parse_message(_body({"type": "message", "user": "U1", "channel": "C1", "ts": "7.0", "thread_ts": "5.0",
                                  "text": "and with age?"}), "UBOT", lambda key: key.thread_ts == "5.0")
    assert follow.is_question and not follow.addressed and follow.thread_ts == "5.0"
    share = parse_message(_body({"type": "message", "subtype": "file_share", "user": "U1", "channel": "C1",
                                 "ts": "8.0", "text": "numbers", "files": [{"id": "F1"}]}), "UBOT", never)
    assert share is not None and not share.is_question
    mention = parse_mention(_body({"type": "app_mention", "user": "U1", "channel": "C1", "ts": "9.0",
                                   "text": "<@UBOT> effect of X on Y?"}), "UBOT")
    assert mention.text == "effect of X on Y?" and mention.addressed
    assert strip_mentions("<@UBOT|bot>   hello <@U2>", "UBOT") == "hello <@U2>"
    unknown_bot = parse_mention({"event": {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "1",
                                           "text": "<@UXYZ> list graphs"}}, None)
    assert unknown_bot.text == "list graphs" and unknown_bot.team_id == "noteam"


# ---------------------------------------------------------------- formatting
def test_untrusted_text_cannot_ping_or_link():
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    out = markdown_to_mrkdwn("## Result\n**Answer:** `<!here>` is 2\n- a [doc](https://x.org)")
    assert "<!here>" not in out and "&lt;!here&gt;" in out
    assert out.startswith("*Result*") and "*Answer:*" in out and "<https://x.org|doc>" in out and "• a" in out


def test_markdown_tables_become_bullets_and_assumptions_are_summarised():
    class R:
        assumptions = ["no hidden confounders", "linearity", "positivity", "SUTVA"]
        graph_key = "g-1"

    class T:
        text = "**Answer:** 2.0\n\n| | estimate | 95% CI | method | adjustment set |\n|---|---|---|---|---|\n" \
               "| ATE | 2.01 | 1.9 to 2.1 | linear regression | {Z} |"
        result = R()

    msg = answer_message(T())
    assert "|" not in msg.replace("<https", "")
    assert "• *ATE*: estimate 2.01; 95% CI 1.9 to 2.1; method linear regression; adjustment set {Z}" in msg
    assert "*Assumptions:* no hidden confounders; linearity; positivity (+1 more in the report)" in msg
    assert "use graph g-1" in msg


# ---------------------------------------------------------------- files
def _file(name, mimetype="", size=10, url="https://files.slack.com/x"):
    return SlackFile.from_event({"id": "F1", "name": name, "mimetype": mimetype, "size": size,
                                 "url_private_download": url})


def test_declared_type_and_size_checks():
    assert looks_tabular(_file("a.csv")) and looks_tabular(_file("a.parquet")) and looks_tabular(_file("x", "text/csv"))
    assert not looks_tabular(_file("a.pdf", "application/pdf"))
    with pytest.raises(FileRejected, match="spreadsheet.*CSV"):
        check_declared(_file("a.xlsx"), 100)
    with pytest.raises(FileRejected, match="not a table I can read"):
        check_declared(_file("slides.pdf", "application/pdf"), 100)
    with pytest.raises(FileRejected, match=r"is 0.0 MB; the limit is 0.0 MB|limit is"):
        check_declared(_file("a.csv", size=101), 100)


def test_content_sniffing_refuses_disguised_files():
    assert sniff_kind(_file("a.csv"), b"x,y\n1,2\n") == "text"
    buf = io.BytesIO()
    pd.DataFrame({"x": [1, 2], "y": [3, 4]}).to_parquet(buf)
    assert sniff_kind(_file("a.parquet"), buf.getvalue()) == "parquet"
    for raw, message in [(b"%PDF-1.7 ...", "PDF"), (b"PK\x03\x04....", "ZIP"), (b"a,b\x00\x01", "binary"),
                         (b"<!DOCTYPE html><html>login</html>", "web page"), (b"x,y\n", None)]:
        if message is None:
            continue
        with pytest.raises(FileRejected, match=message):
            sniff_kind(_file("data.csv"), raw)
    with pytest.raises(FileRejected, match="not a Parquet file"):
        sniff_kind(_file("a.parquet"), b"x,y\n1,2\n")


def test_parse_table_reads_csv_tsv_parquet_and_explains_failures():
    rows = "\n".join(f"{i},{2 * i}" for i in range(12))
    assert parse_table(_file("a.csv"), f"x,y\n{rows}\n".encode(), 10_000).shape == (12, 2)
    assert parse_table(_file("a.tsv"), ("x\ty\n" + rows.replace(",", "\t")).encode(), 10_000).shape == (12, 2)
    buf = io.BytesIO()
    pd.DataFrame({"x": range(12), "y": range(12)}).to_parquet(buf)
    assert parse_table(_file("p.parquet"), buf.getvalue(), 10**6).shape == (12, 2)
    with pytest.raises(FileRejected, match="could not read a.txt: Only one column"):
        parse_table(_file("a.txt"), b"justone\n1\n2\n3\n", 10_000)


def test_bot_token_only_goes_to_slack_or_the_configured_api_host():
    assert trusted_download_host("https://files.slack.com/files-pri/T1/x.csv", "slack.com")
    assert trusted_download_host("http://127.0.0.1:4444/files/F1/a.csv", "http://127.0.0.1:4444/api/")
    # issue 19 (2): another local port is another service; it must not get the token
    assert not trusted_download_host("http://127.0.0.1:5555/files/F1/a.csv", "http://127.0.0.1:4444/api/")
    assert not trusted_download_host("http://127.0.0.1/files/F1/a.csv", "http://127.0.0.1:4444/api/")
    assert not trusted_download_host("https://127.0.0.1:4444/f.csv", "http://127.0.0.1:4444/api/")  # scheme
    assert not trusted_download_host("https://files.slack.com:8443/x", "slack.com")
    assert not trusted_download_host("http://127.0.0.1:bad/f.csv", "http://127.0.0.1:4444/api/")
    assert not trusted_download_host("http://files.slack.com/x", "slack.com")  # plain http
    assert not trusted_download_host("https://evil.example/slack.com/x.csv", "slack.com")
    assert not trusted_download_host("https://files.slack.com.evil.example/x", "slack.com")
    assert trusted_download_host("http://localhost:4444/f.csv", "http://127.0.0.1:4444/api/")  # alias
    assert not trusted_download_host("http://10.0.0.5/f.csv", "127.0.0.1:4444")


# ---------------------------------------------------------------- limits
def test_rate_limiter_window_and_retry_after():
    now = [100.0]
    limiter = RateLimiter(2, 60, clock=lambda: now[0])
    assert limiter.try_acquire("u") == 0 and limiter.try_acquire("u") == 0
    assert limiter.try_acquire("u") == pytest.approx(60)
    assert limiter.try_acquire("other") == 0
    now[0] = 161
    assert limiter.try_acquire("u") == 0


def test_recent_keys_and_bounded_pool_refuses_when_full():
    seen = RecentKeys(ttl_s=10)
    assert seen.first_time("Ev1") and not seen.first_time("Ev1")
    pool = BoundedPool(workers=1, queue=1)
    gate = threading.Event()
    first, second = pool.submit(gate.wait, 5), pool.submit(gate.wait, 5)
    with pytest.raises(PoolBusy):
        pool.submit(gate.wait, 5)
    gate.set()
    first.result(5), second.result(5)
    pool.submit(lambda: None).result(5)  # slots come back
    pool.shutdown()


# ---------------------------------------------------------------- errors and commands
def test_user_errors_pass_through_and_bugs_get_a_reference_id():
    from tools.base import DataError

    assert is_user_error(DataError("Column 'x' not found"))
    assert not is_user_error(KeyError("x")) and not is_user_error(ZeroDivisionError())
    try:
        int("abc")
    except ValueError as exc:  # raised inside the standard library: a bug, not the user's
        assert not is_user_error(exc)
    assert reply_for(DataError("Use <b> & co"), "test") == "Use &lt;b&gt; &amp; co"
    assert "reference id" in reply_for(RuntimeError("boom"), "test")


def test_commands_are_whole_message_forms_scoped_to_the_namespace():
    assert match_command("please delete graph abc and then analyse") is None
    assert match_command("delete graph abc")[0].name == "delete"
    assert match_command("List graphs.")[0].name == "list"
    store = InMemoryGraphStore()
    g = CausalGraph.from_edge_list(["A -> B"])
    store.put("mine", g, Provenance(source="user"), namespace="T1-C1")
    store.put("theirs", g, Provenance(source="user"), namespace="T1-C2")
    ctx = CommandContext(namespace="T1-C1", store=store, addressed=True, thread=None)
    cmd, m = match_command("list graphs")
    listing = cmd.run(ctx, m)
    assert "mine" in listing and "theirs" not in listing
    cmd, m = match_command("delete graph theirs")
    reply = cmd.run(ctx, m)
    assert "no graph `theirs` in this channel" in reply and "`mine`" in reply
    assert store.get("theirs", namespace="T1-C2").key == "theirs"
    cmd, m = match_command("delete graph mine")
    assert "mention me" in cmd.run(CommandContext("T1-C1", store, addressed=False, thread=None), m)
    assert "Deleted graph `mine`" in cmd.run(ctx, m)
    assert store.list(namespace="T1-C1") == []


def test_manifest_requests_the_scopes_and_events_the_bot_uses():
    yaml = pytest.importorskip("yaml")
    from pathlib import Path

    manifest = yaml.safe_load((Path(__file__).parents[1] / "slack" / "manifest.yaml").read_text())
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert scopes == {"app_mentions:read", "channels:history", "groups:history", "im:history", "im:read", "mpim:history",
                      "chat:write", "files:read", "files:write", "reactions:write"}
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.channels", "message.im", "message.mpim"} <= events


def test_progress_message_shows_the_running_step_until_it_finishes():
    from agent.interfaces.slack_format import progress_message

    text = progress_message(["profile data"], running="discover graph")
    assert text.splitlines()[-1] == "• _running: discover graph…_"
    assert "running" not in progress_message(["profile data"], finished=True, seconds=1.0, running="x")


def test_effect_answers_get_block_kit_with_escaped_labelled_fields():
    import pandas as pd

    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    rng = np.random.default_rng(2)
    z = rng.normal(size=600)
    x = (z + rng.normal(size=600) > 0).astype(int)
    df = pd.DataFrame({"<!channel>": z, "x": x, "y": 2 * x + z + rng.normal(size=600)})
    res = CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the effect of x on y?")

    class T:
        result = res

    blocks = answer_blocks(T())
    text = json.dumps(blocks)
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text      # a column name cannot ping
    assert blocks[0]["text"]["text"].startswith(f"*Answer: {res.answer}*")
    assert all(len(b.get("fields", [])) <= 10 for b in blocks)

    class NoEffect:
        result = type("R", (), {"effect": None})()

    assert answer_blocks(NoEffect()) is None
