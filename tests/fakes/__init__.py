"""Deterministic stand-ins for external services (chat models) used by the tests."""
