"""What listings lead to: sitemap trees, a home page's feed, crawl waves, and listed links turned into jobs.

Runs on the run's own thread as listing outcomes come in. Every URL is queued once per run (by its
canonical spelling); a listed URL stored without validators is not asked again unless `refetch`; a
sitemap tree is queued once all its nested sitemaps are in, newest first, so `max_pages` keeps the
freshest; a crawl goes one wave at a time within its budget, article-looking links first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pipeline.ingest import listings
from pipeline.ingest.fetch import FetchResult
from pipeline.ingest.listings import SITE_ROOT, Link
from pipeline.ingest.model import FOLLOW, NESTED, Job, Lane, Outcome
from pipeline.ingest.urls import canonical_url

log = logging.getLogger("evclaims.ingest")

Enqueue = Callable[[Iterable[Job]], None]
Known = Callable[[list[str]], dict[str, dict]]
"""What the store knows of these URLs (validators, hash, id), keyed by the URLs given."""
Record = Callable[..., None]
"""record(url, outcome, reason=..., response=...): one fetch row for a listing."""
SkipFn = Callable[..., None]
"""skip(reason, message, error=False, count=1, source=None): count an input not ingested (for its source too)."""
BATCH = 200
"""Listed URLs looked up in the store at once."""


@dataclass
class Sitemaps:
    """A sitemap or sitemap index being expanded: links gather until every nested sitemap is in, then
    the newest max_pages are queued (as when nested sitemaps were fetched one after another)."""

    url: str
    response: FetchResult
    source: str
    lane: Lane
    links: list[Link] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)
    fetched_maps: int = 0
    pending: int = 0


@dataclass
class Crawl:
    """A breadth-first same-site crawl: one wave of pages in flight at a time, max_pages in all."""

    root: str
    source: str
    lane: Lane
    frontier: list[str]
    budget: int
    pending: int = 0


class Frontier:
    """The run's listings and the URLs it has queued."""

    def __init__(self, enqueue: Enqueue, known: Known, record: Record, skip: SkipFn) -> None:
        self.enqueue = enqueue
        self.known = known
        self.record = record
        self.skip = skip
        self.seen: set[str] = set()  # canonical URLs queued this run

    def probes(self, jobs: list[Job]) -> None:
        """Queue source URLs to fetch and look at, with what the store knows of them."""
        known = self.known([job.url for job in jobs])
        for job in jobs:
            job.state = known.get(job.url)
            self.seen.add(canonical_url(job.url))
        self.enqueue(jobs)

    def on_listing(self, outcome: Outcome) -> None:
        """A fetched feed, sitemap, home page or crawl root: queue what it leads to."""
        job, kind = outcome.job, outcome.listing
        response = job.response
        assert response is not None
        lane = job.lane
        if job.role == NESTED:  # its links join its tree in `settle`
            self.record(job.url, "ok", reason="nested sitemap", response=response)
        elif kind == listings.FEED:
            self._listing_done(job.url, response, f"feed with {len(outcome.listed)} items")
            self.links(outcome.listed, job.source, lane)
        elif kind == listings.SITEMAP:
            tree = Sitemaps(job.url, response, job.source, lane, visited={response.final_url})
            self._expand(tree, outcome.listed, outcome.sitemaps)
        elif kind == SITE_ROOT:
            if outcome.follow is None:
                self.record(job.url, "skipped", reason="site root", response=response)
                self.skip(
                    "site_root",
                    f"{job.url} is a home page without a feed or sitemap; use crawl to follow links",
                    source=job.source,
                )
                return
            target, what = outcome.follow
            self._listing_done(job.url, response, f"home page: following its {what} {target}")
            self.enqueue([Job(url=target, source=job.source, lane=lane, role=FOLLOW)])
        else:
            self._listing_done(job.url, response, "crawl root")
            self.seen.add(canonical_url(job.url))
            self.seen.add(canonical_url(response.final_url))
            crawl = Crawl(job.url, job.source, lane, self._new(outcome.links), lane.settings.max_pages)
            self._wave(crawl)

    def settle(self, outcome: Outcome) -> None:
        """Tell the sitemap tree or crawl a job belonged to that it is done (whatever its outcome)."""
        parent = outcome.job.parent
        if isinstance(parent, Sitemaps):
            parent.pending -= 1
            self._expand(parent, outcome.listed, outcome.sitemaps)
        elif isinstance(parent, Crawl):
            parent.frontier.extend(self._new(outcome.links))
            parent.pending -= 1
            if parent.pending == 0:
                self._wave(parent)

    def links(self, links: Iterable[Link], source: str, lane: Lane) -> None:
        """Queue the article URLs a feed or sitemap listed (at most max_pages, new ones only)."""
        settings = lane.settings
        fresh: list[Link] = []
        for link in links:
            key = canonical_url(link.url)
            if key in self.seen:
                continue
            self.seen.add(key)
            fresh.append(link)
        if len(fresh) > settings.max_pages:
            extra = len(fresh) - settings.max_pages
            self.skip(
                "max_pages", f"{extra} listed URLs of {source} beyond max_pages", count=extra, source=source
            )
            fresh = fresh[: settings.max_pages]
        for start in range(0, len(fresh), BATCH):
            chunk = fresh[start : start + BATCH]
            known = self.known([link.url for link in chunk])
            jobs = []
            for link in chunk:
                state = known.get(link.url)
                if state and not (state.get("etag") or state.get("last_modified")) and not settings.refetch:
                    self.skip(
                        "already_stored",
                        f"{link.url} is stored and has no validators for a conditional GET",
                        source=source,
                    )
                    continue
                jobs.append(Job(url=link.url, source=source, lane=lane, link=link, state=state))
            self.enqueue(jobs)

    def _listing_done(self, url: str, response: FetchResult, what: str) -> None:
        log.info("%s: %s", url, what)
        self.record(url, "ok", reason=what, response=response)

    def _expand(self, tree: Sitemaps, links: list[Link], children: list[str]) -> None:
        """Add one sitemap's links to its tree and queue its nested sitemaps (bounded by max_sitemaps);
        once none is pending, queue the tree's links, newest first so max_pages keeps the freshest."""
        tree.links.extend(links)
        nested = []
        for child in children:
            if child in tree.visited:
                continue
            tree.visited.add(child)
            if tree.fetched_maps >= tree.lane.settings.max_sitemaps:
                self.skip("max_sitemaps", f"nested sitemap {child} beyond max_sitemaps", source=tree.source)
                continue
            tree.fetched_maps += 1
            nested.append(Job(url=child, source=tree.source, lane=tree.lane, role=NESTED, parent=tree))
        tree.pending += len(nested)
        self.enqueue(nested)
        if tree.pending:
            return
        self._listing_done(tree.url, tree.response, f"sitemap with {len(tree.links)} URLs")
        tree.links.sort(key=lambda link: link.published.toordinal() if link.published else 0, reverse=True)
        self.links(tree.links, tree.source, tree.lane)

    def _wave(self, crawl: Crawl) -> None:
        """Queue the next wave of a crawl (article-looking links first); at the end, count what is left."""
        if crawl.frontier and crawl.budget > 0:
            crawl.frontier.sort(key=listings.crawl_priority)
            wave, crawl.frontier = crawl.frontier[: crawl.budget], crawl.frontier[crawl.budget :]
            crawl.budget -= len(wave)
            known = self.known(wave)
            jobs = [Job(url=u, source=crawl.source, lane=crawl.lane, state=known.get(u), crawl_depth=1, parent=crawl)
                    for u in wave]  # fmt: skip
            crawl.pending = len(jobs)
            self.enqueue(jobs)
            return
        if crawl.frontier:
            self.skip(
                "max_pages",
                f"crawl of {crawl.root} stopped at max_pages with {len(crawl.frontier)} URLs left",
                source=crawl.source,
            )

    def _new(self, urls: Iterable[str]) -> list[str]:
        fresh = []
        for url in urls:
            key = canonical_url(url)
            if key not in self.seen:
                self.seen.add(key)
                fresh.append(url)
        return fresh
