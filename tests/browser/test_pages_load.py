"""Every kind of page loads in a real browser, under a sub-path, with no console error."""

from __future__ import annotations

import pytest

from generator.model import Paper
from generator.pages import title_text
from tests.browser.conftest import Watched
from tests.serve import PREFIX

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


def test_a_papers_old_address_leads_to_its_page(
    moved_site: tuple[str, list[Paper]], watched: Watched
) -> None:
    """A paper's address from before paper pages moved into folders, `papers/<slug>/`, gets
    the 404 page, whose script sends the reader on to the page, query and fragment kept."""
    base, papers = moved_site
    paper = papers[0]
    old = f"{base}papers/{paper.slug}/"
    assert paper.url != f"papers/{paper.slug}/"
    page = watched.page
    response = page.goto(old + "?from=feed#abstract")
    assert response is not None and response.status == 404
    page.wait_for_url(f"{base}{paper.url}?from=feed#abstract")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == title_text(paper)
    # Without the slash, and with the page's file name, too.
    for address in (old.rstrip("/"), old + "index.html"):
        page.goto(address)
        page.wait_for_url(base + paper.url)
        page.wait_for_load_state("networkidle")
    # The 404 responses are the only problems: the 404 page loaded its files under the sub-path.
    assert [p for p in watched.problems if "status of 404 (Not Found)" not in p] == []


def test_the_404_page_sends_no_other_address_on(
    moved_site: tuple[str, list[Paper]], watched: Watched
) -> None:
    base, _ = moved_site
    page = watched.page
    for path in ["papers/no-such-paper/x/", "nothing/here/", "papers/Not-A-Slug/"]:
        response = page.goto(base + path)
        assert response is not None and response.status == 404
        page.wait_for_load_state("networkidle")
        assert page.url == base + path
        assert page.locator("h1").inner_text() == "Page not found"
        assert page.locator(".ps-moved").is_hidden()
        assert page.locator(".ps-search-page__input").is_visible()


def test_the_404_page_shows_a_plain_link_to_a_moved_paper(
    moved_site: tuple[str, list[Paper]], watched: Watched
) -> None:
    """If the browser stays on the 404 page (here the new page answers 204 No Content, which
    leaves the page in place), the reader still has a link to the paper."""
    base, papers = moved_site
    paper = papers[1]
    page = watched.page
    page.route(base + paper.url, lambda route: route.fulfill(status=204))
    page.goto(f"{base}papers/{paper.slug}/", wait_until="commit")
    notice = page.locator(".ps-moved")
    notice.wait_for(state="visible")
    link = notice.locator("a")
    assert link.get_attribute("href") == base + paper.url
    assert link.inner_text() == PREFIX + paper.url
