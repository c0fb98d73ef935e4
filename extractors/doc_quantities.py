"""Quantities of one article, sentence by sentence: the records of `evclaims extract --quantities`.

Every quantity the claim rules start from (`quantities.sentence_quantities`: the same numbers,
ranges, scales, qualifiers and exclusions of years, dates, model numbers and footnotes), whatever
it measures, with its unit as `extractors.units` names it. Claims are the subset of these that
pass attribution, so a fix to the quantity layer shows in both outputs.
"""

from __future__ import annotations

import itertools
import re

from extractors.attributes import qualifier_of
from extractors.claims import _AUTO_WORDS  # what makes a text speak of vehicles, as claims decide it
from extractors.fast_start import fast_compile
from extractors.lexicon import Lexicon
from extractors.mentions import Mention
from extractors.periods import find_periods
from extractors.quantities import Quantity, sentence_quantities
from extractors.units import reported

QUANTITY_FIELDS = (
    "value_low",
    "value_high",
    "unit",
    "qualifier",
    "text",
    "start_char",
    "end_char",
    "sentence",
    "sentence_start",
    "sentence_end",
    "conversion",
)
"""Keys of one quantity record (the output adds `doc_id` in front)."""

_LEFT = 90  # characters before a number searched for its qualifier, as for claims


def doc_quantities(
    text: str, sentences: list[tuple[int, int]], mentions: list[Mention], lex: Lexicon
) -> list[dict]:
    """Quantity records of an article: `sentences` are (start, end) offsets, `mentions` registry names."""
    out: list[dict] = []
    ordered = sorted(mentions, key=lambda m: m.start)
    auto_doc = sum(1 for _ in itertools.islice(_AUTO_WORDS.finditer(text), 4)) >= 4
    for s, e in sentences:
        sent = text[s:e]
        names = [(m.start - s, m.end - s) for m in ordered if s <= m.start < e]
        periods = [(p.start, p.end) for p in find_periods(sent)]
        vehicles = auto_doc or bool(_AUTO_WORDS.search(sent))
        for q in sentence_quantities(sent, lex, periods, names):
            out.append(_record(q, sent, s, lex, vehicles))
    return out


def _record(q: Quantity, sent: str, offset: int, lex: Lexicon, vehicles: bool) -> dict:
    low, high, unit = reported(q, sent, lex)
    if vehicles and q.kind == "vehicles":
        unit = "vehicles"  # "72,689 units", "144,948 registrations" where the talk is of cars, as claims read them
    return {
        "value_low": float(low),
        "value_high": float(high),
        "unit": unit,
        "qualifier": _qualifier(q, sent, lex),
        "text": q.text,
        "start_char": offset + q.start,
        "end_char": offset + q.end,
        "sentence": sent,
        "sentence_start": offset,
        "sentence_end": offset + len(sent),
        "conversion": q.conversion,
    }


_DEFINITE = fast_compile(r"\bthe\s+$", re.I)
_FROM = fast_compile(r"\bfrom\s+$", re.I)
_TO_BEFORE = fast_compile(r"\b(?:to|by)\b", re.I)
_TO_AFTER = re.compile(r"\s*(?:to|-|–)\s", re.I)


def _qualifier(q: Quantity, sent: str, lex: Lexicon) -> str:
    """The claims' qualifier rules, and two of a quantity without a metric: a number after "the" is
    a definite one ("anything about the two officers"), and "from" with no "to" is a lower bound
    ("tickets from $48.50"; "rose from 5% to 7%" is a change)."""
    if q.qualifier:
        return q.qualifier
    left = sent[max(0, q.start - _LEFT) : q.start]
    if _DEFINITE.search(left):
        return "exact"
    found = qualifier_of(left, "", lex)
    if found:
        return found
    if _FROM.search(left) and not _TO_AFTER.match(sent, q.end) and not _TO_BEFORE.search(left[-40:]):
        return "at_least"
    return "exact"
