"""Versioned schema migrations for the claims database.

`MIGRATIONS[n]` upgrades a database at version n to version n + 1. `migrate()` applies the
missing ones on open, in one transaction each, and refuses a file newer than this code.
Views and the COMMENT ON text of store/docs.py are reapplied on every writable open (they hold
no data), so changing either needs no migration.
"""

from __future__ import annotations

import duckdb

from contract.errors import StoreError
from contract.spec import CLAIM_FIELDS
from store.docs import VIEW_DOCS, comment_sql  # noqa: F401  (VIEW_DOCS: kept importable from here)

# Column types of the spec's claim fields, in spec order.
CLAIM_TYPES = {
    "subject": "VARCHAR",
    "subject_text": "VARCHAR",
    "subject_kind": "VARCHAR",
    "metric": "VARCHAR",
    "value_low": "DOUBLE",
    "value_high": "DOUBLE",
    "unit": "VARCHAR",
    "qualifier": "VARCHAR",
    "period_start": "DATE",
    "period_end": "DATE",
    "period_text": "VARCHAR",
    "geography": "VARCHAR",
    "modality": "VARCHAR",
    "segment": "VARCHAR",
    "basis": "VARCHAR",
    "relation": "VARCHAR",
    "object": "VARCHAR",
    "sentence": "VARCHAR",
    "start_char": "INTEGER",
    "end_char": "INTEGER",
    "confidence": "DOUBLE",
}
assert tuple(CLAIM_TYPES) == CLAIM_FIELDS, "store schema out of step with contract.spec"

_claim_cols = ",\n    ".join(f"{name} {typ}" for name, typ in CLAIM_TYPES.items())
# recon_groups as V1 made it and V2 remade it (without its key), after group_id
_group_cols = """verdict VARCHAR,
    subject VARCHAR,
    metric VARCHAR,
    segment VARCHAR,
    basis VARCHAR,
    period_start DATE,
    period_end DATE,
    geography VARCHAR,
    relation VARCHAR,
    reason VARCHAR,
    n_claims INTEGER,
    n_sources INTEGER,
    created_at TIMESTAMP"""

V1 = f"""
CREATE TABLE sources (
    source_id VARCHAR PRIMARY KEY,
    name VARCHAR,
    kind VARCHAR,
    location VARCHAR,
    settings JSON,
    added_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY,
    kind VARCHAR,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    status VARCHAR,
    stats JSON
);
CREATE TABLE fetches (
    fetch_id VARCHAR PRIMARY KEY,
    run_id VARCHAR,
    url VARCHAR,
    final_url VARCHAR,
    status INTEGER,
    outcome VARCHAR,
    reason VARCHAR,
    etag VARCHAR,
    last_modified VARCHAR,
    content_type VARCHAR,
    bytes BIGINT,
    elapsed_ms DOUBLE,
    fetched_at TIMESTAMP
);
CREATE TABLE articles (
    article_id VARCHAR PRIMARY KEY,
    url VARCHAR,
    canonical_url VARCHAR,
    final_url VARCHAR,
    source VARCHAR,
    title VARCHAR,
    author VARCHAR,
    published DATE,
    sitename VARCHAR,
    language VARCHAR,
    text VARCHAR,
    content_hash VARCHAR,
    simhash VARCHAR,
    cluster_id VARCHAR,
    fetched_at TIMESTAMP,
    http_status INTEGER,
    etag VARCHAR,
    last_modified VARCHAR,
    date_source VARCHAR
);
CREATE TABLE claims (
    claim_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    {_claim_cols},
    extractor_version VARCHAR NOT NULL,
    created_at TIMESTAMP
);
CREATE INDEX claims_article ON claims (article_id);
CREATE TABLE extractions (
    article_id VARCHAR,
    extractor_version VARCHAR,
    content_hash VARCHAR,
    n_claims INTEGER,
    extracted_at TIMESTAMP,
    PRIMARY KEY (article_id, extractor_version)
);
CREATE TABLE entities (
    entity_id VARCHAR PRIMARY KEY,
    name VARCHAR,
    kind VARCHAR,
    parent_id VARCHAR,
    country VARCHAR,
    nev_only BOOLEAN
);
CREATE TABLE entity_aliases (
    alias VARCHAR,
    entity_id VARCHAR,
    PRIMARY KEY (alias, entity_id)
);
CREATE TABLE recon_groups (
    group_id VARCHAR PRIMARY KEY,
    {_group_cols}
);
CREATE TABLE group_members (
    group_id VARCHAR,
    claim_id VARCHAR,
    role VARCHAR,
    PRIMARY KEY (group_id, claim_id)
);
"""

# V2: sources.added_at loses its DEFAULT current_timestamp: DuckDB 1.5.6 cannot replay a WAL holding
# an ALTER (e.g. COMMENT ON COLUMN) of a table with such a default ("GetDefaultDatabase with no
# default database set", duckdb/duckdb#19712): a writer killed then left a file that would not open.
# And claims, recon_groups and group_members lose their PRIMARY KEY and the claims_article index.
# DuckDB keeps an ART index per key; on random 16-hex ids it doubled the CPU of a 1M-claim load
# (measured 8.9 s vs 4.7 s) and a rerun that deletes and reinserts the same keys in one
# transaction took 25 s per 250,000 claims instead of 3 s. Joins never use these indexes. The
# keys stay unique by construction: the only writers (Store.replace_claims, replace_groups)
# delete by article / everything and insert a batch deduplicated on the key, in one transaction.
V2 = f"""
CREATE TABLE sources_v2 (
    source_id VARCHAR PRIMARY KEY,
    name VARCHAR,
    kind VARCHAR,
    location VARCHAR,
    settings JSON,
    added_at TIMESTAMP
);
INSERT INTO sources_v2 SELECT * FROM sources;
DROP TABLE sources;
ALTER TABLE sources_v2 RENAME TO sources;
CREATE TABLE claims_v2 (
    claim_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    {_claim_cols},
    extractor_version VARCHAR NOT NULL,
    created_at TIMESTAMP
);
INSERT INTO claims_v2 SELECT * FROM claims;
DROP TABLE claims;
ALTER TABLE claims_v2 RENAME TO claims;
CREATE TABLE recon_groups_v2 (
    group_id VARCHAR NOT NULL,
    {_group_cols}
);
INSERT INTO recon_groups_v2 SELECT * FROM recon_groups;
DROP TABLE recon_groups;
ALTER TABLE recon_groups_v2 RENAME TO recon_groups;
CREATE TABLE group_members_v2 (
    group_id VARCHAR NOT NULL,
    claim_id VARCHAR NOT NULL,
    role VARCHAR
);
INSERT INTO group_members_v2 SELECT * FROM group_members;
DROP TABLE group_members;
ALTER TABLE group_members_v2 RENAME TO group_members;
"""

# V3: recon_groups records what each group is and the groups it is linked to, as the reconciler
# builds them (pipeline.reconcile.model.Group): `kind` (member, side, levels, scope, comparative)
# and `related_group_ids` (a list). Before, a conflict's sides could only be guessed back from
# keys and member sets. ADD COLUMN keeps the rows in place; rows written before v3 get NULL in
# both, meaning "not recorded", not "member" or "no links": a v2 file holds side, levels, scope
# and comparative groups too, which only their reason text hints at. The next reconcile
# (`evclaims reconcile --db`, `evclaims run`, the reconcile and daily flows) replaces all groups
# and fills both; until then the report shows a conflict's sides as groups of their own, and says so.
# No DEFAULT on them: DuckDB 1.5.6 cannot replay a WAL holding an ALTER of a table with one (V2).
V3 = """
ALTER TABLE recon_groups ADD COLUMN kind VARCHAR;
ALTER TABLE recon_groups ADD COLUMN related_group_ids VARCHAR[];
"""

# V4 (issue 13): camps, findings across scopes and exchange rates, as the reconciler builds them.
# group_members.camp: the camp (claims that agree pair by pair) a claim is in within its group,
# numbered from the one most sources back; group_members.term: a claim's place in an arithmetic
# finding (part, whole, growth, level, earlier level). recon_groups.arithmetic_check and arithmetic:
# which check an `inconsistent` group failed and the arithmetic in one line; exchange_rates: the
# rates amounts in two currencies were converted at. camp_relations: the verdict between every two
# camps of a group. Rows written before v4 get NULL (not recorded) until the next reconcile; the
# groups v3 called 'side' are camps now. No DEFAULTs (see V2).
V4 = """
ALTER TABLE recon_groups ADD COLUMN arithmetic_check VARCHAR;
ALTER TABLE recon_groups ADD COLUMN arithmetic VARCHAR;
ALTER TABLE recon_groups ADD COLUMN exchange_rates VARCHAR[];
ALTER TABLE group_members ADD COLUMN camp INTEGER;
ALTER TABLE group_members ADD COLUMN term VARCHAR;
CREATE TABLE camp_relations (
    group_id VARCHAR NOT NULL,
    camp_a INTEGER,
    camp_b INTEGER,
    verdict VARCHAR,
    reason VARCHAR
);
UPDATE recon_groups SET kind = 'camp' WHERE kind = 'side';
"""

MIGRATIONS: list[str] = [V1, V2, V3, V4]
SCHEMA_VERSION = len(MIGRATIONS)

VIEWS = """
CREATE OR REPLACE VIEW claims_enriched AS
SELECT c.*,
       a.url, a.canonical_url,
       coalesce(a.sitename, regexp_extract(coalesce(a.final_url, a.url), '^[a-z]+://([^/]+)', 1)) AS outlet,
       a.title, a.published, coalesce(a.cluster_id, a.article_id) AS cluster_id,
       e.name AS subject_name, e.parent_id AS subject_parent, o.name AS object_name
FROM claims c
LEFT JOIN articles a USING (article_id)
LEFT JOIN entities e ON e.entity_id = c.subject
LEFT JOIN entities o ON o.entity_id = c.object;

CREATE OR REPLACE VIEW conflicts AS
SELECT g.group_id, g.subject, g.metric, g.segment, g.basis, g.period_start, g.period_end, g.geography,
       g.relation, g.reason, g.n_sources, g.kind,
       ce.claim_id, ce.value_low, ce.value_high, ce.unit, ce.qualifier, ce.sentence, ce.outlet, ce.url,
       ce.published
FROM recon_groups g
JOIN group_members m USING (group_id)
JOIN claims_enriched ce USING (claim_id)
WHERE g.verdict = 'conflict';

CREATE OR REPLACE VIEW entity_timeline AS
SELECT subject, subject_name, metric, segment, period_start, period_end, period_text,
       value_low, value_high, unit, qualifier, modality, outlet, published, url, cluster_id, claim_id
FROM claims_enriched
WHERE value_low IS NOT NULL
ORDER BY subject, metric, period_start NULLS LAST, published NULLS LAST;
"""


# Views over the columns of V4 (kept apart from VIEWS, which a file of any version can hold).
VIEWS_V4 = """
CREATE OR REPLACE VIEW inconsistencies AS
SELECT g.group_id, g.arithmetic_check, g.arithmetic, g.reason, g.subject, g.metric, g.n_sources,
       m.term, ce.claim_id, ce.subject AS claim_subject, ce.period_start, ce.period_end, ce.segment,
       ce.value_low, ce.value_high, ce.unit, ce.qualifier, ce.sentence, ce.outlet, ce.url, ce.published
FROM recon_groups g
JOIN group_members m USING (group_id)
JOIN claims_enriched ce USING (claim_id)
WHERE g.verdict = 'inconsistent';
"""


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    has = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not has:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]
    return int(row or 0)


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Bring the database to SCHEMA_VERSION; return the version found on open.

    Refuses a file newer than this code, and a DuckDB file of someone else's (tables but no
    schema_version) rather than adding our tables to it.
    """
    found = current_version(con)
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: database schema version {found} is newer than this evclaims "
            f"(knows up to {SCHEMA_VERSION}); upgrade evclaims to open it",
            path=path,
        )
    if found == 0:
        others = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal"
        ).fetchall()[0][0]
        if others:
            raise StoreError(
                f"{path}: a DuckDB database but not an evclaims one ({others} tables, "
                "no schema_version); give --db a new or evclaims file",
                path=path,
            )
    for version in range(found, SCHEMA_VERSION):
        _in_transaction(
            con,
            (
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)",
                MIGRATIONS[version],
            ),
            [version + 1],
        )
    _in_transaction(con, (VIEWS, VIEWS_V4), None, comments=True)
    # Keep DDL out of the WAL: a writer killed before the next checkpoint must leave a file
    # that reopens, and DuckDB's replay of catalog changes is where its crash-recovery bugs live.
    con.execute("CHECKPOINT")
    return found


def _in_transaction(
    con: duckdb.DuckDBPyConnection, statements: tuple[str, ...], version: list | None, comments: bool = False
) -> None:
    """Run schema statements (and record `version`) in one transaction. A failed COMMIT (disk
    full) has already ended the transaction, so only a failure before it is rolled back."""
    con.execute("BEGIN TRANSACTION")
    try:
        for sql in statements:
            con.execute(sql)
        if version is not None:
            con.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", version)
        if comments:
            sql = comment_sql(con)  # recreated views lose their comments
            if sql:
                con.execute(sql)
    except Exception:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
