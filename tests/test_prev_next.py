"""Previous and next paper within the primary topic."""

from __future__ import annotations

from generator.model import Paper, Source, Topic
from generator.prev_next import PrevNext, topic_prev_next

AUDIO = Topic("audio", "Audio", "")
VISION = Topic("vision", "Vision", "")


def _paper(slug: str, *topics: Topic) -> Paper:
    return Paper(slug, slug, "", None, (Source("a.txt", 1),), topics)


def test_prev_next_follow_slug_order_within_the_primary_topic() -> None:
    a, b, c = _paper("a", AUDIO), _paper("b", AUDIO, VISION), _paper("c", AUDIO)
    v1, v2 = _paper("v1", VISION, AUDIO), _paper("v2", VISION)
    unfiled = _paper("u")
    prev_next = topic_prev_next([c, v2, unfiled, a, v1, b])
    assert prev_next["a"] == PrevNext(None, b)
    assert prev_next["b"] == PrevNext(a, c)
    assert prev_next["c"] == PrevNext(b, None)
    # v1 is filed under audio too, but in second place: it walks with vision only.
    assert prev_next["v1"] == PrevNext(None, v2)
    assert prev_next["v2"] == PrevNext(v1, None)
    assert "u" not in prev_next


def test_no_topics_no_prev_next() -> None:
    assert topic_prev_next([_paper("a"), _paper("b")]) == {}


def test_a_topic_of_one_paper_has_neither_link() -> None:
    assert topic_prev_next([_paper("solo", AUDIO)]) == {"solo": PrevNext()}
