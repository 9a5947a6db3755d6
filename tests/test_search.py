"""The search index and its result data: lunr.js's format, loaded back with lunr.py and queried."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import string
from pathlib import Path
from typing import Any

import mkdocs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr import lunr
from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.tokenizer import Tokenizer
from lunr.trimmer import trimmer
from mkdocs.exceptions import Abort

import generator.search
from generator.corpus import read_corpus
from generator.errors import SearchError
from generator.links import attach_links
from generator.model import Catalogue, Paper, Source, Topic, build_catalogue
from generator.plugin import PapershelfPlugin
from generator.search import (
    ABSTRACT_TERMS,
    BEST_PAPERS,
    CHUNK_SIZE,
    DOCS_JSON,
    FIELDS,
    INDEX_JSON,
    LUNR_JS,
    SNIPPET_MAX_CHARS,
    _decode,
    _decode_terms,
    _encode,
    _encode_terms,
    build_search,
    chunk_path,
    expand_index,
    field_texts,
    index_terms,
    load_index,
    lunr_js_path,
    rows_of,
    snippet_source,
    stem,
)
from tests.conftest import CORPUS, FIXTURES, REPO, build_site
from tests.htmlpage import read_page

SEED_BUDGET_GZIPPED = 100 * 1024
"""The index and docs.json of the seed corpus, as a browser downloads them gzipped."""

ROBOTS = Topic("robotics", "Robotics", "Robots.")
VISION = Topic("vision", "Computer vision", "Images.")


def _paper(title: str, abstract: str, topics: tuple[Topic, ...] = ()) -> Paper:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    short = title.split(":")[0] if ":" in title else None
    return Paper(slug, title, abstract, short, (Source("a.txt", 1),), topics)


def _catalogue(*papers: Paper, topics: tuple[Topic, ...] = ()) -> Catalogue:
    return Catalogue(tuple(sorted(papers, key=lambda p: p.slug)), (), (), (), topics)


def _load(catalogue: Catalogue) -> tuple[Any, dict[str, Any]]:
    """The index loaded with lunr.py, and docs.json with every row of the chunks as `rows`."""
    data = build_search(catalogue)
    return load_index(data.index_json), {**json.loads(data.docs_json), "rows": rows_of(data)}


def _titles(index: Any, docs: dict[str, Any], query: str) -> list[str]:
    title = docs["columns"].index("title")
    return [docs["rows"][int(hit["ref"])][title] for hit in index.search(query)]


@pytest.fixture(scope="module")
def seed() -> Catalogue:
    return build_catalogue(read_corpus([CORPUS], REPO))


SMALL = _catalogue(
    _paper("BiPO: Bidirectional Partial Occlusion", "Motion synthesis from text."),
    _paper("Grasping with Robot Hands", "We grasp objects.", (ROBOTS,)),
    _paper("Learning to See", "Robot vision, robot eyes, robot cameras.", (VISION,)),
    _paper("Unrelated Work", "Nothing about that here."),
    topics=(ROBOTS, VISION),
)


def test_index_expands_to_lunr_js_2_3_9_format_with_the_stemmer_as_search_pipeline() -> None:
    serialised = expand_index(json.loads(build_search(SMALL).index_json))
    assert serialised["version"] == "2.3.9"
    assert serialised["fields"] == ["title", "short_name", "abstract", "topics"]
    # lunr.js runs this pipeline on every query term; it must be the one lunr.js registers.
    assert serialised["pipeline"] == ["stemmer"]
    assert {ref.split("/")[1] for ref, _ in serialised["fieldVectors"]} == {"0", "1", "2", "3"}


def test_serialised_index_loads_back_and_answers_queries() -> None:
    index, docs = _load(SMALL)
    assert _titles(index, docs, "bidirectional") == ["BiPO: Bidirectional Partial Occlusion"]
    assert _titles(index, docs, "grasped") == ["Grasping with Robot Hands"]  # stems meet
    assert _titles(index, docs, "title:robot") == ["Grasping with Robot Hands"]
    assert _titles(index, docs, "+robot -vision") == ["Grasping with Robot Hands"]
    assert _titles(index, docs, "occlu*") == ["BiPO: Bidirectional Partial Occlusion"]
    assert _titles(index, docs, "grasp~1") == ["Grasping with Robot Hands"]  # stem "grasp"
    assert _titles(index, docs, "the") == []  # a stop word is not indexed


def _reference_index(catalogue: Catalogue) -> dict[str, Any]:
    """lunr.py's own builder over every word of every field: what the index must score alike."""
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter, stem)
    documents = [{"ref": str(ref), **field_texts(p)} for ref, p in enumerate(catalogue.papers)]
    fields = [{"field_name": field.name, "boost": field.boost} for field in FIELDS]
    serialised: dict[str, Any] = lunr(
        ref="ref", fields=fields, documents=documents, builder=builder
    ).serialize()
    return serialised


def _by_term(serialised: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, float]]]:
    """An index's postings and scores keyed by term, whatever numbers it gives its terms."""
    terms = {posting["_index"]: term for term, posting in serialised["invertedIndex"]}
    postings = {
        term: {field: sorted(refs) for field, refs in posting.items() if field != "_index"}
        for term, posting in serialised["invertedIndex"]
    }
    vectors = {
        ref: {terms[vector[i]]: vector[i + 1] for i in range(0, len(vector), 2)}
        for ref, vector in serialised["fieldVectors"]
    }
    return postings, vectors


@pytest.fixture(scope="module")
def hostile() -> Catalogue:
    return build_catalogue(read_corpus([FIXTURES / "hostile.txt"], REPO))


@pytest.mark.parametrize("name", ["seed", "hostile"])
def test_the_full_text_form_is_lunr_pys_own_index(
    name: str, request: pytest.FixtureRequest
) -> None:
    catalogue = request.getfixturevalue(name)
    expanded = expand_index(json.loads(build_search(catalogue, abstract_terms=None).index_json))
    assert _by_term(expanded) == _by_term(_reference_index(catalogue))
    assert expanded["fields"] == [field.name for field in FIELDS]


def test_abstracts_keep_their_distinctive_terms_with_their_full_text_scores(
    seed: Catalogue,
) -> None:
    full_postings, full = _by_term(expand_index(json.loads(build_search(seed, None).index_json)))
    postings, small = _by_term(load_index(build_search(seed).index_json).serialize())
    dropped = 0
    for ref, paper in enumerate(seed.papers):
        kept, every = small[f"abstract/{ref}"], full[f"abstract/{ref}"]
        # The same score as in the full index: its length and each term's idf are the full ones.
        assert kept == {term: every[term] for term in kept}
        others = {t for f in ("title", "short_name", "topics") for t in small[f"{f}/{ref}"]}
        best = sorted(every, key=lambda term: (-every[term], term))[:ABSTRACT_TERMS]
        assert set(best) | (others & set(every)) <= set(kept), paper.title
        dropped += len(every) - len(kept)
    assert dropped > 0
    # Every term keeps the papers it scores highest in.
    for term, fields in full_postings.items():
        scores = sorted((-full[f"abstract/{ref}"][term], int(ref)) for ref in fields["abstract"])
        assert {str(ref) for _, ref in scores[:BEST_PAPERS]} <= set(postings[term]["abstract"])
    for field in ("title", "short_name", "topics"):
        assert all(small[f"{field}/{r}"] == full[f"{field}/{r}"] for r in range(len(seed.papers)))


def test_a_word_only_in_an_abstract_finds_its_paper_in_that_field() -> None:
    index, docs = _load(SMALL)
    assert _titles(index, docs, "abstract:synthesis") == ["BiPO: Bidirectional Partial Occlusion"]
    assert _titles(index, docs, "title:synthesis") == []


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


@given(st.lists(st.text(st.characters(exclude_characters="\n"), min_size=1), max_size=30))
def test_terms_encode_and_decode(terms: list[str]) -> None:
    terms = sorted(set(terms))
    assert _decode_terms(_encode_terms(terms)) == terms


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 5)), max_size=30))
def test_postings_encode_and_decode(gaps: list[tuple[int, int]]) -> None:
    refs, ref = [], -1
    for gap, frequency in gaps:
        ref += gap + 1
        refs.append((ref, frequency))
    assert _decode(_encode(refs)) == refs


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [("play", "play"), ("days", "day"), ("survey", "survey"), ("try", "tri"), ("flying", "fli")],
)
def test_words_are_stemmed_as_lunr_js_stems_them(word: str, stemmed: str) -> None:
    # lunr.js 2.3.9 (Porter2's step 1c): a final "y" becomes "i" only after a consonant.
    assert str(stem(Token(word))) == stemmed


def test_a_query_word_ending_in_y_finds_its_papers() -> None:
    catalogue = _catalogue(_paper("Playing Games", "Agents that play."), _paper("Other", "None."))
    index, docs = _load(catalogue)
    expanded = expand_index(json.loads(build_search(catalogue).index_json))
    assert "play" in {term for term, _ in expanded["invertedIndex"]}
    assert _titles(index, docs, "plays") == ["Playing Games"]


def test_a_title_match_beats_an_abstract_mention() -> None:
    index, docs = _load(SMALL)
    # "Learning to See" says "robot" three times in its abstract, the other once in its title.
    assert _titles(index, docs, "robot") == ["Grasping with Robot Hands", "Learning to See"]


def test_topic_names_are_indexed_and_the_data_numbers_the_topics() -> None:
    index, docs = _load(SMALL)
    assert _titles(index, docs, "topics:robotics") == ["Grasping with Robot Hands"]
    assert _titles(index, docs, "computer") == ["Learning to See"]
    assert docs["topics"] == [
        ["robotics", "Robotics", "topics/robotics/"],
        ["vision", "Computer vision", "topics/vision/"],
    ]
    title = docs["columns"].index("title")
    by_title = {
        row[title]: topics for row, topics in zip(docs["rows"], docs["paper_topics"], strict=True)
    }
    assert by_title["Grasping with Robot Hands"] == [0]
    assert by_title["Learning to See"] == [1]
    assert by_title["Unrelated Work"] == []


def test_rows_follow_the_refs_and_hold_what_a_result_shows() -> None:
    _, docs = _load(SMALL)
    assert docs["format"] == 2
    assert docs["count"] == len(SMALL.papers)
    assert docs["columns"] == ["url", "title", "short_name", "snippet"]
    assert len(docs["rows"]) == len(SMALL.papers)
    for paper, row in zip(SMALL.papers, docs["rows"], strict=True):
        assert row == [paper.url, paper.title, paper.short_name, paper.abstract]


def test_rows_come_in_chunks_of_the_same_build_fetched_by_ref(seed: Catalogue) -> None:
    data = build_search(seed)
    docs = json.loads(data.docs_json)
    assert docs["chunk_size"] == CHUNK_SIZE
    assert len(data.chunks) == -(-len(seed.papers) // CHUNK_SIZE)
    files = data.files()
    title = docs["columns"].index("title")
    for ref, paper in enumerate(seed.papers):
        chunk = json.loads(files[chunk_path(ref // CHUNK_SIZE)])
        assert chunk["build"] == docs["build"]
        assert chunk["docs"][ref % CHUNK_SIZE][title] == paper.title
    # Another catalogue is another build: a page that loaded one never reads the other's rows.
    other = build_search(dataclasses.replace(seed, papers=seed.papers[1:]))
    assert json.loads(other.docs_json)["build"] != docs["build"]
    # So is one whose rows alone differ (a paper's URL), with the same index.
    moved = dataclasses.replace(seed.papers[0], slug=seed.papers[0].slug + "-moved")
    renamed = build_search(dataclasses.replace(seed, papers=(moved, *seed.papers[1:])))
    assert renamed.index_json == data.index_json
    assert json.loads(renamed.docs_json)["build"] != docs["build"]


def test_every_paper_says_whether_it_links_to_code() -> None:
    # By its abstract's links, or by a record's `code_url`: the rule of the code badge.
    linked = _paper("Linked", "Code at https://github.com/owner/repo for all.")
    given = dataclasses.replace(
        _paper("Given", "No link here."), code_url="https://gitlab.com/owner/repo"
    )
    plain = _paper("Plain", "No link at https://example.org/.")
    # The pipeline's links step finds each paper's links once; search reads them.
    _, docs = _load(attach_links(_catalogue(linked, given, plain)))
    assert docs["code"] == [1, 1, 0]


def test_snippet_is_the_abstracts_opening_cut_at_a_word() -> None:
    assert snippet_source("Short.") == "Short."
    long = "word " * 100
    snippet = snippet_source(long.strip())
    assert len(snippet) <= SNIPPET_MAX_CHARS
    assert snippet.endswith("word…")
    assert long.startswith(snippet[:-1])


def test_short_names_and_titles_rank_their_paper_first_on_the_seed_corpus(seed: Catalogue) -> None:
    index, docs = _load(seed)
    title = docs["columns"].index("title")
    assert _titles(index, docs, "BiPO")[0].startswith("BiPO:")
    names = [paper.short_name for paper in seed.papers if paper.short_name]
    # Names holding lunr's query operators (`M^3GPT`) are not plain queries.
    plain = [name for name in names if not re.search(r"[:^~*+]", name) and names.count(name) == 1]
    assert len(plain) > 100
    for name in plain:
        first = docs["rows"][int(index.search(name)[0]["ref"])]
        assert first[title].startswith(f"{name}:"), name
    # A title typed out, without its punctuation, finds its paper first.
    for paper in seed.papers:
        words = (word.strip(string.punctuation) for word in paper.title.split())
        hits = index.search(" ".join(re.sub(r"[:^~*+]", "", word) for word in words))
        assert docs["rows"][int(hits[0]["ref"])][title] == paper.title


def test_seed_corpus_index_and_data_fit_the_download_budget(seed: Catalogue) -> None:
    data = build_search(seed)
    gzipped = sum(
        len(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))
        for text in (data.index_json, data.docs_json)
    )
    assert gzipped <= SEED_BUDGET_GZIPPED


def test_same_catalogue_gives_the_same_bytes(seed: Catalogue) -> None:
    assert build_search(seed) == build_search(seed)


def test_lunr_js_comes_from_mkdocs_and_matches_the_index_format() -> None:
    path = lunr_js_path()
    assert path.is_relative_to(Path(mkdocs.__file__).parent)
    assert "lunr - http://lunrjs.com - A bit like Solr" in path.read_text(encoding="utf-8")[:200]


def test_another_lunr_js_version_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "lunr.js").write_text(
        "/**\n * lunr - http://lunrjs.com - A bit like Solr - 2.4.0\n */\n", encoding="utf-8"
    )
    monkeypatch.setattr(generator.search, "_LUNR_JS_PATH", tmp_path)
    with pytest.raises(SearchError, match=r"ships lunr\.js 2\.4\.0, but the search index is"):
        lunr_js_path()
    (tmp_path / "lunr.js").unlink()
    with pytest.raises(SearchError, match=r"lunr\.js: cannot read lunr\.js from MkDocs"):
        lunr_js_path()


# The search inside a real build


@pytest.mark.slow
def test_build_writes_the_index_the_data_and_lunr_js(
    seed_site: tuple[Path, PapershelfPlugin],
) -> None:
    site_dir, plugin = seed_site
    assert plugin.catalogue is not None
    data = build_search(plugin.catalogue)
    for path, text in data.files().items():
        assert (site_dir / path).read_text(encoding="utf-8") == text
    assert (site_dir / INDEX_JSON).is_file() and (site_dir / DOCS_JSON).is_file()
    assert len(list((site_dir / "search" / "docs").iterdir())) == len(data.chunks)
    assert (site_dir / LUNR_JS).read_bytes() == lunr_js_path().read_bytes()
    # The theme's own search is off: no index for it, and no script of its worker is loaded.
    assert not (site_dir / "search" / "search_index.json").exists()


@pytest.mark.slow
def test_every_page_has_the_header_search_box_pointing_at_the_site_root(
    seed_site: tuple[Path, PapershelfPlugin],
) -> None:
    site_dir, plugin = seed_site
    assert plugin.catalogue is not None
    for url in ("", "papers/", "search/", plugin.catalogue.papers[0].url):
        html = (site_dir / url / "index.html").read_text(encoding="utf-8")
        header = html[html.index('<nav class="md-header__inner') : html.index("</header>")]
        roots = [
            attrs["data-ps-search-root"]
            for _, attrs in read_page(site_dir / url / "index.html").tags
            if "data-ps-search-root" in attrs
        ]
        assert len(roots) == 1
        assert 'class="md-search ps-search"' in header
        # Relative to the page, the root resolves to the site root, whatever the sub-path.
        assert (site_dir / url / str(roots[0])).resolve() == site_dir.resolve()
        assert "assets/javascripts/search.js" in html
        assert "search/index.json" not in html  # loaded on first use, by the worker


@pytest.mark.slow
def test_search_page_documents_the_query_syntax(seed_site: tuple[Path, PapershelfPlugin]) -> None:
    site_dir, _ = seed_site
    page = read_page(site_dir / "search" / "index.html")
    assert page.h1 == ["Search"]
    inputs = [attrs for tag, attrs in page.tags if tag == "input" and attrs.get("name") == "q"]
    assert len(inputs) == 2  # the header's box and the page's
    html = (site_dir / "search" / "index.html").read_text(encoding="utf-8")
    for syntax in (
        "+diffusion +video",
        "diffusion -video",
        "title:diffusion",
        "distill*",
        "reinforcment~1",
    ):
        assert f"<code>{syntax}" in html


@pytest.mark.slow
def test_a_hand_written_search_file_in_the_way_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = tmp_path / "docs"
    (docs / "search").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "search" / "index.json").write_text("{}\n", encoding="utf-8")
    with pytest.raises(Abort):
        build_site([FIXTURES / "hostile.txt"], tmp_path / "site", docs_dir=str(docs))
    assert "docs/search/index.json: the catalogue generates this file" in caplog.text
