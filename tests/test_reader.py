"""The reader: from text dumps of a paper-listing page to records, problems and fatal errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import get_build_datetime

from generator.corpus import display_path, find_dumps, read_corpus
from generator.errors import CorpusError
from generator.model import Reading, Record
from generator.reader import decode_dump, looks_like_abstract, parse_dump
from generator.text import normalise_space
from tests.conftest import CORPUS, REPO

DUMPS = Path(__file__).resolve().parent / "fixtures" / "dumps"

BLOCKS_SEED = CORPUS / "000_8107e9cb12cc6d0e.txt"
LINES_SEED = CORPUS / "004_2f715f9ffb135102.txt"

# Two complete papers for the byte-level cases that are built inside the tests.
TITLE_A = "Aurora: Sparse Attention for Long Documents"
ABSTRACT_A = (
    "Aurora is a sparse attention scheme for documents of many thousands of tokens. "
    "It keeps a small set of global tokens and attends locally everywhere else."
)
TITLE_B = "Basalt: Robust Tabular Learning under Distribution Shift"
ABSTRACT_B = (
    "Basalt trains tabular models that keep their accuracy when the feature distribution "
    "drifts. Across twelve datasets it halves the accuracy lost to shift."
)
TITLE_C = "Cobalt: Contrastive Pretraining for Protein Pockets"
ABSTRACT_C = (
    "Cobalt learns embeddings of protein binding pockets by contrasting pockets that bind "
    "the same ligand. We release the model and a cleaned benchmark of pocket pairs."
)
CHROME = ["new", "Get trending papers in your email inbox!", "Subscribe"]

Triple = tuple[str, str, int]
Positional = Callable[[], list[Triple]]


# --- helpers -----------------------------------------------------------------------------------


def triples(records: tuple[Record, ...] | list[Record]) -> list[Triple]:
    """(title, abstract, line of the title) for each record, the shape the seed checks compare."""
    return [(r.title, r.abstract, r.source.line) for r in records]


def read_fixture(name: str) -> Reading:
    """Read one fixture dump through the whole pipeline, its path shown as its file name."""
    return read_corpus([DUMPS / name], DUMPS)


def line_of(name: str, start: str) -> int:
    """The 1-based line number of the one line of fixture `name` that starts with `start`."""
    lines = (DUMPS / name).read_bytes().decode("utf-8").split("\n")
    found = [number for number, line in enumerate(lines, start=1) if line.startswith(start)]
    assert len(found) == 1, f"{start!r} should start exactly one line of {name}: {found}"
    return found[0]


def system(title: str) -> str:
    """The first word of a fixture title ("Aurora:" -> "Aurora"); its abstract starts with it."""
    return title.split()[0].rstrip(":")


def assert_paired(records: tuple[Record, ...]) -> None:
    """Every fixture abstract opens with its own paper's name, so a shifted pairing shows."""
    for record in records:
        if record.abstract:
            assert record.abstract.startswith(system(record.title)), record


def write_dump(tmp_path: Path, data: bytes, name: str = "dump.txt") -> Reading:
    """Write `data` as one dump under `tmp_path` and read it, paths shown against `tmp_path`."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return read_corpus([path], tmp_path)


def dump_bytes(lines: list[str], newline: str = "\n") -> bytes:
    """Join `lines` with `newline` and encode as UTF-8; line N of the dump is lines[N - 1]."""
    return newline.join(lines).encode("utf-8")


def corpus_error(tmp_path: Path, data: bytes, name: str = "dump.txt") -> CorpusError:
    """The CorpusError raised when the dump `data` is read."""
    with pytest.raises(CorpusError) as caught:
        write_dump(tmp_path, data, name)
    return caught.value


# --- 1. the seed files, cross-checked against a position-based parse --------------------------


def _seed_lines(path: Path) -> list[str]:
    lines = path.read_bytes().decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _alternate(numbered: list[tuple[int, str]]) -> list[Triple]:
    assert len(numbered) % 2 == 0, "a position-based parse needs title/abstract pairs"
    return [
        (title, abstract, number)
        for (number, title), (_, abstract) in zip(numbered[::2], numbered[1::2], strict=True)
    ]


def positional_blocks_seed() -> list[Triple]:
    """File 000 only: after the `Mar 18` heading, the non-blank lines alternate title/abstract."""
    lines = _seed_lines(BLOCKS_SEED)
    heading = lines.index("Mar 18")
    before = {line for line in lines[:heading] if line}
    assert before == {
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "byAK and the research community",
    }
    numbered = [
        (number, line)
        for number, line in enumerate(lines, start=1)
        if number > heading + 1 and line.strip()
    ]
    return _alternate(numbered)


def positional_lines_seed() -> list[Triple]:
    """File 004 only: after two chrome lines, lines alternate title/abstract; first is glued."""
    lines = _seed_lines(LINES_SEED)
    assert all(line.startswith("Get trending papers in your email inbox") for line in lines[:2])
    assert lines[2].startswith("Subscribe")
    numbered = list(enumerate(lines, start=1))[2:]
    numbered[0] = (3, lines[2].removeprefix("Subscribe"))
    return _alternate(numbered)


SEEDS = [
    pytest.param(BLOCKS_SEED, positional_blocks_seed, 53, "Mar 18", id="000-blocks"),
    pytest.param(LINES_SEED, positional_lines_seed, 259, None, id="004-lines"),
]


@pytest.fixture(scope="module")
def seed_reading() -> Reading:
    return read_corpus([CORPUS], REPO)


@pytest.mark.parametrize(("path", "positional", "count", "listed"), SEEDS)
def test_seed_read_corpus_matches_positional_parse(
    seed_reading: Reading, path: Path, positional: Positional, count: int, listed: str | None
) -> None:
    """read_corpus gives every seed paper with exactly the file's title, abstract and line."""
    shown = path.relative_to(REPO).as_posix()
    records = [r for r in seed_reading.records if r.source.path == shown]
    expected = positional()
    assert len(expected) == count
    assert len(records) == count
    assert triples(records) == expected
    assert [p for p in seed_reading.problems if p.source.path == shown] == []
    assert {r.source.listed for r in records} == {listed}
    assert [f.records for f in seed_reading.files if f.path == shown] == [count]


@pytest.mark.parametrize(("path", "positional", "count", "listed"), SEEDS)
def test_seed_parse_dump_matches_positional_parse(
    path: Path, positional: Positional, count: int, listed: str | None
) -> None:
    """parse_dump on the decoded seed text agrees with the position-based parse too."""
    records, problems = parse_dump(path.read_bytes().decode("utf-8"), "seed.txt")
    assert triples(records) == positional()
    assert len(records) == count
    assert problems == []
    assert all(r.source.path == "seed.txt" and r.source.listed == listed for r in records)


@pytest.mark.parametrize(
    "positional", [positional_blocks_seed, positional_lines_seed], ids=["000-blocks", "004-lines"]
)
def test_seed_shapes_are_told_apart(positional: Positional) -> None:
    """No seed title looks like an abstract, and every seed abstract does."""
    pairs = positional()
    assert [t for t, _, _ in pairs if looks_like_abstract(t)] == []
    assert [a[:60] for _, a, _ in pairs if not looks_like_abstract(a)] == []


# --- 2. robustness: fixtures -------------------------------------------------------------------


def test_several_date_headings_each_record_gets_the_heading_above_it() -> None:
    name = "several_headings.txt"
    reading = read_fixture(name)
    assert reading.problems == ()
    assert [(r.title, r.source.listed) for r in reading.records] == [
        ("Aurora: Sparse Attention for Long Documents", "Mar 18"),
        ("Basalt: Robust Tabular Learning under Distribution Shift", "Mar 18"),
        ("Cobalt: Contrastive Pretraining for Protein Pockets", "Mar 17"),
        ("Dolomite: Fast Approximate Nearest Neighbours on Disk", "March 16, 2024"),
    ]
    assert [r.source.line for r in reading.records] == [
        line_of(name, r.title) for r in reading.records
    ]
    assert all(r.abstract for r in reading.records)
    assert_paired(reading.records)


@pytest.mark.parametrize("year", ["0001", "1899", "2999"])
def test_a_date_heading_of_no_paper_s_year_is_reported_and_its_papers_kept(year: str) -> None:
    text = (
        f"Mar 18, {year}\n\nAurora: Sparse Attention\n"
        "We study sparse attention for long documents, where full attention costs too much. "
        "Our method keeps a few tokens per block and matches dense models on six benchmarks.\n"
    )
    records, problems = parse_dump(text, "corpus/old.txt")
    assert [record.title for record in records] == ["Aurora: Sparse Attention"]
    latest = get_build_datetime().year + 1
    assert [str(problem) for problem in problems] == [
        f"corpus/old.txt:1: the date heading 'Mar 18, {year}' has a year before 1900 or after "
        f"{latest}; the papers below it are undated"
    ]


def test_missing_abstract_in_the_middle_keeps_the_paper_and_the_pairs_after_it() -> None:
    name = "missing_abstract_middle.txt"
    reading = read_fixture(name)
    assert [system(r.title) for r in reading.records] == ["Aurora", "Basalt", "Cobalt", "Dolomite"]
    basalt = reading.records[1]
    assert basalt.title == "Basalt: Robust Tabular Learning under Distribution Shift"
    assert basalt.abstract == ""
    assert all(r.abstract for r in reading.records if r is not basalt)
    assert_paired(reading.records)
    (problem,) = reading.problems
    assert problem.source == basalt.source
    assert str(problem).startswith(f"{name}:{line_of(name, 'Basalt')}: ")
    assert "no abstract" in problem.message
    assert problem.source.listed == "Mar 18"


def test_missing_abstract_at_the_end_of_the_file() -> None:
    name = "missing_abstract_end.txt"
    reading = read_fixture(name)
    assert [(system(r.title), bool(r.abstract)) for r in reading.records] == [
        ("Aurora", True),
        ("Basalt", True),
        ("Cobalt", False),
    ]
    assert_paired(reading.records)
    (problem,) = reading.problems
    assert str(problem).startswith(f"{name}:{line_of(name, 'Cobalt')}: ")
    assert "no abstract" in problem.message
    assert reading.files[0].records == 3


def test_date_heading_ends_a_title_that_has_no_abstract() -> None:
    """A title just above a heading keeps its own heading and never takes an abstract below it."""
    lines = ["Mar 18", TITLE_A, "Mar 17", ABSTRACT_C, TITLE_B, ABSTRACT_B]
    records, problems = parse_dump("\n".join(lines), "d.txt")
    assert [(r.title, r.abstract, r.source.listed) for r in records] == [
        (TITLE_A, "", "Mar 18"),
        (TITLE_B, ABSTRACT_B, "Mar 17"),
    ]
    assert [(str(p.source), p.source.listed) for p in problems] == [
        ("d.txt:2", "Mar 18"),
        ("d.txt:4", "Mar 17"),
    ]
    assert "no abstract" in problems[0].message
    assert "abstract without a title" in problems[1].message


def test_abstract_without_a_title_is_skipped_and_reported() -> None:
    name = "abstract_without_title.txt"
    reading = read_fixture(name)
    assert [(system(r.title), bool(r.abstract)) for r in reading.records] == [
        ("Aurora", True),
        ("Basalt", True),
    ]
    assert_paired(reading.records)
    assert [str(p) for p in reading.problems] == [
        f"{name}:{line_of(name, 'Orphaned abstracts')}: abstract without a title; skipped",
        f"{name}:{line_of(name, 'Stray abstracts')}: abstract without a title; skipped",
    ]
    assert all(p.source.listed == "Mar 18" for p in reading.problems)


def test_glued_subscribe_is_removed_but_a_title_starting_with_subscriber_is_kept() -> None:
    name = "glued_subscribe.txt"
    reading = read_fixture(name)
    assert reading.problems == ()
    assert [r.title for r in reading.records] == [
        "Aurora: Sparse Attention for Long Documents",
        "Subscriber Churn Prediction with Graph Neural Networks",
        "Basalt: Robust Tabular Learning under Distribution Shift",
    ]
    assert reading.records[0].source.line == line_of(name, "SubscribeAurora")
    assert_paired(reading.records)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("SubscribeDarwinLM: Evolutionary Pruning", "DarwinLM: Evolutionary Pruning"),
        ("Subscribe3D Gaussian Splatting at Scale", "3D Gaussian Splatting at Scale"),
        ("Subscriber Churn Prediction", "Subscriber Churn Prediction"),
        ("Subscribers Matter: A Study", "Subscribers Matter: A Study"),
        (
            "Subscribe to Nothing: Push Feeds Revisited",
            "Subscribe to Nothing: Push Feeds Revisited",
        ),
    ],
)
def test_glued_subscribe_prefix(line: str, title: str) -> None:
    records, _ = parse_dump(f"{line}\n{ABSTRACT_A}\n", "d.txt")
    assert [(r.title, r.abstract) for r in records] == [(title, ABSTRACT_A)]


def test_chrome_only_file_has_no_records_and_one_problem() -> None:
    name = "chrome_only.txt"
    reading = read_fixture(name)
    assert reading.records == ()
    assert reading.files[0].records == 0
    (problem,) = reading.problems
    assert "no papers found" in problem.message
    assert str(problem).startswith(f"{name}:1: ")


# --- 2. robustness: bytes built in the tests ---------------------------------------------------


@pytest.mark.parametrize(
    ("first", "listed", "titles"),
    [
        ("new", None, [TITLE_A]),
        ("Mar 18", "Mar 18", [TITLE_A]),
        (TITLE_C, None, [TITLE_C, TITLE_A]),
    ],
    ids=["before-chrome", "before-heading", "before-title"],
)
def test_utf8_bom_is_dropped(
    tmp_path: Path, first: str, listed: str | None, titles: list[str]
) -> None:
    """A BOM before chrome, a heading or a title does not stick to that first line."""
    data = b"\xef\xbb\xbf" + dump_bytes([first, TITLE_A, ABSTRACT_A])
    reading = write_dump(tmp_path, data)
    assert [r.title for r in reading.records] == titles
    assert reading.records[-1].abstract == ABSTRACT_A
    assert reading.records[-1].source.line == 2
    assert reading.records[-1].source.listed == listed
    assert all("\ufeff" not in r.title for r in reading.records)


@pytest.mark.parametrize("newline", [b"\r\n", b"\r", b"\n"], ids=["crlf", "lone-cr", "lf"])
def test_line_endings(tmp_path: Path, newline: bytes) -> None:
    """CRLF and lone CR end lines like LF: same texts, no stray CR, same line numbers."""
    lines = [
        b"new",  # 1
        b"",
        b"Mar 18",  # 3
        b"",
        TITLE_A.encode(),  # 5
        b"",
        ABSTRACT_A.encode(),  # 7
        b"",
        TITLE_B.encode(),  # 9: abstract missing
        b"",
        TITLE_C.encode(),  # 11
        b"",
        ABSTRACT_C.encode(),  # 13
        b"",
    ]
    reading = write_dump(tmp_path, newline.join(lines))
    assert triples(reading.records) == [
        (TITLE_A, ABSTRACT_A, 5),
        (TITLE_B, "", 9),
        (TITLE_C, ABSTRACT_C, 11),
    ]
    assert {r.source.listed for r in reading.records} == {"Mar 18"}
    assert [str(p.source) for p in reading.problems] == ["dump.txt:9"]


def test_mixed_line_endings_in_one_file(tmp_path: Path) -> None:
    data = b"Mar 18\r\n" + TITLE_A.encode() + b"\r" + ABSTRACT_A.encode() + b"\n"
    data += TITLE_B.encode() + b"\r\n\r\n" + ABSTRACT_B.encode()
    reading = write_dump(tmp_path, data)
    assert triples(reading.records) == [(TITLE_A, ABSTRACT_A, 2), (TITLE_B, ABSTRACT_B, 4)]
    assert reading.problems == ()


def test_trailing_and_leading_spaces_and_tabs_are_trimmed(tmp_path: Path) -> None:
    """Padded chrome and headings are still recognised; padded texts are kept exactly."""
    lines = [
        "new \t",
        "\tSubscribe  ",
        "Mar 18\t\t",
        "   ",
        f"  {TITLE_A} \t ",
        f"{ABSTRACT_A}\t",
        f"\t{TITLE_B}   ",
        f" {ABSTRACT_B}  \t",
    ]
    reading = write_dump(tmp_path, dump_bytes(lines, "\n"))
    assert triples(reading.records) == [(TITLE_A, ABSTRACT_A, 5), (TITLE_B, ABSTRACT_B, 7)]
    assert {r.source.listed for r in reading.records} == {"Mar 18"}
    assert reading.problems == ()


def test_unicode_spaces_become_single_spaces_and_other_text_is_kept(tmp_path: Path) -> None:
    """U+00A0 and other Unicode spaces inside texts, headings and chrome are plain spaces."""
    title = (
        "D\u00e9j\u00e0\u00a0Vu:\u00a0\u00a0\u03b5-Greedy\u2009Retrieval"
        " f\u00fcr\u202f\u00dcbersetzung"
    )
    abstract = (
        "We\u00a0revisit \u03b5-greedy retrieval\u2003for translation.\u3000It costs "
        "\u201cnothing\u201d\u2002at inference time (really)\u00a0and helps \u2248 2 BLEU."
    )
    data = dump_bytes(
        ["Get\u00a0trending papers in your email inbox!", "Mar\u00a018", title, abstract]
    )
    assert b"\xc2\xa0" in data and b"\xe3\x80\x80" in data
    reading = write_dump(tmp_path, data)
    assert triples(reading.records) == [
        (
            "D\u00e9j\u00e0 Vu: \u03b5-Greedy Retrieval f\u00fcr \u00dcbersetzung",
            "We revisit \u03b5-greedy retrieval for translation. It costs "
            "\u201cnothing\u201d at inference time (really) and helps \u2248 2 BLEU.",
            3,
        )
    ]
    assert reading.records[0].source.listed == "Mar 18"
    assert reading.problems == ()


def test_control_characters_are_whitespace(tmp_path: Path) -> None:
    """C0 and C1 controls split words like spaces and do not start new lines."""
    lines = [
        "Mar 18\x1b",
        "\x0c",  # a form feed alone on a line is a blank line
        "Deep\x07Learning\x1bfor\x7fRobots\x85in\x0bthe\x9fWild",  # 3
        f"\x01{ABSTRACT_A}\x0c\x02",
        TITLE_B,  # 5
        ABSTRACT_B.replace(". ", ".\x0b", 1),
    ]
    reading = write_dump(tmp_path, dump_bytes(lines))
    assert triples(reading.records) == [
        ("Deep Learning for Robots in the Wild", ABSTRACT_A, 3),
        (TITLE_B, ABSTRACT_B, 5),
    ]
    assert {r.source.listed for r in reading.records} == {"Mar 18"}
    assert reading.problems == ()


def test_normalise_space() -> None:
    assert normalise_space("  a\u00a0\u00a0b\tc\x00d\r\n") == "a b c d"
    assert normalise_space("\u00a0\t\x1f") == ""
    assert normalise_space("\u00e9\u03b5 \u201cq\u201d") == "\u00e9\u03b5 \u201cq\u201d"


def test_invisible_characters_are_dropped(tmp_path: Path) -> None:
    """A byte-order mark left where two dumps were joined, and zero-width spaces, vanish."""
    joined = dump_bytes(
        ["Mar 18", "", "Joined Title", "", ABSTRACT_A, "\ufeffnew", "Zero\u200bWidth"]
    )
    reading = write_dump(tmp_path, joined)
    assert [record.title for record in reading.records] == ["Joined Title", "ZeroWidth"]
    assert normalise_space("a\u200b b\ufeff") == "a b"


# --- 3. looks_like_abstract --------------------------------------------------------------------

TITLES = [
    "Attention Is All You Need",
    "Attention Is All You Need.",
    "Are Emergent Abilities of Large Language Models a Mirage?",
    "Do Large Language Models Know What They Do Not Know When They Answer Questions?",
    "Llama 3.1: Open Foundation and Fine-Tuned Chat Models for Dialogue at Scale",
    "A Unified Framework for Scalable Retrieval Augmented Generation with Structured "
    "Knowledge Graphs and Multi Hop Reasoning over Very Long Scientific Documents",
    "Scaling Laws for Neural Language Models: How Far Can We Push Them Without New Data!",
]
ABSTRACTS = [
    # one sentence of twelve words or more
    "We propose a simple method that improves retrieval for long documents by a wide margin.",
    # several sentences, the last one cut off without a full stop
    "We study pruning. It works on seven models! It needs no retraining and runs on one GPU",
    "Is scale all you need? We find it is not! Data quality matters more than model size here",
    # long text without any sentence punctuation, as a truncated abstract
    " ".join(["token"] * 40),
    # fewer than twelve words, but very long ones
    " ".join(["electroencephalographically"] * 11),
]


@pytest.mark.parametrize("title", TITLES)
def test_titles_do_not_look_like_abstracts(title: str) -> None:
    assert not looks_like_abstract(title)


@pytest.mark.parametrize("abstract", ABSTRACTS)
def test_abstracts_look_like_abstracts(abstract: str) -> None:
    assert looks_like_abstract(abstract)


def test_long_title_without_punctuation_stays_a_title_in_a_dump() -> None:
    """A long title followed by its abstract pairs up instead of being read as an abstract."""
    records, problems = parse_dump(f"{TITLES[5]}\n{ABSTRACT_A}\n", "d.txt")
    assert triples(records) == [(TITLES[5], ABSTRACT_A, 1)]
    assert problems == []


LONG_TITLE_IN_SENTENCES = (
    "Learning to Plan. Planning to Learn. A Study of Twelve Words or More in One Title."
)


def test_title_in_sentences_before_an_abstract_is_a_title() -> None:
    """A line in sentences with no title waiting is a title when an abstract follows it."""
    text = "\n".join([TITLE_B, ABSTRACT_B, LONG_TITLE_IN_SENTENCES, ABSTRACT_A])
    records, problems = parse_dump(text, "d.txt")
    assert [(r.title, r.abstract) for r in records] == [
        (TITLE_B, ABSTRACT_B),
        (LONG_TITLE_IN_SENTENCES, ABSTRACT_A),
    ]
    assert problems == []


def test_line_in_sentences_after_a_title_is_its_abstract() -> None:
    text = "\n".join([TITLE_B, LONG_TITLE_IN_SENTENCES, TITLE_B + " Again", ABSTRACT_A])
    records, problems = parse_dump(text, "d.txt")
    assert [(r.title, r.abstract) for r in records] == [
        (TITLE_B, LONG_TITLE_IN_SENTENCES),
        (TITLE_B + " Again", ABSTRACT_A),
    ]
    assert problems == []


def test_line_in_sentences_with_no_title_and_no_abstract_after_it_is_an_orphan() -> None:
    text = "\n".join([TITLE_B, ABSTRACT_B, LONG_TITLE_IN_SENTENCES])
    records, problems = parse_dump(text, "d.txt")
    assert [r.title for r in records] == [TITLE_B]
    assert [str(problem) for problem in problems] == ["d.txt:3: abstract without a title; skipped"]


def test_title_missing_its_abstract_before_a_long_title_in_sentences() -> None:
    """A pending title gives way to a line in sentences that has a full abstract after it."""
    full_abstract = f"{ABSTRACT_A} {ABSTRACT_B}"
    assert len(full_abstract.split()) >= 35
    text = "\n".join([TITLE_B, LONG_TITLE_IN_SENTENCES, full_abstract])
    records, problems = parse_dump(text, "d.txt")
    assert [(r.title, r.abstract) for r in records] == [
        (TITLE_B, ""),
        (LONG_TITLE_IN_SENTENCES, full_abstract),
    ]
    assert [str(problem) for problem in problems] == [
        "d.txt:1: title has no abstract after it; its page shows the title only"
    ]


def test_only_the_first_line_can_carry_the_glued_subscribe() -> None:
    text = "\n".join(["SubscribeAurora: One", ABSTRACT_A, "Subscribe-and-Forget: Push", ABSTRACT_B])
    records, _ = parse_dump(text, "d.txt")
    assert [r.title for r in records] == ["Aurora: One", "Subscribe-and-Forget: Push"]


@pytest.mark.parametrize("heading", ["Mar 18", "March 18", "Sept 3", "Dec. 1", "May 4, 2024"])
def test_date_headings(heading: str) -> None:
    records, _ = parse_dump(f"{heading}\n{TITLE_B}\n{ABSTRACT_B}\n", "d.txt")
    assert records[0].source.listed == heading


def test_a_short_title_that_starts_like_a_month_is_a_title() -> None:
    records, problems = parse_dump(f"Marvel 2\n{ABSTRACT_B}\n", "d.txt")
    assert [(r.title, r.source.listed) for r in records] == [("Marvel 2", None)]
    assert problems == []


# --- 4. fatal input errors ---------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(CorpusError) as caught:
        read_corpus([tmp_path / "dumps" / "missing.txt"], tmp_path)
    assert str(caught.value).startswith("dumps/missing.txt: ")
    assert caught.value.path == "dumps/missing.txt"
    assert "no such file or folder" in caught.value.message


@pytest.mark.parametrize(
    "data",
    [b"", b" \n\t\r\n  \n", b"\xef\xbb\xbf", b"\xc2\xa0\n\r\n"],
    ids=["zero-bytes", "whitespace", "bom-only", "nbsp-only"],
)
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    error = corpus_error(tmp_path, data, "dumps/empty.txt")
    assert str(error) == "dumps/empty.txt: empty file"


def test_binary_file(tmp_path: Path) -> None:
    error = corpus_error(tmp_path, b"Mar 18\n\nAurora\x00\x01\x02\n", "dumps/blob.txt")
    assert str(error).startswith("dumps/blob.txt: ")
    assert "binary file" in error.message
    assert "NUL byte on line 3" in error.message


@pytest.mark.parametrize(
    ("data", "byte", "line"),
    [
        (b"Mar 18\n\nD\xe9j\xe0 Vu\n", "0xe9", 3),  # Latin-1, not UTF-8
        (b"Mar 18\r\n" + TITLE_A.encode() + b"\r\nabc\x80\r\n", "0x80", 3),
    ],
    ids=["latin-1", "crlf"],
)
def test_non_utf8_file_names_the_byte_and_line(
    tmp_path: Path, data: bytes, byte: str, line: int
) -> None:
    error = corpus_error(tmp_path, data, "dumps/latin.txt")
    assert str(error).startswith("dumps/latin.txt: ")
    assert "not UTF-8" in error.message
    assert f"byte {byte} on line {line}" in error.message


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"], ids=["le", "be"])
def test_utf16_file_is_named_as_such(tmp_path: Path, bom: bytes) -> None:
    encoding = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"
    error = corpus_error(tmp_path, bom + "Mar 18\nTitle\n".encode(encoding))
    assert error.message == "UTF-16 text, not UTF-8; save the dump as UTF-8"


def test_non_utf8_file_with_a_bom_names_the_byte_and_line(tmp_path: Path) -> None:
    error = corpus_error(tmp_path, b"\xef\xbb\xbfab\ncd\n\xff\n")
    assert "byte 0xff on line 3" in error.message


@pytest.mark.parametrize(
    ("bad", "expected"),
    [(b"\x00", "NUL byte on line 3"), (b"\xff", "byte 0xff on line 3")],
    ids=["nul", "non-utf8"],
)
def test_bad_byte_line_in_a_lone_cr_file(tmp_path: Path, bad: bytes, expected: str) -> None:
    error = corpus_error(tmp_path, b"Mar 18\r" + TITLE_A.encode() + b"\rab" + bad + b"\r")
    assert expected in error.message


@pytest.mark.parametrize(
    "contents",
    [{}, {"notes.md": "x", "dump.txt.bak": "x", ".hidden.txt": "x", ".drafts/a.txt": "x"}],
    ids=["empty-folder", "no-visible-txt"],
)
def test_folder_without_dumps(tmp_path: Path, contents: dict[str, str]) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in contents.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        read_corpus([folder], tmp_path)
    assert str(caught.value).startswith("corpus: ")
    assert "no dump files (*.txt, *.jsonl, *.ndjson)" in caught.value.message


def test_error_names_a_path_outside_the_root_as_given(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    outside = tmp_path / "elsewhere" / "empty.txt"
    outside.parent.mkdir()
    outside.write_bytes(b"")
    with pytest.raises(CorpusError) as caught:
        read_corpus([outside], root)
    assert str(caught.value) == f"{outside.as_posix()}: empty file"


def test_decode_dump_keeps_the_text() -> None:
    assert decode_dump(b"\xef\xbb\xbfMar 18\r\nD\xc3\xa9j\xc3\xa0", "d.txt") == "Mar 18\r\nDéjà"


# --- 5. find_dumps and display_path ------------------------------------------------------------


def make_tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{TITLE_A}\n{ABSTRACT_A}\n", encoding="utf-8")


def test_find_dumps_recurses_in_sorted_order_and_skips_hidden_and_other_files(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "corpus"
    make_tree(
        folder,
        [
            "b.txt",
            "a/z.txt",
            "a/c.txt",
            "10.txt",
            "9.txt",
            "deep/er/x.txt",
            ".hidden.txt",
            ".drafts/d.txt",
            "a/.cache/e.txt",
            "notes.md",
            "b.txt.orig",
            "readme",
        ],
    )
    (folder / "folder.txt").mkdir()  # a folder with a dump's name is not a dump
    found = find_dumps([folder], tmp_path)
    assert [p.relative_to(folder).as_posix() for p in found] == [
        "10.txt",
        "9.txt",
        "a/c.txt",
        "a/z.txt",
        "b.txt",
        "deep/er/x.txt",
    ]


def test_find_dumps_keeps_the_order_of_the_paths_given(tmp_path: Path) -> None:
    make_tree(tmp_path, ["second/a.txt", "first/b.txt"])
    found = find_dumps([tmp_path / "second", tmp_path / "first"], tmp_path)
    assert [display_path(p, tmp_path) for p in found] == ["second/a.txt", "first/b.txt"]


def test_file_named_directly_and_through_its_folder_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same file spelled three ways (relative, via its folder, via "..") is read once."""
    folder = tmp_path / "corpus"
    make_tree(folder, ["a.txt", "b.txt"])
    monkeypatch.chdir(tmp_path)
    paths = [Path("corpus/b.txt"), folder, folder / ".." / "corpus" / "a.txt"]
    assert len(find_dumps(paths, tmp_path)) == 2
    reading = read_corpus(paths, tmp_path)
    assert [f.path for f in reading.files] == ["corpus/b.txt", "corpus/a.txt"]
    assert [str(r.source) for r in reading.records] == ["corpus/b.txt:1", "corpus/a.txt:1"]


def test_file_named_directly_is_read_whatever_its_extension(tmp_path: Path) -> None:
    make_tree(tmp_path, ["dump.md"])
    reading = read_corpus([tmp_path / "dump.md"], tmp_path)
    assert triples(reading.records) == [(TITLE_A, ABSTRACT_A, 1)]


def test_display_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    (root / "corpus").mkdir(parents=True)
    assert display_path(root / "corpus" / "a.txt", root) == "corpus/a.txt"
    assert display_path(root / "corpus" / ".." / "corpus" / "a.txt", root) == "corpus/a.txt"
    outside = tmp_path / "elsewhere" / "b.txt"
    assert display_path(outside, root) == outside.as_posix()
    monkeypatch.chdir(root)
    assert display_path(Path("corpus/a.txt"), root) == "corpus/a.txt"
    assert display_path(Path("corpus/a.txt"), Path(".")) == "corpus/a.txt"


def test_records_come_in_file_order_then_line_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(f"{TITLE_B}\n{ABSTRACT_B}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(
        f"{TITLE_A}\n{ABSTRACT_A}\n{TITLE_C}\n{ABSTRACT_C}\n", encoding="utf-8"
    )
    reading = read_corpus([tmp_path], tmp_path)
    assert [str(r.source) for r in reading.records] == ["a.txt:1", "a.txt:3", "b.txt:1"]
    assert [(f.path, f.records) for f in reading.files] == [("a.txt", 2), ("b.txt", 1)]


# normalise_space and the empty-file check, against the character-by-character definition.


def _normalised_by_character(text: str) -> str:
    """What normalise_space does, one character at a time (its first, slower form)."""
    text = text.replace("\ufeff", "").replace("\u200b", "")
    cleaned = "".join(
        " " if ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 else ch for ch in text
    )
    return " ".join(cleaned.split())


_HOSTILE = st.text(
    st.sampled_from(
        [chr(c) for c in range(0x00, 0x21)]
        + [chr(c) for c in range(0x7E, 0xA2)]
        + list("\u1680\u2000\u2007\u200a\u200b\u200c\u2028\u2029\u202f\u205f\u3000\ufeff")
        + list("a\u00e9\U0001d400\u0301\u0130\u00df-")
    ),
    max_size=40,
)


@given(_HOSTILE | st.text(max_size=40))
@settings(max_examples=500)
def test_normalise_space_is_the_character_by_character_definition(text: str) -> None:
    assert normalise_space(text) == _normalised_by_character(text)


@given(_HOSTILE)
@settings(max_examples=300)
def test_a_file_of_only_spaces_and_controls_is_empty(text: str) -> None:
    data = text.encode("utf-8")
    if "\x00" in text or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    empty = not _normalised_by_character(text.removeprefix("\ufeff"))
    if empty:
        with pytest.raises(CorpusError, match="empty file"):
            decode_dump(data, "x.txt")
    else:
        assert decode_dump(data, "x.txt") == text.removeprefix("\ufeff")


# --- 7. very long lines without sentences, and any input at all -------------------------------

LONG_TITLE = " ".join(f"Component{i} of a Very Long Title" for i in range(80))[:2000]
"""A 2,000-character title: no sentences, but longer than any abstract's lower bound."""


def test_a_2000_character_title_between_two_papers_keeps_its_abstract() -> None:
    text = "\n".join([TITLE_A, ABSTRACT_A, LONG_TITLE, ABSTRACT_B, TITLE_C, ABSTRACT_C])
    records, problems = parse_dump(text, "d.txt")
    assert triples(records) == [
        (TITLE_A, ABSTRACT_A, 1),
        (LONG_TITLE, ABSTRACT_B, 3),
        (TITLE_C, ABSTRACT_C, 5),
    ]
    assert problems == []


def test_a_2000_character_title_first_in_a_dump_is_a_title() -> None:
    records, problems = parse_dump(f"{LONG_TITLE}\n{ABSTRACT_A}\n", "d.txt")
    assert triples(records) == [(LONG_TITLE, ABSTRACT_A, 1)]
    assert problems == []


def test_a_long_line_without_sentences_after_a_title_is_its_abstract() -> None:
    """An abstract cut short of its first full stop, with a title after it, stays an abstract."""
    cut = " ".join(["words of an abstract cut short"] * 12)
    text = "\n".join([TITLE_A, cut, TITLE_B, ABSTRACT_B])
    records, problems = parse_dump(text, "d.txt")
    assert triples(records) == [(TITLE_A, cut, 1), (TITLE_B, ABSTRACT_B, 3)]
    assert problems == []


def test_a_title_waiting_gives_way_to_a_long_title_before_a_full_abstract() -> None:
    text = "\n".join([TITLE_A, LONG_TITLE, ABSTRACT_B])
    records, problems = parse_dump(text, "d.txt")
    assert triples(records) == [(TITLE_A, "", 1), (LONG_TITLE, ABSTRACT_B, 2)]
    assert [str(p) for p in problems] == [
        "d.txt:1: title has no abstract after it; its page shows the title only"
    ]


_DUMP_LINES = st.sampled_from(
    [TITLE_A, ABSTRACT_A, LONG_TITLE, "Mar 18", "Subscribe", "new", "", " ", "\ufeff", "\r"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=200)
    | st.text().map(str.encode)
    | st.lists(_DUMP_LINES | st.text(max_size=30)).map(lambda lines: "\n".join(lines).encode())
)
def test_no_input_makes_the_dump_reader_raise_anything_but_its_own_error(data: bytes) -> None:
    """Any bytes at all: a CorpusError (binary, not UTF-8, empty), or records and warnings."""
    try:
        text = decode_dump(data, "any.txt")
    except CorpusError as error:
        assert str(error).startswith("any.txt: ")
        return
    records, problems = parse_dump(text, "any.txt")
    assert records or problems
    for record in records:
        assert record.title and record.title == normalise_space(record.title)
    for problem in problems:
        assert str(problem).startswith("any.txt:")
