"""Tests of generator.authors: names matched, stable slugs, pages from two papers, co-authors."""

from __future__ import annotations

import datetime
import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from bench.synth import AuthorModel
from generator import urls
from generator.authors import (
    AUTHOR_PAGE_BYTES,
    AUTHOR_PAGES_BYTES,
    MIN_PAPERS,
    PAPERS_PER_PAGE,
    author_key,
    author_shards,
    author_slug,
    build_authors,
    min_papers,
    pages_bytes,
)
from generator.checks import FOLDER_BUDGET
from generator.model import Paper, Source, make_slug
from generator.views import AUTHORS_PER_INDEX_PAGE


def _paper(slug: str, *authors: str) -> Paper:
    return Paper(
        slug,
        slug,
        "About it.",
        None,
        (Source("a.jsonl", 1),),
        authors=authors,
        date=datetime.date(2025, 1, 1),
    )


def test_names_match_whatever_their_case_accents_punctuation_and_spacing() -> None:
    keys = {
        author_key(name)
        for name in ("Émilie du Châtelet", "emilie du chatelet", "  Emilie  DU Chatelet ")
    }
    assert keys == {"emilie du chatelet"}
    assert author_key("Alan M. Turing") == author_key("Alan M Turing") == "alan m turing"
    assert author_key("Ada Lovelace") != author_key("Ada Byron")
    assert author_slug("Émilie du Châtelet") == "emilie-du-chatelet"
    # A name in another script keeps a slug of its own.
    assert author_slug("李明") != author_slug("黎明")


@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8))
def test_an_author_slug_depends_on_the_name_alone(names: list[str]) -> None:
    """Adding papers (more names) never moves an author: the slug is a function of the name."""
    first = names[0]
    papers = [_paper(f"p{i}", first, *names[: i + 1]) for i in range(len(names))] + [
        _paper("q", first)
    ]
    authors = build_authors(papers)
    if author_key(first):
        assert authors[author_key(first)].slug == author_slug(first)
        more = build_authors([*papers, _paper("r", first, "Someone Else")])
        assert more[author_key(first)].url == authors[author_key(first)].url


def test_pages_from_two_papers_newest_first_with_frequent_coauthors() -> None:
    papers = [
        _paper("new", "Ada Lovelace", "Alan Turing", "Grace Hopper"),
        _paper("old", "ada lovelace", "Alan Turing"),
        _paper("once", "Lone Writer"),
    ]
    authors = build_authors(papers)
    assert MIN_PAPERS == 2
    assert sorted(authors) == ["ada lovelace", "alan turing"]
    ada = authors["ada lovelace"]
    assert ada.name == "Ada Lovelace"  # the first spelling met
    assert [p.slug for p in ada.papers] == ["new", "old"]
    assert ada.url == "authors/ad/ada-lovelace/"
    assert [(c.name, c.url, c.count) for c in ada.coauthors] == [
        ("Alan Turing", "authors/al/alan-turing/", 2),
        ("Grace Hopper", None, 1),  # one paper: no page to link
    ]


def test_a_larger_catalogue_raises_the_papers_an_author_page_takes() -> None:
    # 5 authors of 2 papers, 3 of 3, 1 of 7: within 9 pages, all; within 4, those of 3 or more.
    counts = [1] * 50 + [2] * 5 + [3] * 3 + [7]
    two, three, seven = pages_bytes(2), pages_bytes(3), pages_bytes(7)
    assert two < three < seven and pages_bytes(PAPERS_PER_PAGE + 1) > 2 * AUTHOR_PAGE_BYTES
    everyone = 5 * two + 3 * three + seven
    assert min_papers(counts, budget=everyone) == MIN_PAPERS
    assert min_papers(counts, budget=everyone - 1) == 3
    assert min_papers(counts, budget=3 * three + seven - 1) == 4  # 4 to 7: the author of 7
    assert min_papers(counts, budget=seven - 1) == 8
    assert min_papers([], budget=0) == MIN_PAPERS


def test_the_authors_index_groups_authors_by_folder_in_slug_order() -> None:
    papers = [
        _paper("p1", "Alan Turing", "Ada Lovelace", "Émilie du Châtelet"),
        _paper("p2", "alan turing", "Ada Lovelace", "Emilie du Chatelet", "Zed One"),
    ]
    shards = author_shards(build_authors(papers))
    assert [(shard.shard, shard.letter, shard.url) for shard in shards] == [
        ("ad", "A", "authors/ad/"),
        ("al", "A", "authors/al/"),
        ("em", "E", "authors/em/"),
    ]
    assert [author.slug for author in shards[0].authors] == ["ada-lovelace"]
    assert all(author.shard_url == shard.url for shard in shards for author in shard.authors)


def test_no_author_folder_nears_the_folder_budget_at_100000_papers() -> None:
    """The authors of 100,000 synthetic papers, drawn as the development corpus's are: the
    pages the build would make, by folder, against the site check's 50,000-entry budget."""
    model = AuthorModel(random.Random("0-authors"))
    papers_of = Counter(author_key(name) for _ in range(100_000) for name in set(model.authors()))
    least = min_papers(papers_of.values())
    pages = [key for key, count in papers_of.items() if count >= least]
    assert least > MIN_PAPERS
    assert sum(pages_bytes(papers_of[key]) for key in pages) <= AUTHOR_PAGES_BYTES
    folders = Counter(urls.shard(make_slug(key)) for key in pages)
    # authors/ holds a folder per shard and its index; each shard, its authors and index pages.
    assert len(folders) + 1 <= FOLDER_BUDGET
    largest = max(folders.values())
    assert largest + 1 + largest // AUTHORS_PER_INDEX_PAGE <= FOLDER_BUDGET // 10
