"""Pure number parsing: digits with separators, glued footnote markers, number words, scale words.

Tables (number words, scales) come from `data/numbers.jsonl` through `extractors.lexicon`; the
functions here take them as arguments so they stay pure and testable.
"""

from __future__ import annotations

import re

_SPACE = "[ \u00a0\u202f]"  # a space, no-break space or narrow no-break space between thousands
DIGITS = (
    rf"\d{{1,3}}(?:{_SPACE}\d{{3}})+(?![\d,.])"  # "35 289", "1 000 000": thousands grouped by spaces
    r"|\d+,\d{1,2}(?=\s?(?:%|percent\b|per\s+cent\b|million\b|billion\b|bn\b|mn\b))"  # decimal comma: "149,2%"
    r"|\d+(?:,\d{3,4})*(?:\.\d+)?"
)
_DIGITS_RX = re.compile(rf"^(?:{DIGITS})$")
_SPACED_RX = re.compile(rf"^\d{{1,3}}(?:{_SPACE}\d{{3}})+$")
_DECIMAL_COMMA_RX = re.compile(r"^\d+,\d{1,2}$")


def parse_digits(text: str) -> float | None:
    """'151,000' → 151000.0; '19,703.4' → 19703.4; '365,8241' → 365824.0 (glued footnote dropped);
    '35 289' → 35289.0 (thousands grouped by spaces); '149,2' → 149.2 (a decimal comma, which
    `DIGITS` only admits before a percent sign or a scale word).

    A last thousands group of four digits is a footnote digit glued to the number (real pages
    print "365,8241" for "365,824" + footnote 1): the extra digit is dropped.
    """
    text = text.strip()
    if _SPACED_RX.match(text):
        return float(re.sub(_SPACE, "", text))
    if _DECIMAL_COMMA_RX.match(text):
        return float(text.replace(",", "."))
    if not _DIGITS_RX.match(text):
        return None
    whole, _, frac = text.partition(".")
    groups = whole.split(",")
    if len(groups) > 1:
        if any(len(g) != 3 for g in groups[1:-1]) or len(groups[-1]) not in (3, 4):
            return None
        if len(groups[-1]) == 4:
            if frac:
                return None
            groups[-1] = groups[-1][:3]
    number = "".join(groups) + (f".{frac}" if frac else "")
    return float(number)


def parse_words(text: str, words: dict[str, float], scales: dict[str, float]) -> float | None:
    """'twelve' → 12; 'twenty-five' → 25; 'two hundred thousand' → 200000; unknown words → None."""
    parts = [p for p in re.split(r"[\s-]+", text.strip().lower()) if p and p != "and"]
    if not parts:
        return None
    total, current, seen = 0.0, 0.0, False
    lower_words = {k.lower(): v for k, v in words.items()}
    lower_scales = {k: v for k, v in scales.items() if len(k) > 2}
    for p in parts:
        if p in lower_words:
            current += lower_words[p]
            seen = True
        elif p in lower_scales and seen:
            scale = lower_scales[p]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0.0
        else:
            return None
    return total + current if seen else None


def apply_scale(value: float, scale: str | None, scales: dict[str, float]) -> float:
    """Multiply by a scale word or suffix ('million', 'bn', 'k'); unknown or None leaves it."""
    if not scale:
        return value
    factor = scales.get(scale) or scales.get(scale.lower())
    return round(value * factor, 6) if factor else value
