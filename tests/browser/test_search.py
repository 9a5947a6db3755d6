"""Search in a real browser, on sites served under a sub-path: the header box, the search page,
lazy loading, exact counts, typos, phrases, paging, facets, keyboard use and hostile text."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from bench.quality import Truth, read_truth
from bench.synth import write_corpus
from generator.corpus import read_corpus
from generator.links import attach_links, paper_has_code
from generator.model import Catalogue, Paper, Topic, build_catalogue
from generator.search import field_texts, index_terms
from generator.search_files import (
    META_JSON,
    build_search,
    decode_terms,
    shard_path,
    unpack,
)
from tests.browser.conftest import Watched, wait_until
from tests.conftest import SiteBuild, build_site, catalogue_of
from tests.serve import serve

pytestmark = pytest.mark.slow

SEARCH_CODE = (
    "assets/javascripts/search-data.js",
    "assets/javascripts/search-engine.js",
    "assets/javascripts/search-words.js",
    "search/lunr.js",
    "search/meta.json.gz",
)
"""What the first use of search loads: its code and the entry file, nothing of the index."""
HEADER_INPUT = ".md-search__input"
HEADER_RESULTS = ".md-search-result__list > li"
PAGE_INPUT = ".ps-search-page__input"
PAGE_RESULTS = "ol.ps-results > li"
STATUS = ".ps-search-page__status"


@pytest.fixture(scope="module")
def truth(seed_site: SiteBuild) -> Truth:
    return read_truth(seed_site[0] / "papers.json")[0]


def _shard_of(site_dir: Path, term: str) -> str:
    starts = decode_terms(json.loads(unpack((site_dir / META_JSON).read_bytes()))["shards"])
    number = max(n for n, start in enumerate(starts) if start <= term)
    return shard_path(number)


def _search_page(watched: Watched, url: str, query: str, extra: str = "") -> Any:
    page = watched.page
    page.goto(f"{url}search/?q={quote(query)}{extra}")
    page.locator(STATUS, has_text="match").wait_for()
    return page


def _papers(count: int) -> str:
    return "1 paper" if count == 1 else f"{count:,} papers"


def test_nothing_of_the_index_loads_before_first_use(seed_url: str, watched: Watched) -> None:
    requested: list[str] = []
    page = watched.page
    page.on("request", lambda request: requested.append(request.url))
    page.goto(seed_url)
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if "/search/" in url] == []
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.locator(".md-search-result__meta", has_text="Type to").wait_for()
    loaded = {url.removeprefix(seed_url) for url in requested if url.startswith(seed_url)}
    assert set(SEARCH_CODE) <= loaded
    assert [url for url in loaded if url.startswith("search/") and url not in SEARCH_CODE] == []
    assert watched.problems == []


def test_typing_a_query_shows_the_paper_first(
    seed_url: str, seed_site: SiteBuild, watched: Watched
) -> None:
    bipo = next(p for p in catalogue_of(seed_site).papers if p.short_name == "BiPO")
    page = watched.page
    page.goto(seed_url + "papers/")
    page.click(HEADER_INPUT)
    page.fill(HEADER_INPUT, "BiPO")
    page.wait_for_selector(HEADER_RESULTS)
    first = page.locator(HEADER_RESULTS).first
    assert first.locator("h1").text_content() == bipo.title
    assert first.locator("h1 mark").all_text_contents() == ["BiPO"]
    assert first.locator("a").get_attribute("href") == seed_url + bipo.url
    assert watched.problems == []


def test_the_gzipped_shard_of_a_word_is_decompressed_in_the_browser(
    seed_url: str, seed_site: SiteBuild, watched: Watched
) -> None:
    bipo = next(p for p in catalogue_of(seed_site).papers if p.short_name == "BiPO")
    bodies: dict[str, bytes] = {}
    page = watched.page

    def keep(response: Any) -> None:
        if response.url.startswith(seed_url + "search/t/"):
            bodies[response.url.removeprefix(seed_url)] = response.body()

    page.on("response", keep)
    page.goto(seed_url + "search/?q=bipo")
    page.locator(STATUS, has_text="match").wait_for()
    # The one shard that holds the word came gzipped (the server sends no Content-Encoding),
    # and its paper is the result.
    assert list(bodies) == [_shard_of(seed_site[0], "bipo")]
    assert bodies[_shard_of(seed_site[0], "bipo")][:2] == b"\x1f\x8b"
    assert page.locator(PAGE_RESULTS).first.locator("a").first.get_attribute("href") == (
        seed_url + bipo.url
    )
    assert watched.problems == []


def test_files_a_server_sent_decompressed_are_read_as_they_are(
    seed_url: str, seed_site: SiteBuild, watched: Watched
) -> None:
    bipo = next(p for p in catalogue_of(seed_site).papers if p.short_name == "BiPO")
    served: list[str] = []
    page = watched.page

    def decompressed(route: Any) -> None:
        # As a server sending `Content-Encoding: gzip` does: the script gets the JSON itself.
        path = route.request.url.removeprefix(seed_url)
        served.append(path)
        body = unpack((seed_site[0] / path).read_bytes())
        route.fulfill(status=200, content_type="application/json", body=body)

    page.route("**/search/**/*.json.gz", decompressed)
    page.goto(seed_url + "search/?q=bipo")
    page.locator(STATUS, has_text="match").wait_for()
    assert "search/meta.json.gz" in served and _shard_of(seed_site[0], "bipo") in served
    assert page.locator(PAGE_RESULTS).first.locator("a").first.get_attribute("href") == (
        seed_url + bipo.url
    )
    assert watched.problems == []


def test_a_browser_without_decompression_says_so(seed_url: str, watched: Watched) -> None:
    page = watched.page
    page.add_init_script("delete window.DecompressionStream;")
    page.goto(seed_url + "search/?q=diffusion")
    page.locator(STATUS, has_text="unavailable").wait_for()
    assert page.text_content(STATUS) == (
        "Search is unavailable: this browser cannot decompress the search index "
        "(it lacks DecompressionStream); update it to search"
    )
    assert page.locator(PAGE_RESULTS).count() == 0


def test_a_key_press_shows_the_searching_state_at_once(seed_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(seed_url + "search/")
    # The status changes in the input event's own task, before any file is fetched.
    status = page.evaluate(
        """() => {
          const input = document.querySelector('.ps-search-page__input');
          input.value = 'diffusion';
          input.dispatchEvent(new Event('input'));
          return document.querySelector('.ps-search-page__status').textContent;
        }"""
    )
    assert status == "Searching…"
    page.locator(STATUS, has_text="match").wait_for()
    assert watched.problems == []


@pytest.mark.parametrize(
    "query", ["transformer", "robust", "diffusion", "language model", "video generation"]
)
def test_counts_are_exact_against_word_containment(
    seed_url: str, truth: Truth, watched: Watched, query: str
) -> None:
    page = _search_page(watched, seed_url, query)
    expected = len(truth.of(query))
    assert expected > 0
    status = page.text_content(STATUS) or ""
    assert status.startswith(f"{_papers(expected)} match")
    assert watched.problems == []


def test_only_the_shards_of_the_querys_words_are_fetched(
    seed_url: str, seed_site: SiteBuild, watched: Watched
) -> None:
    requested: list[str] = []
    page = watched.page
    page.on("request", lambda request: requested.append(request.url.removeprefix(seed_url)))
    _search_page(watched, seed_url, "diffusion video")
    shards = {url for url in requested if url.startswith(("search/t/", "search/p/"))}
    expected = {_shard_of(seed_site[0], term) for term in ("diffus", "video")}
    assert shards == expected
    assert len(list((seed_site[0] / "search" / "t").iterdir())) > len(shards)
    rows = [url for url in requested if url.startswith("search/docs/")]
    assert 0 < len(rows) <= 50
    assert watched.problems == []


def test_a_typo_in_one_word_of_two_is_read_and_said(
    seed_url: str, truth: Truth, watched: Watched
) -> None:
    page = _search_page(watched, seed_url, "robust trainng")
    expected = len(truth.of("robust training"))
    assert (page.text_content(STATUS) or "").startswith(
        f"Showing results for “robust training”: {_papers(expected)} match"
    )
    assert watched.problems == []


def test_a_word_no_paper_holds_is_named(seed_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(seed_url + "search/?q=robust+qqqzzzx")
    page.locator(STATUS, has_text="No paper").wait_for()
    assert page.text_content(STATUS) == "No paper has “qqqzzzx”, and no close word either."
    assert page.locator(PAGE_RESULTS).count() == 0
    assert watched.problems == []


def test_a_phrase_matches_its_words_in_order(
    seed_url: str, seed_site: SiteBuild, truth: Truth, watched: Watched
) -> None:
    phrase = ["large", "language", "model"]
    terms = index_terms(" ".join(phrase))
    expected = 0
    for paper in catalogue_of(seed_site).papers:
        for text in field_texts(paper).values():
            words = index_terms.positioned(text)
            if any(words[i : i + 3] == terms for i in range(len(words))):
                expected += 1
                break
    assert 0 < expected < len(truth.of("large language model"))
    page = _search_page(watched, seed_url, '"large language model"')
    assert (page.text_content(STATUS) or "").startswith(f"{_papers(expected)} match")
    assert watched.problems == []


def test_pages_of_fifty_reach_every_result_and_live_in_the_url(
    seed_url: str, truth: Truth, watched: Watched
) -> None:
    total = len(truth.of("model"))
    assert total > 100
    page = _search_page(watched, seed_url, "model")
    assert page.locator(PAGE_RESULTS).count() == 50
    first_page = set(page.locator(f"{PAGE_RESULTS} > a").evaluate_all("a => a.map(l => l.href)"))
    page.click(".ps-pager__next")
    wait_until(page, "location.search.includes('page=2')")
    page.locator(STATUS, has_text="page 2 of").wait_for()
    second = set(page.locator(f"{PAGE_RESULTS} > a").evaluate_all("a => a.map(l => l.href)"))
    assert len(second) == 50 and not first_page & second
    pages = -(-total // 50)
    page.goto(f"{seed_url}search/?q=model&page={pages}")
    page.locator(STATUS, has_text=f"page {pages} of {pages}").wait_for()
    assert page.locator(PAGE_RESULTS).count() == total - 50 * (pages - 1)
    assert page.locator("ol.ps-results").get_attribute("start") == str(50 * (pages - 1) + 1)
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
    _search_page(watched, seed_url, "diffusion")
    page.locator("h1").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('ps-search-page__input')")
    page.keyboard.press("ArrowDown")
    target = page.locator(f"{PAGE_RESULTS} > a").first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert watched.problems == []


def test_a_query_that_does_not_parse_shows_a_message(seed_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(seed_url + "search/")
    page.fill(PAGE_INPUT, "nofield:robots")
    page.locator(".ps-search-page__notice", has_text="Could not").wait_for()
    notice = page.text_content(".ps-search-page__notice") or ""
    assert notice.startswith("Could not read the query (unrecognised field 'nofield'")
    assert watched.problems == []


@pytest.mark.parametrize(
    "query",
    ["Scripted", '<script>alert("title")</script>', "<img src=x onerror=alert(1)>", '"><svg'],
)
def test_hostile_titles_show_as_text(
    hostile_url: str, hostile_site: SiteBuild, watched: Watched, query: str
) -> None:
    titles = {paper.title for paper in catalogue_of(hostile_site).papers}
    page = watched.page
    page.goto(hostile_url)
    page.click(HEADER_INPUT)
    page.fill(HEADER_INPUT, query)
    page.locator(".md-search-result__meta", has_text="match").wait_for()
    shown = page.locator(f"{HEADER_RESULTS} h1").all_text_contents()
    assert set(shown) <= titles
    assert page.locator(f"{HEADER_RESULTS} :is(img, svg, script, iframe)").count() == 0
    page.goto(f"{hostile_url}search/?q={quote(query)}")
    page.locator(STATUS, has_text="match").wait_for()
    shown = page.locator(f"{PAGE_RESULTS} .ps-result__title").all_text_contents()
    assert set(shown) <= titles
    assert page.locator(f"{PAGE_RESULTS} :is(img, svg, script, iframe)").count() == 0
    assert watched.dialogs == []
    assert watched.problems == []


@pytest.mark.parametrize(
    "path", ["", "papers/", "paper", "topics/", "search/", "search/?q=learning&page=2"]
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


# Facets on a generated catalogue: thousands of matches, filed under two topics by their words;
# "has code" is the site's own rule (`links.paper_has_code`).

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
    """The seed site with the search files of 3,000 generated papers in place of its own."""
    folder = tmp_path_factory.mktemp("faceted")
    corpus = folder / "corpus"
    write_corpus(corpus, 3000, seed=3)
    catalogue = attach_links(build_catalogue(read_corpus([corpus], folder)))
    papers = tuple(_filed(paper) for paper in catalogue.papers)
    faceted = dataclasses.replace(catalogue, papers=papers, topics=(REINFORCEMENT, DIFFUSION))
    site_dir = folder / "site"
    shutil.copytree(seed_site[0], site_dir)
    shutil.rmtree(site_dir / "search" / "t")
    for path, content in build_search(faceted).files.items():
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_bytes(content)
    with serve(site_dir) as url:
        yield url, faceted


def _facet_counts(page: Any, facet: str) -> dict[str, int]:
    counts = {}
    for item in page.locator(f'[data-ps-facet="{facet}"] li').all():
        count = item.locator(".ps-facet__count")
        if count.count():
            counts[item.locator("a").text_content()] = int(count.text_content())
    return counts


def test_facets_count_thousands_of_matches_exactly_and_live_in_the_url(
    faceted: tuple[str, Catalogue], watched: Watched
) -> None:
    url, catalogue = faceted
    terms = index_terms("learning")
    hits = [
        paper
        for paper in catalogue.papers
        if terms[0] in index_terms(" ".join(field_texts(paper).values()))
    ]
    assert len(hits) > 2000
    page = _search_page(watched, url, "learning")
    assert (page.text_content(STATUS) or "").startswith(f"{_papers(len(hits))} match")
    expected = Counter(topic.name for paper in hits for topic in paper.topics)
    assert _facet_counts(page, "topic") == dict(expected)
    code = sum(1 for paper in hits if paper_has_code(paper))
    assert page.text_content('[data-ps-facet="code"] .ps-facet__count') == f"({code})"

    page.click(f'[data-ps-facet="topic"] a:text-is("{REINFORCEMENT.name}")')
    wait_until(page, "location.search.includes('topic=')")
    in_topic = [paper for paper in hits if REINFORCEMENT in paper.topics]
    page.locator(STATUS, has_text=f"{_papers(len(in_topic))} in {REINFORCEMENT.name}").wait_for()
    chips = page.locator(PAGE_RESULTS).all()
    assert all(REINFORCEMENT.name in item.locator(".ps-chip").all_text_contents() for item in chips)

    page.check('[data-ps-facet="code"] input')
    wait_until(page, "location.search.includes('code=1')")
    both = [paper for paper in in_topic if paper_has_code(paper)]
    page.locator(STATUS, has_text=f"{_papers(len(both))} in").wait_for()
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["learning"], "topic": [REINFORCEMENT.slug], "code": ["1"]}
    page.reload()
    page.locator(STATUS, has_text=f"{_papers(len(both))} in").wait_for()
    assert page.is_checked('[data-ps-facet="code"] input')
    page.go_back()
    wait_until(page, "!location.search.includes('code=1')")
    assert watched.problems == []


def test_seed_topic_facet_counts_the_results(
    seed_url: str, seed_site: SiteBuild, watched: Watched
) -> None:
    page = _search_page(watched, seed_url, "speech")
    counts = _facet_counts(page, "topic")
    assert counts, "the seed papers carry topics, so the topic facet shows"
    names = {topic.name for topic in catalogue_of(seed_site).topics}
    assert set(counts) <= names
    assert max(counts, key=lambda name: counts[name]) == "Speech & Audio"


def test_snippets_are_the_cleaned_text_with_the_words_marked(
    seed_url: str, watched: Watched
) -> None:
    page = _search_page(watched, seed_url, "denoising")
    snippets = page.locator(f"{PAGE_RESULTS} .ps-result__snippet").all_text_contents()
    assert snippets and not any(re.search(r"\{[A-Za-z]\}", text) for text in snippets)
    marks = page.locator(f"{PAGE_RESULTS} mark").all_text_contents()
    assert marks and all(index_terms(mark) == ["denois"] for mark in marks)
    assert watched.problems == []


@pytest.fixture(scope="module")
def authors_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of four papers with authors: one name spelled two ways, and an author of one paper."""
    root = tmp_path_factory.mktemp("authors-site")
    records = [
        ("Robust robots that grasp", ["Émilie du Châtelet", "Alan Turing"], "2024-05-02"),
        ("Robust vision for robots", ["Alan Turing"], "2024-05-01"),
        ("Language models that count", ["emilie  du CHATELET"], "2024-05-03"),
        ("Sound and robots", ["Grace Hopper", "Ada Lovelace"], "2024-04-01"),
    ]
    lines = [
        json.dumps(
            {
                "title": title,
                "abstract": f"{title}, as the title says.",
                "authors": names,
                "date": date,
            }
        )
        for title, names, date in records
    ]
    corpus = root / "authors.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_site([corpus], root / "site")
    with serve(root / "site") as url:
        yield url


def test_author_search_finds_every_paper_of_an_author_newest_first(
    authors_url: str, watched: Watched
) -> None:
    page = _search_page(watched, authors_url, 'author:"EMILIE DU CHATELET"')
    assert page.locator(STATUS).inner_text().startswith("2 papers match")
    titles = page.locator(f"{PAGE_RESULTS} .ps-result__title").all_inner_texts()
    assert titles == ["Language models that count", "Robust robots that grasp"]
    page = _search_page(watched, authors_url, 'grasp author:"Émilie du Châtelet"')
    assert page.locator(STATUS).inner_text().startswith("1 paper matches")
    page.goto(authors_url + "search/?q=" + quote('author:"Nobody Here"'))
    page.locator(STATUS, has_text="No paper has “author:Nobody Here”").wait_for()
    assert watched.problems == []


def test_an_author_without_a_page_links_to_their_search(authors_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{authors_url}papers/so/sound-and-robots/")
    page.get_by_role("link", name="Ada Lovelace").click()
    page.locator(STATUS, has_text="match").wait_for()
    assert page.locator(STATUS).inner_text().startswith("1 paper matches")
    assert page.locator(PAGE_INPUT).input_value() == 'author:"Ada Lovelace"'
