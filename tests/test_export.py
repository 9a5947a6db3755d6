"""`papers.json` and its parts, the catalogue's data export."""

from __future__ import annotations

import dataclasses
import datetime
import gzip
import json
import tempfile
from pathlib import Path

from generator.export import (
    paper_record,
    read_papers,
    topics_json,
    topics_json_gz,
    write_papers_json,
)
from generator.links import paper_links
from generator.model import Catalogue, DumpFile, Paper, Source, Topic
from generator.pages import topic_listings

ROBOTS = Topic("robotics", "Robotics", "Robots.")
SPEECH = Topic("speech-and-audio", "Speech & Audio", "Speech.")


def with_links(paper: Paper) -> Paper:
    """The paper with its links found, as the pipeline's links step finds them."""
    return dataclasses.replace(paper, links=paper_links(paper))


HOSTILE = Paper(
    slug="script-title",
    title='<script>alert("x")</script> Title',
    abstract='Ends with a quote " and a backslash \\ and é.',
    short_name=None,
    sources=(Source("corpus/a.txt", 3, "Mar 18"), Source("corpus/b.txt", 9)),
)
NAMED = with_links(
    Paper(
        slug="bipo-bidirectional",
        title="BiPO: Bidirectional",
        abstract="An abstract. Code: https://github.com/a/b. Video: https://youtu.be/x.",
        short_name="BiPO",
        sources=(Source("corpus/a.txt", 7),),
        topics=(SPEECH, ROBOTS),
    )
)


def papers_json(catalogue: Catalogue, related: dict[str, list[Paper]] | None = None) -> str:
    """The one part of a small catalogue's export, as the build writes it, a paper at a time."""
    with tempfile.TemporaryDirectory() as folder:
        (part,) = write_papers_json(Path(folder), catalogue, related)
        return gzip.decompress((Path(folder) / part).read_bytes()).decode("utf-8")


def _catalogue(*papers: Paper) -> Catalogue:
    return Catalogue(papers, (DumpFile("corpus/a.txt", 2), DumpFile("corpus/b.txt", 1)), (), ())


def test_each_paper_has_the_documented_fields() -> None:
    assert paper_record(NAMED) == {
        "slug": "bipo-bidirectional",
        "url": "papers/bi/bipo-bidirectional/",
        "title": "BiPO: Bidirectional",
        "short_name": "BiPO",
        "abstract": "An abstract. Code: https://github.com/a/b. Video: https://youtu.be/x.",
        "sources": ["corpus/a.txt:7"],
        "topics": ["speech-and-audio", "robotics"],
        "related": [],
        "links": [
            {"url": "https://github.com/a/b", "kind": "code"},
            {"url": "https://youtu.be/x", "kind": "video"},
        ],
        "has_code": True,
        "authors": [],
        "date": None,
        "arxiv_id": None,
    }


def test_related_papers_are_listed_by_slug_in_their_order() -> None:
    exported = json.loads(papers_json(_catalogue(NAMED, HOSTILE), {NAMED.slug: [HOSTILE]}))
    assert [entry["related"] for entry in exported] == [["script-title"], []]
    assert [entry["has_code"] for entry in exported] == [True, False]


def test_round_trips_text_exactly_and_keeps_catalogue_order() -> None:
    exported = json.loads(papers_json(_catalogue(NAMED, HOSTILE)))
    assert [entry["slug"] for entry in exported] == ["bipo-bidirectional", "script-title"]
    assert exported[1]["title"] == HOSTILE.title
    assert exported[1]["abstract"] == HOSTILE.abstract
    assert exported[1]["short_name"] is None
    assert exported[1]["sources"] == ["corpus/a.txt:3", "corpus/b.txt:9"]


def test_output_is_compact_utf8_with_a_fixed_key_order() -> None:
    assert papers_json(_catalogue(HOSTILE), {HOSTILE.slug: [NAMED]}) == (
        '[{"slug":"script-title","url":"papers/sc/script-title/",'
        '"title":"<script>alert(\\"x\\")</script> Title","short_name":null,'
        '"abstract":"Ends with a quote \\" and a backslash \\\\ and é.",'
        '"sources":["corpus/a.txt:3","corpus/b.txt:9"],"topics":[],"related":["bipo-bidirectional"],'
        '"links":[],"has_code":false,"authors":[],"date":null,"arxiv_id":null}]\n'
    )
    assert "é" in papers_json(_catalogue(HOSTILE)), "non-ASCII text is written as UTF-8"


def test_topics_json_is_stored_gzipped_without_a_time_or_a_name() -> None:
    other = Paper("a-robot", "A Robot", "About robots.", None, (Source("c.txt", 1),), (ROBOTS,))
    catalogue = Catalogue((other, NAMED, HOSTILE), (), (), (), topics=(SPEECH, ROBOTS))
    listings = topic_listings(catalogue, catalogue.papers)
    data = topics_json_gz(listings)
    assert data[:3] == b"\x1f\x8b\x08" and data[3] == 0 and data[4:8] == b"\0\0\0\0"
    assert data[9] == 255  # no operating system in the header
    assert gzip.decompress(data).decode("utf-8") == topics_json(listings)
    assert topics_json_gz(listings) == data


def test_topics_json_lists_every_topic_with_its_papers_primary_first() -> None:
    other = Paper("a-robot", "A Robot", "About robots.", None, (Source("c.txt", 1),), (ROBOTS,))
    catalogue = Catalogue((other, NAMED, HOSTILE), (), (), (), topics=(SPEECH, ROBOTS))
    exported = json.loads(topics_json(topic_listings(catalogue, catalogue.papers)))
    assert exported == [
        {
            "slug": "speech-and-audio",
            "url": "topics/speech-and-audio/",
            "name": "Speech & Audio",
            "description": "Speech.",
            "count": 1,
            "papers": ["bipo-bidirectional"],
        },
        {
            "slug": "robotics",
            "url": "topics/robotics/",
            "name": "Robotics",
            "description": "Robots.",
            "count": 2,
            "papers": ["a-robot", "bipo-bidirectional"],
        },
    ]


def test_record_fields_are_exported() -> None:
    dated = with_links(
        dataclasses.replace(
            HOSTILE,
            authors=("Ada Lovelace",),
            date=datetime.date(2024, 3, 18),
            arxiv_id="2403.01234",
            code_url="https://github.com/example/x",
        )
    )
    (entry,) = json.loads(papers_json(_catalogue(dated)))
    assert (entry["authors"], entry["date"], entry["arxiv_id"]) == (
        ["Ada Lovelace"],
        "2024-03-18",
        "2403.01234",
    )
    assert entry["links"] == [{"url": "https://github.com/example/x", "kind": "code"}]
    assert entry["has_code"] is True


def test_papers_are_split_into_parts_that_the_index_lists(tmp_path: Path) -> None:
    papers = [dataclasses.replace(HOSTILE, slug=f"paper-{n}") for n in range(5)]
    text = json.dumps(paper_record(papers[0]), ensure_ascii=False, separators=(",", ":"))
    one = len(text.encode("utf-8"))
    # Two papers fit in a part of this size ("[", a record, ",", a record, "]\n"), three do not.
    parts = write_papers_json(tmp_path, _catalogue(*papers), part_bytes=2 * one + 4)
    assert parts == ["papers-001.json.gz", "papers-002.json.gz", "papers-003.json.gz"]
    index = json.loads((tmp_path / "papers.json").read_text(encoding="utf-8"))
    assert index == {
        "count": 5,
        "parts": [
            {"url": "papers-001.json.gz", "count": 2},
            {"url": "papers-002.json.gz", "count": 2},
            {"url": "papers-003.json.gz", "count": 1},
        ],
    }
    for part in parts:
        assert len(gzip.decompress((tmp_path / part).read_bytes())) <= 2 * one + 4
    assert [entry["slug"] for entry in read_papers(tmp_path)] == [p.slug for p in papers]


def test_parts_are_gzip_files_that_are_the_same_on_every_build(tmp_path: Path) -> None:
    papers = [dataclasses.replace(HOSTILE, slug=f"paper-{n}") for n in range(40)]
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        (part,) = write_papers_json(folder, _catalogue(*papers))
    packed = (first / part).read_bytes()
    assert packed == (second / part).read_bytes()
    assert packed[:2] == b"\x1f\x8b"  # gzip's magic number
    assert packed[4:8] == b"\0\0\0\0"  # no time in the header
    text = gzip.decompress(packed)
    assert len(packed) < len(text) / 2
    assert [entry["slug"] for entry in json.loads(text)] == [p.slug for p in papers]


def test_a_paper_larger_than_a_part_gets_a_part_of_its_own(tmp_path: Path) -> None:
    parts = write_papers_json(tmp_path, _catalogue(NAMED, HOSTILE), part_bytes=10)
    assert parts == ["papers-001.json.gz", "papers-002.json.gz"]
    assert [entry["slug"] for entry in read_papers(tmp_path)] == [NAMED.slug, HOSTILE.slug]


def test_an_empty_catalogue_has_an_index_and_no_parts(tmp_path: Path) -> None:
    assert write_papers_json(tmp_path, _catalogue()) == []
    assert (tmp_path / "papers.json").read_text(encoding="utf-8") == '{"count":0,"parts":[]}\n'
    assert read_papers(tmp_path) == []
