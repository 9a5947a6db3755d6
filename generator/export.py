"""The catalogue's data export, `papers.json`: one object per paper, in catalogue order."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from generator import urls
from generator.model import Catalogue, Paper

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from generator.pages import TopicListing

PAPERS_JSON = urls.PAPERS_JSON_URL
TOPICS_JSON = urls.TOPICS_JSON_URL


def paper_record(paper: Paper, related: Sequence[Paper] = ()) -> dict[str, object]:
    """The JSON object of one paper; the README documents every field."""
    return {
        "slug": paper.slug,
        "url": paper.url,
        "title": paper.title,
        "short_name": paper.short_name,
        "abstract": paper.abstract,
        "sources": [str(source) for source in paper.sources],
        "topics": [topic.slug for topic in paper.topics],
        "related": [other.slug for other in related],
        "links": [{"url": link.url, "kind": link.kind} for link in paper.links],
        "has_code": paper.has_code,
        "authors": list(paper.authors),
        "date": paper.date.isoformat() if paper.date else None,
        "arxiv_id": paper.arxiv_id,
    }


def write_papers_json(
    out: TextIO, catalogue: Catalogue, related: Mapping[str, Sequence[Paper]] | None = None
) -> None:
    """Every paper, compactly and with a fixed key order, so builds are byte-identical; written
    a paper at a time, so the build never holds the whole text twice."""
    related = related or {}
    out.write("[")
    for index, paper in enumerate(catalogue.papers):
        if index:
            out.write(",")
        record = paper_record(paper, related.get(paper.slug, ()))
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    out.write("]\n")


def topics_json(listings: Iterable[TopicListing]) -> str:
    """Every topic in the taxonomy's order, with its papers' slugs, primary ones first."""
    records = [
        {
            "slug": listing.topic.slug,
            "url": listing.topic.url,
            "name": listing.topic.name,
            "description": listing.topic.description,
            "count": listing.count,
            "papers": [paper.slug for paper in listing.papers],
        }
        for listing in listings
    ]
    return _dump(records)


def _dump(records: list[dict[str, object]]) -> str:
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n"
