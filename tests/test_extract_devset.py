"""Quality gate: the dev sets scored with shared/tools/score_claims.py must stay above their floors.

Raise a floor when the extractor improves; never lower one. Measured when last raised (value/core/full F1):

    devset   0.998 / 0.984 / 0.979
    devset2  0.965 / 0.930 / 0.877   (32 passages from 31 outlets; scored blind on first contact:
                                      0.802 / 0.632 / 0.396; its held-out third, kept unread until
                                      the figure was taken: 0.839 / 0.701 / 0.391 blind at the start,
                                      0.844 / 0.722 / 0.467 when first scored after tuning on the rest)
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import pytest

FLOORS = {
    "devset": {"value": 0.99, "core": 0.98, "full": 0.97},
    "devset2": {"value": 0.96, "core": 0.925, "full": 0.87},  # measured 0.965 / 0.930 / 0.877
}


@pytest.mark.parametrize("devset", sorted(FLOORS))
def test_extract_devset_scores_above_floors(shared_data, ex, score_claims, devset):
    scorer = score_claims
    passages = scorer.load(shared_data(devset, "passages.jsonl"))
    gold_by = defaultdict(list)
    for g in scorer.load(shared_data(devset, "gold.jsonl")):
        gold_by[g["passage_id"]].append(g)
    items = [
        (p["id"], p["text"], dt.date.fromisoformat(p["published"]) if p["published"] else None)
        for p in passages
    ]
    pred_by = {doc_id: json.loads(json.dumps(claims)) for doc_id, claims in ex.extract_many(items)}
    n_gold = sum(len(v) for v in gold_by.values())
    n_pred = sum(len(v) for v in pred_by.values())
    floors = FLOORS[devset]
    scores = {}
    for level in floors:
        tp = sum(scorer.pair(level, gold_by[p["id"]], pred_by[p["id"]])[0] for p in passages)
        scores[level] = scorer.prf(tp, n_pred, n_gold)["f1"]
    assert scores == {k: v for k, v in scores.items() if v >= floors[k]}, (
        f"{devset} below floors {floors}: {scores}"
    )
