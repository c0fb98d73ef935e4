"""`evclaims serve` through Datasette's own test client (HTTPX over ASGI, no socket): every page of the
plugin, Datasette's tables with facets, search and exports over the mirror, escaping of hostile text
from the web, and that no URL can write."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import re
from dataclasses import asdict
from html.parser import HTMLParser
from types import SimpleNamespace

import duckdb
import pytest
from test_report import EVIL, build_store

import store
from extractors.registry import load_registry
from pipeline.web.server import check_mirror, make_datasette, mirror_for
from store.mirror import write_mirror


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    st = build_store(tmp / "w.duckdb")
    try:
        st.load_entities(asdict(e) for e in load_registry())
        published = store.publish(st)
    finally:
        st.close()
    ds = make_datasette(published.mirror)
    loop = asyncio.new_event_loop()

    def call(method: str, path: str, **kw):
        return loop.run_until_complete(getattr(ds.client, method)(path, **kw))

    snap = store.connect(published.database, read_only=True)
    ids = {
        "conflict": snap.query_df("select group_id from recon_groups where verdict = 'conflict'")["group_id"][
            0
        ],
        "agree": snap.query_df("select group_id from recon_groups where verdict = 'agree'")["group_id"][0],
    }
    snap.close()
    yield SimpleNamespace(
        ds=ds,
        get=lambda path, **kw: call("get", path, **kw),
        call=call,
        mirror=published.mirror,
        ids=ids,
        db=tmp,
    )
    loop.close()


class Links(HTMLParser):
    """Every href and src of a page, and the tags it has."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.urls += [v or "" for k, v in attrs if k in ("href", "src", "action")]
        if tag == "script":
            self.scripts.append(dict(attrs).get("type") or "")


def parse(html: str) -> Links:
    p = Links()
    p.feed(html)
    return p


def test_web_mirror_is_found_for_the_database_and_checked(web):
    assert mirror_for(web.db / "w.duckdb") == web.mirror
    assert mirror_for(web.mirror) == web.mirror
    assert json.loads(check_mirror(web.mirror)["claims"]) == 9


def test_web_front_page_lists_newest_conflicts_entities_and_a_search_box(web):
    r = web.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "Newest conflicts" in html and f'href="/conflict/{web.ids["conflict"]}"' in html
    assert 'href="/entity/nio"' in html and 'href="/entity/aito"' in html
    assert '<form class="search" action="/search"' in html
    assert 'href="/evclaims/entity_claims"' in html  # the README questions as canned queries


def test_web_entity_page_shows_charts_family_and_open_conflicts(web):
    html = web.get("/entity/nio").text
    assert "<h1>NIO</h1>" in html
    assert html.count("<svg") == 1 and "NIO: deliveries" in html  # one metric: one chart
    assert f'href="/conflict/{web.ids["conflict"]}"' in html  # its open conflict
    assert "221,970 vehicles" in html and "Three" in html  # the syndicated copy's outlet on the figure row
    seres = web.get("/entity/seres").text
    assert "Parent and children" in seres and 'href="/entity/aito"' in seres
    assert "151,000 vehicles" in seres  # the child's latest figure
    aito = web.get("/entity/aito").text
    assert 'part of <a href="/entity/seres">Seres</a>' in aito


def test_web_conflict_page_shows_camps_reason_and_claimreview(web):
    html = web.get(f"/conflict/{web.ids['conflict']}").text
    assert "The camps, side by side" in html
    camps = re.findall(r'<section class="camp">\s*<h3>([^<]+)</h3>', html)
    assert len(camps) == 2 and {c.split(": ")[1] for c in camps} == {"62,689 vehicles", "72,689 vehicles"}
    assert [c.split(":")[0] for c in camps] == ["camp 1", "camp 2"]  # as the reconciler numbers them
    assert "The sources cannot all be right" in html and "Why:" in html
    assert "Period: 2024-10-01 to 2024-12-31 (no words for it), against publication on 2025-03-21" in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    reviews = json.loads(ld)
    assert {r["reviewRating"]["alternateName"] for r in reviews} == {"Conflicting"}
    assert web.get(f"/group/{web.ids['agree']}").status_code == 200  # any group has the page


def test_web_claim_page_highlights_evidence_and_gives_provenance(web):
    snap = store.connect(web.db / "w.snapshot.duckdb", read_only=True)
    cid = snap.query_df("select claim_id from claims where value_low = 221970 and article_id = 'n3'")[
        "claim_id"
    ][0]
    snap.close()
    html = web.get(f"/claim/{cid}").text
    assert "<mark>NIO delivered 221,970 vehicles in 2024.</mark>" in html
    assert "https://three.example/nio" in html and "near-duplicate cluster" in html
    assert "2 articles, one independent source" in html  # n2 and its copy n3
    assert "test-1" in html  # the extractor version
    assert 'href="/conflict/' in html  # its group


def test_web_search_finds_entities_and_sentences(web):
    html = web.get("/search?q=nio").text
    assert 'href="/entity/nio"' in html and "NIO delivered 72,689 vehicles" in html
    assert web.get('/search?q="unbalanced').status_code == 200  # FTS syntax is escaped, never an error


def test_web_unknown_keys_answer_404_with_the_key_escaped(web):
    for path in ("/entity/nope", "/conflict/nope", "/claim/nope"):
        r = web.get(path)
        assert r.status_code == 404 and "nope" in r.text
    r = web.get("/entity/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert r.status_code == 404 and "<script>alert(1)" not in r.text and "&lt;script&gt;alert(1)" in r.text


def test_web_pages_escape_markup_from_the_web(web):
    conflict = web.ids["conflict"]
    pages = ["/", "/entity/nio", f"/conflict/{conflict}", "/search?q=delivered", "/evclaims/claims",
             "/evclaims/articles", "/evclaims/conflicts"]  # fmt: skip
    snap = store.connect(web.db / "w.snapshot.duckdb", read_only=True)
    evil_claim = snap.query_df("select claim_id from claims where article_id = 'n1' and value_low = 72689")
    snap.close()
    pages.append(f"/claim/{evil_claim['claim_id'][0]}")
    for path in pages:
        r = web.get(path)
        assert r.status_code == 200, path
        assert EVIL not in r.text and "<b>Daily</b>" not in r.text, path
        links = parse(r.text)
        assert not any(u.strip().lower().startswith("javascript:") for u in links.urls), path
        assert "img" not in links.tags, path
    claim = web.get(f"/claim/{evil_claim['claim_id'][0]}").text
    assert "&lt;script&gt;document.title=&#34;PWNED&#34;&lt;/script&gt;" in claim
    assert "Two &lt;b&gt;Daily&lt;/b&gt;" in web.get(f"/conflict/{conflict}").text


def test_web_plugin_pages_carry_a_policy_without_scripts_or_other_origins(web):
    for path in ("/", "/entity/nio", f"/conflict/{web.ids['conflict']}", "/search?q=nio"):
        r = web.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp
        links = parse(r.text)
        assert set(links.scripts) <= {"application/ld+json"}  # data, never code
        assert all(u.startswith(("/", "#", "https://three.", "https://one.", "https://four.", "https://datasette.io"))
                   for u in links.urls if u), [u for u in links.urls if u.startswith("http")]  # fmt: skip


def test_web_tables_have_facets_search_descriptions_and_exports(web):
    html = web.get("/evclaims/claims").text
    for facet in ("subject", "metric", "verdict", "outlet", "period"):
        assert f'data-column="{facet}"' in html, facet
    rows = web.get("/evclaims/claims.json?_search=delivered&_shape=array").json()
    assert {r["subject"] for r in rows} == {"nio"} and len(rows) == 6
    csv = web.get("/evclaims/claims.csv?subject=aito").text
    assert csv.splitlines()[0].startswith("claim_id,subject,subject_name,metric") and "151000" in csv
    meta = web.get("/-/metadata.json").json()["databases"]["evclaims"]["tables"]
    assert meta["claims"]["columns"]["period"].startswith("the period as a label")
    assert meta["claims"]["columns"]["sentence"] == "the evidence sentence the claim came from"
    periods = {r["period"] for r in web.get("/evclaims/claims.json?_shape=array&_col=period").json()}
    assert {"2024", "2024-Q4", "2025-Q1", "2024-06-10 to 2025-06-10", None} <= periods


def test_web_canned_queries_answer_the_readme_questions(web):
    def rows(name, **params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return web.get(f"/evclaims/{name}.json?_shape=array&{query}").json()

    aito = rows("entity_claims", subject="aito", metric="sales_volume", year="2025")
    assert [r["value_low"] for r in aito if r["value_low"]] == [151000]  # and the comparison with BMW
    family = rows("family_claims", subject="seres", metric="sales_volume")
    assert {r["subject"] for r in family} == {"seres", "aito"}
    assert {r["subject"] for r in rows("conflicting_claims", subject="")} == {"nio"}
    assert rows("single_source_claims", subject="seres")


def test_web_cells_link_to_entity_conflict_and_claim_pages(web):
    html = web.get("/evclaims/conflicts").text
    assert 'href="/entity/nio"' in html and f'href="/conflict/{web.ids["conflict"]}"' in html


def test_web_no_url_writes_the_mirror(web):
    before = hashlib.sha256(web.mirror.read_bytes()).hexdigest()
    assert web.ds.databases["evclaims"].is_mutable is False
    writes = [
        "delete from claims",
        "update claims set value_low = 1",
        "insert into claims (claim_id) values ('x')",
        "drop table claims",
        "attach database 'x.db' as x",
        "pragma writable_schema = on",
        "create table t (x)",
    ]
    for sql in writes:
        r = web.get("/evclaims.json", params={"sql": sql})
        assert r.status_code == 400, sql
    for method in ("post", "put", "patch", "delete"):
        for path in ("/", "/entity/nio", f"/conflict/{web.ids['conflict']}", "/evclaims/claims", "/evclaims"):
            r = web.call(method, path)
            assert r.status_code in (403, 405), (method, path, r.status_code)
    assert web.get("/evclaims.db").status_code == 403  # no download of the file either
    assert web.get("/evclaims/claims.json?_shape=array&_size=1000").json()
    assert len(web.get("/evclaims/claims.json?_shape=array").json()) == 9
    assert hashlib.sha256(web.mirror.read_bytes()).hexdigest() == before


def test_web_conflict_page_reads_camps_the_store_records(web, tmp_path):
    """The page shows the camps the reconciler records (group_members.camp), whatever their values."""
    copy = tmp_path / "camps.duckdb"
    copy.write_bytes((web.db / "w.snapshot.duckdb").read_bytes())
    con = duckdb.connect(str(copy))
    try:
        con.execute("UPDATE group_members SET camp = 1")  # one camp, whatever the values
        mirror = write_mirror(con, tmp_path / "camps.sqlite").path
    finally:
        con.close()
    ds = make_datasette(mirror)
    html = asyncio.run(ds.client.get(f"/conflict/{web.ids['conflict']}")).text
    camps = re.findall(r'<section class="camp">\s*<h3>([^<]+)</h3>', html)
    assert camps in (
        ["camp 1: 72,689 vehicles / 62,689 vehicles"],
        ["camp 1: 62,689 vehicles / 72,689 vehicles"],
    )
    assert "camp" in re.search(r"Members</a>\s*\(([^)]*)\)", html).group(1)


# -- large views (pipeline/web/large.py): thresholds lowered so the 9-claim mirror crosses them ----------
def _json(ds, path: str) -> dict:
    """A table view's JSON with rows as objects (and its count, facets, SQL and next link)."""
    r = asyncio.run(ds.client.get(path + ("" if "_shape=" in path else "&_shape=objects")))
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    return r.json()


def _ids(ds, path: str) -> list[str]:
    """claim_ids of every page of a table view, following Datasette's next links."""
    ids, url = [], path
    while url:
        data = _json(ds, url)
        ids += [r["claim_id"] for r in data["rows"]]
        url = data["next_url"] and data["next_url"].replace("http://localhost", "")
    return ids


def test_web_broad_search_lists_the_same_rows_with_a_bounded_count_and_a_facet_sample(web, monkeypatch):
    from pipeline.web import large

    plain = make_datasette(web.mirror)
    everything = _ids(plain, "/evclaims/claims.json?_search=delivered&_col=claim_id&_size=2")
    of_nio = _ids(plain, "/evclaims/claims.json?_search=delivered&subject=nio&_col=claim_id")
    exact = _json(plain, "/evclaims/claims.json?_search=delivered")
    assert len(everything) == 6 and exact["filtered_table_rows_count"] == 6
    assert "exists (" not in exact["query"]["sql"]  # a narrow search: Datasette's own clause
    assert all("sample" not in f for f in exact["facet_results"].values())

    monkeypatch.setattr(large, "BROAD_MATCHES", 2)
    monkeypatch.setattr(large, "COUNT_LIMIT", 3)
    monkeypatch.setattr(large, "FACET_ROWS", 3)
    monkeypatch.setattr(large, "SAMPLE_ROWS", 4)
    ds = make_datasette(web.mirror)
    broad = _json(ds, "/evclaims/claims.json?_search=delivered")
    assert broad["query"]["sql"].count("exists (select 1 from claims_fts") == 1  # tested row by row
    assert _ids(ds, "/evclaims/claims.json?_search=delivered&_col=claim_id&_size=2") == everything
    assert _ids(ds, "/evclaims/claims.json?_search=delivered&subject=nio&_col=claim_id") == of_nio
    assert broad["filtered_table_rows_count"] == 4  # more than COUNT_LIMIT
    facets = broad["facet_results"]
    assert set(facets) == {"subject", "metric", "verdict", "outlet", "period"}
    for facet in facets.values():
        assert facet["sample"] == 4 and sum(v["count"] for v in facet["results"]) <= 4
    html = asyncio.run(ds.client.get("/evclaims/claims?_search=delivered")).text
    assert "<h3>&gt;3 rows" in html and "<title>evclaims: claims: &gt;3 rows where search" in html
    assert "Facet counts below are from a sample of at most 4 matching rows" in html
    assert 'data-column="subject"' in html  # Datasette's facets under the note
    # the same searches by column, and in raw FTS5 syntax
    by_column = _json(ds, "/evclaims/claims.json?_search_sentence=delivered&_col=claim_id&_size=10")
    assert "exists (" in by_column["query"]["sql"] and len(by_column["rows"]) == 6
    raw = _json(ds, "/evclaims/claims.json?_search=deliver*&_searchmode=raw&_col=claim_id&_size=10")
    assert {r["claim_id"] for r in raw["rows"]} >= set(everything)


def test_web_filtered_count_stops_at_the_limit_when_an_exact_count_is_slow(web, monkeypatch):
    from pipeline.web import large

    # about 6,500 joined rows per claim: far more than a 1 ms budget for nine claims, a few ms for three
    slow = (
        "_where=(select count(*) from claims a, claims b, claims c, claims d "
        "where a.rowid %2B b.rowid %2B c.rowid %2B d.rowid > claims.rowid) > 0"
    )
    monkeypatch.setattr(large, "COUNT_LIMIT", 2)
    ds = make_datasette(web.mirror)  # a quick count is exact, whatever the limit
    assert _json(ds, "/evclaims/claims.json?subject=nio")["filtered_table_rows_count"] == 6
    assert _json(ds, "/evclaims/claims.json?")["filtered_table_rows_count"] == 9
    monkeypatch.setattr(large, "COUNT_MS", 1)
    ds = make_datasette(web.mirror)
    data = _json(ds, f"/evclaims/claims.json?{slow}&_col=claim_id")
    assert data["filtered_table_rows_count"] == 3 and len(data["rows"]) == 9  # ">2", every row listed
    assert "<h3>&gt;2 rows" in asyncio.run(ds.client.get(f"/evclaims/claims?{slow}")).text
    monkeypatch.setattr(large, "CAPPED_MS", 1)  # too slow even to count to the limit: no count
    ds = make_datasette(web.mirror)
    data = _json(ds, f"/evclaims/claims.json?{slow}&_col=claim_id")
    assert data["filtered_table_rows_count"] is None and len(data["rows"]) == 9


def test_web_canned_queries_show_pages_and_export_every_row_as_csv(web, monkeypatch):
    from pipeline.web import metadata

    assert "limit 100 offset" in metadata.QUERIES["entity_claims"]["sql"]
    monkeypatch.setattr(metadata, "PAGE_ROWS", 1)
    monkeypatch.setattr(metadata, "QUERIES", metadata.canned_queries(page_rows=1))
    ds = make_datasette(web.mirror)
    get = lambda path: asyncio.run(ds.client.get(path))  # noqa: E731

    def exported(name: str, query: str) -> list[str]:
        r = get(f"/export/{name}.csv?{query}")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        return [row["claim_id"] for row in csv.DictReader(io.StringIO(r.text))]

    def paged(name: str, query: str) -> list[str]:
        ids, page = [], 1
        while rows := get(f"/evclaims/{name}.json?_shape=array&{query}&page={page}").json():
            assert len(rows) == 1
            ids, page = ids + [r["claim_id"] for r in rows], page + 1
        return ids

    assert get("/export/conflicting_claims.csv?subject=").text.startswith("group_id,verdict,subject,metric")
    for name, query in (
        ("conflicting_claims", "subject="),
        ("entity_claims", "subject=aito&metric=sales_volume&year=2025"),
        ("family_claims", "subject=seres&metric="),
    ):
        every = exported(name, query)
        assert len(every) > 1 and paged(name, query) == every, name  # the pages, in order, are the export
    assert "151000" in get("/export/entity_claims.csv?subject=aito&metric=sales_volume&year=2025").text
    first = get("/evclaims/conflicting_claims?subject=").text
    assert "Page 1 (1 rows a page: rows 1–1)" in first
    assert 'href="/evclaims/conflicting_claims?page=2" rel="next"' in first  # a blank parameter is blank
    assert 'href="/export/conflicting_claims.csv?subject=" class="evclaims-export"' in first
    assert "Previous page" not in first
    second = get("/evclaims/conflicting_claims?subject=&page=2").text
    assert 'href="/evclaims/conflicting_claims?page=1" rel="prev"' in second
    assert get("/export/nothing.csv").status_code == 404
    assert get("/export/entity_claims.csv?subject=%3Cscript%3E").text.splitlines()[1:] == []
