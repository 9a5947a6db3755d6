"""A quick test of whether a regular expression can match a text, before running it.

Filing a paper under topics runs a couple of hundred patterns over its abstract; most find
nothing. Every match of a pattern holds a word of each of a few sets of literal words
(`in context (learning|learners)` holds "in", "context" and "learn"), and looking for those in
the lower-cased text is much faster than running the pattern. `needles` reads them from the
parsed pattern; `Screen` tells whether a text holds a word of each set. The test only skips
patterns that cannot match, so results do not change: when the pattern's shape is not
understood, or the text holds a character that a case-insensitive pattern matches to an ASCII
letter other than by plain lower-casing (long s for "s"), the pattern runs.
"""

from __future__ import annotations

import functools
import re
from typing import Any

try:  # Python 3.11 and later
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse as _parser

_MAX_NEEDLES = 64
"""A pattern with more possible openings than this runs without the test."""
FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
"""Every character beyond ASCII that a case-insensitive pattern matches to an ASCII letter or
digit: capital I with a dot, dotless i, long s and the Kelvin sign (the tests check the list
against every code point)."""
_FOLDS = re.compile(f"[{FOLDS_TO_ASCII}]")


@functools.lru_cache(maxsize=4096)
def needles(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of lower-case ASCII words, every match of `pattern` holding a word of each set; the
    most telling set first (its shortest word the longest). No set: the pattern always runs."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a pattern this module cannot read simply always runs
        return ()
    candidates, texts = _required(list(parsed))
    if texts is not None:
        candidates.append(frozenset(texts))
    usable = {words for words in candidates if words and "" not in words}
    return tuple(sorted(usable, key=_telling))


def _telling(words: frozenset[str]) -> tuple[int, int, list[str]]:
    """A sort key: the longest shortest word first, then the fewest words."""
    return (-min(map(len, words)), len(words), sorted(words))


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most telling of the sets of words."""
    usable = [words for words in candidates if words and "" not in words]
    return min(usable, key=_telling) if usable else None


def _required(items: list[tuple[Any, Any]]) -> tuple[list[frozenset[str]], set[str] | None]:
    """Sets of words that every match of a sequence holds one word of; and, when the sequence
    is made of literal letters and digits alone, every text it can match (else None)."""
    constants = _parser
    candidates: list[frozenset[str]] = []
    run = {""}  # the texts of the literal run being read
    whole = True

    def close() -> None:
        nonlocal run, whole
        if "" not in run:
            candidates.append(frozenset(run))
        run = {""}
        whole = False

    for op, value in items:
        if op in (constants.AT, constants.ASSERT, constants.ASSERT_NOT):
            continue  # takes no characters
        if op is constants.LITERAL and chr(value).isascii() and chr(value).isalnum():
            run = {text + chr(value).lower() for text in run}
            continue
        inner: list[frozenset[str]] = []
        texts: set[str] | None = None
        if op is constants.SUBPATTERN:
            inner, texts = _required(list(value[-1]))
        elif op is constants.BRANCH:
            inner, texts = _branches(value[1])
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and value[0] >= 1:
            inner, repeated = _required(list(value[2]))
            if repeated is not None:
                inner.append(frozenset(repeated))
        if texts is not None and len(run) * len(texts) <= _MAX_NEEDLES:
            run = {before + after for before in run for after in texts}
            continue
        close()
        candidates.extend(inner)
        if texts is not None:
            candidates.append(frozenset(texts))
    if whole:
        return candidates, run
    close()
    return candidates, None


def _branches(branches: list[Any]) -> tuple[list[frozenset[str]], set[str] | None]:
    """What `_required` finds of alternatives: one set from each, together."""
    together: set[str] = set()
    every: set[str] | None = set()
    for branch in branches:
        candidates, texts = _required(list(branch))
        if texts is None:
            every = None
        elif every is not None:
            every |= texts
        if texts is not None:
            candidates.append(frozenset(texts))
        best = _best(candidates)
        if best is None:
            return [], every
        together |= best
    return ([frozenset(together)] if len(together) <= _MAX_NEEDLES else []), every


class Screen:
    """A text, lower-cased once, that answers whether a pattern may match it."""

    __slots__ = ("_lower",)

    def __init__(self, text: str) -> None:
        self._lower = None if _FOLDS.search(text) else text.lower()

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        """False only when `pattern` cannot match the text."""
        if self._lower is None:
            return True
        # By identity: a compiled pattern's hash is computed afresh from its code on every call.
        known = _KNOWN.get(id(pattern))
        if known is None or known[0] is not pattern:
            known = _KNOWN[id(pattern)] = (pattern, needles(pattern))
        holds = self._lower.__contains__
        return all(any(map(holds, words)) for words in known[1])


_KNOWN: dict[int, tuple[re.Pattern[str], tuple[frozenset[str], ...]]] = {}
"""The needles of each pattern screened, by the pattern's identity (the pattern is kept)."""
