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
_STOP = frozenset(
    re.split(
        r"\s+",
        """
    a an the this that these those each every its their his her our my your some any no all both
    of in on at for to from by with about over under per into onto across between after before
    during since until than as like via within without among around near off out up down through
    and or but nor so yet while if when because although though whereas
    is are was were be been being has have had do does did will would can could may might must
    should shall
    he she it they we you i me him them us who whom whose which what where there here
    ago later earlier old now then not also just only more less most least very too still even
    again already ever never almost nearly about roughly
    """.strip(),
    )
)
_IRREGULAR_PLURALS = frozenset({"people", "police", "personnel", "staff", "cattle"})
_MAX_WORDS = 4


def lemma(word: str) -> str:
    """Lower-case lookup lemma of one word ("jobs" → "job"); abbreviations ("kW", "GWh") as written."""
    if any(c.isupper() for c in word[1:]) or len(word) <= 3 and not word.islower():
        return word  # kW, GWh, MWh, EVs are handled as vehicles before this
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


def _is_plural(word: str) -> bool:
    low = word.lower()
    if low in _IRREGULAR_PLURALS:
        return True
    found = lemma_table().get(low)
    if found is not None:
        return found.lower() != low and (low.endswith("s") or low in ("men", "women", "children", "feet"))
    return _strip_plural(low) != low


def counted_noun(text: str, pos: int) -> str | None:
    """The lemma of the noun counted by a number ending at `pos`, or None."""
    words: list[str] = []
    at = pos
    while len(words) < _MAX_WORDS:
        m = _WORD.match(text, at)
        if m is None or m.group(1).lower() in _STOP:
            break
        words.append(m.group(1).strip("-"))
        at = m.end()
        if at < len(text) and not text[at].isspace():
            break  # punctuation after the word ends the run
    for lower_case in (True, False):
        for w in words:
            if w and w[0].islower() == lower_case and _is_plural(w):
                return w.lower() if w.lower() in _IRREGULAR_PLURALS else lemma(w)
    return None


def quantity_unit(q: Quantity, text: str, lex: Lexicon) -> str | None:
    """The unit of `q` (offsets into `text`) as `--quantities` reports it."""
    if q.kind in ("fraction", "multiplier"):
        return "percent"
    if q.currency:
        return q.currency
    if q.kind in ("currency", "percent", "percentage_points", "km", "kWh"):
        return q.unit
    word = q.noun
    if q.kind == "vehicles" and word is not None and word.lower() not in lex.word_units:
        return "vehicles"
    if word is not None:
        return lemma(word.lstrip("-"))
    return counted_noun(text, q.end)
