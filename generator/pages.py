"""What the catalogue's pages show: the site as data for the templates (topic listings, the A–Z
letter groups, related papers), and the readable forms of titles and descriptions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from markupsafe import escape

from generator import urls
from generator.archive import Archive, Day, build_archive
from generator.authors import Author, author_key, build_authors
from generator.dates import PaperDate, newest_first
from generator.model import Catalogue, Paper, Topic
from generator.prev_next import PrevNext
from generator.text import plain_text
from generator.topics import papers_by_topic, unsorted

DESCRIPTION_MAX_CHARS = 160
SNIPPET_MAX_CHARS = 100
PAGER_WINDOW = 2
"""Pages linked either side of the current one, in a long list's pager."""
LETTER_PAGE_SIZE = 100
"""Papers a page of an A–Z list (the site's, a topic's) shows, a line each: a finding aid by
title, as a library's index is, where the newest-first listings show snippets and topics. A
hundred lines take some 20 KB; a letter's first page also links each of its pages (about 100
for the largest letter at 100,000 papers, 2 KB of links)."""
LIST_PAGE_SIZE = 50
"""Papers a listing page shows (a day, a topic, the undated): at 450 to 520 bytes a summary,
fifty take some 25 KB, within the 40 KB page budget with the site's chrome."""
LIST_PAGE_BYTES = 26 * 1024
"""The most bytes of summaries a listing page holds (`summary_bytes`): a guard for pages of
long-titled papers with many topics, which end before fifty. The richest chrome, a topic's
first page's (the nav lists every topic), is some 14 KB of the 40 KB budget; a letter's first
page links each of the letter's pages, as much again at 100,000 papers."""
DAY_PAGE_BYTES = 32 * 1024
"""The same for a day's pages and the undated papers', whose chrome is the plainest (some
6.5 KB): their summaries show every topic of a paper, so they run longer than a topic's."""
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What MkDocs knows of a page being rendered, that a view's context may need."""

    canonical_url: str | None
    """The page's absolute URL, when the site's URL is configured."""
    site_name: str
    description: str
    """The view's own description, made once before the page renders."""


@dataclass(frozen=True, slots=True)
class LetterGroup:
    """The papers of the A–Z list that start with one letter (or with a digit)."""

    letter: str
    anchor: str
    papers: tuple[Paper, ...]
    pages: tuple[tuple[tuple[Paper, ...], Pagination], ...]
    """The papers split into pages of at most `LETTER_PAGE_SIZE` titles, made once: the A–Z
    index and the letter's own pages both read them."""

    @property
    def url(self) -> str:
        """The letter's first page."""
        return urls.letter_url(self.anchor)


@dataclass(frozen=True, slots=True)
class Pagination:
    """Where a page sits in a list split into pages: its number (from 1) and every page's URL."""

    number: int
    urls: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < len(self.urls) else None

    @property
    def pages(self) -> tuple[tuple[int, str], ...]:
        """Each page's number and URL, for the page links."""
        return tuple(enumerate(self.urls, start=1))

    def shown(self, every: bool = False) -> tuple[tuple[int, str] | None, ...]:
        """The page links a pager shows, None for a gap: every page when `every` or when there
        are few (a letter's first page links all its pages, so that each is two clicks from
        the home page), else the first, the last and `PAGER_WINDOW` either side of this one, so
        that a list of hundreds of pages keeps its pages within the page budget."""
        if every or self.count <= 2 * PAGER_WINDOW + 5:
            return self.pages
        near = range(
            max(1, self.number - PAGER_WINDOW), min(self.count, self.number + PAGER_WINDOW) + 1
        )
        numbers = sorted({1, self.count, *near})
        shown: list[tuple[int, str] | None] = []
        for number in numbers:
            if shown and shown[-1] is not None and number > shown[-1][0] + 1:
                shown.append(None)
            shown.append((number, self.urls[number - 1]))
        return tuple(shown)


def paginate(
    items: Sequence[T],
    per_page: int,
    first_url: str,
    *,
    size: Callable[[T], int] | None = None,
    page_bytes: int = LIST_PAGE_BYTES,
) -> list[tuple[tuple[T, ...], Pagination]]:
    """`items` split into pages of at most `per_page`, and, given their `size`, of at most
    `page_bytes` (an item larger than that has a page of its own): each page's items and where
    it sits. An empty list is one empty page, so that the list's URL always exists."""
    pages: list[tuple[T, ...]] = []
    page: list[T] = []
    used = 0
    for item in items:
        weight = size(item) if size is not None else 0
        if page and (len(page) == per_page or used + weight > page_bytes):
            pages.append(tuple(page))
            page, used = [], 0
        page.append(item)
        used += weight
    if page or not pages:
        pages.append(tuple(page))
    page_urls = tuple(urls.page_url(first_url, number) for number in range(1, len(pages) + 1))
    return [(page, Pagination(number, page_urls)) for number, page in enumerate(pages, start=1)]


_SUMMARY_MARKUP = len('<li><a class="ps-summary__title" href=""></a><p></p></li>\n')
"""The bytes of a summary's own markup (partials/paper-summary.html): its item, title link and
snippet paragraph; the parts that not every summary has are counted apart."""
_BADGE_BYTES = len(' <span class="ps-badge ps-badge--code">Code</span>')
_DATE_BYTES = len(' <time datetime="2025-03-18">18 Mar 2025</time>')
_CHIPS_MARKUP = len('<div class="ps-chips"></div>')
_CHIP_MARKUP = len('<a href=""></a>')
_LINE_MARKUP = len('<li><a class="ps-summary__title" href=""></a></li>')
"""The bytes of a line's own markup (partials/paper-lines.html): its item and title link."""
_UP_BYTES = len("../../../")
"""The way up from a topic's later page (`topics/speech/2/`) to the site's root: a link from a
listing is relative, as long as its way up; a topic's chip, from a topic's page, is shorter."""


def summary_bytes(paper: Paper, shown_on: Topic | None = None) -> int:
    """A paper's summary in a listing, in bytes of HTML: the markup of the summary's template,
    its page's link, its title and snippet as escaped, and a chip for each of its topics but
    `shown_on`, the topic whose page lists it. Within a few bytes of what a topic's page writes,
    above it on the whole; listing pages are cut by it (`paginate`)."""
    # From a topic's page, another topic's page is a sibling (`../../../<slug>/` at most).
    chips = sum(
        _CHIP_MARKUP
        + _UP_BYTES
        + (len(topic.slug) + 1 if shown_on else len(topic.url))
        + _escaped_bytes(topic.name)
        for topic in paper.topics
        if topic != shown_on
    )
    return (
        _SUMMARY_MARKUP
        + _entry_bytes(paper)
        + _escaped_bytes(snippet(paper))
        + (_CHIPS_MARKUP + chips if chips else 0)
    )


def _entry_bytes(paper: Paper) -> int:
    """What a summary and an A–Z line both hold: the paper's link, title, badge and date."""
    return (
        _UP_BYTES
        + len(paper.url)
        + _escaped_bytes(title_text(paper))
        + (_BADGE_BYTES if paper.has_code else 0)
        + _DATE_BYTES
    )


def _escaped_bytes(text: str) -> int:
    return len(str(escape(text)).encode("utf-8"))


@dataclass(frozen=True, slots=True)
class TopicListing:
    """A topic's page: its papers, those whose primary topic it is first, each group by slug."""

    topic: Topic
    papers: tuple[Paper, ...]
    primary_count: int
    newest: tuple[Paper, ...] = ()
    """The same papers, newest first."""

    @property
    def count(self) -> int:
        return len(self.papers)

    @property
    def a_to_z(self) -> tuple[Paper, ...]:
        """The papers by slug, which follows the title."""
        return tuple(sorted(self.papers, key=lambda paper: paper.slug))

    @property
    def primary(self) -> tuple[Paper, ...]:
        """The papers mainly about this topic."""
        return self.papers[: self.primary_count]

    @property
    def secondary_count(self) -> int:
        return self.count - self.primary_count

    @property
    def secondary(self) -> tuple[Paper, ...]:
        """The papers also about this topic, but mainly about another."""
        return self.papers[self.primary_count :]


@dataclass(frozen=True, slots=True)
class Site:
    """What the templates receive, besides the page itself."""

    catalogue: Catalogue
    letters: tuple[LetterGroup, ...]
    topics: tuple[TopicListing, ...] = ()
    """Every topic of the taxonomy, in the taxonomy's order, with its papers."""
    unsorted: tuple[Paper, ...] = ()
    """The papers that no topic took."""
    related: Mapping[str, tuple[Paper, ...]] = field(default_factory=dict)
    """Each paper's related papers, nearest first, by slug."""
    prev_next: Mapping[str, PrevNext] = field(default_factory=dict)
    """Each filed paper's previous and next paper in its primary topic, by slug."""
    bibtex: Mapping[str, str] = field(default_factory=dict)
    """Each paper's BibTeX entry, by slug, for the papers that have one; keys are unique across
    the catalogue, so they are made for all papers at once."""
    dates: Mapping[str, PaperDate] = field(default_factory=dict)
    """Each dated paper's date, by slug (`generator.dates`)."""
    shown_bibtex: Mapping[str, str] = field(default_factory=dict)
    """The entry a paper page shows where it is cut (a list of hundreds of authors), by slug;
    the whole entry is a file beside the page (`generator.bibtex.bib_file`)."""
    archive: Archive = field(default_factory=lambda: Archive((), (), ()))
    """The listing days, newest first, and the undated papers."""
    authors: Mapping[str, Author] = field(default_factory=dict)
    """The authors with a page, by matched name (`generator.authors`)."""

    def author_url(self, name: str) -> str | None:
        """The page of the author of this name, if they have one."""
        author = self.authors.get(author_key(name))
        return author.url if author else None

    def date_of(self, paper: Paper) -> PaperDate | None:
        """The paper's date, if it has one."""
        return self.dates.get(paper.slug)

    @property
    def topics_by_count(self) -> tuple[TopicListing, ...]:
        """The topics with the most papers first; ties by name."""
        return tuple(sorted(self.topics, key=lambda item: (-item.count, item.topic.name)))

    @property
    def home(self) -> tuple[tuple[Day, tuple[Paper, ...]], ...]:
        """The days the home page shows with the papers it shows of each (`Archive.home`), cut
        once their summaries pass what a listing page holds (`LIST_PAGE_BYTES`); the first
        paper is always shown, and a cut day links the rest."""
        shown: list[tuple[Day, tuple[Paper, ...]]] = []
        used = 0
        for day, papers in self.archive.home:
            kept: list[Paper] = []
            for paper in papers:
                used += summary_bytes(paper)
                if used > LIST_PAGE_BYTES and (kept or shown):
                    break
                kept.append(paper)
            if kept:
                shown.append((day, tuple(kept)))
            if len(kept) < len(papers):
                break
        return tuple(shown)

    @property
    def earlier(self) -> Day | None:
        """The newest day the home page does not show."""
        shown = len(self.home)
        days = self.archive.days
        return days[shown] if shown < len(days) else None

    @property
    def largest_topic_count(self) -> int:
        return max((listing.count for listing in self.topics), default=0)

    def bar_width(self, listing: TopicListing) -> float:
        """A topic's bar on the overview, as a percentage of the largest topic's."""
        return round(100 * listing.count / (self.largest_topic_count or 1), 1)


def title_text(paper: Paper) -> str:
    """The title as readable plain text: LaTeX remnants cleaned (`M^3GPT` reads `M³GPT`)."""
    return _clean_title(paper.title, paper.short_name)


@lru_cache(maxsize=1 << 17)
def _clean_title(title: str, short_name: str | None) -> str:
    # A title is shown on its page, in the A–Z list, topic lists and five related lists:
    # clean it once. Titles are short, so keeping them all costs little.
    return plain_text(title, short_name)


def describe(paper: Paper) -> str:
    """A one-line description for search engines: the abstract's start, cut at a word."""
    text = plain_text(paper.abstract, paper.short_name) or title_text(paper)
    return _cut(text, DESCRIPTION_MAX_CHARS)


def snippet(paper: Paper) -> str:
    """The start of the abstract that listings show, as clean text as on the paper's page."""
    return _snippet(paper.abstract, paper.short_name)


@lru_cache(maxsize=1 << 17)
def _snippet(abstract: str, short_name: str | None) -> str:
    # A paper is listed on its day, its topics' pages (two orders each) and its authors' pages.
    return _cut(plain_text(abstract, short_name), SNIPPET_MAX_CHARS)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


def line_bytes(paper: Paper) -> int:
    """A paper's line in an A–Z list, in bytes of HTML: its link, title, badge and date."""
    return _LINE_MARKUP + _entry_bytes(paper)


def letter_groups(papers: Iterable[Paper]) -> tuple[LetterGroup, ...]:
    """Group papers by the first character of their slug: A to Z, and 0–9 for digits."""
    groups: dict[str, list[Paper]] = {}
    for paper in sorted(papers, key=lambda paper: paper.slug):
        initial = paper.slug[0]
        groups.setdefault("0–9" if initial.isdigit() else initial.upper(), []).append(paper)
    letters = []
    for letter, members in sorted(groups.items(), key=lambda item: (item[0] != "0–9", item[0])):
        anchor = "0-9" if letter == "0–9" else letter.lower()
        papers = tuple(members)
        first_url = urls.letter_url(anchor)
        pages = paginate(papers, LETTER_PAGE_SIZE, first_url, size=line_bytes)
        letters.append(LetterGroup(letter, anchor, papers, tuple(pages)))
    return tuple(letters)


def topic_listings(catalogue: Catalogue, newest: Sequence[Paper]) -> tuple[TopicListing, ...]:
    """Every topic of the catalogue with its papers, in the taxonomy's order."""
    by_topic = papers_by_topic(catalogue.papers)
    rank = {paper.slug: index for index, paper in enumerate(newest)}
    listings = []
    for topic in catalogue.topics:
        papers = by_topic.get(topic.slug, ())
        primary_count = sum(1 for paper in papers if paper.primary_topic == topic)
        by_date = tuple(sorted(papers, key=lambda paper: rank[paper.slug]))
        listings.append(TopicListing(topic, papers, primary_count, by_date))
    return tuple(listings)


def site_of(
    catalogue: Catalogue,
    related: Mapping[str, tuple[Paper, ...]],
    prev_next: Mapping[str, PrevNext],
    bibtex: Mapping[str, str],
    dates: Mapping[str, PaperDate],
    shown_bibtex: Mapping[str, str] | None = None,
) -> Site:
    """Everything the templates need beyond the page itself."""
    newest = newest_first(catalogue.papers, dates, [file.path for file in catalogue.files])
    return Site(
        catalogue,
        letter_groups(catalogue.papers),
        topic_listings(catalogue, newest),
        unsorted(catalogue.papers),
        related=related,
        prev_next=prev_next,
        bibtex=bibtex,
        dates=dates,
        shown_bibtex=shown_bibtex or {},
        archive=build_archive(newest, dates),
        authors=build_authors(newest),
    )
