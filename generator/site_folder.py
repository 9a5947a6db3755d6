"""The site folder: refused unless it is safe to replace, built beside it, swapped in whole.

MkDocs empties its `site_dir` before it reads anything. A build here never lets it empty a
folder that Papershelf did not write: the site is built into a fresh sibling folder (the
staging folder), and only a build that succeeded replaces the old site, by renaming, so a reader
of the folder sees the old site or the new one, never half of each. A failed or interrupted
build removes its staging folder and leaves the last good site as it was.

The old site is removed only when it is missing, empty, or carries the marker file that an
earlier Papershelf build wrote into it (`MARKER`). A folder that is, holds or lies inside one of
the project's own sources (the corpus, the docs folder, the theme, the config file, a `.git`
folder) is refused before a byte is touched, whatever it holds.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SiteFolderError

MARKER = ".papershelf-site"
"""Written into every site Papershelf builds: the folder may be replaced by the next build."""
MARKER_TEXT = "This folder is a site built by Papershelf; the next build replaces it whole.\n"
_STAGING_PREFIX = ".papershelf-staging-"
_OLD_PREFIX = ".papershelf-old-"


@dataclass(frozen=True, slots=True)
class Source:
    """A path the project reads from, named as the user knows it ("the corpus")."""

    path: Path
    role: str


def refuse_unsafe(site_dir: Path, sources: Iterable[Source], *, shown: str) -> None:
    """Raise `SiteFolderError` unless a build may replace `site_dir`; `shown` names it."""
    site = _resolved(site_dir)
    for source in sources:
        path = _resolved(source.path)
        if site == path:
            raise SiteFolderError(shown, f"is the {source.role}; choose another site folder")
        if _inside(path, site):
            raise SiteFolderError(shown, f"contains the {source.role}; choose another site folder")
        if _inside(site, path):
            raise SiteFolderError(shown, f"lies inside the {source.role}; choose another folder")
    if site.is_file():
        raise SiteFolderError(shown, "is a file, not a folder")
    if site.name == ".git" or any(parent.name == ".git" for parent in site.parents):
        raise SiteFolderError(shown, "is or lies inside a .git folder; choose another folder")
    if (site / ".git").exists():
        raise SiteFolderError(shown, "contains a .git folder; choose another site folder")
    if site.is_dir() and not is_site(site) and any(site.iterdir()):
        raise SiteFolderError(
            shown,
            f"holds files that Papershelf did not write (no {MARKER} marker); "
            "empty it or choose another site folder",
        )


def is_site(folder: Path) -> bool:
    """Whether `folder` holds a site that a Papershelf build wrote."""
    return (folder / MARKER).is_file()


def staging_folder(site_dir: Path) -> Path:
    """A new empty folder beside `site_dir` to build into, on the same file system."""
    parent = _resolved(site_dir).parent
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=parent))


def publish(staging: Path, site_dir: Path) -> None:
    """Mark the built site and put it in place of `site_dir`, removing the old site."""
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a site is served to everyone
    site = _resolved(site_dir)
    if not site.exists():
        os.replace(staging, site)
        return
    old = Path(tempfile.mkdtemp(prefix=_OLD_PREFIX, dir=site.parent))
    os.replace(site, old / site.name)
    os.replace(staging, site)
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    """Remove a staging folder of a build that did not finish."""
    shutil.rmtree(staging, ignore_errors=True)


def _resolved(path: Path) -> Path:
    return Path(os.path.abspath(path)).resolve()


def _inside(path: Path, folder: Path) -> bool:
    return path != folder and path.is_relative_to(folder)
