"""The search index: every word of every paper, scored as lunr scores it, split by term.

A browser downloads only what the words of its query need (`search_files` writes the files):

- `meta.json.gz`: the entry file, small at any size: the fields and their boosts, the paper count,
  and the first term of each shard, so that a term's shard is found without a request;
- `t/<n>.json.gz`: a shard of the inverted index: for a run of consecutive terms (in UTF-16 order,
  as JavaScript compares strings), each term's postings per field, each posting a paper's ref
  and lunr's weight of the term in that field of that paper (lunr.py's builder's BM25, rounded to
  three decimals as lunr rounds it, times 1000);
- `p/<n>.json.gz`: where each term of shard `n` stands in each field of each paper, read only for
  `"quoted phrases"`;
- `d/<c>.json.gz`: the terms starting with `c` and the number of papers holding each: the words
  that a prefix (`distill*`, or the word being typed) or a typo may stand for;
- `facets.json.gz`: each paper's topics, whether it links to code, and its year, for exact facet
  counts without any result's row;
- `docs/<n>.json.gz`: what a result shows, `CHUNK_SIZE` papers a file, fetched for the page of
  results on screen;
- `lunr.js`: copied from MkDocs, whose search plugin ships lunr.js 2.3.9 (the version lunr.py
  ports), to read queries in the browser.

lunr's score of a paper is the sum, over fields, of the query vector's dot product with the
field's vector, divided by the query vector's length (lunr's `Vector.similarity`). Both vectors
are indexed by term, so the sum needs only the postings of the query's terms: a sharded index
scores exactly as lunr.py's full index does (`tests/test_search_scores.py` holds them to it).

Both sides must cut and normalise words alike. `index_terms` is lunr's tokenizer, trimmer,
stop word filter and stemmer, with each word's result remembered; lunr.py's trimmer and stop word
filter are ports of lunr.js's, and its separator (whitespace and hyphens) is lunr.js's. Its
stemmer is not: it is Martin Porter's original, which turns a final "y" after a vowel into "i"
("play" to "plai"), where lunr.js follows Porter2 ("play" stays, "try" becomes "tri").
`_LunrJsStemmer` makes that one step lunr.js's. The text indexed is the text pages show:
LaTeX remnants cleaned (`generator.text.plain_text`), so `{D}en{o}ising` is found as `denoising`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import lunr as lunr_package
import mkdocs
import numpy as np
from lunr.pipeline import Pipeline
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.token import Token
from lunr.tokenizer import SEPARATOR_CHARS
from lunr.trimmer import full_re as TRIM_RE

from generator.errors import SearchError
from generator.model import Paper
from generator.pages import title_text
from generator.text import plain_text

LUNR_JS_VERSION: str = lunr_package.__TARGET_JS_VERSION__
"""The lunr.js version whose query parser and pipeline the browser runs."""

K1 = 1.2
B = 0.75
"""lunr's BM25 parameters, as lunr.js's and lunr.py's builders default them."""


@dataclass(frozen=True, slots=True)
class Field:
    """A field of the index: its name and its boost."""

    name: str
    boost: int


# Ranking: a paper whose short name or title holds the query words comes first. Topic names are
# not searched: a query's count is that of the papers whose own words hold it, and topics are
# the search page's filters.
FIELDS = (
    Field("title", 10),
    Field("short_name", 10),
    Field("abstract", 1),
)

_STEP_1C = re.compile(r"^(.+?[^aeiou])y$")
"""lunr.js's step 1c: a final "y" becomes "i" after a consonant that is not the first letter."""
_SEPARATORS = re.compile("[" + re.escape(SEPARATOR_CHARS) + "]+")
_LUNR_JS = Path(mkdocs.__file__).parent / "contrib/search/templates/search/lunr.js"


class _LunrJsStemmer(PorterStemmer):  # type: ignore[misc]
    """lunr.py's Porter stemmer, with step 1c as lunr.js 2.3.9 has it."""

    b: str
    k: int
    k0: int

    def step1c(self) -> None:
        """Turn a final "y" into "i" after a consonant, unless that is the word's first letter."""
        if _STEP_1C.match(self.b[self.k0 : self.k + 1]):
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_stemmer = _LunrJsStemmer()


def stem(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
    """The pipeline step that stems a token as lunr.js's `lunr.stemmer` does."""
    return token.update(_stemmer.stem)


# Serialised under lunr.js's name. Not registered with lunr.py, whose own "stemmer" stays as it
# is for other users of lunr.py.
stem.label = "stemmer"  # type: ignore[attr-defined]


def query_pipeline() -> Pipeline:
    """lunr.py's search pipeline as the browser runs it on a query word (for tests and tools)."""
    pipeline = Pipeline()
    pipeline.add(stem)
    return pipeline


class _Terms:
    """lunr's indexing pipeline (tokenizer, trimmer, stop word filter, stemmer), remembering
    what each word becomes: a catalogue repeats its words, and stemming is the slow step."""

    def __init__(self) -> None:
        self._seen: dict[str, str | None] = {}

    def __call__(self, text: str) -> list[str]:
        return [term for term in self.positioned(text) if term is not None]

    def positioned(self, text: str) -> list[str | None]:
        """Every word of the text in order, as its term, or None for a stop word."""
        seen = self._seen
        terms: list[str | None] = []
        for word in _SEPARATORS.split(text.lower()):
            if not word:
                continue
            if word in seen:
                terms.append(seen[word])
            else:
                term = seen[word] = self._term(word)
                terms.append(term)
        return terms

    @staticmethod
    def _term(word: str) -> str | None:
        trimmed = TRIM_RE.match(word)
        core = trimmed.group(1) if trimmed else word
        if core in STOP_WORDS:
            return None
        stemmed: str = _stemmer.stem(core)
        return stemmed


index_terms = _Terms()
"""A paper's field text as the terms lunr.py's pipeline (with `stem`) indexes, in order."""


def field_texts(paper: Paper) -> dict[str, str]:
    """The text of each field of a paper, as the index reads it: the text its page shows."""
    return {field.name: _field_text(paper, field.name) for field in FIELDS}


def _field_text(paper: Paper, name: str) -> str:
    if name == "title":
        return title_text(paper)
    if name == "abstract":
        return plain_text(paper.abstract, paper.short_name)
    return paper.short_name or ""


@dataclass(frozen=True, slots=True)
class InvertedIndex:
    """Every term of every field of every paper, with its positions and what lunr's scores need.

    Entry `e` is one term in one field of one paper; entries come in term, field, ref order, and
    the entries of term `terms[t]` are `starts[t]` to `starts[t + 1]`. An entry's positions are
    `positions[position_starts[e] : position_starts[e] + frequencies[e]]`.
    """

    count: int
    terms: list[str]
    """Sorted as JavaScript compares strings (UTF-16 code units)."""
    starts: np.ndarray
    fields: np.ndarray
    refs: np.ndarray
    frequencies: np.ndarray
    position_starts: np.ndarray
    positions: np.ndarray
    lengths: np.ndarray
    """Each field's length in terms, per paper (lunr's field length): shape (fields, papers)."""

    def documents(self, t: int) -> int:
        """lunr's count of papers holding term `t`: a paper counts once per field holding it."""
        return int(self.starts[t + 1] - self.starts[t])

    def idf(self, t: int) -> float:
        """lunr's idf of term `t`."""
        with_term = self.documents(t)
        return math.log(1 + abs((self.count - with_term + 0.5) / (with_term + 0.5)))

    def averages(self) -> list[float]:
        """Each field's average length, over every paper, as lunr averages it."""
        return [int(total) / self.count if self.count else 0.0 for total in self.lengths.sum(1)]

    def weights(self) -> np.ndarray:
        """Every entry's weight: lunr.py's builder's score, rounded as it rounds it, times 1000.

        Computed in the order of operations of `weight`, so that every rounding is the same; a
        score within a hair of a rounding tie is computed again by `weight` itself."""
        idf = np.repeat(
            np.array([self.idf(t) for t in range(len(self.terms))], dtype=np.float64),
            np.diff(self.starts),
        )
        boosts = np.array([field.boost for field in FIELDS], dtype=np.int64)[self.fields]
        averages = np.array(self.averages(), dtype=np.float64)[self.fields]
        tf = self.frequencies.astype(np.float64)
        length = self.lengths[self.fields, self.refs].astype(np.float64)
        score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / averages)) + tf)
        score = score * boosts
        thousandths = score * 1000
        out = np.rint(thousandths).astype(np.int64)
        near_tie = np.abs(thousandths - np.floor(thousandths) - 0.5) < 1e-6
        for e in np.nonzero(near_tie)[0].tolist():
            f, ref = int(self.fields[e]), int(self.refs[e])
            out[e] = weight(
                float(idf[e]),
                int(self.frequencies[e]),
                int(self.lengths[f, ref]),
                float(averages[e]),
                f,
            )
        return np.asarray(out)


def weight(idf: float, tf: int, length: int, average: float, field: int) -> int:
    """lunr.py's builder's score of a term in a field, rounded as it rounds it, times 1000."""
    score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf)
    score *= FIELDS[field].boost
    return round(round(score, 3) * 1000)


def utf16_key(term: str) -> bytes:
    """A sort key that orders strings as JavaScript compares them (by UTF-16 code units)."""
    return term.encode("utf-16-be", "surrogatepass")


_BATCH = 4096
"""Papers whose words are split at a time: the words of many at once make numpy pay."""


def invert(texts: Sequence[Sequence[str]]) -> InvertedIndex:
    """Index every word of every field of every paper, with its positions.

    `texts[f][ref]` is field `FIELDS[f]` of paper `ref`. Each word becomes its term once
    (`index_terms`' rules); positions count every word but empty ones, stop words included."""
    count = len(texts[0]) if texts else 0
    fields_n = len(FIELDS)
    word_ids: dict[str, int] = {"": -2}  # word -> term id; -1 for a stop word, -2 for no word
    term_ids: dict[str, int] = {}
    lengths = np.zeros((fields_n, count), dtype=np.int64)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, int]] = []
    split = _SEPARATORS.split
    for f in range(fields_n):
        for start in range(0, count, _BATCH):
            pieces = [split(text.lower()) for text in texts[f][start : start + _BATCH]]
            n = len(pieces)
            flat = list(itertools.chain.from_iterable(pieces))
            for word in set(flat).difference(word_ids):
                term = _Terms._term(word)
                word_ids[word] = -1 if term is None else term_ids.setdefault(term, len(term_ids))
            ids = np.fromiter(map(word_ids.__getitem__, flat), dtype=np.int64, count=len(flat))
            sizes = np.fromiter(map(len, pieces), dtype=np.int64, count=n)
            docs = np.repeat(np.arange(n, dtype=np.int64), sizes)
            kept = ids != -2
            ids, docs = ids[kept], docs[kept]
            kept_sizes = np.bincount(docs, minlength=n)
            firsts = np.repeat(np.cumsum(kept_sizes) - kept_sizes, kept_sizes)
            places = np.arange(len(ids), dtype=np.int64) - firsts
            words = ids >= 0
            ids, docs, places = ids[words], docs[words], places[words]
            lengths[f, start : start + n] = np.bincount(docs, minlength=n)
            parts.append((ids, docs + start + f * count, places, f))
    terms = sorted(term_ids, key=utf16_key)
    rank = np.empty(len(term_ids), dtype=np.int64)
    rank[[term_ids[term] for term in terms]] = np.arange(len(terms))
    empty = np.zeros(0, dtype=np.int64)
    ids = np.concatenate([part[0] for part in parts]) if parts else empty
    # One key per entry, in term, field, ref order; a stable sort keeps positions ascending.
    key = rank[ids] * (fields_n * count) + (
        np.concatenate([part[1] for part in parts]) if parts else empty
    )
    positions = np.concatenate([part[2] for part in parts]) if parts else empty
    order = np.argsort(key, kind="stable")
    key, positions = key[order], positions[order]
    starts = np.flatnonzero(np.diff(key, prepend=-1))
    entry = key[starts]
    per_term = max(1, fields_n * count)
    return InvertedIndex(
        count=count,
        terms=terms,
        starts=np.searchsorted(entry // per_term, np.arange(len(terms) + 1)),
        fields=(entry % per_term) // max(1, count),
        refs=entry % max(1, count),
        frequencies=np.diff(np.append(starts, len(key))),
        position_starts=starts,
        positions=positions,
        lengths=lengths,
    )


def lunr_js_path() -> Path:
    """The lunr.js that MkDocs ships, after checking it is the version the index is for."""
    path = _LUNR_JS
    try:
        with path.open(encoding="utf-8") as file:
            head = file.read(512)
    except OSError as error:
        raise SearchError(f"{path}: cannot read lunr.js from MkDocs ({error.strerror})") from None
    match = re.search(r"lunr - http://lunrjs\.com .* - (\d+\.\d+\.\d+)", head)
    found = match.group(1) if match else "an unknown version"
    if found != LUNR_JS_VERSION:
        raise SearchError(
            f"{path}: MkDocs ships lunr.js {found}, but the search index is written for "
            f"lunr.js {LUNR_JS_VERSION}; install a MkDocs 1.x that ships lunr.js {LUNR_JS_VERSION}"
        )
    return path
