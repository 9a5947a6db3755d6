"""The search index: lunr's pipeline over every word of every paper, and lunr's weights."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import mkdocs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.tokenizer import Tokenizer
from lunr.trimmer import trimmer

import generator.search
from generator.errors import SearchError
from generator.model import Paper, Source, Topic
from generator.search import (
    FIELDS,
    field_texts,
    index_terms,
    invert,
    lunr_js_path,
    stem,
    utf16_key,
    weight,
)


def paper(title: str, abstract: str, topics: tuple[Topic, ...] = ()) -> Paper:
    """A paper as the catalogue makes it, its short name before a colon in its title."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    short = title.split(":")[0] if ":" in title else None
    return Paper(slug, title, abstract, short, (Source("a.txt", 1),), topics)


def texts_of(papers: list[Paper]) -> list[list[str]]:
    return [[field_texts(p)[field.name] for p in papers] for field in FIELDS]


_TEXT = st.text(
    st.sampled_from("aeiouyst-_.,;:'\"()[]{}<>&^~*+ \t\n\xa0\u00e9\u0130\u00df\u200b\U0001d400"),
    max_size=60,
) | st.text(max_size=40)


@given(_TEXT)
@settings(max_examples=300, deadline=None)
def test_index_terms_are_lunr_pys_pipeline(text: str) -> None:
    pipeline = Pipeline()
    pipeline.add(trimmer, stop_word_filter, stem)
    expected = [str(token) for token in pipeline.run(Tokenizer(text))]
    assert index_terms(text) == expected


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [("play", "play"), ("days", "day"), ("survey", "survey"), ("try", "tri"), ("flying", "fli")],
)
def test_words_are_stemmed_as_lunr_js_stems_them(word: str, stemmed: str) -> None:
    # lunr.js 2.3.9 (Porter2's step 1c): a final "y" becomes "i" only after a consonant.
    assert str(stem(Token(word))) == stemmed


def test_stop_words_keep_their_place_in_the_positions() -> None:
    assert index_terms.positioned("the cat of the hat") == [None, "cat", None, None, "hat"]


def test_every_word_of_every_field_is_indexed_with_its_positions() -> None:
    papers = [
        paper("Robot Hands: Grasping", "Robots grasp objects; a robot grasps.", ()),
        paper("Learning to See", "Vision for robots, then vision again.", ()),
    ]
    index = invert(texts_of(papers))
    assert index.terms == sorted(index.terms, key=utf16_key)
    expected: Counter[tuple[str, int, int]] = Counter()
    for f in range(len(FIELDS)):
        for ref, text in enumerate(texts_of(papers)[f]):
            for term in index_terms(text):
                expected[(term, f, ref)] += 1
    found = {}
    for t, term in enumerate(index.terms):
        for e in range(index.starts[t], index.starts[t + 1]):
            f, ref = int(index.fields[e]), int(index.refs[e])
            found[(term, f, ref)] = int(index.frequencies[e])
            start = int(index.position_starts[e])
            places = index.positions[start : start + int(index.frequencies[e])].tolist()
            words = index_terms.positioned(texts_of(papers)[f][ref])
            assert [words[p] for p in places] == [term] * len(places)
    assert found == dict(expected)
    assert found[("robot", 2, 0)] == 2  # "Robots" and "robot" in the first abstract


def test_entries_come_in_term_then_field_then_ref_order() -> None:
    papers = [paper(f"Vision {n}", "Vision and robots." if n % 2 else "Robots.") for n in range(5)]
    index = invert(texts_of(papers))
    for t in range(len(index.terms)):
        span = slice(index.starts[t], index.starts[t + 1])
        pairs = list(zip(index.fields[span].tolist(), index.refs[span].tolist(), strict=True))
        assert pairs == sorted(pairs)


def test_weights_are_lunrs_rounded_scores() -> None:
    papers = [paper("Robot Hands", "Robots grasp. " * n + "Vision.") for n in range(1, 40)]
    index = invert(texts_of(papers))
    weights = index.weights()
    averages = index.averages()
    for e in range(0, len(weights), 7):
        t = int(np.searchsorted(index.starts, e, side="right")) - 1
        f, ref = int(index.fields[e]), int(index.refs[e])
        length = int(index.lengths[f, ref])
        tf = int(index.frequencies[e])
        assert weights[e] == weight(index.idf(t), tf, length, averages[f], f)


def test_titles_and_abstracts_are_indexed_as_their_pages_show_them() -> None:
    texts = field_texts(paper("{D}en{o}ising M^3GPT", "We study {T}raining."))
    assert index_terms(texts["title"]) == ["denois", "m³gpt"]
    assert index_terms(texts["abstract"]) == ["studi", "train"]


def test_lunr_js_comes_from_mkdocs_and_is_the_version_queries_are_read_for() -> None:
    path = lunr_js_path()
    assert path.is_relative_to(Path(mkdocs.__file__).parent)
    assert "lunr - http://lunrjs.com - A bit like Solr" in path.read_text(encoding="utf-8")[:200]


def test_another_lunr_js_version_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "lunr.js"
    fake.write_text("/**\n * lunr - http://lunrjs.com - A bit like Solr - 2.4.0\n */\n")
    monkeypatch.setattr(generator.search, "_LUNR_JS", fake)
    with pytest.raises(SearchError, match=r"ships lunr\.js 2\.4\.0, but the search index is"):
        lunr_js_path()
    fake.unlink()
    with pytest.raises(SearchError, match=r"lunr\.js: cannot read lunr\.js from MkDocs"):
        lunr_js_path()
