"""Feed, sitemap and link discovery on real sample files (../shared/data/feeds) and small inline cases."""

from __future__ import annotations

import gzip
from datetime import date

import pytest

from pipeline.ingest import listings
from pipeline.ingest.listings import (
    crawl_priority,
    feed_links,
    looks_like_article_url,
    page_links,
    parse_feed,
    parse_sitemap,
    sniff_kind,
)

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://ev.example/2025/06/10/aito-m9</loc>
    <news:news><news:publication><news:name>EV Ledger</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-06-10T23:30:00+08:00</news:publication_date>
      <news:title>Aito M9 tops luxury sales</news:title></news:news></url>
  <url><loc>https://ev.example/about</loc><lastmod>2024-01-01</lastmod></url>
</urlset>"""


def read(shared_data, name: str) -> bytes:
    return shared_data("feeds", name).read_bytes()


def test_discover_atom_feed_items_skip_self_links(shared_data):
    links = parse_feed(read(shared_data, "feed1.atom"), "http://example.org/")
    urls = [link.url for link in links]
    assert "http://example.org/2003/12/13/atom03" in urls
    assert "http://example.org/1000" not in urls
    first = links[urls.index("http://example.org/2003/12/13/atom03")]
    assert first.published == date(2003, 12, 13) and first.title == "Atom-Powered Robots Run Amok"


def test_discover_rss_feed_keeps_pubdate_and_title(shared_data):
    links = parse_feed(read(shared_data, "feed2.rss"), "http://www.example.com/")
    assert [(x.url, x.published, x.date_source, x.title) for x in links] == [
        ("http://www.example.com/blog/post/1", date(2009, 9, 6), "feed", "Example entry")
    ]


def test_discover_json_feed_items(shared_data):
    links = parse_feed(read(shared_data, "feed.json"), "https://www.npr.org/")
    assert len(links) == 25
    assert links[0].url.startswith("https://www.npr.org/2021/10/29/1050315385/")
    assert links[0].published == date(2021, 10, 29)  # the publisher's local day (-04:00), not UTC


@pytest.mark.parametrize("name", ["sitemap.xml", "sitemap.xml.gz"])
def test_discover_sitemap_urlset_plain_and_gzip(shared_data, name):
    result = parse_sitemap(read(shared_data, name), "https://www.sitemaps.org/")
    assert len(result.links) == 84 and not result.sitemaps
    assert result.links[0].url == "https://www.sitemaps.org/"
    assert result.links[0].date_source == "sitemap_lastmod"


def test_discover_sitemap_index_lists_nested_sitemaps(shared_data):
    result = parse_sitemap(read(shared_data, "sitemap2.xml"), "http://www.example.com/")
    assert result.sitemaps == [
        "http://www.example.com/sitemap1.xml.gz",
        "http://www.example.com/sitemap2.xml.gz",
    ]
    assert result.links == []


def test_discover_sitemap_hreflang_keeps_only_locs(shared_data):
    result = parse_sitemap(read(shared_data, "sitemap-hreflang.xml"), "http://www.example.com/")
    urls = [link.url for link in result.links]
    assert urls[0] == "http://www.example.com/english/page.html"
    assert len(urls) == len(set(urls))


def test_discover_news_sitemap_keeps_publication_date_and_title():
    result = parse_sitemap(NEWS_SITEMAP, "https://ev.example/")
    aito, about = result.links
    assert (aito.published, aito.date_source, aito.title) == (
        date(2025, 6, 10),
        "news_sitemap",
        "Aito M9 tops luxury sales",
    )
    assert (about.published, about.date_source) == (date(2024, 1, 1), "sitemap_lastmod")


def test_discover_truncated_gzip_sitemap_keeps_what_it_can():
    body = gzip.compress(NEWS_SITEMAP)[:-40]
    result = parse_sitemap(body, "https://ev.example/")
    assert result.links and result.links[0].url == "https://ev.example/2025/06/10/aito-m9"


def test_discover_text_sitemap():
    result = parse_sitemap(
        b"https://ev.example/a\n\nhttps://ev.example/b\nnot a url\n", "https://ev.example/s.txt"
    )
    assert [x.url for x in result.links] == ["https://ev.example/a", "https://ev.example/b"]


def test_discover_garbage_is_empty_not_an_error():
    assert parse_feed(b"\x00\x01 not a feed", "https://x.example/") == []
    assert parse_sitemap(b"<html><body>hello</body></html>", "https://x.example/").links == []


@pytest.mark.parametrize(
    ("name", "ctype", "kind"),
    [("feed1.atom", "", listings.FEED), ("feed2.rss", "application/xml", listings.FEED),
     ("feed.json", "application/json", listings.FEED), ("sitemap.xml", "text/xml", listings.SITEMAP),
     ("sitemap.xml.gz", "application/octet-stream", listings.SITEMAP), ("sitemap2.xml", "", listings.SITEMAP)],
)  # fmt: skip
def test_discover_sniff_kind_of_samples(shared_data, name, ctype, kind):
    assert sniff_kind(f"https://x.example/{name}", ctype, read(shared_data, name)) == kind


def test_discover_sniff_kind_html_and_text():
    assert sniff_kind("https://x.example/a", "text/html", b"<!doctype html><html></html>") == listings.HTML
    assert sniff_kind("file:///tmp/a.txt", "", b"Plain words.") == listings.TEXT


def test_discover_page_links_same_host_without_files_or_fragments():
    html = b"""<a href="/2025/01/02/byd-sales-record">x</a><a href='/news/tesla-price-cut-model-y#top'>y</a>
    <a href="https://other.example/story">z</a><a href="/logo.png">i</a><a href="mailto:a@b">m</a>
    <a href="/tag/tesla">t</a><a href="/2025/01/02/byd-sales-record">dup</a><a href="/login">l</a>"""
    assert page_links(html, "https://ev.example/") == [
        "https://ev.example/2025/01/02/byd-sales-record",
        "https://ev.example/news/tesla-price-cut-model-y",
        "https://ev.example/tag/tesla",
    ]


def test_discover_crawl_priority_articles_then_listings():
    urls = ["https://ev.example/about", "https://ev.example/tag/tesla", "https://ev.example/2025/01/02/x"]
    assert sorted(urls, key=crawl_priority) == [urls[2], urls[1], urls[0]]


def test_discover_looks_like_article_url():
    assert looks_like_article_url("https://ev.example/2025/01/02/x")
    assert looks_like_article_url("https://ev.example/news/tesla-cuts-model-y-prices")
    assert not looks_like_article_url("https://ev.example/")
    assert not looks_like_article_url("https://ev.example/about")


def test_discover_feed_links_advertised_by_a_page():
    html = b"""<html><head>
    <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">
    <link rel='alternate' type='application/rss+xml' href='/feed/'>
    <link rel="alternate" type="application/atom+xml" href="https://ev.example/atom.xml">
    <link rel="stylesheet" type="text/css" href="/style.css"></head><body></body></html>"""
    assert feed_links(html, "https://ev.example/") == [
        "https://ev.example/feed/",
        "https://ev.example/atom.xml",
        "https://ev.example/comments/feed/",
    ]
    assert feed_links(b"<html><body>no feeds</body></html>", "https://ev.example/") == []
