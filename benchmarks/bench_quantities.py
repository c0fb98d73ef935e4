"""The quantity layer on general news: ours against quantulum3 on the NAEB quantity set.

    .venv/bin/python benchmarks/bench_quantities.py [--quantulum PYTHON] [--speed]

Scores `Extractor.quantities_many` on tests/data/quantities_naeb (the first 180 sentences and
batch2; gold by hand, see that folder's README) with tools/score_quantities.py: value within
0.5%, then also the unit, then also the qualifier. With `--quantulum PYTHON` (an interpreter that
has quantulum3; see benchmarks/quantulum_baseline.py) the same sentences go through quantulum3
and are scored the same way. With `--speed`, both also run over every NAEB article text and words
per CPU second are printed (quantulum3 in its own process, timed there).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extractors import Extractor

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVCLAIMS_SHARED", REPO.parent / "shared")) / "data"
SETS = {
    "first 180": REPO / "tests/data/quantities_naeb",
    "batch2": REPO / "tests/data/quantities_naeb/batch2",
}


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _quantulum(python: str, rows: list[dict]) -> tuple[list[dict], dict]:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        done = subprocess.run(
            [python, str(REPO / "benchmarks" / "quantulum_baseline.py"), str(src), str(dst)],
            capture_output=True,
            text=True,
            check=True,
        )
        timing = json.loads(done.stdout.strip().splitlines()[-1])
        return [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()], timing


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quantulum", metavar="PYTHON", help="a Python interpreter with quantulum3")
    ap.add_argument("--speed", action="store_true", help="also time both over every NAEB article")
    a = ap.parse_args()
    sampler, scorer = _tool("sample_naeb_quantities"), _tool("score_quantities")
    articles = json.loads((SHARED / "naeb" / "news_articles.json").read_text(encoding="utf-8"))
    ex = Extractor()
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'set':10} {'extractor':11} {'gold':>5} {'pred':>5} {'value':>6} {'unit':>6} {'qual':>6}")
    for name, folder in SETS.items():
        rows = sampler.input_lines(articles, folder / "sentences.jsonl")
        ids = {r["id"] for r in rows}
        gold = scorer.load(folder / "gold.jsonl")
        ours = [
            {"doc_id": d, **q}
            for d, qs in ex.quantities_many((r["id"], r["text"], None) for r in rows)
            for q in qs
        ]
        runs = [("evclaims", ours)]
        if a.quantulum:
            runs.append(("quantulum3", _quantulum(a.quantulum, rows)[0]))
        for label, pred in runs:
            s = scorer.score(gold, pred, ids)[0]
            print(
                f"{name:10} {label:11} {s['value']['gold']:5} {s['value']['predicted']:5} "
                f"{s['value']['f1']:6.3f} {s['unit']['f1']:6.3f} {s['qualifier']['f1']:6.3f}"
            )
    if a.speed:
        texts = [{"id": str(x["id"]), "text": x["text"]} for x in articles if x.get("text")]
        words = sum(len(t["text"].split()) for t in texts)
        started = time.process_time()
        found = sum(len(qs) for _d, qs in ex.quantities_many((t["id"], t["text"], None) for t in texts))
        ours = words / (time.process_time() - started)
        print(
            f"speed over {len(texts)} NAEB articles ({words} words): evclaims {ours:,.0f} words/s ({found} quantities)"
        )
        if a.quantulum:
            pred, timing = _quantulum(a.quantulum, texts)
            theirs = timing["words"] / timing["cpu_seconds"]
            print(f"quantulum3 {theirs:,.0f} words/s ({len(pred)} quantities); ratio {ours / theirs:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
