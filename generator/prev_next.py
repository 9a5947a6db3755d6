"""Previous and next papers within a paper's primary topic, for reading a topic paper by paper."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import Paper


@dataclass(frozen=True, slots=True)
class PrevNext:
    """The papers before and after one paper in its primary topic."""

    previous: Paper | None = None
    next: Paper | None = None


def topic_prev_next(papers: Iterable[Paper]) -> dict[str, PrevNext]:
    """Each filed paper's previous and next paper within its primary topic, by slug.

    A topic's sequence holds the papers whose primary topic it is, in catalogue order (by
    slug); papers filed under it in second place belong to their own primary topic's sequence,
    so walking with next never jumps to another topic. The first paper has no previous one and
    the last no next one; a paper not yet filed under any topic has neither.
    """
    sequences: dict[str, list[Paper]] = {}
    for paper in sorted(papers, key=lambda paper: paper.slug):
        if paper.primary_topic is not None:
            sequences.setdefault(paper.primary_topic.slug, []).append(paper)
    prev_next: dict[str, PrevNext] = {}
    for sequence in sequences.values():
        for index, paper in enumerate(sequence):
            prev_next[paper.slug] = PrevNext(
                previous=sequence[index - 1] if index > 0 else None,
                next=sequence[index + 1] if index + 1 < len(sequence) else None,
            )
    return prev_next
