"""The SQLite mirror store.publish() writes for `evclaims serve` (store/mirror.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict

import duckdb
import pytest
from test_report import build_store

import store
from extractors.registry import load_registry
from store.docs import mirror_column_doc
from store.mirror import FACETS, paragraph_bounds, write_mirror


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mirror")
    st = build_store(tmp / "m.duckdb")
    try:
        st.load_entities(asdict(e) for e in load_registry())
        pub = store.publish(st)
        counts = st.counts()
    finally:
        st.close()
    return pub, counts


def _sql(path, sql, params=()):
    con = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_store_mirror_is_published_beside_the_snapshot_with_the_store_rows(published):
    pub, counts = published
    assert pub.mirror == pub.database.with_suffix(".sqlite") and pub.mirror.is_file()
    for table in ("claims", "articles", "recon_groups"):
        assert _sql(pub.mirror, f"select count(*) from {table}")[0][0] == counts[table], table
    members = _sql(pub.mirror, "select count(*) from group_members")[0][0]
    with store.connect(pub.database, read_only=True) as s:
        assert members == len(s.query_df("select * from group_members"))
        conflicts = len(s.query_df("select * from conflicts"))
    assert _sql(pub.mirror, "select count(*) from conflicts")[0][0] == conflicts
    meta = dict(_sql(pub.mirror, "select key, value from evclaims_meta"))
    assert meta["claims"] == "9" and meta["mirror_version"] == "1" and '"conflict": 1' in meta["verdicts"]


def test_store_mirror_claims_carry_names_period_verdict_and_paragraph(published):
    pub, _ = published
    rows = _sql(
        pub.mirror,
        "select c.subject_name, c.outlet, c.period, c.verdict, c.group_id, p.text, c.sentence "
        "from claims c left join paragraphs p using (paragraph_id) where c.claim_id = 'n2-q4'",
    )
    name, outlet, period, verdict, group_id, paragraph, sentence = rows[0]
    assert (name, outlet, period, verdict) == ("NIO", "Two <b>Daily</b>", "2024-Q4", "conflict")
    assert _sql(pub.mirror, "select verdict from recon_groups where group_id = ?", [group_id]) == [
        ("conflict",)
    ]
    assert paragraph is None  # the test articles have no text: no paragraph, the sentence stays
    assert sentence == "NIO delivered 62,689 vehicles in Q4."
    periods = dict(_sql(pub.mirror, "select claim_id, period from claims"))
    assert periods["n1-y"] == "2024" and periods["seres-80k"] == "2025-Q1"
    assert periods["aito-151k"] == "2024-06-10 to 2025-06-10" and periods["aito-bmw"] is None


def test_store_mirror_keeps_no_article_text_unless_asked(published, tmp_path):
    pub, _ = published
    columns = {r[1] for r in _sql(pub.mirror, "pragma table_info(articles)")}
    assert "text" not in columns and {"outlet", "n_claims", "cluster_id"} <= columns
    con = duckdb.connect(str(pub.database), read_only=True)
    try:
        with_text = write_mirror(con, tmp_path / "t.sqlite", article_text=True).path
    finally:
        con.close()
    assert "text" in {r[1] for r in _sql(with_text, "pragma table_info(articles)")}


def test_store_mirror_paragraphs_hold_the_evidence_not_the_article(tmp_path):
    st = store.connect(tmp_path / "p.duckdb")
    text = "Headline about BYD\nFirst paragraph. BYD sold 4.27 million vehicles in 2024. More.\nLast one."
    start = text.index("BYD sold")
    end = text.index(" More")
    st.load_articles(
        [{"article_id": "a", "url": "https://x.test/a", "text": text, "published": "2025-01-03"}]
    )
    claim = {"claim_id": "c", "article_id": "a", "subject": "byd", "metric": "sales_volume", "value_low": 4.27e6,
             "value_high": 4.27e6, "unit": "vehicles", "sentence": text[start:end], "start_char": start, "end_char": end}  # fmt: skip
    st.replace_claims([{"article_id": "a"}], [claim], "v1")
    pub = store.publish(st)
    st.close()
    rows = _sql(
        pub.mirror, "select p.text, p.start_char from claims c join paragraphs p using (paragraph_id)"
    )
    assert rows == [("First paragraph. BYD sold 4.27 million vehicles in 2024. More.", text.index("First"))]


def test_store_mirror_paragraph_bounds_cut_long_paragraphs():
    text = "a" * 5000 + " The claim sentence. " + "b" * 5000
    s = text.index("The claim")
    e = s + len("The claim sentence.")
    p0, p1 = paragraph_bounds(text, s, e)
    assert p1 - p0 < 2000 and p0 <= s and p1 >= e
    assert paragraph_bounds("short", 3, 99) is None and paragraph_bounds("short", None, 2) is None
    assert paragraph_bounds("one\ntwo three\nfour", 4, 7) == (4, 13)


def test_store_mirror_facet_counts_match_the_tables(published):
    pub, _ = published
    for table, columns in FACETS.items():
        for col in columns:
            live = _sql(pub.mirror, f"select {col}, count(*) from {table} where {col} is not null group by 1")
            stored = _sql(
                pub.mirror,
                "select value, count from facet_counts where table_name = ? and column_name = ?",
                [table, col],
            )
            assert sorted(live, key=str) == sorted(stored, key=str), (table, col)


def test_store_mirror_every_column_is_documented(published):
    pub, _ = published
    names = [r[0] for r in _sql(pub.mirror, "select name from sqlite_master where type in ('table', 'view') "
                                            "and name not like 'sqlite_%' and name not like 'claims_fts%'")]  # fmt: skip
    missing = [
        (t, c)
        for t in names
        for (c,) in _sql(pub.mirror, f"select name from pragma_table_info('{t}')")
        if not mirror_column_doc(t, c)
    ]
    assert missing == []


def test_store_mirror_follows_columns_the_store_gains(published, tmp_path):
    """A column the reconciler adds to group_members or recon_groups reaches the mirror unchanged."""
    pub, _ = published
    copy = tmp_path / "camps.duckdb"
    copy.write_bytes(pub.database.read_bytes())
    con = duckdb.connect(str(copy))
    con.execute("ALTER TABLE group_members ADD COLUMN weight INTEGER")
    con.execute("UPDATE group_members SET weight = CASE WHEN claim_id LIKE 'n1%' THEN 1 ELSE 2 END")
    con.execute("ALTER TABLE recon_groups ADD COLUMN findings VARCHAR[]")
    con.execute("UPDATE recon_groups SET findings = ['a', 'b']")
    try:
        mirror = write_mirror(con, tmp_path / "camps.sqlite").path
    finally:
        con.close()
    assert ("n1-q4", 1) in _sql(mirror, "select claim_id, weight from group_members")
    assert _sql(mirror, "select distinct findings from recon_groups") == [('["a","b"]',)]


def test_store_mirror_reads_a_facet_value_in_the_table_page_order(published):
    """A facet value clicked on the claims page (`?metric=...`, Datasette orders by claim_id): SQLite reads
    the value's claims from an index in that order, without sorting all of them to show 50."""
    pub, _ = published
    for col in FACETS["claims"]:
        plan = " | ".join(
            r[3]
            for r in _sql(
                pub.mirror,
                f"explain query plan select * from claims where {col} = ? order by claim_id limit 51",
                ["x"],
            )
        )
        assert f"USING INDEX claims_{col}_claim_id ({col}=?)" in plan and "TEMP B-TREE" not in plan, (
            col,
            plan,
        )
