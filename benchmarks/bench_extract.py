"""Extraction speed: words per second of the full pipeline against bare blank("en") tokenisation.

    .venv/bin/python benchmarks/bench_extract.py [--words 400000] [--batch-size 64]

The corpus is the dev-set passages and seed articles (../shared/data), repeated until it holds
`--words` words; both runs process the same texts in the same process. The printed ratio is the
figure to watch (target >= 0.2): absolute speeds depend on the machine.
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


def corpus(words: int) -> list[str]:
    texts = [json.loads(line)["text"] for line in (SHARED / "devset" / "passages.jsonl").open(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    out, n = [], 0
    while n < words:
        for t in texts:
            out.append(t)
            n += len(t.split())
            if n >= words:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=400_000)
    ap.add_argument("--batch-size", type=int, default=64)
    a = ap.parse_args()
    texts = corpus(a.words)
    n_words = sum(len(t.split()) for t in texts)

    blank = spacy.blank("en")
    t0 = time.perf_counter()
    for _doc in blank.pipe(texts, batch_size=a.batch_size):
        pass
    base = n_words / (time.perf_counter() - t0)

    ex = Extractor()
    items = [(str(i), t, None) for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    n_claims = sum(len(claims) for _id, claims in ex.extract_many(items, batch_size=a.batch_size))
    full = n_words / (time.perf_counter() - t0)

    print(f"texts {len(texts)}, words {n_words:,}, claims {n_claims:,}, extractor {ex.version}")
    print(f"blank('en') tokenisation  {base:12,.0f} words/s")
    print(f"evclaims full pipeline    {full:12,.0f} words/s")
    print(f"ratio                     {full / base:12.3f}   (target >= 0.2)")


if __name__ == "__main__":
    main()
