"""Every URL the catalogue generates, in one place, relative to the site root.

Pages are served as folders (`papers/<slug>/`) from a virtual source file `<folder>index.md`,
as MkDocs does with `use_directory_urls`. Each pattern is a `str.format` template; `tests/
test_urls.py` checks that every generated URL of a built site matches one of them.
"""

from __future__ import annotations

PAPER_URL = "papers/{slug}/"
TOPIC_URL = "topics/{slug}/"
ALL_PAPERS_URL = "papers/"
TOPICS_URL = "topics/"
SEARCH_URL = "search/"
TOPIC_FEED_URL = "feeds/{slug}.xml"
CATALOGUE_FEED_URL = "feeds/all.xml"
FEEDS_SITEMAP_URL = "feeds/sitemap.xml"
PAPERS_JSON_URL = "papers.json"
TOPICS_JSON_URL = "topics.json"

PAGE_PATTERNS = (PAPER_URL, TOPIC_URL, ALL_PAPERS_URL, TOPICS_URL)
"""The patterns of the pages the catalogue generates."""


def paper_url(slug: str) -> str:
    """A paper's page."""
    return PAPER_URL.format(slug=slug)


def topic_url(slug: str) -> str:
    """A topic's page."""
    return TOPIC_URL.format(slug=slug)


_RESERVED_FEEDS = frozenset({"all", "sitemap"})


def topic_feed_url(slug: str) -> str:
    """A topic's Atom feed; never on the catalogue's feed or the feeds' empty sitemap."""
    name = f"topic-{slug}" if slug in _RESERVED_FEEDS else slug
    return TOPIC_FEED_URL.format(slug=name)


def src_uri(url: str) -> str:
    """The virtual source file that MkDocs serves at the folder URL `url`."""
    return f"{url}index.md"


def matches(url: str) -> bool:
    """Whether `url` is a page URL of one of the patterns (a slug is one path segment)."""
    for pattern in PAGE_PATTERNS:
        head, _, tail = pattern.partition("{slug}")
        if not _:
            if url == pattern:
                return True
        elif url.startswith(head) and url.endswith(tail):
            slug = url[len(head) : len(url) - len(tail)]
            if slug and "/" not in slug:
                return True
    return False
