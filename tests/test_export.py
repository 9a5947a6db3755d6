"""`papers.json`, the catalogue's data export."""

from __future__ import annotations

import json

from generator.export import paper_record, papers_json, topics_json
from generator.model import Catalogue, Paper, Topic
from generator.pages import topic_listings
from generator.reader import DumpFile, Source

ROBOTS = Topic("robotics", "Robotics", "Robots.")
SPEECH = Topic("speech-and-audio", "Speech & Audio", "Speech.")

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
    topics=(SPEECH, ROBOTS),
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
        "topics": ["speech-and-audio", "robotics"],
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
        '"sources":["corpus/a.txt:3","corpus/b.txt:9"],"topics":[],"related":["bipo-bidirectional"],'
        '"links":[],"has_code":false}]\n'
    )
    assert "é" in papers_json(_catalogue(HOSTILE)), "non-ASCII text is written as UTF-8"


def test_topics_json_lists_every_topic_with_its_papers_primary_first() -> None:
    other = Paper("a-robot", "A Robot", "About robots.", None, (Source("c.txt", 1),), (ROBOTS,))
    catalogue = Catalogue((other, NAMED, HOSTILE), (), (), (), topics=(SPEECH, ROBOTS))
    exported = json.loads(topics_json(topic_listings(catalogue)))
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
