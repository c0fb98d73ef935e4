"""The worst of the web and of local files, against real servers on 127.0.0.1 and real files.

Every hostile page or file is skipped with a counted, logged reason or stored correctly, and
memory stays bounded: ingestion runs in a subprocess that reports its own peak RSS.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from webserver import RawServer

import store
from pipeline.config import IngestSettings
from pipeline.ingest import ingest
from pipeline.ingest.warc import WarcArchive

REPO = Path(__file__).resolve().parent.parent
STORY = (
    "BYD sold 4.27 million vehicles in 2024, up 41 percent, the carmaker said on Thursday. "
    "Analysts said price competition in China remained fierce and margins were under pressure. "
)
BOMB_INFLATED = 400_000_000
"""A gzip bomb of about 400 KB that inflates to 400 MB."""
MAX_BYTES = 2_000_000
PAGES_RSS_GROWTH_MB = 100
"""Peak RSS growth allowed while ingesting the hostile pages (measured: 63-66 MB, of which ~24 MB is
any run's and ~37 MB the four charset pages). Without the bounded gzip decoder the bomb alone adds
~130 MB (httpx inflates a 64 KB network chunk at once)."""
FILES_RSS_GROWTH_MB = 60
"""The same for the hostile files (measured: 30 MB); reading the 100 MB file whole adds 200 MB+."""


# The child: ingest SOURCES into DB with SETTINGS; print counts, skip logs and peak RSS as JSON.
CHILD = r"""
import json, logging, sys
sys.path.insert(0, sys.argv[1])
def peak_mb():  # VmHWM: this program's own peak (ru_maxrss keeps the forking parent's RSS across exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
import store
from pipeline.config import IngestSettings
from pipeline.ingest import ingest
logged = []
class Catch(logging.Handler):
    def emit(self, record):
        if record.getMessage().startswith("skipped ("):
            logged.append(record.getMessage())
logging.getLogger("evclaims").addHandler(Catch())
logging.getLogger("evclaims").setLevel(logging.INFO)
settings = IngestSettings(**json.loads(sys.argv[4]))
from pipeline.ingest.page import extract_article
warm = "<html><body><article><p>" + "BYD sold 4.27 million vehicles in 2024. " * 20 + "</p></article></body></html>"
for extra, encoding in (("比亚迪", "gbk"), ("トヨタ", "shift_jis"), ("Straße", "latin-1"), ("", "utf-8")):
    # lazy imports and caches of a first extraction per charset are not the run's growth
    extract_article((warm + extra * 30).encode(encoding), "http://warm.test/a", min_text_chars=1)
with store.connect(sys.argv[2]) as s:
    before = peak_mb()
    result = ingest(json.loads(sys.argv[3]), s, settings)
    texts = dict(s.con.execute("select url, text from articles").fetchall())
peak = peak_mb()
print(json.dumps({"result": result.as_dict(), "texts": texts, "logged": logged,
                  "rss_before_mb": before, "rss_peak_mb": peak}, default=str))
"""


def run_child(db: Path, sources: list[str], **settings) -> dict:
    base = dict(delay=0.0, allow_hosts=["127.0.0.1"], timeout=1.0, deadline=3.0, retries=0, backoff=0.0,
                max_bytes=MAX_BYTES, respect_robots=False, concurrency=4)  # fmt: skip
    base.update(settings)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(REPO), str(db), json.dumps(sources), json.dumps(base, default=str)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def page(text: str, meta: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>EV news</title></head>"
        f"<body><article><h1>EV news</h1><p>{text}</p><p>{text}</p></article></body></html>"
    )


def gzip_bomb(size: int = BOMB_INFLATED) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * 4_000_000
    return b"".join(packer.compress(zeros) for _ in range(size // len(zeros))) + packer.flush()


def head(status: str = "200 OK", ctype: str = "text/html", **extra: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {ctype}", "Connection: close"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in extra.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def send(body: bytes, ctype: str = "text/html", **extra: str):
    def handler(conn, _head):
        conn.sendall(head(ctype=ctype, Content_Length=str(len(body)), **extra) + body)

    return handler


def drip_body(conn, _head):  # one byte a second, for at most 20 s
    conn.sendall(head(Content_Length="1000"))
    for _ in range(20):
        conn.sendall(b"x")
        time.sleep(1.0)


def drip_headers(conn, _head):  # the status line itself, one byte a second
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"[:20]:
        conn.sendall(bytes([byte]))
        time.sleep(1.0)


def endless_chunks(conn, _head):
    conn.sendall(head(Transfer_Encoding="chunked"))
    piece = b"4000\r\n" + b"<p>endless</p>".ljust(0x4000, b" ") + b"\r\n"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        conn.sendall(piece)


def huge_declared(conn, _head):
    conn.sendall(head(Content_Length=str(2 * 1024**3)) + b"<html><body>")
    time.sleep(3)


def not_tls(conn, _head):
    conn.sendall(b"this is not a TLS handshake\r\n" * 20)
    time.sleep(1)


LATIN1_TEXT = "Die Verkäufe von Elektroautos stiegen im ersten Quartal, sagte der Verband in Straßburg. " * 4
GBK_TEXT = "比亚迪第一季度销量增长百分之三十，公司表示出口继续扩大，分析人士认为竞争依然激烈。" * 4
SJIS_TEXT = "トヨタは第一四半期に電気自動車の販売を増やしたと発表した。輸出も拡大している。" * 4
MALFORMED = (
    "<html><head><title>Broken</title><body><div><p>" + STORY + "<p>" + STORY + "<table><tr><td>cell<td>"
    "</b></i></span></div></div></html><p>" + STORY + "<p>\x00\x0b<!-- unclosed comment <script>var x = '</p>"
).encode()


@pytest.fixture
def hostile_site():
    bomb = gzip_bomb()
    routes = {
        "/ok": send(page(STORY).encode()),
        "/malformed": send(MALFORMED),
        "/gbk": send(page(GBK_TEXT).encode("gbk")),  # no charset anywhere
        "/sjis": send(page(SJIS_TEXT).encode("shift_jis"), ctype="text/html"),
        "/latin1": send(
            page(LATIN1_TEXT, '<meta charset="utf-8">').encode("latin-1"), ctype="text/html; charset=utf-8"
        ),  # fmt: skip
        "/binary": send(random.Random(8).randbytes(50_000), ctype="text/html; charset=utf-8"),
        "/bomb": send(bomb, Content_Encoding="gzip"),
        "/huge": huge_declared,
        "/endless": endless_chunks,
        "/drip": drip_body,
        "/slow-headers": drip_headers,
        "/loop-a": lambda conn, _h: conn.sendall(head("302 Found", Location="/loop-b", Content_Length="0")),
        "/loop-b": lambda conn, _h: conn.sendall(head("302 Found", Location="/loop-a", Content_Length="0")),
    }

    def dispatch(conn, request):
        path = request.split(b" ", 2)[1].decode() if request.count(b" ") >= 2 else "/"
        handler = routes.get(path)
        if handler is None:
            conn.sendall(head("404 Not Found", "text/plain", Content_Length="0"))
        else:
            handler(conn, request)

    with RawServer(dispatch, max_seconds=60) as web, RawServer(not_tls, read_request=False) as tls:
        yield web, tls


def test_hostile_pages_are_skipped_with_reasons_and_memory_stays_bounded(hostile_site, tmp_path):
    web, tls = hostile_site
    paths = ["/ok", "/malformed", "/gbk", "/sjis", "/latin1", "/binary", "/bomb", "/huge", "/endless",
             "/drip", "/slow-headers", "/loop-a"]  # fmt: skip
    urls = [web.url(p) for p in paths] + [tls.url("/secure").replace("http:", "https:"),
                                          "http://no-such-host.invalid/news"]  # fmt: skip
    out = run_child(tmp_path / "h.duckdb", urls)
    result = out["result"]
    assert result["skipped"] == {"binary": 1, "too_large": 3, "timeout": 2, "redirect_loop": 1, "tls": 1,
                                 "dns": 1}, result["skipped"]  # fmt: skip
    assert len(out["logged"]) == sum(result["skipped"].values())
    assert result["articles_new"] == 5
    texts = {url.rsplit("/", 1)[1]: text for url, text in out["texts"].items()}
    assert set(texts) == {"ok", "malformed", "gbk", "sjis", "latin1"}
    assert "Verkäufe" in texts["latin1"] and "Straßburg" in texts["latin1"]
    assert "比亚迪第一季度" in texts["gbk"] and "電気自動車" in texts["sjis"]
    assert not any("\ufffd" in t for t in texts.values())
    assert "4.27 million" in texts["malformed"]
    growth = out["rss_peak_mb"] - out["rss_before_mb"]
    print(f"peak RSS {out['rss_peak_mb']:.0f} MB, grew {growth:.0f} MB during the run")
    assert growth < PAGES_RSS_GROWTH_MB, f"peak RSS grew {growth:.0f} MB"


def test_hostile_feed_and_sitemap_gzip_bombs_inflate_only_to_the_limit():
    from pipeline.ingest import listings

    bomb = gzip_bomb(200_000_000)
    out, complete = listings.gunzip_bounded(bomb, 1_000_000)
    assert len(out) == 1_000_000 and not complete
    assert len(listings.maybe_gunzip(bomb)) == listings.MAX_UNZIPPED
    assert listings.sniff_kind("http://x.test/sitemap.xml.gz", "application/gzip", bomb) == listings.UNKNOWN


def test_hostile_local_files_are_skipped_with_reasons_and_memory_stays_bounded(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "empty.html").write_bytes(b"")
    (folder / "binary.html").write_bytes(random.Random(1).randbytes(40_000))
    (folder / "binary.txt").write_bytes(random.Random(2).randbytes(40_000))
    (folder / "invalid-utf8.txt").write_bytes(STORY.encode() + b"\xff\xfe\xc3(" + STORY.encode())
    with open(folder / "big.txt", "wb") as big:  # 100 MB of text
        line = (STORY * 10).encode()
        for _ in range(100_000_000 // len(line) + 1):
            big.write(line)
    (folder / "bomb.html.gz").write_bytes(gzip_bomb(100_000_000))
    (folder / "notgzip.html.gz").write_bytes(b"<html>plain</html>")
    warc = folder / "cut.warc.gz"
    with WarcArchive(tmp_path, "cut") as archive:
        for i in range(3):
            archive.write(f"http://news.test/{i}", 200, [("Content-Type", "text/html")],
                          page(f"Story {i}. " + STORY).encode())  # fmt: skip
    data = archive.path.read_bytes()
    warc.write_bytes(data[: len(data) - 300])  # cut inside the third record
    out = run_child(tmp_path / "f.duckdb", [str(folder)])
    result = out["result"]
    assert result["skipped"] == {"no_text": 1, "binary": 2, "too_large": 2, "unreadable": 1,
                                 "warc_truncated": 1}, result["skipped"]  # fmt: skip
    assert len(out["logged"]) == sum(result["skipped"].values())
    stored = sorted(out["texts"])
    assert [u for u in stored if u.startswith("http://news.test/")] == [
        "http://news.test/0",
        "http://news.test/1",
    ]
    invalid = next(t for u, t in out["texts"].items() if u.endswith("invalid-utf8.txt"))
    assert "4.27 million" in invalid
    growth = out["rss_peak_mb"] - out["rss_before_mb"]
    print(f"peak RSS {out['rss_peak_mb']:.0f} MB, grew {growth:.0f} MB during the run")
    assert growth < FILES_RSS_GROWTH_MB, f"peak RSS grew {growth:.0f} MB"


def test_hostile_binary_page_is_not_stored(tmp_path):
    body = b"\x89PNG\r\n\x1a\n" + random.Random(3).randbytes(5000)
    with (
        RawServer(send(body, ctype="text/html; charset=utf-8")) as web,
        store.connect(tmp_path / "b.duckdb") as s,
    ):
        settings = IngestSettings(delay=0, allow_hosts=["127.0.0.1"], respect_robots=False, retries=0)
        url = web.url("/a/story")
        result = ingest([url], s, settings)
        assert result.skipped == {"binary": 1} and result.articles_new == 0
        fetch = s.query_df("select outcome, reason from fetches").to_dict("records")
    assert fetch == [{"outcome": "skipped", "reason": f"binary content, not HTML, at {url}"}]


def test_hostile_unresolvable_host_is_counted_as_dns_not_robots():
    # robots.txt of a host that does not resolve used to be "unreachable, so disallow everything",
    # which counted every page of the host under `robots`.
    from contract.errors import FetchError
    from pipeline.ingest.fetch import Fetcher

    with (
        Fetcher(IngestSettings(retries=0, respect_robots=True)) as fetcher,
        pytest.raises(FetchError) as info,
    ):
        fetcher.get("http://no-such-host.invalid/news/1")
    assert info.value.reason == "dns"
