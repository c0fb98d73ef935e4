"""A claim's figure as a point and an interval, the precision it was written with, and how two compare."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_NUM = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(trillion|billion|bn|million|mln|mn|m|thousand|k)?(?![a-z])",
    re.IGNORECASE,
)
_SCALE = {
    "trillion": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
_QWORD = {"more_than": "more than", "at_least": "at least", "less_than": "less than", "at_most": "at most"}


def _step_from_value(v: float, unit: str | None) -> float:
    """Precision implied by the digits of `v` as written in full: trailing zeros count as rounding up
    to the last thousands group ("27,000" is to the thousand, so "over 27,000" agrees with 27,307
    but "more than 80,000" only admits 84,000), and "10%" is to the unit."""
    if v == 0:
        return 1.0
    step = 10.0 ** _dec_exponent(v)
    cap = 1.0 if unit in ("percent", "percentage_points", "km", "kWh") else 1000.0
    return min(step, cap)


def _dec_exponent(v: float) -> int:
    from decimal import Decimal

    s = repr(float(v))
    dec = Decimal(s).normalize()
    exp = dec.as_tuple().exponent
    return int(exp) if isinstance(exp, int) else 0


def written_step(value: float, unit: str | None, sentence: str | None) -> float:
    """The precision `value` was written with: read from the sentence when the figure is found there
    ("1.1 million" → 100,000; "RMB22.402 billion" → 1,000,000), else from its digits."""
    target = abs(value)
    if sentence:
        for m in _NUM.finditer(sentence):
            whole, frac, scale = m.group(1).replace(",", ""), m.group(2) or "", (m.group(3) or "").lower()
            mult = _SCALE.get(scale, 1.0)
            num = float(f"{whole}.{frac}" if frac else whole) * mult
            if math.isclose(num, target, rel_tol=1e-9, abs_tol=1e-9):
                if mult == 1.0 and not frac:
                    return _step_from_value(value, unit)  # "150,000": trailing zeros are rounding
                return 10.0 ** (-len(frac)) * mult
    return _step_from_value(value, unit)


def written_in(value: float, sentence: str | None) -> bool:
    """True when the figure is written in digits in the sentence (or there is no sentence to read):
    "doubled" or "a quarter" carry no precision to measure slack by."""
    if not sentence:
        return True
    target = abs(value)
    for m in _NUM.finditer(sentence):
        whole, frac, scale = m.group(1).replace(",", ""), m.group(2) or "", (m.group(3) or "").lower()
        num = float(f"{whole}.{frac}" if frac else whole) * _SCALE.get(scale, 1.0)
        if math.isclose(num, target, rel_tol=1e-9, abs_tol=1e-9):
            return True
    return False


@dataclass(frozen=True)
class Value:
    """A claim's value as a point (what it says) and an interval (what it admits)."""

    point: float | None  # the figure, or a bound's threshold; None for a range
    low: float  # admitted interval (may be -inf/inf)
    high: float
    step: float
    bounded: bool  # a bound or a range, i.e. admits more than its point
    text: str


def claim_value(c: dict) -> Value | None:
    lo, hi = c.get("value_low"), c.get("value_high")
    if lo is None and hi is None:
        return None
    lo = float(lo if lo is not None else hi)
    hi = float(hi if hi is not None else lo)
    if lo > hi:
        lo, hi = hi, lo
    unit, q = c.get("unit"), c.get("qualifier") or "exact"
    sentence = c.get("sentence")
    if lo != hi:
        step = min(written_step(lo, unit, sentence), written_step(hi, unit, sentence))
        return Value(None, lo, hi, step, True, f"{fmt(lo)}–{fmt(hi)}")
    v = lo
    step = written_step(v, unit, sentence)
    # "fell more than 3%" is -3 more_than: the qualifier describes the size of the change
    upward = q in ("more_than", "at_least")
    downward = q in ("less_than", "at_most")
    if v < 0 and (upward or downward):
        upward, downward = downward, upward
    if upward:
        return Value(v, v, math.inf, step, True, f"{_QWORD[q]} {fmt(v)}")
    if downward:
        return Value(v, -math.inf, v, step, True, f"{_QWORD[q]} {fmt(v)}")
    prefix = "about " if q == "approx" else ""
    return Value(v, v, v, step, False, prefix + fmt(v))


def value_of(c: dict) -> Value | None:
    """claim_value, kept on the claim (our own copy of it) since pairs ask for it again and again."""
    if "_value" not in c:
        c["_value"] = claim_value(c)
    return c["_value"]


def fmt(v: float) -> str:
    if v == int(v) and abs(v) < 1e16:
        return f"{int(v):,}"
    return f"{v:,.6g}" if abs(v) >= 1000 else f"{v:g}"


_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def words(v: float, digits: int = 4) -> str:
    """An amount as people write it, to `digits` significant digits: 9.429e9 → '9.429 billion'."""
    if not math.isfinite(v):
        return fmt(v)
    r = float(f"{v:.{digits}g}")
    for div, word in _WORDS:
        if abs(r) >= div:
            return f"{r / div:,.{digits}g} {word}"
    return fmt(r)


def midpoint(v: Value) -> float:
    """The figure a value stands for when two are measured apart: its point, else its range's middle."""
    return v.point if v.point is not None else (v.low + v.high) / 2


def _round_to(v: float, step: float) -> float:
    return round(v / step) * step


def compare_values(a: Value, b: Value) -> tuple[str, str]:
    """Verdict for two values of comparable claims, and the reason in words."""
    if a.point is not None and b.point is not None:
        coarse = max(a.step, b.step)
        ra, rb = _round_to(a.point, coarse), _round_to(b.point, coarse)
        if math.isclose(ra, rb, rel_tol=1e-9, abs_tol=coarse * 1e-6):
            if a.point == b.point:
                return "agree", f"{a.text} and {b.text}: equal"
            return "agree", f"{a.text} and {b.text}: equal once rounded to {fmt(coarse)}"
        big = max(abs(a.point), abs(b.point))
        if big and abs(a.point - b.point) <= 0.01 * big:
            return "agree", f"{a.text} and {b.text}: within 1%"
    elif a.point is None and b.point is None and a.low == b.low and a.high == b.high:
        return "agree", f"{a.text} and {b.text}: the same range"
    if (a.bounded or b.bounded) and a.low <= b.high and b.low <= a.high:
        # open bounds: "more than 80,000" does not admit exactly 80,000, but rounding does
        return "compatible", f"{a.text} and {b.text}: the bounds admit each other"
    gap = _gap(a, b)
    return "conflict", f"{a.text} against {b.text}: {gap}"


def _gap(a: Value, b: Value) -> str:
    pa, pb = midpoint(a), midpoint(b)
    big = max(abs(pa), abs(pb))
    if not big or math.isinf(big):
        return "they do not overlap"
    return f"{abs(pa - pb) / big:.0%} apart, no bound admits both"
