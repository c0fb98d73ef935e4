"""The command line, run as a real subprocess: contract, one-line errors, read-only door, docs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import store

REPO = Path(__file__).resolve().parent.parent
EVCLAIMS = [sys.executable, "-m", "pipeline.cli"]


def run(*args: str, cwd: Path | None = None, env: dict | None = None, stdin: str | None = None):
    return subprocess.run(
        [*EVCLAIMS, *args], capture_output=True, text=True, cwd=cwd or REPO, env=env, input=stdin, timeout=300
    )


@pytest.fixture()
def small_db(tmp_path):
    path = tmp_path / "c.duckdb"
    with store.connect(path) as s:
        s.load_articles(
            [
                {
                    "article_id": "a1",
                    "url": "http://news.test/1",
                    "text": "Aito sold 151,000 cars.",
                    "content_hash": "h1",
                    "published": "2025-06-10",
                }
            ]
        )
    return path


def test_cli_every_command_has_help_and_is_in_readme():
    from pipeline.cli import app

    readme = (REPO / "README.md").read_text()
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"ingest", "extract", "run", "query", "reconcile", "report", "export", "demo"} <= set(names)
    for name in names:
        out = run(name, "--help")
        assert out.returncode == 0, out.stderr
        assert "Example" in out.stdout, f"{name} --help has no example"
        assert f"evclaims {name}" in readme, f"{name} missing from README"


def test_cli_query_formats_csv_and_json(small_db):
    csv = run("query", "select count(*) as n from articles", "--db", str(small_db), "--format", "csv")
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.splitlines() == ["n", "1"]
    js = run("query", "select article_id, published from articles", "--db", str(small_db), "--format", "json")
    assert json.loads(js.stdout) == [{"article_id": "a1", "published": "2025-06-10"}]  # a DATE is a day
    table = run("query", "select published, fetched_at from articles", "--db", str(small_db))
    assert "2025-06-10" in table.stdout and "2025-06-10 00:00:00" not in table.stdout
    empty = run("query", "select * from claims", "--db", str(small_db), "--format", "json")
    assert json.loads(empty.stdout) == []


def test_cli_query_refuses_writes_with_one_line_and_changes_nothing(small_db):
    for sql in (
        "delete from articles",
        "drop table claims",
        "insert into articles (article_id) values ('x')",
        "select 1; delete from articles",
    ):
        out = run("query", sql, "--db", str(small_db))
        assert out.returncode == 2
        assert "Traceback" not in out.stderr
        assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    with store.connect(small_db, read_only=True) as s:
        assert s.query_df("select count(*) n from articles")["n"][0] == 1


def test_cli_query_cannot_read_or_write_files(small_db, tmp_path):
    out = run("query", f"copy articles to '{tmp_path / 'leak.csv'}'", "--db", str(small_db))
    assert out.returncode == 2 and not (tmp_path / "leak.csv").exists()


def test_cli_db_path_from_environment(small_db, tmp_path):
    import os

    env = {**os.environ, "EVCLAIMS_DB": str(small_db)}
    out = run("query", "select count(*) as n from articles", "--format", "csv", env=env, cwd=tmp_path)
    assert out.stdout.splitlines()[-1] == "1"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["query", "select 1", "--db", "/no/such/folder/x.duckdb"], "/no/such/folder/x.duckdb"),
        (["query", "select nonsense from nowhere"], "query failed"),
        (["extract", "--input", "/no/such/input.jsonl"], "/no/such/input.jsonl"),
        (["extract", "README.md", "--published", "2025-13-45"], "2025-13-45"),
        (["report", "--since", "yesterday-ish"], "yesterday-ish"),
        (["ingest"], "SOURCE"),
        (["ingest", "x", "--delay", "-1"], "--delay"),
        (["ingest", "x", "--deadline", "0"], "--deadline"),
    ],
)
def test_cli_bad_input_gets_one_line_error_and_status_2(small_db, args, needle):
    if args[0] in ("query", "report") and "--db" not in args:
        args = [*args, "--db", str(small_db)]
    out = run(*args)
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], out.stderr


def test_cli_debug_shows_traceback(small_db):
    out = run("--debug", "query", "select 1", "--db", "/no/such/folder/x.duckdb")
    assert out.returncode != 0 and "Traceback" in out.stderr


def test_cli_corrupt_database_one_line(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"\x00garbage" * 1000)
    out = run("query", "select 1", "--db", str(bad))
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1 and str(bad) in out.stderr


def test_cli_query_schema_lists_views(small_db):
    out = run("query", "--schema", "--db", str(small_db), "--format", "csv")
    assert out.returncode == 0
    assert "claims_enriched" in out.stdout and "entity_timeline" in out.stdout


def test_cli_export_parquet(small_db, tmp_path):
    out = run("export", str(tmp_path / "pq"), "--db", str(small_db))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "pq" / "articles.parquet").exists()


def test_output_prints_midnight_only_timestamps_as_days():
    import pandas as pd

    from pipeline.output import _days_as_dates

    df = pd.DataFrame(
        {
            "day": pd.to_datetime(["2025-06-10", None]),
            "stamp": pd.to_datetime(["2025-06-10 08:30", "2025-06-11 00:00"]),
            "n": [1, 2],
        }
    )
    out = _days_as_dates(df)
    assert out["day"].tolist() == ["2025-06-10", None]
    assert out["stamp"].equals(df["stamp"]) and out["n"].equals(df["n"])


def test_output_prints_list_columns_as_joined_text():
    import numpy as np
    import pandas as pd

    from pipeline.output import _lists_as_text

    df = pd.DataFrame(
        {"ids": [np.array(["g1", "g2"]), np.array([], dtype=object), None], "name": ["a", "b", "c"]}
    )
    out = _lists_as_text(df)
    assert (
        out["ids"].tolist()[:2] == ["g1, g2", ""]
        and pd.isna(out["ids"][2])
        and out["name"].equals(df["name"])
    )


def test_cli_stage_summary_in_words_or_json(small_db):
    words = run("reconcile", "--db", str(small_db))
    assert words.returncode == 0, words.stderr
    assert words.stdout == "" and words.stderr.startswith("reconcile: 0 claims in 0 groups")
    assert "{" not in words.stderr
    machine = run("reconcile", "--db", str(small_db), "--json")
    assert machine.returncode == 0 and machine.stderr == ""
    summary = json.loads(machine.stdout)
    assert summary["n_claims"] == 0 and summary["n_groups"] == 0 and not any(summary["by_verdict"].values())
    out = run("extract", "README.md", "--json")  # a single file's claims go to stdout: no room for JSON
    assert out.returncode == 2 and "--json" in out.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_publish_then_serve_answers_over_http(small_db):
    import time

    import httpx

    out = run("serve", "--db", str(small_db))
    assert out.returncode == 2 and "no published snapshot" in out.stderr and "evclaims publish" in out.stderr
    published = run("publish", "--db", str(small_db))
    assert published.returncode == 0, published.stderr
    mirror = small_db.with_name("c.snapshot.sqlite")
    assert mirror.is_file() and str(mirror) in published.stderr
    port = _free_port()
    server = subprocess.Popen([*EVCLAIMS, "serve", "--db", str(small_db), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.2)
        assert r.status_code == 200 and "What the EV news claims" in r.text
        assert (
            httpx.get(f"http://127.0.0.1:{port}/evclaims/articles.json?_shape=array").json()[0]["article_id"]
            == "a1"
        )
        assert httpx.post(f"http://127.0.0.1:{port}/evclaims/articles").status_code == 405
        busy = run("serve", "--db", str(small_db), "--port", str(port))
        assert busy.returncode == 2 and f"--port {port}" in busy.stderr
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_cli_publish_refuses_a_database_that_does_not_exist(tmp_path):
    out = run("publish", "--db", str(tmp_path / "none.duckdb"))
    assert out.returncode == 2 and "no such database" in out.stderr
    assert not (tmp_path / "none.duckdb").exists()
