"""Several sources on several hosts ingested side by side: real servers on 127.0.0.1 (one port = one host).

What the servers saw is the evidence: requests to different hosts overlap in time, requests to one host
never do and are at least `delay` apart, and what gets stored equals a run with concurrency 1. The
article routes can hold each request until a request to another host is in flight too (a rendezvous):
a scheduler that works one host at a time never meets it, one that interleaves hosts always does, so
overlap is a fact the servers record, not a timing guess.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict

import pytest
from webserver import Reply, TestServer, article_html, local_settings

import store
from pipeline.config import IngestSettings
from pipeline.ingest import ingest, ingest_configured

DELAY = 0.3
MAKERS = ["BYD", "Tesla", "NIO", "Xpeng", "Zeekr", "Li Auto", "Geely", "Seres", "Leapmotor", "Volvo", "Kia", "BMW"]  # fmt: skip
FILLER = (
    "Analysts said price competition in China remained fierce and margins were under pressure. "
    "The company plans to expand exports to Europe, the Middle East and Southeast Asia this year."
)


class Lab:
    """Shared by the servers: article requests in flight per host, and which hosts each one met."""

    def __init__(self, rendezvous: float = 0.0) -> None:
        self.rendezvous = rendezvous
        self.cond = threading.Condition()
        self.in_flight: list[tuple[str, set[str]]] = []  # (host, hosts met while in flight)
        self.most_on_one_host = 0
        self.met: dict[str, set[str]] = defaultdict(set)
        self.articles: dict[str, int] = Counter()

    def route(self, host: str, body: bytes):
        def handler(_request) -> Reply:
            with self.cond:
                mine: tuple[str, set[str]] = (host, set())
                for other, met in self.in_flight:
                    if other != host:
                        met.add(host)
                        mine[1].add(other)
                self.in_flight.append(mine)
                self.most_on_one_host = max(self.most_on_one_host, sum(h == host for h, _ in self.in_flight))
                self.articles[host] += 1
                self.cond.notify_all()
                deadline = time.monotonic() + self.rendezvous
                while not mine[1] and time.monotonic() < deadline:  # fail-safe bound, not a measurement
                    self.cond.wait(deadline - time.monotonic())
                self.in_flight.remove(mine)
                self.met[host] |= mine[1]
            return Reply(body=body)

        return handler


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in paths)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>EV</title>{items}</channel></rss>'.encode()
    )


def urlset(base: str, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def page(n: int, site: str) -> bytes:
    maker = MAKERS[n % len(MAKERS)]
    lead = (
        f"{maker} sold {10_000 + 1_371 * n:,} electric cars in month {n % 12 + 1}, report {n} of {site} says."
    )
    return article_html(f"{maker} sales report {n}", f"{lead}\n\n{FILLER}", published="2025-03-01", site=site)


def news_site(srv: TestServer, k: int, lab: Lab, articles: int = 4) -> list[str]:
    """Host k: robots.txt (one disallowed path), a feed of `articles` pages plus a 404 and the
    disallowed page, and a sitemap index with two nested sitemaps listing the same pages."""
    paths = [f"/news/{k}-{i}" for i in range(articles)]
    for i, path in enumerate(paths):
        srv.routes[path] = lab.route(srv.base, page(100 * k + i, f"Site {k}"))
    srv.routes["/private/secret"] = Reply(body=page(100 * k + 99, f"Site {k}"))
    srv.routes["/robots.txt"] = Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    listed = [*paths, "/gone", "/private/secret"]
    srv.routes["/feed.xml"] = Reply(body=rss(srv.base, listed), content_type="application/rss+xml")
    half = len(listed) // 2
    srv.routes["/a.xml"] = Reply(body=urlset(srv.base, listed[:half]), content_type="application/xml")
    srv.routes["/b.xml"] = Reply(body=urlset(srv.base, listed[half:]), content_type="application/xml")
    index = "".join(f"<sitemap><loc>{srv.base}{p}</loc></sitemap>" for p in ("/a.xml", "/b.xml"))
    srv.routes["/index.xml"] = Reply(
        body=f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}'
        "</sitemapindex>".encode(),
        content_type="application/xml",
    )
    return paths


@pytest.fixture
def hosts():
    with TestServer() as a, TestServer() as b, TestServer() as c:
        yield [a, b, c]


def settings(**kw) -> IngestSettings:
    return local_settings(**{"delay": DELAY, "timeout": 5.0, "concurrency": 4, **kw})


def check_politeness(servers: list[TestServer], since: list[int] | None = None) -> None:
    """Every host saw its requests one after another, each at least DELAY after the one before (from
    request number `since` on: a new run does not know when the last one asked)."""
    for srv, start in zip(servers, since or [0] * len(servers), strict=True):
        times = [seen.at for seen in srv.requests[start:]]
        assert times == sorted(times)
        gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
        assert gaps and min(gaps) >= DELAY, (srv.base, gaps)


def stored_rows(db) -> list[dict]:
    frame = db.query_df("SELECT * EXCLUDE (fetched_at) FROM articles ORDER BY article_id")
    return frame.to_dict("records")


def test_ingest_parallel_feeds_on_three_hosts_overlap_but_each_host_is_polite(hosts, tmp_path):
    lab = Lab(rendezvous=3.0)
    for k, srv in enumerate(hosts):
        news_site(srv, k, lab)
    with store.connect(tmp_path / "p.duckdb") as db:
        result = ingest([srv.url("/feed.xml") for srv in hosts], db, settings())
        assert result.articles_new == 12 and dict(result.skipped) == {"robots": 3, "http_404": 3}
    # Article requests to different hosts were in flight together: every host met every other one.
    bases = {srv.base for srv in hosts}
    assert all(lab.met[base] == bases - {base} for base in bases), dict(lab.met)
    assert lab.most_on_one_host == 1 and set(lab.articles.values()) == {4}
    check_politeness(hosts)


def test_ingest_parallel_stores_what_a_one_at_a_time_run_stores(hosts, tmp_path):
    lab = Lab()  # no rendezvous: a run with concurrency 1 must not wait for partners
    for k, srv in enumerate(hosts):
        news_site(srv, k, lab)
    sources = [hosts[0].url("/feed.xml"), hosts[1].url("/index.xml"), hosts[2].url("/feed.xml")]
    runs = {}
    for concurrency in (1, 4):
        since = [len(srv.requests) for srv in hosts]
        with store.connect(tmp_path / f"c{concurrency}.duckdb") as db:
            result = ingest(sources, db, settings(concurrency=concurrency, max_pages=5, batch_size=3))
            fetches = db.query_df("SELECT url, outcome, status FROM fetches ORDER BY url, outcome")
            runs[concurrency] = (stored_rows(db), result, fetches.to_dict("records"))
    (rows1, result1, fetches1), (rows4, result4, fetches4) = runs[1], runs[4]
    assert len(rows1) == 12 and rows4 == rows1
    for name in ("fetched", "articles_new", "duplicates", "near_duplicates", "not_modified"):
        assert getattr(result4, name) == getattr(result1, name), name
    assert result4.skipped == result1.skipped
    assert result1.skipped == {"max_pages": 3, "http_404": 3}  # 6 listed URLs per host, 5 kept
    assert fetches4 == fetches1
    check_politeness(hosts, since)


def test_ingest_parallel_rerun_is_conditional_and_adds_nothing(hosts, tmp_path):
    lab = Lab()
    for k, srv in enumerate(hosts):
        news_site(srv, k, lab, articles=3)
        for path in [p for p in srv.routes if p.startswith("/news/")]:
            srv.routes[path] = Reply(
                body=page(int(path.rsplit("-", 1)[1]) + 10 * k, f"Site {k}"), etag=f'"{k}"'
            )
    sources = [srv.url("/index.xml") for srv in hosts]
    with store.connect(tmp_path / "r.duckdb") as db:
        first = ingest(sources, db, settings(batch_size=2))
        before = stored_rows(db)
        again = ingest(sources, db, settings(batch_size=2))
        assert first.articles_new == 9 and again.not_modified == 9
        assert again.articles_new == again.articles_updated == 0 and stored_rows(db) == before


def test_ingest_parallel_progress_counts_every_job_once(hosts, tmp_path):
    lab = Lab()
    for k, srv in enumerate(hosts):
        news_site(srv, k, lab, articles=2)
    calls: list[tuple[int, int]] = []
    sources = [hosts[0].url("/index.xml"), hosts[1].url("/feed.xml"), hosts[2].url("/feed.xml")]
    ingest(sources, None, settings(delay=0.0), progress=lambda done, total, _url: calls.append((done, total)))
    # 3 sources, 2 nested sitemaps, 3 x 4 listed URLs
    assert [done for done, _ in calls] == list(range(1, 18)) and calls[-1] == (17, 17)


def test_ingest_configured_sources_run_side_by_side_with_their_own_settings(hosts, tmp_path):
    lab = Lab(rendezvous=3.0)
    for k, srv in enumerate(hosts):
        news_site(srv, k, lab)
    config = tmp_path / "sources.toml"
    config.write_text(
        f"""
[settings]
delay = {DELAY}
allow_hosts = ["127.0.0.1"]
timeout = 5.0
retries = 0
concurrency = 4

[[source]]
name = "zero"
urls = ["{hosts[0].url("/feed.xml")}"]

[[source]]
name = "one"
urls = ["{hosts[1].url("/index.xml")}"]
max_pages = 2

[[source]]
name = "two"
urls = ["{hosts[2].url("/feed.xml")}"]
delay = {DELAY * 2}
"""
    )
    with store.connect(tmp_path / "cfg.duckdb") as db:
        result = ingest_configured(config, db)
        per_source = db.query_df("SELECT source, count(*) AS n FROM articles GROUP BY 1").set_index("source")[
            "n"
        ]
        run_ids = set(db.query_df("SELECT DISTINCT run_id FROM fetches")["run_id"])
    assert per_source.to_dict() == {"zero": 4, "one": 2, "two": 4}
    assert result.skipped["max_pages"] == 4 and len(run_ids) == 1
    bases = [srv.base for srv in hosts]
    assert bases[2] in lab.met[bases[0]] and bases[0] in lab.met[bases[2]]
    assert lab.most_on_one_host == 1
    check_politeness(hosts)
    slow = [seen.at for seen in hosts[2].requests]
    assert min(b - a for a, b in zip(slow, slow[1:], strict=False)) >= DELAY * 2  # its own delay
