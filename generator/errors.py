"""The project's own exceptions: each one is shown to the user as a single line."""

from __future__ import annotations

import re

# C0 and C1 control characters (an ESC sequence can move the cursor and erase the line above)
# and the bidirectional overrides and isolates, which can make a line read in another order.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def escape_controls(text: str) -> str:
    r"""`text` safe to print on a terminal, on one line: control characters written as escapes.

    ESC becomes `\e`, line breaks and tabs `\n`, `\r`, `\t`, any other `\xNN` or `\uNNNN`.
    """
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class PapershelfError(Exception):
    """Base class of every error that Papershelf reports to its user as one line."""

    def __str__(self) -> str:
        # Messages quote the input: its control characters must not reach a terminal.
        return escape_controls(super().__str__())


class CorpusError(PapershelfError):
    """Input that cannot be read at all: a missing path, an empty or binary file, bad encoding."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class CatalogueError(PapershelfError):
    """Records that were read but cannot form a consistent catalogue."""


class SearchError(PapershelfError):
    """The search index cannot be built or shipped, such as when lunr.js is missing."""


class SiteFolderError(PapershelfError):
    """A site folder that a build may not replace: it holds what Papershelf did not write."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class TaxonomyError(PapershelfError):
    """A taxonomy or overrides file that cannot be used; names the file, line and entry."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


class PolicyError(PapershelfError):
    """A rendered page that its Content-Security-Policy cannot be written into."""

    def __init__(self, page: str, message: str) -> None:
        super().__init__(f"{page}: {message}")


class SitemapError(PapershelfError):
    """A file of the built site's sitemap that cannot be read: missing, or not XML."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class RenderError(PapershelfError):
    """A page that could not be rendered, named by its source path."""
