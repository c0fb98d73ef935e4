"""The data the ingest modules pass each other: a run's result, lanes, jobs, outcomes and fetch rows.

A `Job` is one unit of worker work (fetch a URL, or read a file or WARC record, then extract a page or
parse a listing); its `Outcome` comes back to the run's own thread, which alone counts, deduplicates
and writes. Dataclasses only, and `fetch_row`, the one shape of a `fetches` row.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from pipeline.config import IngestSettings
from pipeline.ingest.fetch import Fetcher, FetchResult
from pipeline.ingest.listings import Link


class StoreLike(Protocol):
    """The store methods ingestion uses (`store.Store` has them all)."""

    def fetch_state(self, urls: list[str]) -> dict[str, dict]: ...
    def simhashes(self) -> list[tuple[str, str, str]]: ...
    def content_hashes(self) -> dict[str, str]: ...
    def article_ids(self) -> set[str]: ...
    def article_text(self, article_id: str) -> str | None: ...
    def load_articles(self, rows: list[dict]) -> int: ...
    def load_fetches(self, rows: list[dict]) -> int: ...


ProgressFn = Callable[[int, int, str], None]
"""progress(done, total, url): called after each URL or file is finished; total grows while discovering."""


TRANSIENT_REASONS = ("timeout", "network", "dns", "http_429", "http_5")
"""Skip reasons (prefixes) of fetch failures that a later attempt may not meet."""


@dataclass
class SourceTally:
    """What one source came to in a run (sources.toml name, else the host or "file"): the per-source
    lines of a scheduled run. Counts of outcomes reached through the source's own jobs."""

    fetched: int = 0
    not_modified: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: Counter = field(default_factory=Counter)

    @property
    def unreachable(self) -> bool:
        """Nothing answered, and a failure was of the kind a later attempt may not meet (5xx, timeout)."""
        transient = any(reason.startswith(TRANSIENT_REASONS) for reason in self.skipped)
        return self.fetched == 0 and self.not_modified == 0 and transient

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["skipped"] = dict(self.skipped)
        return data


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
    by_source: dict[str, SourceTally] = field(default_factory=dict)
    """The same counts per source (not part of `as_dict`: the CLI's JSON and the runs row keep their shape)."""

    def tally(self, source: str) -> SourceTally:
        """The tally of SOURCE, made on first use."""
        return self.by_source.setdefault(source, SourceTally())

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
        for name, tally in other.by_source.items():
            mine = self.by_source.setdefault(name, SourceTally())
            for key in (
                "fetched",
                "not_modified",
                "articles_new",
                "articles_updated",
                "unchanged",
                "duplicates",
            ):
                setattr(mine, key, getattr(mine, key) + getattr(tally, key))
            mine.skipped.update(tally.skipped)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("by_source")
        data["skipped"] = dict(self.skipped)
        return data


@dataclass
class Lane:
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
class Job:
    """One unit of worker work: fetch a URL (or read a file/record) and extract or parse it."""

    url: str
    source: str
    lane: Lane
    role: str = PAGE
    link: Link | None = None
    state: dict | None = None
    path: Path | None = None
    body: bytes | None = None
    response: FetchResult | None = None
    crawl_depth: int | None = None
    parent: Any = None
    """The sitemap tree (nested sitemaps) or crawl (crawled pages) waiting for this job (frontier.py)."""
    host: str | None = None
    """Scheduling key (scheme://host:port) of a job that fetches; None for files and WARC records."""
    attempt: int = 1
    """2 for the one retry of a request that timed out (queued behind the host's other pages)."""


@dataclass
class Outcome:
    """What became of a job: an article, a skip with its reason, or a listing and what it leads to."""

    job: Job
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


def fetch_row(
    run_id: str,
    url: str,
    outcome: str,
    *,
    reason: str | None = None,
    response: FetchResult | None = None,
    status: int | None = None,
) -> dict:
    """A `fetches` row: what one request (or file) of a run came to, with the response's validators."""
    return {
        "fetch_id": uuid.uuid4().hex[:16],
        "run_id": run_id,
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


def skip_outcome(job: Job, run_id: str, reason: str, message: str, outcome: str = "skipped") -> Outcome:
    """The outcome of a job not run (or not run again), with its fetch row."""
    return Outcome(
        job, reason=reason, message=message, fetch_row=fetch_row(run_id, job.url, outcome, reason=message)
    )
