"""The catalogue's data export, `papers.json`: one object per paper, in catalogue order."""

from __future__ import annotations

import json

from generator.model import Catalogue, Paper

PAPERS_JSON = "papers.json"


def paper_record(paper: Paper) -> dict[str, object]:
    """The JSON object of one paper; the README documents every field."""
    return {
        "slug": paper.slug,
        "url": paper.url,
        "title": paper.title,
        "short_name": paper.short_name,
        "abstract": paper.abstract,
        "sources": [str(source) for source in paper.sources],
    }


def papers_json(catalogue: Catalogue) -> str:
    """Serialise every paper, compactly and with a fixed key order, so builds are byte-identical."""
    records = [paper_record(paper) for paper in catalogue.papers]
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n"
