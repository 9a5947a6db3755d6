"""The search index's files: the inverted index cut into shards by term, and what results show.

`generator.search` describes each file; this module writes them. Every file of a build names
the build (a digest of all of them), so that a page never mixes two builds, and the same
catalogue gives the same bytes: terms in UTF-16 order, papers in catalogue order, JSON with
its keys in a fixed order.

Only the site's own scripts read these files, so each is stored gzip-compressed (`*.json.gz`, a
third of the JSON's bytes, as Pagefind stores its index) and the browser decompresses it with its
built-in `DecompressionStream`. A server that sends the file with `Content-Encoding: gzip` hands
the script JSON already decompressed, which it reads as it is (it looks for gzip's magic bytes).
The compression is deterministic: a fixed level, no file name, a zero time, so that the same
catalogue gives the same bytes whatever the build's date.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from generator.authors import author_key
from generator.compressed import gzip_bytes
from generator.model import Catalogue, Paper, Topic
from generator.pages import title_text
from generator.search import FIELDS, LUNR_JS_VERSION, InvertedIndex, invert, utf16_key
from generator.text import plain_text

SEARCH_DIR = "search/"
SUFFIX = ".json.gz"
"""Every index file is JSON compressed with gzip."""
META_JSON = f"{SEARCH_DIR}meta{SUFFIX}"
FACETS_JSON = f"{SEARCH_DIR}facets{SUFFIX}"
LUNR_JS = f"{SEARCH_DIR}lunr.js"
FORMAT = 4
"""The version of the files' layout; the browser refuses a layout it does not know."""

SHARD_BYTES = 24_000
"""A shard holds consecutive terms until its postings reach this many bytes (before gzip,
about two fifths of it after); a term whose postings alone pass it has a shard of its own."""

CHUNK_SIZE = 10
"""Papers per file of result rows. Results are scattered over the catalogue, so each result
shown fetches a chunk of its own: small chunks keep that small, at the cost of N / 10 files."""

SNIPPET_MAX_CHARS = 240
"""Results show the cleaned abstract's opening as their snippet, not the whole abstract."""


@dataclass(frozen=True, slots=True)
class SearchData:
    """The generated files of the search, as text ready to be written, by their site path."""

    files: dict[str, bytes]
    """Each file's bytes: its JSON, gzip-compressed (`unpack` reads it back)."""
    shards: int
    """How many shards the inverted index was cut into."""

    def text(self, path: str) -> str:
        """The JSON text of the file at `path` (for tests and tools)."""
        return unpack(self.files[path])


def pack(text: str) -> bytes:
    """A file's JSON text as it is stored: gzip-compressed, the same bytes for the same text."""
    return gzip_bytes(text.encode("utf-8"))


def unpack(data: bytes) -> str:
    """The JSON text of a stored file."""
    return gzip.decompress(data).decode("utf-8")


def shard_path(number: int) -> str:
    """The site path of a shard of the inverted index."""
    return f"{SEARCH_DIR}t/{number}{SUFFIX}"


def positions_path(number: int) -> str:
    """The site path of the positions of a shard's terms."""
    return f"{SEARCH_DIR}p/{number}{SUFFIX}"


def dictionary_key(term: str) -> str:
    """The dictionary file a term is listed in: its first letter or digit, `_` for the rest."""
    first = term[:1]
    return first if first.isascii() and first.isalnum() else "_"


def dictionary_path(key: str) -> str:
    """The site path of a dictionary of terms."""
    return f"{SEARCH_DIR}d/{key}{SUFFIX}"


def author_path(number: int) -> str:
    """The site path of a shard of the author index."""
    return f"{SEARCH_DIR}a/{number}{SUFFIX}"


def chunk_path(number: int) -> str:
    """The site path of a chunk of result rows."""
    return f"{SEARCH_DIR}docs/{number}{SUFFIX}"


def build_search(catalogue: Catalogue, newest: Sequence[str] = ()) -> SearchData:
    """Index every word of the catalogue's papers and write the files search reads. `newest`
    is the papers' slugs newest first, the order of an author's papers (by default, the
    catalogue's)."""
    papers = catalogue.papers
    abstracts = [plain_text(paper.abstract, paper.short_name) for paper in papers]
    texts = {
        "title": [title_text(paper) for paper in papers],
        "short_name": [paper.short_name or "" for paper in papers],
        "abstract": abstracts,
    }
    index = invert([texts[field.name] for field in FIELDS])
    bodies: dict[str, str] = {}  # path -> the file's content but its head
    starts: list[str] = []
    for number, (first, postings, places) in enumerate(_shards(index)):
        starts.append(first)
        bodies[shard_path(number)] = '"terms":{' + postings + "}"
        bodies[positions_path(number)] = '"terms":{' + places + "}"
    keys: dict[str, list[int]] = {}
    for t, term in enumerate(index.terms):
        keys.setdefault(dictionary_key(term), []).append(t)
    for key, listed in keys.items():
        words = encode_terms([index.terms[t] for t in listed])
        counts = [index.documents(t) for t in listed]
        bodies[dictionary_path(key)] = f'"terms":{_dump(words)},"counts":{_dump(counts)}'
    author_starts: list[str] = []
    for number, (first, members) in enumerate(_author_shards(papers, newest)):
        author_starts.append(first)
        bodies[author_path(number)] = '"authors":{' + members + "}"
    rows = [_row(paper, abstract) for paper, abstract in zip(papers, abstracts, strict=True)]
    for start in range(0, len(rows), CHUNK_SIZE):
        bodies[chunk_path(start // CHUNK_SIZE)] = '"docs":' + _dump(
            rows[start : start + CHUNK_SIZE]
        )
    bodies[FACETS_JSON] = _facets(catalogue)[1:-1]
    meta = {
        "lunr": LUNR_JS_VERSION,
        "count": len(papers),
        "fields": [{"name": field.name, "boost": field.boost} for field in FIELDS],
        "shards": encode_terms(starts),
        "dictionaries": sorted(keys),
        "authors": encode_terms(author_starts),
        "chunk_size": CHUNK_SIZE,
        "columns": _COLUMNS,
    }
    bodies[META_JSON] = _dump(meta)[1:-1]
    # The build's name: a digest of every file, so that it changes with any of them.
    digest = hashlib.sha256()
    for path in sorted(bodies):
        digest.update(f"{path}\n{bodies[path]}\n".encode())
    build = digest.hexdigest()[:12]
    head = f'{{"format":{FORMAT},"build":"{build}",'
    # Each body is let go as its file is made: at 100,000 papers they are some 190 MB of JSON.
    files = {path: pack(f"{head}{bodies.pop(path)}}}\n") for path in sorted(bodies)}
    return SearchData(files=files, shards=len(starts))


_BATCH = 200_000
"""Entries turned into text at a time: enough for numpy to pay, few enough to keep the text
of a 100,000-paper index out of memory."""


def _shards(index: InvertedIndex) -> Iterator[tuple[str, str, str]]:
    """Each shard's first term, and its terms' postings and positions as JSON members; shards
    are cut at `SHARD_BYTES` of postings.

    A term is `"term":[[...],[...],...]`, one list per field up to the last that holds it.
    Postings: each paper's gap from the previous ref (the first from -1), then the weight.
    Positions: for each posting, how many, then each as its gap from the one before (the first
    from 0)."""
    weights = index.weights()
    refs, fields = index.refs, index.fields
    entries = len(refs)
    # Where each (term, field) list of entries starts.
    term_of_entry = np.repeat(np.arange(len(index.terms)), np.diff(index.starts))
    new_list = np.ones(entries, dtype=bool)
    if entries:
        new_list[1:] = (fields[1:] != fields[:-1]) | (term_of_entry[1:] != term_of_entry[:-1])
    lists = np.flatnonzero(new_list)
    gaps = refs - np.where(new_list, -1, np.roll(refs, 1))
    frequencies, position_starts = index.frequencies, index.position_starts
    deltas = np.diff(index.positions, prepend=0)
    deltas[position_starts] = index.positions[position_starts]
    heads = position_starts + np.arange(entries)
    places = np.empty(entries + len(deltas), dtype=np.int64)
    places[heads] = frequencies
    body = np.ones(len(places), dtype=bool)
    body[heads] = False
    places[body] = deltas
    heads_list = np.append(heads, len(places)).tolist()
    list_starts = [*lists.tolist(), entries]
    list_fields = fields[lists].tolist()
    # The lists of term t are list_of_term[t] to list_of_term[t + 1].
    list_of_term = np.searchsorted(lists, index.starts).tolist()

    first, size = "", 0
    postings_out: list[str] = []
    places_out: list[str] = []
    terms = index.terms
    starts = index.starts.tolist()
    t = 0
    while t < len(terms):
        # A batch of whole terms, at least one.
        end = int(np.searchsorted(index.starts, starts[t] + _BATCH, side="right")) - 1
        end = min(max(end, t + 1), len(terms))
        lo, hi = starts[t], starts[end]
        pair = np.empty(2 * (hi - lo), dtype=np.int64)
        pair[0::2], pair[1::2] = gaps[lo:hi], weights[lo:hi]
        pair_text = list(map(str, pair.tolist()))
        base = heads_list[lo]
        place_text = list(map(str, places[base : heads_list[hi]].tolist()))
        for u in range(t, end):
            post_lists: list[str] = []
            place_lists: list[str] = []
            for k in range(list_of_term[u], list_of_term[u + 1]):
                f = list_fields[k]
                a, b = list_starts[k] - lo, list_starts[k + 1] - lo
                while len(post_lists) < f:
                    post_lists.append("[]")
                    place_lists.append("[]")
                post_lists.append("[" + ",".join(pair_text[2 * a : 2 * b]) + "]")
                pa, pb = heads_list[lo + a] - base, heads_list[lo + b] - base
                place_lists.append("[" + ",".join(place_text[pa:pb]) + "]")
            key = _dump(terms[u])
            entry = f"{key}:[{','.join(post_lists)}]"
            if postings_out and size + len(entry) > SHARD_BYTES:
                yield first, ",".join(postings_out), ",".join(places_out)
                postings_out, places_out, size = [], [], 0
            if not postings_out:
                first = terms[u]
            postings_out.append(entry)
            places_out.append(f"{key}:[{','.join(place_lists)}]")
            size += len(entry)
        t = end
    if postings_out:
        yield first, ",".join(postings_out), ",".join(places_out)


def author_refs(papers: Sequence[Paper], newest: Sequence[str] = ()) -> dict[str, list[int]]:
    """Every author's papers, by name as authors are matched (`generator.authors.author_key`),
    as refs, newest first (`newest`: the slugs newest first; by default, catalogue order)."""
    ref_of = {paper.slug: ref for ref, paper in enumerate(papers)}
    order = [ref_of[slug] for slug in newest if slug in ref_of] or range(len(papers))
    refs: dict[str, list[int]] = {}
    for ref in order:
        for key in dict.fromkeys(author_key(name) for name in papers[ref].authors):
            if key:
                refs.setdefault(key, []).append(ref)
    return refs


def _author_shards(papers: Sequence[Paper], newest: Sequence[str]) -> Iterator[tuple[str, str]]:
    """Each shard of the author index: its first name and its members, `"name":[refs]`; names
    sorted as JavaScript compares them, shards cut at `SHARD_BYTES`."""
    refs = author_refs(papers, newest)
    first, size = "", 0
    members: list[str] = []
    for key in sorted(refs, key=utf16_key):
        member = f"{_dump(key)}:{_dump(refs[key])}"
        if members and size + len(member) > SHARD_BYTES:
            yield first, ",".join(members)
            members, size = [], 0
        if not members:
            first = key
        members.append(member)
        size += len(member) + 1
    if members:
        yield first, ",".join(members)


def encode_terms(terms: Sequence[str]) -> str:
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


def decode_terms(encoded: str) -> list[str]:
    """The terms `encode_terms` wrote."""
    terms: list[str] = []
    previous = ""
    for line in encoded.split("\n") if encoded else ():
        previous = previous[: int(line[0])] + line[1:]
        terms.append(previous)
    return terms


_COLUMNS = ["url", "title", "short_name", "snippet"]


def snippet(text: str) -> str:
    """The opening of a cleaned abstract that a result shows, cut at a word, with an ellipsis
    if cut."""
    if len(text) <= SNIPPET_MAX_CHARS:
        return text
    cut = text[: SNIPPET_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}…"


def _row(paper: Paper, abstract: str) -> list[object]:
    return [paper.url, title_text(paper), paper.short_name, snippet(abstract)]


_FIRST_CODE = 0x100
"""Facets write a number n as the character U+0100 + n: one character a number, none of them
needing an escape in JSON, below the surrogates for any catalogue of fewer than 55,000 topics."""


def topic_table(catalogue: Catalogue) -> list[Topic]:
    """Every topic with its number: the taxonomy's order, then any other a paper has."""
    topics = list(catalogue.topics)
    known = {topic.slug for topic in topics}
    extra = {t.slug: t for paper in catalogue.papers for t in paper.topics if t.slug not in known}
    topics.extend(extra[slug] for slug in sorted(extra))
    return topics


def _facets(catalogue: Catalogue) -> str:
    """Each paper's topics, "has code" flag and year, one paper after another."""
    topics = topic_table(catalogue)
    number = {topic.slug: n for n, topic in enumerate(topics)}
    papers = catalogue.papers
    years = sorted({paper.date.year for paper in papers if paper.date is not None})
    year_number = {year: n for n, year in enumerate(years)}
    data = {
        "topics": [[topic.slug, topic.name, topic.url] for topic in topics],
        # Each paper's topics, its characters; papers separated by spaces.
        "paper_topics": " ".join(
            "".join(chr(_FIRST_CODE + number[t.slug]) for t in paper.topics) for paper in papers
        ),
        "code": "".join("1" if paper.has_code else "0" for paper in papers),
        "years": years,
        # One character a paper: its year's number, or "-" for a paper without a date.
        "paper_years": "".join(
            "-" if paper.date is None else chr(_FIRST_CODE + year_number[paper.date.year])
            for paper in papers
        )
        if years
        else "",
    }
    return _dump(data)


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def file_sizes(data: SearchData) -> dict[str, int]:
    """Each file's size in bytes, as stored (for tools)."""
    return {path: len(content) for path, content in data.files.items()}
