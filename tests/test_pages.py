"""The pages the catalogue adds to the site, before MkDocs renders them."""

from __future__ import annotations

from generator.model import Catalogue, Paper, Source
from generator.pages import (
    DESCRIPTION_MAX_CHARS,
    PAPER_TEMPLATE,
    PAPERS_INDEX_URI,
    build_site,
    describe,
    letter_groups,
    paper_src_uri,
    site_pages,
)


def _paper(slug: str, abstract: str = "Short abstract.") -> Paper:
    return Paper(slug, slug.replace("-", " ").title(), abstract, None, (Source("a.txt", 1),))


def test_a_to_z_page_first_then_one_page_per_paper_out_of_the_nav() -> None:
    papers = (_paper("alpha-net"), _paper("beta-net"))
    pages = site_pages(build_site(Catalogue(papers, (), (), ())))
    assert [page.src_uri for page in pages] == [
        PAPERS_INDEX_URI,
        "papers/alpha-net/index.md",
        "papers/beta-net/index.md",
    ]
    assert pages[0].in_nav
    assert pages[0].description == "All 2 papers of the catalogue, A to Z."
    assert [page.paper for page in pages[1:]] == list(papers)
    assert all(not page.in_nav and page.template == PAPER_TEMPLATE for page in pages[1:])


def test_paper_source_is_an_index_file_so_a_slug_cannot_clash_with_the_list() -> None:
    assert paper_src_uri(_paper("index")) == "papers/index/index.md"
    assert paper_src_uri(_paper("index")) != PAPERS_INDEX_URI


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
        ("0–9", "digits"),
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
