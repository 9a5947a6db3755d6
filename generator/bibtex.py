"""BibTeX entries for the papers that have a title, authors and a year.

Keys are `<surname><year><word>`: the first author's family name and the first significant
title word, in ASCII (`lovelace2024sparse`). Keys are unique across the catalogue: when papers
share one, the paper whose slug sorts first keeps it and the others get a letter, `b`, `c`, ...

Values are escaped for TeX, with braces kept balanced (BibTeX counts `\\{` as a brace, so a
literal brace is written `\\textbraceleft{}`), and every title word with a capital letter is
braced, so that bibliography styles that lowercase titles leave "BiPO" and "Transformers" alone.
Text outside ASCII is kept as UTF-8, which biber and LaTeX's inputenc read.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from slugify import slugify

from generator import urls
from generator.metadata import LONG_AUTHOR_LIST
from generator.model import Paper

SHOWN_OF_LONG_LIST = 10
"""Of a list of more than `LONG_AUTHOR_LIST` authors, the entry a page shows names this many."""
BIB_FILE = "cite.bib"
"""The whole entry of such a paper, beside its page."""

_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Braces and backslashes in a URL would unbalance or escape the field: they are percent-encoded,
# as a browser would send them. Nothing else of a URL is touched: url fields are verbatim.
_URL_ESCAPES = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C"})
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# fmt: off
_STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "by", "can", "do", "does", "for", "from", "how", "in",
    "is", "of", "on", "the", "to", "toward", "towards", "via", "what", "when", "why", "with",
})
# fmt: on
_FIELD_ORDER = ("title", "author", "year", "eprint", "archiveprefix", "primaryclass", "url")


_TEX_ESCAPES = str.maketrans(_TEX_SPECIALS)


def escape_tex(text: str) -> str:
    """Text with TeX's special characters written as commands; braces stay balanced."""
    return text.translate(_TEX_ESCAPES)


def protect_title(title: str) -> str:
    """The title escaped, with each word that has a capital letter in braces."""
    words = []
    for word in title.split(" "):
        escaped = escape_tex(word)
        if any(ch.isupper() for ch in word):
            # `{\command ...}` is a "special character" whose letters BibTeX still lowercases;
            # a second pair of braces makes it plain protected text.
            escaped = f"{{{{{escaped}}}}}" if escaped.startswith("\\") else f"{{{escaped}}}"
        words.append(escaped)
    return " ".join(words)


def bibtex_name(name: str) -> str:
    """A name as BibTeX reads it: "Given Family" as it is, a suffix as "Family, Jr., Given"."""
    if "," in name:
        return escape_tex(name)  # already "Family, Given"
    words = name.split()
    if len(words) >= 3 and words[-1].casefold().rstrip(".") in _NAME_SUFFIXES:
        name = f"{words[-2]}, {words[-1]}, {' '.join(words[:-2])}"
    escaped = escape_tex(name)
    # " and " separates names: a name that holds the word is braced whole.
    return f"{{{escaped}}}" if re.search(r"\sand\s", name, re.IGNORECASE) else escaped


def family_name(name: str) -> str:
    """The family name of a name written "Given Family" or "Family, Given"."""
    if "," in name:
        return name.split(",", 1)[0].strip()
    words = name.split()
    while len(words) > 1 and words[-1].casefold().rstrip(".") in _NAME_SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def has_entry(paper: Paper) -> bool:
    """Whether the paper has what an entry needs: a title, authors and a year."""
    return bool(paper.title and paper.authors and paper.date)


def base_key(paper: Paper) -> str:
    """The key before de-duplication: surname, year and first significant title word."""
    assert paper.date is not None
    surname = slugify(family_name(paper.authors[0]), separator="") or "anon"
    word = next(
        (
            slug
            for raw in paper.title.split()
            if (slug := slugify(raw.strip(string.punctuation), separator=""))
            and slug not in _STOP_WORDS
        ),
        "paper",
    )
    return f"{surname}{paper.date.year}{word}"


def citation_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """A unique key for each paper that has an entry, by slug; the same input, the same keys."""
    groups: dict[str, list[Paper]] = {}
    for paper in sorted((p for p in papers if has_entry(p)), key=lambda p: p.slug):
        groups.setdefault(base_key(paper), []).append(paper)
    used = set(groups)
    keys: dict[str, str] = {}
    for base, members in sorted(groups.items()):
        keys[members[0].slug] = base
        suffixes = (suffix for suffix in _suffixes() if f"{base}{suffix}" not in used)
        for paper in members[1:]:
            key = f"{base}{next(suffixes)}"
            used.add(key)
            keys[paper.slug] = key
    return keys


def _suffixes() -> Iterable[str]:
    yield from string.ascii_lowercase[1:]
    number = 2
    while True:
        yield str(number)
        number += 1


def entry(paper: Paper, key: str, authors: int | None = None) -> str:
    """The paper's BibTeX entry; call it only for a paper that `has_entry`. With `authors`, a
    longer list names that many and ends with "and others", BibTeX's way of cutting a list."""
    assert paper.date is not None
    names = [bibtex_name(name) for name in paper.authors[:authors]]
    if authors is not None and len(paper.authors) > authors:
        names.append("others")
    fields = {
        "title": protect_title(paper.title),
        "author": " and ".join(names),
        "year": str(paper.date.year),
    }
    if paper.arxiv_id:
        fields["eprint"] = paper.arxiv_id
        fields["archiveprefix"] = "arXiv"
        if paper.primary_class:
            fields["primaryclass"] = escape_tex(paper.primary_class)
    url = paper.external_url or paper.arxiv_abs_url or paper.full_pdf_url
    if url:
        fields["url"] = url.translate(_URL_ESCAPES)
    spelled = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}
    lines = [f"@misc{{{key},"]
    lines += [
        f"  {spelled.get(name, name)} = {{{fields[name]}}},"
        for name in _FIELD_ORDER
        if name in fields
    ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def bibtex_entries(papers: Iterable[Paper]) -> dict[str, str]:
    """Each paper's entry, by slug, for the papers that have one."""
    return dict(citations(papers).entries)


@dataclass(frozen=True, slots=True)
class Citations:
    """The catalogue's BibTeX: every entry whole, and the entries paper pages show."""

    entries: Mapping[str, str]
    """Each paper's whole entry, by slug, for the papers that have one."""
    shown: Mapping[str, str]
    """The entry a paper's page shows, by slug, where it is not the whole one: a list of more
    than `LONG_AUTHOR_LIST` authors names the first `SHOWN_OF_LONG_LIST` and "others" (the
    whole entry, a file beside the page, keeps them all, and the page would exceed its budget
    with every name written out in both the citation tag and the entry)."""


def citations(papers: Iterable[Paper]) -> Citations:
    """The whole and the shown entries of `papers`, with keys unique across them."""
    by_slug = {paper.slug: paper for paper in papers}
    keys = citation_keys(by_slug.values())
    entries = {slug: entry(by_slug[slug], key) for slug, key in sorted(keys.items())}
    shown = {
        slug: entry(by_slug[slug], key, SHOWN_OF_LONG_LIST)
        for slug, key in sorted(keys.items())
        if len(by_slug[slug].authors) > LONG_AUTHOR_LIST
    }
    return Citations(entries, shown)


def bib_file(slug: str) -> str:
    """Where the whole entry of a paper whose page shows a cut one is written in the site."""
    return f"{urls.paper_url(slug)}{BIB_FILE}"
