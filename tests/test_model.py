"""Tests of generator.model: title keys, short names, slugs, and the merged catalogue."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, find, given, settings
from hypothesis import strategies as st
from slugify import slugify

from generator.corpus import read_corpus
from generator.errors import CatalogueError
from generator.model import (
    SLUG_MAX_LENGTH,
    Catalogue,
    DumpFile,
    Paper,
    Problem,
    Reading,
    Record,
    Source,
    build_catalogue,
    make_slug,
    short_name,
    title_key,
)

REPO = Path(__file__).resolve().parent.parent

HASHED_SLUG = re.compile(r"(?P<base>.+)-(?P<digest>[0-9a-f]{6})")
WELL_FORMED_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# --- helpers -------------------------------------------------------------------------------------


def record(
    title: str, abstract: str = "An abstract.", path: str = "a.txt", line: int = 1
) -> Record:
    return Record(title, abstract, Source(path, line))


def reading(
    records: Sequence[Record],
    files: Sequence[DumpFile] | None = None,
    problems: Sequence[Problem] = (),
) -> Reading:
    """A Reading of these records; unless given, one DumpFile per path in order of appearance."""
    if files is None:
        counts: dict[str, int] = {}
        for rec in records:
            counts[rec.source.path] = counts.get(rec.source.path, 0) + 1
        files = [DumpFile(path, n) for path, n in counts.items()]
    return Reading(tuple(files), tuple(records), tuple(problems))


def catalogue_of(*records: Record) -> Catalogue:
    return build_catalogue(reading(records))


def paper_with_source(catalogue: Catalogue, source: Source) -> Paper:
    (paper,) = [p for p in catalogue.papers if source in p.sources]
    return paper


def hashed_base(slug: str) -> str:
    """The slug without its hash suffix; fails the test if it has none."""
    match = HASHED_SLUG.fullmatch(slug)
    assert match is not None, f"{slug!r} has no 6-hex-digit hash suffix"
    return match["base"]


# --- title_key -----------------------------------------------------------------------------------


class TestTitleKey:
    def test_case_is_ignored(self) -> None:
        assert title_key("BiPO: Bidirectional Preference") == title_key(
            "bipo: BIDIRECTIONAL preference"
        )

    def test_precomposed_and_combining_accents_match(self) -> None:
        precomposed = "Caf\u00e9 Models"
        combining = "Cafe\u0301 Models"
        assert precomposed != combining
        assert title_key(precomposed) == title_key(combining)

    def test_full_width_letters_match_ascii(self) -> None:
        assert title_key("\uff22\uff49\uff30\uff2f: Steering") == title_key("BiPO: Steering")

    def test_punctuation_is_ignored(self) -> None:
        assert title_key("BiPO: X") == title_key("BiPO - X") == title_key("BiPO X")
        assert title_key("Graphs, (Trees) and... Lists!") == title_key("Graphs Trees and Lists")

    @pytest.mark.parametrize("variant", ["Lets", "Let\u2019s", "Let\u02bcs", "Let`s"])
    def test_apostrophes_are_dropped_not_split(self, variant: str) -> None:
        assert title_key(variant + " Verify Step by Step") == title_key("Let's Verify Step by Step")
        assert title_key("Let's Verify") != title_key("Let s Verify")

    def test_whitespace_runs_and_ends_are_ignored(self) -> None:
        assert title_key("  Deep \t Learning\u00a0 Rocks \n") == title_key("Deep Learning Rocks")

    def test_different_titles_have_different_keys(self) -> None:
        titles = [
            "Attention Is All You Need",
            "Attention Is Not All You Need",
            "Attention Is All You Need 2",
            "Caf\u00e9 Models",
            "Cafe Models",
            "\u6ce8\u610f\u529b",
            "\u6ce8\u610f",
        ]
        keys = [title_key(t) for t in titles]
        assert len(set(keys)) == len(titles)

    def test_invisible_format_characters_do_not_split_words(self) -> None:
        assert title_key("Hyper\u00adparameter Search") == title_key("Hyperparameter Search")
        assert title_key("Zero\u200dWidth") == title_key("ZeroWidth")

    @pytest.mark.parametrize("title", ["?", "!!!", "...", "\u2014", "(*)", "? !"])
    def test_punctuation_only_title_has_non_empty_key(self, title: str) -> None:
        assert title_key(title).strip()

    def test_different_punctuation_only_titles_do_not_collide(self) -> None:
        titles = ["?", "!", "!!!", "...", "\u2014", "(*)", "? !", "#"]
        assert len({title_key(t) for t in titles}) == len(titles)

    @pytest.mark.parametrize("title", ["'", "\u2019", "''"])
    def test_apostrophe_only_title_has_non_empty_key(self, title: str) -> None:
        assert title_key(title).strip()

    def test_titles_differing_only_in_vowel_signs_have_different_keys(self) -> None:
        # Hindi "din" (day) and "daan" (donation): the same consonants, different vowel signs.
        assert title_key("\u0926\u093f\u0928") != title_key("\u0926\u093e\u0928")

    @given(st.text(min_size=1, max_size=60))
    @settings(max_examples=200)
    def test_key_is_idempotent_and_normalised(self, title: str) -> None:
        key = title_key(title)
        assert key == key.strip()
        assert "  " not in key
        assert title_key(key) == key


# --- short_name ----------------------------------------------------------------------------------


class TestShortName:
    @pytest.mark.parametrize(
        ("title", "expected"),
        [
            ("BiPO: Bidirectional Preference Optimization", "BiPO"),
            ("Orca: Progressive Learning from Complex Explanation Traces", "Orca"),
            ("GPT-4: Technical Report", "GPT-4"),
            ("  Orca  : Progressive Learning", "Orca"),
        ],
    )
    def test_single_word_before_colon_is_a_name(self, title: str, expected: str) -> None:
        assert short_name(title) == expected

    @pytest.mark.parametrize(
        ("title", "expected"),
        [
            ("Multi-band MelGAN: Faster Waveform Generation", "Multi-band MelGAN"),
            ("Unified-IO 2: Scaling Autoregressive Multimodal Models", "Unified-IO 2"),
            ("ColD Fusion: Collaborative Descent", "ColD Fusion"),
        ],
    )
    def test_multi_word_prefix_with_a_name_like_word_is_a_name(
        self, title: str, expected: str
    ) -> None:
        assert short_name(title) == expected

    @pytest.mark.parametrize(
        "title",
        [
            "Less is More: Task-aware Layer-wise Distillation",
            "Cross-Modal Safety Alignment: Is textual unlearning all you need?",
            "Sequence Parallelism: Long Sequence Training from System Perspective",
        ],
    )
    def test_multi_word_prefix_of_plain_words_is_not_a_name(self, title: str) -> None:
        assert short_name(title) is None

    def test_prefix_of_more_than_three_words_is_not_a_name(self) -> None:
        assert short_name("Big New MelGAN Model: Something") is None
        assert short_name("New MelGAN Model: Something") == "New MelGAN Model"

    def test_title_without_colon_has_no_name(self) -> None:
        assert short_name("BiPO Bidirectional Preference Optimization") is None

    @pytest.mark.parametrize("title", ["BiPO:", "BiPO:   ", ": Bidirectional", "  : x", "--: x"])
    def test_empty_part_around_colon_gives_no_name(self, title: str) -> None:
        assert short_name(title) is None

    def test_prefix_over_32_characters_is_not_a_name(self) -> None:
        assert short_name("A" * 32 + ": Rest") == "A" * 32
        assert short_name("A" * 33 + ": Rest") is None

    @given(st.text(max_size=60))
    @settings(max_examples=200)
    def test_a_name_is_the_trimmed_text_before_the_first_colon(self, title: str) -> None:
        name = short_name(title)
        if ":" not in title:
            assert name is None
        if name is not None:
            assert name == title.partition(":")[0].strip()
            assert 0 < len(name) <= 32
            assert len(name.split()) <= 3
            assert title.partition(":")[2].strip()


# --- make_slug -----------------------------------------------------------------------------------

ascii_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=15)


class TestMakeSlug:
    def test_plain_ascii_key_is_the_slugify_slug_without_hash(self) -> None:
        key = title_key("Attention Is All You Need")
        assert make_slug(key) == slugify(key) == "attention-is-all-you-need"

    @given(st.lists(ascii_word, min_size=1, max_size=8).map(" ".join))
    @settings(max_examples=200)
    def test_short_ascii_key_maps_to_its_hyphenated_form(self, key: str) -> None:
        assume(len(key) <= SLUG_MAX_LENGTH)
        assert make_slug(key) == key.replace(" ", "-")

    def test_ascii_key_of_exactly_max_length_is_not_hashed(self) -> None:
        key = " ".join(["abcdefghi"] * 8)  # 8 * 9 letters + 7 spaces = 79
        key += "x"
        assert len(key) == SLUG_MAX_LENGTH
        assert make_slug(key) == key.replace(" ", "-")

    def test_ascii_key_one_over_max_length_is_cut_and_hashed(self) -> None:
        key = " ".join(["abcdefghi"] * 8) + "xy"
        assert len(key) == SLUG_MAX_LENGTH + 1
        slug = make_slug(key)
        assert len(slug) <= SLUG_MAX_LENGTH
        assert key.replace(" ", "-").startswith(hashed_base(slug) + "-")

    @pytest.mark.parametrize(
        ("key", "transliterated"),
        [
            ("caf\u00e9 au lait", "cafe-au-lait"),
            ("\u03b5\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac", "ellenika"),
            ("\u6ce8\u610f\u529b \u673a\u5236", "zhu-yi-li-ji-zhi"),
        ],
    )
    def test_non_ascii_key_is_transliterated_with_a_hash_suffix(
        self, key: str, transliterated: str
    ) -> None:
        slug = make_slug(key)
        assert hashed_base(slug) == transliterated == slugify(key)

    def test_keys_that_transliterate_alike_get_different_slugs(self) -> None:
        keys = ["caf\u00e9", "caf\u00e8", "cafe 1", "caf\u00ea"]
        slugs = [make_slug(k) for k in keys]
        assert {hashed_base(s) for s in slugs if s != "cafe-1"} == {"cafe"}
        assert len(set(slugs)) == len(keys)

    def test_punctuation_only_key_gets_a_placeholder_slug(self) -> None:
        slugs = [make_slug(title_key(t)) for t in ["?", "!!!", "\u2014"]]
        assert all(hashed_base(s) == "paper" for s in slugs)
        assert len(set(slugs)) == len(slugs)

    @given(st.lists(ascii_word, min_size=1, max_size=30).map(" ".join))
    @settings(max_examples=200)
    def test_long_key_is_cut_at_a_word_boundary_keeping_word_order(self, words: str) -> None:
        key = f"{words} {'long ' * 20}tail"  # always past the cap, wherever the cut falls
        assert len(key) > SLUG_MAX_LENGTH
        slug = make_slug(key)
        assert len(slug) <= SLUG_MAX_LENGTH
        base = hashed_base(slug)
        full = slugify(key)
        assert full.startswith(base + "-")  # a prefix, ending where a whole word ends
        assert base.split("-") == key.split()[: len(base.split("-"))]

    @given(st.text(max_size=200))
    @settings(max_examples=200)
    def test_slug_is_a_well_formed_pure_function_of_the_key(self, title: str) -> None:
        key = title_key(title)
        slug = make_slug(key)
        assert len(slug) <= SLUG_MAX_LENGTH
        assert WELL_FORMED_SLUG.fullmatch(slug)
        assert make_slug(key) == slug


# --- slug stability across catalogues (property) -------------------------------------------------

_token = st.one_of(
    st.sampled_from(["Attention", "is", "All", "You", "Need", "BiPO", "GPT-4", "Less", "More"]),
    ascii_word,
    st.sampled_from([":", "-", ",", "...", "!", "?", "(", ")", "'", "\u2019", "&", "/"]),
    st.sampled_from(["caf\u00e9", "na\u00efve", "Schr\u00f6dinger", "\u00c9tude", "cafe\u0301"]),
    st.text(alphabet="\u03b1\u03b2\u03b3\u03b4\u03b5\u03bb\u03bc\u03c0", min_size=1, max_size=8),
    st.text(alphabet="\u0430\u0431\u0432\u0433\u0434\u0435\u0436\u044f", min_size=1, max_size=8),
    st.text(alphabet="\u6ce8\u610f\u529b\u673a\u5236\u6a21\u578b", min_size=1, max_size=6),
    st.text(alphabet="\u0915\u0916\u0917\u093e\u093f\u0928\u092e", min_size=1, max_size=6),
    st.text(min_size=1, max_size=5),
)
titles = st.lists(_token, min_size=1, max_size=30).map(" ".join).filter(lambda t: t.strip())
title_lists = st.lists(titles, max_size=8)


def _records(titles_: list[str], path: str) -> list[Record]:
    return [record(t, f"Abstract {i}.", path, i + 1) for i, t in enumerate(titles_)]


def _built(records: list[Record]) -> Catalogue:
    try:
        catalogue = build_catalogue(reading(records))
    except CatalogueError:
        # A true slug collision between different keys: allowed, but essentially never happens;
        # assume() makes hypothesis fail the test if it happens often.
        assume(False)
        raise
    slugs = [p.slug for p in catalogue.papers]
    assert len(set(slugs)) == len(slugs)
    assert len(slugs) == len({title_key(r.title) for r in records})
    assert all(len(s) <= SLUG_MAX_LENGTH for s in slugs)
    return catalogue


@given(title_lists, title_lists)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_adding_or_reordering_papers_never_moves_a_paper(a: list[str], b: list[str]) -> None:
    records_a = _records(a, "a.txt")
    records_b = _records(b, "b.txt")
    alone = _built(records_a)
    after = _built(records_a + records_b)
    before = _built(records_b + records_a)
    for rec in records_a:
        slug = paper_with_source(alone, rec.source).slug
        url = paper_with_source(alone, rec.source).url
        assert url == f"papers/{slug[:2]}/{slug}/"
        assert paper_with_source(after, rec.source).slug == slug
        assert paper_with_source(before, rec.source).slug == slug
        assert paper_with_source(after, rec.source).url == url
        assert paper_with_source(before, rec.source).url == url


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(lambda t: len(slugify(title_key(t))) > SLUG_MAX_LENGTH, id="cut-long"),
        pytest.param(lambda t: not t.isascii(), id="non-ascii"),
        pytest.param(lambda t: not any(ch.isalnum() for ch in t), id="punctuation-only"),
    ],
)
def test_title_strategy_covers_the_cases_slugs_must_survive(kind: Callable[[str], bool]) -> None:
    # Guards the property test above: its titles do reach each kind of slug it must keep stable.
    found = find(titles, kind, settings=settings(max_examples=2000, database=None))
    assert kind(found)
    assert len(make_slug(title_key(found))) <= SLUG_MAX_LENGTH


# --- build_catalogue -----------------------------------------------------------------------------


class TestBuildCatalogue:
    def test_same_paper_in_two_files_becomes_one_paper_with_both_sources(self) -> None:
        first = record("BiPO: Bidirectional Steering", "Abstract.", "a.txt", 3)
        other = record("Unrelated Paper", "Other.", "a.txt", 5)
        second = record("bipo - bidirectional steering", "Abstract.", "b.txt", 9)
        catalogue = catalogue_of(first, other, second)
        assert len(catalogue.papers) == 2
        paper = paper_with_source(catalogue, first.source)
        assert paper.sources == (first.source, second.source)

    def test_sources_follow_input_order(self) -> None:
        recs = [record("Same Title", "x", f"{name}.txt", 1) for name in ["z", "a", "m"]]
        (paper,) = catalogue_of(*recs).papers
        assert paper.sources == tuple(r.source for r in recs)

    def test_one_merge_per_extra_record(self) -> None:
        recs = [record("Same Title", "x", f"f{i}.txt", i + 1) for i in range(3)]
        recs.insert(1, record("Another Title", "y", "f0.txt", 7))
        catalogue = catalogue_of(*recs)
        assert [(m.kept, m.merged) for m in catalogue.merges] == [
            (recs[0].source, recs[2].source),
            (recs[0].source, recs[3].source),
        ]
        assert all(m.title == "Same Title" for m in catalogue.merges)

    def test_unique_papers_record_no_merges(self) -> None:
        catalogue = catalogue_of(record("One", line=1), record("Two", line=2))
        assert catalogue.merges == ()
        assert len(catalogue.papers) == 2

    def test_first_records_title_and_short_name_are_kept(self) -> None:
        first = record("BiPO: Bidirectional Steering", path="a.txt")
        second = record("BIPO - BIDIRECTIONAL STEERING", path="b.txt")
        (paper,) = catalogue_of(first, second).papers
        assert paper.title == first.title
        assert paper.short_name == "BiPO"
        (paper,) = catalogue_of(second, first).papers
        assert paper.title == second.title

    def test_longest_abstract_wins_and_difference_is_flagged(self) -> None:
        short = record("Same", "Short abstract.", "a.txt")
        long = record("Same", "Short abstract, now with the rest of it.", "b.txt")
        catalogue = catalogue_of(short, long)
        (paper,) = catalogue.papers
        assert paper.abstract == long.abstract
        (merge,) = catalogue.merges
        assert merge.abstracts_differ is True
        (paper,) = catalogue_of(long, short).papers
        assert paper.abstract == long.abstract

    def test_different_abstracts_under_one_title_are_a_warning(self) -> None:
        cpp = record("Fuzzing C++ Compilers", "We fuzz compilers of one language.", "a.txt", 4)
        csharp = record(
            "Fuzzing C# Compilers", "We test a different language entirely.", "b.txt", 9
        )
        catalogue = catalogue_of(cpp, csharp)
        assert [str(problem) for problem in catalogue.problems] == [
            "a.txt:4: same title as b.txt:9 but a different abstract; merged, and the page "
            "shows the longer one"
        ]

    def test_a_cut_short_copy_of_the_abstract_is_not_a_warning(self) -> None:
        full = record(
            "Same", "Structured pruning offers a solution by compressing models.", "a.txt"
        )
        cut = record("Same", "Structured pruning offers a solution by compr...", "b.txt")
        empty = record("Same", "", "c.txt")
        catalogue = catalogue_of(cut, full, empty)
        assert catalogue.papers[0].abstract == full.abstract
        assert catalogue.problems == ()

    def test_equal_abstracts_are_not_flagged(self) -> None:
        catalogue = catalogue_of(record("Same", "Text.", "a.txt"), record("Same", "Text.", "b.txt"))
        (merge,) = catalogue.merges
        assert merge.abstracts_differ is False

    def test_dropped_abstract_is_flagged_even_when_the_first_copy_had_none(self) -> None:
        empty = record("Same", "", "a.txt")
        longer = record("Same", "The longer of the two abstracts.", "b.txt")
        shorter = record("Same", "A shorter abstract.", "c.txt")
        catalogue = catalogue_of(empty, longer, shorter)
        assert catalogue.papers[0].abstract == longer.abstract
        assert [merge.abstracts_differ for merge in catalogue.merges] == [False, True]

    def test_tie_between_equally_long_abstracts_keeps_the_earliest(self) -> None:
        one = record("Same", "Alpha.", "a.txt")
        two = record("Same", "Omega.", "b.txt")
        assert catalogue_of(one, two).papers[0].abstract == "Alpha."
        assert catalogue_of(two, one).papers[0].abstract == "Omega."

    @pytest.mark.parametrize("missing_first", [True, False])
    def test_missing_abstract_is_filled_from_the_duplicate(self, missing_first: bool) -> None:
        empty = record("Same", "", "a.txt")
        full = record("Same", "The abstract.", "b.txt")
        pair = (empty, full) if missing_first else (full, empty)
        catalogue = catalogue_of(*pair)
        (paper,) = catalogue.papers
        assert paper.abstract == "The abstract."
        (merge,) = catalogue.merges
        assert merge.abstracts_differ is False

    def test_papers_are_sorted_by_slug(self) -> None:
        titles_ = ["Zebra Models", "Apple Pie", "\u00c9tude", "Mango", "? ? ?", "10 Things"]
        catalogue = catalogue_of(*(record(t, line=i) for i, t in enumerate(titles_)))
        slugs = [p.slug for p in catalogue.papers]
        assert slugs == sorted(slugs)
        assert len(slugs) == len(titles_)

    def test_paper_slug_and_short_name_come_from_its_title(self) -> None:
        (paper,) = catalogue_of(record("Orca: Progressive Learning")).papers
        assert paper.slug == make_slug(title_key("Orca: Progressive Learning"))
        assert paper.slug == "orca-progressive-learning"
        assert paper.short_name == "Orca"

    def test_files_and_problems_pass_through(self) -> None:
        files = (DumpFile("a.txt", 2), DumpFile("b.txt", 5), DumpFile("c.txt", 0))
        problems = (
            Problem(Source("a.txt", 4, "Mar 18"), "title has no abstract"),
            Problem(Source("c.txt", 1), "no papers found in this file"),
        )
        recs = [record("One", path="a.txt"), record("Two", path="b.txt")]
        catalogue = build_catalogue(reading(recs, files, problems))
        assert catalogue.files == files
        assert catalogue.problems == problems
        assert catalogue.record_count == 7

    def test_record_count_counts_duplicates_too(self) -> None:
        catalogue = catalogue_of(record("Same", path="a.txt"), record("Same", path="b.txt"))
        assert len(catalogue.papers) == 1
        assert catalogue.record_count == 2

    def test_empty_reading_gives_empty_catalogue(self) -> None:
        catalogue = build_catalogue(Reading((), (), ()))
        assert (catalogue.papers, catalogue.merges, catalogue.record_count) == ((), (), 0)

    def test_slug_collision_between_different_papers_is_an_error(self) -> None:
        # "Café" slugs to "cafe-<hash>"; an ASCII title spelling that out takes the same slug.
        accented = record("Caf\u00e9", path="a.txt", line=2)
        digest = make_slug(title_key(accented.title)).rsplit("-", 1)[1]
        impostor = record(f"Cafe {digest}", path="b.txt", line=8)
        with pytest.raises(CatalogueError, match=r"b\.txt:8.*a\.txt:2|a\.txt:2.*b\.txt:8"):
            catalogue_of(accented, impostor)


def test_paper_url_is_papers_shard_slug() -> None:
    (paper,) = catalogue_of(record("Attention Is All You Need")).papers
    assert paper.url == "papers/at/attention-is-all-you-need/"
    assert paper.url == f"papers/{paper.slug[:2]}/{paper.slug}/"


# --- the bundled seed corpus ---------------------------------------------------------------------


def test_seed_corpus_catalogue() -> None:
    catalogue = build_catalogue(read_corpus([REPO / "corpus"], REPO))
    assert catalogue.record_count == 312
    assert len(catalogue.papers) == 310
    assert len(catalogue.merges) == 2
    seed_files = {file.path for file in catalogue.files}
    assert len(seed_files) == 2
    merged = [p for p in catalogue.papers if len(p.sources) > 1]
    assert len(merged) == 2
    for paper in merged:
        assert len(paper.sources) == 2
        assert {source.path for source in paper.sources} == seed_files
    slugs = [p.slug for p in catalogue.papers]
    assert len(set(slugs)) == len(slugs)
    assert max(len(s) for s in slugs) <= SLUG_MAX_LENGTH


# --- records from JSON Lines merged with dumps ---------------------------------------------------


def test_a_paper_in_a_dump_and_in_json_records_is_one_paper_with_the_richer_fields() -> None:
    merge = REPO / "tests" / "fixtures" / "records" / "merge"
    catalogue = build_catalogue(read_corpus([merge], REPO))
    assert catalogue.problems == ()
    (paper,) = catalogue.papers
    prefix = "tests/fixtures/records/merge"
    assert [str(s) for s in paper.sources] == [
        f"{prefix}/1-listing.txt:3",
        f"{prefix}/2-arxiv.jsonl:1",
        f"{prefix}/3-ours.jsonl:1",
    ]
    # The title of the first record read, the longest abstract, every optional field found.
    assert paper.title == "Population Based Training of Neural Networks"
    assert paper.abstract.endswith("stable training and better final performance.")
    assert paper.authors == ("Max Jaderberg", "Valentin Dalibard", "Simon Osindero")
    assert str(paper.date) == "2017-11-27"
    assert (paper.arxiv_id, paper.primary_class) == ("1711.09846", "cs.LG")
    assert paper.code_url == "https://github.com/example/pbt"
    assert paper.pinned_topics == ("optimization-and-training-dynamics",)
    assert paper.arxiv_abs_url == "https://arxiv.org/abs/1711.09846"
    assert paper.full_pdf_url == "https://arxiv.org/pdf/1711.09846"
    assert [(str(m.kept), str(m.merged)) for m in catalogue.merges] == [
        (f"{prefix}/1-listing.txt:3", f"{prefix}/2-arxiv.jsonl:1"),
        (f"{prefix}/1-listing.txt:3", f"{prefix}/3-ours.jsonl:1"),
    ]


def test_conflicting_fields_are_reported_and_the_first_value_kept(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        '{"title": "Same Paper", "abstract": "One abstract.", "date": "2024-03-01",'
        ' "authors": ["Ada Lovelace"], "arxiv_id": "2403.00001v1"}\n',
        encoding="utf-8",
    )
    (tmp_path / "b.jsonl").write_text(
        '{"title": "Same  paper", "abstract": "Another  abstract.", "date": "2024-03-02",'
        ' "authors": ["ada  lovelace"], "arxiv_id": "arXiv:2403.00001v3"}\n',
        encoding="utf-8",
    )
    catalogue = build_catalogue(read_corpus([tmp_path], tmp_path))
    (paper,) = catalogue.papers
    assert str(paper.date) == "2024-03-01"
    assert paper.authors == ("Ada Lovelace",)
    # Names that differ in case or spacing only, and arXiv versions, are no conflict.
    assert [str(p) for p in catalogue.problems] == [
        "a.jsonl:1: same title as b.jsonl:1 but a different abstract; merged, and the page "
        "shows the longer one",
        "b.jsonl:1: same paper as a.jsonl:1 but a different date (2024-03-02); the page shows "
        "2024-03-01",
    ]
