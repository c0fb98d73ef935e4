"""The unit a quantity is reported in by `evclaims extract --quantities`: pure functions.

Our normalised unit where one fits (ISO currency, percent, percentage_points, km, kWh, vehicles),
otherwise the word of what was counted or measured, as written, lower case and lemmatised
("jobs" → "job", "feet" → "foot"; abbreviations such as "kW" or "mph" stay as written), or None
when no unit word is written ("Schrock, 47, was ...").

For a bare number the counted noun is the head of the words right after it: the first plural in
the run of words up to a function word or punctuation ("232,200 new jobs each month" → "job",
"two family members" → "member"), a capitalised plural when no lower-case one is there ("11
Democrats signed" → "democrat").
"""

from __future__ import annotations

import re

from extractors.lexicon import Lexicon, lemma_table
from extractors.quantities import Quantity

_WORD = re.compile(r"\s*([A-Za-z][A-Za-z'’-]*)")
_MAX_WORDS = 4
_OF_DETERMINER = re.compile(r"\s+of\s+(?:the|these|those|its|their|our|his|her|my|your)\s+", re.I)
_IRREGULAR = ("men", "women", "children", "feet", "teeth", "mice", "geese")


def lemma(word: str) -> str:
    """Lower-case lookup lemma of one word ("jobs" → "job"); abbreviations ("kW", "GWh") as written."""
    if any(c.isupper() for c in word[1:]) or len(word) <= 3 and not word.islower():
        return word
    low = word.lower()
    found = lemma_table().get(low)
    if found:
        return found.lower()
    return _strip_plural(low)


def _strip_plural(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _is_plural(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    if low in lex.words.get("plural", ()):
        return True
    if low in lex.words.get("mass_noun", ()):
        return False  # "media", "data": their lookup lemmas ("medium") make them look plural
    found = lemma_table().get(low)
    if found is not None:
        return found.lower() != low and (low.endswith("s") or low in _IRREGULAR)
    return _strip_plural(low) != low


def _run(text: str, pos: int, lex: Lexicon) -> list[str]:
    """Words right after `pos` up to a function word or punctuation; "and" joins modifiers."""
    stop = lex.words.get("stop", frozenset())
    words: list[str] = []
    at = pos
    while len(words) < _MAX_WORDS:
        m = _WORD.match(text, at)
        if m is None:
            break
        word = m.group(1)
        if word.lower() == "and" and words:
            at = m.end()  # "2,028 media and telecom deals"
            continue
        if word.lower() in stop or word.lower() == "and":
            break
        words.append(word.strip("-"))
        at = m.end()
        if at < len(text) and not text[at].isspace():
            break  # punctuation after the word ends the run
    return words


def counted_noun(text: str, pos: int, lex: Lexicon) -> str | None:
    """The lemma of the noun counted by a number ending at `pos`, or None.

    The first lower-case plural of the words after it, else a capitalised one ("11 Democrats");
    after "of the"/"of these" the words after that ("two of these words")."""
    words = _run(text, pos, lex)
    if not words:
        of = _OF_DETERMINER.match(text, pos)
        if of is not None:
            words = _run(text, of.end(), lex)
    for lower_case in (True, False):
        for w in words:
            if w and w[0].islower() == lower_case and _is_plural(w, lex):
                return (
                    w.lower()
                    if w.lower() in lex.words.get("plural", ()) and w.lower() not in _IRREGULAR
                    else lemma(w)
                )
    return None


_FOLD = re.compile(r"fold$", re.I)


def reported(q: Quantity, text: str, lex: Lexicon) -> tuple[float, float, str | None]:
    """(value_low, value_high, unit) of `q` (offsets into `text`) as `--quantities` reports it.

    Values stay as written when the unit is reported as written: "50 miles" is 50 mile, though
    claims read it as 80.47 km; "a five-fold rise" is 5 times, though claims read it as +400%."""
    if q.kind == "multiplier" and _FOLD.search(q.text):
        return q.low / 100 + 1, q.high / 100 + 1, "times"
    unit = quantity_unit(q, text, lex)
    if q.factor != 1 and q.noun is not None and lex.word_units.get(q.noun.lower()) == "word":
        return round(q.low / q.factor, 6), round(q.high / q.factor, 6), unit
    return q.low, q.high, unit


def quantity_unit(q: Quantity, text: str, lex: Lexicon) -> str | None:
    """The unit of `q` (offsets into `text`) as `--quantities` reports it."""
    if q.kind in ("fraction", "multiplier"):
        return "percent"
    if q.currency:
        return q.currency
    word = q.noun
    name = lex.word_units.get(word.lower()) if word is not None else None
    if q.kind in ("currency", "percent", "percentage_points", "km", "kWh") and name is None:
        return q.unit
    if word is None:
        return counted_noun(text, q.end, lex)
    if q.kind == "vehicles" and name is None:
        return "vehicles"
    if name not in (None, "word"):
        return name  # "five-fold", "four times": times
    if "/" in word:
        return word  # "lb/hp", "km/h": a unit written as a ratio, as written
    return lemma(word.lstrip("-"))
