"""Soak run: PAGES pages from local servers on 127.0.0.1, 10% of them hostile, ingested and extracted.

The hostile pages mix every case of tests/test_hostile.py: gzip bombs, a 2 GB Content-Length, endless
chunked streams, bodies and headers dripping one byte a second, redirect loops, redirects to the cloud
metadata address, binary bodies served as text/html, malformed HTML, GBK / Shift-JIS / Latin-1-as-UTF-8
pages, 404s and 500s, a TLS port that speaks garbage and a host name that does not resolve. The pages
are spread over several ports (each port is a host, so one slow page holds up only its own host).
With `--sources one` (default) one sitemap lists every page on every host; with `--sources per-host`
each host's sitemap lists its own pages and every sitemap is a source of its own (as `ingest --all`
over feeds of different sites), so the run shows whether hosts are worked on side by side.

Prints pages handled, stored, skipped by reason, peak RSS, claims stored, crashes and times. Nothing
is asserted: speed and memory are measured here, correctness is in tests/test_hostile.py.

    .venv/bin/python benchmarks/bench_soak.py [--pages 10000] [--hosts 8] [--sources one|per-host] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import socket
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from local_site import QuietServer, SiteHandler  # noqa: E402 - beside this script

MAKERS = ["BYD", "Tesla", "Seres", "Aito", "NIO", "Xpeng", "Li Auto", "Zeekr", "Volkswagen", "BMW", "Geely"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
HOSTILE = ["bomb", "huge", "endless", "drip", "slowhead", "loop", "metadata", "binary", "malformed", "gbk", "sjis",
           "latin1", "missing", "error", "tls", "dns"]  # fmt: skip


def article_text(rng: random.Random, i: int) -> tuple[str, str]:
    maker, other = rng.sample(MAKERS, 2)
    month, year = rng.choice(MONTHS), rng.choice([2023, 2024, 2025])
    sentences = [
        f"{maker} sold {rng.randint(1_000, 400_000):,} vehicles in {month} {year}, the company said on Monday.",
        f"That was up {rng.randint(2, 90)} percent from a year earlier, while {other} delivered "
        f"{rng.randint(1_000, 200_000):,} units in the same month.",
        f"Analysts expect {maker} to sell more than {rng.randint(1, 5)}.{rng.randint(0, 9)} million cars in "
        f"{year + 1}, report {i}.",
        f"Its market share in China reached {rng.randint(1, 35)}.{rng.randint(0, 9)} percent in Q{rng.randint(1, 4)} "
        f"{year}.",
        "Price competition remained fierce and margins were under pressure, dealers said.",
    ]
    rng.shuffle(sentences)
    return f"{maker} sales report {i}", " ".join(sentences)


def page_html(title: str, text: str, meta: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head>{meta}<title>{title} - Soak News</title></head><body>"
        f"<article><h1>{title}</h1><p>{text}</p><p>{text[::-1][:200]}</p></article></body></html>"
    )


def gzip_bomb(size: int = 200_000_000) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * 4_000_000
    return b"".join(packer.compress(zeros) for _ in range(size // len(zeros))) + packer.flush()


class Site:
    """What each path serves: ('ok', i) or (hostile kind, i)."""

    def __init__(self, pages: int, hosts: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.kinds: list[str] = []
        for i in range(pages):
            self.kinds.append(HOSTILE[i // 10 % len(HOSTILE)] if i % 10 == 9 else "ok")
        self.hosts = hosts
        self.bomb = gzip_bomb()
        self.ports: list[int] = []

    def text(self, i: int) -> tuple[str, str]:
        return article_text(random.Random(i), i)


def make_handler(site: Site, tls_port_ref: list[int]):
    class Handler(SiteHandler):
        def do_GET(self) -> None:  # noqa: N802, C901 - one branch per hostile case
            path = self.path
            if path == "/robots.txt":
                return self.send(b"User-agent: *\nAllow: /\n", "text/plain")
            if path == "/sitemap.xml":
                return self.send(self.sitemap(), "application/xml")
            if path == "/own-sitemap.xml":
                return self.send(self.sitemap(self.server.server_address[1]), "application/xml")
            if not path.startswith("/p/"):
                return self.send(b"not found", "text/plain", 404)
            i = int(path.split("/")[2])
            kind = site.kinds[i]
            title, text = site.text(i)
            head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
            if kind == "ok":
                return self.send(page_html(title, text).encode())
            if kind == "malformed":
                return self.send(f"<html><head><title>{title}</title><body><div><p>{text}<p>{text}<table><td>x"
                                 "</b></i></div></div></html><!-- <script>".encode())  # fmt: skip
            if kind == "gbk":
                return self.send(
                    page_html(title, text + " 比亚迪销量增长百分之三十。").encode("gbk"), "text/html"
                )
            if kind == "sjis":
                return self.send(
                    page_html(title, text + " 電気自動車の販売を増やした。").encode("shift_jis"), "text/html"
                )
            if kind == "latin1":
                return self.send(page_html(title, text + " Verkäufe in Straßburg.").encode("latin-1"))
            if kind == "binary":
                return self.send(random.Random(i).randbytes(20_000))
            if kind == "bomb":
                return self.raw(f"{head}Content-Encoding: gzip\r\nContent-Length: {len(site.bomb)}\r\n\r\n".encode()
                                + site.bomb)  # fmt: skip
            if kind == "huge":
                return self.raw(f"{head}Content-Length: {2 * 1024**3}\r\n\r\n<html><body>".encode())
            if kind == "endless":
                self.raw(f"{head}Transfer-Encoding: chunked\r\n\r\n".encode())
                piece = b"4000\r\n" + b" " * 0x4000 + b"\r\n"
                deadline = time.monotonic() + 30
                with contextlib.suppress(OSError):
                    while time.monotonic() < deadline:
                        self.wfile.write(piece)
                return None
            if kind == "drip":
                self.raw(f"{head}Content-Length: 1000\r\n\r\n".encode())
                with contextlib.suppress(OSError):
                    for _ in range(10):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(1)
                return None
            if kind == "slowhead":
                with contextlib.suppress(OSError):
                    for byte in head.encode()[:10]:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(1)
                self.close_connection = True
                return None
            if kind == "loop":
                return self.send(
                    b"", status=302, Location=f"/p/{i}/again" if not path.endswith("again") else f"/p/{i}"
                )
            if kind == "metadata":
                return self.send(b"", status=302, Location="http://169.254.169.254/latest/meta-data/")
            if kind == "missing":
                return self.send(b"gone", "text/plain", 404)
            if kind == "error":
                return self.send(b"oops", "text/plain", 500)
            return self.send(b"not found", "text/plain", 404)

        def sitemap(self, port: int | None = None) -> bytes:
            """Every page, spread over the hosts; or (port given) the pages of this host, with
            the TLS and DNS pages going to the first and second host's sitemaps."""
            urls = []
            for i, kind in enumerate(site.kinds):
                owner = site.ports[i % site.hosts]
                if kind in ("tls", "dns"):
                    owner = site.ports[0 if kind == "tls" else 1 % site.hosts]
                if port is not None and owner != port:
                    continue
                if kind == "tls":
                    urls.append(f"https://127.0.0.1:{tls_port_ref[0]}/p/{i}")
                elif kind == "dns":
                    urls.append(f"http://soak-{i}.invalid/p/{i}")
                else:
                    urls.append(f"http://127.0.0.1:{site.ports[i % site.hosts]}/p/{i}")
            body = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
            return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}'
                    "</urlset>").encode()  # fmt: skip

    return Handler


def tls_garbage_server(stop: threading.Event) -> tuple[socket.socket, threading.Thread]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.settimeout(0.2)

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            with contextlib.suppress(OSError):
                conn.sendall(b"this is not TLS\r\n" * 10)
            conn.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return sock, thread


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=8, help="ports serving the pages (one host each)")
    parser.add_argument(
        "--sources",
        choices=["one", "per-host"],
        default="one",
        help="one sitemap listing every host, or one sitemap (source) per host",
    )
    parser.add_argument("--keep", type=Path, help="keep the database in this folder")
    args = parser.parse_args()

    import store
    from pipeline.config import IngestSettings
    from pipeline.extract import extract_store, make_extractor
    from pipeline.ingest import ingest

    site = Site(args.pages, args.hosts)
    stop = threading.Event()
    tls_sock, _ = tls_garbage_server(stop)
    tls_port = [tls_sock.getsockname()[1]]
    servers = []
    for _ in range(args.hosts):
        srv = QuietServer(("127.0.0.1", 0), make_handler(site, tls_port))
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        servers.append(srv)
    site.ports = [srv.server_address[1] for srv in servers]
    if args.sources == "one":
        sitemaps = [f"http://127.0.0.1:{site.ports[0]}/sitemap.xml"]
    else:
        sitemaps = [f"http://127.0.0.1:{port}/own-sitemap.xml" for port in site.ports]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="evclaims-soak-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "soak.duckdb"
    settings = IngestSettings(delay=0.0, allow_hosts=["127.0.0.1"], timeout=1.0, deadline=3.0, retries=0, backoff=0.0,
                              max_pages=args.pages, concurrency=args.hosts, max_bytes=5_000_000)  # fmt: skip
    crashes = 0
    started = time.monotonic()
    with store.connect(db) as s:
        try:
            result = ingest(sitemaps, s, settings)
        except Exception as exc:  # noqa: BLE001 - the figure we report: a crash ends the soak
            crashes += 1
            print(f"CRASH in ingest: {type(exc).__name__}: {exc}")
            raise
        ingest_seconds = time.monotonic() - started
        started = time.monotonic()
        extracted = extract_store(s, make_extractor())
        extract_seconds = time.monotonic() - started
        counts = s.counts()
    stop.set()
    for srv in servers:
        srv.shutdown()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kinds = Counter(site.kinds)
    handled = (
        result.articles_stored
        + result.unchanged
        + result.duplicates
        + sum(v for k, v in result.skipped.items() if k not in ("max_pages",))
    )
    print(f"pages served: {args.pages} ({args.pages - kinds['ok']} hostile: "
          + ", ".join(f"{k} {kinds[k]}" for k in HOSTILE) + f") on {args.hosts} hosts, "
          f"{len(sitemaps)} sitemap source(s)")  # fmt: skip
    print(f"pages handled: {handled}; stored {result.articles_stored} (new {result.articles_new}), "
          f"exact duplicates {result.duplicates}, near-duplicate clustered {result.near_duplicates}")  # fmt: skip
    print("skipped by reason: " + ", ".join(f"{k} {v}" for k, v in sorted(result.skipped.items())))
    print(f"claims stored: {counts['claims']} from {extracted.articles} articles "
          f"(extractor skips: {dict(extracted.skipped) or 'none'})")  # fmt: skip
    print(f"peak RSS: {peak_mb:.0f} MB (whole process: servers, ingest, spaCy extract)")
    print(f"crashes: {crashes}; page_crash pages: {result.skipped.get('page_crash', 0)}")
    print(f"time: ingest {ingest_seconds:.0f} s ({handled / ingest_seconds:.0f} pages/s), "
          f"extract {extract_seconds:.0f} s")  # fmt: skip
    print(f"load average (1, 5, 15 min) at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"database: {db}")


if __name__ == "__main__":
    main()
