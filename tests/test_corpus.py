"""The corpus walk: which files of a folder are read, and a note for each one that is not."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.corpus import find_dumps, read_corpus
from generator.errors import CorpusError

TITLE = "Aurora: Sparse Attention for Long Documents"
ABSTRACT = (
    "Aurora is a sparse attention scheme for documents of many thousands of tokens. "
    "It keeps a small set of global tokens and attends locally everywhere else."
)


def _dump(path: Path, title: str = TITLE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n{ABSTRACT}\n", encoding="utf-8")


def _notes(root: Path, *paths: Path) -> list[str]:
    return [str(note) for note in read_corpus(list(paths), root).notes]


def test_a_linked_folder_is_read(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    _dump(outside / "linked.txt", "Linked: A Paper Kept in Another Folder")
    corpus = tmp_path / "corpus"
    _dump(corpus / "a.txt")
    (corpus / "more").symlink_to(outside, target_is_directory=True)
    reading = read_corpus([corpus], tmp_path)
    assert [f.path for f in reading.files] == ["corpus/a.txt", "corpus/more/linked.txt"]
    assert [r.title for r in reading.records] == [TITLE, "Linked: A Paper Kept in Another Folder"]
    assert reading.notes == ()


def test_a_link_back_to_a_folder_above_is_a_note_and_not_followed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _dump(corpus / "sub" / "a.txt")
    (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)
    reading = read_corpus([corpus], tmp_path)
    assert [f.path for f in reading.files] == ["corpus/sub/a.txt"]
    assert [str(note) for note in reading.notes] == [
        f"corpus/sub/loop: a link to {corpus}, a folder it is in; not followed"
    ]


def test_a_link_that_loops_on_itself_is_a_note(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _dump(corpus / "a.txt")
    os.symlink("self", corpus / "self")
    assert _notes(tmp_path, corpus) == ["corpus/self: a link to self, which loops; not read"]


def test_a_dangling_link_is_a_note(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _dump(corpus / "a.txt")
    os.symlink("../gone.txt", corpus / "b.txt")
    assert _notes(tmp_path, corpus) == [
        "corpus/b.txt: a link to ../gone.txt, which does not exist; not read"
    ]


def test_two_links_to_one_folder_read_its_dumps_once(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    _dump(shared / "s.txt", "Shared: One Dump Linked Twice")
    corpus = tmp_path / "corpus"
    _dump(corpus / "a.txt")
    (corpus / "one").symlink_to(shared, target_is_directory=True)
    (corpus / "two").symlink_to(shared, target_is_directory=True)
    reading = read_corpus([corpus], tmp_path)
    assert [f.path for f in reading.files] == ["corpus/a.txt", "corpus/one/s.txt"]
    assert reading.notes == ()


def test_files_that_are_not_dumps_are_notes_and_hidden_ones_are_not(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _dump(corpus / "a.txt")
    (corpus / "README.md").write_text("# About this corpus\n", encoding="utf-8")
    (corpus / "old").mkdir()
    (corpus / "old" / "listing.txt.orig").write_text("x\n", encoding="utf-8")
    (corpus / ".DS_Store").write_bytes(b"\x00")
    os.mkfifo(corpus / "pipe.txt")
    assert _notes(tmp_path, corpus) == [
        "corpus/README.md: not a dump (*.txt, *.jsonl, *.ndjson); not read",
        "corpus/old/listing.txt.orig: not a dump (*.txt, *.jsonl, *.ndjson); not read",
        "corpus/pipe.txt: not a regular file; not read",
    ]


def test_a_dangling_link_given_as_the_corpus_is_one_error_line(tmp_path: Path) -> None:
    os.symlink("gone", tmp_path / "corpus")
    with pytest.raises(CorpusError) as caught:
        find_dumps([tmp_path / "corpus"], tmp_path)
    assert str(caught.value) == "corpus: a link to gone, which does not exist"


def test_an_unreadable_folder_is_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    _dump(corpus / "a.txt")
    (corpus / "locked").mkdir()
    scandir = os.scandir

    # As a folder without read permission answers; root (as in CI) reads every folder anyway.
    def refuse_locked(path: Any) -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_locked)
    with pytest.raises(CorpusError) as caught:
        find_dumps([corpus], tmp_path)
    assert str(caught.value) == "corpus/locked: folder cannot be read: Permission denied"


def test_check_prints_the_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    _dump(corpus / "a.txt")
    (corpus / "notes.md").write_text("to do\n", encoding="utf-8")
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    assert main(["check", "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    shown = (corpus / "notes.md").as_posix()
    assert f"note: {shown}: not a dump (*.txt, *.jsonl, *.ndjson); not read" in out.splitlines()


def test_control_characters_in_paths_are_escaped_in_every_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    _dump(corpus / "\x1b[2Ka.txt")
    (corpus / "\x1b[1Anotes.md").write_text("to do\n", encoding="utf-8")
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    assert main(["check", "--corpus", str(corpus)]) == 0
    assert main(["check", "--corpus", str(tmp_path / "missing\x1b[2K")]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err
    shown = corpus.as_posix()
    assert f"{shown}/\\e[2Ka.txt: 1 record" in out.splitlines()
    assert f"note: {shown}/\\e[1Anotes.md: not a dump" in out
    missing = f"{tmp_path.as_posix()}/missing\\e[2K"
    assert err == f"papershelf: error: {missing}: no such file or folder\n"


@pytest.mark.slow
def test_the_build_log_escapes_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        '{"title": "Kept", "abstract": "Kept.", "date": "\\u001b[1A\\u001b[2Kwhen"}\n',
        encoding="utf-8",
    )
    (corpus / "\x1b[2Knotes.md").write_text("to do\n", encoding="utf-8")
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    status = main(["build", "--corpus", str(corpus), "--site-dir", str(tmp_path / "site")])
    out, err = capsys.readouterr()
    assert status == 0
    assert "\x1b" not in out + err
    shown = corpus.as_posix()
    assert (
        f'papershelf: warning: {shown}/a.jsonl:1: "date" is not a date (YYYY-MM-DD): '
        '"\\e[1A\\e[2Kwhen"; ignored'
    ) in err.splitlines()
    assert f"papershelf: note: {shown}/\\e[2Knotes.md: not a dump" in err
