"""Prefect flows: how operators run evclaims unattended.

    python flows.py                     run `daily` once on the sources of sources.toml
    python flows.py --demo              run `daily` once on the built-in demo site
    python flows.py crawl|extract|reconcile|report [--source URL ...]    one stage as a flow
    python flows.py serve               serve the deployments on cron schedules from sources.toml
    python flows.py deploy --pool NAME  register the same deployments with a work pool (run by a worker)
    python flows.py --dask [ADDRESS]    extract on a Dask cluster (a local one when no address is given)

Flows: `crawl`, `extract`, `reconcile`, `report`, and `daily` (the four in order). Tasks are
coarse (a source, or a batch of ~200 articles), because a Prefect task run costs ~10 ms and
the temporary server ~10 s to start. Each task calls the library function the CLI calls
(`pipeline.ingest`, `pipeline.extract` through `pipeline.batches`, `pipeline.reconcile`,
`pipeline.run.write_reports`). Extraction batches run on the task runner (threads, or Dask
workers) and return Arrow tables; only the flow process opens the DuckDB file: one writer.
Per-host politeness stays in the fetcher (Prefect's concurrency limits are far too coarse).
Unchanged articles are never re-extracted: the store knows which content hash each extractor
version has seen, so no Prefect result cache is used (it was measured not to pay here).
"""

from __future__ import annotations

import os

# Offline by default: no analytics, no telemetry (set before Prefect is imported).
for _key, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    "DASK_LOGGING__DISTRIBUTED": "warning",  # Dask's INFO lines would drown the flow's counts
}.items():
    os.environ.setdefault(_key, _value)

import argparse  # noqa: E402
import sys  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402

from contract.errors import ConfigError, EvclaimsError  # noqa: E402

DEFAULT_DB = "evclaims.duckdb"
DEFAULT_OUT = "out"
DEFAULT_CONFIG = "sources.toml"
BATCH_SIZE = 200
FLOWS = ("crawl", "extract", "reconcile", "report", "daily")
DEFAULT_SCHEDULES: dict[str, str | None] = {
    "crawl": "0 * * * *",  # hourly: every source of sources.toml without a `schedule` of its own
    "extract": "15 * * * *",
    "reconcile": "30 * * * *",
    "report": "0 6 * * *",  # daily
    "daily": None,  # on demand unless [schedules] daily = "..." asks for it
}


class PrefectUnreachable(EvclaimsError):
    """PREFECT_API_URL names a server that does not answer."""


def _transient(task, task_run, state) -> bool:
    """Retry only what a later attempt may fix (errors that say so: 5xx, timeouts, a locked file)."""
    return bool(getattr(state.data, "transient", False))


RETRY = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(backoff_factor=10),
    "retry_jitter_factor": 0.5,
    "retry_condition_fn": _transient,
}
"""Fetch and load tasks: 3 retries after ~10, 20, 40 s (±50 %), for transient errors only."""


# -- tasks: each calls one library function ---------------------------------------------------


@task(name="crawl", cache_policy=NO_CACHE, **RETRY)
def crawl_source(
    db: str, sources: list[str], settings: dict, config: str | None = None, only: list[str] | None = None
) -> dict:
    """Fetch sources (or named sources.toml entries) into the store; transient total failure raises."""
    from pipeline.batches import crawl_sources

    return crawl_sources(db, sources, settings, config=config, only=only)


@task(name="plan-extract", cache_policy=NO_CACHE)
def plan_extract(db: str, model: str | None, batch_size: int):
    """Articles whose current text this extractor version has not seen, in Arrow batches."""
    from pipeline.batches import extractor
    from pipeline.batches import plan_extract as plan
    from pipeline.storage import open_store

    version = extractor(model).version
    with open_store(db) as store:
        return plan(store, version, batch_size)


@task(name="extract-batch", cache_policy=NO_CACHE, retries=1, retry_condition_fn=_transient)
def extract_batch(articles, model: str | None, version: str):
    """Claims of a batch of articles as Arrow (runs on any worker; never opens the database)."""
    from pipeline.batches import extract_batch as run

    return run(articles, model, version)


@task(name="load-claims", cache_policy=NO_CACHE, **RETRY)
def load_claims(db: str, batch) -> int:
    """The one writer: replace the batch's claims in the store, in one transaction."""
    from pipeline.batches import load_batch
    from store import connect

    with connect(db) as store:
        return load_batch(store, batch)


@task(
    name="reconcile",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[5, 20],
    retry_condition_fn=_transient,
)
def reconcile_claims(db: str) -> dict:
    from pipeline.reconcile import reconcile_store
    from pipeline.run import _as_dict
    from pipeline.storage import open_store

    with open_store(db) as store:
        return _as_dict(reconcile_store(store))


@task(
    name="report",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[5, 20],
    retry_condition_fn=_transient,
)
def write_reports(db: str, out: str) -> dict:
    """Markdown and HTML reports, then the read-only snapshot analysts open."""
    from pipeline.run import write_reports as write
    from pipeline.storage import open_store
    from store import publish

    with open_store(db) as store:
        paths = write(store, Path(out))
        published = publish(
            store
        )  # the snapshot file, its Parquet folder and SQLite mirror, as `evclaims run` does
    return {
        "reports": [str(p) for p in paths],
        "snapshot": str(published.database),
        "parquet": str(published.parquet),
        "mirror": str(published.mirror),
    }


# -- stage bodies, shared by the stage flows and `daily` ----------------------------------------


def _crawl(
    db: str,
    sources: list[str] | None,
    settings: dict | None,
    config: str | None,
    only: list[str] | None = None,
) -> dict:
    log = get_run_logger()
    if sources:
        stats = crawl_source(db, list(sources), settings or {})
    else:
        from pipeline.batches import configured_sources

        cfg = config or DEFAULT_CONFIG
        names = [n for n, _ in configured_sources(cfg) if not only or n in only]
        if not names:
            raise ConfigError(
                f"nothing to crawl: no sources given and none in {cfg}"
                + (f" named {', '.join(only)}" if only else "")
            )
        stats: dict = {}
        failed: list[BaseException] = []
        for name in names:  # one task per source: each retries alone; sources.toml settings per source
            state = crawl_source.with_options(name=f"crawl-{name}")(
                db, [], settings or {}, config=cfg, only=[name], return_state=True
            )
            if state.is_failed():  # retries spent: count it and go on with the other sources, as the CLI does
                failed.append(state.result(raise_on_failure=False))
                log.warning("crawl: source %s failed: %s", name, failed[-1])
                continue
            stats = _merge(stats, state.result())
        if failed and len(failed) == len(names):
            raise failed[-1]
        if failed:
            stats = _merge(
                stats, {"skipped": {"source_failed": len(failed)}, "errors": [str(e) for e in failed]}
            )
    log.info(
        "crawl: fetched %d, not modified %d, new %d, updated %d, unchanged %d, duplicates %d, "
        "near-duplicates %d, skipped %s, errors %d",
        stats.get("fetched", 0),
        stats.get("not_modified", 0),
        stats.get("articles_new", 0),
        stats.get("articles_updated", 0),
        stats.get("unchanged", 0),
        stats.get("duplicates", 0),
        stats.get("near_duplicates", 0),
        stats.get("skipped", {}),
        len(stats.get("errors", [])),
    )
    return stats


def _extract(db: str, model: str | None, batch_size: int) -> dict:
    log = get_run_logger()
    plan = plan_extract(db, model, batch_size)
    log.info(
        "extract: %d articles to extract in %d batches; %d skipped (already extracted by %s)",
        plan.pending,
        len(plan.batches),
        plan.up_to_date,
        plan.version,
    )
    futures = [extract_batch.submit(b, model, plan.version) for b in plan.batches]
    stats = {
        "articles": 0,
        "claims": 0,
        "batches": len(futures),
        "version": plan.version,
        "skipped": {"already_extracted": plan.up_to_date},
    }
    for future in as_completed(futures):  # load each batch as it arrives: a killed run keeps them
        batch = future.result()
        stats["claims"] += load_claims(db, batch)
        stats["articles"] += batch.n_articles
    log.info("extract: %d articles, %d claims", stats["articles"], stats["claims"])
    return stats


def _reconcile(db: str) -> dict:
    stats = reconcile_claims(db)
    verdicts = stats.get("by_verdict", {})
    get_run_logger().info(
        "reconcile: %s claims, %s groups, %d conflicts; verdicts %s",
        stats.get("n_claims"),
        stats.get("n_groups"),
        verdicts.get("conflict", 0),
        verdicts,
    )
    return stats


def _report(db: str, out: str) -> dict:
    stats = write_reports(db, out)
    get_run_logger().info("report: wrote %s; snapshot %s", ", ".join(stats["reports"]), stats["snapshot"])
    return stats


def _merge(total: dict, stats: dict) -> dict:
    out = dict(total)
    for key, value in stats.items():
        if isinstance(value, bool) or key not in out:
            out[key] = value
        elif isinstance(value, int | float):
            out[key] += value
        elif isinstance(value, list):
            out[key] = out[key] + value
        elif isinstance(value, dict):
            out[key] = {k: out[key].get(k, 0) + value.get(k, 0) for k in {*out[key], *value}}
    return out


class _RunRow:
    """Leaves one row in `runs` per flow run (status ok or failed, with the counts)."""

    def __init__(self, db: str, kind: str) -> None:
        from prefect.runtime import flow_run

        from store.db import now

        self.db, self.kind, self.started = db, kind, now()
        self.flow_run_id = str(flow_run.id or "")
        self.run_id = self.flow_run_id.replace("-", "")[:16] or datetime.now().strftime("%Y%m%d%H%M%S%f")[:16]
        self.stats: dict[str, Any] = {"prefect_flow_run": self.flow_run_id, "flow_run_name": flow_run.name}

    def __enter__(self) -> _RunRow:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        from store import connect

        if exc is not None:
            self.stats["error"] = f"{type(exc).__name__}: {exc}".splitlines()[0]
        try:
            with connect(self.db) as store:
                self.stats["counts"] = store.counts()
                store.record_run(
                    self.run_id,
                    f"flow:{self.kind}",
                    self.started,
                    "failed" if exc is not None else "ok",
                    self.stats,
                )
        except EvclaimsError as e:  # never hide the flow's own error behind this one
            get_run_logger().error("could not record the run row in %s: %s", self.db, e)
            if exc is None:
                raise


# -- flows --------------------------------------------------------------------------------------


@flow(name="crawl")
def crawl(
    sources: list[str] | None = None,
    db: str = DEFAULT_DB,
    settings: dict | None = None,
    config: str | None = None,
    only: list[str] | None = None,
) -> dict:
    """Fetch SOURCES (or every source of sources.toml, or those named in `only`) into the store."""
    with _RunRow(db, "crawl") as run:
        run.stats["ingest"] = _crawl(db, sources, settings, config, only)
    return run.stats


@flow(name="extract")
def extract(db: str = DEFAULT_DB, model: str | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Claims from every stored article whose current text this extractor version has not seen."""
    with _RunRow(db, "extract") as run:
        run.stats["extract"] = _extract(db, model, batch_size)
    return run.stats


@flow(name="reconcile")
def reconcile(db: str = DEFAULT_DB) -> dict:
    """Group comparable claims and give verdicts."""
    with _RunRow(db, "reconcile") as run:
        run.stats["reconcile"] = _reconcile(db)
    return run.stats


@flow(name="report")
def report(db: str = DEFAULT_DB, out: str = DEFAULT_OUT) -> dict:
    """Write the reports and publish the read-only snapshot."""
    with _RunRow(db, "report") as run:
        run.stats["report"] = _report(db, out)
    return run.stats


@flow(name="daily")
def daily(
    sources: list[str] | None = None,
    db: str = DEFAULT_DB,
    out: str = DEFAULT_OUT,
    settings: dict | None = None,
    config: str | None = None,
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> dict:
    """crawl → extract → reconcile → report, with one run row in the database."""
    with _RunRow(db, "daily") as run:
        run.stats["ingest"] = _crawl(db, sources, settings, config)
        run.stats["extract"] = _extract(db, model, batch_size)
        run.stats["reconcile"] = _reconcile(db)
        run.stats["report"] = _report(db, out)
    return run.stats


# -- runners, the API, schedules ----------------------------------------------------------------


def task_runner(dask: str | None = None, workers: int = 2):
    """None: the default thread pool. "local": a local Dask cluster of `workers` processes. Else a Dask address."""
    if not dask:
        return None
    from prefect_dask import DaskTaskRunner

    if dask == "local":
        # Worker processes report their task runs to this process's Prefect API (else each starts its own).
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
                "env": {"PREFECT_API_URL": api_url()},
            }
        )
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():  # the temporary server listens on 127.0.0.1 only
        raise ConfigError(
            f"the Dask cluster at {dask} needs a standing Prefect server its workers can reach: "
            "start `prefect server start` and set PREFECT_API_URL"
        )
    return DaskTaskRunner(address=dask)  # workers get PREFECT_API_URL with each task's settings context


def api_url() -> str:
    """The Prefect API this process talks to; starts the temporary server now when none is configured."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if url:
        return url
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # the same instance Prefect's client uses for its temporary server
    server.start()
    return server.api_url


def with_runner(f, dask: str | None = None, workers: int = 2):
    runner = task_runner(dask, workers)
    return f if runner is None else f.with_options(task_runner=runner)


def check_api(url: str | None = None, timeout: float = 5.0) -> None:
    """Raise PrefectUnreachable when PREFECT_API_URL is set but nothing answers there."""
    import httpx
    from prefect.settings import PREFECT_API_KEY, PREFECT_API_URL

    url = url or PREFECT_API_URL.value()
    if not url:
        return  # Prefect starts a temporary server for this process
    key = PREFECT_API_KEY.value()
    headers = {"Authorization": f"Bearer {key.get_secret_value()}"} if key else {}
    try:
        httpx.get(url.rstrip("/") + "/health", timeout=timeout, headers=headers).raise_for_status()
    except httpx.HTTPError as e:
        raise PrefectUnreachable(
            f"the Prefect API at {url} (PREFECT_API_URL) does not answer ({type(e).__name__}: "
            f"{str(e).splitlines()[0] if str(e) else 'no detail'}); start it with `prefect server start` "
            "or unset PREFECT_API_URL to run on a temporary server",
            url=url,
        ) from None


def schedules(config: str | Path) -> dict[str, str | None]:
    """Cron per flow: the defaults, then a `[schedules]` table of sources.toml (flow = "cron")."""
    import tomllib

    out = dict(DEFAULT_SCHEDULES)
    path = Path(config)
    if not path.exists():
        return out
    try:
        table = tomllib.loads(path.read_text("utf-8")).get("schedules", {})
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"bad TOML in {path}: {e}") from None
    if not isinstance(table, dict):
        raise ConfigError(f'[schedules] in {path} must be a table of flow = "cron"')
    for name, cron in table.items():
        if name not in out:
            raise ConfigError(f"unknown flow {name!r} in [schedules] of {path}; valid: {', '.join(FLOWS)}")
        if cron in ("", "off", None):
            out[name] = None
        elif not isinstance(cron, str) or len(cron.split()) != 5:
            raise ConfigError(f"[schedules] {name} in {path}: expected a 5-field cron string, got {cron!r}")
        else:
            out[name] = cron
    return out


def deployment_specs(db: str, out: str, config: str | Path, model: str | None = None) -> list[dict]:
    """What `serve` and `deploy` register: flow name, deployment name, cron, parameters.

    A source of sources.toml with its own `schedule` gets its own crawl deployment; the others
    are crawled by `crawl/hourly-crawl` on the `crawl` schedule.
    """
    from pipeline.batches import configured_sources

    cfg = str(Path(config).resolve())
    db, out = str(Path(db).resolve()), str(Path(out).resolve())
    cron = schedules(config)
    sources = configured_sources(cfg) if Path(cfg).exists() else []
    own = [(n, s) for n, s in sources if s]
    rest = [n for n, s in sources if not s]
    specs = []
    if rest or not sources:
        specs.append(
            {
                "flow": "crawl",
                "name": "hourly-crawl",
                "cron": cron["crawl"],
                "parameters": {"db": db, "config": cfg, **({"only": rest} if own else {})},
            }
        )
    specs += [
        {
            "flow": "crawl",
            "name": f"crawl-{n}",
            "cron": s,
            "parameters": {"db": db, "config": cfg, "only": [n]},
        }
        for n, s in own
    ]
    specs += [
        {
            "flow": "extract",
            "name": "extract",
            "cron": cron["extract"],
            "parameters": {"db": db, "model": model},
        },
        {"flow": "reconcile", "name": "reconcile", "cron": cron["reconcile"], "parameters": {"db": db}},
        {
            "flow": "report",
            "name": "daily-report",
            "cron": cron["report"],
            "parameters": {"db": db, "out": out},
        },
        {
            "flow": "daily",
            "name": "daily",
            "cron": cron["daily"],
            "parameters": {"db": db, "out": out, "config": cfg, "model": model},
        },
    ]
    return specs


def _flow(name: str):
    return {"crawl": crawl, "extract": extract, "reconcile": reconcile, "report": report, "daily": daily}[
        name
    ]


def serve(db: str, out: str, config: str | Path, model: str | None = None) -> None:
    """Serve every deployment on its cron schedule from this process (needs a standing Prefect server)."""
    from prefect import serve as prefect_serve
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        raise ConfigError(
            "schedules need a standing Prefect server (the temporary one cannot run them): start one with "
            "`.venv/bin/prefect server start`, then run "
            "`PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/python flows.py serve`"
        )
    check_api()
    deployments = [
        _flow(s["flow"]).to_deployment(name=s["name"], cron=s["cron"], parameters=s["parameters"])
        for s in deployment_specs(db, out, config, model)
    ]
    # limit=1: one flow run at a time from this process, so one writer per DuckDB file.
    prefect_serve(*deployments, limit=1, pause_on_shutdown=False)


def deploy(pool: str, db: str, out: str, config: str | Path, model: str | None = None) -> list:
    """Register the same deployments with a work pool; `prefect worker start --pool POOL` runs them."""
    from prefect import deploy as prefect_deploy
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        raise ConfigError(
            "deploy needs a standing Prefect server: set PREFECT_API_URL (see `flows.py serve`)"
        )
    check_api()
    here = str(Path(__file__).resolve().parent)
    deployments = []
    for s in deployment_specs(db, out, config, model):
        f = flow.from_source(source=here, entrypoint=f"flows.py:{s['flow']}")
        deployments.append(
            f.to_deployment(name=s["name"], cron=s["cron"], parameters=s["parameters"], concurrency_limit=1)
        )
    return prefect_deploy(*deployments, work_pool_name=pool, build=False, push=False)


def run_demo_flow(out: str = DEFAULT_OUT, dask: str | None = None, workers: int = 2) -> dict:
    """`python flows.py --demo`: the daily flow over the built-in demo site."""
    from pipeline.demo import DEMO_DB
    from pipeline.demo.site import DemoSite

    Path(out).mkdir(parents=True, exist_ok=True)
    with DemoSite() as site:
        return with_runner(daily, dask, workers)(
            sources=site.sources,
            db=str(Path(out) / DEMO_DB),
            out=out,
            settings={"delay": 0.0, "allow_hosts": ["127.0.0.1"]},
        )


def _load_extractor_in_background(model: str | None) -> None:
    """Load spaCy (~1 s) while Prefect starts its temporary server (~10 s); the flow finds it loaded."""
    import contextlib
    import threading

    from pipeline.batches import extractor

    def load() -> None:
        with contextlib.suppress(EvclaimsError):  # the flow's own call raises it again, where it is reported
            extractor(model)

    threading.Thread(target=load, name="evclaims-load-extractor", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", nargs="?", choices=[*FLOWS, "serve", "deploy"], default="daily")
    ap.add_argument(
        "--demo", action="store_true", help="run daily on the built-in demo site (into OUT/demo.duckdb)"
    )
    ap.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="URL",
        help="a source to crawl instead of sources.toml (repeatable)",
    )
    ap.add_argument("--db", default=os.environ.get("EVCLAIMS_DB", DEFAULT_DB))
    ap.add_argument("--out", default=DEFAULT_OUT, help="folder for reports")
    ap.add_argument("--config", default=DEFAULT_CONFIG, help="sources.toml: sources, settings, schedules")
    ap.add_argument("--model", default=None, help="a trained spaCy pipeline, when installed")
    ap.add_argument("--delay", type=float, default=None, help="seconds between requests to one host")
    ap.add_argument("--allow-host", action="append", default=[], help="allow a private/loopback host")
    ap.add_argument("--max-pages", type=int, default=None, help="articles per feed/sitemap source")
    ap.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="articles per extraction task")
    ap.add_argument(
        "--dask",
        nargs="?",
        const="local",
        default=None,
        metavar="ADDRESS",
        help="extract on a Dask cluster: a local one, or the scheduler at ADDRESS",
    )
    ap.add_argument("--dask-workers", type=int, default=2, help="worker processes of the local Dask cluster")
    ap.add_argument("--pool", default="evclaims", help="work pool for `deploy`")
    a = ap.parse_args(argv)
    settings = {
        k: v
        for k, v in {"delay": a.delay, "allow_hosts": a.allow_host or None, "max_pages": a.max_pages}.items()
        if v is not None
    }
    try:
        if a.command == "serve":
            serve(a.db, a.out, a.config, a.model)
            return 0
        if a.command == "deploy":
            deploy(a.pool, a.db, a.out, a.config, a.model)
            return 0
        check_api()
        if not a.demo and not a.source and a.command in ("crawl", "daily"):
            from pipeline.batches import configured_sources

            configured_sources(a.config)  # a missing or bad sources.toml fails now, before Prefect starts
        if a.demo or a.command in ("daily", "extract"):
            _load_extractor_in_background(a.model)
        if a.demo:
            stats = run_demo_flow(a.out, a.dask, a.dask_workers)
        else:
            f = with_runner(_flow(a.command), a.dask, a.dask_workers)
            kwargs: dict[str, Any] = {"db": a.db}
            if a.command in ("crawl", "daily"):
                kwargs.update(sources=a.source or None, settings=settings, config=a.config)
            if a.command in ("extract", "daily"):
                kwargs.update(model=a.model, batch_size=a.batch_size)
            if a.command in ("report", "daily"):
                kwargs["out"] = a.out
            stats = f(**kwargs)
    except EvclaimsError as e:
        print(f"flows.py: error: {e}", file=sys.stderr)
        return e.exit_code
    print({k: v for k, v in stats.items() if k not in ("prefect_flow_run",)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
