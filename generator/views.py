"""The kinds of page the catalogue adds to the site: one class each, and one function that
generates every page of that kind.

A view knows its source URI, its template, its title and description (plain text; the plugin
escapes them for the theme) and what its template receives beyond the site. Adding a kind of
page is one class and one `_generate_*` function here, its template, and its nav entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from generator import urls
from generator.archive import Day, Month
from generator.authors import MIN_PAPERS, PAPERS_PER_PAGE, Author, AuthorShard, author_shards
from generator.model import Paper
from generator.pages import (
    DAY_PAGE_BYTES,
    LETTER_PAGE_SIZE,
    LIST_PAGE_SIZE,
    LetterGroup,
    PageMeta,
    Pagination,
    Site,
    TopicListing,
    describe,
    line_bytes,
    paginate,
    summary_bytes,
    title_text,
)
from generator.paper_page import paper_page
from generator.topics import UNSORTED_SLUG

TOPIC_PAGE_SIZE = LIST_PAGE_SIZE


@dataclass(frozen=True, slots=True)
class View:
    """A page the build generates."""

    template: ClassVar[str]
    in_nav: ClassVar[bool] = True
    """Paper pages stay out of the nav: rendering the nav on every page costs pages² work."""
    hide_toc: ClassVar[bool] = False

    url: str
    title: str

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)

    def description(self) -> str:
        """The page's description for search engines, as plain text."""
        raise NotImplementedError

    def context(self, site: Site, meta: PageMeta) -> dict[str, object]:
        """What the template receives beyond the site (`papershelf`) and MkDocs' own context."""
        return {}


@dataclass(frozen=True, slots=True)
class AllPapersView(View):
    """The A–Z list's index: the letter bar, and each letter's pages."""

    template: ClassVar[str] = "papershelf/papers.html"
    count: int

    def description(self) -> str:
        return f"All {self.count} papers of the catalogue, A to Z."


@dataclass(frozen=True, slots=True)
class LetterView(View):
    """One page of the papers whose title starts with one letter, with the letter bar."""

    template: ClassVar[str] = "papershelf/letter.html"
    in_nav: ClassVar[bool] = False
    hide_toc: ClassVar[bool] = True
    group: LetterGroup
    papers: tuple[Paper, ...]
    pagination: Pagination

    def description(self) -> str:
        return f"Papers starting with {self.group.letter}, A to Z."

    def context(self, site: Site, meta: PageMeta) -> dict[str, object]:
        return {"group": self.group, "papers": self.papers, "pagination": self.pagination}


@dataclass(frozen=True, slots=True)
class TopicsView(View):
    """The overview of every topic."""

    template: ClassVar[str] = "papershelf/topics.html"
    topics: int
    papers: int

    def description(self) -> str:
        return f"The {self.topics} topics of the catalogue's {self.papers} papers."


@dataclass(frozen=True, slots=True)
class TopicView(View):
    """One page of a topic's papers, newest first or A to Z; without a listing, the papers that
    no topic took."""

    template: ClassVar[str] = "papershelf/topic.html"
    hide_toc: ClassVar[bool] = True
    listing: TopicListing | None
    papers: tuple[Paper, ...]
    pagination: Pagination
    sort: str = "newest"
    """`newest` or `a-z`."""
    sorts: tuple[tuple[str, str], ...] = ()
    """The other order's name and URL: the sort links."""

    def description(self) -> str:
        return self.listing.topic.description if self.listing else "Papers that no topic took yet."

    def context(self, site: Site, meta: PageMeta) -> dict[str, object]:
        return {
            "listing": self.listing,
            "papers": self.papers,
            "pagination": self.pagination,
            "sort": self.sort,
            "sorts": self.sorts,
        }


@dataclass(frozen=True, slots=True)
class TopicPageView(TopicView):
    """A later page, or the A–Z order, of a topic: out of the nav."""

    in_nav: ClassVar[bool] = False


@dataclass(frozen=True, slots=True)
class UnsortedView(TopicView):
    """The papers that no topic took: a topic page without a topic, linked but not in the nav."""

    in_nav: ClassVar[bool] = False


@dataclass(frozen=True, slots=True)
class DatesView(View):
    """The archive's index: every month with its count, and the days without a year."""

    template: ClassVar[str] = "papershelf/dates.html"
    count: int

    def description(self) -> str:
        return f"The catalogue's {self.count} papers by the day they were listed."


@dataclass(frozen=True, slots=True)
class MonthView(View):
    """A month of the archive: its listing days with their counts."""

    template: ClassVar[str] = "papershelf/month.html"
    in_nav: ClassVar[bool] = False
    month: Month
    older: Month | None
    newer: Month | None

    def description(self) -> str:
        return f"Papers listed in {self.month.title}."

    def context(self, site: Site, meta: PageMeta) -> dict[str, object]:
        return {"month": self.month, "older": self.older, "newer": self.newer}


@dataclass(frozen=True, slots=True)
class DayView(View):
    """A listing day's papers, with the days before and after it."""

    template: ClassVar[str] = "papershelf/day.html"
    in_nav: ClassVar[bool] = False
    hide_toc: ClassVar[bool] = True
    day: Day
    older: Day | None
    newer: Day | None
    papers: tuple[Paper, ...]
    """The papers of this page of the day."""
    pagination: Pagination

    def description(self) -> str:
        return f"Papers listed on {self.day.title}."

    def context(self, site: Site, meta: PageMeta) -> dict[str, object]:
        return {
            "day": self.day,
            "older": self.older,
            "newer": self.newer,
            "papers": self.papers,
            "pagination": self.pagination,
        }


@dataclass(frozen=True, slots=True)
class UndatedView(View):
    """A page of the papers that have no date at all."""

    template: ClassVar[str] = "papershelf/undated.html"
    in_nav: ClassVar[bool] = False
    hide_toc: ClassVar[bool] = True
    papers: tuple[Paper, ...]
    pagination: Pagination

    def description(self) -> str:
        return "Papers whose listing gave no date."

    def context(self, site: Site, meta: PageMeta) -> dict[str, object]:
        return {"papers": self.papers, "pagination": self.pagination}


@dataclass(frozen=True, slots=True)
class AuthorView(View):
    """An author's papers, newest first, and their frequent co-authors."""

    template: ClassVar[str] = "papershelf/author.html"
    in_nav: ClassVar[bool] = False
    hide_toc: ClassVar[bool] = True
    author: Author
    papers: tuple[Paper, ...]
    """The papers of this page of the author's."""
    pagination: Pagination

    def description(self) -> str:
        return f"{len(self.author.papers)} papers by {self.author.name} in the catalogue."

    def context(self, site: Site, meta: PageMeta) -> dict[str, object]:
        return {"author": self.author, "papers": self.papers, "pagination": self.pagination}


@dataclass(frozen=True, slots=True)
class AuthorsView(View):
    """The authors index: the folders of author pages, by letter, with their counts."""

    template: ClassVar[str] = "papershelf/authors.html"
    shards: tuple[AuthorShard, ...]

    def description(self) -> str:
        count = sum(len(shard.authors) for shard in self.shards)
        return f"The {count} authors with a page in the catalogue, with their paper counts."

    def context(self, site: Site, meta: PageMeta) -> dict[str, object]:
        letters: dict[str, list[AuthorShard]] = {}
        for shard in self.shards:
            letters.setdefault(shard.letter, []).append(shard)
        return {
            "shards": self.shards,
            "letters": tuple(letters.items()),
            "author_count": sum(len(shard.authors) for shard in self.shards),
            "min_papers": min(
                (len(author.papers) for shard in self.shards for author in shard.authors),
                default=MIN_PAPERS,
            ),
        }


@dataclass(frozen=True, slots=True)
class AuthorShardView(View):
    """A page of the authors index: authors whose slug starts with two characters, A to Z."""

    template: ClassVar[str] = "papershelf/author-shard.html"
    in_nav: ClassVar[bool] = False
    hide_toc: ClassVar[bool] = True
    shard: AuthorShard
    authors: tuple[Author, ...]
    pagination: Pagination

    def description(self) -> str:
        return f"Authors whose name starts with {self.shard.shard}, with their paper counts."

    def context(self, site: Site, meta: PageMeta) -> dict[str, object]:
        return {"shard": self.shard, "authors": self.authors, "pagination": self.pagination}


@dataclass(frozen=True, slots=True)
class PaperView(View):
    """One paper's page."""

    template: ClassVar[str] = "papershelf/paper.html"
    in_nav: ClassVar[bool] = False
    hide_toc: ClassVar[bool] = True
    paper: Paper

    def description(self) -> str:
        return describe(self.paper)

    def context(self, site: Site, meta: PageMeta) -> dict[str, object]:
        # Made when the page renders, not before: the whole catalogue's pages are never held.
        page = paper_page(site, self.paper)
        return {"paper": self.paper, "paper_page": page}


def _generate_all_papers(site: Site) -> Iterator[View]:
    yield AllPapersView(urls.ALL_PAPERS_URL, "All papers", count=len(site.catalogue.papers))
    for group in site.letters:
        for papers, pagination in group.pages:
            title = f"Papers: {group.letter}"
            if pagination.count > 1:
                title += f" (page {pagination.number} of {pagination.count})"
            yield LetterView(
                pagination.urls[pagination.number - 1], title, group, papers, pagination
            )


def _generate_topics(site: Site) -> Iterator[View]:
    if not site.topics:
        return
    papers = len(site.catalogue.papers)
    yield TopicsView(urls.TOPICS_URL, "Topics", topics=len(site.topics), papers=papers)
    for listing in site.topics:
        slug = listing.topic.slug
        newest_url, a_z_url = urls.topic_url(slug), urls.topic_a_z_url(slug)
        orders = (("newest", newest_url, listing.newest), ("a-z", a_z_url, listing.a_to_z))
        for sort, first_url, ordered in orders:
            other = tuple((name, url) for name, url, _ in orders if name != sort)
            # The A–Z order lists titles a line each (pages.LETTER_PAGE_SIZE), as the site's.
            if sort == "a-z":
                per_page, size = LETTER_PAGE_SIZE, line_bytes
            else:
                per_page, size = TOPIC_PAGE_SIZE, partial(summary_bytes, shown_on=listing.topic)
            for page, pagination in paginate(ordered, per_page, first_url, size=size):
                kind = TopicView if (sort, pagination.number) == ("newest", 1) else TopicPageView
                title = listing.topic.name
                if (sort, pagination.number) != ("newest", 1):
                    title += " (A–Z" if sort == "a-z" else " (newest first"
                    title += f", page {pagination.number} of {pagination.count})"
                url = pagination.urls[pagination.number - 1]
                yield kind(url, title, listing, page, pagination, sort, other)
    # The unsorted page always exists, so that its URL is stable.
    for page, pagination in paginate(
        site.unsorted, TOPIC_PAGE_SIZE, urls.topic_url(UNSORTED_SLUG), size=summary_bytes
    ):
        title = "Unsorted" if pagination.number == 1 else f"Unsorted (page {pagination.number})"
        yield UnsortedView(pagination.urls[pagination.number - 1], title, None, page, pagination)


def _generate_archive(site: Site) -> Iterator[View]:
    archive = site.archive
    yield DatesView(urls.DATES_URL, "By date", count=len(site.catalogue.papers))
    for index, month in enumerate(archive.months):
        older = archive.months[index + 1] if index + 1 < len(archive.months) else None
        newer = archive.months[index - 1] if index else None
        yield MonthView(month.url, month.title, month, older, newer)
    for index, day in enumerate(archive.days):
        older_day = archive.days[index + 1] if index + 1 < len(archive.days) else None
        newer_day = archive.days[index - 1] if index else None
        for papers, pagination in paginate(
            day.papers, LIST_PAGE_SIZE, day.url, size=summary_bytes, page_bytes=DAY_PAGE_BYTES
        ):
            title = f"Listed on {day.title}"
            if pagination.count > 1:
                title += f" (page {pagination.number} of {pagination.count})"
            url = pagination.urls[pagination.number - 1]
            yield DayView(url, title, day, older_day, newer_day, papers, pagination)
    for page, pagination in paginate(
        archive.undated,
        LIST_PAGE_SIZE,
        urls.UNDATED_URL,
        size=summary_bytes,
        page_bytes=DAY_PAGE_BYTES,
    ):
        title = "Undated papers"
        if pagination.count > 1:
            title += f" (page {pagination.number} of {pagination.count})"
        yield UndatedView(pagination.urls[pagination.number - 1], title, page, pagination)


AUTHORS_PER_INDEX_PAGE = 300
"""Authors a page of the authors index lists (about 60 bytes each)."""


def _generate_authors(site: Site) -> Iterator[View]:
    shards = author_shards(site.authors)
    # The index always exists (its nav entry links it), with no author at all.
    yield AuthorsView(urls.AUTHORS_URL, "Authors", shards)
    for shard in shards:
        first = shard.url
        for authors, pagination in paginate(shard.authors, AUTHORS_PER_INDEX_PAGE, first):
            title = f"Authors: {shard.shard}"
            if pagination.count > 1:
                title += f" (page {pagination.number} of {pagination.count})"
            url = pagination.urls[pagination.number - 1]
            yield AuthorShardView(url, title, shard, authors, pagination)
    for author in site.authors.values():
        for papers, pagination in paginate(author.papers, PAPERS_PER_PAGE, author.url):
            title = author.name
            if pagination.count > 1:
                title += f" (page {pagination.number} of {pagination.count})"
            url = pagination.urls[pagination.number - 1]
            yield AuthorView(url, title, author, papers, pagination)


def _generate_papers(site: Site) -> Iterator[View]:
    for paper in site.catalogue.papers:
        yield PaperView(paper.url, title_text(paper), paper=paper)


GENERATORS: tuple[Callable[[Site], Iterator[View]], ...] = (
    _generate_all_papers,
    _generate_topics,
    _generate_archive,
    _generate_authors,
    _generate_papers,
)
"""Every kind of page, in the order the site lists them: A–Z, topics, dates, authors, then
papers."""


def site_views(site: Site) -> list[View]:
    """Every page the catalogue adds to the site."""
    return [view for generate in GENERATORS for view in generate(site)]
