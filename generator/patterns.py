r"""Topic patterns that match in time linear in the text: the constructs that backtrack are refused.

Python's `re` engine backtracks: `(a+)+$` on forty `a`s and a `b` tries every way of cutting the
`a`s into groups, and a build would never end. A linear-time engine (RE2) has no look-arounds,
and topics.yml uses them (`(?<!trained\W)language models`), so patterns are kept on `re` and
read, when topics.yml is read, with the standard library's own parser. A pattern is refused
when it holds a construct that can make matching slower than linear:

- a reference back to a group (`\1`, `(?(1)...)`);
- a repeat inside a repeat (`(a+)+`), or a repeat of what can match nothing (`(a?)*`);
- a repeat of alternatives that can match at the same place (`(a|aa)+`, `(toolkit|toolkits)+`);
- two unbounded repeats in a row that can match the same character (`\s*\s*`, `\w+\w+`);
- an unbounded repeat of a class that spans both letters and spaces (`.*`, `[^.]+`), which can
  run over the whole abstract from every place it starts: bound it, as in `[^.;]{0,40}`;
- an unbounded repeat that can begin a match (`\w*Bench`): the search starts again at every
  character of the run it matches, and rescans the run each time.

The rules are deliberately cautious: a few harmless patterns are refused too, and each message
says how to write the pattern instead.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any

try:
    PARSER: Any = importlib.import_module("re._parser")
except ImportError:  # Python 3.10 names it sre_parse
    PARSER = importlib.import_module("sre_parse")

UNBOUNDED = 100
"""A repeat that may run more often than this counts as unbounded."""

REPEATS = tuple(
    op
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if (op := getattr(PARSER, name, None)) is not None
)
"""The parser's repeat operators: greedy, lazy and (Python 3.11+) possessive."""
ATOMIC = getattr(PARSER, "ATOMIC_GROUP", None)
"""The parser's atomic group operator (Python 3.11+), else None."""
ZERO_WIDTH = (PARSER.AT, PARSER.ASSERT, PARSER.ASSERT_NOT)
"""The parser's assertions (`^`, `\\b`, look-arounds), which match no character."""
_BACK_REFERENCES = (PARSER.GROUPREF, PARSER.GROUPREF_EXISTS)
_SAMPLE = "".join(map(chr, range(128))) + "\u00a0\u00e9\u00df\u017f\u03b1\u0663\u2028\u3000\u4e2d"
"""The characters on which two classes are compared: ASCII and a few of each other kind."""
CATEGORY_ESCAPES = {
    getattr(PARSER, f"CATEGORY_{name}"): escape
    for name, escape in (
        ("DIGIT", r"\d"),
        ("NOT_DIGIT", r"\D"),
        ("SPACE", r"\s"),
        ("NOT_SPACE", r"\S"),
        ("WORD", r"\w"),
        ("NOT_WORD", r"\W"),
    )
}
"""The parser's character categories, as the escapes that write them."""

_BACK_REFERENCE = "refers back to a group (\\1, (?(1)...)), which cannot be matched in linear time"
_NESTED = "repeats a repeat (as in (a+)+), which can take exponential time; repeat only once"
_NULLABLE = (
    "repeats what can match nothing (as in (a?)*), which can take exponential time; "
    "repeat only what matches something"
)
_ALIKE = (
    "repeats alternatives that can match at the same place (as in (a|aa)+), which can take "
    "exponential time; make each begin differently"
)
_ADJACENT = (
    "has two unbounded repeats in a row that can match the same characters (as in \\s*\\s*), "
    "which can take quadratic time; merge them into one"
)
_RESTARTING = (
    "begins with an unbounded repeat (as in \\w*Bench), which can take quadratic time, as the "
    "search starts again at each character of the run it matches; bound it, as in "
    "\\w{0,30}Bench"
)
_SPANNING = (
    "repeats '.' or a class of both letters and spaces without a bound, which can take "
    f"quadratic time; bound it, as in [^.;]{{0,40}} (at most {UNBOUNDED})"
)


class _Risk(Exception):
    """A construct that can make matching slower than linear; the message says which."""


def backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Why `pattern` could take more than linear time to match, or None when it cannot.

    The pattern must compile: `re.compile` reports syntax errors first.
    """
    parsed = PARSER.parse(pattern, flags)
    ignore_case = bool(parsed.state.flags & re.IGNORECASE)
    try:
        _check(list(parsed), ignore_case)
        _check_starts(list(parsed))
    except _Risk as risk:
        return str(risk)
    return None


def _check(items: list[tuple[Any, Any]], ignore_case: bool) -> None:
    """Raise `_Risk` at the first risky construct of a sequence, searching it depth first."""
    for index, (op, av) in enumerate(items):
        if op in _BACK_REFERENCES:
            raise _Risk(_BACK_REFERENCE)
        if op in REPEATS:
            high, body = av[1], list(av[2])
            if high > 1:
                if _nullable(body):
                    raise _Risk(_NULLABLE)
                if _ambiguous_repeat(body, _first_chars(body, ignore_case), ignore_case):
                    raise _Risk(_NESTED)
                if _has_alike_branches(body, ignore_case):
                    raise _Risk(_ALIKE)
            if high > UNBOUNDED:
                chars = _single_chars(body, ignore_case)
                if chars is not None and _spans_words(chars):
                    raise _Risk(_SPANNING)
                last = _first_chars(body[::-1], ignore_case, reverse=True)
                _check_next(items, index, last, ignore_case)
        for child in _children(op, av):
            _check(child, ignore_case)


def _check_starts(items: list[tuple[Any, Any]]) -> None:
    """Refuse an unbounded repeat that can begin a match (`\\w*Bench`): a search tries again
    from every character, and each try would rescan the run of text the repeat matches.

    Look-arounds are passed over: topics match without the leading one (see topics.Pattern).
    """
    for op, av in items:
        if op in REPEATS and av[1] > UNBOUNDED:
            raise _Risk(_RESTARTING)
        if op is PARSER.SUBPATTERN or op is ATOMIC or op is PARSER.BRANCH:
            for child in _children(op, av):
                _check_starts(child)
        if not _item_nullable(op, av):
            return


def _check_next(
    items: list[tuple[Any, Any]], index: int, last: frozenset[str], ignore_case: bool
) -> None:
    """Refuse an unbounded repeat that follows the one at `index` with only optional items
    between, when what one can end with the other can start with."""
    for op, av in items[index + 1 :]:
        if op in REPEATS and av[1] > UNBOUNDED and last & _first_chars(list(av[2]), ignore_case):
            raise _Risk(_ADJACENT)
        if not _item_nullable(op, av):
            return


def _children(op: Any, av: Any) -> Iterable[list[tuple[Any, Any]]]:
    """The sequences nested directly in an item: a group's, a branch's, a repeat's, ..."""
    if op in REPEATS:
        yield list(av[2])
    elif op is PARSER.SUBPATTERN:
        yield list(av[3])
    elif op is ATOMIC:
        yield list(av)
    elif op is PARSER.BRANCH:
        yield from (list(branch) for branch in av[1])
    elif op in (PARSER.ASSERT, PARSER.ASSERT_NOT):
        yield list(av[1])


def _ambiguous_repeat(
    items: list[tuple[Any, Any]], after: frozenset[str], ignore_case: bool
) -> bool:
    r"""Whether a repeat inside the sequence could share characters with what follows it.

    `after` is what can follow the sequence: inside a repeat, the repeat's own first
    characters. `(a+)+` is ambiguous (an `a` may end one round or start the next), and so is
    any repeat of more than one character; `(new[\s-]*|novel[\s-]*)*` is not.
    """
    for index, (op, av) in enumerate(items):
        rest = items[index + 1 :]
        follow = _first_chars(rest, ignore_case) | (after if _nullable(rest) else frozenset())
        if op in REPEATS and av[1] > 1:
            chars = _single_chars(list(av[2]), ignore_case)
            if chars is None or chars & follow:
                return True
        elif op not in (PARSER.ASSERT, PARSER.ASSERT_NOT) and any(
            _ambiguous_repeat(child, follow, ignore_case) for child in _children(op, av)
        ):
            return True
    return False


def _nullable(items: list[tuple[Any, Any]]) -> bool:
    """Whether the sequence can match the empty string."""
    return all(_item_nullable(op, av) for op, av in items)


def _item_nullable(op: Any, av: Any) -> bool:
    if op in REPEATS:
        return bool(av[0] == 0 or _nullable(list(av[2])))
    if op is PARSER.BRANCH:
        return any(_nullable(list(branch)) for branch in av[1])
    if op is PARSER.SUBPATTERN or op is ATOMIC:
        return _nullable(next(iter(_children(op, av))))
    return op in ZERO_WIDTH or op in _BACK_REFERENCES


def _has_alike_branches(items: list[tuple[Any, Any]], ignore_case: bool) -> bool:
    r"""Whether some alternation in the sequence has two branches that can match at the same
    place (`a|ab`, `\w+|x`), or one that can match nothing."""
    for op, av in items:
        if op is PARSER.BRANCH:
            branches = [list(branch) for branch in av[1]]
            if any(_nullable(branch) for branch in branches):
                return True
            for i, branch in enumerate(branches):
                if any(_alike(branch, other, ignore_case) for other in branches[i + 1 :]):
                    return True
        if any(_has_alike_branches(child, ignore_case) for child in _children(op, av)):
            return True
    return False


def _alike(a: list[tuple[Any, Any]], b: list[tuple[Any, Any]], ignore_case: bool) -> bool:
    """Whether two branches can both match at one place: their literal beginnings agree, and
    what follows the shorter one can go on as the other does."""
    (short, short_rest), (long, long_rest) = sorted(
        (_literal_prefix(a, ignore_case), _literal_prefix(b, ignore_case)),
        key=lambda prefix: len(prefix[0]),
    )
    if not long.startswith(short):
        return False  # they part ways at a fixed character (`high ?quality|holistic`)
    if not short_rest:
        return True  # the one is a beginning of the other (`toolkit|toolkits`)
    if len(long) > len(short):
        following = long[len(short)]
        first = _first_chars(short_rest, ignore_case, following)
        return following in first or following.upper() in first
    if not long_rest:
        return True
    first = _first_chars(short_rest, ignore_case)
    return bool(first & _first_chars(long_rest, ignore_case))


def _literal_prefix(
    items: list[tuple[Any, Any]], ignore_case: bool
) -> tuple[str, list[tuple[Any, Any]]]:
    """The fixed characters a sequence begins with (lowercased under IGNORECASE), and the rest."""
    chars: list[str] = []
    for index, (op, av) in enumerate(items):
        if op is not PARSER.LITERAL:
            return "".join(chars), items[index:]
        chars.append(chr(av).lower() if ignore_case else chr(av))
    return "".join(chars), []


def _first_chars(
    items: list[tuple[Any, Any]], ignore_case: bool, extra: str = "", *, reverse: bool = False
) -> frozenset[str]:
    """The characters of the sample (and `extra`) that a match of the sequence can start with;
    with `reverse`, of the reversed sequence `items`, those it can end with."""
    found: set[str] = set()
    for op, av in items:
        chars = _item_chars(op, av, ignore_case, extra)
        if chars is not None:
            found |= chars
        elif op not in (PARSER.ASSERT, PARSER.ASSERT_NOT):
            for child in _children(op, av):
                child = child[::-1] if reverse else child
                found |= _first_chars(child, ignore_case, extra, reverse=reverse)
        if not _item_nullable(op, av):
            break
    return frozenset(found)


def _single_chars(items: list[tuple[Any, Any]], ignore_case: bool) -> frozenset[str] | None:
    r"""What a one-character body (`a`, `.`, `[^.;]`, `\w`, `(?:x)`) matches; None for others."""
    while len(items) == 1 and items[0][0] is PARSER.SUBPATTERN:
        items = list(items[0][1][3])
    if len(items) != 1:
        return None
    return _item_chars(*items[0], ignore_case)


def _item_chars(op: Any, av: Any, ignore_case: bool, extra: str = "") -> frozenset[str] | None:
    """The sample characters a one-character item matches; None when it is not one."""
    if op not in (PARSER.LITERAL, PARSER.NOT_LITERAL, PARSER.ANY, PARSER.IN):
        return None
    key = (op, repr(av), ignore_case, extra)
    found = _CHARS.get(key)
    if found is None:
        if op is PARSER.LITERAL:
            source = re.escape(chr(av))
        elif op is PARSER.NOT_LITERAL:
            source = f"[^{re.escape(chr(av))}]"
        elif op is PARSER.ANY:
            source = "."
        else:
            source = _class_source(av)
        flags = re.IGNORECASE if ignore_case else 0
        found = _CHARS[key] = frozenset(re.findall(source, _SAMPLE + extra, flags))
    return found


_CHARS: dict[tuple[Any, str, bool, str], frozenset[str]] = {}
"""What each one-character item of the patterns read so far matches, by its parsed form."""


def _class_source(items: list[tuple[Any, Any]]) -> str:
    """A parsed character class written back as a regular expression."""
    negate = ""
    parts: list[str] = []
    for op, av in items:
        if op is PARSER.NEGATE:
            negate = "^"
        elif op is PARSER.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is PARSER.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        else:  # a category; one this table lacks is taken to match everything
            parts.append(CATEGORY_ESCAPES.get(av, r"\s\S"))
    return f"[{negate}{''.join(parts)}]"


def _spans_words(chars: frozenset[str]) -> bool:
    """Whether a class matches letters and spaces both, so that a repeat of it crosses words."""
    return " " in chars and any(c.isalpha() for c in chars)
