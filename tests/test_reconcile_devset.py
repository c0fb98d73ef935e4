"""Quality gate: reconcile the dev set's gold claims and score them as score_reconcile.py does.

Floor 0.9 of cases grouped together with the expected verdict (issue 6). The input is built the way
shared/tools/contract_check.sh builds it: gold claims plus their passage's metadata.
"""

from __future__ import annotations

import json

from pipeline.reconcile import reconcile_jsonl

FLOOR = 0.9


def _lines(path):
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _score(cases: list[dict], groups: list[dict]) -> tuple[float, list[str]]:
    """The rule of score_reconcile.py: one group holds all of a case's claims with its verdict."""
    home: dict[str, set[int]] = {}
    for n, g in enumerate(groups):
        for cid in g["claim_ids"]:
            home.setdefault(cid, set()).add(n)
    wrong = []
    for c in cases:
        common = set.intersection(*(home.get(cid, set()) for cid in c["claim_ids"]))
        if not any(groups[n]["verdict"] == c["expected_verdict"] for n in common):
            wrong.append(c["case_id"])
    return 1 - len(wrong) / len(cases), wrong


def test_reconcile_devset_cases_meet_floor(tmp_path, shared_data):
    passages = {p["id"]: p for p in _lines(shared_data("devset", "passages.jsonl"))}
    claims = tmp_path / "claims.jsonl"
    with claims.open("w", encoding="utf-8") as f:
        for c in _lines(shared_data("devset", "gold.jsonl")):
            p = passages[c.pop("passage_id")]
            c.pop("note", None)
            c.update(
                doc_id=p["id"],
                source_url=p.get("source_url"),
                outlet=p.get("outlet"),
                published=p.get("published"),
                sentence=c.pop("evidence", None),
            )
            f.write(json.dumps(c) + "\n")
    out = tmp_path / "groups.jsonl"
    assert reconcile_jsonl(claims, out) > 0
    accuracy, wrong = _score(_lines(shared_data("devset", "reconcile.jsonl")), _lines(out))
    assert accuracy >= FLOOR, f"dev-set reconcile accuracy {accuracy:.3f} < {FLOOR}; wrong: {wrong}"
