"""A loader process for the store's SIGKILL test: writes small batches, one transaction each.

    python tests/store_loader_proc.py DB N_BATCHES ARTICLES_PER_BATCH CLAIMS_PER_ARTICLE

Prints "ready" once imported and the database is open, then the number of each batch
committed. Batch b holds articles b*A .. b*A+A-1, each with C claims; even batches go in as
dicts, odd ones as DataFrames, so both load paths get killed mid-write.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

import store  # noqa: E402
from pipeline.spec import CLAIM_FIELDS  # noqa: E402


def batch(b: int, per_batch: int, per_article: int) -> tuple[list[dict], list[dict]]:
    articles, claims = [], []
    for i in range(b * per_batch, (b + 1) * per_batch):
        aid = f"art{i:05d}"
        articles.append({"article_id": aid, "url": f"http://news.test/{i}", "text": "t " * 200,
                         "content_hash": f"h{i}", "published": "2025-06-10"})
        for k in range(per_article):
            c = dict.fromkeys(CLAIM_FIELDS)
            c.update(article_id=aid, subject="aito", metric="sales_volume", value_low=1000.0 * (k + 1),
                     value_high=1000.0 * (k + 1), unit="vehicles", period_start="2025-01-01",
                     period_end="2025-03-31", sentence=f"Aito sold {k} cars. " * 5, start_char=k * 100,
                     end_char=k * 100 + 90)
            claims.append(c)
    return articles, claims


def main() -> None:
    db, n_batches, per_batch, per_article = sys.argv[1], *map(int, sys.argv[2:5])
    with store.connect(db) as s:
        print("ready", flush=True)
        for b in range(n_batches):
            articles, claims = batch(b, per_batch, per_article)
            if b % 2:
                articles, claims = pd.DataFrame(articles), pd.DataFrame(claims)
            with s.transaction():
                s.load_articles(articles)
                s.replace_claims(articles, claims, "v1")
            print(b, flush=True)


if __name__ == "__main__":
    main()
