"""Resolve the column names a user types in a follow-up ("now control for Age",
"remove the edge from years of education to wage") against the current dataset.

A name resolves when it is the column in any spelling (case, spaces, snake_case) or the
question parser's column matcher finds it confidently; otherwise the error names the
closest columns. Typed text is data: it is only compared with column names."""

from __future__ import annotations

import re

from tools.context import unknown_column_message

_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bplus\b|\bas well as\b)\s*", re.IGNORECASE)
_FILLER = re.compile(r"^(?:the|a|an|variable|column|node)\s+|\s+(?:variable|column|node|too|as well|also)$",
                     re.IGNORECASE)
CONFIDENT_SCORE = 85


def resolve_column(phrase: str, columns: list[str], description: str | None = None) -> str:
    """The column ``phrase`` names; ``LookupError`` with suggestions when there is none."""
    name = _clean(phrase)
    if not name:
        raise LookupError(f"Expected a column name; columns: {', '.join(columns)}.")
    if name in columns:
        return name
    by_norm = {_norm(c): c for c in columns}
    if _norm(name) in by_norm:
        return by_norm[_norm(name)]
    found = _matcher_resolve(name, columns, description)
    if found is not None:
        return found
    raise LookupError(unknown_column_message(name, columns))


def resolve_columns(text: str, columns: list[str], description: str | None = None) -> list[str]:
    """Resolve a list written as 'age, income and region' (order kept, duplicates dropped)."""
    whole = _clean(text)
    if whole in columns or _norm(whole) in {_norm(c) for c in columns}:
        return [resolve_column(whole, columns, description)]
    names = [resolve_column(p, columns, description) for p in _SPLIT.split(text) if _clean(p)]
    if not names:
        raise LookupError(f"Name at least one column; columns: {', '.join(columns)}.")
    return list(dict.fromkeys(names))


def _clean(phrase: str) -> str:
    text = str(phrase).strip().strip("`'\"“”‘’.?!:").strip()
    previous = None
    while previous != text:
        previous, text = text, _FILLER.sub("", text).strip()
    return text


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", name.lower())


def _matcher_resolve(name: str, columns: list[str], description: str | None) -> str | None:
    """Use the question parser's matcher when it is available and sure (one mention that
    covers the whole phrase, scored as a spelling of the name)."""
    try:
        from agent.query_columns import ColumnMatcher
    except ImportError:
        return None
    mentions = ColumnMatcher(columns, description).find(name)
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    covers = mention.start == 0 and mention.end == len(name)
    if covers and mention.score >= CONFIDENT_SCORE and not mention.alternatives:
        return mention.column
    return None
