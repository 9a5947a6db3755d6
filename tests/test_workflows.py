"""The GitHub Actions workflows, checked here since GitHub's runners cannot be reached from here:
valid against the workflow schema, with the triggers, permissions and steps that deploys need."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config

from tests.conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
DEPLOY = WORKFLOWS / "deploy.yml"

MINIMUM_MAJOR = {
    "actions/checkout": 4,
    "actions/setup-python": 5,
    "actions/cache": 4,
    "actions/configure-pages": 5,
    "actions/upload-pages-artifact": 3,
    "actions/deploy-pages": 4,
}
"""The oldest major version of each action that is still current; older ones run on old Node."""


def _load(path: Path) -> dict[Any, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict)
    # YAML 1.1 reads the key `on` as true.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _runs(workflow: dict[Any, Any]) -> list[str]:
    return [" ".join(step["run"].split()) for step in _steps(workflow) if "run" in step]


def _readme_command(comment: str) -> str:
    """The command under `# <comment>` in the README's set-up block."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^# {re.escape(comment)}.*\n(.+)$", readme, re.MULTILINE)
    assert match, f"README has no '# {comment}' line"
    return match.group(1).strip()


def _check_schema(path: Path) -> subprocess.CompletedProcess[str]:
    """GitHub's workflow schema, as check-jsonschema ships it: no network needed."""
    command = ["check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)]
    return subprocess.run(
        [sys.executable, "-m", *command], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("path", [CI, DEPLOY], ids=lambda path: path.name)
def test_workflow_is_valid_against_the_schema(path: Path) -> None:
    result = _check_schema(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps: []\n", encoding="utf-8")
    result = _check_schema(broken)
    assert result.returncode == 1
    assert "'runs-on' is a required property" in result.stdout


@pytest.mark.parametrize("path", [CI, DEPLOY], ids=lambda path: path.name)
def test_actions_are_pinned_to_a_current_major_version(path: Path) -> None:
    uses = [step["uses"] for step in _steps(_load(path)) if "uses" in step]
    assert uses
    for action in uses:
        name, _, version = action.partition("@")
        assert name in MINIMUM_MAJOR, f"{action}: an action this test does not know"
        assert re.fullmatch(r"v\d+", version), f"{action}: pin a major version tag"
        assert int(version[1:]) >= MINIMUM_MAJOR[name], f"{action}: out of date"


def test_ci_runs_on_pushes_and_pull_requests() -> None:
    workflow = _load(CI)
    assert set(workflow["on"]) == {"push", "pull_request"}
    assert workflow["permissions"] == {"contents": "read"}


def test_ci_lints_tests_with_chromium_and_builds_strictly() -> None:
    workflow = _load(CI)
    (job,) = workflow["jobs"].values()
    assert job["env"]["CI"] == "true"  # a missing browser fails instead of skipping
    assert "python:3.11" in job["container"]
    runs = _runs(workflow)
    expected = [
        "apt-get install -y -q chromium",
        "python3 -m pip install -e '.[test]'",
        "ruff check . && ruff format --check .",
        "mypy",
        "python3 -m pytest",
        "papershelf build --strict",
    ]
    found = [next((i for i, run in enumerate(runs) if step in run), -1) for step in expected]
    assert -1 not in found, dict(zip(expected, found, strict=True))
    assert found == sorted(found)
    cache = next(
        step for step in _steps(workflow) if step.get("uses", "").startswith("actions/cache@")
    )
    assert cache["with"]["path"] == "~/.cache/pip"
    assert "hashFiles('pyproject.toml')" in cache["with"]["key"]


def test_deploy_runs_on_the_default_branch_and_by_hand() -> None:
    workflow = _load(DEPLOY)
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in workflow["on"]
    assert set(workflow["on"]) == {"push", "workflow_dispatch"}


def test_deploy_permissions_and_concurrency() -> None:
    workflow = _load(DEPLOY)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    jobs = workflow["jobs"]
    assert set(jobs) == {"build", "deploy"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    # The build job reads and nothing more.
    assert set(jobs["build"].get("permissions", {}).values()) <= {"read"}


def test_deploy_job_needs_the_build_and_publishes_to_the_pages_environment() -> None:
    deploy = _load(DEPLOY)["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    (step,) = deploy["steps"]
    assert step["uses"].startswith("actions/deploy-pages@")
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": f"${{{{ steps.{step['id']}.outputs.page_url }}}}",
    }


def test_deploy_builds_with_the_readme_command_for_the_pages_address() -> None:
    build = _load(DEPLOY)["jobs"]["build"]
    steps = build["steps"]
    names = [step.get("uses", "").partition("@")[0] for step in steps]
    configure = steps[names.index("actions/configure-pages")]
    (build_step,) = [step for step in steps if "papershelf build" in step.get("run", "")]
    assert build_step["run"].strip() == _readme_command("Build the site")
    assert build_step["env"]["SITE_URL"] == (f"${{{{ steps.{configure['id']}.outputs.base_url }}}}")
    upload = steps[names.index("actions/upload-pages-artifact")]
    site_dir = Path(load_config(str(REPO / "mkdocs.yml")).site_dir)
    assert upload["with"]["path"] == site_dir.relative_to(REPO).as_posix()
    assert (
        names.index("actions/configure-pages")
        < steps.index(build_step)
        < names.index("actions/upload-pages-artifact")
    )


def test_mkdocs_reads_the_site_address_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SITE_URL", "https://owner.github.io/repo")
    assert load_config(str(REPO / "mkdocs.yml")).site_url == "https://owner.github.io/repo/"


def test_ci_script_runs_the_readme_test_command_in_a_fresh_environment() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = _readme_command("Install the test dependencies and run the tests")
    assert f"\n{command} || status=$?\n" in script
    # The environment is new on every run, so nothing installed by hand can hide a missing step.
    venv = script.index('python3 -m venv "$VENV"')
    assert 'VENV="$(mktemp -d ' in script[:venv]
    assert script.index('. "$VENV/bin/activate"', venv) < script.index(command)
