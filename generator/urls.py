"""Every URL the catalogue generates, in one place, relative to the site root.

Pages are served as folders (`papers/<xx>/<slug>/`) from a virtual source file `<folder>index.md`,
as MkDocs does with `use_directory_urls`. Each pattern is a `str.format` template; `tests/
test_urls.py` checks that every generated URL of a built site matches one of them.
"""

from __future__ import annotations

import re

PAPER_URL = "papers/{shard}/{slug}/"
"""A paper's page, in a folder of the slug's first two characters, as an author's page is: at
100,000 papers no folder holds more than a few thousand entries."""
PAPER_PAGES_GLOB = "papers/*/*/index.html"
"""Every paper page of a built site, as a `Path.glob` pattern."""
LEGACY_PAPER_URL = "papers/{slug}/"
"""Where a paper's page used to be; the 404 page sends a reader on to its folder (theme/assets/
javascripts/not-found.js, which computes the folder as `shard` does)."""
TOPIC_URL = "topics/{slug}/"
ALL_PAPERS_URL = "papers/"
TOPICS_URL = "topics/"
SEARCH_URL = "search/"
TOPIC_FEED_URL = "feeds/{slug}.xml"
CATALOGUE_FEED_URL = "feeds/all.xml"
FEEDS_SITEMAP_URL = "feeds/sitemap.xml"
PAPERS_JSON_URL = "papers.json"
TOPICS_JSON_URL = "topics.json.gz"

DATES_URL = "dates/"
MONTH_URL = "dates/{year}/{month}/"
DAY_URL = "dates/{year}/{month}/{day}/"
NO_YEAR_DAY_URL = "dates/no-year/{month}-{day}/"
UNDATED_URL = "dates/undated/"
PAGE_URL = "{list}{page}/"
"""The second and later pages of a paginated list (`dates/undated/2/`); the first is the list's
own URL."""
LETTER_URL = "a-z/{letter}/"
TOPIC_A_Z_URL = "topics/{slug}/a-z/"
AUTHORS_URL = "authors/"
AUTHOR_SHARD_URL = "authors/{shard}/"
"""The authors whose slug starts with these two characters, A to Z: the index's pages."""
AUTHOR_URL = "authors/{shard}/{slug}/"
"""An author's page, in a folder of the slug's first two characters: no folder grows past the
50,000-entry budget however many authors there are."""

PAGE_PATTERNS = (
    PAPER_URL,
    TOPIC_URL,
    ALL_PAPERS_URL,
    TOPICS_URL,
    DATES_URL,
    MONTH_URL,
    DAY_URL,
    DAY_URL + "{page}/",
    NO_YEAR_DAY_URL,
    NO_YEAR_DAY_URL + "{page}/",
    UNDATED_URL,
    UNDATED_URL + "{page}/",
    LETTER_URL,
    LETTER_URL + "{page}/",
    TOPIC_URL + "{page}/",
    TOPIC_A_Z_URL,
    TOPIC_A_Z_URL + "{page}/",
    AUTHORS_URL,
    AUTHOR_SHARD_URL,
    AUTHOR_SHARD_URL + "{page}/",
    AUTHOR_URL,
    AUTHOR_URL + "{page}/",
)
"""The patterns of the pages the catalogue generates; each field is one path segment."""


def shard(slug: str) -> str:
    """The folder of a paper's or an author's page: the slug's first two characters (the
    whole slug if it is shorter). Slugs are ASCII (python-slugify), so a shard is too."""
    return slug[:2]


def paper_url(slug: str) -> str:
    """A paper's page."""
    return PAPER_URL.format(shard=shard(slug), slug=slug)


def legacy_paper_url(slug: str) -> str:
    """Where a paper's page was before pages moved into folders; it names the paper for good
    (an Atom entry's id), and the 404 page sends readers on from it."""
    return LEGACY_PAPER_URL.format(slug=slug)


def topic_url(slug: str) -> str:
    """A topic's page."""
    return TOPIC_URL.format(slug=slug)


_RESERVED_FEEDS = frozenset({"all", "sitemap"})


def topic_feed_url(slug: str) -> str:
    """A topic's Atom feed; never on the catalogue's feed or the feeds' empty sitemap."""
    name = f"topic-{slug}" if slug in _RESERVED_FEEDS else slug
    return TOPIC_FEED_URL.format(slug=name)


def month_url(year: int, month: int) -> str:
    """A month of the archive."""
    return MONTH_URL.format(year=f"{year:04}", month=f"{month:02}")


def day_url(year: int, month: int, day: int) -> str:
    """A listing day of the archive."""
    return DAY_URL.format(year=f"{year:04}", month=f"{month:02}", day=f"{day:02}")


def no_year_day_url(month: int, day: int) -> str:
    """A listing day whose year is not known."""
    return NO_YEAR_DAY_URL.format(month=f"{month:02}", day=f"{day:02}")


def page_url(list_url: str, page: int) -> str:
    """The `page`th page (from 1) of the paginated list at `list_url`."""
    return list_url if page == 1 else PAGE_URL.format(list=list_url, page=page)


def letter_url(letter: str) -> str:
    """A letter's page of the A–Z list (`a`, or `0-9` for digits)."""
    return LETTER_URL.format(letter=letter)


def topic_a_z_url(slug: str) -> str:
    """A topic's papers, A to Z."""
    return TOPIC_A_Z_URL.format(slug=slug)


def author_url(slug: str) -> str:
    """An author's page."""
    return AUTHOR_URL.format(shard=shard(slug), slug=slug)


def author_shard_url(shard: str) -> str:
    """The index page of the authors in one folder."""
    return AUTHOR_SHARD_URL.format(shard=shard)


def src_uri(url: str) -> str:
    """The virtual source file that MkDocs serves at the folder URL `url`."""
    return f"{url}index.md"


def matches(url: str) -> bool:
    """Whether `url` is a page URL of one of the patterns (a field is one path segment)."""
    return any(pattern.fullmatch(url) for pattern in _PAGE_REGEXES)


_PAGE_REGEXES = tuple(
    re.compile(
        re.sub(
            r"\\\{(\w+)\\\}",
            lambda field: "[1-9][0-9]*" if field.group(1) == "page" else "[^/]+",
            re.escape(pattern),
        )
    )
    for pattern in PAGE_PATTERNS
)
"""A field is one path segment; a page number, digits."""
