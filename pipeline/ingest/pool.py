"""Pages into articles in worker processes, so a big ingest run uses every core.

trafilatura is pure-Python work under the GIL: the fetch threads of `ingest` can wait on the
network together, but only one of them can parse a page at a time. `PagePool.extract` runs
`extract_article` in a process pool once a run has extracted `warm_after` pages in-thread (small
runs, tests and the demo never pay the pool's start-up; pages keep going in-thread until the
workers answer, since each worker imports the main script first, and a Prefect flow file takes
seconds to import), and in the calling thread when processes are off or unavailable (a daemonic worker, e.g. under some Dask setups, may not have children).

A worker that dies mid-page (a C parser abort) costs that page, reported as a crash, not the run:
the pool is rebuilt and the pages in flight beside it are retried (a page whose worker dies twice
is the crash). In processes a page also has a hard time limit (`page_timeout`): the stuck
worker is killed and the page skipped as `page_timeout`. (In-thread extraction, on small runs,
cannot be interrupted; its guard is the element cap of `pipeline.ingest.page.MAX_ELEMENTS`.)
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from contract.errors import ExtractionError
from pipeline.ingest.page import extract_article

log = logging.getLogger("evclaims.ingest.pool")


class WorkerCrash(RuntimeError):
    """A page crashed the extractor in a worker process; the message carries the worker's traceback."""


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def resolve_processes(setting: int) -> int:
    """`page_processes` → worker count: -1 is one per CPU when there are several, else none."""
    if setting >= 0:
        return setting
    cpus = available_cpus()
    return cpus if cpus > 1 else 0


def _ready() -> bool:
    """A first job for a new pool: its answer says the workers have started."""
    return True


def _extract_in_worker(
    target: Callable[..., dict], body: bytes, url: str, kwargs: dict[str, Any]
) -> tuple[str, Any]:
    """Worker side: never raises, so nothing that fails to pickle crosses the process boundary."""
    try:
        return "ok", target(body, url, **kwargs)
    except ExtractionError as exc:
        return "error", (exc.message, dict(exc.context))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a crash of this page
        first = str(exc).splitlines()[0] if str(exc) else ""
        return "crash", (type(exc).__name__, first, traceback.format_exc())


class PagePool:
    """`extract(body, url, **kwargs)` behaves like `target` (`extract_article`), wherever it runs.
    `target` must be a module-level function: workers import it by name."""

    def __init__(
        self,
        processes: int,
        warm_after: int = 16,
        target: Callable[..., dict] = extract_article,
        timeout: float | None = None,
    ) -> None:
        self.processes = processes
        self.target = target
        self.warm_after = warm_after
        self.timeout = timeout
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max(1, processes))
        self._pool: ProcessPoolExecutor | None = None
        self._started: Future | None = None
        self._in_thread = 0
        self._disabled = processes <= 0 or multiprocessing.current_process().daemon

    def extract(self, body: bytes, url: str, **kwargs: Any) -> dict:
        crashes = 0
        while True:
            pool = self._ensure_pool()
            if pool is None:
                return self.target(body, url, **kwargs)
            try:
                # At most one page per worker in the pool: the time limit measures extraction, not queueing.
                with self._slots:
                    future = pool.submit(_extract_in_worker, self.target, body, url, kwargs)
                    status, value = future.result(timeout=self.timeout)
                break
            except TimeoutError:
                # The page holds a worker hostage (trafilatura has no time limit of its own): the
                # pool goes, and pages in flight beside it are retried on a fresh one.
                self._drop(pool, kill=True)
                raise ExtractionError(
                    f"extraction took over {self.timeout:g} s at {url}", url=url, reason="page_timeout"
                ) from None
            except BrokenProcessPool:
                self._drop(pool)
                if not getattr(pool, "killed_for_timeout", False):
                    crashes += 1  # a worker died on its own: this page may be the one killing it
                if crashes == 2:
                    raise WorkerCrash(f"the extraction worker died while extracting {url}") from None
                log.warning("extraction worker pool broke; retrying %s on a fresh pool", url)
            except RuntimeError:
                with self._lock:
                    if self._pool is pool:
                        raise
                # another page's timeout shut this pool down before this page reached it: use the next
        if status == "ok":
            return value
        if status == "error":
            message, context = value
            raise ExtractionError(message, **context)
        name, first, trace = value
        log.error("extraction crashed in a worker on %s:\n%s", url, trace)
        raise WorkerCrash(f"{name}: {first}" if first else name)

    def _ensure_pool(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._disabled:
                return None
            if self._pool is None:
                if self._in_thread < self.warm_after:
                    self._in_thread += 1
                    return None
                try:
                    context = multiprocessing.get_context("forkserver")
                    context.set_forkserver_preload(["pipeline.ingest.page"])
                    self._pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=context)
                    log.info("extracting in %d worker processes", self.processes)
                    if self.warm_after > 0:  # warmed up in-thread: stay there until the workers answer
                        self._started = self._pool.submit(_ready)
                except (OSError, ValueError, AssertionError) as exc:
                    log.warning("extracting in threads: worker processes unavailable (%s)", exc)
                    self._disabled = True
                    return None
            if self._started is not None:
                if not self._started.done():
                    return None
                self._started = None
            return self._pool

    def _drop(self, pool: ProcessPoolExecutor, kill: bool = False) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        if kill:
            pool.killed_for_timeout = True  # the pages beside the slow one are not to blame
            _kill_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's worker processes. Python 3.14 has `kill_workers()`; before it, the executor's
    `_processes` map (pid → Process) is the only handle, and `tests/test_extract_pool.py` fails if an
    upgrade moves it."""
    if hasattr(pool, "kill_workers"):
        pool.kill_workers()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
