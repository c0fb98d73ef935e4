"""Issue 15: a slow page costs its host a bounded time, not the site's crawl; real dripping servers on 127.0.0.1.

Every response has a total deadline (headers and body); a page over it is retried once, after its
host's other pages, then skipped as `timeout`; a host that times out `max_host_timeouts` times in a
row is given up and the run goes on with the other hosts. The deadline here is short (the setting),
so each test waits a few seconds; the drip pages would drip for a minute.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from webserver import Reply, TestServer, article_html, local_settings

import store
from pipeline.config import IngestSettings
from pipeline.ingest import ingest

DEADLINE = 1.0
DRIP_SECONDS = 60
"""How long a drip page would take: a run that waited for one would take this long."""


def drip(body: bytes = b"<p>" * 60) -> Reply:
    """Three bytes a second for DRIP_SECONDS (Content-Length says the rest is coming)."""
    pieces = DRIP_SECONDS
    body = body.ljust(3 * pieces, b" ")
    return Reply(body=body, drip=1.0, drip_pieces=pieces)


def page(n: int) -> bytes:
    text = (
        f"BYD sold {100_000 + 1_371 * n:,} electric cars in month {n % 12 + 1}, report {n} says.\n\n"
        "Analysts said price competition in China remained fierce and margins were under pressure."
    )
    return article_html(f"BYD sales report {n}", text, published="2025-03-01")


def urlset(base: str, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def serve_site(srv: TestServer, listed: dict[str, Reply | list[Reply]]) -> str:
    """Routes for the pages, in listing order, and a sitemap of them; returns the sitemap's URL."""
    srv.routes.update(listed)
    srv.routes["/sitemap.xml"] = Reply(body=urlset(srv.base, list(listed)), content_type="application/xml")
    return srv.url("/sitemap.xml")


def settings(**kw) -> IngestSettings:
    base = {"timeout": 5.0, "deadline": DEADLINE, "retries": 1, "respect_robots": False, "concurrency": 4}
    return local_settings(**{**base, **kw})


@pytest.fixture
def db(tmp_path):
    with store.connect(tmp_path / "slow.duckdb") as s:
        yield s


def fetch_rows(db) -> dict[str, tuple[str, str | None]]:
    return {url: (outcome, reason) for url, outcome, reason in db.con.execute("select url, outcome, reason from fetches").fetchall()}  # fmt: skip


def test_slow_pages_drip_page_is_retried_once_after_its_hosts_pages_then_skipped(db):
    with TestServer() as srv:
        pages = {f"/news/{n}": Reply(body=page(n)) for n in range(6)}
        sitemap = serve_site(srv, {"/news/drip": drip(), **pages})
        started = time.monotonic()
        result = ingest([sitemap], db, settings())
        seconds = time.monotonic() - started
        hits = [seen.path for seen in srv.requests]
    assert result.articles_new == 6
    assert dict(result.skipped) == {"timeout": 1}
    assert hits.count("/news/drip") == 2
    # The retry waited for every other page of the host; the first try came first in the listing.
    assert hits.index("/news/drip") < hits.index("/news/0")
    assert max(hits.index(p) for p in pages) < len(hits) - 1 - hits[::-1].index("/news/drip")
    outcome, reason = fetch_rows(db)[srv.url("/news/drip")]
    assert outcome == "error"
    assert f"within the {DEADLINE:g} s deadline" in reason and "second try" in reason
    assert result.hosts_given_up == []
    # Two deadlines and six quick pages, not the minute the page drips (a bound, not a speed figure).
    assert seconds < DRIP_SECONDS / 2


def test_slow_pages_deadline_covers_headers_too(db):
    """The deadline starts with the request: a server that holds back its status line is cut by it too."""
    slow_headers = Reply(body=page(9), delay=DEADLINE * 5)
    with TestServer() as srv:
        sitemap = serve_site(srv, {"/news/late": slow_headers, "/news/1": Reply(body=page(1))})
        result = ingest([sitemap], db, settings(retries=0))
        hits = [seen.path for seen in srv.requests]
    assert result.articles_new == 1
    assert dict(result.skipped) == {"timeout": 1}
    assert hits.count("/news/late") == 1  # retries = 0: no second try for a timeout either


def test_slow_pages_page_slow_once_then_fast_is_stored_on_its_retry(db):
    with TestServer() as srv:
        pages = {f"/news/{n}": Reply(body=page(n)) for n in range(3)}
        moody = [drip(page(7)), Reply(body=page(7))]
        sitemap = serve_site(srv, {"/news/moody": moody, **pages})
        result = ingest([sitemap], db, settings())
        hits = [seen.path for seen in srv.requests]
    assert result.articles_new == 4
    assert dict(result.skipped) == {}
    assert hits.count("/news/moody") == 2
    assert hits[-1] == "/news/moody"  # its retry came after the host's other pages
    assert fetch_rows(db)[srv.url("/news/moody")][0] == "ok"
    text = db.con.execute("select text from articles where url = ?", [srv.url("/news/moody")]).fetchone()[0]
    assert "report 7" in text


def test_slow_pages_host_that_always_times_out_is_given_up_and_the_run_goes_on(db):
    with TestServer() as tarpit, TestServer() as good:
        slow = serve_site(tarpit, {f"/news/{n}": drip() for n in range(8)})
        fine = serve_site(good, {f"/news/{n}": Reply(body=page(n)) for n in range(8)})
        started = time.monotonic()
        result = ingest([slow, fine], db, settings(max_host_timeouts=3))
        seconds = time.monotonic() - started
        tarpit_hits = [seen.path for seen in tarpit.requests if seen.path != "/sitemap.xml"]
        tarpit_base = tarpit.base
    assert result.articles_new == 8  # every page of the good host
    assert len(tarpit_hits) == 3  # then the tarpit was given up: its 5 other pages never asked
    assert dict(result.skipped) == {"timeout": 3, "host_timeout": 5}
    assert result.hosts_given_up == [tarpit_base]
    assert any(f"gave up on host {tarpit_base} after 3 timeouts in a row" in e for e in result.errors)
    rows = fetch_rows(db)
    assert sum(1 for outcome, _ in rows.values() if outcome == "skipped") == 5
    assert all("timed out 3 times in a row" in rows[tarpit.url(f"/news/{n}")][1] for n in range(8))
    assert seconds < DRIP_SECONDS / 2


def test_slow_pages_timeouts_back_the_host_off(db):
    """Each timeout in a row makes the host wait backoff, 2 x backoff, ... before its next request."""
    backoff = 0.4
    with TestServer() as srv:
        sitemap = serve_site(srv, {f"/news/{n}": drip() for n in range(3)})
        ingest([sitemap], db, settings(backoff=backoff, max_host_timeouts=3, retries=0))
        times = [seen.at for seen in srv.requests if seen.path != "/sitemap.xml"]
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert len(times) == 3
    slack = 0.05  # the server logs a request when it arrives, a little after the client's clock starts it
    assert gaps[0] >= DEADLINE + backoff - slack and gaps[1] >= DEADLINE + 2 * backoff - slack


def test_slow_pages_cli_deadline_flag_sets_the_deadline(tmp_path):
    """`evclaims ingest --deadline S` (documented in --help) reaches the fetcher."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVCLAIMS_")}
    cli = [sys.executable, "-m", "pipeline.cli", "ingest"]
    helptext = subprocess.run([*cli, "--help"], capture_output=True, text=True, env=env, timeout=120).stdout
    assert "--deadline" in helptext and "headers and body" in helptext
    with TestServer() as srv:
        sitemap = serve_site(srv, {"/news/drip": drip(), "/news/1": Reply(body=page(1))})
        done = subprocess.run(
            [*cli, sitemap, "--allow-host", "127.0.0.1", "--delay", "0", "--deadline", "0.5", "--db", "x.duckdb"],
            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with store.connect(tmp_path / "x.duckdb", read_only=True) as s:
        reason = fetch_rows(s)[srv.url("/news/drip")][1]
        assert s.counts()["articles"] == 1
    assert "within the 0.5 s deadline" in reason
