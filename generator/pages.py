"""What the catalogue's pages show: the site as data for the templates (topic listings, the A–Z
letter groups, related papers), and the readable forms of titles and descriptions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from generator.model import Catalogue, Paper, Topic
from generator.prev_next import PrevNext
from generator.text import plain_text
from generator.topics import papers_by_topic, unsorted

DESCRIPTION_MAX_CHARS = 160


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


@dataclass(frozen=True, slots=True)
class TopicListing:
    """A topic's page: its papers, those whose primary topic it is first, each group by slug."""

    topic: Topic
    papers: tuple[Paper, ...]
    primary_count: int

    @property
    def count(self) -> int:
        return len(self.papers)

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

    @property
    def topics_by_count(self) -> tuple[TopicListing, ...]:
        """The topics with the most papers first; ties by name."""
        return tuple(sorted(self.topics, key=lambda item: (-item.count, item.topic.name)))

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
    if len(text) <= DESCRIPTION_MAX_CHARS:
        return text
    cut = text[: DESCRIPTION_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


def letter_groups(papers: Iterable[Paper]) -> tuple[LetterGroup, ...]:
    """Group papers by the first character of their slug: A to Z, and 0–9 for digits."""
    groups: dict[str, list[Paper]] = {}
    for paper in sorted(papers, key=lambda paper: paper.slug):
        initial = paper.slug[0]
        groups.setdefault("0–9" if initial.isdigit() else initial.upper(), []).append(paper)
    return tuple(
        LetterGroup(letter, "digits" if letter == "0–9" else letter.lower(), tuple(members))
        for letter, members in sorted(groups.items(), key=lambda item: (item[0] != "0–9", item[0]))
    )


def topic_listings(catalogue: Catalogue) -> tuple[TopicListing, ...]:
    """Every topic of the catalogue with its papers, in the taxonomy's order."""
    by_topic = papers_by_topic(catalogue.papers)
    listings = []
    for topic in catalogue.topics:
        papers = by_topic.get(topic.slug, ())
        primary_count = sum(1 for paper in papers if paper.primary_topic == topic)
        listings.append(TopicListing(topic, papers, primary_count))
    return tuple(listings)


def site_of(
    catalogue: Catalogue,
    related: Mapping[str, tuple[Paper, ...]],
    prev_next: Mapping[str, PrevNext],
    bibtex: Mapping[str, str],
) -> Site:
    """Everything the templates need beyond the page itself."""
    return Site(
        catalogue,
        letter_groups(catalogue.papers),
        topic_listings(catalogue),
        unsorted(catalogue.papers),
        related=related,
        prev_next=prev_next,
        bibtex=bibtex,
    )
