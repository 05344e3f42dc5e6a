"""Scripted chat model for tests (it lives in ``evals.scripted_model`` so the cost eval can use it too)."""

from evals.scripted_model import ScriptedChatModel, text_reply, tool_call

__all__ = ["ScriptedChatModel", "text_reply", "tool_call"]
