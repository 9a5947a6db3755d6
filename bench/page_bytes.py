"""What each byte of a paper page is: its bytes by element, averaged over a site's paper pages.

    python3 -m bench.page_bytes SITE [--pages 200]

The parts do not overlap and add up to the page: the head's meta tags, JSON-LD, links, title and
scripts; the header (of which the search box and the icons are shown apart as well), the nav and
table-of-contents sidebars, the paper's article, the footer, the scripts at the end of the body,
and the rest (the elements that hold these, and the whitespace between them).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

from generator import urls

PARTS = (
    "head: meta tags",
    "head: JSON-LD",
    "head: links (stylesheets, feeds, prev/next)",
    "head: title",
    "head: inline scripts",
    "header",
    "nav sidebar",
    "table of contents sidebar",
    "article (the paper)",
    "footer",
    "body: scripts and config",
    "rest: wrappers and whitespace",
)
ALSO = ("of the header: search box", "inline SVG icons, anywhere", "whitespace, anywhere")
"""Figures that overlap the parts: shown under them, not added to them."""


class _Spans(HTMLParser):
    """Byte spans of the elements that the parts are made of."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self._lines = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self._lines.append(index + 1)
        self._html = html
        self._open: list[tuple[str, str, int]] = []
        self.parts = dict.fromkeys(PARTS + ALSO, 0)
        self._in_head = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def _part(self, tag: str, attrs: dict[str, str | None]) -> str | None:
        classes = (attrs.get("class") or "").split()
        if self._in_head:
            if tag == "meta":
                return "head: meta tags"
            if tag == "link":
                return "head: links (stylesheets, feeds, prev/next)"
            if tag == "title":
                return "head: title"
            if tag == "script":
                ld = attrs.get("type") == "application/ld+json"
                return "head: JSON-LD" if ld else "head: inline scripts"
            return None
        if any(part for _, part, _ in self._open if part in PARTS):
            if tag == "svg":
                return "inline SVG icons, anywhere"
            if tag == "div" and "ps-search" in classes:
                return "of the header: search box"
            return None
        if tag == "header":
            return "header"
        if tag == "div" and "md-sidebar--primary" in classes:
            return "nav sidebar"
        if tag == "div" and "md-sidebar--secondary" in classes:
            return "table of contents sidebar"
        if tag == "article" and "ps-paper" in classes:
            return "article (the paper)"
        if tag == "footer":
            return "footer"
        if tag == "script":
            return "body: scripts and config"
        if tag == "svg":
            return "inline SVG icons, anywhere"
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self._in_head = True
        start = self._offset()
        part = self._part(tag, dict(attrs))
        end_of_tag = start + len(self.get_starttag_text() or "")
        if tag in ("meta", "link") and part:
            self.parts[part] += len(self._html[start:end_of_tag].encode())
            return
        self._open.append((tag, part or "", start))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                _, part, start = self._open[index]
                del self._open[index:]
                if part:
                    end = self._html.find(">", self._offset()) + 1
                    self.parts[part] += len(self._html[start:end].encode())
                return


def breakdown(html: str) -> dict[str, int]:
    """The bytes of one page by part (`PARTS`), and the overlapping figures (`ALSO`)."""
    spans = _Spans(html)
    spans.feed(html)
    spans.close()
    parts = spans.parts
    total = len(html.encode())
    parts["rest: wrappers and whitespace"] = total - sum(parts[name] for name in PARTS[:-1])
    parts["whitespace, anywhere"] = sum(1 for char in html if char.isspace())
    return parts


def average(site: Path, pages: int = 200) -> tuple[int, dict[str, float]]:
    """How many paper pages were read (the first `pages` by path), and their average parts."""
    paths = sorted(site.glob(urls.PAPER_PAGES_GLOB))[:pages]
    totals: dict[str, float] = dict.fromkeys(PARTS + ALSO, 0.0)
    for path in paths:
        for name, size in breakdown(path.read_text(encoding="utf-8")).items():
            totals[name] += size
    return len(paths), {name: size / max(len(paths), 1) for name, size in totals.items()}


def table(parts: dict[str, float]) -> list[str]:
    """The parts as Markdown table rows, with their share of the page."""
    total = sum(parts[name] for name in PARTS)
    rows = ["| part | bytes | share |", "| --- | ---: | ---: |"]
    for name in PARTS:
        rows.append(f"| {name} | {parts[name]:,.0f} | {100 * parts[name] / total:.0f}% |")
    rows.append(f"| **page** | **{total:,.0f}** | 100% |")
    for name in ALSO:
        rows.append(f"| ({name}) | {parts[name]:,.0f} | {100 * parts[name] / total:.0f}% |")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Print the average paper page of a built site, by part."""
    parser = argparse.ArgumentParser(prog="python3 -m bench.page_bytes", description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", type=int, default=200, help="paper pages read (default 200)")
    args = parser.parse_args(argv)
    count, parts = average(args.site, args.pages)
    if not count:
        print(f"no paper pages under {args.site}/papers/", file=sys.stderr)
        return 1
    print(f"The average of {count} paper pages of {args.site}:\n")
    print("\n".join(table(parts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
