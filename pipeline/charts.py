"""Small inline SVG charts for reports: values claimed over time, one colour per source.

No JavaScript, no fonts or images fetched: the SVG is text placed into the page, and every label
(outlet names, sentences in tooltips come from the web) is escaped here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape

PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
)
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 80, 170, 30, 40


@dataclass(frozen=True)
class Point:
    """One claimed value: its period (start may be None) and value bounds (inf for open bounds)."""

    series: str
    start: dt.date | None
    end: dt.date
    low: float
    high: float
    label: str


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi == lo:
        pad = abs(hi) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    ticks, t = [first], first
    while t < hi:
        t += step
        ticks.append(round(t, 10))
    return ticks


def _fmt_num(v: float) -> str:
    a = abs(v)
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            return f"{v / div:g}{suffix}"
    return f"{v:g}"


def timeline_svg(points: list[Point], title: str, unit: str | None = None) -> str:
    """An SVG chart of claimed values over time: a bar over each claim's period at its value (a
    whisker for a range, an arrow for an open bound), a dot at the period's end, one colour per
    series. Returns '' when there is nothing to draw."""
    pts = [p for p in points if p.end is not None]
    if not pts:
        return ""
    finite = [v for p in pts for v in (p.low, p.high) if math.isfinite(v)]
    ticks = _nice_ticks(min(finite + [0.0] if min(finite) > 0 else finite), max(finite))
    y_lo, y_hi = ticks[0], ticks[-1]
    days = [d for p in pts for d in (p.start, p.end) if d is not None]
    x_lo, x_hi = min(days), max(days)
    if x_lo == x_hi:
        x_lo, x_hi = x_lo - dt.timedelta(days=30), x_hi + dt.timedelta(days=30)
    span = (x_hi - x_lo).days
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(d: dt.date) -> float:
        return LEFT + (d - x_lo).days / span * plot_w

    def y(v: float) -> float:
        v = min(max(v, y_lo), y_hi)
        return TOP + plot_h - (v - y_lo) / (y_hi - y_lo) * plot_h

    series = list(dict.fromkeys(p.series for p in pts))
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<text x="{LEFT}" y="18" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for t in ticks:
        yy = y(t)
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#ddd"/>')
        out.append(
            f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" font-size="11" text-anchor="end">'
            f"{escape(_fmt_num(t))}</text>"
        )
    if unit:
        out.append(
            f'<text x="12" y="{TOP + plot_h / 2:.0f}" font-size="11" '
            f'transform="rotate(-90 12 {TOP + plot_h / 2:.0f})" text-anchor="middle">{escape(unit)}</text>'
        )
    for d in _date_ticks(x_lo, x_hi):
        xx = x(d)
        out.append(
            f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}" stroke="#555"/>'
        )
        out.append(
            f'<text x="{xx:.1f}" y="{TOP + plot_h + 17}" font-size="11" text-anchor="middle">'
            f"{d.isoformat()[:7]}</text>"
        )
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#555"/>')
    for p in pts:
        c = colour[p.series]
        x1 = x(p.start) if p.start else x(p.end)
        x2 = x(p.end)
        mid = p.low if math.isfinite(p.low) else p.high
        if math.isfinite(p.low) and math.isfinite(p.high) and p.low != p.high:
            mid = (p.low + p.high) / 2
            out.append(
                f'<line x1="{x2:.1f}" x2="{x2:.1f}" y1="{y(p.low):.1f}" y2="{y(p.high):.1f}" '
                f'stroke="{c}" stroke-width="2"/>'
            )
        tip = f"<title>{escape(p.series)}: {escape(p.label)}</title>"
        out.append(
            f'<g><line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y(mid):.1f}" y2="{y(mid):.1f}" stroke="{c}" '
            f'stroke-width="3" stroke-opacity="0.5"/>'
            f'<circle cx="{x2:.1f}" cy="{y(mid):.1f}" r="4.5" fill="{c}">{tip}</circle></g>'
        )
        if not math.isfinite(p.high):  # more than / at least: an arrow up
            out.append(
                f'<path d="M{x2 - 4:.1f},{y(mid) - 8:.1f} L{x2:.1f},{y(mid) - 15:.1f} '
                f'L{x2 + 4:.1f},{y(mid) - 8:.1f}" fill="none" stroke="{c}" stroke-width="2"/>'
            )
        elif not math.isfinite(p.low):
            out.append(
                f'<path d="M{x2 - 4:.1f},{y(mid) + 8:.1f} L{x2:.1f},{y(mid) + 15:.1f} '
                f'L{x2 + 4:.1f},{y(mid) + 8:.1f}" fill="none" stroke="{c}" stroke-width="2"/>'
            )
    for i, s in enumerate(series):
        ly = TOP + 8 + i * 16
        lx = LEFT + plot_w + 12
        out.append(f'<circle cx="{lx}" cy="{ly}" r="4.5" fill="{colour[s]}"/>')
        out.append(f'<text x="{lx + 9}" y="{ly + 4}" font-size="11">{escape(_clip(s, 24))}</text>')
    out.append("</svg>")
    return "".join(out)


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _date_ticks(lo: dt.date, hi: dt.date, n: int = 5) -> list[dt.date]:
    span = (hi - lo).days
    if span <= 0:
        return [lo]
    return [lo + dt.timedelta(days=round(span * i / (n - 1))) for i in range(n)]
