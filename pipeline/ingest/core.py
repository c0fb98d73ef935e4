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
    page_crash        a parser raised: traceback logged, run continues             error
    page_timeout      a page took over page_timeout s in a worker (killed)          warning
    already_stored    listed URL stored without ETag/Last-Modified (see refetch)   info
    max_pages, max_sitemaps                                                         info
    site_root         a home page without feed or sitemap and crawl off            info
    warc_http_<code>, warc_not_html, warc_empty, warc_truncated                    info/warning
    bad_source, empty_folder, unreadable                                           warning
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from itertools import islice
from pathlib import Path
from typing import Any

from trafilatura.meta import reset_caches

from contract.errors import ConfigError, SourceError
from pipeline.config import IngestSettings, SourceConfig, build_settings, load_sources, overrides_of
from pipeline.ingest.dedup import DUPLICATE, NEW, UNCHANGED, UPDATED, Dedup
from pipeline.ingest.fetch import Fetcher, RawExchange
from pipeline.ingest.frontier import Frontier
from pipeline.ingest.model import IngestResult, Job, Lane, Outcome, ProgressFn, StoreLike, fetch_row
from pipeline.ingest.pool import PagePool, resolve_processes
from pipeline.ingest.scheduler import HostScheduler
from pipeline.ingest.sources import Listed, Skip, local_items, local_path, url_source
from pipeline.ingest.warc import WarcArchive, new_run_id
from pipeline.ingest.work import Worker
from pipeline.ingest.writer import RunStore

__all__ = ["IngestResult", "IngestSettings", "StoreLike", "ingest", "ingest_configured", "reprocess"]

log = logging.getLogger("evclaims.ingest")

RESET_EVERY = 2000
"""Pages between two clears of trafilatura's process-wide caches (memory on long runs)."""
FETCH_FIELDS = ("delay", "allow_hosts", "user_agent", "contact_url", "timeout", "deadline", "max_bytes",
                "retries", "backoff", "max_retry_after", "max_redirects", "respect_robots")  # fmt: skip
"""Settings a Fetcher applies: sources that agree on them share one."""
RUN_FIELDS = ("concurrency", "batch_size", "archive_dir", "page_processes")
"""Settings of a whole run: sources.toml sources that agree on them are ingested in one run, together."""
CHUNK = 200
"""Local pages (files, WARC records) queued at once: a folder of 100,000 files is read as it goes."""
VERDICT_COUNTS = {NEW: "articles_new", UPDATED: "articles_updated", UNCHANGED: "unchanged",
                  DUPLICATE: "duplicates"}  # fmt: skip
"""The IngestResult / SourceTally count of each dedup verdict."""
QUIET_REASONS = frozenset({"robots", "not_article", "too_short", "no_text"})
"""Skips that are the web working as intended (logged at info); every other skip is an error line."""


class _Run:
    """One ingest run: the lanes (fetchers), the scheduler and its workers, the frontier of listings,
    the dedup and the pending batch. Outcomes come back to this thread, which alone counts, dedups
    and writes (see the module docstring)."""

    def __init__(
        self, store: StoreLike | None, settings: IngestSettings, progress: ProgressFn | None, run_id: str
    ) -> None:
        self.settings = settings
        self.progress = progress
        self.result = IngestResult(run_id=run_id)
        self.archive: WarcArchive | None = None
        if settings.archive_dir is not None:
            self.archive = WarcArchive(settings.archive_dir, run_id)
            self.result.archive_path = str(self.archive.path)
        self._fetchers: dict[tuple, Fetcher] = {}
        self.lane = self.lane_for(settings)
        self.pages = PagePool(resolve_processes(settings.page_processes), timeout=settings.page_timeout)
        self.rows = RunStore(store, settings.batch_size)
        self.dedup = Dedup(self.rows)
        self.scheduler = HostScheduler(
            Worker(self.pages, run_id).work,
            self.ready_at,
            concurrency=settings.concurrency,
            run_id=run_id,
            gave_up=self.gave_up,
        )
        self.frontier = Frontier(self.scheduler.enqueue, self.rows.known, self.record, self.skip)
        self.done = 0
        self._last_reset = 0

    # -- plumbing -------------------------------------------------------------------------------

    def lane_for(self, settings: IngestSettings) -> Lane:
        """A lane for a source's settings, sharing the fetcher of sources with the same fetch settings."""
        key = tuple(repr(getattr(settings, name)) for name in FETCH_FIELDS)
        fetcher = self._fetchers.get(key)
        if fetcher is None:
            fetcher = Fetcher(
                IngestSettings(**{**asdict(settings), "concurrency": self.settings.concurrency}),
                recorder=self._archive if self.archive else None,
            )
            self._fetchers[key] = fetcher
        return Lane(settings, fetcher)

    def ready_at(self, url: str) -> float:
        """When the URL's host may be asked again, by every fetcher's delay (sources share hosts)."""
        return max(fetcher.ready_at(url) for fetcher in self._fetchers.values())

    def _archive(self, exchange: RawExchange) -> None:
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
            self.scheduler.close()
            self.pages.close()
            for fetcher in self._fetchers.values():
                fetcher.close()
            if self.archive is not None:
                self.archive.close()

    # -- counting and writing -------------------------------------------------------------------

    def tick(self, url: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, max(self.scheduler.total, self.done), url)

    def skip(
        self, reason: str, message: str, *, error: bool = False, count: int = 1, source: str | None = None
    ) -> None:
        self.result.skipped[reason] += count
        if source is not None:
            self.result.tally(source).skipped[reason] += count
        if error:
            self.result.errors.append(message)
            log.warning("skipped (%s): %s", reason, message)
        else:
            log.info("skipped (%s): %s", reason, message)

    def gave_up(self, host: str, message: str) -> None:
        self.result.hosts_given_up.append(host)
        self.result.errors.append(message)

    def record(self, url: str, outcome: str, **fields: Any) -> None:
        """A fetch row for a listing (or a home page), in the next batch."""
        self.rows.fetches.append(fetch_row(self.result.run_id, url, outcome, **fields))

    def flush(self) -> None:
        """Write the pending batch; every RESET_EVERY pages also clear trafilatura, htmldate and courlan's
        process-wide LRU caches, which grow over long runs (their issue #216)."""
        if self.rows.flush() and self.done - self._last_reset >= RESET_EVERY:
            self._last_reset = self.done
            reset_caches()

    # -- sources --------------------------------------------------------------------------------

    def run_sources(self, sources: Sequence[str], source_name: str | None, lane: Lane | None = None) -> None:
        """Local sources now, in order; URL sources queued as probes (`pump` fetches them, with
        whatever other sources are queued, and everything their listings lead to)."""
        lane = lane or self.lane
        probes: list[Job] = []
        for source in sources:
            path = local_path(source)
            if path is not None:
                self.work_through(self._local(local_items(path, source_name, lane), lane))
                continue
            item = url_source(source, source_name, lane)
            if isinstance(item, Skip):
                self.skip(item.reason, item.message, error=item.error)
            else:
                probes.append(item)
        if probes:
            self.frontier.probes(probes)

    def _local(self, items: Iterable[Job | Skip | Listed], lane: Lane) -> Iterator[Job]:
        """The pages of local input; its skips counted and its feed or sitemap files' links queued."""
        for item in items:
            if isinstance(item, Skip):
                self.skip(item.reason, item.message, error=item.error)
            elif isinstance(item, Listed):
                self.frontier.links(item.links, item.source, lane)
            else:
                yield item

    def work_through(self, jobs: Iterable[Job]) -> None:
        """Queue jobs CHUNK at a time, running each chunk (and all it leads to) before reading more;
        the last, short (maybe empty) chunk runs too, with the links that reading queued."""
        jobs = iter(jobs)
        while True:
            chunk = list(islice(jobs, CHUNK))
            self.scheduler.enqueue(chunk)
            self.pump()
            if len(chunk) < CHUNK:
                return

    def pump(self) -> None:
        """Run every queued job and what it leads to, then write the batch."""
        self.scheduler.pump(self.handle)
        self.flush()

    # -- outcomes -------------------------------------------------------------------------------

    def handle(self, outcome: Outcome) -> None:
        """Count, dedup, cluster and queue one outcome for the store; queue what a listing leads to."""
        job = outcome.job
        tally = self.result.tally(job.source)
        try:
            if outcome.fetched:
                self.result.fetched += 1
                tally.fetched += 1
            if outcome.listing is not None:
                self.frontier.on_listing(outcome)
            elif outcome.not_modified:
                self.result.not_modified += 1
                tally.not_modified += 1
                self.rows.fetches.append(outcome.fetch_row)
            elif outcome.reason is not None:
                if outcome.fetch_row is not None:
                    self.rows.fetches.append(outcome.fetch_row)
                self.skip(
                    outcome.reason,
                    outcome.message or job.url,
                    error=outcome.reason not in QUIET_REASONS,
                    source=job.source,
                )
            else:
                article = outcome.article
                assert article is not None
                verdict = self.accept(article, job.state, job.lane.settings)
                name = VERDICT_COUNTS[verdict]
                setattr(tally, name, getattr(tally, name) + 1)
                if outcome.fetch_row is not None:
                    if verdict == DUPLICATE:
                        outcome.fetch_row["outcome"] = "duplicate"
                        outcome.fetch_row["reason"] = (
                            f"same text or URL as an article already stored ({article['url']})"
                        )
                    self.rows.fetches.append(outcome.fetch_row)
            self.frontier.settle(outcome)
            if self.rows.due:
                self.flush()
        finally:
            self.tick(job.url)

    def accept(self, article: dict, state: dict | None, settings: IngestSettings) -> str:
        """Count the dedup verdict on an extracted article and queue it for the store unless a duplicate."""
        verdict, joined = self.dedup.accept(article, state, settings.near_dup_bits)
        if verdict == DUPLICATE:
            self.result.duplicates += 1
            return verdict
        if verdict == UNCHANGED:
            self.result.unchanged += 1
        elif verdict == UPDATED:
            self.result.articles_updated += 1
        elif verdict == NEW:
            self.result.articles_new += 1
            self.result.near_duplicates += 1 if joined else 0
        self.rows.articles.append(article)
        return verdict


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
        raise ConfigError(
            f"unknown source {', '.join(sorted(unknown))} in {config.path}; known: "
            + ", ".join(s.name for s in config.sources)
        )
    # One run for all sources (their hosts worked on side by side), or one per group of sources
    # that differ in run-wide settings (concurrency, batch_size, archive_dir, page_processes).
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
