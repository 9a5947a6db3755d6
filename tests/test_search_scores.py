"""The sharded index scores as lunr does: the browser's search code (run by Node) over the files
the build writes, against a whole index built by lunr.py's own builder from the same text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lunr.builder import Builder
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from generator.corpus import read_corpus
from generator.model import Catalogue, build_catalogue
from generator.search import FIELDS, field_texts, query_pipeline, stem
from generator.search_files import build_search
from tests.conftest import CORPUS, REPO

QUERIES = [
    "diffusion",
    "robust",
    "transformer",
    "language model",
    "video generation",
    "bipo",
    "reinforcement learning agents",
    "title:diffusion",
    "abstract:robot",
    "short_name:bipo",
    "diffusion -video",
    "safety^10 alignment",
    "retrieval augmented generation",
]
"""Plain words (which here must all be there, as lunr's `+word`), fields, boosts, exclusions."""


def node() -> str:
    """Node.js, with the project's npm packages installed; a failure under CI, else a skip."""
    found = shutil.which("node")
    missing = None if found else "Node.js is not installed"
    if found and not (REPO / "node_modules" / "lunr").is_dir():
        missing = "the npm packages are not installed (npm ci)"
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"JavaScript tests must run in CI: {missing}", pytrace=False)
        pytest.skip(missing)
    assert found is not None
    return found


def _lunr_index(catalogue: Catalogue) -> Any:
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter, stem)
    builder.search_pipeline.add(stem)
    builder.ref("ref")
    for field in FIELDS:
        builder.field(field.name, boost=field.boost)
    for ref, paper in enumerate(catalogue.papers):
        builder.add({"ref": str(ref), **field_texts(paper)})
    index = builder.build()
    index.pipeline = query_pipeline()
    return index


def _as_lunr(query: str) -> str:
    """The query as lunr reads it with every plain word required."""
    return " ".join(word if word[0] in "+-" else f"+{word}" for word in query.split())


def browser_scores(site_dir: Path, queries: list[str]) -> list[dict[str, Any]]:
    """What the browser's search code answers, run by Node over a site's files."""
    result = subprocess.run(
        [node(), "tests/js/score.mjs", str(site_dir), *queries],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def seed() -> Catalogue:
    return build_catalogue(read_corpus([CORPUS], REPO))


@pytest.fixture(scope="module")
def seed_files(seed: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("search-files")
    for path, content in build_search(seed).files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(content)
    return site


def test_sharded_scores_are_lunrs_full_index_scores(seed: Catalogue, seed_files: Path) -> None:
    index = _lunr_index(seed)
    answers = browser_scores(seed_files, QUERIES)
    for query, answer in zip(QUERIES, answers, strict=True):
        expected = {hit["ref"]: hit["score"] for hit in index.search(_as_lunr(query))}
        got = answer["scores"]
        assert expected, query  # every query finds something: the comparison is not empty
        assert sorted(got) == sorted(expected), query
        for ref, score in expected.items():
            assert got[ref] == pytest.approx(score, abs=5e-5), (query, ref)
        assert answer["total"] == len(expected)
