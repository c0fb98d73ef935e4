"""Stage results in words for people, and as JSON for machines (pipeline/summaries.py)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from pipeline import summaries
from pipeline.extract import ExtractResult
from pipeline.ingest import IngestResult
from pipeline.reconcile import ReconcileResult
from pipeline.run import RunResult


def test_summaries_skip_reasons_in_words():
    assert summaries.skip_words("robots") == "refused by robots.txt"
    assert summaries.skip_words("http_404") == "HTTP 404 (Not Found)"
    assert summaries.skip_words("warc_http_503") == "WARC records with HTTP 503 (Service Unavailable)"
    assert summaries.skip_words("http_799") == "HTTP 799"
    assert summaries.skip_words("some_new_reason") == "some new reason"


def test_summaries_ingest_counts_skips_errors_and_where():
    result = IngestResult(
        fetched=12,
        articles_new=9,
        near_duplicates=1,
        skipped=Counter({"robots": 2, "http_404": 1}),
        errors=["http://x.test/feed: timed out"],
        archive_path="out/warc/run.warc.gz",
    )
    text = summaries.ingest(result, "out/demo.duckdb", "settings: delay from sources.toml")
    assert text.splitlines()[0].startswith(
        "ingest: 9 new articles stored, 0 updated, 0 unchanged (12 responses"
    )
    assert "1 syndicated copy kept in its original's near-duplicate cluster" in text
    assert "skipped 3: 2 refused by robots.txt, 1 HTTP 404 (Not Found)" in text
    assert "1 error: http://x.test/feed: timed out" in text
    assert "written to out/demo.duckdb; raw responses archived in out/warc/run.warc.gz" in text
    assert text.splitlines()[-1].strip() == "settings: delay from sources.toml"
    assert "{" not in text


def test_summaries_extract_and_reconcile_in_words():
    text = summaries.extract(
        ExtractResult(articles=9, claims=25, version="v1", skipped={"extractor_error": 1}), db="c.duckdb"
    )
    assert text.startswith("extract: 25 claims from 9 articles (extractor v1)")
    assert "skipped 1: 1 documents the extractor failed on" in text and "written to c.duckdb" in text
    rec = ReconcileResult(
        n_claims=25,
        n_groups=21,
        by_verdict={"agree": 1, "compatible": 0, "conflict": 2, "single_source": 18},
        skipped={"no value": 3},
    )
    text = summaries.reconcile(rec)
    assert (
        text.splitlines()[0]
        == "reconcile: 25 claims in 21 groups: 18 single-source groups, 2 conflicts, 1 agreement"
    )
    assert "not compared 3: 3 no value" in text


def test_summaries_settings_say_where_each_came_from(tmp_path):
    toml = tmp_path / "sources.toml"
    toml.write_text("[settings]\ndelay = 2.0\nconcurrency = 2\n", encoding="utf-8")
    text = summaries.settings_origins(
        toml, {"max_pages": 5, "delay": None}, environ={"EVCLAIMS_CONCURRENCY": "3"}
    )
    assert (
        text
        == f"settings: concurrency from EVCLAIMS_CONCURRENCY, delay from {toml}, max_pages from --max-pages"
    )
    assert summaries.settings_origins(tmp_path / "missing.toml", {"delay": 1.0}) is None


def test_summaries_run_and_demo_say_where_things_went_and_how_to_browse(tmp_path):
    run = RunResult(
        run_id="r1",
        stats={
            "ingest": IngestResult(fetched=3, articles_new=3).as_dict(),
            "extract": ExtractResult(articles=3, claims=7, version="v1").as_dict(),
            "reconcile": {"n_claims": 7, "n_groups": 5, "by_verdict": {"single_source": 5}, "skipped": {}},
            "counts": {"claims": 7},
        },
        reports=[tmp_path / "report.md"],
        snapshot=tmp_path / "demo.snapshot.duckdb",
    )
    text = summaries.demo(run, tmp_path / "demo.duckdb", ("select 1",))
    lines = text.splitlines()
    assert lines[0].startswith("ingest: 3 new articles") and lines[1].startswith("extract: 7 claims")
    assert f"  snapshot  {tmp_path / 'demo.snapshot.duckdb'}, {tmp_path / 'demo.snapshot.parquet'}/, " in text
    assert f".venv/bin/evclaims serve --db {tmp_path / 'demo.duckdb'}" in text
    assert f'.venv/bin/evclaims query --db {tmp_path / "demo.duckdb"} "select 1"' in text
    machine = json.loads(summaries.machine(run))
    assert machine["stats"]["extract"]["claims"] == 7 and machine["reports"] == [
        str(Path(tmp_path / "report.md"))
    ]
