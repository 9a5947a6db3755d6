"""The project's own exceptions: each one is shown to the user as a single line."""

from __future__ import annotations


class PapershelfError(Exception):
    """Base class of every error that Papershelf reports to its user as one line."""


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
