"""The search's small index against a full-text index of the same papers: the top ten agree."""

from __future__ import annotations

import pytest
from lunr.index import Index

from bench.quality import TOP, agreement, full_text_index, queries, synthetic_catalogue
from generator.model import Catalogue
from generator.search import build_search, load_index

pytestmark = pytest.mark.slow

PAPERS = 2000
MIN_OVERLAP = 0.9


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return synthetic_catalogue(PAPERS)


@pytest.fixture(scope="module")
def full(catalogue: Catalogue) -> Index:
    return full_text_index(catalogue)


def test_queries_come_from_titles_and_abstracts_of_the_papers(catalogue: Catalogue) -> None:
    asked = queries(catalogue)
    assert len(asked) >= 190
    assert len(set(asked)) >= 0.9 * len(asked)
    in_titles = {word for paper in catalogue.papers for word in paper.title.lower().split()}
    text = " ".join(f"{paper.title} {paper.abstract}".lower() for paper in catalogue.papers)
    words = [word for query in asked for word in query.split()]
    assert all(word in text for word in words)
    assert sum(word in in_titles for word in words) >= len(words) / 4
    assert sum(word not in in_titles for word in words) >= len(words) / 10
    assert sum(" " in query for query in asked) >= len(asked) / 3


def test_top_ten_results_agree_with_a_full_text_index(catalogue: Catalogue, full: Index) -> None:
    small = load_index(build_search(catalogue).index_json)
    result = agreement(small, full, queries(catalogue))
    assert result.queries >= 150
    assert result.overlap >= MIN_OVERLAP, (
        f"top-{TOP} overlap {result.overlap:.1%}; worst queries: {result.worst}"
    )


def test_the_check_can_fail_when_abstracts_are_barely_indexed(
    catalogue: Catalogue, full: Index
) -> None:
    # Two terms per abstract and no best papers per term: far from the full-text index.
    small = load_index(build_search(catalogue, abstract_terms=2, best_papers=0).index_json)
    result = agreement(small, full, queries(catalogue))
    assert result.overlap < MIN_OVERLAP
