"""Scopes inside scopes: a month inside its quarter, a brand inside its company, BEV inside NEV; parts
that cannot overlap; periods in words and shifted back a year, a quarter or a month."""

from __future__ import annotations

import calendar
import datetime as dt

from pipeline.reconcile.scope import market, segment, unit_key

# Segments inside another: BEV, PHEV and EREV are kinds of NEV; none covers the maker's whole output
# except an unstated segment (its total), which scope.segment already reads as `nev` for NEV-only makers.
_INSIDE_NEV = frozenset({"bev", "phev", "erev"})
_PRODUCT_KINDS = frozenset({"brand", "model"})
# Segments that share no vehicle: a car is BEV or PHEV or EREV, passenger or commercial.
_DISJOINT_SEGMENTS = (frozenset({"bev", "phev", "erev"}), frozenset({"passenger", "commercial"}))


def day(v: str | None) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


def period_of(c: dict) -> tuple[dt.date, dt.date] | None:
    """Both ends of the claim's period, or None when either is unstated (kept on our copy)."""
    if "_period" not in c:
        s, e = day(c.get("period_start")), day(c.get("period_end"))
        c["_period"] = (s, e) if s and e else None
    return c["_period"]


def segment_within(part: str | None, whole: str | None) -> bool:
    """True when every vehicle of segment `part` is in segment `whole` (None: the maker's total)."""
    return whole is None or part == whole or (whole == "nev" and part in _INSIDE_NEV)


def subject_within(part: str, whole: str, registry) -> bool:
    return part == whole or (registry is not None and registry.relation(part, whole) == "child")


def same_measure(a: dict, b: dict, registry) -> bool:
    """Same metric, unit, basis and market: the figures can be added and set against each other."""
    return (
        a["metric"] == b["metric"]
        and a.get("unit") == b.get("unit")
        and unit_key(a.get("unit")) is not None
        and a.get("basis") == b.get("basis")
        and market(a) == market(b)
    )


def within(part: dict, whole: dict, registry, *, child_same_scope: bool = False) -> bool:
    """`part`'s scope lies inside `whole`'s and is smaller in period or segment, its subject the
    whole's or under it. A child with the whole's own period and segment is a part only when
    `child_same_scope` (brands adding up to their company); alone it is a levels group, where a
    brand above its company for the same quarter is a conflict."""
    pp, pw = period_of(part), period_of(whole)
    if pp is None or pw is None or not same_measure(part, whole, registry):
        return False
    if not (pw[0] <= pp[0] and pp[1] <= pw[1]):
        return False
    sp, sw = segment(part, registry), segment(whole, registry)
    if not subject_within(part["subject"], whole["subject"], registry) or not segment_within(sp, sw):
        return False
    return pp != pw or sp != sw or (child_same_scope and part["subject"] != whole["subject"])


def disjoint(a: dict, b: dict, registry) -> bool:
    """Two scopes that share no vehicle (or yuan): periods apart, subjects of which neither contains
    the other, or segments such as BEV and PHEV."""
    pa, pb = period_of(a), period_of(b)
    if pa and pb and (pa[1] < pb[0] or pb[1] < pa[0]):
        return True
    if _subjects_disjoint(a["subject"], b["subject"], registry):
        return True
    ga, gb = segment(a, registry), segment(b, registry)
    return ga != gb and any(ga in s and gb in s for s in _DISJOINT_SEGMENTS)


def _subjects_disjoint(a: str, b: str, registry) -> bool:
    """Brands and models of which neither contains the other sell different cars. A company's unit
    (Tesla China, BYD Europe) may sell the very models named beside it, so it is never disjoint."""
    if a == b or registry is None or registry.relation(a, b) in ("child", "parent"):
        return False
    ea, eb = registry.get(a), registry.get(b)
    return bool(ea and eb and ea.kind in _PRODUCT_KINDS and eb.kind in _PRODUCT_KINDS)


def shift_back(c: dict, months: int) -> tuple[str, str] | None:
    """The claim's period moved `months` back (a year: 12), month ends kept as month ends."""
    p = period_of(c)
    if p is None:
        return None
    return _shift(p[0], months, False).isoformat(), _shift(p[1], months, True).isoformat()


def _shift(d: dt.date, months: int, end: bool) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    m += 1
    last = calendar.monthrange(y, m)[1]
    if end and d.day == calendar.monthrange(d.year, d.month)[1]:
        return dt.date(y, m, last)
    return dt.date(y, m, min(d.day, last))


def period_label(c: dict) -> str:
    """'2024', 'H1 2025', 'Q3 2024', 'Feb 2025', else '2025-01-01 to 2025-05-31'."""
    p = period_of(c)
    if p is None:
        return "no period"
    s, e = p
    month_end = e.day == calendar.monthrange(e.year, e.month)[1]
    if s.day == 1 and month_end and s.year == e.year:
        months = e.month - s.month + 1
        if months == 12:
            return str(s.year)
        if months == 6 and s.month in (1, 7):
            return f"H{1 if s.month == 1 else 2} {s.year}"
        if months == 3 and s.month in (1, 4, 7, 10):
            return f"Q{(s.month - 1) // 3 + 1} {s.year}"
        if months == 1:
            return f"{calendar.month_abbr[s.month]} {s.year}"
    return f"{s.isoformat()} to {e.isoformat()}"
