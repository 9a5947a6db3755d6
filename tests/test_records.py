"""Tests of generator.records: JSON Lines in our format and arXiv's, and every bad line."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from generator.cli import main
from generator.corpus import read_corpus
from generator.model import Record
from generator.records import ARXIV_KEYS, OUR_FIELDS, parse_records
from tests.conftest import FIXTURES, REPO

RECORDS = FIXTURES / "records"
SCHEMA = REPO / "schemas" / "record.schema.json"
TOPICS = {"robotics", "optimization-and-training-dynamics", "datasets-and-benchmarks"}


def read(path: Path, known_topics: set[str] | None = None) -> tuple[list[Record], list[str]]:
    reading = read_corpus([path], REPO, known_topics)
    return list(reading.records), [str(problem) for problem in reading.problems]


def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


# --- our format ----------------------------------------------------------------------------------


def test_our_format_reads_every_field() -> None:
    records, problems = read(RECORDS / "ours.jsonl", TOPICS)
    assert problems == []
    full, minimal, own_pdf = records
    assert str(full.source) == "tests/fixtures/records/ours.jsonl:1"
    assert full.title == "Sparse Mixtures of Linear Experts for Tabular Data"
    assert full.abstract.startswith("We study sparse mixtures")
    assert full.authors == ("Ada Lovelace", "Alan M. Turing", "Grace Hopper Jr.")
    assert full.date == datetime.date(2024, 3, 18)
    assert full.arxiv_id == "2403.01234"  # the version is dropped: links lead to the latest
    assert full.external_url == "https://example.org/sparse-mixtures"
    assert full.code_url == "https://github.com/example/sparse-mixtures"
    assert full.pdf_url is None
    assert full.pinned_topics == ("optimization-and-training-dynamics", "datasets-and-benchmarks")
    assert (minimal.authors, minimal.date, minimal.arxiv_id, minimal.pinned_topics) == (
        (),
        None,
        None,
        (),
    )
    assert own_pdf.pdf_url == "https://example.org/notes.pdf"
    assert own_pdf.authors == ("Émilie du Châtelet",)


def test_every_fixture_of_our_format_is_valid_under_the_schema() -> None:
    check = validator()
    files = [RECORDS / "ours.jsonl", RECORDS / "hostile.jsonl", RECORDS / "merge" / "3-ours.jsonl"]
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            obj = json.loads(line)
            if path.name == "hostile.jsonl":
                obj.pop("code_url")  # the hostile record's javascript: URL is meant to be refused
            errors = [error.message for error in check.iter_errors(obj)]
            assert errors == [], f"{path.name}:{number}"


def test_the_schema_refuses_what_the_reader_reports() -> None:
    """Each bad line is one the schema refuses too, but for a topic the taxonomy lacks."""
    check = validator()
    lines = (RECORDS / "bad.jsonl").read_text(encoding="utf-8").splitlines()
    _, problems = read(RECORDS / "bad.jsonl", TOPICS)
    reported = {int(problem.split(":")[1]) for problem in problems}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            valid = check.is_valid(json.loads(line))
        except json.JSONDecodeError:
            valid = False
        topic_only = "underwater-basket-weaving" in line
        assert valid == (number not in reported or topic_only), f"bad.jsonl:{number}"


# --- arXiv's snapshot format ---------------------------------------------------------------------


def test_arxiv_snapshot_lines_are_normalised() -> None:
    records, problems = read(RECORDS / "arxiv.jsonl")
    assert problems == []
    new, old = records
    assert new.title == (
        "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    )
    assert new.abstract.startswith("A fully differential calculation in perturbative quantum")
    assert "\n" not in new.abstract and "  " not in new.abstract
    assert new.abstract.endswith("next-to-next-to-leading logarithmic accuracy.")
    # authors_parsed is [last, first, suffix]; the string form is not split when it is there.
    assert new.authors == ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan")
    assert new.date == datetime.date(2007, 4, 2)  # the first version's, not update_date
    assert (new.arxiv_id, new.primary_class) == ("0704.0001", "hep-ph")
    assert old.title == "On the Old Style of Identifiers"
    assert old.authors == ("Jane Doe", "John Smith")
    assert old.date == datetime.date(2006, 1, 2)
    assert (old.arxiv_id, old.primary_class) == ("math/0601001", "math.CO")


def test_the_format_is_told_per_line_by_its_keys() -> None:
    ours = {"title": "Ours", "abstract": "Our record.", "arxiv_id": "2401.00001"}
    theirs = {"id": "2401.00002", "title": "Theirs", "abstract": "x", "categories": "cs.CL"}
    # An `id` alone is not enough to make a snapshot line: it is an unknown field of ours.
    stray_id = {"id": "2401.00003", "title": "Stray", "abstract": "x"}
    text = "\n".join(json.dumps(obj) for obj in (ours, theirs, stray_id))
    records, problems = parse_records(text, "mixed.jsonl")
    assert [(r.arxiv_id, r.primary_class) for r in records] == [
        ("2401.00001", None),
        ("2401.00002", "cs.CL"),
        (None, None),
    ]
    assert [str(p) for p in problems] == ['mixed.jsonl:3: unknown field "id"; ignored']


def test_a_record_file_is_known_by_its_text_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "records.txt"
    path.write_text('{"title": "A Title", "abstract": "Its abstract."}\n', encoding="utf-8")
    reading = read_corpus([tmp_path], tmp_path)
    assert [(r.title, r.abstract) for r in reading.records] == [("A Title", "Its abstract.")]


def test_crlf_and_a_line_separator_inside_a_string() -> None:
    text = (
        '{"title": "One\u2028Line", "abstract": "A\\nB"}\r\n'
        '\r\n{"title": "Two", "abstract": "C"}\r\n'
    )
    records, problems = parse_records(text, "crlf.jsonl")
    assert problems == []
    assert [(r.title, r.abstract, r.source.line) for r in records] == [
        ("One Line", "A B", 1),
        ("Two", "C", 3),
    ]


# --- bad lines -----------------------------------------------------------------------------------

BAD = "tests/fixtures/records/bad.jsonl"
BAD_LINE_MESSAGES = [
    f"{BAD}:1: not valid JSON: Expecting property name enclosed in double quotes at column 57;"
    " line skipped",
    f"{BAD}:2: expected a JSON object (one paper per line), not an array; line skipped",
    f'{BAD}:3: no "title"; line skipped',
    f'{BAD}:4: "title" is empty; line skipped',
    f'{BAD}:5: "title" must be a string, not a number; line skipped',
    f'{BAD}:6: "authors" must be a list of strings, not a string; line skipped',
    f'{BAD}:7: "date" is not a date (YYYY-MM-DD): "2024-02-30"; ignored',
    f'{BAD}:8: unknown topic "underwater-basket-weaving" in "topics"; ignored',
    f'{BAD}:9: unknown field "autors"; ignored',
    f'{BAD}:10: no "abstract"; its page shows the title only',
    f'{BAD}:11: "url" is not an http(s) URL: "javascript:alert(1)"; ignored',
]


def test_every_bad_line_is_reported_and_nothing_else_is_lost() -> None:
    records, problems = read(RECORDS / "bad.jsonl", TOPICS)
    assert problems == BAD_LINE_MESSAGES
    # Lines 7 to 11 keep their paper without the value that could not be used; 13 is intact.
    assert [r.source.line for r in records] == [7, 8, 9, 10, 11, 13]
    by_line = {r.source.line: r for r in records}
    assert by_line[7].date is None
    assert by_line[8].pinned_topics == ("robotics",)
    assert by_line[10].abstract == ""
    assert by_line[11].external_url is None
    assert by_line[13].title == "The last good line"


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"title": "T", "abstract": 3}, '"abstract" must be a string, not a number'),
        (
            {"title": "T", "abstract": "A", "date": 20240101},
            '"date" must be a string, not a number',
        ),
        (
            {"title": "T", "abstract": "A", "topics": "robotics"},
            '"topics" must be a list of topic slugs, not a string',
        ),
        (
            {"title": "T", "abstract": "A", "authors": [None]},
            '"authors" must be a list of strings, not an array',
        ),
        (
            {"id": 7, "title": "T", "abstract": "A", "versions": []},
            '"id" must be a string, not a number',
        ),
        (
            {"id": "1", "title": "T", "abstract": "A", "authors_parsed": "x"},
            '"authors_parsed" must be a list of [last, first, suffix] lists',
        ),
        ({"id": "1", "title": "T", "versions": {}}, '"versions" must be a list of objects'),
    ],
)
def test_wrong_types_skip_the_line(obj: dict[str, object], message: str) -> None:
    records, problems = parse_records(json.dumps(obj), "t.jsonl")
    assert records == []
    assert [str(p) for p in problems] == [f"t.jsonl:1: {message}; line skipped"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"arxiv_id": "not-an-id"}, '"arxiv_id" is not an arXiv identifier: "not-an-id"; ignored'),
        ({"date": "18 March 2024"}, '"date" is not a date (YYYY-MM-DD): "18 March 2024"; ignored'),
        ({"pdf_url": "data:text/html,x"}, '"pdf_url" is not an http(s) URL: "data:text/html,x"'),
        ({"code_url": "//example.org/x"}, '"code_url" is not an http(s) URL: "//example.org/x"'),
    ],
)
def test_values_that_cannot_be_used_are_dropped_and_the_paper_kept(
    fields: dict[str, str], message: str
) -> None:
    line = json.dumps({"title": "Kept", "abstract": "Kept.", **fields})
    records, problems = parse_records(line, "v.jsonl")
    assert [r.title for r in records] == ["Kept"]
    assert str(problems[0]).startswith(f"v.jsonl:1: {message}")


def test_an_arxiv_date_that_cannot_be_read_falls_back_to_update_date() -> None:
    obj = {"id": "2401.00001", "title": "T", "abstract": "A", "update_date": "2024-01-05"}
    obj["versions"] = [{"version": "v1", "created": "sometime"}]
    records, problems = parse_records(json.dumps(obj), "a.jsonl")
    assert records[0].date == datetime.date(2024, 1, 5)
    assert [str(p) for p in problems] == [
        'a.jsonl:1: "versions" has a date that cannot be read: "sometime"'
    ]


def test_a_lone_surrogate_does_not_reach_the_page() -> None:
    records, _ = parse_records('{"title": "Broken \\ud800 text", "abstract": "A"}', "s.jsonl")
    assert records[0].title == "Broken ? text"
    records[0].title.encode("utf-8")


def test_a_file_of_blank_lines_has_one_problem() -> None:
    records, problems = parse_records("\n \n", "blank.jsonl")
    assert records == []
    assert [str(p) for p in problems] == ["blank.jsonl:1: no papers found in this file"]


def test_check_lists_bad_lines_and_strict_fails(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    status = main(["check", "--corpus", str(RECORDS / "bad.jsonl")])
    out, err = capsys.readouterr()
    assert status == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == f"{BAD}: 6 records"
    warnings = [line.removeprefix("warning: ") for line in lines if line.startswith("warning: ")]
    notes = [line.removeprefix("note: ") for line in lines if line.startswith("note: ")]
    assert lines[1] == (
        f"1 file, 6 records, 6 papers, 0 duplicates merged, {len(warnings)} warnings, "
        f"{len(notes)} notes"
    )
    # The reader's warnings; papers no topic took are notes (the Unsorted page lists them).
    assert warnings == BAD_LINE_MESSAGES
    assert notes and all("listed as unsorted" in note for note in notes)
    assert main(["check", "--strict", "--corpus", str(RECORDS / "bad.jsonl")]) == 1


# --- input that must never end in a traceback ----------------------------------------------------

HUGE = "9" * 5000
"""An integer longer than Python reads by default (4,300 digits)."""


def test_a_huge_integer_in_an_unknown_field_keeps_the_paper() -> None:
    line = f'{{"title": "Kept", "abstract": "Kept.", "n": {HUGE}}}'
    records, problems = parse_records(line, "h.jsonl")
    assert [r.title for r in records] == ["Kept"]
    assert [str(p) for p in problems] == ['h.jsonl:1: unknown field "n"; ignored']


def test_a_huge_integer_as_a_title_skips_that_line_only() -> None:
    text = f'{{"title": {HUGE}}}\n{{"title": "Next", "abstract": "Read."}}'
    records, problems = parse_records(text, "h.jsonl")
    assert [r.title for r in records] == ["Next"]
    assert [str(p) for p in problems] == [
        'h.jsonl:1: "title" must be a string, not a number; line skipped'
    ]


@pytest.mark.parametrize("url", ["http://[::1", "https://[anonymized]/x", "http://:80/"])
def test_a_url_that_cannot_be_parsed_is_dropped_with_a_warning(url: str) -> None:
    line = json.dumps({"title": "Kept", "abstract": "Kept.", "url": url})
    records, problems = parse_records(line, "u.jsonl")
    assert records[0].title == "Kept" and records[0].external_url is None
    assert [str(p) for p in problems] == [
        f'u.jsonl:1: "url" is not an http(s) URL: "{url}"; ignored'
    ]


@pytest.mark.parametrize(
    ("obj", "date"),
    [
        ({"date": "0001-01-01"}, "0001-01-01"),
        ({"date": "1899-12-31"}, "1899-12-31"),
        ({"date": "2032-01-01"}, "2032-01-01"),
        ({"id": "2401.00001", "update_date": "0999-05-05"}, "0999-05-05"),
        (
            {"id": "2401.00001", "versions": [{"created": "Sat, 14 Oct 1066 09:00:00 GMT"}]},
            "1066-10-14",
        ),
    ],
)
def test_a_date_before_1900_or_after_next_year_is_dropped_with_a_warning(
    obj: dict[str, object], date: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01: "next year" is 2031
    line = json.dumps({"title": "Kept", "abstract": "Kept.", **obj})
    records, problems = parse_records(line, "d.jsonl")
    assert records[0].date is None
    assert [str(p) for p in problems] == [
        f"d.jsonl:1: the date {date} is before 1900 or after 2031; ignored"
    ]


def test_a_version_dated_year_0001_is_not_read_as_2001() -> None:
    created = "Mon, 1 Jan 0001 00:00:00 GMT"
    obj = {"id": "2401.00001", "title": "T", "abstract": "A", "versions": [{"created": created}]}
    records, problems = parse_records(json.dumps(obj), "v.jsonl")
    assert records[0].date is None
    assert [str(p) for p in problems] == [
        f'v.jsonl:1: "versions" has a date that cannot be read: "{created}"'
    ]


def test_dates_from_1900_to_next_year_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")
    text = "\n".join(
        json.dumps({"title": f"T{i}", "abstract": "A.", "date": d})
        for i, d in enumerate(["1900-01-01", "2030-06-01", "2031-12-31"])
    )
    records, problems = parse_records(text, "d.jsonl")
    assert problems == []
    assert [r.date.year if r.date else None for r in records] == [1900, 2030, 2031]


@pytest.mark.parametrize(
    ("obj", "authors", "message"),
    [
        ({"authors": ["Ada", "", "  ", "Alan"]}, ("Ada", "Alan"), '"authors" has 2 empty names'),
        (
            {"id": "2401.00001", "update_date": "2024-01-01", "authors": "Ada, , Alan"},
            ("Ada", "Alan"),
            '"authors" has an empty name',
        ),
        (
            {
                "id": "2401.00001",
                "categories": "cs.LG",
                "authors_parsed": [["Lovelace", "Ada"], ["", ""]],
            },
            ("Ada Lovelace",),
            '"authors_parsed" has an empty name',
        ),
    ],
)
def test_empty_author_names_are_dropped_with_a_warning(
    obj: dict[str, object], authors: tuple[str, ...], message: str
) -> None:
    line = json.dumps({"title": "Kept", "abstract": "Kept.", **obj})
    records, problems = parse_records(line, "a.jsonl")
    assert records[0].authors == authors
    assert [str(p) for p in problems] == [f"a.jsonl:1: {message}; dropped"]


def test_control_characters_in_a_warning_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "esc.jsonl"
    dump.write_text(
        json.dumps({"title": "Kept", "abstract": "Kept.", "date": "\x1b[1A\x1b[2Kwhen\u202e"})
        + "\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(REPO)
    assert main(["check", "--corpus", str(dump)]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\u202e" not in out + err
    assert (
        f'warning: {dump.as_posix()}:1: "date" is not a date (YYYY-MM-DD): '
        '"\\e[1A\\e[2Kwhen\\u202e"; ignored'
    ) in out.splitlines()


def test_check_reads_the_rest_of_the_corpus_after_each_bad_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The three inputs that once ended in a traceback, through the command a user runs."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        json.dumps({"title": "First", "abstract": "One.", "url": "http://[::1"})
        + f'\n{{"title": "Second", "abstract": "Two.", "n": {HUGE}}}\n'
        + json.dumps({"title": "Third", "abstract": "Code: https://[anonymized] soon."})
        + "\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(REPO)
    assert main(["check", "--corpus", str(corpus)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    shown = (corpus / "a.jsonl").as_posix()
    warnings = [line for line in out.splitlines() if line.startswith("warning: ")]
    assert f'warning: {shown}:1: "url" is not an http(s) URL: "http://[::1"; ignored' in warnings
    assert f'warning: {shown}:2: unknown field "n"; ignored' in warnings
    assert (
        f"warning: {shown}:3: the abstract's URL https://[anonymized] is not a valid URL; "
        "shown as text"
    ) in warnings
    assert f"{shown}: 3 records" in out.splitlines()


_HUGE_MARK = "<huge integer>"
"""Stands for `HUGE` in a generated value: json.dumps cannot write an integer that long."""
_LEAF = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.sampled_from([_HUGE_MARK, "http://[::1", "0001-01-01", "Sat, 14 Oct 1066 09:00:00 GMT"])
)
_JSON = st.recursive(
    _LEAF,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=6,
)
_KEYS = st.sampled_from(
    sorted({*OUR_FIELDS, *ARXIV_KEYS, "id", "created", "version", "authors_parsed"})
)
_RECORD = st.builds(
    lambda title, fields: {"title": title, **fields},
    st.text(max_size=10),
    st.dictionaries(_KEYS, _JSON | st.lists(st.dictionaries(_KEYS, _LEAF), max_size=2), max_size=6),
)


def _line(value: object) -> str:
    if isinstance(value, str) and not value.startswith('"'):
        return value.replace("\n", " ")  # text that is no JSON
    return json.dumps(value).replace(json.dumps(_HUGE_MARK), HUGE)


@settings(max_examples=200, deadline=None)
@given(st.lists(_JSON | _RECORD | st.text(max_size=40), max_size=5))
def test_no_json_value_makes_the_record_reader_raise(values: list[object]) -> None:
    """Any JSON value on a line (and any text that is no JSON) is a record or a warning."""
    text = "\n".join(_line(value) for value in values)
    records, problems = parse_records(text, "any.jsonl")
    for problem in problems:
        assert str(problem).startswith("any.jsonl:")
        assert "\x1b" not in str(problem)
    for record in records:
        assert record.title
        assert record.date is None or record.date.year >= 1900
