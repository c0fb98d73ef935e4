"""reconcile(): claims in, every kind of group out (member, side, levels, scope, comparative)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from contract.spec import RELATIONS, VERDICTS
from pipeline.reconcile.arithmetic import arithmetic_groups
from pipeline.reconcile.camps import attach_camps, split_camps
from pipeline.reconcile.comparatives import comparative_groups
from pipeline.reconcile.levels import level_groups
from pipeline.reconcile.lineage import top_subject
from pipeline.reconcile.model import Group, ReconcileError, ReconcileResult, new_group, stable_order
from pipeline.reconcile.records import records
from pipeline.reconcile.scope import fill_unstated_markets, fill_unstated_periods, key_dict, member_key
from pipeline.reconcile.scope_links import scope_groups
from pipeline.reconcile.values import value_of
from pipeline.reconcile.verdicts import judge


def reconcile(
    claims: Iterable[dict] | Any, registry, *, skipped: dict[str, int] | None = None
) -> list[Group]:
    """Group comparable claims and give each group a verdict (shared/spec/claims.md).

    `claims`: dicts or a DataFrame with `claim_id`, `doc_id` (or `article_id`), optionally
    `cluster_id` (independent-source key, default `doc_id`), plus the spec fields. `registry`:
    `extractors.registry.load_registry()` (None compares subjects only by equality). Skipped claims
    are counted by reason in `skipped` when given. Groups come out in a stable order.
    """
    skipped = skipped if skipped is not None else {}
    numeric, comparative = _partition(records(claims), skipped)
    fill_unstated_periods(numeric)
    fill_unstated_markets(numeric, registry)
    member_groups = _member_groups(numeric, registry)
    by_id = {c["claim_id"]: c for c in numeric}
    levels = level_groups(member_groups, registry)
    camps = _distinct_camps(
        camp
        for g, members in [*member_groups, *((g, [by_id[i] for i in g.claim_ids]) for g in levels)]
        for camp in attach_camps(g, members, registry)
    )
    scope = scope_groups(member_groups, registry)
    findings = arithmetic_groups(member_groups, registry)
    comps = comparative_groups(comparative, numeric, registry)
    groups = [g for g, _ in member_groups] + camps + levels + scope + findings + comps
    for g in groups:
        g.related_group_ids = sorted(set(g.related_group_ids))
        assert g.verdict in VERDICTS
    return groups


def _distinct_camps(camps: Iterable[Group]) -> list[Group]:
    """One group per camp: the same claims agreeing under one key can be a camp of a member group
    and of a levels group around it; the first (the member group's) stays, related to both."""
    out: dict[str, Group] = {}
    for camp in camps:
        if camp.group_id in out:
            out[camp.group_id].related_group_ids.extend(camp.related_group_ids)
        else:
            out[camp.group_id] = camp
    return list(out.values())


def _partition(rows: list[dict], skipped: dict[str, int]) -> tuple[list[dict], list[dict]]:
    """Numeric and comparative claims; the rest counted in `skipped` by reason. Ids must be unique."""
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
            if c["relation"] in RELATIONS:
                comparative.append(c)
            else:
                skipped["unknown relation"] = skipped.get("unknown relation", 0) + 1
        elif value_of(c) is None:
            skipped["no value"] = skipped.get("no value", 0) + 1
        else:
            numeric.append(c)
    return numeric, comparative


def _member_groups(numeric: list[dict], registry) -> list[tuple[Group, list[dict]]]:
    """One group per key (subject and scope), split where one source gives two figures; with members."""
    buckets: dict[tuple, list[dict]] = defaultdict(list)
    for c in numeric:
        buckets[member_key(c, registry)].append(c)
    member_groups: list[tuple[Group, list[dict]]] = []
    for k in stable_order(buckets):
        for members, split in split_camps(sorted(buckets[k], key=lambda c: c["claim_id"]), registry):
            verdict, reason = judge(members, registry)
            if split:
                reason += "; " + split
            key = key_dict(members[0], top_subject(members, registry), registry)
            member_groups.append((new_group(members, key, verdict, reason, registry), members))
    return member_groups


def summarize(groups: list[Group], n_claims: int, skipped: dict[str, int]) -> ReconcileResult:
    by = {v: 0 for v in VERDICTS}
    for g in groups:
        by[g.verdict] += 1
    return ReconcileResult(n_claims=n_claims, n_groups=len(groups), by_verdict=by, skipped=dict(skipped))
