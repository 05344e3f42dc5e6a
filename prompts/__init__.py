"""Prompt templates as files, rendered strictly (an undefined variable is an error)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

PROMPT_DIR = Path(__file__).parent


def template_names() -> list[str]:
    return sorted(p.stem for p in PROMPT_DIR.glob("*.md"))


@lru_cache(maxsize=None)
def _load(name: str):
    import jinja2

    path = PROMPT_DIR / f"{name}.md"
    if not path.exists():
        raise FileNotFoundError(f"No prompt template '{name}'. Templates: {', '.join(template_names())}.")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    return env.from_string(path.read_text(encoding="utf-8"))


def render(name: str, **variables: Any) -> str:
    """Render ``prompts/<name>.md`` with ``variables``; missing variables raise."""
    return _load(name).render(**variables)
