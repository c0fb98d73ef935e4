"""Web UI benchmark: page latency of `evclaims serve` over the store benchmark's 1M-claim database.

    .venv/bin/python benchmarks/bench_web.py [--db PATH] [--repeat 10]

Uses the database of benchmarks/bench_store.py at --db (building it there when missing: 100,000
articles, 1,000,000 claims, ~270,000 groups) and its published SQLite mirror (written when missing).
Starts `evclaims serve` on a free port of 127.0.0.1 as a separate process, then requests each page
over HTTP, one at a time: a warm-up, then --repeat timed requests; prints the median, 95th percentile
and worst time, and the page size. Target from issue 14: every page under 300 ms. Prints figures
only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import store  # noqa: E402

TARGET_MS = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mirror_of(db: Path, articles: int, per_article: int) -> Path:
    snap = db.with_name(db.stem + ".snapshot.duckdb")
    if not snap.exists():
        import bench_store

        print(f"building the store benchmark's database at {db} (benchmarks/bench_store.py)")
        bench_store.build(db, articles, per_article, 25_000)
    mirror = store.mirror_path(snap)
    if not mirror.exists():
        con = store.db.duckdb.connect(str(snap), read_only=True)
        try:
            done = store.write_mirror(con, mirror)
        finally:
            con.close()
        print(f"SQLite mirror written in {done.seconds:.1f} s")
    return mirror


def sample_keys(mirror: Path) -> dict[str, str]:
    """An entity with the most claims, one with few, the newest conflict, a claim and a search word."""
    con = sqlite3.connect(f"file:{mirror}?immutable=1", uri=True)
    try:

        def one(sql: str) -> str:
            return con.execute(sql).fetchone()[0]

        return {
            "top": one("SELECT entity_id FROM entities ORDER BY n_claims DESC LIMIT 1"),
            "small": one(
                "SELECT entity_id FROM entities WHERE n_claims > 0 ORDER BY n_claims, entity_id LIMIT 1"
            ),
            "conflict": one(
                "SELECT group_id FROM recon_groups WHERE verdict = 'conflict' ORDER BY n_members DESC LIMIT 1"
            ),
            "claim": one("SELECT claim_id FROM claims WHERE rowid = (SELECT max(rowid) / 2 FROM claims)"),
            "metric": one("SELECT metric FROM claims GROUP BY metric ORDER BY count(*) DESC LIMIT 1"),
            "value": str(one("SELECT CAST(value_low AS INTEGER) FROM claims WHERE rowid = 1")),
        }
    finally:
        con.close()


def pages(k: dict[str, str]) -> dict[str, str]:
    return {
        "front page": "/",
        f"entity, most claims ({k['top']})": f"/entity/{k['top']}",
        f"entity, fewest claims ({k['small']})": f"/entity/{k['small']}",
        "conflict, largest group": f"/conflict/{k['conflict']}",
        "claim": f"/claim/{k['claim']}",
        "search (an entity)": f"/search?q={k['top']}",
        "search (a word in every sentence)": "/search?q=vehicles",
        "datasette: claims table, 5 facets": "/evclaims/claims",
        "datasette: claims of an entity": f"/evclaims/claims?subject={k['top']}",
        "datasette: claims of an entity and metric": f"/evclaims/claims?subject={k['top']}&metric={k['metric']}",
        "datasette: claims JSON of an entity": f"/evclaims/claims.json?subject={k['top']}&_shape=array",
        "datasette: full-text search, 1 claim in 500": f"/evclaims/claims?_search={k['value']}",
        "datasette: full-text search, every claim": "/evclaims/claims?_search=brand",
        "datasette: full-text search, every claim, of an entity": f"/evclaims/claims?_search=brand&subject={k['top']}",
        "datasette: claims of the commonest metric (half)": f"/evclaims/claims?metric={k['metric']}",
        "datasette: conflicting groups": "/evclaims/recon_groups?verdict=conflict",
        "datasette: canned entity_claims": f"/evclaims/entity_claims?subject={k['top']}&metric={k['metric']}&year=2025",
        "datasette: canned entity_claims, page 2": f"/evclaims/entity_claims?subject={k['top']}&metric={k['metric']}&year=2025&page=2",
        "export: entity_claims, every row as CSV": f"/export/entity_claims.csv?subject={k['top']}&metric={k['metric']}&year=2025",
        "datasette: a claim's row": f"/evclaims/claims/{k['claim']}",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--db", type=Path, default=None, help="store benchmark database (default: built in a temp folder)"
    )
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--claims-per-article", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="bench_web_")
    db = args.db or Path(tmp.name) / "bench.duckdb"
    mirror = mirror_of(db, args.articles, args.claims_per_article)
    meta = dict(
        sqlite3.connect(f"file:{mirror}?immutable=1", uri=True).execute(
            "SELECT key, value FROM evclaims_meta"
        )
    )
    print(
        f"mirror {mirror} ({mirror.stat().st_size / 1e6:.0f} MB): {json.loads(meta['claims']):,} claims, "
        f"{json.loads(meta['groups']):,} groups; {os.cpu_count()} cores"
    )
    port = free_port()
    cli = Path(sys.executable).with_name("evclaims")
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(cli), "serve", "--db", str(mirror), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            while True:
                try:
                    client.get("/-/versions.json")
                    break
                except httpx.TransportError:
                    if server.poll() is not None:
                        raise SystemExit(f"evclaims serve exited: {server.stderr.read()}") from None
                    time.sleep(0.2)
            print(f"server answering after {time.perf_counter() - started:.1f} s (start, counting tables)")
            print(f"{'page':<52} {'median':>8} {'p95':>8} {'worst':>8} {'KB':>7}  (target < {TARGET_MS} ms)")
            for name, path in pages(sample_keys(mirror)).items():
                r = client.get(path)
                if r.status_code != 200:
                    print(f"{name:<52} HTTP {r.status_code} for {path}")
                    continue
                times = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    r = client.get(path)
                    times.append((time.perf_counter() - t) * 1000)
                times.sort()
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                flag = "" if times[-1] < TARGET_MS else "  over"
                print(
                    f"{name:<52} {statistics.median(times):6.0f}ms {p95:6.0f}ms {times[-1]:6.0f}ms "
                    f"{len(r.content) / 1024:7.0f}{flag}"
                )
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"load average {os.getloadavg()[0]:.1f} (2-core machine shared with other jobs)")
    tmp.cleanup()


if __name__ == "__main__":
    main()
