"""Atom feeds: the whole catalogue's (`feeds/all.xml`) and one per topic (`feeds/<slug>.xml`).

Each feed holds the newest papers by their dates (`generator.dates`: the record's date, else
the listing's), newest first, whole listing days at a time (`feed_entries`); papers of the same
date keep the order in which the corpus lists them. Undated papers are in no feed. Entry ids are
the paper pages' canonical URLs, so a feed reader never shows a paper twice. Every value that
would change between two builds of the same input (feedgen's own `updated` times and generator
version) is set, so the bytes are reproducible.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from generator import urls
from generator.dates import PaperDate, newest_first
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
FEED_MIN_ENTRIES = 100
FEED_MAX_ENTRIES = 300
"""A feed reader polls the feed often: it gets the newest papers, not the whole catalogue, and
whole listing days, unless a day is longer than this."""

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


def feed_entries(
    papers: Sequence[Paper], dates: Mapping[str, PaperDate], files: Sequence[str]
) -> list[tuple[Paper, datetime.date]]:
    """The papers a feed holds with their dates, newest first: at least the newest
    `FEED_MIN_ENTRIES`, and the rest of the last day they reach, up to `FEED_MAX_ENTRIES`."""
    ordered = [paper for paper in newest_first(papers, dates, files) if paper.slug in dates]
    entries = [(paper, dates[paper.slug].date) for paper in ordered[:FEED_MAX_ENTRIES]]
    if len(entries) > FEED_MIN_ENTRIES:
        last_day = entries[FEED_MIN_ENTRIES - 1][1]
        entries = [entry for entry in entries if entry[1] >= last_day]
    return entries


def build_feeds(
    catalogue: Catalogue,
    dates: Mapping[str, PaperDate],
    site: FeedSite,
    build: datetime.datetime,
) -> dict[str, bytes]:
    """Every feed of the site by its path: the catalogue's, then each topic's in taxonomy order."""
    files = [file.path for file in catalogue.files]
    entries = feed_entries(catalogue.papers, dates, files)
    feeds = {CATALOGUE_FEED: _feed(site, entries, build, topic=None)}
    for topic in catalogue.topics:
        members = [paper for paper in catalogue.papers if topic in paper.topics]
        topic_entries = feed_entries(members, dates, files)
        feeds[topic_feed_path(topic)] = _feed(site, topic_entries, build, topic=topic)
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
        # An entry's id must never change: it stays the address the paper's page first had.
        entry.id(_absolute(site, urls.legacy_paper_url(paper.slug)))
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
