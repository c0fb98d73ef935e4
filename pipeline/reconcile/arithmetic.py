"""`inconsistent`: claims of different scopes whose arithmetic cannot all hold.

Three checks, each on the camps of the member groups (figures several claims agree on), with the
slack that the rounding of the written figures allows ("84,000" may be 83,500 to 84,500):
  part_above_whole    a month above its quarter, a quarter above its year, a brand or model above
                      its parent for a period containing its own, BEV above NEV (additive metrics)
  parts_above_whole   disjoint parts (Q1 and Q2; two brands of one parent) adding up to more than
                      the whole they lie in
  growth_vs_levels    a growth rate against two stated levels of the periods it compares
Forecasts are left out (a target is no statement about the period), and so are findings that one
independent source makes alone, as for every other verdict. A finding is a group of kind
`arithmetic`, linked to the member groups it read; `different_scope` links stay as they were.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

from contract.spec import PERCENT_UNITS, is_growth
from pipeline.reconcile.camps import agree_camps
from pipeline.reconcile.levels import ADDITIVE_METRICS
from pipeline.reconcile.lineage import root
from pipeline.reconcile.model import Group, new_group
from pipeline.reconcile.money import money_text
from pipeline.reconcile.nesting import disjoint, period_label, period_of, shift_back, within
from pipeline.reconcile.records import n_sources
from pipeline.reconcile.scope import key_dict, market, member_key, segment
from pipeline.reconcile.values import Value, fmt, value_of, words, written_in

SHIFT_MONTHS = {"yoy": 12, "qoq": 3, "mom": 1}
MAX_PARTS = 12  # parts tried together for one whole (the largest first): 2**12 subsets at most


class Figure:
    """Everything stated for one scope (subject, metric, segment, basis, period, market), read as one
    figure: the lowest and highest value any of its camps admits once the rounding of the written
    figures is allowed. Taking them all makes a check conservative: where sources disagree on the
    figure itself (a conflict, reported as such) or one source gives two figures of a key (a brand
    and its company), an inconsistency is reported only if no stated figure escapes it."""

    def __init__(self, camps: list[list[dict]]) -> None:
        self.claims = [c for camp in camps for c in camp]
        self.c = self.claims[0]
        self.lows, self.highs, texts, points = [], [], [], []
        for camp in camps:
            vals = [v for c in camp if (v := value_of(c)) is not None]
            # a camp's figures agree: where one is a plain figure ("495,570" beside "over 495,570"),
            # the plain ones pin the value; the rest of the slack is the rounding of what was written
            exact = [v for v in vals if not v.bounded] or vals
            self.lows.append(min(v.low - _half(v) for v in exact))
            self.highs.append(max(v.high + _half(v) for v in exact))
            texts.append(_text(min(exact, key=lambda v: v.step)))  # they agree: the most precise
            points.append(next((v.point for v in exact if v.point is not None), None))
        self.low, self.high = min(self.lows), max(self.highs)
        self.text = " or ".join(texts)
        self.steps = {v.step / 2 for c in self.claims if (v := value_of(c)) and math.isfinite(v.step)}
        lowest = min(range(len(camps)), key=lambda i: self.lows[i])
        self.point = points[lowest] if points[lowest] is not None else self.lows[lowest]  # a part's least
        self.main = points[0] if points[0] is not None else self.lows[0]  # the camp most sources back

    def sources(self) -> list[str]:
        return sorted({str(c.get("outlet") or c.get("cluster_id") or c.get("doc_id")) for c in self.claims})


def _text(v: Value) -> str:
    """A figure as people write it: '4.27 million', '4,272,145', 'more than 80,000'."""
    exact = v.point is not None and abs(v.point) >= 1e6 and v.point % 10_000 != 0
    return v.text if exact else money_text(v, digits=12)


def _half(v: Value) -> float:
    return v.step / 2 if math.isfinite(v.step) else 0.0


def _usable(c: dict) -> bool:
    """A stated figure about a period: no forecast, no estimate of a period not over when published,
    and written in digits (a "doubled" has no precision to allow slack by)."""
    v = value_of(c)
    if v is None or c.get("modality") == "forecast":
        return False
    projection = c.get("modality") == "estimate" and c.get("published") and c.get("period_end")
    if projection and str(c["published"])[:10] <= str(c["period_end"]):
        return False
    return written_in(v.point if v.point is not None else v.low, c.get("sentence"))


def _figures(member_groups: list[tuple[Group, list[dict]]], registry) -> list[Figure]:
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for _, members in member_groups:
        for c in members:
            if _usable(c):
                by_key[member_key(c, registry)].append(c)
    return [
        Figure(agree_camps(claims, registry))
        for _, claims in sorted(by_key.items(), key=lambda kv: str(kv[0]))
    ]


def _label(f: Figure, whole: Figure, registry) -> str:
    """How a figure's scope reads next to the whole's: 'Q1 2025', 'aito Q1 2025', 'Q1 2025 BEV'."""
    c = f.c
    parts = [c["subject"]] if c["subject"] != whole.c["subject"] else []
    parts.append(period_label(c))
    seg = segment(c, registry)
    if seg and seg != segment(whole.c, registry):
        parts.append(seg.upper() if len(seg) <= 4 else seg)
    return " ".join(parts)


def _topic(f: Figure) -> str:
    """'zeekr deliveries', 'us market share' (the subject and metric every figure of a line shares)."""
    return f"{f.c['subject']} {f.c['metric'].removesuffix('_growth').replace('_', ' ')}"


def _sources_text(figs: list[Figure]) -> str:
    names = sorted({s for f in figs for s in f.sources()})
    return ", ".join(names)


def _finding(
    figs: list[tuple[Figure, str]], whole: Figure, check: str, line: str, slack: str, registry, members
) -> Group | None:
    claims = [c for f, _ in figs for c in f.claims]
    if n_sources(claims) < 2:
        return None
    claims = sorted({c["claim_id"]: c for c in claims}.values(), key=lambda c: c["claim_id"])
    key = key_dict(whole.c, whole.c["subject"], registry)
    g = new_group(
        claims,
        key,
        "inconsistent",
        f"{line}; {slack}",
        registry,
        kind="arithmetic",
        tag=f"arithmetic:{check}",
    )
    g.check = check
    g.arithmetic = f"{line} ({_sources_text([f for f, _ in figs])})"
    g.terms = {c["claim_id"]: term for f, term in figs for c in f.claims}
    g.related_group_ids = sorted({members[c["claim_id"]] for c in claims if c["claim_id"] in members})
    return g


def _slack(figs: list[Figure]) -> str:
    steps = sorted({x for f in figs for x in f.steps if x})
    return (
        "slack allowed: ±" + ", ±".join(fmt(x) for x in steps) + " from the rounding of the written figures"
    )


def _parts_checks(figures: list[Figure], registry, members) -> list[Group]:
    out = []
    additive = [
        f for f in figures if f.c["metric"] in ADDITIVE_METRICS and period_of(f.c) is not None and f.low >= 0
    ]
    # a part lies inside its whole's subject family: scopes are only compared within one
    by_measure: dict[tuple, list[Figure]] = defaultdict(list)
    for f in additive:
        by_measure[
            (root(f.c["subject"], registry), f.c["metric"], f.c.get("unit"), f.c.get("basis"), market(f.c))
        ].append(f)
    for figs in by_measure.values():
        for whole in figs:
            if math.isinf(whole.high):
                continue
            parts = [
                p for p in figs if p is not whole and within(p.c, whole.c, registry, child_same_scope=True)
            ]
            for p in (p for p in parts if within(p.c, whole.c, registry)):
                if p.low > whole.high:
                    line = (
                        f"{_topic(whole)}: {_label(p, whole, registry)} {p.text} > "
                        f"{_label(whole, whole, registry)} {whole.text}, a part above its whole"
                    )
                    g = _finding(
                        [(p, "part"), (whole, "whole")],
                        whole,
                        "part_above_whole",
                        line,
                        f"{_slack([p, whole])}: the part is at least {fmt(p.low)}, the whole at most "
                        f"{fmt(whole.high)}",
                        registry,
                        members,
                    )
                    if g:
                        out.append(g)
            small = [p for p in parts if 0 < p.low <= whole.high and math.isfinite(p.low)]
            best = _max_disjoint(sorted(small, key=lambda p: -p.low)[:MAX_PARTS], registry)
            if len(best) >= 2 and sum(p.low for p in best) > whole.high:
                best.sort(key=lambda p: (period_of(p.c), p.c["subject"], p.c.get("segment") or ""))
                total = sum(p.point for p in best)
                line = (
                    f"{_topic(whole)}: "
                    + " + ".join(f"{_label(p, whole, registry)} {p.text}" for p in best)
                    + f" = {words(total, 6)} > {_label(whole, whole, registry)} {whole.text}, "
                    "parts above their whole"
                )
                g = _finding(
                    [(p, "part") for p in best] + [(whole, "whole")],
                    whole,
                    "parts_above_whole",
                    line,
                    f"{_slack([*best, whole])}: the parts add up to at least "
                    f"{fmt(sum(p.low for p in best))}, the whole is at most {fmt(whole.high)}",
                    registry,
                    members,
                )
                if g:
                    out.append(g)
    return out


def _max_disjoint(parts: list[Figure], registry) -> list[Figure]:
    """The pairwise disjoint parts with the largest sum of lowest values (exhaustive, few parts)."""
    clash = {
        (i, j)
        for i, j in combinations(range(len(parts)), 2)
        if not disjoint(parts[i].c, parts[j].c, registry)
    }
    best: list[int] = []
    best_sum = 0.0

    def walk(i: int, chosen: list[int], total: float) -> None:
        nonlocal best, best_sum
        if total > best_sum:
            best, best_sum = list(chosen), total
        for k in range(i, len(parts)):
            if all((j, k) not in clash for j in chosen):
                chosen.append(k)
                walk(k + 1, chosen, total + parts[k].low)
                chosen.pop()

    walk(0, [], 0.0)
    return [parts[i] for i in best]


def _growth_checks(figures: list[Figure], registry, members) -> list[Group]:
    out = []
    levels: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        if not is_growth(f.c["metric"]) and period_of(f.c) is not None:
            levels[
                _level_key(f.c, f.c["metric"], f.c.get("period_start"), f.c.get("period_end"), registry)
            ].append(f)
    for g in figures:
        c = g.c
        months = SHIFT_MONTHS.get(c.get("basis") or "")
        if not is_growth(c["metric"]) or months is None or c.get("unit") not in PERCENT_UNITS:
            continue
        before = shift_back(c, months)
        if before is None:
            continue
        base = c["metric"].removesuffix("_growth")
        now = levels.get(_level_key(c, base, c.get("period_start"), c.get("period_end"), registry), [])
        then = levels.get(_level_key(c, base, *before, registry), [])
        for l1 in now:
            for l0 in then:
                if l1.c.get("unit") != l0.c.get("unit"):
                    continue
                found = _growth_finding(g, l1, l0, registry, members)
                if found:
                    out.append(found)
    return out


def _level_key(c: dict, metric: str, start, end, registry) -> tuple:
    return (c["subject"], metric, segment(c, registry), market(c), start, end)


def _growth_finding(g: Figure, l1: Figure, l0: Figure, registry, members) -> Group | None:
    points = g.c.get("unit") == "percentage_points"
    if points:
        if l1.c.get("unit") != "percent":
            return None
        lo, hi = l1.low - l0.high, l1.high - l0.low
        implied = l1.main - l0.main
        op, unit = "−", " pp"
    else:
        if l0.low <= 0 or l1.low < 0 or math.isinf(l0.high) or math.isinf(l1.high):
            return None
        lo, hi = (l1.low / l0.high - 1) * 100, (l1.high / l0.low - 1) * 100
        implied = (l1.main / l0.main - 1) * 100
        op, unit = "/", "%"
    if g.high >= lo and g.low <= hi:
        return None
    stated = g.text
    line = (
        f"{_topic(g)}: {_label(l1, g, registry)} {l1.text} {op} {_label(l0, g, registry)} {l0.text} = "
        f"{implied:+.1f}{unit}, not the {stated}{unit} stated, a growth rate against its levels"
    )
    slack = (
        f"{_slack([g, l1, l0])}: the levels allow {lo:+.2f}{unit} to {hi:+.2f}{unit}, the growth "
        f"{_fmt_bound(g.low)} to {_fmt_bound(g.high)}{unit}"
    )
    return _finding(
        [(g, "growth"), (l1, "level"), (l0, "earlier level")],
        g,
        "growth_vs_levels",
        line,
        slack,
        registry,
        members,
    )


def _fmt_bound(x: float) -> str:
    return "any" if math.isinf(x) else f"{x:+.2f}"


def arithmetic_groups(member_groups: list[tuple[Group, list[dict]]], registry) -> list[Group]:
    """Every inconsistent finding among the member groups' figures; each linked both ways to the
    member groups whose claims it used."""
    figures = _figures(member_groups, registry)
    members = {c["claim_id"]: g.group_id for g, ms in member_groups for c in ms}
    out = _parts_checks(figures, registry, members) + _growth_checks(figures, registry, members)
    by_id = {g.group_id: g for g, _ in member_groups}
    seen = set()
    unique = []
    for f in out:
        if f.group_id in seen:
            continue
        seen.add(f.group_id)
        unique.append(f)
        for gid in f.related_group_ids:
            by_id[gid].related_group_ids.append(f.group_id)
    return unique
