"""Extraction scored on tests/data/extract_checks: hand-written passages in the style of EV news.

Passages written for this project apart from the dev set: wire reports, company releases,
analyst notes and monthly registration roundups across Chinese, Korean, Japanese, European,
Indian and American makers and battery makers, with prices in several currencies, ranges in
km and miles, fiscal years, "4Q24", guidance and estimates, comparatives, and numbers that are
not claims (tickers, phone numbers, ages, store counts, investments, plant capacity). The gold
follows the dev-set annotation conventions (shared/data/devset/README.md) and was written
before the extractor was run on each passage. Scored with shared/tools/score_claims.py.

Sixty-six sets (main and 65 batches), each with its own floors:
  main    56 passages, 239 claims; the rules were generalised against it.
  batch2  12 passages, 50 claims, written after that work and scored blind once (value 0.898,
          core 0.775, full 0.714 F1), then one round of general fixes.
  batch3   8 passages, 31 claims, written after batch2 and scored blind once (0.952/0.889/0.825; the
          extractor before this work scored 0.935/0.806/0.774), then two general fixes.
  batch4  18 passages, 90 claims (one passage with none): earnings write-ups with margins in percent
          and points, EU/UK/German registrations by BEV/PHEV, a China monthly delivery round-up,
          launches with price/range/battery, analyst forecasts, a price war. Scored blind once
          (0.955/0.876/0.843), then one round of general fixes.

batch5  28 real passages from 28 outlets (none in the dev sets), 198 claims, found with the search
        tool's stored pages and annotated by hand before any run (SOURCES.md names each page). Scored
        blind: 0.892/0.677/0.441; its held-out third (9 passages, unread until scored after the fixes
        on the other two thirds): 0.939/0.538/0.492 blind, 0.961/0.574/0.527 after them.
batch6  24 real passages from 24 further outlets, 187 claims, built the same way after batch5's
        fixes: blind 0.876/0.801/0.536 (the session's starting extractor: 0.882/0.802/0.533); its
        held-out third 0.859/0.750/0.578 before it was read.
Both batches were then read in full and their error kinds fixed as kinds; they are no longer blind.
batch7  20 real passages from 20 more outlets, all dated, 126 claims, built after all of the above:
        blind 0.893/0.656/0.492 (the session's starting extractor 0.878/0.594/0.431); its held-out
        third 0.907/0.742/0.536 both before and after fixing kinds from the other two thirds
        (starting extractor 0.880/0.600/0.400); scored unread once more at the end of the next session:
        0.907/0.763/0.598.
batch8-13  six more batches of real passages (24 each, 144 outlets in all, none used before, 1,208
        claims), built blind by helpers while the extractor was being changed. Each was scored blind on
        arrival, then kinds were fixed from its first two thirds only; its held third (every third
        passage) was scored unread at the end. First contact / held third at the end (value/core/full):
        batch8  0.848/0.673/0.544; held 0.837/0.667/0.605 -> 0.837/0.667/0.605
        batch9  0.856/0.686/0.538; held 0.903/0.602/0.443 -> 0.912/0.649/0.509
        batch10 0.808/0.645/0.435; held 0.762/0.674/0.398 -> 0.892/0.588/0.353 (then read, see below)
        batch11 0.838/0.746/0.518; held 0.800/0.704/0.480 -> 0.800/0.768/0.544
        batch12 0.843/0.547/0.329; held 0.887/0.602/0.466 -> 0.887/0.602/0.436
        batch13 0.882/0.734/0.608; held 0.899/0.752/0.577 -> 0.899/0.752/0.577
batch14-19  six more batches (24 passages each, 144 new outlets, 1,161 claims), built blind by helpers
        in the session of 2026-12-06 (afternoon), scored blind on arrival, tuned on their first two thirds
        only; their held thirds were scored unread at the end. First contact; held third blind -> at the end:
        batch14 0.899/0.660/0.470; held 0.927/0.622/0.463 -> 0.927/0.720/0.537
        batch15 0.878/0.827/0.635; held 0.865/0.838/0.689 -> 0.865/0.838/0.703
        batch16 0.905/0.723/0.492; held 0.871/0.686/0.471 -> 0.871/0.686/0.471
        batch17 0.885/0.733/0.601; held 0.902/0.656/0.590 -> 0.902/0.656/0.590
        batch18 0.808/0.634/0.578; held 0.818/0.582/0.545 -> 0.836/0.636/0.582
        batch19 0.760/0.571/0.456; held 0.811/0.595/0.451 -> 0.811/0.757/0.577
batch20-23  four more batches (24 passages each, 96 new outlets, 845 claims), built blind by helpers in the
        session of 2026-12-06 (evening), scored blind on arrival, tuned on their first two thirds only; their held
        thirds were scored unread at the end. First contact; held third blind -> at the end:
        batch20 0.824/0.675/0.522; held 0.849/0.768/0.646 -> 0.849/0.768/0.646
        batch21 0.856/0.705/0.373; held 0.816/0.704/0.336 -> 0.816/0.736/0.368
        batch22 0.814/0.663/0.532; held 0.853/0.695/0.568 -> 0.853/0.695/0.568
        batch23 0.804/0.603/0.402; held 0.831/0.661/0.390 -> 0.840/0.672/0.403
batch24-25  two more batches (48 passages, 48 new outlets, 370 claims) built blind by helpers at the end of
        that session and scored once, after all its changes: the extractor's fully blind figure, not yet tuned on:
        batch24 0.828/0.642/0.451 (the session's starting extractor 0.820/0.622/0.449)
        batch25 0.801/0.623/0.497 (starting extractor 0.801/0.616/0.477)
batch26-33  eight more batches (192 passages, 192 new outlets, 1,436 claims) built blind by helpers in the session
        of 2026-12-06 (late), scored blind on arrival, tuned on their first two thirds only; held thirds unread:
        batch26 0.799/0.671/0.443 (the session's starting extractor the same); held 0.914/0.876/0.533
        batch27 0.899/0.742/0.612 (starting extractor 0.898/0.740/0.605); held 0.887/0.808/0.662
        batch28 0.861/0.680/0.492 (starting extractor 0.857/0.675/0.493); held 0.931/0.603/0.520
        batch29 0.862/0.762/0.580 (starting extractor the same); held 0.849/0.742/0.621
        batch30 0.866/0.658/0.408 (starting extractor 0.856/0.641/0.409); held 0.876/0.745/0.438
        batch31 0.849/0.698/0.631 (starting extractor 0.841/0.689/0.626); held 0.814/0.588/0.567
        batch32 0.887/0.693/0.590 (starting extractor 0.884/0.695/0.592); held 0.864/0.610/0.542
        batch33 0.866/0.725/0.537 (starting extractor 0.862/0.727/0.539); held 0.857/0.762/0.595
batch34-35  two more batches (48 passages, 48 new outlets, 353 claims) built blind by helpers at the end of the
        session of 2026-12-06 (late) with the extractor frozen, scored once, not tuned on:
        batch34 0.872/0.713/0.317 (the session's starting extractor 0.872/0.726/0.329)
        batch35 0.821/0.680/0.488 (starting extractor 0.823/0.677/0.490)
batch36-41  six more helpers' batches built blind by helpers on 2026-12-06 (evening) while the extractor was being
        changed (outlets split by the first letter of their domain: a-e, f-l, m-r, s-z; the helpers for
        m-r and s-z found few unused outlets): 60 passages, 467 claims. Scored on arrival, then kinds fixed
        from their first two thirds only; every third passage held unread:
        batch36 24 passages, 195 claims: blind 0.864/0.597/0.379 (session start the same)
        batch37 24 passages, 163 claims: blind 0.808/0.635/0.494 (session start the same)
        batch38 12 passages, 109 claims (7 from m-r, p38xx, and 5 from s-z, p39xx: two short batches in one
                folder): blind 0.874/0.707/0.512 (session start the same)
        batch40 24 passages (outlets a-m), 158 claims: blind 0.847/0.675/0.405 (session start the same)
        batch41 12 passages (outlets n-z), 131 claims: blind 0.848/0.640/0.464 (session start 0.831/0.581/0.403)
batch42-43  two more batches (48 passages, 48 new outlets: a-m and n-z, 399 claims) built blind by helpers during
        the same session and scored once at its end, fully blind, not tuned on:
        batch42 0.781/0.585/0.351 (the session's starting extractor 0.781/0.580/0.347)
        batch43 0.891/0.687/0.463 (starting extractor 0.891/0.687/0.456)
batch44-45  two more batches (48 passages, 48 new outlets: a-m and n-z, 356 claims) built blind by helpers in the
        session of 2026-12-06 (night) and scored once when they arrived, fully blind, not tuned on:
        batch44 0.801/0.727/0.562 (the session's starting extractor 0.798/0.724/0.558)
        batch45 0.851/0.706/0.478 (starting extractor 0.845/0.698/0.469)
batch46-47  two more batches (41 passages, 41 new outlets: a-m and n-z, 305 claims; outlets are scarce, so
        batch47 has 17) built blind by helpers in the session of 2026-12-06 (late night), scored once on arrival:
        batch46 0.821/0.656/0.331 (the session's starting extractor the same)
        batch47 0.883/0.802/0.658 (starting extractor the same)
batch48-49  two more (48 passages, 48 new outlets: a-m and n-z, 341 claims), built blind by helpers in the same
        session and scored once on arrival, after this session's first rule changes:
        batch48 0.842/0.732/0.605 (the session's starting extractor 0.835/0.724/0.598)
        batch49 0.809/0.721/0.395 (starting extractor 0.784/0.698/0.379)
batch50-51  two more (37 passages, 37 new outlets: a-m and n-z, 264 claims; batch51 has 13), built blind by helpers in
        the same session and scored once on arrival, late in it:
        batch50 0.871/0.664/0.564 (the session's starting extractor 0.871/0.671/0.571)
        batch51 0.796/0.443/0.326 (starting extractor 0.791/0.436/0.327; 34 of its claims use a subject id of
        its own for imported brands in Korea)
batch52-55  four more (72 passages, 72 new outlets: a-m and n-z, 548 claims; outlets are scarce, so batch52 and
        batch55 have 12 each), built blind by helpers in the session of 2026-12-06 (night) and scored once on
        arrival; the extractor of the moment gave the same output as the session's starting one on all four:
        batch52 0.908/0.587/0.422, batch53 0.891/0.753/0.494, batch54 0.880/0.802/0.401, batch55 0.848/0.656/0.448
batch56-57  two more (35 passages, 35 new outlets: a-m and n-z, 228 claims; batch57 has 11), built blind by helpers
        at the end of the same session with the extractor frozen, scored once and never tuned on: batch56
        0.785/0.611/0.451, batch57 0.792/0.736/0.625; the session's starting extractor scored them the same
batch58-59  two more (32 passages, 32 new outlets: a-m and n-z, 198 claims; outlets are nearly used up, 16 each),
        built blind by helpers in the session of 2026-12-07 and scored once on arrival: batch58
        0.866/0.701/0.554, batch59 0.892/0.739/0.637 (both 0.876/0.717/0.588); the session's starting
        extractor gave the same output
batch60-61  two more (32 passages, 32 new outlets: a-m and n-z, 350 claims), built blind by helpers in the session of
        2026-12-07 (morning) and scored once on arrival: batch60 0.857/0.714/0.514, batch61 0.880/0.785/0.595 (both
        0.868/0.748/0.553; their held thirds, every third passage, 0.843/0.682/0.567); the session's starting
        extractor gave the same output
batch62-63  two more (32 passages, 32 new outlets: a-m and n-z, 307 claims), built blind by helpers in the same session
        and scored once at its end, never tuned on: batch62 0.804/0.611/0.508, batch63 0.848/0.537/0.445 (both
        0.825/0.576/0.478); the session's starting extractor gave the same output
batch64-67  four more (48 passages, 48 new outlets: a-e, f-m, n-s, t-z, 412 claims), built blind by helpers in the
        session of 2026-12-07 (late morning) and scored on arrival by the session's starting extractor:
        batch64 0.882/0.787/0.693, batch65 0.933/0.691/0.594 (their first two thirds were then read; held thirds
        unread), batch66 0.853/0.677/0.500, batch67 0.753/0.616/0.452 (never read nor tuned on)
        Batch10's held third showed regressions (brands in capitals, a change before its count); it was
        read and fixed, so it is tuned text now.

A third check reads real EV pages of shared/data/naeb at test time (their text never enters the
repo; only naeb_gold.jsonl and the page list naeb_pages.json live here).

Floors only go up; measured when last raised (session of 2026-12-07, late morning): main 1.000/0.992/0.979, batch2
1.000/0.980/0.941, batch3 0.970/0.970/0.939, batch4 1.000/1.000/1.000, batch5 0.972/0.916/0.775, batch6
0.932/0.916/0.786, batch7 0.931/0.818/0.648, batch8 0.898/0.817/0.721, batch9 0.928/0.854/0.753, batch10
0.929/0.862/0.804, batch11 0.893/0.859/0.729, batch12 0.896/0.784/0.615, batch13 0.922/0.844/0.750, batch14
0.941/0.856/0.747, batch15 0.920/0.881/0.761, batch16 0.928/0.850/0.639, batch17 0.947/0.830/0.723, batch18
0.859/0.775/0.739, batch19 0.847/0.771/0.635, batch20 0.883/0.769/0.665, batch21 0.887/0.823/0.517, batch22
0.881/0.751/0.622, batch23 0.867/0.734/0.473, batch24 0.891/0.745/0.524, batch25 0.844/0.714/0.597, batch26
0.823/0.749/0.537, batch27 0.919/0.830/0.713, batch28 0.885/0.718/0.609, batch29 0.874/0.797/0.670, batch30
0.890/0.717/0.506, batch31 0.856/0.727/0.661, batch32 0.899/0.722/0.679, batch33 0.885/0.784/0.649, batch34
0.915/0.821/0.463, batch35 0.835/0.747/0.567, batch36 0.898/0.742/0.512, batch37 0.880/0.736/0.566, batch38
0.925/0.776/0.598, batch40 0.857/0.717/0.505, batch41 0.863/0.682/0.525, batch42 0.833/0.743/0.531, batch43
0.905/0.755/0.497, batch44 0.842/0.784/0.614, batch45 0.861/0.763/0.613, batch46 0.843/0.780/0.508, batch47
0.903/0.820/0.673, batch48 0.862/0.790/0.651, batch49 0.845/0.770/0.461, batch50 0.883/0.714/0.615, batch51
0.802/0.504/0.396, batch52 0.908/0.642/0.495, batch53 0.923/0.808/0.589, batch54 0.898/0.843/0.464, batch55
0.884/0.744/0.527, batch56 0.805/0.635/0.485, batch57 0.792/0.736/0.625, batch58 0.894/0.766/0.638, batch59
0.892/0.777/0.701, batch60 0.898/0.784/0.574, batch61 0.905/0.817/0.633, batch62 0.804/0.611/0.508, batch63
0.848/0.537/0.445, batch64 0.882/0.787/0.701, batch65 0.933/0.691/0.594, batch66 0.853/0.676/0.500, batch67
0.753/0.616/0.452
(batch2 is 1.0/0.980/0.940 since a US EV estimate in a
Hyundai note is found and given to the market),
naeb 1.0/1.0/1.0 (earlier: main 0.981/0.955/0.925, batch2 0.970/0.909/0.828). The gold follows the devset2 conventions where they were made explicit
(miles-first ranges in km, trims named as their own models).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "data" / "extract_checks"
BATCHES = {
    "main": HERE,
    **{f"batch{n}": HERE / f"batch{n}" for n in (*range(2, 39), *range(40, 68))},
}
FLOORS = {
    "main": {"value": 0.99, "core": 0.99, "full": 0.97},
    "batch2": {"value": 1.00, "core": 0.98, "full": 0.94},
    "batch3": {"value": 0.96, "core": 0.96, "full": 0.93},
    "batch4": {"value": 1.00, "core": 1.00, "full": 1.00},
    "batch5": {"value": 0.97, "core": 0.91, "full": 0.77},
    "batch6": {"value": 0.93, "core": 0.91, "full": 0.78},
    "batch7": {"value": 0.93, "core": 0.81, "full": 0.64},
    "batch8": {"value": 0.89, "core": 0.81, "full": 0.72},
    "batch9": {"value": 0.92, "core": 0.85, "full": 0.75},
    "batch10": {"value": 0.92, "core": 0.86, "full": 0.80},
    "batch11": {"value": 0.89, "core": 0.85, "full": 0.72},
    "batch12": {"value": 0.89, "core": 0.78, "full": 0.61},
    "batch13": {"value": 0.92, "core": 0.84, "full": 0.74},
    "batch14": {"value": 0.94, "core": 0.85, "full": 0.74},
    "batch15": {"value": 0.91, "core": 0.88, "full": 0.76},
    "batch16": {"value": 0.92, "core": 0.84, "full": 0.63},
    "batch17": {"value": 0.94, "core": 0.82, "full": 0.72},
    "batch18": {"value": 0.85, "core": 0.77, "full": 0.73},
    "batch19": {"value": 0.84, "core": 0.77, "full": 0.63},
    "batch20": {"value": 0.88, "core": 0.76, "full": 0.66},
    "batch21": {"value": 0.88, "core": 0.82, "full": 0.51},
    "batch22": {"value": 0.88, "core": 0.75, "full": 0.62},
    "batch23": {"value": 0.86, "core": 0.73, "full": 0.47},
    "batch24": {"value": 0.89, "core": 0.74, "full": 0.52},
    "batch25": {"value": 0.84, "core": 0.71, "full": 0.59},
    "batch26": {"value": 0.82, "core": 0.74, "full": 0.53},
    # batch27: a milestone ("its 1000th Nexon EV") its gold lacks
    "batch27": {"value": 0.91, "core": 0.82, "full": 0.71},
    "batch28": {"value": 0.88, "core": 0.71, "full": 0.60},
    "batch29": {"value": 0.87, "core": 0.79, "full": 0.66},
    "batch30": {"value": 0.89, "core": 0.71, "full": 0.50},
    "batch31": {"value": 0.85, "core": 0.72, "full": 0.66},
    "batch32": {"value": 0.89, "core": 0.72, "full": 0.67},
    "batch33": {"value": 0.88, "core": 0.78, "full": 0.64},
    "batch34": {"value": 0.91, "core": 0.82, "full": 0.46},
    "batch35": {"value": 0.83, "core": 0.74, "full": 0.56},
    "batch36": {"value": 0.89, "core": 0.74, "full": 0.51},
    "batch37": {"value": 0.87, "core": 0.73, "full": 0.56},
    "batch38": {"value": 0.92, "core": 0.77, "full": 0.59},
    "batch40": {"value": 0.85, "core": 0.71, "full": 0.50},
    "batch41": {"value": 0.86, "core": 0.68, "full": 0.52},
    "batch42": {"value": 0.83, "core": 0.74, "full": 0.53},
    "batch43": {"value": 0.90, "core": 0.75, "full": 0.49},
    "batch44": {"value": 0.84, "core": 0.78, "full": 0.61},
    "batch45": {"value": 0.86, "core": 0.76, "full": 0.61},
    "batch46": {"value": 0.84, "core": 0.77, "full": 0.50},
    "batch47": {"value": 0.90, "core": 0.81, "full": 0.67},
    # batch48: core 0.790: an EU share given to Italy (2026-12-07)
    "batch48": {"value": 0.86, "core": 0.78, "full": 0.65},
    "batch49": {"value": 0.84, "core": 0.76, "full": 0.46},
    "batch50": {"value": 0.88, "core": 0.71, "full": 0.61},
    "batch51": {"value": 0.80, "core": 0.50, "full": 0.39},
    "batch52": {"value": 0.90, "core": 0.64, "full": 0.49},
    "batch53": {"value": 0.92, "core": 0.80, "full": 0.58},
    "batch54": {"value": 0.89, "core": 0.84, "full": 0.46},
    "batch55": {"value": 0.88, "core": 0.74, "full": 0.52},
    "batch56": {"value": 0.80, "core": 0.63, "full": 0.48},
    "batch57": {"value": 0.79, "core": 0.73, "full": 0.62},
    "batch58": {"value": 0.89, "core": 0.76, "full": 0.63},
    "batch59": {"value": 0.89, "core": 0.77, "full": 0.70},
    "batch60": {"value": 0.89, "core": 0.78, "full": 0.57},
    "batch61": {"value": 0.90, "core": 0.81, "full": 0.63},
    "batch62": {"value": 0.8, "core": 0.61, "full": 0.5},
    "batch63": {"value": 0.84, "core": 0.53, "full": 0.44},
    "batch64": {"value": 0.88, "core": 0.78, "full": 0.70},
    "batch65": {"value": 0.93, "core": 0.69, "full": 0.59},
    "batch66": {"value": 0.85, "core": 0.67, "full": 0.49},
    "batch67": {"value": 0.75, "core": 0.61, "full": 0.45},
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
    assert len(texts) == len(passages) >= 8
    gold = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
    assert len(gold) >= 30
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


NAEB_FLOORS = {
    "value": 1.0,
    "core": 1.0,
    "full": 1.0,
}  # 3 pages, 6 claims: the Lexus RZ page; tariff and recall pages have none


@pytest.fixture(scope="module")
def naeb_scores(shared_data, score_claims):
    """Real EV pages of shared/data/naeb read at test time; only their gold lives in the repo."""
    import datetime as dt

    from extractors import Extractor

    pages = json.loads((HERE / "naeb_pages.json").read_text(encoding="utf-8"))["pages"]
    arts = {
        a["html_file"]: a
        for a in json.loads(shared_data("naeb", "news_articles.json").read_text(encoding="utf-8"))
    }
    gold = [json.loads(line) for line in (HERE / "naeb_gold.jsonl").open(encoding="utf-8")]
    for g in gold:
        assert arts[g["passage_id"]]["text"][g["start_char"] : g["end_char"]] == g["evidence"], g["claim_id"]
    items = [
        (p, arts[p]["text"], dt.date.fromisoformat(arts[p]["date"]) if arts[p]["date"] else None)
        for p in pages
    ]
    pred = {doc_id: claims for doc_id, claims in Extractor().extract_many(items)}
    scorer = score_claims
    out = {}
    for level in ("value", "core", "full"):
        tp = sum(scorer.pair(level, [g for g in gold if g["passage_id"] == p], pred[p])[0] for p in pages)
        out[level] = scorer.prf(tp, sum(len(v) for v in pred.values()), len(gold))
    return out


@pytest.mark.parametrize("level", sorted(NAEB_FLOORS))
def test_extract_checks_naeb_pages_meet_floor(naeb_scores, level):
    assert naeb_scores[level]["f1"] >= NAEB_FLOORS[level], naeb_scores[level]
