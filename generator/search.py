"""The search index, built once at build time and loaded as it is by lunr.js in the browser.

Three files go into the site under `search/`:

- `index.json`: a lunr index serialised in lunr.js 2.3.9's format (`lunr.Index.load` reads it).
  Each paper's ref is its position in the catalogue (`"0"`, `"1"`, ...): short refs keep the
  index small, since every posting and field vector repeats its ref.
- `docs.json`: what a result shows, apart from the index: one row per paper, row `n` for ref
  `"n"`. The rows are in ref order and hold no cross references but topic numbers, so a later
  layout can split them into fixed-size files (rows `k*N` to `k*N+N-1` in file `k`) and fetch
  only the files that hold the results on screen.
- `lunr.js`: copied from the installed MkDocs, whose search plugin ships lunr.js 2.3.9.

Both sides must cut and normalise words alike. A query only goes through the search pipeline,
which is the stemmer alone, so lunr.js stems each query word and looks the stem up among the
index's terms: the index must be stemmed exactly as lunr.js stems. lunr.py's trimmer and stop
word filter are ports of lunr.js's, and its separator (whitespace and hyphens) is lunr.js's
`/[\\s\\-]+/` for the text the reader leaves (runs of whitespace become one space). Its stemmer is
not: it is Martin Porter's original, which turns a final "y" after a vowel into "i" ("play" to
"plai"), where lunr.js follows Porter2 ("play" stays, "try" becomes "tri"). `_LunrJsStemmer`
makes that one step lunr.js's; a browser test compares the two stemmers over the corpus's words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import lunr as lunr_package
import mkdocs
from lunr import lunr
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.trimmer import trimmer

from generator.errors import SearchError
from generator.model import Catalogue, Paper, Topic

SEARCH_DIR = "search/"
INDEX_JSON = f"{SEARCH_DIR}index.json"
DOCS_JSON = f"{SEARCH_DIR}docs.json"
LUNR_JS = f"{SEARCH_DIR}lunr.js"
SEARCH_FILES = (INDEX_JSON, DOCS_JSON, LUNR_JS)

LUNR_JS_VERSION: str = lunr_package.__TARGET_JS_VERSION__
"""The lunr.js version whose index format lunr.py writes, and that the site must load."""

SNIPPET_MAX_CHARS = 240
"""Results show the abstract's opening as their snippet. Storing the opening only, not the whole
abstract, keeps the data the browser downloads small: the index already finds words anywhere in
the abstract."""

DOCS_FORMAT = 1
"""The version of `docs.json`'s layout; the browser refuses a layout it does not know."""

_REF = "ref"
# Ranking: a paper whose short name or title holds the query words comes first; a paper filed
# under a topic of that name beats one that mentions the words in its abstract.
FIELDS = (
    {"field_name": "title", "boost": 10},
    {"field_name": "short_name", "boost": 10},
    {"field_name": "abstract", "boost": 1},
    {"field_name": "topics", "boost": 3},
)
_STEP_1C = re.compile(r"^(.+?[^aeiou])y$")
"""lunr.js's step 1c: a final "y" becomes "i" after a consonant that is not the first letter."""
_LUNR_JS_PATH = Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search"
_VERSION_LINE = re.compile(r"lunr - http://lunrjs\.com .* - (\d+\.\d+\.\d+)")


@dataclass(frozen=True, slots=True)
class SearchData:
    """The two generated files of the search, as JSON text ready to be written."""

    index_json: str
    docs_json: str


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


def build_search(catalogue: Catalogue) -> SearchData:
    """Index the catalogue's papers and collect what their results show."""
    papers = catalogue.papers
    topics = _topic_table(catalogue)
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter, stem)
    builder.search_pipeline.add(stem)
    documents = list(_documents(papers))
    index = lunr(ref=_REF, fields=list(FIELDS), documents=documents, builder=builder)
    return SearchData(
        index_json=_dump(index.serialize()),
        docs_json=_dump(_docs(papers, topics)),
    )


def load_index(index_json: str) -> Index:
    """Load a serialised index with lunr.py, querying it as lunr.js would (for tests and tools)."""
    index = Index.load(json.loads(index_json))
    index.pipeline = Pipeline()
    index.pipeline.add(stem)
    return index


def snippet_source(abstract: str) -> str:
    """The opening of an abstract that a result shows, cut at a word, with an ellipsis if cut."""
    if len(abstract) <= SNIPPET_MAX_CHARS:
        return abstract
    cut = abstract[: SNIPPET_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}…"


def has_code(paper: Paper) -> bool | None:
    """Whether the paper links to code, or None while the catalogue knows nothing of links."""
    flag = getattr(paper, "has_code", None)
    if flag is not None:
        return bool(flag)
    links = getattr(paper, "links", None)
    if links is None:
        return None
    return any(getattr(link, "kind", None) == "code" for link in links)


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


def _documents(papers: Sequence[Paper]) -> Iterable[dict[str, str]]:
    for ref, paper in enumerate(papers):
        yield {
            _REF: str(ref),
            "title": paper.title,
            "short_name": paper.short_name or "",
            "abstract": paper.abstract,
            "topics": " ".join(topic.name for topic in paper.topics),
        }


def _topic_table(catalogue: Catalogue) -> dict[str, tuple[int, Topic]]:
    """Every topic by slug with its number: the taxonomy's order, then any other a paper has."""
    topics = list(catalogue.topics)
    known = {topic.slug for topic in topics}
    extra = {t.slug: t for paper in catalogue.papers for t in paper.topics if t.slug not in known}
    topics.extend(extra[slug] for slug in sorted(extra))
    return {topic.slug: (number, topic) for number, topic in enumerate(topics)}


def _docs(papers: Sequence[Paper], topics: dict[str, tuple[int, Topic]]) -> dict[str, object]:
    flags = [has_code(paper) for paper in papers]
    with_code = any(flag is not None for flag in flags)
    columns = ["url", "title", "short_name", "snippet", "topics"]
    if with_code:
        columns.append("has_code")
    rows: list[list[object]] = []
    for paper, flag in zip(papers, flags, strict=True):
        row: list[object] = [
            paper.url,
            paper.title,
            paper.short_name,
            snippet_source(paper.abstract),
            [topics[topic.slug][0] for topic in paper.topics],
        ]
        if with_code:
            row.append(1 if flag else 0)
        rows.append(row)
    return {
        "format": DOCS_FORMAT,
        "columns": columns,
        "topics": [[topic.slug, topic.name, topic.url] for _, topic in topics.values()],
        "docs": rows,
    }


def _dump(data: object) -> str:
    # Compact and in a fixed order: lunr.py sorts the terms, and the rest follows the catalogue.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
