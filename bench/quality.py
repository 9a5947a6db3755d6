"""What search should find: a word-containment truth, the benchmark's queries, recall and
precision.

    python3 -m bench.quality SITE_DIR [--queries 50]

The truth of a query is every paper of the site's `papers.json` whose title and abstract hold
all the query's words, each cut, cleaned and stemmed as the index does it (`index_terms` over the
text pages show). Search answers over the built site's own files, as the browser does: the
browser's search code, run by Node (`tests/js/score.mjs`), so no browser is needed. Recall is
the share of the truth that search returns at all; precision@10, the share of its first ten
results that are in the truth.

The queries (`benchmark_queries`) are a fixed list that the issue measured Pagefind with, then
words and pairs of words taken from the papers' titles at fixed steps through the catalogue.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.export import read_papers
from generator.search import index_terms
from generator.text import plain_text

REPO = Path(__file__).resolve().parent.parent
TOP = 10

FIXED_QUERIES = (
    "transformer",
    "robust",
    "diffusion",
    "well",
    "datasets",
    "language model",
    "federated learning",
    "retrieval augmented generation",
    "reinforcement learning",
    "video generation",
    "robust training",
    "BiPO",
)
"""Queries the search issue named, common and rare words, one- to three-word."""

_WORD = re.compile(r"[A-Za-z][a-z]{3,}")


@dataclass(frozen=True)
class Truth:
    """Which papers hold each term, in their title or abstract."""

    holders: dict[str, set[int]]
    count: int

    def of(self, query: str) -> set[int]:
        """The papers that hold every word of a plain query (stop words aside)."""
        terms = index_terms(query)
        if not terms:
            return set()
        found = set(self.holders.get(terms[0], set()))
        for term in terms[1:]:
            found &= self.holders.get(term, set())
        return found


def read_records(papers_json: Path) -> list[dict[str, Any]]:
    """The papers of a `papers.json`: the site's index of parts, or one array (a search-only
    site of `bench.search` writes one)."""
    records = json.loads(papers_json.read_text(encoding="utf-8"))
    if isinstance(records, dict):
        return read_papers(papers_json.parent)
    return list(records)


def read_truth(papers_json: Path) -> tuple[Truth, list[str]]:
    """The truth over a site's `papers.json`, and the papers' titles in ref order."""
    papers = read_records(papers_json)
    holders: dict[str, set[int]] = {}
    titles = []
    for ref, record in enumerate(papers):
        titles.append(record["title"])
        text = f"{plain_text(record['title'])} {plain_text(record['abstract'])}"
        for term in set(index_terms(text)):
            holders.setdefault(term, set()).add(ref)
    return Truth(holders, len(papers)), titles


def benchmark_queries(titles: Sequence[str], count: int) -> list[str]:
    """The fixed queries, then title words and pairs at fixed steps, `count` in all."""
    queries = list(FIXED_QUERIES[:count])
    step = max(1, len(titles) // max(1, count))
    for ref in range(0, len(titles), step):
        if len(queries) >= count:
            break
        words = [w.lower() for w in _WORD.findall(titles[ref]) if index_terms(w)]
        if not words:
            continue
        pick = words[: 1 + (ref // step) % 2]
        query = " ".join(pick)
        if query not in queries:
            queries.append(query)
    return queries


@dataclass(frozen=True)
class Quality:
    """Recall and precision@10 over a set of queries."""

    queries: int
    recall: float
    precision: float
    worst: tuple[tuple[str, float], ...]


def judge(truth: Truth, answers: Iterable[tuple[str, Sequence[int]]]) -> Quality:
    """Recall and precision@10 of ranked answers (refs, best first) against the truth."""
    recalls: list[tuple[str, float]] = []
    precisions = []
    for query, ranked in answers:
        relevant = truth.of(query)
        if not relevant:
            continue
        recalls.append((query, len(relevant & set(ranked)) / len(relevant)))
        top = ranked[:TOP]
        precisions.append(sum(1 for ref in top if ref in relevant) / len(top) if top else 0.0)
    worst = tuple(sorted(recalls, key=lambda item: item[1])[:5])
    return Quality(
        queries=len(recalls),
        recall=statistics.fmean(r for _, r in recalls) if recalls else 0.0,
        precision=statistics.fmean(precisions) if precisions else 0.0,
        worst=worst,
    )


def papershelf_answers(site_dir: Path, queries: Sequence[str]) -> list[tuple[str, list[int]]]:
    """Papershelf's ranked refs for each query, by the browser's own code run in Node."""
    result = subprocess.run(
        ["node", "tests/js/score.mjs", str(site_dir), *queries],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    answers = []
    for line in result.stdout.splitlines():
        answer = json.loads(line)
        ranked = sorted(answer["scores"].items(), key=lambda item: (-item[1], int(item[0])))
        answers.append((answer["q"], [int(ref) for ref, _ in ranked]))
    return answers


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site's folder")
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args(argv)
    truth, titles = read_truth(args.site / "papers.json")
    queries = benchmark_queries(titles, args.queries)
    quality = judge(truth, papershelf_answers(args.site, queries))
    print(
        f"{truth.count} papers, {quality.queries} queries: recall {quality.recall:.3f}, "
        f"precision@{TOP} {quality.precision:.3f}"
    )
    for query, recall in quality.worst:
        print(f"  {recall:.3f}  {query}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
