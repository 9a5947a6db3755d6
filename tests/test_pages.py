"""The site as data for the templates: descriptions, letter groups, topic bars."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from generator.cli import main
from generator.model import Catalogue, Paper, Source, Topic
from generator.pages import (
    DESCRIPTION_MAX_CHARS,
    LETTER_PAGE_SIZE,
    LIST_PAGE_BYTES,
    PAGER_WINDOW,
    describe,
    letter_groups,
    paginate,
    summary_bytes,
)
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


def test_pages_end_early_when_their_items_pass_the_bytes_a_page_holds() -> None:
    sizes = [100, 100, 900, 100, 2000, 50, 50]
    pages = paginate(sizes, 3, "t/", size=lambda item: item, page_bytes=1000)
    assert [list(items) for items, _ in pages] == [[100, 100], [900, 100], [2000], [50, 50]]
    assert [pagination.count for _, pagination in pages] == [4] * 4
    # Without sizes, the count alone cuts; an empty list is one empty page.
    assert [len(items) for items, _ in paginate(sizes, 3, "t/")] == [3, 3, 1]
    assert paginate([], 3, "t/", size=lambda item: item)[0][0] == ()


@pytest.mark.slow
def test_listing_pages_of_long_titled_papers_with_many_topics_keep_within_the_budget(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fifty summaries of papers with long titles and many topics pass 40 KB: such listings
    get shorter pages instead."""
    words = (
        "Vision Language Robot Manipulation Speech Recognition Reinforcement Learning Diffusion "
        "Graph Neural Networks Federated Privacy Medical Imaging Agents Retrieval Benchmark"
    )
    abstract = (
        "We study vision-language models, robot manipulation, speech recognition, reinforcement "
        "learning, diffusion models, graph neural networks, federated learning and medical imaging."
    )
    dump = tmp_path / "2025-03-18.txt"
    papers = [
        f"A {n:03d} {words} {words} {words} Study Number {n}\n\n{abstract} Variant {n}.\n"
        for n in range(160)
    ]
    dump.write_text("Mar 18\n\n" + "\n".join(papers), encoding="utf-8")
    site = tmp_path / "site"
    status = main(["build", "--corpus", str(dump), "--site-dir", str(site)])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "budget" not in err
    assert ", 0 warnings," in out
    letter_pages = sorted((site / "a-z" / "a").rglob("index.html"))
    assert len(letter_pages) > -(-160 // LETTER_PAGE_SIZE)  # cut by bytes, not by count
    biggest = max(page.stat().st_size for page in site.rglob("*.html"))
    assert biggest <= 40 * 1024


def test_the_home_page_cuts_its_days_by_the_bytes_of_their_summaries() -> None:
    day = datetime.date(2025, 3, 3)
    long_title = "Vision Language Models " * 30
    papers = [
        dataclasses.replace(_paper(f"p{n}"), title=f"{long_title}{n}", date=day) for n in range(40)
    ]
    other = dataclasses.replace(_paper("other"), date=datetime.date(2025, 3, 2))
    site = relate(Catalogue((*papers, other), (), (), (), ()))
    ((day_shown, shown),) = site.home
    assert day_shown.count == 40
    assert 1 < len(shown) < 40  # cut by bytes: the day links the rest
    assert sum(summary_bytes(paper) for paper in shown) <= LIST_PAGE_BYTES
    assert site.earlier is not None and site.earlier.title == "2 Mar 2025"
