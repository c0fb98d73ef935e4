"""Store benchmark: bulk load and analyst queries on a synthetic database.

    .venv/bin/python benchmarks/bench_store.py [--articles 100000] [--claims-per-article 10] [--db PATH]

Builds 100,000 articles and 1,000,000 claims in memory (numpy, not timed), loads them through
the real loaders in batches (`load_articles`, `replace_claims`; timed), reloads one batch to
time an idempotent rerun, publishes the snapshot, then times each README analyst query and
each `store.analyst` helper on the snapshot (best of 5, warm). Targets from issue 5: load
≤ 10 s, each query ≤ 200 ms. Also times the SQLite mirror of the snapshot (`evclaims serve`;
benchmarks/bench_web.py times its pages). Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import store  # noqa: E402
from contract.spec import CLAIM_FIELDS, METRICS  # noqa: E402

SUBJECTS = [f"brand{i:02d}" for i in range(60)] + ["aito", "seres", "byd", "tesla", "nio", "xpeng"]

# The README's "For analysts" examples, as written there (subjects from the synthetic set).
README_QUERIES = {
    "README: query_df claims_enriched where subject": (
        "select outlet, value_low, sentence from claims_enriched where subject = ?",
        ["aito"],
    ),
}


def synthetic(n_articles: int, per_article: int, seed: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles and claims frames shaped like the real ones (ids, dates, outlets, values)."""
    rng = np.random.default_rng(seed)
    ids = np.char.add("art", np.arange(n_articles).astype(str)).astype(object)
    pub = pd.Timestamp(dt.date.today().replace(month=1, day=1)) - pd.to_timedelta(
        rng.integers(-300, 700, n_articles), unit="D"
    )
    outlets = np.array([f"outlet{i}.test" for i in range(40)], dtype=object)[rng.integers(0, 40, n_articles)]
    articles = pd.DataFrame(
        {
            "article_id": ids,
            "url": "https://" + outlets + "/" + ids,
            "source": outlets,
            "sitename": outlets,
            "title": "Title of " + ids,
            "published": pub.date,
            "language": "en",
            "text": "Some article text about electric vehicles and their sales figures. " * 4,
            "content_hash": np.char.add("h", np.arange(n_articles).astype(str)).astype(object),
            "simhash": "0123456789abcdef",
            "fetched_at": pd.Timestamp("2026-11-01"),
            "http_status": 200,
        }
    )
    n = n_articles * per_article
    art = np.repeat(ids, per_article)
    start = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 36, n) * 30, unit="D")
    value = rng.integers(1, 500, n) * 1000.0
    claims = pd.DataFrame({k: pd.Series([None] * n, dtype=object) for k in CLAIM_FIELDS})
    claims["article_id"] = art
    claims["subject"] = np.array(SUBJECTS, dtype=object)[rng.integers(0, len(SUBJECTS), n)]
    claims["subject_kind"] = "brand"
    claims["metric"] = np.where(
        rng.random(n) < 0.5, "sales_volume", np.array(METRICS, dtype=object)[rng.integers(0, len(METRICS), n)]
    )
    claims["value_low"] = value
    claims["value_high"] = value
    claims["unit"] = "vehicles"
    claims["qualifier"] = "exact"
    claims["period_start"] = start.strftime("%Y-%m-%d")
    claims["period_end"] = (start + pd.Timedelta(days=89)).strftime("%Y-%m-%d")
    claims["modality"] = "reported"
    claims["sentence"] = "The brand sold " + claims["value_low"].astype(int).astype(str) + " vehicles."
    claims["start_char"] = np.tile(np.arange(per_article) * 100, n_articles)
    claims["end_char"] = claims["start_char"] + 60
    claims["confidence"] = 0.9
    return articles, claims


def groups_for(claims: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Groups of comparable claims: one per (subject, metric, period, value band), ~3 claims each.

    A group of one claim is single_source; the others get agree 50%, compatible 20%, conflict
    15%, different_scope 15% (a guess at a real crawl; the report only sees the verdicts).
    """
    key = (
        claims["subject"]
        + "|"
        + claims["metric"]
        + "|"
        + claims["period_start"]
        + "|"
        + (claims["value_low"] // 100_000).astype(int).astype(str)
    )
    codes, uniq = pd.factorize(key)
    size = np.bincount(codes)
    verdict = rng.choice(
        np.array(["agree", "compatible", "conflict", "different_scope"], dtype=object),
        len(uniq),
        p=[0.5, 0.2, 0.15, 0.15],
    )
    verdict[size == 1] = "single_source"
    parts = pd.Series(uniq).str.split("|", expand=True)
    groups = pd.DataFrame(
        {
            "group_id": np.char.add("g", np.arange(len(uniq)).astype(str)).astype(object),
            "verdict": verdict,
            "subject": parts[0],
            "metric": parts[1],
            "period_start": parts[2],
            "reason": "synthetic",
            "n_claims": size,
            "n_sources": size,
        }
    )
    members = pd.DataFrame(
        {
            "group_id": np.char.add("g", codes.astype(str)).astype(object),
            "claim_id": claims["claim_id"],
            "role": "member",
        }
    )
    return groups, members


def best_ms(fn, repeat: int = 5) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        rows = len(fn())
        times.append((time.perf_counter() - t) * 1000)
    return min(times), rows


def build(
    path: Path, n_articles: int, per_article: int, batch_articles: int, threads: int | None = None
) -> Path:
    """Load the synthetic database at `path` through the real loaders, reconcile-like groups, publish
    the snapshot and its SQLite mirror, printing each step's time. Returns the snapshot file."""
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)
    print(f"duckdb {store.db.duckdb.__version__}, pandas {pd.__version__}, {os.cpu_count()} cores")

    t = time.perf_counter()
    articles, claims = synthetic(n_articles, per_article)
    print(
        f"synthetic data: {len(articles):,} articles, {len(claims):,} claims "
        f"({time.perf_counter() - t:.1f} s, not timed)"
    )

    version = "bench-v1"
    done = articles[["article_id", "content_hash"]]
    step = batch_articles
    with store.connect(path) as s:
        if threads:
            s.load_threads = threads
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(0, len(articles), step):
            s.load_articles(articles.iloc[i : i + step])
        t1, c1 = time.perf_counter(), time.process_time()
        per = per_article
        for i in range(0, len(articles), step):
            s.replace_claims(done.iloc[i : i + step], claims.iloc[i * per : (i + step) * per], version)
        s.con.execute("CHECKPOINT")
        t2, c2 = time.perf_counter(), time.process_time()
        print(
            f"load_articles  {len(articles):>9,} rows  {t1 - t0:6.2f} s wall  {c1 - c0:6.2f} s cpu"
            f"  (batches of {step:,})"
        )
        print(
            f"replace_claims {len(claims):>9,} rows  {t2 - t1:6.2f} s wall  {c2 - c1:6.2f} s cpu"
            f"  (batches of {step * per:,}, claim ids hashed by the store)"
        )
        print(
            f"bulk load total incl. CHECKPOINT {t2 - t0:6.2f} s wall  {c2 - c0:6.2f} s cpu  (target <= 10 s); "
            f"file {path.stat().st_size / 1e6:.0f} MB; load average {os.getloadavg()[0]:.1f}"
        )

        t = time.perf_counter()
        s.replace_claims(done.iloc[:step], claims.iloc[: step * per], version)
        print(
            f"rerun of one batch ({step * per:,} claims, replaced in place) {time.perf_counter() - t:.2f} s; "
            f"claims now {s.counts()['claims']:,}"
        )

        ids = s.query_df(
            "select claim_id, subject, metric, period_start::varchar period_start, value_low from claims"
        )
        groups, members = groups_for(ids, np.random.default_rng(6))
        t = time.perf_counter()
        s.replace_groups(groups, members)
        print(
            f"replace_groups {len(groups):,} groups / {len(members):,} members {time.perf_counter() - t:.2f} s; "
            + ", ".join(f"{k} {v:,}" for k, v in groups["verdict"].value_counts().items())
            + " groups"
        )

        snap = path.with_name(path.stem + ".snapshot.duckdb")
        t = time.perf_counter()
        published = store.publish(s, snap, mirror=False)
        print(
            f"publish (file + parquet) {time.perf_counter() - t:.2f} s -> {published.database.name}, "
            f"{published.parquet.name}/"
        )
    # The SQLite mirror `evclaims serve` reads, timed on its own (publish() writes it by default).
    con = store.db.duckdb.connect(str(snap), read_only=True)
    try:
        mirrored = store.write_mirror(con, store.mirror_path(snap))
    finally:
        con.close()
    print(
        f"publish: SQLite mirror {mirrored.seconds:.2f} s -> {mirrored.path.name}, "
        f"{mirrored.path.stat().st_size / 1e6:.0f} MB; load average {os.getloadavg()[0]:.1f}"
    )
    return snap


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--claims-per-article", type=int, default=10)
    ap.add_argument("--batch-articles", type=int, default=25_000, help="articles per loader batch")
    ap.add_argument("--db", type=Path, default=None, help="database path (default: a temp folder)")
    ap.add_argument(
        "--threads",
        type=int,
        default=None,
        help="DuckDB threads in load transactions (default: store.db.LOAD_THREADS)",
    )
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="bench_store_")
    path = args.db or Path(tmp.name) / "bench.duckdb"
    snap = build(path, args.articles, args.claims_per_article, args.batch_articles, args.threads)

    with store.connect(snap, read_only=True) as r:
        print("queries on the snapshot (best of 5, warm):")
        year = dt.date.today().year
        cases = {name: (lambda q=q, p=p: r.query_df(q, p)) for name, (q, p) in README_QUERIES.items()}
        cases["README: store.brand_claims('aito', year)"] = lambda: store.brand_claims(r, "aito", year=year)
        cases["README: store.brand_claims('seres', children)"] = lambda: store.brand_claims(
            r, "seres", include_children=True
        )
        cases["README: store.conflicting_claims('tesla')"] = lambda: store.conflicting_claims(
            r, subject="tesla"
        )
        cases["README: store.single_source_claims('seres')"] = lambda: store.single_source_claims(
            r, subject="seres"
        )
        cases["store.conflicting_claims() (all 1M claims)"] = lambda: store.conflicting_claims(r)
        cases["store.single_source_claims() (all 1M claims)"] = lambda: store.single_source_claims(r)
        for name, fn in cases.items():
            ms, rows = best_ms(fn)
            print(f"  {name:<48} {ms:8.1f} ms  {rows:>9,} rows  (target <= 200 ms)")
    tmp.cleanup()


if __name__ == "__main__":
    main()
