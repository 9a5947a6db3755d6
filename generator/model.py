"""The catalogue as typed data: papers with their slugs and short names, merged across dumps."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from slugify import slugify

from generator import urls
from generator.errors import CatalogueError, escape_controls

SLUG_MAX_LENGTH = 80
_HASH_LENGTH = 6
_APOSTROPHES = re.compile("['\u2019\u02bc`\u00b4]")
_ASCII_APOSTROPHES = re.compile("['`]")
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")
_ELLIPSIS = " .\u2026"
"""What a copy that cut an abstract short may end with."""
_SHORT_NAME_MAX_WORDS = 3
_SHORT_NAME_MAX_CHARS = 32
# A word with a capital inside it ("BiPO", "MelGAN"), a digit ("GPT-4", "CO2") or several
# capitals ("IO") reads as a name; "Less is More" or "Cross-Modal Safety" does not.
_NAME_LIKE_WORD = re.compile(r"[a-z0-9][A-Z]|[0-9]|[A-Z]{2}")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: a file, the line of its title, and the date heading above it."""

    path: str
    line: int
    """1 for the first line; 0 for the whole file (a file that was not read, say)."""
    listed: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordExtras:
    """What a JSON Lines record may add to a title and abstract, named when given; a text dump
    gives none of it. Records and papers both carry these fields."""

    authors: tuple[str, ...] = ()
    date: datetime.date | None = None
    arxiv_id: str | None = None
    """Without the `arXiv:` prefix or a version (`v2`): links lead to the latest version."""
    primary_class: str | None = None
    """The arXiv category the paper was filed under first (`cs.LG`)."""
    external_url: str | None = None
    """The paper's own web page (the record's `url`); always http(s)."""
    pdf_url: str | None = None
    code_url: str | None = None
    pinned_topics: tuple[str, ...] = ()
    """Topic slugs the record sets for the paper, in place of those the rules would find."""


@dataclass(frozen=True, slots=True)
class Record(RecordExtras):
    """One title and its abstract as read from a dump; the abstract is empty when it is missing.

    Records from JSON Lines may carry more; a text dump gives none of the optional fields.
    """

    title: str
    abstract: str
    source: Source


@dataclass(frozen=True, slots=True)
class Problem:
    """A record the reader could not use as it stands; reported as a warning, never dropped."""

    source: Source
    message: str

    def __str__(self) -> str:
        # Messages quote the input: its control characters must not reach a terminal.
        return escape_controls(f"{self.source}: {self.message}")


@dataclass(frozen=True, slots=True)
class Note(Problem):
    """Something worth a maintainer's look that loses nothing (a URL cut by a line break):
    listed by `check` and the build, but not a warning, so `--strict` passes."""


@dataclass(frozen=True, slots=True)
class DumpFile:
    """One input file and how many records it held."""

    path: str
    records: int


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything read from the corpus, in file order and then line order."""

    files: tuple[DumpFile, ...]
    records: tuple[Record, ...]
    problems: tuple[Problem, ...]
    notes: tuple[Note, ...] = ()
    """What was passed over without loss of a paper: files that are not dumps, broken links."""


LinkKind = Literal["code", "project", "video"]


@dataclass(frozen=True, slots=True)
class Link:
    """An outbound link from an abstract: an http(s) URL and what it leads to."""

    url: str
    kind: LinkKind

    @property
    def host(self) -> str:
        """The host name without `www.`, for a short label."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


@dataclass(frozen=True, slots=True)
class Topic:
    """A subject area that papers are filed under; the taxonomy file defines them."""

    slug: str
    name: str
    description: str

    @property
    def url(self) -> str:
        """The topic page's URL, relative to the site root."""
        return urls.topic_url(self.slug)


@dataclass(frozen=True, slots=True)
class Paper(RecordExtras):
    """One distinct paper of the catalogue, whatever number of dumps listed it."""

    slug: str
    title: str
    abstract: str
    short_name: str | None
    sources: tuple[Source, ...]
    topics: tuple[Topic, ...] = ()
    """Ranked, primary first; empty until the topics step has filed the paper. The fields of
    `RecordExtras` (authors, date, arXiv identifier, links, pinned topics) follow, by keyword."""
    links: tuple[Link, ...] = ()
    """Its records' links, then its abstract's; empty until the links step has found them."""

    @property
    def has_code(self) -> bool:
        """Whether the paper links to code: a repository or a model hub."""
        return any(link.kind == "code" for link in self.links)

    @property
    def arxiv_abs_url(self) -> str | None:
        """The paper's abstract page on arXiv."""
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else None

    @property
    def arxiv_pdf_url(self) -> str | None:
        """The paper's PDF on arXiv."""
        return f"https://arxiv.org/pdf/{self.arxiv_id}" if self.arxiv_id else None

    @property
    def full_pdf_url(self) -> str | None:
        """The PDF to link: the record's own, else arXiv's."""
        return self.pdf_url or self.arxiv_pdf_url

    @property
    def primary_topic(self) -> Topic | None:
        """The topic the paper is mainly about, if it has been filed."""
        return self.topics[0] if self.topics else None

    @property
    def url(self) -> str:
        """The paper page's URL, relative to the site root."""
        return urls.paper_url(self.slug)


@dataclass(frozen=True, slots=True)
class Merge:
    """A record folded into a paper that an earlier record already gave."""

    kept: Source
    merged: Source
    title: str
    abstracts_differ: bool


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The whole catalogue: papers sorted by slug, and an account of every input record."""

    papers: tuple[Paper, ...]
    files: tuple[DumpFile, ...]
    merges: tuple[Merge, ...]
    problems: tuple[Problem, ...]
    topics: tuple[Topic, ...] = ()
    """The taxonomy's topics, in the taxonomy's order; empty until the topics step has run."""
    notes: tuple[Note, ...] = ()
    """Things worth a maintainer's look that lose nothing (a URL cut by a line break, shown as
    text): `check` lists them, but they are not warnings, so `--strict` passes."""

    @property
    def record_count(self) -> int:
        """How many records the input held, papers and duplicates alike."""
        return sum(file.records for file in self.files)


def title_key(title: str) -> str:
    """Normalise a title for matching duplicates: Unicode form, case, punctuation, whitespace."""
    if title.isascii():  # most titles: normal form and folding change nothing but case
        text = title.lower()
        words = _NOT_ASCII_WORD.sub(" ", _ASCII_APOSTROPHES.sub("", text))
        return " ".join(words.split()) or " ".join(text.split())
    # Case folding can produce unnormalised text ("İ" folds to "i" and a combining dot).
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", title).casefold())
    # Invisible format characters (soft hyphens, zero-width joiners) must not split words.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    words = "".join(ch if _is_word_char(ch) else " " for ch in _APOSTROPHES.sub("", text))
    # A title of nothing but punctuation still needs a key of its own.
    return " ".join(words.split()) or " ".join(text.split())


def _is_word_char(ch: str) -> bool:
    # Combining marks belong to their letter: Devanagari vowel signs, for one, are marks.
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def make_slug(key: str) -> str:
    """The URL slug of the paper with this title key; it depends on nothing but the key.

    A key made only of ASCII letters, digits and spaces maps one-to-one onto its slug, so two
    such papers can never collide. Any other key (accents, other scripts, a slug cut at the
    length cap) loses information on the way, so its slug carries a short hash of the key. No
    slug ever depends on which other papers exist, or on input order.
    """
    full = slugify(key)
    if full and full == key.replace(" ", "-") and len(full) <= SLUG_MAX_LENGTH:
        return full
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:_HASH_LENGTH]
    base = slugify(
        key, max_length=SLUG_MAX_LENGTH - _HASH_LENGTH - 1, word_boundary=True, save_order=True
    )
    return f"{base or 'paper'}-{digest}"


def short_name(title: str) -> str | None:
    """The name a title gives its method or system before a colon (`BiPO: ...` gives `BiPO`)."""
    head, colon, rest = title.partition(":")
    head = head.strip()
    if not colon or not rest.strip() or not head or len(head) > _SHORT_NAME_MAX_CHARS:
        return None
    words = head.split()
    if len(words) == 1:
        return head if any(ch.isalnum() for ch in head) else None
    if len(words) <= _SHORT_NAME_MAX_WORDS and any(_NAME_LIKE_WORD.search(w) for w in words):
        return head
    return None


def build_catalogue(reading: Reading) -> Catalogue:
    """Merge records that name the same paper, and give each paper its slug."""
    groups: dict[str, list[Record]] = {}
    for record in reading.records:
        groups.setdefault(title_key(record.title), []).append(record)

    papers: list[Paper] = []
    merges: list[Merge] = []
    problems = list(reading.problems)
    for key, records in groups.items():
        paper = _paper_from(key, records)
        papers.append(paper)
        merges.extend(_merges_of(records, paper.abstract))
        problems.extend(_conflicts_of(records, paper.abstract))
        problems.extend(_field_conflicts_of(records))
    _check_unique_slugs(papers)
    papers.sort(key=lambda paper: paper.slug)
    return Catalogue(
        tuple(papers), reading.files, tuple(merges), tuple(problems), notes=reading.notes
    )


_MERGED_FIELDS: tuple[tuple[str, str, Callable[[Any], object]], ...] = (
    # (field, how a message names it, what two values must share to agree)
    ("authors", "author list", lambda names: [" ".join(n.casefold().split()) for n in names]),
    ("date", "date", lambda date: date),
    ("arxiv_id", "arXiv identifier", lambda arxiv_id: arxiv_id),
    ("primary_class", "arXiv category", lambda category: category),
    ("external_url", "url", lambda url: url),
    ("pdf_url", "pdf_url", lambda url: url),
    ("code_url", "code_url", lambda url: url),
    ("pinned_topics", "topics", lambda slugs: slugs),
)
"""The optional fields a paper takes from its records: the first record that has one gives it."""


def _paper_from(key: str, records: list[Record]) -> Paper:
    first = records[0]
    # Copies of a listing may cut an abstract short; the longest one is the most complete. On a
    # tie, max() keeps the earliest, so the choice follows input order and nothing else.
    abstract = max((record.abstract for record in records), key=len)
    # Text dumps give none of the optional fields, so a JSON record's fields are kept whatever
    # the order of the files; between two records that both give one, the first one read wins.
    richer = {
        name: next((value for r in records if (value := getattr(r, name))), getattr(first, name))
        for name, _, _ in _MERGED_FIELDS
    }
    return Paper(
        slug=make_slug(key),
        title=first.title,
        abstract=abstract,
        short_name=short_name(first.title),
        sources=tuple(record.source for record in records),
        **richer,
    )


def _merges_of(records: list[Record], kept_abstract: str) -> Iterable[Merge]:
    first = records[0]
    for record in records[1:]:
        # Flag the merge when it drops a different, non-empty abstract: the first record's or
        # this one's.
        differ = any(text and text != kept_abstract for text in (first.abstract, record.abstract))
        yield Merge(first.source, record.source, first.title, differ)


def _conflicts_of(records: list[Record], kept_abstract: str) -> Iterable[Problem]:
    # A cut-short copy of the kept abstract is the same paper; any other abstract under the
    # same title may be a different paper ("C++" and "C#" match once punctuation goes).
    kept = next(record for record in records if record.abstract == kept_abstract)
    for record in records:
        text = record.abstract.rstrip(_ELLIPSIS)
        if text and not kept_abstract.startswith(text):
            yield Problem(
                record.source,
                f"same title as {kept.source} but a different abstract; merged, and the "
                "page shows the longer one",
            )


def _field_conflicts_of(records: list[Record]) -> Iterable[Problem]:
    """A problem for each record that gives a field a different value than the one kept."""
    for name, label, agree_on in _MERGED_FIELDS:
        given = [(record, value) for record in records if (value := getattr(record, name))]
        if len(given) < 2:
            continue
        kept_record, kept = given[0]
        for record, value in given[1:]:
            if agree_on(value) != agree_on(kept):
                yield Problem(
                    record.source,
                    f"same paper as {kept_record.source} but a different {label} "
                    f"({_shown(value)}); the page shows {_shown(kept)}",
                )


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _check_unique_slugs(papers: list[Paper]) -> None:
    seen: dict[str, Paper] = {}
    for paper in papers:
        other = seen.setdefault(paper.slug, paper)
        if other is not paper:
            raise CatalogueError(
                f"{paper.sources[0]}: slug {paper.slug!r} is also the slug of the different "
                f"paper at {other.sources[0]}; change one title slightly"
            )
