"""Pure number parsing: digits with separators, glued footnote markers, number words, scale words.

Tables (number words, scales) come from `data/numbers.jsonl` through `extractors.lexicon`; the
functions here take them as arguments so they stay pure and testable.
"""

from __future__ import annotations

import re

_SPACE = "[ \u00a0\u202f]"  # a space, no-break space or narrow no-break space between thousands
DIGITS = (
    rf"\d{{1,3}}(?:{_SPACE}\d{{3}})+(?![\d,]|\.\d)"  # "35 289", "1 000 000": thousands grouped by spaces (a full stop may end the sentence)
    r"|\d+,\d{1,2}(?=\s?(?:%|percent\b|per\s+cent\b|million\b|billion\b|bn\b|mn\b))"  # decimal comma: "149,2%"
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])(?:\.\d+)?"  # Indian grouping: "1,00,000", "1,04,444"
    r"|\d{1,3}(?:\.\d{3}){2,}(?![\d.,])"  # thousands grouped by dots: "1.901.880 JPY"
    r"|\d+(?:,\d{3,4})*(?:\.\d+)?"
)
_DIGITS_RX = re.compile(rf"^(?:{DIGITS})$")
_DOT_THOUSANDS_RX = re.compile(r"^\d{1,3}(?:\.\d{3}){2,}$")
_SPACED_RX = re.compile(rf"^\d{{1,3}}(?:{_SPACE}\d{{3}})+$")
_DECIMAL_COMMA_RX = re.compile(r"^\d+,\d{1,2}$")
_INDIAN_RX = re.compile(r"^\d{1,2}(?:,\d{2})+,\d{3}$")


def parse_digits(text: str) -> float | None:
    """'151,000' → 151000.0; '19,703.4' → 19703.4; '365,8241' → 365824.0 (glued footnote dropped);
    '35 289' → 35289.0 (thousands grouped by spaces); '149,2' → 149.2 (a decimal comma, which
    `DIGITS` only admits before a percent sign or a scale word).

    A last thousands group of four digits is a footnote digit glued to the number (real pages
    print "365,8241" for "365,824" + footnote 1): the extra digit is dropped.
    """
    text = text.strip()
    whole, dot, frac = text.partition(".")
    if whole.isascii() and whole.isdigit() and (not dot or frac.isascii() and frac.isdigit()):
        return float(text)  # "2024", "4.27": plain digits, the common case, as the rules below read them
    if _DOT_THOUSANDS_RX.match(text):
        return float(text.replace(".", ""))  # "1.901.880": dots group thousands (European style)
    if _SPACED_RX.match(text):
        return float(re.sub(_SPACE, "", text))
    if _DECIMAL_COMMA_RX.match(text):
        return float(text.replace(",", "."))
    if not _DIGITS_RX.match(text):
        return None
    whole, _, frac = text.partition(".")
    groups = whole.split(",")
    if _INDIAN_RX.match(whole):  # lakh and crore grouping: "1,00,000" is 100,000
        return float(whole.replace(",", "") + (f".{frac}" if frac else ""))
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
    """'twelve' → 12; 'twenty-five' → 25; 'two hundred thousand' → 200000; 'a dozen' → 12;
    'three and a half' → 3.5; 'two and a half million' → 2500000; unknown words → None.

    "a"/"an" count as one only before a scale word ("a million", "a dozen"); "and" joins parts
    ("one hundred and five") unless it starts "and a half".
    """
    parts = [p for p in re.split(r"[\s-]+", text.strip().lower()) if p]
    if not parts:
        return None
    lower_words = {k.lower(): v for k, v in words.items()}
    lower_scales = {k: v for k, v in scales.items() if len(k) > 2}
    total, current, seen = 0.0, 0.0, False
    i = 0
    while i < len(parts):
        p = parts[i]
        if p == "and" and seen and parts[i + 1 : i + 3] == ["a", "half"]:
            current += 0.5
            i += 3
            continue
        if p == "and" and seen and parts[i - 1] in lower_scales:
            i += 1  # "one hundred and five"; "seven and eight" is two numbers
            continue
        if p in ("a", "an") and not seen and i + 1 < len(parts) and parts[i + 1] in lower_scales:
            current, seen = 1.0, True
        elif p in lower_words:
            current += lower_words[p]
            seen = True
        elif p in lower_scales and seen:
            scale = lower_scales[p]
            if scale < 1000:
                current *= scale  # "two hundred", "two dozen": multiplies what came before it
            else:
                total += current * scale
                current = 0.0
        else:
            return None
        i += 1
    return total + current if seen else None


def parse_fraction(numerator: int, denominator: int) -> float:
    """ "1/4" → 0.25: a fraction written in digits, rounded to four places."""
    return round(numerator / denominator, 4)


def apply_scale(value: float, scale: str | None, scales: dict[str, float]) -> float:
    """Multiply by a scale word or suffix ('million', 'bn', 'k'); unknown or None leaves it."""
    if not scale:
        return value
    factor = scales.get(scale) or scales.get(scale.lower())
    return float(f"{value * factor:.15g}") if factor else value  # 33.8 billion is 33800000000, not ...999996
