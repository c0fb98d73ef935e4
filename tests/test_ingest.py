"""End to end: a real news site on 127.0.0.1 (feed, sitemap, robots.txt, bad pages) into a real DuckDB file."""

from __future__ import annotations

import pytest
from webserver import Reply, TestServer, article_html, local_settings

import store
from contract.errors import SourceError
from pipeline.config import IngestSettings
from pipeline.ingest import ingest, ingest_configured, reprocess

STORIES = {
    "/2025/01/03/byd-record": ("BYD sets a sales record", "BYD sold 4.27 million vehicles in 2024, up 41 percent, the carmaker said."),
    "/2025/01/04/tesla-decline": ("Tesla deliveries slip", "Tesla delivered 1.79 million vehicles in 2024, its first annual decline in a decade."),
    "/2025/05/02/seres-q1": ("Seres passes 80,000 sales", "Seres sold more than 80,000 units in Q1 2025, carried by demand for Aito models."),
}  # fmt: skip
FILLER = (
    "Analysts said price competition in China remained fierce and margins were under pressure. "
    "The company plans to expand exports to Europe, the Middle East and Southeast Asia this year."
)


def story(path: str) -> bytes:
    title, lead = STORIES[path]
    return article_html(
        title, f"{lead}\n\n{FILLER}", published=path[1:11].replace("/", "-") + "T08:00:00+08:00"
    )


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{p}</title><link>{base + p if p.startswith('/') else 'http://' + p}</link></item>"
        for p in paths
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>EV</title>{items}</channel></rss>'.encode()
    )


def sitemap(base: str, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


BAD = ["/private/leak", "/flaky", "/limited", "/slow", "/loop", "/huge", "/logo.png", "/gone", "[bad"]


@pytest.fixture
def site():
    with TestServer() as srv:
        routes = {p: Reply(body=story(p), etag=f'"{i}"') for i, p in enumerate(STORIES)}
        flaky = (
            story("/2025/05/02/seres-q1")
            .replace(b"Seres passes", b"Seres again passes")
            .replace(b"80,000", b"81,000")
        )
        routes.update(
            {
                "/robots.txt": Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
                "/feed.xml": Reply(body=rss(srv.base, [*STORIES, *BAD]), content_type="application/rss+xml"),
                "/sitemap.xml": Reply(body=sitemap(srv.base, list(STORIES)), content_type="application/xml"),
                "/private/leak": Reply(body=story("/2025/01/03/byd-record")),
                "/flaky": [
                    Reply(503, b"busy"),
                    Reply(body=flaky.replace(b"Aito models", b"Aito SUVs in China")),
                ],
                "/limited": [
                    Reply(429, b"wait", headers={"Retry-After": "0"}),
                    Reply(500, b"oops"),
                    Reply(200, b""),
                ],
                "/slow": Reply(body=story("/2025/01/04/tesla-decline"), delay=1.0),
                "/loop": Reply(302, headers={"Location": "/loop"}),
                "/huge": Reply(stream_bytes=3_000_000),
                "/logo.png": Reply(
                    body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, content_type="image/png"
                ),
                "/gone": Reply(404, b"gone", "text/plain"),
            }
        )
        srv.routes.update(routes)
        yield srv


def settings(**kw) -> IngestSettings:
    return local_settings(**{"timeout": 0.5, "deadline": 1.5, "retries": 1, "max_bytes": 1_000_000, **kw})


@pytest.fixture
def db(tmp_path):
    with store.connect(tmp_path / "claims.duckdb") as s:
        yield s


def articles(db) -> dict[str, dict]:
    frame = db.query_df("SELECT * FROM articles")
    return {row["url"].split(":", 2)[2].split("/", 1)[1]: row for row in frame.to_dict("records")}


def test_ingest_feed_stores_articles_and_counts_every_bad_case(site, db):
    result = ingest([site.url("/feed.xml")], db, settings())
    stored = articles(db)
    assert sorted(stored) == [
        "2025/01/03/byd-record",
        "2025/01/04/tesla-decline",
        "2025/05/02/seres-q1",
        "flaky",
    ]
    assert result.articles_new == 4 and result.fetched >= 5
    assert dict(result.skipped) == {
        "robots": 1, "http_500": 1, "timeout": 1, "redirect_loop": 1, "too_large": 1, "content_type": 1, "http_404": 1,
        "bad_url": 1,
    }  # fmt: skip
    assert len(result.errors) == 7  # robots is a skip, not an error
    byd = stored["2025/01/03/byd-record"]
    assert byd["title"] == "BYD sets a sales record" and str(byd["published"])[:10] == "2025-01-03"
    assert byd["date_source"] == "jsonld" and byd["etag"] == '"0"' and byd["http_status"] == 200
    fetches = (
        db.query_df("SELECT outcome, count(*) AS n FROM fetches GROUP BY 1")
        .set_index("outcome")["n"]
        .to_dict()
    )
    assert fetches == {"ok": 5, "skipped": 1, "error": 7}
    reasons = db.query_df("SELECT reason FROM fetches WHERE outcome = 'error'")["reason"].tolist()
    assert all(site.base in reason or "[bad" in reason for reason in reasons)


def test_ingest_rerun_uses_conditional_get_and_changes_nothing(site, db):
    ingest([site.url("/sitemap.xml")], db, settings())
    before = db.query_df("SELECT * FROM articles ORDER BY article_id")
    result = ingest([site.url("/sitemap.xml")], db, settings())
    assert result.not_modified == 3 and result.articles_new == result.articles_updated == 0
    after = db.query_df("SELECT * FROM articles ORDER BY article_id")
    assert before.equals(after)
    assert all(h.headers.get("if-none-match") for h in site.hits("/2025/01/03/byd-record")[1:])
    outcomes = db.query_df("SELECT outcome FROM fetches WHERE run_id = ?", [result.run_id])[
        "outcome"
    ].tolist()
    assert sorted(outcomes) == ["not_modified"] * 3 + ["ok"]


def test_ingest_feed_and_sitemap_listing_same_urls_fetch_once(site, db):
    result = ingest([site.url("/sitemap.xml"), site.url("/sitemap.xml?again=1")], db, settings())
    assert result.articles_new == 3
    assert len(site.hits("/2025/01/04/tesla-decline")) == 1


def test_ingest_changed_article_is_updated(site, db):
    ingest([site.url("/2025/01/03/byd-record")], db, settings())
    site.routes["/2025/01/03/byd-record"] = Reply(
        body=story("/2025/01/03/byd-record").replace(b"41 percent", b"42 percent")
    )
    result = ingest([site.url("/2025/01/03/byd-record")], db, settings())
    assert result.articles_updated == 1 and result.articles_new == 0
    assert "42 percent" in articles(db)["2025/01/03/byd-record"]["text"]


def test_ingest_exact_copy_is_a_duplicate_and_syndicated_copy_shares_cluster(site, db):
    site.routes["/copy"] = Reply(body=story("/2025/01/03/byd-record"))
    syndicated = story("/2025/05/02/seres-q1").replace(
        b"</article>",
        b"<p>This story first appeared in EV Ledger and is republished with permission.</p></article>",
    )
    site.routes["/wire/seres"] = Reply(body=syndicated)
    ingest([site.url("/2025/01/03/byd-record"), site.url("/2025/05/02/seres-q1")], db, settings())
    result = ingest([site.url("/copy"), site.url("/wire/seres")], db, settings())
    assert result.duplicates == 1 and result.articles_new == 1 and result.near_duplicates == 1
    stored = articles(db)
    assert "copy" not in stored
    assert stored["wire/seres"]["cluster_id"] == stored["2025/05/02/seres-q1"]["article_id"]
    assert db.query_df("SELECT outcome FROM fetches WHERE url LIKE '%/copy'")["outcome"].tolist() == [
        "duplicate"
    ]


def test_ingest_tracking_params_and_www_variants_are_one_article(site, db):
    result = ingest(
        [site.url("/2025/01/03/byd-record?utm_source=x"), site.url("/2025/01/03/byd-record/")], db, settings()
    )
    assert result.articles_new == 1 and result.duplicates + result.skipped.total() <= 1
    assert len(db.query_df("SELECT * FROM articles")) == 1


def test_ingest_seed_folder_stores_two_text_articles(shared_data, db):
    result = ingest([str(shared_data("seeds"))], db, settings())
    assert result.articles_new == 2
    frame = db.query_df("SELECT url, source, title, http_status FROM articles ORDER BY url")
    assert frame["url"].str.startswith("file://").all() and (frame["source"] == "file").all()
    assert frame["http_status"].isna().all()


def test_ingest_missing_local_source_is_a_source_error(tmp_path, db):
    with pytest.raises(SourceError, match="no such file or folder"):
        ingest([str(tmp_path / "nowhere")], db, settings())


def test_ingest_archives_raw_responses_and_reprocess_rebuilds_articles(site, tmp_path, db):
    result = ingest([site.url("/sitemap.xml")], db, settings(archive_dir=tmp_path / "warc"))
    assert result.archive_path and result.archive_path.endswith(".warc.gz")
    with store.connect(tmp_path / "again.duckdb") as fresh:
        again = reprocess(fresh, [result.archive_path])
        assert again.articles_new == 3
        titles = sorted(fresh.query_df("SELECT title FROM articles")["title"])
    assert titles == sorted(t for t, _ in STORIES.values())
    assert again.skipped["warc_not_html"] >= 2  # robots.txt and the sitemap are archived too
    same = reprocess(db, [tmp_path / "warc"])  # a folder of archives works too
    assert same.unchanged == 3 and same.articles_new == same.articles_updated == 0


def test_ingest_warc_input_from_shared_samples(shared_data, db):
    result = ingest([str(shared_data("warc", "resiliparse-warcfile.warc.gz"))], db, settings())
    assert result.articles_new >= 5
    assert result.articles_new + result.duplicates + sum(result.skipped.values()) == 16
    assert db.query_df("SELECT count(DISTINCT source) AS n FROM articles")["n"][0] >= 5


def test_ingest_truncated_warc_keeps_records_and_reports(shared_data, db):
    result = ingest([str(shared_data("warc", "warcio-example-trunc.warc"))], db, settings())
    assert result.articles_new == 1 and result.skipped["warc_truncated"] == 1
    assert "damaged after 1 responses" in result.errors[0]


def test_ingest_warc_without_responses_is_counted(shared_data, db):
    result = ingest([str(shared_data("warc", "warcio-example-digest.warc"))], db, settings())
    assert result.skipped["warc_empty"] == 1 and result.articles_new == 0


def test_ingest_crawl_from_site_root_is_bounded(site, db):
    links = "".join(f'<a href="{p}">{p}</a>' for p in [*STORIES, "/private/leak", "/about"])
    site.routes["/"] = Reply(body=f"<html><body><nav>{links}</nav><p>Welcome</p></body></html>".encode())
    site.routes["/about"] = Reply(
        body=b"<html><body><h1>About us</h1><p>We write about electric cars.</p></body></html>"
    )
    result = ingest([site.url("/")], db, settings(crawl=True, max_pages=2))
    assert result.articles_new == 2 and result.skipped["max_pages"] == 1
    result = ingest([site.url("/")], db, settings(crawl=True, max_pages=10))
    assert result.skipped["robots"] == 1 and result.skipped["not_article"] >= 1


def test_ingest_configured_runs_each_named_source(site, tmp_path, db):
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[settings]
delay = 0
allow_hosts = ["127.0.0.1"]
timeout = 0.5
retries = 0

[[source]]
name = "ev-ledger"
urls = ["{site.url("/sitemap.xml")}"]
schedule = "0 * * * *"
max_pages = 2
"""
    )
    result = ingest_configured(config, db, {"delay": 0.0})
    assert result.articles_new == 2 and result.skipped["max_pages"] == 1
    assert set(db.query_df("SELECT source FROM articles")["source"]) == {"ev-ledger"}


def test_ingest_interrupted_run_keeps_committed_batches(site, db):
    calls = []

    def explode(done, total, url):
        calls.append(url)
        if len(calls) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([site.url("/sitemap.xml")], db, settings(batch_size=1, concurrency=1), progress=explode)
    kept = len(db.query_df("SELECT * FROM articles"))
    assert 1 <= kept < 3
    result = ingest([site.url("/sitemap.xml")], db, settings())
    assert result.articles_new == 3 - kept and result.not_modified == kept


def test_ingest_home_page_follows_its_advertised_feed(site, db):
    site.routes["/"] = Reply(
        body=b"<html><head><link rel='alternate' type='application/rss+xml' href='/feed.xml'></head>"
        b"<body><p>Welcome to EV news</p></body></html>"
    )
    site.routes["/feed.xml"] = Reply(body=rss(site.base, list(STORIES)), content_type="application/rss+xml")
    result = ingest([site.url("/")], db, settings())
    assert result.articles_new == 3
    assert "" not in articles(db)  # the home page itself is not stored as an article


def test_ingest_home_page_without_feed_follows_robots_sitemap(site, db):
    site.routes["/"] = Reply(body=b"<html><body><p>Welcome to EV news, read our stories.</p></body></html>")
    site.routes["/robots.txt"] = Reply(
        body=f"User-agent: *\nSitemap: {site.url('/sitemap.xml')}\n".encode(), content_type="text/plain"
    )
    result = ingest([site.url("/")], db, settings())
    assert result.articles_new == 3


def test_ingest_home_page_without_feed_is_skipped_with_advice(site, db, caplog):
    site.routes["/"] = Reply(body=b"<html><body><p>Welcome to EV news, read our stories.</p></body></html>")
    with caplog.at_level("INFO", logger="evclaims.ingest"):
        result = ingest([site.url("/")], db, settings())
    assert result.skipped["site_root"] == 1 and result.articles_new == 0
    assert "use crawl" in caplog.text


def test_ingest_folder_of_gzipped_pages_with_gold_dates(shared_data, db):
    import json

    result = ingest([str(shared_data("html-misc"))], db, settings())
    assert result.articles_new == 11 and not result.errors
    gold = json.loads(shared_data("html-misc", "evaldata-subset.json").read_text("utf-8"))
    dates = {r["file"] + ".gz": r.get("date") for r in gold.values()}
    frame = db.query_df("SELECT url, published FROM articles")
    hits = sum(
        str(p)[:10] == dates[u.rsplit("/", 1)[1]]
        for u, p in zip(frame["url"], frame["published"], strict=True)
    )
    assert hits >= 8  # of the 10 pages with a gold date


def test_ingest_sitemap_index_with_nested_gzip_news_sitemap(site, db):
    import gzip

    news = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        + "".join(
            f"<url><loc>{site.url(p)}</loc><news:news><news:publication_date>2025-02-0{i + 1}T10:00:00Z"
            "</news:publication_date></news:news></url>"
            for i, p in enumerate(STORIES)
        )
        + "</urlset>"
    )
    site.routes["/news.xml.gz"] = Reply(body=gzip.compress(news.encode()), content_type="application/x-gzip")
    site.routes["/index.xml"] = Reply(
        body=f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/news.xml.gz')}</loc></sitemap><sitemap><loc>{site.url('/gone')}</loc></sitemap>"
        f"</sitemapindex>".encode(),
        content_type="application/xml",
    )
    result = ingest([site.url("/index.xml")], db, settings())
    assert result.articles_new == 3 and result.skipped["http_404"] == 1
    frame = db.query_df("SELECT published, date_source FROM articles ORDER BY published")
    assert set(frame["date_source"]) == {"news_sitemap"}
    assert [str(d)[:10] for d in frame["published"]] == ["2025-02-01", "2025-02-02", "2025-02-03"]
