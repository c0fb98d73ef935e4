"""Regexes that tell `re` which characters a match can start with, so a search skips to them.

`re` jumps in C to the places a match may begin only when the pattern opens with a literal or a
character class. A pattern that opens with `\\b`, a lookbehind or an optional group ("the
same period", "(?<![\\w.-])2024") is tried at every position of the text instead, which makes
up much of the time the claim rules spend on a sentence. `fast_start` works out the set of
characters a match can start with from the parsed pattern and puts it in front as a lookahead,
`(?=[...])`, which `re` uses to skip. The lookahead only turns away positions where the pattern
cannot match, so matches, groups and spans are the same; a pattern whose first characters
cannot be bounded (one that opens with `.` or a negated class, or may match the empty string) is
returned as it is.
"""

from __future__ import annotations

import re
from re import _constants as c  # the parsed-pattern opcodes
from re import _parser

_ANY = None  # "any character may come first": no set to put in front
_CATEGORY = {
    c.CATEGORY_DIGIT: r"\d",
    c.CATEGORY_NOT_DIGIT: r"\D",
    c.CATEGORY_SPACE: r"\s",
    c.CATEGORY_NOT_SPACE: r"\S",
    c.CATEGORY_WORD: r"\w",
    c.CATEGORY_NOT_WORD: r"\W",
}
_MAX_CLASS = 200  # a class of more characters than this would not save anything


def fast_start(rx: re.Pattern[str]) -> re.Pattern[str]:
    """`rx` with a lookahead on its possible first characters in front, or `rx` when there is none."""
    return _with_lookahead(rx.pattern, rx.flags) or rx


def fast_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)` through `fast_start`: for patterns searched along a text."""
    return _with_lookahead(pattern, flags) or re.compile(pattern, flags)


def _with_lookahead(pattern: str, flags: int) -> re.Pattern[str] | None:
    try:
        parsed = _parser.parse(pattern, flags)
    except re.error:
        return None
    first = _first(parsed.data, flags)
    if first is _ANY or first[1] or not first[0]:
        return None  # unbounded, or the pattern may match the empty string
    members = "".join(sorted(first[0]))
    body = f"{pattern}\n" if flags & re.VERBOSE else pattern  # a closing comment line ends
    try:
        return re.compile(f"(?=[{members}])(?:{body})", flags)
    except re.error:  # e.g. global inline flags, which must open the pattern
        return None


def _first(items: list, flags: int) -> tuple[set[str], bool] | None:
    """(class members a match of the sequence `items` can start with, whether it can be empty)."""
    out: set[str] = set()
    for op, av in items:
        item = _first_item(op, av, flags)
        if item is _ANY:
            return _ANY
        out |= item[0]
        if len(out) > _MAX_CLASS:
            return _ANY
        if not item[1]:
            return out, False
    return out, True


def _first_item(op, av, flags: int) -> tuple[set[str], bool] | None:
    if op is c.LITERAL:
        return {re.escape(chr(av))}, False
    if op is c.IN:
        return _first_class(av)
    if op is c.BRANCH:
        out, empty = set(), False
        for alt in av[1]:
            got = _first(alt.data, flags)
            if got is _ANY:
                return _ANY
            out |= got[0]
            empty = empty or got[1]
        return out, empty
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE and not flags & re.IGNORECASE:
            return _ANY  # "(?i:...)" inside a cased pattern: its letters match more than written
        return _first(sub.data, flags | add_flags)
    if op is c.ATOMIC_GROUP:
        return _first(av.data, flags)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        got = _first(sub.data, flags)
        if got is _ANY:
            return _ANY
        return got[0], got[1] or low == 0
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero width: the next item holds the first character
    return _ANY  # ".", a negated literal, a back reference: any character may start a match


def _first_class(items: list) -> tuple[set[str], bool] | None:
    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is c.RANGE:
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is c.CATEGORY and av in _CATEGORY:
            out.add(_CATEGORY[av])
        else:
            return _ANY  # a negated class ("[^,;]"), a rare category
    return out, False
