"""Metadata for a paper page's head: OpenGraph, Highwire `citation_*` tags and schema.org JSON-LD.

Meta tag values are printed by templates with autoescape on. JSON-LD sits inside a `<script>`
element, where HTML escaping does not apply and `</script>` in a title would end the element:
the JSON is written with `<`, `>` and `&` as `\\u003c`, `\\u003e` and `\\u0026`, which JSON
parsers read back as the same characters.
"""

from __future__ import annotations

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


def head_metadata(
    *,
    title: str,
    description: str,
    abstract: str,
    topics: Sequence[str],
    url: str | None,
    site_name: str,
) -> HeadMetadata:
    """The tags and JSON-LD of one paper; `url` is the page's absolute URL, when it is known.

    The input has no authors, dates or identifiers, so only the tags it can fill are written:
    a tag with a guessed value would mislead reference managers.
    """
    tags = [
        MetaTag("property", "og:type", "article"),
        MetaTag("property", "og:title", title),
        MetaTag("property", "og:description", description),
        MetaTag("property", "og:site_name", site_name),
    ]
    if url:
        tags.append(MetaTag("property", "og:url", url))
    tags.append(MetaTag("name", "citation_title", title))
    if url:
        tags.append(MetaTag("name", "citation_abstract_html_url", url))
    article: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": title,
    }
    if abstract:
        article["abstract"] = abstract
    if topics:
        article["about"] = [{"@type": "Thing", "name": name} for name in topics]
    if url:
        article["url"] = url
    return HeadMetadata(tuple(tags), script_json(article))


def script_json(data: object) -> Markup:
    """JSON that cannot end or alter the `<script>` element it is printed in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_SAFE))
