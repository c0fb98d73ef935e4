"""Reconciliation: group claims that state the same fact and judge whether their sources agree.

The rules are those of shared/spec/claims.md ("Reconciliation verdicts") and of the dev set's
README: claims are judged together when they share subject (or a parent/child of it in the entity
registry), metric, segment, basis, period and market; the group takes the worst pair. Claims of the
same subject and metric whose scope differs (overlapping or nested periods, other segments,
markets, bases or units) are linked in a `different_scope` group and never judged against each
other. Comparative claims ("Aito outsold BMW") are checked against numeric claims for both sides.
Independent sources are near-duplicate clusters (`cluster_id`, default `doc_id`), never URLs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, EvclaimsError
from pipeline.jsonl import iter_objects
from pipeline.spec import CLAIM_FIELDS, VERDICTS

# Metrics where a part can never exceed its whole: a brand's figure is at most its parent's.
ADDITIVE_METRICS = frozenset(
    {"sales_volume", "deliveries", "production", "registrations", "exports", "orders", "revenue"}
)
# A claim leaving the market unstated is compared with one naming these (README: GLOBAL, HK listing).
DEFAULT_MARKETS = frozenset({"GLOBAL", "HK"})
_SEVERITY = {"agree": 0, "compatible": 1, "conflict": 2}
_KIND_WORD = {"brand": "a brand", "model": "a model", "company": "a unit", "country": "a part", "region": "a part"}


class ReconcileError(EvclaimsError):
    """A claims file or frame could not be reconciled (bad line, missing field)."""


@dataclass
class Group:
    """Claims judged (or linked) together, the verdict and why. `claim_ids` are the members."""

    group_id: str
    verdict: str
    claim_ids: list[str]
    key: dict
    relation: str | None
    reason: str
    n_sources: int
    related_claim_ids: list[str] = field(default_factory=list)
    related_group_ids: list[str] = field(default_factory=list)
    # member: one key's claims; side: the part of a conflict several sources back; levels: a child
    # against its parent; scope: different_scope links; comparative: "X outsold Y" claims
    kind: str = "member"

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class ReconcileResult:
    """What one reconcile run did: counts per verdict, claims seen and skipped with reasons."""

    n_claims: int
    n_groups: int
    by_verdict: dict[str, int]
    skipped: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- input normalisation


def _clean(v: Any) -> Any:
    """NaN/NaT → None, dates → ISO strings, numpy scalars → Python."""
    if v is None or type(v).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if hasattr(v, "item") and not isinstance(v, (str, bytes, list, dict)):
        try:
            return _clean(v.item())
        except (ValueError, TypeError):
            pass
    return v


def _records(claims: Iterable[dict] | Any) -> list[dict]:
    if hasattr(claims, "to_dict") and hasattr(claims, "columns"):
        claims = claims.to_dict(orient="records")
    return [{k: _clean(v) for k, v in c.items()} for c in claims]


def _source(c: dict) -> str:
    return str(c.get("cluster_id") or c.get("doc_id") or c.get("article_id") or c["claim_id"])


def _doc(c: dict) -> str:
    return str(c.get("doc_id") or c.get("article_id") or c["claim_id"])


# ---------------------------------------------------------------- values, precision, intervals

_NUM = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(trillion|billion|bn|million|mln|mn|m|thousand|k)?(?![a-z])",
    re.IGNORECASE,
)
_SCALE = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
          "thousand": 1e3, "k": 1e3}


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
        return Value(None, lo, hi, step, True, f"{_fmt(lo)}–{_fmt(hi)}")
    v = lo
    step = written_step(v, unit, sentence)
    # "fell more than 3%" is -3 more_than: the qualifier describes the size of the change
    upward = q in ("more_than", "at_least")
    downward = q in ("less_than", "at_most")
    if v < 0 and (upward or downward):
        upward, downward = downward, upward
    if upward:
        return Value(v, v, math.inf, step, True, f"{_QWORD[q]} {_fmt(v)}")
    if downward:
        return Value(v, -math.inf, v, step, True, f"{_QWORD[q]} {_fmt(v)}")
    prefix = "about " if q == "approx" else ""
    return Value(v, v, v, step, False, prefix + _fmt(v))


_QWORD = {"more_than": "more than", "at_least": "at least", "less_than": "less than", "at_most": "at most"}


def _fmt(v: float) -> str:
    if v == int(v) and abs(v) < 1e16:
        return f"{int(v):,}"
    return f"{v:,.6g}" if abs(v) >= 1000 else f"{v:g}"


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
            return "agree", f"{a.text} and {b.text}: equal once rounded to {_fmt(coarse)}"
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
    pa = a.point if a.point is not None else (a.low + a.high) / 2
    pb = b.point if b.point is not None else (b.low + b.high) / 2
    big = max(abs(pa), abs(pb))
    if not big or math.isinf(big):
        return "they do not overlap"
    return f"{abs(pa - pb) / big:.0%} apart, no bound admits both"


# ---------------------------------------------------------------- scope and keys


def _segment(c: dict, registry) -> str | None:
    seg = c.get("segment")
    if seg is None and _nev_only(c.get("subject"), registry):
        return "nev"
    return seg


def _nev_only(subject: str | None, registry) -> bool:
    if not subject or registry is None:
        return False
    return bool(registry.nev_only(subject))


def _market(c: dict) -> str | None:
    """Geography as a comparison key: unstated, GLOBAL, HK (a listing) and the subject's own market
    count as the same market."""
    if "_market" in c:
        return c["_market"]
    geo = c.get("geography")
    subj = (c.get("subject") or "").upper()
    if geo is None or geo in DEFAULT_MARKETS or geo == subj:
        return None
    return geo


def _fill_unstated_markets(claims: list[dict], registry) -> None:
    """Geography separates claims only when both name markets and the markets differ: a claim that
    leaves it unstated is judged with claims naming one market for the same subject, metric, segment,
    basis and period. When several markets are named, the unstated claim stays apart (linked)."""
    named: dict[tuple, set[str]] = defaultdict(set)
    for c in claims:
        m = _market(c)
        if m is not None:
            named[(c["subject"], c["metric"], c.get("unit"), _segment(c, registry), c.get("basis"),
                   c.get("period_start"), c.get("period_end"))].add(m)
    for c in claims:
        if _market(c) is None:
            markets = named.get((c["subject"], c["metric"], c.get("unit"), _segment(c, registry), c.get("basis"),
                                 c.get("period_start"), c.get("period_end")), set())
            if len(markets) == 1:
                c["_market"] = next(iter(markets))


def _root(subject: str, registry) -> str:
    if registry is None:
        return subject
    anc = registry.ancestors(subject)
    return anc[-1] if anc else subject


def _scope_key(c: dict, registry) -> tuple:
    """Everything but the subject that claims must share to be judged together."""
    return (c["metric"], c.get("unit"), _segment(c, registry), c.get("basis"), c.get("period_start"),
            c.get("period_end"), _market(c))


def _member_key(c: dict, registry) -> tuple:
    return (c["subject"], *_scope_key(c, registry))


def _same_scope_levels(a: dict, b: dict, registry) -> bool:
    """A parent's and a child's claims judged in a cross-level group (additive metric, same scope)."""
    return (
        a["subject"] != b["subject"] and a["metric"] in ADDITIVE_METRICS
        and _scope_key(a, registry) == _scope_key(b, registry)
        and registry is not None and registry.relation(a["subject"], b["subject"]) in ("child", "parent")
    )


def describe_relation(a: str, b: str, registry) -> str | None:
    """'aito is a brand of seres' for a child and its ancestor, None when unrelated or equal."""
    if registry is None or a == b:
        return None
    rel = registry.relation(a, b)
    if rel == "parent":
        a, b = b, a
    elif rel != "child":
        return None
    chain, cur = [], a
    while cur != b:
        ent = registry.get(cur)
        parent = ent.parent if ent else None
        if parent is None:
            return None
        word = _KIND_WORD.get(ent.kind, "a part")
        chain.append(f"{word} of {parent}")
        cur = parent
    return f"{a} is " + ", ".join(chain)


def _periods_overlap(a: dict, b: dict) -> bool:
    """True when two periods share a day, nest, or either is unknown (nothing says they are apart)."""
    a0, a1, b0, b1 = a.get("period_start"), a.get("period_end"), b.get("period_start"), b.get("period_end")
    if (a0 is None and a1 is None) or (b0 is None and b1 is None):
        return True
    lo_a, hi_a = a0 or "0000-01-01", a1 or "9999-12-31"
    lo_b, hi_b = b0 or "0000-01-01", b1 or "9999-12-31"
    return lo_a <= hi_b and lo_b <= hi_a


# ---------------------------------------------------------------- judging


def _value(c: dict) -> Value | None:
    """claim_value, kept on the claim (our own copy of it) since pairs ask for it again and again."""
    if "_value" not in c:
        c["_value"] = claim_value(c)
    return c["_value"]


def _pair_verdict(a: dict, b: dict, registry) -> tuple[str, str] | None:
    """Verdict of two claims in one member group; None when the pair is not judged (siblings)."""
    va, vb = _value(a), _value(b)
    if va is None or vb is None:
        return None
    sa, sb = a["subject"], b["subject"]
    if sa == sb:
        return compare_values(va, vb)
    rel = registry.relation(sa, sb) if registry is not None else None
    if rel not in ("child", "parent"):
        return None
    child, parent, vc, vp = (a, b, va, vb) if rel == "child" else (b, a, vb, va)
    verdict, why = compare_values(vc, vp)
    if verdict == "agree":
        return "agree", f"{why} ({describe_relation(child['subject'], parent['subject'], registry)})"
    if vc.low <= vp.high:
        return "compatible", (
            f"{child['subject']} {vc.text} is within {parent['subject']} {vp.text} "
            f"({describe_relation(child['subject'], parent['subject'], registry)}; a part is at most its whole)"
        )
    return "conflict", (
        f"{child['subject']} {vc.text} exceeds {parent['subject']} {vp.text}, "
        f"but {describe_relation(child['subject'], parent['subject'], registry)}"
    )


def _top_subject(members: list[dict], registry) -> str:
    """The subject highest in the registry among the members (seres over aito)."""
    subjects = sorted({c["subject"] for c in members})
    if registry is None:
        return subjects[0]
    return min(subjects, key=lambda s: (len(registry.ancestors(s)), s))


def _camps(members: list[dict], registry) -> list[list[dict]]:
    """Claims whose values agree or admit each other, as connected components."""
    uf = _UnionFind(len(members))
    for i, a in enumerate(members):
        for j in range(i + 1, len(members)):
            pv = _pair_verdict(a, members[j], registry)
            if pv is not None and pv[0] != "conflict":
                uf.union(i, j)
    comps: dict[int, list[dict]] = defaultdict(list)
    for i, c in enumerate(members):
        comps[uf.find(i)].append(c)
    return list(comps.values())


def split_camps(members: list[dict], registry) -> list[tuple[list[dict], str]]:
    """Split claims of one key when a single source states two different figures.

    An article does not contradict itself: one giving 72,689 and 52,760 for the same key
    speaks of two things the claim record cannot tell apart (a brand and its company's total,
    vehicle and total revenue). Each such figure becomes its own group; a figure that no source
    shares with another joins the nearest of them and is judged against it. Without such a source,
    the key stays one group. Returns (members, note) pairs; the note says why a split happened.
    """
    camps = _camps(members, registry)
    if len(camps) < 2:
        return [(members, "")]
    srcs = [{_doc(c) for c in camp} for camp in camps]  # an article, not its cluster: a copy may be corrected
    split = [i for i in range(len(camps)) if any(srcs[i] & srcs[j] for j in range(len(camps)) if j != i)]
    if not split:
        return [(members, "")]
    out = {i: list(camps[i]) for i in split}
    for i in range(len(camps)):
        if i in out:
            continue
        near = min(split, key=lambda j: _distance(camps[i], camps[j]))
        out[near].extend(camps[i])
    note = "one source gives another figure under the same key, so that figure is kept apart"
    return [(sorted(m, key=lambda c: c["claim_id"]), note) for m in out.values()]


def _level_groups(member_groups: list[tuple[Group, list[dict]]], registry) -> list[Group]:
    """A child's figure against its parent's for the same metric and scope (aito against seres, Q1
    2025): agree when equal (outlets often name the company for its brand), compatible when the part
    fits within the whole, conflict when the part exceeds it."""
    by_scope: dict[tuple, list[int]] = defaultdict(list)
    for i, (_, members) in enumerate(member_groups):
        if members[0]["metric"] in ADDITIVE_METRICS:
            by_scope[_scope_key(members[0], registry)].append(i)
    out = []
    for idxs in by_scope.values():
        for x, i in enumerate(idxs):
            for j in idxs[x + 1:]:
                (gi, mi), (gj, mj) = member_groups[i], member_groups[j]
                if not _same_scope_levels(mi[0], mj[0], registry):
                    continue
                worst: tuple[str, str] | None = None
                for a in mi:
                    for b in mj:
                        pv = _pair_verdict(a, b, registry)
                        if pv and (worst is None or _SEVERITY[pv[0]] > _SEVERITY[worst[0]]):
                            worst = pv
                if worst is None:
                    continue
                claims = sorted(mi + mj, key=lambda c: c["claim_id"])
                key = _key_dict(claims[0], _top_subject(claims, registry), registry)
                ids = [c["claim_id"] for c in claims]
                g = Group(
                    group_id=_group_id(key, ids, "levels"), verdict=worst[0], claim_ids=ids, key=key,
                    relation=_group_relation(claims, registry), reason=worst[1],
                    n_sources=len({_source(c) for c in claims}), related_group_ids=[gi.group_id, gj.group_id],
                    kind="levels",
                )
                gi.related_group_ids.append(g.group_id)
                gj.related_group_ids.append(g.group_id)
                out.append(g)
    return out


def _sides(conflict: Group, members: list[dict], registry) -> list[Group]:
    """The sides of a conflict that several independent sources back: each is judged on its own
    (72,689 from three outlets agrees, whatever a fourth says) and linked to the conflict."""
    out = []
    for camp in _camps(members, registry):
        if len(camp) == len(members) or len({_source(c) for c in camp}) < 2:
            continue
        verdict, reason = _judge(camp, registry)
        if verdict == "conflict":
            continue
        ids = sorted(c["claim_id"] for c in camp)
        g = Group(
            group_id=_group_id(conflict.key, ids, "side"), verdict=verdict, claim_ids=ids, key=dict(conflict.key),
            relation=_group_relation(camp, registry), reason=f"one side of a conflict: {reason}",
            n_sources=len({_source(c) for c in camp}), related_group_ids=[conflict.group_id], kind="side",
        )
        conflict.related_group_ids.append(g.group_id)
        out.append(g)
    return out


def _distance(a: list[dict], b: list[dict]) -> float:
    def mid(camp: list[dict]) -> float:
        v = _value(camp[0])
        return v.point if v.point is not None else (v.low + v.high) / 2

    pa, pb = mid(a), mid(b)
    big = max(abs(pa), abs(pb)) or 1.0
    return abs(pa - pb) / big if math.isfinite(big) else math.inf


def _judge(members: list[dict], registry) -> tuple[str, str]:
    """Worst pair of the group; single_source when one independent source states it all."""
    sources = {_source(c) for c in members}
    worst: tuple[str, str] | None = None
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            pv = _pair_verdict(a, b, registry)
            if pv is None:
                continue
            if worst is None or _SEVERITY[pv[0]] > _SEVERITY[worst[0]]:
                worst = pv
    if len(sources) < 2:
        if worst and worst[0] == "conflict":
            who = "near-duplicate copies of one article disagree" if len({_doc(c) for c in members}) > 1 \
                else "one source contradicts itself"
            return "conflict", f"{who}: {worst[1]}"
        return "single_source", "only one independent source states it" + (
            f" ({len(members)} mentions)" if len(members) > 1 else ""
        )
    if worst is None:
        return "single_source", "no two claims could be compared"
    n = len(sources)
    worst_pair = "; the group takes the worst pair" if len(members) > 2 and worst[0] != "agree" else ""
    return worst[0], f"{worst[1]} ({n} independent sources{worst_pair})"


def _group_id(key: dict, claim_ids: Sequence[str], kind: str = "") -> str:
    blob = json.dumps({"k": key, "c": sorted(claim_ids), "t": kind}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _key_dict(c: dict, subject: str, registry) -> dict:
    return {
        "subject": subject, "metric": c["metric"], "segment": _segment(c, registry), "basis": c.get("basis"),
        "period_start": c.get("period_start"), "period_end": c.get("period_end"),
        "geography": _market(c),
    }


def _group_relation(members: list[dict], registry) -> str | None:
    subjects = sorted({c["subject"] for c in members})
    rels = []
    for i, a in enumerate(subjects):
        for b in subjects[i + 1:]:
            r = describe_relation(a, b, registry)
            if r:
                rels.append(r)
    return "; ".join(rels) or None


def _scope_difference(a: dict, b: dict, registry) -> list[str]:
    """Why two member groups (given by one claim each) are not judged together."""
    why = []
    if a["subject"] != b["subject"]:
        why.append("subject")
    pa, pb = (a.get("period_start"), a.get("period_end")), (b.get("period_start"), b.get("period_end"))
    if not _periods_overlap(a, b):
        why.append("period (the same figure for periods that do not overlap)")
    elif pa != pb:
        why.append(f"period ({_period_relation(pa, pb)})")
    if a["metric"] == b["metric"] and not why and a.get("unit") == b.get("unit") and _segment(
        a, registry
    ) == _segment(b, registry) and a.get("basis") == b.get("basis") and _market(a) == _market(b):
        why.append("definition (one source gives both figures)")
    for name, fa, fb in (
        ("segment", _segment(a, registry), _segment(b, registry)),
        ("basis", a.get("basis"), b.get("basis")),
        ("geography", _market(a), _market(b)),
        ("unit", a.get("unit"), b.get("unit")),
    ):
        if fa != fb:
            why.append(name)
    return why


def _any_agree(mi: list[dict], mj: list[dict], registry) -> bool:
    for a in mi:
        for b in mj:
            pv = _pair_verdict(a, b, registry)
            if pv is not None and pv[0] == "agree":
                return True
    return False


def _period_relation(pa: tuple, pb: tuple) -> str:
    if pa == (None, None) or pb == (None, None):
        return "one unstated"
    lo_a, hi_a = pa[0] or "0000-01-01", pa[1] or "9999-12-31"
    lo_b, hi_b = pb[0] or "0000-01-01", pb[1] or "9999-12-31"
    if (lo_a <= lo_b and hi_b <= hi_a) or (lo_b <= lo_a and hi_a <= hi_b):
        return "one inside the other"
    return "overlapping"


def _linkable(a: dict, b: dict, registry) -> bool:
    """Same metric, same subject or parent/child, and not judged in a cross-level group instead."""
    if a["metric"] != b["metric"]:
        return False
    sa, sb = a["subject"], b["subject"]
    if sa != sb and (registry is None or registry.relation(sa, sb) not in ("child", "parent")):
        return False
    return not _same_scope_levels(a, b, registry)


def _linked(a: dict, b: dict, registry, *, values: bool = True) -> bool:
    """Two member groups of one subject family and metric are linked when their periods touch (or,
    with `values`, when they give the same figure for periods apart)."""
    if not _linkable(a, b, registry):
        return False
    if _periods_overlap(a, b):
        return True
    if not values:
        return False
    # the same figure for periods apart: likely one fact with a period read two ways; worth a look
    pv = _pair_verdict(a, b, registry)
    return pv is not None and pv[0] == "agree"


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> None:
        self.p[self.find(a)] = self.find(b)


def _scope_groups(member_groups: list[tuple[Group, list[dict]]], registry) -> list[Group]:
    """Link member groups of one subject family and metric whose scopes differ but touch."""
    by_family: dict[tuple, list[int]] = defaultdict(list)
    for i, (_, members) in enumerate(member_groups):
        c = members[0]
        by_family[(_root(c["subject"], registry), c["metric"])].append(i)
    uf = _UnionFind(len(member_groups))
    reasons: dict[int, set[str]] = defaultdict(set)
    for idxs in by_family.values():
        for x, i in enumerate(idxs):
            for j in idxs[x + 1:]:
                mi, mj = member_groups[i][1], member_groups[j][1]
                # scope fields are shared within a member group: only a value check needs every claim
                if not _linked(mi[0], mj[0], registry, values=False) and (
                    not _linkable(mi[0], mj[0], registry) or not _any_agree(mi, mj, registry)
                ):
                    continue
                uf.union(i, j)
                reasons[i].update(_scope_difference(mi[0], mj[0], registry))
    comps: dict[int, list[int]] = defaultdict(list)
    for i in range(len(member_groups)):
        comps[uf.find(i)].append(i)
    out = []
    for idxs in comps.values():
        if len(idxs) < 2:
            continue
        claims = [c for i in idxs for c in member_groups[i][1]]
        why = sorted(set().union(*(reasons[i] for i in idxs)))
        first = claims[0]
        subjects = sorted({c["subject"] for c in claims})
        key = {
            "subject": _root(first["subject"], registry), "metric": first["metric"],
            "segment": None, "basis": None, "period_start": None, "period_end": None, "geography": None,
        }
        for f in ("segment", "basis", "geography"):
            vals = {_key_dict(c, c["subject"], registry)[f] for c in claims}
            if len(vals) == 1:
                key[f] = vals.pop()
        periods = {(c.get("period_start"), c.get("period_end")) for c in claims}
        if len(periods) == 1:
            key["period_start"], key["period_end"] = periods.pop()
        ids = sorted(c["claim_id"] for c in claims)
        scopes = "; ".join(
            f"{_scope_label(member_groups[i][0].key)}: "
            + ", ".join(sorted({_value(c).text for c in member_groups[i][1] if _value(c)}))
            for i in idxs
        )
        g = Group(
            group_id=_group_id(key, ids, "different_scope"), verdict="different_scope", claim_ids=ids, key=key,
            relation=_group_relation(claims, registry),
            reason=f"not judged against each other, they differ in {', '.join(why) or 'scope'}: {scopes}"
            + (f" (subjects: {', '.join(subjects)})" if len(subjects) > 1 else ""),
            n_sources=len({_source(c) for c in claims}),
            related_group_ids=sorted(member_groups[i][0].group_id for i in idxs), kind="scope",
        )
        for i in idxs:
            member_groups[i][0].related_group_ids.append(g.group_id)
        out.append(g)
    return out


def _scope_label(key: dict) -> str:
    period = key.get("period_start"), key.get("period_end")
    span = "no period" if period == (None, None) else f"{period[0] or '…'} to {period[1] or '…'}"
    extra = [str(key[f]) for f in ("segment", "basis", "geography") if key.get(f)]
    return f"{key['subject']} {span}" + (f" ({', '.join(extra)})" if extra else "")


# ---------------------------------------------------------------- comparatives


def _comparative_key(c: dict, registry) -> tuple[tuple, bool]:
    """Key of a comparative claim with the pair ordered; True when the claim was flipped."""
    s, o = c["subject"], c["object"]
    flipped = s > o
    if flipped:
        s, o = o, s
    rest = (c["metric"], c.get("segment"), c.get("basis"), c.get("period_start"), c.get("period_end"), _market(c))
    return (s, o) + rest, flipped


def _direction(c: dict, flipped: bool) -> str:
    rel = c["relation"]
    if flipped:
        rel = "less_than" if rel == "greater_than" else "greater_than"
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
        if c.get("segment") is not None and _segment(n, registry) != c.get("segment"):
            continue
        if n.get("basis") != c.get("basis") or _market(n) != _market(c):
            continue
        cands.append(n)
    same_sentence = [n for n in cands if n.get("sentence") and n.get("sentence") == c.get("sentence")
                     and _doc(n) == _doc(c)]
    if same_sentence:
        return same_sentence
    if c.get("period_start") is None and c.get("period_end") is None:
        return [n for n in cands if _doc(n) == _doc(c)]
    return cands


def _span(claims: list[dict]) -> tuple[float, float] | None:
    vals = [_value(c) for c in claims]
    vals = [v for v in vals if v is not None]
    if not vals:
        return None
    return min(v.low for v in vals), max(v.high for v in vals)


def _check_order(s: str, o: str, d: str, side_s: list[dict], side_o: list[dict]) -> tuple[str, str, list[dict]]:
    """Verdict of "s {d} o" against both sides' figures in one shared unit."""
    word = f"{s} above {o}" if d == "greater_than" else f"{s} below {o}"
    units_s = {n.get("unit") for n in side_s}
    units_o = {n.get("unit") for n in side_o}
    if not side_s or not side_o:
        return "", "", []
    common = sorted(u for u in units_s & units_o if u)
    if not common:
        return "", f"figures for {s} and {o} are in different units ({', '.join(sorted(map(str, units_s)))} "\
            f"against {', '.join(sorted(map(str, units_o)))}), so {word} is not checked", []
    unit = max(common, key=lambda u: sum(n.get("unit") == u for n in side_s + side_o))
    ss = [n for n in side_s if n.get("unit") == unit]
    oo = [n for n in side_o if n.get("unit") == unit]
    span_s, span_o = _span(ss), _span(oo)
    (hi_lo, hi_hi), (lo_lo, lo_hi) = (span_s, span_o) if d == "greater_than" else (span_o, span_s)
    figures = f"{s} {_fmt_span(span_s)} against {o} {_fmt_span(span_o)} {unit}"
    if hi_lo > lo_hi:
        return "agree", f"the figures bear out {word}: {figures}", ss + oo
    if hi_hi <= lo_lo:
        return "conflict", f"the figures contradict {word}: {figures}", ss + oo
    return "compatible", f"the figures neither prove nor refute {word}: {figures}", ss + oo


def _comparative_groups(comps: list[dict], numeric: list[dict], registry) -> list[Group]:
    """Comparative claims grouped by pair, metric and scope; checked against numeric claims."""
    buckets: dict[tuple, list[tuple[dict, bool]]] = defaultdict(list)
    for c in comps:
        k, flipped = _comparative_key(c, registry)
        buckets[k].append((c, flipped))
    out = []
    for k in sorted(buckets, key=lambda t: json.dumps(t, default=str)):
        items = buckets[k]
        by_dir: dict[str, list[dict]] = defaultdict(list)
        for c, f in items:
            by_dir[_direction(c, f)].append(c)
        dir_sources = {d: {_doc(c) for c in cs} for d, cs in by_dir.items()}
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
            d = "less_than" if d == "greater_than" else "greater_than"
    directions = {_direction(c, flips[c["claim_id"]]) for c in claims}
    sources = {_source(c) for c in claims}
    reasons: list[str] = []
    verdict = None
    related: list[dict] = []
    if len(directions) > 1:
        verdict = "conflict"
        reasons.append(f"independent sources disagree on whether {s} is above or below {o}")
    d = d or next(iter(directions))
    for c in claims if verdict is None else []:
        v, why, used = _check_order(
            s, o, d, _numeric_side(numeric, s, c, registry), _numeric_side(numeric, o, c, registry)
        )
        related.extend(used)
        if why and why not in reasons:
            reasons.append(why)
        if v and (verdict is None or _SEVERITY[v] > _SEVERITY[verdict]):
            verdict = v
    word = f"{s} above {o}" if d == "greater_than" else f"{s} below {o}"
    if verdict is None:
        tail = "" if reasons else "; no figures for both sides to check it"
        if len(sources) >= 2:
            verdict = "agree"
            reasons.append(f"{len(sources)} independent sources state {word}{tail}")
        else:
            verdict = "single_source"
            reasons.append(f"only one independent source states {word}{tail}")
    key = {
        "subject": s, "metric": k[2], "segment": k[3], "basis": k[4], "period_start": k[5],
        "period_end": k[6], "geography": k[7], "object": o,
    }
    ids = sorted(c["claim_id"] for c in claims)
    rel = describe_relation(s, o, registry)
    return Group(
        group_id=_group_id(key, ids, "comparative"), verdict=verdict, claim_ids=ids, key=key,
        relation=rel or f"{s} compared with {o}", reason="; ".join(reasons), n_sources=len(sources),
        related_claim_ids=sorted({c["claim_id"] for c in related}), kind="comparative",
    )


def _fmt_span(span: tuple[float, float]) -> str:
    lo, hi = span
    if lo == hi:
        return _fmt(lo)
    if math.isinf(hi):
        return f"at least {_fmt(lo)}"
    if math.isinf(lo):
        return f"at most {_fmt(hi)}"
    return f"{_fmt(lo)}–{_fmt(hi)}"


# ---------------------------------------------------------------- public API


def reconcile(claims: Iterable[dict] | Any, registry, *, skipped: dict[str, int] | None = None) -> list[Group]:
    """Group comparable claims and give each group a verdict (shared/spec/claims.md).

    `claims`: dicts or a DataFrame with `claim_id`, `doc_id` (or `article_id`), optionally
    `cluster_id` (independent-source key, default `doc_id`), plus the spec fields. `registry`:
    `extractors.registry.load_registry()` (None compares subjects only by equality). Skipped claims
    are counted by reason in `skipped` when given. Groups come out in a stable order.
    """
    skipped = skipped if skipped is not None else {}
    rows = _records(claims)
    numeric, comparative = [], []
    seen: set[str] = set()
    for c in rows:
        cid = c.get("claim_id")
        if not cid:
            raise ReconcileError(f"claim without claim_id: {json.dumps(c, default=str)[:120]}")
        if cid in seen:
            raise ReconcileError(f"duplicate claim_id {cid!r}")
        seen.add(cid)
        if not c.get("subject") or not c.get("metric"):
            skipped["no subject or metric"] = skipped.get("no subject or metric", 0) + 1
        elif c.get("relation") and c.get("object"):
            comparative.append(c)
        elif _value(c) is None:
            skipped["no value"] = skipped.get("no value", 0) + 1
        else:
            numeric.append(c)

    _fill_unstated_markets(numeric, registry)
    buckets: dict[tuple, list[dict]] = defaultdict(list)
    for c in numeric:
        buckets[_member_key(c, registry)].append(c)
    member_groups: list[tuple[Group, list[dict]]] = []
    for k in sorted(buckets, key=lambda t: json.dumps(t, default=str)):
        for members, split in split_camps(sorted(buckets[k], key=lambda c: c["claim_id"]), registry):
            verdict, reason = _judge(members, registry)
            if split:
                reason += "; " + split
            key = _key_dict(members[0], _top_subject(members, registry), registry)
            ids = [c["claim_id"] for c in members]
            g = Group(
                group_id=_group_id(key, ids), verdict=verdict, claim_ids=ids, key=key,
                relation=_group_relation(members, registry), reason=reason,
                n_sources=len({_source(c) for c in members}),
            )
            member_groups.append((g, members))
    sides = [s for g, members in member_groups if g.verdict == "conflict" for s in _sides(g, members, registry)]
    levels = _level_groups(member_groups, registry)
    scope = _scope_groups(member_groups, registry)
    comps = _comparative_groups(comparative, numeric, registry)
    groups = [g for g, _ in member_groups] + sides + levels + scope + comps
    for g in groups:
        g.related_group_ids = sorted(set(g.related_group_ids))
        assert g.verdict in VERDICTS
    return groups


def _default_registry():
    from extractors.registry import load_registry

    return load_registry()


def summarize(groups: list[Group], n_claims: int, skipped: dict[str, int]) -> ReconcileResult:
    by = {v: 0 for v in VERDICTS}
    for g in groups:
        by[g.verdict] += 1
    return ReconcileResult(n_claims=n_claims, n_groups=len(groups), by_verdict=by, skipped=dict(skipped))


def read_claims_jsonl(path: str | Path) -> list[dict]:
    """Claims of a JSONL file; each line needs `claim_id` and `doc_id`. Errors name file and line."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"claims file not found: {path}", path=str(path))
    out = []
    for n, row in iter_objects(path, ReconcileError):
        missing = [k for k in ("claim_id", "doc_id") if not row.get(k)]
        if missing:
            raise ReconcileError(f"{path}:{n}: missing {', '.join(missing)}", path=str(path), line=n)
        for k in CLAIM_FIELDS:
            row.setdefault(k, None)
        out.append(row)
    return out


def reconcile_jsonl(input_path: str | Path, output_path: str | Path, registry=None) -> int:
    """`evclaims reconcile --input CLAIMS.jsonl --output GROUPS.jsonl`; returns the number of groups.

    Each output line: group_id, verdict, claim_ids, key, relation, reason, n_sources (plus
    related_claim_ids and related_group_ids).
    """
    if registry is None:
        registry = _default_registry()
    groups = reconcile(read_claims_jsonl(input_path), registry)
    lines = "".join(json.dumps(g.to_json(), ensure_ascii=False) + "\n" for g in groups)
    if str(output_path) == "-":
        sys.stdout.write(lines)
    else:
        out = Path(output_path)
        if not out.parent.exists():
            raise ConfigError(f"--output {out}: folder {out.parent} does not exist", path=str(out))
        out.write_text(lines, encoding="utf-8")
    return len(groups)


def group_rows(groups: list[Group], now: dt.datetime | None = None) -> tuple[list[dict], list[dict]]:
    """Rows for `store.replace_groups`: recon_groups rows and group_members rows."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    grows, mrows = [], []
    for g in groups:
        k = g.key
        grows.append({
            "group_id": g.group_id, "verdict": g.verdict, "subject": k.get("subject"), "metric": k.get("metric"),
            "segment": k.get("segment"), "basis": k.get("basis"),
            "period_start": _to_date(k.get("period_start")), "period_end": _to_date(k.get("period_end")),
            "geography": k.get("geography"), "relation": g.relation, "reason": g.reason,
            "n_claims": len(g.claim_ids), "n_sources": g.n_sources, "created_at": now,
        })
        role = "related" if g.verdict == "different_scope" else "member"
        mrows.extend({"group_id": g.group_id, "claim_id": cid, "role": role} for cid in g.claim_ids)
        mrows.extend(
            {"group_id": g.group_id, "claim_id": cid, "role": "related"}
            for cid in g.related_claim_ids if cid not in g.claim_ids
        )
    return grows, mrows


def _to_date(v: str | None) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


def reconcile_store(store, registry=None) -> ReconcileResult:
    """`evclaims reconcile --db PATH`: claims of `claims_enriched` → recon_groups and group_members."""
    if registry is None:
        registry = _default_registry()
    df = store.query_df("select * from claims_enriched")
    skipped: dict[str, int] = {}
    claims = _records(df)
    for c in claims:
        c.setdefault("doc_id", c.get("article_id"))
        c.setdefault("source_url", c.get("url"))
    groups = reconcile(claims, registry, skipped=skipped)
    grows, mrows = group_rows(groups)
    store.replace_groups(grows, mrows)
    return summarize(groups, len(claims), skipped)
