"""Score the extractor on the tune and held-out splits of tests/data/extract_checks.

The batches written for this project are used in three ways (see tests/test_extract_checks.py):
their first two thirds are read and fixed from ("tune"), every third passage of each id group
(p0801, p0804, ...) is kept unread ("held"), and some batches are never tuned on at all ("blind").
Pooling each split and scoring it in one go gives the figures that matter for unseen news, with
enough claims for a change of a point to mean something. The split rule lives here so that every
session draws the same line.

    python benchmarks/score_splits.py [--repo PATH] [--out DIR] [--only SPLIT...]

`--repo` scores another checkout (a worktree of an earlier commit) with this venv, so two
extractors are compared on exactly the same text. Prints value/core/full F1 and claim counts per
split; predictions are kept in `--out` for `benchmarks/claim_errors.py` (tune split only: never
read the held predictions).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "tests" / "data" / "extract_checks"
SCORER = ROOT.parent / "shared" / "tools" / "score_claims.py"
SHARED_DATA = ROOT.parent / "shared" / "data"

# Batches whose thirds are split (every third passage per id group is held out).
SPLIT_BATCHES = [b for b in range(8, 56) if b not in (10, 39)] + [
    58,
    59,
    60,
    61,
    64,
    65,
]  # batch38 holds p39xx too
# Batches read in full (tuned on): main, the first hand-written ones, and batch10 (read after scoring).
TUNED_WHOLE = ["main", 2, 3, 4, 5, 6, 7, 10]
# Batches never tuned on, by the session that built them.
BLIND = {"blind56-57": [56, 57], "blind62-63": [62, 63], "blind66-67": [66, 67]}


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _batch_dir(batch: int | str) -> Path:
    return CHECKS if batch == "main" else CHECKS / f"batch{batch}"


def held_ids(passage_ids: list[str]) -> set[str]:
    """Every third passage (first, fourth, ...) of each id group: p3801.. and p3901.. are two groups."""
    groups: dict[str, list[str]] = defaultdict(list)
    for pid in passage_ids:
        groups[pid[1:-2]].append(pid)
    return {pid for ids in groups.values() for pid in sorted(ids)[0::3]}


def splits() -> dict[str, tuple[list[dict], list[dict]]]:
    """Split name -> (passages, gold), pooled across batches."""
    out: dict[str, tuple[list[dict], list[dict]]] = defaultdict(lambda: ([], []))

    def add(name: str, passages: list[dict], gold: list[dict]) -> None:
        keep = {p["id"] for p in passages}
        out[name][0].extend(passages)
        out[name][1].extend(g for g in gold if g["passage_id"] in keep)

    for batch in SPLIT_BATCHES:
        passages = _read_jsonl(_batch_dir(batch) / "passages.jsonl")
        gold = _read_jsonl(_batch_dir(batch) / "gold.jsonl")
        held = held_ids([p["id"] for p in passages])
        name = (
            "held8-55"
            if batch < 58
            else "held58-59"
            if batch < 60
            else "held60-61"
            if batch < 62
            else "held64-65"
        )
        add(name, [p for p in passages if p["id"] in held], gold)
        add("tune", [p for p in passages if p["id"] not in held], gold)
    for batch in TUNED_WHOLE:
        add(
            "tune",
            _read_jsonl(_batch_dir(batch) / "passages.jsonl"),
            _read_jsonl(_batch_dir(batch) / "gold.jsonl"),
        )
    for name, batches in BLIND.items():
        for batch in batches:
            add(
                name,
                _read_jsonl(_batch_dir(batch) / "passages.jsonl"),
                _read_jsonl(_batch_dir(batch) / "gold.jsonl"),
            )
    for name in ("devset", "devset2"):
        add(
            name,
            _read_jsonl(SHARED_DATA / name / "passages.jsonl"),
            _read_jsonl(SHARED_DATA / name / "gold.jsonl"),
        )
    return dict(out)


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def score_split(name: str, passages: list[dict], gold: list[dict], repo: Path, out: Path) -> dict:
    """Extract the split's passages with `repo`'s extractor and score them against its gold."""
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    _write_jsonl(folder / "passages.jsonl", passages)
    _write_jsonl(folder / "gold.jsonl", gold)
    env = {**os.environ, "PYTHONPATH": str(repo)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "extract",
            "--input",
            str(folder / "passages.jsonl"),
            "--output",
            str(folder / "pred.jsonl"),
        ],
        check=True,
        env=env,
        cwd=tempfile.gettempdir(),
        capture_output=True,
    )
    result = subprocess.run(
        [sys.executable, str(SCORER), "--json", str(folder / "gold.jsonl"), str(folder / "pred.jsonl")],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="checkout whose extractor is scored")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "score_splits")
    parser.add_argument("--only", nargs="*", help="score only these splits")
    args = parser.parse_args(argv)
    print(f"{'split':<12} {'passages':>8} {'claims':>7}   value   core   full")
    for name, (passages, gold) in splits().items():
        if args.only and name not in args.only:
            continue
        scores = score_split(name, passages, gold, args.repo.resolve(), args.out)
        figures = "  ".join(f"{scores[level]['f1']:.3f}" for level in ("value", "core", "full"))
        print(f"{name:<12} {len(passages):>8} {len(gold):>7}   {figures}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
