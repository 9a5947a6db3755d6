"""Every kind of page loads in a real browser, under a sub-path, with no console error."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Watched

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("path", ["", "papers/"])
def test_page_loads_without_errors(seed_url: str, watched: Watched, path: str) -> None:
    response = watched.page.goto(seed_url + path)
    assert response is not None and response.status == 200
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.locator("h1").count() == 1
    assert watched.problems == []


def test_hostile_pages_fire_no_dialog(hostile_url: str, watched: Watched) -> None:
    watched.page.goto(hostile_url + "papers/")
    links = "links => links.map(a => a.href)"
    letters = watched.page.eval_on_selector_all(".ps-letter-index a", links)
    papers: list[str] = []
    for letter in letters:  # the A–Z list's letter pages, which list the hostile titles
        watched.page.goto(letter)
        watched.page.wait_for_load_state("networkidle")
        papers += watched.page.eval_on_selector_all(".ps-summary__title", links)
    assert papers, "the hostile A–Z pages link no papers"
    for href in papers[:20]:
        watched.page.goto(href)
        watched.page.wait_for_load_state("networkidle")
    assert watched.problems == []
