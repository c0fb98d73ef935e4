"""Extraction scored on tests/data/extract_checks: hand-written passages in the style of EV news.

56 passages (239 gold claims) written for this project apart from the dev set: wire reports,
company releases, analyst notes and monthly registration roundups across Chinese, Korean,
Japanese, European and American makers and battery makers, with prices in several currencies,
ranges in km and miles, fiscal years, "4Q24", guidance and estimates, comparatives, and numbers
that are not claims (tickers, phone numbers, ages, store counts, investments, capacity). The gold
follows the dev-set annotation conventions (shared/data/devset/README.md) and was written before
the extractor was run on each passage. Scored with shared/tools/score_claims.py.

A check that rules carry over to wording the dev set does not have. Floors only go up; measured
when last raised: value 0.976, core 0.951, full 0.921 F1.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "data" / "extract_checks"
FLOORS = {"value": 0.97, "core": 0.95, "full": 0.92}


@pytest.fixture(scope="module")
def scores(tmp_path_factory, shared_data):
    from pipeline.extract import extract_jsonl, make_extractor

    pred = tmp_path_factory.mktemp("extract_checks") / "pred.jsonl"
    extract_jsonl(str(HERE / "passages.jsonl"), str(pred), make_extractor())
    scorer = shared_data("..", "tools", "score_claims.py")
    out = subprocess.run(
        [sys.executable, str(scorer), str(HERE / "gold.jsonl"), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_extract_checks_gold_is_well_formed():
    passages = [json.loads(line) for line in (HERE / "passages.jsonl").open(encoding="utf-8")]
    texts = {p["id"]: p["text"] for p in passages}
    assert len(texts) == len(passages) >= 40
    gold = [json.loads(line) for line in (HERE / "gold.jsonl").open(encoding="utf-8")]
    assert len(gold) >= 150
    for g in gold:
        text = texts[g["passage_id"]]
        assert text[g["start_char"] : g["end_char"]] == g["evidence"], g["claim_id"]
        assert (g["value_low"] is None) == (g["relation"] is not None), g["claim_id"]


@pytest.mark.parametrize("level", sorted(FLOORS))
def test_extract_checks_extraction_meets_floor(scores, level):
    assert scores[level]["f1"] >= FLOORS[level], scores[level]
