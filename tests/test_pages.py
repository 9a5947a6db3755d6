"""The site as data for the templates: descriptions, letter groups, topic bars."""

from __future__ import annotations

from generator.model import Catalogue, Paper, Source, Topic
from generator.pages import DESCRIPTION_MAX_CHARS, PAGER_WINDOW, describe, letter_groups, paginate
from generator.pipeline import relate


def _paper(slug: str, abstract: str = "Short abstract.", topic: Topic | None = None) -> Paper:
    topics = (topic,) if topic else ()
    title = slug.replace("-", " ").title()
    return Paper(slug, title, abstract, None, (Source("a.txt", 1),), topics)


def test_bar_width_is_a_share_of_the_largest_topic() -> None:
    topic = Topic("speech", "Speech", "")
    papers = tuple(_paper(slug, topic=topic) for slug in ("a", "b", "c"))
    other = Topic("vision", "Vision", "")
    site = relate(Catalogue((*papers, _paper("d", topic=other)), (), (), (), (topic, other)))
    widths = {listing.topic.slug: site.bar_width(listing) for listing in site.topics}
    assert widths == {"speech": 100.0, "vision": 33.3}


def test_description_is_cut_at_a_word_with_an_ellipsis() -> None:
    long = " ".join(["representation"] * 40)
    text = describe(_paper("long", long))
    assert len(text) <= DESCRIPTION_MAX_CHARS
    assert text.endswith("representation…")
    assert describe(_paper("short", "Short abstract.")) == "Short abstract."
    assert describe(_paper("no-abstract", "")) == "No Abstract"


def test_letter_groups_put_digits_first_and_every_paper_once() -> None:
    papers = [_paper(slug) for slug in ("zeta", "4m-21", "alpha", "apex", "2x-faster", "beta")]
    groups = letter_groups(papers)
    assert [(group.letter, group.anchor) for group in groups] == [
        ("0–9", "0-9"),
        ("A", "a"),
        ("B", "b"),
        ("Z", "z"),
    ]
    assert [paper.slug for group in groups for paper in group.papers] == [
        "2x-faster",
        "4m-21",
        "alpha",
        "apex",
        "beta",
        "zeta",
    ]


def test_a_long_list_links_its_first_last_and_near_pages_and_can_link_them_all() -> None:
    pages = paginate(list(range(300)), 10, "topics/t/")
    numbers = [
        [None if item is None else item[0] for item in pagination.shown()]
        for _, pagination in pages
    ]
    assert PAGER_WINDOW == 2
    assert numbers[0] == [1, 2, 3, None, 30]
    assert numbers[14] == [1, None, 13, 14, 15, 16, 17, None, 30]
    assert numbers[29] == [1, None, 28, 29, 30]
    assert numbers[3] == [1, 2, 3, 4, 5, 6, None, 30]  # no gap of one page: 1 is beside 2
    # Every page, with its URL, when asked (a letter's first page), and for a short list.
    assert pages[0][1].shown(every=True) == pages[0][1].pages
    assert len(pages[0][1].pages) == 30 and pages[0][1].pages[1] == (2, "topics/t/2/")
    short = paginate(list(range(90)), 10, "a-z/s/")
    assert all(pagination.shown() == pagination.pages for _, pagination in short)
