"""Cooperative cancellation inside long tool loops (discovery levels, BOSS restarts,
refutation simulations): the step runner installs the analysis's "should I stop?" check for
the duration of a tool call; loops call ``checkpoint()``, which raises ``Cancelled`` when the
user asked to stop, so Ctrl-C takes effect within a loop iteration rather than after the step.
Work in other processes (joblib bootstraps) does not see the check and finishes its batch."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

_CHECK: ContextVar[Callable[[], bool] | None] = ContextVar("causal_agent_cancel_check", default=None)


class Cancelled(RuntimeError):
    """The user asked to stop the running analysis."""


@contextmanager
def cancellable(check: Callable[[], bool] | None) -> Iterator[None]:
    """Make ``check`` the stop condition for ``checkpoint()`` calls in this thread's work."""
    token = _CHECK.set(check)
    try:
        yield
    finally:
        _CHECK.reset(token)


def checkpoint() -> None:
    """Raise ``Cancelled`` if the running analysis should stop; cheap when nothing is installed."""
    check = _CHECK.get()
    if check is not None and check():
        raise Cancelled("Analysis cancelled by the user.")
