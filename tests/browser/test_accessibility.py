"""Accessibility: axe-core, run in Chromium, finds no serious or critical violation on any kind
of page of the seed site."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from generator.model import Catalogue, Paper
from generator.plugin import PapershelfPlugin
from tests.browser.conftest import Watched
from tests.conftest import build_site
from tests.serve import serve

pytestmark = pytest.mark.slow

BLOCKING = ("serious", "critical")

PAGES: dict[str, Callable[[Catalogue], str]] = {
    "home": lambda catalogue: "",
    "all papers": lambda catalogue: "papers/",
    "paper": lambda catalogue: catalogue.papers[0].url,
    "topics": lambda catalogue: "topics/",
    "topic": lambda catalogue: catalogue.topics[0].url,
    "search": lambda catalogue: "search/?q=learning",
    "paper without a short name": lambda catalogue: next(
        paper.url for paper in catalogue.papers if paper.short_name is None
    ),
    "letter": lambda catalogue: "a-z/s/",
    "topic, A to Z": lambda catalogue: f"{catalogue.topics[0].url}a-z/",
    "by date": lambda catalogue: "dates/",
    "day": lambda catalogue: "dates/no-year/03-18/",
    "undated": lambda catalogue: "dates/undated/",
    "unsorted": lambda catalogue: "topics/unsorted/",
}
"""Each kind of page, as a path below the site's root; a new kind of page adds a line here."""


def _blocking(page: Any) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_accessibility_violation(
    seed_url: str,
    seed_site: tuple[Path, PapershelfPlugin],
    watched: Watched,
    kind: str,
    scheme: str,
) -> None:
    catalogue = seed_site[1].catalogue
    assert catalogue is not None
    # The palette follows the reader's system setting: dark pages are the slate scheme.
    watched.page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    response = watched.page.goto(seed_url + PAGES[kind](catalogue))
    assert response is not None and response.status == 200
    watched.page.wait_for_load_state("networkidle")
    assert _blocking(watched.page) == []
    assert watched.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_the_404_page(
    moved_site: tuple[str, list[Paper]], watched: Watched, scheme: str
) -> None:
    """The 404 page's links are absolute (it answers at any depth), so it is checked on a site
    published at the sub-path it is served under."""
    base, _ = moved_site
    watched.page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    response = watched.page.goto(base + "no/such/page/")
    assert response is not None and response.status == 404
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.locator("h1").inner_text() == "Page not found"
    assert _blocking(watched.page) == []
    assert [p for p in watched.problems if "status of 404 (Not Found)" not in p] == []


def test_axe_reports_a_serious_violation(watched: Watched) -> None:
    """The check above can fail: an unlabelled image and a field without a label are caught."""
    watched.page.set_content(
        '<!doctype html><html lang="en"><title>Bad</title><main><h1>Bad</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></html>'
    )
    blocking = _blocking(watched.page)
    assert [line.split(" ")[0] for line in blocking] == ["image-alt", "label"]


AUTHOR_PAGES = ("authors/", "authors/al/", "authors/al/alan-turing/")
"""The author kinds of page, which the seed site (dumps, no authors) does not have."""


@pytest.fixture(scope="module")
def authors_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("axe-authors")
    records = [
        {
            "title": "Robots that grasp",
            "abstract": "We grasp.",
            "authors": ["Alan Turing", "Ada Lovelace"],
            "date": "2024-05-02",
        },
        {
            "title": "Vision for robots",
            "abstract": "We see.",
            "authors": ["Alan Turing"],
            "date": "2024-05-01",
        },
    ]
    corpus = root / "authors.jsonl"
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    build_site([corpus], root / "site")
    with serve(root / "site") as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AUTHOR_PAGES)
def test_no_serious_accessibility_violation_on_author_pages(
    authors_url: str, watched: Watched, path: str, scheme: str
) -> None:
    watched.page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    response = watched.page.goto(authors_url + path)
    assert response is not None and response.status == 200
    watched.page.wait_for_load_state("networkidle")
    assert _blocking(watched.page) == []
    assert watched.problems == []
