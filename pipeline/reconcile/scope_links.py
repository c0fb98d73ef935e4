"""different_scope groups: member groups of one subject family and metric whose scopes differ but
touch (nested or overlapping periods, other segments, markets, bases or units), linked, never judged."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from pipeline.reconcile.levels import same_scope_levels
from pipeline.reconcile.lineage import parent_or_child, root
from pipeline.reconcile.model import Group, new_group
from pipeline.reconcile.scope import key_dict, market, period_relation, periods_overlap, segment, unit_key
from pipeline.reconcile.unionfind import UnionFind
from pipeline.reconcile.values import value_of
from pipeline.reconcile.verdicts import pair_verdict


def _linkable(a: dict, b: dict, registry) -> bool:
    """Same metric, same subject or parent/child, and not judged in a cross-level group instead."""
    if a["metric"] != b["metric"]:
        return False
    sa, sb = a["subject"], b["subject"]
    if sa != sb and not parent_or_child(sa, sb, registry):
        return False
    return not same_scope_levels(a, b, registry)


def _any_agree(mi: list[dict], mj: list[dict], registry) -> bool:
    for a in mi:
        for b in mj:
            pv = pair_verdict(a, b, registry)
            if pv is not None and pv[0] == "agree":
                return True
    return False


def _scope_difference(a: dict, b: dict, registry) -> list[str]:
    """Why two member groups (given by one claim each) are not judged together."""
    why = []
    if a["subject"] != b["subject"]:
        why.append("subject")
    pa, pb = (a.get("period_start"), a.get("period_end")), (b.get("period_start"), b.get("period_end"))
    if not periods_overlap(a, b):
        why.append("period (the same figure for periods that do not overlap)")
    elif pa != pb:
        why.append(f"period ({period_relation(pa, pb)})")
    if (
        a["metric"] == b["metric"]
        and not why
        and unit_key(a.get("unit")) == unit_key(b.get("unit"))
        and segment(a, registry) == segment(b, registry)
        and a.get("basis") == b.get("basis")
        and market(a) == market(b)
    ):
        why.append("definition (one source gives both figures)")
    for name, fa, fb in (
        ("segment", segment(a, registry), segment(b, registry)),
        ("basis", a.get("basis"), b.get("basis")),
        ("geography", market(a), market(b)),
        ("unit", unit_key(a.get("unit")), unit_key(b.get("unit"))),
    ):
        if fa != fb:
            why.append(name)
    return why


def _scope_label(key: dict) -> str:
    period = key.get("period_start"), key.get("period_end")
    span = "no period" if period == (None, None) else f"{period[0] or '…'} to {period[1] or '…'}"
    extra = [str(key[f]) for f in ("segment", "basis", "geography") if key.get(f)]
    return f"{key['subject']} {span}" + (f" ({', '.join(extra)})" if extra else "")


def scope_groups(member_groups: list[tuple[Group, list[dict]]], registry) -> list[Group]:
    """Link member groups of one subject family and metric whose scopes differ but touch."""
    by_family: dict[tuple, list[int]] = defaultdict(list)
    for i, (_, members) in enumerate(member_groups):
        c = members[0]
        by_family[(root(c["subject"], registry), c["metric"])].append(i)
    uf = UnionFind(len(member_groups))
    reasons: dict[int, set[str]] = defaultdict(set)
    for idxs in by_family.values():
        for i, j in combinations(idxs, 2):
            mi, mj = member_groups[i][1], member_groups[j][1]
            # scope fields are shared within a member group: only a value check needs every claim.
            # The same figure for periods apart is likely one fact with a period read two ways.
            if not _linkable(mi[0], mj[0], registry) or not (
                periods_overlap(mi[0], mj[0]) or _any_agree(mi, mj, registry)
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
            "subject": root(first["subject"], registry),
            "metric": first["metric"],
            "segment": None,
            "basis": None,
            "period_start": None,
            "period_end": None,
            "geography": None,
        }
        for f in ("segment", "basis", "geography"):
            vals = {key_dict(c, c["subject"], registry)[f] for c in claims}
            if len(vals) == 1:
                key[f] = vals.pop()
        periods = {(c.get("period_start"), c.get("period_end")) for c in claims}
        if len(periods) == 1:
            key["period_start"], key["period_end"] = periods.pop()
        scopes = "; ".join(
            f"{_scope_label(member_groups[i][0].key)}: "
            + ", ".join(sorted({value_of(c).text for c in member_groups[i][1] if value_of(c)}))
            for i in idxs
        )
        reason = f"not judged against each other, they differ in {', '.join(why) or 'scope'}: {scopes}" + (
            f" (subjects: {', '.join(subjects)})" if len(subjects) > 1 else ""
        )
        g = new_group(
            claims,
            key,
            "different_scope",
            reason,
            registry,
            kind="scope",
            tag="different_scope",
            related_group_ids=sorted(member_groups[i][0].group_id for i in idxs),
        )
        for i in idxs:
            member_groups[i][0].related_group_ids.append(g.group_id)
        out.append(g)
    return out
