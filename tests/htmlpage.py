"""Read a built page with the standard library's HTML parser, as a test sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


@dataclass
class HtmlPage:
    """The parts of a page that tests look at."""

    title: str = ""
    h1: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    by_class: dict[str, list[str]] = field(default_factory=dict)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = HtmlPage()
        # Each open element: its tag, its classes, and the text gathered inside it.
        self._open: list[tuple[str, list[str], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.page.tags.append((tag, attributes))
        if tag == "meta" and attributes.get("content") is not None:
            name = attributes.get("name") or attributes.get("property")
            if name:
                self.page.meta[name] = attributes["content"] or ""
        if tag == "a" and attributes.get("href"):
            self.page.links.append(attributes["href"] or "")
        if tag not in _VOID:
            self._open.append((tag, (attributes.get("class") or "").split(), []))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            open_tag, classes, text = self._open.pop()
            joined = " ".join("".join(text).split())
            if open_tag == "title":
                self.page.title = joined
            elif open_tag == "h1":
                self.page.h1.append(joined)
            for name in classes:
                self.page.by_class.setdefault(name, []).append(joined)
            if self._open:
                self._open[-1][2].extend(text)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][2].append(data)


def read_page(path: Path) -> HtmlPage:
    """Parse one HTML file."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page
