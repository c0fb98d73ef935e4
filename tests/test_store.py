"""The store on real DuckDB files: migrations, idempotent loads, read-only door, snapshots."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

import store
from pipeline.errors import QueryError, StoreError
from pipeline.spec import CLAIM_FIELDS
from store.schema import SCHEMA_VERSION


def _article(i: int, **kw) -> dict:
    return {"article_id": f"a{i}", "url": f"http://news.test/{i}", "published": dt.date(2025, 5, i % 28 + 1),
            "text": f"text {i}", "content_hash": f"h{i}", "fetched_at": dt.datetime(2025, 6, 1), **kw}


def _claim(article_id: str, value: float, **kw) -> dict:
    c = dict.fromkeys(CLAIM_FIELDS)
    c.update(article_id=article_id, subject="aito", subject_kind="brand", metric="sales_volume",
             value_low=value, value_high=value, unit="vehicles", qualifier="exact", modality="reported",
             period_start="2024-06-10", period_end="2025-06-10", sentence="s", start_char=0, end_char=1,
             confidence=0.9, **kw)
    return c


def test_store_connect_creates_schema_at_current_version(tmp_path):
    path = tmp_path / "c.duckdb"
    with store.connect(path) as s:
        tables = set(s.query_df("select table_name from information_schema.tables")["table_name"])
    assert {"articles", "claims", "recon_groups", "group_members", "entities", "runs", "schema_version",
            "claims_enriched", "conflicts", "entity_timeline"} <= tables
    con = duckdb.connect(str(path))
    assert con.execute("select max(version) from schema_version").fetchall()[0][0] == SCHEMA_VERSION


def test_store_refuses_newer_schema(tmp_path):
    path = tmp_path / "c.duckdb"
    store.connect(path).close()
    con = duckdb.connect(str(path))
    con.execute("insert into schema_version values (?, current_timestamp)", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(StoreError, match="newer than this evclaims"):
        store.connect(path)


def test_store_rejects_non_duckdb_file_with_one_line(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError) as e:
        store.connect(path)
    assert str(path) in str(e.value) and "\n" not in str(e.value)


def test_store_load_articles_is_idempotent_and_dedupes_batch(tmp_path):
    with store.connect(tmp_path / "c.duckdb") as s:
        rows = [_article(1), _article(2), _article(2, title="later copy")]
        s.load_articles(rows)
        s.load_articles(rows)
        df = s.query_df("select article_id, title from articles order by 1")
    assert list(df["article_id"]) == ["a1", "a2"]
    assert df["title"].iloc[1] == "later copy"  # the last row of a batch wins, not DuckDB's first


def test_store_replace_claims_replaces_an_articles_claims_atomically(tmp_path):
    with store.connect(tmp_path / "c.duckdb") as s:
        s.load_articles([_article(1), _article(2)])
        arts = [{"article_id": "a1", "content_hash": "h1"}, {"article_id": "a2", "content_hash": "h2"}]
        s.replace_claims(arts, [_claim("a1", 151000), _claim("a2", 80000)], "v1")
        s.replace_claims(arts, [_claim("a1", 151000), _claim("a2", 80000)], "v1")  # rerun: nothing new
        assert s.query_df("select count(*) n from claims")["n"][0] == 2
        s.replace_claims(arts[:1], [_claim("a1", 150000)], "v2")  # new extractor version for a1
        df = s.query_df("select article_id, value_low, extractor_version from claims order by 1")
        assert list(df["value_low"]) == [150000, 80000]
        assert list(df["extractor_version"]) == ["v2", "v1"]
        assert len(s.articles_to_extract("v2")) == 1  # a2 still needs v2
        assert len(s.articles_to_extract("v1")) == 1  # a1's v1 extraction was replaced


def test_store_claim_ids_are_deterministic(tmp_path):
    a = store.claim_id("a1", _claim("a1", 5))
    assert a == store.claim_id("a1", _claim("a1", 5))
    assert a != store.claim_id("a1", _claim("a1", 6))


def test_store_failed_batch_leaves_nothing_half_written(tmp_path):
    with store.connect(tmp_path / "c.duckdb") as s:
        s.load_articles([_article(1)])
        bad = _claim("a1", 1)
        bad["period_start"] = "not a date"
        with pytest.raises(duckdb.Error):
            s.replace_claims([{"article_id": "a1", "content_hash": "h1"}], [_claim("a1", 2), bad], "v1")
        assert s.query_df("select count(*) n from claims")["n"][0] == 0
        assert s.query_df("select count(*) n from extractions")["n"][0] == 0


def test_store_read_only_refuses_writes(tmp_path):
    path = tmp_path / "c.duckdb"
    with store.connect(path) as s:
        s.load_articles([_article(1)])
    with store.connect(path, read_only=True) as r:
        with pytest.raises(QueryError, match="read-only"):
            r.query_df("delete from articles")
        assert r.query_df("select count(*) n from articles")["n"][0] == 1


def test_store_snapshot_opens_while_writer_holds_live_file(tmp_path):
    live, snap = tmp_path / "live.duckdb", tmp_path / "snap.duckdb"
    with store.connect(live) as s:
        s.load_articles([_article(1), _article(2)])
        s.publish_snapshot(snap)
        with store.connect(snap, read_only=True) as r:
            assert r.query_df("select count(*) n from articles")["n"][0] == 2


def test_store_export_writes_parquet_per_table_and_view(tmp_path):
    with store.connect(tmp_path / "c.duckdb") as s:
        s.load_articles([_article(1)])
        written = {p.name for p in s.export(tmp_path / "pq", "parquet")}
    assert {"articles.parquet", "claims_enriched.parquet", "conflicts.parquet"} <= written
    assert duckdb.sql(f"select count(*) from '{tmp_path / 'pq' / 'articles.parquet'}'").fetchall()[0][0] == 1


def test_store_fetch_state_knows_validators_by_url(tmp_path):
    with store.connect(tmp_path / "c.duckdb") as s:
        s.load_articles([_article(1, etag='"x1"', last_modified="Tue, 10 Jun 2025 08:00:00 GMT")])
        state = s.fetch_state(["http://news.test/1", "http://news.test/unknown"])
    assert state == {"http://news.test/1": {"etag": '"x1"', "last_modified": "Tue, 10 Jun 2025 08:00:00 GMT",
                                            "content_hash": "h1", "article_id": "a1"}}
