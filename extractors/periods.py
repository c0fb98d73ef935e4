"""Period expressions of EV news and their calendar bounds: pure functions.

`find_periods(text)` returns the period mentions of one sentence (quarters, halves, months,
month and day ranges, "first nine months", years and fiscal years, year-to-date, "last year",
"twelve months", "the same period last year", ...). `resolve(mention, ctx)` turns one into
inclusive (start, end) dates against a `PeriodContext`: the publication date when known,
otherwise the article's own anchor year; a reported figure takes the most recent *past* period,
a forecast the coming one. Unresolvable mentions give (None, None) and keep their words.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}
COUNTS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

_MON = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_YY = r"(?P<year>(?:19|20)?\d\d)"
_NUMW = r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


@dataclass(frozen=True)
class PeriodMention:
    """A period expression in a sentence; `kind` says how to resolve it, `base` marks a comparison base."""

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    a: int | None = None  # quarter, half, month, or count of months
    b: int | None = None  # end month or end day
    day: int | None = None
    base: bool = False


@dataclass
class PeriodContext:
    published: dt.date | None = None
    anchor_year: int | None = None  # the article's reported year when it has no publication date
    last: tuple[dt.date | None, dt.date | None] | None = None  # the period the text is talking about
    last_end: dt.date | None = None  # latest end of any resolved period, for year-to-date figures


def _y(text: str | None) -> int | None:
    if not text:
        return None
    y = int(text)
    return y + 2000 if y < 100 else y


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(year: int, q: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q)


# (kind, regex); order matters: earlier patterns claim their characters first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "same_last_year",
        re.compile(
            r"\b(?:the\s+)?(?:same|corresponding)\s+(?:period|quarter|month)\s+(?:(?:of\s+|in\s+)?(?:last|the\s+previous|the\s+prior)\s+year|a\s+year\s+(?:earlier|ago|before))\b",
            re.I,
        ),
    ),
    (
        "same_of_year",
        re.compile(
            rf"\b(?:the\s+)?(?:same|corresponding)\s+(?:period|quarter|month)\s+(?:of|in)\s+{_YEAR}\b", re.I
        ),
    ),
    ("same", re.compile(r"\b(?:the\s+)?same\s+(?:period|quarter|month|time)\b", re.I)),
    ("last_quarter", re.compile(r"\blast\s+quarter\b", re.I)),
    ("prev_quarter", re.compile(r"\b(?:the\s+)?(?:previous|prior|preceding|sequential)\s+quarter\b", re.I)),
    (
        "prev_year",
        re.compile(
            r"\b(?:the\s+)?(?:previous|prior|preceding)\s+year\b|\ba\s+year\s+(?:earlier|ago|before)\b", re.I
        ),
    ),
    ("prev_month", re.compile(r"\b(?:the\s+)?(?:previous|prior|preceding)\s+month\b", re.I)),
    (
        "months_ended",
        re.compile(
            rf"\b(?:the\s+)?{_NUMW}\s+months\s+(?:ended|ending|to|through)\s+(?:on\s+)?{_MON}\s*(?P<day>\d{{1,2}})?(?:,?\s+{_YEAR})?",
            re.I,
        ),
    ),
    (
        "ended",
        re.compile(
            rf"\b(?P<what>quarter|year|half|period)s?(?:\s+and\s+(?:the\s+)?full\s+year)?\s+(?:ended|ending)\s+{_MON}(?:\s*(?P<day>\d{{1,2}}))?,?\s+{_YEAR}",
            re.I,
        ),
    ),
    ("quarter", re.compile(rf"\b(?:FY\s?|fiscal\s+)?{_YEAR}\s?Q(?P<q>[1-4])\b")),
    (
        "quarter",
        re.compile(
            rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]quarter(?:\s*\(Q[1-4]\))?(?:\s+(?:of\s+)?(?:fiscal\s+|FY\s?)?{_YEAR})?",
            re.I,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s*(?:of\s+)?(?:FY\s?)?'?{_YY}\b(?![.,]\d))?(?!\w)"
        ),
    ),
    (
        "half",
        re.compile(
            rf"\b(?:the\s+)?(?P<ord>first|second|1st|2nd)[\s-]half(?:\s+of)?(?:\s+(?:fiscal\s+)?{_YEAR})?",
            re.I,
        ),
    ),
    ("half", re.compile(rf"\b(?:H(?P<h>[12])|(?P<h2>[12])H)(?:\s*(?:of\s+)?'?{_YY})?\b")),
    (
        "first_quarters",
        re.compile(rf"\b(?:the\s+)?first\s+(?P<n>two|three|2|3)\s+quarters(?:\s+of\s+{_YEAR})?", re.I),
    ),
    (
        "first_months",
        re.compile(
            rf"\b(?:the\s+)?first\s+{_NUMW}\s+months(?:\s+of\s+(?:(?P<rel>this|last)\s+year|"
            rf"(?:the\s+year\s+)?{_YEAR}))?",
            re.I,
        ),
    ),
    (
        "since_month",
        re.compile(rf"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?{_MON}(?:\s+{_YEAR})?(?!\s*\d)"),
    ),
    (
        "ytd",
        re.compile(
            r"\b(?:so\s+far\s+this\s+year|year[\s-]to[\s-]date|ytd|so\s+far\s+in\s+(?:the\s+year|20\d\d)|in\s+the\s+year\s+to\s+date)\b",
            re.I,
        ),
    ),
    ("cumulative_to", re.compile(rf"\b(?:as\s+of|by)\s+the\s+end\s+of\s+{_MON}(?:\s+{_YEAR})?", re.I)),
    (
        "cumulative_to",
        re.compile(rf"\b(?:[Aa]s\s+of|[Bb]y)\s+{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?"),
    ),
    ("cumulative_to", re.compile(rf"\b(?:as\s+of|by)\s+the\s+end\s+of\s+(?:the\s+year\s+)?{_YEAR}", re.I)),
    (
        "ytd",
        re.compile(r"\bcumulative\b[^.;]{0,40}?\bfor\s+the\s+year\b|\bfor\s+the\s+year\s+to\s+date\b", re.I),
    ),
    (
        "since",
        re.compile(r"\bsince\s+(?:its\s+)?(?:inception|launch|founding|establishment)\b|\bto\s+date\b", re.I),
    ),
    ("cumulative", re.compile(r"\bcumulative(?:ly)?\b", re.I)),
    ("rolling", re.compile(rf"\b(?:(?:the\s+)?(?:past|last|previous|trailing)\s+)?{_NUMW}\s+months\b", re.I)),
    ("past_year", re.compile(r"\b(?:the\s+)?past\s+year\b", re.I)),
    ("last_year", re.compile(r"\blast\s+year(?:'s|’s)?\b", re.I)),
    ("this_year", re.compile(r"\bthis\s+year(?:'s|’s)?\b", re.I)),
    ("next_year", re.compile(r"\bnext\s+year(?:'s|’s)?\b", re.I)),
    ("last_month", re.compile(r"\blast\s+month(?:'s|’s)?\b", re.I)),
    ("this_month", re.compile(r"\bthis\s+month(?:'s|’s)?\b", re.I)),
    ("full_year", re.compile(rf"\b(?:the\s+)?{_YEAR}\s+(?:fiscal|financial|full)\s+year\b", re.I)),
    (
        "full_year",
        re.compile(
            rf"\b(?:the\s+)?(?:full[\s-]year|entire\s+year|whole\s+year|fiscal\s+year|financial\s+year|full\s+fiscal\s+year)(?:\s+(?:of\s+)?{_YEAR})?",
            re.I,
        ),
    ),
    ("full_year", re.compile(rf"\b(?:fiscal|FY\s?){_YEAR}\b|\bannual(?:ly)?\b|\bfor\s+the\s+year\b", re.I)),
    ("full_year", re.compile(r"\b(?:FY\s?|FY')(?P<year>\d\d)\b")),
    (
        "quarterly",
        re.compile(
            r"\bquarterly\b|\b(?:for|in|during)\s+the\s+(?:quarter|period|month)\b|\bthis\s+quarter\b", re.I
        ),
    ),
    (
        "month_range",
        re.compile(
            rf"\b(?:[Ff]rom\s+)?{_MON}\s*(?:-|–|—|to|through)\s*(?P<mon2>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?:\s+(?:of\s+)?{_YEAR})?"
        ),
    ),
    (
        "day_range",
        re.compile(
            rf"\b(?:[Ff]rom\s+)?{_MON}\s+(?P<day>\d{{1,2}})\s*(?:-|–|to|through)\s*(?P<day2>\d{{1,2}})\b(?:,?\s+{_YEAR})?"
        ),
    ),
    ("day", re.compile(rf"\b{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?")),
    ("day", re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MON}(?:\s+{_YEAR})?")),
    ("month", re.compile(rf"\b{_MON}(?:\s+(?:of\s+)?{_YEAR})?(?!\w)")),
    (
        "year",
        re.compile(
            rf"(?<![\w$€£¥:,.-]){_YEAR}(?:'s|’s)?(?![\w%,.]\d|\d|[-–]\d|\s?(?:%|percent|per cent|units|vehicles|cars))"
        ),
    ),
]

_BASE_BEFORE = re.compile(
    r"(?:\bfrom|compared\s+(?:to|with)|\bversus|\bvs\.?|\bthan|\bagainst|\bover|\bbeat)\s+(?:the\s+|a\s+)?$|"
    r"(?:\bfrom|compared\s+(?:to|with)|\bversus|\bvs\.?|\bthan)\s+(?:(?!\bto\b)[^,;])*?\d[^,;]{0,24}?"
    r"\b(?:in|during|for)\s+(?:the\s+)?$",
    re.I,
)
_MONTH_NOUN = re.compile(
    r"\s+(?:sales|deliveries|delivery|figures|data|registrations|exports|production|output|results)\b", re.I
)
_BASE_KINDS = {"same_last_year", "same_of_year", "prev_quarter", "prev_year", "prev_month"}
_TICKER_BEFORE = re.compile(r"(?:HKEX|NYSE|Nasdaq|NASDAQ|SGX|SZSE|SSE|HK|TSE|KRX|ticker)\s*:\s*$")


_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# substrings (lowercased) a pattern cannot match without: a cheap filter before running the regex
_NEEDS: dict[str, tuple[str, ...]] = {
    "same_last_year": ("same", "corresponding"),
    "same_of_year": ("same", "corresponding"),
    "same": ("same",),
    "prev_quarter": ("quarter",),
    "last_quarter": ("quarter",),
    "first_quarters": ("quarters",),
    "prev_year": ("year",),
    "prev_month": ("month",),
    "months_ended": ("months",),
    "ended": ("ended", "ending"),
    "quarter": ("quarter", "q"),
    "half": ("half", "h"),
    "first_months": ("months",),
    "ytd": ("year", "ytd", "cumulative"),
    "cumulative_to": ("end of", "as of", "by "),
    "since": ("since", "to date"),
    "cumulative": ("cumulative",),
    "since_month": ("since",),
    "rolling": ("months",),
    "past_year": ("past",),
    "last_year": ("year",),
    "this_year": ("year",),
    "next_year": ("year",),
    "last_month": ("month",),
    "this_month": ("month",),
    "full_year": ("year", "fiscal", "fy", "annual"),
    "quarterly": ("quarter", "period", "month"),
    "month_range": _MONTH_KEYS,
    "day_range": _MONTH_KEYS,
    "day": _MONTH_KEYS,
    "month": _MONTH_KEYS,
    "year": ("19", "20"),
}


_NEEDS_RX = re.compile(
    "|".join(re.escape(k) for k in sorted({k for ks in _NEEDS.values() for k in ks}, key=len, reverse=True))
)


def find_periods(text: str) -> list[PeriodMention]:
    """Every period mention in `text`, left to right, without overlaps."""
    spans: list[tuple[int, int]] = []
    out: list[PeriodMention] = []
    present = set(_NEEDS_RX.findall(text.lower()))
    for kind, rx in _PATTERNS:
        if present.isdisjoint(_NEEDS[kind]):
            continue
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if any(s < b and a < e for a, b in spans):
                continue
            if kind == "month" and m.group("mon") == "May" and not m.group("year"):
                before = text[max(0, s - 12) : s].lower()
                if (
                    not re.search(r"(?:in|for|of|during|since|until|through|to|and|,|–|-)\s*$", before)
                    and s != 0
                    and not _MONTH_NOUN.match(text[e : e + 20])
                ):
                    continue
            if (
                kind in ("month", "day")
                and m.groupdict().get("mon")
                and m.group("mon")[:3].lower() in ("mar", "may")
                and m.group("mon")[0].islower()
            ):
                continue
            if kind == "year" and _TICKER_BEFORE.search(text[max(0, s - 12) : s]):
                continue
            g = m.groupdict()
            pm = _mention(kind, m, g)
            if pm is None:
                continue
            base = (
                kind in _BASE_KINDS
                or bool(_BASE_BEFORE.search(text[max(0, s - 45) : s]))
                or kind == "year"
                and bool(re.search(r"\bsince\s+$", text[max(0, s - 8) : s], re.I))
            )
            out.append(replace(pm, base=base))
            spans.append((s, e))
    out.sort(key=lambda p: p.start)
    return out


def _mention(kind: str, m: re.Match[str], g: dict) -> PeriodMention | None:
    s, e, t = m.start(), m.end(), m.group(0)
    year = _y(g.get("year"))
    mon = MONTHS.get((g.get("mon") or "").lower().rstrip("."))
    if kind == "quarter":
        q = int(g.get("q") or g.get("q2") or 0) or ORDINALS.get((g.get("ord") or "").lower())
        return PeriodMention(s, e, t, "quarter", year, q)
    if kind == "half":
        h = int(g.get("h") or g.get("h2") or 0) or ORDINALS.get((g.get("ord") or "").lower())
        return PeriodMention(s, e, t, "half", year, h)
    if kind == "first_quarters":
        n = g["n"].lower()
        count = 3 * (int(n) if n.isdigit() else COUNTS[n])
        return PeriodMention(s, e, t, "first_months", year, count)
    if kind in ("first_months", "rolling", "months_ended"):
        n = g.get("n") or ""
        count = int(n) if n.isdigit() else COUNTS.get(n.lower())
        if not count or count > 12:
            return None
        day = int(g["day"]) if g.get("day") else None
        rel = (g.get("rel") or "").lower()
        return PeriodMention(
            s, e, t, kind, year, count, mon, day if not rel else (0 if rel == "this" else -1)
        )
    if kind == "ended":
        what = {"quarter": 1, "year": 2, "half": 3}.get(g["what"].lower(), 1)
        return PeriodMention(s, e, t, "ended", year, mon, what, int(g["day"]) if g.get("day") else None)
    if kind == "month_range":
        return PeriodMention(s, e, t, kind, year, mon, MONTHS.get(g["mon2"].lower().rstrip(".")))
    if kind == "day_range":
        return PeriodMention(s, e, t, kind, year, mon, int(g["day2"]), int(g["day"]))
    if kind == "day":
        if not mon:
            return None
        day = int(g["day"])
        return PeriodMention(s, e, t, "day", year, mon, None, day) if 1 <= day <= 31 else None
    if kind == "cumulative_to":
        day = int(g["day"]) if g.get("day") else None
        return PeriodMention(s, e, t, kind, year, mon or 12, None, day)
    if kind in ("month", "since_month"):
        return PeriodMention(s, e, t, kind, year, mon)
    if kind in ("year", "full_year", "same_of_year"):
        return PeriodMention(s, e, t, kind, year)
    return PeriodMention(s, e, t, kind)


def _ref_year(ctx: PeriodContext) -> int | None:
    return ctx.published.year if ctx.published else ctx.anchor_year


def _past_month_year(month: int, ctx: PeriodContext, forecast: bool) -> int | None:
    if ctx.published:
        p = ctx.published
        if forecast:
            return p.year if month >= p.month else p.year + 1
        return p.year if month <= p.month else p.year - 1
    return ctx.anchor_year


def _past_quarter_year(q: int, ctx: PeriodContext, forecast: bool) -> int | None:
    if ctx.published:
        p = ctx.published
        current = (p.month - 1) // 3 + 1
        if forecast:
            return p.year if q >= current else p.year + 1
        return p.year if q < current else p.year - 1
    return ctx.anchor_year


def shift(period: tuple[dt.date | None, dt.date | None], years: int = 0, months: int = 0):
    """Move a period by whole years or months (ends snap to month ends when they were month ends)."""

    def mv(d: dt.date | None, is_end: bool) -> dt.date | None:
        if d is None:
            return None
        total = d.year * 12 + d.month - 1 + years * 12 + months
        y, m = divmod(total, 12)
        m += 1
        last = calendar.monthrange(y, m)[1]
        if is_end and d.day == calendar.monthrange(d.year, d.month)[1]:
            return dt.date(y, m, last)
        return dt.date(y, m, min(d.day, last))

    return mv(period[0], False), mv(period[1], True)


def resolve(
    pm: PeriodMention, ctx: PeriodContext, forecast: bool = False
) -> tuple[dt.date | None, dt.date | None]:
    """Inclusive calendar bounds of a mention, or (None, None) when the text and context give none."""
    k, year = pm.kind, pm.year
    ref = _ref_year(ctx)
    last = ctx.last
    try:
        if k == "quarter" and pm.a:
            y = year or _past_quarter_year(pm.a, ctx, forecast)
            return quarter_bounds(y, pm.a) if y else (None, None)
        if k == "half" and pm.a:
            y = year or (ref if not ctx.published else _past_quarter_year(pm.a * 2, ctx, forecast))
            if not y:
                return None, None
            return (
                (dt.date(y, 1, 1), dt.date(y, 6, 30)) if pm.a == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
            )
        if k == "first_months":
            y = year
            if y is None and ctx.published:
                p = ctx.published
                y = (
                    p.year + (pm.day or 0)
                    if pm.day is not None
                    else (p.year if pm.a < p.month else p.year - 1)
                )
            y = y or ref
            return (dt.date(y, 1, 1), month_end(y, pm.a)) if y else (None, None)
        if k == "since_month" and pm.a:
            y = year or _past_month_year(pm.a, ctx, False)
            return (dt.date(y, pm.a, 1), ctx.published) if y else (None, None)
        if k == "months_ended" and pm.b:
            y = year or _past_month_year(pm.b, ctx, forecast)
            if not y:
                return None, None
            end = dt.date(y, pm.b, pm.day) if pm.day else month_end(y, pm.b)
            start = shift((dt.date(y, pm.b, 1), None), months=-(pm.a - 1))[0]
            return start, end
        if k == "ended" and pm.a and year:
            if pm.b == 2:  # a (fiscal) year: the twelve months to the end of the month named
                return shift((dt.date(year, pm.a, 1), None), months=-11)[0], month_end(year, pm.a)
            if pm.b == 3:
                return dt.date(year, max(1, pm.a - 5), 1), month_end(year, pm.a)
            return quarter_bounds(year, (pm.a - 1) // 3 + 1)
        if k == "month" and pm.a:
            y = year or _past_month_year(pm.a, ctx, forecast)
            return (dt.date(y, pm.a, 1), month_end(y, pm.a)) if y else (None, None)
        if k == "month_range" and pm.a and pm.b:
            y = year or _past_month_year(pm.b, ctx, forecast)
            return (dt.date(y, pm.a, 1), month_end(y, pm.b)) if y else (None, None)
        if k == "day_range" and pm.a:
            y = year or _past_month_year(pm.a, ctx, forecast)
            return (dt.date(y, pm.a, pm.day), dt.date(y, pm.a, pm.b)) if y else (None, None)
        if k == "day" and pm.a:
            y = year or _past_month_year(pm.a, ctx, forecast)
            return (dt.date(y, pm.a, pm.day), dt.date(y, pm.a, pm.day)) if y else (None, None)
        if k == "cumulative_to" and pm.a:
            y = year or _past_month_year(pm.a, ctx, forecast)
            if not y:
                return None, None
            return None, dt.date(y, pm.a, pm.day) if pm.day else month_end(y, pm.a)
        if k in ("year", "same_of_year") and year:
            if k == "same_of_year" and last and last[0] and last[1]:
                return shift(last, years=year - last[1].year)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if k == "full_year":
            y = year or (last[1].year if last and last[1] else None) or ref
            if not year and ctx.published and not (last and last[1]) and not ctx.anchor_year:
                y = ctx.published.year - 1
            return (dt.date(y, 1, 1), dt.date(y, 12, 31)) if y else (None, None)
        if k == "last_year":
            y = ctx.published.year - 1 if ctx.published else ctx.anchor_year
            return (dt.date(y, 1, 1), dt.date(y, 12, 31)) if y else (None, None)
        if k == "next_year":
            y = ctx.published.year + 1 if ctx.published else None
            return (dt.date(y, 1, 1), dt.date(y, 12, 31)) if y else (None, None)
        if k == "this_year":
            if ctx.published:
                p = ctx.published
                return (dt.date(p.year, 1, 1), dt.date(p.year, 12, 31) if forecast else p)
            return (dt.date(ref, 1, 1), dt.date(ref, 12, 31)) if ref else (None, None)
        if k == "ytd":
            y = ref
            if ctx.last_end and (y is None or ctx.last_end.year == y):
                return dt.date(ctx.last_end.year, 1, 1), ctx.last_end
            if ctx.published:
                return dt.date(ctx.published.year, 1, 1), ctx.published
            return None, None
        if k == "last_month" and ctx.published:
            p = ctx.published
            y, m = (p.year, p.month - 1) if p.month > 1 else (p.year - 1, 12)
            return dt.date(y, m, 1), month_end(y, m)
        if k == "this_month" and ctx.published:
            p = ctx.published
            return dt.date(p.year, p.month, 1), month_end(p.year, p.month)
        if k == "rolling" and ctx.published:
            return shift((ctx.published, None), months=-pm.a)[0], ctx.published
        if k == "past_year":
            if ctx.anchor_year and (not ctx.published or ctx.published.year == ctx.anchor_year + 1):
                return dt.date(ctx.anchor_year, 1, 1), dt.date(ctx.anchor_year, 12, 31)
            if ctx.published:
                return shift((ctx.published, None), years=-1)[0], ctx.published
            return None, None
        if k in ("same", "quarterly") and last:
            return last
        if k == "same_last_year" and last:
            return shift(last, years=-1)
        if k == "last_quarter" and ctx.published:
            p = ctx.published
            current = (p.month - 1) // 3 + 1
            return quarter_bounds(p.year, current - 1) if current > 1 else quarter_bounds(p.year - 1, 4)
        if k == "prev_quarter" and last and last[0]:
            return shift(last, months=-3)
        if k == "prev_month" and last and last[0]:
            return shift(last, months=-1)
        if k == "prev_year" and last and last[0]:
            return shift(last, years=-1)
        if k == "cumulative" and ctx.last_end and (ref is None or ctx.last_end.year == ref):
            return dt.date(ctx.last_end.year, 1, 1), ctx.last_end
        if k in ("since", "cumulative"):
            return None, (ctx.published if ctx.published else None)
    except ValueError:
        return None, None
    return None, None


def basis_between(
    current: tuple[dt.date | None, dt.date | None], base: tuple[dt.date | None, dt.date | None]
) -> str | None:
    """'yoy', 'qoq' or 'mom' when `base` is `current` moved back a year, a quarter or a month."""
    if not (current[0] and current[1] and base[0] and base[1]):
        return None
    for basis, delta in (("yoy", {"years": -1}), ("qoq", {"months": -3}), ("mom", {"months": -1})):
        if shift(current, **delta) == base:
            return basis
    return None
