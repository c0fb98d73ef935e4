"""The store on real DuckDB files: migrations, idempotent loads, read-only door, snapshots."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from helpers import claim

import store
from contract.errors import QueryError, StoreError
from store.schema import SCHEMA_VERSION


def _article(i: int, **kw) -> dict:
    return {
        "article_id": f"a{i}",
        "url": f"http://news.test/{i}",
        "published": dt.date(2025, 5, i % 28 + 1),
        "text": f"text {i}",
        "content_hash": f"h{i}",
        "fetched_at": dt.datetime(2025, 6, 1),
        **kw,
    }


def _claim(article_id: str, value: float, **kw) -> dict:
    fields = {
        "article_id": article_id,
        "subject_kind": "brand",
        "sentence": "s",
        "start_char": 0,
        "end_char": 1,
    }
    return claim(value, period=("2024-06-10", "2025-06-10"), **(fields | {"confidence": 0.9} | kw))


def test_store_connect_creates_schema_at_current_version(tmp_path):
    path = tmp_path / "c.duckdb"
    with store.connect(path) as s:
        tables = set(s.query_df("select table_name from information_schema.tables")["table_name"])
    assert {
        "articles",
        "claims",
        "recon_groups",
        "group_members",
        "entities",
        "runs",
        "schema_version",
        "claims_enriched",
        "conflicts",
        "entity_timeline",
        "camp_relations",
        "inconsistencies",
    } <= tables
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
    with pytest.raises(StoreError, match="newer than this evclaims"):
        store.connect(path, read_only=True)


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
    assert store.claim_id("a1", _claim("a1", 151000.0)) == "8a183b5c3cd8b26f"  # ids already stored stay valid
    a = store.claim_id("a1", _claim("a1", 5))
    assert a == store.claim_id("a1", _claim("a1", 5))
    assert a != store.claim_id("a1", _claim("a1", 6))


def test_store_failed_batch_leaves_nothing_half_written(tmp_path):
    with store.connect(tmp_path / "c.duckdb") as s:
        s.load_articles([_article(1)])
        bad = _claim("a1", 1)
        bad["period_start"] = "not a date"
        with pytest.raises(StoreError, match="writing the batch failed") as e:
            s.replace_claims([{"article_id": "a1", "content_hash": "h1"}], [_claim("a1", 2), bad], "v1")
        assert str(s.path) in str(e.value) and "\n" not in str(e.value)
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
    assert state == {
        "http://news.test/1": {
            "etag": '"x1"',
            "last_modified": "Tue, 10 Jun 2025 08:00:00 GMT",
            "content_hash": "h1",
            "article_id": "a1",
        }
    }


def test_store_v1_file_upgrades_in_place(tmp_path):
    from store.schema import MIGRATIONS

    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))  # a file as the v1 code left it, with data
    con.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP)")
    con.execute(MIGRATIONS[0])
    con.execute("INSERT INTO schema_version VALUES (1, current_timestamp)")
    con.execute("INSERT INTO articles (article_id, url) VALUES ('a1', 'http://news.test/1')")
    con.execute(
        "INSERT INTO claims (claim_id, article_id, subject, metric, value_low, extractor_version) "
        "VALUES ('c1', 'a1', 'aito', 'sales_volume', 151000, 'v1')"
    )
    con.execute("INSERT INTO recon_groups (group_id, verdict) VALUES ('g1', 'single_source')")
    con.execute("INSERT INTO group_members VALUES ('g1', 'c1', 'member')")
    con.close()
    with store.connect(path) as s:
        versions = list(s.query_df("select version from schema_version order by 1")["version"])
        assert versions == list(range(1, SCHEMA_VERSION + 1))
        assert s.query_df("select claim_id, value_low, url from claims_enriched").to_dict("records") == [
            {"claim_id": "c1", "value_low": 151000.0, "url": "http://news.test/1"}
        ]
        assert len(store.single_source_claims(s)) == 1
        s.replace_claims([{"article_id": "a1", "content_hash": "h"}], [_claim("a1", 5)], "v2")
        assert s.query_df("select count(*) n from claims")["n"][0] == 1


def _file_at_version(path, version: int) -> duckdb.DuckDBPyConnection:
    """A file as the code of schema `version` left it: its migrations, views and column comments."""
    from store.docs import comment_sql
    from store.schema import MIGRATIONS, VIEWS

    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP)")
    for v in range(version):
        con.execute(MIGRATIONS[v])
        con.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", [v + 1])
    if version < 3:  # the views as that code wrote them: `conflicts` gained recon_groups.kind in v3
        assert "g.n_sources, g.kind," in VIEWS
        con.execute(VIEWS.replace("g.n_sources, g.kind,", "g.n_sources,"))
    else:
        con.execute(VIEWS)
    con.execute(comment_sql(con))
    return con


_V2_GROUPS = [  # recon_groups rows as schema v2 stored them: every column but kind and related_group_ids
    ("g1", "conflict", "aito", "sales_volume", None, None, dt.date(2024, 6, 10), dt.date(2025, 6, 10), None,
     None, "151,000 against 120,000", 3, 3, dt.datetime(2025, 6, 1, 12)),
    ("g2", "agree", "aito", "sales_volume", None, None, dt.date(2024, 6, 10), dt.date(2025, 6, 10), None,
     None, "one side of a conflict: equal", 2, 2, dt.datetime(2025, 6, 1, 12)),
]  # fmt: skip


def _v2_file(path) -> None:
    con = _file_at_version(path, 2)
    con.execute("INSERT INTO articles (article_id, url) VALUES ('a1', 'http://news.test/1')")
    con.execute(
        "INSERT INTO claims (claim_id, article_id, subject, metric, value_low, extractor_version) "
        "VALUES ('c1', 'a1', 'aito', 'sales_volume', 151000, 'v1')"
    )
    con.executemany("INSERT INTO recon_groups VALUES (" + ", ".join("?" * 14) + ")", _V2_GROUPS)
    con.execute("INSERT INTO group_members VALUES ('g1', 'c1', 'member'), ('g2', 'c1', 'member')")
    con.close()


def test_store_v2_file_gets_kind_and_links_in_place(tmp_path):
    from store.docs import column_doc

    path = tmp_path / "v2.duckdb"
    _v2_file(path)
    with store.connect(path, read_only=True) as s:  # a reader leaves an older file as it is
        assert "kind" not in set(s.query_df("select * from recon_groups").columns)
    with store.connect(path) as s:
        versions = list(s.query_df("select version from schema_version order by 1")["version"])
        assert versions == [1, 2, 3, 4] == list(range(1, SCHEMA_VERSION + 1))
        old = ", ".join(c for c, _ in s.columns("recon_groups")[:14])
        assert old.startswith("group_id, verdict") and old.endswith("n_sources, created_at")
        kept = s.con.execute(f"select {old} from recon_groups order by group_id").fetchall()
        assert kept == _V2_GROUPS  # every row and value kept
        assert s.columns("recon_groups")[14:16] == [("kind", "VARCHAR"), ("related_group_ids", "VARCHAR[]")]
        # rows written before v3 say nothing of their kind or links (null, not 'member' or [])
        assert (
            s.query_df(
                "select count(*) n from recon_groups where kind is null and related_group_ids is null"
            )["n"][0]
            == 2
        )
        comments = dict(
            s.con.execute(
                "select column_name, comment from duckdb_columns() where table_name = 'recon_groups'"
            ).fetchall()
        )
        assert comments["kind"] == column_doc("recon_groups", "kind") and "camp" in comments["kind"]
        assert comments["related_group_ids"] == column_doc("recon_groups", "related_group_ids")
        assert s.query_df("select group_id, claim_id from conflicts").to_dict("records") == [
            {"group_id": "g1", "claim_id": "c1"}
        ]
        s.replace_groups(
            [
                {"group_id": "g1", "verdict": "conflict", "kind": "member", "related_group_ids": ["g2"]},
                {"group_id": "g2", "verdict": "agree", "kind": "camp", "related_group_ids": ["g1"]},
                {"group_id": "g3", "verdict": "single_source", "kind": "member", "related_group_ids": []},
            ],
            [{"group_id": g, "claim_id": "c1", "role": "member"} for g in ("g1", "g2", "g3")],
        )
    with store.connect(path) as s:  # reopening runs no migration twice
        assert s.query_df("select count(*) n from schema_version")["n"][0] == 4
        sides = s.query_df(
            "select group_id, related_group_ids[1] as side_of from recon_groups where kind = 'camp'"
        )
        assert sides.to_dict("records") == [{"group_id": "g2", "side_of": "g1"}]
        links = s.query_df("select group_id, len(related_group_ids) n from recon_groups order by 1")
        assert links.to_dict("records") == [
            {"group_id": "g1", "n": 1},
            {"group_id": "g2", "n": 1},
            {"group_id": "g3", "n": 0},
        ]


def test_store_v3_file_gets_camps_findings_and_rates_in_place(tmp_path):
    path = tmp_path / "v3.duckdb"
    con = _file_at_version(path, 3)
    con.executemany("INSERT INTO recon_groups VALUES (" + ", ".join("?" * 14) + ", ?, ?)", [
        (*_V2_GROUPS[0], "member", ["g2"]), (*_V2_GROUPS[1], "side", ["g1"]),
    ])  # fmt: skip
    con.execute("INSERT INTO group_members VALUES ('g1', 'c1', 'member'), ('g2', 'c1', 'member')")
    con.close()
    with store.connect(path) as s:
        assert s.query_df("select max(version) v from schema_version")["v"][0] == 4
        rows = s.query_df(
            "select group_id, kind, related_group_ids, arithmetic_check, arithmetic, exchange_rates "
            "from recon_groups order by 1"
        ).to_dict("records")
        assert [(r["group_id"], r["kind"], list(r["related_group_ids"])) for r in rows] == [
            ("g1", "member", ["g2"]),
            ("g2", "camp", ["g1"]),  # v3's side is a camp now
        ]
        assert all(pd.isna(r["arithmetic_check"]) and pd.isna(r["exchange_rates"]) for r in rows)
        assert (
            s.query_df("select count(*) n from group_members where camp is null and term is null")["n"][0]
            == 2
        )
        assert s.query_df("select count(*) n from camp_relations")["n"][0] == 0
        assert s.query_df("select count(*) n from inconsistencies")["n"][0] == 0


def test_store_v3_migration_left_in_the_wal_replays(tmp_path):
    # A writer killed after the migration committed, before its checkpoint: the ALTERs are only in
    # the WAL (DuckDB 1.5.6 could not replay ALTERs of a table with a DEFAULT; see store/schema.py V2).
    from store.schema import MIGRATIONS

    path = tmp_path / "v2.duckdb"
    _v2_file(path)
    con = duckdb.connect(str(path))
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    con.execute("BEGIN TRANSACTION")
    con.execute(MIGRATIONS[2])
    con.execute("INSERT INTO schema_version VALUES (3, current_timestamp)")
    con.execute("COMMIT")
    con.close()
    assert (tmp_path / "v2.duckdb.wal").stat().st_size > 0
    with store.connect(path) as s:
        assert s.query_df("select max(version) v, count(*) n from schema_version").to_dict("records") == [
            {"v": 4, "n": 4}
        ]
        assert s.query_df("select count(*) n from recon_groups where kind is null")["n"][0] == 2


def test_store_frame_claim_ids_equal_dict_claim_ids(tmp_path):
    claims = [
        _claim("a1", 151000.0),
        _claim("a1", 0.1, start_char=7, end_char=90, geography="CN"),
        _claim("a2", 1e16, period_start=None, period_end=None, segment="bev"),
        _claim("a2", 4.2e-05, relation="greater_than", object="bmw", basis="yoy"),
    ]
    expected = sorted(store.claim_id(c["article_id"], c) for c in claims)
    arts = [{"article_id": "a1", "content_hash": "h1"}, {"article_id": "a2", "content_hash": "h2"}]
    with store.connect(tmp_path / "c.duckdb") as s:
        s.replace_claims(arts, pd.DataFrame(claims), "v1")
        from_frame = sorted(s.query_df("select claim_id from claims")["claim_id"])
        s.replace_claims(arts, claims, "v1")
        from_dicts = sorted(s.query_df("select claim_id from claims")["claim_id"])
    assert from_frame == from_dicts == expected


def test_store_reruns_and_overlapping_batches_never_duplicate_keys(tmp_path):
    arts = [{"article_id": f"a{i}", "content_hash": f"h{i}"} for i in range(3)]
    claims = [_claim(f"a{i}", v) for i in range(3) for v in (1.0, 2.0, 2.0)]  # a repeated claim per article
    with store.connect(tmp_path / "c.duckdb") as s:
        assert s.replace_claims(arts, claims, "v1") == 6
        s.replace_claims(arts[:2], pd.DataFrame(claims[:6]), "v1")
        with s.transaction():  # two loads in one outer transaction commit together
            s.replace_claims(arts[1:], claims[3:], "v1")
            s.replace_claims(arts, claims, "v1")
        s.replace_groups(
            [{"group_id": "g1", "verdict": "agree"}, {"group_id": "g1", "verdict": "conflict"}],
            [{"group_id": "g1", "claim_id": "x", "role": "a"}, {"group_id": "g1", "claim_id": "x"}],
        )
        s.replace_groups(
            pd.DataFrame([{"group_id": "g1", "verdict": "conflict"}]),
            pd.DataFrame([{"group_id": "g1", "claim_id": "x"}]),
        )
        dup = s.query_df("""select (select count(*) - count(distinct claim_id) from claims) c,
                                   (select count(*) - count(distinct group_id) from recon_groups) g,
                                   (select count(*) from group_members) m,
                                   (select count(*) from claims) n,
                                   (select string_agg(n_claims::varchar, ',' order by article_id)
                                      from extractions) x""")
    assert dup.to_dict("records")[0] == {"c": 0, "g": 0, "m": 1, "n": 6, "x": "2,2,2"}


def test_store_bad_claim_frame_is_one_line_store_error(tmp_path):
    bad = pd.DataFrame([_claim("a1", 1, period_start="31/02/2025")])
    with store.connect(tmp_path / "c.duckdb") as s:
        with pytest.raises(StoreError) as e:
            s.replace_claims([{"article_id": "a1", "content_hash": "h"}], bad, "v1")
        assert "\n" not in str(e.value) and str(s.path) in str(e.value)
        assert s.query_df("select count(*) n from claims")["n"][0] == 0


def test_store_mixed_value_types_in_a_batch_load(tmp_path):
    with store.connect(tmp_path / "c.duckdb") as s:
        s.load_articles([_article(1), _article(2, published="2025-05-02"), _article(3, published=None)])
        s.load_articles(pd.DataFrame([_article(4, http_status=200), _article(5, http_status=None)]))
        df = s.query_df("select article_id, published, http_status from articles order by 1")
    days = [None if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in df["published"]]
    assert days == ["2025-05-02", "2025-05-02", None, "2025-05-05", "2025-05-06"]
    assert df["http_status"].isna().tolist() == [True, True, True, False, True]


def test_store_articles_without_claims_are_marked_extracted(tmp_path):
    with store.connect(tmp_path / "c.duckdb") as s:
        s.load_articles([_article(1), _article(2)])
        arts = [{"article_id": "a1", "content_hash": "h1"}, {"article_id": "a2", "content_hash": "h2"}]
        assert s.replace_claims(arts, [], "v1") == 0
        assert s.replace_claims(pd.DataFrame(arts), pd.DataFrame(columns=["article_id"]), "v1") == 0
        assert s.articles_to_extract("v1").empty
        assert s.query_df("select sum(n_claims) n, count(*) k from extractions").to_dict("records") == [
            {"n": 0, "k": 2}
        ]


def test_store_load_transactions_restore_the_thread_count(tmp_path):
    with store.connect(tmp_path / "c.duckdb") as s:
        s.con.execute("SET threads = 2")
        s.load_articles([_article(1)])
        with pytest.raises(StoreError):
            s.replace_claims([{"article_id": "a1"}], [_claim("a1", 1, period_start="not a date")], "v1")
        assert s.query_df("select current_setting('threads') t")["t"][0] == 2


def test_store_article_ids_and_text_answer_ingests_lookups(tmp_path):
    """Ingest asks the store, never SQL of its own: which ids are stored, and one article's text."""
    with store.connect(tmp_path / "ids.duckdb") as s:
        s.load_articles([{"article_id": "a1", "url": "http://news.test/1", "text": "Aito sold 151,000 cars.",
                          "content_hash": "h1"}])  # fmt: skip
        assert s.article_ids() == {"a1"}
        assert s.article_text("a1") == "Aito sold 151,000 cars." and s.article_text("zz") is None
