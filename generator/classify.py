"""A topic classifier trained when the site is built: linear models over TF-IDF of the papers.

The rules of `topics.yml` were written for the words that name a topic; many papers use none
of them, or several topics' at once. A classifier reads every word, so it files a paper whose
wording the rules never saw by its likeness to papers whose topics are known. It learns from
two sources, both at hand at build time and nothing downloaded:

- the hand-labelled examples shipped with the taxonomy (`examples:` in `topics.yml`), each with
  every topic a librarian accepts for it;
- the catalogue's own papers that the rules file confidently, with the rules' primary topic,
  at a tenth of an example's weight; a topic keeps at most `RULE_EXAMPLES_PER_TOPIC` of them,
  so that training time stays flat as the catalogue grows and no large topic drowns the others.

Features are the words and pairs of adjacent words of titles and of abstracts (titles weigh
`TITLE_SCALE` of an abstract), as TF-IDF, taken from the training papers alone: training costs
the same however large the catalogue, and each paper is read once. Words are counted by hashing
(scikit-learn's HashingVectorizer, in compiled code), and the rare and the too common ones are
dropped before training. One linear support-vector classifier per topic (one topic against the
rest, since a paper has several) is trained, and all papers are scored for all topics in one
sparse product; a score is squashed into 0-1 with a logistic curve. scikit-learn is imported
here only, inside the function that trains, so that importing the package stays quick.

The settings (`BALANCE`, `TITLE_SCALE`, `RULE_EXAMPLES_PER_TOPIC`, and the thresholds of
`generator.topics`) were chosen by five-fold cross-validation on the training labels of
`tests/fixtures/real_topic_labels.yml`, never on the held-out ones (`python3 -m bench.topic_cv`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import TaxonomyError

if TYPE_CHECKING:
    import numpy as np

EXAMPLE_WEIGHT = 3.0
"""A hand-labelled example's weight in training, with every topic the librarian accepts."""
RULE_EXAMPLE_WEIGHT = 0.3
"""The weight of a paper the rules file confidently; it teaches its primary topic only, since
the rules' further topics are often wrong (labels held out from training showed it)."""
RULE_EXAMPLES_PER_TOPIC = 150
"""At most this many papers filed confidently by the rules train each topic's model."""
REGULARISATION = 0.5
"""The classifiers' C: lower trusts the training papers less and the prior of no topic more."""
BALANCE = 1.0
"""A topic's papers weigh (others / topic's) ** BALANCE against the rest: 1 balances each
topic's papers against the rest in full, so that a rare topic is not drowned by the others
(chosen by cross-validation on the training labels, against 0, 0.25, 0.5 and 0.75)."""
SCORE_SCALE = 2.0
"""A decision value d becomes 1 / (1 + exp(-SCORE_SCALE * d)): 0.5 on the margin."""
TITLE_SCALE = 0.7
"""A title's words weigh this much against the abstract's (each read as a unit vector)."""
MIN_DOCUMENTS = 3
"""A word or pair of words is a feature when at least this many training papers use it."""
SCORE_DECIMALS = 6
"""Scores are rounded, so that the last bits of a sum never decide a paper's topics."""


@dataclass(frozen=True, slots=True)
class Example:
    """A paper labelled by hand: its title, abstract and accepted topics, primary first."""

    title: str
    abstract: str
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """A text to score, and the topics it teaches (as topic indices), if it trains at all."""

    title: str
    abstract: str
    targets: tuple[int, ...] = ()
    weight: float = 1.0


def load_examples(path: Path, name: str, known_topics: Collection[str]) -> tuple[Example, ...]:
    """Read a JSON Lines file of labelled examples; every line must be usable."""
    if not path.is_file():
        raise TaxonomyError(name, None, "no such file; 'examples:' in the taxonomy names it")
    examples = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            examples.append(_example(line, name, number, known_topics))
    return tuple(examples)


def _example(line: str, name: str, number: int, known_topics: Collection[str]) -> Example:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise TaxonomyError(name, number, f"not valid JSON: {error.msg}") from None
    if not isinstance(record, dict):
        raise TaxonomyError(name, number, "each line is an object with title, abstract, topics")
    title, abstract, topics = record.get("title"), record.get("abstract"), record.get("topics")
    if not isinstance(title, str) or not title.strip() or not isinstance(abstract, str):
        raise TaxonomyError(name, number, "'title' and 'abstract' must be strings")
    if not isinstance(topics, list) or not topics or not all(isinstance(t, str) for t in topics):
        raise TaxonomyError(name, number, "'topics' must be a non-empty list of topic slugs")
    unknown = [slug for slug in topics if slug not in known_topics]
    if unknown:
        raise TaxonomyError(name, number, f"unknown topic '{unknown[0]}'")
    return Example(title, abstract, tuple(dict.fromkeys(topics)))


def topic_scores(documents: Sequence[Document], topic_count: int) -> np.ndarray | None:
    """Each document's score (0-1) for each topic; None when too little trains a classifier.

    A topic with fewer than two training documents, or with no document outside it, scores 0
    for every document. The result depends on the documents' contents only, never on their
    order: training rows are taken in an order of their own, by a hash of their text.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.preprocessing import normalize
    from sklearn.svm import LinearSVC

    training = [i for i, document in enumerate(documents) if document.targets]
    if not training:
        return None
    training.sort(key=lambda i: _text_key(documents[i]))
    others = sorted(set(range(len(documents))) - set(training))
    # The words are those of the training papers (so that training costs the same however
    # large the catalogue); every paper is read once, as a training paper or as one to score.
    parts = []
    for field in ("title", "abstract"):
        part = _tfidf(
            [getattr(documents[i], field) for i in training],
            [getattr(documents[i], field) for i in others],
            max_df=0.5 if field == "abstract" and len(training) > 20 else 1.0,
        )
        if part is not None:
            parts.append(part * (TITLE_SCALE if field == "title" else 1.0))
    if not parts:
        return None
    features = normalize(sparse.hstack(parts, format="csr"))
    rows = features[: len(training)].astype(np.float64)  # as liblinear reads it: convert once
    weights = np.array([documents[i].weight for i in training])
    coefficients = np.zeros((topic_count, features.shape[1]), dtype=np.float64)
    intercepts = np.zeros(topic_count)
    trained = np.zeros(topic_count, dtype=bool)
    for topic in range(topic_count):
        labels = np.array([topic in documents[i].targets for i in training])
        if labels.sum() < 2 or labels.all():
            continue
        positive = float(weights[labels].sum())
        balance = {True: (float(weights[~labels].sum()) / positive) ** BALANCE, False: 1.0}
        # A looser tolerance than the default (1e-4) files every labelled paper alike, sooner.
        model = LinearSVC(C=REGULARISATION, class_weight=balance, random_state=0, tol=1e-3)
        model.fit(rows, labels, sample_weight=weights)
        coefficients[topic] = model.coef_[0]
        intercepts[topic] = model.intercept_[0]
        trained[topic] = True
    if not trained.any():
        return None
    # All papers and all topics in one product; rows back in the documents' order.
    decision = np.asarray(features @ coefficients.T) + intercepts
    order = np.empty(len(documents), dtype=np.int64)
    order[np.array(training + others, dtype=np.int64)] = np.arange(len(documents))
    scores = np.where(trained, 1.0 / (1.0 + np.exp(-SCORE_SCALE * decision[order])), 0.0)
    return np.round(scores, SCORE_DECIMALS)


HASHED_FEATURES = 2**22
"""Words and pairs of words are hashed into this many columns before the rare ones go: so many
that two features of the training papers share one only by a rare chance."""


def _tfidf(training: Sequence[str], others: Sequence[str], *, max_df: float) -> Any:
    """TF-IDF rows (unit length, sublinear counts) of the training texts, then the others'.

    Features are words and pairs of adjacent words (English stop words left out) that at
    least `MIN_DOCUMENTS` training texts use, and at most `max_df` of them; None when no word
    is left. Words are counted by hashing, in compiled code, rather than looked up one by one.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.preprocessing import normalize

    hasher = HashingVectorizer(
        analyzer=_words_and_pairs,
        n_features=HASHED_FEATURES,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    )
    counts = hasher.transform(training)
    frequency = np.bincount(counts.indices, minlength=HASHED_FEATURES)
    common = max_df * len(training)
    kept = np.flatnonzero((frequency >= min(MIN_DOCUMENTS, len(training))) & (frequency <= common))
    if not kept.size:
        return None
    if others:
        counts = sparse.vstack([counts, hasher.transform(others)], format="csr")
    counts = counts[:, kept]
    counts.data = 1.0 + np.log(counts.data)
    idf = np.log((1.0 + len(training)) / (1.0 + frequency[kept])) + 1.0
    return normalize(counts @ sparse.diags(idf.astype(np.float32)), copy=False)


_TOKEN = re.compile(r"\w\w+")
r"""scikit-learn's `\b\w\w+\b`: a greedy run of word characters ends at a word boundary."""


def _words_and_pairs(text: str) -> list[str]:
    """A text's words of two letters or more, lowercased, less English stop words, then each
    pair of adjacent words among them (as scikit-learn's TfidfVectorizer reads them)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = [word for word in _TOKEN.findall(text.lower()) if word not in ENGLISH_STOP_WORDS]
    return words + [f"{first} {second}" for first, second in itertools.pairwise(words)]


def _text_key(document: Document) -> str:
    text = f"{document.title}\n{document.abstract}".encode()
    return hashlib.sha256(text).hexdigest()
