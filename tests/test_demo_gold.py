"""Extraction scored on the demo articles: text written apart from the dev set, with hand-made gold.

A second, independent check that rules tuned on the dev set carry over to other wording.
Floors only go up; measured when last raised: value 0.980, core 0.941, full 0.941 F1.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "data" / "demo"
FLOORS = {"value": 0.98, "core": 0.94, "full": 0.94}


@pytest.fixture(scope="module")
def scores(tmp_path_factory, shared_data):
    from pipeline.extract import extract_jsonl, make_extractor

    pred = tmp_path_factory.mktemp("demo_gold") / "pred.jsonl"
    extract_jsonl(str(HERE / "passages.jsonl"), str(pred), make_extractor())
    scorer = shared_data("..", "tools", "score_claims.py")
    out = subprocess.run(
        [sys.executable, str(scorer), str(HERE / "gold.jsonl"), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("level", sorted(FLOORS))
def test_demo_gold_extraction_meets_floor(scores, level):
    assert scores[level]["f1"] >= FLOORS[level], scores[level]
