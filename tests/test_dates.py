"""Tests of generator.dates: headings, years from file names, paper dates and their texts."""

from __future__ import annotations

import datetime

import pytest

from generator.dates import (
    HEADING,
    MonthDay,
    PaperDate,
    email_date,
    heading_date,
    listing_names,
    name_date,
    newest_first,
    paper_date,
)
from generator.model import Paper, Source

BUILD = datetime.date(2025, 3, 20)


def _paper(slug: str, *sources: Source, date: datetime.date | None = None) -> Paper:
    return Paper(slug, slug.title(), "About it.", None, sources, date=date)


@pytest.mark.parametrize(
    ("line", "is_heading"),
    [
        ("Mar 18", True),
        ("March 18, 2024", True),
        ("Sept. 3", True),
        ("May 5 2024", True),
        ("mar 18", False),  # headings are written as the listing writes them
        ("Marching 18", False),
        ("Mar 18: a title", False),
    ],
)
def test_heading_lines(line: str, is_heading: bool) -> None:
    assert (HEADING.fullmatch(line) is not None) is is_heading


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("corpus/2025-03-18.txt", datetime.date(2025, 3, 18)),
        ("dumps/2024-05-28_L1.txt", datetime.date(2024, 5, 28)),
        ("dumps/2024-W26_L1_5days.txt", datetime.date(2024, 6, 24)),  # the week's Monday
        ("listing-2023.txt", datetime.date(2023, 7, 1)),
        ("2025/000_8107e9cb12cc6d0e.txt", None),  # folders are not read, nor hashes
        ("2025-02-30.txt", datetime.date(2025, 7, 1)),  # no such day: the year still holds
    ],
)
def test_the_date_a_file_name_gives(path: str, expected: datetime.date | None) -> None:
    assert name_date(path) == expected


@pytest.mark.parametrize(
    ("heading", "path", "expected"),
    [
        ("Mar 18", "2025-03-18.txt", (datetime.date(2025, 3, 18), True)),
        ("Dec 30", "2025-01-02.txt", (datetime.date(2024, 12, 30), True)),  # across new year
        ("Jan 2", "2024-W52_L1_5days.txt", (datetime.date(2025, 1, 2), True)),
        ("March 18, 2023", "2025-03-18.txt", (datetime.date(2023, 3, 18), True)),  # its own year
        ("Mar 18", "a.txt", (datetime.date(2025, 3, 18), False)),  # a guess, never shown
        ("Mar 21", "a.txt", (datetime.date(2024, 3, 21), False)),  # after the build: last year
        ("Feb 29", "a.txt", (datetime.date(2024, 2, 29), False)),
        ("Mar 32", "2025-03-18.txt", None),
        ("Feb 30, 2024", "a.txt", None),
        # A year before 1900 or after next year is a slip, not a listing's: no date, and a
        # file name's such year gives none either (the build's year is guessed instead).
        ("Mar 18, 0001", "a.txt", None),
        ("Mar 18, 1899", "a.txt", None),
        ("Mar 18, 2027", "a.txt", None),
        ("Mar 18, 2026", "a.txt", (datetime.date(2026, 3, 18), True)),
        ("Mar 18", "0001-03-18.txt", (datetime.date(2025, 3, 18), False)),
    ],
)
def test_a_heading_takes_its_year_from_the_file_name(
    heading: str, path: str, expected: tuple[datetime.date, bool] | None
) -> None:
    assert heading_date(heading, path, BUILD) == expected


def test_a_record_date_comes_before_a_listing_and_a_listing_before_none() -> None:
    listed = Source("2025-03-18.txt", 4, "Mar 18")
    record = _paper("r", Source("r.jsonl", 1), listed, date=datetime.date(2025, 3, 10))
    assert paper_date(record, BUILD) == PaperDate(datetime.date(2025, 3, 10), True, True)
    dump = _paper("d", Source("a.txt", 1), listed)  # the first source has no heading
    assert paper_date(dump, BUILD) == PaperDate(datetime.date(2025, 3, 18), True, False)
    assert paper_date(_paper("n", Source("a.txt", 1)), BUILD) is None


def test_what_readers_see_of_a_date() -> None:
    known = PaperDate(datetime.date(2025, 3, 18))
    assert (known.text, known.label, known.iso) == (
        "18 Mar 2025",
        "Listed on 18 Mar 2025",
        "2025-03-18",
    )
    assert known.day_key == datetime.date(2025, 3, 18)
    guessed = PaperDate(datetime.date(2025, 3, 18), year_known=False)
    assert (guessed.text, guessed.label, guessed.iso) == ("Mar 18", "Listed on Mar 18", "--03-18")
    assert guessed.day_key == MonthDay(3, 18)
    published = PaperDate(datetime.date(2024, 1, 5), from_record=True)
    assert published.label == "Published on 5 Jan 2024"


def test_listings_are_shown_by_date_and_name_not_path_and_line() -> None:
    paper = _paper(
        "p",
        Source("corpus/2025-03-18_L1.txt", 27, "Mar 18"),
        Source("corpus/000_abc.txt", 3, "Mar 18"),
        Source("corpus/records.jsonl", 9),
        Source("corpus/again/records.jsonl", 2),
    )
    assert listing_names(paper) == (
        "18 Mar 2025, listing 2025-03-18_L1",
        "Mar 18, listing 000_abc",
        "listing records",
    )


def test_newest_first_undated_last_and_ties_in_corpus_order() -> None:
    papers = [
        _paper("b", Source("x.txt", 9, "Mar 18")),
        _paper("a", Source("x.txt", 3, "Mar 18")),
        _paper("none", Source("y.txt", 1)),
        _paper("new", Source("z.jsonl", 1), date=datetime.date(2025, 3, 19)),
    ]
    dates = {p.slug: d for p in papers if (d := paper_date(p, BUILD))}
    ordered = newest_first(papers, dates, ["x.txt", "y.txt", "z.jsonl"])
    assert [p.slug for p in ordered] == ["new", "a", "b", "none"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, 2 Apr 2007 19:18:42 GMT", datetime.date(2007, 4, 2)),
        ("Sat, 14 Oct 1066 09:00:00 GMT", datetime.date(1066, 10, 14)),  # records drop it
        ("Mon, 1 Jan 0001 00:00:00 GMT", None),  # email.utils reads it as 2001
        ("Mon, 1 Jan 07 00:00:00 GMT", None),  # two digits: which century?
        ("yesterday", None),
    ],
)
def test_an_email_date_must_write_its_year_in_full(
    text: str, expected: datetime.date | None
) -> None:
    assert email_date(text) == expected
