"""Whitespace collapsed in built pages: the templates' indentation, not what a reader sees.

Jinja keeps the indentation of every template line, and Material's templates are deeply
nested, so a seventh of a page is blank space. Between words and elements, a browser shows any
run of whitespace as one space, so a run that holds a line break becomes a single line break,
and a tag spread over several lines is written on one line. Nothing a reader sees changes:
`<pre>`, `<textarea>`, `<script>` and `<style>` elements and comments are kept as written, and a
line break inside an attribute value is written as the character reference `&#10;`, which is
the same value (a BibTeX entry is copied from an attribute with its line breaks).

A line break next to the start or end tag of a block-level element goes altogether: a browser
ends a line at a block's edge and drops the whitespace at either end of a line, so it shows
nothing there (between two list items, after a paragraph, inside the head). Elements that the
site's style sheets show inline (`details` and `summary` in a byline) are not counted as blocks;
neither are inline elements (`a`, `span`, `button`, `label`, `input`) nor `script`, whose
neighbours' spaces meet across it.
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
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "li",
        "link",
        "main",
        "meta",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)
"""Elements shown as blocks, or not at all (the head's), beside which a line break shows nothing."""
_BREAK_BETWEEN_TAGS = re.compile(r"(?<=>)\n(?=<)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")


def collapse_whitespace(html: str) -> str:
    """`html` with each run of whitespace that starts with a line break made one line break,
    outside the elements kept whole, and each tag written on one line."""
    parts: list[str] = []
    position = 0
    for start, end in _kept_spans(html):
        if start < position:  # inside an element kept whole, as a comment in a <script>
            continue
        parts.append(_collapse(html[position:start], html, position))
        parts.append(html[start:end])
        position = end
    parts.append(_collapse(html[position:], html, position))
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


def _collapse(text: str, html: str, position: int) -> str:
    """`text`, which starts at `position` of `html`, collapsed; the tags around it in `html`
    (of the elements kept whole) tell whether a line break at either end of it shows."""
    if "\n" not in text:
        return text
    end = position + len(text)
    text = _BREAK.sub("\n", _TAG_OVER_LINES.sub(_one_line_tag, text))
    before = html.rfind("<", 0, position) if text.startswith("\n") else -1
    following = _TAG_NAME.match(html, end) if text.endswith("\n") else None
    after = following.group() if following else ""
    # The neighbouring tags are added for the test and taken off again, unchanged.
    head = html[before:position] if before >= 0 else ""
    joined = _BREAK_BETWEEN_TAGS.sub(_hidden_break, head + text + after)
    return joined[len(head) : len(joined) - len(after)]


def _hidden_break(match: re.Match[str]) -> str:
    """Nothing for a line break next to a block's tag; the line break otherwise."""
    text = match.string
    start = text.rfind("<", 0, match.start())
    # A comment's end is not a tag: the line break after it may stand between two words.
    previous = _TAG_NAME.match(text, start) if ">" not in text[start : match.start() - 1] else None
    following = _TAG_NAME.match(text, match.end())
    for tag in (previous, following):
        if tag and tag.group(2).lower() in _BLOCKS:
            return ""
    return "\n"


def _one_line_tag(match: re.Match[str]) -> str:
    return _IN_TAG.sub(_tag_part, match.group())


def _tag_part(match: re.Match[str]) -> str:
    value = match.group(1)
    if value is None:
        return " "
    return value.replace("\r\n", "&#10;").replace("\n", "&#10;").replace("\r", "&#13;")
