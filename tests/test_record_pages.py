"""Paper pages built from JSON Lines records: authors and date, arXiv links, BibTeX, metadata."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from markupsafe import escape

from generator.bibtex import bibtex_entries
from generator.checks import check_site
from generator.model import Paper
from generator.paper_page import SHOWN_OF_LONG_LIST
from tests.conftest import FIXTURES, SiteBuild, build_site, catalogue_of
from tests.htmlpage import HtmlPage, read_page

RECORDS = FIXTURES / "records"
SPARSE = "sparse-mixtures-of-linear-experts-for-tabular-data"
BARE = "a-paper-given-only-a-title-and-an-abstract"
RECORD_CLASSES = ("ps-byline", "ps-authors", "ps-bibtex")


@pytest.fixture(scope="module")
def records_site(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    site_dir = tmp_path_factory.mktemp("records-site")
    corpus = [RECORDS / "ours.jsonl", RECORDS / "arxiv.jsonl", RECORDS / "hostile.jsonl"]
    return site_dir, build_site([*corpus, RECORDS / "merge"], site_dir)


def page_of(build: SiteBuild, paper: Paper) -> HtmlPage:
    return read_page(build[0] / paper.url / "index.html")


def paper_named(build: SiteBuild, slug_start: str) -> Paper:
    (paper,) = [p for p in catalogue_of(build).papers if p.slug.startswith(slug_start)]
    return paper


def meta_values(page: HtmlPage, name: str) -> list[str]:
    return [
        str(attrs.get("content"))
        for tag, attrs in page.tags
        if tag == "meta" and attrs.get("name") == name
    ]


@pytest.mark.slow
def test_a_paper_with_a_record_shows_authors_date_links_and_bibtex(records_site: SiteBuild) -> None:
    paper = paper_named(records_site, SPARSE)
    page = page_of(records_site, paper)
    assert page.by_class["ps-authors"] == ["Ada Lovelace, Alan M. Turing, Grace Hopper Jr."]
    assert page.by_class["ps-byline"] == [
        "Ada Lovelace, Alan M. Turing, Grace Hopper Jr. · Published on 18 Mar 2024"
    ]
    times = [attrs for tag, attrs in page.tags if tag == "time"]
    assert times == [{"datetime": "2024-03-18"}]
    hrefs = [attrs.get("href") for tag, attrs in page.tags if tag == "a"]
    assert "https://arxiv.org/abs/2403.01234" in hrefs
    assert "https://arxiv.org/pdf/2403.01234" in hrefs
    assert "https://github.com/example/sparse-mixtures" in hrefs  # the record's code_url
    # An author without a page of their own is searched for, the query written as a form's.
    searches = [parse_qs(urlsplit(h).query) for h in hrefs if h and "search/?" in h]
    assert {"q": ['author:"Ada Lovelace"']} in searches
    assert all(" " not in h and "%20" not in h for h in hrefs if h and "search/?" in h)
    entry = bibtex_entries(catalogue_of(records_site).papers)[paper.slug]
    assert page.by_class["ps-bibtex"] == [" ".join(entry.split())]
    # The copy button, which the paper's script builds, copies the entry by this id.
    assert [a for t, a in page.tags if t == "code" and a.get("id") == "ps-bibtex-entry"]
    assert meta_values(page, "citation_author") == list(paper.authors)
    assert meta_values(page, "citation_publication_date") == ["2024/03/18"]
    assert meta_values(page, "citation_arxiv_id") == ["2403.01234"]
    assert meta_values(page, "citation_pdf_url") == ["https://arxiv.org/pdf/2403.01234"]


@pytest.mark.slow
def test_a_paper_without_those_fields_has_no_empty_labels(records_site: SiteBuild) -> None:
    paper = paper_named(records_site, BARE)
    page = page_of(records_site, paper)
    for name in RECORD_CLASSES:
        assert name not in page.by_class
    assert "cite" not in [attrs.get("id") for _, attrs in page.tags]
    for name in ("citation_author", "citation_publication_date", "citation_arxiv_id"):
        assert meta_values(page, name) == []
    # A date alone, or an arXiv identifier with no authors: a byline, but no citation.
    own_pdf = page_of(records_site, paper_named(records_site, "self-hosted-notes"))
    assert own_pdf.by_class["ps-byline"] == ["Émilie du Châtelet · Published on 5 Nov 2023"]
    assert meta_values(own_pdf, "citation_pdf_url") == ["https://example.org/notes.pdf"]
    assert meta_values(own_pdf, "citation_arxiv_id") == []


@pytest.mark.slow
def test_the_merged_paper_page_lists_every_source(records_site: SiteBuild) -> None:
    paper = paper_named(records_site, "population-based-training")
    page = page_of(records_site, paper)
    assert page.by_class["ps-authors"] == ["Max Jaderberg, Valentin Dalibard, Simon Osindero"]
    sources = " ".join(page.by_class["ps-sources"])
    assert sources == (
        "From the listings: Mar 18, listing 1-listing; listing 2-arxiv; listing 3-ours."
    )
    assert ".txt" not in sources and ":1" not in sources  # no file paths nor lines


@pytest.mark.slow
def test_hostile_record_text_stays_text(records_site: SiteBuild) -> None:
    paper = paper_named(records_site, "breaking-script")
    path = records_site[0] / paper.url / "index.html"
    text = path.read_text(encoding="utf-8")
    page = read_page(path)
    # No element the corpus could have written: as many scripts as on a page of plain text.
    bare_path = records_site[0] / paper_named(records_site, BARE).url / "index.html"
    bare = bare_path.read_text(encoding="utf-8")
    assert text.count("<script") == bare.count("<script")
    assert "<script>alert" not in text
    assert str(escape('</script><script>alert("t")</script>')) in text
    assert "javascript:" not in text
    assert page.by_class["ps-authors"] == [", ".join(paper.authors)]
    entry = bibtex_entries(catalogue_of(records_site).papers)[paper.slug]
    assert page.by_class["ps-bibtex"] == [" ".join(entry.split())]
    # The copy button, which the paper's script builds, copies the entry by this id.
    assert [a for t, a in page.tags if t == "code" and a.get("id") == "ps-bibtex-entry"]
    feed = feedparser.parse((records_site[0] / "feeds" / "all.xml").read_bytes())
    assert feed.bozo == 0
    assert any("</script><script>" in e.title for e in feed.entries)


@pytest.mark.slow
def test_the_records_site_passes_the_site_checks(records_site: SiteBuild) -> None:
    site_dir, plugin = records_site
    papers = [paper.url for paper in catalogue_of(records_site).papers]
    assert [
        str(p) for p in check_site(Path(site_dir), papers, site_url="http://127.0.0.1:8000/")
    ] == []
    assert plugin.catalogue is not None


@pytest.mark.slow
def test_seed_pages_show_no_record_fields(seed_site: SiteBuild) -> None:
    """The bundled dumps give no authors or dates: their pages are as they were."""
    for paper in catalogue_of(seed_site).papers:
        page = page_of(seed_site, paper)
        for name in RECORD_CLASSES[1:]:
            assert name not in page.by_class, paper.slug
        # The date heading's day shows, without a year that no file name gives.
        assert page.by_class.get("ps-byline", ["Listed on Mar 18"]) == ["Listed on Mar 18"]
        assert meta_values(page, "citation_author") == []


@pytest.mark.slow
@pytest.mark.parametrize("count", [533, 3000])
def test_a_paper_of_hundreds_of_authors_stays_within_the_page_budget(
    tmp_path: Path, count: int
) -> None:
    # Names as long as on the development corpus's long lists (12 characters on average).
    names = [f"Author{i:04} Name" for i in range(count)]
    record = {
        "title": "The Herd of Many Models",
        "abstract": "We present a herd of models. " * 60,
        "authors": names,
        "date": "2024-07-31",
        "arxiv_id": "2407.21783",
    }
    corpus = tmp_path / "herd.jsonl"
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    site_dir = tmp_path / "site"
    plugin = build_site([corpus], site_dir)
    assert plugin.catalogue is not None
    (paper,) = plugin.catalogue.papers
    path = site_dir / paper.url / "index.html"
    assert path.stat().st_size < 40 * 1024
    page = read_page(path)
    assert page.by_class["ps-authors"] == [", ".join(names[:SHOWN_OF_LONG_LIST])]
    assert f"and {count - SHOWN_OF_LONG_LIST} more" in page.by_class["ps-byline"][0]
    # The citation tag names every author up to about a thousand, the first ones beyond.
    (tag,) = meta_values(page, "citation_authors")
    listed = tag.split("; ")
    assert listed == names[: len(listed)]
    assert len(listed) == count if count < 1000 else 900 < len(listed) < count
    # The page's BibTeX names the first ten and "others"; the whole entry beside it, everyone.
    bibtex = page.by_class["ps-bibtex"][0]
    assert f"{names[9]} and others}}," in bibtex and names[10] not in bibtex
    whole = (path.parent / "cite.bib").read_text(encoding="utf-8")
    assert " and ".join(names) in whole and "others" not in whole
    assert bibtex.startswith(whole.split("\n", 1)[0])
    assert "cite.bib" in page.links
