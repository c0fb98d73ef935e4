"""Verdicts: two claims (the same subject, or a part against its whole) and a group by its worst pair."""

from __future__ import annotations

from itertools import combinations

from pipeline.reconcile.lineage import describe_relation
from pipeline.reconcile.money import compare_money, conversion, converted, is_currency
from pipeline.reconcile.records import doc_of, n_sources
from pipeline.reconcile.values import Value, compare_values, value_of

SEVERITY = {"agree": 0, "compatible": 1, "conflict": 2}

Verdict = tuple[str, str]  # (verdict, reason in words)


def worse(worst: Verdict | None, pv: Verdict | None) -> Verdict | None:
    """The graver of the two; on a tie the one found first stays, and None never wins."""
    if pv is not None and (worst is None or SEVERITY[pv[0]] > SEVERITY[worst[0]]):
        return pv
    return worst


def cross_currency(a: dict, b: dict) -> bool:
    return a.get("unit") != b.get("unit") and is_currency(a.get("unit")) and is_currency(b.get("unit"))


def rate_note(a: dict, b: dict) -> str | None:
    """The exchange rate a pair of amounts in two currencies is judged at, in words; None when the
    pair is in one currency or no rate could be taken (`no_rate` says why)."""
    if not cross_currency(a, b):
        return None
    rate, _ = conversion(a, b)
    return rate.text() if rate is not None else None


def no_rate(a: dict, b: dict) -> str | None:
    """Why a pair of amounts in two currencies could not be converted; None when it could."""
    if not cross_currency(a, b):
        return None
    rate, why = conversion(a, b)
    return None if rate is not None else why


def _compare(a: dict, b: dict, va: Value, vb: Value) -> tuple[Verdict | None, Value]:
    """compare_values, or compare_money after converting `b` into `a`'s currency; with `b`'s value in
    `a`'s unit. None when two currencies have no rate for the pair's days."""
    if not cross_currency(a, b):
        return compare_values(va, vb), vb
    rate, _ = conversion(a, b)
    if rate is None:
        return None, vb
    return compare_money(va, vb, rate, a["unit"], b["unit"]), converted(vb, rate)


def pair_verdict(a: dict, b: dict, registry) -> Verdict | None:
    """Verdict of two claims in one member group; None when the pair is not judged (siblings, or
    amounts in two currencies with no date to take a rate on)."""
    va, vb = value_of(a), value_of(b)
    if va is None or vb is None:
        return None
    sa, sb = a["subject"], b["subject"]
    if sa == sb:
        return _compare(a, b, va, vb)[0]
    rel = registry.relation(sa, sb) if registry is not None else None
    if rel not in ("child", "parent"):
        return None
    child, parent, vc, vp = (a, b, va, vb) if rel == "child" else (b, a, vb, va)
    judged, vp = _compare(child, parent, vc, vp)
    if judged is None:
        return None
    verdict, why = judged
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


def judge(members: list[dict], registry) -> Verdict:
    """Worst pair of the group; single_source when one independent source states it all."""
    n = n_sources(members)
    worst: Verdict | None = None
    for a, b in combinations(members, 2):
        worst = worse(worst, pair_verdict(a, b, registry))
    if n < 2:
        if worst and worst[0] == "conflict":
            who = (
                "near-duplicate copies of one article disagree"
                if len({doc_of(c) for c in members}) > 1
                else "one source contradicts itself"
            )
            return "conflict", f"{who}: {worst[1]}"
        return "single_source", "only one independent source states it" + (
            f" ({len(members)} mentions)" if len(members) > 1 else ""
        )
    if worst is None:
        notes = sorted({n for a, b in combinations(members, 2) if (n := no_rate(a, b))})
        why = f": {'; '.join(notes)}" if notes else ""
        return "different_scope", f"no two claims could be compared{why} ({n} independent sources)"
    worst_pair = "; the group takes the worst pair" if len(members) > 2 and worst[0] != "agree" else ""
    return worst[0], f"{worst[1]} ({n} independent sources{worst_pair})"
