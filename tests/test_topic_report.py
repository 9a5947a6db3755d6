"""The maintainer's report on the taxonomy: counts per topic, unsorted papers, suggested topics."""

from __future__ import annotations

from collections.abc import Sequence

from generator.cli import main
from generator.model import Catalogue, Paper, Source, Topic
from generator.topic_report import clusters, render, topic_report

_TOPICS = {slug: Topic(slug, slug.title(), "") for slug in ("vision", "speech", "robots")}


def _paper(slug: str, title: str, abstract: str, topics: Sequence[str] = ()) -> Paper:
    return Paper(
        slug, title, abstract, None, (Source("a.txt", 1),), tuple(_TOPICS[t] for t in topics)
    )


def _catalogue(papers: Sequence[Paper]) -> Catalogue:
    return Catalogue(tuple(papers), (), (), (), tuple(_TOPICS.values()))


_GARDENS = [
    _paper(
        f"garden-{i}",
        f"Pruning roses in garden {i}",
        "Roses and tulips need pruning, watering and compost in the garden.",
    )
    for i in range(6)
]
_KITCHENS = [
    _paper(
        f"kitchen-{i}",
        f"Baking bread in kitchen {i}",
        "Bread dough needs flour, yeast and an oven to bake in the kitchen.",
        ["vision"],
    )
    for i in range(6)
]
_FILED = [
    _paper("speech-a", "Speech recognition", "Transcribing speech.", ["speech", "vision"]),
    _paper("robots-a", "Robot grasping", "Grasping objects.", ["robots"]),
]


def test_counts_give_primary_and_any_topic_largest_first() -> None:
    report = topic_report(_catalogue([*_KITCHENS, *_FILED]))
    counts = {count.slug: (count.primary, count.any) for count in report.counts}
    assert counts == {"vision": (6, 7), "speech": (1, 1), "robots": (1, 1)}
    assert report.counts[0].slug == "vision"
    assert report.largest is not None and report.largest.slug == "vision"


def test_unsorted_papers_are_listed() -> None:
    report = topic_report(_catalogue([*_GARDENS, *_FILED]))
    assert [paper.slug for paper in report.unsorted] == [f"garden-{i}" for i in range(6)]


def test_unsorted_and_catch_all_papers_are_grouped_with_their_terms_and_examples() -> None:
    found = clusters([*_GARDENS, *_KITCHENS])
    assert len(found) == 2
    by_size = sorted(found, key=lambda cluster: cluster.filed_under)
    kitchen, garden = by_size[1], by_size[0]
    assert garden.filed_under == "unsorted" and kitchen.filed_under == "vision"
    assert garden.size == kitchen.size == 6
    assert "garden" in garden.terms and "kitchen" in kitchen.terms
    assert len(garden.examples) == 3 and all("garden" in title for title in garden.examples)


def test_too_few_papers_give_no_clusters() -> None:
    assert clusters(_GARDENS[:2]) == ()


def test_the_report_is_the_same_whatever_the_paper_order() -> None:
    papers = [*_GARDENS, *_KITCHENS, *_FILED]
    first = render(topic_report(_catalogue(papers)))
    assert render(topic_report(_catalogue(list(reversed(papers))))) == first


def test_the_rendered_report_names_the_share_the_unsorted_and_the_suggestions() -> None:
    text = render(topic_report(_catalogue([*_GARDENS, *_KITCHENS, *_FILED])))
    assert "14 papers in 3 topics" in text
    assert "largest topic: vision, primary for 42.9% of papers" in text
    assert "unsorted: 6 papers (42.9%)" in text
    assert "  a.txt:1: Pruning roses in garden 0" in text
    assert "suggested new topics" in text
    assert "6 papers, now mostly unsorted: " in text


def test_the_topics_command_prints_the_report_for_the_bundled_corpus(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["topics"]) == 0
    out = capsys.readouterr().out
    assert "papers per topic (primary / any):" in out
    assert "largest topic: " in out
    assert "suggested new topics" in out
