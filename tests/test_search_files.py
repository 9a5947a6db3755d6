"""The search index's files: shards by term, positions, dictionaries, facets and result rows."""

from __future__ import annotations

import datetime
import gzip
import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from generator.authors import author_key
from generator.corpus import read_corpus
from generator.links import attach_links
from generator.model import Catalogue, Topic, build_catalogue
from generator.plugin import PapershelfPlugin
from generator.search import FIELDS, field_texts, index_terms, lunr_js_path, utf16_key
from generator.search_files import (
    CHUNK_SIZE,
    FACETS_JSON,
    LUNR_JS,
    META_JSON,
    SHARD_BYTES,
    SNIPPET_MAX_CHARS,
    author_path,
    build_search,
    chunk_path,
    decode_terms,
    dictionary_key,
    dictionary_path,
    encode_terms,
    pack,
    positions_path,
    shard_path,
    unpack,
)
from tests.conftest import CORPUS, FIXTURES, REPO, build_site
from tests.htmlpage import read_page
from tests.test_search import paper

ROBOTS = Topic("robotics", "Robotics", "Robots.")
VISION = Topic("vision", "Computer vision", "Images.")


def _catalogue(*papers: Any, topics: tuple[Topic, ...] = ()) -> Catalogue:
    return Catalogue(tuple(sorted(papers, key=lambda p: p.slug)), (), (), (), topics)


SMALL = _catalogue(
    paper("BiPO: Bidirectional Partial Occlusion", "Motion synthesis from text."),
    paper("Grasping with Robot Hands", "We grasp objects.", (ROBOTS,)),
    paper("Learning to See", "Robot vision, robot eyes, robot cameras.", (VISION,)),
    paper("Unrelated Work", "Nothing about that here: {D}en{o}ising " + "words " * 60),
    topics=(ROBOTS, VISION),
)


def _files(catalogue: Catalogue) -> dict[str, Any]:
    return {path: json.loads(unpack(data)) for path, data in build_search(catalogue).files.items()}


@pytest.fixture(scope="module")
def seed() -> Catalogue:
    return build_catalogue(read_corpus([CORPUS], REPO))


def _shard_terms(files: dict[str, Any]) -> dict[str, Any]:
    meta = files[META_JSON]
    starts = decode_terms(meta["shards"])
    terms: dict[str, Any] = {}
    for number, first in enumerate(starts):
        shard = files[shard_path(number)]["terms"]
        assert min(shard, key=utf16_key) == first
        terms.update(shard)
    return terms


def _decode_postings(encoded: list[int]) -> list[tuple[int, int]]:
    refs, ref = [], -1
    for gap, weight in zip(encoded[::2], encoded[1::2], strict=True):
        ref += gap
        refs.append((ref, weight))
    return refs


def test_every_term_of_every_paper_is_in_its_shard_with_every_paper_holding_it() -> None:
    files = _files(SMALL)
    terms = _shard_terms(files)
    expected: dict[tuple[str, int], set[int]] = {}
    for ref, p in enumerate(SMALL.papers):
        for f, field in enumerate(FIELDS):
            for term in index_terms(field_texts(p)[field.name]):
                expected.setdefault((term, f), set()).add(ref)
    found = {
        (term, f): {ref for ref, _ in _decode_postings(lists[f])}
        for term, lists in terms.items()
        for f in range(len(lists))
        if lists[f]
    }
    assert found == expected


def test_shards_hold_consecutive_terms_up_to_the_size_bound(seed: Catalogue) -> None:
    files = _files(seed)
    starts = decode_terms(files[META_JSON]["shards"])
    assert starts == sorted(starts, key=utf16_key) and len(starts) > 5
    for number in range(len(starts)):
        shard = files[shard_path(number)]["terms"]
        size = len(json.dumps(shard, ensure_ascii=False, separators=(",", ":")))
        # Each term's postings count towards the bound; the commas between them do not.
        assert size <= SHARD_BYTES + len(shard) + 2 or len(shard) == 1
        if number + 1 < len(starts):
            assert all(utf16_key(term) < utf16_key(starts[number + 1]) for term in shard)


def test_positions_follow_the_postings() -> None:
    files = _files(SMALL)
    places = files[positions_path(0)]["terms"]
    robot = places["robot"][2]  # the abstract: "Robot vision, robot eyes, robot cameras."
    ref = next(i for i, p in enumerate(SMALL.papers) if p.title == "Learning to See")
    postings = _decode_postings(files[shard_path(0)]["terms"]["robot"][2])
    assert [r for r, _ in postings] == [ref]
    assert robot == [3, 0, 2, 2]  # three places: 0, 2 and 4


def test_dictionaries_list_every_term_by_first_letter_with_its_count() -> None:
    files = _files(SMALL)
    terms = _shard_terms(files)
    listed = {}
    for key in files[META_JSON]["dictionaries"]:
        data = files[dictionary_path(key)]
        words = decode_terms(data["terms"])
        assert all(dictionary_key(word) == key for word in words)
        listed.update(zip(words, data["counts"], strict=True))
    assert listed.keys() == terms.keys()
    # lunr's count: a paper counts once per field holding the term (a title, an abstract).
    assert listed["robot"] == sum(len(postings) // 2 for postings in terms["robot"]) == 2


def test_rows_hold_what_a_result_shows_cleaned_and_cut() -> None:
    files = _files(SMALL)
    rows = [row for n in range(1) for row in files[chunk_path(n)]["docs"]]
    assert len(rows) == len(SMALL.papers) <= CHUNK_SIZE
    columns = files[META_JSON]["columns"]
    by_title = {row[columns.index("title")]: row for row in rows}
    unrelated = by_title["Unrelated Work"][columns.index("snippet")]
    assert unrelated.startswith("Nothing about that here: Denoising words")
    assert unrelated.endswith("…") and len(unrelated) <= SNIPPET_MAX_CHARS
    bipo = by_title["BiPO: Bidirectional Partial Occlusion"]
    assert bipo[columns.index("short_name")] == "BiPO"
    assert bipo[columns.index("url")] == "papers/bi/bipo-bidirectional-partial-occlusion/"


def test_facets_number_topics_and_flag_code_and_years() -> None:
    dated = replace(SMALL.papers[0], date=datetime.date(2024, 3, 18), code_url="https://x.org")
    catalogue = attach_links(replace(SMALL, papers=(dated, *SMALL.papers[1:])))
    facets = _files(catalogue)[FACETS_JSON]
    assert [t[0] for t in facets["topics"]] == ["robotics", "vision"]
    topics = [[ord(c) - 0x100 for c in chars] for chars in facets["paper_topics"].split(" ")]
    assert topics == [
        [["robotics", "vision"].index(t.slug) for t in p.topics] for p in catalogue.papers
    ]
    assert [] in topics and [0] in topics
    assert facets["code"][0] == "1"
    assert facets["years"] == [2024]
    assert facets["paper_years"] == "\u0100---"


def test_every_file_names_the_same_build_and_the_same_catalogue_the_same_bytes(
    seed: Catalogue,
) -> None:
    data = build_search(seed)
    builds = {json.loads(data.text(path))["build"] for path in data.files}
    assert len(builds) == 1
    assert build_search(seed).files == data.files
    changed = replace(seed, papers=seed.papers[1:])
    assert {json.loads(build_search(changed).text(META_JSON))["build"]} != builds


def test_every_file_is_gzip_without_a_time_or_a_name(seed: Catalogue) -> None:
    data = build_search(seed)
    assert data.files and all(path.endswith(".json.gz") for path in data.files)
    for path, content in data.files.items():
        assert content[:3] == b"\x1f\x8b\x08", path  # gzip, deflate
        assert content[3] == 0, path  # no flags: no file name, no comment
        assert content[4:8] == b"\0\0\0\0", path  # no time
        assert content[9] == 255, path  # no operating system
        assert json.loads(gzip.decompress(content))["format"] == 4
    assert pack('{"a":"é"}') == pack('{"a":"é"}') and unpack(pack('{"a":"é"}')) == '{"a":"é"}'
    # Compressed: the shards are well under half their JSON's size.
    shards = [path for path in data.files if path.startswith("search/t/")]
    stored = sum(len(data.files[path]) for path in shards)
    assert stored < 0.5 * sum(len(data.text(path).encode()) for path in shards)


def test_seed_entry_file_is_small(seed: Catalogue) -> None:
    assert len(build_search(seed).files[META_JSON]) < 2_000


@given(st.lists(st.text(st.characters(exclude_characters="\n"), min_size=1), max_size=30))
def test_terms_encode_and_decode(terms: list[str]) -> None:
    terms = sorted(set(terms), key=utf16_key)
    assert decode_terms(encode_terms(terms)) == terms


# The search inside a real build


@pytest.mark.slow
def test_build_writes_every_search_file_and_lunr_js(
    seed_site: tuple[Path, PapershelfPlugin],
) -> None:
    site_dir, plugin = seed_site
    assert plugin.catalogue is not None
    data = build_search(plugin.catalogue)
    for path, content in data.files.items():
        assert (site_dir / path).read_bytes() == content
    assert (site_dir / LUNR_JS).read_bytes() == lunr_js_path().read_bytes()
    # The theme's own search is off: no index for it.
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
        assert '<script type="module" src="' in html and "assets/javascripts/search.js" in html
        assert "search/meta.json" not in html  # loaded on first use (meta.json.gz)


@pytest.mark.slow
def test_search_page_documents_the_query_syntax(seed_site: tuple[Path, PapershelfPlugin]) -> None:
    site_dir, _ = seed_site
    page = read_page(site_dir / "search" / "index.html")
    assert page.h1 == ["Search"]
    inputs = [attrs for tag, attrs in page.tags if tag == "input" and attrs.get("name") == "q"]
    assert len(inputs) == 2  # the header's box and the page's
    html = (site_dir / "search" / "index.html").read_text(encoding="utf-8")
    for syntax in (
        "diffusion video",
        '"language model"',
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
    (docs / "search" / "meta.json.gz").write_text("{}\n", encoding="utf-8")
    with pytest.raises(Abort):
        build_site([FIXTURES / "hostile.txt"], tmp_path / "site", docs_dir=str(docs))
    assert "docs/search/meta.json.gz: the catalogue generates this file" in caplog.text


def _with_authors(*pairs: tuple[str, tuple[str, ...]]) -> Catalogue:
    return _catalogue(*(replace(paper(title, "Text."), authors=names) for title, names in pairs))


def _author_index(files: dict[str, Any]) -> dict[str, list[int]]:
    starts = decode_terms(files[META_JSON]["authors"])
    found: dict[str, list[int]] = {}
    for number, start in enumerate(starts):
        members = files[author_path(number)]["authors"]
        assert min(members, key=utf16_key) == start
        found.update(members)
    assert len(starts) == len([path for path in files if path.startswith("search/a/")])
    return found


def test_every_author_is_indexed_by_matched_name_with_their_papers_newest_first() -> None:
    catalogue = _with_authors(
        ("Alpha", ("Émilie du Châtelet", "Alan Turing")),
        ("Beta", ("emilie  du chatelet",)),
        ("Gamma", ("Grace Hopper", "Alan M. Turing", "GRACE HOPPER")),
    )
    slugs = [p.slug for p in catalogue.papers]
    assert slugs == ["alpha", "beta", "gamma"]
    newest = ["gamma", "alpha", "beta"]
    built = build_search(catalogue, newest)
    data = {path: json.loads(built.text(path)) for path in built.files}
    assert _author_index(data) == {
        "emilie du chatelet": [0, 1],
        "alan turing": [0],
        "grace hopper": [2],  # once, though named twice
        "alan m turing": [2],
    }
    # Without an order, the catalogue's.
    assert _author_index(_files(catalogue))["emilie du chatelet"] == [0, 1]


def test_the_author_index_is_cut_into_shards_in_javascripts_order() -> None:
    names = [f"Author {chr(0x41 + i % 26)}{i:05} Ω" for i in range(4000)]
    catalogue = _with_authors(*((f"Paper {i}", (name,)) for i, name in enumerate(names)))
    files = _files(catalogue)
    index = _author_index(files)
    assert len(index) == 4000 and len(decode_terms(files[META_JSON]["authors"])) > 1
    built = build_search(catalogue)
    assert all(
        len(built.text(path)) < SHARD_BYTES + 200
        for path in built.files
        if path.startswith("search/a/")
    )
    assert sorted(index, key=utf16_key) == sorted(author_key(name) for name in names)


def test_javascript_matches_author_names_as_python_does(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    names = ["Émilie du Châtelet", "Straße", "İlker  Öz", "O'Neil, J.-P.", "李 小龙", "ﬁona", "Zoë"]
    script = tmp_path / "keys.mjs"
    module = (REPO / "theme/assets/javascripts/search-data.js").as_uri()
    script.write_text(
        f"import {{ authorKey }} from {json.dumps(module)};\n"
        f"console.log(JSON.stringify({json.dumps(names)}.map(authorKey)));\n",
        encoding="utf-8",
    )
    result = subprocess.run([node, str(script)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [author_key(name) for name in names]
