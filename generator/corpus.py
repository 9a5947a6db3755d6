"""Find the corpus's files and read each with its parser: text dumps or JSON Lines records."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from pathlib import Path

from generator.errors import CorpusError
from generator.model import DumpFile, Note, Problem, Reading, Record, Source
from generator.reader import decode_dump, parse_dump
from generator.records import RECORD_SUFFIXES, looks_like_records, parse_records

DUMP_SUFFIXES = (".txt", ".jsonl", ".ndjson")
"""The file endings that mark a dump when a folder is read: text dumps, then JSON Lines."""
_SUFFIX_LIST = ", ".join(f"*{s}" for s in DUMP_SUFFIXES)


def find_dumps(paths: Sequence[Path], root: Path, notes: list[Note] | None = None) -> list[Path]:
    """Expand files and folders into the dump files to read, in a stable order, each once.

    Folders are searched recursively, following links to folders (a link back to a folder it
    is in is not followed); hidden files and folders are skipped. What else a folder holds and
    is not read (a file that is not a dump, a broken or looping link) is added to `notes`.
    """
    notes = [] if notes is None else notes
    found: list[Path] = []
    for path in paths:
        shown = display_path(path, root)
        if path.is_dir():
            walked: list[tuple[str, Path]] = []
            real = path.resolve()
            _walk(path, "", (real,), {real}, walked, notes, root)
            if not walked:
                raise CorpusError(shown, f"no dump files ({_SUFFIX_LIST}) in this folder")
            found.extend(dump for _, dump in sorted(walked, key=lambda item: item[0]))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise CorpusError(shown, "not a regular file or folder")
        elif path.is_symlink():
            raise CorpusError(shown, f"a link to {_target(path)}, which does not exist")
        else:
            raise CorpusError(shown, "no such file or folder")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _walk(
    folder: Path,
    relative: str,
    ancestors: tuple[Path, ...],
    visited: set[Path],
    found: list[tuple[str, Path]],
    notes: list[Note],
    root: Path,
) -> None:
    """Add the dumps under `folder` to `found`, each with its path relative to the top folder.

    `ancestors` are the real paths of the folders walked down to here: a link to one of them
    loops. `visited` holds every real folder walked, so that two links to one folder (whose
    files would be the same dumps twice) are walked once.
    """

    def note(path: Path, message: str) -> None:
        notes.append(Note(Source(display_path(path, root), 0), message))

    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as error:
        shown = display_path(folder, root)
        raise CorpusError(shown, f"folder cannot be read: {error.strerror or error}") from None
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        key = f"{relative}{name}"
        try:
            real = path.resolve(strict=True) if path.is_symlink() else path
        except FileNotFoundError:
            note(path, f"a link to {_target(path)}, which does not exist; not read")
            continue
        except (OSError, RuntimeError):  # RuntimeError: Python 3.11's word for a link loop
            note(path, f"a link to {_target(path)}, which loops; not read")
            continue
        if path.is_dir():
            real = real.resolve()
            if real in ancestors:
                note(path, f"a link to {_target(path)}, a folder it is in; not followed")
            elif real not in visited:
                visited.add(real)
                _walk(path, f"{key}/", (*ancestors, real), visited, found, notes, root)
        elif not path.is_file():
            note(path, "not a regular file; not read")
        elif path.suffix.lower() in DUMP_SUFFIXES:
            found.append((key, path))
        else:
            note(path, f"not a dump ({_SUFFIX_LIST}); not read")


def _target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "?"


def display_path(path: Path, root: Path) -> str:
    """Name a path as the user knows it: relative to the project when inside it.

    A path reached through a link is named as it was reached, not by the link's target.
    """
    base = root.resolve()
    try:
        return Path(os.path.abspath(path)).relative_to(base).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(base).as_posix()
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a link loop, in Python 3.11
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
    notes: list[Note] = []
    for path in find_dumps(paths, root, notes):
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
    return Reading(tuple(files), tuple(records), tuple(problems), tuple(notes))
