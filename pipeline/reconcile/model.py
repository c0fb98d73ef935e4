"""What the reconcile stage hands out: groups (with stable ids), the run's counts and its error."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from contract.errors import EvclaimsError
from pipeline.reconcile.lineage import group_relation
from pipeline.reconcile.records import n_sources


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
    # member: one key's claims; camp: claims of a member or levels group that agree with each other,
    # when the group has several camps and several sources back this one; levels: a child against its
    # parent; scope: different_scope links; comparative: "X outsold Y" claims; arithmetic: an
    # `inconsistent` finding across scopes
    kind: str = "member"
    # camps of a member or levels group: [{"camp": 1, "claim_ids": [...], "n_sources": 3, "value": ...,
    # "verdict": "agree"}], numbered from the one most sources back; and the verdict between each two
    camps: list[dict] = field(default_factory=list)
    camp_relations: list[dict] = field(default_factory=list)
    exchange_rates: list[str] = field(default_factory=list)  # the rates amounts were converted at
    # an arithmetic finding: which check (part_above_whole, parts_above_whole, growth_vs_levels), the
    # arithmetic in one line, and each claim's place in it (part, whole, growth, level, earlier level)
    check: str | None = None
    arithmetic: str | None = None
    terms: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class ReconcileResult:
    """What one reconcile run did: counts per verdict, claims seen and skipped with reasons."""

    n_claims: int
    n_groups: int
    by_verdict: dict[str, int]
    skipped: dict[str, int] = field(default_factory=dict)


def group_id(key: dict, claim_ids: Sequence[str], kind: str = "") -> str:
    """The same key, members and kind give the same id whatever the input order."""
    blob = json.dumps({"k": key, "c": sorted(claim_ids), "t": kind}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def stable_order(keys) -> list[tuple]:
    """Bucket keys in an order that does not depend on the input's (None sorts among strings)."""
    return sorted(keys, key=lambda t: json.dumps(t, default=str))


def new_group(
    claims: list[dict],
    key: dict,
    verdict: str,
    reason: str,
    registry,
    *,
    kind: str = "member",
    tag: str = "",
    **links,
) -> Group:
    """A group of `claims`: its id from key, members and `tag`; the relation among the subjects and the
    number of independent sources from the claims themselves."""
    ids = sorted(c["claim_id"] for c in claims)
    return Group(
        group_id=group_id(key, ids, tag),
        verdict=verdict,
        claim_ids=ids,
        key=key,
        relation=group_relation(claims, registry),
        reason=reason,
        n_sources=n_sources(claims),
        kind=kind,
        **links,
    )
