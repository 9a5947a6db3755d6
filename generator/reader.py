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
from collections.abc import Iterator

from mkdocs.utils import get_build_datetime

from generator.dates import EARLIEST_YEAR, HEADING, latest_year, year_in_range
from generator.errors import CorpusError
from generator.model import Problem, Record, Source
from generator.text import normalise_space

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
# A sentence ends with . ! or ?, perhaps inside closing quotes or brackets, before a space or the
# end of the line.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s|$)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
# Invisible characters that copies pick up: a byte-order mark where two dumps were joined, and
# zero-width spaces from the web page. They are dropped, not turned into spaces.
_CONTENT = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\ufeff\u200b]")
"""A character that `normalise_space` keeps as it is: the text is not empty."""
_NO_ABSTRACT = "title has no abstract after it; its page shows the title only"
_NO_TITLE = "abstract without a title; skipped"

_ABSTRACT_MIN_WORDS = 12
"""Below this, a line is a title whatever its punctuation."""
_ABSTRACT_LONG_WORDS = 35
_ABSTRACT_LONG_CHARS = 300
"""At or above either, a line written in sentences is an abstract: no title is this long and
has sentences. A line this long without them is a title or a cut abstract, as its neighbours
say."""


class _Shape(enum.Enum):
    """What a line of a dump is, from its text alone."""

    HEADING = "heading"
    TITLE = "title"
    ABSTRACT = "abstract"
    SENTENCES = "sentences"
    """Written in sentences but short enough to be a title: the lines around it decide."""
    LONG = "long"
    """As long as an abstract but not written in sentences: a very long title, or an abstract
    cut short. The lines around it decide."""


def _shape(line: str) -> _Shape:
    if HEADING.fullmatch(line):
        return _Shape.HEADING
    words = line.split()
    in_sentences = line.endswith(".") or len(_SENTENCE_END.findall(line)) >= 2
    if len(words) >= _ABSTRACT_LONG_WORDS or len(line) >= _ABSTRACT_LONG_CHARS:
        return _Shape.ABSTRACT if in_sentences else _Shape.LONG
    if len(words) >= _ABSTRACT_MIN_WORDS and in_sentences:
        return _Shape.SENTENCES
    return _Shape.TITLE


def looks_like_abstract(line: str) -> bool:
    """Tell an abstract from a title by its shape: its length, and whether it has sentences."""
    return _shape(line) in (_Shape.ABSTRACT, _Shape.SENTENCES, _Shape.LONG)


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
    build = get_build_datetime().date()  # as records' dates are judged

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
        elif shape is _Shape.LONG:
            # Long, with no sentences: after a title, its abstract (cut short, or unpunctuated),
            # unless a line in sentences follows, which makes it that line's title. With no
            # title waiting, it is a title: that keeps its text, where an orphan abstract is
            # dropped.
            following = lines[index + 1][2] if index + 1 < len(lines) else None
            is_title = title is None or following in (_Shape.ABSTRACT, _Shape.SENTENCES)
            shape = _Shape.TITLE if is_title else _Shape.ABSTRACT
        if shape is _Shape.HEADING:
            flush_title_without_abstract()
            heading = line
            if (problem := _year_out_of_range(line, build)) is not None:
                problems.append(Problem(Source(path, number), problem))
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


def _year_out_of_range(heading: str, build: datetime.date) -> str | None:
    """What is wrong with a date heading's year, if it is no paper's (`Mar 18, 0001`): its
    papers are then undated, as `generator.dates` rules, and the maintainer is told."""
    match = HEADING.fullmatch(heading)
    if match is None or not match["year"] or year_in_range(int(match["year"]), build):
        return None
    return (
        f"the date heading '{heading}' has a year before {EARLIEST_YEAR} or after "
        f"{latest_year(build)}; the papers below it are undated"
    )


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
