"""Extraction speed: words per second of the full pipeline against bare blank("en") tokenisation.

    .venv/bin/python benchmarks/bench_extract.py [--words 400000] [--batch-size 64]

The corpus is real news text from ../shared/data (the 424 naeb articles, the seed articles and the
dev-set passages; `--dense` keeps only the claim-dense EV passages), repeated until it holds
`--words` words; both runs process the same texts in the same process, best of `--repeat` runs.
Speeds are per CPU second of this process (`time.process_time`), so other jobs on a shared
machine do not skew the ratio; wall-clock speeds are printed too. The ratio is the figure to
watch (target >= 0.2): absolute speeds depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import spacy

from extractors import Extractor

SHARED = Path(os.environ.get("EVCLAIMS_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "data"


def corpus(words: int, dense: bool = False) -> list[str]:
    """News text: the naeb articles (real English news pages, gold text), the seed articles and
    the dev-set passages; `dense` keeps only the last two, which are almost all figures."""
    texts = [
        json.loads(line)["text"] for line in (SHARED / "devset" / "passages.jsonl").open(encoding="utf-8")
    ]
    texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    naeb = SHARED / "naeb" / "news_articles.json"
    if not dense and naeb.exists():
        texts += [a["text"] for a in json.loads(naeb.read_text(encoding="utf-8")) if a.get("text")]
    out, n = [], 0
    while n < words:
        for t in texts:
            out.append(t)
            n += len(t.split())
            if n >= words:
                break
    return out


def best_of(fn, repeat: int) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, result) of the fastest of `repeat` runs."""
    best = (float("inf"), float("inf"), 0)
    for _ in range(max(1, repeat)):
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        best = min(best, (time.process_time() - c0, time.perf_counter() - w0, result))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=400_000)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dense", action="store_true", help="only the EV passages and seeds (a worst case)")
    a = ap.parse_args()
    texts = corpus(a.words, a.dense)
    n_words = sum(len(t.split()) for t in texts)

    blank = spacy.blank("en")
    ex = Extractor()
    items = [(str(i), t, None) for i, t in enumerate(texts)]

    def tokenise() -> int:
        for _doc in blank.pipe(texts, batch_size=a.batch_size):
            pass
        return 0

    def extract() -> int:
        return sum(len(claims) for _id, claims in ex.extract_many(items, batch_size=a.batch_size))

    base_cpu, base_wall, _ = best_of(tokenise, a.repeat)
    full_cpu, full_wall, n_claims = best_of(extract, a.repeat)
    base, full = n_words / base_cpu, n_words / full_cpu

    print(f"texts {len(texts)}, words {n_words:,}, claims {n_claims:,}, extractor {ex.version}")
    print(f"blank('en') tokenisation  {base:12,.0f} words/CPU-s  ({n_words / base_wall:,.0f} words/s wall)")
    print(f"evclaims full pipeline    {full:12,.0f} words/CPU-s  ({n_words / full_wall:,.0f} words/s wall)")
    print(f"ratio                     {full / base:12.3f}   (target >= 0.2)")


if __name__ == "__main__":
    main()
