"""Related papers: the papers whose titles and abstracts are nearest, by TF-IDF cosine similarity.

Titles and abstracts are weighed apart, each by its own TF-IDF (sublinear term frequency,
English stop words dropped, words and pairs of words). A paper's vector joins the two, the
title part weighted by `TITLE_WEIGHT`, and is scaled to unit length, so that the cosine of two
papers is `TITLE_WEIGHT` times their titles' cosine plus the rest times their abstracts'
cosine. A title has a dozen words and an abstract two hundred, so a word shared by two titles
counts far more than one shared by two abstracts.

Similarities are computed as sparse products of a block of rows with the whole matrix, one
block at a time, so memory grows with the block and the number of papers, never with their
square: no N-by-N matrix is ever built. Before the products, each paper keeps only its
`TERMS_KEPT` heaviest terms among those it shares with another paper (see `keep_heaviest`):
common terms make every product dense while adding little to any score.

A paper's score against another is their cosine plus `TOPIC_WEIGHT` times the Jaccard overlap of
their topics (shared topics over the topics of either). Text similarity alone puts related
papers in a common topic only about 60% of the time on the bundled corpus, by the topics of
`topics.yml` and by a librarian's labels alike: two abstracts share "model", "training" and
"benchmark" across fields. The topic term, small beside a strong text match, decides among
papers that are about equally near in words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np
from scipy import sparse

from generator.model import Paper

RELATED_COUNT = 5
TITLE_WEIGHT = 0.3
"""The share of a score that comes from the titles; the abstracts give the rest."""
TOPIC_WEIGHT = 0.05
"""What sharing every topic adds to a score (a cosine, from 0 to 1); sharing some adds part."""
COMMON_SHARE = 0.05
"""A term in more than this share of the papers is too common to relate two of them: on 358
(paper, candidate) pairs of the real corpus labelled by hand, dropping them raised the share of
top-5 related papers a reader agrees with from 0.53 to 0.56."""
COMMON_MIN_PAPERS = 200
"""Below this many papers, no term counts as common (a share of a few papers says little)."""
TERMS_KEPT = 48
"""Each paper keeps its heaviest terms for the products; the rest weigh little in any score."""
BLOCK_ROWS = 1000
SCORE_DECIMALS = 9
"""Scores are rounded so that sums which differ in the last bits are ties, broken by rule."""

Related = Mapping[str, tuple[str, ...]]
"""Each paper's slug, and the slugs of its related papers, nearest first."""


def related_papers(
    papers: Sequence[Paper], count: int = RELATED_COUNT, block_rows: int = BLOCK_ROWS
) -> dict[str, tuple[str, ...]]:
    """The `count` most similar papers of each paper, nearest first, as slugs.

    Order: the higher score (the cosine plus the topic term, see the module's documentation)
    first; on equal scores, the paper sharing more topics with this
    one (`Paper.topics`); then the smaller slug. Papers are sorted by slug before anything is
    computed, so the result depends on the papers alone, never on the order they come in. A
    paper shares no word with any other (every score zero) gets no related papers rather than
    arbitrary ones; a paper is never related to itself.
    """
    ordered = sorted(papers, key=lambda paper: paper.slug)
    if not ordered:
        return {}
    slugs = [paper.slug for paper in ordered]
    topics = _topic_matrix(ordered)
    vectors = keep_heaviest(paper_vectors(ordered), TERMS_KEPT)
    related: dict[str, tuple[str, ...]] = {}
    for row, prev_next in _nearest(vectors, topics, count, block_rows):
        related[slugs[row]] = tuple(slugs[index] for index in prev_next)
    return related


def paper_vectors(papers: Sequence[Paper]) -> sparse.csr_matrix:
    """One unit-length row per paper: the weighted title and abstract TF-IDF, side by side."""
    titles = _tfidf([paper.title for paper in papers])
    abstracts = _tfidf([paper.abstract for paper in papers])
    joined = sparse.hstack(
        [titles * np.sqrt(TITLE_WEIGHT), abstracts * np.sqrt(1 - TITLE_WEIGHT)], format="csr"
    )
    # A paper with no abstract, or a title of stop words only, gets its whole length from the
    # other part.
    from sklearn.preprocessing import normalize  # scikit-learn loads only when it is used

    vectors: sparse.csr_matrix = normalize(joined, norm="l2", copy=False)
    vectors.sort_indices()
    return vectors


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
    rows = np.repeat(np.arange(vectors.shape[0]), np.diff(vectors.indptr))
    # Within each row, heaviest first; the column breaks exact ties so the choice is fixed.
    order = np.lexsort((vectors.indices, -vectors.data, rows))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order)) - vectors.indptr[rows[order]]
    keep = rank < terms
    counts = np.bincount(rows[keep], minlength=vectors.shape[0])
    indptr = np.concatenate([[0], np.cumsum(counts)])
    kept = sparse.csr_matrix(
        (vectors.data[keep], vectors.indices[keep], indptr), shape=vectors.shape
    )
    kept.sort_indices()
    return kept


def _tfidf(texts: list[str]) -> sparse.csr_matrix:
    from sklearn.feature_extraction.text import TfidfVectorizer  # loads only when it is used

    vectorizer = TfidfVectorizer(
        sublinear_tf=True,
        stop_words="english",
        ngram_range=(1, 2),
        # A term in one paper only can relate no two papers; keeping it still matters, since
        # it counts in the length of that paper's vector.
        min_df=1,
        # Words common across the catalogue ("large language model", "propose", "self")
        # relate papers of every field; in a catalogue large enough to tell, they go.
        max_df=COMMON_SHARE if len(texts) >= COMMON_MIN_PAPERS else 1.0,
        dtype=np.float64,
    )
    try:
        matrix: sparse.csr_matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no text has a word left once stop words go
        return sparse.csr_matrix((len(texts), 0), dtype=np.float64)
    return matrix


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


def _nearest(
    vectors: sparse.csr_matrix, topics: np.ndarray, count: int, block_rows: int
) -> Iterator[tuple[int, list[int]]]:
    transposed = vectors.T.tocsr()
    counts = topics.sum(axis=1)
    total = vectors.shape[0]
    for start in range(0, total, block_rows):
        block = (vectors[start : start + block_rows] @ transposed).tocsr()
        for offset in range(block.shape[0]):
            row = start + offset
            begin, end = block.indptr[offset], block.indptr[offset + 1]
            indices, scores = block.indices[begin:end], block.data[begin:end]
            shared = topics[indices] @ topics[row]
            yield row, _top(row, indices, scores, shared, counts, count)


def _top(
    row: int,
    indices: np.ndarray,
    scores: np.ndarray,
    shared: np.ndarray,
    counts: np.ndarray,
    count: int,
) -> list[int]:
    keep = (indices != row) & (scores > 0)
    indices, scores, shared = indices[keep], scores[keep], shared[keep]
    either = counts[row] + counts[indices] - shared
    overlap = np.divide(shared, either, out=np.zeros(len(indices)), where=either > 0)
    scores = np.round(scores + TOPIC_WEIGHT * overlap, SCORE_DECIMALS)
    if len(scores) > count:
        # Everything at least as high as the count-th best score: ties at the edge all stay in,
        # for the topic and slug rules to choose from.
        edge = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= edge
        indices, scores, shared = indices[keep], scores[keep], shared[keep]
    # lexsort sorts by its last key first: score down, shared topics down, then slug order
    # (rows are in slug order).
    order = np.lexsort((indices, -shared, -scores))
    return [int(index) for index in indices[order[:count]]]
