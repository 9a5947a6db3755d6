"""Related papers: nearest by TF-IDF, ties broken by rule, the same whatever the input order."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np
import pytest
import yaml

from generator import related
from generator.model import Catalogue, Paper, Source, Topic
from generator.related import keep_heaviest, paper_vectors, related_papers
from tests.conftest import FIXTURES, SiteBuild, catalogue_of

_TOPICS = {slug: Topic(slug, slug.title(), "") for slug in ("audio", "robots", "vision", "text")}


def _paper(slug: str, title: str, abstract: str = "", topics: Sequence[str] = ()) -> Paper:
    return Paper(
        slug, title, abstract, None, (Source("a.txt", 1),), tuple(_TOPICS[t] for t in topics)
    )


def topic_share(catalogue: Catalogue, related: Mapping[str, Sequence[str]]) -> float:
    """The share of (paper, related paper) pairs that have at least one topic in common.

    Pairs where either paper has no topic count as not sharing one. With no pairs at all the
    share is 0, so that an empty result never passes a quality bar.
    """
    topics = {paper.slug: {topic.slug for topic in paper.topics} for paper in catalogue.papers}
    pairs = [(slug, other) for slug, others in related.items() for other in others]
    if not pairs:
        return 0.0
    return sum(bool(topics[a] & topics[b]) for a, b in pairs) / len(pairs)


def _catalogue(papers: Iterable[Paper]) -> Catalogue:
    return Catalogue(tuple(sorted(papers, key=lambda p: p.slug)), (), (), ())


CORPUS = [
    _paper(
        "speech-a", "Speech recognition with transformers", "We transcribe speech audio.", ["audio"]
    ),
    _paper(
        "speech-b",
        "Robust speech recognition in noise",
        "Noisy speech audio is transcribed.",
        ["audio"],
    ),
    _paper(
        "speech-c", "Speech synthesis for many voices", "We synthesise speech audio.", ["audio"]
    ),
    _paper(
        "robot-a", "Robot grasping from vision", "A robot arm grasps objects.", ["robots", "vision"]
    ),
    _paper(
        "robot-b", "Robot locomotion by reinforcement", "A legged robot learns to walk.", ["robots"]
    ),
    _paper("robot-c", "Dexterous robot hands", "Robot hands manipulate objects.", ["robots"]),
    _paper(
        "image-a", "Image segmentation networks", "Segment image pixels into objects.", ["vision"]
    ),
]


class TestTopicShare:
    def test_counts_pairs_with_a_common_topic(self) -> None:
        catalogue = _catalogue(CORPUS)
        related = {"robot-a": ["robot-b", "image-a", "speech-a"], "speech-b": ["speech-a"]}
        assert topic_share(catalogue, related) == 3 / 4

    def test_papers_without_topics_never_share(self) -> None:
        papers = [_paper("x", "X"), _paper("y", "Y", topics=["audio"])]
        assert topic_share(_catalogue(papers), {"x": ["y"], "y": ["x"]}) == 0.0

    def test_no_pairs_is_zero(self) -> None:
        assert topic_share(_catalogue(CORPUS), {}) == 0.0


def test_nearest_papers_share_subject_words() -> None:
    related = related_papers(CORPUS)
    assert set(related) == {paper.slug for paper in CORPUS}
    assert related["speech-a"][:2] == ("speech-b", "speech-c") or related["speech-a"][:2] == (
        "speech-c",
        "speech-b",
    )
    assert set(related["robot-b"][:2]) == {"robot-a", "robot-c"}
    assert topic_share(_catalogue(CORPUS), {s: r[:1] for s, r in related.items()}) == 1.0


def test_at_most_five_never_itself_and_none_without_a_shared_word() -> None:
    papers = [
        *CORPUS,
        _paper("lonely", "Quantum chromodynamics lattice", "Gluons bind quarks."),
        _paper("stopwords", "The And Of", ""),
    ]
    related = related_papers(papers)
    assert related["lonely"] == ()
    assert related["stopwords"] == ()
    for slug, others in related.items():
        assert slug not in others
        assert len(others) <= 5
        assert len(set(others)) == len(others)


def test_words_shared_by_two_titles_weigh_more_than_as_many_in_two_abstracts() -> None:
    # An abstract of a real paper's length (two hundred words, a hundred distinct): each of its
    # words is a small part of it, where each word of a title is a large part.
    abstract = " ".join(f"word{n % 100} filler{n}" for n in range(100))
    papers = [
        _paper("query", "Graph neural networks", abstract),
        _paper("title-match", "Graph networks", "Distributed training on clusters."),
        _paper("abstract-match", "Distributed training", "Word1 filler1, word2 filler2, clusters."),
        _paper("filler", "Unrelated protein folding", "Proteins fold into shapes."),
    ]
    assert related_papers(papers)["query"][0] == "title-match"


def test_only_papers_sharing_a_topic_and_ties_to_more_shared_topics_then_smaller_slug() -> None:
    # Three copies of the same text: equal scores from "query" to each.
    text = ("Tensor decomposition methods", "Low rank tensor factorisation.")
    papers = [
        _paper("query", *text, topics=["vision", "text"]),
        _paper("a-no-topic", *text),
        _paper("b-one-topic", *text, topics=["vision"]),
        _paper("c-two-topics", *text, topics=["text", "vision"]),
        _paper("d-no-topic", *text),
    ]
    related = related_papers(papers)
    # A paper filed under topics is related only to papers sharing one; an unsorted paper to any.
    assert related["query"] == ("c-two-topics", "b-one-topic")
    assert related["a-no-topic"] == ("b-one-topic", "c-two-topics", "d-no-topic", "query")
    # Without topics, slug order alone decides, and it cuts at five.
    many = [_paper(f"copy-{n:02d}", *text) for n in range(12)]
    assert related_papers(many)["copy-05"] == (
        "copy-00",
        "copy-01",
        "copy-02",
        "copy-03",
        "copy-04",
    )


def _varied_corpus(count: int) -> list[Paper]:
    rng = random.Random(7)
    words = [f"term{n}" for n in range(60)]
    return [
        _paper(
            f"paper-{n:03d}",
            " ".join(rng.sample(words, 4)),
            " ".join(rng.choices(words, k=30)),
            rng.sample(list(_TOPICS), 1),
        )
        for n in range(count)
    ]


def test_two_runs_and_any_input_order_give_the_same_result() -> None:
    papers = _varied_corpus(120)
    first = related_papers(papers)
    assert related_papers(papers) == first
    shuffled = list(papers)
    random.Random(1).shuffle(shuffled)
    assert related_papers(shuffled) == first
    assert list(related_papers(list(reversed(papers))).items()) == list(first.items())


def test_blocks_do_not_change_the_result() -> None:
    papers = _varied_corpus(50)
    assert related_papers(papers, block_rows=7) == related_papers(papers, block_rows=1000)


def test_forked_workers_give_the_same_result_as_one_process() -> None:
    # Enough papers for latent subjects, which a child computes; rows split mid-way by blocks.
    papers = _varied_corpus(1100)
    alone = related_papers(papers, block_rows=130, workers=1)
    assert related_papers(papers, block_rows=130, workers=3) == alone
    assert sum(map(len, alone.values())) > len(papers) // 2  # lists to compare, not empty ones


def test_vectors_are_sparse_unit_rows_and_pruning_keeps_shared_heavy_terms() -> None:
    papers = _varied_corpus(30)
    vectors = paper_vectors(papers)
    lengths = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
    assert np.allclose(lengths, 1.0)
    kept = keep_heaviest(vectors, 5)
    assert np.diff(kept.indptr).max() <= 5
    shared = np.bincount(vectors.indices, minlength=vectors.shape[1]) > 1
    assert shared[kept.indices].all(), "a term of one paper only is never kept"
    row = vectors.getrow(0).toarray().ravel() * shared
    assert set(kept.getrow(0).indices) == set(np.argsort(-row, kind="stable")[:5])


def test_heaviest_terms_picked_a_block_of_rows_at_a_time_are_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vectors = paper_vectors(_varied_corpus(40))
    whole = keep_heaviest(vectors, 5)
    monkeypatch.setattr(related, "KEEP_BLOCK_ROWS", 7)
    blocks = keep_heaviest(vectors, 5)
    assert (blocks != whole).nnz == 0
    assert np.array_equal(blocks.indptr, whole.indptr)
    assert np.array_equal(blocks.indices, whole.indices)


def test_empty_and_single_catalogues() -> None:
    assert related_papers([]) == {}
    assert related_papers([_paper("only", "A single paper")]) == {"only": ()}


@pytest.mark.parametrize("count", [1, 3])
def test_count_is_honoured(count: int) -> None:
    assert all(len(r) <= count for r in related_papers(CORPUS, count=count).values())


@pytest.mark.slow
def test_most_related_pairs_of_the_seed_corpus_share_a_topic(seed_site: SiteBuild) -> None:
    catalogue = catalogue_of(seed_site)
    assert catalogue.topics, "the seed build files papers under topics"
    related = related_papers(catalogue.papers)
    assert sum(len(others) for others in related.values()) >= 4 * len(catalogue.papers)
    assert topic_share(catalogue, related) >= 0.80
    # The same bar by a librarian's labels, which the scores never saw: papers filed under the
    # topics they accepted for each paper.
    labels = yaml.safe_load((FIXTURES / "topic_labels.yml").read_text(encoding="utf-8"))
    accepted = {slug: entry["accepted"] for slug, entry in labels["papers"].items()}
    by_label = tuple(
        replace(paper, topics=tuple(Topic(slug, slug, "") for slug in accepted[paper.slug]))
        for paper in catalogue.papers
    )
    assert topic_share(_catalogue(by_label), related) >= 0.80


# --- real, recent papers -------------------------------------------------------------------------

HELD_OUT_PRECISION_TARGET = 0.80
"""The share of shown related papers that a reader agrees with, on the judged pairs of the 20
papers held out while the method and its settings were chosen (0.82 when this was written)."""
TRAIN_PRECISION_FLOOR = 0.78
"""The same on the 24 papers the settings were chosen on (0.800, 68 of 85 pairs, when this was
written)."""
ALL_PAIRS_PRECISION_TARGET = 0.80
"""The share of all judged pairs shown, both splits together, that a reader agrees with (0.831,
133 of 160, when this was written)."""
SHOWN_PER_PAPER_FLOOR = 3.25
"""Related papers shown per paper of the real corpus, on average (3.48 when this was written):
a floor that leaves out weak candidates must not leave out nearly everything."""
LABELLED_COVERAGE = 0.95
"""At least this share of the judged papers' shown pairs must have been judged, so that the
precision is measured on the method's own lists and not on a few pairs."""


def related_precision() -> dict[str, tuple[float, int, int, int]]:
    """Per split of the judged papers: the precision of their shown related papers, the pairs
    judged among them, all shown pairs, and the papers."""
    from tests.test_topics_real import real_catalogue

    pairs = yaml.safe_load((FIXTURES / "related_pairs.yml").read_text(encoding="utf-8"))["pairs"]
    judged = {(pair["paper"], pair["candidate"]): pair["related"] for pair in pairs}
    splits = {pair["paper"]: pair["split"] for pair in pairs}
    related = related_papers(real_catalogue().papers)
    figures = {"shown per paper": (sum(map(len, related.values())) / len(related), 0, 0, 0)}
    for name in sorted(set(splits.values())):
        queries = sorted(paper for paper, split in splits.items() if split == name)
        verdicts = [judged.get((query, other)) for query in queries for other in related[query]]
        known = [verdict for verdict in verdicts if verdict is not None]
        precision = sum(known) / max(len(known), 1)
        figures[name] = (precision, len(known), len(verdicts), len(queries))
    return figures


def test_readers_agree_with_the_related_papers_of_real_papers() -> None:
    figures = related_precision()
    assert figures["shown per paper"][0] >= SHOWN_PER_PAPER_FLOOR
    for name, floor in (("held-out", HELD_OUT_PRECISION_TARGET), ("train", TRAIN_PRECISION_FLOOR)):
        precision, judged, shown, papers = figures[name]
        assert papers >= 20
        assert judged >= LABELLED_COVERAGE * shown
        assert precision >= floor, name
    agreed = sum(round(figures[name][0] * figures[name][1]) for name in ("held-out", "train"))
    judged_in_all = figures["held-out"][1] + figures["train"][1]
    assert agreed / judged_in_all >= ALL_PAIRS_PRECISION_TARGET


def test_the_judged_pairs_are_split_by_paper_and_enough() -> None:
    pairs = yaml.safe_load((FIXTURES / "related_pairs.yml").read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) >= 100
    splits = {(pair["paper"], pair["split"]) for pair in pairs}
    assert len(splits) == len({paper for paper, _ in splits}), "a paper is in one split only"
    assert {split for _, split in splits} == {"train", "held-out"}
    assert len({(pair["paper"], pair["candidate"]) for pair in pairs}) == len(pairs)


if __name__ == "__main__":
    for name, (precision, judged, shown, papers) in related_precision().items():
        if papers:
            print(f"{name}: {papers} papers, precision {precision:.3f}, {judged} of {shown} judged")
        else:
            print(f"{name}: {precision:.2f}")
