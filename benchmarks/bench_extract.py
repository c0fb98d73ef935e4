"""Extraction speed: words per second of the full pipeline against bare blank("en") tokenisation.

    .venv/bin/python benchmarks/bench_extract.py [--words 400000] [--batch-size 64] [--mix news|dense|both]

Two text mixes, each repeated until it holds `--words` words:

* news: real news pages of every topic (the 424 NAEB articles, gold text), the seed articles and
  the dev-set passages. Most of it is not about vehicles, so the topic gate skips the claim rules.
* dense: claim-dense EV passages only (the dev set, all of devset2, tests/data/extract_checks'
  own passages and every batch of it, the seed articles): almost every sentence holds figures,
  the worst case for the rules.

For each mix both runs process the same texts in the same process, best of `--repeat` runs.
Speeds are per CPU second of this process (`time.process_time`), so other jobs on a shared
machine do not skew the ratio; wall-clock speeds and the load average are printed too. The ratios
are the figures to watch (target >= 0.2 on both): absolute speeds depend on the machine. Where
the time goes: benchmarks/profile_extract.py.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import spacy

from extractors import Extractor

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVCLAIMS_SHARED", ROOT.parent / "shared")) / "data"
DEVSET2 = SHARED / "devset2" / "passages.jsonl"  # all of it: a speed benchmark reads no gold


def _passages(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]


def texts_of(mix: str) -> list[str]:
    """The distinct texts of a mix (see the module docstring)."""
    texts = _passages(SHARED / "devset" / "passages.jsonl")
    seeds = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    if mix == "dense":
        if DEVSET2.exists():
            texts += _passages(DEVSET2)
        checks = ROOT / "tests" / "data" / "extract_checks"
        for folder in sorted([checks, *checks.glob("batch*")]):
            texts += _passages(folder / "passages.jsonl")
        return texts + seeds
    texts += seeds
    naeb = SHARED / "naeb" / "news_articles.json"
    if naeb.exists():
        texts += [a["text"] for a in json.loads(naeb.read_text(encoding="utf-8")) if a.get("text")]
    return texts


def corpus(words: int, mix: str = "news") -> list[str]:
    """The texts of `mix`, repeated in order until they hold `words` words."""
    texts = texts_of(mix)
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


def measure(mix: str, ex: Extractor, blank, a: argparse.Namespace) -> float:
    """Print one mix's speeds; returns its ratio."""
    texts = corpus(a.words, mix)
    n_words = sum(len(t.split()) for t in texts)
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
    print(
        f"{mix}: texts {len(texts)} ({len(texts_of(mix))} distinct), words {n_words:,}, claims {n_claims:,}"
    )
    print(f"  blank('en') tokenisation  {base:12,.0f} words/CPU-s  ({n_words / base_wall:,.0f} words/s wall)")
    print(f"  evclaims full pipeline    {full:12,.0f} words/CPU-s  ({n_words / full_wall:,.0f} words/s wall)")
    print(f"  ratio                     {full / base:12.3f}   (target >= 0.2)")
    return full / base


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=400_000)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--mix", choices=("news", "dense", "both"), default="both")
    a = ap.parse_args()
    blank = spacy.blank("en")
    ex = Extractor()
    print(f"extractor {ex.version}; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ratios = {m: measure(m, ex, blank, a) for m in (("news", "dense") if a.mix == "both" else (a.mix,))}
    print("ratios: " + ", ".join(f"{m} {r:.3f}" for m, r in ratios.items()), end="")
    print(f"; load average after {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
