"""Tests of generator.records: JSON Lines in our format and arXiv's, and every bad line."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.cli import main
from generator.corpus import read_corpus
from generator.model import Record
from generator.records import parse_records
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
    assert (
        lines[1]
        == f"1 file, 6 records, 6 papers, 0 duplicates merged, {len(warnings)} warnings, 0 notes"
    )
    # The reader's warnings come first; the topics step adds its own (papers no topic took).
    assert warnings[: len(BAD_LINE_MESSAGES)] == BAD_LINE_MESSAGES
    assert all("listed as unsorted" in w for w in warnings[len(BAD_LINE_MESSAGES) :])
    assert main(["check", "--strict", "--corpus", str(RECORDS / "bad.jsonl")]) == 1
