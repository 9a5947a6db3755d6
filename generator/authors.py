"""Authors: names matched across papers, and a page for each author with two or more papers.

Two spellings are one author when they agree once accents, case, punctuation and spacing go
(`Émilie du Châtelet`, `emilie du chatelet`, `Alan M. Turing`, `Alan M Turing`). The page
shows the first spelling met in newest-first order. An author's slug depends on the name alone
(as a paper's on its title), so it never changes as papers are added; its URL puts it in a
folder named by the slug's first two characters (`authors/al/alan-m-turing/`).

Scale: pages only for authors with `MIN_PAPERS` papers or more, and only as many as fit
`AUTHOR_PAGES_BYTES` (`min_papers`). On the development corpus that is 8,898 of 26,390 names;
at 100,000 synthetic papers (`bench.synth.AuthorModel`), the 5,110 authors of 26 papers or
more, of 296,250 names. Every folder stays far below the 50,000-entry budget: `authors/` holds
at most 36² two-character folders and each of those a share of the pages (252 in the largest,
`li`, at 100,000 papers). Search finds every author, with a page or not.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from generator import urls
from generator.model import Paper, make_slug

MIN_PAPERS = 2
"""An author gets a page from this many papers on, while author pages fit `AUTHOR_PAGES_BYTES`;
in a larger catalogue, from the fewest papers that keep them within it (`min_papers`)."""
AUTHOR_PAGES_BYTES = 100 * 1024 * 1024
"""What author pages may take of the site's 900 MB budget. Every author, with a page or not,
is found by search (`author:"Name"`)."""
AUTHOR_PAGE_BYTES = 8_300
ENTRY_BYTES = 250
"""An author page's size: the site's chrome, title and co-authors, then a line per paper
(measured on 7,075 author pages of 10,000 synthetic papers)."""
PAPERS_PER_PAGE = 100
"""Papers an author page lists (one line each: title and date)."""
COAUTHORS_SHOWN = 12


@functools.lru_cache(maxsize=1 << 19)
def author_key(name: str) -> str:
    """A name as authors are matched: no accents, case, punctuation or extra spaces. (Cached:
    the site model, the search index and every page that links its authors match each name,
    and forked workers inherit what the model matched.)"""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(
        ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch)
    )
    return " ".join(letters.split())


def author_slug(name: str) -> str:
    """The author's slug: from the matched name alone, so it never moves."""
    return make_slug(author_key(name))


@dataclass(frozen=True, slots=True)
class Coauthor:
    """Someone who wrote papers with an author, and how many."""

    name: str
    url: str | None
    """Their page, when they have one."""
    count: int


@dataclass(frozen=True, slots=True)
class Author:
    """An author with a page: their papers newest first, and their frequent co-authors."""

    slug: str
    name: str
    papers: tuple[Paper, ...]
    coauthors: tuple[Coauthor, ...]

    @property
    def url(self) -> str:
        return urls.author_url(self.slug)

    @property
    def shard_url(self) -> str:
        """The page of the authors index that lists this author."""
        return urls.author_shard_url(urls.shard(self.slug))


@dataclass(frozen=True, slots=True)
class AuthorShard:
    """The authors with a page whose slug starts with the same two characters, A to Z: one
    entry of the authors index, and a page of its own (`authors/<shard>/`)."""

    shard: str
    authors: tuple[Author, ...]

    @property
    def url(self) -> str:
        return urls.author_shard_url(self.shard)

    @property
    def letter(self) -> str:
        """The index's group: the first letter, or `0–9`."""
        first = self.shard[:1]
        return "0–9" if first.isdigit() else first.upper()


def author_shards(authors: Mapping[str, Author]) -> tuple[AuthorShard, ...]:
    """The authors with a page, by folder, folders and authors in slug order."""
    by_shard: dict[str, list[Author]] = {}
    for author in sorted(authors.values(), key=lambda author: author.slug):
        by_shard.setdefault(urls.shard(author.slug), []).append(author)
    return tuple(AuthorShard(shard, tuple(found)) for shard, found in sorted(by_shard.items()))


def pages_bytes(papers: int) -> int:
    """The estimated bytes of the pages of an author of `papers` papers."""
    return AUTHOR_PAGE_BYTES * -(-papers // PAPERS_PER_PAGE) + ENTRY_BYTES * papers


def min_papers(counts: Iterable[int], budget: int = AUTHOR_PAGES_BYTES) -> int:
    """The fewest papers that give an author a page, given each author's paper count:
    `MIN_PAPERS`, or more where the pages of all those authors would pass `budget` bytes."""
    by_count = Counter(counts)
    least = MIN_PAPERS
    used = sum(pages_bytes(count) * n for count, n in by_count.items() if count >= least)
    while used > budget:
        used -= pages_bytes(least) * by_count.get(least, 0)
        least += 1
    return least


def build_authors(newest: Sequence[Paper]) -> Mapping[str, Author]:
    """Every author with a page (`min_papers`), by matched name, from papers newest first."""
    papers_of: dict[str, list[Paper]] = {}
    names: dict[str, str] = {}
    # Each paper's matched names, once: an author's co-authors are counted from them, and a
    # prolific author's papers would otherwise have their names matched again for each author.
    keys_of: dict[str, tuple[str, ...]] = {}
    for paper in newest:
        keys = []
        for name in paper.authors:
            key = author_key(name)
            names.setdefault(key, name)
            if key:  # a name of punctuation alone matches no one
                keys.append(key)
        keys_of[paper.slug] = tuple(dict.fromkeys(keys))
        for key in keys_of[paper.slug]:
            papers_of.setdefault(key, []).append(paper)
    least = min_papers(len(papers) for papers in papers_of.values())
    with_pages = {key for key, papers in papers_of.items() if len(papers) >= least}
    authors: dict[str, Author] = {}
    ordered = sorted(with_pages)
    for key, frequent in zip(ordered, _frequent_coauthors(ordered, keys_of), strict=True):
        coauthors = tuple(
            Coauthor(
                names[other],
                urls.author_url(make_slug(other)) if other in with_pages else None,
                count,
            )
            for other, count in frequent
        )
        authors[key] = Author(make_slug(key), names[key], tuple(papers_of[key]), coauthors)
    return authors


COUNTED_AUTHORS = 1000
"""Authors whose co-authors are counted at a time (`_frequent_coauthors`)."""


def _frequent_coauthors(
    authors: Sequence[str], keys_of: Mapping[str, tuple[str, ...]]
) -> Iterator[list[tuple[str, int]]]:
    """For each of `authors` (matched names), their `COAUTHORS_SHOWN` most frequent co-authors
    with the number of papers shared: the most first, then by matched name.

    Counted as a sparse product of who wrote which paper with itself, in C: a prolific author's
    papers, each with its co-authors, would take a Python loop of millions of steps.
    """
    import numpy as np
    from scipy import sparse

    every = sorted({key for keys in keys_of.values() for key in keys})
    column = {key: i for i, key in enumerate(every)}  # in name order, which breaks ties
    lengths = [len(keys) for keys in keys_of.values()]
    columns = np.fromiter(
        (column[key] for keys in keys_of.values() for key in keys), np.int64, sum(lengths)
    )
    rows = np.repeat(np.arange(len(lengths)), lengths)
    ones = np.ones(len(columns), dtype=np.int64)
    wrote = sparse.csr_matrix((ones, (rows, columns)), shape=(len(lengths), len(every)))
    by_author = wrote.T.tocsr()
    for start in range(0, len(authors), COUNTED_AUTHORS):
        selves = np.array([column[key] for key in authors[start : start + COUNTED_AUTHORS]])
        shared = (by_author[selves] @ wrote).tocsr()
        for row, self in enumerate(selves):
            begin, end = shared.indptr[row], shared.indptr[row + 1]
            others, counts = shared.indices[begin:end], shared.data[begin:end]
            keep = others != self
            others, counts = others[keep], counts[keep]
            order = np.lexsort((others, -counts))[:COAUTHORS_SHOWN]
            yield [(every[i], int(n)) for i, n in zip(others[order], counts[order], strict=True)]
