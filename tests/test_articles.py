"""Bytes → Article: canonical URLs, titles, dates with their source, hashes and near-duplicates."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date

import pytest
from webserver import article_html

from contract.errors import ExtractionError
from pipeline.extract import read_jsonl_docs
from pipeline.ingest.dates import days_in_text, parse_day
from pipeline.ingest.dedup import ClusterIndex, containment, content_hash, hamming, shingles, simhash
from pipeline.ingest.meta import clean_title, read_page_meta
from pipeline.ingest.page import ARTICLE_COLUMNS, extract_article, load_html, text_article
from pipeline.ingest.pubdate import byline_day, choose_date, settle_date, url_date, url_month_date
from pipeline.ingest.urls import article_id, canonical_url

BODY = "\n\n".join(
    [
        "BYD sold 3.02 million new energy vehicles in 2023, up 62% from a year earlier, the company said.",
        "Battery electric vehicles accounted for 1.57 million of the total, overtaking Tesla in the fourth quarter.",
        "The Shenzhen-based carmaker expects overseas sales to double this year as it opens plants in Hungary.",
        "Analysts said price cuts in China would weigh on margins in the first half of the year.",
    ]
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.com/news/story/?utm_source=x&utm_medium=y", "https://example.com/news/story"),
        ("https://example.com/news/story#comments", "https://example.com/news/story"),
        ("https://example.com:443/a//b/?b=2&a=1&fbclid=z", "https://example.com/a/b?a=1&b=2"),
        ("http://127.0.0.1:8765/a/", "http://127.0.0.1:8765/a"),
        ("https://example.com/", "https://example.com/"),
    ],
)
def test_articles_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_articles_id_is_16_hex_of_canonical_url():
    aid = article_id(canonical_url("https://www.example.com/a/?utm_source=feed"))
    assert aid == article_id("https://example.com/a") and len(aid) == 16
    int(aid, 16)


@pytest.mark.parametrize(
    ("title", "site", "host", "expected"),
    [
        ("Tesla cuts prices - Electrek", "Electrek", "electrek.co", "Tesla cuts prices"),
        ("Tesla cuts prices | News | The Harvard Crimson", "The Harvard Crimson", "thecrimson.com", "Tesla cuts prices | News"),
        ("CNEVPost | BYD record sales", None, "cnevpost.com", "BYD record sales"),
        ("Why 2024 - the year of EVs - matters", None, "example.com", "Why 2024 - the year of EVs - matters"),
        ("Plain headline", None, "example.com", "Plain headline"),
        ("Let kids be kids | Editorial – Sun Sentinel", "Sun Sentinel", "sun-sentinel.com", "Let kids be kids"),
        ("Why opinion matters | Opinion | The Times", "The Times", "thetimes.com", "Why opinion matters"),
        ("NASA beams a cat video to Earth (video)", None, "space.com", "NASA beams a cat video to Earth"),
        ("Dan + Shay bring Bigger Houses to the finale [Watch]", None, "x.com", "Dan + Shay bring Bigger Houses to the finale"),
    ],
)  # fmt: skip
def test_articles_clean_title_strips_site_names(title, site, host, expected):
    assert clean_title(title, [site], host) == expected


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2023-12-22T22:02:10+05:30", date(2023, 12, 22)),
        ("2023-12-23T03:00:46Z", date(2023, 12, 23)),
        ("20231218", date(2023, 12, 18)),
        ("Sat, 23 Dec 2023 05:42:00 PST", date(2023, 12, 23)),
        ("12/20/2023 20:41:43", date(2023, 12, 20)),
        ("yesterday", None),
        ("2023-02-30", None),
    ],
)
def test_articles_parse_day_keeps_the_publishers_day(raw, day):
    assert parse_day(raw) == day


def test_articles_url_date():
    assert url_date("https://ev.example/2025/06/10/aito-m9") == date(2025, 6, 10)
    assert url_date("https://ev.example/news/2023-12-20/x") == date(2023, 12, 20)
    assert url_date("https://ev.example/releases/2023/12/231218130031.htm") is None
    assert url_date("https://ev.example/story/123") is None
    assert url_date("https://ev.example/factchecks/2023/dec/21/x/") == date(2023, 12, 21)
    assert url_date("https://ev.example/2023/feb/30/x/") is None
    assert url_date("https://ev.example/2023/02/5-things-to-know.html") is None  # a slug's number


def test_articles_url_month_date_stands_in_for_a_missing_date():
    assert url_month_date("https://ev.example/2025/06/10/aito-m9") == date(2025, 6, 10)
    assert url_month_date("https://ev.example/2023/02/5-things-to-know.html") == date(2023, 2, 15)
    assert url_month_date("https://ev.example/2022/news/vw") is None


def test_articles_jsonl_rows_without_a_date_take_their_url_s(tmp_path):
    rows = [
        {"id": "a", "text": "x", "source_url": "https://ev.example/2021/10/vw-leads.html"},
        {"id": "b", "text": "x", "published": "2024-01-02", "source_url": "https://ev.example/2021/10/x"},
        {"id": "c", "text": "x", "url": "https://ev.example/story/123"},
    ]
    lines = io.StringIO("\n".join(json.dumps(r) for r in rows))
    days = [published for _, _, published, _ in read_jsonl_docs(lines, "rows.jsonl")]
    assert days == [date(2021, 10, 15), date(2024, 1, 2), None]


def test_articles_choose_date_skips_future_and_ancient():
    candidates = [
        ("jsonld", "2999-01-01"),
        ("meta", "1970-01-01"),
        ("url", date(2024, 5, 1)),
        ("htmldate", "2024-05-02"),
    ]
    assert choose_date(candidates, today=date(2025, 1, 1)) == (date(2024, 5, 1), "url")
    assert choose_date([("jsonld", None)]) == (None, None)


def test_articles_extract_prefers_feed_date_but_the_pages_local_day_within_one_day():
    html = article_html("BYD sales record", BODY, published="2024-01-02T09:00:00+08:00", site="EV Ledger")
    row = extract_article(html, "https://ev.example/byd", hint_date=date(2024, 1, 1), hint_date_source="feed")
    assert (row["published"], row["date_source"]) == (date(2024, 1, 2), "jsonld")  # UTC feed stamp vs +08:00
    row = extract_article(
        html, "https://ev.example/byd", hint_date=date(2023, 12, 1), hint_date_source="feed"
    )
    assert (row["published"], row["date_source"]) == (date(2023, 12, 1), "feed")
    row = extract_article(html, "https://ev.example/byd")
    assert (row["published"], row["date_source"]) == (date(2024, 1, 2), "jsonld")


def test_articles_extract_builds_a_full_row():
    html = article_html("BYD sales record", BODY, published="2024-01-02", site="EV Ledger")
    row = extract_article(html, "https://www.ev.example/byd/?utm_source=rss", http_status=200, etag='"e"')
    assert tuple(row) == ARTICLE_COLUMNS
    assert row["title"] == "BYD sales record"
    assert row["canonical_url"] == "https://ev.example/byd"
    assert row["article_id"] == article_id("https://ev.example/byd")
    assert row["sitename"] == "EV Ledger" and row["language"] == "en"
    assert "3.02 million" in row["text"] and "Copyright" not in row["text"]
    assert row["content_hash"] == content_hash(row["text"]) and len(row["simhash"]) == 16
    assert (row["http_status"], row["etag"], row["cluster_id"]) == (200, '"e"', None)


def test_articles_same_site_canonical_link_is_used_cross_site_is_not():
    html = article_html("BYD sales record", BODY).replace(
        b"</head>", b"<link rel='canonical' href='https://ev.example/2024/byd-record'></head>"
    )
    assert (
        extract_article(html, "https://ev.example/amp/byd")["canonical_url"]
        == "https://ev.example/2024/byd-record"
    )
    assert (
        extract_article(html, "https://mirror.example/byd")["canonical_url"] == "https://mirror.example/byd"
    )


def test_articles_logo_h1_is_not_the_title():
    html = (
        b"<html><head><meta property='og:title' content='Tesla recalls 2 million cars'></head><body>"
        b"<header><h1>POLITICO Logo</h1></header><article><p>"
        + BODY.encode()
        + b"</p></article></body></html>"
    )
    assert extract_article(html, "https://ev.example/t")["title"] == "Tesla recalls 2 million cars"


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"", "unparseable"), (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 50, "binary"),
     (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no_text")],
)  # fmt: skip
def test_articles_extract_failures_carry_a_reason(body, reason):
    with pytest.raises(ExtractionError) as info:
        extract_article(body, "https://ev.example/x")
    assert info.value.reason in (reason, "too_short")
    assert "https://ev.example/x" in str(info.value)


def test_articles_too_short_text_is_rejected():
    html = article_html("Short", "Tesla sold cars.")
    with pytest.raises(ExtractionError, match="too short") as info:
        extract_article(html, "https://ev.example/s", min_text_chars=200)
    assert info.value.reason == "too_short"


def test_articles_text_article_title_and_language(shared_data):
    path = shared_data("seeds", "000_b2ca1c0a5adc4626.txt")
    row = text_article(path.read_text("utf-8"), path.as_uri())
    assert row["title"].startswith("Aito Surpasses BMW & Mercedes in China")
    assert row["language"] == "en" and row["url"] == row["canonical_url"] == path.as_uri()
    other = shared_data("seeds", "003_b4fd5ab7327f94b7.txt")
    assert text_article(other.read_text("utf-8"), other.as_uri())["title"] is None  # no headline: no guess


def test_articles_real_german_page_metadata(shared_data):
    gold = json.loads(shared_data("html-misc", "evaldata-subset.json").read_text("utf-8"))
    url, record = next((u, r) for u, r in gold.items() if r["file"] == "autohaus.de-skode.html")
    html = gzip.decompress(shared_data("html-misc", "autohaus.de-skode.html.gz").read_bytes())
    row = extract_article(html, url)
    assert row["published"] == date.fromisoformat(record["date"])
    assert row["language"] == "de"
    assert all(snippet in row["text"] for snippet in record["with"][:2])


def test_articles_simhash_near_duplicates_and_unrelated():
    syndicated = BODY + "\n\nThis story first appeared in EV Ledger."
    other = (
        "Nio delivered 160,038 vehicles in 2023, short of its target, as competition in China intensified."
    )
    assert hamming(simhash(BODY), simhash(BODY)) == 0
    assert hamming(simhash(BODY), simhash(syndicated)) < hamming(simhash(BODY), simhash(other * 4))
    assert containment(shingles(BODY), shingles(syndicated)) == 1.0
    assert containment(shingles(BODY), shingles(other)) < 0.2


def test_articles_cluster_index_finds_candidates_nearest_first():
    index = ClusterIndex(
        [("a", "ffffffffffffffff", "a"), ("b", "fffffffffffffff0", "a"), ("c", "0000000000000000", "c")]
    )
    assert index.candidates("ffffffffffffffff", 3) == [(0, "a", "a")]
    assert [c[1] for c in index.candidates("fffffffffffffff1", 4)] == ["b", "a"]
    assert index.candidates("ffffffffffffffff", 3, exclude="a") == []
    index.add("d", "0000000000000001", "c")
    assert index.cluster_of("d") == "c" and len(index) == 4


def test_articles_pathological_page_is_skipped_fast():
    huge = b"<html><body><table>" + b"<tr><td>1</td><td>2</td></tr>" * 40_000 + b"</table></body></html>"
    with pytest.raises(ExtractionError, match="too complex") as info:
        extract_article(huge, "https://ev.example/table")
    assert info.value.reason == "too_complex"


def _page(h1: str, og: str | None = None, ld: str | None = None) -> bytes:
    head = f"<meta property='og:title' content='{og}'>" if og else ""
    if ld:
        head += f'<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{ld}"}}</script>'
    return (
        f"<html><head>{head}</head><body><article><h1>{h1}</h1><p>{BODY}</p></article></body></html>".encode()
    )


@pytest.mark.parametrize(
    ("h1", "og", "ld", "title"),
    [("Opinion | Tesla should cut prices", "Tesla should cut prices", None, "Tesla should cut prices"),
     ("Opinion Tesla should cut prices", None, "Tesla should cut prices", "Tesla should cut prices"),
     ("Grandi Classici: Auto elettriche moderne", "Auto elettriche moderne", "Grandi Classici: Auto elettriche moderne",
      "Grandi Classici: Auto elettriche moderne"),
     ("BYD overtakes Tesla in Q4", "BYD passes Tesla (SEO title)", None, "BYD overtakes Tesla in Q4")],
)  # fmt: skip
def test_articles_title_is_the_h1_without_kicker(h1, og, ld, title):
    assert extract_article(_page(h1, og, ld), "https://ev.example/a")["title"] == title


def test_articles_broken_or_deep_json_ld_is_ignored():
    deep = "[" * 100_000 + "]" * 100_000
    nested = "[" * 900 + '{"@type": "NewsArticle", "headline": "Deep"}' + "]" * 900
    html = article_html("BYD sales record", BODY).replace(
        b"</head>",
        f'<script type="application/ld+json">{deep}</script><script type="application/ld+json">{{bad</script>'
        f'<script type="application/ld+json">{nested}</script></head>'.encode(),
    )
    assert extract_article(html, "https://ev.example/b")["title"] == "BYD sales record"


def test_dates_days_in_text_reads_unambiguous_forms_in_order():
    text = (
        "By Jo Updated Dec. 23, 2023 4:04AM EST / Published Dec. 22, 2023 · Jan 23rd 2024 · "
        "last updated 19 September 2023 · posted on 2023-12-19 23:30 · 2023/12/20 at 8:39 · May 40, 2023"
    )
    assert days_in_text(text) == [
        (date(2023, 12, 23), True),
        (date(2023, 12, 22), False),
        (date(2024, 1, 23), False),
        (date(2023, 9, 19), True),
        (date(2023, 12, 19), False),
        (date(2023, 12, 20), False),
    ]
    # "12/11/23" is December in New York and November in London: seen, not read.
    assert days_in_text("By Jo • 12/11/23 4:05pm, then on December 2, 2023") == [
        (None, False),
        (date(2023, 12, 2), False),
    ]
    # One part over 12 settles the order.
    assert days_in_text("12/22/2023 05:00 AM · 22.12.23 · Updated 12-22-23 · 31/02/2023") == [
        (date(2023, 12, 22), False),
        (date(2023, 12, 22), False),
        (date(2023, 12, 22), True),
        (None, False),
    ]


def _dated_page(header: str, above: str = "") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    return (
        "<html><head><title>BYD sales record - EV Ledger</title>"
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"BYD sales record",'
        '"datePublished":"2023-12-23T03:00:00Z","dateModified":"2024-06-01T00:00:00Z"}</script></head>'
        f"<body><nav>Home · News</nav>{above}<article><h1>BYD sales record</h1>{header}"
        f"{paragraphs}</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("header", "above", "day"),
    [
        ("<p class=byline>By Jo Smith · December 22, 2023 10:00 PM EST</p>", "", date(2023, 12, 22)),
        ("<div>Updated Dec. 23, 2023 / Published Dec. 22, 2023</div>", "", date(2023, 12, 22)),
        ("<div>Updated on December 13, 2023 1:23 PM</div>", "", date(2023, 12, 13)),
        ("<figure><figcaption>Pictured on December 20, 2023</figcaption></figure><p>By Jo, 22 December 2023</p>",
         "", date(2023, 12, 22)),
        ("<p>By Jo • 12/11/23 4:05pm</p><p>On December 15, 2023 the board met.</p>", "", None),
        ("<p>By Jo • 12/22/23 4:05pm</p><p>On December 15, 2023 the board met.</p>", "", date(2023, 12, 22)),
        ("<p>By Jo Smith</p>", "<div>Film · News · Dec 22, 2023 5:06pm PT</div>", date(2023, 12, 22)),
        ("<p>By Jo Smith</p>", "", None),
    ],
)  # fmt: skip
def test_articles_byline_day_is_the_date_printed_by_the_headline(header, above, day):
    tree = load_html(_dated_page(header, above))
    assert byline_day(tree, read_page_meta(tree)) == day


def test_articles_byline_day_follows_the_headline_not_a_logo_h1():
    html = _dated_page("<p>By Jo Smith · December 22, 2023</p>").replace(
        b"<body>", b"<body><h1>EV Ledger</h1><aside>Most read: December 2, 2023</aside>"
    )
    tree = load_html(html)
    assert byline_day(tree, read_page_meta(tree)) == date(2023, 12, 22)


@pytest.mark.parametrize(
    ("candidates", "extra", "expected"),
    [
        # UTC stamp, local day printed in the byline: the byline wins within a week.
        ([("jsonld", "2023-12-23T03:00:00Z")], {"byline": date(2023, 12, 22)}, (date(2023, 12, 22), "byline")),
        # A byline far from the stamp is more likely a story date: the stamp stands.
        ([("jsonld", "2023-12-23T03:00:00Z")], {"byline": date(2023, 10, 1)}, (date(2023, 12, 23), "jsonld")),
        # Agreeing byline keeps the structured source.
        ([("jsonld", "2023-12-23")], {"byline": date(2023, 12, 23)}, (date(2023, 12, 23), "jsonld")),
        # The byline beats free-text guessing at any distance.
        ([("htmldate", "2023-01-05")], {"byline": date(2023, 12, 1)}, (date(2023, 12, 1), "byline")),
        # Rewritten page: modification day wins...
        ([("jsonld", "2022-04-28")], {"page": (date(2022, 4, 28), "jsonld"), "modified": date(2023, 12, 22)},
         (date(2023, 12, 22), "modified")),
        # ...unless the byline shows a version between publication and modification.
        ([("jsonld", "2022-04-28")],
         {"page": (date(2022, 4, 28), "jsonld"), "modified": date(2023, 12, 22), "byline": date(2023, 11, 6)},
         (date(2023, 11, 6), "byline")),
        # A UTC feed stamp within a day of the page's own local day: the page's day.
        ([("feed", "2024-01-01T20:00:00Z")], {"page": (date(2024, 1, 2), "jsonld")}, (date(2024, 1, 2), "jsonld")),
        # A byline in the future is ignored.
        ([("jsonld", "2023-12-23")], {"byline": date(2023, 12, 24), "today": date(2023, 12, 23)},
         (date(2023, 12, 23), "jsonld")),
    ],
)  # fmt: skip
def test_articles_settle_date(candidates, extra, expected):
    assert settle_date(candidates, **extra) == expected


def test_articles_extract_takes_the_bylines_local_day_over_a_utc_stamp():
    row = extract_article(
        _dated_page("<p>By Jo Smith · December 22, 2023 10:00 PM EST</p>"), "https://ev.example/byd"
    )
    assert (row["published"], row["date_source"]) == (date(2023, 12, 22), "byline")


def test_articles_jsonl_rows_pass_their_headline_or_url_as_the_extractor_s_hint(tmp_path):
    from pipeline.extract import _hint

    assert _hint({"title": "Stellantis results", "source_url": "https://x.example/a"}) == "Stellantis results"
    assert (
        _hint({"source_url": "https://x.example/stellantis-results"})
        == "https://x.example/stellantis-results"
    )
    assert _hint({"title": "  ", "url": None}) is None
