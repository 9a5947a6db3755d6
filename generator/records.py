"""Read JSON Lines files of paper records: Papershelf's own format and arXiv's metadata snapshot.

One JSON object per line. Each line's format is told by its keys: a line with an `id` and any of
the snapshot's own keys (`versions`, `authors_parsed`, `update_date`, `categories`) is an arXiv
snapshot record; any other object is one of ours (`schemas/record.schema.json` describes it).

A line that is not a record (bad JSON, not an object, no title, a field of the wrong type) is
skipped and reported with its `file:line`. A value that is of the right type but cannot be used
(a date that is no date, an unknown topic, a URL that is not http(s)) is dropped, reported, and
the paper kept without it: nothing else of the line is lost.
"""

from __future__ import annotations

import datetime
import decimal
import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from mkdocs.utils import get_build_datetime

from generator.dates import EARLIEST_YEAR, email_date, in_range, latest_year
from generator.model import Problem, Record, Source
from generator.text import normalise_space

RECORD_SUFFIXES = (".jsonl", ".ndjson")
"""File endings of JSON Lines files; any other file whose text starts with `{` is one too."""

OUR_FIELDS = frozenset(
    {"title", "abstract", "authors", "date", "arxiv_id", "url", "pdf_url", "code_url", "topics"}
)
ARXIV_KEYS = frozenset({"versions", "authors_parsed", "update_date", "categories"})
"""Keys that only arXiv's snapshot has: with an `id`, they mark a line as a snapshot record."""

_ARXIV_ID = re.compile(
    r"(?:arxiv:)?(?P<id>\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)
_SKIPPED = "line skipped"
_INT_DIGITS = 4000
"""Longer JSON integers are read as decimals: Python refuses to read an `int` of more than 4,300
digits (`sys.get_int_max_str_digits`), and no field of a record is a number anyway."""


class _BadLine(Exception):
    """A line that cannot be a record; the message says why."""


@dataclass
class _Fields:
    """What one line gives, before it becomes a Record: `details` are the `RecordExtras` fields it
    sets, by name."""

    title: str
    abstract: str | None
    details: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def looks_like_records(text: str) -> bool:
    """Whether a file's text is JSON Lines: its first character that is not a space is `{`."""
    return text.lstrip(" \t\r\n\ufeff").startswith("{")


def parse_records(
    text: str, path: str, known_topics: Collection[str] | None = None
) -> tuple[list[Record], list[Problem]]:
    """Parse a JSON Lines file into records, and a problem for each line or value not used.

    `known_topics` are the topic slugs a record may pin; when None, every slug is taken.
    """
    records: list[Record] = []
    problems: list[Problem] = []
    build = get_build_datetime().date()
    # Split on line feeds only: a JSON string may hold U+2028 and other characters that
    # str.splitlines() would take for line breaks.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        source = Source(path, number)
        try:
            fields = _fields_of(_load(line), known_topics, build)
        except _BadLine as bad:
            problems.append(Problem(source, f"{bad}; {_SKIPPED}"))
            continue
        problems.extend(Problem(source, message) for message in fields.warnings)
        if fields.abstract is None:
            problems.append(Problem(source, 'no "abstract"; its page shows the title only'))
        records.append(Record(fields.title, fields.abstract or "", source, **fields.details))
    if not records and not problems:
        problems.append(Problem(Source(path, 1), "no papers found in this file"))
    return records, problems


def _load(line: str) -> dict[str, Any]:
    try:
        value = json.loads(line, parse_int=_json_int)
    except json.JSONDecodeError as error:
        raise _BadLine(f"not valid JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise _BadLine("not valid JSON: nested too deeply") from None
    except ValueError as error:  # any other limit of Python's: one line, never a traceback
        raise _BadLine(f"not valid JSON: {error}") from None
    if not isinstance(value, dict):
        raise _BadLine(f"expected a JSON object (one paper per line), not {_kind(value)}")
    return value


def _json_int(digits: str) -> int | decimal.Decimal:
    if len(digits) > _INT_DIGITS:
        return decimal.Decimal(digits)
    return int(digits)


def _fields_of(
    obj: dict[str, Any], known_topics: Collection[str] | None, build: datetime.date
) -> _Fields:
    if "id" in obj and ARXIV_KEYS & obj.keys():
        fields = _arxiv_fields(obj)
    else:
        fields = _our_fields(obj, known_topics)
    date = fields.details.get("date")
    if date is not None and not in_range(date, build):
        fields.details["date"] = None
        fields.warnings.append(
            f"the date {date.isoformat()} is before {EARLIEST_YEAR} or after "
            f"{latest_year(build)}; ignored"
        )
    return fields


def _our_fields(obj: dict[str, Any], known_topics: Collection[str] | None) -> _Fields:
    fields = _Fields(_title(obj), _abstract(obj))
    details = fields.details
    authors = obj.get("authors")
    if authors is not None:
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise _BadLine(f'"authors" must be a list of strings, not {_kind(authors)}')
        details["authors"] = _names(map(_text, authors), "authors", fields.warnings)
    date = _optional_string(obj, "date")
    if date is not None:
        details["date"] = _iso_date(date, fields.warnings)
    arxiv_id = _optional_string(obj, "arxiv_id")
    if arxiv_id is not None:
        details["arxiv_id"] = _arxiv_id(arxiv_id, "arxiv_id", fields.warnings)
    details["external_url"] = _web_url(obj, "url", fields.warnings)
    details["pdf_url"] = _web_url(obj, "pdf_url", fields.warnings)
    details["code_url"] = _web_url(obj, "code_url", fields.warnings)
    topics = obj.get("topics")
    if topics is not None:
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            raise _BadLine(f'"topics" must be a list of topic slugs, not {_kind(topics)}')
        pinned: list[str] = []
        for slug in (t.strip() for t in topics):
            if known_topics is not None and slug not in known_topics:
                fields.warnings.append(f'unknown topic "{slug}" in "topics"; ignored')
            elif slug and slug not in pinned:
                pinned.append(slug)
        details["pinned_topics"] = tuple(pinned)
    for key in sorted(obj.keys() - OUR_FIELDS):
        fields.warnings.append(f'unknown field "{key}"; ignored')
    return fields


def _arxiv_fields(obj: dict[str, Any]) -> _Fields:
    raw_id = obj["id"]
    if not isinstance(raw_id, str):
        raise _BadLine(f'"id" must be a string, not {_kind(raw_id)}')
    fields = _Fields(_title(obj), _abstract(obj))
    fields.details["arxiv_id"] = _arxiv_id(raw_id, "id", fields.warnings)
    fields.details["authors"] = _arxiv_authors(obj, fields.warnings)
    fields.details["date"] = _arxiv_date(obj, fields.warnings)
    categories = _optional_string(obj, "categories")
    if categories and categories.split():
        fields.details["primary_class"] = categories.split()[0]
    return fields


def _title(obj: dict[str, Any]) -> str:
    if "title" not in obj:
        raise _BadLine('no "title"')
    title = obj["title"]
    if not isinstance(title, str):
        raise _BadLine(f'"title" must be a string, not {_kind(title)}')
    text = _text(title)
    if not text:
        raise _BadLine('"title" is empty')
    return text


def _abstract(obj: dict[str, Any]) -> str | None:
    abstract = obj.get("abstract")
    if abstract is None:
        return None
    if not isinstance(abstract, str):
        raise _BadLine(f'"abstract" must be a string, not {_kind(abstract)}')
    return _text(abstract) or None


def _optional_string(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _BadLine(f'"{key}" must be a string, not {_kind(value)}')
    return value.strip() or None


def _text(value: str) -> str:
    """Corpus text as the dumps' reader keeps it: one space for any run of whitespace.

    A JSON string can hold a lone surrogate (`"\\ud800"`), which no UTF-8 page can carry.
    """
    return normalise_space(value.encode("utf-8", "replace").decode("utf-8"))


def _iso_date(value: str, warnings: list[str]) -> datetime.date | None:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    warnings.append(f'"date" is not a date (YYYY-MM-DD): "{value}"; ignored')
    return None


def _arxiv_id(value: str, key: str, warnings: list[str]) -> str | None:
    match = _ARXIV_ID.fullmatch(value.strip())
    if match is None:
        warnings.append(f'"{key}" is not an arXiv identifier: "{value}"; ignored')
        return None
    return match["id"]


def _web_url(obj: dict[str, Any], key: str, warnings: list[str]) -> str | None:
    value = _optional_string(obj, key)
    if value is None:
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # a bracketed host that is no IPv6 address (`http://[::1`)
        host = None
    # Only web addresses become links: a javascript: or data: URL must never reach an href.
    if host is None or parts.scheme.lower() not in ("http", "https") or " " in value:
        warnings.append(f'"{key}" is not an http(s) URL: "{value}"; ignored')
        return None
    return value


def _arxiv_authors(obj: dict[str, Any], warnings: list[str]) -> tuple[str, ...]:
    parsed = obj.get("authors_parsed")
    if parsed is not None:
        if not isinstance(parsed, list) or not all(
            isinstance(parts, list) and all(isinstance(p, str) for p in parts) for parts in parsed
        ):
            raise _BadLine('"authors_parsed" must be a list of [last, first, suffix] lists')
        # arXiv's order is [last, first, suffix]; a page shows "first last suffix".
        names = (_text(" ".join([*parts[1:2], *parts[:1], *parts[2:]])) for parts in parsed)
        return _names(names, "authors_parsed", warnings)
    authors = _optional_string(obj, "authors")
    if authors is None:
        return ()
    text = _text(authors)
    names = (name.strip() for name in re.split(r",\s*(?:and\s+)?|\s+and\s+", text))
    return _names(names, "authors", warnings)


def _names(names: Iterable[str], key: str, warnings: list[str]) -> tuple[str, ...]:
    """The author names that are not empty; a warning says how many empty ones were dropped."""
    given = list(names)
    kept = tuple(name for name in given if name)
    empty = len(given) - len(kept)
    if empty:
        count = "an empty name" if empty == 1 else f"{empty} empty names"
        warnings.append(f'"{key}" has {count}; dropped')
    return kept


def _arxiv_date(obj: dict[str, Any], warnings: list[str]) -> datetime.date | None:
    """The date of the first version, as the listing of new papers dates it; else `update_date`."""
    versions = obj.get("versions")
    if versions is not None and not (
        isinstance(versions, list) and all(isinstance(v, dict) for v in versions)
    ):
        raise _BadLine('"versions" must be a list of objects')
    created = versions[0].get("created") if versions else None
    if isinstance(created, str):
        if (date := email_date(created)) is not None:
            return date
        warnings.append(f'"versions" has a date that cannot be read: "{created}"')
    update = _optional_string(obj, "update_date")
    return _iso_date(update, warnings) if update is not None else None


def _kind(value: object) -> str:
    """A JSON value's type as the JSON spec names it, with an article."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, decimal.Decimal)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
