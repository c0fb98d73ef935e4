"""The store under faults, on real files: SIGKILL mid-load, damaged WAL, bad paths, disk full."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

import store
from contract.errors import StoreError

LOADER = Path(__file__).with_name("store_loader_proc.py")
N_BATCHES, PER_BATCH, PER_ARTICLE = 6, 20, 5


class _Forker:
    """The loader's --serve process: forks one real loader process per run, for quick kills."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(LOADER), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
        )

    def run_and_kill(self, db: Path, kill: tuple[int, float] | None) -> tuple[int, int]:
        """Kill the loader `kill[1]` s after it committed `kill[0]` batches (None: let it finish).
        Returns (batches it reported, its exit code: -9 when the kill landed before the end)."""
        when = "- -" if kill is None else f"{kill[0]} {kill[1]:.3f}"
        self.proc.stdin.write(f"{db} {N_BATCHES} {PER_BATCH} {PER_ARTICLE} {when}\n")
        self.proc.stdin.flush()
        lines = []
        for line in self.proc.stdout:
            if line.startswith("exit"):
                assert lines and lines[0].startswith("ready"), lines
                return len(lines) - 1, os.waitstatus_to_exitcode(int(line.split()[1]))
            lines.append(line)
        raise AssertionError("the loader server died")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _check_whole(db: Path) -> dict:
    """Every committed batch is whole and nothing is half-written or duplicated."""
    with store.connect(db, read_only=True) as s:  # replays the WAL the kill left (the next writer keeps it)
        bad = s.query_df(f"""
            WITH per_article AS (
                SELECT a.article_id, x.n_claims, count(c.claim_id) AS n
                FROM articles a LEFT JOIN extractions x USING (article_id) LEFT JOIN claims c USING (article_id)
                GROUP BY ALL)
            SELECT
              (SELECT count(*) FROM per_article WHERE n_claims IS DISTINCT FROM {PER_ARTICLE}
                                                   OR n <> {PER_ARTICLE}) AS partial_articles,
              (SELECT count(*) FROM (SELECT count(*) k FROM articles
                                     GROUP BY CAST(substr(article_id, 4) AS INTEGER) // {PER_BATCH})
                               WHERE k <> {PER_BATCH}) AS partial_batches,
              (SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT article_id FROM articles)) AS orphans,
              (SELECT count(*) - count(DISTINCT claim_id) FROM claims) AS duplicate_claims,
              (SELECT count(*) FROM articles) AS articles,
              (SELECT count(*) FROM claims) AS claims""").to_dict("records")[0]
    return bad


def _lane(db: Path, seed: int, kills: int) -> tuple[list[dict], list[int], int, dict]:
    """Kill the loader `kills` times at random points, checking the file after each; then rerun it."""
    rng = random.Random(seed)
    seen, codes = [], []
    forker = _Forker()
    try:
        for _ in range(kills):
            # A random batch, and a random moment inside the next one (or while opening, for 0).
            reported, code = forker.run_and_kill(db, (rng.randrange(N_BATCHES), rng.uniform(0.0, 0.05)))
            state = _check_whole(db)
            seen.append(state)
            codes.append(code)
            assert state["articles"] >= reported * PER_BATCH  # every batch it reported committed survived
        rerun = forker.run_and_kill(db, None)
    finally:
        forker.close()
    return seen, codes, rerun, _check_whole(db)


def test_store_sigkill_mid_load_leaves_whole_batches_and_rerun_completes(tmp_path):
    dbs = [tmp_path / f"lane{i}.duckdb" for i in range(4)]
    with ThreadPoolExecutor(4) as pool:  # 4 files x 5 kills = 20 kills at random points, then reruns
        lanes = list(pool.map(_lane, dbs, range(4), [5] * 4))
    for seen, _, _, _ in lanes:
        for state in seen:
            assert (
                state["partial_articles"],
                state["partial_batches"],
                state["orphans"],
                state["duplicate_claims"],
            ) == (0, 0, 0, 0), state
    codes = [c for _, lane_codes, _, _ in lanes for c in lane_codes]
    assert codes == [-signal.SIGKILL] * 20, codes
    assert any(0 < s["articles"] < N_BATCHES * PER_BATCH for seen, _, _, _ in lanes for s in seen), (
        "no kill landed mid-load"
    )
    for _, _, rerun, final in lanes:  # the rerun completes, without duplicates
        assert rerun == (N_BATCHES, 0)
        assert final == {
            "partial_articles": 0,
            "partial_batches": 0,
            "orphans": 0,
            "duplicate_claims": 0,
            "articles": N_BATCHES * PER_BATCH,
            "claims": N_BATCHES * PER_BATCH * PER_ARTICLE,
        }


@pytest.mark.parametrize("existing", [False, True])
def test_store_writer_killed_right_after_open_leaves_an_openable_file(tmp_path, existing):
    # DuckDB 1.5.6 could not replay a WAL with COMMENT ON COLUMN of a table with a DEFAULT
    # current_timestamp: a writer killed right after creating the file left one that would not open.
    db = tmp_path / "k.duckdb"
    if existing:
        store.connect(db).close()
    code = "import sys, os; sys.path.insert(0, sys.argv[2]); import store; store.connect(sys.argv[1]); os.kill(os.getpid(), 9)"
    subprocess.run([sys.executable, "-c", code, str(db), str(LOADER.parents[1])], check=False)
    with store.connect(db) as s:
        assert s.query_df("select count(*) n from articles")["n"][0] == 0


def _db_with_wal(tmp_path: Path) -> tuple[Path, Path]:
    """A database whose last committed transaction lives only in the WAL (writer killed)."""
    db = tmp_path / "w.duckdb"
    with store.connect(db) as s:
        s.load_articles([{"article_id": "a0", "url": "http://news.test/0"}])
    code = (
        "import sys, os; sys.path.insert(0, sys.argv[2]); import store\n"
        "s = store.connect(sys.argv[1])\n"
        "s.load_articles([{'article_id': f'a{i}', 'url': 'u'} for i in range(1, 50)])\n"
        "os.kill(os.getpid(), 9)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db), str(LOADER.parents[1])], check=False)
    wal = Path(f"{db}.wal")
    assert wal.stat().st_size > 0
    return db, wal


@pytest.mark.parametrize("damage", ["intact", "truncated", "garbage", "empty"])
def test_store_damaged_wal_opens_at_last_whole_transaction(tmp_path, damage):
    db, wal = _db_with_wal(tmp_path)
    data = wal.read_bytes()
    wal.write_bytes(
        {"intact": data, "truncated": data[: len(data) // 2], "garbage": os.urandom(len(data)), "empty": b""}[
            damage
        ]
    )
    with store.connect(db, read_only=True) as r:  # read-only: replayed in memory, file untouched
        n_ro = r.query_df("select count(*) n from articles")["n"][0]
    with store.connect(db) as s:
        n = s.query_df("select count(*) n from articles")["n"][0]
        s.load_articles([{"article_id": "after", "url": "u"}])  # and it takes new writes
    assert n == n_ro == (50 if damage == "intact" else 1)  # the whole batch, or none of it
    assert not wal.exists() or wal.stat().st_size == 0 or damage != "intact"
    with store.connect(db, read_only=True) as r:
        assert r.query_df("select count(*) n from articles")["n"][0] == n + 1


@pytest.mark.parametrize("content", [b"", b"not a database\n" * 300, b"DUCK" + os.urandom(8000)])
def test_store_non_duckdb_file_is_one_line_error(tmp_path, content):
    db = tmp_path / "bad.duckdb"
    db.write_bytes(content)
    for read_only in (False, True):
        with pytest.raises(StoreError) as e:
            store.connect(db, read_only=read_only)
        assert str(db) in str(e.value) and "\n" not in str(e.value)


def test_store_refuses_someone_elses_duckdb_file(tmp_path):
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE accounts (id INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not an evclaims one") as e:
        store.connect(db)
    assert str(db) in str(e.value)
    con = duckdb.connect(str(db), read_only=True)
    assert [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()] == ["accounts"]
    con.close()


def test_store_truncated_database_file_is_one_line_error(tmp_path):
    db = tmp_path / "t.duckdb"
    with store.connect(db) as s:
        s.load_articles([{"article_id": f"a{i}", "text": "x" * 1000} for i in range(200)])
    db.write_bytes(db.read_bytes()[:20000])
    with pytest.raises(StoreError) as e:
        store.connect(db)
    assert str(db) in str(e.value) and "\n" not in str(e.value)


def test_store_bad_paths_are_one_line_errors(tmp_path):
    folder = tmp_path / "db.duckdb"
    folder.mkdir()
    cases = [
        (folder, False, "is a folder"),
        (folder, True, "is a folder"),
        (tmp_path / "missing.duckdb", True, "no such database"),
        (tmp_path / "nope" / "x.duckdb", False, "does not exist"),
    ]
    for path, read_only, words in cases:
        with pytest.raises(StoreError, match=words) as e:
            store.connect(path, read_only=read_only)
        assert str(path) in str(e.value) and "\n" not in str(e.value)
    assert not (tmp_path / "missing.duckdb").exists()  # a read-only open creates nothing


@pytest.fixture
def tiny_disk(tmpfs_mount):
    """A 3 MB tmpfs (needs root); skipped where it cannot be mounted."""
    with tmpfs_mount("3m") as mnt:
        yield mnt


def test_store_disk_full_is_one_line_error_and_database_stays_intact(tiny_disk, tmp_path):
    db = tiny_disk / "full.duckdb"
    with store.connect(db) as s:
        s.load_articles([{"article_id": "a0", "text": "first"}])
        s.con.execute("CHECKPOINT")
        rng = random.Random(1)
        with pytest.raises(StoreError) as e:
            for b in range(100):  # incompressible text until the disk is full
                s.load_articles(
                    [
                        {
                            "article_id": f"b{b}-{i}",
                            "text": "".join(rng.choices("abcdefgh0123456789", k=4000)),
                        }
                        for i in range(100)
                    ]
                )
        assert str(db) in str(e.value) and "\n" not in str(e.value)
        assert s.query_df("select count(*) n from articles")["n"][0] % 100 == 1  # still usable, whole batches
    with pytest.raises(StoreError, match="No space left") as e:  # reopening writes views: still one line
        store.connect(db)
    assert "\n" not in str(e.value)
    with store.connect(db, read_only=True) as r:  # analysts can still read it
        assert r.query_df("select count(*) n from articles where article_id = 'a0'")["n"][0] == 1
    saved = tmp_path / "saved.duckdb"  # move it off the full disk, then it must open whole
    shutil.copy(db, saved)
    if Path(f"{db}.wal").exists():
        shutil.copy(f"{db}.wal", f"{saved}.wal")
    with store.connect(saved) as s:
        ids = s.query_df("select article_id from articles")["article_id"]
        assert "a0" in set(ids)
        per_batch = ids[ids != "a0"].str.split("-").str[0].value_counts()
        assert (per_batch == 100).all()  # whole batches only
