"""Related papers: the papers nearest in words and in latent subject, within a shared topic.

A paper's related papers are found in three steps, each linear in the number of papers:

1. Candidates, by words. Titles and abstracts are weighed apart, each by its own TF-IDF
   (sublinear term frequency, English stop words dropped, words and pairs of words); a paper's
   vector joins the two, the title part weighted by `TITLE_WEIGHT`, at unit length. Terms in
   more than `COMMON_SHARE` of the papers (or `COMMON_MAX_PAPERS`) are dropped, and each paper
   keeps its `TERMS_KEPT` heaviest terms shared with another paper (see `keep_heaviest`).
   Cosines are sparse products of a block of rows with the whole matrix, so no N-by-N matrix is
   ever built; each paper keeps its `CANDIDATES` nearest papers by words.
2. Rescoring, by latent subject. A truncated SVD of the TF-IDF (latent semantic analysis, fitted
   on at most `LATENT_SAMPLE` papers) maps each paper to `LATENT_DIMENSIONS` numbers, in which
   "GUI grounding" and "screen coordinates" are near although no word is shared. A candidate's
   score is `LATENT_WEIGHT` times the latent cosine plus the rest times the word cosine.
3. Filtering. A paper filed under topics is related only to papers sharing one of them: two
   abstracts share "model", "training" and "benchmark" across fields. A candidate scoring below
   `SCORE_FLOOR` is left out, so a paper with few near papers shows fewer rather than weak ones,
   and no list rests on one generic word.

On the real corpus (4,799 recent papers), against (paper, candidate) pairs judged by hand
(`tests/fixtures/related_pairs.yml`): words alone put 0.66 of the top five where a reader agrees
on the 24 papers the settings were chosen on; with the latent score, the topic filter and the
floor, 0.80 of those shown there (85 pairs), and 0.87 on 20 papers held out (75 pairs), at 3.5
related papers per paper; 12.9% of its papers show none.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy import sparse

from generator.forked import Forked, cpu_count, fork_is_safe
from generator.model import Paper

RELATED_COUNT = 5
TITLE_WEIGHT = 0.2
"""The share of a word score that comes from the titles; the abstracts give the rest."""
COMMON_SHARE = 0.3
"""A term in more than this share of the papers is too common to relate two of them."""
COMMON_MAX_PAPERS = 2_000
"""... or in more than this many: in a large catalogue, each paper sharing a term is a
candidate to score, so the terms of many thousand papers would make relating grow with the
square of the catalogue. (The real corpus of 4,799 papers has no such term within 30%.)"""
COMMON_MIN_PAPERS = 200
"""Below this many papers, no term counts as common (a share of a few papers says little)."""
TERMS_KEPT = 48
"""Each paper keeps its heaviest terms for the products; the rest weigh little in any score."""
CANDIDATES = 40
"""Each paper's nearest papers by words that the latent score then ranks."""
LATENT_WEIGHT = 0.3
"""The share of a score that comes from the latent cosine; the word cosine gives the rest."""
LATENT_TITLE_WEIGHT = 0.1
"""The titles' share in the text the latent subjects are learnt from."""
LATENT_COMMON_SHARE = 0.5
"""Terms in more than this share of the papers are left out of the latent subjects."""
LATENT_DIMENSIONS = 300
LATENT_TERMS = 20_000
"""The latent subjects are learnt from the terms in most papers, at most this many."""
LATENT_ITERATIONS = 3
"""Power iterations of the randomized SVD: more is closer to the exact SVD and slower."""
LATENT_SAMPLE = 5_000
"""The SVD is fitted on at most this many papers (every k-th by slug), then applied to all, so
its cost stops growing with the catalogue."""
LATENT_MIN_PAPERS = 1000
"""Below this many papers there is too little text to learn latent subjects from (the seed
corpus has 310), and no floor: it was measured on scores that include them."""
SCORE_FLOOR = 0.14
"""A candidate scoring less is not shown: on the judged pairs, below it readers disagreed more
often than they agreed. Chosen on the 24 training papers' pairs alone (0.13: 0.73 of those shown
agreed with, at 4.0 a paper; 0.14: 0.80, at 3.5; 0.15: 0.86, at 3.0), where fewer related papers
beat wrong ones; the held-out papers were read once, after: 0.82 at 0.13, 0.87 at 0.14."""
BLOCK_ROWS = 1000
KEEP_BLOCK_ROWS = 10_000
"""Rows whose heaviest terms are picked at a time (`keep_heaviest`)."""
PARALLEL_MIN_PAPERS = 2_000
"""From this many papers on, relating uses a forked child process per further CPU (the titles'
TF-IDF, the latent subjects and a share of the candidates run there); below it, forking costs
more than it saves."""
SCORE_DECIMALS = 9
"""Scores are rounded so that sums which differ in the last bits are ties, broken by rule."""


LATENT_STEP = "related papers (latent subjects)"
NEAREST_STEP = "related papers (nearest papers)"
TITLES_STEP = "related papers (titles' terms)"
"""Names of the parts of relating papers that may run in a forked child, for messages."""


def _words(terms: Terms) -> sparse.csr_matrix:
    """Each paper's heaviest weighted words, titles and abstracts together."""
    return keep_heaviest(
        terms.vectors(TITLE_WEIGHT, COMMON_SHARE, most_papers=COMMON_MAX_PAPERS), TERMS_KEPT
    )


def related_papers(
    papers: Sequence[Paper],
    count: int = RELATED_COUNT,
    block_rows: int = BLOCK_ROWS,
    workers: int | None = None,
) -> dict[str, tuple[str, ...]]:
    """The at most `count` most similar papers of each paper, nearest first, as slugs.

    Order: the higher score (see the module's documentation) first; on equal scores, the paper
    sharing more topics with this one (`Paper.topics`); then the smaller slug. Papers are sorted
    by slug before anything is computed, so the result depends on the papers alone, never on the
    order they come in. A paper is never related to itself, nor to a paper it shares no word with.

    `workers` processes share the work (by default one per CPU from `PARALLEL_MIN_PAPERS`
    papers on, where forking is safe); each computes what one would, so the result is the same.
    """
    ordered = sorted(papers, key=lambda paper: paper.slug)
    if not ordered:
        return {}
    if workers is None:
        big = len(ordered) >= PARALLEL_MIN_PAPERS
        workers = cpu_count() if big and fork_is_safe() else 1
    slugs = [paper.slug for paper in ordered]
    topics = _topic_matrix(ordered)
    terms = Terms.of(ordered, forked=workers > 1)
    if workers > 1:
        with Forked(LATENT_STEP, latent_vectors, terms) as latent_job:
            words = _words(terms)
            latent = latent_job.result()
    else:
        words = _words(terms)
        latent = latent_vectors(terms)
    # The rows in `workers` ranges of whole blocks: the first here, each other in a child.
    total = len(ordered)
    blocks = -(-total // block_rows)
    bounds = [block_rows * (blocks * part // workers) for part in range(workers + 1)]
    bounds[-1] = total
    jobs = [
        Forked(NEAREST_STEP, _nearest_rows, words, latent, topics, count, block_rows, start, stop)
        for start, stop in pairwise(bounds[1:])
    ]
    try:
        nearest = _nearest_rows(words, latent, topics, count, block_rows, bounds[0], bounds[1])
        for job in jobs:
            nearest.extend(job.result())
    finally:
        for job in jobs:
            job.close()
    return {slugs[row]: tuple(slugs[i] for i in near) for row, near in enumerate(nearest)}


@dataclass(frozen=True)
class Terms:
    """The TF-IDF of the papers' titles and of their abstracts, apart and not yet normalised,
    with the number of papers each term is in (title and abstract counted apart)."""

    titles: sparse.csr_matrix
    abstracts: sparse.csr_matrix
    title_papers: np.ndarray
    abstract_papers: np.ndarray

    @classmethod
    def of(cls, papers: Sequence[Paper], forked: bool = False) -> Terms:
        """The terms of `papers`, in their order; the titles' in a forked child if `forked`."""
        if forked:
            with Forked(TITLES_STEP, _tfidf, [paper.title for paper in papers]) as titles_job:
                abstracts = _tfidf([paper.abstract for paper in papers])
                titles = titles_job.result()
        else:
            abstracts = _tfidf([paper.abstract for paper in papers])
            titles = _tfidf([paper.title for paper in papers])
        return cls(titles, abstracts, _papers_per_term(titles), _papers_per_term(abstracts))

    def vectors(
        self,
        title_weight: float,
        common_share: float,
        min_papers: int = 1,
        most_papers: int | None = None,
    ) -> sparse.csr_matrix:
        """One unit-length row per paper: the weighted title and abstract parts, side by side.

        Each part keeps the terms in at least `min_papers` papers and, in a catalogue of
        `COMMON_MIN_PAPERS` or more, in at most `common_share` of them and at most
        `most_papers`; it is then scaled to unit length, so that `title_weight` is the titles'
        share of a cosine.
        """
        total = self.titles.shape[0]
        most = common_share * total if total >= COMMON_MIN_PAPERS else total
        most = min(most, most_papers) if most_papers is not None else most
        parts = []
        for part, papers, weight in (
            (self.titles, self.title_papers, title_weight),
            (self.abstracts, self.abstract_papers, 1 - title_weight),
        ):
            usable = (papers >= min_papers) & (papers <= most)
            kept = _unit_rows(part @ sparse.diags(usable.astype(np.float64)))
            parts.append(kept * np.sqrt(weight))
        # A paper with no abstract, or a title of stop words only, gets its whole length from
        # the other part.
        vectors = _unit_rows(sparse.hstack(parts, format="csr"))
        vectors.eliminate_zeros()
        vectors.sort_indices()
        return vectors


def paper_vectors(papers: Sequence[Paper]) -> sparse.csr_matrix:
    """The word vectors that relate papers: unit-length rows, one per paper."""
    return Terms.of(sorted(papers, key=lambda paper: paper.slug)).vectors(
        TITLE_WEIGHT, COMMON_SHARE
    )


def latent_vectors(terms: Terms) -> np.ndarray | None:
    """One unit-length row of latent subject per paper, or None for a catalogue too small.

    The SVD starts from a fixed seed, so the same papers give the same vectors.
    """
    total = terms.titles.shape[0]
    if total < LATENT_MIN_PAPERS:
        return None
    from sklearn.decomposition import TruncatedSVD  # loads only when it is used
    from sklearn.preprocessing import normalize

    vectors = terms.vectors(LATENT_TITLE_WEIGHT, LATENT_COMMON_SHARE, min_papers=2)
    # The SVD's cost grows with the number of columns: only the terms of the most papers.
    papers = np.bincount(vectors.indices, minlength=vectors.shape[1])
    order = np.lexsort((np.arange(len(papers)), -papers))[:LATENT_TERMS]
    vectors = vectors[:, np.sort(order[papers[order] > 0])]
    sample = vectors[:: -(-total // LATENT_SAMPLE)]
    dimensions = min(LATENT_DIMENSIONS, sample.shape[0] // 4, vectors.shape[1] - 1)
    if dimensions < 2:
        return None
    from threadpoolctl import threadpool_limits  # scikit-learn's own dependency

    svd = TruncatedSVD(dimensions, algorithm="randomized", n_iter=LATENT_ITERATIONS, random_state=0)
    # One BLAS thread: sums then run in one order whatever the machine, so the vectors are the
    # same on every build; on a busy machine it is also faster (threads only contend there).
    with threadpool_limits(limits=1, user_api="blas"):
        svd.fit(sample)
        latent: np.ndarray = normalize(svd.transform(vectors)).astype(np.float32)
    return latent


def keep_heaviest(vectors: sparse.csr_matrix, terms: int) -> sparse.csr_matrix:
    """Each row's `terms` largest weights, the others dropped; lengths stay as they were.

    Light terms are the common ones, shared by many papers: they make every product dense
    (each paper shares some common word with almost every other) while adding little to any
    score. Dropping them turns the cost of a block from the number of papers into the number
    of papers that share a distinctive term. Scores are then slightly below the full cosine,
    the same way for every pair, and stay symmetric.
    """
    # A term of one paper only relates it to nothing: it counts in the length, never in a score.
    shared = np.bincount(vectors.indices, minlength=vectors.shape[1]) > 1
    vectors = vectors.multiply(shared[np.newaxis, :]).tocsr()
    vectors.eliminate_zeros()
    total = vectors.shape[0]
    # Rows a block at a time, so that the sort's arrays stay small in a large catalogue.
    parts = [
        _keep_heaviest_rows(vectors[start : start + KEEP_BLOCK_ROWS], terms)
        for start in range(0, total, KEEP_BLOCK_ROWS)
    ]
    kept = sparse.vstack(parts, format="csr") if parts else vectors
    kept.sort_indices()
    return kept


def _keep_heaviest_rows(vectors: sparse.csr_matrix, terms: int) -> sparse.csr_matrix:
    rows = np.repeat(np.arange(vectors.shape[0]), np.diff(vectors.indptr))
    # Within each row, heaviest first; the column breaks exact ties so the choice is fixed.
    order = np.lexsort((vectors.indices, -vectors.data, rows))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order)) - vectors.indptr[rows[order]]
    keep = rank < terms
    counts = np.bincount(rows[keep], minlength=vectors.shape[0])
    indptr = np.concatenate([[0], np.cumsum(counts)])
    return sparse.csr_matrix(
        (vectors.data[keep], vectors.indices[keep], indptr), shape=vectors.shape
    )


def _tfidf(texts: list[str]) -> sparse.csr_matrix:
    """Sublinear TF-IDF of words and pairs of words, English stop words dropped, unnormalised."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # loads only when it is used

    vectorizer = TfidfVectorizer(
        sublinear_tf=True,
        stop_words="english",
        ngram_range=(1, 2),
        norm=None,
        dtype=np.float64,
    )
    try:
        matrix: sparse.csr_matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no text has a word once stop words go
        return sparse.csr_matrix((len(texts), 0), dtype=np.float64)
    return matrix


def _unit_rows(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    """The rows scaled to unit length; rows of zeros stay zeros."""
    lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, lengths, out=np.zeros_like(lengths), where=lengths > 0)
    scaled: sparse.csr_matrix = (sparse.diags(scale) @ matrix).tocsr()
    return scaled


def _papers_per_term(matrix: sparse.csr_matrix) -> np.ndarray:
    counts: np.ndarray = np.bincount(matrix.indices, minlength=matrix.shape[1])
    return counts


def _topic_matrix(papers: Sequence[Paper]) -> np.ndarray:
    """One row per paper, one column per topic: 1 where the paper is filed under the topic.

    Dense, since a taxonomy has tens of topics: 100,000 papers take a few megabytes.
    """
    columns: dict[str, int] = {}
    for paper in papers:
        for topic in paper.topics:
            columns.setdefault(topic.slug, len(columns))
    matrix = np.zeros((len(papers), max(len(columns), 1)), dtype=np.int64)
    for row, paper in enumerate(papers):
        matrix[row, [columns[topic.slug] for topic in paper.topics]] = 1
    return matrix


def _nearest_rows(
    words: sparse.csr_matrix,
    latent: np.ndarray | None,
    topics: np.ndarray,
    count: int,
    block_rows: int,
    start: int,
    stop: int,
) -> list[list[int]]:
    """The related rows of the rows from `start` to `stop`, in blocks of `block_rows`."""
    return [
        nearest for _, nearest in _nearest(words, latent, topics, count, block_rows, start, stop)
    ]


def _nearest(
    words: sparse.csr_matrix,
    latent: np.ndarray | None,
    topics: np.ndarray,
    count: int,
    block_rows: int,
    start: int = 0,
    stop: int | None = None,
) -> Iterator[tuple[int, list[int]]]:
    transposed = words.T.tocsr()
    stop = words.shape[0] if stop is None else stop
    for first in range(start, stop, block_rows):
        block = (words[first : min(first + block_rows, stop)] @ transposed).tocsr()
        for offset in range(block.shape[0]):
            row = first + offset
            begin, end = block.indptr[offset], block.indptr[offset + 1]
            indices, scores = block.indices[begin:end], block.data[begin:end]
            yield row, _top(row, indices, scores, latent, topics, count)


def _best(scores: np.ndarray, count: int) -> np.ndarray:
    """A mask of every score at least as high as the `count`-th best (ties at the edge stay)."""
    if len(scores) <= count:
        return np.ones(len(scores), dtype=bool)
    edge = np.partition(scores, len(scores) - count)[len(scores) - count]
    mask: np.ndarray = scores >= edge
    return mask


def _top(
    row: int,
    indices: np.ndarray,
    scores: np.ndarray,
    latent: np.ndarray | None,
    topics: np.ndarray,
    count: int,
) -> list[int]:
    keep = (indices != row) & (scores > 0)
    if topics[row].any():
        keep &= (topics[indices] @ topics[row]) > 0
    indices, scores = indices[keep], np.round(scores[keep], SCORE_DECIMALS)
    keep = _best(scores, CANDIDATES)
    indices, scores = indices[keep], scores[keep]
    if latent is not None:
        # The floor was measured on this combined score; a catalogue too small for latent
        # subjects has none, as it has no common words either.
        closeness = latent[indices] @ latent[row]
        scores = LATENT_WEIGHT * closeness.astype(np.float64) + (1 - LATENT_WEIGHT) * scores
        scores = np.round(scores, SCORE_DECIMALS)
        keep = scores >= SCORE_FLOOR
        indices, scores = indices[keep], scores[keep]
    keep = _best(scores, count)
    indices, scores = indices[keep], scores[keep]
    shared = topics[indices] @ topics[row]
    # lexsort sorts by its last key first: score down, shared topics down, then slug order
    # (rows are in slug order).
    order = np.lexsort((indices, -shared, -scores))
    return [int(index) for index in indices[order[:count]]]
