"""What every table, view and column of the claims database means.

The one place the columns are described: `evclaims query --schema` shows `COLUMN_DOCS`
(via `describe_columns`), and the same text is written into the database as DuckDB
`COMMENT ON` statements, so `duckdb_columns().comment` and any SQL client show it too.
A test checks every column of every table and view has an entry here.
"""

from __future__ import annotations

import duckdb

EXAMPLE_QUERIES = (
    "select subject, metric, value_low, unit, period_start, period_end, outlet from claims_enriched "
    "where subject in ('aito', 'seres') order by subject",
    "select subject, metric, period_start, period_end, value_low, outlet from conflicts",
    "select verdict, count(*) as groups from recon_groups group by verdict order by groups desc",
)
"""Queries to try first, as `evclaims demo` suggests them (a test runs each on the demo database)."""

# Meaning of a column name wherever it appears (tables and views), unless a table overrides it.
_FIELDS: dict[str, str] = {
    # claim record (shared/spec/claims.md)
    "claim_id": "hash of what identifies the claim (article, offsets, subject, metric, value, period, scope); "
    "reruns insert nothing new",
    "article_id": "sha256 of the article's canonical URL, 16 hex",
    "subject": "canonical entity slug the claim is about (aito, seres, aito-m9)",
    "subject_text": "the subject's words as written in the article",
    "subject_kind": "brand, company, model, country or region",
    "metric": "what is measured: sales_volume, deliveries, revenue, market_share, ... or <metric>_growth",
    "value_low": "the value in `unit`; the lower bound of a range",
    "value_high": "the value in `unit`; the upper bound of a range (equal to value_low for a point value)",
    "unit": "vehicles, percent, percentage_points, an ISO 4217 currency, km or kWh",
    "qualifier": "exact, approx, more_than, at_least, less_than or at_most",
    "period_start": "first day of the period the value covers (inclusive); null when none is given",
    "period_end": "last day of the period the value covers (inclusive); null when none is given",
    "period_text": "the words that gave the period",
    "geography": "ISO 3166 alpha-2 country or a region (EU, EUROPE, NORTH_AMERICA, ASIA, GLOBAL); null if unstated",
    "modality": "reported (a past figure), forecast or estimate",
    "segment": "part of the subject's output covered: bev, phev, erev, nev, passenger, commercial, overseas; "
    "null if unstated",
    "basis": "for _growth metrics, what the change is measured against: yoy, qoq, mom; null if unstated",
    "relation": "for comparative claims: greater_than or less_than; otherwise null",
    "object": "for comparative claims: the other entity's slug; otherwise null",
    "sentence": "the evidence sentence the claim came from",
    "start_char": "the sentence's start offset in the article's extracted text",
    "end_char": "the sentence's end offset in the article's extracted text",
    "confidence": "extractor confidence, 0 to 1",
    "extractor_version": "version of the extractor (code and data files) that produced the row",
    "created_at": "when the row was written (UTC)",
    # articles
    "url": "URL the article was requested at",
    "canonical_url": "the article's canonical URL (link rel=canonical, else the final URL)",
    "final_url": "URL after redirects",
    "source": "the configured source the article came from",
    "title": "the article's headline",
    "author": "the article's author(s) as published",
    "published": "publication date as the publisher gave it (publisher's local day)",
    "sitename": "the publication's name from its metadata",
    "language": "ISO 639-1 language of the text",
    "text": "the article's main text as extracted by trafilatura",
    "content_hash": "sha256 of the normalised text (exact-duplicate detection)",
    "simhash": "64-bit SimHash of the text, 16 hex (near-duplicate detection)",
    "cluster_id": "article_id of the first near-duplicate seen: claims sharing it count as one source",
    "fetched_at": "when it was fetched (UTC)",
    "http_status": "HTTP status of the fetch",
    "etag": "the response's ETag, for conditional GET",
    "last_modified": "the response's Last-Modified header, for conditional GET",
    "date_source": "where the publication date came from (metadata, feed, url, text)",
    # fetches
    "fetch_id": "id of one fetch attempt",
    "run_id": "id of the run",
    "status": "HTTP status of the response",
    "outcome": "what the fetch led to: ok, not_modified, skipped or error",
    "reason": "why: what was fetched, or the skip or error reason",
    "content_type": "the response's Content-Type",
    "bytes": "size of the response body",
    "elapsed_ms": "time the fetch took, in milliseconds",
    # extractions
    "n_claims": "number of claims",
    "extracted_at": "when the article was extracted (UTC)",
    # entities
    "entity_id": "canonical entity slug",
    "name": "display name",
    "kind": "brand, company, model, country or region",
    "parent_id": "slug of the parent entity (a brand's company, a model's brand)",
    "country": "ISO 3166 alpha-2 home country",
    "nev_only": "true when the maker sells only new-energy vehicles (its total equals its NEV figure)",
    "alias": "a name the entity goes by in text",
    # reconciliation
    "group_id": "id of a reconciliation group of comparable claims",
    "verdict": "agree, compatible, conflict, different_scope, inconsistent or single_source",
    "n_sources": "number of independent sources (near-duplicate clusters) in the group",
    "role": "member (judged in the group) or related (linked: a different scope, or a comparative's claims)",
    "camp": "the camp the claim is in within its group: claims that agree with each other pair by pair, "
    "numbered from 1 (the camp most independent sources back); null when the group has one camp or is "
    "not judged (scope, comparative, arithmetic), and for rows written before schema v4",
    "term": "for an inconsistent group, the claim's place in the arithmetic: part, whole, growth, level "
    "(the period the growth is for) or earlier level (the period it is measured against); else null",
    "arithmetic_check": "for an inconsistent group, the check it failed: part_above_whole (a month above "
    "its quarter, a brand above its parent over a containing period), parts_above_whole (disjoint parts "
    "adding up to more than their whole) or growth_vs_levels (a growth rate against the two levels it "
    "compares); else null",
    "arithmetic": "for an inconsistent group, the arithmetic in one line with the figures' sources "
    "('zeekr deliveries: Q1 2025 84,000 + Q2 2025 92,000 = 176,000 > H1 2025 170,000, ...'); else null",
    "exchange_rates": "the ECB reference rates amounts in two currencies were converted at, each with its "
    "day and the spread allowed ('1 USD = 7.2531 CNY (ECB euro reference rates, 2025-03-31; ...)'); "
    "empty when all amounts share a currency, null for rows written before schema v4",
    "camp_a": "one camp of the group (group_members.camp)",
    "camp_b": "the other camp of the group (group_members.camp)",
    # runs, sources, schema_version
    "started_at": "when the run started (UTC)",
    "finished_at": "when the run finished (UTC)",
    "stats": "the run's counts, as JSON",
    "source_id": "id of the configured source",
    "location": "the source's URL or path",
    "settings": "the source's settings, as JSON",
    "added_at": "when the source was added (UTC)",
    "version": "schema version a migration brought the file to",
    "applied_at": "when that migration ran (UTC)",
}

# Columns whose meaning depends on the table or view.

_MEMBER_CLAIM = {
    "value_low": "that claim's value (lower bound)",
    "value_high": "that claim's value (upper bound)",
    "unit": "that claim's unit",
    "qualifier": "that claim's qualifier",
    "sentence": "that claim's sentence",
    "outlet": "the publication that made the claim",
    "url": "the article's URL",
    "published": "the article's publication date",
}
"""The columns a view of group rows repeats for each of its claims (conflicts, inconsistencies)."""

_OVERRIDES: dict[str, dict[str, str]] = {
    "extractions": {
        "n_claims": "claims this extraction stored for the article",
        "content_hash": "content_hash of the article text that was extracted",
    },
    "runs": {"kind": "what ran: run, flow:daily, flow:crawl, ...", "status": "ok or failed"},
    "sources": {
        "kind": "what kind of source it is (a feed, a sitemap, a site to crawl, ...)",
        "name": "the source's name in sources.toml",
    },
    "recon_groups": {
        "reason": "why the group got its verdict",
        "subject": "the group's subject slug",
        "metric": "the group's metric",
        "segment": "the group's segment",
        "basis": "the group's basis",
        "geography": "the group's geography",
        "period_start": "the group's period start",
        "period_end": "the group's period end",
        "relation": "for comparative groups, the relation compared",
        "n_claims": "claims in the group",
        "created_at": "when the group was written (UTC)",
        "kind": "what the group is: member (the claims of one subject, metric and scope, judged "
        "together), camp (claims of a member or levels group with several camps that agree with each "
        "other and that several independent sources back, judged on their own and shown inside their "
        "group; 'side' before schema v4), levels (a child's figures against its parent's for the same "
        "metric and scope, e.g. a brand's against its company's), scope (member groups of one subject "
        "and metric whose scope differs, linked and not judged: verdict different_scope), comparative "
        "(an 'X outsold Y' claim checked against both sides' figures), arithmetic (an inconsistent "
        "finding: claims of different scopes whose arithmetic cannot all hold); null for groups written "
        "before schema v3 (reconcile again to fill it)",
        "related_group_ids": "group_ids of the groups linked to this one: for a member group its camps, "
        "levels, scope and arithmetic groups; for a camp its group; for an arithmetic group the member "
        "groups whose claims it used; for a levels or scope group "
        "the member groups it links; empty when none (a comparative links claims instead: group_members "
        "role related); null for groups written before schema v3",
    },
    "camp_relations": {
        "group_id": "the group whose camps these are",
        "verdict": "the verdict between the two camps: the worst pair of one claim from each "
        "(agree, compatible or conflict)",
        "reason": "that worst pair's values and why",
    },
    "inconsistencies": {
        "group_id": "the inconsistent group",
        "reason": "the arithmetic and the slack the rounding of the written figures allowed",
        "subject": "the group's subject slug (the whole's, or the growth's)",
        "metric": "the group's metric",
        "n_sources": "independent sources among the claims used",
        "claim_id": "a claim the check used (one row per claim)",
        "claim_subject": "that claim's subject slug",
        "period_start": "that claim's period start",
        "period_end": "that claim's period end",
        "segment": "that claim's segment",
        **_MEMBER_CLAIM,
    },
    "claims_enriched": {
        "url": "the article's URL",
        "outlet": "the publication: the article's sitename, else the host of its URL",
        "title": "the article's headline",
        "published": "the article's publication date",
        "cluster_id": "independent-source key: the article's near-duplicate cluster (its own id if none)",
        "subject_name": "the subject's display name from the entity registry",
        "subject_parent": "slug of the subject's parent in the registry (a brand's company)",
        "object_name": "display name of `object` from the entity registry",
    },
    "conflicts": {
        "group_id": "the conflicting group",
        "subject": "the group's subject slug",
        "metric": "the group's metric",
        "segment": "the group's segment",
        "basis": "the group's basis",
        "period_start": "the group's period start",
        "period_end": "the group's period end",
        "geography": "the group's geography",
        "relation": "for comparative groups, the relation compared",
        "reason": "why the group is a conflict (the worst pair of values)",
        "n_sources": "independent sources in the group",
        "kind": "the group's kind, as in recon_groups.kind: member (sources disagree on one figure), "
        "levels (a child's figure above its parent's) or comparative (an 'X outsold Y' claim the "
        "figures contradict); null for groups written before schema v3",
        "claim_id": "a claim of the group (one row per claim)",
        **_MEMBER_CLAIM,
    },
    "entity_timeline": {
        "subject_name": "the subject's display name from the entity registry",
        "outlet": "the publication that made the claim",
        "url": "the article's URL",
        "published": "the article's publication date",
        "cluster_id": "independent-source key: the article's near-duplicate cluster",
    },
}

TABLE_DOCS: dict[str, str] = {
    "sources": "configured sources (feeds, sitemaps, sites)",
    "runs": "one row per pipeline run with its status and counts",
    "fetches": "every fetch attempt, with its outcome and reason",
    "articles": "one row per article (canonical URL), with extracted text and metadata",
    "claims": "one row per claim: the claim record of shared/spec/claims.md and bookkeeping",
    "extractions": "which extractor version has extracted which article text (so reruns skip it)",
    "entities": "the entity registry: canonical slugs, names, parents",
    "entity_aliases": "names each entity goes by in text",
    "recon_groups": "reconciliation groups of comparable claims and their verdicts",
    "group_members": "which claims belong to which reconciliation group, and the camp each is in",
    "camp_relations": "the verdict between every two camps of a reconciliation group",
    "schema_version": "migrations applied to this file",
    "claims_enriched": "every claim with its article's url, outlet, published date, near-duplicate "
    "cluster_id, and the subject's name and parent from the entity registry",
    "conflicts": "one row per claim in a reconciliation group whose verdict is 'conflict'",
    "entity_timeline": "a subject's claimed values per metric and period across sources, in time order",
    "inconsistencies": "one row per claim of an inconsistent group: figures of different scopes whose "
    "arithmetic cannot all hold, with the arithmetic",
}

VIEW_DOCS: dict[str, str] = {
    k: TABLE_DOCS[k] for k in ("claims_enriched", "conflicts", "entity_timeline", "inconsistencies")
}


def column_doc(table: str, column: str) -> str:
    """The description of `table.column` ('' when undocumented)."""
    return _OVERRIDES.get(table, {}).get(column) or _FIELDS.get(column, "")


def describe_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str, str]]:
    """(table, kind, column, type, description) for every column of the main schema, in order."""
    rows = con.execute(
        """SELECT c.table_name, t.table_type, c.column_name, c.data_type
           FROM information_schema.columns c
           JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
           WHERE c.table_schema = 'main' AND c.table_catalog = current_database()
           ORDER BY t.table_type, c.table_name, c.ordinal_position"""
    ).fetchall()
    return [(t, k, c, d, column_doc(t, c)) for t, k, c, d in rows]


def comment_sql(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> str:
    """COMMENT ON statements for the tables, views and columns of `catalog` (default: the current
    database) whose comment differs from the docs here; '' when all are current.

    Run them inside one transaction: each COMMENT ON alone commits and costs ~5 ms, together ~50 ms.
    """
    db = con.execute("SELECT current_database()").fetchall()[0][0] if catalog is None else catalog
    rels = con.execute(
        "SELECT table_name, 'TABLE', comment FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' "
        "UNION ALL SELECT view_name, 'VIEW', comment FROM duckdb_views() "
        "WHERE database_name = ? AND schema_name = 'main' AND NOT internal",
        [db, db],
    ).fetchall()
    cols = con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE database_name = ? "
        "AND schema_name = 'main'",
        [db],
    ).fetchall()
    prefix = f'"{db}".main.'
    out = [
        f'COMMENT ON {kind} {prefix}"{name}" IS {_lit(TABLE_DOCS[name])};'
        for name, kind, have in rels
        if name in TABLE_DOCS and have != TABLE_DOCS[name]
    ]
    out += [
        f'COMMENT ON COLUMN {prefix}"{t}"."{c}" IS {_lit(column_doc(t, c))};'
        for t, c, have in cols
        if column_doc(t, c) and have != column_doc(t, c)
    ]
    return "\n".join(out)


def _lit(text: str) -> str:
    """A SQL string literal of our own constant text (COMMENT ON takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


# The SQLite mirror for `evclaims serve` (store/mirror.py): what each table holds, which store table
# or view documents its columns, and the columns it adds.
MIRROR_TABLE_DOCS: dict[str, str] = {
    "claims": "every claim with its article, outlet and entity names (claims_enriched), its period as a "
    "label, its own group and verdict, and its paragraph",
    "articles": "one row per article, without the full text unless published with it, with claim counts "
    "and the run that fetched it",
    "paragraphs": "the paragraph around each evidence sentence (cut to the sentence and some context when "
    "long); the articles' full text is not in the mirror",
    "recon_groups": "reconciliation groups of comparable claims and their verdicts, with member counts, "
    "outlets and publication dates",
    "group_members": "which claims belong to which reconciliation group, in which role",
    "entities": "registry entities and every claimed subject, with parent, aliases and claim counts",
    "conflicts": TABLE_DOCS["conflicts"],
    "inconsistencies": TABLE_DOCS.get("inconsistencies", ""),
    "camp_relations": TABLE_DOCS.get("camp_relations", ""),
    "entity_aliases": TABLE_DOCS["entity_aliases"],
    "runs": TABLE_DOCS["runs"],
    "entity_timeline": TABLE_DOCS["entity_timeline"],
    "evclaims_meta": "what the published mirror holds (counts, versions, when it was published)",
    "facet_counts": "how many rows of each table have each value of its facet columns, counted at publish",
}
_MIRROR_SOURCE = {"claims": "claims_enriched", "entity_timeline": "claims"}
_MIRROR_COLUMNS: dict[str, dict[str, str]] = {
    "claims": {
        "period": "the period as a label: a calendar year (2025), half (2025-H1), quarter (2025-Q1) or month "
        "(2025-03), else its first and last day; null when none is given",
        "year": "calendar year of the period's end, else of the publication date",
        "group_id": "the group the claim is judged in (a member, not a conflict's side)",
        "verdict": "that group's verdict",
        "paragraph_id": "the paragraph of the article holding the evidence sentence",
    },
    "articles": {
        "outlet": "the publication: the article's sitename, else the host of its URL",
        "n_claims": "claims extracted from the article",
        "run_id": "the ingest run that last fetched the article",
        "extractor_version": "the extractor version that last extracted the article",
        "extracted_at": "when that extraction ran (UTC)",
        "cluster_id": "independent-source key: the article's near-duplicate cluster (its own id if none)",
    },
    "paragraphs": {
        "paragraph_id": "id of the paragraph in this mirror",
        "start_char": "the paragraph's start offset in the article's extracted text",
        "end_char": "the paragraph's end offset in the article's extracted text",
        "text": "the paragraph's text",
    },
    "recon_groups": {
        "subject_name": "the subject's display name from the entity registry",
        "n_members": "claims judged in the group (role member)",
        "first_published": "earliest publication date among the group's claims",
        "last_published": "latest publication date among the group's claims",
        "outlets": "the outlets of the group's claims, as a JSON list",
    },
    "entities": {
        "parent_name": "the parent's display name",
        "aliases": "names the entity goes by in text, as a JSON list",
        "n_claims": "claims about the entity",
        "n_articles": "articles with a claim about the entity",
        "n_sources": "independent sources (near-duplicate clusters) with a claim about the entity",
        "n_outlets": "outlets with a claim about the entity",
        "n_open_conflicts": "groups about the entity whose verdict says the sources cannot all be right "
        "(conflict, inconsistent)",
        "first_published": "earliest publication date of a claim about the entity",
        "last_published": "latest publication date of a claim about the entity",
        "metrics": "the metrics claimed for the entity, as a JSON list",
    },
    "evclaims_meta": {"key": "what the value is", "value": "the value, as JSON"},
    "facet_counts": {
        "table_name": "the mirror table counted",
        "column_name": "the facet column counted",
        "value": "a value of that column",
        "count": "rows of the table with that value",
    },
}


def mirror_column_doc(table: str, column: str) -> str:
    """The description of a column of the SQLite mirror ('' when undocumented)."""
    source = _MIRROR_SOURCE.get(table, table)
    return (
        _MIRROR_COLUMNS.get(table, {}).get(column)
        or _MIRROR_COLUMNS.get(source, {}).get(column)
        or column_doc(_MIRROR_SOURCE.get(source, source), column)
    )
