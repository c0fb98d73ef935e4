"""Security: no request to private, loopback, link-local or metadata addresses (by IP, by name, after
redirects) unless allow-listed; no SQL injection through CLI options; web strings never become paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli_errors import evclaims
from webserver import Reply, TestServer, article_html, local_settings

import store
from contract.errors import FetchError
from contract.spec import CLAIM_FIELDS
from pipeline.config import IngestSettings
from pipeline.ingest import ingest
from pipeline.ingest.fetch import Fetcher

PAGE = article_html("Seres sales", "Seres sold more than 80,000 units in Q1 2025, the company said. " * 5)


def settings(**kw) -> IngestSettings:
    return local_settings(**{"timeout": 1.0, "deadline": 3.0, "respect_robots": False, **kw})


@pytest.fixture
def server():
    with TestServer({"/page": Reply(body=PAGE)}) as srv:
        yield srv


@pytest.mark.parametrize(
    "host", ["localhost", "127.1", "2130706433", "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]"]
)
def test_security_private_addresses_by_any_spelling_are_refused(server, host):
    port = server.base.rsplit(":", 1)[1]
    with Fetcher(settings(allow_hosts=[])) as fetcher, pytest.raises(FetchError) as info:
        fetcher.get(f"http://{host}:{port}/page")
    assert info.value.reason in ("private_address", "bad_url"), info.value
    assert server.requests == []


@pytest.mark.parametrize(
    "target",
    ["http://169.254.169.254/latest/meta-data/iam/", "http://[::ffff:169.254.169.254]/latest/",
     "http://metadata.google.internal/computeMetadata/v1/", "http://10.0.0.1/admin", "http://[fd00:ec2::254]/",
     "http://127.0.0.2:{port}/page"],
)  # fmt: skip
def test_security_redirect_hops_to_private_addresses_are_refused(server, target):
    port = server.base.rsplit(":", 1)[1]
    server.routes["/hop"] = Reply(302, headers={"Location": target.format(port=port)})
    with Fetcher(settings(allow_hosts=["127.0.0.1"])) as fetcher, pytest.raises(FetchError) as info:
        fetcher.get(server.url("/hop"))
    assert info.value.reason == "private_address", info.value
    assert [r.path for r in server.requests] == ["/hop"]


def test_security_allow_listed_name_may_be_fetched(server):
    port = server.base.rsplit(":", 1)[1]
    with Fetcher(settings(allow_hosts=["localhost"])) as fetcher:
        assert fetcher.get(f"http://localhost:{port}/page").status == 200


def test_security_feed_listing_private_and_file_urls_is_skipped_per_url(server, tmp_path):
    port = server.base.rsplit(":", 1)[1]
    links = ["http://169.254.169.254/latest/meta-data/", "http://192.168.1.1/", f"http://127.0.0.3:{port}/page",
             "file:///etc/passwd", f"file://{tmp_path}/secret.html"]  # fmt: skip
    (tmp_path / "secret.html").write_bytes(PAGE)
    items = "".join(f"<item><title>x</title><link>{u}</link></item>" for u in links)
    server.routes["/feed.xml"] = Reply(
        body=f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode(),
        content_type="application/rss+xml",
    )
    with store.connect(tmp_path / "s.duckdb") as s:
        result = ingest([server.url("/feed.xml")], s, settings())
        stored = s.query_df("select count(*) n from articles")["n"][0]
    assert result.skipped == {"private_address": 3, "bad_url": 2}, result.skipped
    assert stored == 0 and [r.path for r in server.requests] == ["/feed.xml"]


@pytest.fixture
def claims_db(tmp_path):
    db = tmp_path / "c.duckdb"
    with store.connect(db) as s:
        s.load_articles([{"article_id": "a1", "url": "http://news.test/1", "text": "Aito sold 151,000 cars.",
                          "content_hash": "h1", "published": "2025-06-10", "title": "<script>alert(1)</script>"}])  # fmt: skip
        claim = dict.fromkeys(CLAIM_FIELDS) | {"article_id": "a1", "subject": "aito", "metric": "sales_volume",
                                                "value_low": 151000.0, "value_high": 151000.0, "unit": "vehicles",
                                                "sentence": "Aito sold 151,000 cars.", "start_char": 0,
                                                "end_char": 23}  # fmt: skip
        s.replace_claims([{"article_id": "a1", "content_hash": "h1"}], [claim], "v1")
    return db


def _counts(db: Path) -> dict:
    with store.connect(db, read_only=True) as s:
        return s.counts()


@pytest.mark.parametrize(
    ("args", "status"),
    [(["report", "--subject", "aito' OR '1'='1"], 2), (["report", "--subject", "aito'; DROP TABLE claims; --"], 2),
     (["report", "--since", "2025-01-01' OR 1=1 --"], 2), (["report", "--since", "2025-01-01; DELETE FROM claims"], 2),
     (["query", "select 1; drop table claims"], 2), (["query", "attach '/tmp/x.duckdb' as x"], 2),
     (["report", "--subject", "aito", "--format", "json"], 0)],
)  # fmt: skip
def test_security_sql_through_cli_options_changes_nothing(claims_db, tmp_path, args, status):
    before = _counts(claims_db)
    out = evclaims(*args, "--db", str(claims_db), cwd=tmp_path)
    assert out.returncode == status, out.stderr
    assert _counts(claims_db) == before and before["claims"] == 1


def test_security_export_folder_name_with_sql_quotes_is_only_a_folder(claims_db, tmp_path):
    folder = tmp_path / "x'); COPY articles TO 'leak.csv"
    out = evclaims("export", str(folder), "--db", str(claims_db), "--format", "csv", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert (folder / "articles.csv").exists() and not list(tmp_path.glob("leak*"))


def test_security_urls_never_become_file_paths(server, tmp_path):
    other = article_html("Aito sales", "Aito sold 151,000 vehicles in twelve months, the brand said. " * 5)
    escape = Reply(body=PAGE, headers={"Content-Disposition": "attachment; filename=../../x.warc.gz"})
    server.routes.update({"/../../escape.warc.gz": escape, "/escape.warc.gz": escape})  # httpx drops the dots
    server.routes["/a/..%2F..%2Fevil.warc.gz"] = Reply(body=other)
    archive = tmp_path / "archive"
    with store.connect(tmp_path / "p.duckdb") as s:
        result = ingest([server.url("/../../escape.warc.gz"), server.url("/a/..%2F..%2Fevil.warc.gz")], s,
                        settings(archive_dir=archive))  # fmt: skip
    assert result.articles_new == 2, (result, [r.path for r in server.requests])
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert [f for f in files if not f.startswith("p.duckdb")] == [f"archive/evclaims-{result.run_id}.warc.gz"]
