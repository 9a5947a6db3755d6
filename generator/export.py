"""The catalogue's data export, `papers.json`: one object per paper, in catalogue order."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from generator.links import find_links
from generator.model import Catalogue, Paper

PAPERS_JSON = "papers.json"


def paper_record(paper: Paper, related: Sequence[Paper] = ()) -> dict[str, object]:
    """The JSON object of one paper; the README documents every field."""
    links = find_links(paper.abstract)
    return {
        "slug": paper.slug,
        "url": paper.url,
        "title": paper.title,
        "short_name": paper.short_name,
        "abstract": paper.abstract,
        "sources": [str(source) for source in paper.sources],
        "related": [other.slug for other in related],
        "links": [{"url": link.url, "kind": link.kind} for link in links],
        "has_code": any(link.kind == "code" for link in links),
    }


def papers_json(catalogue: Catalogue, related: Mapping[str, Sequence[Paper]] | None = None) -> str:
    """Serialise every paper, compactly and with a fixed key order, so builds are byte-identical."""
    related = related or {}
    records = [paper_record(paper, related.get(paper.slug, ())) for paper in catalogue.papers]
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n"
