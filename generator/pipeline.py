"""The whole build from corpus to site, in one readable body.

    read the corpus → model the papers → assign topics → find links         (read_catalogue)
    → related papers, previous/next, BibTeX                                  (relate)
    → the site's views (pages)                                               (build_site)
    → the generated files: topics.json.gz, the search index, the feeds

In a large catalogue the search index is built in a forked child while the papers are
related (the child writes its files straight into the site folder rather than sending them
back), and related papers use every CPU (generator/forked.py). MkDocs then renders the views
in the nav, and the plugin the others, in forked workers (generator/render.py), checking each
page as it is written. The plugin, `papershelf check` and the tests all call these functions;
none repeats a step.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from mkdocs.utils import get_build_datetime

from generator import progress
from generator.bibtex import bib_file, citations
from generator.corpus import display_path, read_corpus
from generator.dates import newest_first, paper_dates
from generator.export import TOPICS_JSON, topics_json_gz
from generator.feeds import EMPTY_SITEMAP, FEEDS_SITEMAP, FeedSite, build_feeds
from generator.forked import Forked, fork_is_safe
from generator.links import attach_links, link_problems
from generator.model import Catalogue, Paper, build_catalogue
from generator.pages import Site, site_of
from generator.prev_next import topic_prev_next
from generator.related import related_papers
from generator.search_files import build_search
from generator.topics import Taxonomy, assign_topics, load_overrides, load_taxonomy
from generator.views import View, site_views


@dataclass(frozen=True, slots=True)
class Sources:
    """Where a build reads from; `root` is the folder that paths are shown against."""

    root: Path
    corpus: tuple[Path, ...]
    taxonomy: Path
    overrides: Path

    def shown(self, path: Path) -> str:
        """A path as the user knows it: relative to the project when inside it."""
        return display_path(path, self.root)


@dataclass(frozen=True, slots=True)
class Build:
    """What a build adds to the site: the pages to render and the files to write as they are."""

    site: Site
    views: tuple[View, ...]
    files: Mapping[str, str | bytes]
    """Generated files by their path in the site: JSON exports, the search index, the feeds."""
    written: tuple[str, ...] = ()
    """Generated files the build has written into the site folder itself, by their path there:
    a large catalogue's search index, which the child that builds it writes where it goes
    rather than sending it back to be held in memory."""


def load_topics(sources: Sources) -> Taxonomy:
    """The taxonomy file: read before the corpus, since the nav lists its topics."""
    return load_taxonomy(sources.taxonomy, sources.shown(sources.taxonomy))


def read_catalogue(sources: Sources, taxonomy: Taxonomy) -> Catalogue:
    """Read the corpus, model its papers and file each under its topics."""
    overrides = load_overrides(sources.overrides, sources.shown(sources.overrides), taxonomy)
    known_topics = {topic.slug for topic in taxonomy.topics}
    progress.current().stage("reading the corpus")
    reading = read_corpus(sources.corpus, sources.root, known_topics)
    catalogue = build_catalogue(reading)
    progress.current().stage("filing the papers under topics")
    catalogue = assign_topics(catalogue, taxonomy, overrides)
    catalogue = attach_links(catalogue)
    warnings, notes = link_problems(catalogue)
    return replace(catalogue, problems=catalogue.problems + warnings, notes=catalogue.notes + notes)


def relate(catalogue: Catalogue, today: datetime.date | None = None) -> Site:
    """The site of a filed catalogue: each paper's date, its related papers, its previous and
    next paper in its topic, and its BibTeX entry. `today` is the build's date (by default
    `SOURCE_DATE_EPOCH`'s, else the clock's), which orders listings whose year is unknown."""
    progress.current().stage("finding related papers")
    dates = paper_dates(catalogue.papers, today or get_build_datetime().date())
    by_slug = {paper.slug: paper for paper in catalogue.papers}
    related: dict[str, tuple[Paper, ...]] = {
        slug: tuple(by_slug[other] for other in others)
        for slug, others in related_papers(catalogue.papers).items()
    }
    prev_next = topic_prev_next(catalogue.papers)
    bibtex = citations(catalogue.papers)
    return site_of(catalogue, related, prev_next, bibtex.entries, dates, bibtex.shown)


SEARCH_BESIDE_MIN_PAPERS = 2_000
"""From this many papers on, the search index is built in a forked child while this process
relates the papers (it needs neither related papers nor pages); below it, in turn."""


def build_site(
    sources: Sources,
    taxonomy: Taxonomy,
    feed_site: FeedSite,
    built: datetime.datetime,
    site_dir: Path | None = None,
) -> Build:
    """The whole catalogue step: read, relate, and make every page and file of the site.

    `site_dir` is the folder the site is being built in, into which a large catalogue's search
    index is written as it is made (`Build.written`); without it, every file is kept in
    `Build.files`."""
    catalogue = read_catalogue(sources, taxonomy)
    files_read = [file.path for file in catalogue.files]
    dates = paper_dates(catalogue.papers, built.date())  # as `relate` dates them
    newest = [paper.slug for paper in newest_first(catalogue.papers, dates, files_read)]
    search = _search_beside(catalogue, newest, site_dir)
    written: tuple[str, ...] = ()
    try:
        site = relate(catalogue, built.date())
        progress.current().stage("building the search index and the feeds")
        files: dict[str, str | bytes] = {TOPICS_JSON: topics_json_gz(site.topics)}
        if search is not None:
            written = search.result()
        else:
            files.update(_search_files(catalogue, newest))
    finally:
        if search is not None:
            search.close()
    files[FEEDS_SITEMAP] = EMPTY_SITEMAP
    files.update(build_feeds(catalogue, site.dates, feed_site, built))
    # A page that shows a cut BibTeX entry links the whole one, beside it.
    files.update({bib_file(slug): site.bibtex[slug] for slug in site.shown_bibtex})
    return Build(site, tuple(site_views(site)), files, written)


def _search_beside(
    catalogue: Catalogue, newest: list[str], site_dir: Path | None
) -> Forked[tuple[str, ...]] | None:
    """The search index, built from now on in a forked child (generator/forked.py) for a large
    catalogue, which writes its files into `site_dir` and returns their paths there; None for a
    small one, or without a site folder: its index is built when it is needed."""
    if site_dir is None or len(catalogue.papers) < SEARCH_BESIDE_MIN_PAPERS or not fork_is_safe():
        return None
    return Forked("building the search index", _write_search_files, catalogue, newest, site_dir)


def _search_files(catalogue: Catalogue, newest: list[str]) -> Mapping[str, bytes]:
    return build_search(catalogue, newest).files


def _write_search_files(catalogue: Catalogue, newest: list[str], site_dir: Path) -> tuple[str, ...]:
    """Build the search index and write its files into `site_dir`; their paths there."""
    files = _search_files(catalogue, newest)
    made: set[Path] = set()
    for path, data in files.items():
        target = site_dir / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)  # as MkDocs writes a generated file's bytes
    return tuple(files)
