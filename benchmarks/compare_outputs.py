"""Every store table and every report format, dumped and compared: shows a refactor changed no output.

Three runs into fresh stores in a temporary folder: the demo (`evclaims demo` on a fixed port, so
URLs and article ids are the same every time), the dev set (its passages stored as articles, then
extract and reconcile) and NAEB (the 421 real pages ingested from their folder, then extract and
reconcile). Ingest gets one worker thread, so which of two identical pages is the duplicate is the
same in every run (see compare_ingest_rows.py). For each run it writes every table, rows sorted,
without what differs from run to run by design (run and fetch ids, `*_at` timestamps, elapsed
times, a run's stats), and every report format. The report's generation time and the extractor's
code fingerprint (a hash of extractors/'s source, changed by any edit there) are masked.

    .venv/bin/python benchmarks/compare_outputs.py --save /tmp/baseline_outputs   # on the old code
    .venv/bin/python benchmarks/compare_outputs.py --against /tmp/baseline_outputs  # on the new code

`--against` builds the outputs again (into `--keep DIR` if given) and prints one line per part,
"identical" or "DIFFERENT (n rows)" (n: rows, or lines of a report, found on one side only);
it exits 1 when any part differs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
SHARED = (REPO.parent / "shared" / "data").resolve()
DEMO_PORT = 8792
"""Fixed, so URLs and article ids (hashes of the URL) are the same in both dumps."""
TABLES = ("articles", "fetches", "claims", "extractions", "entities", "entity_aliases", "recon_groups",
          "group_members", "camp_relations", "runs", "sources", "schema_version")  # fmt: skip
VOLATILE = {"run_id", "fetch_id", "elapsed_ms", "stats"}
"""Columns left out besides every `*_at` timestamp."""
REPORT_FORMATS = {"md": "report.md", "html": "report.html", "json": "report.json",
                  "claimreview": "report.claimreview.json"}  # fmt: skip
_GENERATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def table_rows(store, table: str) -> list[str]:
    """A table's rows as sorted JSON lines, without its volatile columns."""
    cols = [r[0] for r in store.con.execute(f"DESCRIBE {table}").fetchall()]
    keep = [c for c in cols if c not in VOLATILE and not c.endswith("_at")]
    if not keep:
        return []
    cur = store.con.execute(f"SELECT {', '.join(keep)} FROM {table}")
    rows = [json.dumps(dict(zip(keep, r, strict=True)), sort_keys=True, default=str) for r in cur.fetchall()]
    return sorted(rows)


def reports(store) -> dict[str, str]:
    """Every report format of a store, with the generation time masked."""
    from pipeline.report import render_report

    today = time.strftime("%Y-%m-%d", time.gmtime())
    out = {}
    for fmt in REPORT_FORMATS:
        text = _GENERATED.sub("<generated>", render_report(store, fmt))
        out[fmt] = text.replace(f'"datePublished": "{today}"', '"datePublished": "<today>"')
    return out


def _mask_fingerprint(text: str) -> str:
    from extractors.extractor import _package_fingerprint

    return text.replace(_package_fingerprint(), "<fingerprint>")


def dump_store(store, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        lines = table_rows(store, table)
        if not lines:  # an empty table is no part (sources, and fetches of file ingests)
            continue
        text = _mask_fingerprint("".join(line + "\n" for line in lines))
        (folder / f"{table}.jsonl").write_text(text, encoding="utf-8")
    for fmt, text in reports(store).items():
        (folder / REPORT_FORMATS[fmt]).write_text(_mask_fingerprint(text), encoding="utf-8")


def run_demo(work: Path, out: Path) -> None:
    from pipeline.demo import DEMO_DB
    from pipeline.demo import run_demo as demo
    from pipeline.storage import open_store

    result = demo(work / "demo", port=DEMO_PORT)
    with open_store(work / "demo" / DEMO_DB, read_only=True) as s:
        dump_store(s, out / "demo")
    for path in result.reports:  # the files `evclaims run` writes (pipeline.run.write_reports)
        text = _GENERATED.sub("<generated>", path.read_text(encoding="utf-8"))
        (out / "demo" / f"written.{path.name}").write_text(_mask_fingerprint(text), encoding="utf-8")


def run_devset(work: Path, out: Path) -> None:
    """The dev set's passages as articles (id, URL, outlet, date, text), then extract and reconcile."""
    import datetime as dt

    import store
    from pipeline.extract import extract_store, make_extractor
    from pipeline.reconcile import reconcile_store

    passages = [json.loads(line) for line in (SHARED / "devset" / "passages.jsonl").open(encoding="utf-8")]
    rows = [
        {
            "article_id": p["id"],
            "url": p.get("source_url") or f"https://devset.invalid/{p['id']}",
            "sitename": p.get("outlet"),
            "published": dt.date.fromisoformat(p["published"]) if p.get("published") else None,
            "text": p["text"],
            "cluster_id": p["id"],
        }
        for p in passages
    ]
    with store.connect(work / "devset.duckdb") as s:
        s.load_articles(rows)
        extract_store(s, make_extractor())
        reconcile_store(s)
        dump_store(s, out / "devset")


def run_naeb(work: Path, out: Path) -> None:
    """The NAEB pages ingested from their folder, then extract and reconcile."""
    import store
    from pipeline.config import IngestSettings
    from pipeline.extract import extract_store, make_extractor
    from pipeline.ingest import ingest
    from pipeline.reconcile import reconcile_store

    with store.connect(work / "naeb.duckdb") as s:
        ingest([str(SHARED / "naeb" / "html")], s, IngestSettings())
        extract_store(s, make_extractor())
        reconcile_store(s)
        dump_store(s, out / "naeb")


RUNS = {"demo": run_demo, "devset": run_devset, "naeb": run_naeb}


def build(out: Path) -> None:
    from compare_ingest_rows import one_worker

    one_worker()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="evclaims-outputs-") as tmp:
        for name, fn in RUNS.items():
            started = time.monotonic()
            fn(Path(tmp), out)
            print(f"{name}: built in {time.monotonic() - started:.0f} s", file=sys.stderr)


def compare(before: Path, after: Path) -> int:
    """One line per part (a run's table or report): identical, or how many lines differ."""
    differ = 0
    names = sorted({p.relative_to(before) for p in before.rglob("*") if p.is_file()}
                   | {p.relative_to(after) for p in after.rglob("*") if p.is_file()})  # fmt: skip
    for name in names:
        a, b = before / name, after / name
        left = a.read_text(encoding="utf-8").splitlines() if a.exists() else None
        right = b.read_text(encoding="utf-8").splitlines() if b.exists() else None
        size = len(left if left is not None else right)
        if left == right:
            print(f"{str(name):<36} {size:>6} rows: identical")
            continue
        differ += 1
        if left is None or right is None:
            print(f"{str(name):<36} {size:>6} rows: DIFFERENT (only {'after' if left is None else 'before'})")
            continue
        only_left = [x for x in left if x not in set(right)]
        only_right = [x for x in right if x not in set(left)]
        n = max(len(only_left), len(only_right)) or abs(len(left) - len(right)) or 1
        print(f"{str(name):<36} {size:>6} rows: DIFFERENT ({n} rows)")
        for x in only_left[:2]:
            print("   before only:", x[:240])
        for x in only_right[:2]:
            print("   after only: ", x[:240])
    print(f"{len(names) - differ}/{len(names)} parts identical")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, metavar="DIR", help="build the outputs into DIR")
    group.add_argument("--against", type=Path, metavar="DIR", help="build them again and compare with DIR")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="with --against: build into DIR (kept)")
    args = parser.parse_args()
    if args.save:
        build(args.save)
        print(f"saved to {args.save}")
        return 0
    if not args.against.is_dir():
        parser.error(f"--against {args.against}: no such folder")
    if args.keep:
        build(args.keep)
        return compare(args.against, args.keep)
    with tempfile.TemporaryDirectory(prefix="evclaims-compare-") as tmp:
        build(Path(tmp))
        return compare(args.against, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
