"""Metadata for a paper page's head: OpenGraph's title and type, and Highwire `citation_*` tags.

Meta tag values are printed by templates with autoescape on. Each fact is written once, in the
tag its consumers read: Google Scholar and reference managers (Zotero) read the `citation_*`
tags; link previews read `og:title` and fall back to the page's description tag; every consumer
of the page's address reads its canonical link. Left out, because they only repeated these:
schema.org JSON-LD (its headline, authors and date were the citation tags again; no search
engine shows a rich result for a ScholarlyArticle), `og:url` and `citation_abstract_html_url`
(the canonical link), OpenGraph's description and site name (the description tag, the title).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class MetaTag:
    """One `<meta>` tag: OpenGraph keys go in `property`, the others in `name`."""

    attribute: Literal["name", "property"]
    key: str
    content: str


@dataclass(frozen=True, slots=True)
class HeadMetadata:
    """What a paper page adds to its head."""

    tags: tuple[MetaTag, ...]


LONG_AUTHOR_LIST = 50
"""Above this many authors, the citation tags name them in one tag."""
CITATION_NAMES_BYTES = 16 * 1024
"""The most the one citation_authors tag holds (about a thousand names): a page stays within
its budget with any number of authors. Google Scholar matches a page to its paper by the title
and the first authors, and shows only the first few; the list goes on in the whole BibTeX entry
beside the page and in papers.json."""


def head_metadata(
    *,
    title: str,
    authors: Sequence[str] = (),
    date: datetime.date | None = None,
    arxiv_id: str | None = None,
    pdf_url: str | None = None,
) -> HeadMetadata:
    """The tags of one paper.

    Only the tags the paper's records can fill are written (a text dump gives no authors, dates
    or identifiers): a tag with a guessed value would mislead reference managers.
    """
    tags = [
        MetaTag("property", "og:type", "article"),
        MetaTag("property", "og:title", title),
        MetaTag("name", "citation_title", title),
    ]
    # Google Scholar reads one citation_author per author, in order, and dates as YYYY/MM/DD. A
    # list of hundreds would take the page past its budget: it is one citation_authors tag,
    # the names joined by "; ", which Google Scholar and Zotero read as well.
    if len(authors) > LONG_AUTHOR_LIST:
        tags.append(MetaTag("name", "citation_authors", "; ".join(names_within(authors))))
    else:
        tags.extend(MetaTag("name", "citation_author", name) for name in authors)
    if date is not None:
        tags.append(MetaTag("name", "citation_publication_date", date.strftime("%Y/%m/%d")))
    if arxiv_id:
        tags.append(MetaTag("name", "citation_arxiv_id", arxiv_id))
    if pdf_url:
        tags.append(MetaTag("name", "citation_pdf_url", pdf_url))
    return HeadMetadata(tuple(tags))


def names_within(authors: Sequence[str], budget: int = CITATION_NAMES_BYTES) -> Sequence[str]:
    """The first authors whose names, joined by "; ", take at most `budget` bytes of UTF-8."""
    used = 0
    for count, name in enumerate(authors):
        used += len(name.encode("utf-8")) + (2 if count else 0)
        if used > budget:
            return authors[:count]
    return authors
