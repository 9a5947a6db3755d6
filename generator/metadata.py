"""Metadata for a paper page's head: OpenGraph, Highwire `citation_*` tags and schema.org JSON-LD.

Meta tag values are printed by templates with autoescape on. JSON-LD sits inside a `<script>`
element, where HTML escaping does not apply and `</script>` in a title would end the element:
the JSON is written with `<`, `>` and `&` as `\\u003c`, `\\u003e` and `\\u0026`, which JSON
parsers read back as the same characters.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


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
    json_ld: Markup
    """The JSON-LD object, safe to print inside `<script type="application/ld+json">`."""


LONG_AUTHOR_LIST = 50
"""Above this many authors, the citation tags name them in one tag."""
JSON_LD_AUTHORS = 3
CITATION_NAMES_BYTES = 16 * 1024
"""The most the one citation_authors tag holds (about a thousand names): a page stays within
its budget with any number of authors. Google Scholar matches a page to its paper by the title
and the first authors, and shows only the first few; the list goes on in the whole BibTeX entry
beside the page and in papers.json."""


def head_metadata(
    *,
    title: str,
    topics: Sequence[str],
    url: str | None,
    authors: Sequence[str] = (),
    date: datetime.date | None = None,
    arxiv_id: str | None = None,
    pdf_url: str | None = None,
) -> HeadMetadata:
    """The tags and JSON-LD of one paper; `url` is the page's absolute URL, when it is known.

    The JSON-LD leaves the abstract out: the page shows it, the description tags summarise it,
    and the consumers of a ScholarlyArticle read its headline, authors and date; repeated in
    every page's head, it made a paper page a tenth larger. Only the tags the paper's records
    can fill are written (a text dump gives no authors, dates
    or identifiers): a tag with a guessed value would mislead reference managers. OpenGraph's
    description and site name are left out: link previews fall back to the page's description
    tag and its title, so they only repeated the abstract's first lines and the site's name.
    """
    tags = [
        MetaTag("property", "og:type", "article"),
        MetaTag("property", "og:title", title),
    ]
    if url:
        tags.append(MetaTag("property", "og:url", url))
    tags.append(MetaTag("name", "citation_title", title))
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
    if url:
        tags.append(MetaTag("name", "citation_abstract_html_url", url))
    article: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": title,
    }
    if authors:
        # The first authors only: the citation tags and the BibTeX entry hold the whole list.
        shown = authors[:JSON_LD_AUTHORS]
        article["author"] = [{"@type": "Person", "name": name} for name in shown]
    if date is not None:
        article["datePublished"] = date.isoformat()
    if arxiv_id:
        article["sameAs"] = f"https://arxiv.org/abs/{arxiv_id}"
    if topics:
        article["about"] = [{"@type": "Thing", "name": name} for name in topics]
    if url:
        article["url"] = url
    return HeadMetadata(tuple(tags), script_json(article))


def script_json(data: object) -> Markup:
    """JSON that cannot end or alter the `<script>` element it is printed in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_SAFE))


def names_within(authors: Sequence[str], budget: int = CITATION_NAMES_BYTES) -> Sequence[str]:
    """The first authors whose names, joined by "; ", take at most `budget` bytes of UTF-8."""
    used = 0
    for count, name in enumerate(authors):
        used += len(name.encode("utf-8")) + (2 if count else 0)
        if used > budget:
            return authors[:count]
    return authors
