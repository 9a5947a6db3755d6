"""`papers.json`, the catalogue's data export."""

from __future__ import annotations

import json

from generator.export import paper_record, papers_json
from generator.model import Catalogue, Paper
from generator.reader import DumpFile, Source

HOSTILE = Paper(
    slug="script-title",
    title='<script>alert("x")</script> Title',
    abstract='Ends with a quote " and a backslash \\ and é.',
    short_name=None,
    sources=(Source("corpus/a.txt", 3, "Mar 18"), Source("corpus/b.txt", 9)),
)
NAMED = Paper(
    slug="bipo-bidirectional",
    title="BiPO: Bidirectional",
    abstract="An abstract. Code: https://github.com/a/b. Video: https://youtu.be/x.",
    short_name="BiPO",
    sources=(Source("corpus/a.txt", 7),),
)


def _catalogue(*papers: Paper) -> Catalogue:
    return Catalogue(papers, (DumpFile("corpus/a.txt", 2), DumpFile("corpus/b.txt", 1)), (), ())


def test_each_paper_has_the_documented_fields() -> None:
    assert paper_record(NAMED) == {
        "slug": "bipo-bidirectional",
        "url": "papers/bipo-bidirectional/",
        "title": "BiPO: Bidirectional",
        "short_name": "BiPO",
        "abstract": "An abstract. Code: https://github.com/a/b. Video: https://youtu.be/x.",
        "sources": ["corpus/a.txt:7"],
        "related": [],
        "links": [
            {"url": "https://github.com/a/b", "kind": "code"},
            {"url": "https://youtu.be/x", "kind": "video"},
        ],
        "has_code": True,
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
        '[{"slug":"script-title","url":"papers/script-title/",'
        '"title":"<script>alert(\\"x\\")</script> Title","short_name":null,'
        '"abstract":"Ends with a quote \\" and a backslash \\\\ and é.",'
        '"sources":["corpus/a.txt:3","corpus/b.txt:9"],"related":["bipo-bidirectional"],'
        '"links":[],"has_code":false}]\n'
    )
    assert "é" in papers_json(_catalogue(HOSTILE)), "non-ASCII text is written as UTF-8"
