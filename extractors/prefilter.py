"""Regexes that first check, with `in`, for the literal words every match must hold.

Many rule patterns end in `$` and are searched along a short window before a figure or a name
("outsold Tesla by ", "a unit of "): `re` tries the pattern at every word of the window, which
costs microseconds even when the window holds none of the pattern's words. `prefiltered` reads
the parsed pattern once and works out word sets that every match holds one of (each mandatory
item of the pattern gives a set: a literal run gives itself, an alternation the union of its
branches' sets). `search` looks for those words with `str.__contains__` first and runs the
pattern only where every set has a member in the searched span, so the answer is the same.

Under IGNORECASE the words are lowercased and looked for in the lowered span. Among the
characters that match an ASCII character under IGNORECASE, only "ı" and "ſ" lower to something
else ("I", "s" match them); a span holding either is always searched.
"""

from __future__ import annotations

import re
import sys
from re import _constants as c  # the parsed-pattern opcodes
from re import _parser

from extractors.fast_start import fast_compile

Needs = tuple[frozenset[str], ...]  # every set must have a member in the text (an AND of ORs)
_FOLDS_AWAY = ("ı", "ſ")  # match "i"/"I", "s"/"S" under IGNORECASE but do not lower to them


class Prefiltered:
    """A compiled pattern whose `search` is skipped where its words are missing; every other
    attribute and method is the pattern's own."""

    __slots__ = ("rx", "needs", "lower")

    def __init__(self, rx: re.Pattern[str], needs: Needs) -> None:
        self.rx = rx
        self.needs = needs
        self.lower = bool(rx.flags & re.IGNORECASE)

    def __getattr__(self, name: str):
        if name in Prefiltered.__slots__:
            raise AttributeError(name)  # not set yet (while unpickling): not the pattern's
        return getattr(self.rx, name)

    def __reduce__(self):
        return Prefiltered, (self.rx, self.needs)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """`rx.search`, answered None at once where a word set has no member in `text[pos:endpos]`
        (plain loops: this runs tens of thousands of times per corpus, and calls cost here)."""
        span = text[pos:endpos] if pos or endpos < len(text) else text
        if self.lower:
            span = span.lower()
            if not span.isascii() and (_FOLDS_AWAY[0] in span or _FOLDS_AWAY[1] in span):
                return self.rx.search(text, pos, endpos)
        for words in self.needs:
            for w in words:
                if w in span:
                    break
            else:
                return None
        return self.rx.search(text, pos, endpos)

    def holds_words(self, text: str, low: str) -> bool:
        """Whether every word set has a member in `text` (`low` is `text.lower()`, lowered once by
        a caller that checks many patterns against the same text): False means no match anywhere."""
        span = low if self.lower else text
        if self.lower and not low.isascii() and (_FOLDS_AWAY[0] in low or _FOLDS_AWAY[1] in low):
            return True
        for words in self.needs:  # plain loops, as in `search`: this runs for every pattern checked
            for w in words:
                if w in span:
                    break
            else:
                return False
        return True


def prefiltered(rx: re.Pattern[str]) -> Prefiltered | re.Pattern[str]:
    """`rx` with the word check in front of `search`, or `rx` itself when no words are required."""
    try:
        needs = _needs(_parser.parse(rx.pattern, rx.flags).data, rx.flags)
    except re.error:
        return rx
    return Prefiltered(rx, needs) if needs else rx


def _needs(items: list, flags: int) -> Needs:
    """The word sets every match of the sequence `items` holds a member of (empty: none known)."""
    out: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is c.LITERAL and av < 128:
            run += chr(av)
            continue
        if run:
            out.append(frozenset({_fold(run, flags)}))
            run = ""
        best = _best(_item_needs(op, av, flags))
        if best is not None:
            out.append(best)
    if run:
        out.append(frozenset({_fold(run, flags)}))
    return tuple(sorted({_shortest(ws) for ws in out}, key=len))


def _item_needs(op, av, flags: int) -> Needs:
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & re.IGNORECASE:
            return ()  # the case rule changes inside: not worth following
        return _needs(sub.data, flags)
    if op is c.ATOMIC_GROUP:
        return _needs(av.data, flags)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _needs(av[2].data, flags)
    if op is c.BRANCH:
        words: set[str] = set()
        for alt in av[1]:
            best = _best(_needs(alt.data, flags))
            if best is None:
                return ()  # a branch that needs no word: the alternation needs none
            words |= best
        return (frozenset(words),)
    return ()  # a class, an assertion, a back reference: no word


def _best(needs: Needs) -> frozenset[str] | None:
    """The set whose words are rarest: no word shorter than four letters ("of", "by" are in most
    windows), then the fewest words (the cheapest check)."""
    return min(needs, key=lambda ws: (-min(4, *map(len, ws)), len(ws)), default=None)


def _shortest(words: frozenset[str]) -> frozenset[str]:
    """`words` less those holding another of them: "beating" is found wherever "beat" is."""
    return frozenset(w for w in words if not any(o != w and o in w for o in words))


def _fold(word: str, flags: int) -> str:
    return word.lower() if flags & re.IGNORECASE else word


def prefilter_compile(pattern: str, flags: int = 0) -> Prefiltered | re.Pattern[str]:
    """`fast_compile` then `prefiltered`: for a pattern searched often along windows that seldom
    hold its words (the result answers like the compiled pattern)."""
    return prefiltered(fast_compile(pattern, flags))
