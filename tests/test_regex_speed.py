"""The regex rewrites that make the claim rules faster match exactly what the plain patterns match.

`phrase_trie` writes a cue list as a prefix tree, `fast_start` puts a lookahead on a pattern's
first characters in front of it and `prefiltered` skips a search where the pattern's words are
missing; each must leave every match, group and span as it was.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import periods, quantities
from extractors.fast_start import fast_start
from extractors.lexicon import CASED_KINDS, load_lexicon, scan
from extractors.numbers import parse_digits
from extractors.phrase_trie import trie_alternation
from extractors.prefilter import _FOLDS_AWAY, Prefiltered, prefiltered

LEX = load_lexicon()
DEMO = Path(__file__).parent / "data" / "demo" / "passages.jsonl"
SENTENCES = [
    s
    for line in DEMO.read_text(encoding="utf-8").splitlines()
    if line.strip()
    for s in re.split(r"(?<=[.!?])\s+|\n", json.loads(line)["text"])
    if s.strip()
]
# pieces of real sentences, cut anywhere: windows the rules ask about start and end mid-word too
WINDOWS = SENTENCES + [s[a : a + 45] for s in SENTENCES for a in range(0, len(s), 17)]


def _plain_scan_regex(phrases: set[str]) -> re.Pattern[str]:
    """The longest-first alternation `scan_regex` wrote before the prefix tree."""
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"[^\w-]({alts})(?![\w])")


@pytest.mark.parametrize("kind", sorted(LEX.scan_regex))
def test_trie_scan_finds_what_the_alternation_finds(kind: str) -> None:
    cased = kind in CASED_KINDS
    phrases = {p if cased else p.lower() for _v, p in LEX.cues[kind]}
    plain, tree = _plain_scan_regex(phrases), LEX.scan_regex[kind]
    for w in WINDOWS:
        text = w if cased else w.lower()
        assert scan(tree, text) == scan(plain, text), text
    for p in phrases:  # every phrase alone, inside a sentence, and run into a longer word
        for text in (p, f"it {p} now", f"{p}s", f"x{p}"):
            assert scan(tree, text) == scan(plain, text), text


@settings(max_examples=150, deadline=None)
@given(
    st.sets(
        st.sampled_from(["up", "upped", "up to", "rose", "rise", "risen", "fell", "fall", "a", "ab"]),
        min_size=1,
    ),
    st.lists(
        st.sampled_from(["up", "ped", " to", "ro", "se", "fell", "fa", "ll", "a", "b", " ", "-", ","]),
        max_size=12,
    ),
)
def test_trie_matches_like_longest_first(phrases: set[str], pieces: list[str]) -> None:
    text = "".join(pieces)
    tree = re.compile(rf"[^\w-]({trie_alternation(phrases)})(?![\w])")
    assert scan(tree, text) == scan(_plain_scan_regex(phrases), text)


def _unwrapped(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern `fast_start` was given, from the one it returned."""
    m = re.fullmatch(r"\(\?=\[.*?\]\)\(\?:(.*)\)", rx.pattern, re.S)
    assert m is not None, rx.pattern
    return re.compile(m.group(1), rx.flags)


def _same_matches(a: re.Pattern[str], b: re.Pattern[str], text: str) -> None:
    assert [(m.span(), m.groupdict() or m.groups()) for m in a.finditer(text)] == [
        (m.span(), m.groupdict() or m.groups()) for m in b.finditer(text)
    ], text


def test_period_and_quantity_patterns_match_as_before() -> None:
    fast = [rx for _kind, rx, *_ in periods._PATTERNS]
    number, _unit, *searched = quantities._pats(LEX)
    fast += [number, *searched]
    for rx in fast:
        plain = _unwrapped(rx)
        for w in WINDOWS:
            _same_matches(rx, plain, w)


PSEUDO_KEYS = {
    "<month day>": periods._MONTH_DAY,
    "<day month>": periods._DAY_MONTH,
    "<year span>": periods._YEAR_SPAN,
    "<ytd>": periods._YTD_WORDS,
}
KEYED = [
    "between October 1 and November 15, 2021",
    "from May 5 to 9, 2024",
    "As of March 31, 2024, and by Dec. 2 it had",
    "on 2nd April 2024",
    "in the 2023-24 fiscal year, FY2023/24 and 2021 – 22",
    "for the year to date",
    "bringing Zeekr's total for the year to 168,000",
    "cumulative deliveries for the year",
]


def test_period_pseudo_keys_hold_wherever_their_patterns_match() -> None:
    """`find_periods` runs a pattern keyed by a pseudo-key only where the key's regex matches: every
    text a pattern matches must match it too (and hold the month, year or word it is looked for after)."""
    keyed = 0
    for i, (_kind, rx, *_) in enumerate(periods._PATTERNS):
        keys = [k for k in periods._PATTERN_NEEDS[i] if k in PSEUDO_KEYS]
        if not keys:
            continue
        keyed += 1
        for text in [*WINDOWS, *KEYED]:
            if rx.search(text):
                assert any(PSEUDO_KEYS[k].search(text) for k in keys), (rx.pattern, text)
                if keys == ["<ytd>"]:
                    assert "year" in text.lower(), text
                if keys in (["<month day>"], ["<day month>"]):
                    assert periods._MONTH_WORD.search(text), text
                if keys == ["<year span>"]:
                    assert periods._YEAR_WORD.search(text), text
    assert keyed == 7  # day and day-range patterns, as of a day, the fiscal span, year to date


TRICKY = [
    (r"(?<![\w.-])(?:19|20)\d\d(?!\d)", 0),
    (r"\b(?:the\s+)?(?:same|corresponding)\s+(?:period|quarter)", re.I),
    (r"(?P<q>more\s+than\s+)?(?<![\w-])(?P<m>doubled|tripled)\b", re.I),
    (r"(?:(?-i:[A-Z][\w.-]*)\s+){0,2}sales", re.I),
    (r"(?:a|an\s+)?(?:k|s)\w+", re.I),  # "K" (Kelvin sign) and "ſ" fold to k and s
    (r"\d+(?:\.\d+)?\s*(?:%|percent)", 0),
    (r"x  # a verbose comment at the end", re.X),
]


@pytest.mark.parametrize(("pattern", "flags"), TRICKY)
@settings(max_examples=80, deadline=None)
@given(text=st.text(alphabet="aksKSſKthe sameperiod2019-.%DoubledAN 0123", max_size=40))
def test_fast_start_keeps_every_match(pattern: str, flags: int, text: str) -> None:
    plain = re.compile(pattern, flags)
    fast = fast_start(plain)
    assert fast is not plain
    _same_matches(fast, plain, text)


@pytest.mark.parametrize("pattern", [r"[^,;]+", r"a*", r"(?:the\s+)?", r".x", r"(?i:A)b"])
def test_fast_start_leaves_unbounded_patterns(pattern: str) -> None:
    rx = re.compile(pattern)
    assert fast_start(rx) is rx  # any character may start a match, or the empty string matches


def test_unit_tree_matches_the_unit_alternation() -> None:
    """The unit words after a number as a prefix tree match what the longest-first list matched."""
    tree = quantities._pats(LEX)[1]
    alts = "|".join(re.escape(u) for u in sorted(LEX.units_after_cased, key=len, reverse=True))
    plain = re.compile(
        rf"(?P<gap>\s?)(?P<adj>{quantities.ADJECTIVES})(?P<unit>{alts})(?![\w])"
        r"(?P<per>(?:/|\s+per\s+)[A-Za-z]+\b)?",
        re.I,
    )
    texts = [*SENTENCES, *(f"12 {u} and 3 {u.upper()}s, 4{u}/h" for u in LEX.units_after_cased)]
    for text in texts:
        for d in re.finditer(r"\d", text):
            a, b = tree.match(text, d.end()), plain.match(text, d.end())
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), text


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[0-9]{1,9}(?:\.[0-9]{1,4})?", fullmatch=True))
def test_plain_digits_parse_as_floats(text: str) -> None:
    assert parse_digits(text) == float(text)


def _prefiltered_patterns() -> list[tuple[str, object]]:
    """Every rule pattern built with `prefilter_compile`, by module and name."""
    import extractors

    out = []
    for info in pkgutil.iter_modules(extractors.__path__):
        module = importlib.import_module(f"extractors.{info.name}")
        out += [(f"{info.name}.{k}", v) for k, v in vars(module).items() if isinstance(v, Prefiltered)]
    return out


PREFILTERED = _prefiltered_patterns()


def _same_search(fast, plain: re.Pattern[str], text: str, pos: int = 0, endpos: int = sys.maxsize) -> None:
    a, b = fast.search(text, pos, endpos), plain.search(text, pos, endpos)
    assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (text, pos, endpos)


@pytest.mark.parametrize(("name", "rx"), PREFILTERED, ids=[n for n, _ in PREFILTERED])
def test_prefiltered_rule_patterns_search_as_before(name: str, rx: Prefiltered) -> None:
    assert rx.needs, name
    for w in WINDOWS:
        _same_search(rx, rx.rx, w)
        _same_search(rx, rx.rx, w, 3, len(w) - 2)  # a span inside the text, as `search(sent, 0, start)`


PREFILTER_TRICKY = [
    (r"\b(?:between|like|unit\s+of)\s+(?:the\s+)?$", re.I),
    (r"(?:a|an\s+)?(?:kind|sale)s?\b", re.I),  # "K" (Kelvin sign) lowers to k; "ſ" matches s but stays ſ
    (r"\b(?:its|the)\s+Group\b|(?:['’]s)\s+group\s+sales", 0),
    (r"(?:flat|unchanged)\s+(?:(?P<y>year)\s+)?at\s+$", re.I),
    (r"(?=[bc])(?:by|co)\s+x+|z", 0),
    (r"I\w+", re.I),  # "ı" (dotless i) matches I under IGNORECASE but lowers to itself
]


@pytest.mark.parametrize(("pattern", "flags"), PREFILTER_TRICKY)
@settings(max_examples=120, deadline=None)
@given(text=st.text(alphabet="aksKSſKıİitheGroupunflatyrbcxz ’'slkdo0", max_size=40), cut=st.integers(0, 6))
def test_prefiltered_search_keeps_every_match(pattern: str, flags: int, text: str, cut: int) -> None:
    plain = re.compile(pattern, flags)
    fast = prefiltered(plain)
    assert isinstance(fast, Prefiltered)
    _same_search(fast, plain, text)
    _same_search(fast, plain, text, cut, len(text) - cut)


def test_only_dotless_i_and_long_s_fold_to_ascii_without_lowering_to_it() -> None:
    """`Prefiltered` looks for lowered words in the lowered text: a character matching an ASCII one
    under IGNORECASE must lower to it, but for the two it searches always."""
    everything = "".join(chr(cp) for cp in range(128, sys.maxunicode + 1) if not 0xD800 <= cp < 0xE000)
    odd = set()
    for a in map(chr, range(32, 127)):
        for m in re.finditer(re.escape(a), everything, re.I):
            if a.lower() not in m.group(0).lower():
                odd.add(m.group(0))
    assert odd == set(_FOLDS_AWAY)


def test_prefiltered_leaves_patterns_without_required_words() -> None:
    for pattern in (r"\d+", r"(?:a|\s)\d", r"(?:by)?\d", r"(?=by)\w+", r"by|\d"):
        rx = re.compile(pattern)
        assert prefiltered(rx) is rx
