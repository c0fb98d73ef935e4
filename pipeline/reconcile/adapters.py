"""The stage's doors: a JSONL file of claims to a JSONL file of groups, and the store's claims to its
recon_groups and group_members tables."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from contract.errors import ConfigError
from contract.jsonl import iter_objects
from contract.spec import CLAIM_FIELDS
from contract.values import to_date
from pipeline.reconcile.core import reconcile, summarize
from pipeline.reconcile.model import Group, ReconcileError, ReconcileResult
from pipeline.reconcile.records import records


def _default_registry():
    from extractors.registry import load_registry

    return load_registry()


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


def group_rows(
    groups: list[Group], now: dt.datetime | None = None
) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows for `store.replace_groups`: recon_groups rows (with the group's kind, the ids of the
    groups linked to it, an arithmetic finding and the exchange rates), group_members rows (with
    each claim's camp and term) and camp_relations rows."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    grows, mrows, rrows = [], [], []
    for g in groups:
        k = g.key
        grows.append(
            {
                "group_id": g.group_id,
                "verdict": g.verdict,
                "subject": k.get("subject"),
                "metric": k.get("metric"),
                "segment": k.get("segment"),
                "basis": k.get("basis"),
                "period_start": to_date(k.get("period_start")),
                "period_end": to_date(k.get("period_end")),
                "geography": k.get("geography"),
                "relation": g.relation,
                "reason": g.reason,
                "n_claims": len(g.claim_ids),
                "n_sources": g.n_sources,
                "kind": g.kind,
                "related_group_ids": list(g.related_group_ids),
                "arithmetic_check": g.check,
                "arithmetic": g.arithmetic,
                "exchange_rates": list(g.exchange_rates),
                "created_at": now,
            }
        )
        role = "related" if g.verdict == "different_scope" else "member"
        camp_of = {cid: c["camp"] for c in g.camps for cid in c["claim_ids"]}
        mrows.extend(
            {
                "group_id": g.group_id,
                "claim_id": cid,
                "role": role,
                "camp": camp_of.get(cid),
                "term": g.terms.get(cid),
            }
            for cid in g.claim_ids
        )
        mrows.extend(
            {"group_id": g.group_id, "claim_id": cid, "role": "related"}
            for cid in g.related_claim_ids
            if cid not in g.claim_ids
        )
        rrows.extend(
            {
                "group_id": g.group_id,
                "camp_a": r["camps"][0],
                "camp_b": r["camps"][1],
                "verdict": r["verdict"],
                "reason": r["reason"],
            }
            for r in g.camp_relations
        )
    return grows, mrows, rrows


def reconcile_store(store, registry=None) -> ReconcileResult:
    """`evclaims reconcile --db PATH`: claims of `claims_enriched` → recon_groups and group_members."""
    if registry is None:
        registry = _default_registry()
    df = store.claims_frame()
    skipped: dict[str, int] = {}
    claims = records(df)
    for c in claims:
        c.setdefault("doc_id", c.get("article_id"))
        c.setdefault("source_url", c.get("url"))
    groups = reconcile(claims, registry, skipped=skipped)
    store.replace_groups(*group_rows(groups))
    return summarize(groups, len(claims), skipped)
