"""Browser fixtures: Playwright driving Debian's Chromium against a site served under a sub-path.

Locally these tests skip when Chromium or Playwright is missing; under CI (`CI=true`) a missing
browser is a failure, so that the browser tests can never pass by not running.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from bench.browser import CHROMIUM, CHROMIUM_ARGS  # one Chromium set-up for tests and bench
from generator.model import Paper
from tests.conftest import CORPUS, build_epoch, build_site
from tests.serve import PREFIX, serve


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests must run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    if not shutil.which(CHROMIUM):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """A browser page, and what went wrong on it: console errors, page errors, dialogs."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return self.console_errors + self.page_errors + [f"dialog: {d}" for d in self.dialogs]


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    """A fresh page whose console errors, uncaught errors and dialogs are recorded."""
    context = browser.new_context()
    page = context.new_page()
    watched = Watched(page)
    page.on(
        "console",
        lambda message: (
            watched.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: watched.page_errors.append(str(error)))

    def _dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", _dialog)
    yield watched
    context.close()


def wait_until(page: Any, expression: str, timeout: float = 10.0) -> Any:
    """Wait until a JavaScript expression is truthy in the page; returns its value.

    The page waits itself, checking the expression once per animation frame: no sleep, and no
    round trip to Python per check. Playwright's `wait_for_function` compiles its predicate with
    `new Function`, which the site's Content-Security-Policy forbids; the function given to
    `evaluate` is compiled by the DevTools protocol, which the policy does not cover.
    """
    value = page.evaluate(
        f"""async (timeout) => {{
          const start = performance.now();
          let value = ({expression});
          while (!value && performance.now() - start < timeout) {{
            await new Promise((resolve) => requestAnimationFrame(resolve));
            value = ({expression});
          }}
          return value;
        }}""",
        timeout * 1000,
    )
    if not value:
        raise AssertionError(f"still false after {timeout} s: {expression}")
    return value


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[Paper]]]:
    """The seeds' first dump, published at the sub-path it is served under, as a deployed site
    is (its 404 page's links are absolute); the served base URL and the papers."""
    root = tmp_path_factory.mktemp("moved")
    dump = sorted(CORPUS.glob("*.txt"))[0]
    with build_epoch():
        plugin = build_site([dump], root / "site", site_url=f"https://owner.github.io{PREFIX}")
    assert plugin.catalogue is not None
    with serve(root / "site") as url:
        yield url, list(plugin.catalogue.papers)
