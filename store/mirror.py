"""The SQLite mirror of a published snapshot, for `evclaims serve` (Datasette reads SQLite, not DuckDB).

`publish()` writes it beside the snapshot file (`<db>.snapshot.sqlite`), read from the new snapshot,
so the three copies hold the same data. It is a snapshot for browsing, not a second store: tables
are rebuilt whole, with the names analysts know from DuckDB and a few columns computed once here so
every page of the web UI is an index lookup on a million claims:

  claims          claims_enriched, plus the article's final URL, date_source and fetching run, the
                  extraction time, a `period` label (2025, 2025-Q1, 2025-H1, 2025-03, or the span), a
                  `year`, the claim's own group and verdict, and its paragraph
  paragraphs      the paragraph around each evidence sentence (capped), not the article's full text
  articles        without `text` unless asked (`article_text=True`), with claim counts and run
  recon_groups    every column of the store's, plus member counts, outlets and publication dates
  group_members   every column of the store's (camps and roles as the reconciler records them)
  entities        registry entities and every claimed subject, with parent name, aliases and counts
  conflicts       the store's conflicts view, materialised (and inconsistencies, camp_relations when the
                  snapshot's schema has them)
  entity_aliases, runs; the view entity_timeline; claims_fts (FTS5 on sentence and headline)
  evclaims_meta   what the web UI shows on its front page, and how to recognise this file

Columns copied from the store follow the store: a column the reconciler adds to recon_groups or
group_members appears here without a change. Dates are ISO text, lists and JSON are JSON text.
The file is written beside its target and renamed over it, so a reader sees the old or the new one.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from contract.errors import StoreError

MIRROR_VERSION = 1
META_TABLE = "evclaims_meta"
# Verdicts saying the sources cannot all be right: the web UI's "open conflicts".
OPEN_VERDICTS = ("conflict", "inconsistent")
# A paragraph longer than this is cut to the sentence and PARAGRAPH_CONTEXT characters either side.
PARAGRAPH_MAX = 2000
PARAGRAPH_CONTEXT = 600
_BATCH = 50_000
# Columns the web UI facets by; their counts over each whole table are stored in facet_counts, so an
# unfiltered table page does not count a million rows five times (pipeline/web/facets.py).
FACETS: dict[str, tuple[str, ...]] = {
    "claims": ("subject", "metric", "verdict", "outlet", "period"),
    "recon_groups": ("verdict", "metric", "subject"),
    "conflicts": ("subject", "metric"),
    "entities": ("kind",),
    "articles": ("outlet",),
}
FACET_TABLE = "facet_counts"

# Columns shown first in the claims table (the rest follow in the store's order).
_CLAIM_ORDER = (
    "claim_id",
    "subject",
    "subject_name",
    "metric",
    "value_low",
    "value_high",
    "unit",
    "qualifier",
    "period",
    "period_start",
    "period_end",
    "period_text",
    "segment",
    "basis",
    "geography",
    "modality",
    "relation",
    "object",
    "object_name",
    "sentence",
    "outlet",
    "published",
    "title",
    "verdict",
    "group_id",
    "url",
)

# The period a claim covers in words a facet can count: a calendar year, half, quarter or month, or
# the span. DuckDB SQL over claims_enriched (aliased ce).
_PERIOD_LABEL = """CASE
    WHEN ce.period_start IS NULL AND ce.period_end IS NULL THEN NULL
    WHEN ce.period_start IS NULL OR ce.period_end IS NULL
        THEN coalesce(strftime(ce.period_start, '%Y-%m-%d'), '…') || ' to '
             || coalesce(strftime(ce.period_end, '%Y-%m-%d'), '…')
    WHEN ce.period_start = date_trunc('year', ce.period_start)
         AND ce.period_end = date_trunc('year', ce.period_start) + INTERVAL 1 YEAR - INTERVAL 1 DAY
        THEN strftime(ce.period_start, '%Y')
    WHEN month(ce.period_start) IN (1, 7) AND day(ce.period_start) = 1
         AND ce.period_end = ce.period_start + INTERVAL 6 MONTH - INTERVAL 1 DAY
        THEN strftime(ce.period_start, '%Y') || CASE WHEN month(ce.period_start) = 1 THEN '-H1' ELSE '-H2' END
    WHEN ce.period_start = date_trunc('quarter', ce.period_start)
         AND ce.period_end = ce.period_start + INTERVAL 3 MONTH - INTERVAL 1 DAY
        THEN strftime(ce.period_start, '%Y') || '-Q' || quarter(ce.period_start)
    WHEN ce.period_start = date_trunc('month', ce.period_start) AND ce.period_end = last_day(ce.period_start)
        THEN strftime(ce.period_start, '%Y-%m')
    ELSE strftime(ce.period_start, '%Y-%m-%d') || ' to ' || strftime(ce.period_end, '%Y-%m-%d')
END"""

_OPEN = ", ".join(f"'{v}'" for v in OPEN_VERDICTS)
# Group kinds that are parts of another group (a conflict's camps; 'side' before schema v4): a claim's
# own group is never one of them.
_INNER = "'camp', 'side'"


@dataclass(frozen=True)
class Mirrored:
    """Where the mirror was written, rows per table, and how long it took."""

    path: Path
    rows: dict[str, int]
    seconds: float


@dataclass(frozen=True)
class _Table:
    name: str
    sql: str  # DuckDB SELECT over the snapshot
    primary_key: tuple[str, ...] = ()
    # (column, other table, other column). Group and claim ids are no foreign keys: the evclaims plugin
    # links them to its conflict and claim pages (Datasette would link a key to the table's row instead).
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    # (name, columns, WHERE): partial covering indexes a page reads without touching the table
    partial_indexes: tuple[tuple[str, tuple[str, ...], str], ...] = ()
    first: tuple[str, ...] = ()  # columns to put first, when present


def mirror_path(snapshot_file: str | Path) -> Path:
    """`out/demo.snapshot.duckdb` → `out/demo.snapshot.sqlite`."""
    return Path(snapshot_file).with_suffix(".sqlite")


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) of the paragraph (between line breaks) holding text[start:end], cut to the sentence
    and PARAGRAPH_CONTEXT characters either side when longer than PARAGRAPH_MAX; None when the offsets
    do not fit the text."""
    if start is None or end is None or not (0 <= start < end <= len(text)):
        return None
    p0 = text.rfind("\n", 0, start) + 1
    p1 = text.find("\n", end)
    p1 = len(text) if p1 < 0 else p1
    if p1 - p0 > PARAGRAPH_MAX:
        p0, p1 = max(p0, start - PARAGRAPH_CONTEXT), min(p1, end + PARAGRAPH_CONTEXT)
    return p0, p1


def write_mirror(con: duckdb.DuckDBPyConnection, dest: str | Path, *, article_text: bool = False) -> Mirrored:
    """Write the SQLite mirror of the snapshot open on `con` (read-only is enough) to `dest`, atomically."""
    started = time.monotonic()
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    rows: dict[str, int] = {}
    try:
        sq = sqlite3.connect(tmp, isolation_level=None)
        try:
            for pragma in (
                "journal_mode = OFF",
                "synchronous = OFF",
                "temp_store = MEMORY",
                "cache_size = -262144",
            ):
                sq.execute(f"PRAGMA {pragma}")
            sq.execute("BEGIN")
            rows["paragraphs"] = _paragraphs(con, sq)
            for table in _tables(con, article_text):
                rows[table.name] = _copy(con, sq, table)
            _finish(con, sq, rows)
            sq.execute("COMMIT")
            # Statistics for the planner from every index entry (~2-3 s on a million claims, read from
            # the pages just written). A 400-row sample of an index led by a column with few values
            # (metric, verdict, outlet) saw one value and told SQLite each has ~400 claims: it then
            # picked verdict's index over outlet's for `verdict = ? and outlet = ?` (1.5 s a page).
            sq.execute("ANALYZE")
        finally:
            sq.close()
            con.execute("DROP TABLE IF EXISTS temp.evclaims_paragraph_of")
    except (duckdb.Error, sqlite3.Error) as e:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"{dest}: writing the SQLite mirror failed: {e}", path=str(dest)) from e
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise StoreError(
            f"{dest}: writing the SQLite mirror failed: {e.strerror or e}", path=str(dest)
        ) from e
    os.replace(tmp, dest)
    return Mirrored(dest, rows, time.monotonic() - started)


def _tables(con: duckdb.DuckDBPyConnection, article_text: bool) -> list[_Table]:
    has = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    fetched = (
        """SELECT article_id, run_id FROM (
               SELECT a.article_id, f.run_id, f.fetched_at FROM articles a JOIN fetches f ON f.url = a.url
               WHERE f.outcome = 'ok'
               UNION ALL
               SELECT a.article_id, f.run_id, f.fetched_at FROM articles a JOIN fetches f ON f.url = a.final_url
               WHERE f.outcome = 'ok')
           QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY fetched_at DESC NULLS LAST, run_id) = 1"""
        if "fetches" in has
        else "SELECT NULL::VARCHAR AS article_id, NULL::VARCHAR AS run_id WHERE false"
    )
    claims = _Table(
        "claims",
        f"""WITH member AS (
                SELECT m.claim_id, g.group_id, g.verdict
                FROM group_members m JOIN recon_groups g USING (group_id)
                WHERE m.role = 'member'
                QUALIFY row_number() OVER (
                    PARTITION BY m.claim_id ORDER BY g.kind IN ({_INNER}) NULLS FIRST, g.group_id) = 1)
            SELECT ce.* EXCLUDE (canonical_url, created_at), {_PERIOD_LABEL} AS period,
                   year(coalesce(ce.period_end, ce.published)) AS year,
                   mb.group_id, mb.verdict, p.paragraph_id
            FROM claims_enriched ce
            LEFT JOIN member mb ON mb.claim_id = ce.claim_id
            LEFT JOIN temp.evclaims_paragraph_of p ON p.claim_id = ce.claim_id""",
        primary_key=("claim_id",),
        foreign_keys=(
            ("article_id", "articles", "article_id"),
            ("subject", "entities", "entity_id"),
            ("object", "entities", "entity_id"),
            ("paragraph_id", "paragraphs", "paragraph_id"),
        ),
        indexes=(
            # an entity's latest figures per metric, and (covering) the facets of its claims page
            ("subject", "metric", "period_end", "verdict", "outlet", "period"),
            # A facet value clicked: the claims of that value in the table page's order (its primary
            # key), so a page reads its 50 rows instead of sorting the value's every claim (a metric
            # with 500,000 claims took 0.5 s to sort), and a broad search within it stops early.
            ("subject", "claim_id"),
            ("metric", "claim_id"),
            ("outlet", "claim_id"),
            ("period", "claim_id"),
            ("verdict", "claim_id"),
            ("article_id",),
            ("group_id",),
        ),
        partial_indexes=(
            (  # the entity page's charts: claimed values by metric, outlet and period (queries.chart_rows)
                "claims_chart",
                (
                    "subject",
                    "metric",
                    "unit",
                    "outlet",
                    "period_start",
                    "period_end",
                    "value_low",
                    "value_high",
                    "qualifier",
                    "published",
                ),
                "value_low IS NOT NULL AND period_end IS NOT NULL AND relation IS NULL",
            ),
        ),
        first=_CLAIM_ORDER,
    )
    text = "" if article_text else " EXCLUDE (text)"
    articles = _Table(
        "articles",
        f"""WITH n AS (SELECT article_id, count(*) AS n_claims FROM claims GROUP BY 1),
            x AS (
                SELECT article_id, extractor_version, extracted_at FROM extractions
                QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY extracted_at DESC NULLS LAST) = 1),
            fetched AS ({fetched})
            SELECT a.*{text} REPLACE (coalesce(a.cluster_id, a.article_id) AS cluster_id),
                   coalesce(a.sitename, regexp_extract(coalesce(a.final_url, a.url), '^[a-z]+://([^/]+)', 1))
                       AS outlet,
                   coalesce(n.n_claims, 0) AS n_claims, f.run_id, x.extractor_version, x.extracted_at
            FROM articles a LEFT JOIN n USING (article_id) LEFT JOIN fetched f USING (article_id)
            LEFT JOIN x USING (article_id)""",
        primary_key=("article_id",),
        indexes=(("cluster_id",), ("outlet",), ("published",)),
        first=("article_id", "title", "outlet", "published", "url", "n_claims"),
    )
    groups = _Table(
        "recon_groups",
        """WITH mem AS (
                SELECT m.group_id, count(*) FILTER (WHERE m.role = 'member') AS n_members,
                       min(ce.published) AS first_published, max(ce.published) AS last_published,
                       list_sort(list_distinct(list(ce.outlet))) AS outlets
                FROM group_members m JOIN claims_enriched ce USING (claim_id)
                GROUP BY m.group_id)
            SELECT g.*, e.name AS subject_name, coalesce(mem.n_members, 0) AS n_members,
                   mem.first_published, mem.last_published, mem.outlets
            FROM recon_groups g
            LEFT JOIN mem USING (group_id)
            LEFT JOIN entities e ON e.entity_id = g.subject""",
        primary_key=("group_id",),
        foreign_keys=(("subject", "entities", "entity_id"),),
        indexes=(
            ("verdict", "last_published"),
            ("verdict", "metric", "subject"),
            ("subject", "verdict"),
            ("metric",),
        ),
        first=("group_id", "verdict", "subject", "subject_name", "metric", "reason"),
    )
    members = _Table(
        "group_members",
        "SELECT * FROM group_members",
        primary_key=("group_id", "claim_id"),
        indexes=(("claim_id",),),
    )
    entities = _Table(
        "entities",
        f"""WITH subjects AS (
                SELECT subject AS entity_id, any_value(subject_kind) AS kind, count(*) AS n_claims,
                       count(DISTINCT article_id) AS n_articles, count(DISTINCT cluster_id) AS n_sources,
                       count(DISTINCT outlet) AS n_outlets, min(published) AS first_published,
                       max(published) AS last_published, list_sort(list_distinct(list(metric))) AS metrics
                FROM claims_enriched WHERE subject IS NOT NULL GROUP BY subject),
            open AS (
                SELECT subject AS entity_id, count(*) AS n_open_conflicts FROM recon_groups
                WHERE verdict IN ({_OPEN}) GROUP BY subject),
            aliases AS (
                SELECT entity_id, list_sort(list(alias)) AS aliases FROM entity_aliases GROUP BY entity_id),
            everyone AS (
                SELECT entity_id, name, kind, parent_id, country, nev_only FROM entities
                UNION ALL
                SELECT s.entity_id, s.entity_id, s.kind, NULL, NULL, NULL FROM subjects s
                WHERE s.entity_id NOT IN (SELECT entity_id FROM entities))
            SELECT e.entity_id, e.name, e.kind, e.parent_id, p.name AS parent_name, e.country, e.nev_only,
                   al.aliases, coalesce(s.n_claims, 0) AS n_claims, coalesce(s.n_articles, 0) AS n_articles,
                   coalesce(s.n_sources, 0) AS n_sources, coalesce(s.n_outlets, 0) AS n_outlets,
                   coalesce(o.n_open_conflicts, 0) AS n_open_conflicts, s.first_published, s.last_published,
                   s.metrics
            FROM everyone e
            LEFT JOIN entities p ON p.entity_id = e.parent_id
            LEFT JOIN subjects s ON s.entity_id = e.entity_id
            LEFT JOIN open o ON o.entity_id = e.entity_id
            LEFT JOIN aliases al ON al.entity_id = e.entity_id""",
        primary_key=("entity_id",),
        foreign_keys=(("parent_id", "entities", "entity_id"),),
        indexes=(("parent_id",), ("n_claims",), ("name",)),
    )
    out = [claims, articles, groups, members, entities]
    out.append(
        _Table(
            "conflicts",
            "SELECT * FROM conflicts",
            indexes=(("subject",), ("group_id",)),
        )
    )
    out.append(
        _Table(
            "entity_aliases",
            "SELECT * FROM entity_aliases",
            primary_key=("alias", "entity_id"),
            foreign_keys=(("entity_id", "entities", "entity_id"),),
        )
    )
    out.append(_Table("runs", "SELECT * FROM runs", primary_key=("run_id",)))
    # Tables and views of newer schemas, copied as they are when the snapshot has them.
    if "camp_relations" in has:
        out.append(_Table("camp_relations", "SELECT * FROM camp_relations", indexes=(("group_id",),)))
    if "inconsistencies" in has:
        out.append(
            _Table("inconsistencies", "SELECT * FROM inconsistencies", indexes=(("subject",), ("group_id",)))
        )
    return out


def _paragraphs(con: duckdb.DuckDBPyConnection, sq: sqlite3.Connection) -> int:
    """The paragraphs holding evidence sentences into `paragraphs`, and claim → paragraph_id into a
    DuckDB temp table the claims query joins. One text per article is read, never one per claim."""
    sq.execute(
        "CREATE TABLE paragraphs (paragraph_id INTEGER PRIMARY KEY, article_id TEXT, "
        "start_char INTEGER, end_char INTEGER, text TEXT)"
    )
    cur = con.execute(
        """SELECT a.article_id, a.text, c.ids, c.starts, c.ends
           FROM articles a JOIN (
               SELECT article_id, list(claim_id) AS ids, list(start_char) AS starts, list(end_char) AS ends
               FROM claims GROUP BY article_id) c USING (article_id)
           WHERE a.text IS NOT NULL"""
    )
    claim_ids: list[str] = []
    paragraph_ids: list[int] = []
    n = 0
    for batch in cur.to_arrow_reader(2_000):
        out = []
        cols = batch.to_pydict()
        for art, text, ids, starts, ends in zip(
            cols["article_id"], cols["text"], cols["ids"], cols["starts"], cols["ends"], strict=True
        ):
            seen: dict[tuple[int, int], int] = {}
            for cid, s, e in zip(ids, starts, ends, strict=True):
                bounds = paragraph_bounds(text, s, e)
                if bounds is None:
                    continue
                if bounds not in seen:
                    n += 1
                    seen[bounds] = n
                    out.append((n, art, bounds[0], bounds[1], text[bounds[0] : bounds[1]]))
                claim_ids.append(cid)
                paragraph_ids.append(seen[bounds])
        sq.executemany("INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?)", out)
    sq.execute("CREATE INDEX paragraphs_article_id ON paragraphs (article_id)")
    table = pa.table(
        {"claim_id": pa.array(claim_ids, pa.string()), "paragraph_id": pa.array(paragraph_ids, pa.int64())}
    )
    con.register("evclaims_paragraph_arrow", table)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE evclaims_paragraph_of AS SELECT * FROM evclaims_paragraph_arrow"
        )
    finally:
        con.unregister("evclaims_paragraph_arrow")
    return n


def _sqlite_type(duck_type: str) -> str:
    t = duck_type.upper()
    if t in (
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "BOOLEAN",
    ):
        return "INTEGER"
    if t in ("DOUBLE", "FLOAT", "REAL") or t.startswith("DECIMAL"):
        return "REAL"
    return "TEXT"


def _as_sqlite(col: str, duck_type: str) -> str:
    """A DuckDB expression giving the column as SQLite stores it: ISO dates, JSON for lists."""
    q = _quote(col)
    t = duck_type.upper()
    if _sqlite_type(t) != "TEXT":
        return f"{q}::BIGINT" if t == "HUGEINT" else q
    if t == "DATE":
        return f"strftime({q}, '%Y-%m-%d')"
    if t.startswith("TIMESTAMP"):
        return f"strftime({q}, '%Y-%m-%d %H:%M:%S')"
    if t.endswith("]") or t.startswith(("STRUCT", "MAP")):
        return f"to_json({q})::VARCHAR"
    return f"{q}::VARCHAR"


def _copy(con: duckdb.DuckDBPyConnection, sq: sqlite3.Connection, table: _Table) -> int:
    """Create `table` in SQLite with the columns its DuckDB query returns, and copy the rows over."""
    described = con.execute(f"DESCRIBE {table.sql}").fetchall()
    types = {r[0]: r[1] for r in described}
    order = [c for c in table.first if c in types] + [c for c in types if c not in table.first]
    defs = [f"{_quote(c)} {_sqlite_type(types[c])}" for c in order]
    if table.primary_key:
        defs.append(f"PRIMARY KEY ({', '.join(map(_quote, table.primary_key))})")
    for col, other, other_col in table.foreign_keys:
        if col in types:
            defs.append(f"FOREIGN KEY ({_quote(col)}) REFERENCES {_quote(other)}({_quote(other_col)})")
    sq.execute(f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(defs) + "\n)")
    select = ", ".join(_as_sqlite(c, types[c]) for c in order)
    insert = f"INSERT INTO {_quote(table.name)} VALUES ({', '.join('?' * len(order))})"
    n = 0
    for batch in _batches(con, f"SELECT {select} FROM ({table.sql}) AS t"):
        sq.executemany(insert, batch)
        n += len(batch)
    for cols in table.indexes:
        if all(c in types for c in cols):
            name = _quote(f"{table.name}_{'_'.join(cols)}")
            sq.execute(f"CREATE INDEX {name} ON {_quote(table.name)} ({', '.join(map(_quote, cols))})")
    for name, cols, where in table.partial_indexes:
        sq.execute(
            f"CREATE INDEX {_quote(name)} ON {_quote(table.name)} ({', '.join(map(_quote, cols))}) WHERE {where}"
        )
    return n


def _batches(con: duckdb.DuckDBPyConnection, sql: str) -> Iterator[list[tuple]]:
    """Rows as tuples (DuckDB's fetchmany was ~20% faster than Arrow batches to Python lists)."""
    cur = con.execute(sql)
    while batch := cur.fetchmany(_BATCH):
        yield batch


def _finish(con: duckdb.DuckDBPyConnection, sq: sqlite3.Connection, rows: dict[str, int]) -> None:
    """Full-text search on claims, the entity_timeline view, facet counts and the meta table."""
    sq.execute('CREATE VIRTUAL TABLE claims_fts USING fts5(sentence, title, content="claims")')
    sq.execute("INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')")
    sq.execute(
        """CREATE VIEW entity_timeline AS
           SELECT subject, subject_name, metric, segment, period, period_start, period_end, period_text,
                  value_low, value_high, unit, qualifier, modality, outlet, published, url, cluster_id, claim_id
           FROM claims WHERE value_low IS NOT NULL
           ORDER BY subject, metric, period_start, published"""
    )
    sq.execute(f"CREATE TABLE {FACET_TABLE} (table_name TEXT, column_name TEXT, value, count INTEGER)")
    for table, cols in FACETS.items():
        for col in cols:
            sq.execute(
                f"INSERT INTO {FACET_TABLE} SELECT ?, ?, {_quote(col)}, count(*) FROM {_quote(table)} "
                f"WHERE {_quote(col)} IS NOT NULL GROUP BY {_quote(col)}",
                [table, col],
            )
    sq.execute(f"CREATE INDEX {FACET_TABLE}_column ON {FACET_TABLE} (table_name, column_name, count)")
    from store.schema import SCHEMA_VERSION

    counts = sq.execute(
        f"""SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM articles),
                   (SELECT count(DISTINCT cluster_id) FROM articles), (SELECT count(DISTINCT outlet) FROM articles),
                   (SELECT count(*) FROM recon_groups),
                   (SELECT count(*) FROM recon_groups WHERE verdict IN ({_OPEN})),
                   (SELECT max(published) FROM articles)"""
    ).fetchone()
    versions = [
        r[0] for r in con.execute("SELECT DISTINCT extractor_version FROM claims ORDER BY 1").fetchall()
    ]
    verdicts = dict(sq.execute("SELECT verdict, count(*) FROM recon_groups GROUP BY verdict ORDER BY 2 DESC"))
    meta = {
        "mirror_version": MIRROR_VERSION,
        "schema_version": SCHEMA_VERSION,
        "published_at": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        "claims": counts[0],
        "articles": counts[1],
        "sources": counts[2],
        "outlets": counts[3],
        "groups": counts[4],
        "open_conflicts": counts[5],
        "latest_published": counts[6],
        "extractor_versions": versions,
        "open_verdicts": list(OPEN_VERDICTS),
        "verdicts": verdicts,
        "rows": rows,
    }
    sq.execute(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
    sq.executemany(f"INSERT INTO {META_TABLE} VALUES (?, ?)", [(k, json.dumps(v)) for k, v in meta.items()])


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
