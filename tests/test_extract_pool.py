"""Extraction in worker processes: same rows as in-thread, same errors, and a dying worker costs one page."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest
from pool_targets import die_on_poison, raise_on_poison, slow_on_request
from webserver import article_html

import store
from contract.errors import ExtractionError
from pipeline.config import IngestSettings
from pipeline.ingest import ingest
from pipeline.ingest.page import extract_article
from pipeline.ingest.pool import PagePool, WorkerCrash, resolve_processes

BODY = (
    "BYD sold 3.02 million new energy vehicles in 2023, up 62% from a year earlier, the company said. "
    "Battery electric vehicles accounted for 1.57 million of the total, overtaking Tesla in the fourth quarter.\n\n"
    "The Shenzhen-based carmaker expects overseas sales to double this year as it opens plants in Hungary."
)


@pytest.fixture
def pool():
    pool = PagePool(2, warm_after=0)
    yield pool
    pool.close()


def test_extract_pool_gives_the_in_thread_row(pool):
    html = article_html("BYD sales record", BODY, published="2024-01-02")
    assert pool.extract(html, "https://ev.example/byd", fetched_at=None) | {
        "fetched_at": None
    } == extract_article(html, "https://ev.example/byd") | {"fetched_at": None}
    assert pool._pool is not None  # it really ran in a worker


def test_extract_pool_raises_the_extraction_error_with_its_reason(pool):
    with pytest.raises(ExtractionError) as caught:
        pool.extract(b"\x00\x01\x02 binary \x00" * 50, "https://ev.example/blob")
    assert caught.value.context["reason"] == "binary" and "https://ev.example/blob" in caught.value.message


def test_extract_pool_reports_a_crash_and_survives_a_dead_worker():
    html = article_html("BYD sales record", BODY, published="2024-01-02")
    pool = PagePool(2, warm_after=0, target=raise_on_poison)
    try:
        with pytest.raises(WorkerCrash, match="KeyError: 'a parser bug'"):
            pool.extract(b"POISON", "https://ev.example/bug")
        assert pool.extract(html, "https://ev.example/byd")["title"] == "BYD sales record"
    finally:
        pool.close()
    pool = PagePool(2, warm_after=0, target=die_on_poison)
    try:
        with pytest.raises(WorkerCrash, match="worker died while extracting https://ev.example/abort"):
            pool.extract(b"POISON", "https://ev.example/abort")
        assert pool.extract(html, "https://ev.example/byd")["title"] == "BYD sales record"  # a fresh pool
    finally:
        pool.close()


def test_extract_pool_times_out_a_stuck_page_and_retries_the_pages_beside_it(tmp_path):
    """A hung worker is killed after `timeout`; a page in flight in the killed pool is retried."""
    from concurrent.futures import ThreadPoolExecutor

    pool = PagePool(2, warm_after=0, target=slow_on_request, timeout=2.0)
    marker = tmp_path / "once"
    try:
        pool.extract(article_html("Warm", BODY), "https://ev.example/warm")  # workers up before timing
        with ThreadPoolExecutor(2) as threads:
            stuck = threads.submit(pool.extract, b"SLOW", "https://ev.example/stuck")
            time.sleep(1.0)  # the second page starts while the first still has a second to go
            beside = threads.submit(pool.extract, f"ONCE:{marker}".encode(), "https://ev.example/beside")
            with pytest.raises(ExtractionError) as caught:
                stuck.result()
            assert caught.value.context["reason"] == "page_timeout"
            assert "https://ev.example/stuck" in caught.value.message
            assert beside.result() == {"url": "https://ev.example/beside", "retried": True}
        assert marker.exists()
        assert pool.extract(article_html("After", BODY), "https://ev.example/after")["title"] == "After"
    finally:
        pool.close()


def test_extract_pool_kills_workers_through_an_attribute_python_311_has():
    """`_kill_workers` relies on ProcessPoolExecutor._processes before Python 3.14's kill_workers()."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(1)
    try:
        assert pool.submit(int, "1").result() == 1
        assert hasattr(pool, "kill_workers") or isinstance(getattr(pool, "_processes", None), dict)
    finally:
        pool.shutdown()


def test_extract_pool_warms_up_in_thread_and_can_be_off():
    html = article_html("BYD sales record", BODY, published="2024-01-02")
    pool = PagePool(2, warm_after=2)
    try:
        pool.extract(html, "https://ev.example/1")
        pool.extract(html, "https://ev.example/2")
        assert pool._pool is None  # small runs never start processes
        pool.extract(html, "https://ev.example/3")
        assert pool._pool is not None
    finally:
        pool.close()
    off = PagePool(0, warm_after=0)
    off.extract(html, "https://ev.example/1")
    assert off._pool is None
    assert resolve_processes(0) == 0 and resolve_processes(3) == 3 and resolve_processes(-1) >= 0


def _naeb_folder(shared_data, tmp_path: Path, n: int) -> Path:
    """A folder of the first `n` real NAEB pages, as HTML files."""
    gold = json.loads(shared_data("naeb", "news_articles.json").read_text("utf-8"))
    folder = tmp_path / "pages"
    folder.mkdir()
    for record in gold:
        path = shared_data("naeb") / "html" / f"{record['html_file']}.html.gz"
        if path.exists():
            (folder / f"{record['html_file']}.html").write_bytes(gzip.decompress(path.read_bytes()))
        if len(list(folder.iterdir())) == n:
            break
    return folder


def test_ingest_with_worker_processes_stores_what_threads_store(shared_data, tmp_path):
    """40 real NAEB pages from a folder, once with processes and once without: identical articles."""
    folder = _naeb_folder(shared_data, tmp_path, 40)
    frames = []
    for processes in (2, 0):
        with store.connect(tmp_path / f"p{processes}.duckdb") as db:
            result = ingest([str(folder)], db, IngestSettings(page_processes=processes, min_text_chars=1))
            assert result.articles_stored == 40, result.as_dict()
            frames.append(
                db.query_df(
                    "SELECT article_id, title, published, date_source, text, cluster_id FROM articles ORDER BY 1"
                )
            )
    assert frames[0].equals(frames[1])


def test_ingest_skips_pages_over_the_extraction_time_limit(shared_data, tmp_path):
    """Pages that outlive `page_timeout` in a worker are counted skips; the in-thread pages (the first
    16, then those extracted while the workers start) and everything already stored stay whole."""
    folder = _naeb_folder(shared_data, tmp_path, 60)
    settings = IngestSettings(page_processes=1, page_timeout=0.0001, min_text_chars=1, concurrency=1)
    with store.connect(tmp_path / "t.duckdb") as db:
        result = ingest([str(folder)], db, settings)
        timeouts = result.skipped["page_timeout"]
        assert result.articles_stored >= 16 and timeouts >= 1, result.as_dict()
        assert result.articles_stored + timeouts == 60 and set(result.skipped) == {"page_timeout"}
        assert db.query_df("SELECT count(*) AS n FROM articles")["n"][0] == result.articles_stored


def test_settings_know_page_processes_under_their_old_names_too(tmp_path: Path):
    """`extract_processes` and `extract_timeout` were renamed (extract is the claim stage); sources.toml
    files, EVCLAIMS_* variables and overrides that use the old names still work."""
    from pipeline.config import build_settings, load_sources

    assert build_settings({"page_processes": 0}).page_processes == 0
    assert build_settings({"extract_processes": 0}, environ={}).page_processes == 0
    assert build_settings({}, environ={"EVCLAIMS_EXTRACT_TIMEOUT": "7"}).page_timeout == 7.0
    both = build_settings({"extract_timeout": 5, "page_timeout": 9}, environ={})
    assert both.page_timeout == 9.0  # the new name wins
    toml = tmp_path / "sources.toml"
    toml.write_text('[settings]\nextract_timeout = 12\n[[source]]\nname = "a"\nurls = ["https://a.example/feed"]\n'
                    "extract_processes = 1\n")  # fmt: skip
    config = load_sources(toml)
    assert config.settings == {"page_timeout": 12.0} and config.sources[0].settings == {"page_processes": 1}
