"""The polite fetcher against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import time

import pytest
from webserver import Reply, TestServer, article_html, local_settings

from contract.errors import FetchError, RobotsDisallowed
from pipeline.config import IngestSettings
from pipeline.ingest.fetch import Fetcher, is_public_address, parse_retry_after

PAGE = article_html("Tesla cuts prices", "Tesla cut prices of the Model Y in China on Monday. " * 10)
ROBOTS = Reply(
    body=b"User-agent: *\nDisallow: /private\n\nUser-agent: badbot\nDisallow: /\n", content_type="text/plain"
)


def settings(**kw) -> IngestSettings:
    return local_settings(**{"timeout": 2.0, "retries": 2, **kw})


@pytest.fixture
def server():
    routes = {
        "/robots.txt": ROBOTS,
        "/page": Reply(body=PAGE, etag='"v1"'),
        "/gz": Reply(body=PAGE, gzip=True),
        "/private/secret": Reply(body=PAGE),
        "/flaky": [Reply(503, b"busy"), Reply(body=PAGE)],
        "/always503": Reply(503, b"busy"),
        "/ratelimited": [Reply(429, b"slow down", headers={"Retry-After": "1"}), Reply(body=PAGE)],
        "/longwait": Reply(429, b"slow down", headers={"Retry-After": "3600"}),
        "/slow": Reply(body=PAGE, delay=1.5),
        "/drip": Reply(body=PAGE, drip=0.12),
        "/loop-a": Reply(302, headers={"Location": "/loop-b"}),
        "/loop-b": Reply(302, headers={"Location": "/loop-a"}),
        "/hop1": Reply(301, headers={"Location": "/hop2"}),
        "/hop2": Reply(301, headers={"Location": "/page"}),
        "/big": Reply(body=b"<html><body>" + b"x" * 300_000 + b"</body></html>"),
        "/bigstream": Reply(stream_bytes=2_000_000),
        "/image.png": Reply(body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, content_type="image/png"),
        "/untyped": Reply(body=b"\x00\x01\x02" * 500, content_type=None),
        "/missing": Reply(404, b"nope", "text/plain"),
        "/to-private": Reply(302, headers={"Location": "/private/secret"}),
        "/to-metadata": Reply(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}),
    }
    with TestServer(routes) as srv:
        yield srv


def test_fetch_returns_body_status_and_validators(server):
    with Fetcher(settings()) as fetcher:
        result = fetcher.get(server.url("/page"))
    assert result.status == 200
    assert result.etag == '"v1"'
    assert b"Tesla cut prices" in result.body
    assert result.final_url == server.url("/page")


def test_fetch_sends_honest_user_agent_with_contact_url(server):
    with Fetcher(settings(contact_url="https://example.org/contact")) as fetcher:
        fetcher.get(server.url("/page"))
    agent = server.hits("/page")[0].headers["user-agent"]
    assert agent.startswith("evclaims/") and "https://example.org/contact" in agent


def test_fetch_decodes_gzip_bodies(server):
    with Fetcher(settings()) as fetcher:
        assert b"Tesla cut prices" in fetcher.get(server.url("/gz")).body


def test_fetch_conditional_get_gives_304(server):
    with Fetcher(settings()) as fetcher:
        result = fetcher.get(server.url("/page"), etag='"v1"')
    assert result.not_modified and result.body == b""
    assert server.hits("/page")[0].headers["if-none-match"] == '"v1"'


def test_fetch_robots_disallowed_path_is_refused_without_request(server):
    with Fetcher(settings()) as fetcher, pytest.raises(RobotsDisallowed, match="robots.txt disallows"):
        fetcher.get(server.url("/private/secret"))
    assert server.hits("/private/secret") == []
    assert len(server.hits("/robots.txt")) == 1


def test_fetch_robots_applies_to_redirect_targets(server):
    with Fetcher(settings()) as fetcher, pytest.raises(RobotsDisallowed, match="private/secret"):
        fetcher.get(server.url("/to-private"))
    assert server.hits("/private/secret") == []


def test_fetch_robots_group_for_our_agent_applies(server):
    with (
        Fetcher(settings(user_agent="badbot/1.0 (+https://example.org)")) as fetcher,
        pytest.raises(RobotsDisallowed),
    ):
        fetcher.get(server.url("/page"))


def test_fetch_robots_crawl_delay_spaces_requests():
    routes = {"/robots.txt": Reply(body=b"User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain")}
    routes.update({f"/p{i}": Reply(body=PAGE) for i in range(3)})
    with TestServer(routes) as srv, Fetcher(settings()) as fetcher:
        for i in range(3):
            fetcher.get(srv.url(f"/p{i}"))
        times = [srv.hits(f"/p{i}")[0].at for i in range(3)]
    assert times[1] - times[0] >= 0.28 and times[2] - times[1] >= 0.28


def test_fetch_per_host_delay_applies_between_requests(server):
    with Fetcher(settings(delay=0.25)) as fetcher:
        fetcher.get(server.url("/page"))
        fetcher.get(server.url("/gz"))
    assert server.hits("/gz")[0].at - server.hits("/page")[0].at >= 0.24


def test_fetch_retries_503_then_succeeds(server):
    with Fetcher(settings()) as fetcher:
        result = fetcher.get(server.url("/flaky"))
    assert result.status == 200 and result.attempts == 2


def test_fetch_gives_up_after_retries_on_persistent_503(server):
    with (
        Fetcher(settings(retries=2)) as fetcher,
        pytest.raises(FetchError, match="gave up after 3 attempts") as info,
    ):
        fetcher.get(server.url("/always503"))
    assert info.value.transient and info.value.reason == "http_503"
    assert len(server.hits("/always503")) == 3


def test_fetch_honours_retry_after_on_429(server):
    with Fetcher(settings()) as fetcher:
        started = time.monotonic()
        result = fetcher.get(server.url("/ratelimited"))
    assert result.status == 200
    assert time.monotonic() - started >= 0.9


def test_fetch_refuses_retry_after_beyond_cap(server):
    with (
        Fetcher(settings(max_retry_after=5)) as fetcher,
        pytest.raises(FetchError, match="exceeds max_retry_after"),
    ):
        fetcher.get(server.url("/longwait"))
    assert len(server.hits("/longwait")) == 1


def test_fetch_times_out_on_slow_page(server):
    with (
        Fetcher(settings(timeout=0.3, retries=0)) as fetcher,
        pytest.raises(FetchError, match=r"timeout \(ReadTimeout, 0.3 s\)") as info,
    ):
        fetcher.get(server.url("/slow"))
    assert info.value.transient and info.value.reason == "timeout"


def test_fetch_total_deadline_stops_a_dripping_body(server):
    """Each piece comes within the read timeout; the deadline for the whole response cuts it, and the
    fetcher does not retry a timeout itself (the ingest scheduler retries it after the host's other pages)."""
    with (
        Fetcher(settings(timeout=0.25, deadline=0.5, retries=2)) as fetcher,
        pytest.raises(FetchError, match="no complete response within the 0.5 s deadline") as info,
    ):
        fetcher.get(server.url("/drip"))
    assert info.value.transient and info.value.reason == "timeout"
    assert len(server.hits("/drip")) == 1


def test_fetch_detects_redirect_loop(server):
    with Fetcher(settings()) as fetcher, pytest.raises(FetchError, match="redirect loop") as info:
        fetcher.get(server.url("/loop-a"))
    assert info.value.reason == "redirect_loop"


def test_fetch_follows_redirects_within_limit(server):
    with Fetcher(settings()) as fetcher:
        result = fetcher.get(server.url("/hop1"))
    assert result.final_url == server.url("/page")
    with (
        Fetcher(settings(max_redirects=1)) as fetcher,
        pytest.raises(FetchError, match="more than 1 redirects"),
    ):
        fetcher.get(server.url("/hop1"))


def test_fetch_caps_body_size_by_content_length(server):
    with (
        Fetcher(settings(max_bytes=100_000)) as fetcher,
        pytest.raises(FetchError, match="exceeds max_bytes") as info,
    ):
        fetcher.get(server.url("/big"))
    assert info.value.reason == "too_large"


def test_fetch_caps_streamed_body_without_content_length(server):
    with (
        Fetcher(settings(max_bytes=200_000)) as fetcher,
        pytest.raises(FetchError, match="exceeds max_bytes"),
    ):
        fetcher.get(server.url("/bigstream"))


@pytest.mark.parametrize("path", ["/image.png", "/untyped"])
def test_fetch_refuses_binary_content(server, path):
    with Fetcher(settings()) as fetcher, pytest.raises(FetchError, match="content") as info:
        fetcher.get(server.url(path))
    assert info.value.reason == "content_type"


def test_fetch_http_error_is_not_transient(server):
    with Fetcher(settings()) as fetcher, pytest.raises(FetchError, match="HTTP 404") as info:
        fetcher.get(server.url("/missing"))
    assert not info.value.transient and info.value.status == 404
    assert len(server.hits("/missing")) == 1


def test_fetch_refuses_loopback_unless_allowed(server):
    with (
        Fetcher(settings(allow_hosts=[])) as fetcher,
        pytest.raises(FetchError, match="non-public address") as info,
    ):
        fetcher.get(server.url("/page"))
    assert info.value.reason == "private_address"
    assert server.requests == []


def test_fetch_refuses_redirect_to_cloud_metadata(server):
    with Fetcher(settings()) as fetcher, pytest.raises(FetchError, match="metadata") as info:
        fetcher.get(server.url("/to-metadata"))
    assert info.value.reason == "private_address"


@pytest.mark.parametrize(
    ("address", "public"),
    [("8.8.8.8", True), ("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.1", False), ("169.254.169.254", False),
     ("::1", False), ("fe80::1", False), ("::ffff:127.0.0.1", False), ("2606:4700::1111", True)],
)  # fmt: skip
def test_fetch_is_public_address(address, public):
    assert is_public_address(address) is public


def test_fetch_parse_retry_after_forms():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_fetch_records_raw_responses(server):
    seen = []
    with Fetcher(settings(), recorder=seen.append) as fetcher:
        fetcher.get(server.url("/page"))
    assert [(x.url.rsplit("/", 1)[1], x.status) for x in seen] == [("robots.txt", 200), ("page", 200)]
    assert b"Tesla cut prices" in seen[1].body


@pytest.mark.parametrize(
    "url", ["http://[bad/x", "http://127.0.0.1:99999/", "ftp://127.0.0.1/x", "mailto:a@b"]
)
def test_fetch_malformed_urls_are_fetch_errors(url):
    with Fetcher(settings()) as fetcher, pytest.raises(FetchError) as info:
        fetcher.get(url)
    assert info.value.reason == "bad_url"
