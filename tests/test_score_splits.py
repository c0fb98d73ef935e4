"""benchmarks/score_splits.py draws the same tune / held / never-tuned line every session."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import score_splits  # noqa: E402


def test_held_ids_are_every_third_passage_of_each_id_group():
    ids = ["p3801", "p3802", "p3803", "p3804", "p3901", "p3902"]
    assert score_splits.held_ids(ids) == {"p3801", "p3804", "p3901"}


def test_splits_keep_held_and_never_tuned_passages_out_of_the_tune_pool():
    pools = score_splits.splits()
    tune = {p["id"] for p in pools["tune"][0]}
    for name, (passages, gold) in pools.items():
        ids = {p["id"] for p in passages}
        assert {g["passage_id"] for g in gold} <= ids, name
        if name != "tune":
            assert not ids & tune, name
    assert {"held8-55", "held64-65", "blind62-63", "blind66-67", "devset2"} <= set(pools)
    assert {p["id"][:3] for p in pools["blind66-67"][0]} == {"p66", "p67"}
