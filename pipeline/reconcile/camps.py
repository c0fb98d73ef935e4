"""Camps: the claims of a group that agree with each other. A pair's verdict is always the spec's
verdict for that pair, so a looser or conflicting claim beside a camp never hides its agreement:
each camp is told apart, the verdict between every two camps is kept, and a camp several sources
back is a group of its own. Also: one source's two figures under one key, kept apart."""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

from pipeline.reconcile.model import Group, new_group
from pipeline.reconcile.money import is_currency, money_text
from pipeline.reconcile.records import doc_of, n_sources
from pipeline.reconcile.unionfind import UnionFind
from pipeline.reconcile.values import midpoint, value_of
from pipeline.reconcile.verdicts import judge, pair_verdict, rate_note, worse


def _admitting(members: list[dict], registry) -> list[list[dict]]:
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
    camps = _admitting(members, registry)
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


def agree_camps(members: list[dict], registry) -> list[list[dict]]:
    """Claims split so that every two claims of a camp agree (equal once rounded, within 1%, or a
    bound's threshold equal to the other figure). A claim agreeing with most others is placed
    first, so a chain of near values never joins two figures that disagree. Camps come out in
    order: most independent sources, then most claims, then first claim id."""
    agrees = {c["claim_id"]: set() for c in members}
    for a, b in combinations(members, 2):
        pv = pair_verdict(a, b, registry)
        if pv is not None and pv[0] == "agree":
            agrees[a["claim_id"]].add(b["claim_id"])
            agrees[b["claim_id"]].add(a["claim_id"])
    camps: list[list[dict]] = []
    for c in sorted(members, key=lambda c: (-len(agrees[c["claim_id"]]), c["claim_id"])):
        home = next(
            (camp for camp in camps if all(x["claim_id"] in agrees[c["claim_id"]] for x in camp)), None
        )
        if home is None:
            camps.append([c])
        else:
            home.append(c)
    for camp in camps:
        camp.sort(key=lambda c: c["claim_id"])
    return sorted(camps, key=lambda camp: (-n_sources(camp), -len(camp), camp[0]["claim_id"]))


def _camp_value(camp: list[dict]) -> str:
    """The camp's figures as written: '72,689', 'CNY 9.4 billion / USD 1.3 billion'."""
    texts = set()
    for c in camp:
        v = value_of(c)
        if v is not None:
            texts.add(f"{c['unit']} {money_text(v)}" if is_currency(c.get("unit")) else v.text)
    return " / ".join(sorted(texts))


def attach_camps(group: Group, members: list[dict], registry) -> list[Group]:
    """Fill `group.camps` and `group.camp_relations` (and the rates its pairs were converted at);
    return a `camp` group for each camp that several independent sources back, when the group has
    more than one camp. The group's own verdict stays its worst pair."""
    group.exchange_rates = sorted({n for a, b in combinations(members, 2) if (n := rate_note(a, b))})
    camps = agree_camps(members, registry)
    if len(camps) < 2:
        return []
    out = []
    for n, camp in enumerate(camps, 1):
        verdict, _ = judge(camp, registry)
        group.camps.append(
            {
                "camp": n,
                "claim_ids": [c["claim_id"] for c in camp],
                "n_sources": n_sources(camp),
                "value": _camp_value(camp),
                "verdict": verdict,
            }
        )
    for (i, ci), (j, cj) in combinations(enumerate(camps, 1), 2):
        worst = None
        for a in ci:
            for b in cj:
                worst = worse(worst, pair_verdict(a, b, registry))
        verdict, why = worst if worst is not None else ("different_scope", "not compared")
        group.camp_relations.append({"camps": [i, j], "verdict": verdict, "reason": why})
    group.reason += "; " + camp_summary(group)
    for info, camp in zip(group.camps, camps, strict=True):
        if info["n_sources"] < 2:
            continue
        verdict, reason = judge(camp, registry)
        g = new_group(
            camp,
            dict(group.key),
            verdict,
            f"camp {info['camp']} of a group whose verdict is {group.verdict}: {reason}",
            registry,
            kind="camp",
            tag="camp",
            related_group_ids=[group.group_id],
        )
        g.exchange_rates = sorted({n for a, b in combinations(camp, 2) if (n := rate_note(a, b))})
        group.related_group_ids.append(g.group_id)
        out.append(g)
    return out


def camp_summary(group: Group) -> str:
    """'camps: 1) 72,689 (3 sources), 2) 52,760 (1 source); 1 against 2: conflict'."""

    def src(n: int) -> str:
        return f"{n} source" + ("s" if n != 1 else "")

    camps = ", ".join(f"{c['camp']}) {c['value']} ({src(c['n_sources'])})" for c in group.camps)
    rels = ", ".join(f"{r['camps'][0]} against {r['camps'][1]}: {r['verdict']}" for r in group.camp_relations)
    return f"camps: {camps}; {rels}"
