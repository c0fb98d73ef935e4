"""Numbers that are not quantities, told from the words around them: pure functions.

A number written without a unit is not a quantity when it is part of a date ("Dec. 23", "13
December"), a time ("7 p.m."), a phone number or extension, a label or rank ("Highway 62",
"Episode 6", "year 3", "top 25", "No. 1"), a name ("Radio 1", "iPhone 11", "Jackson 5"), a year
("in 1880"), a long identifier ("P/N 12639087") or a score ("beat the Eagles 20-17"). The word
lists are data (`data/quantity_words.jsonl`: label, rank, stop).
"""

from __future__ import annotations

import re

from extractors.fast_start import fast_compile
from extractors.lexicon import Lexicon

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
PHONE = fast_compile(r"(?<![\w-])(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.]\d{4}(?![\w-])")
_MONTH_BEFORE = fast_compile(rf"\b{MONTH}\.?\s*$")
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b")
_TIME_AFTER = re.compile(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b|o['’]clock\b|GMT\b|UTC\b|ET\b|EST\b|PT\b)")
_YEAR_BEFORE = fast_compile(
    r"\b(?:in|since|until|from|by|of|before|after|circa|c\.|around\s+the\s+year)\s+$", re.I
)
_STREET = re.compile(r"\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'’.-]*\s+){1,3}(?P<kind>[A-Z][a-z]*\.?)(?![\w])")
_WORD_BEFORE = re.compile(r"(?P<word>#|[A-Za-z][\w.’'&/+-]*)(?P<colon>:)?\s?$")


def is_date_or_time(text: str, start: int, end: int) -> bool:
    """ "Dec. 23", "December 25", "13 December", "21st February", "7 p.m."."""
    return bool(
        _MONTH_BEFORE.search(text[max(0, start - 12) : start])
        or _MONTH_AFTER.match(text, end)
        or _TIME_AFTER.match(text, end)
    )


def is_year(text: str, start: int, digits: str) -> bool:
    """A bare four-digit number read as a year: 1900-2100 anywhere, 1000-1899 after "in", "since"..."""
    if not re.fullmatch(r"\d{4}", digits):
        return False
    n = int(digits)
    return 1900 <= n <= 2100 or (
        1000 <= n < 1900 and bool(_YEAR_BEFORE.search(text[max(0, start - 24) : start]))
    )


def is_label(text: str, start: int, digits: str, lex: Lexicon) -> bool:
    """A number that names rather than counts: after a label or rank word, or inside a name.

    The word right before decides: a label ("Highway", "episode", "extension", "year") or rank
    ("top", "No.") word; a capitalised word that is not a sentence's function word ("Radio 1",
    "Division 3"), or a word with a capital inside ("iPhone 11"). Numbers with thousands
    separators or decimals and long ones are kept ("Tesla 1,000" is a count).
    """
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if m is None or m.end() != start:
        return False
    word = m.group("word")
    if word in lex.words.get("label", ()) or word in lex.words.get("rank", ()):
        return True
    if "," in digits or "." in digits or len(digits) > 4 or m.group("colon"):
        return False  # "Ford E-Transit: 828": a list item's count after its name and a colon
    if word[0].isupper() or any(c.isupper() for c in word[1:]):
        low = word.lower()
        return (
            low not in lex.words.get("stop", ())
            and not lex.find("qualifier", low)
            and low not in lex.metric_of  # a title-case headline: "BYD Sold 3000 In March"
        )
    return False


def is_address(text: str, end: int, lex: Lexicon) -> bool:
    """ "1357 N. Elston Ave.", "10 Downing Street": a house number before a street name."""
    m = _STREET.match(text, end)
    return m is not None and m.group("kind").rstrip(".").lower() in lex.words.get("street", ())


def is_identifier(digits: str) -> bool:
    """A long run of digits with no separators and no unit: a part, account or reference number."""
    return len(digits) >= 7 and digits.isdigit()


def is_score(low: float, high: float, sep: str | None, integers: bool) -> bool:
    """ "20-17", "13-0", "2–1": a descending pair joined by a dash is a score or tally, not a range."""
    return bool(sep) and sep in "-–—" and integers and low > high
