"""What Datasette shows of the mirror: titles, column descriptions, facets, search and canned queries.

Column descriptions come from store/docs.py (the same text as `evclaims query --schema`), for the
columns the mirror file actually has, so a column the store gains is described without a change here.
The canned queries are the README's analyst questions, with named parameters Datasette turns into a form
(their SQL: store/mirror_queries.py).
"""

from __future__ import annotations

from pathlib import Path

from store.docs import MIRROR_TABLE_DOCS, mirror_column_doc
from store.mirror import FACETS
from store.mirror_queries import CANNED_SQL, paged_sql, tables_and_columns

DATABASE = "evclaims"
# Datasette settings for `evclaims serve`: user SQL has a time limit, facets are asked for (not guessed
# on every page of a million claims), and nothing is written.
SETTINGS = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 300,
    "suggest_facets": False,
    "default_page_size": 50,
    "allow_download": False,
}

_FACETS = FACETS
_LABELS = {
    "claims": "sentence",
    "articles": "title",
    "entities": "name",
    "recon_groups": "reason",
    "paragraphs": "text",
}
# Default orders that an index answers on a million claims (sorting the claims table would not).
_SORT_DESC = {"articles": "published", "entities": "n_claims"}
_HIDDEN = {"evclaims_meta", "paragraphs", "facet_counts"}

# Rows a page of a canned query shows (`page` = 2, 3, ... for the next ones). Datasette renders each
# cell of a query page in Python: 1,000 rows of claims took ~230 ms to render on the 1M-claim benchmark,
# 100 take ~25 ms. Every row comes as CSV from /export/<query>.csv (pipeline/web/export.py).
PAGE_ROWS = 100

_ABOUT = {
    "entity_claims": (
        "What did sources claim for an entity's metric in a year?",
        "Claims whose period overlaps the year (claims without a period count by "
        "publication date). Leave year empty for all years. Example: aito, sales_volume, 2025.",
    ),
    "family_claims": (
        "Claims about a company with its brands and models",
        "Every claim about the entity or anything under it in the registry "
        "(seres: Seres, AITO, the AITO M9). Leave metric empty for all metrics.",
    ),
    "conflicting_claims": (
        "Where do sources conflict?",
        "Every claim of a group whose verdict says the sources cannot all be right. Leave subject empty for all.",
    ),
    "single_source_claims": (
        "Which claims does only one source make?",
        "Claims judged in a group with verdict single_source. Leave subject empty for all.",
    ),
}


def canned_queries(page_rows: int = PAGE_ROWS) -> dict[str, dict]:
    """The canned queries, each showing `page_rows` rows a page (its `page` parameter; blank is 1)."""
    paged = f" {page_rows} rows a page (page: 2, 3, ... for the next); every row as CSV from the link above the form."
    return {
        name: {"title": title, "description": about + paged, "sql": paged_sql(name, page_rows)}
        for name, (title, about) in _ABOUT.items()
    }


QUERIES = canned_queries()


def export_sql(name: str) -> str | None:
    """The canned query `name` without its page limit (every row), or None when there is no such query."""
    return CANNED_SQL.get(name)


def metadata(mirror: str | Path) -> dict:
    """Datasette metadata for the mirror file: the database as `evclaims`, every table described."""
    columns = tables_and_columns(mirror)
    tables = {}
    for name in columns:
        table: dict = {
            "description": MIRROR_TABLE_DOCS.get(name, ""),
            "columns": {c: d for c in columns[name] if (d := mirror_column_doc(name, c))},
        }
        if name in _FACETS:  # counted over the whole table at publish: see pipeline/web/facets.py
            table["facets"] = [f for f in _FACETS[name] if f in columns[name]]
        if name in _LABELS:
            table["label_column"] = _LABELS[name]
        if name in _SORT_DESC:
            table["sort_desc"] = _SORT_DESC[name]
        if name in _HIDDEN:
            table["hidden"] = True
        tables[name] = table
    return {
        "title": "evclaims",
        "description": "Claims about electric-vehicle makers read from the news, reconciled across sources. "
        "A read-only snapshot: entity, conflict and claim pages start at /.",
        "databases": {DATABASE: {"tables": tables, "queries": QUERIES}},
    }
