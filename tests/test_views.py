"""The kinds of page the catalogue adds, before MkDocs renders them."""

from __future__ import annotations

import datetime

from generator import urls
from generator.model import Catalogue, Paper, Source, Topic
from generator.pages import PageMeta
from generator.pipeline import relate
from generator.views import (
    AllPapersView,
    PaperView,
    TopicsView,
    TopicView,
    UnsortedView,
    site_views,
)

SPEECH = Topic("speech", "Speech", "Spoken language.")


def _paper(slug: str, *topics: Topic) -> Paper:
    title = slug.replace("-", " ").title()
    return Paper(slug, title, "Short abstract.", None, (Source("a.txt", 1),), topics)


def test_a_to_z_page_first_then_one_page_per_paper_out_of_the_nav() -> None:
    papers = (_paper("alpha-net"), _paper("beta-net"))
    views = site_views(relate(Catalogue(papers, (), (), ())))
    assert [view.src_uri for view in views] == [
        "papers/index.md",
        "papers/alpha-net/index.md",
        "papers/beta-net/index.md",
    ]
    assert isinstance(views[0], AllPapersView) and views[0].in_nav
    assert views[0].description() == "All 2 papers of the catalogue, A to Z."
    assert all(isinstance(view, PaperView) and not view.in_nav for view in views[1:])
    assert [view.paper for view in views[1:] if isinstance(view, PaperView)] == list(papers)


def test_topics_give_an_overview_a_page_each_and_an_unsorted_page_out_of_the_nav() -> None:
    papers = (_paper("asr", SPEECH), _paper("loose"))
    views = site_views(relate(Catalogue(papers, (), (), (), (SPEECH,))))
    kinds = [(type(view), view.url, view.in_nav) for view in views[:4]]
    assert kinds == [
        (AllPapersView, "papers/", True),
        (TopicsView, "topics/", True),
        (TopicView, "topics/speech/", True),
        (UnsortedView, "topics/unsorted/", False),
    ]
    topic_view = views[2]
    assert isinstance(topic_view, TopicView) and topic_view.hide_toc
    assert topic_view.description() == "Spoken language."


def test_a_paper_slug_cannot_clash_with_the_list() -> None:
    views = site_views(relate(Catalogue((_paper("index"),), (), (), ())))
    assert [view.src_uri for view in views] == ["papers/index.md", "papers/index/index.md"]


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
