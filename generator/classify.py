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
`TITLE_SCALE` of an abstract), as TF-IDF, taken from the training papers alone, less the rare
and the too common ones: training costs the same however large the catalogue. One linear
support-vector classifier per topic (one topic against the rest, since a paper has several) is
trained, and all papers are scored for all topics in one sparse product; a score is squashed
into 0-1 with a logistic curve. A trained model (`TopicModel`) is saved and shipped
(`generator.topic_model`), so that a build need not train one: scikit-learn is imported only
to train, inside the function that trains.

The settings (`BALANCE`, `TITLE_SCALE`, `RULE_EXAMPLES_PER_TOPIC`, and the thresholds of
`generator.topics`) were chosen by five-fold cross-validation on the training labels of
`tests/fixtures/real_topic_labels.yml`, never on the held-out ones (`python3 -m bench.topic_cv`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections import Counter
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
    model = train_model(documents, topic_count)
    if model is None:
        return None
    return model.scores([(document.title, document.abstract) for document in documents])


@dataclass(frozen=True, slots=True, eq=False)
class TopicModel:
    """A trained classifier: its words, their weights, and each topic's linear model.

    `fingerprint` names what it was trained from (`fingerprint`): a model whose fingerprint
    differs from the taxonomy's is out of date, and is not used.
    """

    fingerprint: str
    stop_words: frozenset[str]
    vocabularies: tuple[dict[str, int], dict[str, int]]
    """The features of titles, then of abstracts: each word or pair's column."""
    idf: tuple[np.ndarray, np.ndarray]
    coefficients: np.ndarray
    """One row per topic, over the title columns, then the abstract columns."""
    intercepts: np.ndarray
    trained: np.ndarray
    """Whether each topic has a model; a topic without one scores 0."""

    def scores(self, texts: Sequence[tuple[str, str]]) -> np.ndarray:
        """Each (title, abstract)'s score (0-1) for each topic, in the taxonomy's order."""
        import numpy as np

        features = self.features(texts)
        decision = np.asarray(features @ self.coefficients.T) + self.intercepts
        scores = np.where(self.trained, 1.0 / (1.0 + np.exp(-SCORE_SCALE * decision)), 0.0)
        return np.round(scores, SCORE_DECIMALS)

    def features(self, texts: Sequence[tuple[str, str]]) -> Any:
        """The texts' rows: TF-IDF of title and abstract side by side, each row of unit length."""
        from scipy import sparse

        parts = [
            _tfidf_rows([text[field] for text in texts], vocabulary, idf, self.stop_words)
            * (TITLE_SCALE if field == 0 else 1.0)
            for field, (vocabulary, idf) in enumerate(zip(self.vocabularies, self.idf, strict=True))
        ]
        return _unit_rows(sparse.hstack(parts, format="csr"))

    def save(self, path: Path) -> None:
        """Write the model as a NumPy archive, byte for byte the same for the same model."""
        import io
        import zipfile

        import numpy as np

        arrays = {
            "fingerprint": np.array(self.fingerprint),
            "stop_words": np.array(sorted(self.stop_words)),
            "title_terms": np.array(_terms(self.vocabularies[0])),
            "abstract_terms": np.array(_terms(self.vocabularies[1])),
            "title_idf": self.idf[0].astype(np.float32),
            "abstract_idf": self.idf[1].astype(np.float32),
            "coefficients": self.coefficients.astype(np.float32),
            "intercepts": self.intercepts.astype(np.float64),
            "trained": self.trained.astype(bool),
        }
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.save(buffer, array, allow_pickle=False)
                # A fixed date: the archive's bytes depend on the model alone.
                entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, buffer.getvalue())

    @classmethod
    def load(cls, path: Path) -> TopicModel:
        """Read a model written by `save`; ValueError when the file is not one."""
        import zipfile

        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as archive:
                arrays = {name: archive[name] for name in archive.files}
            return cls(
                str(arrays["fingerprint"]),
                frozenset(str(word) for word in arrays["stop_words"]),
                (
                    {str(term): i for i, term in enumerate(arrays["title_terms"])},
                    {str(term): i for i, term in enumerate(arrays["abstract_terms"])},
                ),
                (arrays["title_idf"].astype(np.float64), arrays["abstract_idf"].astype(np.float64)),
                arrays["coefficients"].astype(np.float64),
                arrays["intercepts"],
                arrays["trained"],
            )
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
            raise ValueError(str(error) or type(error).__name__) from None


def _terms(vocabulary: dict[str, int]) -> list[str]:
    return sorted(vocabulary, key=vocabulary.__getitem__)


def settings() -> str:
    """The training settings, as a line of text: part of a model's fingerprint."""
    names = (
        "EXAMPLE_WEIGHT",
        "RULE_EXAMPLE_WEIGHT",
        "RULE_EXAMPLES_PER_TOPIC",
        "REGULARISATION",
        "BALANCE",
        "SCORE_SCALE",
        "TITLE_SCALE",
        "MIN_DOCUMENTS",
        "SCORE_DECIMALS",
    )
    return " ".join(f"{name}={globals()[name]!r}" for name in names)


def train_model(
    documents: Sequence[Document], topic_count: int, fingerprint: str = ""
) -> TopicModel | None:
    """A model trained on the documents that have targets; None when too little trains one.

    The words are those of the training papers, so training costs the same however large the
    catalogue is.
    """
    import numpy as np
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from sklearn.svm import LinearSVC

    training = sorted((document for document in documents if document.targets), key=_text_key)
    if not training:
        return None
    stop_words = frozenset(ENGLISH_STOP_WORDS)
    vocabularies: list[dict[str, int]] = []
    idfs: list[np.ndarray] = []
    for field in ("title", "abstract"):
        texts = [getattr(document, field) for document in training]
        max_df = 0.5 if field == "abstract" and len(training) > 20 else 1.0
        vocabulary, idf = _vocabulary(texts, stop_words, max_df=max_df)
        vocabularies.append(vocabulary)
        idfs.append(idf)
    if not any(vocabularies):
        return None
    model = TopicModel(
        fingerprint,
        stop_words,
        (vocabularies[0], vocabularies[1]),
        (idfs[0], idfs[1]),
        np.zeros((topic_count, sum(len(v) for v in vocabularies))),
        np.zeros(topic_count),
        np.zeros(topic_count, dtype=bool),
    )
    rows = model.features([(document.title, document.abstract) for document in training])
    weights = np.array([document.weight for document in training])
    for topic in range(topic_count):
        labels = np.array([topic in document.targets for document in training])
        if labels.sum() < 2 or labels.all():
            continue
        positive = float(weights[labels].sum())
        balance = {True: (float(weights[~labels].sum()) / positive) ** BALANCE, False: 1.0}
        # A looser tolerance than the default (1e-4) files every labelled paper alike, sooner.
        svm = LinearSVC(C=REGULARISATION, class_weight=balance, random_state=0, tol=1e-3)
        svm.fit(rows, labels, sample_weight=weights)
        model.coefficients[topic] = svm.coef_[0]
        model.intercepts[topic] = svm.intercept_[0]
        model.trained[topic] = True
    return model if model.trained.any() else None


def _vocabulary(
    texts: Sequence[str], stop_words: frozenset[str], *, max_df: float
) -> tuple[dict[str, int], np.ndarray]:
    """The words and pairs of adjacent words (English stop words left out) that at least
    `MIN_DOCUMENTS` texts use, and at most `max_df` of them, in order; and each one's IDF."""
    import numpy as np

    frequency: Counter[str] = Counter()
    for text in texts:
        frequency.update(set(_words_and_pairs(text, stop_words)))
    least, most = min(MIN_DOCUMENTS, len(texts)), max_df * len(texts)
    kept = sorted(term for term, count in frequency.items() if least <= count <= most)
    counts = np.array([frequency[term] for term in kept], dtype=np.float64)
    idf = np.log((1.0 + len(texts)) / (1.0 + counts)) + 1.0
    return {term: i for i, term in enumerate(kept)}, idf


def _tfidf_rows(
    texts: Sequence[str], vocabulary: dict[str, int], idf: np.ndarray, stop_words: frozenset[str]
) -> Any:
    """TF-IDF rows (sublinear counts, unit length) of the texts over a vocabulary."""
    import numpy as np
    from scipy import sparse

    # Every text's columns in one flat list; the matrix adds up the repeats into counts.
    columns: list[int] = []
    lengths = []
    for text in texts:
        found = [
            c for c in map(vocabulary.get, _words_and_pairs(text, stop_words)) if c is not None
        ]
        columns.extend(found)
        lengths.append(len(found))
    row_of = np.repeat(np.arange(len(texts)), lengths)
    rows = sparse.csr_matrix(
        (np.ones(len(columns)), (row_of, np.array(columns, dtype=np.int64))),
        shape=(len(texts), len(vocabulary)),
    )
    rows.sum_duplicates()
    rows.data = (1.0 + np.log(rows.data)) * idf[rows.indices]
    return _unit_rows(rows)


def _unit_rows(rows: Any) -> Any:
    """The rows scaled to unit length; an empty row stays empty."""
    import numpy as np
    from scipy import sparse

    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    return sparse.diags(1.0 / norms) @ rows


_TOKEN = re.compile(r"\w\w+")
r"""scikit-learn's `\b\w\w+\b`: a greedy run of word characters ends at a word boundary."""


def _words_and_pairs(text: str, stop_words: Collection[str]) -> list[str]:
    """A text's words of two letters or more, lowercased, less the stop words, then each pair
    of adjacent words among them (as scikit-learn's TfidfVectorizer reads them)."""
    words = [word for word in _TOKEN.findall(text.lower()) if word not in stop_words]
    return words + [f"{first} {second}" for first, second in itertools.pairwise(words)]


def _text_key(document: Document) -> str:
    text = f"{document.title}\n{document.abstract}".encode()
    return hashlib.sha256(text).hexdigest()
