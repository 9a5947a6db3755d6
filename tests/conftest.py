"""Shared fixtures: the repository's paths, and an in-process site build as MkDocs' tests do."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.model import Catalogue
from generator.pipeline import load_topics, read_catalogue
from generator.plugin import PapershelfPlugin
from tests.serve import serve

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

MISSING_ABSTRACT = (
    "Reinforcement Learning Without Its Abstract\n\nSpeech Recognition That Has One\n\n"
    "This abstract has several sentences. It belongs to the second title. "
    "The first title keeps its page.\n"
)
"""A dump of two papers whose first title has no abstract: one warning, at line 1."""

BuildSite = Callable[..., PapershelfPlugin]
SiteBuild = tuple[Path, PapershelfPlugin]
"""A built site's folder, and the plugin that built it."""


def catalogue_of(build: SiteBuild) -> Catalogue:
    """The catalogue a site build read."""
    catalogue = build[1].catalogue
    assert catalogue is not None
    return catalogue


def build_site(corpus: Sequence[Path], site_dir: Path, **overrides: Any) -> PapershelfPlugin:
    """Build the repository's site from `corpus` into `site_dir`; returns the plugin."""
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site_dir), **overrides)
    plugin = config.plugins["papershelf"]
    assert isinstance(plugin, PapershelfPlugin)
    plugin.config.corpus = [str(path) for path in corpus]
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return plugin


def read_site_catalogue(corpus: Sequence[Path]) -> Catalogue:
    """The catalogue a build of the repository's site from `corpus` files, read as `papershelf
    check` reads it: for tests that compare catalogues and need no page written."""
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    plugin = config.plugins["papershelf"]
    assert isinstance(plugin, PapershelfPlugin)
    plugin.config.corpus = [str(path) for path in corpus]
    sources = plugin.sources(config)
    return read_catalogue(sources, load_topics(sources))


BUILD_EPOCH = "1700000000"
"""The `SOURCE_DATE_EPOCH` of the shared builds, so that every worker's copy is byte-identical."""


@contextlib.contextmanager
def build_epoch(epoch: str = BUILD_EPOCH) -> Iterator[None]:
    """Date the builds inside by `epoch`, as a reproducible build does; restores the setting."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


# The shared builds: session-scoped, so each test process builds each once (under pytest-xdist,
# each worker that runs a module needing one), and tests that only read a site use these.
@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PapershelfPlugin]:
    """The site built once from the bundled corpus, shared by the tests that only read it."""
    site_dir = tmp_path_factory.mktemp("seed-site")
    with build_epoch():
        return site_dir, build_site([CORPUS], site_dir)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PapershelfPlugin]:
    """A site built from a dump whose titles and abstracts try to break out of the HTML."""
    site_dir = tmp_path_factory.mktemp("hostile-site")
    with build_epoch():
        return site_dir, build_site([FIXTURES / "hostile.txt"], site_dir)


@pytest.fixture(scope="session")
def seed_url(seed_site: tuple[Path, PapershelfPlugin]) -> Iterator[str]:
    """The seed site served on localhost under a sub-path; the base URL ends in `/`."""
    with serve(seed_site[0]) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(hostile_site: tuple[Path, PapershelfPlugin]) -> Iterator[str]:
    """The hostile site served on localhost under a sub-path."""
    with serve(hostile_site[0]) as url:
        yield url


HOSTILE_NAME = "<img src=x onerror=alert(1)> Hostile Topic"
"""A topic name, site name and nav title that would run a script if printed unescaped."""

HOSTILE_TAXONOMY = f"""\
topics:
  - slug: hostile-topic
    name: "{HOSTILE_NAME}"
    description: '"><svg onload=alert(2)> </title><script>alert(3)</script> & more'
    patterns: [title, abstract]
  - slug: quiet-topic
    name: Quiet Topic
    description: A topic with an ordinary name.
    patterns: [study]
"""


@pytest.fixture(scope="session")
def hostile_config_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, PapershelfPlugin]:
    """The hostile dump built with hostile configuration: topic names and descriptions, the
    site's name and description, nav titles (one of a page that gives no title of its own)."""
    folder = tmp_path_factory.mktemp("hostile-config")
    docs = folder / "docs"
    shutil.copytree(REPO / "site_src", docs)
    (docs / "notes.md").write_text("Notes of the maintainer.\n", encoding="utf-8")
    taxonomy = folder / "topics.yml"
    taxonomy.write_text(HOSTILE_TAXONOMY, encoding="utf-8")
    nav = [
        {"Home": "index.md"},
        {"Topics": "topics/index.md"},
        {HOSTILE_NAME: "papers/index.md"},
        {"Search": "search.md"},
        {f"{HOSTILE_NAME} notes": "notes.md"},
    ]
    config = load_config(
        config_file=str(REPO / "mkdocs.yml"),
        site_dir=str(folder / "site"),
        docs_dir=str(docs),
        site_name="</title><script>alert(4)</script><i>Shelf</i> & co",
        site_description='"><script>alert(5)</script>',
        nav=nav,
    )
    plugin = config.plugins["papershelf"]
    assert isinstance(plugin, PapershelfPlugin)
    plugin.config.corpus = [str(FIXTURES / "hostile.txt")]
    plugin.config.taxonomy = str(taxonomy)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return folder / "site", plugin


@pytest.fixture(scope="session")
def hostile_config_url(hostile_config_site: tuple[Path, PapershelfPlugin]) -> Iterator[str]:
    """The site of hostile configuration, served under a sub-path."""
    with serve(hostile_config_site[0]) as url:
        yield url
