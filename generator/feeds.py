"""Atom feeds: the whole catalogue's (`feeds/all.xml`) and one per topic (`feeds/<slug>.xml`).

Each feed holds the newest `FEED_MAX_ENTRIES` papers. A paper's date is the one its record
gives; a paper from a text dump has none, and is dated by the dump's date heading above it
(`Mar 18`, whose year is the latest one that puts the date on or before the build date), else by
the build date (`SOURCE_DATE_EPOCH`). Newest first; papers of the same date keep the order in
which the corpus lists them. Entry ids are the paper pages' canonical URLs, so a feed reader
never shows a paper twice. Every value that would change between two builds of the same input
(feedgen's own `updated` times and generator version) is set, so the bytes are reproducible.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from generator import urls
from generator.model import Catalogue, Paper, Topic
from generator.pages import title_text
from generator.text import plain_text

CATALOGUE_FEED = urls.CATALOGUE_FEED_URL
FEEDS_SITEMAP = urls.FEEDS_SITEMAP_URL
"""An empty sitemap beside the feeds. Material for MkDocs takes every `<link rel="alternate">` for
another language's version of the site and fetches `sitemap.xml` beside it: this answers it in
a few bytes, where the site's own sitemap grows with the catalogue, and a missing one is a 404."""
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)
FEED_MAX_ENTRIES = 100
"""A feed reader polls the feed often: it gets the newest papers, not the whole catalogue."""

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_HEADING = re.compile(r"(?P<month>[A-Za-z]+)\.? (?P<day>\d{1,2})(?:,? (?P<year>\d{4}))?")
# XML 1.0 cannot carry these code points at all, escaped or not.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class FeedSite:
    """What a feed says of the site: its name, description, address and language."""

    name: str
    description: str
    url: str | None
    """The site's absolute URL, ending in `/`; without it, ids are tag URIs."""
    language: str = "en"


def topic_feed_path(topic: Topic) -> str:
    """Where a topic's feed lives, relative to the site root; never on the catalogue's feed."""
    return urls.topic_feed_url(topic.slug)


def heading_date(heading: str, build: datetime.date) -> datetime.date | None:
    """The date a heading such as `Mar 18` or `March 18, 2024` names, seen from `build`."""
    match = _HEADING.fullmatch(heading.strip())
    month = _MONTHS.get(match["month"].casefold()) if match else None
    if match is None or month is None:
        return None
    day = int(match["day"])
    if match["year"]:
        try:
            return datetime.date(int(match["year"]), month, day)
        except ValueError:
            return None
    # The listing was copied on or before the build: the latest such date (Feb 29 looks back
    # to the last leap year).
    for year in range(build.year, build.year - 8, -1):
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            continue
        if date <= build:
            return date
    return None


def feed_date(paper: Paper, build: datetime.date) -> datetime.date:
    """The date a feed gives a paper: its own, its dump's heading, or the build's."""
    if paper.date is not None:
        return paper.date
    for source in paper.sources:
        if source.listed and (date := heading_date(source.listed, build)) is not None:
            return date
    return build


def feed_order(
    papers: Sequence[Paper], files: Sequence[str], build: datetime.date
) -> list[tuple[Paper, datetime.date]]:
    """Papers with their feed dates, newest first; a tie keeps the corpus's order."""
    file_rank = {path: rank for rank, path in enumerate(files)}

    def position(paper: Paper) -> tuple[int, int, str]:
        first = paper.sources[0]
        return (file_rank.get(first.path, len(file_rank)), first.line, paper.slug)

    dated = [(paper, feed_date(paper, build)) for paper in papers]
    dated.sort(key=lambda item: (-item[1].toordinal(), position(item[0])))
    return dated


def build_feeds(catalogue: Catalogue, site: FeedSite, build: datetime.datetime) -> dict[str, bytes]:
    """Every feed of the site by its path: the catalogue's, then each topic's in taxonomy order."""
    files = [file.path for file in catalogue.files]
    ordered = feed_order(catalogue.papers, files, build.date())
    feeds = {CATALOGUE_FEED: _feed(site, ordered, build, topic=None)}
    for topic in catalogue.topics:
        members = [(paper, date) for paper, date in ordered if topic in paper.topics]
        feeds[topic_feed_path(topic)] = _feed(site, members, build, topic=topic)
    return feeds


def _absolute(site: FeedSite, path: str) -> str:
    if site.url:
        return site.url.rstrip("/") + "/" + path
    return f"tag:papershelf.invalid,2024:{path}"


def _feed(
    site: FeedSite,
    entries: Sequence[tuple[Paper, datetime.date]],
    build: datetime.datetime,
    *,
    topic: Topic | None,
) -> bytes:
    entries = entries[:FEED_MAX_ENTRIES]
    path = topic_feed_path(topic) if topic else CATALOGUE_FEED
    feed = FeedGenerator()
    feed.id(_absolute(site, path))
    feed.title(_xml(f"{site.name}: {topic.name}" if topic else site.name))
    feed.subtitle(_xml((topic.description if topic else site.description) or site.name))
    feed.author({"name": _xml(site.name)})
    if site.url:
        feed.link(href=_absolute(site, topic.url if topic else ""), rel="alternate")
        feed.link(href=_absolute(site, path), rel="self")
    feed.language(site.language)
    feed.generator("Papershelf")
    newest = _midnight(entries[0][1]) if entries else build
    feed.updated(newest)
    for paper, date in entries:
        entry = feed.add_entry(order="append")
        entry.id(_absolute(site, paper.url))
        entry.title(_xml(title_text(paper)))
        # Without the site's address, the link is relative to the feed, which sits at the root.
        entry.link(href=_absolute(site, paper.url) if site.url else paper.url, rel="alternate")
        summary = plain_text(paper.abstract, paper.short_name)
        if summary:
            entry.summary(_xml(summary))
        for name in paper.authors:
            entry.author({"name": _xml(name)})
        for paper_topic in paper.topics:
            scheme = _absolute(site, urls.TOPICS_URL) if site.url else None
            entry.category(term=paper_topic.slug, label=_xml(paper_topic.name), scheme=scheme)
        entry.published(_midnight(date))
        entry.updated(_midnight(date))
    result: bytes = feed.atom_str(pretty=True, encoding="UTF-8")
    return result


def _midnight(date: datetime.date) -> datetime.datetime:
    return datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.timezone.utc)


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)
