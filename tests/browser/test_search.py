"""Search in a real browser, on sites served under a sub-path: the header box, the search page,
lazy loading, keyboard use, facets and hostile text."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from lunr.token import Token

from generator.links import paper_has_code
from generator.model import Catalogue, Paper, Topic
from generator.search import (
    CHUNK_SIZE,
    INDEX_JSON,
    _encode_terms,
    build_search,
    chunk_path,
    expand_index,
    load_index,
    stem,
)
from tests.browser.conftest import Watched, wait_until
from tests.conftest import SiteBuild, catalogue_of
from tests.serve import serve

pytestmark = pytest.mark.slow

SEARCH_FILES = (
    "assets/javascripts/search-worker.js",
    "assets/javascripts/search-index.js",
    "search/lunr.js",
    "search/index.json",
    "search/docs.json",
)
"""What the first use of search loads; the rows of results come after, chunk by chunk."""
HEADER_INPUT = ".md-search__input"
HEADER_RESULTS = ".md-search-result__list > li"
PAGE_INPUT = ".ps-search-page__input"
PAGE_RESULTS = "ol.ps-results > li"


def _index(build: SiteBuild) -> tuple[Any, list[list[Any]]]:
    """The built site's index, loaded with lunr.py, and every row of its chunks in ref order."""
    site_dir = build[0]
    index = load_index((site_dir / INDEX_JSON).read_text(encoding="utf-8"))
    rows: list[list[Any]] = []
    for number in range(-(-len(catalogue_of(build).papers) // CHUNK_SIZE)):
        chunk = (site_dir / chunk_path(number)).read_text(encoding="utf-8")
        rows.extend(json.loads(chunk)["docs"])
    return index, rows


def _header_search(watched: Watched, url: str, query: str) -> Any:
    page = watched.page
    page.goto(url)
    page.click(HEADER_INPUT)
    page.fill(HEADER_INPUT, query)
    page.wait_for_selector(HEADER_RESULTS)
    return page


def test_nothing_of_the_search_loads_before_first_use(seed_url: str, watched: Watched) -> None:
    requested: list[str] = []
    page = watched.page
    page.on("request", lambda request: requested.append(request.url))
    page.goto(seed_url)
    page.wait_for_load_state("networkidle")
    # Scrolling loads nothing either: checked a frame after the page handled the wheel.
    page.evaluate(
        "addEventListener('wheel', () => requestAnimationFrame(() => (window.__wheeled = true)),"
        " { once: true })"
    )
    page.mouse.wheel(0, 400)
    wait_until(page, "window.__wheeled")
    assert [url for url in requested if url.endswith(SEARCH_FILES)] == []
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    wait_until(
        page, "document.querySelector('.md-search-result__meta').textContent.includes('Type to')"
    )
    assert sorted(url for url in requested if url.endswith(SEARCH_FILES)) == sorted(
        seed_url + path for path in SEARCH_FILES
    )
    assert watched.problems == []


def test_typing_a_query_shows_the_paper(
    seed_url: str, seed_site: SiteBuild, watched: Watched
) -> None:
    bipo = next(p for p in catalogue_of(seed_site).papers if p.short_name == "BiPO")
    page = _header_search(watched, seed_url + "papers/", "BiPO")
    first = page.locator(HEADER_RESULTS).first
    assert first.locator("h1").text_content() == bipo.title
    assert first.locator("h1 mark").all_text_contents() == ["BiPO"]
    assert first.locator("a").get_attribute("href") == seed_url + bipo.url
    assert watched.problems == []


def test_results_fetch_only_the_chunks_that_hold_them(
    seed_url: str, seed_site: SiteBuild, watched: Watched
) -> None:
    index, docs = _index(seed_site)
    requested: list[str] = []
    page = watched.page
    page.on("request", lambda request: requested.append(request.url))
    _header_search(watched, seed_url, "diffusion")
    wait_until(page, "document.querySelectorAll('.md-search-result__list > li').length === 8")
    shown = [int(hit["ref"]) for hit in index.search("diffusion")[:8]]
    titles = page.locator(f"{HEADER_RESULTS} h1").all_text_contents()
    assert titles == [docs[ref][1] for ref in shown]
    fetched = sorted(url for url in requested if "/search/docs/" in url)
    assert fetched == sorted({seed_url + chunk_path(ref // CHUNK_SIZE) for ref in shown})
    assert len(fetched) < -(-len(docs) // CHUNK_SIZE)
    assert watched.problems == []


@pytest.mark.parametrize("site", ["seed", "hostile"])
def test_browser_expands_the_index_as_python_does(
    site: str, request: pytest.FixtureRequest, watched: Watched
) -> None:
    url: str = request.getfixturevalue(f"{site}_url")
    build: SiteBuild = request.getfixturevalue(f"{site}_site")
    compact = json.loads((build[0] / INDEX_JSON).read_text(encoding="utf-8"))
    page = watched.page
    page.goto(url)
    page.add_script_tag(url=url + "assets/javascripts/search-index.js")
    expanded = page.evaluate("compact => expandIndex(compact)", compact)
    expected = expand_index(compact)
    assert expanded["invertedIndex"] == expected["invertedIndex"]
    assert [ref for ref, _ in expanded["fieldVectors"]] == [
        ref for ref, _ in expected["fieldVectors"]
    ]
    for (_, got), (_, want) in zip(expanded["fieldVectors"], expected["fieldVectors"], strict=True):
        assert got[::2] == want[::2]
        # JavaScript's Math.round and Python's round may part on a tie in the third decimal.
        assert all(abs(a - b) <= 0.0011 for a, b in zip(got[1::2], want[1::2], strict=True))
    assert {key: expanded[key] for key in ("version", "fields", "pipeline")} == {
        key: expected[key] for key in ("version", "fields", "pipeline")
    }
    # Terms beyond the Basic Multilingual Plane, which JavaScript counts as two characters.
    terms = sorted(
        {"\U0001d400bc", "\U0001d400bd", "\U0001d401", "a\U0001f600", "a\U0001f600b", "e\u0301t"}
    )
    assert page.evaluate("encoded => decodeTerms(encoded)", _encode_terms(terms)) == terms


def test_a_typo_falls_back_to_fuzzy_matching(
    seed_url: str, seed_site: SiteBuild, watched: Watched
) -> None:
    index, docs = _index(seed_site)
    # A title word with its fourth letter dropped: it finds nothing as it is, but a few papers
    # when one typo is allowed.
    typos = (
        word[:3] + word[4:] for row in docs for word in re.findall(r"[a-z]{8,}", row[1].lower())
    )
    typo = next(t for t in typos if not index.search(t) and 0 < len(index.search(f"{t}~1")) < 50)
    expected = {int(hit["ref"]) for hit in index.search(f"{typo}~1")}
    page = watched.page
    page.goto(seed_url + "search/?q=" + typo)
    page.wait_for_selector(PAGE_RESULTS)
    status = page.text_content(".ps-search-page__status") or ""
    assert status.startswith(f"No exact match for “{typo}”; ")
    shown = {a.get_attribute("href") for a in page.locator(f"{PAGE_RESULTS} > a").all()}
    assert {seed_url + docs[ref][0] for ref in expected} <= shown
    assert watched.problems == []


def test_a_deep_link_restores_the_search(
    seed_url: str, seed_site: SiteBuild, watched: Watched
) -> None:
    index, docs = _index(seed_site)
    hits = index.search("diffusion video")
    page = watched.page
    page.goto(seed_url + "search/?q=diffusion+video")
    page.wait_for_selector(PAGE_RESULTS)
    assert page.input_value(PAGE_INPUT) == "diffusion video"
    assert page.text_content(".ps-search-page__status") == f"{len(hits)} papers match."
    titles = page.locator(f"{PAGE_RESULTS} .ps-result__title").all_text_contents()
    assert titles[0] == docs[int(hits[0]["ref"])][1]
    assert len(titles) == min(len(hits), 50)
    # Typing updates the address, so that the search can be shared.
    page.fill(PAGE_INPUT, "bipo")
    wait_until(page, "location.search === '?q=bipo'")
    assert watched.problems == []


def test_keyboard_slash_arrows_and_enter(seed_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(seed_url + "papers/")
    page.keyboard.press("/")
    page.keyboard.type("diffusion")
    page.wait_for_selector(HEADER_RESULTS)
    items = page.locator(HEADER_RESULTS)
    assert items.nth(0).get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert [items.nth(i).get_attribute("aria-selected") for i in range(3)] == [
        "false",
        "true",
        "false",
    ]
    target = items.nth(1).locator("a").get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    # On the search page, `/` goes to the page's own box, and Enter opens the chosen result.
    page.goto(seed_url + "search/?q=diffusion")
    page.wait_for_selector(PAGE_RESULTS)
    page.locator("h1").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"
    assert page.evaluate("document.activeElement.classList.contains('ps-search-page__input')")
    page.keyboard.press("ArrowDown")
    target = page.locator(f"{PAGE_RESULTS} > a").first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert watched.problems == []


def test_a_query_that_does_not_parse_shows_a_message(seed_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(seed_url + "search/")
    page.fill(PAGE_INPUT, "title:")
    # A locator, not wait_for_function: the site's CSP forbids evaluating strings.
    page.locator(".ps-search-page__status", has_text="Could not").wait_for()
    status = page.text_content(".ps-search-page__status") or ""
    assert status.startswith("Could not read the query: expecting term")
    assert watched.problems == []


@pytest.mark.parametrize(
    "query",
    ["Scripted", '<script>alert("title")', "<img src=x onerror=alert(1)>", '"><svg onload'],
)
def test_hostile_titles_show_as_text(
    hostile_url: str, hostile_site: SiteBuild, watched: Watched, query: str
) -> None:
    titles = {paper.title for paper in catalogue_of(hostile_site).papers}
    for url in (hostile_url, hostile_url + "search/?q=" + query.replace("&", "%26")):
        page = watched.page
        if url == hostile_url:
            _header_search(watched, url, query)
            results = HEADER_RESULTS
            title = "h1"
        else:
            page.goto(url)
            page.wait_for_selector(PAGE_RESULTS)
            results = PAGE_RESULTS
            title = ".ps-result__title"
        shown = page.locator(f"{results} {title}").all_text_contents()
        assert shown and set(shown) <= titles
        foreign = page.locator(f"{results} :is(img, svg, script, iframe)").count()
        assert foreign == 0
    assert watched.dialogs == []
    assert watched.problems == []


@pytest.mark.parametrize(
    "path", ["", "papers/", "paper", "topics/", "topics/robotics/", "search/", "search/?q=learning"]
)
def test_no_console_errors_with_search_in_use(
    seed_url: str, seed_site: SiteBuild, watched: Watched, path: str
) -> None:
    if path == "paper":
        path = catalogue_of(seed_site).papers[0].url
    page = watched.page
    response = page.goto(seed_url + path)
    assert response is not None and response.status == 200
    page.click(HEADER_INPUT)
    page.keyboard.type("learn")
    page.wait_for_selector(HEADER_RESULTS)
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.wait_for_load_state("networkidle")
    assert watched.problems == []


def test_browser_stemmer_is_lunr_pys(seed_url: str, seed_site: SiteBuild, watched: Watched) -> None:
    words = sorted(
        {
            word
            for paper in catalogue_of(seed_site).papers
            for word in re.split(r"[\s\-]+", f"{paper.title} {paper.abstract}".lower())
            if word.isalpha()
        }
    )
    assert len(words) > 1000
    page = watched.page
    page.goto(seed_url)
    page.add_script_tag(url=seed_url + "search/lunr.js")
    stems = page.evaluate(
        "words => words.map(w => lunr.stemmer(new lunr.Token(w)).toString())", words
    )
    assert stems == [str(stem(Token(word))) for word in words]


# Facets: a copy of the seed site whose search data files papers under two topics; "has code"
# is the site's own rule (`links.paper_has_code`).

REINFORCEMENT = Topic("reinforcement-learning", "Reinforcement learning", "")
DIFFUSION = Topic("diffusion-models", "Diffusion models", "")


def _filed(paper: Paper) -> Paper:
    abstract = paper.abstract.lower()
    topics = tuple(
        topic
        for topic, word in ((REINFORCEMENT, "reinforcement"), (DIFFUSION, "diffusion"))
        if word in abstract
    )
    return dataclasses.replace(paper, topics=topics)


@pytest.fixture(scope="module")
def faceted(
    seed_site: SiteBuild, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Catalogue]]:
    site_dir = tmp_path_factory.mktemp("faceted") / "site"
    shutil.copytree(seed_site[0], site_dir)
    catalogue = catalogue_of(seed_site)
    papers = tuple(_filed(paper) for paper in catalogue.papers)
    faceted = dataclasses.replace(catalogue, papers=papers, topics=(REINFORCEMENT, DIFFUSION))
    for path, text in build_search(faceted).files().items():
        (site_dir / path).write_text(text, encoding="utf-8")
    with serve(site_dir) as url:
        yield url, faceted


def _facet_counts(page: Any) -> dict[str, int]:
    counts = {}
    for item in page.locator(".ps-facet__list li").all():
        count = item.locator(".ps-facet__count")
        if count.count():
            counts[item.locator("a").text_content()] = int(count.text_content())
    return counts


def test_topic_and_code_facets_filter_and_live_in_the_url(
    faceted: tuple[str, Catalogue], watched: Watched
) -> None:
    url, catalogue = faceted
    index = load_index(build_search(catalogue).index_json)
    hits = [catalogue.papers[int(hit["ref"])] for hit in index.search("learning")]
    page = watched.page
    page.goto(url + "search/?q=learning")
    page.wait_for_selector(PAGE_RESULTS)
    expected = Counter(topic.name for paper in hits for topic in paper.topics)
    assert len(expected) == 2
    assert _facet_counts(page) == dict(expected)
    code = sum(1 for paper in hits if paper_has_code(paper))
    assert code, "the seeds link code from dozens of abstracts"
    assert page.text_content('[data-ps-facet="code"] .ps-facet__count') == f"({code})"

    page.click(f".ps-facet__list a[data-ps-topic='{REINFORCEMENT.slug}']")
    wait_until(page, "location.search.includes('topic=')")
    in_topic = [paper for paper in hits if REINFORCEMENT in paper.topics]
    wait_until(
        page, f"document.querySelectorAll('ol.ps-results > li').length === {min(len(in_topic), 50)}"
    )
    chips = page.locator(PAGE_RESULTS).all()
    assert all(REINFORCEMENT.name in item.locator(".ps-chip").all_text_contents() for item in chips)

    page.check('[data-ps-facet="code"] input')
    wait_until(page, "location.search.includes('code=1')")
    both = [paper for paper in in_topic if paper_has_code(paper)]
    assert both, "the facet fixture needs papers in the topic with code"
    wait_until(page, f"document.querySelectorAll('ol.ps-results > li').length === {len(both)}")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["learning"], "topic": [REINFORCEMENT.slug], "code": ["1"]}

    page.reload()
    page.wait_for_selector(PAGE_RESULTS)
    assert page.is_checked('[data-ps-facet="code"] input')
    current = page.locator(".ps-facet__list a[aria-current='true']").text_content()
    assert current == REINFORCEMENT.name
    assert page.locator(PAGE_RESULTS).count() == len(both)
    page.go_back()
    wait_until(page, "!location.search.includes('code=1')")
    wait_until(
        page, f"document.querySelectorAll('ol.ps-results > li').length === {min(len(in_topic), 50)}"
    )
    assert watched.problems == []


def test_seed_topic_facet_counts_the_results(
    seed_url: str, seed_site: SiteBuild, watched: Watched
) -> None:
    page = watched.page
    page.goto(seed_url + "search/?q=speech")
    page.wait_for_selector(PAGE_RESULTS)
    counts = _facet_counts(page)
    assert counts, "the seed papers carry topics, so the topic facet shows"
    names = {topic.name: topic for topic in catalogue_of(seed_site).topics}
    assert set(counts) <= set(names)
    assert max(counts, key=lambda name: counts[name]) == "Speech & Audio"
