"""Comparative claims ("Aito outsold BMW"): grouped by pair, metric and scope, and checked against
the numeric claims for both sides."""

from __future__ import annotations

import math
from collections import defaultdict

from pipeline.reconcile.lineage import describe_relation
from pipeline.reconcile.model import Group, group_id, stable_order
from pipeline.reconcile.money import conversion, converted, is_currency
from pipeline.reconcile.records import doc_of, source_of
from pipeline.reconcile.scope import market, segment
from pipeline.reconcile.values import Value, fmt, value_of
from pipeline.reconcile.verdicts import SEVERITY


def _flip(rel: str) -> str:
    return "less_than" if rel == "greater_than" else "greater_than"


def _order_words(s: str, o: str, d: str) -> str:
    return f"{s} above {o}" if d == "greater_than" else f"{s} below {o}"


def _comparative_key(c: dict, registry) -> tuple[tuple, bool]:
    """Key of a comparative claim with the pair ordered; True when the claim was flipped."""
    s, o = c["subject"], c["object"]
    flipped = s > o
    if flipped:
        s, o = o, s
    rest = (
        c["metric"],
        c.get("segment"),
        c.get("basis"),
        c.get("period_start"),
        c.get("period_end"),
        market(c),
    )
    return (s, o) + rest, flipped


def _direction(c: dict, flipped: bool) -> str:
    rel = c["relation"]
    if flipped:
        rel = _flip(rel)
    return rel


def _numeric_side(numeric: list[dict], subject: str, c: dict, registry) -> list[dict]:
    """Numeric claims that state `subject`'s figure for the comparison of `c`, nearest first:
    figures in the same sentence, else (when `c` has no period) in the same article, else any
    with the same period, segment, basis and market."""
    cands = []
    for n in numeric:
        if n["subject"] != subject or n["metric"] != c["metric"]:
            continue
        if (n.get("period_start"), n.get("period_end")) != (c.get("period_start"), c.get("period_end")):
            continue
        if c.get("segment") is not None and segment(n, registry) != c.get("segment"):
            continue
        if n.get("basis") != c.get("basis") or market(n) != market(c):
            continue
        cands.append(n)
    same_sentence = [
        n
        for n in cands
        if n.get("sentence") and n.get("sentence") == c.get("sentence") and doc_of(n) == doc_of(c)
    ]
    if same_sentence:
        return same_sentence
    if c.get("period_start") is None and c.get("period_end") is None:
        return [n for n in cands if doc_of(n) == doc_of(c)]
    return cands


def _span(claims: list[dict], values: dict[str, Value] | None = None) -> tuple[float, float] | None:
    """Lowest and highest value the claims admit (`values`: claims converted into another unit)."""
    vals = [(values or {}).get(c["claim_id"]) or value_of(c) for c in claims]
    vals = [v for v in vals if v is not None]
    if not vals:
        return None
    return min(v.low for v in vals), max(v.high for v in vals)


def _fmt_span(span: tuple[float, float]) -> str:
    lo, hi = span
    if lo == hi:
        return fmt(lo)
    if math.isinf(lo) and math.isinf(hi):
        return "of no settled size"  # "more than 80,000" in one claim, "less than 90,000" in another
    if math.isinf(hi):
        return f"at least {fmt(lo)}"
    if math.isinf(lo):
        return f"at most {fmt(hi)}"
    return f"{fmt(lo)}–{fmt(hi)}"


def _check_order(
    s: str, o: str, d: str, side_s: list[dict], side_o: list[dict], c: dict
) -> tuple[str, str, list[dict]]:
    """Verdict of "s {d} o" against both sides' figures in one shared unit; amounts in two
    currencies are put into the one most figures use, at the ECB rates of the comparison's period."""
    word = _order_words(s, o, d)
    units_s = {n.get("unit") for n in side_s}
    units_o = {n.get("unit") for n in side_o}
    if not side_s or not side_o:
        return "", "", []
    common = sorted(u for u in units_s & units_o if u)
    values: dict[str, Value] = {}
    rates: set[str] = set()
    if not common and all(is_currency(u) for u in units_s | units_o):
        every = [n.get("unit") for n in side_s + side_o]
        unit = max(sorted(set(every)), key=every.count)
        for n in side_s + side_o:
            if n.get("unit") != unit:
                rate, _ = conversion({**c, "unit": unit}, n)
                if rate is not None:
                    values[n["claim_id"]] = converted(value_of(n), rate)
                    rates.add(rate.text())
        side_s = [n for n in side_s if n.get("unit") == unit or n["claim_id"] in values]
        side_o = [n for n in side_o if n.get("unit") == unit or n["claim_id"] in values]
        if side_s and side_o:
            common = [unit]
    if not common:
        return (
            "",
            f"figures for {s} and {o} are in different units ({', '.join(sorted(map(str, units_s)))} "
            f"against {', '.join(sorted(map(str, units_o)))}), so {word} is not checked",
            [],
        )
    if values:
        unit = common[0]
        ss, oo = side_s, side_o
    else:
        unit = max(common, key=lambda u: sum(n.get("unit") == u for n in side_s + side_o))
        ss = [n for n in side_s if n.get("unit") == unit]
        oo = [n for n in side_o if n.get("unit") == unit]
    span_s, span_o = _span(ss, values), _span(oo, values)
    (hi_lo, hi_hi), (lo_lo, lo_hi) = (span_s, span_o) if d == "greater_than" else (span_o, span_s)
    figures = f"{s} {_fmt_span(span_s)} against {o} {_fmt_span(span_o)} {unit}"
    if rates:
        figures += f" (converted at {'; '.join(sorted(rates))})"
    if hi_lo > lo_hi:
        return "agree", f"the figures bear out {word}: {figures}", ss + oo
    if hi_hi <= lo_lo:
        return "conflict", f"the figures contradict {word}: {figures}", ss + oo
    return "compatible", f"the figures neither prove nor refute {word}: {figures}", ss + oo


def comparative_groups(comps: list[dict], numeric: list[dict], registry) -> list[Group]:
    """Comparative claims grouped by pair, metric and scope; checked against numeric claims."""
    buckets: dict[tuple, list[tuple[dict, bool]]] = defaultdict(list)
    for c in comps:
        k, flipped = _comparative_key(c, registry)
        buckets[k].append((c, flipped))
    out = []
    for k in stable_order(buckets):
        items = buckets[k]
        by_dir: dict[str, list[dict]] = defaultdict(list)
        for c, f in items:
            by_dir[_direction(c, f)].append(c)
        dir_sources = {d: {doc_of(c) for c in cs} for d, cs in by_dir.items()}
        shared = len(by_dir) == 2 and bool(dir_sources["greater_than"] & dir_sources["less_than"])
        # one source stating both orders speaks of two things (Q3 revenue and year-to-date revenue)
        parts = list(by_dir.items()) if shared else [(None, [c for c, _ in items])]
        for d, claims in parts:
            out.append(_comparative_group(k, d, claims, numeric, registry))
    return out


def _comparative_group(k: tuple, d: str | None, claims: list[dict], numeric: list[dict], registry) -> Group:
    s, o = k[0], k[1]
    flips = {c["claim_id"]: _comparative_key(c, registry)[1] for c in claims}
    if all(flips.values()):  # every claim names the other side first: keep its wording
        s, o = o, s
        flips = dict.fromkeys(flips, False)
        if d is not None:
            d = _flip(d)
    directions = {_direction(c, flips[c["claim_id"]]) for c in claims}
    sources = {source_of(c) for c in claims}
    reasons: list[str] = []
    related: list[dict] = []
    d = d or next(iter(directions))
    word = _order_words(s, o, d)
    if len(directions) > 1:
        verdict = "conflict"
        reasons.append(f"independent sources disagree on whether {s} is above or below {o}")
    else:
        # the statements among themselves: several sources saying the same agree (a pair's verdict
        # is the spec's for that pair); the figures for both sides may then only refute them
        figures = None
        for c in claims:
            v, why, used = _check_order(
                s, o, d, _numeric_side(numeric, s, c, registry), _numeric_side(numeric, o, c, registry), c
            )
            related.extend(used)
            if why and why not in reasons:
                reasons.append(why)
            if v and (figures is None or SEVERITY[v] > SEVERITY[figures]):
                figures = v
        tail = "" if reasons else "; no figures for both sides to check it"
        if figures == "conflict":
            verdict = "conflict"
        elif len(sources) >= 2:
            verdict = "agree"
            reasons.insert(0, f"{len(sources)} independent sources state {word}{tail}")
        elif figures is not None:
            verdict = figures
        else:
            verdict = "single_source"
            reasons.append(f"only one independent source states {word}{tail}")
    key = {
        "subject": s,
        "metric": k[2],
        "segment": k[3],
        "basis": k[4],
        "period_start": k[5],
        "period_end": k[6],
        "geography": k[7],
        "object": o,
    }
    ids = sorted(c["claim_id"] for c in claims)
    rel = describe_relation(s, o, registry)
    return Group(
        group_id=group_id(key, ids, "comparative"),
        verdict=verdict,
        claim_ids=ids,
        key=key,
        relation=rel or f"{s} compared with {o}",
        reason="; ".join(reasons),
        n_sources=len(sources),
        related_claim_ids=sorted({c["claim_id"] for c in related}),
        kind="comparative",
    )
