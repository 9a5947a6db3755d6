"""What a paper page shows, beyond the paper itself: clean text, links, related papers, metadata."""

from __future__ import annotations

from dataclasses import dataclass

from generator.links import Link, find_links
from generator.lookups import Lookup, lookups
from generator.metadata import HeadMetadata, head_metadata
from generator.model import Paper
from generator.neighbours import Neighbours
from generator.pages import Site, describe, title_text
from generator.text import Segment, plain_text, segments


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
    neighbours: Neighbours
    lookups: tuple[Lookup, ...]
    head: HeadMetadata

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


def paper_page(site: Site, paper: Paper, *, url: str | None, site_name: str) -> PaperPage:
    """The page of `paper`; `url` is its absolute URL when the site's URL is configured."""
    short = plain_text(paper.short_name) if paper.short_name else None
    title = title_text(paper)
    abstract = segments(paper.abstract, short)
    return PaperPage(
        paper=paper,
        title=segments(paper.title, short),
        title_text=title,
        short_name=short,
        abstract=abstract,
        links=find_links(paper.abstract),
        related=site.related.get(paper.slug, ()),
        neighbours=site.neighbours.get(paper.slug, Neighbours()),
        lookups=lookups(paper.title),
        head=head_metadata(
            title=title,
            description=describe(paper),
            abstract="".join(segment.text for segment in abstract),
            topics=[topic.name for topic in paper.topics],
            url=url,
            site_name=site_name,
        ),
    )
