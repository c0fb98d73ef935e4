"""Datasette's `?_search=` filter, in place of its own, for searches that match much of a table.

Datasette writes a search as `rowid in (select rowid from claims_fts where claims_fts match ...)`:
SQLite lists every match before reading a row, so a page of a word found in every sentence of a
million claims lists a million rowids and sorts a million claims to show 50. This filter asks the
full-text index first how many rows match, reading at most BROAD_MATCHES + 1 of them (a few ms).
Up to that, the clause is Datasette's own. Above it, the search is tested row by row
(store/mirror_tables.py `broad_clause`): the page walks the table in its order and stops after its
rows, and its count and facets read the first matches (large.py). The rows shown, their order, the
`_search_<column>=` and `_searchmode=raw` forms and the page's words are Datasette's.

`evclaims serve` registers this module in place of `datasette.filters`, whose other filters
(`?_where=`, `?_through=`) it registers as they are.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.filters import FilterArguments, through_filters, where_filters
from datasette.utils import escape_sqlite
from datasette.utils.asgi import BadRequest

from pipeline.web import large
from store import mirror_tables

__all__ = ["search_filters", "through_filters", "where_filters"]
ESTIMATE_MS = 50  # counting the first BROAD_MATCHES + 1 matches of an index takes a few ms


async def matches_more_than(db, fts: str, match: str, params: dict, n: int) -> bool:
    """Whether the full-text index has more than n rows matching (False when it cannot tell quickly,
    or the search is not valid: Datasette's own clause then runs and reports it)."""
    try:
        return await mirror_tables.matches_more_than(db, fts, match, params, n, ESTIMATE_MS)
    except (QueryInterrupted, sqlite3.Error):
        return False


@hookimpl(specname="filters_from_request")
def search_filters(request, database, table, datasette):
    """?_search= and ?_search_<column>= as Datasette reads them (datasette/filters.py), with a
    broad search tested row by row."""

    async def inner():
        where_clauses = []
        params = {}
        human_descriptions = []
        extra_context = {}
        table_metadata = datasette.table_metadata(database, table)
        db = datasette.get_database(database)
        fts_table = request.args.get("_fts_table")
        fts_table = fts_table or table_metadata.get("fts_table")
        fts_table = fts_table or await db.fts_table(table)
        fts_pk = request.args.get("_fts_pk", table_metadata.get("fts_pk", "rowid"))
        search_args = {
            key: request.args[key]
            for key in request.args
            if key.startswith("_search") and key != "_searchmode"
        }
        search_mode_raw = table_metadata.get("searchmode") == "raw"
        qs_searchmode = request.args.get("_searchmode")
        if qs_searchmode == "escaped":
            search_mode_raw = False
        if qs_searchmode == "raw":
            search_mode_raw = True
        extra_context["supports_search"] = bool(fts_table)
        if not (fts_table and search_args):
            return FilterArguments(where_clauses, params, human_descriptions, extra_context)
        fts = escape_sqlite(fts_table)

        async def clause(column: str | None, param: str) -> str:
            target = fts if column is None else escape_sqlite(column)
            match = mirror_tables.search_match(target, param, search_mode_raw)
            pk = escape_sqlite(fts_pk) if column is None else "rowid"  # as Datasette writes them
            if await matches_more_than(db, fts, match, {param: params[param]}, large.BROAD_MATCHES):
                return mirror_tables.broad_clause(fts, match, escape_sqlite(table), pk)
            return mirror_tables.search_clause(fts, match, pk)

        if "_search" in search_args:
            search = search_args["_search"]
            params["search"] = search
            where_clauses.append(await clause(None, "search"))
            human_descriptions.append(f'search matches "{search}"')
            extra_context["search"] = search
        else:
            for i, (key, search_text) in enumerate(search_args.items()):
                search_col = key.split("_search_", 1)[1]
                if search_col not in await db.table_columns(fts_table):
                    raise BadRequest("Cannot search by that column")
                params[f"search_{i}"] = search_text
                where_clauses.append(await clause(search_col, f"search_{i}"))
                human_descriptions.append(f'search column "{search_col}" matches "{search_text}"')
                extra_context["search"] = search_text
        return FilterArguments(where_clauses, params, human_descriptions, extra_context)

    return inner
