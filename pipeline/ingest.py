"""The ingest stage: sources (URLs, feeds, sitemaps, site roots, files, WARC) → articles in the store.

Every source of a run is worked on at once: the calling thread keeps one queue of jobs per host
(source URLs, nested sitemaps, listed or crawled pages) and hands a thread pool the next job of
each host in turn, only when that host has no request in flight and its delay has passed, at most
`settings.concurrency` requests at a time; workers fetch, then extract pages or parse listings.
The calling thread alone queues what listings lead to, deduplicates, clusters and writes to the
store, in batches of `settings.batch_size`, so a killed run keeps what it committed and a rerun
skips it.
Every skip is counted in `IngestResult.skipped` under a short reason and logged:

    robots            robots.txt disallows the URL (also a redirect target)       info
    http_<code>       final HTTP status other than 200/304 (5xx/429 after retries) warning
    timeout           no response within timeout/deadline (after one later retry)  warning
    host_timeout      a page of a host given up after max_host_timeouts in a row    warning
    network, dns, tls, decode (bad Content-Encoding or corrupt gzip)               warning
    redirect_loop, too_many_redirects, bad_redirect, bad_url, private_address      warning
    too_large         body, file or inflated gzip over max_bytes                    warning
    content_type      not HTML (or not a feed/sitemap for a source URL)             warning
    too_short, no_text, unparseable, too_complex, not_article (crawled page)       info/warning
    binary            bytes that are no text (NUL or control bytes) served as HTML/text warning
    extract_crash     a parser raised: traceback logged, run continues             error
    extract_timeout   a page took over extract_timeout s in a worker (killed)       warning
    already_stored    listed URL stored without ETag/Last-Modified (see refetch)   info
    max_pages, max_sitemaps                                                         info
    site_root         a home page without feed or sitemap and crawl off            info
    warc_http_<code>, warc_not_html, warc_empty, warc_truncated                    info/warning
    bad_source, empty_folder, unreadable                                           warning
"""

from __future__ import annotations

import logging
import queue
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from trafilatura.meta import reset_caches

from contract.errors import (
    ExtractionError,
    FetchError,
    RobotsDisallowed,
    SourceError,
    StoreError,
)
from pipeline import discover
from pipeline.articles import (
    ClusterIndex,
    canonical_url,
    containment,
    looks_binary,
    shingles,
    text_article,
)
from pipeline.config import IngestSettings, SourceConfig, build_settings, load_sources, overrides_of
from pipeline.discover import Link
from pipeline.extract_pool import ExtractionPool, resolve_processes
from pipeline.fetch import FEED_TYPES, HTML_TYPES, Fetcher, FetchResult, RawExchange, host_key
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
    hosts_given_up: list[str] = field(default_factory=list)
    """Hosts whose requests timed out max_host_timeouts times in a row: their other pages were skipped."""
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
        self.hosts_given_up.extend(h for h in other.hosts_given_up if h not in self.hosts_given_up)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["skipped"] = dict(self.skipped)
        return data


@dataclass
class _Lane:
    """How one source is fetched and bounded: its settings (sources.toml may set them per source) and
    the fetcher applying them. Sources with the same fetch settings share a fetcher (one robots.txt
    and one delay per host)."""

    settings: IngestSettings
    fetcher: Fetcher


PAGE, PROBE, NESTED, FOLLOW = "page", "probe", "nested", "follow"
"""Job roles: an article page (listed, crawled, a file or a WARC record); a source URL of unknown kind
(feeds, sitemaps and crawl roots come back as listings); a sitemap named by a sitemap index; the feed
or sitemap a home page leads to."""


@dataclass
class _Job:
    """One unit of worker work: fetch a URL (or read a file/record) and extract or parse it."""

    url: str
    source: str
    lane: _Lane
    role: str = PAGE
    link: Link | None = None
    state: dict | None = None
    path: Path | None = None
    body: bytes | None = None
    response: FetchResult | None = None
    crawl_depth: int | None = None
    parent: _Sitemaps | _Crawl | None = None
    """The sitemap tree (nested sitemaps) or crawl (crawled pages) waiting for this job."""
    host: str | None = None
    """Scheduling key (scheme://host:port) of a job that fetches; None for files and WARC records."""
    attempt: int = 1
    """2 for the one retry of a request that timed out (queued behind the host's other pages)."""


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
    listed: list[Link] = field(default_factory=list)
    """Links a feed or sitemap listed (parsed in the worker)."""
    sitemaps: list[str] = field(default_factory=list)
    """Nested sitemaps a sitemap index named."""
    follow: tuple[str, str] | None = None
    """(URL, 'feed' or 'sitemap') a home page leads to."""


@dataclass
class _Sitemaps:
    """A sitemap or sitemap index being expanded: links gather until every nested sitemap is in, then
    the newest max_pages are queued (as when nested sitemaps were fetched one after another)."""

    url: str
    response: FetchResult
    source: str
    lane: _Lane
    links: list[Link] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)
    fetched_maps: int = 0
    pending: int = 0


@dataclass
class _HostHealth:
    """How a host has answered this run: timeouts in a row back it off and, at max_host_timeouts, give it up."""

    timeouts: int = 0
    not_before: float = 0.0
    given_up: bool = False


@dataclass
class _Crawl:
    """A breadth-first same-site crawl: one wave of pages in flight at a time, max_pages in all."""

    root: str
    source: str
    lane: _Lane
    frontier: list[str]
    budget: int
    pending: int = 0


FETCH_FIELDS = ("delay", "allow_hosts", "user_agent", "contact_url", "timeout", "max_bytes", "retries",
                "backoff", "max_retry_after", "max_redirects", "respect_robots")  # fmt: skip
"""Settings a Fetcher applies: sources that agree on them share one."""
RUN_FIELDS = ("concurrency", "batch_size", "archive_dir", "extract_processes")
"""Settings of a whole run: sources.toml sources that agree on them are ingested in one run, together."""
FLUSH_FETCHES = 200
"""Fetch rows pending before a flush even when fewer than batch_size articles are (runs of 304s)."""


class _Run:
    """State of one ingest run: fetchers, scheduler, archive, dedup indexes, pending batches.

    Scheduling: jobs wait in one queue per host; the calling thread hands the pool the next job of
    each host in turn (round robin) when that host has no request in flight and its delay has passed,
    up to `concurrency` requests at once. Threads never wait on a busy host, so one slow host holds up
    only itself, and listings of several sources are fetched and expanded side by side. A request that
    times out (the fetcher's `deadline` bounds a whole response) goes once more to the back of its
    host's queue; timeouts in a row back the host off and, at `max_host_timeouts`, give it up for the
    run. Workers post events (host free, job done); only this thread handles outcomes and touches the store.
    """

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
        self._fetchers: dict[tuple, Fetcher] = {}
        self.lane = self.lane_for(settings)
        self.extractor = ExtractionPool(
            resolve_processes(settings.extract_processes), timeout=settings.extract_timeout
        )
        self.max_fetching = max(1, settings.concurrency)
        self.max_inflight = max(2, self.max_fetching * 2)  # fetching plus extracting
        self.pool = ThreadPoolExecutor(max_workers=self.max_inflight, thread_name_prefix="evclaims-ingest")
        self.events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self.queues: dict[str | None, deque[_Job]] = {}
        self.turns: deque[str | None] = deque()  # hosts with queued jobs, in round-robin order
        self.busy: set[str] = set()  # hosts with a request in flight
        self.health: dict[str, _HostHealth] = {}
        self.ready: deque[_Outcome] = deque()  # outcomes needing no worker (a given-up host's pages)
        self.fetching = 0
        self.inflight = 0
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

    # -- plumbing -------------------------------------------------------------------------------

    def lane_for(self, settings: IngestSettings) -> _Lane:
        """A lane for a source's settings, sharing the fetcher of sources with the same fetch settings."""
        key = tuple(repr(getattr(settings, name)) for name in FETCH_FIELDS)
        fetcher = self._fetchers.get(key)
        if fetcher is None:
            fetcher = Fetcher(
                IngestSettings(**{**asdict(settings), "concurrency": self.settings.concurrency}),
                recorder=self._record if self.archive else None,
            )
            self._fetchers[key] = fetcher
        return _Lane(settings, fetcher)

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
            for fetcher in self._fetchers.values():
                fetcher.close()
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

    def run_sources(self, sources: Sequence[str], source_name: str | None, lane: _Lane | None = None) -> None:
        """Local sources now, in order; URL sources queued as probes (`pump` fetches them, with
        whatever other sources are queued, and everything their listings lead to)."""
        lane = lane or self.lane
        probes: list[_Job] = []
        for source in sources:
            path = _local_path(source)
            if path is not None:
                self.run_local(path, source_name, lane)
                continue
            host = _host(source)
            if not source.lower().startswith(("http://", "https://")) or not host:
                self.skip("bad_source", f"not a URL, file or folder: {source}", error=True)
                continue
            name = source_name or host
            probes.append(_Job(url=source, source=name, lane=lane, role=PROBE))
        if not probes:
            return
        states = self.states([job.url for job in probes])
        for job in probes:
            job.state = states.get(job.url) or states.get(canonical_url(job.url))
            self.seen_urls.add(canonical_url(job.url))
        self.enqueue(probes)

    def run_local(self, path: Path, source_name: str | None, lane: _Lane) -> None:
        """A file or a folder of files: HTML/text pages in batches through the pool, WARC, feeds, sitemaps."""
        files = [path]
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _is_ingestible(p))
            if not files:
                self.skip("empty_folder", f"no HTML, text or WARC files in {path}", error=True)
        jobs: list[_Job] = []
        for file in files:
            job = self.local_job(file, source_name, lane)
            if job is not None:
                jobs.append(job)
            if len(jobs) >= 200:
                self.enqueue(jobs)
                self.pump()
                jobs = []
        self.enqueue(jobs)
        self.pump()

    def local_job(self, path: Path, source_name: str | None, lane: _Lane) -> _Job | None:
        """A job for a page file; WARC files, feeds and sitemaps are ingested right away (None)."""
        if is_warc_path(path):
            self.run_warc(path, source_name, lane)
            return None
        cap = lane.settings.max_bytes
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
            self.run_links(discover.parse_feed(raw, path.as_uri()), source_name or path.stem, lane)
            return None
        if kind == discover.SITEMAP:
            self.run_links(discover.parse_sitemap(raw, path.as_uri()).links, source_name or path.stem, lane)
            return None
        return _Job(url=path.resolve().as_uri(), source=source_name or "file", lane=lane, path=path, body=raw)

    def run_warc(self, path: Path, source_name: str | None, lane: _Lane) -> None:
        report = WarcReadReport(path)
        jobs = []
        for record in iter_responses(path, report):
            if record.status is not None and record.status != 200:
                self.skip(f"warc_http_{record.status}", f"WARC record {record.url} has HTTP {record.status}")
                continue
            if len(record.body) > lane.settings.max_bytes:
                self.skip(
                    "too_large", f"WARC record {record.url} body exceeds max_bytes {lane.settings.max_bytes}"
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
            jobs.append(_Job(url=record.url, source=source, lane=lane, response=response))
            if len(jobs) >= 200:
                self.enqueue(jobs)
                self.pump()
                jobs = []
        self.enqueue(jobs)
        self.pump()
        for message in report.errors:
            self.skip("warc_truncated", message, error=True)
        if report.responses == 0 and not report.errors:
            self.skip("warc_empty", f"no HTTP response records in {path}")

    # -- listings (main thread, as their outcomes come in) --------------------------------------

    def on_listing(self, outcome: _Outcome) -> None:
        """A fetched feed, sitemap, home page or crawl root: queue what it leads to."""
        job, kind = outcome.job, outcome.listing
        response = job.response
        assert response is not None
        lane = job.lane
        if job.role == NESTED:  # its links join its tree in `settle`
            self.pending_fetches.append(
                self.fetch_row(job.url, "ok", reason="nested sitemap", response=response)
            )
        elif kind == discover.FEED:
            self.listing_done(job.url, response, f"feed with {len(outcome.listed)} items")
            self.run_links(outcome.listed, job.source, lane)
        elif kind == discover.SITEMAP:
            tree = _Sitemaps(job.url, response, job.source, lane, visited={response.final_url})
            self.expand_sitemap(tree, outcome.listed, outcome.sitemaps)
        elif kind == SITE_ROOT:
            if outcome.follow is None:
                self.pending_fetches.append(
                    self.fetch_row(job.url, "skipped", reason="site root", response=response)
                )
                self.skip(
                    "site_root",
                    f"{job.url} is a home page without a feed or sitemap; use crawl to follow links",
                )
                return
            target, what = outcome.follow
            self.listing_done(job.url, response, f"home page: following its {what} {target}")
            self.enqueue([_Job(url=target, source=job.source, lane=lane, role=FOLLOW)])
        else:
            self.listing_done(job.url, response, "crawl root")
            self.seen_urls.add(canonical_url(job.url))
            self.seen_urls.add(canonical_url(response.final_url))
            crawl = _Crawl(job.url, job.source, lane, self._new_links(outcome.links), lane.settings.max_pages)
            self.crawl_wave(crawl)

    def listing_done(self, url: str, response: FetchResult, what: str) -> None:
        log.info("%s: %s", url, what)
        self.pending_fetches.append(self.fetch_row(url, "ok", reason=what, response=response))

    def expand_sitemap(self, tree: _Sitemaps, links: list[Link], children: list[str]) -> None:
        """Add one sitemap's links to its tree and queue its nested sitemaps (bounded by max_sitemaps);
        once none is pending, queue the tree's links, newest first so max_pages keeps the freshest."""
        tree.links.extend(links)
        nested = []
        for child in children:
            if child in tree.visited:
                continue
            tree.visited.add(child)
            if tree.fetched_maps >= tree.lane.settings.max_sitemaps:
                self.skip("max_sitemaps", f"nested sitemap {child} beyond max_sitemaps")
                continue
            tree.fetched_maps += 1
            nested.append(_Job(url=child, source=tree.source, lane=tree.lane, role=NESTED, parent=tree))
        tree.pending += len(nested)
        self.enqueue(nested)
        if tree.pending:
            return
        self.listing_done(tree.url, tree.response, f"sitemap with {len(tree.links)} URLs")
        tree.links.sort(key=lambda link: link.published.toordinal() if link.published else 0, reverse=True)
        self.run_links(tree.links, tree.source, tree.lane)

    def run_links(self, links: Iterable[Link], source: str, lane: _Lane) -> None:
        """Queue the article URLs a feed or sitemap listed (at most max_pages, new ones only)."""
        settings = lane.settings
        fresh: list[Link] = []
        for link in links:
            key = canonical_url(link.url)
            if key in self.seen_urls:
                continue
            self.seen_urls.add(key)
            fresh.append(link)
        if len(fresh) > settings.max_pages:
            self.skip(
                "max_pages",
                f"{len(fresh) - settings.max_pages} listed URLs of {source} beyond max_pages",
            )
            self.result.skipped["max_pages"] += len(fresh) - settings.max_pages - 1
            fresh = fresh[: settings.max_pages]
        for start in range(0, len(fresh), 200):
            chunk = fresh[start : start + 200]
            states = self.states([link.url for link in chunk])
            jobs = []
            for link in chunk:
                state = states.get(link.url) or states.get(canonical_url(link.url))
                if state and not (state.get("etag") or state.get("last_modified")) and not settings.refetch:
                    self.skip(
                        "already_stored", f"{link.url} is stored and has no validators for a conditional GET"
                    )
                    continue
                jobs.append(_Job(url=link.url, source=source, lane=lane, link=link, state=state))
            self.enqueue(jobs)

    def states(self, urls: list[str]) -> dict[str, dict]:
        if self.store is None or not urls:
            return {}
        keys = list(dict.fromkeys(urls + [canonical_url(u) for u in urls]))
        return self.store.fetch_state(keys) or {}

    def crawl_wave(self, crawl: _Crawl) -> None:
        """Queue the next wave of a crawl (article-looking links first); at the end, count what is left."""
        if crawl.frontier and crawl.budget > 0:
            crawl.frontier.sort(key=discover.crawl_priority)
            wave, crawl.frontier = crawl.frontier[: crawl.budget], crawl.frontier[crawl.budget :]
            crawl.budget -= len(wave)
            states = self.states(wave)
            jobs = [
                _Job(url=u, source=crawl.source, lane=crawl.lane, state=states.get(u) or states.get(canonical_url(u)),
                     crawl_depth=1, parent=crawl)
                for u in wave
            ]  # fmt: skip
            crawl.pending = len(jobs)
            self.enqueue(jobs)
            return
        if crawl.frontier:
            self.skip(
                "max_pages",
                f"crawl of {crawl.root} stopped at max_pages with {len(crawl.frontier)} URLs left",
            )

    def _new_links(self, urls: Iterable[str]) -> list[str]:
        fresh = []
        for url in urls:
            key = canonical_url(url)
            if key not in self.seen_urls:
                self.seen_urls.add(key)
                fresh.append(url)
        return fresh

    def settle(self, outcome: _Outcome) -> None:
        """Tell the sitemap tree or crawl a job belonged to that it is done (whatever its outcome)."""
        parent = outcome.job.parent
        if isinstance(parent, _Sitemaps):
            parent.pending -= 1
            self.expand_sitemap(parent, outcome.listed, outcome.sitemaps)
        elif isinstance(parent, _Crawl):
            parent.frontier.extend(self._new_links(outcome.links))
            parent.pending -= 1
            if parent.pending == 0:
                self.crawl_wave(parent)

    # -- scheduling -----------------------------------------------------------------------------

    def enqueue(self, jobs: Iterable[_Job]) -> None:
        """Queue jobs by host (files and WARC records on a host of their own that is never busy)."""
        for job in jobs:
            if job.path is None and job.response is None:
                try:
                    job.host = host_key(job.url)
                except ValueError:
                    job.host = "malformed:"
            self.total += 1
            if job.host in self.health and self.health[job.host].given_up:
                self.ready.append(self._host_given_up(job))
                continue
            self._queue(job)

    def _queue(self, job: _Job) -> None:
        pending = self.queues.get(job.host)
        if pending is None:
            pending = self.queues[job.host] = deque()
            self.turns.append(job.host)
        pending.append(job)

    def _host_given_up(self, job: _Job) -> _Outcome:
        """The outcome of a job whose host was given up: `host_timeout`, or `timeout` for a page that
        timed out itself and waited for its retry."""
        streak = f"its host timed out {self.health[job.host].timeouts} times in a row"
        if job.attempt > 1:
            reason, outcome, message = "timeout", "error", f"{job.url} timed out; not retried: {streak}"
        else:
            reason, outcome, message = "host_timeout", "skipped", f"{job.url} not fetched: {streak}"
        row = self.fetch_row(job.url, outcome, reason=message)
        return _Outcome(job, reason=reason, message=message, fetch_row=row)

    def on_fetched(self, host: str | None, timed_out: bool, settings: IngestSettings) -> None:
        """A request of `host` is answered or failed: the host is free; a timeout backs it off, and
        max_host_timeouts in a row give it up (its queued pages are skipped, the run goes on)."""
        self.busy.discard(host)
        self.fetching -= 1
        health = self.health.setdefault(host, _HostHealth())
        if not timed_out:
            health.timeouts = 0
            return
        health.timeouts += 1
        wait = min(settings.backoff * 2 ** (health.timeouts - 1), settings.max_retry_after)
        health.not_before = time.monotonic() + wait
        limit = settings.max_host_timeouts
        if health.given_up or not limit or health.timeouts < limit:
            return
        health.given_up = True
        dropped = self.queues.pop(host, deque())
        if dropped:
            self.turns.remove(host)
        self.ready.extend(self._host_given_up(job) for job in dropped)
        message = (
            f"gave up on host {host} after {health.timeouts} timeouts in a row; "
            f"its {len(dropped)} queued page(s) skipped"
        )
        self.result.hosts_given_up.append(host)
        self.result.errors.append(message)
        log.warning(message)

    def retry_later(self, outcome: _Outcome) -> bool:
        """A request that timed out goes once more to the back of its host's queue, so the host's other
        pages go first (none when retries is 0 or the host was given up)."""
        job = outcome.job
        if outcome.reason != "timeout" or job.attempt > 1 or not job.lane.settings.retries:
            return False
        health = self.health.get(job.host)
        if health is not None and health.given_up:
            outcome.message = (
                f"{outcome.message}; not retried: its host timed out {health.timeouts} times in a row"
            )
            if outcome.fetch_row is not None:
                outcome.fetch_row["reason"] = outcome.message
            return False
        log.info("timed out, retrying after the host's other pages: %s", job.url)
        job.attempt += 1
        self._queue(job)
        return True

    def dispatch(self) -> float | None:
        """Hand the pool the next job of each ready host in turn while slots are free; returns the
        seconds until a host that waits for its delay is ready (None if none waits)."""
        wait: float | None = None
        handed = True
        while handed and self.turns and self.inflight < self.max_inflight:
            handed = False
            now = time.monotonic()
            for _ in range(len(self.turns)):
                if self.inflight >= self.max_inflight:
                    break
                host = self.turns[0]
                self.turns.rotate(-1)
                pending = self.queues[host]
                job = pending[0]
                if host is not None:
                    if host in self.busy or self.fetching >= self.max_fetching:
                        continue
                    ready = max(fetcher.ready_at(job.url) for fetcher in self._fetchers.values())
                    if host in self.health:
                        ready = max(ready, self.health[host].not_before)
                    if ready > now:
                        wait = ready - now if wait is None else min(wait, ready - now)
                        continue
                    self.busy.add(host)
                    self.fetching += 1
                pending.popleft()
                if not pending:
                    del self.queues[host]
                    self.turns.pop()  # the host has just rotated to the end
                self.inflight += 1
                self.pool.submit(self.work, job).add_done_callback(self._post_done)
                handed = True
        return wait

    def _post_done(self, future: Future) -> None:
        self.events.put(("done", future))

    def pump(self) -> None:
        """Run every queued job and what it leads to; handle outcomes here as they come; then flush."""
        while True:
            while self.ready:
                self.handle(self.ready.popleft())
            wait = self.dispatch()
            if self.inflight == 0:
                if not self.queues and not self.ready:
                    break
                if self.ready:
                    continue
                wait = 0.05 if wait is None else wait
            try:
                event = self.events.get(timeout=wait)
            except queue.Empty:
                continue
            while True:
                self.on_event(*event)
                try:
                    event = self.events.get_nowait()
                except queue.Empty:
                    break
        self.flush()

    def on_event(self, kind: str, value: Any) -> None:
        if kind == "free":
            self.on_fetched(*value)
            return
        self.inflight -= 1
        outcome = value.result()  # a worker's StoreError/OSError (disk full) ends the run here
        if not self.retry_later(outcome):
            self.handle(outcome)

    # -- work -----------------------------------------------------------------------------------

    def _fetch(self, job: _Job, accept: tuple[str, ...]) -> FetchResult:
        """Worker: the job's request; its host is free for the next job as soon as it is answered."""
        state = job.state or {}
        timed_out = False
        try:
            return job.lane.fetcher.get(
                job.url, etag=state.get("etag"), last_modified=state.get("last_modified"), accept=accept
            )
        except FetchError as exc:
            timed_out = exc.context.get("reason") == "timeout"
            raise
        finally:
            self.events.put(("free", (job.host, timed_out, job.lane.settings)))

    def work(self, job: _Job) -> _Outcome:
        """Worker thread: fetch (conditionally) and extract or parse one job. Never raises for expected failures."""
        outcome = _Outcome(job)
        response = job.response
        settings = job.lane.settings
        try:
            if job.path is not None:
                return self._work_file(job, outcome)
            if response is None:
                response = self._fetch(job, HTML_TYPES if job.role == PAGE else ANY_TYPES)
                if response.not_modified:
                    outcome.not_modified = True
                    outcome.fetch_row = self.fetch_row(job.url, "not_modified", response=response)
                    return outcome
                outcome.fetched = True
            job.response = response
            kind = self._listing(job, response) if job.role != PAGE else None
            if kind is not None:
                self._parse_listing(job, response, outcome, kind)
                outcome.listing = kind
                return outcome
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
                    text, job.url, source=job.source, min_text_chars=settings.min_text_chars
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
            if job.attempt > 1:
                outcome.message += " (second try, after the host's other pages)"
            outcome.fetch_row = self.fetch_row(
                job.url,
                "skipped" if isinstance(exc, RobotsDisallowed) else "error",
                reason=outcome.message,
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

    def _listing(self, job: _Job, response: FetchResult) -> str | None:
        """What a source URL, nested sitemap or followed listing turned out to be (None: an article page)."""
        kind = discover.sniff_kind(response.final_url, response.content_type, response.body)
        if job.role == NESTED:
            return discover.SITEMAP
        if job.role == FOLLOW:
            return discover.SITEMAP if kind == discover.SITEMAP else discover.FEED
        if kind in (discover.FEED, discover.SITEMAP) or (kind == discover.HTML and job.lane.settings.crawl):
            return kind
        if kind == discover.HTML and urlsplit(response.final_url).path in ("", "/"):
            return SITE_ROOT  # a home page is not an article: look for its feed
        if kind not in (discover.HTML, discover.TEXT):
            raise FetchError(
                f"unsupported source content at {job.url} ({response.content_type or 'unknown'})",
                url=job.url,
                reason="content_type",
            )
        return None

    def _parse_listing(self, job: _Job, response: FetchResult, outcome: _Outcome, kind: str) -> None:
        """Worker: parse a listing, so the main thread only queues what it found."""
        body, base = response.body, response.final_url
        if kind == discover.FEED:
            outcome.listed = discover.parse_feed(body, base)
        elif kind == discover.SITEMAP:
            parsed = discover.parse_sitemap(body, base)
            outcome.listed, outcome.sitemaps = parsed.links, parsed.sitemaps
        elif kind == SITE_ROOT:
            feeds = discover.feed_links(body, base)
            if feeds:
                outcome.follow = (feeds[0], "feed")
            elif job.lane.settings.respect_robots:
                rules = job.lane.fetcher.robots(base)
                sitemaps = list(rules.sitemaps) if rules is not None else []
                if sitemaps:
                    outcome.follow = (sitemaps[0], "sitemap")
        else:
            outcome.links = discover.page_links(body, base)

    def _min_chars(self, job: _Job) -> int:
        if job.crawl_depth is not None:
            return max(job.lane.settings.min_text_chars, CRAWL_MIN_TEXT_CHARS)
        return job.lane.settings.min_text_chars

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
                job.body, job.url, source=job.source, min_text_chars=job.lane.settings.min_text_chars
            )
        return outcome

    def handle(self, outcome: _Outcome) -> None:
        """Main thread: count, dedup, cluster and queue one outcome for the store; queue what a listing leads to."""
        job = outcome.job
        try:
            if outcome.fetched:
                self.result.fetched += 1
            if outcome.listing is not None:
                self.on_listing(outcome)
            elif outcome.not_modified:
                self.result.not_modified += 1
                self.pending_fetches.append(outcome.fetch_row)
            elif outcome.reason is not None:
                if outcome.fetch_row is not None:
                    self.pending_fetches.append(outcome.fetch_row)
                is_error = outcome.reason not in ("robots", "not_article", "too_short", "no_text")
                self.skip(outcome.reason, outcome.message or job.url, error=is_error)
            else:
                article = outcome.article
                assert article is not None
                verdict = self.accept(article, job.state, job.lane.settings)
                if outcome.fetch_row is not None:
                    if verdict == "duplicate":
                        outcome.fetch_row["outcome"] = "duplicate"
                        outcome.fetch_row["reason"] = (
                            f"same text or URL as an article already stored ({article['url']})"
                        )
                    self.pending_fetches.append(outcome.fetch_row)
            self.settle(outcome)
            if (
                len(self.pending_articles) >= self.settings.batch_size
                or len(self.pending_fetches) >= FLUSH_FETCHES
            ):
                self.flush()
        finally:
            self.tick(job.url)

    def accept(self, article: dict, state: dict | None, settings: IngestSettings | None = None) -> str:
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
        article["cluster_id"] = self.cluster(article, (settings or self.settings).near_dup_bits)
        if article["cluster_id"] != aid and verdict == "new":
            self.result.near_duplicates += 1
        self.pending_articles.append(article)
        return verdict

    def cluster(self, article: dict, near_dup_bits: int) -> str:
        """Cluster id: kept for a known article; else that of a near-duplicate (close SimHash, or a
        farther one whose text mostly contains this one); else the article's own id."""
        aid, sh = article["article_id"], article["simhash"]
        chosen = self.index.cluster_of(aid)
        if chosen is None:
            mine: set[str] | None = None
            for dist, other, cluster in self.index.candidates(sh, NEAR_DUP_CHECK_BITS, exclude=aid):
                if dist <= near_dup_bits:
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
        run.pump()
    finally:
        run.close()
    _log_summary(run.result)
    return run.result


def _log_summary(result: IngestResult) -> None:
    log.info(
        "ingest run %s: %d new, %d updated, %d unchanged, %d duplicates, %d not modified, skipped %s",
        result.run_id, result.articles_new, result.articles_updated, result.unchanged, result.duplicates,
        result.not_modified, dict(result.skipped),
    )  # fmt: skip


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
        from contract.errors import ConfigError

        raise ConfigError(
            f"unknown source {', '.join(sorted(unknown))} in {config.path}; known: "
            + ", ".join(s.name for s in config.sources)
        )
    # One run for all sources (their hosts worked on side by side), or one per group of sources
    # that differ in run-wide settings (concurrency, batch_size, archive_dir, extract_processes).
    groups: dict[tuple[str, ...], list[tuple[SourceConfig, IngestSettings]]] = {}
    for source in config.sources:
        if wanted and source.name not in wanted:
            continue
        settings = build_settings(config.settings, source.settings, overrides_of(settings_overrides))
        key = tuple(repr(getattr(settings, name)) for name in RUN_FIELDS)
        groups.setdefault(key, []).append((source, settings))
    total = IngestResult(run_id=new_run_id())
    for group in groups.values():
        run = _Run(store, group[0][1], progress, total.run_id)
        try:
            try:
                for source, settings in group:
                    log.info("source %s: %s", source.name, ", ".join(source.urls))
                    run.run_sources(source.urls, source.name, run.lane_for(settings))
            except SourceError:
                run.pump()  # the sources before the bad one are ingested, as when sources ran in turn
                raise
            run.pump()
        finally:
            run.close()
        _log_summary(run.result)
        total.merge(run.result)
        total.archive_path = total.archive_path or run.result.archive_path
    return total


def reprocess(
    store: StoreLike | None, warc_paths: Sequence[str | Path], settings: IngestSettings | None = None
) -> IngestResult:
    """`evclaims reprocess`: re-extract articles from archived WARC files without fetching anything."""
    settings = settings or IngestSettings()
    settings = IngestSettings(**{**asdict(settings), "archive_dir": None})
    return ingest([str(p) for p in warc_paths], store, settings)
