"""Tests of generator.archive: listing days, months, years, the home page's days, undated."""

from __future__ import annotations

import datetime

from generator.archive import HOME_MAX_PAPERS, build_archive
from generator.dates import MonthDay, paper_dates
from generator.model import Catalogue, Paper, Source
from generator.pages import Site

TODAY = datetime.date(2025, 3, 20)


def _paper(slug: str, listed: str | None = None, date: datetime.date | None = None) -> Paper:
    return Paper(slug, slug, "About it.", None, (Source("a.txt", 1, listed),), date=date)


def _archive(*papers: Paper):  # type: ignore[no-untyped-def]
    return build_archive(papers, paper_dates(papers, TODAY))


def _site(archive):  # type: ignore[no-untyped-def]
    return Site(Catalogue((), (), (), (), ()), (), archive=archive)


def test_days_newest_first_in_months_and_years_with_counts() -> None:
    archive = _archive(
        _paper("a", date=datetime.date(2025, 1, 2)),
        _paper("b", date=datetime.date(2025, 1, 2)),
        _paper("c", date=datetime.date(2024, 12, 31)),
        _paper("d", date=datetime.date(2025, 3, 1)),
    )
    assert [(day.title, day.count) for day in archive.days] == [
        ("1 Mar 2025", 1),
        ("2 Jan 2025", 2),
        ("31 Dec 2024", 1),
    ]
    assert [(m.title, m.count, m.url) for m in archive.months] == [
        ("March 2025", 1, "dates/2025/03/"),
        ("January 2025", 2, "dates/2025/01/"),
        ("December 2024", 1, "dates/2024/12/"),
    ]
    assert [(y.year, y.count) for y in archive.years] == [(2025, 3), (2024, 1)]
    assert archive.days[1].month == ("January 2025", "dates/2025/01/")
    assert [p.slug for p in archive.days[1].papers] == ["a", "b"]  # the order given


def test_days_without_a_year_sit_among_the_others_by_the_builds_guess() -> None:
    archive = _archive(
        _paper("old", date=datetime.date(2024, 6, 1)),
        _paper("listed", listed="Mar 18"),  # guessed 2025-03-18, never shown
        _paper("none"),
    )
    assert [day.title for day in archive.days] == ["Mar 18", "1 Jun 2024"]
    (no_year,) = archive.no_year_days
    assert no_year.key == MonthDay(3, 18) and no_year.month is None
    assert no_year.url == "dates/no-year/03-18/"
    assert [m.title for m in archive.months] == ["June 2024"]
    assert [p.slug for p in archive.undated] == ["none"]


def test_the_home_page_shows_the_newest_days_but_not_too_many_papers() -> None:
    big = [_paper(f"b{i}", date=datetime.date(2025, 3, 2)) for i in range(HOME_MAX_PAPERS)]
    archive = _archive(_paper("new", date=datetime.date(2025, 3, 3)), *big)
    assert [day.title for day in archive.latest] == ["3 Mar 2025"]
    earlier = _site(archive).earlier
    assert earlier is not None and earlier.title == "2 Mar 2025"
    huge = _archive(*big)
    assert [day.count for day in huge.latest] == [HOME_MAX_PAPERS]  # always one day
    assert _site(huge).earlier is None
    # A first day longer than the home page holds shows its first papers, and links the rest.
    longer = _archive(*big, _paper("last", date=datetime.date(2025, 3, 2)))
    ((day, shown),) = longer.home
    assert day.count == HOME_MAX_PAPERS + 1 and shown == day.papers[:HOME_MAX_PAPERS]
