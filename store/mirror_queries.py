"""The SQL the web UI runs on the SQLite mirror (store/mirror.py writes it; `evclaims serve` reads it).

  pages           the SQL behind each page of pipeline/web/views.py, through Datasette's Database
  canned queries  the README's analyst questions (pipeline/web/metadata.py titles them), and their
                  every row as CSV (pipeline/web/export.py)
  the file        its meta rows, tables and columns, read with sqlite3 before Datasette starts

Every value is a bound parameter. Each page query is an index lookup or a small scan of precomputed
columns (store/mirror.py), so a page answers quickly on a million claims. The SQL of Datasette's own
table pages on a million claims (counts, broad searches, facets) is in store/mirror_tables.py.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from store.mirror import META_TABLE, OPEN_VERDICTS

_OPEN = ", ".join(f"'{v}'" for v in OPEN_VERDICTS)
# Claims shown in figure tables: enough columns for pipeline.report.report_claim.
_CLAIM = (
    "claim_id, article_id, subject, subject_name, metric, value_low, value_high, unit, qualifier, "
    "period_start, period_end, period_text, period, geography, modality, segment, basis, relation, object, "
    "object_name, sentence, start_char, end_char, confidence, outlet, title, url, published, cluster_id, "
    "group_id, verdict, extractor_version, paragraph_id"
)
_CLAIM_C = ", ".join("c." + x.strip() for x in _CLAIM.split(","))
RECENT_PER_METRIC = 25
RELATIVES = 50


def _in(values: list, prefix: str) -> tuple[str, dict]:
    """(':g0, :g1', {'g0': ..., 'g1': ...}): a list as bound parameters of an IN (...)."""
    params = {f"{prefix}{i}": v for i, v in enumerate(values)}
    return ", ".join(f":{k}" for k in params), params


async def rows(db, sql: str, params: dict | None = None) -> list[dict]:
    result = await db.execute(sql, params or {})
    return [dict(zip(result.columns, r, strict=True)) for r in result.rows]


async def one(db, sql: str, params: dict | None = None) -> dict | None:
    found = await rows(db, sql, params)
    return found[0] if found else None


async def meta(db) -> dict:
    return {r["key"]: json.loads(r["value"]) for r in await rows(db, f"SELECT key, value FROM {META_TABLE}")}


async def columns(db, table: str) -> list[str]:
    return [r["name"] for r in await rows(db, "SELECT name FROM pragma_table_info(:t)", {"t": table})]


# -- front page --------------------------------------------------------------------------------
async def top_entities(db, limit: int = 20) -> list[dict]:
    return await rows(
        db,
        "SELECT entity_id, name, kind, parent_id, parent_name, n_claims, n_sources, n_open_conflicts "
        "FROM entities WHERE n_claims > 0 ORDER BY n_claims DESC, entity_id LIMIT :n",
        {"n": limit},
    )


async def newest_open_groups(db, limit: int = 10, subject: str | None = None) -> list[dict]:
    """Groups whose verdict says the sources cannot all be right, newest article first. One index walk
    per verdict (an IN over both would sort every conflict of a million claims)."""
    where = " AND subject = :s" if subject else ""
    parts = [
        f"SELECT * FROM (SELECT * FROM recon_groups WHERE verdict = :v{i}{where} "
        "ORDER BY last_published DESC LIMIT :n)"
        for i in range(len(OPEN_VERDICTS))
    ]
    params = {"n": limit, "s": subject, **{f"v{i}": v for i, v in enumerate(OPEN_VERDICTS)}}
    return await rows(
        db, " UNION ALL ".join(parts) + " ORDER BY last_published DESC, group_id LIMIT :n", params
    )


async def verdict_counts(db) -> dict[str, int]:
    return {
        r["verdict"]: r["n"]
        for r in await rows(db, "SELECT verdict, count(*) AS n FROM recon_groups GROUP BY verdict")
    }


# -- entity page -------------------------------------------------------------------------------
async def entity(db, slug: str) -> dict | None:
    return await one(db, "SELECT * FROM entities WHERE entity_id = :s", {"s": slug})


async def children(db, slug: str) -> list[dict]:
    return await rows(
        db,
        "SELECT * FROM entities WHERE parent_id = :s ORDER BY n_claims DESC, entity_id LIMIT :n",
        {"s": slug, "n": RELATIVES},
    )


async def latest_figures(db, subjects: list[str], metrics: list[str]) -> list[dict]:
    """The latest dated claim of each subject for each metric (one index seek each, one query)."""
    pairs = [(s, m) for s in subjects for m in metrics]
    if not pairs:
        return []
    parts, params = [], {}
    for i, (s, m) in enumerate(pairs):
        parts.append(
            f"SELECT * FROM (SELECT {_CLAIM} FROM claims WHERE subject = :s{i} AND metric = :m{i} "
            "AND value_low IS NOT NULL AND period_end IS NOT NULL ORDER BY period_end DESC LIMIT 1)"
        )
        params[f"s{i}"], params[f"m{i}"] = s, m
    return await rows(db, " UNION ALL ".join(parts), params)


async def chart_rows(db, slug: str, metrics: list[str]) -> list[dict]:
    """The entity's dated values of `metrics` aggregated by metric, unit, outlet and period (the input of
    present.entity_charts). A walk of the partial index claims_chart in its own order: no sort, and
    no table row read (folding small outlets into one series here made SQLite sort twice: 60 ms
    against 8 ms for 15,000 claims)."""
    if not metrics:
        return []
    marks, params = _in(metrics, "m")
    return await rows(
        db,
        f"""SELECT metric, unit, outlet, period_start, period_end, count(*) AS n,
                   min(value_low) AS lo, max(coalesce(value_high, value_low)) AS hi,
                   CASE WHEN min(coalesce(qualifier, '')) = max(coalesce(qualifier, '')) THEN min(qualifier) END
                       AS qualifier,
                   max(published) AS published
            FROM claims
            WHERE subject = :s AND value_low IS NOT NULL AND period_end IS NOT NULL AND relation IS NULL
              AND metric IN ({marks})
            GROUP BY metric, unit, outlet, period_start, period_end""",
        params | {"s": slug},
    )


async def metric_counts(db, slug: str) -> dict[str, int]:
    return {
        r["metric"]: r["n"]
        for r in await rows(
            db, "SELECT metric, count(*) AS n FROM claims WHERE subject = :s GROUP BY metric", {"s": slug}
        )
    }


async def recent_claims(db, slug: str, metrics: list[str], per_metric: int = RECENT_PER_METRIC) -> list[dict]:
    """The latest claims of the entity for each metric by period end (an index walk each, one query)."""
    if not metrics:
        return []
    parts, params = [], {"s": slug, "n": per_metric}
    for i, m in enumerate(metrics):
        parts.append(
            f"SELECT * FROM (SELECT {_CLAIM} FROM claims WHERE subject = :s AND metric = :m{i} "
            "ORDER BY period_end DESC LIMIT :n)"
        )
        params[f"m{i}"] = m
    return await rows(db, " UNION ALL ".join(parts), params)


async def open_group_count(db, slug: str) -> int:
    r = await one(
        db, f"SELECT count(*) AS n FROM recon_groups WHERE subject = :s AND verdict IN ({_OPEN})", {"s": slug}
    )
    return int(r["n"]) if r else 0


# -- group (conflict) page ---------------------------------------------------------------------
async def group(db, group_id: str) -> dict | None:
    return await one(db, "SELECT * FROM recon_groups WHERE group_id = :g", {"g": group_id})


async def groups(db, group_ids: list[str]) -> list[dict]:
    if not group_ids:
        return []
    marks, params = _in(group_ids, "g")
    return await rows(db, f"SELECT * FROM recon_groups WHERE group_id IN ({marks})", params)


async def members(db, group_ids: list[str]) -> list[dict]:
    """The groups' claims, each row the claim's columns then its group_members columns (role, camp...)."""
    if not group_ids:
        return []
    marks, params = _in(group_ids, "g")
    return await rows(
        db,
        f"SELECT {_CLAIM_C}, m.* FROM group_members m JOIN claims c ON c.claim_id = m.claim_id "
        f"WHERE m.group_id IN ({marks}) "
        "ORDER BY c.published, c.outlet, c.claim_id",
        params,
    )


async def camp_relations(db, group_id: str) -> list[dict]:
    """The verdict between each two camps of a group (none in a mirror of a schema without them)."""
    if "camp_relations" not in await db.table_names():
        return []
    return await rows(
        db, "SELECT * FROM camp_relations WHERE group_id = :g ORDER BY camp_a, camp_b", {"g": group_id}
    )


# -- claim page --------------------------------------------------------------------------------
async def claim(db, claim_id: str) -> dict | None:
    return await one(db, "SELECT * FROM claims WHERE claim_id = :c", {"c": claim_id})


async def article(db, article_id: str) -> dict | None:
    return await one(db, "SELECT * FROM articles WHERE article_id = :a", {"a": article_id})


async def paragraph(db, paragraph_id) -> dict | None:
    if paragraph_id is None:
        return None
    return await one(db, "SELECT * FROM paragraphs WHERE paragraph_id = :p", {"p": paragraph_id})


async def cluster_articles(db, cluster_id: str) -> list[dict]:
    return await rows(
        db,
        "SELECT article_id, title, outlet, url, published, n_claims FROM articles WHERE cluster_id = :c "
        "ORDER BY published, article_id LIMIT 50",
        {"c": cluster_id},
    )


async def cluster_claims(db, article_ids: list[str]) -> list[dict]:
    if not article_ids:
        return []
    marks, params = _in(article_ids, "a")
    return await rows(
        db,
        f"SELECT {_CLAIM} FROM claims WHERE article_id IN ({marks}) "
        "ORDER BY published, outlet, start_char, claim_id",
        params,
    )


async def claim_groups(db, claim_id: str) -> list[dict]:
    return await rows(
        db,
        "SELECT g.group_id, g.verdict, g.reason, g.n_sources, m.role FROM group_members m "
        "JOIN recon_groups g ON g.group_id = m.group_id WHERE m.claim_id = :c ORDER BY m.role, g.group_id",
        {"c": claim_id},
    )


# -- search ------------------------------------------------------------------------------------
async def find_entities(db, q: str, limit: int = 20) -> list[dict]:
    like = f"%{q.strip().lower()}%"
    return await rows(
        db,
        "SELECT entity_id, name, kind, parent_name, n_claims FROM entities "
        "WHERE entity_id = :q OR lower(name) LIKE :like OR lower(aliases) LIKE :like "
        "ORDER BY entity_id = :q DESC, n_claims DESC, entity_id LIMIT :n",
        {"q": q.strip().lower(), "like": like, "n": limit},
    )


async def search_claims(db, fts_query: str, limit: int = 50) -> list[dict]:
    """The newest matches of an FTS5 query (rowid order, which FTS5 walks without ranking every match)."""
    return await rows(
        db,
        f"SELECT {_CLAIM_C} FROM claims c "
        "WHERE c.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :q ORDER BY rowid DESC LIMIT :n)",
        {"q": fts_query, "n": limit},
    )


# -- the mirror file ---------------------------------------------------------------------------
def _open_immutable(path: str | Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?immutable=1", uri=True)


def meta_rows(path: str | Path) -> dict[str, str]:
    """The mirror's meta rows as stored (JSON text); sqlite3.Error when the file is not a mirror."""
    con = _open_immutable(path)
    try:
        return dict(con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    finally:
        con.close()


def tables_and_columns(path: str | Path) -> dict[str, list[str]]:
    """Each table and view of the mirror (not SQLite's own, not the full-text index's) → its columns, by name."""
    con = _open_immutable(path)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'claims_fts%' ORDER BY name"
            )
        ]
        return {n: [r[1] for r in con.execute(f'PRAGMA table_info("{n}")')] for n in names}
    finally:
        con.close()


# -- canned queries ----------------------------------------------------------------------------
_OPEN_SQL = ", ".join(f"'{v}'" for v in OPEN_VERDICTS)
_CLAIM_COLS = (
    "claim_id, subject, subject_name, metric, value_low, value_high, unit, qualifier, period, "
    "period_start, period_end, outlet, published, verdict, sentence, url"
)
# name → SQL with named parameters (Datasette turns them into a form); no page limit (see paged_sql)
CANNED_SQL = {
    "entity_claims": f"""select {_CLAIM_COLS}
from claims
where subject = :subject and metric = :metric
  and (:year = '' or case when period_end is null then substr(published, 1, 4) = :year
       else period_end >= :year || '-01-01' and coalesce(period_start, period_end) <= :year || '-12-31' end)
order by period_start, period_end, published, claim_id""",
    "family_claims": f"""with recursive family(entity_id) as (
  select :subject
  union
  select e.entity_id from entities e join family f on e.parent_id = f.entity_id
)
select {_CLAIM_COLS}
from claims
where subject in (select entity_id from family) and (:metric = '' or metric = :metric)
order by subject, metric, period_start, published, claim_id""",
    "conflicting_claims": f"""select g.group_id, g.verdict, g.subject, g.metric, g.reason, g.n_sources, c.claim_id,
       c.value_low, c.value_high, c.unit, c.qualifier, c.period, c.outlet, c.published, c.sentence, c.url
from recon_groups g
join group_members m on m.group_id = g.group_id
join claims c on c.claim_id = m.claim_id
where g.verdict in ({_OPEN_SQL}) and (:subject = '' or g.subject = :subject)
order by g.last_published desc, g.group_id, c.value_low, c.claim_id""",
    "single_source_claims": f"""select {_CLAIM_COLS}
from claims
where verdict = 'single_source' and (:subject = '' or subject = :subject)
order by subject, metric, period_start, published, claim_id""",
}


def paged_sql(name: str, page_rows: int) -> str:
    """Canned query `name` showing `page_rows` rows a page, chosen by its `page` parameter (blank is 1)."""
    return CANNED_SQL[name] + f"\nlimit {page_rows} offset {page_rows} * (max(cast(:page as integer), 1) - 1)"


def _rows_as_csv(
    conn: sqlite3.Connection, sql: str, params: dict, ms: int, max_bytes: int
) -> tuple[str, bool]:
    """(CSV text, whether it stopped at max_bytes)."""
    from datasette.utils import sqlite_timelimit

    out = io.StringIO()
    writer = csv.writer(out)
    with sqlite_timelimit(conn, ms):
        cursor = conn.execute(sql, params)
        writer.writerow([d[0] for d in cursor.description])
        while batch := cursor.fetchmany(1000):
            writer.writerows(batch)
            if max_bytes and out.tell() > max_bytes:
                return out.getvalue(), True
    return out.getvalue(), False


async def rows_as_csv(db, sql: str, params: dict, ms: int, max_bytes: int) -> tuple[str, bool]:
    """Every row of `sql` as CSV under a time limit of `ms`, cut after `max_bytes` (0: no cut):
    (CSV text, whether it was cut). sqlite3.OperationalError when the time limit stops it."""
    return await db.execute_fn(lambda conn: _rows_as_csv(conn, sql, params, ms, max_bytes))
