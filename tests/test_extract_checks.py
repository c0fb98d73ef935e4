"""Extraction scored on tests/data/extract_checks: hand-written passages in the style of EV news.

Passages written for this project apart from the dev set: wire reports, company releases,
analyst notes and monthly registration roundups across Chinese, Korean, Japanese, European,
Indian and American makers and battery makers, with prices in several currencies, ranges in
km and miles, fiscal years, "4Q24", guidance and estimates, comparatives, and numbers that are
not claims (tickers, phone numbers, ages, store counts, investments, plant capacity). The gold
follows the dev-set annotation conventions (shared/data/devset/README.md) and was written
before the extractor was run on each passage. Scored with shared/tools/score_claims.py.

Two batches, each with its own floors:
  main    56 passages, 239 claims; the rules were generalised against it.
  batch2  12 passages, 50 claims, written after that work and scored blind once (value 0.898,
          core 0.775, full 0.714 F1), then one round of general fixes.

Floors only go up; measured when last raised: main 0.979/0.953/0.923, batch2 0.970/0.909/0.828.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "data" / "extract_checks"
BATCHES = {"main": HERE, "batch2": HERE / "batch2"}
FLOORS = {
    "main": {"value": 0.97, "core": 0.95, "full": 0.92},
    "batch2": {"value": 0.96, "core": 0.90, "full": 0.82},
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory, shared_data):
    from pipeline.extract import extract_jsonl, make_extractor

    scorer = shared_data("..", "tools", "score_claims.py")
    ex = make_extractor()
    out = {}
    for name, folder in BATCHES.items():
        pred = tmp_path_factory.mktemp(f"extract_checks_{name}") / "pred.jsonl"
        extract_jsonl(str(folder / "passages.jsonl"), str(pred), ex)
        run = subprocess.run(
            [sys.executable, str(scorer), str(folder / "gold.jsonl"), str(pred), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        out[name] = json.loads(run.stdout)
    return out


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_extract_checks_gold_is_well_formed(batch):
    folder = BATCHES[batch]
    passages = [json.loads(line) for line in (folder / "passages.jsonl").open(encoding="utf-8")]
    texts = {p["id"]: p["text"] for p in passages}
    assert len(texts) == len(passages) >= 10
    gold = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    assert len(gold) >= 40
    for g in gold:
        text = texts[g["passage_id"]]
        assert text[g["start_char"] : g["end_char"]] == g["evidence"], g["claim_id"]
        assert (g["value_low"] is None) == (g["relation"] is not None), g["claim_id"]


def test_extract_checks_ids_do_not_clash_across_batches():
    ids = [json.loads(line)["id"] for f in BATCHES.values() for line in (f / "passages.jsonl").open()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("batch", sorted(BATCHES))
@pytest.mark.parametrize("level", ["value", "core", "full"])
def test_extract_checks_extraction_meets_floor(scores, batch, level):
    assert scores[batch][level]["f1"] >= FLOORS[batch][level], scores[batch][level]
