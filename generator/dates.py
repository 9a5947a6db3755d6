"""Dates: every month table and date rule of the catalogue, in one place.

A paper's date is its record's date (`"date"` in JSON Lines, the first arXiv version), else the
date of its first listing that has one: the dump's date heading (`Mar 18`, `March 18, 2024`).
A heading without a year takes it from the dump's file name when the name holds one
(`2025-03-18.txt`, `2024-05-28_L1.txt`, a week such as `2024-W26_L1_5days.txt`, or a bare
year): the year that puts the heading nearest to the date the name gives, so that a listing
of Dec 30 in `2025-01-02.txt` is dated 2024. Otherwise the year is not known: readers see
`Mar 18` only, and the paper is filed under its month and day. To order such listings among
others, the build guesses the latest year that puts the day on or before the build date;
that guess is never shown.

A date before 1900 (`EARLIEST_YEAR`) or after the year after the build's is a slip of the pen
(`0001-01-01`, `Mar 18, 0001`), not a paper's: a record's such date is dropped with a warning
(`generator.records`), and a heading's or a file name's gives no date.

A paper with neither a record date nor a dated listing is undated: it has a page of its own in
the archive (`dates/undated/`), and no feed entry, since a feed orders papers by date.
"""

from __future__ import annotations

import datetime
import email.utils
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.model import Paper

EARLIEST_YEAR = 1900
"""The earliest year a paper's date may have; the latest is the year after the build's."""

# fmt: off
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
# fmt: on
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)
_MONTH_NUMBERS = {
    **{name.casefold(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name.casefold(): number for number, name in enumerate(MONTH_ABBREVIATIONS, start=1)},
    "sept": 9,
}
_MONTH_WORDS = "|".join(
    sorted({*MONTH_NAMES, *MONTH_ABBREVIATIONS, "Sept"}, key=lambda word: (-len(word), word))
)
HEADING = re.compile(rf"(?P<month>{_MONTH_WORDS})\.? (?P<day>\d{{1,2}})(?:,? (?P<year>\d{{4}}))?")
"""A listing's date heading, as a whole line: `Mar 18`, `Sept. 3`, `March 18, 2024`."""

# A date, an ISO week or a year in a file name, not inside a longer run of digits.
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_NAME_WEEK = re.compile(r"(?<!\d)(\d{4})-W(\d{2})(?!\d)")
_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class MonthDay:
    """A month and day whose year is not known."""

    month: int
    day: int


@dataclass(frozen=True, slots=True, order=True)
class PaperDate:
    """When a paper was listed or published, as the site shows and files it."""

    date: datetime.date
    """The full date; for a date whose year is not known, the build's guess (only for order)."""
    year_known: bool = True
    from_record: bool = False
    """From the paper's record (when it was published), not from a listing's heading."""

    @property
    def text(self) -> str:
        """As a reader reads it, in English whatever the locale: `18 Mar 2025`, or `Mar 18`."""
        return day_text(self.date) if self.year_known else month_day_text(self.date)

    @property
    def label(self) -> str:
        """The sentence a paper page shows under its title."""
        return f"{'Published' if self.from_record else 'Listed'} on {self.text}"

    @property
    def iso(self) -> str:
        """For `<time datetime>`: `2025-03-18`, or `--03-18` without a year."""
        return self.date.isoformat() if self.year_known else f"--{self.date:%m-%d}"

    @property
    def day_key(self) -> datetime.date | MonthDay:
        """The archive day the paper is filed under."""
        return self.date if self.year_known else MonthDay(self.date.month, self.date.day)


def day_text(date: datetime.date) -> str:
    """`18 Mar 2025`."""
    return f"{date.day} {MONTH_ABBREVIATIONS[date.month - 1]} {date.year}"


def long_day_text(date: datetime.date) -> str:
    """`18 March 2025`."""
    return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"


def month_day_text(date: datetime.date | MonthDay) -> str:
    """`Mar 18`."""
    return f"{MONTH_ABBREVIATIONS[date.month - 1]} {date.day}"


def month_text(year: int, month: int) -> str:
    """`March 2025`."""
    return f"{MONTH_NAMES[month - 1]} {year}"


def name_date(path: str) -> datetime.date | None:
    """The date a dump's file name gives, if any: a date, an ISO week's Monday, or a year's
    middle. Only the name is read, not the folders above it."""
    name = PurePosixPath(path).name
    if match := _NAME_DATE.search(name):
        try:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    if match := _NAME_WEEK.search(name):
        try:
            return datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
    if match := _NAME_YEAR.search(name):
        return datetime.date(int(match[1]), 7, 1)
    return None


def heading_date(
    heading: str, path: str, build: datetime.date
) -> tuple[datetime.date, bool] | None:
    """The date a heading names in the dump at `path`, and whether its year is known; None if
    the heading is no date."""
    match = HEADING.fullmatch(heading.strip())
    if match is None:
        return None
    month = _MONTH_NUMBERS[match["month"].casefold()]
    day = int(match["day"])
    if match["year"]:
        given = _valid(int(match["year"]), month, day)
        return (given, True) if given and in_range(given, build) else None
    anchor = name_date(path)
    if anchor is not None and in_range(anchor, build):
        candidates = [
            date
            for year in (anchor.year - 1, anchor.year, anchor.year + 1)
            if (date := _valid(year, month, day)) is not None
        ]
        if candidates:
            return min(candidates, key=lambda date: (abs(date - anchor), date)), True
    guess = _latest_on_or_before(month, day, build)
    return (guess, False) if guess else None


def in_range(date: datetime.date, build: datetime.date) -> bool:
    """Whether `date` may be a paper's, in a build on `build`: from `EARLIEST_YEAR` to the
    year after the build's."""
    return year_in_range(date.year, build)


def year_in_range(year: int, build: datetime.date) -> bool:
    """Whether `year` may be a paper date's, in a build on `build` (`in_range`)."""
    return EARLIEST_YEAR <= year <= latest_year(build)


def latest_year(build: datetime.date) -> int:
    """The latest year a paper's date may have, in a build on `build`: the year after."""
    return build.year + 1


def email_date(text: str) -> datetime.date | None:
    """The day of an email-style date (`Mon, 2 Apr 2007 19:18:42 GMT`, as arXiv dates its
    versions), or None. The year must be written in full: `email.utils` reads `Jan 0001` as
    2001, as it reads two-digit years."""
    try:
        parsed = email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        return None
    written = re.search(r"(?<!\d)\d{4}(?!\d)", text)
    return parsed if written and int(written[0]) == parsed.year else None


def _valid(year: int, month: int, day: int) -> datetime.date | None:
    if year < EARLIEST_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _latest_on_or_before(month: int, day: int, build: datetime.date) -> datetime.date | None:
    # Feb 29 looks back to the last leap year.
    for year in range(build.year, build.year - 8, -1):
        date = _valid(year, month, day)
        if date is not None and date <= build:
            return date
    return None


def paper_date(paper: Paper, build: datetime.date) -> PaperDate | None:
    """A paper's date: its record's, else its first dated listing's; None when it has none."""
    if paper.date is not None:
        return PaperDate(paper.date, year_known=True, from_record=True)
    for source in paper.sources:
        if source.listed and (found := heading_date(source.listed, source.path, build)):
            return PaperDate(found[0], year_known=found[1])
    return None


def paper_dates(papers: Iterable[Paper], build: datetime.date) -> Mapping[str, PaperDate]:
    """Each dated paper's date, by slug."""
    return {paper.slug: date for paper in papers if (date := paper_date(paper, build)) is not None}


def newest_first(
    papers: Iterable[Paper], dates: Mapping[str, PaperDate], files: Sequence[str]
) -> list[Paper]:
    """Papers newest first, the undated last; papers of one date keep the corpus's order
    (file, then line), then the slug's."""
    file_rank = {path: rank for rank, path in enumerate(files)}

    def key(paper: Paper) -> tuple[int, int, int, str]:
        first = paper.sources[0]
        date = dates.get(paper.slug)
        age = -date.date.toordinal() if date else 1
        return (age, file_rank.get(first.path, len(file_rank)), first.line, paper.slug)

    return sorted(papers, key=key)


def listing_names(paper: Paper) -> tuple[str, ...]:
    """Each listing of a paper as a reader knows it: its date heading and its name, the file's
    name without its folders or ending (`Mar 18, listing 2025-03-18_L1`); each once, in order."""
    names: dict[str, None] = {}
    for source in paper.sources:
        name = f"listing {PurePosixPath(source.path).stem}"
        # The guessed year of a heading without one is never shown, so any build date will do.
        found = (
            heading_date(source.listed, source.path, datetime.date.max) if source.listed else None
        )
        if found is not None:
            shown = day_text(found[0]) if found[1] else month_day_text(found[0])
            name = f"{shown}, {name}"
        names[name] = None
    return tuple(names)
