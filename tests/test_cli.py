"""The `papershelf` command as a user meets it: its reports, its summary and its one-line errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import render, urls
from generator.cli import main
from tests.conftest import CORPUS, MISSING_ABSTRACT, REPO


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


STAGES = (
    "papershelf: reading the corpus",
    "papershelf: filing the papers under topics",
    "papershelf: finding related papers",
    "papershelf: building the search index and the feeds",
    "papershelf: rendering the home and the pages in the nav",
    "papershelf: writing 375 pages of papers, authors and listings",
    "papershelf: checking the site",
)
"""What `papershelf build` prints of its progress on the bundled corpus, when not on a terminal."""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_check_reports_files_counts_and_merges(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "check")
    assert status == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[:3] == [
        "corpus/000_8107e9cb12cc6d0e.txt: 53 records",
        "corpus/004_2f715f9ffb135102.txt: 259 records",
        "2 files, 312 records, 310 papers, 2 duplicates merged, 0 warnings, 1 note",
    ]
    assert lines[-1] == (
        "note: corpus/004_2f715f9ffb135102.txt:11: the abstract's URL "
        "https://github.com/xo28/efficient- looks cut by a line break; shown as text, not linked"
    )
    merges = [line for line in lines if line.startswith("merged: ")]
    assert len(merges) == 2
    assert all("corpus/004_2f715f9ffb135102.txt:" in line for line in merges)


def test_check_lists_warnings_and_strict_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(MISSING_ABSTRACT, encoding="utf-8")
    status, out, _ = _run(capsys, "check", "--corpus", str(dump))
    assert status == 0
    assert f"warning: {dump.as_posix()}:1: title has no abstract after it" in out
    assert "\n1 file, 2 records, 2 papers, 0 duplicates merged, 1 warning, 0 notes\n" in out
    status, _, _ = _run(capsys, "check", "--strict", "--corpus", str(dump))
    assert status == 1


def test_corpus_option_repeats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = tmp_path / "extra.txt"
    dump.write_text(MISSING_ABSTRACT, encoding="utf-8")
    status, out, _ = _run(capsys, "check", "--corpus", "corpus", "--corpus", str(dump))
    assert status == 0
    assert "3 files, 314 records, 312 papers" in out


@pytest.mark.slow
def test_build_ends_with_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "out"
    status, out, err = _run(capsys, "build", "--site-dir", str(site))
    assert status == 0
    assert err.splitlines() == [
        "papershelf: note: corpus/004_2f715f9ffb135102.txt:11: the abstract's URL "
        "https://github.com/xo28/efficient- looks cut by a line break; shown as text, not linked"
    ]
    *stages, summary = out.strip().splitlines()
    # Not on a terminal: one plain line per stage, in order, and no progress bar.
    assert stages == list(STAGES)
    assert summary.startswith(
        "papershelf: 2 files, 312 records, 310 papers, 2 duplicates merged, 0 warnings, 1 note; "
        "site in "
    )
    assert summary.endswith(" s")
    assert (site / "index.html").is_file()
    assert len(list(site.glob(urls.PAPER_PAGES_GLOB))) == 310


@pytest.mark.slow
def test_build_strict_fails_on_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(MISSING_ABSTRACT, encoding="utf-8")
    argv = ["build", "--corpus", str(dump), "--site-dir", str(tmp_path / "site")]
    status, _, err = _run(capsys, *argv)
    assert status == 0
    assert err.splitlines() == [
        f"papershelf: warning: {dump.as_posix()}:1: title has no abstract after it; "
        "its page shows the title only"
    ]
    status, _, err = _run(capsys, *argv, "--strict")
    assert status == 1
    assert err.splitlines()[-2] == "papershelf: error: Aborted with 1 warnings in strict mode!"
    assert err.splitlines()[-1].startswith("papershelf: build failed; the site in ")


CUT_LINKS = (
    "Alpha Speech Recognition\n\n"
    "Alpha recognises speech in noisy rooms. Its demo is at https://youtu on video.\n\n"
    "Beta Speech Synthesis\n\n"
    "Beta synthesises speech in many voices. It learns prosody from few examples. "
    "Its code at https://github.com/beta/tts- runs on a phone.\n"
)
"""Two papers whose abstracts' URLs a line break cut: two notes."""


@pytest.mark.slow
def test_build_prints_each_note_below_the_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump, cut = tmp_path / "dump.txt", tmp_path / "cut.txt"
    dump.write_text(MISSING_ABSTRACT, encoding="utf-8")
    cut.write_text(CUT_LINKS, encoding="utf-8")
    argv = ["--corpus", str(cut), "--corpus", str(dump)]
    status, out, err = _run(capsys, "build", *argv, "--site-dir", str(tmp_path / "site"))
    assert status == 0
    assert err.splitlines() == [
        f"papershelf: warning: {dump.as_posix()}:1: title has no abstract after it; "
        "its page shows the title only",
        f"papershelf: note: {cut.as_posix()}:1: the abstract's URL https://youtu "
        "looks cut by a line break; shown as text, not linked",
        f"papershelf: note: {cut.as_posix()}:5: the abstract's URL https://github.com/beta/tts- "
        "looks cut by a line break; shown as text, not linked",
    ]
    assert out.splitlines()[-1].startswith(
        "papershelf: 2 files, 4 records, 4 papers, 0 duplicates merged, 1 warning, 2 notes; "
    )


@pytest.mark.slow
def test_a_verbose_build_prints_each_note_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cut = tmp_path / "cut.txt"
    cut.write_text(CUT_LINKS, encoding="utf-8")
    status, _, err = _run(
        capsys, "build", "-v", "--corpus", str(cut), "--site-dir", str(tmp_path / "site")
    )
    assert status == 0
    notes = [line for line in err.splitlines() if "looks cut by a line break" in line]
    assert len(notes) == 2
    assert len({line.split("note: ", 1)[1] for line in notes}) == 2


def _project(tmp_path: Path, *, strict: bool, pages: dict[str, bytes]) -> Path:
    """A project folder whose mkdocs.yml uses this repository's theme, with its own pages."""
    docs = tmp_path / "docs"
    docs.mkdir()
    # The header's search box links the search page, so a project keeps it.
    (docs / "search.md").write_bytes((REPO / "site_src" / "search.md").read_bytes())
    for name, content in pages.items():
        (docs / name).write_bytes(content)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: site_src", f"docs_dir: {docs}")
    config = config.replace("custom_dir: theme", f"custom_dir: {REPO / 'theme'}")
    config = config.replace("  - All papers: papers/index.md\n", "")
    config = config.replace("  - Topics: topics/index.md\n", "")
    config = config.replace("taxonomy: topics.yml", f"taxonomy: {REPO / 'topics.yml'}")
    config += f"strict: {'true' if strict else 'false'}\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


@pytest.mark.slow
def test_build_keeps_strict_from_mkdocs_yml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _project(tmp_path, strict=True, pages={"index.md": b"# Home\n"})
    dump = tmp_path / "dump.txt"
    dump.write_text(MISSING_ABSTRACT, encoding="utf-8")
    status, _, err = _run(capsys, "build", "-f", str(config), "--corpus", str(dump))
    assert status == 1
    assert err.splitlines()[-1] == "papershelf: error: Aborted with 1 warnings in strict mode!"


@pytest.mark.slow
def test_unreadable_hand_written_page_gives_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _project(tmp_path, strict=False, pages={"index.md": b"# Caf\xe9\n"})
    status, out, err = _run(capsys, "build", "-f", str(config), "--corpus", str(CORPUS))
    assert status == 1
    # The stages it went through, and no summary.
    assert all(line in STAGES for line in out.splitlines())
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert errors[0] == "papershelf: error: Encoding error reading file: index.md"
    assert "Traceback" not in err


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \r\n\n\t\n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Title\nCaf\u00e9 abstract\n".encode("latin-1"))
    (tmp_path / "no-dumps").mkdir()
    (tmp_path / "no-dumps" / "notes.md").write_text("# not a dump\n", encoding="utf-8")
    return {
        "missing path": (tmp_path / "nowhere", "no such file or folder"),
        "empty file": (tmp_path / "empty.txt", "empty file"),
        "blank file": (tmp_path / "blank.txt", "empty file"),
        "binary file": (tmp_path / "binary.txt", "binary file, not a text dump"),
        "non-UTF-8 file": (tmp_path / "latin1.txt", "not UTF-8 text (byte 0xe9 on line 2)"),
        "folder without dumps": (
            tmp_path / "no-dumps",
            "no dump files (*.txt, *.jsonl, *.ndjson) in this folder",
        ),
    }


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(
    "case",
    [
        "missing path",
        "empty file",
        "blank file",
        "binary file",
        "non-UTF-8 file",
        "folder without dumps",
    ],
)
def test_bad_input_gives_one_line_naming_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, case: str
) -> None:
    path, problem = _bad_inputs(tmp_path)[case]
    argv = [command, "--corpus", str(path)]
    if command == "build":
        argv += ["--site-dir", str(tmp_path / "site")]
    status, out, err = _run(capsys, *argv)
    assert status == 1
    # At most the stage it failed in, and no summary.
    assert out in ("", f"{STAGES[0]}\n")
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"papershelf: error: {path.as_posix()}: {problem}")


def test_missing_config_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = _run(capsys, "check")
    assert status == 1
    assert (
        err == "papershelf: error: mkdocs.yml: no such file; run papershelf in the project folder\n"
    )


def test_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check", "--corpus", str(binary)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"papershelf: error: {binary.as_posix()}: binary file, not a text dump (NUL byte on line 1)"
    ]


@pytest.mark.slow
def test_build_checks_the_built_site_and_strict_fails_on_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = b'# Home\n\n# Again\n\n<a href="/elsewhere/">elsewhere</a>\n'
    config = _project(tmp_path, strict=False, pages={"index.md": home})
    argv = ["build", "-f", str(config), "--corpus", str(CORPUS), "--site-dir", str(tmp_path / "s")]
    problems = [
        "index.html: 2 <h1> elements, where one is due",
        "index.html: <a href='/elsewhere/'>: root-absolute, so it breaks when the site is served "
        "under a sub-path",
    ]
    status, out, err = _run(capsys, *argv)
    assert status == 0
    cut_note = (
        f"papershelf: note: {CORPUS.as_posix()}/004_2f715f9ffb135102.txt:11: the abstract's URL "
        "https://github.com/xo28/efficient- looks cut by a line break; shown as text, not linked"
    )
    assert err.splitlines() == [
        *(f"papershelf: warning: {problem}" for problem in problems),
        cut_note,
    ]
    assert out.splitlines()[-1].startswith("papershelf: 2 files, 312 records, 310 papers")
    status, out, err = _run(capsys, *argv, "--strict")
    assert status == 1
    assert err.splitlines() == [
        *(f"papershelf: warning: {problem}" for problem in problems),
        "papershelf: error: Aborted with 2 warnings in strict mode!",
        f"papershelf: build failed; the site in {(tmp_path / 's').as_posix()}/ is left as it was",
    ]


@pytest.mark.slow
def test_build_summary_counts_the_site_checks_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A paper whose page passes the page budget: the corpus has no warning, the site one."""
    dump = tmp_path / "dump.txt"
    abstract = " ".join(f"Long abstract sentence number {n} about robots." for n in range(1200))
    dump.write_text(f"A Robot Paper Too Long for Its Page\n\n{abstract}\n", encoding="utf-8")
    argv = ["build", "--corpus", str(dump), "--site-dir", str(tmp_path / "site")]
    status, out, err = _run(capsys, *argv)
    assert status == 0
    (warning,) = [line for line in err.splitlines() if "warning" in line]
    assert "over a paper page's budget of 40.0 KB" in warning
    assert "1 record, 1 paper, 0 duplicates merged, 1 warning, 0 notes; site in " in out


def test_a_page_that_fails_to_render_apart_is_named_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = render.render_page

    def failing(job: render.PaperPages, src_uri: str, files: object) -> tuple[str, str]:
        if src_uri.startswith("dates/"):
            raise ValueError("a template failed")
        return real(job, src_uri, files)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_page", failing)
    site = tmp_path / "out"
    status, _, err = _run(capsys, "build", "--site-dir", str(site))
    assert status == 1
    last = err.strip().splitlines()[-2:]
    assert re.fullmatch(
        r"papershelf: error: Error building page 'dates/[^']+': a template failed", last[0]
    ), last
    assert "Traceback" not in err
    assert not site.exists()  # the failed build left no site behind
