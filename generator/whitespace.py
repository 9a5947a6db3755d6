"""Whitespace collapsed in built pages: the templates' indentation, not what a reader sees.

Jinja keeps the indentation of every template line, and Material's templates are deeply
nested, so a seventh of a page is blank space. Between words and elements, a browser shows any
run of whitespace as one space, so a run that holds a line break becomes a single line break,
and a tag spread over several lines is written on one line. Nothing a reader sees changes:
`<pre>`, `<textarea>`, `<script>` and `<style>` elements and comments are kept as written, and a
line break inside an attribute value is written as the character reference `&#10;`, which is
the same value (a BibTeX entry is copied from an attribute with its line breaks).
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"<(pre|textarea|script|style)\b|<!--", re.IGNORECASE)
"""Where an element kept whole starts: it ends at its end tag, or at the end of its comment."""
_TAG_OVER_LINES = re.compile(r"<[^>]*\n[^>]*>")
_IN_TAG = re.compile(r"""("[^"]*"|'[^']*')|\s+""")
"""Within a tag: a quoted attribute value, or whitespace between attributes."""
_BREAK = re.compile(r"\n\s*")
"""A line break and the whitespace after it (more line breaks, the next line's indent)."""


def collapse_whitespace(html: str) -> str:
    """`html` with each run of whitespace that starts with a line break made one line break,
    outside the elements kept whole, and each tag written on one line."""
    parts: list[str] = []
    position = 0
    for start, end in _kept_spans(html):
        if start < position:  # inside an element kept whole, as a comment in a <script>
            continue
        parts.append(_collapse(html[position:start]))
        parts.append(html[start:end])
        position = end
    parts.append(_collapse(html[position:]))
    return "".join(parts)


def _kept_spans(html: str) -> list[tuple[int, int]]:
    """Where each element kept whole starts and ends, in order."""
    spans = []
    for match in _KEPT.finditer(html):
        name = match.group(1)
        closing = f"</{name}" if name else "-->"
        after = html.find(closing, match.end())
        end = len(html) if after < 0 else (html.find(">", after) + 1 or len(html))
        spans.append((match.start(), end))
    return spans


def _collapse(text: str) -> str:
    if "\n" not in text:
        return text
    return _BREAK.sub("\n", _TAG_OVER_LINES.sub(_one_line_tag, text))


def _one_line_tag(match: re.Match[str]) -> str:
    return _IN_TAG.sub(_tag_part, match.group())


def _tag_part(match: re.Match[str]) -> str:
    value = match.group(1)
    if value is None:
        return " "
    return value.replace("\r\n", "&#10;").replace("\n", "&#10;").replace("\r", "&#13;")
