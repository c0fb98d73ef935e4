"""The evclaims Datasette plugin: entity, conflict, claim, search and front pages over the SQLite mirror.

Datasette loads it through the `datasette` entry point (pyproject.toml); `evclaims serve` also
registers it when it is not (a checkout used without `pip install -e .`). Hooks:

  register_routes  the pages of pipeline/web/views.py (templates in pipeline/web/templates/)
  canned_queries   the README's analyst questions, for any attached evclaims mirror
  render_cell      entity, group and claim ids in the mirror's tables link to those pages
  menu_links       a link back to the front page
  extra_template_vars  a canned query's page links: previous and next page, every row as CSV
  asgi_wrapper     under `evclaims serve`, every method but GET, HEAD and OPTIONS answers 405

  export.py    every row of a canned query as CSV (/export/<query>.csv)
  facets.py    facets of whole tables from the mirror's counts, of large views from a sample
  filters.py   Datasette's ?_search= filter, testing a broad search row by row
  large.py     bounded counts of filtered views, sampling and broad searches on a million claims
  metadata.py  column descriptions, facets and settings for `evclaims serve`
  present.py   rows → figures, camps, charts and highlighted evidence (pure)
  server.py    `evclaims serve`: Datasette over the mirror, read-only, on 127.0.0.1

The SQL is in store/: each page's and the canned queries' in store/mirror_queries.py, that of
Datasette's table pages at scale (counts, searches, facets) in store/mirror_tables.py.
"""

from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

from store.mirror import META_TABLE

# Set on a Datasette instance by `evclaims serve` (pipeline/web/server.py): refuse every write method.
READ_ONLY_FLAG = "evclaims_read_only"
# Columns whose values are the keys of our pages, wherever they appear in the mirror.
_LINKED = {
    "subject": "entity",
    "object": "entity",
    "parent_id": "entity",
    "entity_id": "entity",
    "group_id": "conflict",
    "claim_id": "claim",
}


@hookimpl
def register_routes():
    from pipeline.web.views import ROUTES

    return ROUTES


@hookimpl
def canned_queries(datasette, database):
    async def queries():
        db = datasette.databases.get(database)
        if db is None or META_TABLE not in await db.table_names():
            return {}
        from pipeline.web.metadata import QUERIES

        return QUERIES

    return queries


@hookimpl
def render_cell(value, column, table, database, datasette):
    from pipeline.web.views import _databases, link

    if column not in _LINKED or not isinstance(value, str) or not value or table is None:
        return None
    if database != _databases.get(datasette) and database != "evclaims":
        return None
    return Markup(
        f'<a href="{escape(datasette.urls.path(link(_LINKED[column], value)))}">{escape(value)}</a>'
    )


@hookimpl
def asgi_wrapper(datasette):
    """A read-only server: no POST reaches Datasette at all (canned queries are read-only anyway)."""

    def wrap(app):
        async def read_only(scope, receive, send):
            if (
                scope["type"] == "http"
                and getattr(datasette, READ_ONLY_FLAG, False)
                and scope["method"] not in ("GET", "HEAD", "OPTIONS")
            ):
                from datasette.utils.asgi import Response

                response = Response.text(
                    "evclaims serve is read-only\n", status=405, headers={"Allow": "GET, HEAD"}
                )
                await response.asgi_send(send)
                return
            await app(scope, receive, send)

        return read_only

    return wrap


@hookimpl
def extra_template_vars(template, database, request, datasette):
    """For a canned query's page (templates/query-evclaims.html): its page number and the links to
    the previous and next page and to every row as CSV."""
    if template != "query-evclaims.html" or request is None:
        return {}
    from datasette.utils import path_with_replaced_args

    from pipeline.web.export import export_path
    from pipeline.web.metadata import PAGE_ROWS, QUERIES

    name = request.url_vars.get("table")
    if name not in QUERIES:
        return {}
    try:
        page = max(int(request.args.get("page") or 1), 1)
    except ValueError:
        page = 1
    pairs = [(k, v) for k in request.args for v in request.args.getlist(k)]
    return {
        "evclaims_pages": {
            "page": page,
            "rows": PAGE_ROWS,
            "previous": path_with_replaced_args(request, {"page": page - 1}) if page > 1 else None,
            "next": path_with_replaced_args(request, {"page": page + 1}),
            "export": datasette.urls.path(export_path(name, pairs)),
        }
    }


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/"), "label": "evclaims: entities and conflicts"}]
