"""The Hyperscan prefilter names every pattern that Python's `re` can match in a text."""

from __future__ import annotations

import re
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.prefilter import PatternPrefilter, pcre_source

# Patterns that PCRE reads otherwise than `re` does, or that only `re` can run.
TRICKY = (
    r"lo{,2}ng context",  # `re`: o{0,2}; PCRE: the literal text "{,2}"
    r"context\Z",  # `re`: end of text; PCRE's \Z also before a final newline
    r"[[:alpha:]]+x",  # `re`: a set of '[', ':', ... ; PCRE: a POSIX class
    r"(?<!\w)(?:agent|tool[- ]use)s?(?!\w)",
    r"caf\u00e9\b",
    r"a.b",
    r"\w{0,30}bench",
    r"(?>ab)+c",
    r"[^a-c\s]x",
    r"\d+-shot",
    r"\$x\^",
)


def test_a_pattern_is_rebuilt_from_re_s_own_reading_of_it() -> None:
    assert pcre_source(re.compile(r"lo{,2}ng")) == "l(?:o){0,2}ng"
    # Assertions are left out: they only narrow where a pattern matches.
    assert pcre_source(re.compile(r"(?<!\w)gui(?!\w)\Z")) == "gui"
    # Literals other than ASCII letters and digits are escaped by code point.
    assert pcre_source(re.compile(r"a+b[{}]")) == r"(?:a){1,}b[\x{7b}\x{7d}]"


def test_a_pattern_with_its_own_flags_is_not_rebuilt() -> None:
    assert pcre_source(re.compile(r"(?i)agent")) is None
    assert pcre_source(re.compile(r"x(?i:y)")) is None


def compiled(source: str) -> re.Pattern[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # `[[` may one day be a nested set
        return re.compile(source)


# Each pattern as written, and lowercased to run on lowercased text (as the topic rules' fast
# forms are); `\Z` has no lowercase form.
FOLDED = tuple(source.lower() for source in TRICKY if "\\Z" not in source)


@pytest.fixture(scope="module")
def prefilter() -> PatternPrefilter:
    pytest.importorskip("hyperscan", reason="Hyperscan is built for x86-64 only")
    patterns = [(compiled(source), False) for source in TRICKY]
    patterns += [(compiled(source), True) for source in FOLDED]
    return PatternPrefilter(patterns)


_WORDS = ("long", "lo", "loong", "context", "{,2}", "[:alpha:]", "x", "agent", "tool use", "café")
_WORDS += ("ab", "abc", "c", "bench", "benchmark", "3-shot", "$x^", "\n", " ", "É", "ǅ", "b")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS) | st.text(max_size=4)).map("".join), max_size=6))
def test_every_text_re_matches_is_named(prefilter: PatternPrefilter, texts: list[str]) -> None:
    rows = prefilter.candidates(texts)
    sources = [(source, False) for source in TRICKY] + [(source, True) for source in FOLDED]
    for index, (source, folded) in enumerate(sources):
        for row, text in enumerate(texts):
            if compiled(source).search(text.lower() if folded else text):
                assert row in rows[index], (source, text)


def test_a_pattern_hyperscan_cannot_compile_runs_on_every_text(
    prefilter: PatternPrefilter,
) -> None:
    # An empty pattern (all its parts are assertions) is refused by Hyperscan.
    mixed = PatternPrefilter([(re.compile(r"agent"), False), (re.compile(r"(?=x)\b"), False)])
    texts = ["an agent", "x", "nothing"]
    assert mixed.candidates(texts) == [[0], [0, 1, 2]]


def test_a_pattern_not_rebuilt_runs_on_every_text(prefilter: PatternPrefilter) -> None:
    mixed = PatternPrefilter([(re.compile(r"(?i)agent"), False), (None, True)])
    assert mixed.candidates(["AGENT", "y"]) == [[0, 1], [0, 1]]
