"""Entity lineage from the registry: which subjects are parent and child, and how to say so.

`registry` is `extractors.registry.load_registry()` or None (then subjects relate only by equality).
"""

from __future__ import annotations

from itertools import combinations

_KIND_WORD = {
    "brand": "a brand",
    "model": "a model",
    "company": "a unit",
    "country": "a part",
    "region": "a part",
}


def parent_or_child(a: str, b: str, registry) -> bool:
    """True when one subject is an ancestor of the other (aito and seres, aito-m9 and seres)."""
    return registry is not None and registry.relation(a, b) in ("child", "parent")


def root(subject: str, registry) -> str:
    """The top of the subject's family (seres for aito-m9)."""
    if registry is None:
        return subject
    anc = registry.ancestors(subject)
    return anc[-1] if anc else subject


def top_subject(members: list[dict], registry) -> str:
    """The subject highest in the registry among the members (seres over aito)."""
    subjects = sorted({c["subject"] for c in members})
    if registry is None:
        return subjects[0]
    return min(subjects, key=lambda s: (len(registry.ancestors(s)), s))


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


def group_relation(members: list[dict], registry) -> str | None:
    """Every parent/child relation among the members' subjects, in words; None when there is none."""
    subjects = sorted({c["subject"] for c in members})
    rels = []
    for a, b in combinations(subjects, 2):
        r = describe_relation(a, b, registry)
        if r:
            rels.append(r)
    return "; ".join(rels) or None
