"""A static file server for built sites, under a sub-path as GitHub Pages serves a project site."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PREFIX = "/papershelf/"
"""The sub-path the site is served under, like `https://owner.github.io/papershelf/`."""


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves `directory` at `PREFIX` only: a link that forgets the sub-path gets a 404. As
    GitHub Pages does, an address under `PREFIX` that the site lacks gets the site's own
    `404.html`, with the status 404."""

    def send_head(self) -> Any:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == PREFIX.rstrip("/"):
            # As GitHub Pages does, the site's address without its slash redirects.
            self.send_response(301)
            self.send_header("Location", PREFIX)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not path.startswith(PREFIX):
            self.send_error(404, "outside the sub-path")
            return None
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        inside = self.path.startswith(PREFIX)
        if code != 404 or not inside or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve `site_dir` on localhost under `PREFIX`; yields the site's base URL."""
    handler = partial(_SubPathHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
