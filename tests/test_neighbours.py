"""Previous and next paper within the primary topic."""

from __future__ import annotations

from generator.model import Paper, Source, Topic
from generator.neighbours import Neighbours, topic_neighbours

AUDIO = Topic("audio", "Audio", "")
VISION = Topic("vision", "Vision", "")


def _paper(slug: str, *topics: Topic) -> Paper:
    return Paper(slug, slug, "", None, (Source("a.txt", 1),), topics)


def test_neighbours_follow_slug_order_within_the_primary_topic() -> None:
    a, b, c = _paper("a", AUDIO), _paper("b", AUDIO, VISION), _paper("c", AUDIO)
    v1, v2 = _paper("v1", VISION, AUDIO), _paper("v2", VISION)
    unfiled = _paper("u")
    neighbours = topic_neighbours([c, v2, unfiled, a, v1, b])
    assert neighbours["a"] == Neighbours(None, b)
    assert neighbours["b"] == Neighbours(a, c)
    assert neighbours["c"] == Neighbours(b, None)
    # v1 is filed under audio too, but in second place: it walks with vision only.
    assert neighbours["v1"] == Neighbours(None, v2)
    assert neighbours["v2"] == Neighbours(v1, None)
    assert "u" not in neighbours


def test_no_topics_no_neighbours() -> None:
    assert topic_neighbours([_paper("a"), _paper("b")]) == {}


def test_a_topic_of_one_paper_has_neither_link() -> None:
    assert topic_neighbours([_paper("solo", AUDIO)]) == {"solo": Neighbours()}
