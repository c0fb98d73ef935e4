"""Issue 15's site: 40 real news pages and seven hostile ones on one host, crawled as a new user would.

The pages are 40 NAEB news pages (`../shared/data/naeb/html/*.html.gz`, the first 40 by name); the
traps are a gzip bomb, a redirect loop, a 2 GB Content-Length, a binary body, a GBK page labelled
UTF-8, a redirect to the cloud metadata address and a page that drips three bytes a second for two
minutes. One sitemap lists all 47 on 127.0.0.1 (the drip page early, so its host's other pages queue
behind it). The run is the real command in a fresh folder (no sources.toml, no EVCLAIMS_* variables),
so every setting is its default apart from the two flags:

    evclaims ingest http://127.0.0.1:PORT/sitemap.xml --allow-host 127.0.0.1 --delay 0

Prints the wall time, the pages stored, the skips by reason and the drip page's fetch row. Nothing
is asserted (tests/test_slow_pages.py checks the behaviour with short deadlines); the issue asks for
under 90 s with all 40 pages stored and the drip page skipped as `timeout`.

    .venv/bin/python benchmarks/bench_slow_site.py [--drip-seconds 120] [--give-up 600] [--flags ...]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

from local_site import QuietServer, SiteHandler

REPO = Path(__file__).resolve().parent.parent
NAEB = REPO.parent / "shared" / "data" / "naeb" / "html"
GOOD_PAGES = 40
TRAPS = ["drip", "bomb", "loop", "huge", "binary", "gbk", "metadata"]
GBK_TEXT = "比亚迪第一季度销量增长百分之三十，公司表示出口继续扩大，分析人士认为竞争依然激烈。" * 8


def gzip_bomb(size: int = 400_000_000) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * 4_000_000
    return b"".join(packer.compress(zeros) for _ in range(size // len(zeros))) + packer.flush()


class Site:
    """The 47 paths and what each serves; the drip lasts `drip_seconds` at three bytes a second."""

    def __init__(self, drip_seconds: float) -> None:
        files = sorted(NAEB.glob("*.html.gz"))[:GOOD_PAGES]
        if len(files) < GOOD_PAGES:
            raise SystemExit(f"need {GOOD_PAGES} NAEB pages in {NAEB}, found {len(files)}")
        self.pages = {
            f"/news/{f.name.removesuffix('.html.gz')}.html": gzip.decompress(f.read_bytes()) for f in files
        }
        self.drip_seconds = drip_seconds
        self.bomb = gzip_bomb()
        paths = list(self.pages)
        # The traps spread through the listing, the drip page second: its host's pages wait behind it.
        for n, trap in enumerate(TRAPS):
            paths.insert(1 + n * 6, f"/trap/{trap}")
        self.order = paths

    def sitemap(self, base: str) -> bytes:
        body = "".join(f"<url><loc>{base}{p}</loc></url>" for p in self.order)
        return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">{body}</urlset>').encode()  # fmt: skip


def make_handler(site: Site):
    class Handler(SiteHandler):
        def do_GET(self) -> None:  # noqa: N802, C901 - one branch per trap
            path = self.path
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if path == "/sitemap.xml":
                return self.send(site.sitemap(base), "application/xml")
            if path in site.pages:
                return self.send(site.pages[path])
            head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
            if path == "/trap/drip":
                self.raw(f"{head}Content-Length: 100000\r\n\r\n".encode())
                stop = time.monotonic() + site.drip_seconds
                with contextlib.suppress(OSError):
                    while time.monotonic() < stop:
                        self.wfile.write(b"<p>")
                        self.wfile.flush()
                        time.sleep(1.0)
                return None
            if path == "/trap/bomb":
                return self.raw(f"{head}Content-Encoding: gzip\r\nContent-Length: {len(site.bomb)}\r\n\r\n".encode()
                                + site.bomb)  # fmt: skip
            if path.startswith("/trap/loop"):
                return self.send(
                    b"", status=302, Location="/trap/loop-b" if path == "/trap/loop" else "/trap/loop"
                )
            if path == "/trap/huge":
                self.raw(f"{head}Content-Length: {2 * 1024**3}\r\n\r\n<html><body>".encode())
                return None
            if path == "/trap/binary":
                return self.send(random.Random(15).randbytes(50_000), "text/html")
            if path == "/trap/gbk":
                page = f"<html><head><title>比亚迪</title></head><body><article><p>{GBK_TEXT}</p></article></body></html>"
                return self.send(page.encode("gbk"), "text/html; charset=utf-8")
            if path == "/trap/metadata":
                return self.send(b"", status=302, Location="http://169.254.169.254/latest/meta-data/")
            return self.send(b"not found", "text/plain", 404)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--drip-seconds", type=float, default=120.0, help="how long the drip page drips")
    parser.add_argument("--give-up", type=float, default=600.0, help="kill the run after this many seconds")
    parser.add_argument("--flags", nargs=argparse.REMAINDER, default=[], help="more evclaims ingest flags")
    args = parser.parse_args()

    import duckdb

    site = Site(args.drip_seconds)
    server = QuietServer(("127.0.0.1", 0), make_handler(site))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    sitemap = f"http://127.0.0.1:{server.server_address[1]}/sitemap.xml"
    folder = Path(tempfile.mkdtemp(prefix="evclaims-slow-site-"))
    db = folder / "site.duckdb"
    command = [str(REPO / ".venv" / "bin" / "evclaims"), "ingest", sitemap, "--allow-host", "127.0.0.1",
               "--delay", "0", "--db", str(db), *args.flags]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVCLAIMS_")}
    print("$ " + " ".join(["evclaims", *command[1:]]))
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, cwd=folder, env=env, capture_output=True, text=True, timeout=args.give_up
        )
        code, summary = done.returncode, done.stderr.strip().splitlines()
    except subprocess.TimeoutExpired:
        code, summary = None, [f"killed after {args.give_up:.0f} s"]
    seconds = time.monotonic() - started
    server.shutdown()
    print(f"wall time: {seconds:.1f} s (exit {code})")
    text = " ".join(line.strip() for line in summary)  # rich wraps the summary line
    print("summary: " + text[text.find("ingest:") :].split(", errors [")[0])
    if code is None:
        return
    con = duckdb.connect(str(db), read_only=True)
    good = [p for p in site.order if p.startswith("/news/")]
    stored = {row[0] for row in con.execute("select url from articles").fetchall()}
    print(f"good pages stored: {sum(1 for p in good if any(u.endswith(p) for u in stored))} of {len(good)}; "
          f"articles in the store: {len(stored)}")  # fmt: skip
    rows = con.execute(
        "select url, outcome, reason from fetches where url like '%/trap/%' order by url"
    ).fetchall()
    for url, outcome, reason in rows:
        print(f"  {url.split('/', 3)[3]:<15} {outcome:<9} {reason}")
    print(f"load average (1, 5, 15 min) at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(json.dumps({"seconds": round(seconds, 1), "stored": len(stored)}))


if __name__ == "__main__":
    sys.exit(main())
