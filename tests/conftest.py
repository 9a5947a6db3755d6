"""Shared fixtures: the repository's paths, and an in-process site build as MkDocs' tests do."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.model import Catalogue
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


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PapershelfPlugin]:
    """The site built once from the bundled corpus, shared by the tests that only read it."""
    site_dir = tmp_path_factory.mktemp("seed-site")
    return site_dir, build_site([CORPUS], site_dir)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PapershelfPlugin]:
    """A site built from a dump whose titles and abstracts try to break out of the HTML."""
    site_dir = tmp_path_factory.mktemp("hostile-site")
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
