"""One job in a worker thread: fetch it (conditionally), then extract its page or parse its listing.

Never raises for an expected failure: a fetch error, a robots refusal, a page without article text
or a parser crash becomes an `Outcome` with a reason and a fetch row. Only the store or the archive
failing to write (disk full) ends the run.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from contract.errors import ExtractionError, FetchError, RobotsDisallowed, StoreError
from pipeline.ingest import listings
from pipeline.ingest.fetch import FEED_TYPES, HTML_TYPES, FetchResult
from pipeline.ingest.listings import SITE_ROOT, Link
from pipeline.ingest.model import FOLLOW, NESTED, PAGE, Job, Outcome, fetch_row
from pipeline.ingest.page import text_page
from pipeline.ingest.pool import PagePool
from pipeline.ingest.scheduler import Released

log = logging.getLogger("evclaims.ingest")

ANY_TYPES = HTML_TYPES + FEED_TYPES
CRAWL_MIN_TEXT_CHARS = 250
"""A crawled page (not announced by a feed or sitemap) needs this much text to count as an article."""


class Worker:
    """Runs jobs for one ingest run: pages through the extraction pool, fetch rows under its run id."""

    def __init__(self, pages: PagePool, run_id: str) -> None:
        self.pages = pages
        self.run_id = run_id

    def work(self, job: Job, released: Released) -> Outcome:
        """Worker thread: fetch (conditionally) and extract or parse one job."""
        outcome = Outcome(job)
        response = job.response
        settings = job.lane.settings
        try:
            if job.path is not None:
                return self._work_file(job, outcome)
            if response is None:
                response = self._fetch(job, HTML_TYPES if job.role == PAGE else ANY_TYPES, released)
                if response.not_modified:
                    outcome.not_modified = True
                    outcome.fetch_row = fetch_row(self.run_id, job.url, "not_modified", response=response)
                    return outcome
                outcome.fetched = True
            job.response = response
            kind = self._listing(job, response) if job.role != PAGE else None
            if kind is not None:
                self._parse_listing(job, response, outcome, kind)
                outcome.listing = kind
                return outcome
            if job.crawl_depth is not None:
                outcome.links = listings.page_links(response.body, response.final_url)
            if (
                response.content_type == "text/plain"
                or listings.sniff_kind(response.final_url, response.content_type, response.body)
                == listings.TEXT
            ):
                outcome.article = text_page(
                    response.body, job.url, source=job.source, min_text_chars=settings.min_text_chars
                )
                outcome.article.update(
                    final_url=response.final_url, http_status=response.status, fetched_at=response.fetched_at
                )
            else:
                link = job.link or Link(job.url)
                outcome.article = self.pages.extract(
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
                    min_text_chars=_min_chars(job),
                )
            outcome.fetch_row = fetch_row(self.run_id, job.url, "ok", response=response)
        except (FetchError, RobotsDisallowed) as exc:
            outcome.reason = exc.context.get("reason", type(exc).__name__)
            outcome.message = exc.message
            if job.attempt > 1:
                outcome.message += " (second try, after the host's other pages)"
            outcome.fetch_row = fetch_row(
                self.run_id,
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
            outcome.fetch_row = fetch_row(
                self.run_id, job.url, "skipped", reason=exc.message, response=response
            )
        except (StoreError, OSError):
            raise  # the archive or the database cannot be written (disk full): the run must stop, not skip
        except Exception as exc:  # noqa: BLE001 - one page that breaks a parser must not end the run
            # Not swallowed: logged with its traceback, counted as `page_crash`, and a fetch row is kept.
            log.error("page extraction crashed on %s", job.url, exc_info=True)
            outcome.reason = "page_crash"
            first = str(exc).splitlines()[0] if str(exc) else ""
            outcome.message = f"{type(exc).__name__} while extracting {job.url}: {first}".rstrip(": ")
            outcome.fetch_row = fetch_row(
                self.run_id, job.url, "error", reason=outcome.message, response=response
            )
        return outcome

    def _fetch(self, job: Job, accept: tuple[str, ...], released: Released) -> FetchResult:
        """The job's request; its host is free for the next job as soon as it is answered."""
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
            released(timed_out)

    def _work_file(self, job: Job, outcome: Outcome) -> Outcome:
        assert job.path is not None and job.body is not None
        name = job.path.name.lower().removesuffix(".gz")
        if name.endswith((".txt", ".text", ".md")):
            outcome.article = text_page(
                job.body, job.url, source=job.source, min_text_chars=1, where=f"in {job.path}"
            )
        else:
            outcome.article = self.pages.extract(
                job.body, job.url, source=job.source, min_text_chars=job.lane.settings.min_text_chars
            )
        return outcome

    def _listing(self, job: Job, response: FetchResult) -> str | None:
        """What a source URL, nested sitemap or followed listing turned out to be (None: an article page)."""
        kind = listings.sniff_kind(response.final_url, response.content_type, response.body)
        if job.role == NESTED:
            return listings.SITEMAP
        if job.role == FOLLOW:
            return listings.SITEMAP if kind == listings.SITEMAP else listings.FEED
        if kind in (listings.FEED, listings.SITEMAP) or (kind == listings.HTML and job.lane.settings.crawl):
            return kind
        if kind == listings.HTML and urlsplit(response.final_url).path in ("", "/"):
            return SITE_ROOT  # a home page is not an article: look for its feed
        if kind not in (listings.HTML, listings.TEXT):
            raise FetchError(
                f"unsupported source content at {job.url} ({response.content_type or 'unknown'})",
                url=job.url,
                reason="content_type",
            )
        return None

    def _parse_listing(self, job: Job, response: FetchResult, outcome: Outcome, kind: str) -> None:
        """Parse a listing here, in the worker, so the run's thread only queues what it found."""
        body, base = response.body, response.final_url
        if kind == listings.FEED:
            outcome.listed = listings.parse_feed(body, base)
        elif kind == listings.SITEMAP:
            parsed = listings.parse_sitemap(body, base)
            outcome.listed, outcome.sitemaps = parsed.links, parsed.sitemaps
        elif kind == SITE_ROOT:
            feeds = listings.feed_links(body, base)
            if feeds:
                outcome.follow = (feeds[0], "feed")
            elif job.lane.settings.respect_robots:
                rules = job.lane.fetcher.robots(base)
                sitemaps = list(rules.sitemaps) if rules is not None else []
                if sitemaps:
                    outcome.follow = (sitemaps[0], "sitemap")
        else:
            outcome.links = listings.page_links(body, base)


def _min_chars(job: Job) -> int:
    if job.crawl_depth is not None:
        return max(job.lane.settings.min_text_chars, CRAWL_MIN_TEXT_CHARS)
    return job.lane.settings.min_text_chars
