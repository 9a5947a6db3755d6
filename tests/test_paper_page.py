"""The paper page: its data in Python, and the built pages' metadata, links and escaping."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from markupsafe import escape

from generator.export import read_papers
from generator.links import attach_links
from generator.model import Catalogue, Paper, Source, Topic
from generator.pages import title_text
from generator.paper_page import SHOWN_AUTHORS, SHOWN_OF_LONG_LIST, PaperPage, paper_page
from generator.pipeline import relate
from generator.plugin import PapershelfPlugin
from tests.conftest import CORPUS
from tests.conftest import build_site as build_whole_site
from tests.htmlpage import read_page

SiteBuild = tuple[Path, PapershelfPlugin]
SPEECH = Topic("speech", "Speech", "")


def _paper(slug: str, title: str, abstract: str, *topics: Topic) -> Paper:
    return Paper(slug, title, abstract, None, (Source("a.txt", 1),), topics)


class TestPaperPage:
    papers = (
        _paper("a-asr", "ASR", "Speech recognition. Code: https://github.com/a/asr.", SPEECH),
        _paper("b-tts", "TTS", "Speech synthesis, see https://tts.github.io/ and more.", SPEECH),
        _paper("c-vc", "Voice conversion", "Speech voice conversion.", SPEECH),
    )

    def _page(self, slug: str) -> object:
        site = relate(attach_links(Catalogue(self.papers, (), (), ())))
        paper = next(p for p in site.catalogue.papers if p.slug == slug)
        return paper_page(site, paper)

    def test_links_are_split_by_kind(self) -> None:
        page = self._page("a-asr")
        assert [link.url for link in page.code_links] == ["https://github.com/a/asr"]  # type: ignore[attr-defined]
        assert self._page("b-tts").project_links[0].url == "https://tts.github.io/"  # type: ignore[attr-defined]

    def test_prev_next_and_related_come_from_the_site(self) -> None:
        page = self._page("b-tts")
        assert page.prev_next.previous.slug == "a-asr"  # type: ignore[attr-defined]
        assert page.prev_next.next.slug == "c-vc"  # type: ignore[attr-defined]
        assert {paper.slug for paper in page.related} <= {"a-asr", "c-vc"}  # type: ignore[attr-defined]
        assert page.related  # type: ignore[attr-defined]

    def test_head_tags_name_the_title_once_for_each_consumer(self) -> None:
        tags = self._page("c-vc").head.tags  # type: ignore[attr-defined]
        assert [tag.key for tag in tags if tag.content == "Voice conversion"] == [
            "og:title",
            "citation_title",
        ]


def _papers(build: SiteBuild) -> tuple[Paper, ...]:
    assert build[1].catalogue is not None
    return build[1].catalogue.papers


@pytest.mark.slow
@pytest.mark.parametrize("name", ["seed_site", "hostile_site"])
def test_every_paper_page_has_parseable_metadata(name: str, request: pytest.FixtureRequest) -> None:
    build: SiteBuild = request.getfixturevalue(name)
    for paper in _papers(build):
        path = build[0] / paper.url / "index.html"
        page = read_page(path)
        title = title_text(paper)
        canonical = [
            a["href"] for tag, a in page.tags if tag == "link" and a.get("rel") == "canonical"
        ]
        assert len(canonical) <= 1
        # Each fact once: the address in the canonical link, the citation in the citation tags.
        assert "application/ld+json" not in path.read_text(encoding="utf-8")
        assert page.meta["og:title"] == title
        assert page.meta["og:type"] == "article"
        # The description is written once: OpenGraph readers fall back to it.
        assert page.meta["description"]
        assert "og:description" not in page.meta and "og:site_name" not in page.meta
        assert page.meta["citation_title"] == title
        assert "og:url" not in page.meta and "citation_abstract_html_url" not in page.meta


@pytest.mark.slow
def test_hostile_title_stays_inside_its_attributes(hostile_site: SiteBuild) -> None:
    scripted = next(paper for paper in _papers(hostile_site) if "Scripted" in paper.title)
    path = hostile_site[0] / scripted.url / "index.html"
    html = path.read_text(encoding="utf-8")
    assert read_page(path).meta["citation_title"] == scripted.title
    assert html.count("</script>") == html.count("<script")
    assert str(escape(scripted.title)) in html and "<script>alert" not in html


@pytest.mark.slow
def test_outbound_links_are_http_and_noopener(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    exported = {e["slug"]: e for e in read_papers(site_dir)}
    buttons = 0
    for paper in _papers(seed_site):
        page = read_page(site_dir / paper.url / "index.html")
        outbound = [a for tag, a in page.tags if tag == "a" and "://" in (a.get("href") or "")]
        theme_links = {"https://squidfunk.github.io/mkdocs-material/"}
        for attrs in outbound:
            href = attrs["href"] or ""
            assert href.startswith(("http://", "https://"))
            if href not in theme_links:
                assert "noopener" in (attrs.get("rel") or "").split(), href
        code = [
            a
            for tag, a in page.tags
            if tag == "a" and "md-button--primary" in (a.get("class") or "")
        ]
        assert bool(code) == exported[paper.slug]["has_code"]
        assert [a["href"] for a in code] == [
            link["url"] for link in exported[paper.slug]["links"] if link["kind"] == "code"
        ]
        buttons += len(code)
        related = page.by_class.get("ps-related", [""])[0]
        for slug in exported[paper.slug]["related"]:
            assert title_text(next(p for p in _papers(seed_site) if p.slug == slug)) in related
    assert buttons > 30, "the seeds link code from dozens of abstracts"


@pytest.mark.slow
def test_seed_pages_show_cleaned_text(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    by_title = {paper.title: paper for paper in _papers(seed_site)}
    m3 = next(p for title, p in by_title.items() if title.startswith("M^3GPT"))
    assert read_page(site_dir / m3.url / "index.html").h1[0].startswith("M³GPT: ")
    darwin = next(p for title, p in by_title.items() if title.startswith("DarwinLM"))
    abstract = read_page(site_dir / darwin.url / "index.html").by_class["ps-abstract"][0]
    assert "we propose DarwinLM, a method" in abstract and "\\sysname" not in abstract
    assert "5\u00d7 less training data" in abstract


@pytest.mark.slow
def test_a_to_z_list_has_code_badges(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    exported = read_papers(site_dir)
    pages = [read_page(path) for path in site_dir.glob("a-z/**/index.html")]
    badges = sum(len(page.by_class.get("ps-badge--code", [])) for page in pages)
    assert badges == sum(e["has_code"] for e in exported) > 0


@pytest.mark.slow
def test_site_url_gives_one_canonical_link_and_absolute_urls(tmp_path: Path) -> None:
    site_url = "https://owner.github.io/shelf/"
    plugin = build_whole_site([CORPUS], tmp_path, site_url=site_url)
    assert plugin.catalogue is not None
    paper = plugin.catalogue.papers[0]
    path = tmp_path / paper.url / "index.html"
    page = read_page(path)
    canonical = [a["href"] for tag, a in page.tags if tag == "link" and a.get("rel") == "canonical"]
    assert canonical == [f"{site_url}{paper.url}"]
    assert [a["href"] for tag, a in page.tags if tag == "link" and a.get("rel") == "next"] == []


def test_a_long_author_list_shows_ten_and_the_rest_behind_and_n_more() -> None:
    def page_with(count: int) -> PaperPage:
        authors = tuple(f"Author {i}" for i in range(count))
        abstract = "Speech recognition models transcribe noisy audio quickly."
        paper = Paper("p", "P", abstract, None, (Source("a.txt", 1),), authors=authors)
        site = relate(Catalogue((paper,), (), (), ()), datetime.date(2025, 3, 20))
        return paper_page(site, paper)

    some = page_with(30)
    assert some.first_authors == tuple(f"Author {i}" for i in range(SHOWN_AUTHORS))
    assert len(some.more_authors) == 30 - SHOWN_AUTHORS and not some.long_author_list
    # Hundreds: fewer shown, the rest read from the page's citation tag when opened.
    long = page_with(533)
    assert long.first_authors == tuple(f"Author {i}" for i in range(SHOWN_OF_LONG_LIST))
    assert long.long_author_list
    assert long.first_authors + long.more_authors == long.paper.authors
    # Never "and 1 more": eleven authors are all shown.
    assert page_with(SHOWN_AUTHORS + 1).more_authors == ()


@pytest.mark.slow
def test_a_paper_page_carries_each_thing_once(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    for paper in _papers(seed_site)[:40]:
        path = site_dir / paper.url / "index.html"
        html = path.read_text(encoding="utf-8")
        page = read_page(path)
        # Kept: what consumers read, and a look-up that works without scripts.
        assert page.meta["citation_title"] == page.meta["og:title"] == title_text(paper)
        assert page.meta["description"]
        lookups = [
            href for tag, a in page.tags if "scholar.google" in (href := a.get("href") or "")
        ]
        assert len(lookups) == 1
        # Gone: what only repeated it, and buttons that work only with scripts (paper.js).
        assert "application/ld+json" not in html and "og:url" not in html
        assert "semanticscholar.org" not in html and "<button" not in html
        head = html.split("</head>")[0]
        assert 'rel="prev"' not in head and 'rel="next"' not in head
        # No line break beside a block's tag: a browser shows nothing there.
        assert "</li>\n<li>" not in html and "</div>\n<div" not in html
