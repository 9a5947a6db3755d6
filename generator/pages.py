"""The pages that the catalogue adds to the site, as data for the plugin and the templates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.links import has_code
from generator.model import Catalogue, Paper
from generator.neighbours import Neighbours, topic_neighbours
from generator.related import related_papers
from generator.text import plain_text

PAPERS_INDEX_URI = "papers/index.md"
PAPER_TEMPLATE = "papershelf/paper.html"
PAPERS_TEMPLATE = "papershelf/papers.html"
DESCRIPTION_MAX_CHARS = 160


@dataclass(frozen=True, slots=True)
class SitePage:
    """A page the build generates: where it lives, how it is rendered, and what it shows."""

    src_uri: str
    template: str
    title: str
    description: str
    paper: Paper | None = None

    @property
    def in_nav(self) -> bool:
        """Paper pages stay out of the nav: rendering the nav on every page costs pages² work."""
        return self.paper is None


@dataclass(frozen=True, slots=True)
class LetterGroup:
    """The papers of the A–Z list that start with one letter (or with a digit)."""

    letter: str
    anchor: str
    papers: tuple[Paper, ...]


@dataclass(frozen=True, slots=True)
class Site:
    """What the templates receive, besides the page itself."""

    catalogue: Catalogue
    letters: tuple[LetterGroup, ...]
    related: Mapping[str, tuple[Paper, ...]] = field(default_factory=dict)
    """Each paper's related papers, nearest first, by slug."""
    neighbours: Mapping[str, Neighbours] = field(default_factory=dict)
    """Each filed paper's previous and next paper in its primary topic, by slug."""
    with_code: frozenset[str] = frozenset()
    """The slugs of the papers whose abstract links to code, for the code badge."""


def paper_src_uri(paper: Paper) -> str:
    """The virtual source file of a paper page; `papers/<slug>/index.md` serves `papers/<slug>/`."""
    return f"{paper.url}index.md"


def site_pages(catalogue: Catalogue) -> list[SitePage]:
    """The A–Z page, then one page per paper, in catalogue order."""
    count = len(catalogue.papers)
    pages = [
        SitePage(
            src_uri=PAPERS_INDEX_URI,
            template=PAPERS_TEMPLATE,
            title="All papers",
            description=f"All {count} papers of the catalogue, A to Z.",
        )
    ]
    pages.extend(
        SitePage(
            src_uri=paper_src_uri(paper),
            template=PAPER_TEMPLATE,
            title=title_text(paper),
            description=describe(paper),
            paper=paper,
        )
        for paper in catalogue.papers
    )
    return pages


def title_text(paper: Paper) -> str:
    """The title as readable plain text: LaTeX remnants cleaned (`M^3GPT` reads `M³GPT`)."""
    return plain_text(paper.title, paper.short_name)


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
        related=related,
        neighbours=topic_neighbours(catalogue.papers),
        with_code=frozenset(paper.slug for paper in catalogue.papers if has_code(paper.abstract)),
    )
