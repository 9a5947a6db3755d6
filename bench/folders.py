"""The site's most crowded folders for a corpus, and its listing pages cut short, without
building the site.

A static host and its file system slow down past 50,000 entries in one folder (the site checks'
`FOLDER_BUDGET`); a build of 100,000 papers takes minutes and gigabytes to show where the site
stands. This reads the corpus and files its topics as a build does, then lists every path the
build would write: the pages (`generator.views`), the search index, the feeds and the cut BibTeX
entries (`generator.pipeline`'s files), and `papers.json`'s parts. Related papers, which no path
depends on, are not computed; nor are MkDocs' own files (its theme assets, `sitemap.xml`, the
404 page), a few dozen in folders of their own or at the root.

Listing pages hold a fixed number of papers, and end sooner when their summaries pass what a
page holds (`generator.pages.LIST_PAGE_BYTES`): the pages so cut short are counted by kind.

Run `python -m bench.folders CORPUS...` to print the largest folders and their entry counts,
and the listing pages cut short.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.bibtex import bib_file, citations
from generator.checks import FOLDER_BUDGET
from generator.dates import newest_first, paper_dates
from generator.export import PART_BYTES, TOPICS_JSON, part_name
from generator.feeds import FEEDS_SITEMAP, FeedSite, build_feeds
from generator.model import Paper
from generator.pages import LETTER_PAGE_SIZE, LIST_PAGE_SIZE, Pagination, site_of
from generator.pipeline import Sources, load_topics, read_catalogue
from generator.prev_next import topic_prev_next
from generator.search_files import LUNR_JS, build_search
from generator.views import (
    TOPIC_PAGE_SIZE,
    DayView,
    LetterView,
    TopicView,
    UndatedView,
    View,
    site_views,
)

REPO = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 1, 1)
"""The build's date, which orders listing days whose year is not known; it moves no path."""
ROUGH_PAPER_JSON_BYTES = 2_000
"""About what one paper takes in `papers.json`, to count its parts without writing them."""


def site_paths(corpus: Sequence[Path]) -> list[str]:
    """The paths of the files a build of `corpus` writes, relative to the site's root."""
    return site_layout(corpus)[0]


def site_layout(corpus: Sequence[Path]) -> tuple[list[str], list[View]]:
    """The paths of the files a build of `corpus` writes, and its pages."""
    sources = Sources(REPO, tuple(corpus), REPO / "topics.yml", REPO / "topic-overrides.yml")
    catalogue = read_catalogue(sources, load_topics(sources))
    dates = paper_dates(catalogue.papers, TODAY)
    bibtex = citations(catalogue.papers)
    prev_next = topic_prev_next(catalogue.papers)
    site = site_of(catalogue, {}, prev_next, bibtex.entries, dates, bibtex.shown)
    views = list(site_views(site))
    paths = [f"{view.url}index.html" for view in views]
    files_read = [file.path for file in catalogue.files]
    newest = [paper.slug for paper in newest_first(catalogue.papers, dates, files_read)]
    paths += [*build_search(catalogue, newest).files, LUNR_JS]
    feed_site = FeedSite("Papershelf", "", "https://example.org/", "en")
    built = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    paths += [*build_feeds(catalogue, dates, feed_site, built), FEEDS_SITEMAP, TOPICS_JSON]
    paths += [bib_file(slug) for slug in bibtex.shown]
    parts = len(catalogue.papers) * ROUGH_PAPER_JSON_BYTES // PART_BYTES + 1
    paths += [part_name(number) for number in range(1, parts + 1)]
    return paths, views


def cut_short(views: Iterable[View]) -> Counter[str]:
    """How many listing pages of each kind hold fewer papers than a page of their kind holds,
    though more follow: the pages the byte guard ended early."""
    sizes = {
        LetterView: LETTER_PAGE_SIZE,
        TopicView: TOPIC_PAGE_SIZE,
        DayView: LIST_PAGE_SIZE,
        UndatedView: LIST_PAGE_SIZE,
    }
    cut: Counter[str] = Counter()
    for view in views:
        size = next((n for kind, n in sizes.items() if isinstance(view, kind)), None)
        pagination: Pagination | None = getattr(view, "pagination", None)
        papers: tuple[Paper, ...] = getattr(view, "papers", ())
        if size is None or pagination is None:
            continue
        cut[f"{type(view).__name__} pages"] += 1
        if pagination.number < pagination.count and len(papers) < size:
            cut[f"{type(view).__name__} pages cut short"] += 1
    return cut


def folder_entries(paths: Iterable[str]) -> Counter[str]:
    """How many files and folders each folder holds (`""` is the site's root)."""
    children: dict[str, set[str]] = {}
    for path in paths:
        parts = path.split("/")
        for depth in range(len(parts)):
            folder = "/".join(parts[:depth])
            children.setdefault(folder + "/" if folder else "", set()).add(parts[depth])
    return Counter({folder: len(names) for folder, names in children.items()})


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m bench.folders CORPUS...`: the largest folders of the site of `CORPUS`."""
    parser = argparse.ArgumentParser(prog="python -m bench.folders", description=__doc__)
    parser.add_argument("corpus", type=Path, nargs="+", help="dump files or folders")
    parser.add_argument("--top", type=int, default=10, help="how many folders to list")
    args = parser.parse_args(argv)
    paths, views = site_layout(args.corpus)
    counts = folder_entries(paths)
    for folder, count in counts.most_common(args.top):
        print(f"{count:>8,}  {folder or './'}")
    by_area: dict[str, tuple[int, str]] = {}
    for folder, count in counts.items():
        area = folder.split("/", 1)[0] + "/" if folder else "./"
        by_area[area] = max(by_area.get(area, (0, "")), (count, folder or "./"))
    print("the largest folder of each part of the site:")
    for area, (count, folder) in sorted(by_area.items()):
        print(f"{count:>8,}  {folder}  (in {area})")
    print(f"budget: {FOLDER_BUDGET:,} entries a folder")
    for kind, count in sorted(cut_short(views).items()):
        print(f"{count:>8,}  {kind}")
    return 1 if counts and max(counts.values()) > FOLDER_BUDGET else 0


if __name__ == "__main__":
    sys.exit(main())
