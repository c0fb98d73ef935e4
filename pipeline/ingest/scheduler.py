"""Host lanes: one queue of jobs per host, worked round robin by a thread pool, one request per host at a time.

The run's thread hands the pool the next job of each host in turn when that host has no request in
flight and its delay (or back-off) has passed, up to `concurrency` requests at once (and as many jobs
extracting). Threads never wait on a busy host, so one slow host holds up only itself. A request that
times out goes once more to the back of its host's queue, so the host's other pages go first; each
timeout in a row backs the host off, and `max_host_timeouts` in a row give it up for the run (its
queued pages come back as `host_timeout` outcomes). Workers post events (host free, job done); outcomes
are handed to the run on its own thread, which alone counts and writes.
"""

from __future__ import annotations

import logging
import queue
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from pipeline.config import IngestSettings
from pipeline.ingest.model import Job, Outcome, skip_outcome
from pipeline.ingest.urls import host_key

log = logging.getLogger("evclaims.ingest.scheduler")

Released = Callable[[bool], None]
"""Called by a worker once its request is answered (True if it timed out): the host is free again."""
WorkFn = Callable[[Job, Released], Outcome]


@dataclass
class HostHealth:
    """How a host has answered this run: timeouts in a row back it off and, at max_host_timeouts, give it up."""

    timeouts: int = 0
    not_before: float = 0.0
    given_up: bool = False


class HostScheduler:
    """Per-host queues and the thread pool. `enqueue` jobs, then `pump(handle)` until all are done."""

    def __init__(
        self,
        work: WorkFn,
        ready_at: Callable[[str], float],
        *,
        concurrency: int,
        run_id: str,
        gave_up: Callable[[str, str], None],
    ) -> None:
        self.work = work
        self.ready_at = ready_at
        """Monotonic time from which a URL's host may be asked again (the fetchers' delays)."""
        self.run_id = run_id
        self.gave_up = gave_up
        """Told (host, one-line message) when a host is given up."""
        self.max_fetching = max(1, concurrency)
        self.max_inflight = max(2, self.max_fetching * 2)  # fetching plus extracting
        self.pool = ThreadPoolExecutor(max_workers=self.max_inflight, thread_name_prefix="evclaims-ingest")
        self.events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self.queues: dict[str | None, deque[Job]] = {}
        self.turns: deque[str | None] = deque()  # hosts with queued jobs, in round-robin order
        self.busy: set[str] = set()  # hosts with a request in flight
        self.health: dict[str, HostHealth] = {}
        self.ready: deque[Outcome] = deque()  # outcomes needing no worker (a given-up host's pages)
        self.fetching = 0
        self.inflight = 0
        self.total = 0
        """Jobs queued so far this run (progress: it grows while listings are expanded)."""

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    # -- queueing -------------------------------------------------------------------------------

    def enqueue(self, jobs: Iterable[Job]) -> None:
        """Queue jobs by host (files and WARC records on a host of their own that is never busy)."""
        for job in jobs:
            if job.path is None and job.response is None:
                try:
                    job.host = host_key(job.url)
                except ValueError:
                    job.host = "malformed:"
            self.total += 1
            if job.host in self.health and self.health[job.host].given_up:
                self.ready.append(self._given_up(job))
                continue
            self._queue(job)

    def _queue(self, job: Job) -> None:
        pending = self.queues.get(job.host)
        if pending is None:
            pending = self.queues[job.host] = deque()
            self.turns.append(job.host)
        pending.append(job)

    def _given_up(self, job: Job) -> Outcome:
        """The outcome of a job whose host was given up: `host_timeout`, or `timeout` for a page that
        timed out itself and waited for its retry."""
        streak = f"its host timed out {self.health[job.host].timeouts} times in a row"
        if job.attempt > 1:
            return skip_outcome(
                job, self.run_id, "timeout", f"{job.url} timed out; not retried: {streak}", "error"
            )
        return skip_outcome(job, self.run_id, "host_timeout", f"{job.url} not fetched: {streak}")

    # -- host health ----------------------------------------------------------------------------

    def _released(self, host: str | None, timed_out: bool, settings: IngestSettings) -> None:
        """A request of `host` is answered or failed: the host is free; a timeout backs it off, and
        max_host_timeouts in a row give it up (its queued pages are skipped, the run goes on)."""
        self.busy.discard(host)
        self.fetching -= 1
        health = self.health.setdefault(host, HostHealth())
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
        self.ready.extend(self._given_up(job) for job in dropped)
        message = (
            f"gave up on host {host} after {health.timeouts} timeouts in a row; "
            f"its {len(dropped)} queued page(s) skipped"
        )
        log.warning(message)
        self.gave_up(host, message)

    def _retry_later(self, outcome: Outcome) -> bool:
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

    # -- running --------------------------------------------------------------------------------

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
                    ready = self.ready_at(job.url)
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
                self.pool.submit(self._run, job).add_done_callback(self._post_done)
                handed = True
        return wait

    def _run(self, job: Job) -> Outcome:
        """Worker thread: the job, telling this scheduler when its host is free again."""

        def released(timed_out: bool) -> None:
            self.events.put(("free", (job.host, timed_out, job.lane.settings)))

        return self.work(job, released)

    def _post_done(self, future: Future) -> None:
        self.events.put(("done", future))

    def pump(self, handle: Callable[[Outcome], None]) -> None:
        """Run every queued job and what it leads to, calling `handle` on this thread for each outcome."""
        while True:
            while self.ready:
                handle(self.ready.popleft())
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
                self._on_event(*event, handle)
                try:
                    event = self.events.get_nowait()
                except queue.Empty:
                    break

    def _on_event(self, kind: str, value: Any, handle: Callable[[Outcome], None]) -> None:
        if kind == "free":
            self._released(*value)
            return
        self.inflight -= 1
        outcome = value.result()  # a worker's StoreError/OSError (disk full) ends the run here
        if not self._retry_later(outcome):
            handle(outcome)
