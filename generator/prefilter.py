"""Which of a taxonomy's patterns may match each text, for a large catalogue, in one pass.

Hyperscan reads a text once for every pattern at the same time. It is a prefilter only: it must
name every pattern that Python's `re` could match in a text (naming more costs only time), so
that the rule scores are the same with it and without it. Hyperscan's syntax is PCRE's, which
reads some patterns otherwise than `re` does (`a{,2}` is `a{0,2}` to `re` and three literal
characters to PCRE; `\\Z`, POSIX classes). So Hyperscan never sees a pattern as written: it sees
one rebuilt from `re`'s own parse of it (`pcre_source`), with every literal escaped, and with the
assertions (`^`, `\\b`, look-arounds) left out, which can only let it match more. A pattern that
cannot be rebuilt, or that Hyperscan cannot compile, runs on every text.

Hyperscan is built for x86-64 only; elsewhere `PatternPrefilter.available` is False and the
caller chooses the patterns another way.
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Sequence
from typing import Any

from generator.patterns import ATOMIC, CATEGORY_ESCAPES, PARSER, REPEATS, ZERO_WIDTH

_DEFAULT_FLAGS = re.UNICODE


class _Unsupported(Exception):
    """A construct `pcre_source` does not rebuild."""


def pcre_source(pattern: re.Pattern[str]) -> str | None:
    """A PCRE pattern that matches wherever `pattern` matches (and perhaps elsewhere), rebuilt
    from `re`'s parse of it; None for a pattern with flags or constructs it does not rebuild."""
    if pattern.flags & ~_DEFAULT_FLAGS:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # `re` warned when it compiled it
            return _sequence(PARSER.parse(pattern.pattern, pattern.flags))
    except (_Unsupported, re.error):
        return None


def _sequence(items: Any) -> str:
    return "".join(_item(op, argument) for op, argument in items)


def _literal(code: int) -> str:
    character = chr(code)
    if character.isascii() and character.isalnum():
        return character
    return f"\\x{{{code:x}}}"


def _item(op: Any, argument: Any) -> str:
    if op is PARSER.LITERAL:
        return _literal(argument)
    if op is PARSER.NOT_LITERAL:
        return f"[^{_literal(argument)}]"
    if op is PARSER.ANY:
        return r"[\s\S]"  # `.` without DOTALL skips a newline; matching more is safe here
    if op is PARSER.IN:
        return _class(argument)
    if op is PARSER.CATEGORY:
        return CATEGORY_ESCAPES[argument]
    if op in ZERO_WIDTH:
        return ""  # an assertion only narrows where a pattern matches
    if op in REPEATS:  # lazy and possessive repeats match nowhere a greedy one cannot
        low, high, item = argument
        bound = f"{{{low},}}" if high == PARSER.MAXREPEAT else f"{{{low},{high}}}"
        return f"(?:{_sequence(item)}){bound}"
    if op is PARSER.SUBPATTERN:
        _group, add_flags, del_flags, item = argument
        if add_flags or del_flags:
            raise _Unsupported(op)
        return f"(?:{_sequence(item)})"
    if ATOMIC is not None and op is ATOMIC:
        return f"(?:{_sequence(argument)})"
    if op is PARSER.BRANCH:
        return "(?:" + "|".join(_sequence(branch) for branch in argument[1]) + ")"
    raise _Unsupported(op)


def _class(items: Any) -> str:
    parts = []
    negated = False
    for op, argument in items:
        if op is PARSER.NEGATE:
            negated = True
        elif op is PARSER.LITERAL:
            parts.append(_literal(argument))
        elif op is PARSER.RANGE:
            parts.append(f"{_literal(argument[0])}-{_literal(argument[1])}")
        elif op is PARSER.CATEGORY:
            parts.append(CATEGORY_ESCAPES[argument])
        else:
            raise _Unsupported(op)
    return "[" + ("^" if negated else "") + "".join(parts) + "]"


class PatternPrefilter:
    """Which patterns may match a text: Hyperscan, compiled in its prefilter mode, reports every
    pattern that `re` could match (and some it cannot), so `re` then runs on those alone.

    `patterns` are (compiled pattern, folded) pairs; a folded pattern is read on the lowercased
    text, and None stands for a pattern to run on every text. Compiled on first use.
    """

    def __init__(self, patterns: Sequence[tuple[re.Pattern[str] | None, bool]]) -> None:
        self._patterns = tuple(patterns)
        self._databases: list[tuple[Any, list[int]]] | None = None
        self._always: list[int] = []

    @property
    def available(self) -> bool:
        try:
            importlib.import_module("hyperscan")
        except ImportError:
            return False
        return True

    def candidates(self, texts: Sequence[str]) -> list[list[int]]:
        """For each pattern (by position), the texts (by position) on which it may match."""
        databases = self._compiled()
        rows: list[list[int]] = [[] for _ in self._patterns]
        everywhere = range(len(texts))
        for index in self._always:
            rows[index] = list(everywhere)
        for (database, indices), folded in zip(databases, (True, False), strict=True):
            found: list[int] = []
            for row, text in enumerate(texts):
                try:
                    data = (text.lower() if folded else text).encode("utf-8")
                except UnicodeEncodeError:  # a lone surrogate: Hyperscan reads UTF-8 only
                    found.extend(range(len(indices)))
                else:
                    database.scan(data, match_event_handler=_on_match, context=found)
                for pattern in found:
                    rows[indices[pattern]].append(row)
                found.clear()
        return rows

    def _compiled(self) -> list[tuple[Any, list[int]]]:
        if self._databases is None:
            self._databases = []
            sources = [None if p is None else pcre_source(p) for p, _ in self._patterns]
            for folded in (True, False):
                chosen = [
                    i
                    for i, (_, is_folded) in enumerate(self._patterns)
                    if sources[i] is not None and is_folded is folded
                ]
                database, kept = _database([str(sources[i]) for i in chosen])
                self._databases.append((database, [chosen[k] for k in kept]))
                self._always += [chosen[k] for k in range(len(chosen)) if k not in set(kept)]
            self._always += [i for i, source in enumerate(sources) if source is None]
            self._always.sort()
        return self._databases


def _on_match(pattern: int, start: int, end: int, flags: int, found: list[int]) -> None:
    found.append(pattern)


def _database(sources: Sequence[str]) -> tuple[Any, list[int]]:
    """A Hyperscan database of the sources, and which of them it holds: one it cannot compile
    is left out (and run on every text)."""
    import hyperscan

    flags = (
        hyperscan.HS_FLAG_PREFILTER
        | hyperscan.HS_FLAG_SINGLEMATCH
        | hyperscan.HS_FLAG_UTF8
        | hyperscan.HS_FLAG_UCP  # \w and \s as `re` reads them, beyond ASCII
    )
    encoded = [source.encode() for source in sources]

    def compiled(kept: list[int]) -> Any:
        database = hyperscan.Database()
        database.compile(
            expressions=[encoded[k] for k in kept],
            ids=list(range(len(kept))),
            elements=len(kept),
            flags=[flags] * len(kept),
        )
        return database

    kept = list(range(len(encoded)))
    try:
        return compiled(kept), kept
    except hyperscan.error:
        kept = [k for k in kept if _compiles(compiled, k)]
        return compiled(kept) if kept else _NoDatabase(), kept


def _compiles(compile: Any, index: int) -> bool:
    import hyperscan

    try:
        compile([index])
    except hyperscan.error:
        return False
    return True


class _NoDatabase:
    """Stands for a database of no patterns, which Hyperscan cannot compile."""

    def scan(self, data: bytes, **_: Any) -> None:
        return None
