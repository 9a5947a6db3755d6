"""Topic patterns that could backtrack are refused when topics.yml is read, with one line."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import TaxonomyError
from generator.patterns import backtracking_risk
from generator.topics import load_taxonomy
from tests.conftest import REPO

EXPONENTIAL = "which can take exponential time"
QUADRATIC = "which can take quadratic time"


def _taxonomy_error(tmp_path: Path, pattern: str, key: str = "patterns") -> str:
    path = tmp_path / "topics.yml"
    text = f"""
        # a comment, so that the topic is not on line 1
        topics:
          - slug: fine
            name: Fine
            description: A topic whose pattern is safe.
            patterns: ['cats?']
          - slug: risky
            name: Risky
            description: A topic whose pattern backtracks.
            {key}: ['{pattern.replace("'", "''")}']
        """
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path, "topics.yml")
    return str(caught.value)


def test_the_nested_repeat_of_the_report_is_refused_with_file_line_topic_and_pattern(
    tmp_path: Path,
) -> None:
    assert _taxonomy_error(tmp_path, "(a+)+$") == (
        "topics.yml:7: topic 'risky': pattern '(a+)+$' repeats a repeat (as in (a+)+), "
        "which can take exponential time; repeat only once"
    )


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(a+)+$", "repeats a repeat"),
        ("(\\w+\\s?)+$", "repeats a repeat"),
        ("((ab)+c)+", "repeats a repeat"),
        ("(x+x+)+y", "repeats a repeat"),
        ("(a?)*b", "repeats what can match nothing"),
        ("(a|aa)+b", "repeats alternatives that can match at the same place"),
        ("(toolkit|toolkits)+", "repeats alternatives that can match at the same place"),
        ("(?:\\w+|x)+y", "repeats a repeat"),
        ("(a)\\1", "refers back to a group"),
        ("(a)?(?(1)b|c)", "refers back to a group"),
        ("a\\s*\\s*b", "has two unbounded repeats in a row"),
        ("\\w+\\w+ing", "has two unbounded repeats in a row"),
        ("\\d+ ?\\d+", "has two unbounded repeats in a row"),
        ("vision.*language", "repeats '.' or a class of both letters and spaces"),
        ("\\w*Bench", "begins with an unbounded repeat"),
        ("\\w+ing", "begins with an unbounded repeat"),
        ("(?:x|\\d+)y", "begins with an unbounded repeat"),
        ("vision[^.]+language", "repeats '.' or a class of both letters and spaces"),
        ("vision[^.]{0,1000}language", "repeats '.' or a class of both letters and spaces"),
    ],
)
def test_constructs_that_backtrack_are_refused(pattern: str, reason: str) -> None:
    risk = backtracking_risk(pattern, re.IGNORECASE)
    assert risk is not None and risk.startswith(reason)
    assert EXPONENTIAL in risk or QUADRATIC in risk or "linear time" in risk


@pytest.mark.parametrize(
    "pattern",
    [
        "cats?",
        "multi[\\s-]*task",
        "(large|small|foundation) language models?",
        "(?<!trained\\W)language models?",
        "datasets?(?! (distillation|imbalance))",
        "(visual|speech)s?\\b[^.;]{0,40}\\b(LLMs?|large language models?)",
        "a[\\s-]*(new[\\s-]*|novel[\\s-]*|large[\\s-]*?scale[\\s-]*|high[\\s-]*?q|holistic )*data",
        "x(foo[\\s-]*bar)+",
        "x(ing|ed)+",
        "x(\\w|\\d)+",
        "v(\\d+\\.)+\\d+",
        "Qwen[0-9.]*",
        "\\w{0,30}Bench",
        "GPT ?[34](\\.5)?o?",
        "in context (learning|learners?|capabilit(y|ies))",
    ],
)
def test_patterns_that_match_in_linear_time_are_kept(pattern: str) -> None:
    assert backtracking_risk(pattern, re.IGNORECASE) is None


def test_every_pattern_of_the_projects_taxonomy_is_accepted() -> None:
    taxonomy = load_taxonomy(REPO / "topics.yml", "topics.yml")
    patterns = [p for rule in taxonomy.rules for p in (*rule.patterns, *rule.title_patterns)]
    assert len(patterns) > 50
    assert [p.reference.pattern for p in patterns if backtracking_risk(p.reference.pattern)] == []


def test_check_refuses_a_backtracking_pattern_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pattern of the report, through the command: one error line, before any matching."""
    project = tmp_path / "project"
    project.mkdir()
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("site_src", "theme"):
        (project / folder).symlink_to(REPO / folder, target_is_directory=True)
    (project / "topics.yml").write_text(
        "topics:\n  - slug: a\n    name: A\n    description: As.\n    patterns: ['(a+)+$']\n",
        encoding="utf-8",
    )
    dump = project / "a.txt"
    dump.write_text("Title of a Paper\n" + "An abstract that ends in " + "a" * 40 + "b\n")
    monkeypatch.chdir(project)
    assert main(["check", "--corpus", str(dump)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "papershelf: error: topics.yml:2: topic 'a': pattern '(a+)+$' repeats a repeat "
        "(as in (a+)+), which can take exponential time; repeat only once\n"
    )
