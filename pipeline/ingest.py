"""The ingest stage: sources (URLs, feeds, sitemaps, site roots, files, WARC) → articles in the store.

Discovery runs in the calling thread; fetching and extraction run in a thread pool of
`settings.concurrency` workers (the fetcher keeps one request at a time per host); the
calling thread alone deduplicates, clusters and writes to the store, in batches of
`settings.batch_size`, so a killed run keeps what it committed and a rerun skips it.
Every skip is counted in `IngestResult.skipped` under a short reason and logged:

    robots            robots.txt disallows the URL (also a redirect target)       info
    http_<code>       final HTTP status other than 200/304 (5xx/429 after retries) warning
    timeout, network, dns, tls, decode (bad Content-Encoding or corrupt gzip)       warning
    redirect_loop, too_many_redirects, bad_redirect, bad_url, private_address      warning
    too_large         body, file or inflated gzip over max_bytes                    warning
    content_type      not HTML (or not a feed/sitemap for a source URL)             warning
    too_short, no_text, unparseable, too_complex, not_article (crawled page)       info/warning
    binary            bytes that are no text (NUL or control bytes) served as HTML/text warning
    extract_crash     a parser raised: traceback logged, run continues             error
    already_stored    listed URL stored without ETag/Last-Modified (see refetch)   info
    max_pages, max_sitemaps                                                         info
    site_root         a home page without feed or sitemap and crawl off            info
    warc_http_<code>, warc_not_html, warc_empty, warc_truncated                    info/warning
    bad_source, empty_folder, unreadable                                           warning
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from trafilatura.meta import reset_caches

from pipeline import discover
from pipeline.articles import (
    ClusterIndex,
    canonical_url,
    containment,
    looks_binary,
    shingles,
    text_article,
)
from pipeline.config import IngestSettings, build_settings, load_sources, overrides_of
from pipeline.discover import Link
from pipeline.errors import (
    EvclaimsError,
    ExtractionError,
    FetchError,
    RobotsDisallowed,
    SourceError,
    StoreError,
)
from pipeline.extract_pool import ExtractionPool, resolve_processes
from pipeline.fetch import FEED_TYPES, HTML_TYPES, Fetcher, FetchResult, RawExchange
from pipeline.warcfiles import WarcArchive, WarcReadReport, is_warc_path, iter_responses, new_run_id

__all__ = ["IngestResult", "IngestSettings", "StoreLike", "ingest", "ingest_configured", "reprocess"]

log = logging.getLogger("evclaims.ingest")


class StoreLike(Protocol):
    """The store methods ingestion uses (`store.Store` has them; `content_hashes` and `con` optional)."""

    def fetch_state(self, urls: list[str]) -> dict[str, dict]: ...
    def simhashes(self) -> list[tuple[str, str, str]]: ...
    def load_articles(self, rows: list[dict]) -> int: ...
    def load_fetches(self, rows: list[dict]) -> int: ...


ProgressFn = Callable[[int, int, str], None]
"""progress(done, total, url): called after each URL or file is finished; total grows while discovering."""

LOCAL_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".txt", ".text", ".md")
ANY_TYPES = HTML_TYPES + FEED_TYPES
NEAR_DUP_CHECK_BITS = 14
"""SimHashes this close (but farther than near_dup_bits) are compared by shingle containment."""
MIN_CONTAINMENT = 0.7
"""Share of the shorter text's 3-gram shingles found in the other for a near-duplicate."""
RESET_EVERY = 2000
"""Pages between two clears of trafilatura's process-wide caches (memory on long runs)."""
SITE_ROOT = "site_root"
CRAWL_MIN_TEXT_CHARS = 250
"""A crawled page (not announced by a feed or sitemap) needs this much text to count as an article."""


@dataclass
class IngestResult:
    """Counts of one ingest run, for logs, the CLI summary and the `runs` row."""

    run_id: str = ""
    fetched: int = 0
    """HTTP responses with a body (200) for article pages and listings."""
    not_modified: int = 0
    """Conditional GETs answered 304: nothing extracted, nothing stored changed."""
    skipped: Counter = field(default_factory=Counter)
    """Reason → count of URLs, files or records not stored (robots, http_404, too_large, ...)."""
    articles_new: int = 0
    articles_updated: int = 0
    unchanged: int = 0
    """Re-fetched articles whose text hash did not change."""
    duplicates: int = 0
    """Pages not stored because the same text (or canonical URL) was already stored."""
    near_duplicates: int = 0
    """Stored articles that joined an existing near-duplicate cluster (syndicated copies)."""
    errors: list[str] = field(default_factory=list)
    """One line per failure (fetch errors, unreadable sources, broken WARC files)."""
    archive_path: str | None = None

    @property
    def articles_stored(self) -> int:
        return self.articles_new + self.articles_updated

    def merge(self, other: IngestResult) -> None:
        self.fetched += other.fetched
        self.not_modified += other.not_modified
        self.skipped.update(other.skipped)
        self.articles_new += other.articles_new
        self.articles_updated += other.articles_updated
        self.unchanged += other.unchanged
        self.duplicates += other.duplicates
        self.near_duplicates += other.near_duplicates
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["skipped"] = dict(self.skipped)
        return data


@dataclass
class _Job:
    """One unit of worker work: fetch a URL (or read a file/record) and extract it."""

    url: str
    source: str
    link: Link | None = None
    state: dict | None = None
    path: Path | None = None
    body: bytes | None = None
    response: FetchResult | None = None
    crawl_depth: int | None = None
    probe: bool = False
    """A source URL of unknown kind: feeds, sitemaps and crawl roots come back as listings."""


@dataclass
class _Outcome:
    job: _Job
    article: dict | None = None
    fetch_row: dict | None = None
    reason: str | None = None
    message: str | None = None
    links: list[str] = field(default_factory=list)
    not_modified: bool = False
    fetched: bool = False
    listing: str | None = None


class _Run:
    """State of one ingest run: fetcher, archive, dedup indexes, pending batches."""

    def __init__(
        self, store: StoreLike | None, settings: IngestSettings, progress: ProgressFn | None, run_id: str
    ) -> None:
        self.store = store
        self.settings = settings
        self.progress = progress
        self.result = IngestResult(run_id=run_id)
        self.archive: WarcArchive | None = None
        if settings.archive_dir is not None:
            self.archive = WarcArchive(settings.archive_dir, run_id)
            self.result.archive_path = str(self.archive.path)
        self.fetcher = Fetcher(settings, recorder=self._record if self.archive else None)
        self.extractor = ExtractionPool(resolve_processes(settings.extract_processes))
        self.pool = ThreadPoolExecutor(
            max_workers=max(1, settings.concurrency), thread_name_prefix="evclaims-ingest"
        )
        self._index: ClusterIndex | None = None
        self._hashes: dict[str, str] | None = None  # stored content_hash -> article_id, loaded once
        self._stored_ids: set[str] | None = None  # stored article ids, loaded once
        self.run_ids: dict[str, str] = {}  # article_id -> url, this run
        self.run_hashes: dict[str, str] = {}  # content_hash -> article_id, this run
        self.seen_urls: set[str] = set()  # canonical URLs queued this run
        self.pending_articles: list[dict] = []
        self.pending_fetches: list[dict] = []
        self.done = 0
        self.total = 0
        self._last_reset = 0
        self.listings: list[tuple[_Job, str, FetchResult]] = []

    # -- plumbing -------------------------------------------------------------------------------

    def _record(self, exchange: RawExchange) -> None:
        assert self.archive is not None
        self.archive.write(
            exchange.url,
            exchange.status,
            exchange.headers,
            exchange.body,
            exchange.request_headers,
            exchange.fetched_at,
        )

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.extractor.close()
            self.fetcher.close()
            if self.archive is not None:
                self.archive.close()

    @property
    def index(self) -> ClusterIndex:
        if self._index is None:
            rows = self.store.simhashes() if self.store is not None else []
            self._index = ClusterIndex(rows)
        return self._index

    def tick(self, url: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done), url)

    def skip(self, reason: str, message: str, *, error: bool = False) -> None:
        self.result.skipped[reason] += 1
        if error:
            self.result.errors.append(message)
            log.warning("skipped (%s): %s", reason, message)
        else:
            log.info("skipped (%s): %s", reason, message)

    def fetch_row(
        self,
        url: str,
        outcome: str,
        *,
        reason: str | None = None,
        response: FetchResult | None = None,
        status: int | None = None,
    ) -> dict:
        return {
            "fetch_id": uuid.uuid4().hex[:16],
            "run_id": self.result.run_id,
            "url": url,
            "final_url": response.final_url if response else None,
            "status": response.status if response else status,
            "outcome": outcome,
            "reason": reason,
            "etag": response.etag if response else None,
            "last_modified": response.last_modified if response else None,
            "content_type": response.content_type if response else None,
            "bytes": len(response.body) if response else None,
            "elapsed_ms": response.elapsed_ms if response else None,
            "fetched_at": response.fetched_at if response else datetime.now(UTC),
        }

    def _release_caches(self) -> None:
        """trafilatura/htmldate/courlan keep process-wide LRU caches that grow over long runs (their
        issue #216); clear them every RESET_EVERY stored or skipped pages."""
        if self.done - self._last_reset >= RESET_EVERY:
            self._last_reset = self.done
            reset_caches()

    def flush(self) -> None:
        """Write pending articles, then their fetch rows (one transaction each, in the store)."""
        if self.store is None:
            self.pending_articles.clear()
            self.pending_fetches.clear()
            return
        if self.pending_articles:
            stored = self.store.load_articles(self.pending_articles)
            log.info("stored a batch of %d articles (committed)", stored)
            self.pending_articles = []
        self._release_caches()
        if self.pending_fetches:
            self.store.load_fetches(self.pending_fetches)
            self.pending_fetches = []

    # -- sources --------------------------------------------------------------------------------

    def run_sources(self, sources: Sequence[str], source_name: str | None) -> None:
        """Local sources in order, then every URL source probed concurrently, then the listings found."""
        probes: list[_Job] = []
        for source in sources:
            path = _local_path(source)
            if path is not None:
                self.run_local(path, source_name)
                continue
            host = _host(source)
            if not source.lower().startswith(("http://", "https://")) or not host:
                self.skip("bad_source", f"not a URL, file or folder: {source}", error=True)
                continue
            name = source_name or host
            probes.append(_Job(url=source, source=name, probe=True))
        if not probes:
            return
        states = self.states([job.url for job in probes])
        for job in probes:
            job.state = states.get(job.url) or states.get(canonical_url(job.url))
            self.seen_urls.add(canonical_url(job.url))
        self.total += len(probes)
        self.listings = []
        self.submit_and_drain(probes)
        listings, self.listings = self.listings, []
        for job, kind, response in listings:
            self.run_listing(job, kind, response)

    def run_local(self, path: Path, source_name: str | None) -> None:
        """A file or a folder of files: HTML/text pages in batches through the pool, WARC, feeds, sitemaps."""
        files = [path]
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _is_ingestible(p))
            if not files:
                self.skip("empty_folder", f"no HTML, text or WARC files in {path}", error=True)
        jobs: list[_Job] = []
        for file in files:
            job = self.local_job(file, source_name)
            if job is not None:
                jobs.append(job)
            if len(jobs) >= 200:
                self.total += len(jobs)
                self.submit_and_drain(jobs)
                jobs = []
        self.total += len(jobs)
        self.submit_and_drain(jobs)

    def local_job(self, path: Path, source_name: str | None) -> _Job | None:
        """A job for a page file; WARC files, feeds and sitemaps are ingested right away (None)."""
        if is_warc_path(path):
            self.run_warc(path, source_name)
            return None
        cap = self.settings.max_bytes
        try:
            size = path.stat().st_size
            if size > cap:  # checked before reading: a 100 MB file must not be read into memory
                self.skip("too_large", f"file {path} of {size} bytes exceeds max_bytes {cap}", error=True)
                return None
            raw = path.read_bytes()
        except OSError as exc:
            self.skip("unreadable", f"cannot read {path}: {exc.strerror or exc}", error=True)
            return None
        if path.suffix == ".gz":
            if raw[:2] != b"\x1f\x8b":
                self.skip("unreadable", f"bad gzip file {path}: not gzip data", error=True)
                return None
            raw, complete = discover.gunzip_bounded(raw, cap)
            if not complete:
                self.skip("too_large", f"file {path} inflates beyond max_bytes {cap}", error=True)
                return None
        if not raw.strip():
            self.skip("no_text", f"empty file {path}")
            return None
        kind = discover.sniff_kind(path.name, "", raw)
        if kind == discover.FEED:
            self.run_links(discover.parse_feed(raw, path.as_uri()), source_name or path.stem)
            return None
        if kind == discover.SITEMAP:
            self.run_links(discover.parse_sitemap(raw, path.as_uri()).links, source_name or path.stem)
            return None
        return _Job(url=path.resolve().as_uri(), source=source_name or "file", path=path, body=raw)

    def run_warc(self, path: Path, source_name: str | None) -> None:
        report = WarcReadReport(path)
        jobs = []
        for record in iter_responses(path, report):
            if record.status is not None and record.status != 200:
                self.skip(f"warc_http_{record.status}", f"WARC record {record.url} has HTTP {record.status}")
                continue
            if len(record.body) > self.settings.max_bytes:
                self.skip(
                    "too_large", f"WARC record {record.url} body exceeds max_bytes {self.settings.max_bytes}"
                )
                continue
            kind = discover.sniff_kind(record.url, record.content_type, record.body)
            if kind != discover.HTML or not record.url.startswith(("http://", "https://")):
                self.skip(
                    "warc_not_html",
                    f"WARC record {record.url or '?'} is not an HTML page ({record.content_type})",
                )
                continue
            response = FetchResult(
                url=record.url,
                final_url=record.url,
                status=record.status or 200,
                content_type=record.content_type,
                body=record.body,
                headers=record.headers,
                etag=record.headers.get("etag"),
                last_modified=record.headers.get("last-modified"),
                elapsed_ms=0,
                fetched_at=record.date or datetime.now(UTC),
            )
            source = source_name or _host(record.url) or "warc"
            jobs.append(_Job(url=record.url, source=source, response=response))
            if len(jobs) >= 200:
                self.total += len(jobs)
                self.submit_and_drain(jobs)
                jobs = []
        self.total += len(jobs)
        self.submit_and_drain(jobs)
        for message in report.errors:
            self.skip("warc_truncated", message, error=True)
        if report.responses == 0 and not report.errors:
            self.skip("warc_empty", f"no HTTP response records in {path}")

    def run_listing(self, job: _Job, kind: str, response: FetchResult) -> None:
        """Ingest what a fetched feed, sitemap or crawl root leads to."""
        url, source = job.url, job.source
        if kind == discover.FEED:
            links = discover.parse_feed(response.body, response.final_url)
            self.listing_done(url, response, f"feed with {len(links)} items")
            self.run_links(links, source)
        elif kind == discover.SITEMAP:
            links = self.sitemap_links(response)
            self.listing_done(url, response, f"sitemap with {len(links)} URLs")
            self.run_links(links, source)
        elif kind == SITE_ROOT:
            self.run_site_root(job, response)
        else:
            self.crawl(url, response, source)

    def run_site_root(self, job: _Job, response: FetchResult) -> None:
        """A home page given without crawl: follow the feed it advertises, else the sitemaps its
        robots.txt names; else skip with advice."""
        feeds = discover.feed_links(response.body, response.final_url)
        if feeds:
            target, what = feeds[0], "feed"
        else:
            rules = self.fetcher.robots(response.final_url) if self.settings.respect_robots else None
            sitemaps = list(rules.sitemaps) if rules is not None else []
            if not sitemaps:
                self.pending_fetches.append(
                    self.fetch_row(job.url, "skipped", reason="site root", response=response)
                )
                self.skip(
                    "site_root",
                    f"{job.url} is a home page without a feed or sitemap; use crawl to follow links",
                )
                return
            target, what = sitemaps[0], "sitemap"
        self.listing_done(job.url, response, f"home page: following its {what} {target}")
        self.total += 1
        try:
            listing = self.fetcher.get(target, accept=ANY_TYPES)
        except (FetchError, RobotsDisallowed) as exc:
            self.fail(target, exc)
            self.tick(target)
            return
        self.result.fetched += 1
        kind = discover.sniff_kind(listing.final_url, listing.content_type, listing.body)
        if kind == discover.SITEMAP:
            links = self.sitemap_links(listing)
        else:
            links = discover.parse_feed(listing.body, listing.final_url)
        self.listing_done(target, listing, f"{what} with {len(links)} URLs")
        self.tick(target)
        self.run_links(links, job.source)

    def listing_done(self, url: str, response: FetchResult, what: str) -> None:
        log.info("%s: %s", url, what)
        self.pending_fetches.append(self.fetch_row(url, "ok", reason=what, response=response))

    def sitemap_links(self, response: FetchResult) -> list[Link]:
        """Links of a sitemap and, for an index, of its nested sitemaps (bounded by max_sitemaps)."""
        links: list[Link] = []
        queue = [response]
        visited = {response.final_url}
        fetched_maps = 0
        while queue:
            current = queue.pop(0)
            parsed = discover.parse_sitemap(current.body, current.final_url)
            links.extend(parsed.links)
            for child in parsed.sitemaps:
                if child in visited:
                    continue
                visited.add(child)
                if fetched_maps >= self.settings.max_sitemaps:
                    self.skip("max_sitemaps", f"nested sitemap {child} beyond max_sitemaps")
                    continue
                fetched_maps += 1
                try:
                    nested = self.fetcher.get(child, accept=ANY_TYPES)
                except (FetchError, RobotsDisallowed) as exc:
                    self.fail(child, exc)
                    continue
                self.result.fetched += 1
                self.pending_fetches.append(
                    self.fetch_row(child, "ok", reason="nested sitemap", response=nested)
                )
                queue.append(nested)
        # Newest first, so max_pages keeps the freshest articles.
        links.sort(key=lambda link: link.published.toordinal() if link.published else 0, reverse=True)
        return links

    def run_links(self, links: Iterable[Link], source: str) -> None:
        """Fetch and store the article URLs a feed or sitemap listed (at most max_pages, new ones only)."""
        fresh: list[Link] = []
        for link in links:
            key = canonical_url(link.url)
            if key in self.seen_urls:
                continue
            self.seen_urls.add(key)
            fresh.append(link)
        if len(fresh) > self.settings.max_pages:
            self.skip(
                "max_pages",
                f"{len(fresh) - self.settings.max_pages} listed URLs of {source} beyond max_pages",
            )
            self.result.skipped["max_pages"] += len(fresh) - self.settings.max_pages - 1
            fresh = fresh[: self.settings.max_pages]
        for start in range(0, len(fresh), 200):
            chunk = fresh[start : start + 200]
            states = self.states([link.url for link in chunk])
            jobs = []
            for link in chunk:
                state = states.get(link.url) or states.get(canonical_url(link.url))
                if (
                    state
                    and not (state.get("etag") or state.get("last_modified"))
                    and not self.settings.refetch
                ):
                    self.skip(
                        "already_stored", f"{link.url} is stored and has no validators for a conditional GET"
                    )
                    continue
                jobs.append(_Job(url=link.url, source=source, link=link, state=state))
            self.total += len(jobs)
            self.submit_and_drain(jobs)

    def states(self, urls: list[str]) -> dict[str, dict]:
        if self.store is None or not urls:
            return {}
        keys = list(dict.fromkeys(urls + [canonical_url(u) for u in urls]))
        return self.store.fetch_state(keys) or {}

    def crawl(self, root: str, response: FetchResult, source: str) -> None:
        """Breadth-first same-site crawl from a root page, article-looking links first, max_pages pages."""
        self.listing_done(root, response, "crawl root")
        self.seen_urls.add(canonical_url(root))
        self.seen_urls.add(canonical_url(response.final_url))
        frontier = self._new_links(discover.page_links(response.body, response.final_url))
        budget = self.settings.max_pages
        while frontier and budget > 0:
            frontier.sort(key=discover.crawl_priority)
            wave, frontier = frontier[:budget], frontier[budget:]
            budget -= len(wave)
            states = self.states(wave)
            jobs = [
                _Job(url=u, source=source, state=states.get(u) or states.get(canonical_url(u)), crawl_depth=1)
                for u in wave
            ]
            self.total += len(jobs)
            for outcome_links in self.submit_and_drain(jobs):
                frontier.extend(self._new_links(outcome_links))
        if frontier:
            self.skip("max_pages", f"crawl of {root} stopped at max_pages with {len(frontier)} URLs left")

    def _new_links(self, urls: Iterable[str]) -> list[str]:
        fresh = []
        for url in urls:
            key = canonical_url(url)
            if key not in self.seen_urls:
                self.seen_urls.add(key)
                fresh.append(url)
        return fresh

    # -- work -----------------------------------------------------------------------------------

    def submit_and_drain(self, jobs: list[_Job]) -> list[list[str]]:
        """Run jobs in the pool, handle each outcome in this thread as it completes; return found links."""
        found: list[list[str]] = []
        if not jobs:
            return found
        futures: set[Future] = set()
        limit = max(2, self.settings.concurrency * 2)
        pending = iter(jobs)
        for job in pending:
            futures.add(self.pool.submit(self.work, job))
            if len(futures) >= limit:
                done, futures = wait(futures, return_when=FIRST_COMPLETED)
                for future in done:
                    found.append(self.handle(future.result()))
        for future in _as_done(futures):
            found.append(self.handle(future.result()))
        self.flush()
        return found

    def work(self, job: _Job) -> _Outcome:
        """Worker thread: fetch (conditionally) and extract one job. Never raises for expected failures."""
        outcome = _Outcome(job)
        response = job.response
        try:
            if job.path is not None:
                return self._work_file(job, outcome)
            if response is None:
                state = job.state or {}
                response = self.fetcher.get(
                    job.url,
                    etag=state.get("etag"),
                    last_modified=state.get("last_modified"),
                    accept=ANY_TYPES if job.probe else HTML_TYPES,
                )
                if response.not_modified:
                    outcome.not_modified = True
                    outcome.fetch_row = self.fetch_row(job.url, "not_modified", response=response)
                    return outcome
                outcome.fetched = True
            job.response = response
            if job.probe:
                kind = discover.sniff_kind(response.final_url, response.content_type, response.body)
                if kind in (discover.FEED, discover.SITEMAP) or (
                    kind == discover.HTML and self.settings.crawl
                ):
                    outcome.listing = kind
                    return outcome
                if kind == discover.HTML and urlsplit(response.final_url).path in ("", "/"):
                    outcome.listing = SITE_ROOT  # a home page is not an article: look for its feed
                    return outcome
                if kind not in (discover.HTML, discover.TEXT):
                    raise FetchError(
                        f"unsupported source content at {job.url} ({response.content_type or 'unknown'})",
                        url=job.url,
                        reason="content_type",
                    )
            if job.crawl_depth is not None:
                outcome.links = discover.page_links(response.body, response.final_url)
            if (
                response.content_type == "text/plain"
                or discover.sniff_kind(response.final_url, response.content_type, response.body)
                == discover.TEXT
            ):
                if looks_binary(response.body):
                    raise ExtractionError(f"binary content, not text, at {job.url}", reason="binary")
                text = response.body.decode("utf-8", errors="replace")
                outcome.article = text_article(
                    text, job.url, source=job.source, min_text_chars=self.settings.min_text_chars
                )
                outcome.article.update(
                    final_url=response.final_url, http_status=response.status, fetched_at=response.fetched_at
                )
            else:
                link = job.link or Link(job.url)
                outcome.article = self.extractor.extract(
                    response.body,
                    job.url,
                    final_url=response.final_url,
                    source=job.source,
                    hint_date=link.published,
                    hint_date_source=link.date_source,
                    hint_title=link.title,
                    fetched_at=response.fetched_at,
                    http_status=response.status,
                    etag=response.etag,
                    last_modified=response.last_modified,
                    min_text_chars=self._min_chars(job),
                )
            outcome.fetch_row = self.fetch_row(job.url, "ok", response=response)
        except (FetchError, RobotsDisallowed) as exc:
            outcome.reason = exc.context.get("reason", type(exc).__name__)
            outcome.message = exc.message
            outcome.fetch_row = self.fetch_row(
                job.url,
                "skipped" if isinstance(exc, RobotsDisallowed) else "error",
                reason=exc.message,
                status=exc.context.get("status"),
            )
        except ExtractionError as exc:
            outcome.reason = (
                "not_article" if job.crawl_depth is not None else exc.context.get("reason", "no_text")
            )
            outcome.message = exc.message
            outcome.fetch_row = self.fetch_row(job.url, "skipped", reason=exc.message, response=response)
        except (StoreError, OSError):
            raise  # the archive or the database cannot be written (disk full): the run must stop, not skip
        except Exception as exc:  # noqa: BLE001 - one page that breaks a parser must not end the run
            # Not swallowed: logged with its traceback, counted as `extract_crash`, and a fetch row is kept.
            log.error("extraction crashed on %s", job.url, exc_info=True)
            outcome.reason = "extract_crash"
            first = str(exc).splitlines()[0] if str(exc) else ""
            outcome.message = f"{type(exc).__name__} while extracting {job.url}: {first}".rstrip(": ")
            outcome.fetch_row = self.fetch_row(job.url, "error", reason=outcome.message, response=response)
        return outcome

    def _min_chars(self, job: _Job) -> int:
        if job.crawl_depth is not None:
            return max(self.settings.min_text_chars, CRAWL_MIN_TEXT_CHARS)
        return self.settings.min_text_chars

    def _work_file(self, job: _Job, outcome: _Outcome) -> _Outcome:
        assert job.path is not None and job.body is not None
        name = job.path.name.lower().removesuffix(".gz")
        if name.endswith((".txt", ".text", ".md")):
            if looks_binary(job.body):
                raise ExtractionError(f"binary content, not text, in {job.path}", reason="binary")
            text = job.body.decode("utf-8", errors="replace")
            outcome.article = text_article(text, job.url, source=job.source, min_text_chars=1)
        else:
            outcome.article = self.extractor.extract(
                job.body, job.url, source=job.source, min_text_chars=self.settings.min_text_chars
            )
        return outcome

    def fail(self, url: str, exc: EvclaimsError) -> None:
        reason = exc.context.get("reason") or type(exc).__name__
        outcome = "skipped" if isinstance(exc, RobotsDisallowed) else "error"
        self.pending_fetches.append(
            self.fetch_row(url, outcome, reason=exc.message, status=exc.context.get("status"))
        )
        self.skip(str(reason), exc.message, error=not isinstance(exc, RobotsDisallowed))

    def handle(self, outcome: _Outcome) -> list[str]:
        """Main thread: count, dedup, cluster and queue one outcome for the store."""
        job = outcome.job
        try:
            if outcome.fetched:
                self.result.fetched += 1
            if outcome.listing is not None:
                assert job.response is not None
                self.listings.append((job, outcome.listing, job.response))
                return outcome.links
            if outcome.not_modified:
                self.result.not_modified += 1
                self.pending_fetches.append(outcome.fetch_row)
                return outcome.links
            if outcome.reason is not None:
                if outcome.fetch_row is not None:
                    self.pending_fetches.append(outcome.fetch_row)
                is_error = outcome.reason not in ("robots", "not_article", "too_short", "no_text")
                self.skip(outcome.reason, outcome.message or job.url, error=is_error)
                return outcome.links
            article = outcome.article
            assert article is not None
            verdict = self.accept(article, job.state)
            if outcome.fetch_row is not None:
                if verdict == "duplicate":
                    outcome.fetch_row["outcome"] = "duplicate"
                    outcome.fetch_row["reason"] = (
                        f"same text or URL as an article already stored ({article['url']})"
                    )
                self.pending_fetches.append(outcome.fetch_row)
            if len(self.pending_articles) >= self.settings.batch_size:
                self.flush()
            return outcome.links
        finally:
            self.tick(job.url)

    def accept(self, article: dict, state: dict | None) -> str:
        """Dedup by canonical URL and exact text, cluster near-duplicates; queue the row. Returns the verdict."""
        aid = article["article_id"]
        chash = article["content_hash"]
        if aid in self.run_ids:
            self.result.duplicates += 1
            log.info("duplicate: %s has the same canonical URL as %s", article["url"], self.run_ids[aid])
            return "duplicate"
        stored_owner = self._stored_hash_owner(chash)
        owner = self.run_hashes.get(chash) or stored_owner
        if owner and owner != aid:
            self.result.duplicates += 1
            log.info("duplicate: %s has the same text as article %s", article["url"], owner)
            return "duplicate"
        self.run_ids[aid] = article["url"]
        self.run_hashes[chash] = aid
        known = state is not None and state.get("article_id") == aid
        if (known and state.get("content_hash") == chash) or stored_owner == aid:
            self.result.unchanged += 1
            verdict = "unchanged"
        elif known or self._stored(aid):
            self.result.articles_updated += 1
            verdict = "updated"
        else:
            self.result.articles_new += 1
            verdict = "new"
        article["cluster_id"] = self.cluster(article)
        if article["cluster_id"] != aid and verdict == "new":
            self.result.near_duplicates += 1
        self.pending_articles.append(article)
        return verdict

    def cluster(self, article: dict) -> str:
        """Cluster id: kept for a known article; else that of a near-duplicate (close SimHash, or a
        farther one whose text mostly contains this one); else the article's own id."""
        aid, sh = article["article_id"], article["simhash"]
        chosen = self.index.cluster_of(aid)
        if chosen is None:
            mine: set[str] | None = None
            for dist, other, cluster in self.index.candidates(sh, NEAR_DUP_CHECK_BITS, exclude=aid):
                if dist <= self.settings.near_dup_bits:
                    chosen = cluster
                    break
                other_text = self._text_of(other)
                if other_text is None:
                    continue
                mine = mine if mine is not None else shingles(article["text"])
                if containment(mine, shingles(other_text)) >= MIN_CONTAINMENT:
                    chosen = cluster
                    break
        chosen = chosen or aid
        self.index.add(aid, sh, chosen)
        return chosen

    def _text_of(self, aid: str) -> str | None:
        for row in self.pending_articles:
            if row["article_id"] == aid:
                return row["text"]
        con = getattr(self.store, "con", None)
        if con is None:
            return None
        row = con.execute("SELECT text FROM articles WHERE article_id = ?", [aid]).fetchone()
        return row[0] if row else None

    def _stored_hash_owner(self, chash: str) -> str | None:
        """The stored article with exactly this text, if any (hashes loaded once per run)."""
        if self._hashes is None:
            loader = getattr(self.store, "content_hashes", None)
            self._hashes = loader() if loader is not None else {}
        return self._hashes.get(chash)

    def _stored(self, aid: str) -> bool:
        """Whether an article id is already stored (ids loaded once per run: one query, not one per page)."""
        if self._stored_ids is None:
            con = getattr(self.store, "con", None)
            rows = con.execute("SELECT article_id FROM articles").fetchall() if con is not None else []
            self._stored_ids = {row[0] for row in rows}
        return aid in self._stored_ids


def _as_done(futures: set[Future]) -> Iterator[Future]:
    while futures:
        done, futures = wait(futures, return_when=FIRST_COMPLETED)
        yield from done


def _host(url: str) -> str:
    """Host name without www (empty for a malformed URL): the default source name."""
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def _local_path(source: str) -> Path | None:
    if source.startswith("file://"):
        return Path(unquote(urlsplit(source).path))
    if "://" in source:
        return None
    path = Path(source).expanduser()
    if path.exists():
        return path
    raise SourceError(f"no such file or folder: {source}", source=source)


def _is_ingestible(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith("."):
        return False
    return (
        name.endswith(LOCAL_SUFFIXES)
        or is_warc_path(path)
        or name.endswith((".rss", ".atom", ".xml", ".xml.gz"))
    )


def ingest(
    sources: Sequence[str],
    store: StoreLike | None,
    settings: IngestSettings | None = None,
    *,
    source_name: str | None = None,
    progress: ProgressFn | None = None,
    run_id: str | None = None,
) -> IngestResult:
    """Ingest every SOURCE (article URL, feed, sitemap, site root with crawl, file, folder, WARC).

    `store` is a `store.Store` (or None for a dry run that stores nothing). Raises SourceError
    only for a source that names a missing local path; everything else is counted per URL.
    """
    settings = settings or IngestSettings()
    run = _Run(store, settings, progress, run_id or new_run_id())
    log.info("ingest run %s: %d source(s)", run.result.run_id, len(sources))
    try:
        run.run_sources([str(source) for source in sources], source_name)
    finally:
        run.close()
    result = run.result
    log.info(
        "ingest run %s: %d new, %d updated, %d unchanged, %d duplicates, %d not modified, skipped %s",
        result.run_id, result.articles_new, result.articles_updated, result.unchanged, result.duplicates,
        result.not_modified, dict(result.skipped),
    )  # fmt: skip
    return result


def ingest_configured(
    config_path: str | Path,
    store: StoreLike | None,
    settings_overrides: dict[str, Any] | IngestSettings | None = None,
    *,
    only: Sequence[str] | None = None,
    progress: ProgressFn | None = None,
) -> IngestResult:
    """`evclaims ingest --all`: every source of sources.toml with its own settings (CLI overrides win)."""
    config = load_sources(config_path)
    wanted = set(only or [])
    unknown = wanted - {s.name for s in config.sources}
    if unknown:
        from pipeline.errors import ConfigError

        raise ConfigError(
            f"unknown source {', '.join(sorted(unknown))} in {config.path}; known: "
            + ", ".join(s.name for s in config.sources)
        )
    total = IngestResult(run_id=new_run_id())
    for source in config.sources:
        if wanted and source.name not in wanted:
            continue
        settings = build_settings(config.settings, source.settings, overrides_of(settings_overrides))
        log.info("source %s: %s", source.name, ", ".join(source.urls))
        result = ingest(
            source.urls, store, settings, source_name=source.name, progress=progress, run_id=total.run_id
        )
        total.merge(result)
        total.archive_path = total.archive_path or result.archive_path
    return total


def reprocess(
    store: StoreLike | None, warc_paths: Sequence[str | Path], settings: IngestSettings | None = None
) -> IngestResult:
    """`evclaims reprocess`: re-extract articles from archived WARC files without fetching anything."""
    settings = settings or IngestSettings()
    settings = IngestSettings(**{**asdict(settings), "archive_dir": None})
    return ingest([str(p) for p in warc_paths], store, settings)
