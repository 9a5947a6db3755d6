"""Find the corpus's files and read each with its parser: text dumps or JSON Lines records."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from generator.errors import CorpusError
from generator.model import DumpFile, Problem, Reading, Record
from generator.reader import decode_dump, parse_dump
from generator.records import RECORD_SUFFIXES, looks_like_records, parse_records

DUMP_SUFFIXES = (".txt", ".jsonl", ".ndjson")
"""The file endings that mark a dump when a folder is read: text dumps, then JSON Lines."""


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
