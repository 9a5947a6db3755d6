"""The pages that the catalogue adds to the site, as data for the plugin and the templates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from generator.links import paper_has_code
from generator.model import Catalogue, Paper, Topic
from generator.neighbours import Neighbours, topic_neighbours
from generator.related import related_papers
from generator.text import plain_text
from generator.topics import UNSORTED_SLUG, papers_by_topic, unsorted

PAPERS_INDEX_URI = "papers/index.md"
TOPICS_INDEX_URI = "topics/index.md"
UNSORTED_URI = f"topics/{UNSORTED_SLUG}/index.md"
PAPER_TEMPLATE = "papershelf/paper.html"
PAPERS_TEMPLATE = "papershelf/papers.html"
TOPICS_TEMPLATE = "papershelf/topics.html"
TOPIC_TEMPLATE = "papershelf/topic.html"
DESCRIPTION_MAX_CHARS = 160


@dataclass(frozen=True, slots=True)
class SitePage:
    """A page the build generates: where it lives, how it is rendered, and what it shows."""

    src_uri: str
    template: str
    title: str
    description: str
    paper: Paper | None = None
    listing: TopicListing | None = None
    in_nav: bool = True
    """Paper pages stay out of the nav: rendering the nav on every page costs pages² work."""


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
    neighbours: Mapping[str, Neighbours] = field(default_factory=dict)
    """Each filed paper's previous and next paper in its primary topic, by slug."""
    with_code: frozenset[str] = frozenset()
    """The slugs of the papers whose abstract links to code, for the code badge."""

    @property
    def topics_by_count(self) -> tuple[TopicListing, ...]:
        """The topics with the most papers first; ties by name."""
        return tuple(sorted(self.topics, key=lambda item: (-item.count, item.topic.name)))

    @property
    def largest_topic_count(self) -> int:
        return max((listing.count for listing in self.topics), default=0)


def paper_src_uri(paper: Paper) -> str:
    """The virtual source file of a paper page; `papers/<slug>/index.md` serves `papers/<slug>/`."""
    return f"{paper.url}index.md"


def topic_src_uri(topic: Topic) -> str:
    """The virtual source file of a topic page, which serves `topics/<slug>/`."""
    return f"{topic.url}index.md"


def site_pages(site: Site) -> list[SitePage]:
    """The A–Z page, the topic pages, then one page per paper, in catalogue order."""
    catalogue = site.catalogue
    count = len(catalogue.papers)
    pages = [
        SitePage(
            src_uri=PAPERS_INDEX_URI,
            template=PAPERS_TEMPLATE,
            title="All papers",
            description=f"All {count} papers of the catalogue, A to Z.",
        )
    ]
    if site.topics:
        pages.append(
            SitePage(
                src_uri=TOPICS_INDEX_URI,
                template=TOPICS_TEMPLATE,
                title="Topics",
                description=f"The {len(site.topics)} topics of the catalogue's {count} papers.",
            )
        )
        pages.extend(
            SitePage(
                src_uri=topic_src_uri(listing.topic),
                template=TOPIC_TEMPLATE,
                title=listing.topic.name,
                description=listing.topic.description,
                listing=listing,
            )
            for listing in site.topics
        )
        # The unsorted page always exists, so that its URL is stable; it is linked, not in the nav.
        pages.append(
            SitePage(
                src_uri=UNSORTED_URI,
                template=TOPIC_TEMPLATE,
                title="Unsorted",
                description="Papers that no topic took yet.",
                in_nav=False,
            )
        )
    pages.extend(
        SitePage(
            src_uri=paper_src_uri(paper),
            template=PAPER_TEMPLATE,
            title=title_text(paper),
            description=describe(paper),
            paper=paper,
            in_nav=False,
        )
        for paper in catalogue.papers
    )
    return pages


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


def build_site(catalogue: Catalogue) -> Site:
    """Everything the templates need beyond the page itself."""
    by_slug = {paper.slug: paper for paper in catalogue.papers}
    related = {
        slug: tuple(by_slug[other] for other in others)
        for slug, others in related_papers(catalogue.papers).items()
    }
    return Site(
        catalogue,
        letter_groups(catalogue.papers),
        topic_listings(catalogue),
        unsorted(catalogue.papers),
        related=related,
        neighbours=topic_neighbours(catalogue.papers),
        with_code=frozenset(paper.slug for paper in catalogue.papers if paper_has_code(paper)),
    )
