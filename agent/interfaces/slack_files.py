"""Turning a file shared in Slack into a DataFrame, safely.

A file must look tabular by its name or mimetype (CSV, TSV, TXT, Parquet), be under the
size limit (checked on the declared size *and* while downloading), come from a Slack host
(the bot token is only ever sent there), and its bytes must agree with its name (content
sniffing: Parquet magic, no binary/HTML/PDF/ZIP disguised as CSV). Every refusal is a
``FileRejected`` whose message tells the user what to share instead."""

from __future__ import annotations

import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from tools.base import DataError

TEXT_SUFFIXES = {".csv": ".csv", ".tsv": ".tsv", ".tab": ".tsv", ".txt": ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
TABULAR_MIMETYPES = {"text/csv", "application/csv", "text/tab-separated-values", "text/plain",
                     "application/vnd.apache.parquet", "application/x-parquet"}
TABULAR_FILETYPES = {"csv", "tsv", "text", "parquet"}
SPREADSHEET_SUFFIXES = {".xlsx", ".xls", ".xlsm", ".ods", ".numbers"}
SHARE_HINT = "Share the table as a CSV, TSV or Parquet file."
CHUNK = 1 << 16


class FileRejected(DataError):
    """A shared file that cannot be used as a data set; the message says what to do."""


@dataclass(frozen=True)
class SlackFile:
    id: str
    name: str
    mimetype: str
    filetype: str
    size: int | None
    url: str | None

    @classmethod
    def from_event(cls, obj: dict[str, Any]) -> "SlackFile":
        size = obj.get("size")
        return cls(id=str(obj.get("id", "")), name=str(obj.get("name") or obj.get("title") or "file"),
                   mimetype=str(obj.get("mimetype") or "").lower(), filetype=str(obj.get("filetype") or "").lower(),
                   size=int(size) if isinstance(size, (int, float)) else None,
                   url=obj.get("url_private_download") or obj.get("url_private"))

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name.lower()).suffix

    @property
    def display_name(self) -> str:
        """The name for messages: printable, short."""
        clean = "".join(ch for ch in self.name if ch.isprintable() and ch not in "<>&`*_~|")
        return (clean or "file")[:80]


def looks_tabular(f: SlackFile) -> bool:
    """Judged by name, then mimetype / Slack's filetype (content is checked after download)."""
    if f.suffix in TEXT_SUFFIXES or f.suffix in PARQUET_SUFFIXES:
        return True
    if f.suffix and f.suffix not in (".dat",):
        return False
    return f.mimetype in TABULAR_MIMETYPES or f.filetype in TABULAR_FILETYPES


def check_declared(f: SlackFile, max_bytes: int) -> None:
    """Refuse by declared type and size before downloading anything."""
    if f.suffix in SPREADSHEET_SUFFIXES:
        raise FileRejected(f"{f.display_name} is a spreadsheet; I read CSV, TSV and Parquet. "
                           "Export the sheet as CSV (File → Save as / Download → CSV) and share that.")
    if not looks_tabular(f):
        raise FileRejected(f"{f.display_name} is not a table I can read. {SHARE_HINT}")
    if f.size is not None and f.size > max_bytes:
        raise FileRejected(f"{f.display_name} is {_mb(f.size)}; the limit is {_mb(max_bytes)}. "
                           "Share a sample of the rows or only the columns you need.")


def trusted_download_host(url: str, api_origin: str) -> bool:
    """The bot token goes only to Slack's file hosts (https, *.slack.com) or to the configured
    API origin: same scheme, same host (a loopback alias counts as the same host) and same port.

    ``api_origin`` is the API URL or its ``host[:port]``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and (host == "slack.com" or host.endswith(".slack.com")):
        return parts.port in (None, 443)
    api = urlsplit(api_origin if "//" in api_origin else "//" + api_origin)
    api_host = (api.hostname or "").lower()
    if not host or parts.scheme not in ("http", "https"):
        return False
    if api.scheme and parts.scheme != api.scheme:
        return False
    same_host = host == api_host or (_is_loopback(host) and _is_loopback(api_host))
    return same_host and _port(parts) == _port(api, default_scheme=parts.scheme)


def _port(parts: Any, default_scheme: str = "https") -> int | None:
    """The explicit port, else the scheme's default (a malformed port is no port)."""
    try:
        port = parts.port
    except ValueError:
        return None
    return port if port is not None else {"http": 80, "https": 443}.get(parts.scheme or default_scheme)


def _is_loopback(host: str) -> bool:
    """A local fake or proxy may say 'localhost' in one URL and '127.0.0.1' in another."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect means the token was refused (Slack sends a login page)


def download(f: SlackFile, token: str, max_bytes: int, api_origin: str, timeout: float = 30.0) -> bytes:
    """GET ``url_private_download`` with the bot token; stop reading past ``max_bytes``."""
    if not f.url:
        raise FileRejected(f"Slack did not give me a download link for {f.display_name}. Share it again.")
    if not trusted_download_host(f.url, api_origin):
        raise FileRejected(f"{f.display_name} is not hosted on Slack, so I will not fetch it. "
                           "Upload the file to Slack directly.")
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(f.url, headers={"Authorization": f"Bearer {token}"})
    try:
        with opener.open(request, timeout=timeout) as response:
            chunks, total = [], 0
            while chunk := response.read(CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    raise FileRejected(f"{f.display_name} is larger than the {_mb(max_bytes)} limit. "
                                       "Share a sample of the rows or only the columns you need.")
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise FileRejected(f"Slack would not let me download {f.display_name}. Check that the app has the "
                               "files:read scope and is a member of this channel, then share the file again.") from None
        raise FileRejected(f"Downloading {f.display_name} failed (HTTP {exc.code}). Share it again.") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise FileRejected(f"Downloading {f.display_name} failed ({getattr(exc, 'reason', exc)}). "
                           "Try again in a minute.") from None


_BINARY_SIGNATURES = {  # magic bytes -> what the file really is
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (an Excel .xlsx file is one)",
    b"\xd0\xcf\x11\xe0": "an old Office document (.xls)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
}


def sniff_kind(f: SlackFile, raw: bytes) -> str:
    """``"parquet"`` or ``"text"`` from the bytes themselves; refuse anything else."""
    if not raw.strip():
        raise FileRejected(f"{f.display_name} is empty: it needs a header row and data rows.")
    if raw[:4] == b"PAR1" and raw[-4:] == b"PAR1":
        return "parquet"
    if f.suffix in PARQUET_SUFFIXES:
        raise FileRejected(f"{f.display_name} is named Parquet but is not a Parquet file. {SHARE_HINT}")
    for magic, what in _BINARY_SIGNATURES.items():
        if raw.startswith(magic):
            raise FileRejected(f"{f.display_name} is {what}, not a table. {SHARE_HINT}")
    head = raw[:65536]
    if b"\x00" in head:
        raise FileRejected(f"{f.display_name} looks binary, not a text table. {SHARE_HINT}")
    lowered = head.lstrip()[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        raise FileRejected(f"Downloading {f.display_name} returned a web page instead of the file. Check the app "
                           "has the files:read scope, then share the file again.")
    return "text"


def parse_table(f: SlackFile, raw: bytes, max_bytes: int):
    """Parse downloaded bytes with the same loader as the CLI (delimiter sniffing, clear errors)."""
    from agent.data import load_table

    kind = sniff_kind(f, raw)
    suffix = ".parquet" if kind == "parquet" else TEXT_SUFFIXES.get(f.suffix, ".txt")
    with tempfile.TemporaryDirectory(prefix="causal-agent-slack-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(raw)
        try:
            frame = load_table(path, max_bytes=max_bytes)
        except DataError as exc:
            raise FileRejected(f"I could not read {f.display_name}: {_strip_path(str(exc), path)}") from None
    if frame.shape[1] < 2:
        raise FileRejected(f"{f.display_name} has {frame.shape[1]} column; a causal question needs at least two. "
                           "Check the delimiter (comma, tab or semicolon).")
    return frame


def _strip_path(message: str, path: Path) -> str:
    return message.replace(str(path), "the file").replace(path.name, "the file")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n < 10 * 1024 * 1024 else f"{n / (1024 * 1024):.0f} MB"
