"""The catalogue's data export: one object per paper, in catalogue order, in numbered parts
(`papers-001.json.gz`, ...) that `papers.json` lists; and the topics with their papers,
`topics.json.gz`.

GitHub Pages refuses a file over 100 MB and a site over 1 GB, and the papers of a catalogue of
100,000 take some 200 MB as JSON: the papers are written in parts of at most `PART_BYTES` of
JSON each, a JSON array compressed with gzip (about a third of the size; the way datasets are
shipped), and `papers.json` lists the parts in order with the number of papers each holds, so
that a reader fetches only the index, then the parts it needs.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from generator import urls
from generator.compressed import COMPRESSION_LEVEL, gzip_bytes
from generator.model import Catalogue, Paper

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from generator.pages import TopicListing

PAPERS_JSON = urls.PAPERS_JSON_URL
TOPICS_JSON = urls.TOPICS_JSON_URL
PART_BYTES = 50 * 1024 * 1024
"""A part's most bytes of JSON, before compression: half of GitHub Pages' limit on a file, so
that a part stays well under it, compressed or not, whatever the length of the abstracts."""


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


def part_name(number: int) -> str:
    """The file name of the export's `number`th part, from 1."""
    return f"papers-{number:03d}.json.gz"


def write_papers_json(
    folder: Path,
    catalogue: Catalogue,
    related: Mapping[str, Sequence[Paper]] | None = None,
    *,
    part_bytes: int = PART_BYTES,
) -> list[str]:
    """Write every paper into parts of at most `part_bytes` (a paper larger than that alone in
    its part), then `papers.json`, the index of the parts; the parts' names, in order.

    Compact, with a fixed key order and fixed part boundaries, so builds are byte-identical;
    written a paper at a time, so the build never holds the whole text twice."""
    related = related or {}
    parts: list[dict[str, object]] = []
    out: TextIO | None = None
    size = count = 0
    try:
        for paper in catalogue.papers:
            record = paper_record(paper, related.get(paper.slug, ()))
            text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            length = len(text.encode("utf-8"))
            if out is not None and size + 1 + length + 2 > part_bytes:
                _close_part(out, parts, count)
                out = None
            if out is None:
                name = part_name(len(parts) + 1)
                out = _open_part(folder / name)
                parts.append({"url": name, "count": 0})
                out.write("[")
                size, count = 1, 0
            elif count:
                out.write(",")
                size += 1
            out.write(text)
            size += length
            count += 1
        if out is not None:
            _close_part(out, parts, count)
            out = None
    finally:
        if out is not None:
            out.close()
    index = {"count": len(catalogue.papers), "parts": parts}
    (folder / PAPERS_JSON).write_text(_dump(index), encoding="utf-8", newline="\n")
    return [str(part["url"]) for part in parts]


def _open_part(path: Path) -> TextIO:
    """A gzip file to write text into, with no time in its header (the name it records is the
    part's own): builds stay byte-identical."""
    packed = gzip.GzipFile(path, mode="wb", compresslevel=COMPRESSION_LEVEL, mtime=0)
    return io.TextIOWrapper(packed, encoding="utf-8", newline="\n")


def _close_part(out: TextIO, parts: list[dict[str, object]], count: int) -> None:
    out.write("]\n")
    out.close()
    parts[-1]["count"] = count


def read_papers(folder: Path) -> list[dict[str, object]]:
    """Every paper of the export in `folder` (a built site), in order, read through its index."""
    index = json.loads((folder / PAPERS_JSON).read_text(encoding="utf-8"))
    papers: list[dict[str, object]] = []
    for part in index["parts"]:
        papers.extend(json.loads(gzip.decompress((folder / part["url"]).read_bytes())))
    return papers


def topics_json_gz(listings: Iterable[TopicListing]) -> bytes:
    """`topics.json.gz`: `topics_json`, compressed as the parts are (its papers' slugs are most
    of it: some 11 MB of JSON at 100,000 papers, a tenth of that compressed), with no time or
    name in the gzip header, so builds stay byte-identical."""
    data = topics_json(listings).encode("utf-8")
    return gzip_bytes(data)


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


def _dump(records: object) -> str:
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n"
