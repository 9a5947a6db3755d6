"""The quick test before a pattern runs: it may only skip a pattern that cannot match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import build_catalogue
from generator.prefilter import FOLDS_TO_ASCII, Screen, needles
from generator.reader import read_corpus
from generator.topics import load_taxonomy
from tests.conftest import CORPUS, REPO

TAXONOMY = load_taxonomy(REPO / "topics.yml", "topics.yml")
PATTERNS = [p for rule in TAXONOMY.rules for p in (*rule.patterns, *rule.title_patterns)]


def test_the_folds_to_ascii_are_every_code_point_that_matches_an_ascii_letter() -> None:
    ascii_alnum = re.compile("[a-z0-9]", re.IGNORECASE)
    found = "".join(chr(code) for code in range(0x80, 0x110000) if ascii_alnum.fullmatch(chr(code)))
    assert found == FOLDS_TO_ASCII


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<!\w)(?:(offline|online)[\s-]*RL)(?![\w])", [{"offline", "online"}, {"rl"}]),
        (r"(?<!\w)(?:(deep|multi[\s-]*agent)[\s-]*RL)(?![\w])", [{"deep", "agent"}, {"rl"}]),
        (
            r"(?<!\w)(?:in[\s-]*context[\s-]*(learning|learners?))(?![\w])",
            # The parser factors "learn" out of the alternatives: (ing|ers?) is left of them.
            [{"context"}, {"learn"}, {"in"}, {"er", "ing"}],
        ),
        (r"(?<!\w)(?:(semantic[\s-]*)?segmentation)(?![\w])", [{"segmentation"}]),
        (r"(?<!\w)(?:distill(ation|ing|ed)?|teacher)(?![\w])", [{"distill", "teacher"}]),
        (r"(?<!\w)(?:\w*Bench)(?![\w])", [{"bench"}]),
        (r"(?<!\w)(?:[a-z]+)(?![\w])", []),
        (r"(?<!\w)(?:x?)(?![\w])", []),
    ],
)
def test_needles_are_words_every_match_holds(pattern: str, expected: list[set[str]]) -> None:
    assert [set(words) for words in needles(re.compile(pattern, re.IGNORECASE))] == expected


def test_every_shipped_pattern_has_needles() -> None:
    assert all(needles(pattern) for pattern in PATTERNS)


def test_no_pattern_is_skipped_where_it_matches_the_seed_corpus() -> None:
    papers = build_catalogue(read_corpus([CORPUS], REPO)).papers
    matched = 0
    for paper in papers:
        for text in (paper.title, paper.abstract):
            screen = Screen(text)
            for pattern in PATTERNS:
                if pattern.search(text):
                    matched += 1
                    assert screen.may_match(pattern), (pattern.pattern, text)
    assert matched > 500
    skipped = sum(not Screen(p.abstract).may_match(q) for p in papers for q in PATTERNS)
    assert skipped > len(papers) * len(PATTERNS) / 2  # the screen does skip


_WORDS = sorted({word for pattern in PATTERNS for words in needles(pattern) for word in words})
_PIECES = st.sampled_from(
    [*_WORDS, "learning", "models", "-", " ", "  ", "s", "RL", "LLM", *FOLDS_TO_ASCII, "É"]
)


@given(st.lists(_PIECES, max_size=12).map("".join), st.sampled_from(PATTERNS))
@settings(max_examples=1000)
def test_no_pattern_is_skipped_where_it_matches_made_up_text(
    text: str, pattern: re.Pattern[str]
) -> None:
    for variant in (text, text.upper(), text.title()):
        if pattern.search(variant):
            assert Screen(variant).may_match(pattern)
