"""What ingest stores, dumped and compared: shows a refactor left the `articles` and `fetches` rows alone.

`dump` ingests into fresh stores, one job at a time (the ingest thread pool gets one worker, so
which of two identical pages is the duplicate, and which syndicated copy comes first in its
cluster, is the same in every run; in parallel that depends on which page finishes first): the demo site crawled twice on a fixed port (the second run is all
conditional GETs), then the NAEB folder (421 real news pages), the shared WARC samples, html-misc and
the seed folder. It writes every row of `articles` and `fetches` as JSON, leaving out what differs
from run to run by design (fetch_id, run_id, fetched_at, elapsed_ms). `compare` diffs two dumps and
exits 1 if any row differs.

    .venv/bin/python benchmarks/compare_ingest_rows.py dump /tmp/before.json   # on the old code
    .venv/bin/python benchmarks/compare_ingest_rows.py dump /tmp/after.json    # on the new code
    .venv/bin/python benchmarks/compare_ingest_rows.py compare /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = (REPO.parent / "shared" / "data").resolve()
DEMO_PORT = 8791
"""Fixed, so URLs and article ids (hashes of the URL) are the same in both dumps."""
VOLATILE = {
    "articles": ["fetched_at"],
    "fetches": ["fetch_id", "run_id", "fetched_at", "elapsed_ms"],
}
FOLDERS = [("naeb", SHARED / "naeb" / "html"), ("warc", SHARED / "warc"), ("html-misc", SHARED / "html-misc"),
           ("seeds", SHARED / "seeds")]  # fmt: skip


def rows(store, table: str) -> list[dict]:
    frame = store.query_df(f"SELECT * EXCLUDE ({', '.join(VOLATILE[table])}) FROM {table}")
    records = json.loads(frame.to_json(orient="records", date_format="iso"))
    return sorted(records, key=lambda r: json.dumps(r, sort_keys=True))


def one_worker() -> None:
    """Give ingest's thread pool (named evclaims-ingest, old code and new) a single worker."""
    from concurrent.futures import ThreadPoolExecutor

    original = ThreadPoolExecutor.__init__

    def init(self, max_workers=None, thread_name_prefix="", *args, **kwargs):
        if thread_name_prefix == "evclaims-ingest":
            max_workers = 1
        original(self, max_workers, thread_name_prefix, *args, **kwargs)

    ThreadPoolExecutor.__init__ = init


def dump(out: Path) -> None:
    import store
    from pipeline.config import IngestSettings
    from pipeline.demo.site import DemoSite
    from pipeline.ingest import ingest

    folder = Path(tempfile.mkdtemp(prefix="evclaims-rows-"))
    result: dict[str, dict] = {}
    started = time.monotonic()
    with DemoSite(DEMO_PORT) as site, store.connect(folder / "demo.duckdb") as s:
        settings = IngestSettings(delay=0.0, allow_hosts=["127.0.0.1"])  # as `evclaims demo`
        counts = [ingest(site.sources, s, settings).as_dict() for _ in range(2)]
        result["demo"] = {"articles": rows(s, "articles"), "fetches": rows(s, "fetches"), "results": counts}
    for name, path in FOLDERS:
        with store.connect(folder / f"{name}.duckdb") as s:
            counts = [ingest([str(path)], s, IngestSettings()).as_dict()]
            result[name] = {"articles": rows(s, "articles"), "fetches": rows(s, "fetches"), "results": counts}
    for counts in (part["results"] for part in result.values()):
        for c in counts:
            c.pop("run_id", None)
    out.write_text(json.dumps(result, sort_keys=True, indent=1, default=str))
    for name, part in result.items():
        print(f"{name}: {len(part['articles'])} articles, {len(part['fetches'])} fetches")
    print(f"dumped to {out} in {time.monotonic() - started:.0f} s")


def compare(before: Path, after: Path) -> int:
    a, b = json.loads(before.read_text()), json.loads(after.read_text())
    differ = 0
    for name in sorted(set(a) | set(b)):
        for part in ("articles", "fetches", "results"):
            left, right = a.get(name, {}).get(part), b.get(name, {}).get(part)
            same = left == right
            size = len(left or [])
            print(f"{name:>10} {part:<8} {size:>4} rows: {'identical' if same else 'DIFFERENT'}")
            if not same:
                differ += 1
                only_left = [r for r in left or [] if r not in (right or [])]
                only_right = [r for r in right or [] if r not in (left or [])]
                for r in only_left[:3]:
                    print("   before only:", json.dumps(r)[:300])
                for r in only_right[:3]:
                    print("   after only: ", json.dumps(r)[:300])
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("dump").add_argument("out", type=Path)
    cmp = sub.add_parser("compare")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        one_worker()
        dump(args.out)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
