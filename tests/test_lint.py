"""The linters people expect, run as tests so that the one test command covers them too:
ruff and mypy for Python; ESLint and Prettier for the site's JavaScript, with its unit tests on
Node's test runner. Locally the JavaScript checks skip without Node and the npm packages
(`npm ci`); under CI (`CI=true`) they fail, so that they can never pass by not running."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_linter_passes(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _node_tool(name: str) -> str:
    """The path of an npm package's command, or a skip (a failure under CI) naming what to do."""
    found = REPO / "node_modules" / ".bin" / name
    missing = None
    if not shutil.which("node"):
        missing = "Node.js is not installed (apt-get install -y nodejs npm)"
    elif not found.exists():
        missing = f"{name} is not installed: run `npm ci` in the repository"
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"JavaScript checks must run in CI: {missing}", pytrace=False)
        pytest.skip(missing)
    return str(found)


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [("eslint", ["."]), ("prettier", ["--check", "."])],
    ids=["eslint", "prettier"],
)
def test_javascript_linter_passes(tool: str, arguments: list[str]) -> None:
    result = subprocess.run(
        [_node_tool(tool), *arguments], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_javascript_unit_tests_pass() -> None:
    _node_tool("eslint")  # the npm packages, which the tests import (lunr)
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, "--test", "tests/js/"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout
