"""The pages Datasette's tables do not give: front page, entity, conflict (any group), claim, search.

Each view reads the evclaims mirror (the attached database holding `evclaims_meta`), builds its
context with pipeline/web/present.py and renders a template of pipeline/web/templates. Pages answer
GET and HEAD only; every one carries a Content-Security-Policy that allows no script and nothing
from another origin, and every string from the web is escaped by Jinja's autoescape.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from urllib.parse import quote, unquote, urlencode

from datasette.utils import escape_fts
from datasette.utils.asgi import Response
from markupsafe import Markup

from pipeline.report import INNER_KINDS, report_claim, safe_url
from pipeline.web import present
from pipeline.web.export import export
from store import mirror_queries as q
from store.mirror import META_TABLE

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
FIGURES_PER_METRIC = 15
SHOWN_CHILDREN = 12
MAX_SECTIONS = 12  # metric sections of an entity page; the others are listed with their counts
_databases: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def link(kind: str, key: str | None, **params) -> str:
    """Path of one of our pages (entity, conflict, claim, search), the key quoted as one path segment."""
    path = f"/{kind}" if key is None else f"/{kind}/{quote(str(key), safe='')}"
    return path + (f"?{urlencode(params)}" if params else "")


async def evclaims_database(datasette):
    """The attached database that is an evclaims mirror (None when there is none)."""
    name = _databases.get(datasette)
    if name in datasette.databases:
        return datasette.databases[name]
    for name, db in datasette.databases.items():
        if not name.startswith("_") and META_TABLE in await db.table_names():
            _databases[datasette] = name
            return db
    return None


async def _render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    db = context.get("db")
    context = {
        "link": lambda kind, key=None, **params: datasette.urls.path(link(kind, key, **params)),
        "safe_url": safe_url,
        "verdict_words": present.verdict_words,
        "period_reading": present.period_reading,
        "db_name": db.name if db is not None else None,
        "verdicts_of": {},
        **context,
    }
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status, headers=SECURITY_HEADERS)


def _page(view):
    """A route of ours: GET and HEAD only (405 else), the evclaims database found (404 else), then
    `view(datasette, request, db, meta)`. Datasette calls routes with the arguments they name."""

    async def route(datasette, request) -> Response:
        if request.method not in ("GET", "HEAD"):
            headers = {"Allow": "GET, HEAD", **SECURITY_HEADERS}
            return Response.text("evclaims serve is read-only\n", status=405, headers=headers)
        db = await evclaims_database(datasette)
        if db is None:
            context = {"title": "No evclaims data", "message": "No attached database is an evclaims mirror."}
            return await _render(datasette, request, "evclaims_missing.html", context, 404)
        return await view(datasette, request, db, await q.meta(db))

    route.__name__ = view.__name__
    return route


async def _missing(datasette, request, db, meta, what: str) -> Response:
    return await _render(
        datasette,
        request,
        "evclaims_missing.html",
        {"db": db, "meta": meta, "title": "Not found", "message": what},
        404,
    )


async def front(datasette, request, db, meta) -> Response:
    context = {
        "db": db,
        "meta": meta,
        "entities": await q.top_entities(db),
        "conflicts": await q.newest_open_groups(db, 10),
        "verdicts": meta.get("verdicts") or await q.verdict_counts(db),
        "queries": await datasette.get_canned_queries(db.name, request.actor),
    }
    return await _render(datasette, request, "evclaims_front.html", context)


async def entity(datasette, request, db, meta) -> Response:
    slug = unquote(request.url_vars["slug"])
    ent = await q.entity(db, slug)
    if ent is None:
        return await _missing(datasette, request, db, meta, f"No entity and no claims for “{slug}”.")
    parent = await q.entity(db, ent["parent_id"]) if ent.get("parent_id") else None
    family = await q.children(db, slug)
    kids = [k for k in family if k["n_claims"]][:SHOWN_CHILDREN]
    quiet = [k for k in family if k not in kids]  # registry children nobody has claimed anything about
    counts = await q.metric_counts(db, slug)
    metrics = sorted(counts, key=lambda m: (-counts[m], m))
    relatives = ([parent] if parent else []) + kids
    latest = await q.latest_figures(db, [r["entity_id"] for r in relatives], metrics[:2])
    figures_of: dict[str, list] = defaultdict(list)
    for f in present.figure_rows(latest):
        figures_of[f.subject].append(f)
    drawn = await q.chart_rows(db, slug, metrics[: present.MAX_CHARTS])
    charts = {c.metric: c for c in present.entity_charts(drawn, ent["name"] or slug)}
    recent = await q.recent_claims(db, slug, metrics[:MAX_SECTIONS])
    by_metric: dict[str, list] = defaultdict(list)
    for f in present.figure_rows(recent):
        by_metric[f.metric].append(f)
    sections = [
        {
            "metric": m,
            "n": counts[m],
            "chart": charts.get(m),
            "svg": Markup(charts[m].svg) if m in charts else None,  # timeline_svg escapes every label
            "figures": by_metric.get(m, [])[:FIGURES_PER_METRIC],
        }
        for m in metrics[:MAX_SECTIONS]
    ]
    context = {
        "db": db,
        "meta": meta,
        "entity": ent,
        "aliases": present.json_list(ent.get("aliases")),
        "parent": parent,
        "children": kids,
        "quiet_children": quiet,
        "figures_of": figures_of,
        "sections": sections,
        "more_metrics": [(m, counts[m]) for m in metrics[MAX_SECTIONS:]],
        "conflicts": await q.newest_open_groups(db, 20, subject=slug),
        "verdicts_of": _verdicts(recent + latest),
    }
    return await _render(datasette, request, "evclaims_entity.html", context)


async def group(datasette, request, db, meta) -> Response:
    gid = unquote(request.url_vars["group_id"])
    g = await q.group(db, gid)
    if g is None:
        return await _missing(datasette, request, db, meta, f"No reconciliation group “{gid}”.")
    related = await q.groups(db, present.json_list(g.get("related_group_ids")))
    sides = [r for r in related if r.get("kind") in INNER_KINDS]  # its camps, shown inside it
    rows = await q.members(db, [gid] + [s["group_id"] for s in sides])
    own = [r for r in rows if r["group_id"] == gid]
    side_ids = [(s, {r["claim_id"] for r in rows if r["group_id"] == s["group_id"]}) for s in sides]
    members = [r for r in own if (r.get("role") or "member") == "member"]
    subjects = sorted({r["subject"] for r in own if r.get("subject")})
    terms = {
        r["claim_id"]: r["term"] for r in own if r.get("term")
    }  # part, whole, ... of an arithmetic finding
    camps = present.camps(own, side_ids)
    context = {
        "db": db,
        "meta": meta,
        "group": g,
        "title": _group_title(g, own),
        "camps": camps,
        "camps_heading": "The figures of the arithmetic, side by side"
        if terms
        else ("The camps, side by side" if len(camps) > 1 else "The claims"),
        "related_rows": present.figure_rows([r for r in own if (r.get("role") or "member") != "member"]),
        "linked": [r for r in related if r.get("kind") not in INNER_KINDS],
        "camp_relations": await q.camp_relations(db, gid),
        "exchange_rates": present.json_list(g.get("exchange_rates")),
        "terms": terms,
        "subjects": subjects,
        "member_columns": [
            c for c in await q.columns(db, "group_members") if c not in ("group_id", "claim_id")
        ],
        "claimreview": Markup(present.claimreview(g, present.figure_rows(members), request.path)),
    }
    return await _render(datasette, request, "evclaims_group.html", context)


def _group_title(g: dict, rows: list[dict]) -> str:
    names = dict.fromkeys(r.get("subject_name") or r.get("subject") for r in rows if r.get("subject"))
    who = " / ".join(n for n in names if n) or g.get("subject_name") or g.get("subject") or "?"
    what = (g.get("metric") or "").replace("_", " ")
    scope = ", ".join(str(g[k]) for k in ("segment", "basis", "geography") if g.get(k))
    span = f", {g.get('period_start') or '…'} to {g.get('period_end') or '…'}" if g.get("period_end") else ""
    return f"{who}: {what}{span}" + (f" ({scope})" if scope else "")


async def claim(datasette, request, db, meta) -> Response:
    cid = unquote(request.url_vars["claim_id"])
    c = await q.claim(db, cid)
    if c is None:
        return await _missing(datasette, request, db, meta, f"No claim “{cid}”.")
    art = await q.article(db, c["article_id"]) or {}
    cluster = await q.cluster_articles(db, c["cluster_id"]) if c.get("cluster_id") else []
    rows = await q.cluster_claims(db, [a["article_id"] for a in cluster] or [c["article_id"]])
    figures = present.figure_rows(rows)
    figure = next((f for f in figures if cid in f.claim_ids), None)
    in_article = {r["claim_id"] for r in rows if r["article_id"] == c["article_id"]}
    context = {
        "db": db,
        "meta": meta,
        "claim": c,
        "row": report_claim(c),
        "figure": figure,
        "article": art,
        "evidence": present.highlight(await q.paragraph(db, c.get("paragraph_id")), c),
        "cluster": cluster,
        "groups": await q.claim_groups(db, cid),
        "others": [f for f in figures if f is not figure and in_article & set(f.claim_ids)],
        "fields": {k: v for k, v in c.items() if v is not None},
        "verdicts_of": _verdicts(rows),
    }
    return await _render(datasette, request, "evclaims_claim.html", context)


async def search(datasette, request, db, meta) -> Response:
    text = (request.args.get("q") or "").strip()[:200]
    found = await q.find_entities(db, text) if text else []
    fts = escape_fts(text) if text else ""
    rows = await q.search_claims(db, fts) if fts else []
    claims = present.figure_rows(rows)
    context = {
        "db": db,
        "meta": meta,
        "q": text,
        "entities": found,
        "claims": claims,
        "table_search": f"{datasette.urls.table(db.name, 'claims')}?{urlencode({'_search': text})}",
        "verdicts_of": _verdicts(rows),
    }
    return await _render(datasette, request, "evclaims_search.html", context)


def _verdicts(rows: list[dict]) -> dict[str, dict]:
    """claim_id → its own group and verdict, for the verdict column of figure tables."""
    return {r["claim_id"]: r for r in rows if r.get("group_id") and r.get("verdict")}


ROUTES = [
    (r"^/$", _page(front)),
    (r"^/entity/(?P<slug>[^/]+)$", _page(entity)),
    (r"^/(?:conflict|group)/(?P<group_id>[^/]+)$", _page(group)),
    (r"^/claim/(?P<claim_id>[^/]+)$", _page(claim)),
    (r"^/search$", _page(search)),
    (r"^/export/(?P<name>[A-Za-z_]+)\.csv$", export),
]
