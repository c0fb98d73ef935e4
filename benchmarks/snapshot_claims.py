"""Claims of a fixed text mix written to JSONL, and two such snapshots compared line by line.

    .venv/bin/python benchmarks/snapshot_claims.py OUT_DIR [--against BEFORE_DIR] [--passages FILE ...]

A speed change must not change output. Run this before the change (into BEFORE_DIR) and after it
(into OUT_DIR with `--against BEFORE_DIR`): every corpus is written as `<name>.jsonl`, one line per
claim (`doc_id` plus the claim's fields, keys sorted), and as `<name>.quantities.jsonl`, one line
per quantity as `evclaims extract --quantities` writes it (the quantity layer shares the claims'
code path); the comparison prints each file as identical or the first lines that differ; exit
status 1 when any differ.

Corpora: the dev set and devset2's tuning passages given with `--passages`, the demo gold
passages, every `tests/data/extract_checks` batch, the seed articles and the 424 NAEB news pages
(title and gold text, as `shared/tools/offtopic_check.py` reads them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVCLAIMS_SHARED", ROOT.parent / "shared")) / "data"

Item = tuple[str, str, "dt.date | None"]


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def passages(path: Path) -> list[Item]:
    """(id, text, published) of a passages.jsonl file (dev set format)."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [(str(r["id"]), r["text"], _date(r.get("published"))) for r in rows]


def corpora(extra: list[Path]) -> Iterator[tuple[str, list[Item]]]:
    """(name, items) of every corpus whose files exist."""
    if (SHARED / "devset" / "passages.jsonl").exists():
        yield "devset", passages(SHARED / "devset" / "passages.jsonl")
    for path in extra:
        yield path.stem, passages(path)
    yield "demo", passages(ROOT / "tests" / "data" / "demo" / "passages.jsonl")
    checks = ROOT / "tests" / "data" / "extract_checks"
    for folder in sorted([checks, *checks.glob("batch*")]):
        name = "main" if folder == checks else folder.name
        yield f"extract_checks_{name}", passages(folder / "passages.jsonl")
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if seeds:
        yield "seeds", [(p.stem, p.read_text(encoding="utf-8"), None) for p in seeds]
    naeb = SHARED / "naeb" / "news_articles.json"
    if naeb.exists():
        arts = json.loads(naeb.read_text(encoding="utf-8"))
        yield "naeb", [(str(a["id"]), a["title"] + "\n\n" + a["text"], _date(a["date"])) for a in arts]


def write(out: Path, extra: list[Path]) -> list[str]:
    """Write one JSONL file per corpus into `out`; returns the file names."""
    from extractors import Extractor

    ex = Extractor()
    out.mkdir(parents=True, exist_ok=True)
    names = []
    for name, items in corpora(extra):
        for suffix, many in ((".jsonl", ex.extract_many), (".quantities.jsonl", ex.quantities_many)):
            with (out / f"{name}{suffix}").open("w", encoding="utf-8") as f:
                for doc_id, rows in many(items):
                    for row in rows:
                        f.write(
                            json.dumps({"doc_id": doc_id, **row}, sort_keys=True, ensure_ascii=False) + "\n"
                        )
            names.append(f"{name}{suffix}")
    (out / "VERSION").write_text(ex.version + "\n", encoding="utf-8")
    return names


def compare(before: Path, after: Path, names: list[str], show: int = 3) -> bool:
    """Print each corpus as identical or its first differing lines; True when all are identical."""
    same = True
    for name in names:
        a = (before / name).read_text(encoding="utf-8").splitlines() if (before / name).exists() else []
        b = (after / name).read_text(encoding="utf-8").splitlines()
        if a == b:
            print(f"identical  {name} ({len(b)} lines)")
            continue
        same = False
        print(f"DIFFERENT  {name} ({len(a)} → {len(b)} lines)")
        gone, new = [x for x in a if x not in set(b)], [x for x in b if x not in set(a)]
        for line in gone[:show]:
            print(f"  - {line[:300]}")
        for line in new[:show]:
            print(f"  + {line[:300]}")
        if not gone and not new:
            print("  (same lines, other order)")
    return same


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write the claims JSONL files into")
    ap.add_argument("--against", type=Path, help="an earlier snapshot folder to compare with")
    ap.add_argument("--passages", type=Path, action="append", default=[], help="more passages.jsonl files")
    a = ap.parse_args()
    names = write(a.out, a.passages)
    if a.against is None:
        print(f"wrote {len(names)} corpora to {a.out}")
        return 0
    return 0 if compare(a.against, a.out, names) else 1


if __name__ == "__main__":
    sys.exit(main())
