"""`evclaims serve` through Datasette's own test client (HTTPX over ASGI, no socket): every page of the
plugin, Datasette's tables with facets, search and exports over the mirror, escaping of hostile text
from the web, and that no URL can write."""

from __future__ import annotations

import asyncio
import hashlib
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
