"""Tests of generator.feeds: dates, order, and feeds read back by feedparser and ElementTree."""

from __future__ import annotations

import dataclasses
import datetime
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from pathlib import Path

import feedparser
import pytest

from generator.corpus import read_corpus
from generator.dates import PaperDate, paper_dates
from generator.feeds import (
    CATALOGUE_FEED,
    FEED_MAX_ENTRIES,
    FEED_MIN_ENTRIES,
    FeedSite,
    build_feeds,
    feed_entries,
    topic_feed_path,
)
from generator.model import Catalogue, DumpFile, Paper, Source, Topic, build_catalogue
from generator.pages import title_text
from tests.conftest import FIXTURES, REPO, SiteBuild, catalogue_of

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = FeedSite("Shelf", "Papers worth reading.", "https://owner.github.io/repo/")
BUILD = datetime.datetime(2025, 3, 20, 15, 30, tzinfo=datetime.timezone.utc)
ROBOTS = Topic("robotics", "Robotics & Embodied AI", "Robots <and> agents.")
SPEECH = Topic("speech", "Speech", "Speech and audio.")


def paper(slug: str, source: Source, **more: object) -> Paper:
    return Paper(slug, slug.title(), f"About {slug}.", None, (source,), **more)  # type: ignore[arg-type]


def _dates_of(*papers: Paper) -> Mapping[str, PaperDate]:
    return paper_dates(papers, BUILD.date())


def _feeds(cat: Catalogue) -> dict[str, bytes]:
    return build_feeds(cat, paper_dates(cat.papers, BUILD.date()), SITE, BUILD)


def catalogue(*papers: Paper, topics: tuple[Topic, ...] = ()) -> Catalogue:
    paths = dict.fromkeys(p.sources[0].path for p in papers)
    files = tuple(DumpFile(path, 1) for path in paths)
    return Catalogue(tuple(papers), files, (), (), topics)


# --- which papers, in which order ----------------------------------------------------------------


def test_feeds_hold_whole_days_newest_first_and_ties_keep_the_corpus_order() -> None:
    papers = [
        paper("dump-b", Source("a.txt", 9, "Mar 18")),
        paper("dump-a", Source("a.txt", 3, "Mar 18")),
        paper("no-heading", Source("b.txt", 1)),
        paper("old", Source("c.jsonl", 2), date=datetime.date(2020, 1, 1)),
        paper("newer", Source("c.jsonl", 1), date=datetime.date(2025, 3, 19)),
        paper("same-day", Source("c.jsonl", 3), date=datetime.date(2025, 3, 18)),
    ]
    dates = paper_dates(papers, BUILD.date())
    entries = feed_entries(papers, dates, ["a.txt", "b.txt", "c.jsonl"])
    assert [(p.slug, str(d)) for p, d in entries] == [
        ("newer", "2025-03-19"),
        ("dump-a", "2025-03-18"),  # the dump's order, line 3 before line 9
        ("dump-b", "2025-03-18"),
        ("same-day", "2025-03-18"),  # a later file
        ("old", "2020-01-01"),
    ]  # no-heading has no date, and so no place in a feed


def test_a_feed_ends_with_a_whole_day_up_to_its_cap() -> None:
    day = [
        paper(f"d{i:03}", Source("a.jsonl", i + 1), date=datetime.date(2024, 1, 2))
        for i in range(FEED_MIN_ENTRIES - 1)
    ]
    older = [
        paper(f"o{i:03}", Source("a.jsonl", 500 + i), date=datetime.date(2024, 1, 1))
        for i in range(5)
    ]
    oldest = [paper("z", Source("a.jsonl", 999), date=datetime.date(2023, 1, 1))]
    papers = day + older + oldest
    entries = feed_entries(papers, paper_dates(papers, BUILD.date()), ["a.jsonl"])
    # The 100th paper is the first of Jan 1: the rest of Jan 1 comes too, and nothing older.
    assert [p.slug for p, _ in entries] == [p.slug for p in day + older]
    huge = [
        paper(f"h{i:03}", Source("a.jsonl", i + 1), date=datetime.date(2024, 1, 1))
        for i in range(FEED_MAX_ENTRIES + 5)
    ]
    entries = feed_entries(huge, paper_dates(huge, BUILD.date()), ["a.jsonl"])
    assert len(entries) == FEED_MAX_ENTRIES


# --- the feeds, read back ------------------------------------------------------------------------


def fixture_feeds() -> tuple[Catalogue, dict[str, bytes]]:
    folder = FIXTURES / "records"
    reading = read_corpus([folder / "ours.jsonl", folder / "arxiv.jsonl"], REPO)
    papers = build_catalogue(reading).papers
    # File two papers under topics by hand: the feeds take topics as the catalogue gives them.
    filed = tuple(
        dataclasses.replace(p, topics=(SPEECH, ROBOTS)) if "Speech" in p.title else p
        for p in papers
    )
    cat = dataclasses.replace(build_catalogue(reading), papers=filed, topics=(ROBOTS, SPEECH))
    return cat, build_feeds(cat, paper_dates(cat.papers, BUILD.date()), SITE, BUILD)


def test_the_catalogue_feed_is_valid_atom_with_every_field() -> None:
    cat, feeds = fixture_feeds()
    assert sorted(feeds) == [CATALOGUE_FEED, "feeds/robotics.xml", "feeds/speech.xml"]
    assert CATALOGUE_FEED == "feeds/all.xml"
    parsed = feedparser.parse(feeds[CATALOGUE_FEED])
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Shelf"
    assert parsed.feed.id == "https://owner.github.io/repo/feeds/all.xml"
    assert parsed.feed.link == "https://owner.github.io/repo/"
    assert parsed.feed.updated == "2024-03-18T00:00:00+00:00"  # the newest entry's
    titles = [entry.title for entry in parsed.entries]
    assert titles == [
        "Sparse Mixtures of Linear Experts for Tabular Data",  # 2024-03-18
        "Self-Hosted Notes on Speech Recognition",  # 2023-11-05
        "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
        "On the Old Style of Identifiers",  # 2006
    ]
    by_title = {entry.title: entry for entry in parsed.entries}
    sparse = by_title["Sparse Mixtures of Linear Experts for Tabular Data"]
    slug = "sparse-mixtures-of-linear-experts-for-tabular-data"
    # The id is the page's first address, kept when pages moved into folders; the link follows.
    assert sparse.id == f"https://owner.github.io/repo/papers/{slug}/"
    assert sparse.link == f"https://owner.github.io/repo/papers/sp/{slug}/"
    assert sparse.summary.startswith("We study sparse mixtures of linear experts")
    assert [a.name for a in sparse.authors] == [
        "Ada Lovelace",
        "Alan M. Turing",
        "Grace Hopper Jr.",
    ]
    assert sparse.published == sparse.updated == "2024-03-18T00:00:00+00:00"
    speech = by_title["Self-Hosted Notes on Speech Recognition"]
    assert [(t.term, t.label) for t in speech.tags] == [
        ("speech", "Speech"),
        ("robotics", "Robotics & Embodied AI"),
    ]
    assert all(t.scheme == "https://owner.github.io/repo/topics/" for t in speech.tags)
    # Every paper but the one with no date at all.
    assert len(parsed.entries) == len(cat.papers) - 1


def test_a_topic_feed_holds_its_papers_only() -> None:
    _, feeds = fixture_feeds()
    parsed = feedparser.parse(feeds["feeds/robotics.xml"])
    assert parsed.bozo == 0
    assert parsed.feed.title == "Shelf: Robotics & Embodied AI"
    assert parsed.feed.subtitle == "Robots <and> agents."
    assert parsed.feed.link == "https://owner.github.io/repo/topics/robotics/"
    assert [e.title for e in parsed.entries] == ["Self-Hosted Notes on Speech Recognition"]
    self_link = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_link == ["https://owner.github.io/repo/feeds/robotics.xml"]


def test_the_same_input_gives_the_same_bytes_whatever_the_time_of_day() -> None:
    cat, feeds = fixture_feeds()
    later = BUILD.replace(hour=23, minute=59)
    assert build_feeds(cat, paper_dates(cat.papers, later.date()), SITE, later) == feeds
    assert b"python-feedgen" not in feeds[CATALOGUE_FEED]


def test_hostile_text_is_escaped_in_the_feed() -> None:
    reading = read_corpus([FIXTURES / "records" / "hostile.jsonl"], REPO)
    cat = build_catalogue(reading)
    (item,) = cat.papers
    xml = _feeds(cat)[CATALOGUE_FEED]
    assert b"</script>" not in xml
    root = ElementTree.fromstring(xml)
    (entry,) = root.findall(f"{ATOM}entry")
    # The title the page shows, LaTeX remnants cleaned as there, and the markup as text.
    title = entry.findtext(f"{ATOM}title")
    assert title == title_text(item)
    assert title is not None and '</script><script>alert("t")</script>' in title
    summary = entry.findtext(f"{ATOM}summary") or ""
    assert "</textarea>" in summary and "]]>" in summary
    names = [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")]
    assert names == list(item.authors)


def test_characters_xml_cannot_carry_are_dropped() -> None:
    odd = paper("odd", Source("a.txt", 1, "Mar 18"))
    odd = dataclasses.replace(odd, title="Odd \ufffe\uffff title", abstract="Bad \x0b char")
    parsed = feedparser.parse(_feeds(catalogue(odd))[CATALOGUE_FEED])
    assert parsed.bozo == 0
    assert parsed.entries[0].title == "Odd  title"


def test_without_a_site_url_ids_are_tag_uris() -> None:
    site = dataclasses.replace(SITE, url=None)
    only = paper("only", Source("a.txt", 1, "Mar 18"))
    feeds = build_feeds(catalogue(only), _dates_of(only), site, BUILD)
    parsed = feedparser.parse(feeds[CATALOGUE_FEED])
    assert parsed.bozo == 0
    assert parsed.entries[0].id == "tag:papershelf.invalid,2024:papers/only/"
    assert parsed.entries[0].link == "papers/on/only/"


# --- in the built site ---------------------------------------------------------------------------


@pytest.mark.slow
def test_the_seed_site_has_its_feeds_linked_from_every_page(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    cat = catalogue_of(seed_site)
    parsed = feedparser.parse((site_dir / "feeds" / "all.xml").read_bytes())
    assert parsed.bozo == 0
    # The second dump has no date heading, so its papers have no date and no feed entry; the
    # first dump's are all under "Mar 18", one day, in the dump's order.
    listed = [p for p in cat.papers if p.sources[0].path == cat.files[0].path]
    listed.sort(key=lambda p: p.sources[0].line)
    assert 0 < len(listed) <= FEED_MAX_ENTRIES
    expected = [f"http://127.0.0.1:8000/{p.url}" for p in listed]
    assert [e.link for e in parsed.entries] == expected
    # An entry's id is the page's first address, papers/<slug>/, for good.
    first_addresses = [f"http://127.0.0.1:8000/papers/{p.slug}/" for p in listed]
    assert [e.id for e in parsed.entries] == first_addresses
    assert {e.published[5:10] for e in parsed.entries} == {"03-18"}
    for topic in cat.topics:
        topic_feed = feedparser.parse((site_dir / "feeds" / f"{topic.slug}.xml").read_bytes())
        assert topic_feed.bozo == 0
        assert all(any(t.term == topic.slug for t in e.tags) for e in topic_feed.entries)
    pages = sorted(site_dir.rglob("*.html"))
    for page in pages:
        if page.name == "404.html":
            continue
        html = page.read_text(encoding="utf-8")
        rel = Path(
            *[".."] * (len(page.relative_to(site_dir).parts) - 1), "feeds", "all.xml"
        ).as_posix()
        assert f'type="application/atom+xml" title="Papershelf: new papers" href="{rel}"' in html
    robotics = (site_dir / "topics" / "robotics" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../feeds/robotics.xml"' in robotics


def test_a_topic_feed_never_takes_the_catalogue_feed_or_the_sitemap_name() -> None:
    assert topic_feed_path(Topic("all", "All", "x")) == "feeds/topic-all.xml"
    assert topic_feed_path(Topic("sitemap", "Sitemap", "x")) == "feeds/topic-sitemap.xml"
    assert topic_feed_path(ROBOTS) == "feeds/robotics.xml"


@pytest.mark.slow
def test_the_sitemap_beside_the_feeds_is_empty_and_the_site_sitemap_untouched(
    seed_site: SiteBuild,
) -> None:
    site_dir, _ = seed_site
    root = ElementTree.fromstring((site_dir / "feeds" / "sitemap.xml").read_bytes())
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert list(root) == []
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "feeds/" not in sitemap
