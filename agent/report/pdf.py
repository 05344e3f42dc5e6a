"""PDF output drawn with matplotlib alone (no TeX, no browser): A4 pages of wrapped text with
the figures placed inline. Plainer than the HTML, but self-contained and printable."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent.report.report import Report

PAGE_W, PAGE_H = 8.27, 11.69   # A4, inches
MARGIN = 0.75
LINE = 0.2                     # inches per body line
WRAP = 100                     # characters per body line at 9 pt
TABLE_WRAP = 110


def _plain(text: str) -> str:
    text = re.sub(r"\*\*([^*]+)\*\*", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    return re.sub(r"(?<![\w*])_([^_]+)_(?![\w*])", r"\1", text)


def _table_lines(rows: list[str]) -> list[str]:
    cells = [[_plain(c.strip()) for c in re.split(r"(?<!\\)\|", r.strip().strip("|"))]
             for r in rows if not re.match(r"^\|[\s\-|:]+\|$", r.strip())]
    if not cells:
        return []
    widths = [min(max(len(row[i]) if i < len(row) else 0 for row in cells), 60) for i in range(len(cells[0]))]
    out = []
    for row in cells:
        line = "  ".join((row[i] if i < len(row) else "")[:widths[i]].ljust(widths[i]) for i in range(len(widths)))
        out.append(line[:TABLE_WRAP])
    return out


def _lines(markdown: str) -> list[tuple[str, str]]:
    """(style, text) lines: 'h3', 'body' or 'mono'."""
    out: list[tuple[str, str]] = []
    rows = markdown.splitlines()
    i = 0
    while i < len(rows):
        line = rows[i]
        if line.strip().startswith("|"):
            start = i
            while i < len(rows) and rows[i].strip().startswith("|"):
                i += 1
            out += [("mono", t) for t in _table_lines(rows[start:i])]
            continue
        if line.startswith("#"):
            out.append(("h3", _plain(line.lstrip("#").strip())))
        elif line.strip().startswith("- "):
            indent = "    " if line.startswith("  ") else ""
            wrapped = textwrap.wrap(_plain(line.strip()[2:]), WRAP - 4 - len(indent)) or [""]
            out.append(("body", f"{indent}•  {wrapped[0]}"))
            out += [("body", f"{indent}   {w}") for w in wrapped[1:]]
        elif line.strip():
            out += [("body", w) for w in textwrap.wrap(_plain(line.strip()), WRAP)]
        elif out and out[-1][1]:
            out.append(("body", ""))
        i += 1
    return out


def _runs(lines: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Consecutive lines of the same style grouped together."""
    out: list[tuple[str, list[str]]] = []
    for style, text in lines:
        if out and out[-1][0] == style and style != "h3":
            out[-1][1].append(text)
        else:
            out.append((style, [text]))
    return out


class _Pages:
    def __init__(self, pdf) -> None:
        self.pdf, self.fig, self.y = pdf, None, 0.0

    def _new(self) -> None:
        import matplotlib.pyplot as plt

        self.close()
        self.fig = plt.figure(figsize=(PAGE_W, PAGE_H))
        self.y = PAGE_H - MARGIN

    def close(self) -> None:
        import matplotlib.pyplot as plt

        if self.fig is not None:
            self.pdf.savefig(self.fig)
            plt.close(self.fig)
            self.fig = None

    def need(self, height: float) -> None:
        if self.fig is None or self.y - height < MARGIN:
            self._new()

    def text(self, text: str, size: float = 9.0, weight: str = "normal", family: str = "sans-serif",
             colour: str = "#1b1b1b", height: float = LINE) -> None:
        self.block([text], size, weight, family, colour, height)

    def block(self, lines: list[str], size: float = 9.0, weight: str = "normal", family: str = "sans-serif",
              colour: str = "#1b1b1b", height: float = LINE) -> None:
        """Lines of one style as one text object per page (drawing text is the slow part)."""
        while lines:
            self.need(height)
            fit = max(1, int((self.y - MARGIN) / height))
            chunk, lines = lines[:fit], lines[fit:]
            self.fig.text(MARGIN / PAGE_W, self.y / PAGE_H, "\n".join(chunk), fontsize=size, fontweight=weight,
                          family=family, color=colour, va="top", linespacing=height * 72 / size / 1.2)
            self.y -= height * len(chunk)

    def image(self, png: bytes, caption: str) -> None:
        import matplotlib.image as mpimg

        img = mpimg.imread(io.BytesIO(png), format="png")
        h_px, w_px = img.shape[:2]
        width = min(PAGE_W - 2 * MARGIN, w_px / 110)
        height = width * h_px / w_px
        if height > PAGE_H - 2 * MARGIN - 0.6:
            height = PAGE_H - 2 * MARGIN - 0.6
            width = height * w_px / h_px
        self.need(height + 0.5)
        ax = self.fig.add_axes(((PAGE_W - width) / 2 / PAGE_W, (self.y - height) / PAGE_H, width / PAGE_W,
                                height / PAGE_H))
        ax.imshow(img)
        ax.axis("off")
        self.y -= height + 0.1
        for w in textwrap.wrap(_plain(caption), WRAP + 10):
            self.text(w, size=8, colour="#5f6368", height=0.17)
        self.y -= 0.1


def write_pdf(report: "Report", path: Path) -> Path:
    """Write ``report`` to ``path`` as a PDF (matplotlib's PDF backend)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path, metadata={"Title": report.title, "Creator": "causal-agent", "CreationDate": None}) as pdf:
        pages = _Pages(pdf)
        for w in textwrap.wrap(report.title, 70):
            pages.text(w, size=15, weight="bold", height=0.32)
        pages.text(report.timestamp_line, size=8, colour="#5f6368", height=0.18)
        if report.byline:
            pages.text(_plain(report.byline), size=8, colour="#5f6368", height=0.3)
        for section in report.sections:
            pages.need(0.9)
            pages.y -= 0.12
            pages.text(section.title, size=12.5, weight="bold", height=0.32)
            for markdown in (section.body, None, section.after):
                if markdown is None:
                    for fig in section.figures:
                        pages.image(fig.png, fig.caption)
                    continue
                for style, lines in _runs(_lines(markdown)):
                    if style == "h3":
                        pages.block(lines, size=10.5, weight="bold", height=0.28)
                    elif style == "mono":
                        pages.block(lines, size=7, family="monospace", height=0.16)
                    else:
                        pages.block(lines)
        pages.close()
    return path
