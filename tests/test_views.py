"""The kinds of page the catalogue adds, before MkDocs renders them."""

from __future__ import annotations

import dataclasses
import datetime
import posixpath
from pathlib import Path

import pytest

from bench.synth import write_corpus
from generator import urls
from generator.model import Catalogue, Paper, Source, Topic
from generator.pages import LETTER_PAGE_SIZE, PageMeta
from generator.pipeline import relate
from generator.views import (
    TOPIC_PAGE_SIZE,
    AllPapersView,
    DatesView,
    DayView,
    LetterView,
    MonthView,
    PaperView,
    TopicPageView,
    TopicsView,
    TopicView,
    UndatedView,
    UnsortedView,
    site_views,
)
from tests.conftest import SiteBuild, build_site, catalogue_of
from tests.htmlpage import read_page

SPEECH = Topic("speech", "Speech", "Spoken language.")
TODAY = datetime.date(2025, 3, 20)


def _paper(slug: str, *topics: Topic) -> Paper:
    title = slug.replace("-", " ").title()
    return Paper(slug, title, "Short abstract.", None, (Source("a.txt", 1, "Mar 18"),), topics)


def test_a_to_z_index_and_letter_pages_then_dates_then_one_page_per_paper() -> None:
    papers = (_paper("alpha-net"), _paper("beta-net"))
    views = site_views(relate(Catalogue(papers, (), (), ()), TODAY))
    assert [view.src_uri for view in views] == [
        "papers/index.md",
        "a-z/a/index.md",
        "a-z/b/index.md",
        "dates/index.md",
        "dates/no-year/03-18/index.md",
        "dates/undated/index.md",  # always there, so that its URL is stable
        "authors/index.md",  # so is the authors index, in the nav
        "papers/al/alpha-net/index.md",
        "papers/be/beta-net/index.md",
    ]
    assert isinstance(views[0], AllPapersView) and views[0].in_nav
    assert views[0].description() == "All 2 papers of the catalogue, A to Z."
    assert isinstance(views[1], LetterView) and not views[1].in_nav
    assert isinstance(views[3], DatesView) and views[3].in_nav
    assert isinstance(views[4], DayView) and views[4].title == "Listed on Mar 18"
    paper_views = [view for view in views if isinstance(view, PaperView)]
    assert [view.paper for view in paper_views] == list(papers)
    assert not any(view.in_nav for view in paper_views)


def test_a_letter_splits_into_pages_with_links_to_each_other() -> None:
    papers = tuple(_paper(f"a{i:03}") for i in range(LETTER_PAGE_SIZE + 1))
    views = site_views(relate(Catalogue(papers, (), (), ()), TODAY))
    letters = [view for view in views if isinstance(view, LetterView)]
    assert [view.url for view in letters] == ["a-z/a/", "a-z/a/2/"]
    assert [len(view.papers) for view in letters] == [LETTER_PAGE_SIZE, 1]
    assert letters[1].pagination.previous == "a-z/a/"
    assert letters[0].pagination.next == "a-z/a/2/"
    assert letters[1].title == "Papers: A (page 2 of 2)"


def test_topics_give_an_overview_paginated_pages_in_two_orders_and_an_unsorted_page() -> None:
    old = dataclasses.replace(_paper("asr", SPEECH), date=datetime.date(2020, 1, 1))
    new = dataclasses.replace(_paper("tts", SPEECH), date=datetime.date(2024, 1, 1))
    many = tuple(
        dataclasses.replace(_paper(f"z{i:03}", SPEECH), sources=(Source("b.txt", i + 1),))
        for i in range(TOPIC_PAGE_SIZE)
    )
    papers = (old, new, _paper("loose"), *many)
    site = relate(Catalogue(papers, (), (), (), (SPEECH,)), TODAY)
    views = [view for view in site_views(site) if isinstance(view, (TopicsView, TopicView))]
    kinds = [(type(view), view.url, view.in_nav) for view in views]
    assert kinds == [
        (TopicsView, "topics/", True),
        (TopicView, "topics/speech/", True),
        (TopicPageView, "topics/speech/2/", False),
        (TopicPageView, "topics/speech/a-z/", False),
        (UnsortedView, "topics/unsorted/", False),
    ]
    newest, _, a_z, _ = views[1:]
    assert isinstance(newest, TopicView) and isinstance(a_z, TopicView)
    assert newest.hide_toc and newest.description() == "Spoken language."
    # Newest first: dated papers by date, then the undated in the corpus's order.
    assert [p.slug for p in newest.papers[:3]] == ["tts", "asr", "z000"]
    assert [p.slug for p in a_z.papers[:2]] == ["asr", "tts"]
    assert newest.sorts == (("a-z", "topics/speech/a-z/"),)
    assert a_z.sorts == (("newest", "topics/speech/"),)
    # A to Z, titles a line each: a page holds twice as many as a page of summaries.
    assert len(newest.papers) == TOPIC_PAGE_SIZE and len(a_z.papers) == TOPIC_PAGE_SIZE + 2
    assert a_z.title == "Speech (A–Z, page 1 of 1)"


def test_listing_days_months_and_undated_papers_each_get_pages() -> None:
    papers = (
        dataclasses.replace(_paper("a"), date=datetime.date(2025, 3, 18)),
        dataclasses.replace(_paper("b"), date=datetime.date(2025, 3, 19)),
        dataclasses.replace(_paper("c"), date=datetime.date(2025, 2, 1)),
        Paper("d", "D", "", None, (Source("a.txt", 1),)),
    )
    views = site_views(relate(Catalogue(papers, (), (), ()), TODAY))
    archive = [view for view in views if isinstance(view, (MonthView, DayView, UndatedView))]
    assert [view.url for view in archive] == [
        "dates/2025/03/",
        "dates/2025/02/",
        "dates/2025/03/19/",
        "dates/2025/03/18/",
        "dates/2025/02/01/",
        "dates/undated/",
    ]
    march, _, _, day_18, _, undated = archive
    assert isinstance(march, MonthView) and march.older is not None
    assert march.older.title == "February 2025" and march.newer is None
    assert isinstance(day_18, DayView) and day_18.title == "Listed on 18 Mar 2025"
    assert day_18.older is not None and day_18.older.title == "1 Feb 2025"
    assert day_18.newer is not None and day_18.newer.title == "19 Mar 2025"
    assert isinstance(undated, UndatedView) and [p.slug for p in undated.papers] == ["d"]


def test_a_paper_view_hands_the_template_its_page_with_bibtex() -> None:
    paper = Paper(
        "asr",
        "ASR",
        "Speech.",
        None,
        (Source("a.txt", 1),),
        (SPEECH,),
        authors=("Ada Lovelace",),
        date=datetime.date(2024, 3, 18),
    )
    site = relate(Catalogue((paper,), (), (), (), (SPEECH,)))
    view = next(view for view in site_views(site) if isinstance(view, PaperView))
    context = view.context(site, PageMeta("https://x.org/papers/asr/", "Shelf", "Speech."))
    page = context["paper_page"]
    assert context["paper"] == paper
    assert page.bibtex is not None and "Lovelace" in page.bibtex  # type: ignore[attr-defined]


def test_every_view_url_matches_a_pattern() -> None:
    papers = (_paper("asr", SPEECH), _paper("loose"))
    for view in site_views(relate(Catalogue(papers, (), (), (), (SPEECH,)))):
        assert urls.matches(view.url), view.url


def _clicks_from_home(site_dir: Path, most: int = 3) -> dict[str, int]:
    """A crawl of the built site from its home page, following links between its pages: each
    page reached in at most `most` clicks, and how many."""
    depth = {"/": 0}
    frontier = ["/"]
    for clicks in range(1, most + 1):
        found = []
        for url in frontier:
            for link in read_page(site_dir / url.lstrip("/") / "index.html").links:
                if "://" in link or link.startswith(("#", "mailto:")):
                    continue
                target = posixpath.normpath(posixpath.join(url, link.split("#")[0]))
                target = target.rstrip("/") + "/"
                if target not in depth and (site_dir / target.lstrip("/") / "index.html").is_file():
                    depth[target] = clicks
                    found.append(target)
        frontier = found
    return depth


@pytest.mark.slow
def test_every_paper_is_within_three_clicks_of_the_home_page(seed_site: SiteBuild) -> None:
    depth = _clicks_from_home(seed_site[0])
    far = [p.url for p in catalogue_of(seed_site).papers if f"/{p.url}" not in depth]
    assert far == []


@pytest.mark.slow
def test_every_paper_of_a_dated_catalogue_with_authors_is_within_three_clicks(
    tmp_path: Path,
) -> None:
    """Real-like records: 600 papers over ten listing days, with authors (so author pages and
    the authors index), each listing day over a page long."""
    write_corpus(tmp_path / "corpus", 600, seed=5, per_file=300, authors=True)
    site_dir = tmp_path / "site"
    plugin = build_site([tmp_path / "corpus"], site_dir)
    assert plugin.catalogue is not None and plugin.build is not None
    assert len(plugin.build.site.archive.days) == 10 and len(plugin.build.site.authors) > 100
    depth = _clicks_from_home(site_dir)
    far = [p.url for p in plugin.catalogue.papers if f"/{p.url}" not in depth]
    assert far == []
    # The ways in that a reader follows are there too: days, authors, topics.
    assert any(url.startswith("/dates/") and url.count("/") == 5 for url in depth)
    assert "/authors/" in depth and any(url.startswith("/topics/") for url in depth)


@pytest.mark.slow
def test_every_page_skips_to_its_content_and_the_404_page_offers_ways_in(
    seed_site: SiteBuild,
) -> None:
    site_dir, _ = seed_site
    for path in [site_dir / "index.html", site_dir / "404.html", *site_dir.glob("*/index.html")]:
        html = path.read_text(encoding="utf-8")
        assert '<a href="#ps-content" class="md-skip">Skip to content</a>' in html, path
        assert 'id="ps-content"' in html, path
    page = read_page(site_dir / "404.html")
    assert page.h1 == ["Page not found"]
    assert {"/search/", "/dates/", "/topics/", "/papers/"} <= set(page.links)
