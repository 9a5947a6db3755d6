"""How much the search's small index agrees with a full-text index of the same papers.

    python3 -m bench.quality 10000 [--terms 24]

Both indexes are built from one synthetic catalogue and queried with lunr.py, as lunr.js queries
them: the site's (titles, short names, topics, and each abstract's most distinctive terms) and a
full-text one built by lunr.py's own builder over every word of every abstract. The queries come
from the papers themselves (`queries`): words and pairs of words of titles and of abstracts, taken
at fixed steps through the catalogue. The figure is the mean share of the full index's top ten
results that the small index also ranks in its top ten.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lunr import lunr
from lunr.builder import Builder
from lunr.index import Index
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from bench.browser import gzipped_size
from generator.model import Catalogue
from generator.search import (
    ABSTRACT_TERMS,
    BEST_PAPERS,
    FIELDS,
    build_search,
    field_texts,
    load_index,
    stem,
)

TOP = 10
QUERIES = 200
_WORD = re.compile(r"[a-z]{4,}")


@dataclass(frozen=True)
class Agreement:
    """How the small index's top results compare with the full index's."""

    queries: int
    overlap: float
    """The mean share of the full index's top `TOP` that the small index's top `TOP` holds."""
    worst: tuple[tuple[str, float], ...]


def full_text_index(catalogue: Catalogue) -> Index:
    """The reference: every word of every field, indexed by lunr.py's own builder."""
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter, stem)
    builder.search_pipeline.add(stem)
    documents = [
        {"ref": str(ref), **field_texts(paper)} for ref, paper in enumerate(catalogue.papers)
    ]
    fields = [{"field_name": field.name, "boost": field.boost} for field in FIELDS]
    return lunr(ref="ref", fields=fields, documents=documents, builder=builder)


def queries(catalogue: Catalogue, count: int = QUERIES) -> list[str]:
    """Queries taken from the papers at fixed steps: in turn a title word, two title words, an
    abstract word and two abstract words (lower-case words of four letters or more, no stop
    words), each picked by the paper's position in the catalogue."""
    papers = catalogue.papers
    step = max(1, len(papers) // count)
    found: list[str] = []
    for number, paper in enumerate(papers[::step][:count]):
        kind = number % 4
        text = paper.title if kind < 2 else paper.abstract
        words = [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]
        if not words:
            continue
        first = words[(number * 7) % len(words)]
        if kind % 2 == 0:
            found.append(first)
        else:
            found.append(f"{first} {words[(number * 13 + 1) % len(words)]}")
    return found


def _top(index: Index, query: str) -> list[str]:
    return [hit["ref"] for hit in index.search(query)[:TOP]]


def agreement(small: Index, full: Index, asked: Sequence[str]) -> Agreement:
    """The mean overlap of the top results, over the queries the full index answers."""
    shares: list[tuple[str, float]] = []
    for query in asked:
        expected = _top(full, query)
        if not expected:
            continue
        got = set(_top(small, query))
        shares.append((query, sum(1 for ref in expected if ref in got) / len(expected)))
    mean = sum(share for _, share in shares) / len(shares) if shares else 0.0
    worst = tuple(sorted(shares, key=lambda item: item[1])[:5])
    return Agreement(len(shares), mean, worst)


def measure(catalogue: Catalogue) -> Agreement:
    """Build both indexes of `catalogue` and compare them over `queries`."""
    small = load_index(build_search(catalogue).index_json)
    return agreement(small, full_text_index(catalogue), queries(catalogue))


def synthetic_catalogue(papers: int, seed: int = 0) -> Catalogue:
    """A synthetic catalogue of `papers` papers, filed under the shipped topics."""
    from bench.run import CONFIG
    from bench.synth import write_corpus
    from generator.corpus import read_corpus
    from generator.model import build_catalogue
    from generator.topics import assign_topics, load_taxonomy

    root = CONFIG.parent
    with tempfile.TemporaryDirectory(prefix="papershelf-quality-") as scratch:
        write_corpus(Path(scratch), papers, seed=seed)
        catalogue = build_catalogue(read_corpus([Path(scratch)], Path(scratch)))
    taxonomy = load_taxonomy(root / "topics.yml", "topics.yml")
    return assign_topics(catalogue, taxonomy)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the agreement of the two indexes on a synthetic catalogue."""
    parser = argparse.ArgumentParser(prog="python3 -m bench.quality", description=__doc__)
    parser.add_argument("papers", type=int)
    parser.add_argument("--terms", type=int, nargs="+", default=[ABSTRACT_TERMS])
    parser.add_argument("--best", type=int, nargs="+", default=[BEST_PAPERS])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    catalogue = synthetic_catalogue(args.papers, args.seed)
    started = time.perf_counter()
    full = full_text_index(catalogue)
    print(f"full-text index of {args.papers} papers: {time.perf_counter() - started:.1f} s")
    asked = queries(catalogue)
    for terms in args.terms:
        for best in args.best:
            data = build_search(catalogue, terms, best)
            result = agreement(load_index(data.index_json), full, asked)
            worst = ", ".join(f"{query!r} {share:.0%}" for query, share in result.worst)
            size = gzipped_size(data.index_json.encode("utf-8"))
            print(
                f"{terms} terms per abstract, {best} best papers per term: index {size:,} bytes "
                f"gzipped; top-{TOP} overlap {result.overlap:.1%} over {result.queries} queries; "
                f"worst: {worst}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
