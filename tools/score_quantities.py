#!/usr/bin/env python3
"""Score extracted quantities against hand-marked gold quantities.

    score_quantities.py GOLD.jsonl PREDICTED.jsonl [--json] [--errors N]

GOLD lines carry `passage_id`; PREDICTED lines (`evclaims extract --quantities`) carry `doc_id`
(or `passage_id`) naming the same sentence or passage. Only passages of GOLD's passage list (the
`sentences.jsonl` or `passages.jsonl` beside it, when present) are scored, so a passage without
gold quantities counts every prediction in it as a false positive.

Levels, each a one-to-one matching per passage (greedy, in the style of score_claims.py):
  value      value_low and value_high within 0.5% (relative)
  unit       + unit: lower case, simple plurals folded ("feet"/"foot", "jobs"/"job"), a compound's
             head accepted for the compound ("family member" for "member"); null only matches null
  qualifier  + qualifier class: exact; approx; more_than/at_least; less_than/at_most
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

TOL = 0.005
LEVELS = ("value", "unit", "qualifier")
QUAL_CLASS = {
    "exact": "exact",
    "approx": "approx",
    "more_than": "lower",
    "at_least": "lower",
    "less_than": "upper",
    "at_most": "upper",
    None: "exact",
}
IRREGULAR = {"feet": "foot", "men": "man", "women": "woman", "children": "child", "teeth": "tooth"}


def load(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{n}: not JSON: {e}")
    return rows


def close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= TOL * max(abs(a), abs(b), 1e-9)


def singular(word: str) -> str:
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def unit_key(unit) -> str | None:
    if unit is None:
        return None
    return " ".join(singular(w) for w in str(unit).strip().lower().replace("_", " ").split())


def same_unit(a, b) -> bool:
    ka, kb = unit_key(a), unit_key(b)
    if ka is None or kb is None:
        return ka is None and kb is None
    return ka == kb or ka.endswith(" " + kb) or kb.endswith(" " + ka)


def match(level: str, g: dict, p: dict) -> bool:
    if not (
        close(g.get("value_low"), p.get("value_low")) and close(g.get("value_high"), p.get("value_high"))
    ):
        return False
    if level == "value":
        return True
    if not same_unit(g.get("unit"), p.get("unit")):
        return False
    if level == "unit":
        return True
    return QUAL_CLASS.get(g.get("qualifier"), g.get("qualifier")) == QUAL_CLASS.get(
        p.get("qualifier"), p.get("qualifier")
    )


def pair(level: str, gold: list[dict], pred: list[dict]) -> tuple[int, list[dict], list[dict]]:
    """Greedy one-to-one matching; returns (matched, unmatched gold, unmatched predictions)."""
    used: set[int] = set()
    missed = []
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and match(level, g, p)), None)
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
    extra = [p for i, p in enumerate(pred) if i not in used]
    return len(used), missed, extra


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "predicted": n_pred,
        "gold": n_gold,
    }


def passage_ids(gold_path: Path, gold: list[dict]) -> set[str]:
    for name in ("sentences.jsonl", "passages.jsonl"):
        listed = gold_path.with_name(name)
        if listed.exists():
            return {row["id"] for row in load(listed)}
    return {g["passage_id"] for g in gold}


def score(gold: list[dict], pred: list[dict], ids: set[str]) -> tuple[dict, dict]:
    """Scores per level, and the misses and extras of the `unit` level as (passage, row) pairs."""
    gold_by, pred_by = defaultdict(list), defaultdict(list)
    for g in gold:
        gold_by[g["passage_id"]].append(g)
    for p in pred:
        pid = p.get("doc_id", p.get("passage_id"))
        if pid in ids:
            pred_by[pid].append(p)
    n_gold = sum(len(gold_by[i]) for i in ids)
    n_pred = sum(len(pred_by[i]) for i in ids)
    scores, examples = {}, {"missed": [], "extra": []}
    for level in LEVELS:
        tp = 0
        for i in sorted(ids):
            t, missed, extra = pair(level, gold_by[i], pred_by[i])
            tp += t
            if level == "unit":
                examples["missed"] += [(i, m) for m in missed]
                examples["extra"] += [(i, e) for e in extra]
        scores[level] = prf(tp, n_pred, n_gold)
    return scores, examples


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("predicted", type=Path)
    ap.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    ap.add_argument(
        "--errors", type=int, default=0, metavar="N", help="list up to N misses and extras at level 'unit'"
    )
    a = ap.parse_args()
    gold = load(a.gold)
    ids = passage_ids(a.gold, gold)
    scores, examples = score(gold, load(a.predicted), ids)
    if a.json:
        print(json.dumps({"passages": len(ids), **scores}))
    else:
        s = scores["value"]
        print(f"{len(ids)} passages, {s['gold']} gold quantities, {s['predicted']} predicted")
        print(f"{'level':9} {'P':>7} {'R':>7} {'F1':>7}")
        for level, s in scores.items():
            print(f"{level:9} {s['precision']:7.3f} {s['recall']:7.3f} {s['f1']:7.3f}")
    keys = ("value_low", "value_high", "unit", "qualifier")
    for kind in ("missed", "extra"):
        for pid, row in examples[kind][: a.errors]:
            text = row.get("surface", row.get("text"))
            print(
                f"{kind:6} {pid}: {text!r} " + " ".join(f"{k}={row.get(k)}" for k in keys),
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
