"""Killed processes and full disks: `evclaims ingest` and `evclaims extract` are SIGKILLed at random
points, the database always opens with whole batches and no duplicates, and a rerun finishes the work.

The kills hit real processes running the real CLI entry point (`pipeline.cli.main`). To kill twenty of
them in seconds, this file doubles as a fork server (`python tests/test_faults.py --serve`): it imports
trafilatura, spaCy and pandas once (3 s), then forks one fresh child per run line, SIGKILLs it after the
requested delay (the child is unreaped, so its pid cannot have been reused) and reports its exit status.
DuckDB is imported only in the children.
"""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
N_PAGES, N_ARTICLES, BATCH = 30, 100, 5
KILLS_PER_STAGE, KILLS_PER_DB = 10, 2


BATCH_LOGS = ("stored a batch of", "extracted ")
"""Log lines of `evclaims.ingest` and `evclaims.extract` after each committed batch."""


class _BatchSignal(logging.Handler):
    """In a child: one byte on the pipe per committed batch."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(BATCH_LOGS):
            os.write(self.fd, b"b")


def _serve() -> None:
    """The fork server: one JSON line in ({argv, env, after_batches, delay, log}), one out ({status, seconds}).

    The child signals each committed batch over a pipe (a logging handler on the `evclaims` logger);
    the server SIGKILLs it `delay` seconds after the `after_batches`-th one (None: never), so the kill
    lands at a chosen point of the work whatever the machine's speed.
    """
    sys.path.insert(0, str(REPO))
    import pandas  # noqa: F401 - imported before forking, for the children
    import pyarrow  # noqa: F401
    import trafilatura  # noqa: F401

    import extractors  # noqa: F401
    import pipeline.cli
    import pipeline.extract  # noqa: F401
    import pipeline.ingest  # noqa: F401

    assert "duckdb" not in sys.modules, "DuckDB starts threads: it must be imported after the fork"
    for line in sys.stdin:
        job = json.loads(line)
        started = time.monotonic()
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(ready_r)
            log = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            os.dup2(log, 1)
            os.dup2(log, 2)
            os.environ.update(job["env"])
            sys.argv = ["evclaims", *job["argv"]]

            logging.getLogger("evclaims").addHandler(_BatchSignal(ready_w))
            logging.getLogger("evclaims").setLevel(logging.INFO)
            code = 1
            try:
                pipeline.cli.main()
                code = 0
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(ready_w)
        if job["after_batches"] is not None:
            committed = 0
            while committed < job["after_batches"] and os.read(ready_r, 1):
                committed += 1
            time.sleep(job["delay"])
            os.kill(pid, signal.SIGKILL)  # not yet reaped: still our child, whatever its state
        while os.read(ready_r, 1):  # until the child is gone
            pass
        os.close(ready_r)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"status": os.waitstatus_to_exitcode(status), "seconds": time.monotonic() - started}),
              flush=True)  # fmt: skip


class Forker:
    """Client of the fork server: `run(argv, (batches, delay) or None)` -> (exit status, seconds)."""

    def __init__(self, log: Path) -> None:
        self.log = log
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env)  # fmt: skip

    def run(
        self, argv: list[str], kill: tuple[int, float] | None, env: dict | None = None
    ) -> tuple[int, float]:
        after, delay = kill if kill is not None else (None, 0.0)
        job = {"argv": argv, "env": env or {}, "after_batches": after, "delay": delay, "log": str(self.log)}
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"the fork server died; see {self.log}"
        out = json.loads(line)
        return out["status"], out["seconds"]

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    _serve()
    sys.exit(0)

import pytest  # noqa: E402
from webserver import Reply, TestServer, article_html  # noqa: E402

import store  # noqa: E402
from pipeline.ingest.dedup import content_hash  # noqa: E402

CARMAKERS = ["BYD", "Tesla", "Seres", "Aito", "NIO", "Xpeng", "Li Auto", "Zeekr"]


def _story(i: int) -> tuple[str, str]:
    maker = CARMAKERS[i % len(CARMAKERS)]
    text = (
        f"{maker} sold {10_000 + i * 137:,} vehicles in Q{i % 4 + 1} 2024, up {i % 30 + 5} percent, the company "
        f"said in report number {i}. Deliveries of its electric models reached {2_000 + i * 11:,} units in "
        f"March, and it expects to sell more than {50_000 + i * 1000:,} cars in 2025.\n\n"
        f"Analysts counted {i} new models on the market; story {i} of the series."
    )
    return f"{maker} sales report {i}", text


def _page(i: int) -> bytes:
    title, text = _story(i)
    return article_html(title, text, published=f"2025-01-{i % 28 + 1:02d}T08:00:00Z")


def _articles_db(db: Path) -> None:
    """N_ARTICLES stored articles to extract (loaded directly: the extract kills need enough work)."""
    with store.connect(db) as s:
        rows = []
        for i in range(N_ARTICLES):
            title, text = _story(i)
            rows.append({"article_id": f"art{i:05d}", "url": f"http://news.test/{i}", "title": title, "text": text,
                         "content_hash": content_hash(text), "published": f"2025-01-{i % 28 + 1:02d}"})  # fmt: skip
        s.load_articles(rows)


@pytest.fixture(scope="module")
def news_site():
    paths = [f"/2025/01/{i % 28 + 1:02d}/story-{i}" for i in range(N_PAGES)]
    routes = {p: Reply(body=_page(i), etag=f'"{i}"') for i, p in enumerate(paths)}
    with TestServer(routes) as srv:
        urls = "".join(f"<url><loc>{srv.base}{p}</loc></url>" for p in paths)
        srv.routes["/robots.txt"] = Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
        srv.routes["/sitemap.xml"] = Reply(
            body=f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            .encode(), content_type="application/xml")  # fmt: skip
        yield srv


def _ingest_argv(site: TestServer, db: Path) -> list[str]:
    return ["ingest", site.url("/sitemap.xml"), "--db", str(db), "--delay", "0", "--allow-host", "127.0.0.1"]


def _extract_argv(db: Path) -> list[str]:
    return ["extract", "--db", str(db), "--batch-size", str(BATCH)]


ENV = {"EVCLAIMS_BATCH_SIZE": str(BATCH), "EVCLAIMS_RETRIES": "0"}


def _ingest_state(db: Path) -> dict:
    """Counts that must hold after any kill of the ingest stage."""
    with store.connect(db, read_only=True) as s:  # replays what the kill left in the WAL, in memory
        rows = s.con.execute("SELECT article_id, text, content_hash FROM articles").fetchall()
        fetch_dups = s.con.execute("SELECT count(*) - count(DISTINCT fetch_id) FROM fetches").fetchone()[0]
    return {
        "articles": len(rows),
        "distinct": len({r[0] for r in rows}),
        "bad_rows": sum(1 for _, text, chash in rows if not text or chash != content_hash(text)),
        "fetch_duplicates": fetch_dups,
    }


def _extract_state(db: Path) -> dict:
    """Counts that must hold after any kill of the extract stage."""
    with store.connect(db, read_only=True) as s:
        return s.query_df("""
            WITH per AS (SELECT x.article_id, x.n_claims, count(c.claim_id) AS n
                         FROM extractions x LEFT JOIN claims c USING (article_id) GROUP BY ALL)
            SELECT (SELECT count(*) FROM extractions) AS extracted,
                   (SELECT count(*) FROM per WHERE n <> n_claims) AS partial_articles,
                   (SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT article_id FROM extractions))
                        AS orphan_claims,
                   (SELECT count(*) - count(DISTINCT claim_id) FROM claims) AS duplicate_claims,
                   (SELECT count(*) - count(DISTINCT article_id) FROM extractions) AS duplicate_extractions,
                   (SELECT count(*) FROM claims) AS claims""").to_dict("records")[0]


def _lane(forker: Forker, argv, fresh_db, check, remaining, seed: int) -> list[tuple]:
    """Rounds on fresh databases: kill the command KILLS_PER_DB times, each after a random number of
    the batches it has left to commit plus a random 0-50 ms, checking the database after each kill;
    then rerun it to the end. Returns (exit statuses, states after each kill, rerun status, final state)."""
    rng = random.Random(seed)
    rounds = []
    for r in range(KILLS_PER_STAGE // KILLS_PER_DB):
        db = fresh_db(r)
        codes, states, left = [], [], remaining(None)
        for _ in range(KILLS_PER_DB):
            code, _ = forker.run(argv(db), (rng.randrange(max(1, left)), rng.uniform(0.0, 0.05)), ENV)
            codes.append(code)
            states.append(check(db))
            left = remaining(states[-1])
        rerun, _ = forker.run(argv(db), None, ENV)
        rounds.append((codes, states, rerun, check(db)))
    return rounds


def test_faults_sigkill_during_ingest_and_extract_loses_nothing(news_site, tmp_path):
    template, ref = tmp_path / "articles.duckdb", tmp_path / "ref.duckdb"
    _articles_db(template)
    shutil.copy(template, ref)
    forkers = [Forker(tmp_path / "children-ingest.log"), Forker(tmp_path / "children-extract.log")]
    try:
        code, _ = forkers[1].run(_extract_argv(ref), None, ENV)  # the counts every rerun must reach
        assert code == 0, (tmp_path / "children-extract.log").read_text()[-2000:]
        want = _extract_state(ref)
        assert want["extracted"] == N_ARTICLES and want["claims"] > N_ARTICLES

        def fresh_extract_db(r: int) -> Path:
            return Path(shutil.copy(template, tmp_path / f"extract{r}.duckdb"))

        def ingest_left(state: dict | None) -> int:
            return (N_PAGES - (state["articles"] if state else 0)) // BATCH

        def extract_left(state: dict | None) -> int:
            return (N_ARTICLES - (state["extracted"] if state else 0)) // BATCH

        with ThreadPoolExecutor(2) as pool:  # both stages at once: 2 x 10 kills at random points
            ingest_lane = pool.submit(
                _lane, forkers[0], lambda db: _ingest_argv(news_site, db), lambda r: tmp_path / f"ingest{r}.duckdb",
                _ingest_state, ingest_left, 1)  # fmt: skip
            extract_lane = pool.submit(_lane, forkers[1], _extract_argv, fresh_extract_db, _extract_state,
                                       extract_left, 2)  # fmt: skip
            ingest_rounds, extract_rounds = ingest_lane.result(), extract_lane.result()
    finally:
        for forker in forkers:
            forker.close()

    kills = [c for codes, _, _, _ in ingest_rounds + extract_rounds for c in codes]
    assert len(kills) == 2 * KILLS_PER_STAGE
    assert kills == [-signal.SIGKILL] * len(kills), kills  # every kill landed before the command ended
    assert [rerun for _, _, rerun, _ in ingest_rounds + extract_rounds] == [0] * len(
        ingest_rounds + extract_rounds
    )
    ingest_states = [state for _, states, _, _ in ingest_rounds for state in states]
    for state in ingest_states:
        assert state["articles"] == state["distinct"] and state["bad_rows"] == 0 == state["fetch_duplicates"]
        assert state["articles"] % BATCH == 0, state  # whole batches only
    assert any(0 < s["articles"] < N_PAGES for s in ingest_states), ingest_states  # some kills mid-run
    extract_states = [state for _, states, _, _ in extract_rounds for state in states]
    for state in extract_states:
        assert (state["partial_articles"], state["orphan_claims"], state["duplicate_claims"],
                state["duplicate_extractions"]) == (0, 0, 0, 0), state  # fmt: skip
        assert state["extracted"] % BATCH == 0, state
    assert any(0 < s["extracted"] < N_ARTICLES for s in extract_states), "no extract kill landed mid-run"
    for _, _, _, final in ingest_rounds:  # each rerun finished the work, nothing twice
        assert final == {"articles": N_PAGES, "distinct": N_PAGES, "bad_rows": 0, "fetch_duplicates": 0}
    for _, _, _, final in extract_rounds:
        assert final == want


@pytest.fixture
def tiny_disk(tmpfs_mount):
    """A 4 MB tmpfs (root only; skipped where it cannot be mounted), unmounted afterwards."""
    with tmpfs_mount("4m") as mnt:
        yield mnt


def _noise_pages(folder: Path, count: int, size: int) -> None:
    """Text files that do not compress (random words), so they fill a disk."""
    rng = random.Random(5)
    folder.mkdir()
    for i in range(count):
        words = " ".join(
            "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 9))) for _ in range(size // 6)
        )
        (folder / f"page{i:03d}.txt").write_text(f"BYD sold {i} cars. {words}")


def test_faults_disk_full_during_ingest_is_one_line_and_keeps_whole_batches(tiny_disk, tmp_path):
    from test_cli_errors import evclaims

    _noise_pages(tmp_path / "pages", 40, 200_000)  # 8 MB of text for a 4 MB disk
    db = tiny_disk / "claims.duckdb"
    out = evclaims(
        "ingest", str(tmp_path / "pages"), "--db", str(db), cwd=tmp_path, env={"EVCLAIMS_BATCH_SIZE": "5"}
    )
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 1 and len(lines) == 1 and str(db) in lines[0], out.stderr
    assert "No space left" in lines[0] or "disk" in lines[0].lower(), lines[0]
    saved = tmp_path / "saved.duckdb"  # moved off the full disk, it opens with whole batches only
    shutil.copy(db, saved)
    if Path(f"{db}.wal").exists():
        shutil.copy(f"{db}.wal", f"{saved}.wal")
    with store.connect(saved) as s:
        n = s.query_df("select count(*) n from articles")["n"][0]
    assert n % 5 == 0 and n < 40


def test_faults_disk_full_for_the_warc_archive_is_one_line(news_site, tiny_disk, tmp_path):
    from test_cli_errors import evclaims

    (tiny_disk / "filler").write_bytes(os.urandom(4 * 1024 * 1024 - 40_000))  # leaves room for a few records
    db = tmp_path / "claims.duckdb"
    out = evclaims(*_ingest_argv(news_site, db), "--archive-dir", str(tiny_disk / "archive"), cwd=tmp_path,
                   env={"EVCLAIMS_BATCH_SIZE": "5", "EVCLAIMS_CONCURRENCY": "1"})  # fmt: skip
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 1 and len(lines) == 1, out.stderr
    assert "cannot write the WARC archive" in lines[0] and "No space left" in lines[0], lines[0]
    assert _ingest_state(db)["bad_rows"] == 0  # the database opens, and holds whole rows
    rerun = evclaims(*_ingest_argv(news_site, db), "--archive-dir", str(tmp_path / "archive"), cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr  # with room to write, a rerun finishes the work
    assert _ingest_state(db)["articles"] == N_PAGES
