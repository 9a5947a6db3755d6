"""The site folder: never one Papershelf did not write; replaced only by a finished build."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator import pipeline, site_folder
from generator.cli import main
from generator.errors import SiteFolderError
from tests.conftest import MISSING_ABSTRACT, REPO

PROJECT_FILES = (
    "mkdocs.yml",
    "topics.yml",
    "topic-examples.jsonl",
    "topic-overrides.yml",
    "corpus",
    "site_src",
    "theme",
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's project files, as the working folder."""
    root = tmp_path / "project"
    root.mkdir()
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    monkeypatch.chdir(root)
    return root


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` with a digest of its bytes, to compare exactly."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        found[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return found


def _build(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["build", *argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("site_dir", "why"),
    [
        ("corpus", "is the corpus; choose another site folder"),
        ("theme", "is the theme folder; choose another site folder"),
        ("corpus/site", "lies inside the corpus; choose another folder"),
        ("theme/site", "lies inside the theme folder; choose another folder"),
    ],
)
def test_a_project_folder_is_refused_untouched(
    project: Path, capsys: pytest.CaptureFixture[str], site_dir: str, why: str
) -> None:
    before = snapshot(project)
    status, out, err = _build(capsys, "--site-dir", site_dir)
    assert status == 1
    assert err.splitlines() == [f"papershelf: error: {site_dir}: {why}"]
    assert out == ""
    assert snapshot(project) == before


@pytest.mark.parametrize("site_dir", ["site_src", "."])
def test_a_folder_holding_the_docs_is_refused_untouched_by_mkdocs_itself(
    project: Path, capsys: pytest.CaptureFixture[str], site_dir: str
) -> None:
    before = snapshot(project)
    status, _, err = _build(capsys, "--site-dir", site_dir)
    assert status == 1
    [line] = err.splitlines()
    assert line.startswith("papershelf: error: Config value 'site_dir': The 'docs_dir' should not")
    assert snapshot(project) == before


def test_a_git_folder_is_refused_untouched(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git = project / ".git"
    (git / "objects").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    before = snapshot(project)
    status, _, err = _build(capsys, "--site-dir", ".git")
    assert status == 1
    assert err.splitlines() == [
        "papershelf: error: .git: is or lies inside a .git folder; choose another folder"
    ]
    assert snapshot(project) == before


def test_a_folder_of_someone_elses_files_is_refused_untouched(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "holiday"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    before = snapshot(folder)
    status, _, err = _build(capsys, "--site-dir", str(folder))
    assert status == 1
    assert err.splitlines() == [
        f"papershelf: error: {folder.as_posix()}: holds files that Papershelf did not write "
        f"(no {site_folder.MARKER} marker); empty it or choose another site folder"
    ]
    assert snapshot(folder) == before


def test_a_corpus_inside_the_site_folder_is_refused_untouched(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = project / "site"
    site.mkdir()
    (site / site_folder.MARKER).write_text(site_folder.MARKER_TEXT)
    dump = site / "dump.txt"
    dump.write_text(MISSING_ABSTRACT)
    before = snapshot(site)
    for corpus, why in [("site/dump.txt", "contains"), ("site", "is")]:
        status, _, err = _build(capsys, "--corpus", corpus)
        assert status == 1
        assert err.splitlines() == [
            f"papershelf: error: site: {why} the corpus; choose another site folder"
        ]
        assert snapshot(site) == before


def test_a_site_folder_inside_a_git_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SiteFolderError, match=r"lies inside a \.git folder"):
        site_folder.refuse_unsafe(tmp_path / ".git" / "site", [], shown="x")


@pytest.mark.slow
def test_a_build_replaces_only_its_own_site_and_a_failed_one_leaves_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(capsys)[0] == 0
    site = project / "site"
    assert (site / site_folder.MARKER).is_file()
    assert (site / "index.html").is_file()
    good = snapshot(site)

    (project / "corpus" / "zz-empty.txt").write_text("\n\n")
    status, _, err = _build(capsys)
    assert status == 1
    assert err.splitlines()[-2:] == [
        "papershelf: error: corpus/zz-empty.txt: empty file",
        "papershelf: build failed; the site in site/ is left as it was",
    ]
    assert snapshot(site) == good
    assert _leftovers(project) == []


@pytest.mark.slow
def test_strict_failure_leaves_the_last_site(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(capsys)[0] == 0
    good = snapshot(project / "site")
    (project / "corpus" / "zz-one.txt").write_text(MISSING_ABSTRACT)
    status, _, err = _build(capsys, "--strict")
    assert status == 1
    assert err.splitlines()[-1] == "papershelf: build failed; the site in site/ is left as it was"
    assert snapshot(project / "site") == good
    assert _leftovers(project) == []


def test_an_interrupted_build_leaves_no_trace(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = project / "site"
    site.mkdir()
    (site / site_folder.MARKER).write_text(site_folder.MARKER_TEXT)
    (site / "index.html").write_text("<p>the last good site</p>")
    before = snapshot(site)

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.plugin.build_site", interrupt)
    status, _, err = _build(capsys)
    assert status == 130
    assert err.splitlines() == [
        "papershelf: interrupted",
        "papershelf: build interrupted; the site in site/ is left as it was",
    ]
    assert snapshot(site) == before
    assert _leftovers(project) == []
    assert pipeline.build_site is not interrupt  # only the plugin's reference was replaced


def test_publish_swaps_the_new_site_in_and_marks_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / site_folder.MARKER).write_text(site_folder.MARKER_TEXT)
    (site / "old.html").write_text("old")
    staging = site_folder.staging_folder(site)
    assert staging.parent == tmp_path and staging.name.startswith(".papershelf-staging-")
    (staging / "new.html").write_text("new")
    site_folder.publish(staging, site)
    assert sorted(p.name for p in site.iterdir()) == [site_folder.MARKER, "new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".papershelf-"))


@pytest.mark.slow
def test_a_failed_rebuild_under_serve_leaves_the_served_site(project: Path) -> None:
    # `mkdocs serve` builds into a folder of its own with a serve URL, and rebuilds on a change.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    served = project / "served"
    served.mkdir()

    def rebuild() -> None:
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(served))
        build(config, serve_url="http://127.0.0.1:8000/")

    rebuild()
    good = snapshot(served)
    assert "index.html" in good
    (project / "corpus" / "zz-empty.txt").write_text("\n")
    with pytest.raises(Exception, match="Aborted with a BuildError"):
        rebuild()
    assert snapshot(served) == good
    assert _leftovers(project) == []
