"""Shared fixtures: no network beyond loopback, a temp state directory, seeded data."""

from __future__ import annotations

import ipaddress
import socket

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_create_connection = socket.create_connection


def _is_loopback(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guard(address) -> None:
    if not _is_loopback(address):
        raise RuntimeError(f"Network access to {address!r} is blocked in tests (loopback only).")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection from a test to a non-loopback address fails."""

    def connect(self, address):
        _guard(address)
        return _real_connect(self, address)

    def connect_ex(self, address):
        _guard(address)
        return _real_connect_ex(self, address)

    def create_connection(address, *args, **kwargs):
        _guard(address)
        return _real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)


@pytest.fixture(autouse=True)
def isolated_state(tmp_path, monkeypatch):
    """Point the state directory at a temp dir and remove any LLM configuration."""
    monkeypatch.setenv("CAUSAL_AGENT_HOME", str(tmp_path / "state"))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CAUSAL_AGENT_MODEL"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path / "state"
