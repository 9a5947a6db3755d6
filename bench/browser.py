"""What a browser downloads before it shows the first search results, measured in Chromium.

The built site is served on localhost under a sub-path, as GitHub Pages serves a project site.
The server records every file it sends, so requests from scripts, Web Workers and the page alike
are counted. Chromium (through Playwright) opens the home page (or the search page), types a
query into the first search box it finds (the header's on the home page, the page's own on the
search page), and waits until a link to a paper page shows that was not on the page
before: the first result. Each file sent up to then counts with its gzipped size (the test server
does not compress; GitHub Pages does).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gzip
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PREFIX = "/papershelf/"
CHROMIUM = os.environ.get("PAPERSHELF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEARCH_BOXES = (
    '[data-md-component="search-query"]',
    'input[type="search"]',
    '[role="searchbox"]',
    'input[name="q"]',
    'input[name="query"]',
)
"""Where a search box may be, first match wins: the theme's header box, then any search input."""

_VISIBLE_PAPER_LINKS = """
() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => /\\/papers\\/[^/?#]+\\//.test(a.href) && a.getClientRects().length > 0)
  .map(a => (a.closest(".md-search-result, .ps-results") ? "result:" : "") + a.href)
"""
"""Paper links shown; those in a list of search results are marked as such, so that a result
counts even where the page already links the same paper (a home page that lists the newest
papers lists every paper of a small catalogue)."""


def gzipped_size(data: bytes) -> int:
    """The size of `data` gzipped as a web server would send it (level 6); a file stored
    gzipped already (the search index's) is sent as it is."""
    if data[:2] == b"\x1f\x8b":
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass
class _Log:
    """Every file the server sent, in order."""

    files: list[Path] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: Path) -> None:
        with self.lock:
            self.files.append(path)

    def snapshot(self) -> list[Path]:
        with self.lock:
            return list(self.files)


class _CountingHandler(SimpleHTTPRequestHandler):
    """Serves the site under `PREFIX` and records each file it sends."""

    log: _Log

    def __init__(self, *args: Any, log: _Log, **kwargs: Any) -> None:
        self.log = log
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "\0-outside-the-sub-path")
        return super().translate_path("/" + path[len(PREFIX) :])

    def do_GET(self) -> None:
        target: Path | None = Path(self.translate_path(self.path))
        if target is not None and target.is_dir():
            # A folder is served as its index.html, or redirected when its URL lacks the slash.
            slash = self.path.split("?")[0].endswith("/")
            target = target / "index.html" if slash else None
        super().do_GET()
        if target is not None and target.is_file():
            self.log.add(target)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[tuple[str, _Log]]:
    """Serve `site_dir` under `PREFIX`; yields the base URL and the log of files sent."""
    log = _Log()
    handler = partial(_CountingHandler, directory=str(site_dir), log=log)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass(frozen=True)
class Download:
    """What the browser downloaded until the first results showed, or why it was not measured."""

    measured: bool
    reason: str = ""
    requests: int = 0
    raw_bytes: int = 0
    gzip_bytes: int = 0
    search_requests: int = 0
    search_gzip_bytes: int = 0
    """The part requested after the first key press: the search's own index, data and code."""
    seconds: float = 0.0
    """From the first key press to the first result; noisy, and not a target."""
    largest: tuple[tuple[str, int], ...] = ()
    """The largest files, relative to the site, with their gzipped sizes."""


def unavailable() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    if not shutil.which(CHROMIUM):
        return f"no Chromium at {CHROMIUM}"
    return None


def first_results(site_dir: Path, query: str, timeout_s: float = 30, start: str = "") -> Download:
    """Measure the bytes downloaded from opening a page (the home page, or `start` relative to
    the site root, such as `search/`) to the first search result."""
    reason = unavailable()
    if reason is not None:
        return Download(False, reason)
    # Playwright's sync API refuses to run where an event loop is running (as under another
    # Playwright session in the same thread), so it gets a thread of its own.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_first_results, site_dir, query, timeout_s, start).result()


def _first_results(site_dir: Path, query: str, timeout_s: float, start: str) -> Download:
    from playwright.sync_api import Error, sync_playwright

    with serve(site_dir) as (url, log), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(url + start, wait_until="load")
            box = next(
                (page.locator(s).first for s in SEARCH_BOXES if page.locator(s).count()), None
            )
            if box is None:
                where = f"on {start}" if start else "on the home page"
                return Download(False, f"no search box {where}")
            before = set(page.evaluate(_VISIBLE_PAPER_LINKS))
            loaded = len(log.snapshot())
            started = time.perf_counter()
            try:
                box.click(timeout=5000)
            except Error:
                box.focus()
            page.keyboard.type(query)
            try:
                page.wait_for_function(
                    f"(before) => ({_VISIBLE_PAPER_LINKS})().some(h => !before.includes(h))",
                    arg=sorted(before),
                    timeout=timeout_s * 1000,
                    polling=50,
                )
            except Error:
                return Download(False, f"no result for {query!r} within {timeout_s:.0f} s")
            seconds = time.perf_counter() - started
            sent = log.snapshot()
        finally:
            browser.close()
    return _tally(site_dir, sent, loaded, seconds)


def _tally(site_dir: Path, sent: list[Path], loaded: int, seconds: float) -> Download:
    sizes: dict[Path, tuple[int, int]] = {}
    for path in sent:
        if path not in sizes:
            data = path.read_bytes()
            sizes[path] = (len(data), gzipped_size(data))
    largest = sorted({(p.relative_to(site_dir).as_posix(), sizes[p][1]) for p in sizes})
    largest.sort(key=lambda item: -item[1])
    return Download(
        measured=True,
        requests=len(sent),
        raw_bytes=sum(sizes[p][0] for p in sent),
        gzip_bytes=sum(sizes[p][1] for p in sent),
        search_requests=len(sent) - loaded,
        search_gzip_bytes=sum(sizes[p][1] for p in sent[loaded:]),
        seconds=seconds,
        largest=tuple(largest[:5]),
    )
