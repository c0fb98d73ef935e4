"""Levels: a child's figure against its parent's for the same metric and scope (a part and its whole)."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from contract.spec import ADDITIVE_METRICS  # a part never exceeds its whole (metric_classes.json)
from pipeline.reconcile.lineage import parent_or_child, top_subject
from pipeline.reconcile.model import Group, new_group
from pipeline.reconcile.scope import key_dict, scope_key
from pipeline.reconcile.verdicts import Verdict, pair_verdict, worse


def same_scope_levels(a: dict, b: dict, registry) -> bool:
    """A parent's and a child's claims judged in a cross-level group (additive metric, same scope)."""
    return (
        a["subject"] != b["subject"]
        and a["metric"] in ADDITIVE_METRICS
        and scope_key(a, registry) == scope_key(b, registry)
        and parent_or_child(a["subject"], b["subject"], registry)
    )


def level_groups(member_groups: list[tuple[Group, list[dict]]], registry) -> list[Group]:
    """A child's figure against its parent's for the same metric and scope (aito against seres, Q1
    2025): agree when equal (outlets often name the company for its brand), compatible when the part
    fits within the whole, conflict when the part exceeds it."""
    by_scope: dict[tuple, list[int]] = defaultdict(list)
    for i, (_, members) in enumerate(member_groups):
        if members[0]["metric"] in ADDITIVE_METRICS:
            by_scope[scope_key(members[0], registry)].append(i)
    out = []
    for idxs in by_scope.values():
        for i, j in combinations(idxs, 2):
            (gi, mi), (gj, mj) = member_groups[i], member_groups[j]
            if not same_scope_levels(mi[0], mj[0], registry):
                continue
            worst: Verdict | None = None
            for a in mi:
                for b in mj:
                    worst = worse(worst, pair_verdict(a, b, registry))
            if worst is None:
                continue
            claims = sorted(mi + mj, key=lambda c: c["claim_id"])
            key = key_dict(claims[0], top_subject(claims, registry), registry)
            g = new_group(
                claims,
                key,
                *worst,
                registry,
                kind="levels",
                tag="levels",
                related_group_ids=[gi.group_id, gj.group_id],
            )
            gi.related_group_ids.append(g.group_id)
            gj.related_group_ids.append(g.group_id)
            out.append(g)
    return out
