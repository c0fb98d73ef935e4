"""Reports from a real DuckDB store: content of each format, filters, and escaping of web text."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from helpers import claim

import store
from contract.errors import ConfigError
from extractors.registry import load_registry
from pipeline.reconcile import reconcile_store
from pipeline.report import collect, md_text, render_report, safe_url

EVIL = '<script>document.title="PWNED"</script><img src=x onerror="alert(1)">'


def _claim(cid, article, subject, metric, value, period, sentence, **extra):
    fields = {
        "claim_id": cid,
        "article_id": article,
        "subject": subject,
        "metric": metric,
        "sentence": sentence,
    }
    return claim(value, period=period, **(fields | {"confidence": 0.9} | extra))


def build_store(path):
    """The seeds' story (Aito 151,000 in twelve months, Seres more than 80,000 in Q1 2025), a
    conflict between two outlets, an agreement with a syndicated copy, and a hostile headline."""
    st = store.connect(path)
    st.load_articles(
        [
            {
                "article_id": "seed0",
                "url": "https://emerging.example/aito-surpasses-bmw",
                "sitename": "Emerging Auto",
                "title": "Aito Surpasses BMW & Mercedes in China",
                "published": dt.date(2025, 6, 10),
                "cluster_id": "seed0",
            },
            {
                "article_id": "seed3",
                "url": "https://luxury.example/seres-beats-bmw",
                "sitename": "Luxury Wire",
                "title": "Seres surpasses BMW",
                "published": dt.date(2025, 5, 2),
                "cluster_id": "seed3",
            },
            {
                "article_id": "n1",
                "url": "https://one.example/nio",
                "sitename": "One News",
                "title": EVIL,
                "published": dt.date(2025, 3, 21),
                "cluster_id": "n1",
            },
            {
                "article_id": "n2",
                "url": "javascript:alert(1)",
                "sitename": "Two <b>Daily</b>",
                "title": "NIO results",
                "published": dt.date(2025, 3, 22),
                "cluster_id": "n2",
            },
            {
                "article_id": "n3",
                "url": "https://three.example/nio",
                "sitename": "Three",
                "title": "NIO results (syndicated)",
                "published": dt.date(2025, 3, 22),
                "cluster_id": "n2",
            },
            {
                "article_id": "n4",
                "url": "https://four.example/nio",
                "sitename": "Four",
                "title": "NIO deliveries",
                "published": dt.date(2024, 1, 5),
                "cluster_id": "n4",
            },
        ]
    )
    y24, q4 = ("2024-01-01", "2024-12-31"), ("2024-10-01", "2024-12-31")
    claims = [
        _claim(
            "aito-151k",
            "seed0",
            "aito",
            "sales_volume",
            151000,
            ("2024-06-10", "2025-06-10"),
            "Aito’s ascent, with 151,000 vehicles sold in just twelve months, is emblematic.",
            period_text="twelve months",
        ),
        _claim(
            "seres-80k",
            "seed3",
            "seres",
            "sales_volume",
            80000,
            ("2025-01-01", "2025-03-31"),
            "The momentum has continued, with Seres posting more than 80,000 units sold in Q1 2025.",
            qualifier="more_than",
            period_text="Q1 2025",
        ),
        _claim(
            "aito-bmw",
            "seed0",
            "aito",
            "sales_volume",
            None,
            (None, None),
            "Aito has surpassed BMW and Mercedes-Benz in annual sales.",
            relation="greater_than",
            object="bmw",
        ),
        _claim("n1-q4", "n1", "nio", "deliveries", 72689, q4, f"NIO delivered 72,689 vehicles {EVIL}"),
        _claim("n2-q4", "n2", "nio", "deliveries", 62689, q4, "NIO delivered 62,689 vehicles in Q4."),
        _claim("n1-y", "n1", "nio", "deliveries", 221970, y24, "NIO delivered 221,970 vehicles in 2024."),
        _claim("n2-y", "n2", "nio", "deliveries", 221970, y24, "NIO delivered 221,970 vehicles in 2024."),
        _claim("n3-y", "n3", "nio", "deliveries", 221970, y24, "NIO delivered 221,970 vehicles in 2024."),
        _claim(
            "n4-23",
            "n4",
            "nio",
            "deliveries",
            160038,
            ("2023-01-01", "2023-12-31"),
            "NIO delivered 160,038 vehicles in 2023.",
        ),
    ]
    st.replace_claims(
        [{"article_id": a} for a in ("seed0", "seed3", "n1", "n2", "n3", "n4")], claims, "test-1"
    )
    reconcile_store(st, load_registry())
    return st


@pytest.fixture()
def report_store(tmp_path):
    st = build_store(tmp_path / "r.duckdb")
    yield st
    st.close()


def test_report_collect_summarises_claims_sources_and_conflicts(report_store):
    data = collect(report_store, registry=load_registry())
    assert data.summary["claims"] == 9
    assert data.summary["sources"] == 5  # n2 and n3 are one near-duplicate cluster
    assert data.summary["conflicts"] == 1 and data.summary["agreements"] == 1
    conflict = next(g for g in data.groups if g.verdict == "conflict")
    assert {c.outlet for c in conflict.claims} == {"One News", "Two <b>Daily</b>"}
    agree = next(g for g in data.groups if g.verdict == "agree")
    # n2 and its syndicated copy n3 state one figure: one row naming both outlets and both links
    assert agree.n_sources == 2 and len(agree.claims) == 2
    copies = next(c for c in agree.claims if len(c.claim_ids) == 2)
    assert sorted(copies.claim_ids) == ["n2-y", "n3-y"]
    assert copies.outlets == ["Two <b>Daily</b>", "Three"] or copies.outlets == ["Three", "Two <b>Daily</b>"]
    assert sorted(copies.urls) == ["https://three.example/nio", "javascript:alert(1)"]


def test_report_markdown_shows_seed_story_with_relation(report_store):
    md = render_report(report_store, "md", registry=load_registry())
    assert "aito is a brand of seres" in md
    assert "aito: 151,000 vehicles" in md and "seres: more than 80,000 vehicles" in md
    assert "## Conflicts" in md and "## Agreements" in md and "## Single\\-source claims" not in md
    assert "## Single-source claims" in md  # headings are ours, not escaped
    assert "72,689 vehicles" in md and "62,689 vehicles" in md
    assert "[source](https://one.example/nio)" in md
    assert "data:image/svg+xml;base64," in md


def test_report_markdown_escapes_web_text(report_store):
    md = render_report(report_store, "md", registry=load_registry())
    bare = re.findall(r"(?<!\\)<", re.sub(r'<a id="group-[0-9a-f]{16}"></a>', "", md))
    assert bare == [], "unescaped < in Markdown"
    assert r"\<script\>" in md and r"\<b\>Daily\</b\>" in md
    assert "javascript:" not in md


def test_report_html_escapes_web_text_and_links(report_store):
    page = render_report(report_store, "html", registry=load_registry())
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;document.title=&#34;PWNED&#34;&lt;/script&gt;" in page
    assert "Two &lt;b&gt;Daily&lt;/b&gt;" in page
    assert "javascript:" not in page
    assert 'href="https://one.example/nio"' in page
    assert "Content-Security-Policy" in page and "<svg" in page
    assert not re.search(
        r"""(src|href)=["']?(https?:)?//(?!one\.|three\.|four\.|emerging\.|luxury\.)""", page
    )


def test_report_json_is_machine_readable_and_inert(report_store):
    text = render_report(report_store, "json", registry=load_registry())
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    assert data["summary"]["conflicts"] == 1
    titles = [c["title"] for g in data["groups"] for c in g["claims"]]
    assert EVIL in titles
    assert {g["verdict"] for g in data["groups"]} >= {"conflict", "agree", "different_scope"}


def test_report_claimreview_rates_each_checked_claim(report_store):
    text = render_report(report_store, "claimreview", registry=load_registry())
    assert "<" not in text
    reviews = json.loads(text)
    by_claim = {r["itemReviewed"]["text"]: r for r in reviews}
    # one review per figure: n2 and its syndicated copy n3 are one, appearing at the copy's URL
    assert len(reviews) == 8 and len(by_claim) == 7
    nio_2024 = [r for r in reviews if "221,970" in r["claimReviewed"]]
    assert sorted(r["itemReviewed"]["author"]["name"] for r in nio_2024) == ["One News", "Three"]
    for r in nio_2024:  # the copy's URL is an appearance; the original's javascript: URL is not
        assert [a["url"] for a in r["itemReviewed"]["appearance"]] == [
            "https://one.example/nio",
            "https://three.example/nio",
        ]
    for r in reviews:
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        assert len(r["claimReviewed"]) <= 75 and r["reviewRating"]["ratingExplanation"]
    conflict = by_claim["NIO delivered 62,689 vehicles in Q4."]
    assert conflict["reviewRating"]["alternateName"] == "Conflicting"
    assert conflict["itemReviewed"]["appearance"] == [
        {"@type": "CreativeWork", "url": "https://one.example/nio"}
    ]
    agreed = by_claim["NIO delivered 221,970 vehicles in 2024."]
    assert agreed["reviewRating"]["alternateName"] == "Consistent"


def test_report_subject_filter_keeps_registry_children(report_store):
    data = collect(report_store, subject="seres", registry=load_registry())
    subjects = {c.subject for g in data.groups for c in g.claims} | {c.subject for c in data.single_source}
    assert subjects == {"aito", "seres"}
    assert data.summary["claims"] == 3  # aito's comparison with BMW counts too


def test_report_since_filter_drops_older_claims(report_store):
    data = collect(report_store, since=dt.date(2025, 1, 1), registry=load_registry())
    ids = {c.claim_id for c in data.single_source} | {c.claim_id for g in data.groups for c in g.claims}
    assert "n4-23" not in ids and "aito-151k" in ids


def test_report_unknown_format_is_a_config_error(report_store):
    with pytest.raises(ConfigError, match="unknown report format 'pdf'"):
        render_report(report_store, "pdf", registry=load_registry())


def test_report_safe_url_only_allows_http():
    assert safe_url("https://a.example/x?q=1") == "https://a.example/x?q=1"
    assert safe_url('https://a.example/"><script>') == "https://a.example/%22%3E%3Cscript%3E"
    assert safe_url("javascript:alert(1)") is None and safe_url("data:text/html,x") is None
    assert md_text("a|b <c> [d](e)") == r"a\|b \<c\> \[d\]\(e\)"


def _fifth_nio_source(st) -> None:
    """A fifth outlet with 72,689 for NIO's Q4: the Q4 conflict gets a side two sources back."""
    st.load_articles(
        [
            {
                "article_id": "n5",
                "url": "https://five.example/nio",
                "sitename": "Five",
                "title": "NIO Q4",
                "published": dt.date(2025, 3, 23),
                "cluster_id": "n5",
            }
        ]
    )
    st.replace_claims(
        [{"article_id": "n5"}],
        [
            _claim(
                "n5-q4",
                "n5",
                "nio",
                "deliveries",
                72689,
                ("2024-10-01", "2024-12-31"),
                "NIO delivered 72,689.",
            )
        ],
        "test-1",
    )
    reconcile_store(st, load_registry())


def test_report_conflict_lists_its_camps_and_what_divides_them(report_store):
    _fifth_nio_source(report_store)
    data = collect(report_store, registry=load_registry())
    conflict = next(g for g in data.groups if g.verdict == "conflict")
    assert conflict.camps == [
        "camp 1: 72,689 vehicles (Five, One News; 2 sources agree)",
        "camp 2: 62,689 vehicles (Two <b>Daily</b>; 1 source)",
    ]
    assert conflict.camp_relations == [
        "camp 1 against camp 2: conflict (72,689 against 62,689: 14% apart, no bound admits both)"
    ]
    assert data.summary["agreements"] == 1  # the side is shown inside its conflict, not counted again
    md = render_report(report_store, "md", registry=load_registry())
    assert "- Camp 1: 72,689 vehicles \\(Five, One News; 2 sources agree\\)" in md


def test_report_groups_from_before_schema_v3_show_sides_apart_and_warn(report_store, caplog):
    # A file migrated to v3 but not reconciled since: its groups record no kind and no links.
    _fifth_nio_source(report_store)
    report_store.con.execute("update recon_groups set kind = null, related_group_ids = null")
    with caplog.at_level("WARNING", logger="evclaims.report"):
        data = collect(report_store, registry=load_registry())
    assert data.summary["agreements"] == 2  # the side is now a finding of its own
    assert "schema v3" in caplog.text and "evclaims reconcile" in caplog.text
    caplog.clear()
    reconcile_store(report_store, load_registry())
    with caplog.at_level("WARNING", logger="evclaims.report"):
        assert collect(report_store, registry=load_registry()).summary["agreements"] == 1
    assert caplog.text == ""


def test_report_empty_store_says_what_to_run(tmp_path):
    st = store.connect(tmp_path / "empty.duckdb")
    try:
        md = render_report(st, "md", registry=load_registry())
        page = render_report(st, "html", registry=load_registry())
        assert json.loads(render_report(st, "claimreview", registry=load_registry())) == []
    finally:
        st.close()
    assert "**0** claims" in md and "evclaims extract" in md
    assert "No claims to report" in page


def test_report_unknown_subject_is_a_config_error(report_store):
    with pytest.raises(ConfigError, match="--subject 'nosuch'"):
        render_report(report_store, "md", subject="nosuch", registry=load_registry())


def test_report_chart_svg_escapes_labels_and_marks_open_bounds():
    from pipeline.charts import Point, timeline_svg

    pts = [
        Point(
            "<b>Outlet</b>",
            dt.date(2025, 1, 1),
            dt.date(2025, 3, 31),
            80000,
            float("inf"),
            "more than 80,000",
        ),
        Point("Other & Co", None, dt.date(2025, 3, 31), 84000, 84000, "84,000 <script>"),
        Point("Range", dt.date(2024, 1, 1), dt.date(2024, 12, 31), 15, 20, "15–20"),
    ]
    svg = timeline_svg(pts, "seres: <sales>", "vehicles")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<b>" not in svg and "<script>" not in svg and "<sales>" not in svg
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in svg and "Other &amp; Co" in svg
    assert svg.count("<circle") == 6  # three points and three legend dots
    assert "<path" in svg  # the arrow of "more than"
    assert timeline_svg([], "empty") == ""
