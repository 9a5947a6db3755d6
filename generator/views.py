"""The kinds of page the catalogue adds to the site: one class each, and one function that
generates every page of that kind.

A view knows its source URI, its template, its title and description (plain text; the plugin
escapes them for the theme) and what its template receives beyond the site. Adding a kind of
page is one class and one `_generate_*` function here, its template, and its nav entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from generator import urls
from generator.model import Paper
from generator.pages import PageMeta, Site, TopicListing, describe, title_text
from generator.paper_page import paper_page
from generator.topics import UNSORTED_SLUG


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
    """The A–Z list of every paper."""

    template: ClassVar[str] = "papershelf/papers.html"
    count: int

    def description(self) -> str:
        return f"All {self.count} papers of the catalogue, A to Z."


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
    """One topic's papers; without a listing, the papers that no topic took."""

    template: ClassVar[str] = "papershelf/topic.html"
    hide_toc: ClassVar[bool] = True
    listing: TopicListing | None

    def description(self) -> str:
        return self.listing.topic.description if self.listing else "Papers that no topic took yet."

    def context(self, site: Site, meta: PageMeta) -> dict[str, object]:
        return {"listing": self.listing}


@dataclass(frozen=True, slots=True)
class UnsortedView(TopicView):
    """The papers that no topic took: a topic page without a topic, linked but not in the nav."""

    in_nav: ClassVar[bool] = False
    hide_toc: ClassVar[bool] = False


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
        page = paper_page(site, self.paper, meta)
        return {"paper": self.paper, "paper_page": page}


def _generate_all_papers(site: Site) -> Iterator[View]:
    yield AllPapersView(urls.ALL_PAPERS_URL, "All papers", count=len(site.catalogue.papers))


def _generate_topics(site: Site) -> Iterator[View]:
    if not site.topics:
        return
    papers = len(site.catalogue.papers)
    yield TopicsView(urls.TOPICS_URL, "Topics", topics=len(site.topics), papers=papers)
    for listing in site.topics:
        yield TopicView(listing.topic.url, listing.topic.name, listing=listing)
    # The unsorted page always exists, so that its URL is stable.
    yield UnsortedView(urls.topic_url(UNSORTED_SLUG), "Unsorted", listing=None)


def _generate_papers(site: Site) -> Iterator[View]:
    for paper in site.catalogue.papers:
        yield PaperView(paper.url, title_text(paper), paper=paper)


GENERATORS: tuple[Callable[[Site], Iterator[View]], ...] = (
    _generate_all_papers,
    _generate_topics,
    _generate_papers,
)
"""Every kind of page, in the order the site lists them: A–Z, topics, then papers."""


def site_views(site: Site) -> list[View]:
    """Every page the catalogue adds to the site."""
    return [view for generate in GENERATORS for view in generate(site)]
