"""What a build is doing, for the person who waits for it: each stage, and the pages.

The steps of a build report to `current()`, which is quiet unless the command installs a
reporter for the length of a build (`reporting`): on a terminal, `Bars` shows each stage and a
progress bar of the pages rendered apart from MkDocs (papers, authors,
listings; tqdm); elsewhere, as in CI, `Lines` prints one plain line per
stage, never a bar.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tqdm import tqdm


class Progress:
    """Reports nothing: the default, for tests, `serve` and programs that call the steps."""

    def stage(self, name: str) -> None:
        """A stage of the build starts: `name` says what it does ("reading the corpus")."""

    def start_pages(self, total: int) -> None:
        """`total` pages (papers, authors, listings) are about to be written."""

    def advance(self, pages: int) -> None:
        """`pages` more of them are written."""

    def close(self) -> None:
        """The build is over, done or not."""


class Lines(Progress):
    """One plain line per stage, for a log: `papershelf: finding related papers`."""

    def __init__(self, prog: str, out: IO[str]) -> None:
        self.prog = prog
        self.out = out

    def stage(self, name: str) -> None:
        print(f"{self.prog}: {name}", file=self.out, flush=True)

    def start_pages(self, total: int) -> None:
        self.stage(f"writing {total} pages of papers, authors and listings")


class Bars(Lines):
    """On a terminal: each stage as a line, and a progress bar while the pages are written."""

    def __init__(self, prog: str, out: IO[str]) -> None:
        super().__init__(prog, out)
        self._bar: tqdm[Any] | None = None

    def stage(self, name: str) -> None:
        self._close_bar()
        super().stage(name)

    def start_pages(self, total: int) -> None:
        from tqdm import tqdm  # only a terminal needs it

        self._close_bar()
        label = f"{self.prog}: pages"
        # No monitor thread: with a second thread running, the build would not fork its workers.
        tqdm.monitor_interval = 0
        self._bar = tqdm(total=total, desc=label, unit=" pages", file=self.out, leave=True)

    def advance(self, pages: int) -> None:
        if self._bar is not None:
            self._bar.update(pages)

    def close(self) -> None:
        self._close_bar()

    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


_current: Progress = Progress()


def current() -> Progress:
    """Where the running build reports its progress."""
    return _current


def for_stream(prog: str, out: IO[str] | None = None) -> Progress:
    """Bars on a terminal, plain lines anywhere else; `out` is standard output by default."""
    stream = sys.stdout if out is None else out
    return Bars(prog, stream) if stream.isatty() else Lines(prog, stream)


@contextmanager
def reporting(progress: Progress) -> Iterator[Progress]:
    """Report to `progress` until the block ends."""
    global _current
    saved, _current = _current, progress
    try:
        yield progress
    finally:
        progress.close()
        _current = saved
