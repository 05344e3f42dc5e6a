"""Slack bot configuration in one place.

Precedence for every setting: explicit argument (CLI flag) → environment variable → default.

| setting | environment | default |
|---|---|---|
| bot token | ``SLACK_BOT_TOKEN`` | required |
| app-level token (Socket Mode) | ``SLACK_APP_TOKEN`` | required in Socket Mode |
| signing secret (HTTP mode) | ``SLACK_SIGNING_SECRET`` | required in HTTP mode |
| Web API base URL | ``SLACK_API_URL`` | ``https://slack.com/api/`` |
| largest accepted upload (MB) | ``CAUSAL_AGENT_SLACK_MAX_FILE_MB`` | 50 |
| analyses per user per minute | ``CAUSAL_AGENT_SLACK_RATE_PER_MIN`` | 10 |
| concurrent analyses / waiting | ``CAUSAL_AGENT_SLACK_WORKERS`` / ``CAUSAL_AGENT_SLACK_QUEUE`` | 2 / 4 |
| report attachment format | ``CAUSAL_AGENT_SLACK_REPORT`` | ``md`` |
| threads kept in memory / idle hours | ``CAUSAL_AGENT_SLACK_MAX_SESSIONS`` / ``CAUSAL_AGENT_SLACK_SESSION_TTL_H`` | 50 / 6 |

Each live thread holds its own copy of its table, so ``MAX_SESSIONS`` × table size bounds
the bot's memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urlsplit

DEFAULT_API_URL = "https://slack.com/api/"
REPORT_FORMATS = ("md", "html")


class SettingsError(ValueError):
    """A missing or malformed setting; the message names the variable or flag to set."""


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str
    mode: str = "socket"  # socket | http
    app_token: str | None = None
    signing_secret: str | None = None
    api_url: str = DEFAULT_API_URL
    host: str = "0.0.0.0"
    port: int = 3000
    max_file_bytes: int = 50 * 1024 * 1024
    rate_per_minute: int = 10
    workers: int = 2
    queue: int = 4
    session_ttl_s: float = 6 * 3600.0
    max_sessions: int = 50
    report_format: str = "md"
    llm: str | None = None
    seed: int = 0



def normalise_api_url(url: str) -> str:
    """The Web API base URL with exactly one trailing slash (the SDK joins method names
    onto it, so ``http://h/api`` would otherwise lose its ``/api``)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"SLACK_API_URL {url!r} is not an http(s) URL; use e.g. https://slack.com/api/.")
    return url.rstrip("/") + "/"


def _pick(explicit: Any, env: Mapping[str, str], name: str, default: Any = None) -> Any:
    if explicit is not None:
        return explicit
    value = env.get(name)
    return value if value not in (None, "") else default


def _positive_int(value: Any, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{name} must be a whole number, got {value!r}.") from None
    if number < 1:
        raise SettingsError(f"{name} must be at least 1, got {number}.")
    return number


def _positive_float(value: Any, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{name} must be a number, got {value!r}.") from None
    if not number > 0:
        raise SettingsError(f"{name} must be positive, got {value!r}.")
    return number


def load_settings(*, http: bool = False, port: int | None = None, host: str | None = None,
                  max_file_mb: float | None = None, rate_per_minute: int | None = None,
                  workers: int | None = None, queue: int | None = None, report_format: str | None = None,
                  llm: str | None = None, seed: int = 0, env: Mapping[str, str] | None = None) -> SlackSettings:
    """Build settings from flags and the environment; raise ``SettingsError`` naming what to set."""
    env = os.environ if env is None else env
    mode = "http" if http else "socket"
    bot_token = _pick(None, env, "SLACK_BOT_TOKEN")
    needed = {"http": "SLACK_SIGNING_SECRET", "socket": "SLACK_APP_TOKEN"}[mode]
    missing = [name for name in ("SLACK_BOT_TOKEN", needed) if not env.get(name)]
    if missing:
        hint = {"http": "(HTTP mode, from the app's Basic Information page)",
                "socket": "(Socket Mode: an app-level token with connections:write; or run with --http)"}[mode]
        raise SettingsError(f"Set {' and '.join(missing)} {hint} to run the Slack bot.")
    fmt = str(_pick(report_format, env, "CAUSAL_AGENT_SLACK_REPORT", "md")).lower()
    if fmt not in REPORT_FORMATS:
        raise SettingsError(f"Report format {fmt!r} is not supported; use one of {', '.join(REPORT_FORMATS)}.")
    max_mb = _positive_float(_pick(max_file_mb, env, "CAUSAL_AGENT_SLACK_MAX_FILE_MB", 50),
                             "CAUSAL_AGENT_SLACK_MAX_FILE_MB / --max-file-mb")
    ttl_h = _positive_float(env.get("CAUSAL_AGENT_SLACK_SESSION_TTL_H") or 6, "CAUSAL_AGENT_SLACK_SESSION_TTL_H")
    return SlackSettings(
        bot_token=bot_token, mode=mode, app_token=env.get("SLACK_APP_TOKEN") or None,
        signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        api_url=normalise_api_url(_pick(None, env, "SLACK_API_URL", DEFAULT_API_URL)),
        host=host or "0.0.0.0", port=_positive_int(_pick(port, env, "PORT", 3000), "--port"),
        max_file_bytes=int(max_mb * 1024 * 1024),
        rate_per_minute=_positive_int(_pick(rate_per_minute, env, "CAUSAL_AGENT_SLACK_RATE_PER_MIN", 10),
                                      "CAUSAL_AGENT_SLACK_RATE_PER_MIN / --rate-per-minute"),
        workers=_positive_int(_pick(workers, env, "CAUSAL_AGENT_SLACK_WORKERS", 2), "CAUSAL_AGENT_SLACK_WORKERS / --workers"),
        queue=_positive_int(_pick(queue, env, "CAUSAL_AGENT_SLACK_QUEUE", 4), "CAUSAL_AGENT_SLACK_QUEUE / --queue"),
        max_sessions=_positive_int(env.get("CAUSAL_AGENT_SLACK_MAX_SESSIONS") or 50, "CAUSAL_AGENT_SLACK_MAX_SESSIONS"),
        session_ttl_s=ttl_h * 3600.0, report_format=fmt, llm=llm, seed=seed)
