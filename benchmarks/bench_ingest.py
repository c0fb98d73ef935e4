"""Ingestion quality and speed on NAEB (../shared/data/naeb), ours beside plain trafilatura, in one run.

Prints, for plain `trafilatura.bare_extraction(with_metadata=True)` and for our
`pipeline.ingest.page.extract_article`: exact publication day, exact title (after whitespace/case
normalisation), text word-level F1 (bag of words against the gold body), ms per page. Then
ingests the same pages from a local HTTP server (delay 0) into a fresh DuckDB store and prints
pages per second beside plain extraction's. Nothing is asserted: speed belongs here, not in tests.

    .venv/bin/python benchmarks/bench_ingest.py [--limit N] [--misses] [--no-ingest]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
SHARED = REPO.parent / "shared" / "data" / "naeb"


def strict_title(text: str | None) -> str:
    """The issue's rule: whitespace and case normalisation only."""
    return " ".join((text or "").casefold().split())


def norm_title(text: str | None) -> str:
    """Also Unicode NFKC and curly → straight quotes (same words, different typography)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.casefold().split())


def words(text: str | None) -> Counter:
    return Counter(re.findall(r"\w+", unicodedata.normalize("NFKC", text or "").casefold()))


def f1(pred: str | None, gold: str) -> float:
    p, g = words(pred), words(gold)
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def load_pages(limit: int | None) -> list[tuple[dict, bytes]]:
    gold = json.loads((SHARED / "news_articles.json").read_text("utf-8"))
    pages = []
    for record in gold:
        path = SHARED / "html" / f"{record['html_file']}.html.gz"
        if path.exists():
            pages.append((record, gzip.decompress(path.read_bytes())))
    return pages[:limit] if limit else pages


def score(
    name: str,
    results: list[tuple[dict, dict | None]],
    seconds: float,
    misses: bool,
    on_page: set[str] = frozenset(),
) -> dict:
    n = len(results)
    dated = [(g, r) for g, r in results if g.get("date")]
    day = sum(1 for g, r in dated if r and str(r.get("published") or "")[:10] == g["date"])
    title = sum(1 for g, r in results if r and norm_title(r.get("title")) == norm_title(g["title"]))
    strict = sum(1 for g, r in results if r and strict_title(r.get("title")) == strict_title(g["title"]))
    text_f1 = sum(f1(r.get("text") if r else None, g["text"]) for g, r in results) / n
    row = {
        "name": name,
        "pages": n,
        "day": day / len(dated),
        "title": strict / n,
        "title_quotes": title / n,
        "text_f1": text_f1,
        "ms_per_page": seconds / n * 1000,
    }
    if misses:
        for g, r in dated:
            got = str((r or {}).get("published") or "")[:10]
            if got != g["date"]:
                where = "on page" if g["html_file"] in on_page else "nowhere on page"
                print(
                    f"  date  {g['html_file']} gold {g['date']} ({where}) got {got} "
                    f"({(r or {}).get('date_source')}) {g['link']}"
                )
        for g, r in results:
            if norm_title((r or {}).get("title")) != norm_title(g["title"]):
                print(f"  title {g['html_file']} gold {g['title']!r} got {(r or {}).get('title')!r}")
    return row


def gold_day_on_page(record: dict, body: bytes) -> bool:
    """Whether the gold day is written anywhere in the page (ISO, slashes, or "Month D, YYYY").

    NAEB's dates are hand-made and noisy (e.g. 2023 for pages stamped 2024 everywhere); a gold day
    that appears nowhere on the page cannot be found by any extractor, so this bounds the score.
    """
    from datetime import date

    day = date.fromisoformat(record["date"])
    text = body.decode("utf-8", errors="replace")
    forms = [
        day.isoformat(),
        day.strftime("%Y/%m/%d"),
        f"{day.year}/{day.month}/{day.day}",
        day.strftime("%Y%m%d"),
        f"{day.strftime('%B')} {day.day}, {day.year}",
        f"{day.strftime('%b')} {day.day}, {day.year}",
        f"{day.day} {day.strftime('%B')} {day.year}",
        f"{day.month}/{day.day}/{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year}",
    ]
    return any(form in text for form in forms)


def plain(pages):
    import trafilatura

    out = []
    started = time.perf_counter()
    for record, body in pages:
        doc = trafilatura.bare_extraction(body, url=record["link"], with_metadata=True)
        out.append((record, {"published": doc.date, "title": doc.title, "text": doc.text} if doc else None))
    return out, time.perf_counter() - started


def ours(pages):
    from contract.errors import ExtractionError
    from pipeline.ingest.page import extract_article

    out = []
    started = time.perf_counter()
    for record, body in pages:
        try:
            out.append((record, extract_article(body, record["link"], min_text_chars=1)))
        except ExtractionError:
            out.append((record, None))
    return out, time.perf_counter() - started


def ingest_over_http(pages) -> tuple[float, dict]:
    """Serve the pages on 127.0.0.1 under their original paths, ingest a URL list, time it."""
    from urllib.parse import urlsplit

    from webserver import Reply, TestServer

    import store
    from pipeline.config import IngestSettings
    from pipeline.ingest import ingest

    routes = {}
    paths = []
    for i, (record, body) in enumerate(pages):
        path = f"/{i}{urlsplit(record['link']).path or '/'}"
        routes[path] = Reply(body=body)
        paths.append(path)
    with TestServer(routes) as server, tempfile.TemporaryDirectory() as tmp:
        settings = IngestSettings(delay=0.0, allow_hosts=["127.0.0.1"], respect_robots=True, min_text_chars=1)
        with store.connect(Path(tmp) / "bench.duckdb") as db:
            started = time.perf_counter()
            result = ingest([server.url(p) for p in paths], db, settings)
            seconds = time.perf_counter() - started
    return seconds, result.as_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--misses", action="store_true", help="list date and title misses of ours")
    parser.add_argument("--no-ingest", action="store_true", help="skip the HTTP ingest timing")
    args = parser.parse_args()
    pages = load_pages(args.limit)
    print(f"NAEB: {len(pages)} pages")
    plain_results, plain_s = plain(pages)
    our_results, our_s = ours(pages)
    on_page = {
        record["html_file"] for record, body in pages if record.get("date") and gold_day_on_page(record, body)
    }
    rows = [
        score("trafilatura", plain_results, plain_s, False),
        score("evclaims", our_results, our_s, args.misses, on_page),
    ]
    print(f"{'':12} {'day':>7} {'title':>7} {'title~':>7} {'text F1':>8} {'ms/page':>8}")
    for row in rows:
        print(
            f"{row['name']:12} {row['day']:7.1%} {row['title']:7.1%} {row['title_quotes']:7.1%} "
            f"{row['text_f1']:8.3f} {row['ms_per_page']:8.1f}"
        )
    on_page = {
        record["html_file"] for record, body in pages if record.get("date") and gold_day_on_page(record, body)
    }
    dated = sum(1 for record, _ in pages if record.get("date"))
    print(
        f"gold day written somewhere on the page: {len(on_page)}/{dated} = {len(on_page) / dated:.1%} (ceiling)"
    )
    for name, results in (("trafilatura", plain_results), ("evclaims", our_results)):
        right = sum(
            1
            for g, r in results
            if g["html_file"] in on_page and r and str(r.get("published") or "")[:10] == g["date"]
        )
        print(
            f"  {name:12} exact day where the gold day is on the page: {right}/{len(on_page)} = {right / len(on_page):.1%}"
        )
    if not args.no_ingest:
        seconds, stats = ingest_over_http(pages)
        plain_rate = len(pages) / plain_s
        rate = len(pages) / seconds
        print(
            f"ingest over HTTP (delay 0): {rate:.1f} pages/s vs plain trafilatura extraction {plain_rate:.1f} pages/s "
            f"= {rate / plain_rate:.2f}x; stored {stats['articles_new']}, duplicates {stats['duplicates']}, "
            f"skipped {stats['skipped']}"
        )


if __name__ == "__main__":
    main()
