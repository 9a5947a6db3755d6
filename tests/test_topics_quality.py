"""The default taxonomy against a librarian's labels of the bundled corpus.

The labels (`fixtures/topic_labels.yml`) were made by reading each paper, apart from the rules.
Targets: the librarian's primary topic is among a paper's topics for at least 90% of papers,
and at least 85% of all the topics assigned are ones the librarian accepts.
"""

from __future__ import annotations

import pytest
import yaml

from generator.corpus import read_corpus
from generator.model import build_catalogue
from generator.topics import assign_topics, load_taxonomy
from tests.conftest import CORPUS, FIXTURES, REPO

PRIMARY_RECALL_TARGET = 0.90
PRECISION_TARGET = 0.85


@pytest.fixture(scope="module")
def scores() -> tuple[float, float, int]:
    labels = yaml.safe_load((FIXTURES / "topic_labels.yml").read_text(encoding="utf-8"))["papers"]
    taxonomy = load_taxonomy(REPO / "topics.yml", "topics.yml")
    catalogue = assign_topics(build_catalogue(read_corpus([CORPUS], REPO)), taxonomy)
    labelled = [paper for paper in catalogue.papers if paper.slug in labels]
    found = sum(
        labels[paper.slug]["primary"] in [topic.slug for topic in paper.topics]
        for paper in labelled
    )
    assigned = [(paper.slug, topic.slug) for paper in labelled for topic in paper.topics]
    accepted = sum(topic in labels[slug]["accepted"] for slug, topic in assigned)
    return found / len(labelled), accepted / len(assigned), len(labelled)


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
