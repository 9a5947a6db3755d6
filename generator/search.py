"""The search index, built once at build time and turned into a lunr.js index in the browser.

The files go into the site under `search/`; the first three are what a browser downloads before
it shows the first results, the chunks only for the results on screen:

- `index.json`: the index in a compact form of lunr.js 2.3.9's. It holds what lunr needs to
  score a match (the sorted terms, each sharing its start with the one before; each term's
  postings per field as gaps between refs; term frequencies other than 1; the lengths of the
  fields it does not index in full; each term's document count) and none of what lunr can
  compute (field vectors, idf). `expand_index` (here, for tests and tools) and
  `expandIndex` (in `search-index.js`, for the browser) turn it into lunr.js's serialised form,
  the one `lunr.Index.load` reads, with the scores lunr.py's own builder gives.
- `docs.json`: what search needs of every paper to filter and count (its topics as numbers into a
  table of topics, and whether it links to code), and where the rows are.
- `docs/<n>.json`: what a result shows (URL, title, short name, the abstract's opening), in
  chunks of `CHUNK_SIZE` papers in ref order: row `r` is row `r % CHUNK_SIZE` of chunk
  `r // CHUNK_SIZE`. Each names the build it belongs to, so that a page never mixes two builds.
- `lunr.js`: copied from the installed MkDocs, whose search plugin ships lunr.js 2.3.9.

Each paper's ref is its position in the catalogue (`"0"`, `"1"`, ...). Titles, short names and
topic names are indexed in full. An abstract is indexed by its most distinctive terms: its
`ABSTRACT_TERMS` terms that score highest for that paper in a full-text index, the terms of its
title, short name and topics, and every term for which the paper is among the `BEST_PAPERS` that
the term scores highest in. Each keeps the score the full index gives it (its term frequency, the
abstract's whole length, the term's document count over the full text), and lunr's score for a
document is a sum over the query's terms, so a paper scores as in the full index minus the terms
that say least about it. `tests/test_search_quality.py` holds the top results to those of a
full-text index built by lunr.py's own builder.

Both sides must cut and normalise words alike. A query only goes through the search pipeline,
which is the stemmer alone, so lunr.js stems each query word and looks the stem up among the
index's terms: the index must be stemmed exactly as lunr.js stems. `index_terms` is lunr.py's
tokenizer, trimmer, stop word filter and stemmer, with the stemmer's results remembered per word;
lunr.py's trimmer and stop word filter are ports of lunr.js's, and its separator (whitespace and
hyphens) is lunr.js's `/[\\s\\-]+/` for the text the reader leaves (runs of whitespace become one
space). Its stemmer is not: it is Martin Porter's original, which turns a final "y" after a vowel
into "i" ("play" to "plai"), where lunr.js follows Porter2 ("play" stays, "try" becomes "tri").
`_LunrJsStemmer` makes that one step lunr.js's; a browser test compares the two stemmers over
the corpus's words.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lunr as lunr_package
import mkdocs
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.token import Token
from lunr.tokenizer import SEPARATOR_CHARS
from lunr.trimmer import full_re as TRIM_RE

from generator.errors import SearchError
from generator.model import Catalogue, Paper, Topic

SEARCH_DIR = "search/"
INDEX_JSON = f"{SEARCH_DIR}index.json"
DOCS_JSON = f"{SEARCH_DIR}docs.json"
CHUNKS_DIR = f"{SEARCH_DIR}docs/"
LUNR_JS = f"{SEARCH_DIR}lunr.js"
SEARCH_FILES = (INDEX_JSON, DOCS_JSON, LUNR_JS)

LUNR_JS_VERSION: str = lunr_package.__TARGET_JS_VERSION__
"""The lunr.js version whose index format the browser builds, and that the site must load."""

SNIPPET_MAX_CHARS = 240
"""Results show the abstract's opening as their snippet, not the whole abstract."""

ABSTRACT_TERMS = 8
"""How many of an abstract's best-scoring terms are indexed, besides those its paper's other
fields hold and those it is among the best papers for (`BEST_PAPERS`). Measured on synthetic
catalogues (README, Search): with the best papers per term kept, 8 and 24 agree alike with a
full-text index (94% of the top ten at 10,000 papers), and 8 is the smaller download."""

CHUNK_SIZE = 10
"""Papers per file of result rows. Results are scattered over the catalogue, so each result
shown fetches a chunk of its own: small chunks keep that small (1.4 KB gzipped), at the cost of
more files (N / 10)."""

BEST_PAPERS = 10
"""Every term also keeps its postings in the papers where it scores highest, this many: a word
that few papers count among their most distinctive still finds the papers it says most about."""

INDEX_FORMAT = 2
DOCS_FORMAT = 2
"""The versions of the files' layouts; the browser refuses a layout it does not know."""

K1 = 1.2
B = 0.75
"""lunr's BM25 parameters, as lunr.js's and lunr.py's builders default them."""


@dataclass(frozen=True, slots=True)
class Field:
    """A field of the index: its name, its boost, and whether every term of it is indexed."""

    name: str
    boost: int
    in_full: bool = True


# Ranking: a paper whose short name or title holds the query words comes first; a paper filed
# under a topic of that name beats one that mentions the words in its abstract.
FIELDS = (
    Field("title", 10),
    Field("short_name", 10),
    Field("abstract", 1, in_full=False),
    Field("topics", 3),
)

_STEP_1C = re.compile(r"^(.+?[^aeiou])y$")
"""lunr.js's step 1c: a final "y" becomes "i" after a consonant that is not the first letter."""
_SEPARATORS = re.compile("[" + re.escape(SEPARATOR_CHARS) + "]+")
_LUNR_JS_PATH = Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search"
_VERSION_LINE = re.compile(r"lunr - http://lunrjs\.com .* - (\d+\.\d+\.\d+)")


@dataclass(frozen=True, slots=True)
class SearchData:
    """The generated files of the search, as JSON text ready to be written."""

    index_json: str
    docs_json: str
    chunks: tuple[str, ...]

    def files(self) -> dict[str, str]:
        """Every file by its path in the site."""
        files = {INDEX_JSON: self.index_json, DOCS_JSON: self.docs_json}
        files.update((chunk_path(number), chunk) for number, chunk in enumerate(self.chunks))
        return files


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


# Serialised under lunr.js's name, so that lunr.js runs its own stemmer on queries. Not
# registered with lunr.py, whose own "stemmer" stays as it is for other users of lunr.py.
stem.label = "stemmer"  # type: ignore[attr-defined]


class _Terms:
    """lunr's indexing pipeline (tokenizer, trimmer, stop word filter, stemmer), remembering
    what each word becomes: a catalogue repeats its words, and stemming is the slow step."""

    def __init__(self) -> None:
        self._seen: dict[str, str | None] = {}

    def __call__(self, text: str) -> list[str]:
        seen = self._seen
        terms = []
        for word in _SEPARATORS.split(text.lower()):
            if word in seen:
                term = seen[word]
            elif word:
                term = seen[word] = self._term(word)
            else:
                continue
            if term is not None:
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


def build_search(
    catalogue: Catalogue,
    abstract_terms: int | None = ABSTRACT_TERMS,
    best_papers: int = BEST_PAPERS,
) -> SearchData:
    """Index the catalogue's papers and collect what their results show.

    `abstract_terms=None` indexes every term of every abstract: the full-text index.
    """
    papers = catalogue.papers
    topics = _topic_table(catalogue)
    index = _compact_index(papers, abstract_terms, best_papers)
    index_json = _dump(index)
    rows = [_row(paper) for paper in papers]
    # The build's name: a digest of everything the browser reads, so that it changes with them.
    digest = hashlib.sha256(index_json.encode("utf-8"))
    digest.update(_dump([rows, _docs(papers, topics, "")]).encode("utf-8"))
    build = digest.hexdigest()[:12]
    chunks = tuple(
        _dump({"format": DOCS_FORMAT, "build": build, "docs": rows[start : start + CHUNK_SIZE]})
        for start in range(0, len(rows), CHUNK_SIZE)
    )
    return SearchData(
        index_json=index_json,
        docs_json=_dump(_docs(papers, topics, build)),
        chunks=chunks,
    )


def chunk_path(number: int) -> str:
    """The site path of a chunk of result rows."""
    return f"{CHUNKS_DIR}{number}.json"


def expand_index(compact: dict[str, Any]) -> dict[str, Any]:
    """The compact index as lunr.js 2.3.9 serialises an index: what `lunr.Index.load` reads.

    The scores are lunr's BM25 for each posting, rounded to three decimals as lunr's builders
    round them; `search-index.js` does the same in the browser.
    """
    if compact.get("format") != INDEX_FORMAT:
        raise SearchError(f"unknown search index format {compact.get('format')!r}")
    count: int = compact["count"]
    fields = compact["fields"]
    terms = _decode_terms(compact["terms"])
    inverted: list[list[Any]] = [
        [term, {**{field["name"]: {} for field in fields}, "_index": number}]
        for number, term in enumerate(terms)
    ]
    vectors: dict[str, list[float]] = {}
    documents = [0] * len(terms)
    decoded = []
    for postings in compact["postings"]:
        lists = [_decode(posting) for posting in postings]
        for number, refs in enumerate(lists):
            documents[number] += len(refs)
        decoded.append(lists)
    for number, extra in compact["documents"]:
        documents[number] += extra
    idf = [
        math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5))) for with_term in documents
    ]
    for field, lists in zip(fields, decoded, strict=True):
        name, boost = field["name"], field["boost"]
        lengths = field.get("lengths")
        if lengths is None:
            lengths = [0] * count
            for refs in lists:
                for ref, frequency in refs:
                    lengths[ref] += frequency
        average = sum(lengths) / count if count else 0
        field_vectors: list[list[float]] = [[] for _ in range(count)]
        for number, refs in enumerate(lists):
            inverted[number][1][name] = {str(ref): {} for ref, _ in refs}
            for ref, frequency in refs:
                norm = K1 * (1 - B + B * (lengths[ref] / average)) + frequency
                score = idf[number] * ((K1 + 1) * frequency) / norm * boost
                field_vectors[ref] += [number, round(score, 3)]
        for ref, vector in enumerate(field_vectors):
            vectors[f"{name}/{ref}"] = vector
    return {
        "version": compact["version"],
        "fields": [field["name"] for field in fields],
        "fieldVectors": [[ref, vector] for ref, vector in vectors.items()],
        "invertedIndex": inverted,
        "pipeline": compact["pipeline"],
    }


def load_index(index_json: str) -> Index:
    """Load the compact index with lunr.py, querying it as lunr.js would (for tests and tools)."""
    index = Index.load(expand_index(json.loads(index_json)))
    index.pipeline = Pipeline()
    index.pipeline.add(stem)
    return index


def snippet_source(abstract: str) -> str:
    """The opening of an abstract that a result shows, cut at a word, with an ellipsis if cut."""
    if len(abstract) <= SNIPPET_MAX_CHARS:
        return abstract
    cut = abstract[: SNIPPET_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}…"


def lunr_js_path() -> Path:
    """The lunr.js that MkDocs ships, after checking it can load the index lunr.py writes."""
    path = _LUNR_JS_PATH / "lunr.js"
    try:
        with path.open(encoding="utf-8") as file:
            head = file.read(512)
    except OSError as error:
        raise SearchError(f"{path}: cannot read lunr.js from MkDocs ({error.strerror})") from None
    match = _VERSION_LINE.search(head)
    found = match.group(1) if match else "an unknown version"
    if found != LUNR_JS_VERSION:
        raise SearchError(
            f"{path}: MkDocs ships lunr.js {found}, but the search index is written for "
            f"lunr.js {LUNR_JS_VERSION}; install a MkDocs 1.x that ships lunr.js {LUNR_JS_VERSION}"
        )
    return path


def field_texts(paper: Paper) -> dict[str, str]:
    """The text of each field of a paper, as the index reads it."""
    return {
        "title": paper.title,
        "short_name": paper.short_name or "",
        "abstract": paper.abstract,
        "topics": " ".join(topic.name for topic in paper.topics),
    }


def _compact_index(
    papers: Sequence[Paper], abstract_terms: int | None, best_papers: int
) -> dict[str, Any]:
    # Every field's term frequencies, per paper: one pass of the pipeline over the catalogue.
    frequencies: list[list[Counter[str]]] = []
    for paper in papers:
        texts = field_texts(paper)
        frequencies.append([Counter(index_terms(texts[field.name])) for field in FIELDS])
    count = len(papers)
    # lunr's idf counts a term once per field it is in, per paper.
    documents: Counter[str] = Counter()
    lengths = [[sum(paper[f].values()) for paper in frequencies] for f in range(len(FIELDS))]
    for paper_fields in frequencies:
        for counter in paper_fields:
            documents.update(counter.keys())
    kept: list[list[dict[str, int]]] = []
    for f, field in enumerate(FIELDS):
        field_frequencies = [paper[f] for paper in frequencies]
        if field.in_full or abstract_terms is None:
            kept.append([dict(counter) for counter in field_frequencies])
        else:
            chosen = _distinctive(
                field_frequencies, lengths[f], documents, abstract_terms, best_papers
            )
            # A paper's words in its other fields count among its abstract's distinctive terms:
            # the order of the papers that hold a query word in their titles stays the full one.
            for ref, paper_fields in enumerate(frequencies):
                own = paper_fields[f]
                for other in paper_fields:
                    if other is not own:
                        chosen[ref].update((term, own[term]) for term in other if term in own)
            kept.append(chosen)
    terms = sorted({term for field_kept in kept for terms in field_kept for term in terms})
    number = {term: position for position, term in enumerate(terms)}
    postings: list[list[list[int]]] = []
    retained: Counter[str] = Counter()
    for field_kept in kept:
        lists: list[list[tuple[int, int]]] = [[] for _ in terms]
        for ref, frequencies_kept in enumerate(field_kept):
            for term, frequency in frequencies_kept.items():
                lists[number[term]].append((ref, frequency))
                retained[term] += 1
        postings.append([_encode(refs) for refs in lists])
    fields: list[dict[str, Any]] = []  # what the browser needs to score each field
    for f, field in enumerate(FIELDS):
        entry: dict[str, Any] = {"name": field.name, "boost": field.boost}
        if not field.in_full:
            entry["lengths"] = lengths[f]
        fields.append(entry)
    return {
        "format": INDEX_FORMAT,
        "version": LUNR_JS_VERSION,
        "pipeline": ["stemmer"],
        "count": count,
        "fields": fields,
        "terms": _encode_terms(terms),
        "postings": postings,
        # Postings of the full-text index that are not kept: they count in a term's idf.
        "documents": [
            [number[term], documents[term] - retained[term]]
            for term in terms
            if documents[term] != retained[term]
        ],
    }


def _distinctive(
    frequencies: list[Counter[str]],
    lengths: list[int],
    documents: Counter[str],
    limit: int,
    best: int = BEST_PAPERS,
) -> list[dict[str, int]]:
    """Each paper's terms of one field that count most, in a full-text index: its `limit`
    best-scoring terms, and every term for which it is among the `best` papers."""
    count = len(frequencies)
    average = sum(lengths) / count if count else 0
    idf = {
        term: math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
        for term, with_term in documents.items()
    }
    kept: list[dict[str, int]] = []
    # The `best` highest (score, -ref) of each term: ties go to the paper first in the catalogue.
    leaders: dict[str, list[tuple[float, int]]] = {}
    for ref, counter in enumerate(frequencies):
        norm = K1 * (1 - B + B * (lengths[ref] / average))
        scored = sorted(
            # Best score first; ties go to the term first in alphabetical order.
            ((-idf[term] * tf / (norm + tf), term) for term, tf in counter.items()),
        )
        kept.append({term: counter[term] for _, term in scored[:limit]})
        for negative, term in scored if best else ():
            heap = leaders.setdefault(term, [])
            entry = (-negative, -ref)
            if len(heap) < best:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                heapq.heapreplace(heap, entry)
    for term in sorted(leaders):
        for _, negative_ref in leaders[term]:
            kept[-negative_ref][term] = frequencies[-negative_ref][term]
    return kept


def _encode(refs: list[tuple[int, int]]) -> list[int]:
    """Postings as gaps between ascending refs (the first from -1); a gap is negative when the
    term frequency, other than 1, follows it."""
    out: list[int] = []
    previous = -1
    for ref, frequency in refs:
        gap = ref - previous
        previous = ref
        if frequency == 1:
            out.append(gap)
        else:
            out += [-gap, frequency]
    return out


def _encode_terms(terms: list[str]) -> str:
    """Sorted terms, one a line, each as how many leading characters (0 to 9) it shares with the
    term before it, then the rest of it. Terms hold no line break: the tokenizer splits there.
    Only characters of the Basic Multilingual Plane are shared, which JavaScript counts alike."""
    lines = []
    previous = ""
    for term in terms:
        shared = 0
        while shared < 9 and shared < min(len(term), len(previous)):
            if term[shared] != previous[shared] or ord(term[shared]) > 0xFFFF:
                break
            shared += 1
        lines.append(f"{shared}{term[shared:]}")
        previous = term
    return "\n".join(lines)


def _decode_terms(encoded: str) -> list[str]:
    terms: list[str] = []
    previous = ""
    for line in encoded.split("\n") if encoded else ():
        previous = previous[: int(line[0])] + line[1:]
        terms.append(previous)
    return terms


def _decode(encoded: list[int]) -> list[tuple[int, int]]:
    refs: list[tuple[int, int]] = []
    previous = -1
    position = 0
    while position < len(encoded):
        gap = encoded[position]
        frequency = 1
        if gap < 0:
            gap = -gap
            position += 1
            frequency = encoded[position]
        previous += gap
        refs.append((previous, frequency))
        position += 1
    return refs


def _topic_table(catalogue: Catalogue) -> dict[str, tuple[int, Topic]]:
    """Every topic by slug with its number: the taxonomy's order, then any other a paper has."""
    topics = list(catalogue.topics)
    known = {topic.slug for topic in topics}
    extra = {t.slug: t for paper in catalogue.papers for t in paper.topics if t.slug not in known}
    topics.extend(extra[slug] for slug in sorted(extra))
    return {topic.slug: (number, topic) for number, topic in enumerate(topics)}


_COLUMNS = ["url", "title", "short_name", "snippet"]


def _row(paper: Paper) -> list[object]:
    return [paper.url, paper.title, paper.short_name, snippet_source(paper.abstract)]


def _docs(
    papers: Sequence[Paper], topics: dict[str, tuple[int, Topic]], build: str
) -> dict[str, object]:
    flags = [paper.has_code for paper in papers]
    data: dict[str, object] = {
        "format": DOCS_FORMAT,
        "build": build,
        "count": len(papers),
        "chunk_size": CHUNK_SIZE,
        "columns": _COLUMNS,
        "topics": [[topic.slug, topic.name, topic.url] for _, topic in topics.values()],
        "paper_topics": [[topics[topic.slug][0] for topic in paper.topics] for paper in papers],
    }
    data["code"] = [1 if flag else 0 for flag in flags]
    return data


def rows_of(data: SearchData) -> list[list[Any]]:
    """Every result row of the chunks, in ref order (for tests and tools)."""
    return [row for chunk in data.chunks for row in json.loads(chunk)["docs"]]


def _dump(data: object) -> str:
    # Compact and in a fixed order: the terms are sorted, and the rest follows the catalogue.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
