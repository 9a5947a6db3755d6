"""What a paper page shows, beyond the paper itself: clean text, links, related papers, metadata."""

from __future__ import annotations

from dataclasses import dataclass

from generator.bibtex import bib_file
from generator.dates import PaperDate, listing_names
from generator.metadata import LONG_AUTHOR_LIST, HeadMetadata, head_metadata
from generator.model import Link, Paper
from generator.pages import Site, title_text
from generator.prev_next import PrevNext
from generator.text import Segment, plain_text, segments
from generator.title_searches import TitleSearch, title_search

SHOWN_AUTHORS = 10
"""A byline shows this many authors before "and N more" (never "and 1 more")."""
SHOWN_OF_LONG_LIST = 3
"""Of a list of hundreds, which the page already holds twice (citation tag and BibTeX), fewer."""


@dataclass(frozen=True, slots=True)
class PaperPage:
    """Everything the paper template shows, computed in Python so the template only prints."""

    paper: Paper
    title: tuple[Segment, ...]
    title_text: str
    short_name: str | None
    abstract: tuple[Segment, ...]
    links: tuple[Link, ...]
    related: tuple[Paper, ...]
    prev_next: PrevNext
    title_search: TitleSearch
    """The one look-up written in the page; its script adds the others."""
    head: HeadMetadata
    bibtex: str | None
    """The paper's BibTeX entry as the page shows it, when it has one."""
    bibtex_file: str | None
    """The URL of the whole entry, where the page shows a cut one (hundreds of authors)."""

    date: PaperDate | None

    @property
    def first_authors(self) -> tuple[str, ...]:
        """The authors the byline shows; the rest follow as "and N more", expandable."""
        authors = self.paper.authors
        if len(authors) > LONG_AUTHOR_LIST:
            return authors[:SHOWN_OF_LONG_LIST]
        return authors if len(authors) <= SHOWN_AUTHORS + 1 else authors[:SHOWN_AUTHORS]

    @property
    def long_author_list(self) -> bool:
        """Whether the names behind "and N more" come from the page's one citation tag, which
        holds them all, rather than being written out a second time."""
        return len(self.paper.authors) > LONG_AUTHOR_LIST

    @property
    def more_authors(self) -> tuple[str, ...]:
        """The authors behind "and N more"."""
        return self.paper.authors[len(self.first_authors) :]

    listings: tuple[str, ...]
    """Where the paper was listed, as readers know it: the listing's date and name
    (`Mar 18, listing 2025-03-18_L1`); file paths and lines stay in papers.json and warnings."""

    @property
    def code_links(self) -> tuple[Link, ...]:
        """Links to code: repositories and model hubs."""
        return tuple(link for link in self.links if link.kind == "code")

    @property
    def project_links(self) -> tuple[Link, ...]:
        """Links to project pages and other sites."""
        return tuple(link for link in self.links if link.kind == "project")

    @property
    def video_links(self) -> tuple[Link, ...]:
        """Links to videos."""
        return tuple(link for link in self.links if link.kind == "video")


def paper_page(site: Site, paper: Paper) -> PaperPage:
    """The page of `paper`."""
    short = plain_text(paper.short_name) if paper.short_name else None
    title = title_text(paper)
    abstract = segments(paper.abstract, short)
    return PaperPage(
        paper=paper,
        title=segments(paper.title, short),
        title_text=title,
        short_name=short,
        abstract=abstract,
        links=paper.links,
        related=site.related.get(paper.slug, ()),
        prev_next=site.prev_next.get(paper.slug, PrevNext()),
        title_search=title_search(paper.title),
        bibtex=site.shown_bibtex.get(paper.slug) or site.bibtex.get(paper.slug),
        bibtex_file=bib_file(paper.slug) if paper.slug in site.shown_bibtex else None,
        date=site.date_of(paper),
        listings=listing_names(paper),
        head=head_metadata(
            title=title,
            authors=paper.authors,
            date=paper.date,
            arxiv_id=paper.arxiv_id,
            pdf_url=paper.full_pdf_url,
        ),
    )
