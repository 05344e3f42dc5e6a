"""Self-contained HTML: one page, figures inlined as data: URIs, no scripts or external
assets, readable on a phone (viewport meta, fluid images, horizontally scrolling tables)."""

from __future__ import annotations

import base64
import html
import struct
from typing import TYPE_CHECKING

from agent.report.markdown import inline, to_html

if TYPE_CHECKING:
    from agent.report.model import Figure, Section
    from agent.report.report import Report

STYLE = """
:root{--ink:#1b1b1b;--muted:#5f6368;--line:#d9dde3;--accent:#1f4e79;--card:#f4f8fc}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;
  line-height:1.55;font-size:16px;background:#fff}
main{max-width:880px;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.45rem;line-height:1.3;margin:.6rem 0 .3rem}
h2{font-size:1.18rem;margin:2rem 0 .6rem;padding-bottom:.25rem;border-bottom:2px solid var(--line)}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
p.generated,p.byline{color:var(--muted);font-size:.85rem;margin:.1rem 0}
section.summary{background:var(--card);border-left:4px solid var(--accent);padding:.2rem 1rem .6rem;
  border-radius:6px;margin-top:1rem}
section.summary h2{border:none;margin-top:.8rem}
code{background:#eef1f4;padding:.05rem .3rem;border-radius:3px;font-size:.9em;word-break:break-word}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.6rem 0}
table{border-collapse:collapse;font-size:.9rem;min-width:50%}
th,td{border:1px solid var(--line);padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#f3f5f7}
figure{margin:1rem 0;text-align:center}
figure img{max-width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fff}
.figure-error{color:#b03a2e;font-size:.9rem}
figcaption{color:var(--muted);font-size:.85rem;margin-top:.3rem;text-align:left}
details>summary{cursor:pointer;list-style:revert}
details>summary h2{display:inline-block;border:none}
ul{padding-left:1.3rem}li{margin:.2rem 0}
@media (max-width:600px){body{font-size:15px}main{padding:.6rem .7rem 2rem}table{font-size:.82rem}}
@media print{details{display:block}section{break-inside:avoid-page}}
"""


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", png[16:24])


def figure_html(fig: "Figure") -> str:
    try:
        png = fig.png
    except Exception as exc:  # one broken figure must not cost the reader the whole report; say so on the page
        return f'<p class="figure-error">Figure "{html.escape(fig.caption)}" could not be drawn: ' \
               f"{html.escape(type(exc).__name__)}: {html.escape(str(exc)[:300])}</p>"
    width, height = png_size(png)
    data = base64.b64encode(png).decode("ascii")
    return (f'<figure id="fig-{html.escape(fig.key)}"><img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(fig.alt)}" width="{width}" height="{height}">'
            f"<figcaption>{inline(fig.caption)}</figcaption></figure>")


def section_html(section: "Section") -> str:
    key = html.escape(section.key or section.title.lower().replace(" ", "-"))
    body = to_html(section.body) + "".join(figure_html(f) for f in section.figures) + to_html(section.after)
    heading = f"<h2>{inline(section.title)}</h2>"
    if section.collapsible:
        return f'<section id="{key}"><details><summary>{heading}</summary>\n{body}\n</details></section>'
    css = ' class="summary"' if section.key == "summary" else ""
    return f'<section id="{key}"{css}>{heading}\n{body}\n</section>'


def render_html(report: "Report") -> str:
    head = (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(report.title)}</title><style>{STYLE}</style></head>\n<body><main>")
    parts = [head, f"<header><h1>{inline(report.title)}</h1>",
             f'<p class="generated">{html.escape(report.timestamp_line)}</p>']
    if report.byline:
        parts.append(f'<p class="byline">{inline(report.byline)}</p>')
    parts.append("</header>")
    parts += [section_html(s) for s in report.sections]
    parts.append("</main></body>\n</html>\n")
    return "\n".join(parts)
