"""The archive by date: a page per listing day and per month, and one for the undated papers.

Days whose year is known are filed under their month (`dates/2025/03/18/`); days whose year no
heading or file name gives are filed by month and day alone (`dates/no-year/03-18/`), ordered
among the others by the build's guess of their year (`generator.dates`). Every list is newest
first; papers of one day keep the corpus's order.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator import urls
from generator.dates import MonthDay, PaperDate, day_text, month_day_text, month_text
from generator.model import Paper

HOME_DAYS = 3
"""How many of the newest listing days the home page shows."""
HOME_MAX_PAPERS = 40
"""The home page stops adding days once it shows this many papers (it always shows one day)."""


@dataclass(frozen=True, slots=True)
class Day:
    """One listing day and its papers."""

    key: datetime.date | MonthDay
    papers: tuple[Paper, ...]
    sort_date: datetime.date
    """The day's date, its year guessed when unknown: only for order."""

    @property
    def year_known(self) -> bool:
        return isinstance(self.key, datetime.date)

    @property
    def title(self) -> str:
        """`18 Mar 2025`, or `Mar 18` when the year is not known."""
        return (
            day_text(self.key) if isinstance(self.key, datetime.date) else month_day_text(self.key)
        )

    @property
    def url(self) -> str:
        if isinstance(self.key, datetime.date):
            return urls.day_url(self.key.year, self.key.month, self.key.day)
        return urls.no_year_day_url(self.key.month, self.key.day)

    @property
    def count(self) -> int:
        return len(self.papers)

    @property
    def month(self) -> tuple[str, str] | None:
        """The title and URL of the day's month, when its year is known."""
        if isinstance(self.key, datetime.date):
            year, month = self.key.year, self.key.month
            return month_text(year, month), urls.month_url(year, month)
        return None


@dataclass(frozen=True, slots=True)
class Month:
    """A month of listing days whose year is known."""

    year: int
    month: int
    days: tuple[Day, ...]
    """Newest first."""

    @property
    def title(self) -> str:
        return month_text(self.year, self.month)

    @property
    def url(self) -> str:
        return urls.month_url(self.year, self.month)

    @property
    def count(self) -> int:
        return sum(day.count for day in self.days)


@dataclass(frozen=True, slots=True)
class Year:
    """A year's months, for the archive's index."""

    year: int
    months: tuple[Month, ...]

    @property
    def count(self) -> int:
        return sum(month.count for month in self.months)


@dataclass(frozen=True, slots=True)
class Archive:
    """Every listing day, newest first, with its months, and the papers without a date."""

    days: tuple[Day, ...]
    months: tuple[Month, ...]
    undated: tuple[Paper, ...]

    @property
    def years(self) -> tuple[Year, ...]:
        """The months grouped by year, newest first."""
        by_year: dict[int, list[Month]] = {}
        for month in self.months:
            by_year.setdefault(month.year, []).append(month)
        return tuple(Year(year, tuple(months)) for year, months in by_year.items())

    @property
    def no_year_days(self) -> tuple[Day, ...]:
        """The days whose year is not known, newest first by the build's guess."""
        return tuple(day for day in self.days if not day.year_known)

    @property
    def latest(self) -> tuple[Day, ...]:
        """The days the home page shows: the newest `HOME_DAYS`, fewer when they are long."""
        shown: list[Day] = []
        total = 0
        for day in self.days[:HOME_DAYS]:
            if shown and total + day.count > HOME_MAX_PAPERS:
                break
            shown.append(day)
            total += day.count
        return tuple(shown)

    @property
    def home(self) -> tuple[tuple[Day, tuple[Paper, ...]], ...]:
        """The days the home page shows, each with the papers it shows: all of them, but for a
        first day longer than `HOME_MAX_PAPERS`, which shows that many and links the rest."""
        return tuple((day, day.papers[:HOME_MAX_PAPERS]) for day in self.latest)


def build_archive(newest: Sequence[Paper], dates: Mapping[str, PaperDate]) -> Archive:
    """The archive of papers given newest first (`dates.newest_first`)."""
    by_day: dict[datetime.date | MonthDay, list[Paper]] = {}
    sort_dates: dict[datetime.date | MonthDay, datetime.date] = {}
    undated: list[Paper] = []
    for paper in newest:
        date = dates.get(paper.slug)
        if date is None:
            undated.append(paper)
            continue
        by_day.setdefault(date.day_key, []).append(paper)
        sort_dates.setdefault(date.day_key, date.date)
    days = sorted(
        (Day(key, tuple(papers), sort_dates[key]) for key, papers in by_day.items()),
        key=lambda day: (-day.sort_date.toordinal(), day.year_known),
    )
    by_month: dict[tuple[int, int], list[Day]] = {}
    for day in days:
        if isinstance(day.key, datetime.date):
            by_month.setdefault((day.key.year, day.key.month), []).append(day)
    months = tuple(
        Month(year, month, tuple(month_days))
        for (year, month), month_days in sorted(by_month.items(), reverse=True)
    )
    return Archive(tuple(days), months, tuple(undated))
