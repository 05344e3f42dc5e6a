"""Number and name formatting shared by every section, so the same value always reads the same."""

from __future__ import annotations

import math
from typing import Any, Iterable


def is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(float(x))


def num(x: Any, sig: int = 4) -> str:
    """A value with ``sig`` significant figures; thousands separators for large values; 'n/a' for None/NaN."""
    if not is_number(x):
        return "n/a"
    x = float(x)
    if x == 0:
        return "0"
    if abs(x) >= 10 ** sig:
        return f"{x:,.0f}"
    if abs(x) < 1e-4:
        return f"{x:.{max(sig - 2, 1)}e}"
    return f"{x:.{sig}g}"


def signed(x: Any, sig: int = 4) -> str:
    text = num(x, sig)
    return text if not is_number(x) or float(x) < 0 or text == "0" else "+" + text


def pct(share: Any, decimals: int = 0) -> str:
    """A proportion as a percentage: 0.123 -> '12%'."""
    if not is_number(share):
        return "n/a"
    return f"{100 * float(share):.{decimals}f}%"


def p_value(p: Any) -> str:
    if not is_number(p):
        return "p n/a"
    return "p < 0.0001" if float(p) < 1e-4 else f"p = {float(p):.3g}"


def ci(low: Any, high: Any, level: float = 0.95) -> str:
    if not (is_number(low) and is_number(high)):
        return "no confidence interval"
    return f"{pct(level)} CI {num(low)} to {num(high)}"


def span(low: Any, high: Any) -> str:
    """'low to high' for a table cell, empty when there is no interval."""
    return f"{num(low)} to {num(high)}" if is_number(low) and is_number(high) else ""


def var(name: Any) -> str:
    """A variable name as it appears in reports: backticked (the grounding checker relies on it)."""
    return f"`{name}`"


def var_list(names: Iterable[Any], conj: str = "and", empty: str = "none") -> str:
    items = [var(n) for n in names]
    if not items:
        return empty
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def sentence(text: Any) -> str:
    """Capitalised, ending with a full stop (tool texts are often fragments)."""
    text = str(text or "").strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def cell(text: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def sig_round(x: Any, sig: int = 4) -> Any:
    """Round a number to ``sig`` significant figures (facts handed to templates and the LLM)."""
    if not is_number(x) or x == 0 or isinstance(x, int):
        return x
    return float(f"{float(x):.{sig}g}")
