"""Parsing pages from several threads at once, as the ingest pool does.

trafilatura parses with one module-level lxml parser; lxml parsers must not be shared
between threads, and sharing it aborted the interpreter in CI. Each thread gets its own.
"""

from __future__ import annotations

import gzip
import threading
from concurrent.futures import ThreadPoolExecutor

import trafilatura

from pipeline.ingest.page import _html_parser, extract_article, load_html


def test_articles_each_thread_parses_with_its_own_parser():
    seen: dict[str, object] = {}  # keeps the parsers alive, so ids cannot be reused

    def grab(name: str) -> None:
        assert _html_parser() is _html_parser()  # one per thread, reused
        seen[name] = _html_parser()

    threads = [threading.Thread(target=grab, args=(f"t{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(p) for p in seen.values()}) == 3


def test_articles_load_html_matches_trafilatura(shared_data):
    for page in sorted(shared_data("naeb", "html").glob("*.html.gz"))[:20]:
        body = gzip.decompress(page.read_bytes())
        ours, theirs = load_html(body), trafilatura.load_html(body)
        assert (ours is None) == (theirs is None), page.name
        if ours is not None:
            assert ours.text_content() == theirs.text_content(), page.name


def test_articles_extract_in_parallel_threads_gives_the_serial_result(shared_data):
    pages = [
        gzip.decompress(p.read_bytes()) for p in sorted(shared_data("naeb", "html").glob("*.html.gz"))[:24]
    ]

    def run(body: bytes):
        try:
            return extract_article(body, "https://news.test/a")["text"]
        except Exception as e:  # pages without article text raise ExtractionError: compare those too
            return type(e).__name__

    serial = [run(b) for b in pages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(run, pages))
    assert parallel == serial
