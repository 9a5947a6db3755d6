"""The default taxonomy against a librarian's labels of the bundled corpus.

The labels (`fixtures/topic_labels.yml`) were made by reading each paper, apart from the rules,
against the earlier taxonomy of 20 topics. Targets: the librarian's primary topic is among a
paper's topics for at least 90% of papers, and at least 85% of all the topics assigned are ones
the librarian accepts.

The taxonomy has since split some topics; `SPLIT` maps each such old slug to the topics its
description covered, and a label counts as any of them. Two thirds of these labels (by a hash
of the slug, as for the real corpus's labels) are among the examples that train the classifier
(`topic-examples.jsonl`), so these figures are partly in-sample; `held_out_scores` gives the
figures on the other third.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import pytest
import yaml

from generator.corpus import read_corpus
from generator.model import Paper, build_catalogue
from generator.topics import assign_topics, load_taxonomy
from tests.conftest import CORPUS, FIXTURES, REPO

PRIMARY_RECALL_TARGET = 0.90
PRECISION_TARGET = 0.85

SPLIT = {
    # "LLMs and their training, ..., chain-of-thought and reasoning, LLM agents and tool use"
    "large-language-models": {"large-language-models", "reasoning", "agents"},
    # "RL algorithms, ..., RL for LLMs" (RLHF and DPO were its acronyms)
    "reinforcement-learning": {"reinforcement-learning", "alignment", "reasoning"},
    # "... hallucination, safety alignment, unlearning"
    "robustness-and-safety": {"robustness-and-safety", "alignment"},
    # "... pose estimation, point clouds, 3D reconstruction"
    "computer-vision": {"computer-vision", "3d-vision"},
    # "Medicine, drug discovery, ..., education, recommendation"
    "science-and-applications": {
        "science-and-applications",
        "medicine-and-health",
        "retrieval-and-rag",
    },
    # "... scaling laws, data selection and mixing, theory of training"
    "optimization-and-training-dynamics": {"optimization-and-training-dynamics", "training-data"},
}
"""Old slugs that the taxonomy split, and the topics that now hold what they described."""


def _as_now(slug: str) -> set[str]:
    return SPLIT.get(slug, {slug})


@pytest.fixture(scope="module")
def scores() -> tuple[float, float, int]:
    labels = yaml.safe_load((FIXTURES / "topic_labels.yml").read_text(encoding="utf-8"))["papers"]
    taxonomy = load_taxonomy(REPO / "topics.yml", "topics.yml")
    catalogue = assign_topics(build_catalogue(read_corpus([CORPUS], REPO)), taxonomy)
    return _scores(catalogue.papers, labels)


def _scores(papers: Iterable[Paper], labels: dict[str, Any]) -> tuple[float, float, int]:
    labelled = [paper for paper in papers if paper.slug in labels]
    found = sum(
        bool(_as_now(labels[paper.slug]["primary"]) & {topic.slug for topic in paper.topics})
        for paper in labelled
    )
    assigned = [(paper.slug, topic.slug) for paper in labelled for topic in paper.topics]
    accepted = sum(
        any(topic in _as_now(old) for old in labels[slug]["accepted"]) for slug, topic in assigned
    )
    return found / len(labelled), accepted / max(len(assigned), 1), len(labelled)


def held_out_scores() -> tuple[float, float, int]:
    """Primary hit, precision and count on the labels that never train the classifier."""
    labels = yaml.safe_load((FIXTURES / "topic_labels.yml").read_text(encoding="utf-8"))["papers"]
    taxonomy = load_taxonomy(REPO / "topics.yml", "topics.yml")
    catalogue = assign_topics(build_catalogue(read_corpus([CORPUS], REPO)), taxonomy)
    held_out = {slug: entry for slug, entry in labels.items() if is_held_out(slug)}
    return _scores(catalogue.papers, held_out)


def test_the_sample_is_large_enough(scores: tuple[float, float, int]) -> None:
    assert scores[2] >= 40


def test_primary_recall(scores: tuple[float, float, int]) -> None:
    assert scores[0] >= PRIMARY_RECALL_TARGET


def test_precision(scores: tuple[float, float, int]) -> None:
    assert scores[1] >= PRECISION_TARGET


def test_labels_use_only_the_taxonomy() -> None:
    labels = yaml.safe_load((FIXTURES / "topic_labels.yml").read_text(encoding="utf-8"))["papers"]
    slugs = {topic.slug for topic in load_taxonomy(REPO / "topics.yml", "topics.yml").topics}
    for entry in labels.values():
        assert entry["primary"] == entry["accepted"][0]
        assert set(entry["accepted"]) <= slugs


def is_held_out(slug: str) -> bool:
    """Whether a labelled paper is kept out of the classifier's examples: a third, by hash."""
    return int(hashlib.sha256(slug.encode()).hexdigest(), 16) % 3 == 0


if __name__ == "__main__":
    hit, precision, count = held_out_scores()
    print(f"seed labels held out: {count} papers, primary hit {hit:.3f}, precision {precision:.3f}")
