"""Read dumps copied from a paper-listing page into records.

Two layouts occur: blocks separated by blank lines, and one line per title and per abstract.
Both are read the same way, line by line: page chrome and date headings are recognised by their
text, and a title is told from an abstract by its shape (length and sentences), never by its
position, so that one missing abstract does not shift every paper after it.
"""

from __future__ import annotations

import codecs
import datetime
import enum
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import CorpusError

DUMP_SUFFIXES = (".txt", ".jsonl", ".ndjson")
"""The file endings that mark a dump when a folder is read: text dumps, then JSON Lines."""

_CHROME = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day!",
        "subscribe",
        "byak and the research community",
    }
)
# The listing page's "Subscribe" button text is glued to the first title when a copy loses the
# line break between them ("SubscribeDarwinLM: ..."). Only the first line after the chrome can
# carry it, and a real word such as "Subscriber" continues in lower case, so only an upper-case
# letter, a digit or punctuation ends the prefix.
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=[^a-z\s])")
_MONTHS = (
    "Jan|January|Feb|February|Mar|March|Apr|April|May|Jun|June|Jul|July|Aug|August"
    "|Sep|Sept|September|Oct|October|Nov|November|Dec|December"
)
_DATE_HEADING = re.compile(rf"^(?:{_MONTHS})\.? \d{{1,2}}(?:,? \d{{4}})?$")
# A sentence ends with . ! or ?, perhaps inside closing quotes or brackets, before a space or the
# end of the line.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s|$)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
# Invisible characters that copies pick up: a byte-order mark where two dumps were joined, and
# zero-width spaces from the web page. They are dropped, not turned into spaces.
_CONTROLS = [*range(0x20), *range(0x7F, 0xA0)]
_SPACES = str.maketrans({"\ufeff": None, "\u200b": None} | {chr(c): " " for c in _CONTROLS})
"""Zero-width spaces and stray byte-order marks go; control characters become spaces."""
_CONTENT = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\ufeff\u200b]")
"""A character that `normalise_space` keeps as it is: the text is not empty."""
_NO_ABSTRACT = "title has no abstract after it; its page shows the title only"
_NO_TITLE = "abstract without a title; skipped"

_ABSTRACT_MIN_WORDS = 12
"""Below this, a line is a title whatever its punctuation."""
_ABSTRACT_SURE_WORDS = 35
_ABSTRACT_SURE_CHARS = 300
"""At or above either, a line is an abstract whatever its punctuation: no title is this long."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: a file, the line of its title, and the date heading above it."""

    path: str
    line: int
    listed: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Details:
    """What a JSON Lines record may add to a title and abstract, named when given; a text dump
    gives none of it. Records and papers both carry these fields."""

    authors: tuple[str, ...] = ()
    date: datetime.date | None = None
    arxiv_id: str | None = None
    """Without the `arXiv:` prefix or a version (`v2`): links lead to the latest version."""
    primary_class: str | None = None
    """The arXiv category the paper was filed under first (`cs.LG`)."""
    external_url: str | None = None
    """The paper's own web page (the record's `url`); always http(s)."""
    pdf_url: str | None = None
    code_url: str | None = None
    pinned_topics: tuple[str, ...] = ()
    """Topic slugs the record sets for the paper, in place of those the rules would find."""


@dataclass(frozen=True, slots=True)
class Record(Details):
    """One title and its abstract as read from a dump; the abstract is empty when it is missing.

    Records from JSON Lines may carry more; a text dump gives none of the optional fields.
    """

    title: str
    abstract: str
    source: Source


@dataclass(frozen=True, slots=True)
class Problem:
    """A record the reader could not use as it stands; reported as a warning, never dropped."""

    source: Source
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True, slots=True)
class DumpFile:
    """One input file and how many records it held."""

    path: str
    records: int


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything read from the corpus, in file order and then line order."""

    files: tuple[DumpFile, ...]
    records: tuple[Record, ...]
    problems: tuple[Problem, ...]


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace or control characters into one space, and trim."""
    # str.split() splits on what str.isspace() calls whitespace, controls now among it.
    return " ".join(text.translate(_SPACES).split())


class _Shape(enum.Enum):
    """What a line of a dump is, from its text alone."""

    HEADING = "heading"
    TITLE = "title"
    ABSTRACT = "abstract"
    SENTENCES = "sentences"
    """Written in sentences but short enough to be a title: the lines around it decide."""


def _shape(line: str) -> _Shape:
    if _DATE_HEADING.match(line):
        return _Shape.HEADING
    words = line.split()
    if len(words) >= _ABSTRACT_SURE_WORDS or len(line) >= _ABSTRACT_SURE_CHARS:
        return _Shape.ABSTRACT
    if len(words) >= _ABSTRACT_MIN_WORDS and (
        line.endswith(".") or len(_SENTENCE_END.findall(line)) >= 2
    ):
        return _Shape.SENTENCES
    return _Shape.TITLE


def looks_like_abstract(line: str) -> bool:
    """Tell an abstract from a title by its shape: its length, and whether it has sentences."""
    return _shape(line) in (_Shape.ABSTRACT, _Shape.SENTENCES)


def find_dumps(paths: Sequence[Path], root: Path) -> list[Path]:
    """Expand files and folders into the dump files to read, in a stable order, each once."""
    found: list[Path] = []
    for path in paths:
        shown = display_path(path, root)
        if path.is_dir():
            dumps = sorted(
                (p for p in path.rglob("*") if _is_dump(p, path)),
                key=lambda p: p.relative_to(path).as_posix(),
            )
            if not dumps:
                suffixes = ", ".join(f"*{s}" for s in DUMP_SUFFIXES)
                raise CorpusError(shown, f"no dump files ({suffixes}) in this folder")
            found.extend(dumps)
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise CorpusError(shown, "not a regular file or folder")
        else:
            raise CorpusError(shown, "no such file or folder")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _is_dump(path: Path, folder: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
    return path.is_file() and not hidden and path.suffix.lower() in DUMP_SUFFIXES


def display_path(path: Path, root: Path) -> str:
    """Name a path as the user knows it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_corpus(
    paths: Sequence[Path], root: Path, known_topics: Collection[str] | None = None
) -> Reading:
    """Read every dump under `paths`; `root` is the folder that source paths are shown against.

    A JSON Lines file (by its ending, or by its text starting with `{`) goes to the records
    reader, which checks pinned topics against `known_topics` when they are given.
    """
    # Imported here: the records reader builds on this module's Record, Source and Problem.
    from generator.records import RECORD_SUFFIXES, looks_like_records, parse_records

    files: list[DumpFile] = []
    records: list[Record] = []
    problems: list[Problem] = []
    for path in find_dumps(paths, root):
        shown = display_path(path, root)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CorpusError(shown, f"cannot be read: {error.strerror or error}") from None
        text = decode_dump(data, shown)
        if path.suffix.lower() in RECORD_SUFFIXES or looks_like_records(text):
            file_records, file_problems = parse_records(text, shown, known_topics)
        else:
            file_records, file_problems = parse_dump(text, shown)
        files.append(DumpFile(shown, len(file_records)))
        records.extend(file_records)
        problems.extend(file_problems)
    return Reading(tuple(files), tuple(records), tuple(problems))


def decode_dump(data: bytes, path: str) -> str:
    """Decode a dump as UTF-8 (a byte-order mark is dropped), refusing binary and empty files."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CorpusError(path, "UTF-16 text, not UTF-8; save the dump as UTF-8")
    data = data.removeprefix(codecs.BOM_UTF8)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = _line_at(data, nul)
        raise CorpusError(path, f"binary file, not a text dump (NUL byte on line {line})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_at(data, error.start)
        byte = data[error.start]
        raise CorpusError(
            path, f"not UTF-8 text (byte 0x{byte:02x} on line {line}); save the dump as UTF-8"
        ) from None
    if not _CONTENT.search(text):
        raise CorpusError(path, "empty file")
    return text


def _line_at(data: bytes, offset: int) -> int:
    """The line number of a byte offset, counting line breaks as the parser does."""
    return len(_LINE_BREAK_BYTES.findall(data, 0, offset)) + 1


def parse_dump(text: str, path: str) -> tuple[list[Record], list[Problem]]:
    """Parse the text of one dump into records, and problems for what could not be paired."""
    records: list[Record] = []
    problems: list[Problem] = []
    heading: str | None = None
    title: tuple[str, Source] | None = None

    def flush_title_without_abstract() -> None:
        nonlocal title
        if title is not None:
            records.append(Record(title[0], "", title[1]))
            problems.append(Problem(title[1], _NO_ABSTRACT))
            title = None

    lines = list(_content_lines(text))
    for index, (number, line, shape) in enumerate(lines):
        if shape is _Shape.SENTENCES:
            # A line in sentences is short for an abstract. Followed by a full abstract, it is
            # a long title (and a pending title lacks its abstract); followed by another such
            # line with no title waiting, it is a title too; otherwise it is an abstract.
            following = lines[index + 1][2] if index + 1 < len(lines) else None
            is_title = following is _Shape.ABSTRACT or (
                following is _Shape.SENTENCES and title is None
            )
            shape = _Shape.TITLE if is_title else _Shape.ABSTRACT
        if shape is _Shape.HEADING:
            flush_title_without_abstract()
            heading = line
        elif shape is _Shape.TITLE:
            flush_title_without_abstract()
            title = (line, Source(path, number, heading))
        elif title is None:
            problems.append(Problem(Source(path, number, heading), _NO_TITLE))
        else:
            records.append(Record(title[0], line, title[1]))
            title = None
    flush_title_without_abstract()
    if not records and not problems:
        problems.append(Problem(Source(path, 1), "no papers found in this file"))
    return records, problems


def _content_lines(text: str) -> Iterator[tuple[int, str, _Shape]]:
    """Each line that is neither blank nor page chrome: its number, its text and its shape."""
    first = True
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        line = normalise_space(raw)
        if line and line.casefold() not in _CHROME:
            if first:
                line = _GLUED_SUBSCRIBE.sub("", line, count=1)
                first = False
            yield number, line, _shape(line)
