"""The analysts' door on real files: the three question helpers, documented columns, publishing."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import duckdb
import pytest
from helpers import claim

import store
from contract.errors import StoreError, StoreLocked


def _claim(article_id: str, subject: str, value: float, start: str, end: str, **kw) -> dict:
    sentence = f"{subject} sold {value:,.0f} vehicles."
    fields = {"article_id": article_id, "subject": subject, "subject_kind": "brand", "sentence": sentence}
    return claim(value, period=(start, end), **(fields | {"start_char": 0, "end_char": 30} | kw))


@pytest.fixture
def snapshot(tmp_path):
    """A small live database, reconciled by hand, published; yields (live path, published)."""
    live = tmp_path / "live.duckdb"
    with store.connect(live) as s:
        s.load_entities(
            [
                {"id": "seres", "name": "Seres", "kind": "company"},
                {"id": "aito", "name": "Aito", "kind": "brand", "parent": "seres"},
                {"id": "aito-m9", "name": "Aito M9", "kind": "model", "parent": "aito"},
            ]
        )
        s.load_articles(
            [
                {
                    "article_id": "a1",
                    "url": "https://one.test/1",
                    "sitename": "One",
                    "published": dt.date(2025, 4, 2),
                },
                {
                    "article_id": "a2",
                    "url": "https://two.test/2",
                    "sitename": "Two",
                    "published": dt.date(2025, 4, 3),
                },
                {
                    "article_id": "a3",
                    "url": "https://one.test/3",
                    "sitename": "One",
                    "published": dt.date(2024, 7, 1),
                },
            ]
        )
        claims = [
            _claim("a1", "aito", 80000, "2025-01-01", "2025-03-31"),
            _claim("a2", "aito", 95000, "2025-01-01", "2025-03-31"),
            _claim("a2", "seres", 120000, "2025-01-01", "2025-03-31", start_char=40, end_char=80),
            _claim("a3", "aito", 151000, "2023-07-01", "2024-06-30"),
            _claim("a3", "aito", 15, None, None, metric="sales_volume", start_char=90, end_char=99),
            _claim("a1", "aito-m9", 30000, "2025-01-01", "2025-03-31", start_char=100, end_char=140),
        ]
        s.replace_claims([{"article_id": a, "content_hash": a} for a in ("a1", "a2", "a3")], claims, "v1")
        ids = dict(s.query_df("select subject || value_low::bigint k, claim_id from claims").values.tolist())
        s.replace_groups(
            [
                {
                    "group_id": "g1",
                    "verdict": "conflict",
                    "subject": "aito",
                    "metric": "sales_volume",
                    "period_start": "2025-01-01",
                    "period_end": "2025-03-31",
                    "reason": "80000 vs 95000",
                    "n_sources": 2,
                },
                {
                    "group_id": "g2",
                    "verdict": "single_source",
                    "subject": "seres",
                    "metric": "sales_volume",
                    "reason": "only one independent source states it",
                    "n_sources": 1,
                },
            ],
            [
                {"group_id": "g1", "claim_id": ids["aito80000"]},
                {"group_id": "g1", "claim_id": ids["aito95000"]},
                {"group_id": "g2", "claim_id": ids["seres120000"]},
            ],
        )
        published = store.publish(s)
    return live, published


def test_store_brand_claims_answers_a_brands_sales_in_a_year(snapshot):
    _, pub = snapshot
    with store.connect(pub.database, read_only=True) as r:
        df = store.brand_claims(r, "aito", year=2025)
        assert sorted(df["value_low"]) == [80000, 95000]
        assert set(df["outlet"]) == {"One", "Two"} and set(df["subject_name"]) == {"Aito"}
        assert list(store.brand_claims(r, "aito", year=2024)["value_low"]) == [
            151000,
            15,
        ]  # by period / by date
        both = store.brand_claims(r, "seres", year=2025, include_children=True)
        assert sorted(both["value_low"]) == [30000, 80000, 95000, 120000]  # brands and their models
        assert sorted(store.brand_claims(r, "aito", year=2025, include_children=True)["value_low"]) == [
            30000,
            80000,
            95000,
        ]
        assert store.brand_claims(r, "aito", year=2025, metric="deliveries").empty


def test_store_brand_claims_without_a_year_answers_every_year(snapshot):
    """Issue 14: the default used to be this calendar year, which hid a snapshot of older news."""
    _, pub = snapshot
    with store.connect(pub.database, read_only=True) as r:
        every = store.brand_claims(r, "aito")
        by_year = [store.brand_claims(r, "aito", year=y) for y in (2024, 2025)]
        assert sorted(every["claim_id"]) == sorted({c for df in by_year for c in df["claim_id"]})
        assert sorted(every["value_low"]) == [15, 80000, 95000, 151000]


def test_store_conflicting_and_single_source_claims(snapshot):
    _, pub = snapshot
    with store.connect(pub.database, read_only=True) as r:
        conflicts = store.conflicting_claims(r)
        assert list(conflicts["value_low"]) == [80000, 95000]
        assert set(conflicts["outlet"]) == {"One", "Two"} and set(conflicts["reason"]) == {"80000 vs 95000"}
        assert store.conflicting_claims(r, subject="seres").empty
        assert len(store.conflicting_claims(r, subject="aito", metric="sales_volume")) == 2
        single = store.single_source_claims(r)
        assert list(single["subject"]) == ["seres"] and list(single["value_low"]) == [120000]
        assert store.single_source_claims(r, metric="revenue").empty


def test_store_analyst_parameters_are_bound_never_formatted(snapshot):
    _, pub = snapshot
    hostile = "aito' OR '1'='1"
    with store.connect(pub.database, read_only=True) as r:
        assert store.brand_claims(r, hostile, year=2025).empty
        assert store.conflicting_claims(r, subject=hostile).empty
        assert store.single_source_claims(r, subject="x'); DROP TABLE claims; --").empty
        assert r.query_df("select count(*) n from claims")["n"][0] == 6


def test_store_every_column_of_every_table_and_view_is_documented(tmp_path):
    with store.connect(tmp_path / "c.duckdb") as s:
        cols = store.describe_columns(s.con)
        views = {t for t, kind, *_ in cols if kind == "VIEW"}
        undocumented = [f"{t}.{c}" for t, _, c, _, doc in cols if not doc]
        missing = s.query_df("""select table_name || '.' || column_name c from duckdb_columns()
                                where database_name = current_database() and comment is null""")["c"].tolist()
        tables = s.query_df("""select table_name n from duckdb_tables() where comment is null
                               union all select view_name from duckdb_views() where not internal and comment is null""")
    assert (
        views
        == {"claims_enriched", "conflicts", "entity_timeline", "inconsistencies"}
        == set(store.VIEW_DOCS)
    )
    assert undocumented == [] and missing == [] and tables.empty
    assert {t for t, *_ in cols} <= set(store.TABLE_DOCS)
    with store.connect(tmp_path / "c.duckdb", read_only=True) as r:
        described = r.describe()
    assert list(described.columns) == ["name", "kind", "column", "type", "about"]
    assert len(described) == len(cols) and described["about"].str.len().min() > 0


def test_store_publish_writes_file_and_parquet_that_agree(snapshot, tmp_path):
    live, pub = snapshot
    assert pub.database == live.with_suffix(".snapshot.duckdb") and pub.parquet.is_symlink()
    manifest = json.loads((pub.parquet / "manifest.json").read_text())
    assert manifest["schema_version"] == store.SCHEMA_VERSION
    assert {"claims.parquet", "claims_enriched.parquet", "conflicts.parquet"} <= set(manifest["files"])
    con = duckdb.connect()
    n_parquet = con.execute(f"select count(*) from '{pub.parquet / 'claims_enriched.parquet'}'").fetchall()[
        0
    ][0]
    conflicts = con.execute(f"select count(*) from '{pub.parquet / 'conflicts.parquet'}'").fetchall()[0][0]
    with store.connect(pub.database, read_only=True) as r:
        assert r.query_df("select count(*) n from claims_enriched")["n"][0] == n_parquet == 6
        assert conflicts == 2
        comments = r.query_df(
            "select count(*) n from duckdb_columns() where table_name = 'conflicts' and comment is not null"
        )["n"][0]
        assert comments == len(r.columns("conflicts"))  # the snapshot keeps the column docs


def test_store_publish_replaces_atomically_and_keeps_one_previous_generation(snapshot):
    live, pub = snapshot
    first = os.readlink(pub.parquet)
    with store.connect(live) as s:
        s.load_articles([{"article_id": "a4", "url": "https://three.test/4"}])
        for _ in range(3):
            again = store.publish(s)
    generations = sorted(p.name for p in pub.parquet.parent.glob(f".{pub.parquet.name}.*"))
    assert len(generations) == 2 and first not in generations  # the current and the one before
    assert os.readlink(again.parquet) in generations
    assert not list(pub.database.parent.glob(f".{pub.database.name}.tmp-*"))
    with store.connect(again.database, read_only=True) as r:
        assert r.query_df("select count(*) n from articles")["n"][0] == 4


def test_store_publish_into_a_folder_and_refused_read_only(snapshot, tmp_path):
    live, _ = snapshot
    with store.connect(live) as s:
        out = store.publish(s, tmp_path / "share")
    assert out.database == tmp_path / "share" / "live.duckdb" and (out.parquet / "claims.parquet").exists()
    with store.connect(live, read_only=True) as r, pytest.raises(StoreError, match="read-only"):
        store.publish(r, tmp_path / "x.duckdb")


def test_store_snapshot_readable_while_another_process_writes(snapshot):
    live, pub = snapshot
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[2]); import store\n"
        "s = store.connect(sys.argv[1]); print('holding', flush=True); time.sleep(30)\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    writer = subprocess.Popen(
        [sys.executable, "-c", code, str(live), root], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "holding"
        with pytest.raises(StoreLocked, match=f"{live}.*published snapshot") as e:
            store.connect(live, read_only=True, retry_seconds=0.3)
        assert "\n" not in str(e.value)
        with store.connect(pub.database, read_only=True) as r:
            assert len(store.conflicting_claims(r)) == 2
    finally:
        writer.kill()
        writer.wait()
