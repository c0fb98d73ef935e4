"""Rows of the mirror → what the web pages show. Pure functions, no I/O, no Datasette.

Claims are shown as the report shows them (`pipeline.report.report_claim`, one row per figure from
`pipeline.figures`), charts are the report's SVG (`pipeline.charts`), and a group's camps are read
from whatever the store records: a camp column of group_members when the reconciler writes one, else
the conflict's side groups, else the distinct figures.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.charts import Point, timeline_svg
from pipeline.figures import merge_figures
from pipeline.reconcile import claim_value
from pipeline.report import (
    CLAIMREVIEW_RATING,
    ReportClaim,
    ReportData,
    ReportGroup,
    human_number,
    period_words,
    report_claim,
    to_claimreview,
    value_text,
)

# Why a group got its verdict, in words a reader needs before the figures.
VERDICT_WORDS = {
    "conflict": "The sources cannot all be right: no reading of their bounds and of the rounding of the "
    "written figures admits every figure.",
    "inconsistent": "Figures of different scope whose arithmetic cannot all hold: a part above its whole, "
    "parts adding up to more than the whole, or a growth rate against two stated levels.",
    "compatible": "The figures' bounds admit each other (“more than 80,000” and 84,000): they can all be true.",
    "agree": "Independent sources state the same figure, equal once rounded as written.",
    "different_scope": "Related figures of a different scope (period, segment, market or subject): "
    "linked, not compared.",
    "single_source": "Only one independent source states it: there is nothing to check it against.",
}
# Columns of group_members that say which camp a claim is in, when the reconciler records one.
CAMP_COLUMNS = ("camp", "camp_id", "side")
MAX_SERIES = 8
MAX_POINTS = 200
MAX_CHARTS = 6


def verdict_words(verdict: str | None) -> str:
    return VERDICT_WORDS.get(verdict or "", f"Verdict: {verdict}.")


def json_list(text) -> list:
    """A JSON list column of the mirror as a list ([] for null or anything else)."""
    if not text:
        return []
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return []
    return value if isinstance(value, list) else []


def figure_rows(rows: list[dict], role_of=None) -> list[ReportClaim]:
    """Mirror claim rows as report rows, one per figure (a headline and its body, copies of one cluster)."""
    claims = [report_claim(r, (role_of or {}).get(r["claim_id"], r.get("role") or "member")) for r in rows]
    return merge_figures(claims, period_words)


@dataclass
class Camp:
    """Claims that agree with each other inside a group, shown side by side with the other camps."""

    title: str
    rows: list[ReportClaim]
    note: str = ""
    group_id: str | None = None


def camps(members: list[dict], sides: list[tuple[dict, list[str]]] | None = None) -> list[Camp]:
    """The camps of a group's member claims (role member; related claims are shown apart).

    `members` are claim rows joined with their group_members row; `sides` are the side groups linked
    to the group with their claim ids. A camp column in the members wins, then the sides, then one
    camp per distinct figure."""
    own = [m for m in members if (m.get("role") or "member") == "member"]
    column = next((c for c in CAMP_COLUMNS if any(m.get(c) is not None for m in own)), None)
    buckets: dict[str, list[dict]] = defaultdict(list)
    notes: dict[str, str] = {}
    ids: dict[str, str | None] = {}
    if column:
        for m in own:
            buckets[str(m.get(column) if m.get(column) is not None else "—")].append(m)
    else:
        placed: set[str] = set()
        for side, claim_ids in sides or []:
            key = f"side:{side['group_id']}"
            buckets[key] = [m for m in own if m["claim_id"] in claim_ids]
            placed.update(claim_ids)
            notes[key] = f"{side.get('verdict', '').replace('_', ' ')}, {side.get('n_sources')} sources"
            ids[key] = side["group_id"]
        for m in own:
            if m["claim_id"] not in placed:
                buckets[f"value:{value_text(m)}"].append(m)
    out = []
    for key, rows in (
        sorted(buckets.items(), key=lambda kv: _camp_order(kv[0])) if column else buckets.items()
    ):
        if not rows:
            continue
        figures = figure_rows(rows)
        sources = len({m.get("cluster_id") or m["claim_id"] for m in rows})
        title = " / ".join(dict.fromkeys(f.value for f in figures))
        note = notes.get(key) or f"{sources} source{'s' if sources != 1 else ''}"
        if column and key.isdigit():
            title = f"camp {key}: {title}"
        out.append(Camp(title=title, rows=figures, note=note, group_id=ids.get(key)))
    return out


def _camp_order(key: str) -> tuple:
    """Camps numbered by the reconciler in their order (1 is the camp most sources back), then the rest."""
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def period_reading(c: ReportClaim) -> str:
    """How a claim's period was read: the words, the days they were resolved to, and the anchor."""
    if c.period_start is None and c.period_end is None:
        return f"“{c.period_text}”: no dates resolved" if c.period_text else "no period stated"
    span = f"{c.period_start or '…'} to {c.period_end or '…'}"
    words = f"“{c.period_text}” read as {span}" if c.period_text else f"{span} (no words for it)"
    return words + (f", against publication on {c.published}" if c.published else "")


def highlight(paragraph: dict | None, claim: dict) -> tuple[str, str, str] | None:
    """(before, sentence, after) of the evidence sentence in its paragraph; None when it cannot be placed."""
    if not paragraph or not paragraph.get("text"):
        return None
    text, p0 = paragraph["text"], paragraph.get("start_char") or 0
    s, e = claim.get("start_char"), claim.get("end_char")
    sentence = claim.get("sentence") or ""
    if (
        s is not None
        and e is not None
        and 0 <= s - p0 < e - p0 <= len(text)
        and text[s - p0 : e - p0] == sentence
    ):
        return text[: s - p0], text[s - p0 : e - p0], text[e - p0 :]
    at = text.find(sentence) if sentence else -1
    if at < 0:
        return None
    return text[:at], sentence, text[at + len(sentence) :]


@dataclass
class EntityChart:
    metric: str
    unit: str | None
    title: str
    svg: str
    n_claims: int
    note: str = ""


@dataclass
class _Agg:
    outlet: str
    start: dt.date | None
    end: dt.date
    low: float
    high: float
    n: int
    published: str | None
    label: str = ""
    outlets: set = field(default_factory=set)


def entity_charts(rows: list[dict], name: str) -> list[EntityChart]:
    """One chart per metric and unit (the report's SVG), from claim rows aggregated by outlet and period.

    A row holds metric, unit, outlet, period_start, period_end, n (claims), lo, hi (values), qualifier
    (when all n share it) and published (latest). Past MAX_SERIES outlets, the smaller ones are one
    series; past MAX_POINTS points, each series keeps one band per period; past that, the latest
    periods. The MAX_CHARTS metrics with most claims are drawn."""
    by_metric: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        by_metric[(r["metric"], r.get("unit"))].append(r)
    ranked = sorted(by_metric.items(), key=lambda kv: (-sum(r["n"] for r in kv[1]), str(kv[0])))
    out = []
    for (metric, unit), mrows in ranked[:MAX_CHARTS]:
        points, note = _points(mrows)
        if not points:
            continue
        title = f"{name}: {metric.replace('_', ' ')}"
        n = sum(r["n"] for r in mrows)
        out.append(EntityChart(metric, unit, title, timeline_svg(points, title, unit), n, note))
    return out


def _points(rows: list[dict]) -> tuple[list[Point], str]:
    counts = Counter()
    for r in rows:
        counts[r.get("outlet") or "?"] += r["n"]
    top = {o for o, _ in counts.most_common(MAX_SERIES - 1)} if len(counts) > MAX_SERIES else set(counts)
    notes = []
    if len(counts) > MAX_SERIES:
        notes.append(f"{len(counts) - len(top)} smaller outlets drawn as one series")
    aggs: list[_Agg] = []
    for r in rows:
        bounds = _bounds(r)
        if bounds is None:
            continue
        outlet = r.get("outlet") or "?"
        aggs.append(
            _Agg(
                outlet=outlet if outlet in top else "other outlets",
                start=_day(r.get("period_start")),
                end=_day(r["period_end"]),
                low=bounds[0],
                high=bounds[1],
                n=r["n"],
                published=r.get("published"),
                label=bounds[2],
            )
        )
    if len(aggs) > MAX_POINTS:  # one band per series and period
        merged: dict[tuple, _Agg] = {}
        for a in aggs:
            k = (a.outlet, a.start, a.end)
            if k in merged:
                m = merged[k]
                m.low, m.high, m.n = min(m.low, a.low), max(m.high, a.high), m.n + a.n
                m.published = max(filter(None, (m.published, a.published)), default=None)
            else:
                merged[k] = _Agg(a.outlet, a.start, a.end, a.low, a.high, a.n, a.published)
        aggs = list(merged.values())
        notes.append("values of one outlet and period drawn as one band")
    if len(aggs) > MAX_POINTS:
        aggs.sort(key=lambda a: a.end, reverse=True)
        cut = aggs[MAX_POINTS - 1].end
        aggs = [a for a in aggs if a.end >= cut][:MAX_POINTS]
        notes.append(f"periods ending from {cut} on")
    points = [
        Point(
            series=a.outlet,
            start=a.start,
            end=a.end,
            low=a.low,
            high=a.high,
            label=(a.label or _band_label(a)) + (f", published {a.published}" if a.published else ""),
        )
        for a in aggs
    ]
    return points, "; ".join(notes)


def _bounds(r: dict) -> tuple[float, float, str] | None:
    """(low, high, label) of an aggregated row: one claim keeps its qualifier (open bounds), several
    claims span their lowest and highest values."""
    if r.get("lo") is None or r.get("period_end") is None:
        return None
    if r["n"] == 1 or (r.get("lo") == r.get("hi") and r.get("qualifier")):
        row = {
            "value_low": r["lo"],
            "value_high": r["hi"],
            "qualifier": r.get("qualifier"),
            "unit": r.get("unit"),
        }
        v = claim_value(row)
        if v is None:
            return None
        period = period_words(r.get("period_start"), r["period_end"])
        label = f"{value_text(row)} for {period}" + (f" ({r['n']} claims)" if r["n"] > 1 else "")
        return v.low, v.high, label
    lo, hi = float(r["lo"]), float(r["hi"])
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return None
    return lo, hi, ""


def _band_label(a: _Agg) -> str:
    span = f"{a.start or '…'} to {a.end}"
    values = human_number(a.low) if a.low == a.high else f"{human_number(a.low)}–{human_number(a.high)}"
    return f"{a.n} claims, {values}, for {span}"


def _day(v) -> dt.date | None:
    return dt.date.fromisoformat(str(v)[:10]) if v else None


def claimreview(group: dict, figures: list[ReportClaim], url: str) -> str:
    """The group as schema.org ClaimReview JSON-LD (the report's), safe inside a <script> element."""
    if group.get("verdict") not in CLAIMREVIEW_RATING:
        return "[]\n"
    rg = ReportGroup(
        group_id=group["group_id"],
        verdict=group["verdict"],
        headline="",
        subject=group.get("subject"),
        metric=group.get("metric"),
        period=period_words(group.get("period_start"), group.get("period_end")),
        relation=group.get("relation"),
        reason=group.get("reason") or "",
        n_sources=int(group.get("n_sources") or 0),
        claims=figures,
    )
    generated = (group.get("created_at") or dt.datetime.now(dt.UTC).isoformat())[:10]
    data = ReportData(generated_at=generated, filters={}, summary={}, groups=[rg], single_source=[])
    return to_claimreview(data, review_url=url)
