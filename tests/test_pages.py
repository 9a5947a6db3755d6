"""The site as data for the templates: descriptions, letter groups, topic bars."""

from __future__ import annotations

from generator.model import Catalogue, Paper, Source, Topic
from generator.pages import DESCRIPTION_MAX_CHARS, describe, letter_groups
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
