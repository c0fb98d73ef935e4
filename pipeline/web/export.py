"""Every row of a canned query as CSV: `/export/<query>.csv?<its parameters>`.

A canned query's page shows metadata.PAGE_ROWS rows, and Datasette's own CSV of a query stops at
`max_returned_rows` (1,000); this runs the query without its page limit under the same SQL time
limit, and writes up to Datasette's `max_csv_mb` (store/mirror_queries.py `rows_as_csv`). Linked
from each canned query's page (templates/query-evclaims.html).
"""

from __future__ import annotations

import sqlite3

from datasette.utils import derive_named_parameters
from datasette.utils.asgi import Response

from pipeline.web.metadata import QUERIES, export_sql
from store.mirror_queries import rows_as_csv


def export_path(name: str, args: list[tuple[str, str]]) -> str:
    """Path of the export of canned query `name` for the query string pairs of its page (not `page`)."""
    from urllib.parse import urlencode

    kept = [(k, v) for k, v in args if k != "page" and not k.startswith("_")]
    return f"/export/{name}.csv" + (f"?{urlencode(kept)}" if kept else "")


async def export(datasette, request) -> Response:
    from pipeline.web.views import SECURITY_HEADERS, evclaims_database

    name = request.url_vars["name"]
    sql = export_sql(name)
    db = await evclaims_database(datasette)
    if sql is None or db is None or name not in QUERIES:
        return Response.text(f"No canned query {name!r} to export\n", status=404, headers=SECURITY_HEADERS)
    visible, _ = await datasette.check_visibility(
        request.actor,
        permissions=[("view-query", (db.name, name)), ("view-database", db.name), "view-instance"],
    )
    if not visible:
        return Response.text("Forbidden\n", status=403, headers=SECURITY_HEADERS)
    params = {p: request.args.get(p) or "" for p in await derive_named_parameters(db, sql)}
    max_bytes = (datasette.setting("max_csv_mb") or 0) * 1024 * 1024
    try:
        text, cut = await rows_as_csv(db, sql, params, datasette.setting("sql_time_limit_ms"), max_bytes)
    except sqlite3.OperationalError as e:
        return Response.text(
            f"Export of {name} stopped: {e} (limit {datasette.setting('sql_time_limit_ms')} ms)\n",
            status=400,
            headers=SECURITY_HEADERS,
        )
    if cut:
        text += f"CSV stopped at {datasette.setting('max_csv_mb')} MB (Datasette's max_csv_mb)\n"
    return Response(
        text,
        content_type="text/csv; charset=utf-8",
        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
