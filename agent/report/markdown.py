"""A converter for the small Markdown subset the report writes: ### headings, paragraphs,
bullet lists (one nested level), pipe tables, **bold**, _italic_ and `code`."""

from __future__ import annotations

import html
import re

TABLE_RULE = re.compile(r"^\|[\s\-|:]+\|$")


def inline(text: str) -> str:
    parts = re.split(r"(`[^`]+`)", text)
    out = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
            continue
        part = html.escape(part, quote=False)
        part = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", part)
        part = re.sub(r"(?<![\w*])_([^_]+)_(?![\w*])", r"<em>\1</em>", part)
        out.append(part)
    return "".join(out)


def _split_row(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [c.strip().replace("\\|", "|") for c in cells]


def _table(rows: list[str]) -> str:
    body = [_split_row(r) for r in rows if not TABLE_RULE.match(r.strip())]
    head, *rest = body or [[]]
    thead = "".join(f"<th>{inline(c)}</th>" for c in head)
    tbody = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in rest)
    return f'<div class="table-wrap"><table><thead><tr>{thead}</tr></thead><tbody>{tbody}</tbody></table></div>'


def _list(items: list[str]) -> str:
    out, open_sub = ["<ul>"], False
    for raw in items:
        nested = raw.startswith("  ")
        text = inline(raw.strip()[2:])
        if nested and not open_sub:
            out[-1] = out[-1].removesuffix("</li>")
            out.append("<ul>")
            open_sub = True
        elif not nested and open_sub:
            out.append("</ul></li>")
            open_sub = False
        out.append(f"<li>{text}</li>")
    if open_sub:
        out.append("</ul></li>")
    out.append("</ul>")
    return "".join(out)


def to_html(markdown: str) -> str:
    """HTML for one section body."""
    out: list[str] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
        elif stripped.startswith("#"):
            level = min(len(stripped) - len(stripped.lstrip("#")), 6)
            out.append(f"<h{level}>{inline(stripped[level:].strip())}</h{level}>")
            i += 1
        elif stripped.startswith("|"):
            start = i
            while i < len(lines) and lines[i].strip().startswith("|"):
                i += 1
            out.append(_table(lines[start:i]))
        elif stripped.startswith("- "):
            start = i
            while i < len(lines) and (lines[i].strip().startswith("- ") and
                                      (lines[i].startswith("- ") or lines[i].startswith("  - "))):
                i += 1
            out.append(_list(lines[start:i]))
        else:
            start = i
            while i < len(lines) and lines[i].strip() and not lines[i].strip().startswith(("#", "|", "- ")):
                i += 1
            out.append(f"<p>{inline(' '.join(l.strip() for l in lines[start:i]))}</p>")
    return "\n".join(out)
