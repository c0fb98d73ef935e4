"""Camps: claims of one key whose figures agree, split apart when one source gives two figures, and
the sides of a conflict that several independent sources back."""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

from pipeline.reconcile.model import Group, new_group
from pipeline.reconcile.records import doc_of, n_sources
from pipeline.reconcile.unionfind import UnionFind
from pipeline.reconcile.values import midpoint, value_of
from pipeline.reconcile.verdicts import judge, pair_verdict


def _camps(members: list[dict], registry) -> list[list[dict]]:
    """Claims whose values agree or admit each other, as connected components."""
    uf = UnionFind(len(members))
    for i, j in combinations(range(len(members)), 2):
        pv = pair_verdict(members[i], members[j], registry)
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
    srcs = [
        {doc_of(c) for c in camp} for camp in camps
    ]  # an article, not its cluster: a copy may be corrected
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


def _distance(a: list[dict], b: list[dict]) -> float:
    pa, pb = midpoint(value_of(a[0])), midpoint(value_of(b[0]))
    big = max(abs(pa), abs(pb)) or 1.0
    return abs(pa - pb) / big if math.isfinite(big) else math.inf


def conflict_sides(conflict: Group, members: list[dict], registry) -> list[Group]:
    """The sides of a conflict that several independent sources back: each is judged on its own
    (72,689 from three outlets agrees, whatever a fourth says) and linked to the conflict."""
    out = []
    for camp in _camps(members, registry):
        if len(camp) == len(members) or n_sources(camp) < 2:
            continue
        verdict, reason = judge(camp, registry)
        if verdict == "conflict":
            continue
        g = new_group(
            camp,
            dict(conflict.key),
            verdict,
            f"one side of a conflict: {reason}",
            registry,
            kind="side",
            tag="side",
            related_group_ids=[conflict.group_id],
        )
        conflict.related_group_ids.append(g.group_id)
        out.append(g)
    return out
